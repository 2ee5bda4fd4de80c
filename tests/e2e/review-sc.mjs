import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
const overlaps = () => {
  const svg = document.querySelector('svg.stage'); if (!svg) return ['no stage'];
  const items = [...svg.querySelectorAll('text, .client rect')].filter(t => { const cs = getComputedStyle(t); return cs.display !== 'none' && cs.visibility !== 'hidden' && Number(cs.opacity) > 0.05 && t.getBoundingClientRect().width > 0; })
    .map(t => { const r = t.getBoundingClientRect(); return { n: `${t.getAttribute('class') || t.tagName}:${(t.textContent||'').trim().slice(0,18)}`, r, grp: t.closest('[data-node-id]')?.dataset.nodeId }; });
  const out = [];
  for (let i=0;i<items.length;i++) for (let j=i+1;j<items.length;j++) {
    const a=items[i].r, b=items[j].r;
    const ox = Math.min(a.right,b.right) - Math.max(a.left,b.left), oy = Math.min(a.bottom,b.bottom) - Math.max(a.top,b.top);
    if (ox > 2 && oy > 2) {
      if (items[i].n.startsWith('rect') && items[j].grp === undefined && items[j].n.includes('client')) continue;
      if (items[j].n.startsWith('rect') && items[i].n.startsWith('client')) continue;
      out.push(`${items[i].n} ⟂ ${items[j].n} (${ox.toFixed(0)}x${oy.toFixed(0)})`);
    }
  }
  return out;
};
const captionInfo = () => {
  const c = document.querySelector('[data-testid=scenario-caption]'); const s = document.querySelector('svg.stage, [data-testid=store-stage]');
  const cr = c.getBoundingClientRect(), sr = s.getBoundingClientRect();
  const st = document.querySelector('[data-testid=spacetime]')?.getBoundingClientRect();
  return { capTop: Math.round(cr.top), capBottom: Math.round(cr.bottom), stageBottom: Math.round(sr.bottom), stripTop: st && Math.round(st.top), text: c.querySelector('p')?.textContent, capScroll: `${c.scrollHeight}/${c.clientHeight}` };
};
const jobs = [
  ['partition', 4, 'en'], ['write-commits', 5, 'en'], ['lease-drift', 3, 'en'], ['partition', 4, 'zh'], ['write-commits', 5, 'zh'],
];
for (const [w,h] of [[1280,720],[1920,1080]]) for (const [sc, n, lang] of jobs) {
  if (lang === 'zh' && w === 1920) continue;
  const { page, problems } = await openPage(browser, `${server.url}?scenario=${sc}&lang=${lang}`, { viewport: { width: w, height: h } });
  await page.waitForSelector('[data-node-id]');
  for (let want = 1; want <= n; want++) {
    await page.locator('.shell').focus();
    await page.keyboard.press('PageDown');
    await page.locator(`[data-testid=scenario-caption][data-cue="${want}"]`).waitFor({ timeout: 30_000 });
    if (sc === 'lease-drift' && want < 3) continue;
    for (let f = 0; f < 3; f++) {
      await page.waitForTimeout(f === 0 ? 600 : 700);
      const name = `/tmp/review/sc/${sc}-${lang}-${w}-c${want}-f${f}.png`;
      await page.screenshot({ path: name });
      const ov = await page.evaluate(overlaps);
      console.log(name, ov.length ? ov.join(' ; ') : 'no overlaps');
    }
    console.log('   caption', JSON.stringify(await page.evaluate(captionInfo)));
  }
  if (problems.length) console.log('PROBLEMS', problems);
  await page.close();
}
await browser.close(); server.close();
