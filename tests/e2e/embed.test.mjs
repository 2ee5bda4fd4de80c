// Presenting: a guided scenario driven to its end with PageDown, the embed mode inside an
// iframe of a page on another origin (the site under a sub-path), and offline reloads.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, openPage, ARTIFACTS, DIST } from './harness.mjs';

const PREFIX = '/slides/week-5/ringleader/';
let site, host, browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  site = await serve({ prefix: PREFIX });
  // The slide deck: another origin (another port), embedding the site in an iframe.
  const embed = `${site.url}?embed=1&scenario=leader-crash&paused=1&lang=en&theme=light&speed=2`;
  host = await serve({
    prefix: '/nothing-else/',
    extra: {
      '/deck.html': `<!DOCTYPE html><html><head><title>Week 5: Raft</title><link rel="icon" href="data:,"></head>
        <body style="margin:0;font-family:sans-serif">
          <h1 style="margin:8px">Week 5 · Leader election</h1>
          <iframe id="rl" src="${embed}" width="960" height="540" style="border:1px solid #888"
            title="Ringleader: the leader crashes"></iframe>
        </body></html>`,
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  site?.close();
  host?.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

test('a guided scenario is driven to its end with PageDown, and PageUp goes back', async () => {
  const { page, problems } = await openPage(browser, `${site.url}?scenario=partition&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  assert.equal(await caption.getAttribute('data-cues'), '5');
  const cue = async () => Number(await caption.getAttribute('data-cue'));
  // Each PageDown plays to the next cue, where playback stops and waits.
  for (let want = 1; want <= 5; want++) {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
    if (want === 3) {
      assert.match(await caption.textContent(), /cannot commit/);
      await page.screenshot({ path: `${ARTIFACTS}/scenario-partition.png` });
    }
  }
  assert.equal(await caption.getAttribute('data-finished'), 'true');
  assert.match(await caption.textContent(), /every log now matches the leader's/);
  // Healed: one leader, every log at the same commit index.
  const commits = await page.locator('[data-log-node]').evaluateAll((r) => r.map((x) => x.dataset.commit));
  assert.ok(commits.every((c) => c === commits[0]), `${commits}`);
  await page.keyboard.press('PageUp');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]').dataset.cue === '4');
  assert.deepEqual(problems, []);
});

test('embed mode inside an iframe on another origin, under a sub-path: stage only, keys work', async () => {
  const { page, problems } = await openPage(browser, `${host.origin}/deck.html`, { viewport: { width: 1000, height: 640 } });
  const frame = page.frameLocator('#rl');
  await frame.locator('[data-node-id]').first().waitFor({ timeout: 30_000 });
  assert.equal(await frame.locator('.topbar').count(), 0, 'no header');
  assert.equal(await frame.locator('.panel').count(), 0, 'no side panel');
  const box = await page.locator('#rl').boundingBox();
  const stage = await frame.locator('svg.stage').boundingBox();
  assert.ok(stage.width > 200 && stage.height > 200, 'a large stage');
  assert.ok(stage.y + stage.height <= box.y + box.height + 1 && stage.x + stage.width <= box.x + box.width + 1,
    'the stage fits the iframe');
  const overflow = await frame.locator('html').evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
  assert.ok(overflow <= 1, `no scrolling inside the iframe (${overflow} px)`);
  // A presenter clicker: focus the frame once, then PageDown moves cue to cue.
  await frame.locator('svg.stage').click({ position: { x: 5, y: 5 } });
  const caption = frame.getByTestId('scenario-caption');
  const cues = Number(await caption.getAttribute('data-cues'));
  assert.ok(cues >= 3, `the scenario has cues (${cues})`);
  for (let want = 1; want <= cues; want++) {
    await page.keyboard.press('PageDown');
    await frame.locator(`[data-testid=scenario-caption][data-cue="${want}"]`).waitFor({ timeout: 30_000 });
    await frame.locator('button.play[data-paused=true]').waitFor({ timeout: 30_000 });
    if (want === 3) await page.screenshot({ path: `${ARTIFACTS}/embed.png` });
  }
  assert.equal(await caption.getAttribute('data-finished'), 'true');
  assert.deepEqual(problems, []);
});

test('"Open in Ringleader" under every embedded view opens that view as the whole page, not another embed', async () => {
  const views = [
    ['?embed=1&scenario=leader-crash&paused=1', 'Cluster', '[data-node-id]', /#run=/],
    ['?embed=1&view=ring&seed=5', 'Hash ring', 'canvas.ring-canvas', /#run=/],
    ['?embed=1&view=lab&lab=moved&lab-trials=2', 'Lab', '.lab', /[?&]lab=moved&.*lab-trials=2/],
    ['?embed=1&view=store', 'Quorum store', '[data-testid=store-stage]', /#store=/],
  ];
  for (const [query, tab, ready, carries] of views) {
    const { page, problems } = await openPage(browser, `${site.url}${query}`, { viewport: { width: 800, height: 450 } });
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('.topbar').count(), 0, `${query}: embedded`);
    const [full] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Open in Ringleader ↗' }).click(),
    ]);
    await full.locator('.topbar').waitFor({ timeout: 30_000 });
    await full.locator(ready).first().waitFor({ timeout: 30_000 });
    const url = full.url();
    assert.doesNotMatch(url, /[?&]embed/, url);
    assert.match(url, carries, url);
    assert.equal((await full.locator('.tabs button[aria-pressed=true]').textContent()).trim(), tab, url);
    assert.deepEqual(problems, [], query);
    await page.context().close();
  }
});

test('after the first visit the playground works offline', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${site.url}?seed=4`);
  await page.waitForSelector('[data-node-id]');
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', ok));
    }
  });
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  // Another URL of the site (other settings) opens offline too.
  await page.goto(`${site.url}?seed=8&view=ring`);
  await page.waitForSelector('[data-ring-node]');
  await page.screenshot({ path: `${ARTIFACTS}/offline.png` });
  await context.setOffline(false);
  assert.deepEqual(problems, []);
});

// The service worker serves hashed assets from its cache first, so a name must never stand for
// other contents: the release build's hook (scripts/shrink-site.mjs) changes the glue and the
// wasm after Trunk named them, and renames them after their final contents.
test('the glue and the wasm are named after their contents', () => {
  const files = readdirSync(DIST);
  const wasm = files.filter((f) => f.endsWith('_bg.wasm'));
  assert.equal(wasm.length, 1, `one wasm in dist/: ${files}`);
  const stem = wasm[0].slice(0, -'_bg.wasm'.length);
  assert.ok(files.includes(`${stem}.js`), `its glue ${stem}.js is there too`);
  const contents = createHash('sha256')
    .update(readFileSync(join(DIST, wasm[0])))
    .update(readFileSync(join(DIST, `${stem}.js`)))
    .digest('hex');
  assert.equal(stem, `ringleader-${contents.slice(0, 16)}`);
  const page = readFileSync(join(DIST, 'index.html'), 'utf8');
  assert.ok(page.includes(`${stem}.js`) && page.includes(`${stem}_bg.wasm`), 'the page names both');
});

test('a scenario and its place in it travel in a share link', async () => {
  const { page, problems } = await openPage(browser, `${site.url}?scenario=node-dies&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  // A ring scenario shows its first caption at once; PageDown goes to the second.
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor();
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor();
  assert.match(await caption.textContent(), /lost/);
  const lost = await page.locator('[data-lens=ring] [data-lost]').getAttribute('data-lost');
  assert.ok(Number(lost) > 0);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  const other = await openPage(browser, link);
  const c2 = other.page.getByTestId('scenario-caption');
  await c2.waitFor();
  assert.equal(await c2.getAttribute('data-cue'), '2');
  assert.equal(await other.page.locator('[data-lens=ring] [data-lost]').getAttribute('data-lost'), lost);
  assert.equal(await other.page.locator('[data-ring-node=N3]').getAttribute('data-state'), 'down');
  // And it goes on from there: N = 2 serves every key.
  await other.page.keyboard.press('PageDown');
  await other.page.locator('[data-testid=scenario-caption][data-cue="3"]').waitFor();
  assert.equal(await other.page.locator('[data-lens=ring] [data-lost]').getAttribute('data-lost'), '0');
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
});

test('an embed, over its stage, and the page, at the top of its side panel (whose rows may be below the fold), say which safety properties broke', async () => {
  for (const [query, viewport] of [['&embed=1', { width: 800, height: 450 }], ['', { width: 1280, height: 720 }]]) {
    const { page, problems } = await openPage(browser, `${site.url}?scenario=figure-8&paused=1${query}`, { viewport });
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    const cues = Number(await caption.getAttribute('data-cues'));
    let seen = null;
    for (let want = 1; want <= cues; want++) {
      // PageDown plays on; pressed again on the way, it goes to the cue at once.
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(200);
      if (Number(await caption.getAttribute('data-cue')) < want) await page.keyboard.press('PageDown');
      await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
        && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
      const banner = page.getByTestId('safety-broken');
      if (/safety checks mark/.test(await caption.textContent())) {
        seen = await banner.textContent();
        const box = await banner.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${viewport.width} px: the banner in view`);
        if (query) {
          // A slide's short frame: the banner takes one line (the whole list on hover), and
          // beside the long caption the stage keeps room for legible servers (156 px, names
          // 15 px tall, when the banner and the scenario's name wrapped).
          assert.ok(box.height < 34, `the banner on one line (${box.height} px)`);
          assert.match(await banner.getAttribute('title'), /Terms, votes and commit bounds/);
          const stage = await page.locator('.stage-wrap').boundingBox();
          assert.ok(stage.height >= 180, `the stage ${stage.height} px tall`);
        }
      } else if (seen === null) {
        assert.equal(await banner.count(), 0, `nothing broken yet at cue ${want}`);
      }
    }
    assert.ok(seen, 'the caption that names the broken properties was shown');
    assert.match(seen, /Safety broken: .*Leader Completeness.*State Machine Safety.*Terms, votes and commit bounds/);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('an embed leaves out what a caption says of the side panel, and says over the store a history no order explains', async () => {
  /** Move through a scenario's cues until its caption matches `want`; returns the caption's text. */
  async function cueSaying(page, want) {
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor({ timeout: 30_000 });
    const cues = Number(await caption.getAttribute('data-cues'));
    // The cluster's scenarios open before their first cue (0), the store's at it (1).
    for (let cue = Number(await caption.getAttribute('data-cue')); cue < cues;) {
      cue++;
      await page.keyboard.press('PageDown');
      await page.waitForTimeout(200);
      if (Number(await caption.getAttribute('data-cue')) < cue) await page.keyboard.press('PageDown');
      await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
        && document.querySelector('button.play').getAttribute('data-paused') === 'true', cue, { timeout: 30_000 });
      const text = await caption.locator('p').textContent();
      if (want.test(text)) return text;
    }
    assert.fail(`no cue says ${want}`);
  }
  const viewport = { width: 800, height: 450 };
  // The log panel's hatching: on the whole page, and in an embed of a story told in the logs
  // (write-commits), which shows them beside its stage.
  for (const [embed, lang, words, hatched] of [
    [true, 'en', /not committed yet/, /\(hatched\)/], [false, 'en', /not committed yet/, /\(hatched\)/],
    [true, 'zh', /尚未提交/, /（带斜线）/], [false, 'zh', /尚未提交/, /（带斜线）/]]) {
    const { page, problems } = await openPage(browser,
      `${site.url}?scenario=write-commits&paused=1&lang=${lang}${embed ? '&embed=1' : ''}`, { viewport });
    const text = await cueSaying(page, words);
    assert.doesNotMatch(text, /\[\[|\]\]/);
    assert.match(text, hatched);
    if (embed) assert.equal(await page.locator('.embed-logs .cell.uncommitted').count() > 0, true, 'hatched cells in view');
    assert.deepEqual(problems, []);
    await page.close();
  }
  // The History tab is the page's: an embed of the stale read leaves it out of the caption.
  for (const embed of [true, false]) {
    const { page, problems } = await openPage(browser,
      `${site.url}?scenario=stale-read&paused=1${embed ? '&embed=1' : ''}`, { viewport });
    const text = await cueSaying(page, /Linearizability ✗/);
    if (embed) assert.doesNotMatch(text, /History tab/);
    else assert.match(text, /The History tab shows why\./);
    assert.doesNotMatch(text, /\[\[|\]\]/);
    assert.deepEqual(problems, []);
    await page.close();
  }
  // The store's R + W ≤ N: the history view is the page's; the embed says it over the stage.
  const { page, problems } = await openPage(browser, `${site.url}?view=store&scenario=quorum-stale&paused=1&embed=1`, { viewport });
  const text = await cueSaying(page, /returns ∅/);
  assert.match(text, /\(✗\)/);
  assert.doesNotMatch(text, /history view|\[\[/);
  assert.match(await page.getByTestId('safety-broken').textContent(), /Safety broken: Linearizability/);
  assert.deepEqual(problems, []);
});

test('an embed of a story told in the logs shows them beside the stage; other embeds do not', async () => {
  const { page, problems } = await openPage(browser, `${site.url}?scenario=log-repair&paused=1&embed=1`,
    { viewport: { width: 960, height: 540 } });
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  const logs = page.locator('.embed-logs [data-testid=logs]');
  for (let want = 1; want <= 9; want++) {
    await page.keyboard.press('PageDown');
    await page.waitForTimeout(200);
    if (Number(await caption.getAttribute('data-cue')) < want) await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  }
  // The last cue: "N3's log now matches N5's", and the logs beside the stage say so.
  assert.match(await caption.textContent(), /N3's log now matches N5's/);
  assert.equal(await logs.locator('[data-log-node]').count(), 5);
  const row = (n) => logs.locator(`[data-log-node="${n}"]`);
  assert.equal(await row(3).getAttribute('data-length'), await row(5).getAttribute('data-length'));
  assert.equal(await row(3).getAttribute('data-length'), '26');
  // Beside the stage, within the frame, over none of the servers.
  const box = await page.locator('.embed-logs').boundingBox();
  assert.ok(box.x + box.width <= 960 && box.y >= 0 && box.y + box.height <= (await caption.boundingBox()).y,
    `logs at ${JSON.stringify(box)}`);
  for (const node of await page.locator('svg.stage g.node circle').all()) {
    const c = await node.boundingBox();
    if (!c) continue;
    assert.ok(c.x + c.width <= box.x, `a server's circle at x ${c.x + c.width} reaches the logs at ${box.x}`);
  }
  await page.screenshot({ path: `${ARTIFACTS}/embed-log-repair.png` });
  assert.deepEqual(problems, []);
  // In a slide's 800 × 450 frame (smaller type), at cue 6 the header ends in "…26" over the
  // rows' "+16": each whole (it was clipped by 3 px), the applied state in line under its header.
  const small = await openPage(browser, `${site.url}?scenario=log-repair&paused=1&embed=1`,
    { viewport: { width: 800, height: 450 } });
  await small.page.getByTestId('scenario-caption').waitFor();
  for (let want = 1; want <= 6; want++) {
    await small.page.keyboard.press('PageDown');
    await small.page.waitForTimeout(200);
    if (Number(await small.page.getByTestId('scenario-caption').getAttribute('data-cue')) < want) await small.page.keyboard.press('PageDown');
    await small.page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  }
  const counts = await small.page.evaluate(() => [...document.querySelectorAll('.embed-logs .more')].map((el) => {
    const cells = el.closest('.cells').getBoundingClientRect();
    const r = el.getBoundingClientRect();
    const kv = el.closest('.log-row').querySelector('.kv').getBoundingClientRect().left;
    return { text: el.textContent, overflow: el.scrollWidth - el.clientWidth, past: r.right - cells.right, kv };
  }));
  assert.equal(counts.length, 6, JSON.stringify(counts));
  assert.match(counts[0].text, /^…26$/);
  for (const c of counts) {
    assert.ok(c.overflow <= 0 && c.past <= 0.5, `"${c.text}" cut: ${JSON.stringify(c)}`);
    assert.ok(Math.abs(c.kv - counts[0].kv) <= 0.5, `the applied state at ${c.kv}, its header at ${counts[0].kv}`);
  }
  assert.deepEqual(small.problems, []);
  await small.page.close();
  const other = await openPage(browser, `${site.url}?scenario=leader-crash&paused=1&embed=1`, { viewport: { width: 960, height: 540 } });
  await other.page.getByTestId('scenario-caption').waitFor();
  assert.equal(await other.page.locator('.embed-logs').count(), 0);
  // The whole page has its logs in the side panel, not beside the stage.
  const whole = await openPage(browser, `${site.url}?scenario=log-repair&paused=1`);
  await whole.page.getByTestId('scenario-caption').waitFor();
  assert.equal(await whole.page.locator('.embed-logs').count(), 0);
  assert.equal(await whole.page.locator('[data-testid=logs]').count(), 1);
});

// A slide's iframe leaves the store a wide, short stage: drawn in a tall stage's units, its
// ring came out 160 px across and its node names 8 px high.
test('the store in a slide draws its ring across the stage, its names readable, all of it on the stage', async () => {
  const { page, problems } = await openPage(browser, `${site.url}?view=store&scenario=quorum-sloppy&paused=1&embed=1`,
    { viewport: { width: 800, height: 450 } });
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  // Cue 3: the partition's sloppy writes leave data and hints beside the nodes.
  for (let cue = 1; cue < 3; cue++) {
    await page.keyboard.press('PageDown');
    // Opened paused, the first press plays the first cue's part of the run; the second,
    // while it plays, goes on to the next cue.
    await page.waitForTimeout(200);
    if (Number(await caption.getAttribute('data-cue')) <= cue) await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) >= w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', cue + 1, { timeout: 30_000 });
  }
  const stage = await page.getByTestId('store-stage').boundingBox();
  const ring = await page.locator('.store-stage .ring').boundingBox();
  assert.ok(ring.width >= 0.45 * stage.width, `ring ${Math.round(ring.width)} px across a ${Math.round(stage.width)} px stage`);
  for (const name of await page.locator('.store-stage .snode .name').all()) {
    const box = await name.boundingBox();
    assert.ok(box.height >= 15, `a node's name ${box.height.toFixed(1)} px high`);
  }
  // What the stage draws stays on it (the SVG would clip it).
  const boxes = await page.locator('.store-stage .snode, .store-stage .sclient, .store-stage .key').evaluateAll((els) =>
    els.map((e) => { const r = e.getBoundingClientRect(); return [e.getAttribute('data-node') ?? e.getAttribute('data-client') ?? e.getAttribute('data-key'), r.left, r.top, r.right, r.bottom]; }));
  assert.ok(boxes.some(([name]) => name === 'N1'));
  assert.ok(await page.locator('.store-stage .data tspan').count() > 0, 'data beside the nodes');
  for (const [name, left, top, right, bottom] of boxes) {
    assert.ok(left >= stage.x - 1 && right <= stage.x + stage.width + 1 && top >= stage.y - 1 && bottom <= stage.y + stage.height + 1,
      `${name} [${[left, top, right, bottom].map(Math.round)}] on the stage [${[stage.x, stage.y, stage.x + stage.width, stage.y + stage.height].map(Math.round)}]`);
  }
  assert.deepEqual(problems, []);
});

test('Both in a slide: the ring, with half the frame, has its figures under it, on lines of readable length', async () => {
  const { page, problems } = await openPage(browser, `${site.url}?view=both&embed=1&seed=3&lang=zh&paused=1`,
    { viewport: { width: 960, height: 540 } });
  const lens = page.locator('.lens').first();
  await lens.locator('canvas').waitFor();
  await page.waitForTimeout(300);
  const picture = await lens.locator('canvas').boundingBox();
  const figures = await lens.locator('.lens-figures').boundingBox();
  // Beside it, the figures squeezed into a column 190 px wide and the ring 210 px across.
  assert.ok(figures.y >= picture.y + picture.height - 1, 'figures under the picture');
  assert.ok(figures.width >= 400, `figures ${Math.round(figures.width)} px wide`);
  assert.ok(Math.min(picture.width, picture.height) >= 280, `picture ${Math.round(picture.width)} × ${Math.round(picture.height)} px`);
  assert.ok(figures.y + figures.height <= 540, 'figures inside the frame');
  assert.deepEqual(problems, []);
});

test('the ring scenarios in a slide set their figures beside the pictures, so the ring is drawn large enough to read', async () => {
  // mod-n's cue 2 compares hash mod n with the ring side by side, each lens half the frame.
  const { page, problems } = await openPage(browser, `${site.url}?scenario=mod-n&paused=1&embed=1`,
    { viewport: { width: 800, height: 450 } });
  await page.getByTestId('scenario-caption').waitFor();
  for (const cue of [1, 2]) {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) >= w,
      cue, { timeout: 30_000 });
  }
  await page.waitForTimeout(500);
  const lenses = page.locator('.lens');
  assert.equal(await lenses.count(), 2);
  for (const lens of await lenses.all()) {
    const picture = await lens.locator('canvas').boundingBox();
    const figures = await lens.locator('.lens-figures').boundingBox();
    // The picture at least 200 px each way (it was 390 × 120 under four lines of figures).
    assert.ok(picture.width >= 200 && picture.height >= 200, `picture ${Math.round(picture.width)} × ${Math.round(picture.height)} px`);
    // The figures beside it, whole, inside the frame.
    assert.ok(figures.x >= picture.x + picture.width - 1, 'figures beside the picture');
    assert.ok(figures.y >= 0 && figures.y + figures.height <= 450, 'figures inside the frame');
  }
  assert.match(await page.locator('.ring-readout [data-moved]').first().textContent(), /\d/);
  // The ring's colour key names its four nodes, each with the colour the ring draws it in.
  const key = page.getByTestId('colour-key');
  assert.equal(await key.count(), 1, 'only the ring has a colour key (hash mod n names its columns)');
  assert.deepEqual(await key.locator('[data-key-node]').evaluateAll((s) => s.map((e) => e.textContent.trim())), ['N1', 'N2', 'N3', 'N4']);
  const swatches = await key.locator('.swatch').evaluateAll((s) => s.map((e) => getComputedStyle(e).backgroundColor));
  assert.equal(new Set(swatches).size, 4, `four colours: ${swatches}`);
  await page.screenshot({ path: `${ARTIFACTS}/embed-mod-n.png` });
  assert.deepEqual(problems, []);
});
