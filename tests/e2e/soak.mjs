// Soak: half an hour of virtual time at 20× with nine servers, message loss and a fault every
// minute, reading the JS heap (and the wasm memory) as it goes. Not part of the suite (it takes
// as long as it plays); run it by hand after scripts/build-site:
//
//   node tests/e2e/soak.mjs [virtual minutes, default 30]
//
// Prints one line per wall minute and a summary: the heap must stay bounded (the run keeps its
// history for rewinding, up to playground::MAX_EVENTS events, and nothing else grows).
import { serve, launch, openPage, showTab } from './harness.mjs';

const minutes = Number(process.argv[2] ?? 30);
const server = await serve();
const browser = await launch();
const { page, problems } = await openPage(browser, `${server.url}?nodes=9&speed=20&seed=11`);
await page.waitForSelector('[data-role=leader]', { timeout: 60_000 });
await showTab(page, 'Network');
await page.getByRole('slider', { name: 'Message loss' }).fill('20');
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const sample = async () => {
  await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
  const m = await metric();
  const wasm = Number.parseFloat(await page.getByTestId('memory').textContent());
  const time = await page.getByTestId('time').textContent();
  const events = await page.getByTestId('events').textContent();
  return { heap: m.JSHeapUsedSize / 2 ** 20, nodes: m.Nodes, wasm, time, events };
};
const faults = [
  async () => { await page.keyboard.press('3'); await page.keyboard.press('c'); },
  async () => { await page.keyboard.press('3'); await page.keyboard.press('c'); },
  async () => { await page.keyboard.press('5'); await page.keyboard.press('i'); },
  async () => { await page.keyboard.press('h'); },
  async () => { await page.keyboard.press('w'); },
];
await page.locator('.shell').focus();
const first = await sample();
console.log(`start: JS heap ${first.heap.toFixed(1)} MiB, wasm memory ${first.wasm} MiB, ${first.nodes} DOM nodes, t = ${first.time}`);
const series = [first];
const start = Date.now();
for (let minute = 1; ; minute++) {
  await page.waitForTimeout(60_000);
  await faults[minute % faults.length]();
  const s = await sample();
  series.push(s);
  console.log(`wall ${minute} min: JS heap ${s.heap.toFixed(1)} MiB, wasm memory ${s.wasm} MiB, ${s.nodes} DOM nodes, t = ${s.time}, ${s.events} events`);
  const virtualSeconds = Number.parseFloat(s.time) / 1000;
  if (virtualSeconds >= minutes * 60 || Date.now() - start > (minutes + 15) * 60_000) break;
}
const last = series[series.length - 1];
const peak = Math.max(...series.map((s) => s.heap));
console.log(`soak: ${last.time} virtual in ${((Date.now() - start) / 60_000).toFixed(1)} wall min; JS heap ${first.heap.toFixed(1)} → ${last.heap.toFixed(1)} MiB (peak ${peak.toFixed(1)}), wasm memory ${first.wasm} → ${last.wasm} MiB, DOM nodes ${first.nodes} → ${last.nodes}, ${last.events} events`);
console.log(`problems: ${problems.length ? problems.join('\n') : 'none'}`);
await browser.close();
server.close();
