// Screenshots of every view for a look (projector 1280×720 in English and Chinese, 1920×1080,
// a phone, an embed in a 960×540 slide, the ring). Not part of the suite; after
// scripts/build-site: `node tests/e2e/screenshots.mjs [output folder, default tests/e2e/artifacts]`.
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS } from './harness.mjs';
const server = await serve();
const browser = await launch();
const out = process.argv[2] ?? ARTIFACTS;
await mkdir(out, { recursive: true });
const shots = [
  ['proj-en', '?seed=3', { width: 1280, height: 720 }],
  ['proj-zh', '?seed=3&lang=zh', { width: 1280, height: 720 }],
  ['wide', '?seed=3', { width: 1920, height: 1080 }],
  ['phone', '?seed=3', { width: 390, height: 844 }],
  ['embed', '?embed=1&scenario=leader-crash&paused=1', { width: 960, height: 540 }],
  ['ring', '?view=ring&seed=3', { width: 1280, height: 720 }],
  ['ring-zh', '?view=ring&seed=3&lang=zh', { width: 1280, height: 720 }],
  ['both-zh', '?view=both&seed=3&lang=zh', { width: 1280, height: 720 }],
  ['phone-zh', '?seed=3&lang=zh', { width: 390, height: 844 }],
  // Scenarios in Chinese, advanced to a cue (the number after the size).
  ['figure-8-zh', '?scenario=figure-8&lang=zh&paused=1', { width: 1280, height: 720 }, 4],
  ['log-repair-zh', '?scenario=log-repair&lang=zh&paused=1', { width: 1280, height: 720 }, 3],
  
  ['log-repair-phone-zh', '?scenario=log-repair&lang=zh&paused=1', { width: 390, height: 844 }, 3],
];
for (const [name, q, viewport, cue] of shots) {
  const { page } = await openPage(browser, `${server.url}${q}`, { viewport });
  await page.waitForSelector('[data-node-id], [data-ring-node]');
  for (let want = 1; want <= (cue ?? 0); want++) {
    await page.locator('.shell').focus();
    await page.keyboard.press('PageDown');
    await page.locator(`[data-testid=scenario-caption][data-cue="${want}"]`).waitFor({ timeout: 30_000 });
  }
  await page.waitForTimeout(cue ? 500 : 2500);
  await page.screenshot({ path: `${out}/${name}.png` });
  await page.close();
}
await browser.close(); server.close();
