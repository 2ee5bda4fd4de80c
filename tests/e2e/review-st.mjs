import { serve, launch, openPage } from './harness.mjs';
const server = await serve({ root: '/tmp/review-dist/' });
const browser = await launch();
for (const [w,h] of [[1280,720],[1920,1080],[2560,1440]]) {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&speed=5`, { viewport: { width: w, height: h } });
  await page.waitForTimeout(4000);
  const r = await page.evaluate(() => {
    const c = document.querySelector('canvas.spacetime-lanes');
    const chain = []; let e = c; for (let i=0;i<3;i++){ e = e.parentElement; const cs=getComputedStyle(e); chain.push(`${e.tagName}.${e.className} ${e.clientWidth}x${e.clientHeight} border ${cs.borderTopWidth} overflow ${cs.overflow} fs ${cs.fontSize}`);} 
    const c2 = [...document.querySelectorAll('canvas')].find(x=>!x.className);
    const cs = getComputedStyle(c);
    return { lanes: `${c.clientWidth}x${c.clientHeight} buf ${c.width}x${c.height} border ${cs.borderTopWidth} ${cs.borderLeftWidth} pad ${cs.paddingTop}`, html: c.parentElement.outerHTML.slice(0,600), c2: c2 && `${c2.clientWidth}x${c2.clientHeight} parent ${c2.parentElement.className} ${c2.parentElement.clientWidth}x${c2.parentElement.clientHeight}`, chain };
  });
  console.log(w, JSON.stringify(r, null, 1));
  const box = await page.locator('canvas.spacetime-lanes').boundingBox();
  await page.screenshot({ path: `/tmp/review/strip-${w}.png`, clip: { x: box.x, y: box.y - 10, width: Math.min(box.width, 700), height: box.height + 20 } });
  console.log(problems);
  await page.close();
}
await browser.close(); server.close();
