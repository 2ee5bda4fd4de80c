import { serve, launch } from './harness.mjs';
const dir = process.argv[2]; const query = process.argv[3] ?? '?seed=1&nodes=5&speed=1';
const server = await serve({ root: dir.endsWith('/') ? dir : `${dir}/` });
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
const page = await context.newPage();
await page.goto(`${server.url}${query}`);
await page.waitForSelector('[data-node-id]');
await page.waitForTimeout(2500);
const cdp = await context.newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
await page.waitForTimeout(6000);
const { profile } = await cdp.send('Profiler.stop');
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const counts = new Map();
for (const s of profile.samples) counts.set(s, (counts.get(s) ?? 0) + 1);
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const total = profile.samples.length;
const incl = new Map();
for (const [id, c] of counts) {
  const n = byId.get(id); const name = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`;
  self.set(name, (self.get(name) ?? 0) + c);
  const seen = new Set(); let cur = id;
  while (cur !== undefined) { const nm = byId.get(cur).callFrame.functionName || '(anon)'; if (!seen.has(nm)) { seen.add(nm); incl.set(nm, (incl.get(nm) ?? 0) + c); } cur = parent.get(cur); }
}
const ms = (c) => ((c / total) * (profile.endTime - profile.startTime) / 1000 / 360).toFixed(3);
console.log('samples', total, 'per-frame ms assuming 360 frames');
console.log('--- self');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(ms(v), k.slice(0, 140));
console.log('--- inclusive');
for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(ms(v), k.slice(0, 140));
await browser.close(); server.close();
