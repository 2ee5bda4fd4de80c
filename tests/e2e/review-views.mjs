import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
const views = ['cluster','ring','both','store','lab'];
const vps = [[1280,720],[1440,900],[1920,1080],[2560,1440]];
const langs = ['en','zh'];
for (const lang of langs) for (const view of views) for (const [w,h] of vps) {
  const name = `${view}-${lang}-${w}`;
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&view=${view}&lang=${lang}`, { viewport: { width: w, height: h } });
  try { await page.waitForSelector('[data-node-id], [data-ring-node], [data-testid=store-stage], [data-testid=lab]', { timeout: 30000 }); } catch (e) { console.log(name, 'no ready selector'); }
  await page.waitForTimeout(2500);
  await page.screenshot({ path: `/tmp/review/views/${name}.png` });
  const m = await page.evaluate(() => {
    const de = document.documentElement;
    const out = { rootFs: getComputedStyle(de).fontSize, sw: de.scrollWidth, cw: de.clientWidth, sh: de.scrollHeight, ch: de.clientHeight };
    out.canvases = [...document.querySelectorAll('canvas')].map(c => { const r = c.getBoundingClientRect(); return `${c.className||c.id}: css ${r.width.toFixed(0)}x${r.height.toFixed(0)} buf ${c.width}x${c.height}`; });
    // elements overflowing horizontally
    const over = [];
    for (const el of document.querySelectorAll('body *')) {
      const cs = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && ['auto','scroll'].includes(cs.overflowX) ) over.push(`scrollX ${el.className} ${el.scrollWidth}>${el.clientWidth}`);
      if (el.scrollHeight > el.clientHeight + 1 && ['auto','scroll'].includes(cs.overflowY) ) over.push(`scrollY ${el.className} ${el.scrollHeight}>${el.clientHeight}`);
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > innerWidth + 1 || r.left < -1) && cs.position !== 'fixed') over.push(`offscreen ${el.tagName}.${el.className} ${r.left.toFixed(0)}-${r.right.toFixed(0)}`);
    }
    out.over = over.slice(0, 12);
    // small text
    const fs = [...document.querySelectorAll('body *')].filter(e => e.childNodes.length && [...e.childNodes].some(n => n.nodeType===3 && n.textContent.trim()) && e.getBoundingClientRect().width>0).map(e => parseFloat(getComputedStyle(e).fontSize));
    out.minFs = Math.min(...fs); out.maxFs = Math.max(...fs);
    const tiny = [...document.querySelectorAll('body *')].filter(e => [...e.childNodes].some(n => n.nodeType===3 && n.textContent.trim()) && e.getBoundingClientRect().width>0 && parseFloat(getComputedStyle(e).fontSize) < 11).map(e=>`${e.tagName}.${e.getAttribute('class')}:${getComputedStyle(e).fontSize}:${e.textContent.trim().slice(0,20)}`);
    out.tiny = [...new Set(tiny)].slice(0,8);
    const panel = document.querySelector('aside, .panel, .side'); if (panel) { const r = panel.getBoundingClientRect(); out.panel = `${panel.className} ${r.width.toFixed(0)}x${r.height.toFixed(0)}`; }
    return out;
  });
  console.log(name, JSON.stringify(m), problems.length ? 'PROBLEMS ' + problems.join(' | ') : '');
  await page.close();
}
await browser.close(); server.close();
