// Before and after: work per frame of two (or more) built sites, measured with the same probe
// as perf.test.mjs, in turns, so that a busy machine disturbs every build alike. Not part of the
// suite; run it by hand on two `dist` directories (build one, copy it away, build the other):
//
//   node tests/e2e/perf-ab.mjs [nine|five|store|ring] DIR_A DIR_B [...]
//
// Prints, per build, the median of ROUNDS (default 5) windows of 5 s and every figure. One
// window: the page is opened, settles for 2.5 s, then Chrome's TaskDuration over 5 s is
// divided by the frames drawn (see perf.test.mjs for why this and not the frame interval).
import { serve, launch, showTab } from './harness.mjs';

const WORKLOADS = {
  // perf (a): nine servers, 20 % loss, 5×, with the Network tab open.
  nine: { query: '?seed=1&nodes=9&speed=5', ready: '[data-node-id]', tab: 'Network', loss: '20' },
  // perf (b): five servers at 1×.
  five: { query: '?seed=1&nodes=5&speed=1', ready: '[data-node-id]' },
  // perf (f) without its crash: the quorum store's clients at 1×.
  store: { query: '?seed=1&view=store', ready: '[data-testid=store-stage]' },
  // perf (c): the ring of 63 nodes × 256 virtual nodes and 10,000 keys, the 64th node added
  // and removed every 1.25 s during the window.
  ring: { query: '?view=ring&paused=1', ready: '[data-ring-node]', setup: setupRing, during: ringChanges },
};

async function setupRing(page) {
  const keys = page.getByRole('spinbutton', { name: 'keys' });
  await keys.fill('10000');
  await keys.press('Enter');
  await page.getByRole('slider', { name: 'Virtual nodes per node' }).fill('14');
  await page.evaluate(() => {
    const add = () => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add node').click();
    const remove = () => {
      const rows = document.querySelectorAll('[data-ring-node]');
      [...rows[rows.length - 1].querySelectorAll('button')]
        .find((b) => /remove from the ring/.test(b.getAttribute('aria-label') ?? '')).click();
    };
    window.__perfRing = { add, remove };
    for (let i = 0; i < 58; i++) add();
  });
  await page.waitForFunction(() => document.querySelectorAll('[data-ring-node]').length === 63);
}

async function ringChanges(page) {
  await page.evaluate(() => {
    let adding = true;
    window.__perfRingTimer = setInterval(() => {
      if (adding) window.__perfRing.add(); else window.__perfRing.remove();
      adding = !adding;
    }, 1250);
  });
}

const [name, ...dirs] = process.argv.slice(2);
const workload = WORKLOADS[name];
if (!workload || dirs.length === 0) {
  console.error(`usage: node tests/e2e/perf-ab.mjs [${Object.keys(WORKLOADS).join('|')}] DIR_A DIR_B ...`);
  process.exit(2);
}
const rounds = Number(process.env.ROUNDS ?? 5);
const servers = await Promise.all(dirs.map((root) => serve({ root: root.endsWith('/') ? root : `${root}/` })));
const browser = await launch();

async function windowOf(server) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(server.url + workload.query);
  await page.waitForSelector(workload.ready);
  if (workload.tab) await showTab(page, workload.tab);
  if (workload.loss) await page.getByRole('slider', { name: 'Message loss' }).fill(workload.loss);
  if (workload.setup) await workload.setup(page);
  await page.waitForTimeout(2500);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await page.evaluate(() => {
    window.__frames = 0;
    const tick = () => { window.__frames += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  await page.waitForTimeout(200);
  const task = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  if (workload.during) await workload.during(page);
  const [t0, f0] = [await task(), await page.evaluate(() => window.__frames)];
  await page.waitForTimeout(5000);
  const [t1, f1] = [await task(), await page.evaluate(() => window.__frames)];
  await context.close();
  return ((t1 - t0) * 1000) / (f1 - f0);
}

const figures = dirs.map(() => []);
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < dirs.length; i++) figures[i].push(await windowOf(servers[i]));
}
for (let i = 0; i < dirs.length; i++) {
  const sorted = [...figures[i]].sort((a, b) => a - b);
  console.log(`${name} ${dirs[i]}: median ${sorted[Math.floor(sorted.length / 2)].toFixed(2)} ms/frame `
    + `(${figures[i].map((x) => x.toFixed(2)).join(', ')})`);
}
await browser.close();
for (const s of servers) s.close();
