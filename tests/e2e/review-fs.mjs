import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
for (const view of ['cluster','ring','store','lab','both']) for (const [w,h] of [[1280,720],[1920,1080]]) {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&view=${view}`, { viewport: { width: w, height: h } });
  await page.waitForTimeout(3000);
  const r = await page.evaluate(() => {
    const seen = {};
    for (const el of document.querySelectorAll('input, select, button, label, .spacetime-lanes, small, .hint, th, td')) {
      const rr = el.getBoundingClientRect(); if (!rr.width) continue;
      const k = `${el.tagName}.${(el.getAttribute('class')||'').split(' ')[0]}`;
      seen[k] = (seen[k]||new Set()); seen[k].add(getComputedStyle(el).fontSize);
    }
    const o = {}; for (const k in seen) o[k] = [...seen[k]].join(',');
    const sel = [...document.querySelectorAll('select')].map(s => { const r = s.getBoundingClientRect(); return `${s.getAttribute('aria-label')||s.name||s.id}: w${r.width.toFixed(0)} "${s.selectedOptions[0]?.textContent}"`; });
    const cv = [...document.querySelectorAll('canvas')].map(c => { const r = c.getBoundingClientRect(); return `${c.className}: css ${r.width.toFixed(1)}x${r.height.toFixed(1)} buf ${c.width}x${c.height} style ${c.style.cssText}`; });
    return { o, sel, cv, dpr: devicePixelRatio };
  });
  console.log(view, w, JSON.stringify(r));
  await page.close();
}
await browser.close(); server.close();
