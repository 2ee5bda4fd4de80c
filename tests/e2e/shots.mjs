import { serve, launch, openPage } from './harness.mjs';
const server = await serve();
const browser = await launch();
const out = process.argv[2] ?? '/tmp/dbg';
const shots = [
  ['proj-en', '?seed=3', { width: 1280, height: 720 }],
  ['proj-zh', '?seed=3&lang=zh', { width: 1280, height: 720 }],
  ['wide', '?seed=3', { width: 1920, height: 1080 }],
  ['phone', '?seed=3', { width: 390, height: 844 }],
  ['embed', '?embed=1&scenario=leader-crash&paused=1', { width: 960, height: 540 }],
  ['ring', '?view=ring&seed=3', { width: 1280, height: 720 }],
];
for (const [name, q, viewport] of shots) {
  const { page } = await openPage(browser, `${server.url}${q}`, { viewport });
  await page.waitForSelector('[data-node-id], [data-ring-node]');
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `${out}/${name}.png` });
  await page.close();
}
await browser.close(); server.close();
