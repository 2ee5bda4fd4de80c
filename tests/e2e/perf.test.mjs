// Work per frame and time to the first node, measured on the built site with Chrome's own
// counters (issue 11, "Budgets"). These are figures, not timed tests: each workload prints one
// line, e.g.
//   perf: 9 servers 20% loss 5x: 12.0 ms/frame (script 2.9, layout 2.2, style 0.5, other 6.3), 55.7 fps, ...
// and asserts only sanity (frames were drawn, the page had no errors) and a generous ceiling
// that only a gross regression exceeds.
//
// How: over a window of WINDOW_MS, CDP `Performance.getMetrics` is read before and after, and
// the growth of TaskDuration (all main-thread work), ScriptDuration, LayoutDuration and
// RecalcStyleDuration is divided by the frames drawn, counted by a requestAnimationFrame
// counter injected in the page. "other" = task − script − layout − style (mostly paint,
// compositing and GC). The interval between animation frames cannot go below the display
// period, so it hides how close a page is to dropping frames; work per frame does not.
//
// The machine is shared and noisy: run the file two or three times and compare the spread.
// Node runs test files concurrently on machines with more than two cores; for clean figures run
// this file alone: `node --test tests/e2e/perf.test.mjs` (after scripts/build-site).
// PERF_NO_CEILING=1 prints the figures without asserting the ceilings (to measure an old build);
// PERF_THREAD_TICKS=1 measures main-thread CPU time rather than wall time (see measureWindow).
//
// The UI is being restructured: every page interaction lives in one small helper per workload
// (the `setup…` functions below), which prefers data-testid / data-node-id / data-ring-node and
// falls back to labels and class names.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { serve, launch, openPage, showTab } from './harness.mjs';

const VIEWPORT = { width: 1280, height: 720 };
/** How long a workload runs before the window, so start-up work and JIT warm-up are excluded. */
const SETTLE_MS = 2500;
/** The measured window. */
const WINDOW_MS = 5000;

// Ceilings, in ms of main-thread work per frame: 3× the issue's targets (≤ 6 ms for nine
// servers at 5×, ≤ 3 ms for five servers at 1×), so that only a gross regression fails. They
// are meant for the restructured UI: the code before issue 11 measured 11–17.5 ms and 6.5–12.9 ms
// here (a shared 2-core machine), so it can fail them; measure it with PERF_NO_CEILING=1. The
// ring and scenario workloads have no target in the issue; their ceilings are about 3× what
// the code before issue 11 measured (7.5–10.4 ms and 8.4–16.2 ms).
const CEILING_MS_PER_FRAME = {
  nineLossFast: 18,
  fiveAtOne: 9,
  ringChange: 30,
  scenario: 30,
  store: 30,
  longRun: 30,
};
/** The Lab's longest frame while it runs: about 17 ms here; a trial in one piece took 180. */
const CEILING_LAB_FRAME_MS = 120;
/** First node on screen: target ≤ 300 ms on localhost; this ceiling is 10× that. */
const CEILING_FIRST_NODE_MS = 3000;
const CHECK_CEILINGS = !process.env.PERF_NO_CEILING;

let server, browser;
before(async () => {
  server = await serve({ prefix: '/perf/ringleader/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});
// Close every page after its test: a page left running competes for the CPU.
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

// ---------------------------------------------------------------------------------------------
// Measurement (independent of the UI)

const METRICS = ['TaskDuration', 'ScriptDuration', 'LayoutDuration', 'RecalcStyleDuration',
  'LayoutCount', 'RecalcStyleCount', 'JSHeapUsedSize', 'Nodes'];

async function readMetrics(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const out = {};
  for (const { name, value } of metrics) if (METRICS.includes(name)) out[name] = value;
  return out;
}

/** Counts frames from now on in the page (window.__perfFrames). */
async function startFrameCounter(page) {
  await page.evaluate(() => {
    if (window.__perfCounting) return;
    window.__perfCounting = true;
    window.__perfFrames = 0;
    const tick = () => { window.__perfFrames += 1; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
}

const frameState = (page) => page.evaluate(() => ({ frames: window.__perfFrames, now: performance.now() }));

/**
 * Work per frame over `ms` of the page as it is. `during(page)` (optional) is started right
 * before the window, for workloads that must act while being measured; it returns a stop
 * function.
 */
async function measureWindow(page, { ms = WINDOW_MS, during } = {}) {
  const cdp = await page.context().newCDPSession(page);
  // Wall-clock durations (timeTicks), as in issue 11. PERF_THREAD_TICKS=1 counts the main
  // thread's CPU time instead, which a busy machine disturbs less.
  await cdp.send('Performance.enable', { timeDomain: process.env.PERF_THREAD_TICKS ? 'threadTicks' : 'timeTicks' });
  await startFrameCounter(page);
  await page.waitForTimeout(200); // the counter's first frames
  const stop = during ? await during(page) : null;
  const m0 = await readMetrics(cdp);
  const s0 = await frameState(page);
  await page.waitForTimeout(ms);
  const s1 = await frameState(page);
  const m1 = await readMetrics(cdp);
  if (stop) await stop();
  await cdp.detach().catch(() => {});
  const frames = s1.frames - s0.frames;
  const seconds = (s1.now - s0.now) / 1000;
  const d = (name) => m1[name] - m0[name];
  const perFrame = (name) => (frames > 0 ? (d(name) * 1000) / frames : NaN); // s → ms
  const task = perFrame('TaskDuration');
  const script = perFrame('ScriptDuration');
  const layout = perFrame('LayoutDuration');
  const style = perFrame('RecalcStyleDuration');
  return {
    frames,
    seconds,
    fps: frames / seconds,
    task,
    script,
    layout,
    style,
    other: task - script - layout - style,
    layoutsPerFrame: frames > 0 ? d('LayoutCount') / frames : NaN,
    stylesPerFrame: frames > 0 ? d('RecalcStyleCount') / frames : NaN,
    // Share of wall time the main thread was busy.
    busy: d('TaskDuration') / seconds,
    heapMiB: m1.JSHeapUsedSize / 2 ** 20,
    nodes: m1.Nodes,
  };
}

/**
 * What the frames of a short traced window touched (Chrome's timeline trace, kept apart from the
 * counted window because tracing costs time): objects laid out per layout (dirty of total),
 * elements whose style was recalculated, and how much of the viewport is repainted.
 */
async function traceWindow(page, { ms = 2000, during } = {}) {
  await startFrameCounter(page);
  await browser.startTracing(page, { categories: ['devtools.timeline'] });
  const stop = during ? await during(page) : null;
  const s0 = await frameState(page);
  await page.waitForTimeout(ms);
  const s1 = await frameState(page);
  if (stop) await stop();
  const { traceEvents } = JSON.parse((await browser.stopTracing()).toString());
  const frames = Math.max(1, s1.frames - s0.frames);
  const layouts = traceEvents.filter((e) => e.name === 'Layout' && e.args?.beginData);
  const styles = traceEvents.filter((e) => e.name === 'UpdateLayoutTree');
  const paints = traceEvents.filter((e) => e.name === 'Paint' && e.args?.data?.clip);
  const mean = (xs) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const area = (q) => {
    const xs = [q[0], q[2], q[4], q[6]];
    const ys = [q[1], q[3], q[5], q[7]];
    return (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
  };
  const viewport = page.viewportSize();
  const roots = new Set(layouts.flatMap((e) => (e.args.endData?.layoutRoots ?? []).map((r) => r.nodeName)));
  return {
    frames,
    layoutsPerFrame: layouts.length / frames,
    dirtyObjects: mean(layouts.map((e) => e.args.beginData.dirtyObjects)),
    totalObjects: mean(layouts.map((e) => e.args.beginData.totalObjects)),
    partial: layouts.filter((e) => e.args.beginData.partialLayout).length,
    layoutCount: layouts.length,
    roots: [...roots].join(', ') || '-',
    styleElementsPerFrame: styles.reduce((a, e) => a + (e.args?.elementCount ?? 0), 0) / frames,
    paintsPerFrame: paints.length / frames,
    // Paint events nest (#document, then HTML): the share of them that repaint the whole viewport.
    fullPaints: paints.filter((e) => area(e.args.data.clip) >= 0.99 * viewport.width * viewport.height).length
      / Math.max(1, paints.length),
  };
}

function reportTrace(t) {
  console.log(`perf:   (traced ${t.frames} frames: ${f1(t.layoutsPerFrame)} layouts/frame of ${f1(t.dirtyObjects)} dirty `
    + `objects in ${f1(t.totalObjects)} (roots: ${t.roots}; ${t.partial}/${t.layoutCount} partial), `
    + `${f1(t.styleElementsPerFrame)} elements restyled/frame, ${f2(t.paintsPerFrame)} paint events/frame`
    + `${t.paintsPerFrame > 0 ? `, ${(t.fullPaints * 100).toFixed(0)}% of them the whole viewport` : ''})`);
}

const f1 = (x) => x.toFixed(1);
const f2 = (x) => x.toFixed(2);

function report(label, r) {
  console.log(`perf: ${label}: ${f1(r.task)} ms/frame (script ${f1(r.script)}, layout ${f1(r.layout)}, `
    + `style ${f1(r.style)}, other ${f1(r.other)}), ${f1(r.fps)} fps, ${f1(r.layoutsPerFrame)} layouts/frame, `
    + `${f1(r.stylesPerFrame)} style recalcs/frame`);
  console.log(`perf:   (${r.frames} frames in ${f2(r.seconds)} s, main thread busy ${(r.busy * 100).toFixed(0)}%, `
    + `JS heap ${f1(r.heapMiB)} MiB, ${r.nodes} DOM nodes)`);
}

function checkSanity(r, problems, ceiling) {
  assert.ok(r.frames >= WINDOW_MS / 1000, `frames were drawn: ${r.frames}`);
  assert.ok(Number.isFinite(r.task) && r.task > 0, `work was measured: ${r.task}`);
  assert.deepEqual(problems, []);
  if (CHECK_CEILINGS) {
    assert.ok(r.task <= ceiling, `${f1(r.task)} ms of work per frame is over the ceiling of ${ceiling} ms`);
  }
}

// ---------------------------------------------------------------------------------------------
// Page interaction: one helper per workload. Keep these small; they are what a UI change breaks.

/** The first element matching one of the selectors (in order), or null. */
const first = (page, selectors) => page.evaluate((sels) => {
  for (const s of sels) {
    const el = document.querySelector(s);
    if (el) return s;
  }
  return null;
}, selectors);

/** Sets a range/number input without scrolling or focusing it: value + `input` and `change`. */
async function setInput(page, selectors, value) {
  const sel = await first(page, selectors);
  assert.ok(sel, `no input among ${selectors.join(', ')}`);
  await page.evaluate(([s, v]) => {
    const el = document.querySelector(s);
    el.value = v;
    el.dispatchEvent(new Event('input', { bubbles: true }));
    el.dispatchEvent(new Event('change', { bubbles: true }));
  }, [sel, String(value)]);
  return sel;
}

/** (a) Nine servers at 5× (URL settings), message loss 20 % (the network settings' slider). */
async function setupNineLossFast() {
  const opened = await openPage(browser, `${server.url}?seed=1&nodes=9&speed=5`, { viewport: VIEWPORT });
  await opened.page.waitForSelector('[data-node-id]');
  assert.equal(await opened.page.locator('[data-node-id]').count(), 9);
  await showTab(opened.page, 'Network');
  const loss = await setInput(opened.page, [
    '[data-testid=loss] input', 'input[data-testid=loss]',
    'input[type=range][aria-label="Message loss"]', 'input[type=range][aria-label*="loss" i]',
  ], 20);
  // The slider keeps the value the page took (a page that ignored it would snap it back).
  await opened.page.waitForTimeout(100);
  assert.equal(await opened.page.locator(loss).first().inputValue(), '20', 'loss is 20 %');
  return opened;
}

/** (b) Five servers at 1× (the defaults). */
async function setupFiveAtOne() {
  const opened = await openPage(browser, `${server.url}?seed=1&nodes=5&speed=1`, { viewport: VIEWPORT });
  await opened.page.waitForSelector('[data-node-id]');
  assert.equal(await opened.page.locator('[data-node-id]').count(), 5);
  return opened;
}

/**
 * (c) The ring view, paused cluster, 10,000 keys, 256 virtual nodes per node, 63 nodes (as in
 * ring.test.mjs's large-ring test). During the window a driver in the page alternately adds
 * the 64th node and removes it every MEMBERSHIP_EVERY_MS, so keys are hopping throughout.
 */
const MEMBERSHIP_EVERY_MS = 1250; // the hop lasts 1200 ms (ring_view::MOVE_MS)

async function setupRingChange() {
  const opened = await openPage(browser, `${server.url}?view=ring&paused=1`, { viewport: VIEWPORT });
  const { page } = opened;
  await page.waitForSelector('[data-ring-node]');
  const keys = page.getByRole('spinbutton', { name: 'keys' });
  await keys.fill('10000');
  await keys.press('Enter');
  await page.getByRole('slider', { name: 'Virtual nodes per node' }).fill('14');
  assert.match(await page.locator('[data-testid=ring], [data-lens=ring]').first().textContent(), /256 virtual nodes/);
  // 58 more nodes through the add-node form: 63; the measured changes add and remove the 64th.
  await installRingDriver(page);
  await page.evaluate(() => { for (let i = 0; i < 58; i++) window.__perfRing.add(); });
  await page.waitForFunction(() => document.querySelectorAll('[data-ring-node]').length === 63);
  return opened;
}

/** Puts window.__perfRing = { add(), remove() } in the page: the add-node form, the last ×. */
async function installRingDriver(page) {
  await page.evaluate(() => {
    const addButton = () => document.querySelector('[data-testid=add-node] button')
      ?? document.querySelector('.add-node button')
      ?? [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Add node');
    const removeButton = () => {
      const rows = document.querySelectorAll('[data-ring-node]');
      const last = rows[rows.length - 1];
      return last?.querySelector('[data-testid=remove-node], button.remove')
        ?? [...(last?.querySelectorAll('button') ?? [])].find((b) => /remove from the ring/.test(b.getAttribute('aria-label') ?? ''));
    };
    window.__perfRing = { add: () => addButton().click(), remove: () => removeButton().click() };
  });
}

async function ringChanges(page) {
  await page.evaluate((every) => {
    let adding = true;
    const change = () => {
      if (adding) window.__perfRing.add(); else window.__perfRing.remove();
      adding = !adding;
    };
    // The first change a little after the window opens, so its work is inside the window.
    window.__perfRingTimer = setTimeout(() => {
      change();
      window.__perfRingTimer = setInterval(change, every);
    }, 100);
  }, MEMBERSHIP_EVERY_MS);
  return () => page.evaluate(() => { clearTimeout(window.__perfRingTimer); clearInterval(window.__perfRingTimer); });
}

/**
 * (d) A guided scenario playing (the partition, at 5×, so that steps and captions change
 * during the window). Every step is a cue that pauses playback; a driver in the page presses
 * "Next" whenever it is enabled, so it keeps playing.
 */
async function setupScenario() {
  const opened = await openPage(browser, `${server.url}?scenario=partition&speed=5`, { viewport: VIEWPORT });
  await opened.page.waitForSelector('[data-node-id]');
  await opened.page.waitForSelector('[data-testid=scenario-caption]');
  await opened.page.evaluate(() => {
    window.__perfNext = setInterval(() => {
      const box = document.querySelector('[data-testid=scenario-caption]');
      const next = box?.querySelector('[data-testid=next], button.next')
        ?? [...(box?.querySelectorAll('button') ?? [])].find((b) => b.textContent.trim() === 'Next');
      if (next && !next.disabled) next.click();
    }, 100);
  });
  return opened;
}

/**
 * (e) Milliseconds from navigation start to the first `[data-node-id]` in the DOM, and to the
 * first animation frame after it (about when it is painted), read in the page. An init script
 * installs a MutationObserver before any of the page's own scripts run.
 */
async function installFirstNodeProbe(page) {
  await page.addInitScript(() => {
    const seen = () => {
      if (window.__firstNode || !document.querySelector('[data-node-id]')) return false;
      window.__firstNode = performance.now();
      requestAnimationFrame(() => { window.__firstNodeFrame = performance.now(); });
      return true;
    };
    const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
    observer.observe(document, { childList: true, subtree: true });
  });
}

const firstNodeTimes = (page) => page.waitForFunction(() => window.__firstNodeFrame
  && { dom: window.__firstNode, frame: window.__firstNodeFrame }, null, { timeout: 30_000 })
  .then((h) => h.jsonValue());

// ---------------------------------------------------------------------------------------------
// The workloads

test('perf (a): 9 servers, 20% message loss, 5×', async () => {
  const { page, problems } = await setupNineLossFast();
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('9 servers 20% loss 5x', r);
  reportTrace(await traceWindow(page));
  checkSanity(r, problems, CEILING_MS_PER_FRAME.nineLossFast);
});

test('perf (b): 5 servers at 1×', async () => {
  const { page, problems } = await setupFiveAtOne();
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('5 servers 1x', r);
  reportTrace(await traceWindow(page));
  checkSanity(r, problems, CEILING_MS_PER_FRAME.fiveAtOne);
});

// How much of (b) is the browser's alone: the same page, paused, where a script makes each
// frame only the changes a live run cannot avoid (the clock's text, the five timer arcs, the
// strip's slide). Nothing of ours runs, so this is a floor for (b) on this machine as it is
// now; the machine's speed drifts by a factor of two from hour to hour, and (b) read against
// this floor does not.
test('perf (b, floor): five servers paused, with only the clock, the timer arcs and the strip changed each frame', async () => {
  const { page, problems } = await setupFiveAtOne();
  await page.locator('button.play').press('Space'); // pause, without a pointer over the page
  await page.locator('button.play[data-paused="true"]').waitFor();
  const arcs = await page.locator('circle.timer-arc').count();
  assert.equal(arcs, 5, 'a timer arc on each follower');
  await page.evaluate(() => {
    const clock = document.querySelector('.clock').firstChild;
    const circles = [...document.querySelectorAll('circle.timer-arc')];
    const strip = document.querySelector('.spacetime-arrows canvas');
    let f = 0;
    const frame = () => {
      f += 1;
      clock.nodeValue = `t = ${(f / 10).toFixed(1)} ms`;
      for (const c of circles) c.style.strokeDashoffset = String(f % 200);
      strip.style.transform = `translateX(${-(f % 300)}px)`;
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('5 servers paused, the browser alone changing the clock, 5 timer arcs and the strip (a floor for perf b)', r);
  checkSanity(r, problems, CEILING_MS_PER_FRAME.fiveAtOne);
});

test('perf (c): the ring, 64 nodes × 256 virtual nodes, 10,000 keys, during membership changes', async () => {
  const { page, problems } = await setupRingChange();
  // The hop of the 63rd node's arrival ends; the ring is at rest.
  await page.waitForTimeout(SETTLE_MS);
  const rest = await measureWindow(page, { ms: 2000 });
  report('ring 63 nodes x 256 vnodes, 10,000 keys, at rest (cluster paused)', rest);
  const r = await measureWindow(page, { during: ringChanges });
  report('ring 64 nodes x 256 vnodes, 10,000 keys, membership change every 1.25 s', r);
  reportTrace(await traceWindow(page, { ms: 2500, during: ringChanges }));
  const n = await page.locator('[data-ring-node]').count();
  assert.ok(n === 63 || n === 64, `the ring has 63 or 64 nodes: ${n}`);
  checkSanity(r, problems, CEILING_MS_PER_FRAME.ringChange);
});

test('perf (c, context): the ring view at rest while the cluster plays behind it', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=1&view=ring`, { viewport: VIEWPORT });
  await page.waitForSelector('[data-ring-node]');
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('ring view at rest, 5 servers playing at 1x behind it', r);
  checkSanity(r, problems, CEILING_MS_PER_FRAME.fiveAtOne); // no more work than the cluster view
});

test('perf (d): a guided scenario playing (partition)', async () => {
  const { page, problems } = await setupScenario();
  await page.waitForTimeout(SETTLE_MS);
  const cue = () => page.locator('[data-testid=scenario-caption]').getAttribute('data-cue').catch(() => '?');
  const cueBefore = await cue();
  const r = await measureWindow(page);
  const cueAfter = await cue();
  report('scenario partition 5x', r);
  console.log(`perf:   (scenario cue ${cueBefore} at the start of the window, ${cueAfter} at its end)`);
  reportTrace(await traceWindow(page));
  checkSanity(r, problems, CEILING_MS_PER_FRAME.scenario);
});

test('perf (f): the quorum store, busy clients and a crashed node, at 1×', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=1&view=store`, { viewport: VIEWPORT });
  await page.getByTestId('store-stage').waitFor();
  await page.locator('.snode[data-node=N3]').click();
  await page.getByTestId('store-node-actions').getByRole('button', { name: 'Crash' }).click();
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('quorum store 5 nodes 2 busy clients 1x', r);
  assert.ok(await page.locator('[data-testid=history] .op').count() > 0, 'the clients worked');
  checkSanity(r, problems, CEILING_MS_PER_FRAME.store);
});

// A minute into a run of five busy clients (30,000 operations, 1.6 million events, opened
// from a link): the clients' history is checked for linearizability whenever it changes,
// every frame here. Checked whole, that took 50 ms a frame in the page (0.4 s natively).
test('perf (g): a minute of nine servers and five busy clients (30,000 operations), playing at 1×', async () => {
  const query = (await readFile(new URL('../fixtures/long-run-link.txt', import.meta.url), 'utf8')).trim();
  const { page, problems } = await openPage(browser, `${server.url}${query.replace('?', '?speed=1&')}`, { viewport: VIEWPORT });
  await page.getByTestId('opening').waitFor({ state: 'detached', timeout: 120_000 });
  await page.locator('button.play').click();
  await page.waitForTimeout(SETTLE_MS);
  const r = await measureWindow(page);
  report('long run 9 servers 5 busy clients 1x', r);
  assert.match(await page.locator('[data-property=Linearizability]').textContent(), /client operations: 3\d,\d{3}/);
  checkSanity(r, problems, CEILING_MS_PER_FRAME.longRun);
});

// The Lab computes between frames in steps of a few milliseconds (a placement built, or a
// piece of a trial's keys placed): the default Moved run, ten rows of 100,000 keys each, fills
// in while frames keep coming. When a trial was one piece, its frame took about 0.18 s. The
// figure is the longest interval between animation frames during the run (the display's
// period at best): a frozen page is what it shows.
test('perf (h): the Lab running Moved at its defaults (ten rows of 100,000 keys)', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lab=moved`, { viewport: VIEWPORT });
  await page.getByTestId('lab').waitFor();
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    window.__gaps = [];
    let last = performance.now();
    const frame = (t) => { window.__gaps.push(t - last); last = t; requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  });
  const started = Date.now();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 120_000 });
  const seconds = (Date.now() - started) / 1000;
  const gaps = await page.evaluate(() => window.__gaps.slice(1));
  const sorted = [...gaps].sort((a, b) => a - b);
  const longest = sorted[sorted.length - 1];
  console.log(`perf: Lab Moved at its defaults: longest frame ${f1(longest)} ms, p95 ${f1(sorted[Math.floor(sorted.length * 0.95)])} ms `
    + `(${gaps.length} frames over a run of ${f1(seconds)} s)`);
  assert.equal(await page.locator('[data-testid=lab-table] tbody tr').count(), 10);
  assert.ok(gaps.length >= seconds * 10, `frames were drawn while it ran: ${gaps.length} in ${f1(seconds)} s`);
  assert.deepEqual(problems, []);
  if (CHECK_CEILINGS) {
    assert.ok(longest <= CEILING_LAB_FRAME_MS, `a frame of ${f1(longest)} ms is over the ceiling of ${CEILING_LAB_FRAME_MS} ms`);
  }
});

test('perf (e): first node on screen after navigation, median of 5', async () => {
  const cold = [];
  const warm = [];
  // Cold: a fresh browser context each time (no HTTP cache, no service worker).
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    await installFirstNodeProbe(page);
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.goto(`${server.url}?seed=1`);
    cold.push(await firstNodeTimes(page));
    assert.deepEqual(problems, []);
    // Warm: the same page reloaded (HTTP cache, compiled wasm, service worker if it took over).
    await page.reload();
    warm.push(await firstNodeTimes(page));
    await context.close();
  }
  const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
  const show = (xs, k) => xs.map((x) => x[k].toFixed(0)).join(', ');
  const coldDom = median(cold.map((x) => x.dom));
  console.log(`perf: first node on screen (cold): median ${coldDom.toFixed(0)} ms in the DOM, `
    + `${median(cold.map((x) => x.frame)).toFixed(0)} ms at its first frame `
    + `(DOM: ${show(cold, 'dom')}; frame: ${show(cold, 'frame')})`);
  console.log(`perf: first node on screen (warm reload): median ${median(warm.map((x) => x.dom)).toFixed(0)} ms in the DOM, `
    + `${median(warm.map((x) => x.frame)).toFixed(0)} ms at its first frame `
    + `(DOM: ${show(warm, 'dom')}; frame: ${show(warm, 'frame')})`);
  if (CHECK_CEILINGS) {
    assert.ok(coldDom <= CEILING_FIRST_NODE_MS, `${coldDom} ms to the first node is over ${CEILING_FIRST_NODE_MS} ms`);
  }
});
