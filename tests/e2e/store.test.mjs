// The quorum store's view: its ring, messages and history in free play; its four scenarios
// with what their captions and the history view say; its fault controls and settings; its
// share links (and a damaged one); the Chinese page.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS } from './harness.mjs';

let server, browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve({ prefix: '/courses/distributed/ringleader/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

const verdict = (page) => page.locator('[data-testid=history] .verdict');

/// Waits until a line of the store's event feed matches `pattern`.
async function told(page, pattern) {
  await page.waitForFunction(([source, flags]) => [...document.querySelectorAll('[data-testid=store-feed] li')]
    .some((li) => new RegExp(source, flags).test(li.textContent)), [pattern.source, pattern.flags], { timeout: 10_000 });
}

/// Press Next until cue `want` shows: opened paused, the first press plays the first cue's
/// part of the run, and a press while a cue's part plays goes on to the next cue.
async function nextTo(page, want) {
  const caption = page.getByTestId('scenario-caption');
  for (let presses = 0; presses < 3 && await caption.getAttribute('data-cue') !== want; presses++) {
    await caption.getByRole('button', { name: /Next/ }).click();
    await page.waitForTimeout(200);
  }
}

/// Play a scenario cue by cue at 20×, waiting for each cue's part of the run to end.
async function playScenario(page, id, cues) {
  await page.locator('.scenario-picker').selectOption(id);
  await page.locator('.controls .speed select').selectOption({ label: '20×' });
  const caption = page.getByTestId('scenario-caption');
  for (let cue = 1; cue <= cues; cue++) {
    await assert.doesNotReject(caption.locator(`xpath=self::*[@data-cue="${cue}"]`).waitFor());
    // The cue's part of the run has played once playback stops by itself.
    await page.locator('.controls .play[data-paused=true]').waitFor({ timeout: 20_000 });
    if (cue < cues) await page.keyboard.press('PageDown');
  }
  return caption;
}

test('free play: nodes on the ring, clients, messages on their way and a growing history', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store`);
  const stage = page.getByTestId('store-stage');
  await stage.waitFor();
  assert.equal(await stage.locator('.snode').count(), 5);
  assert.equal(await stage.locator('.sclient').count(), 2);
  assert.match(await page.getByTestId('store-nwr').textContent(), /N = 3 · W = 2 · R = 2 · R \+ W > N/);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '0.5×' });
  await stage.locator('.flight').first().waitFor({ timeout: 30_000 });
  await page.locator('[data-testid=history] .op').nth(3).waitFor({ timeout: 30_000 });
  // Every key the workload touches has a preference list of N = 3 nodes on the stage.
  const x = stage.locator('.key[data-key=x] title');
  assert.match(await x.textContent(), /^x: N\d, N\d, N\d$/);
  await page.screenshot({ path: `${ARTIFACTS}/store-free-play.png` });
  assert.deepEqual(problems, []);
});

test('R + W ≤ N: the history marks the stale read and says which write it missed', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store`);
  const caption = await playScenario(page, 'quorum-stale', 3);
  assert.match(await caption.textContent(), /the get returns ∅ although put x\s=\s1 completed before the get began/);
  assert.equal(await verdict(page).getAttribute('data-ok'), 'false');
  assert.match(await verdict(page).textContent(), /C2's get x → ∅ began after put x=1 had completed, yet did not see it/);
  assert.equal(await page.locator('[data-testid=history] .op.stuck').count(), 1);
  assert.match(await page.getByTestId('store-nwr').textContent(), /R \+ W ≤ N/);
  // The versions that decide which value wins are legible at 1280×720 (they were 11 px).
  const versions = await page.locator('.store-stage .data .ver').evaluateAll((tags) => tags.map((v) =>
    parseFloat(getComputedStyle(v).fontSize) * v.ownerSVGElement.getScreenCTM().a));
  assert.ok(versions.length >= 1 && versions.every((px) => px >= 12), `version tags at ${versions.map((px) => px.toFixed(1))} px`);
  // So are the history's labels and order tags the captions point to (they were 12.5 and
  // 10.7 px).
  const drawn = (selector) => page.locator(`[data-testid=history] ${selector}`).evaluateAll((els) => els.map((v) =>
    parseFloat(getComputedStyle(v).fontSize) * v.ownerSVGElement.getScreenCTM().a));
  const [labels, tags] = [await drawn('.op .label'), await drawn('.rank text')];
  assert.ok(labels.length >= 2 && labels.every((px) => px >= 14), `history labels at ${labels.map((px) => px.toFixed(1))} px`);
  assert.ok(tags.length >= 1 && tags.every((px) => px >= 12), `order tags at ${tags.map((px) => px.toFixed(1))} px`);
  await page.screenshot({ path: `${ARTIFACTS}/store-stale.png` });
  assert.deepEqual(problems, []);
});

test('without write-back a later read returns an older value; with it, the same story is linearizable', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store`);
  await playScenario(page, 'quorum-no-write-back', 4);
  // C1 cut off from some of x's nodes, not a partition: drawn link by link.
  assert.ok(await page.locator('.store-stage .cut').count() > 0);
  assert.equal(await page.getByTestId('store-sides').count(), 0);
  assert.equal(await verdict(page).getAttribute('data-ok'), 'false');
  assert.match(await verdict(page).textContent(),
    /C2's get x → 1 began after C2's get x → 2 had returned, yet no write of 1 can come between them/);
  // At the end, every operation the verdict names is labelled, and no two labels meet ("put
  // x=1put x=2 …" ran together, and the get x → 2 the verdict names had none).
  await page.keyboard.press('PageDown');
  await page.getByTestId('scenario-caption').locator('xpath=self::*[@data-cue="5"]').waitFor();
  await page.locator('.controls .play[data-paused=true]').waitFor({ timeout: 20_000 });
  const labels = await page.locator('[data-testid=history] .op text.label').evaluateAll((all) =>
    all.map((t) => { const r = t.getBoundingClientRect(); return { text: t.textContent, r: [r.left, r.top, r.right, r.bottom] }; }));
  assert.deepEqual(labels.map((l) => l.text).sort(), ['get x → 1', 'get x → 2', 'put x=1', 'put x=2 …']);
  for (const a of labels) {
    for (const b of labels) {
      const meet = a !== b && a.r[0] < b.r[2] && b.r[0] < a.r[2] && a.r[1] < b.r[3] && b.r[1] < a.r[3];
      assert.ok(!meet, `"${a.text}" meets "${b.text}"`);
    }
  }
  await page.screenshot({ path: `${ARTIFACTS}/store-no-write-back.png` });
  await playScenario(page, 'quorum-write-back', 4);
  assert.equal(await verdict(page).getAttribute('data-ok'), 'true');
  const bars = await page.locator('[data-testid=history] .op').evaluateAll((ops) => ops.map((o) => o.textContent));
  assert.ok(bars.some((b) => b.includes('get x → 2')), bars.join(' | '));
  assert.ok(!bars.some((b) => b.includes('get x → 1')), bars.join(' | '));
  assert.deepEqual(problems, []);
});

test('a sloppy quorum: stand-ins hold hints during the partition and hand them over after', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&lang=zh`);
  const caption = await playScenario(page, 'quorum-sloppy', 2);
  assert.match(await caption.textContent(), /把 x\s=\s1 作为提示暂存/);
  // Two stand-ins show x = 1 kept for another node.
  assert.equal(await page.locator('.store-stage .data .hint').count(), 2);
  // The partition drawn as its two sides: every member ringed, the sides named.
  assert.match(await page.getByTestId('store-sides').textContent(), /^网络分区：[NC\d ]+ \| [NC\d ]+$/);
  assert.equal(await page.locator('.store-stage .halo').count(), 5);
  assert.equal(await page.locator('.store-stage .sclient.side-0, .store-stage .sclient.side-1').count(), 2);
  assert.equal(await page.locator('.store-stage .cut').count(), 0);
  // The event feed tells the stand-ins and the put stored.
  await told(page, /^[\d.]+ msC1 写入 x = 1：写入阶段没有及时收到足够的确认；第 2 轮（共 3 轮）请 N\d 代替 N\d、N\d 代替 N\d（宽松 Quorum）$/);
  await told(page, /^[\d.]+ msC1 的写入 x = 1 完成：W = 2 个节点已确认$/);
  await page.screenshot({ path: `${ARTIFACTS}/store-sloppy-zh.png` });
  await page.keyboard.press('PageDown');
  await page.locator('.controls .play[data-paused=true]').waitFor({ timeout: 20_000 });
  assert.equal(await verdict(page).getAttribute('data-ok'), 'false');
  assert.match(await verdict(page).textContent(), /不是线性一致的/);
  await page.keyboard.press('PageDown');
  await page.locator('.controls .play[data-paused=true]').waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.store-stage .data .hint').count(), 0);
  assert.equal(await page.getByTestId('store-sides').count(), 0, 'healed: no sides');
  await told(page, /^[\d.]+ msN\d 把替 N\d 暂存的 x 转交给了 N\d（提示转交）$/);
  assert.equal(await page.locator('.store-stage .halo, .store-stage .sclient[class*=side]').count(), 0);
  // C2's last read comes after where the search stopped: a bar with neither a tag nor ✗, and
  // the verdict says why (it named only the two).
  await page.keyboard.press('PageDown');
  await page.locator('.controls .play[data-paused=true]').waitFor({ timeout: 20_000 });
  assert.match(await verdict(page).textContent(), /既无标签也无 ✗ 的操作不在这个次序里/);
  assert.deepEqual(problems, []);
});

test('faults and settings: crash a node, cut members off, change W; a share link reopens the same run', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&seed=9`);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  const n2 = page.locator('.snode[data-node=N2]');
  await n2.click();
  await page.getByTestId('store-node-actions').getByRole('button', { name: 'Crash' }).click();
  assert.equal(await n2.getAttribute('data-state'), 'down');
  await told(page, /^[\d.]+ msN2 crashed \(a replica keeps what it stored: it is on disk\)$/);
  // The keyboard: 3 selects N3, i cuts it off.
  await page.locator('body').press('3');
  await page.locator('body').press('i');
  assert.equal(await page.locator('.snode[data-node=N3]').getAttribute('data-state'), 'isolated');
  await told(page, /^[\d.]+ msN3 was cut off from every other node and client$/);
  assert.match(await page.getByTestId('store-sides').textContent(), /^Partition: N1 N2 N4 N5 C1( C\d)* \| N3$/);
  // A node cut off alone: it is marked, not everyone else.
  assert.deepEqual(await page.locator('.store-stage .halo').evaluateAll((h) => h.map((c) => c.dataset.member)), ['N3']);
  assert.equal(await page.locator('.store-stage .sclient[class*=side]').count(), 0);
  assert.equal(await page.locator('[data-testid=store-sides] tspan[class^=side]').count(), 1);
  await page.locator('.chip[data-member=C1]').click();
  await page.locator('.chip[data-member=N1]').click();
  await page.getByTestId('store-split').click();
  // A partition is drawn as its sides (nodes ringed, clients tinted, the sides named), not as a
  // mesh of cut links: C1 and N1 against the rest (N3 among them: the split replaced its cut).
  assert.equal(await page.locator('.store-stage .cut').count(), 0);
  assert.equal(await page.getByTestId('store-sides').textContent(), 'Partition: N1 C1 | N2 N3 N4 N5 C2');
  await told(page, /^[\d.]+ msEvery link was healed, then the network was split: N1 C1 \| N2 N3 N4 N5 C2 \(every link between the sides is cut\)$/);
  assert.equal(await page.locator('.store-stage .halo[data-member=N3]').getAttribute('data-side'), 'side-1');
  assert.equal(await page.locator('.store-stage .halo[data-member=N1]').getAttribute('data-side'), 'side-0');
  assert.match(await page.locator('.store-stage .sclient[data-client=C1]').getAttribute('class'), /\bside-0\b/);
  await page.waitForTimeout(1500);
  await page.keyboard.press(' ');
  const clock = await page.getByTestId('clock').textContent();
  await page.getByRole('button', { name: 'Share' }).click();
  const url = await page.locator('.share-dialog input[type=text]').inputValue();
  assert.match(url, /#store=1\./);
  // The dialog says what this link holds; the cluster's run file and trace are not offered
  // beside it (the run file saved the cluster's run, which then could not be opened).
  assert.match(await page.locator('.share-dialog .explain').first().textContent(), /the store's run/);
  assert.equal(await page.locator('.share-dialog').getByRole('button', { name: /Download run file|Export trace/ }).count(), 0);
  // The dialog is closed before the page under it is used again (it is inert under one).
  await page.keyboard.press('Escape');
  const again = await openPage(browser, url);
  await again.page.getByTestId('store-stage').waitFor();
  assert.equal(await again.page.getByTestId('clock').textContent(), clock);
  assert.equal(await again.page.locator('.snode[data-node=N2]').getAttribute('data-state'), 'down');
  assert.equal(await again.page.locator('.snode[data-node=N1]').getAttribute('data-state'), 'up');
  assert.equal(await again.page.locator('[data-testid=history] .op').count(),
    await page.locator('[data-testid=history] .op').count());
  // The same link with its key edited to the cluster's (`#run=`) is still the store's run:
  // it was refused as damaged.
  const misfiled = await openPage(browser, url.replace('#store=', '#run='));
  await misfiled.page.getByTestId('store-stage').waitFor();
  assert.equal(await misfiled.page.getByTestId('clock').textContent(), clock);
  assert.equal(await misfiled.page.locator('.snode[data-node=N2]').getAttribute('data-state'), 'down');
  assert.equal(await misfiled.page.getByTestId('run-problem').count(), 0);
  assert.deepEqual(misfiled.problems, []);
  // A setting restarts the run and says what R + W means now.
  await page.getByTestId('store-w').fill('1');
  await page.getByTestId('store-w').press('Enter');
  await page.getByTestId('store-w').blur();
  assert.match(await page.getByTestId('store-overlap').textContent(), /R \+ W ≤ N/);
  // What is not a whole number leaves the setting, and the field shows it.
  await page.getByTestId('store-r').fill('1.5');
  await page.getByTestId('store-r').press('Enter');
  assert.equal(await page.getByTestId('store-r').inputValue(), '2');
  // N lowered below R lowers R with it, and says so (it did so silently).
  await page.getByTestId('store-n').fill('1');
  await page.getByTestId('store-n').press('Enter');
  assert.equal(await page.getByTestId('store-r').inputValue(), '1');
  assert.match(await page.getByTestId('info').textContent(), /W and R cannot exceed N = 1: W is now 1 and R 1\./);
  assert.deepEqual(problems, []);
  assert.deepEqual(again.problems, []);
});

test("the store's event feed says what just happened, and a line's time goes to that moment", async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&seed=2&speed=20`);
  await told(page, /^[\d.]+ msC\d (put|get) x/);
  await page.waitForTimeout(1500);
  await page.keyboard.press(' ');
  await page.locator('.controls .play[data-paused=true]').waitFor();
  const lines = page.locator('[data-testid=store-feed] li');
  assert.equal(await lines.count(), 6);
  // The oldest line shown: its time button puts the run back at that moment, where it is the
  // latest line.
  const oldest = lines.last();
  const when = (await oldest.locator('button.when').textContent()).trim();
  const what = (await oldest.textContent()).trim();
  await oldest.locator('button.when').click();
  await page.waitForFunction((w) => document.querySelector('[data-testid=clock]').textContent.startsWith(`t = ${w}`), when);
  assert.equal((await lines.first().textContent()).trim(), what);
  // The caption under the stage tells the same line, as news at its own moment.
  const caption = page.getByTestId('store-caption');
  assert.equal(`${when}${(await caption.textContent()).trim()}`, what);
  assert.doesNotMatch(await caption.getAttribute('class'), /steady/);
  assert.deepEqual(problems, []);
});

test('free play: the caption under the stage says what starts the first operation, then what just happened', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&lang=zh&paused=1`);
  const caption = page.getByTestId('store-caption');
  assert.equal(await caption.textContent(), '还没有发生任何事：每个客户端过一段间隔后，会自行发起一个操作。');
  // Without the clients' own workload, the buttons start operations.
  await page.getByRole('checkbox', { name: '客户端自行发送操作' }).click();
  assert.equal(await caption.textContent(), '还没有发生任何事：按“客户端”下的“写入 x”或“读取 x”发起一个操作。');
  // A slide has no panel and no buttons: its caption names the keys, and they start one.
  await page.getByRole('button', { name: '分享' }).click();
  const url = new URL(await page.locator('.share-dialog input[type=text]').inputValue());
  await page.keyboard.press('Escape');
  url.searchParams.set('embed', '1');
  const slide = await openPage(browser, url.toString(), { viewport: { width: 800, height: 450 } });
  const slideCaption = slide.page.getByTestId('store-caption');
  assert.equal(await slideCaption.textContent(), '还没有发生任何事：按 W 键让 C1 写入 x，按 R 键让它读取 x。');
  await slide.page.locator('body').press('w');
  await slide.page.locator('body').press('ArrowRight');
  await slide.page.waitForFunction(() => /^C1 写入 x/.test(document.querySelector('[data-testid=store-caption]').textContent));
  assert.deepEqual(slide.problems, []);
  await page.locator('.client-ops[data-client=C1]').getByRole('button', { name: '写入 x' }).click();
  await page.locator('.controls .play').click();
  await page.waitForFunction(() => /^C1 写入 x/.test(document.querySelector('[data-testid=store-caption]').textContent));
  await told(page, /^[\d.]+ msC1 的写入 x = \S+ 完成/);
  await page.locator('.controls .play').click();
  // The newest line of the feed, told as news.
  const newest = (await page.locator('[data-testid=store-feed] li').first().textContent()).trim();
  assert.ok(newest.endsWith(await caption.textContent()), `${newest} ends with the caption`);
  assert.deepEqual(problems, []);
});

test("the store's caption keeps its height as its lines grow and shrink, and a notice stands clear of it", async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&paused=1`, { viewport: { width: 1024, height: 768 } });
  const caption = page.getByTestId('store-caption');
  const stage = page.getByTestId('store-stage');
  // A setting restarts the run and says so, over the room under the ring, not over the caption.
  await page.getByTestId('store-write-back').click();
  await page.locator('.notice').first().waitFor();
  const [c, n] = [await caption.boundingBox(), await page.locator('.notices').boundingBox()];
  assert.ok(n.y + n.height <= c.y || n.y >= c.y + c.height, `the notices (${n.y}–${n.y + n.height}) leave the caption (${c.y}–${c.y + c.height}) in sight`);
  const idle = [(await caption.boundingBox()).height, (await stage.boundingBox()).height];
  // A write-back put's call is the longest line: three or four lines of the page's type.
  await page.locator('.client-ops[data-client=C1]').getByRole('button', { name: 'put x' }).click();
  await page.locator('.controls .play').click();
  await page.waitForFunction(() => /^C1 put x = \S+: it first asks/.test(document.querySelector('[data-testid=store-caption]').textContent));
  await page.locator('.controls .play').click();
  const busy = [(await caption.boundingBox()).height, (await stage.boundingBox()).height];
  assert.ok(Math.abs(busy[0] - idle[0]) <= 1 && Math.abs(busy[1] - idle[1]) <= 1,
    `caption and stage ${idle} while idle, ${busy} with the long line`);
  assert.equal(await caption.evaluate((c) => c.scrollHeight <= c.clientHeight + 1), true, 'the line fits its box');
  assert.deepEqual(problems, []);
});

test('a damaged store link says why and opens the defaults', async () => {
  const { page, problems } = await openPage(browser, `${server.url}#store=1.AAAA`);
  const notice = page.getByTestId('run-problem');
  await notice.waitFor();
  assert.match(await notice.textContent(), /link/i);
  assert.deepEqual(problems, []);
});

test('an embedded store scenario opens from the URL, paused at its start, and a clicker moves through it', async () => {
  const { page, problems } = await openPage(browser,
    `${server.url}?embed=1&scenario=quorum-write-back&paused=1&speed=20`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  assert.equal(await caption.getAttribute('data-cue'), '1');
  await page.waitForTimeout(500);
  assert.match(await page.getByTestId('clock').textContent(), /^t = 0\.0 ms/);
  await page.locator('.shell').focus();
  // Paused at the first cue's start, a click plays its part of the run, which the caption
  // announces (it skipped to the second cue: the first cue's put never showed).
  await page.keyboard.press('PageDown');
  await page.locator('button.play[data-paused=false]').waitFor();
  await page.locator('button.play[data-paused=true]').waitFor({ timeout: 30_000 });
  assert.equal(await caption.getAttribute('data-cue'), '1');
  assert.doesNotMatch(await page.getByTestId('clock').textContent(), /^t = 0\.0 ms/);
  await page.keyboard.press('PageDown');
  await caption.locator('xpath=self::*[@data-cue="2"]').waitFor();
  assert.match(await caption.textContent(), /cut while its writes are on their way/);
  assert.deepEqual(problems, []);
});

test("a step into a store scenario's last cue leaves its Next button live until that cue's part of the run has played", async () => {
  // The button said "the end" and did nothing while the clicker's key played the last part.
  const { page, problems } = await openPage(browser, `${server.url}?view=store&scenario=quorum-stale&paused=1&speed=20`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  const cues = await caption.getAttribute('data-cues');
  const next = caption.locator('button.next');
  // To the end of the cue before the last (four cues: the third).
  assert.equal(cues, '4');
  await nextTo(page, '3');
  await page.locator('button.play[data-paused=true]').waitFor({ timeout: 30_000 });
  const step = page.getByRole('button', { name: 'Step forward one event' });
  for (let i = 0; i < 50 && await caption.getAttribute('data-cue') !== cues; i++) await step.click();
  assert.equal(await caption.getAttribute('data-cue'), cues);
  assert.equal(await next.getAttribute('aria-disabled'), 'false', 'Next plays the last cue\'s part');
  const before = await page.getByTestId('clock').textContent();
  await next.click();
  await page.waitForFunction((b) => document.querySelector('[data-testid=clock]').textContent !== b
    && document.querySelector('button.play').getAttribute('data-paused') === 'true', before, { timeout: 30_000 });
  assert.equal(await next.getAttribute('aria-disabled'), 'true', 'the end');
  assert.deepEqual(problems, []);
});

// Keys' names written over one another or over a node's circle (two keys in one gap between
// nodes wrote one name over the other).
function keyNameClashes(page) {
  return page.evaluate(() => {
    const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    const names = [...document.querySelectorAll('.store-stage .key-name')].map((t) => [t.textContent, t.getBoundingClientRect()]);
    const circles = [...document.querySelectorAll('.store-stage .snode')].map((g) => [g.dataset.node, g.querySelector('circle').getBoundingClientRect()]);
    return names.flatMap(([a, r], i) => [
      ...names.slice(i + 1).filter(([, q]) => meet(r, q)).map(([b]) => `${a} over ${b}`),
      ...circles.filter(([, c]) => meet(r, c)).map(([n]) => `${a} over ${n}`),
    ]);
  });
}

test("keys' names stand clear of each other and of the nodes, also where two keys sit close together in a slide", async () => {
  // In an 800 × 450 slide of the default store, x and y sit in one gap beside N1.
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&view=store&paused=1`, { viewport: { width: 800, height: 450 } });
  await page.locator('.store-stage .key-name').nth(1).waitFor();
  assert.deepEqual(await keyNameClashes(page), []);
  // Each name is tied to its own dot: the names keep the dots' order along the ring.
  assert.ok(await page.locator('.store-stage .key .tie').count() > 0, 'names moved apart are tied to their dots');
  assert.deepEqual(problems, []);
  await page.close();
});

test('every key\'s dot stands clear of the nodes, and a node chosen with Enter shows its actions at the panel\'s top', async () => {
  for (const nodes of [3, 5, 7]) {
    const { page, problems } = await openPage(browser, `${server.url}?view=store`);
    await page.getByTestId('store-nodes').fill(String(nodes));
    await page.getByTestId('store-nodes').dispatchEvent('change');
    await page.locator('.snode').nth(nodes - 1).waitFor();
    const clash = await page.evaluate(() => {
      const circles = [...document.querySelectorAll('.snode circle')].map((c) => c.getBoundingClientRect());
      return [...document.querySelectorAll('.key-dot')].map((d) => d.getBoundingClientRect())
        .filter((d) => circles.some((c) => {
          const [dx, dy] = [d.x + d.width / 2 - (c.x + c.width / 2), d.y + d.height / 2 - (c.y + c.height / 2)];
          return Math.hypot(dx, dy) < (c.width + d.width) / 2;
        })).length;
    });
    assert.equal(clash, 0, `${nodes} nodes: a key's dot under a node`);
    assert.deepEqual(await keyNameClashes(page), [], `${nodes} nodes`);
    assert.deepEqual(problems, []);
    await page.close();
  }
  const { page, problems } = await openPage(browser, `${server.url}?view=store`);
  await page.locator('.snode').nth(1).focus();
  await page.keyboard.press('Enter');
  const actions = page.getByTestId('store-node-actions');
  await actions.waitFor();
  const [top, clients] = await Promise.all([actions.boundingBox(), page.locator('.client-ops[data-client=C1]').boundingBox()]);
  assert.ok(top.y < clients.y, 'the chosen node\'s actions come before the clients\' buttons');
  assert.ok(top.y + top.height <= 720, 'and on screen');
  await page.keyboard.press('c');
  await page.locator('.snode[data-node=N2][data-state=down]').waitFor();
  assert.deepEqual(problems, []);
});

test('a viewer who crashes a node in a store scenario takes it off its script; Back plays the story again', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store`);
  const caption = await playScenario(page, 'quorum-stale', 2);
  const told = await caption.textContent();
  await page.locator('g.snode').first().click();
  await page.keyboard.press('c');
  await assert.doesNotReject(caption.getByText(/You changed the run/).waitFor({ timeout: 5_000 }));
  assert.ok(!(await caption.textContent()).includes(told.slice(-40)), 'the cue\'s caption is gone');
  // Next does nothing now; the share link is free play.
  await page.locator('.shell').focus();
  await page.keyboard.press('PageDown');
  assert.match(await caption.textContent(), /You changed the run/);
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  assert.ok(!link.includes('scenario='), link);
  await page.keyboard.press('Escape');
  // Back replays the story to its first cue, on script again.
  await page.locator('.shell').focus();
  await page.keyboard.press('PageUp');
  await assert.doesNotReject(caption.locator('xpath=self::*[@data-cue="1"]').waitFor({ timeout: 10_000 }));
  assert.doesNotMatch(await caption.textContent(), /You changed the run/);
  assert.deepEqual(problems, []);
});

// A node at the top has its data above it, and lines run down: with two or more, they fell
// into its circle.
test("no node's data lines run into a node's circle, with six keys", async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&speed=5`);
  const keys = page.locator('.store-panel label', { hasText: 'Keys' }).locator('input');
  await keys.fill('6');
  await keys.press('Enter');
  await keys.blur();
  // Until the top node holds two values or more.
  await page.waitForFunction(() => {
    const top = [...document.querySelectorAll('.store-stage .snode')]
      .sort((a, b) => a.querySelector('circle').getBoundingClientRect().top - b.querySelector('circle').getBoundingClientRect().top)[0];
    return top.querySelectorAll('.data > tspan').length >= 2;
  }, null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const clash = await page.evaluate(() => {
    const circles = [...document.querySelectorAll('.store-stage .snode')].map((g) => [g.dataset.node, g.querySelector('circle').getBoundingClientRect()]);
    for (const g of document.querySelectorAll('.store-stage .snode')) {
      for (const line of g.querySelectorAll('.data > tspan')) {
        const r = line.getBoundingClientRect();
        for (const [name, c] of circles) {
          const inset = 4;
          if (r.left < c.right - inset && r.right > c.left + inset && r.top < c.bottom - inset && r.bottom > c.top + inset) {
            return `${g.dataset.node}'s "${line.textContent}" over ${name}'s circle`;
          }
        }
      }
    }
    return null;
  });
  assert.equal(clash, null);
  assert.deepEqual(await keyNameClashes(page), []);
  assert.deepEqual(problems, []);
});

test("in a slide, the N, W, R line at the stage's top left is clear of every node's data", async () => {
  // The sloppy quorum's cues 2 and 3 in a 960 × 540 slide: N4, at the top, had its hint
  // "x=1 → N3" above it, through the end of "R + W > N".
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&scenario=quorum-sloppy&paused=1`, { viewport: { width: 960, height: 540 } });
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  for (const cue of ['2', '3']) {
    if (await caption.getAttribute('data-cue') !== cue) await nextTo(page, cue);
    await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', cue, { timeout: 30_000 });
    const clash = await page.evaluate(() => {
      const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const heads = [...document.querySelectorAll('.store-stage [data-testid=store-nwr], .store-stage .sides')];
      for (const line of document.querySelectorAll('.store-stage .data > tspan')) {
        for (const head of heads) {
          if (meet(line.getBoundingClientRect(), head.getBoundingClientRect())) return `"${line.textContent}" over "${head.textContent}"`;
        }
      }
      return null;
    });
    assert.equal(clash, null, `cue ${cue}`);
  }
  assert.ok(await page.locator('.store-stage .data .hint').count() > 0, 'a hint on the stage');
  assert.deepEqual(problems, []);
});

test("in an 800 × 450 slide, a value's version reads nearly as large as the value", async () => {
  // The sloppy quorum's third cue: hints and versions on four nodes. Versions were 10.5 px
  // there (the data 13.5 px), too small for the back of a room.
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&scenario=quorum-sloppy&paused=1`, { viewport: { width: 800, height: 450 } });
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  for (const cue of ['2', '3']) {
    await nextTo(page, cue);
    await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', cue, { timeout: 30_000 });
  }
  const sizes = await page.evaluate(() => {
    const px = (el) => el.getScreenCTM().a * parseFloat(getComputedStyle(el).fontSize);
    return [...document.querySelectorAll('.store-stage .data .ver')].map((ver) => [px(ver), px(ver.closest('.data'))]);
  });
  assert.ok(sizes.length >= 4, `versions on the stage: ${sizes.length}`);
  for (const [ver, data] of sizes) {
    assert.ok(ver >= 11.5 && ver >= 0.85 * data, `a version ${ver.toFixed(1)} px beside data ${data.toFixed(1)} px`);
  }
  assert.deepEqual(problems, []);
});

test('the legend draws the store\'s messages as swatches, their words beside them', async () => {
  // The store's swatches are drawn with the stage's classes, whose size rule (the whole box)
  // made each a circle 200 px across, its words squeezed into a column a few characters wide.
  const { page, problems } = await openPage(browser, `${server.url}?view=store&lang=zh`);
  await page.getByTestId('store-stage').waitFor();
  await page.getByRole('button', { name: '图例' }).click();
  const swatches = page.locator('.legend-overlay svg.swatch-svg');
  assert.ok(await swatches.count() >= 4, 'the store\'s message swatches');
  for (const box of await swatches.evaluateAll((all) => all.map((s) => s.getBoundingClientRect().toJSON()))) {
    assert.ok(box.width <= 40 && box.height <= 40, `a swatch ${box.width} × ${box.height} px`);
  }
  const rows = await page.locator('.legend-overlay li').evaluateAll((all) => all.map((li) => li.getBoundingClientRect().height));
  assert.ok(Math.max(...rows) < 80, `a legend line ${Math.max(...rows)} px high`);
  // The store's own entries come first, in sight (they were last, below Raft's, out of view).
  const first = await page.locator('.legend-columns > section').evaluateAll((all) =>
    all.map((s) => ({ top: s.getBoundingClientRect().top, left: s.getBoundingClientRect().left, h: s.querySelector('h3').textContent }))
      .sort((a, b) => a.top - b.top || a.left - b.left)[0].h);
  assert.equal(first, 'Quorum 存储');
  assert.deepEqual(problems, []);
});

test('on a phone, every label of the history stays inside its box (the latest one was cut at the right edge)', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&lang=zh`, { viewport: { width: 390, height: 844 } });
  await page.getByTestId('store-stage').waitFor();
  await page.locator('[data-testid=history]').scrollIntoViewIfNeeded();
  // A new operation's bar starts at the right edge, where the history's window ends, and its
  // label appears a moment later: every frame for 8 s while the clients run.
  const { seen, outside } = await page.evaluate(() => new Promise((done) => {
    const outside = new Set();
    let seen = 0;
    const until = performance.now() + 8000;
    const look = () => {
      const svg = document.querySelector('[data-testid=history] svg');
      const box = svg?.getBoundingClientRect();
      for (const t of svg?.querySelectorAll('.op text.label') ?? []) {
        const r = t.getBoundingClientRect();
        const out = Math.max(box.left - r.left, r.right - box.right);
        seen += 1;
        if (out > 0.5) outside.add(`"${t.textContent}" ${out.toFixed(1)} px`);
      }
      if (performance.now() < until) requestAnimationFrame(look); else done({ seen, outside: [...outside] });
    };
    requestAnimationFrame(look);
  }));
  assert.ok(seen > 100, `labels drawn: ${seen}`);
  assert.deepEqual(outside, [], 'labels outside the history');
  assert.deepEqual(problems, []);
});

test("a message a cut link drops is drawn as a ✕ where it dies; a node keeps the keyboard's focus while messages fly", async () => {
  // The captions tell of C1's writes to N3 and N5 dropped, and of C1 asking again: the writes
  // flew into the nodes and vanished, and the ones sent again over the cut links were never
  // drawn at all.
  const { page, problems } = await openPage(browser, `${server.url}?view=store&scenario=quorum-no-write-back&paused=1`);
  await nextTo(page, '2');
  const seen = new Set();
  for (let i = 0; i < 400 && await page.locator('.controls .play[data-paused=true]').count() === 0; i++) {
    for (const at of await page.locator('.store-stage .drop').evaluateAll((ds) => ds.map((d) => `${Math.round(d.getAttribute('x') / 20)},${Math.round(d.getAttribute('y') / 20)}`))) seen.add(at);
    await page.waitForTimeout(25);
  }
  // Two writes dropped as they reach N3 and N5, then C1's tries again, dropped as it sends them.
  assert.ok(seen.size >= 4, `crosses seen at ${[...seen].join(' ')}`);
  // A node focused from the keyboard keeps the focus as messages come and go (the nodes'
  // elements were reused for one another, and Enter then chose another node).
  const free = await openPage(browser, `${server.url}?view=store&speed=5`);
  await free.page.locator('.store-stage [data-node=N2]').focus();
  for (let i = 0; i < 30; i++) {
    assert.equal(await free.page.evaluate(() => document.activeElement?.dataset.node), 'N2', `after ${i * 100} ms`);
    await free.page.waitForTimeout(100);
  }
  await free.page.keyboard.press('Enter');
  assert.match(await free.page.getByTestId('store-node-actions').textContent(), /N2/);
  // Space chooses a node as Enter does (as on the cluster's servers), and does not pause.
  await free.page.locator('.store-stage [data-node=N4]').focus();
  await free.page.keyboard.press(' ');
  assert.match(await free.page.getByTestId('store-node-actions').textContent(), /N4/);
  assert.equal(await free.page.locator('.controls .play[data-paused=true]').count(), 0);
  // The panel says how long a client waits for answers and how often it asks.
  assert.match(await free.page.getByTestId('store-operations-hint').textContent(),
    /too few answers after 100 ms asks again; after 3 rounds it gives up/);
  // Messages pass over the nodes without taking a click meant for one.
  // (Looked up and read in one step in the page: a message is gone a few frames later.)
  const pointer = await free.page.waitForFunction(() => {
    const flight = document.querySelector('.store-stage .flight');
    return flight && getComputedStyle(flight).pointerEvents;
  });
  assert.equal(await pointer.jsonValue(), 'none');
  assert.deepEqual(problems, []);
  assert.deepEqual(free.problems, []);
});

test("the history is one stop of the Tab key: the arrows move along and across the lanes, Enter goes to an operation's call", async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=store&speed=5`);
  const lanes = page.locator('.history-lanes .lane');
  await page.waitForFunction(() => [...document.querySelectorAll('.history-lanes .lane')]
    .filter((l) => l.querySelectorAll('.op').length >= 3).length >= 2, null, { timeout: 30_000 });
  await page.getByRole('button', { name: /Pause/ }).click();
  // One stop for the whole chart (no bar was one before), on the first lane's latest bar.
  const stops = await page.locator('.history-lanes [tabindex="0"]').evaluateAll((s) => s.map((b) => [b.closest('.lane').dataset.lane, b.dataset.seq]));
  assert.equal(stops.length, 1, JSON.stringify(stops));
  const first = await lanes.first().locator('.op').evaluateAll((bs) => bs.map((b) => b.dataset.seq));
  assert.deepEqual(stops[0], ['0', first.at(-1)]);
  await page.locator('.history-lanes [tabindex="0"]').focus();
  const active = () => page.evaluate(() => {
    const b = document.activeElement;
    return { lane: b.closest('.lane')?.dataset.lane, seq: b.dataset.seq, at: Number(b.dataset.at) };
  });
  const clock = () => page.getByTestId('clock').textContent();
  const still = await clock();
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await active(), { ...(await active()), lane: '0', seq: first.at(-2) });
  await page.keyboard.press('Home');
  assert.equal((await active()).seq, first[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal((await active()).lane, '1');
  // The arrows moved the focus, not the run (← was "step back").
  assert.equal(await clock(), still);
  assert.equal(await page.locator('.history-lanes [tabindex="0"]').count(), 1);
  // Played on, the focused bar keeps the focus and the chart its one stop as new bars come
  // (every bar was built anew for a new one, and the focus fell to the page).
  await page.keyboard.press('End');
  const held = await active();
  assert.equal(held.lane, '1');
  await page.evaluate(() => { document.activeElement.dataset.held = '1'; });
  // (Play and Pause clicked from the page's script: a click would take the focus.)
  const bars = await page.locator('.history-lanes .op').count();
  await page.evaluate(() => document.querySelector('.controls .play').click());
  await page.waitForFunction((n) => document.querySelectorAll('.history-lanes .op').length > n + 2, bars, { timeout: 30_000 });
  await page.evaluate(() => document.querySelector('.controls .play').click());
  assert.equal(await page.evaluate(() => document.activeElement.dataset.held), '1');
  assert.deepEqual(await active(), held);
  assert.equal(await page.locator('.history-lanes [tabindex="0"][data-held]').count(), 1);
  assert.equal(await page.locator('.history-lanes [tabindex="0"]').count(), 1);
  const { at } = held;
  await page.locator('.history-lanes [data-held]').focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction((ms) => Math.abs(Number(document.querySelector('[data-testid=clock]').textContent.replace(/[^0-9.]/g, '')) - ms) < 0.11, at / 1000);
  assert.deepEqual(problems, []);
});
