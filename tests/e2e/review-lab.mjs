import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
for (const [lang, w, h, pick] of [['en',1920,1080,null],['zh',1920,1080,null],['en',1920,1080,'Split votes'],['en',1280,720,null]]) {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lang=${lang}`, { viewport: { width: w, height: h } });
  await page.getByTestId('lab').waitFor();
  if (pick) await page.getByRole('button', { name: new RegExp(pick) }).first().click();
  const t0 = Date.now();
  await page.locator('button.lab-run').click();
  await page.locator('button:has-text("CSV")').waitFor({ timeout: 180_000 });
  console.log(lang, w, pick, 'run took', Date.now() - t0);
  await page.waitForTimeout(800);
  const name = `/tmp/review/lab-${lang}-${w}${pick ? '-split' : ''}`;
  await page.screenshot({ path: name + '.png' });
  await page.screenshot({ path: name + '-full.png', fullPage: true });
  const m = await page.evaluate(() => {
    const de = document.documentElement;
    const svg = [...document.querySelectorAll('[data-testid=lab] svg')].map(s => { const r = s.getBoundingClientRect(); return `svg ${r.width.toFixed(0)}x${r.height.toFixed(0)} vb ${s.getAttribute('viewBox')}`; });
    const texts = [...document.querySelectorAll('[data-testid=lab] svg text')].map(t => { const r = t.getBoundingClientRect(); return [t.textContent, r.left, r.top, r.right, r.bottom, getComputedStyle(t).fontSize]; });
    const ov = [];
    for (let i=0;i<texts.length;i++) for (let j=i+1;j<texts.length;j++) { const a=texts[i], b=texts[j]; if (a[1]<b[3]-1 && b[1]<a[3]-1 && a[2]<b[4]-1 && b[2]<a[4]-1) ov.push(`${a[0]} | ${b[0]}`); }
    const tables = [...document.querySelectorAll('[data-testid=lab] table')].map(t => { const r=t.getBoundingClientRect(); const p=t.parentElement; return `table ${r.width.toFixed(0)}x${r.height.toFixed(0)} parent ${p.className} ${p.clientWidth} scroll ${p.scrollWidth} fs ${getComputedStyle(t).fontSize}`; });
    return { sw: de.scrollWidth, cw: de.clientWidth, sh: de.scrollHeight, ch: de.clientHeight, svg, ov: ov.slice(0,10), textFs: [...new Set(texts.map(t=>t[5]))], tables };
  });
  console.log(JSON.stringify(m), problems);
  await page.close();
}
await browser.close(); server.close();
