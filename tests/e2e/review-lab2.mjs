import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
for (const [lang, w, h, pick] of [['en',1920,1080,null],['en',1920,1080,'Split votes'],['zh',1920,1080,'Keys moved']]) {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lang=${lang}`, { viewport: { width: w, height: h } });
  await page.getByTestId('lab').waitFor();
  if (pick) await page.locator('button.lab-pick').filter({ hasText: lang === 'zh' ? /./ : pick }).nth(lang === 'zh' ? 1 : 0).click();
  await page.locator('button.lab-run').click();
  await page.locator('.lab-table-wrap table').waitFor({ timeout: 180_000 });
  await page.locator('button:has-text("CSV")').waitFor({ timeout: 180_000 });
  await page.waitForTimeout(800);
  const tag = `/tmp/review/lab2-${lang}-${(pick||'balance').replace(/ /g,'')}`;
  const svg = page.locator('[data-testid=lab] svg').first();
  await svg.scrollIntoViewIfNeeded();
  await svg.screenshot({ path: tag + '-chart.png' });
  const info = await page.evaluate(() => {
    const s = document.querySelector('[data-testid=lab] svg'); const sr = s.getBoundingClientRect();
    return [...s.querySelectorAll('text')].filter(t => { const r = t.getBoundingClientRect(); return r.left < sr.left - 1 || r.top < sr.top - 1 || r.right > sr.right + 1 || r.bottom > sr.bottom + 1; }).map(t => { const r = t.getBoundingClientRect(); return `${t.textContent} ${r.left.toFixed(0)},${r.top.toFixed(0)}-${r.right.toFixed(0)},${r.bottom.toFixed(0)} svg ${sr.left.toFixed(0)},${sr.top.toFixed(0)}-${sr.right.toFixed(0)},${sr.bottom.toFixed(0)}`; });
  });
  console.log(tag, 'texts outside svg:', info);
  const tw = page.locator('.lab-table-wrap');
  await tw.scrollIntoViewIfNeeded();
  await page.screenshot({ path: tag + '-table.png' });
  console.log(problems);
  await page.close();
}
await browser.close(); server.close();
