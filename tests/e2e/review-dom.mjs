import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
const { page, problems } = await openPage(browser, `${server.url}?scenario=write-commits`, { viewport: { width: 1280, height: 720 } });
await page.waitForSelector('[data-node-id]');
for (let want = 1; want <= 2; want++) {
  await page.locator('.shell').focus();
  await page.keyboard.press('PageDown');
  await page.locator(`[data-testid=scenario-caption][data-cue="${want}"]`).waitFor({ timeout: 30_000 });
}
await page.waitForTimeout(1500);
const html = await page.evaluate(() => document.querySelector('svg').outerHTML);
console.log(html.slice(0, 6000));
console.log('---- caption', await page.evaluate(() => { const c = document.querySelector('[data-testid=scenario-caption]'); return c.outerHTML.slice(0,1500) + '\nparent: ' + c.parentElement.className + ' order ' + getComputedStyle(c).order; }));
console.log(problems);
await browser.close(); server.close();
