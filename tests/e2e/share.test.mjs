// Share links and run files: a run round-trips exactly (same trace hash, same moment), and a
// damaged link says what is wrong and opens the rest of its address.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS, showTab } from './harness.mjs';

let server, browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve({ prefix: '/share/under/a/path/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

const state = (page) => page.evaluate(() => ({
  hash: document.querySelector('[data-testid=trace-hash]').textContent,
  cursor: document.querySelector('[data-testid=cursor]').textContent,
  time: document.querySelector('[data-testid=time]').textContent,
  nodes: [...document.querySelectorAll('[data-node-id]')].map((n) => `${n.dataset.role}/${n.dataset.term}`),
  logs: [...document.querySelectorAll('[data-log-node]')].map((r) => `${r.dataset.commit}/${r.dataset.length}`),
  ring: [...document.querySelectorAll('[data-ring-node]')].map((r) => `${r.dataset.ringNode}/${r.dataset.state}/${r.dataset.keys}`),
}));

/** A run with user actions in it, paused a few events back from its head. */
async function makeRun(page) {
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  await page.getByRole('button', { name: 'Client write' }).click();
  await page.locator('[data-node-id="2"]').click();
  await page.getByTestId('inspector').getByRole('button', { name: 'Crash' }).click();
  // (From the keyboard: a link bent around a server has its box's centre off its stroke.)
  await page.locator('[data-link="1-3"]').press('Enter');
  await page.getByTestId('inspector').getByRole('button', { name: 'Cut N1 → N3' }).click();
  await showTab(page, 'Network');
  await page.getByRole('slider', { name: 'Message loss' }).fill('10');
  await showTab(page, 'Hash ring');
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Client write' }).click();
  await page.waitForTimeout(1000);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.locator('.shell').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
}

test('a share link reproduces the run exactly and lands on the same moment', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=5`);
  await makeRun(page);
  const before = await state(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(link.startsWith(`${server.url}?seed=5#run=3.`), link.slice(0, 80));
  assert.equal(page.url(), link, 'the address bar holds the link too');
  console.log(`share link: ${link.length} characters in all, ${link.split('#run=')[1].length} for the run`);
  await page.screenshot({ path: `${ARTIFACTS}/share.png` });
  const other = await openPage(browser, link);
  await other.page.waitForSelector('[data-node-id]');
  assert.deepEqual(await state(other.page), before);
  // It keeps running from there like the original would.
  await page.getByRole('button', { name: 'Step forward one event' }).click();
  await other.page.getByRole('button', { name: 'Step forward one event' }).click();
  assert.deepEqual(await state(other.page), await state(page));
  // The same link with a scenario in its address (edited by hand): the run opens as it was,
  // and a notice says the scenario was not used (it was dropped without a word).
  const edited = await openPage(browser, link.replace('?seed=5', '?seed=5&scenario=leader-crash'));
  await edited.page.waitForSelector('[data-node-id]');
  assert.deepEqual(await state(edited.page), before);
  assert.equal(await edited.page.getByTestId('scenario-caption').count(), 0);
  assert.match(await edited.page.getByTestId('info').textContent(), /^This link holds a run: it opened as it was saved, and the scenario named in the address was not used\./);
  // An untouched link says nothing.
  assert.equal(await other.page.getByTestId('info').count(), 0);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
  assert.deepEqual(edited.problems, []);
});

// A long run (nine servers, a client every 10 ms, 60 s: 1.6 million events) took seconds to
// replay in one piece, with the page frozen and nothing on it. It is replayed a slice per
// frame: the page stays live, says how far it has come, and Escape or Cancel stops it, keeping
// the run before it.
test('a long run opens a slice at a time with its progress, and can be cancelled', async () => {
  const query = (await readFile(new URL('../fixtures/long-run-link.txt', import.meta.url), 'utf8')).trim();
  const { page, problems } = await openPage(browser, `${server.url}${query}`);
  const opening = page.getByTestId('opening');
  await opening.waitFor({ timeout: 10_000 });
  assert.match(await opening.textContent(), /^Opening the run: [\d,]+ ms of its 60,000 ms replayed \([\d,]+ events so far\)\.Cancel$/);
  // Frames keep coming while it opens (none did in one piece), and the bar moves on.
  const frames = await page.evaluate(() => new Promise((done) => {
    let n = 0; const end = performance.now() + 1_000;
    const f = (t) => { n++; if (t < end) requestAnimationFrame(f); else done(n); };
    requestAnimationFrame(f);
  }));
  assert.ok(frames >= 10, `${frames} frames in a second while opening`);
  const bar = opening.locator('progress');
  const first = Number(await bar.getAttribute('value'));
  await page.waitForFunction((v) => Number(document.querySelector('[data-testid=opening] progress')?.value) > v, first);
  assert.equal(await bar.getAttribute('max'), '60000000');
  // Escape cancels: the run before it stays (the address's own, paused at its start) and the
  // link leaves the address bar, so a reload does not open it again.
  await page.keyboard.press('Escape');
  await opening.waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('info').textContent(), 'Opening the run was cancelled: the run before it was kept as it was.Dismiss');
  assert.equal(await page.getByTestId('cursor').textContent(), ' · event 0');
  assert.ok(!page.url().includes('#run='), page.url());
  await page.waitForTimeout(300);
  assert.equal(await page.getByTestId('cursor').textContent(), ' · event 0', 'nothing replays after the cancel');
  // In Chinese, cancelled with its button.
  const zh = await openPage(browser, `${server.url}${query.replace('?', '?lang=zh&')}`);
  const zhOpening = zh.page.getByTestId('opening');
  await zhOpening.waitFor({ timeout: 10_000 });
  assert.match(await zhOpening.textContent(), /^正在打开运行：已重放 60,000 ms 中的 [\d,]+ ms（已处理 [\d,]+ 个事件）。取消$/);
  await zh.page.screenshot({ path: `${ARTIFACTS}/opening-zh.png` });
  await zhOpening.getByRole('button', { name: '取消' }).click();
  await zhOpening.waitFor({ state: 'detached' });
  assert.equal(await zh.page.getByTestId('info').textContent(), '已取消打开运行：之前的运行保持不变。关闭');
  assert.deepEqual(problems, []);
  assert.deepEqual(zh.problems, []);
});

test('a run file downloads and opens to the same run', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=9&view=both`);
  // A fresh random seed: the ring's keys are drawn from it too, and must come back.
  await page.getByRole('button', { name: 'New random seed' }).click();
  const seed = await page.getByTestId('seed').textContent();
  console.log(`run file test with random seed ${seed}`);
  await makeRun(page);
  const before = await state(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download run file (JSON)' }).click(),
  ]);
  const path = `${ARTIFACTS}/run.json`;
  await download.saveAs(path);
  const json = JSON.parse(await readFile(path, 'utf8'));
  assert.equal(json.version, 3);
  assert.equal(json.seed, Number(await page.getByTestId('seed').textContent()));
  assert.notEqual(json.seed, 9, 'the new seed');
  assert.ok(json.commands.length >= 5, `${json.commands.length} commands`);
  const other = await openPage(browser, `${server.url}?paused=1`);
  await other.page.waitForSelector('[data-node-id]');
  await other.page.getByRole('button', { name: 'Share' }).click();
  await other.page.getByLabel('Open a run file').setInputFiles(path);
  await other.page.waitForFunction((h) => document.querySelector('[data-testid=trace-hash]').textContent === h, before.hash);
  await showTab(other.page, 'Hash ring');
  assert.deepEqual(await state(other.page), before);
  assert.equal(await other.page.locator('[data-ring-node]').count(), 5, 'the view came along');
  // A file that is not a run: a message, and the current run stays.
  await other.page.getByRole('button', { name: 'Share' }).click();
  await other.page.getByLabel('Open a run file').setInputFiles({ name: 'x.json', mimeType: 'application/json', buffer: Buffer.from('{"hello": 1}') });
  await other.page.getByTestId('run-problem').waitFor();
  assert.match(await other.page.getByTestId('run-problem').textContent(), /run file could not be opened: it has no "version" field/);
  assert.match(await other.page.getByTestId('run-problem').textContent(), /current run was kept/);
  assert.deepEqual(await state(other.page), before);
  // A run file edited by hand: the message says where it is wrong.
  const edited = { ...json, commands: json.commands.map((c, i) => (i === 1 ? { ...c, action: 'Crsh' } : c)) };
  // The dialog stayed open after the refused file.
  await other.page.getByLabel('Open a run file').setInputFiles({ name: 'edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(edited)) });
  await other.page.waitForFunction(() => document.querySelector('[data-testid=run-problem]')?.textContent.includes('commands[1]'));
  assert.match(await other.page.getByTestId('run-problem').textContent(), /not laid out as Ringleader expects \(commands\[1\]\.action: "Crsh" is not one of Crash, Restart,/);
  assert.deepEqual(await state(other.page), before);
  // Broken JSON: the line and the column where it breaks.
  await other.page.getByLabel('Open a run file').setInputFiles({ name: 'cut.json', mimeType: 'application/json', buffer: Buffer.from('{\n  "version": 3,\n  "seed": }') });
  await other.page.waitForFunction(() => document.querySelector('[data-testid=run-problem]')?.textContent.includes('not JSON'));
  assert.match(await other.page.getByTestId('run-problem').textContent(), /it is not JSON \(line 3, column 11\)/);
  assert.deepEqual(await state(other.page), before);
  assert.deepEqual(problems, []);
  assert.deepEqual(other.problems, []);
});

test('the largest seed a run may have downloads exactly; one more is refused with the range', async () => {
  const largest = '9007199254740991'; // 2^53 - 1
  const { page, problems } = await openPage(browser, `${server.url}?seed=${largest}&paused=1`);
  await page.waitForSelector('[data-node-id]');
  assert.equal(await page.getByTestId('seed').textContent(), largest);
  await page.getByRole('button', { name: 'Share' }).click();
  assert.match(await page.locator('.share-dialog input[type=text]').inputValue(), /#/, 'the link was made');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download run file (JSON)' }).click(),
  ]);
  const path = `${ARTIFACTS}/largest-seed.json`;
  await download.saveAs(path);
  // The number's own digits, not a rounded double.
  assert.match(await readFile(path, 'utf8'), new RegExp(`"seed": ?${largest}[,\n]`));
  assert.deepEqual(problems, []);
  const over = await openPage(browser, `${server.url}?seed=9007199254740992&paused=1`);
  const notice = over.page.getByRole('alert');
  await notice.waitFor();
  assert.match(await notice.textContent(), /seed=9007199254740992: expected a whole number from 0 to 9007199254740991/);
  assert.equal(await over.page.getByTestId('seed').textContent(), '1', 'the default seed');
  assert.deepEqual(over.problems, []);
});

test('damaged, truncated, edited and future links say what is wrong and open the rest of the address', async () => {
  const { page } = await openPage(browser, `${server.url}?seed=5`);
  await makeRun(page);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  const [prefix, body] = link.split('#run=');
  const flipped = body.slice(0, 40) + (body[40] === 'A' ? 'B' : 'A') + body.slice(41);
  const cases = [
    [`${prefix}#run=hello`, /not a Ringleader run/],
    [`${prefix}#run=${body.slice(0, Math.floor(body.length / 2))}`, /cut off|damaged/],
    [`${prefix}#run=${flipped}`, /damaged|impossible|cut off/],
    [`${prefix}#run=7.${body.slice(2)}`, /newer Ringleader/],
  ];
  for (const [url, message] of cases) {
    const { page: p, problems } = await openPage(browser, url);
    const notice = p.getByTestId('run-problem');
    await notice.waitFor();
    assert.match(await notice.textContent(), message, url.slice(-30));
    assert.match(await notice.textContent(), /opened a new run instead/);
    // The link was made on `?seed=5`: the address keeps that, and the rest is the default.
    assert.match(prefix, /\?seed=5/);
    assert.equal(await p.locator('[data-testid=seed]').textContent(), '5', "the address's seed");
    assert.ok(!p.url().includes('#'), 'the broken part left the address bar');
    assert.equal(await p.locator('[data-node-id]').count(), 5, 'default cluster');
    await p.waitForSelector('[data-role=leader]', { timeout: 30_000 });
    if (message.source.includes('newer')) await p.screenshot({ path: `${ARTIFACTS}/bad-link.png` });
    assert.deepEqual(problems, []);
    await p.close();
  }
  // The address's language wins over the one the run was shared in.
  {
    const [base, frag] = link.split('#');
    const { page: p, problems } = await openPage(browser, `${base}&lang=zh#${frag}`);
    await p.locator('[data-node-id]').first().waitFor();
    assert.equal(await p.locator('html').getAttribute('lang'), 'zh-Hans');
    assert.equal(await p.getByTestId('run-problem').count(), 0);
    assert.deepEqual(problems, []);
    await p.close();
  }
  // What a sentence or Markdown leaves at a pasted link's end is not the run's: it opens.
  for (const tail of [')', '.', '%20']) {
    const { page: p, problems } = await openPage(browser, `${link}${tail}`);
    await p.locator('[data-node-id]').first().waitFor();
    await p.waitForTimeout(300);
    assert.equal(await p.getByTestId('run-problem').count(), 0, tail);
    assert.deepEqual(problems, []);
    await p.close();
  }
  // The address's own settings still count.
  const { page: p, problems } = await openPage(browser, `${server.url}?seed=7&lang=zh#run=${body.slice(0, 30)}`);
  await p.getByTestId('run-problem').waitFor();
  assert.match(await p.getByTestId('run-problem').textContent(), /使用地址中的其他设置/);
  // A full-width colon ends the Chinese head: no space after it.
  assert.match(await p.getByTestId('run-problem').textContent(), /无法打开此链接：运行数据/);
  assert.equal(await p.locator('[data-testid=seed]').textContent(), '7');
  assert.deepEqual(problems, []);
});

test("the README's scenario file opens and plays; a broken one is refused with a reason", async () => {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const json = readme.match(/## Writing a scenario[\s\S]*?```json\n([\s\S]*?)```/)[1];
  const { page, problems } = await openPage(browser, `${server.url}?paused=1`);
  await page.waitForSelector('[data-node-id]');
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'my.json', mimeType: 'application/json', buffer: Buffer.from(json) });
  const caption = page.getByTestId('scenario-caption');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === '1', null, { timeout: 30_000 });
  assert.match(await caption.textContent(), /A leader is elected/);
  // The header's list shows the file's short name; the caption box its title.
  assert.equal(await page.locator('.scenario-picker').evaluate((s) => s.selectedOptions[0].text), 'Two crashes');
  assert.match(await caption.textContent(), /Two crashes, one after the other/);
  await page.keyboard.press('PageDown');
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]').dataset.cue === '2', null, { timeout: 30_000 });
  assert.equal(await page.locator('[data-role=crashed]').count(), 1, 'the leader crashed');
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByLabel('Open a scenario file').setInputFiles({ name: 'bad.json', mimeType: 'application/json',
    buffer: Buffer.from(json.replace('"at_ms": 700', '"at_ms": 100')) });
  await page.getByTestId('run-problem').waitFor();
  assert.match(await page.getByTestId('run-problem').textContent(), /step 2 comes before/);
  // In Chinese, the reason is Chinese too, with the file's own names and the same figures
  // (it quoted the reader's English: `"CrashLeadr" is not one of …`).
  const zh = await openPage(browser, `${server.url}?paused=1&lang=zh`);
  await zh.page.waitForSelector('[data-node-id]');
  const refused = async (text) => {
    if (await zh.page.locator('.share-dialog').count() === 0) await zh.page.getByRole('button', { name: '分享' }).click();
    await zh.page.getByLabel('打开场景文件').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    const notice = zh.page.getByTestId('run-problem');
    await notice.waitFor();
    const said = await notice.textContent();
    await notice.getByRole('button').first().click();
    await notice.waitFor({ state: 'detached' });
    return said;
  };
  const misspelled = await refused(json.replace('["CrashLeader"]', '["CrashLeadr"]'));
  assert.match(misspelled, /steps\[1\]\.actions\[0\]：“CrashLeadr”不是 Act、CrashLeader、/);
  assert.doesNotMatch(misspelled, /is not one of/);
  assert.match(await refused(json.replace('"at_ms": 700', '"at_ms": 100')), /第 2 步的时间早于上一步/);
  assert.match(await refused(json.replace('"seed": 3', '"seed": "3"')), /seed：应为整数，实际是字符串/);
  // A step the ring refuses at its moment (its node taken out twice) is said on the error
  // line in the page's language (it said the ring's English in both).
  const twice = json.replace('["CrashLeader"]', '[{ "RingRemove": "N3" }, { "RingRemove": "N3" }]');
  for (const [p, lang, said] of [[page, 'en', 'A scenario step could not be carried out: there is no ring node N3.'],
    [zh.page, 'zh', '场景中的一步无法执行：环上没有节点 N3。']]) {
    if (await p.locator('.share-dialog').count() === 0) await p.getByRole('button', { name: lang === 'en' ? 'Share' : '分享' }).click();
    await p.getByLabel(lang === 'en' ? 'Open a scenario file' : '打开场景文件').setInputFiles({ name: 'twice.json', mimeType: 'application/json', buffer: Buffer.from(twice) });
    await p.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === '1', null, { timeout: 30_000 });
    await p.keyboard.press('PageDown');
    const error = p.locator('.notice.error');
    await error.waitFor({ timeout: 30_000 });
    assert.equal((await error.textContent()).replace(/(Dismiss|关闭)$/, '').trim(), said);
  }
  assert.deepEqual([...problems, ...zh.problems], []);
});

test('exports: the stage as SVG and PNG, the ring as PNG, the trace as JSON', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&view=both`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const cursor = Number((await page.getByTestId('cursor').textContent()).match(/(\d+)$/)[1]);
  const grab = async (name) => {
    await page.getByRole('button', { name: 'Share' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    const path = `${ARTIFACTS}/${download.suggestedFilename()}`;
    await download.saveAs(path);
    await page.getByRole('button', { name: 'Share' }).click();
    return { path, bytes: await readFile(path) };
  };
  const svg = (await grab('Export picture (SVG)')).bytes.toString('utf8');
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.match(svg, /data-role="leader"/);
  assert.match(svg, /<style>/, 'the styles travel with the picture');
  const png = await grab('Export picture (PNG)');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  const trace = JSON.parse((await grab('Export trace (JSON)')).bytes.toString('utf8'));
  assert.equal(trace.format, 'ringleader-trace');
  assert.equal(trace.events.length, cursor);
  assert.equal(trace.trace_hash, await page.getByTestId('trace-hash').textContent());
  await page.getByRole('button', { name: 'Hash ring' }).click();
  const ringPng = await grab('Export picture (PNG)');
  assert.deepEqual([...ringPng.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
  assert.deepEqual(problems, []);
});

test('the address bar follows the language, the view and the scenario, so a reload opens what is on screen', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?lang=en&scenario=leader-crash&seed=4`);
  await page.getByTestId('scenario-caption').waitFor();
  await page.locator('.scenario-picker').selectOption('partition');
  await page.getByRole('button', { name: '中文' }).click();
  await page.waitForFunction(() => location.search.includes('lang=zh') && location.search.includes('scenario=partition'));
  assert.match(page.url(), /seed=4/, 'other settings kept');
  await page.reload();
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  assert.match(await caption.locator('.scenario-title').textContent(), /网络分区/);
  await caption.getByRole('button', { name: '退出场景' }).click();
  await page.waitForFunction(() => !location.search.includes('scenario='));
  await page.getByRole('button', { name: '哈希环' }).first().click();
  await page.waitForFunction(() => location.search.includes('view=ring'));
  assert.deepEqual(problems, []);
});
