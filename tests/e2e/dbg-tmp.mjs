import { serve, launch, openPage } from './harness.mjs';
const server = await serve(process.env.ROOT ? { root: process.env.ROOT } : {}); const browser = await launch();
const { page, problems } = await openPage(browser, `${server.url}?seed=3&break=local-reads`);
await page.locator('[data-role=leader]').first().waitFor({ timeout: 20_000 });
for (let i = 0; i < 4; i++) { console.log(await page.locator('.clock, .time').first().textContent().catch(() => '?'), await page.evaluate(() => document.querySelector('input[type=range]')?.value)); await page.waitForTimeout(1000); }
console.log(problems);
await browser.close(); server.close();
