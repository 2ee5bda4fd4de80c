// The Lab: an experiment runs in the page in slices (the page stays live, Cancel works), its
// rows are the ones the command line prints natively, and it speaks Chinese.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS } from './harness.mjs';

let server, browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

const setField = async (page, label, value) => {
  const input = page.getByLabel(label, { exact: true });
  await input.fill(String(value));
  await input.dispatchEvent('change');
};

test('keys moved: the page computes the rows the command line prints', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab`);
  await page.getByTestId('lab').waitFor();
  await page.locator('[data-experiment=moved]').click();
  await setField(page, 'nodes', 8);
  await setField(page, 'keys', 5000);
  await setField(page, 'seed', 3);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const rows = await page.locator('[data-testid=lab-table] tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(',')));
  const csv = await readFile(new URL('../fixtures/lab-moved-n8-k5000-s3.csv', import.meta.url), 'utf8');
  assert.deepEqual(rows, csv.trim().split('\n').slice(1));
  // The chart has a bar per algorithm and the least that even loads need drawn apart from them.
  assert.equal(await page.locator('svg.lab-chart .bars rect').count(), rows.length);
  assert.ok(await page.locator('svg.lab-chart [data-theory=true]').count() >= 1);
  await page.screenshot({ path: `${ARTIFACTS}/lab-moved.png` });
  assert.deepEqual(problems, []);
});

test('on a projector (1280×720) the chart is in sight after Run, its explanation beside it', async () => {
  for (const [lab, trials] of [['balance', 2], ['leader-crash', 5]]) {
    const { page, problems } = await openPage(browser, `${server.url}?view=lab&lab=${lab}&lab-trials=${trials}`,
      { viewport: { width: 1280, height: 720 } });
    await page.getByTestId('lab').waitFor();
    await page.getByRole('button', { name: 'Run' }).click();
    await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 120_000 });
    // The whole chart, or Figure 16's first graph, its axis names included, without scrolling
    // (it began 447 px down and ended past the fold).
    const chart = await page.locator('svg.lab-chart').first().boundingBox();
    assert.ok(chart.y + chart.height <= 720, `${lab}: the chart ends ${(chart.y + chart.height).toFixed(0)} px down`);
    const about = await page.locator('.lab-about').boundingBox();
    assert.ok(about.x >= chart.x + chart.width && about.y < chart.y + chart.height, `${lab}: the explanation beside the chart`);
    // The chosen experiment still asks its question.
    assert.ok(await page.locator('.lab-pick.active span').isVisible());
    await page.screenshot({ path: `${ARTIFACTS}/lab-projector-${lab}.png` });
    assert.deepEqual(problems, []);
  }
});

test('a long experiment fills in while the page stays live, and Cancel stops it', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab`);
  await page.getByTestId('lab').waitFor();
  await setField(page, 'trials', 200);
  await page.getByRole('button', { name: 'Run' }).click();
  const progress = page.getByTestId('lab-progress');
  const done = async () => Number(await progress.getAttribute('value'));
  // Frames keep coming while it runs: the count moves from one animation frame to the next.
  const first = await done();
  await page.waitForFunction((f) => Number(document.querySelector('[data-testid=lab-progress]').value) > f + 5, first);
  const frames = await page.evaluate(() => new Promise((resolve) => {
    let n = 0;
    const start = performance.now();
    const tick = () => (++n, performance.now() - start < 500 ? requestAnimationFrame(tick) : resolve(n));
    requestAnimationFrame(tick);
  }));
  assert.ok(frames >= 10, `the page drew ${frames} frames in half a second while computing`);
  await page.getByRole('button', { name: 'Cancel' }).click();
  const stopped = await done();
  await page.waitForTimeout(300);
  assert.equal(await done(), stopped, 'nothing runs after Cancel');
  assert.ok(stopped < Number(await progress.getAttribute('max')));
  assert.match(await page.locator('.lab-partial').textContent(), /^Cancelled: the table and the chart hold only the rows whose trials all ran\.$/);
  assert.deepEqual(problems, []);
});

test('the Lab in Chinese: headings, axes and explanation', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lang=zh`, { viewport: { width: 1280, height: 720 } });
  await page.getByTestId('lab').waitFor();
  await page.locator('[data-experiment=multi-probe]').click();
  await page.getByRole('button', { name: '运行' }).click();
  await page.getByRole('button', { name: '下载 CSV' }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('[data-testid=lab-table] thead').textContent(), /探测次数 P.*峰值 ÷ 平均值/);
  assert.match(await page.locator('svg.lab-chart').textContent(), /峰值 ÷ 平均值/);
  // The chart exports as a picture, named after the experiment.
  await page.getByRole('button', { name: '分享' }).click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /SVG/ }).click()]);
  assert.equal(svg.suggestedFilename(), 'ringleader-lab-multi-probe.svg');
  assert.match(await readFile(await svg.path(), 'utf8'), /^<svg[^>]*class="lab-chart"/);
  await page.keyboard.press('Escape');
  await page.screenshot({ path: `${ARTIFACTS}/lab-zh.png` });
  // Figure 16's columns keep their units whole on a line ("中位数（毫" over "秒）").
  await page.locator('[data-experiment=leader-crash]').click();
  await setField(page, '试验次数', 5);
  await page.getByRole('button', { name: '运行' }).click();
  await page.getByRole('button', { name: '下载 CSV' }).waitFor({ timeout: 60_000 });
  const units = await page.locator('[data-testid=lab-table] th .unit').evaluateAll(
    (spans) => spans.filter((s) => s.textContent).map((s) => [s.textContent, s.getClientRects().length]));
  assert.ok(units.length >= 6, JSON.stringify(units));
  assert.deepEqual(units.filter(([, lines]) => lines !== 1), [], 'a unit broken over two lines');
  assert.deepEqual(problems, []);
});

test('split votes: Raft elections run in the page, under the bound drawn dashed', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab`);
  await page.getByTestId('lab').waitFor();
  await page.locator('[data-experiment=split-votes]').click();
  assert.ok(await page.getByLabel('nodes', { exact: true }).isDisabled(), 'the rows set the servers');
  await setField(page, 'trials', 100);
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const cells = await page.locator('[data-testid=lab-table] tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    failed: Number(tr.querySelector('[data-col=first_round_failed]').textContent),
    bound: Number(tr.querySelector('[data-col=bound]').textContent),
  })));
  assert.equal(cells.length, 20);
  assert.ok(cells.every((c) => c.failed <= c.bound + 0.1), JSON.stringify(cells));
  assert.equal(await page.locator('svg.lab-chart [data-theory=true]').count(), 4);
  // Both axes' names lie wholly inside the chart (the y one was cut at the bottom).
  const outside = await page.locator('svg.lab-chart').first().evaluate((svg) => {
    const frame = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('.axis-name')].map((e) => e.getBoundingClientRect())
      .filter((b) => b.top < frame.top - 1 || b.bottom > frame.bottom + 1 || b.left < frame.left - 1 || b.right > frame.right + 1)
      .map((b) => JSON.stringify(b));
  });
  assert.deepEqual(outside, []);
  await page.screenshot({ path: `${ARTIFACTS}/lab-split-votes.png` });
  assert.deepEqual(problems, []);
});

test('a Lab link opens the experiment with its settings and runs it; Share makes one', async () => {
  const query = 'view=lab&lab=moved&lab-nodes=8&lab-keys=5000&lab-trials=1&lab-seed=3';
  const { page, problems } = await openPage(browser, `${server.url}?${query}`);
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const rows = await page.locator('[data-testid=lab-table] tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(',')));
  const csv = await readFile(new URL('../fixtures/lab-moved-n8-k5000-s3.csv', import.meta.url), 'utf8');
  assert.deepEqual(rows, csv.trim().split('\n').slice(1));
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.includes(`?${query}#`), link);
  assert.match(await page.locator('.share-dialog .explain').first().textContent(), /the experiment and its settings/);
  assert.equal(await page.locator('.share-dialog').getByRole('button', { name: /Download run file|Export trace/ }).count(), 0);
  // The link opens: the same rows, and no refusal of the cluster's run it carries (its view
  // is the Lab's, which the run's check once refused).
  const shared = await openPage(browser, link);
  await shared.page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  assert.deepEqual(await shared.page.locator('[data-testid=lab-table] tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(','))), rows);
  assert.equal(await shared.page.getByText(/could not be opened/).count(), 0);
  assert.deepEqual(shared.problems, []);
  // A bad setting is named, and the Lab opens with its defaults.
  const bad = await openPage(browser, `${server.url}?lab=moved&lab-trials=0`);
  await bad.page.getByTestId('lab').waitFor();
  assert.match(await bad.page.getByRole('alert').first().textContent(), /lab-trials/);
  // Settings within range that would take hours (a trial of a million keys over 1,000 nodes
  // is seconds, 12,000 of them; even one per row is minutes): refused with the most that
  // fits, nothing runs.
  const huge = await openPage(browser, `${server.url}?lab=bounded&lab-nodes=1000&lab-keys=1000000&lab-trials=1000`);
  await huge.page.getByTestId('lab').waitFor();
  await huge.page.locator('.lab-error').waitFor({ timeout: 10_000 });
  assert.match(await huge.page.locator('.lab-error').textContent(), /Too large for the page: one trial per row, with 1,000,000 keys over 1000 nodes, would take minutes\. At most 224,636 keys with 1000 nodes/);
  assert.equal(await huge.page.getByRole('button', { name: 'Cancel' }).count(), 0);
  // It follows the page's language (it stayed in the language it was first said in).
  await huge.page.getByRole('button', { name: '中文' }).click();
  await huge.page.waitForFunction(() => /规模太大，页面无法运行：.*1000 个节点时最多 224,636 个键/.test(document.querySelector('.lab-error')?.textContent));
  assert.deepEqual(huge.problems, []);
  // The address follows the Lab: another experiment picked and a setting changed, a reload
  // opens them (it kept the link's moved and its seed).
  await page.keyboard.press('Escape');
  await page.locator('.lab-pick', { hasText: 'Bounded loads' }).click();
  await setField(page, 'seed', 4);
  await page.waitForFunction(() => new URL(location.href).searchParams.get('lab-seed') === '4');
  assert.equal(new URL(page.url()).searchParams.get('lab'), 'bounded');
  // Settings given before the experiment's name lie over its defaults, not Balance's.
  const before = await openPage(browser, `${server.url}?lab-trials=1&lab=moved`);
  await before.page.getByTestId('lab').waitFor();
  assert.equal(await before.page.getByRole('spinbutton', { name: 'keys', exact: true }).inputValue(), '100000');
  assert.deepEqual(before.problems, []);
  assert.deepEqual(problems, []);
});

test('Figure 16 in the page: the native rows, two graphs with the paper, and a trial opens in the Cluster view at its crash', async () => {
  const { page, problems } = await openPage(browser,
    `${server.url}?view=lab&lab=leader-crash-worst&lab-trials=50&lab-seed=2`);
  await page.getByTestId('lab').waitFor();
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const rows = await page.locator('[data-testid=lab-table] tbody tr').evaluateAll(
    (trs) => trs.map((tr) => [...tr.querySelectorAll('td')]
      .map((td) => (td.classList.contains('unresolved') ? '' : td.textContent)).join(',')));
  // 50 trials cannot tell the 99th or 99.9th percentile from the maximum: those cells say so.
  const unresolved = page.locator('[data-testid=lab-table] td.unresolved');
  assert.equal(await unresolved.count(), 2 * rows.length);
  assert.deepEqual(new Set(await unresolved.evaluateAll((tds) => tds.map((td) => td.dataset.col))), new Set(['p99_ms', 'p999_ms']));
  assert.equal(await unresolved.first().textContent(), '—');
  assert.match(await unresolved.first().getAttribute('title'), /the 99th needs 100/);
  // Trials stopped at 20 s without a leader make the 150–150 row's times lower bounds, and
  // the page says why (they read "20000.0" as measured).
  const censored = page.locator('[data-testid=lab-table] td.censored');
  assert.deepEqual(await censored.evaluateAll((tds) => tds.map((td) => `${td.dataset.col} ${td.textContent}`)),
    ['median_ms ≥ 20000.0', 'mean_ms ≥ 13088.6', 'max_ms ≥ 20000.0']);
  assert.match(await censored.first().getAttribute('title'), /stopped at 20 s/);
  assert.equal(await page.getByTestId('lab-lower-bounds').textContent(), '≥ marks a lower bound: some trials still had no leader when they were stopped at 20 s.');
  const csv = await readFile(new URL('../fixtures/lab-leader-crash-worst-t50-s2.csv', import.meta.url), 'utf8');
  // The CSV quotes the cell with a comma; the page shows it plain.
  assert.deepEqual(rows, csv.trim().split('\n').slice(1).map((l) => l.replaceAll('"', '')));
  // Top and bottom graphs, each with its lines of trials and the paper's figures.
  const charts = page.locator('svg.lab-chart');
  assert.equal(await charts.count(), 2);
  assert.equal(await charts.nth(0).locator('circle.trial').count() > 6 * 10, true);
  assert.ok(await charts.nth(0).locator('rect.paper-mark').count() >= 2);
  // Exported, the two graphs make one picture, one under the other.
  await page.getByRole('button', { name: 'Share' }).click();
  const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /SVG/ }).click()]);
  assert.equal(svg.suggestedFilename(), 'ringleader-lab-leader-crash-worst.svg');
  const picture = await readFile(await svg.path(), 'utf8');
  assert.match(picture, /^<svg[^>]*class="lab-chart"/);
  assert.equal((picture.match(/<svg[^>]*class="lab-chart"/g) ?? []).length, 3, 'the whole and its two graphs');
  assert.match(picture, /<svg[^>]* y="[1-9][0-9]*"/);
  await page.keyboard.press('Escape');
  // One Tab stop per line (a stop per dot was 440 of them), the dot last visited; the arrows
  // go along the line (up to the next, a longer time), Home and End to its ends.
  assert.equal(await page.locator('circle.trial[tabindex="0"]').count(), 11);
  const line = page.locator('circle.trial[data-row="2"]');
  const focused = () => page.evaluate(() => document.activeElement.dataset.trial);
  await line.first().focus();
  await page.keyboard.press('ArrowUp');
  assert.equal(await focused(), await line.nth(1).getAttribute('data-trial'));
  assert.deepEqual([await line.first().getAttribute('tabindex'), await line.nth(1).getAttribute('tabindex')], ['-1', '0']);
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await focused(), await line.first().getAttribute('data-trial'), 'the first dot stays');
  // The slowest trial of the 150–155 ms line, opened from its dot.
  await page.keyboard.press('End');
  const trial = await line.last().getAttribute('data-trial');
  assert.equal(await focused(), trial);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Cluster', exact: true, pressed: true }).waitFor();
  // Paused at the crash: a server down, no live leader, and the seed is the trial's.
  await page.locator('[data-role=crashed]').first().waitFor();
  assert.equal(await page.locator('[data-role=leader]').count(), 0);
  const seed = 2 * 100000 + 2 * 1000 + Number(trial);
  assert.ok((await page.locator('header').textContent()).includes(String(seed)));
  // Played on, a new leader takes over; the servers' disks (14 ms a write) show as they
  // write its votes.
  await page.keyboard.press('Space');
  await page.locator('.disk-write').first().waitFor({ timeout: 20_000 });
  await page.locator('[data-role=leader]').first().waitFor({ timeout: 20_000 });
  await page.screenshot({ path: `${ARTIFACTS}/lab-trial-opened.png` });
  assert.deepEqual(problems, []);
});

test('a Lab field shows the value the Lab will use: the nearest limit, for a negative number too', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lab=moved&lab-trials=2`);
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const field = (name) => page.getByRole('spinbutton', { name, exact: true });
  for (const [name, typed, shown] of [
    ['trials', '100000000', '1000'],
    ['trials', '99999999999999999999', '1000'],
    ['trials', '7', '7'],
    ['nodes', '0', '2'],
    ['nodes', '-3', '2'],
    ['seed', '-5', '0'],
  ]) {
    await field(name).fill(typed);
    await field(name).press('Tab');
    await page.waitForTimeout(100);
    assert.equal(await field(name).inputValue(), shown, `${name} typed ${typed}`);
  }
  assert.deepEqual(problems, []);
});

test('a trial still without a leader when it is cut off is not drawn as if it got one', async () => {
  // With equal timeouts (150–150 ms) most trials of a leader crash never elect a leader
  // within the 20 s a trial runs: their line stops at the share that did, and says so.
  const { page, problems } = await openPage(browser,
    `${server.url}?view=lab&lab=leader-crash&lab-trials=10&lab-seed=1`);
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const chart = page.locator('svg.lab-chart').first();
  const legend = await chart.locator('text.legend').allTextContents();
  const cut = legend.find((l) => l.startsWith('150–150 ms'));
  assert.match(cut, /^150–150 ms \((\d+)\/10 > 20 s\)$/, cut);
  const unended = Number(cut.match(/\((\d+)\//)[1]);
  const times = await chart.locator('circle.trial title').allTextContents();
  assert.ok(times.every((t) => !t.includes('· 20000.0 ms')), 'no dot at the cut-off');
  const line = await chart.locator('circle.trial[data-row="0"]').count();
  assert.equal(line, 10 - unended, 'a dot for each trial that got a leader');
  assert.deepEqual(problems, []);
});

test('experiment 1 at the issue\'s size (eleven lines of 1000 trials) runs in the page: the figure', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=lab`);
  await page.getByTestId('lab').waitFor();
  await page.locator('[data-experiment=leader-crash]').click();
  const start = Date.now();
  await page.getByRole('button', { name: 'Run' }).click();
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 120_000 });
  const ms = Date.now() - start;
  console.log(`# lab: leader-crash, 11 lines × 1000 trials in ${ms} ms (headless Chromium, wall clock)`);
  assert.equal(await page.locator('[data-testid=lab-table] tbody tr').count(), 11);
  assert.deepEqual(problems, []);
});

test('the bounded-loads chart shows the plain ring (no cap) as a level for each key set', async () => {
  // The plain ring has no c to stand at, so its peak is a level across the chart; with
  // uniform keys a cap of 2 never binds, so the capped line ends on that level.
  const { page, problems } = await openPage(browser, `${server.url}?view=lab&lab=bounded&lab-trials=1`);
  await page.getByRole('button', { name: 'Download CSV' }).waitFor({ timeout: 60_000 });
  const chart = page.locator('svg.lab-chart').first();
  const line = (name) => chart.locator('g.line').filter({ has: page.locator('text.legend', { hasText: new RegExp(`^${name}$`) }) });
  const ys = async (name) => (await line(name).locator('polyline').getAttribute('points'))
    .split(' ').map((p) => Number(p.split(',')[1]));
  for (const keys of ['uniform keys', 'Zipf requests']) {
    const level = await ys(`${keys}, no cap`);
    assert.equal(level.length, 2, keys);
    assert.equal(level[0], level[1], `${keys}: a level`);
  }
  const capped = await ys('uniform keys');
  assert.equal(capped.at(-1), (await ys('uniform keys, no cap'))[0], 'c = 2 does not bind uniform keys');
  const table = await page.locator('[data-testid=lab-table] tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(table.slice(0, 2), ['uniform keys', '∞']);
  assert.deepEqual(problems, []);
});

test('in a slide (960×540) the Lab shows its question and the chart whole, Figure 16 a graph at a time; on a phone a chart keeps readable type', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&lab=leader-crash&lab-trials=50`,
    { viewport: { width: 960, height: 540 } });
  await page.locator('.lab-chart').waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'Run' }).waitFor({ timeout: 60_000 });
  assert.match(await page.locator('.lab-title').textContent(), /^Replacing a crashed leader: How long/);
  assert.equal(await page.locator('.lab-pick').count(), 0, 'no picker in a slide');
  assert.equal(await page.locator('[data-testid=lab-table]').count(), 0, 'no table in a slide');
  const whole = async () => page.locator('.lab-chart').evaluate((svg) => {
    const r = svg.getBoundingClientRect();
    const bar = document.querySelector('footer.controls')?.getBoundingClientRect();
    const type = Math.min(...[...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0));
    return { top: r.top, bottom: r.bottom, limit: bar ? bar.top : innerHeight, type };
  });
  assert.equal(await page.locator('.lab-chart').count(), 1, 'one graph at a time');
  for (const graph of ['Top graph', 'Bottom graph']) {
    await page.getByRole('button', { name: new RegExp(`^${graph}`) }).click();
    assert.equal(await page.getByRole('button', { name: new RegExp(`^${graph}`) }).getAttribute('aria-pressed'), 'true');
    const c = await whole();
    assert.ok(c.top >= 0 && c.bottom <= c.limit + 1, `${graph}: the chart at ${c.top}–${c.bottom}, the frame's room ends at ${c.limit}`);
    assert.ok(c.type >= 10, `${graph}: its smallest type ${c.type} px`);
  }
  const phone = await openPage(browser, `${server.url}?lab=split-votes&lab-trials=20`, { viewport: { width: 390, height: 844 } });
  await phone.page.locator('.lab-chart').waitFor({ timeout: 60_000 });
  const type = await phone.page.locator('.lab-chart').evaluate((svg) =>
    Math.min(...[...svg.querySelectorAll('text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0)));
  assert.ok(type >= 10, `a phone's chart type is ${type} px`);
  assert.equal(await phone.page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true, 'the chart scrolls in its own box');
  // The keys-moved bars in an 800 × 450 slide: the chart is fitted by its height, and its
  // slanted names took a third of it, which set all its type at 9.6 px.
  const slide = await openPage(browser, `${server.url}?embed=1&view=lab&lab=moved&lab-trials=2`, { viewport: { width: 800, height: 450 } });
  await slide.page.getByRole('button', { name: 'Run' }).waitFor({ timeout: 60_000 });
  await slide.page.locator('.lab-chart .bars rect').nth(7).waitFor({ timeout: 60_000 });
  const bars = await slide.page.locator('.lab-chart').evaluate((svg) => {
    const px = (t) => { const m = t.getScreenCTM(); return Math.hypot(m.a, m.b) * parseFloat(getComputedStyle(t).fontSize); };
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')];
    const outside = texts.map((t) => t.getBoundingClientRect())
      .filter((r) => r.left < box.left - 1 || r.right > box.right + 1 || r.bottom > box.bottom + 1).length;
    return { smallest: Math.min(...texts.map(px)), names: Math.min(...texts.filter((t) => t.classList.contains('slanted')).map(px)), outside };
  });
  assert.ok(bars.smallest >= 11.5, `the keys-moved chart's smallest type in a slide is ${bars.smallest.toFixed(1)} px`);
  assert.ok(bars.names >= 12.5, `its bars' names ${bars.names.toFixed(1)} px`);
  assert.equal(bars.outside, 0, 'every word inside the chart');
  assert.deepEqual(problems, []);
  assert.deepEqual(phone.problems, []);
  assert.deepEqual(slide.problems, []);
});
