// What a frame costs the browser by itself: the five-server page of perf (b), paused, with a
// script in the page changing only the chosen things on every frame, measured with the same
// counters as perf.test.mjs (Chrome's TaskDuration, ScriptDuration, LayoutDuration and
// RecalcStyleDuration over a window, divided by the frames drawn). Not part of the suite; run
// it by hand on a built site:
//
//   node tests/e2e/perf-floor.mjs DIST [VARIANT ...]
//
// A variant is a set of letters: c (the clock's text), a (the five timer arcs), s (the strip's
// offset); `none` changes nothing; `live` is the page playing, as in perf (b). Variants take
// turns, ROUNDS (default 2) times, so a machine whose speed drifts disturbs them alike.
// CSS='…' adds a style sheet to every page first (to try, say, a composited layer); with a
// variant ending in * (`live*`), only to those, so the two take turns. QUERY='?…' opens
// another page than five servers at 1×; PRE='…' is a script run in the paused page first
// (with * variants, in those only), to try another arrangement of its elements.
import { serve, launch } from './harness.mjs';

const [dir, ...asked] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node tests/e2e/perf-floor.mjs DIST [none|c|a|s|cas|live ...]');
  process.exit(2);
}
const variants = asked.length > 0 ? asked : ['none', 'c', 'a', 's', 'cas', 'live'];
const rounds = Number(process.env.ROUNDS ?? 2);
const server = await serve({ root: dir.endsWith('/') ? dir : `${dir}/` });
const browser = await launch();

async function measure(asked) {
  const styled = asked.endsWith('*');
  const variant = styled ? asked.slice(0, -1) : asked;
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${server.url}${process.env.QUERY ?? "?seed=1&nodes=5&speed=1"}`);
  await page.waitForSelector('[data-node-id]');
  await page.waitForTimeout(800);
  if (process.env.CSS && (styled || !variants.some((v) => v.endsWith('*')))) await page.addStyleTag({ content: process.env.CSS });
  if (variant !== 'live') {
    await page.locator('button.play').press('Space');
    await page.locator('button.play[data-paused="true"]').waitFor();
    if (process.env.PRE && (styled || !variants.some((v) => v.endsWith('*')))) await page.evaluate(process.env.PRE);
    await page.evaluate((v) => {
      const clock = document.querySelector('.clock').firstChild;
      const arcs = [...document.querySelectorAll('circle.timer-arc')];
      const strip = document.querySelector('.spacetime-arrows canvas');
      let f = 0;
      const frame = () => {
        f += 1;
        if (v.includes('c')) clock.nodeValue = `t = ${(f / 10).toFixed(1)} ms`;
        if (v.includes('a')) for (const arc of arcs) arc.style.strokeDashoffset = String(f % 200);
        if (v.includes('s')) strip.style.transform = `translateX(${-(f % 300)}px)`;
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    }, variant === 'none' ? '' : variant);
  }
  await page.waitForTimeout(2000);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  await page.evaluate(() => {
    window.__frames = 0;
    const count = () => { window.__frames += 1; requestAnimationFrame(count); };
    requestAnimationFrame(count);
  });
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics
    .map((m) => [m.name, m.value]));
  await page.waitForTimeout(200);
  const m0 = await metrics();
  const f0 = await page.evaluate(() => window.__frames);
  await page.waitForTimeout(4000);
  const m1 = await metrics();
  const f1 = await page.evaluate(() => window.__frames);
  const frames = f1 - f0;
  const per = (name) => (((m1[name] - m0[name]) * 1000) / frames).toFixed(2);
  console.log(`${asked.padEnd(5)} ${per('TaskDuration')} ms/frame (script ${per('ScriptDuration')}, `
    + `layout ${per('LayoutDuration')}, style ${per('RecalcStyleDuration')}), ${frames} frames`);
  await context.close();
}

for (let r = 0; r < rounds; r++) for (const v of variants) await measure(v);
await browser.close();
server.close();
