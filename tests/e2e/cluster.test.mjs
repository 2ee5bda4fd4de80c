// The cluster view's tools: the partition tool, the timeline and forks, the message
// inspector, the settings, reduced motion, the phone layout and the dark theme.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS, showTab } from './harness.mjs';

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

const commits = (page) => page.locator('[data-log-node]')
  .evaluateAll((rows) => rows.map((r) => Number(r.dataset.commit)));

test('a partition with the leader in the minority: nothing commits there; healing converges', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=2`);
  const leader = page.locator('[data-role=leader]');
  await leader.waitFor({ timeout: 30_000 });
  const old = Number(await leader.getAttribute('data-node-id'));
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  // The first group: the leader and one other node (a minority of 5).
  const mate = old === 1 ? 2 : 1;
  for (let i = 1; i <= 5; i++) {
    await showTab(page, 'Network');
    const chip = page.locator('.chips button').nth(i - 1);
    const inA = (await chip.getAttribute('aria-pressed')) === 'true';
    if (inA !== (i === old || i === mate)) await chip.click();
  }
  await page.getByRole('button', { name: 'Split into two groups' }).click();
  const [a, b] = [Math.min(old, mate), Math.max(old, mate)];
  assert.equal(await page.locator(`[data-link="${a}-${b}"]`).getAttribute('data-state'), 'up');
  const across = old === 3 ? 4 : 3;
  const [c, d] = [Math.min(old, across), Math.max(old, across)];
  assert.equal(await page.locator(`[data-link="${c}-${d}"]`).getAttribute('data-state'), 'cut');
  // The majority elects a leader of a higher term.
  await page.waitForFunction((o) => [...document.querySelectorAll('[data-role=leader]')]
    .some((n) => Number(n.dataset.nodeId) !== o), old, { timeout: 30_000 });
  // The old leader still leads its term, and the stage says it has no majority; the new
  // one has.
  const cutOff = await page.locator('svg.stage .node.no-majority').evaluateAll((gs) => gs.map((g) => ({
    id: Number(g.dataset.nodeId),
    role: g.dataset.role,
    words: [...g.querySelector('.node-vote').childNodes].filter((c) => c.nodeType === 3).map((c) => c.data).join(''),
    tip: g.querySelector('.node-vote title')?.textContent,
  })));
  assert.deepEqual(cutOff, [{
    id: old, role: 'leader', words: 'no majority',
    tip: 'cut off from a majority: nothing new can commit through it. It cannot see this itself: to it, a cut link looks like a slow one.',
  }]);
  // A write through the old leader cannot commit: it reaches only two of five logs.
  const before = await commits(page);
  await page.locator(`[data-node-id="${old}"]`).click();
  assert.match(await page.getByTestId('no-majority-leader').textContent(),
    /fewer than a majority: nothing new can commit through it\. It cannot see this itself/);
  // First in the inspector, above the facts (below them it was under the panel's fold).
  assert.equal(await page.getByTestId('inspector').locator('[data-inspect=node] > *').nth(1).getAttribute('data-testid'), 'no-majority-leader');
  await page.getByTestId('inspector').getByRole('button', { name: 'Client write here' }).click();
  await page.waitForTimeout(1500);
  const during = await commits(page);
  assert.equal(during[old - 1], before[old - 1], `the minority leader commits nothing: ${during}`);
  await page.screenshot({ path: `${ARTIFACTS}/partition.png` });
  await showTab(page, 'Network');
  await page.getByRole('button', { name: 'Heal all links' }).click();
  // Healed, one leader remains and every log converges on the same commit index.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-log-node]')].map((r) => r.dataset.commit);
    return document.querySelectorAll('[data-role=leader]').length === 1
      && rows.every((c) => c === rows[0]) && Number(rows[0]) > 1;
  }, null, { timeout: 30_000 });
  assert.equal(await page.locator('svg.stage .node.no-majority').count(), 0);
  assert.deepEqual(problems, []);
});

test('the timeline scrubs to an earlier moment; acting there forks the run, visibly', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=5`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const events = async () => Number((await page.getByTestId('cursor').textContent()).match(/(\d+)$/)[1]);
  const head = await events();
  const scrubber = page.getByRole('slider', { name: /Timeline/ });
  // The scrubber's scale is the run so far, in thousandths; at the live edge it stands at the end.
  assert.equal(await scrubber.getAttribute('max'), '1000');
  assert.equal(await scrubber.inputValue(), '1000');
  await scrubber.fill('500');
  assert.equal(await scrubber.inputValue(), '500', 'the thumb stays where it was dropped');
  const middle = await events();
  assert.ok(middle < head, `scrubbing back moves the cursor back (${middle} < ${head})`);
  assert.equal(await page.getByTestId('forked').count(), 0, 'no fork yet');
  await page.locator('[data-node-id="1"]').click();
  const was = await page.locator('[data-node-id="1"]').getAttribute('data-state');
  await page.getByTestId('inspector').getByRole('button', { name: /Crash|Restart/ }).click();
  await page.getByTestId('forked').waitFor();
  // Still paused, the change is drawn at once: N1 is shown in its new state without playing.
  assert.equal(await page.locator('button.play').getAttribute('data-paused'), 'true');
  assert.equal(await page.locator('[data-node-id="1"]').getAttribute('data-state'), was === 'up' ? 'down' : 'up');
  assert.match(await page.getByTestId('info').textContent(), /recorded future was discarded/);
  // The fork's badge keeps the playback bar on one row at 1280 × 720 ("Client write" went
  // onto a second one, and the stage shrank).
  const row = async (name) => Math.round((await page.getByRole('button', { name }).boundingBox()).y);
  assert.equal(await row('Client write'), await row('Play'));
  await page.screenshot({ path: `${ARTIFACTS}/forked.png` });
  assert.deepEqual(problems, []);
});

test("after a drag of the scrubber the page's keys still work: a server's number, c, Space, and ← → a step", async () => {
  // The focus stays on the scrubber, which kept every key: "2 c" did nothing, Space did not
  // play, and → moved the thumb by 0.3 ms.
  const { page, problems } = await openPage(browser, `${server.url}?seed=2`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  const scrubber = page.getByRole('slider', { name: /Timeline/ });
  await scrubber.fill('500');
  await scrubber.focus();
  const events = async () => Number((await page.getByTestId('cursor').textContent()).match(/(\d+)$/)[1]);
  const at = await events();
  // (The clock's line is drawn at the next frame: wait for it, a short while.)
  const cursorIs = (n) => page.waitForFunction((want) => (document.querySelector('[data-testid=cursor]')?.textContent ?? '').endsWith(` ${want}`), n, { timeout: 3_000 })
    .then(() => n, () => undefined);
  await page.keyboard.press('ArrowRight');
  assert.equal(await cursorIs(at + 1) ?? await events(), at + 1, '→ steps one event');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await cursorIs(at) ?? await events(), at, '← steps one event back');
  const was = await page.locator('[data-node-id="3"]').getAttribute('data-state');
  await page.keyboard.press('3');
  await page.keyboard.press('c');
  const now = was === 'up' ? 'down' : 'up';
  await page.locator(`[data-node-id="3"][data-state=${now}]`).waitFor({ timeout: 3_000 }).catch(() => {});
  assert.equal(await page.locator('[data-node-id="3"]').getAttribute('data-state'), now, 'N3 crashed or restarted');
  await page.keyboard.press(' ');
  await page.locator('button.play[data-paused=false]').waitFor();
  assert.deepEqual(problems, []);
});

test('a client message\'s words keep to one side of its dot as it flies', async () => {
  // Chosen afresh each frame, the clearest side changed as the dot passed each server and the
  // words jumped about (2.6 changes a message in this run); they now keep the side that is
  // clearest over the whole way and leave it only where it is covered. Once on a side they
  // keep to it while it has a clear place near the dot (behind it as it arrives): a request
  // that left the clients' box below its dot went over to the right as it reached the leader.
  const { page, problems } = await openPage(browser, `${server.url}?seed=2`, { viewport: { width: 1280, height: 720 } });
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const sides = new Map(); // message -> the sides its words took, in turn
    const write = [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === 'Client write');
    const clicks = setInterval(() => write.click(), 250);
    const start = performance.now();
    const frame = () => {
      for (const words of document.querySelectorAll('text.msg-op')) {
        const list = sides.get(words.dataset.msg) ?? [];
        if (list.at(-1) !== words.dataset.side) list.push(words.dataset.side);
        sides.set(words.dataset.msg, list);
      }
      if (performance.now() - start < 6000) requestAnimationFrame(frame);
      else { clearInterval(clicks); resolve([...sides.values()]); }
    };
    requestAnimationFrame(frame);
  }));
  assert.ok(seen.length >= 5, `client messages with words: ${seen.length}`);
  assert.ok(seen.every((sides) => sides.every((s) => ['0', '1', '2', '3'].includes(s))), JSON.stringify(seen));
  const changes = seen.reduce((sum, sides) => sum + sides.length - 1, 0);
  assert.ok(changes <= seen.length / 2, `${changes} changes of side over ${seen.length} messages: ${JSON.stringify(seen)}`);
  assert.deepEqual(problems, []);
});

test('clicking a message shows its fields', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // Step until a heartbeat is on its way.
  await page.locator('.shell').focus();
  for (let i = 0; i < 200 && await page.locator('.msg[data-kind=Heartbeat]').count() === 0; i++) {
    await page.keyboard.press('ArrowRight');
  }
  await page.locator('.msg[data-kind=Heartbeat]').first().click({ force: true });
  const inspector = page.getByTestId('inspector');
  assert.match(await inspector.textContent(), /Heartbeat · N\d → N\d/);
  assert.match(await inspector.textContent(), /prevLogIndex/);
  assert.match(await inspector.textContent(), /leaderCommit/);
  assert.equal(await inspector.getByTestId('fate').textContent(), 'in flight');
  await page.screenshot({ path: `${ARTIFACTS}/message.png` });
  assert.deepEqual(problems, []);
});

/**
 * The strip's arrows as the page shows them, as ink per 32 × 32 block of the visible window: the
 * arrows' canvas is wider than the window and slid left, so the window is read back from it
 * at the slide.
 */
const stripInk = (page) => page.evaluate(() => {
  const canvas = document.querySelector('.spacetime-arrows canvas');
  const clip = document.querySelector('.spacetime-arrows').clientWidth;
  const ratio = canvas.width / parseFloat(canvas.style.width);
  const slide = -parseFloat(/translateX\((-?[\d.]+)px\)/.exec(canvas.style.transform)[1]);
  const [x0, w, h] = [Math.round(slide * ratio), Math.round(clip * ratio), canvas.height];
  const { data } = canvas.getContext('2d').getImageData(x0, 0, w, h);
  const B = 32;
  const blocks = [];
  for (let by = 0; by < h; by += B) {
    for (let bx = 0; bx < w; bx += B) {
      let ink = 0;
      for (let y = by; y < Math.min(by + B, h); y++) {
        for (let x = bx; x < Math.min(bx + B, w); x++) ink += data[(y * w + x) * 4 + 3] / 255;
      }
      blocks.push(ink);
    }
  }
  return blocks;
});

test('the strip drawn a frame at a time matches the strip drawn at once', async () => {
  // Twenty times faster than usual and with lost messages: arrows are many, some die on their
  // way, and each was drawn over dozens of frames. (No fault: a message that dies because of
  // one changes its arrow, which draws the window whole, and then there is little drawn a frame
  // at a time left to compare. playground::strip's unit tests check that case.)
  const { page, problems } = await openPage(browser, `${server.url}?seed=2&nodes=7&speed=20`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await showTab(page, 'Network');
  await page.getByRole('slider', { name: 'Message loss' }).fill('15');
  // The window is drawn whole again each time the canvas runs out, once a window of virtual
  // time: how much of it was drawn a frame at a time depends on the moment. So compare at
  // four moments, and judge the worst.
  const apart = [];
  for (let moment = 0; moment < 4; moment++) {
    await page.waitForTimeout(700 + 150 * moment);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.waitForTimeout(300);
    const piecewise = await stripInk(page);
    // A new window size draws the window again from the model, all at once.
    await page.setViewportSize({ width: 1281, height: 720 });
    await page.waitForTimeout(300);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.waitForTimeout(300);
    const atOnce = await stripInk(page);
    const total = atOnce.reduce((a, b) => a + b, 0);
    assert.ok(total > 2000, `the strip has arrows to compare (${total.toFixed(0)} pixels of ink)`);
    assert.equal(piecewise.length, atOnce.length);
    apart.push(piecewise.reduce((a, v, i) => a + Math.abs(v - atOnce[i]), 0) / total);
    await page.getByRole('button', { name: 'Play' }).click();
  }
  const worst = Math.max(...apart);
  console.log(`strip: drawn a frame at a time, ${apart.map((x) => (x * 100).toFixed(1)).join(', ')} % apart`);
  // The two differ only where pieces join and by the slide's fraction of a pixel (a few per
  // cent); arrows that stop growing after their first frame put them 20-50 % apart at the
  // worst of the four moments.
  assert.ok(worst < 0.09, `drawn a frame at a time, the strip differs from the whole by up to ${(worst * 100).toFixed(1)} % of its ink`);
  assert.deepEqual(problems, []);
});

test('two leaders in one term: the rows the captions name break at their cues, the feed says what N5 kept, and none break without the switch', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=two-leaders&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor({ timeout: 30_000 });
  const broken = async () => page.$$eval('[data-property][data-ok=false]', (els) => els.map((e) => e.dataset.property).sort());
  const figure3AndLemmas = ['Election Safety', 'Leader Append-Only', 'Log Matching', 'Leader Completeness', 'State Machine Safety'];
  const want = {
    1: [],
    2: ['Election Safety', 'lemmas'],
    3: ['Election Safety', 'Log Matching', 'State Machine Safety', 'lemmas'],
    4: ['Election Safety', 'Linearizability', 'Log Matching', 'State Machine Safety', 'lemmas'],
    5: [], 6: [], 7: [], 8: [],
  };
  assert.equal(Number(await caption.getAttribute('data-cues')), 8);
  for (let cue = 1; cue <= 8; cue++) {
    await page.locator('.shell').focus();
    await page.keyboard.press('PageDown');
    const there = page.locator(`[data-testid=scenario-caption][data-cue="${cue}"]`);
    if (!(await there.waitFor({ timeout: 400 }).then(() => true, () => false))) await page.keyboard.press('PageDown');
    await there.waitFor({ timeout: 30_000 });
    assert.deepEqual(await broken(), [...want[cue]].sort(), `cue ${cue}`);
    const text = await caption.locator('p').textContent();
    // Every Figure 3 row a caption calls broken is broken.
    for (const row of figure3AndLemmas) {
      if (new RegExp(`${row}[^.]*broken|broken[^.]*${row}`).test(text)) assert.ok(want[cue].includes(row), `cue ${cue}: ${row}`);
    }
    if (cue === 3) {
      await showTab(page, 'Events');
      const feed = await page.getByTestId('feed').textContent();
      assert.match(feed, /N5 already had entry 2 from N1, another leader of term 1: it kept it and answered N2 with success, as if it stored N2's/);
      assert.match(feed, /N2 committed up to index 2, counting N5; but at index 2 N5 holds N1's entry, not N2's/);
      assert.doesNotMatch(feed, /N2 committed up to index 2: a majority stores/);
      await page.screenshot({ path: `${ARTIFACTS}/two-leaders-3.png` });
    }
  }
  assert.deepEqual(problems, []);
});

test('a candidate behind: the rows its captions name break at their cues, and none without the switch', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=stale-candidate&paused=1&lang=zh`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor({ timeout: 30_000 });
  const broken = async () => page.$$eval('[data-property][data-ok=false]', (els) => els.map((e) => e.dataset.property).sort());
  const lost = ['Leader Completeness', 'State Machine Safety', 'lemmas'];
  const want = { 1: [], 2: [], 3: lost, 4: [...lost, 'Linearizability'], 5: [], 6: [], 7: [], 8: [] };
  assert.equal(Number(await caption.getAttribute('data-cues')), 8);
  for (let cue = 1; cue <= 8; cue++) {
    await page.locator('.shell').focus();
    await page.keyboard.press('PageDown');
    const there = page.locator(`[data-testid=scenario-caption][data-cue="${cue}"]`);
    if (!(await there.waitFor({ timeout: 400 }).then(() => true, () => false))) await page.keyboard.press('PageDown');
    await there.waitFor({ timeout: 30_000 });
    assert.deepEqual(await broken(), [...want[cue]].sort(), `cue ${cue}`);
    if (cue === 3) {
      // The caption names the three rows, in Chinese.
      assert.match(await caption.locator('p').textContent(), /领导者完整性、状态机安全，以及任期、投票与提交边界/);
      await page.screenshot({ path: `${ARTIFACTS}/stale-candidate-3-zh.png` });
    }
  }
  assert.deepEqual(problems, []);
});

test('settings: a teaching switch restarts the run and breaks a safety property', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=1`);
  await page.waitForSelector('[data-node-id]');
  // A crash first: the restart leaves it behind, and says so.
  await page.locator('[data-node-id="2"]').click();
  await page.keyboard.press('c');
  await page.locator(`[data-node-id="2"][data-state=down]`).waitFor();
  await showTab(page, 'Cluster');
  await page.getByRole('checkbox', { name: 'Many votes per term' }).check();
  assert.match(await page.getByTestId('info').textContent(), /started again from time zero with the same seed, without the action you had taken/);
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '20×' });
  const broken = page.locator('[data-property="Election Safety"][data-ok=false]');
  await broken.waitFor({ timeout: 30_000 });
  // The ✗ links to the event that broke the property: the cursor goes right after it.
  const link = broken.getByRole('button');
  const event = Number((await link.textContent()).match(/(\d+)$/)[1]);
  await link.click();
  assert.match(await page.getByTestId('cursor').textContent(), new RegExp(`event ${event}$`));
  assert.equal(await broken.count(), 1, 'still broken at that moment');
  await page.getByRole('button', { name: 'Step back one event' }).click();
  assert.equal(await page.locator('[data-property="Election Safety"]').getAttribute('data-ok'), 'true',
    'one event earlier, the property still held');
  // Pre-Vote is a setting of the run too: the box stays ticked after the restart.
  await showTab(page, 'Cluster');
  await page.getByRole('checkbox', { name: 'Pre-Vote' }).check();
  assert.equal(await page.getByRole('checkbox', { name: 'Pre-Vote' }).isChecked(), true);
  assert.equal(await page.getByRole('checkbox', { name: 'Many votes per term' }).isChecked(), true);
  // The notice of the restart floats over the top of the stage: it goes by itself.
  await page.getByTestId('info').waitFor({ state: 'detached', timeout: 15_000 });
  assert.deepEqual(problems, []);
});

test('reduced motion: no pulses, messages move in steps', async () => {
  const context = await browser.newContext({ reducedMotion: 'reduce', viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  await page.goto(`${server.url}?seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.waitForSelector('.msg');
  assert.equal(await page.locator('.pulse').count(), 0);
  const animation = await page.locator('.node .body').first().evaluate((e) => getComputedStyle(e).animationName);
  assert.equal(animation, 'none');
});

test('phone (either way up), projector and small-slide layouts, light and dark: nothing cut off', async () => {
  // The last two numbers: the least width and height of the stage there.
  for (const [name, viewport, theme, extra, wide, high] of [
    ['phone', { width: 390, height: 844 }, 'light', '', 300, 300],
    ['projector-dark', { width: 1280, height: 720 }, 'dark', '', 300, 300],
    // A phone on its side: the stage as high as the screen above the playback bar.
    ['phone-landscape', { width: 844, height: 390 }, 'light', '', 500, 240],
    // A small laptop's window: the stage between the header and the playback bar, whole.
    ['laptop-960', { width: 960, height: 540 }, 'light', '', 600, 280],
    // A small slide: the embed's grid, not the phone's page.
    ['slide-640', { width: 640, height: 360 }, 'light', '&embed=1', 500, 240],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}?seed=3&theme=${theme}${extra}`, { viewport });
    await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name}: no horizontal scrolling (${overflow} px too wide)`);
    const box = await page.locator('svg.stage').boundingBox();
    assert.ok(box.width > wide && box.height > high, `${name}: the stage is large (${box.width}×${box.height})`);
    if (name === 'laptop-960') {
      // Every server and its words above the playback bar, without scrolling (its foot was
      // under the bar until the page was scrolled).
      const bar = (await page.locator('.controls').boundingBox()).y;
      const feet = await page.locator('svg.stage g.node').evaluateAll((gs) => gs.map((g) => g.getBoundingClientRect().bottom));
      assert.ok(feet.length === 5 && feet.every((y) => y <= bar), `${name}: servers' feet ${feet.map(Math.round)} above the bar at ${bar}`);
    }
    if (extra.includes('embed')) {
      const below = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
      assert.ok(below <= 1, `${name}: the embed fits its frame (${below} px more)`);
    }
    await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: name === 'phone' });
    assert.deepEqual(problems, []);
  }
});

test('between events the clock, the timers, the strip and the run\'s figures still move (only they are drawn then)', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  // The slowest speed: 2 µs of virtual time a millisecond, so most frames apply no event.
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '0.04×' });
  await page.waitForTimeout(300);
  const look = () => page.evaluate(() => ({
    cursor: document.querySelector('[data-testid=cursor]').textContent,
    clock: document.querySelector('[data-testid=clock]').textContent,
    time: document.querySelector('[data-testid=time]').textContent,
    arcs: [...document.querySelectorAll('.timer-arc')].map((a) => a.getAttribute('style')).join(),
    strip: document.querySelector('.spacetime-arrows canvas').style.transform,
  }));
  // A window with no event in it (messages still arrive now and then).
  let before;
  let after;
  for (let tries = 0; tries < 10 && (!after || after.cursor !== before.cursor); tries++) {
    before = await look();
    await page.waitForTimeout(400);
    after = await look();
  }
  assert.equal(after.cursor, before.cursor, 'a window with no event (the test needs one)');
  for (const part of ['clock', 'time', 'arcs', 'strip']) {
    assert.notEqual(after[part], before[part], `${part} did not move: ${after[part]}`);
  }
  assert.deepEqual(problems, []);
});

test('on a phone the playback bar is two rows (three on a narrow one), as high as the page leaves it, every control in view', async () => {
  // The caption box and a selection's sheet sit on the bar at --controls-h: a bar taller than
  // that would run under them.
  for (const [viewport, lang, rows] of [
    [{ width: 390, height: 844 }, 'en', 2], [{ width: 430, height: 932 }, 'en', 2],
    [{ width: 390, height: 844 }, 'zh', 2], [{ width: 360, height: 740 }, 'en', 3],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}?seed=3&lang=${lang}&scenario=partition`, { viewport });
    await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
    const bar = await page.evaluate(() => {
      const c = document.querySelector('.controls');
      const box = c.getBoundingClientRect();
      const shown = [...c.querySelectorAll('button, select, input')].filter((e) => e.getClientRects().length > 0);
      const tops = new Set(shown.map((e) => Math.round(e.getBoundingClientRect().top / 12)));
      const probe = document.createElement('div');
      probe.style.height = 'var(--controls-h)';
      document.querySelector('.shell').append(probe);
      const want = probe.getBoundingClientRect().height;
      probe.remove();
      return {
        height: box.height, want, rows: tops.size,
        outside: shown.filter((e) => { const r = e.getBoundingClientRect(); return r.left < 0 || r.right > innerWidth || r.bottom > innerHeight; }).length,
      };
    });
    const where = `${viewport.width}×${viewport.height} ${lang}`;
    assert.equal(bar.rows, rows, `${where}: ${bar.rows} rows`);
    assert.ok(Math.abs(bar.height - bar.want) <= 2, `${where}: the bar is ${bar.height} px, the page leaves it ${bar.want}`);
    assert.equal(bar.outside, 0, `${where}: controls out of view`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the history tab: a bar per client operation, numbered in the order that explains it; a click goes to its call', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&speed=5`);
  await page.locator('[data-role=leader]').first().waitFor({ timeout: 20_000 });
  for (let i = 0; i < 2; i++) {
    await page.getByRole('button', { name: 'Client write' }).click();
    await page.waitForFunction((n) => Number(document.querySelector('[data-property=Linearizability]')?.textContent.match(/(\d+)\)?\s*$/)?.[1]) >= n, i + 1);
    await page.waitForTimeout(600);
  }
  await showTab(page, 'History');
  const history = page.getByTestId('history');
  await history.locator('.op[data-state=done]').nth(1).waitFor();
  // Numbered key by key: each write is the first of its key here, and says so ("x1", "y1").
  const ops = await history.locator('.op[data-state=done]').evaluateAll((ops) => ops.map((o) => [o.dataset.key, o.dataset.rank, o.querySelector('.rank text').textContent]));
  assert.deepEqual(ops.map(([key, rank, tag]) => tag), ops.map(([key, rank]) => `${key}${rank}`));
  assert.ok(ops.every(([, rank]) => Number(rank) >= 1), JSON.stringify(ops));
  assert.equal(await history.locator('.verdict').getAttribute('data-ok'), 'true');
  assert.match(await history.locator('.op').first().textContent(), /put x=/);
  // A click on the first bar puts the cursor at its call, before the second one's.
  await page.getByRole('button', { name: /Pause/ }).click();
  const before = await page.getByTestId('clock').textContent();
  await history.locator('.op').first().click();
  const after = await page.getByTestId('clock').textContent();
  const ms = (s) => Number(s.replace(/[^0-9.]/g, ''));
  assert.ok(ms(after) < ms(before), `${after} before ${before}`);
  await page.screenshot({ path: `${ARTIFACTS}/history.png` });
  assert.deepEqual(problems, []);
});

test('the history tab with many short operations: the order tags never run into each other or over the lane\'s name', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&speed=7`, { viewport: { width: 1280, height: 720 } });
  await page.locator('[data-role=leader]').first().waitFor({ timeout: 20_000 });
  await showTab(page, 'Cluster');
  await page.getByRole('checkbox', { name: 'Sends operations by itself' }).first().check();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '20×' });
  await showTab(page, 'History');
  const history = page.getByTestId('history');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=history] .op[data-state=done]').length >= 14, null, { timeout: 60_000 });
  await page.getByRole('button', { name: /Pause/ }).click();
  const lanes = await history.locator('.lane').evaluateAll((lanes) => lanes.map((lane) => ({
    name: (({ x, width }) => ({ x, width }))(lane.querySelector('.who').getBBox()),
    tags: [...lane.querySelectorAll('.rank rect')].map((r) => r.getBBox()).map((b) => [b.x, b.x + b.width]),
  })));
  for (const { name, tags } of lanes) {
    assert.ok(tags.length >= 3, `tags shown: ${tags.length}`);
    assert.ok(tags.every(([left]) => left >= name.x + name.width), `a tag over the lane's name (${JSON.stringify(name)}): ${JSON.stringify(tags)}`);
    tags.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < tags.length; i++) {
      assert.ok(tags[i][0] >= tags[i - 1][1], `tags ${i - 1} and ${i} overlap: ${JSON.stringify(tags)}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('with the local-reads switch, an isolated follower answers a stale read and the History tab shows why no order exists', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&break=local-reads`);
  const leader = page.locator('[data-role=leader]').first();
  await leader.waitFor({ timeout: 20_000 });
  // Cut one follower off from the other servers (the client still reaches it).
  const follower = page.locator('[data-role=follower]').first();
  const id = await follower.getAttribute('data-node-id');
  await follower.click();
  await page.keyboard.press('i');
  // The write commits on the majority side.
  await page.getByRole('button', { name: 'Client write', exact: true }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-log-node]')]
    .filter((r) => Number(r.dataset.commit) >= 2).length >= 3, null, { timeout: 20_000 });
  await page.waitForTimeout(800);
  // Read x through the cut-off follower (still selected): answered at once, from its own
  // state.
  await page.keyboard.press('r');
  await page.locator('[data-property=Linearizability][data-ok=false]').waitFor({ timeout: 20_000 });
  await showTab(page, 'History');
  const history = page.getByTestId('history');
  assert.equal(await history.locator('.verdict').getAttribute('data-ok'), 'false');
  const stuck = history.locator('.op[data-state=stuck]');
  assert.ok(await stuck.count() >= 1);
  assert.match(await stuck.first().textContent(), /get x → ∅/);
  assert.match(await history.locator('.verdict').textContent(),
    /Not linearizable: no single order of the operations on key x explains every answer.*C1's get x → ∅ began after put x=1 had completed, yet did not see it/);
  // The write it contradicts has its place in the order.
  assert.ok(await history.locator('.op[data-key=x][data-rank="1"]').count() >= 1);
  await page.screenshot({ path: `${ARTIFACTS}/history-stale-read.png` });
  assert.deepEqual(problems, []);
});

test('clients and clocks: three clients with their own read paths and workloads fill the History lanes, and a share link keeps every setting', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=4&speed=5`);
  await page.locator('[data-role=leader]').first().waitFor({ timeout: 20_000 });
  await showTab(page, 'Cluster');
  await page.getByLabel('Clients', { exact: true }).selectOption('3');
  for (const [c, path] of [[2, 'lease'], [3, 'read-index']]) {
    await page.getByLabel(`C${c} Reads`, { exact: true }).selectOption(path);
    await page.getByLabel(`C${c} Sends operations by itself`).check();
    await page.getByLabel(`C${c} Read share (%)`).fill('80');
    await page.getByLabel(`C${c} Read share (%)`).press('Enter');
  }
  await page.getByLabel('N2 Clock rate (%)').fill('150');
  await page.getByLabel('N2 Clock rate (%)').press('Enter');
  // 150 ms × 0.9 / 1.1: the lease the default bound allows.
  assert.equal(await page.locator('[data-lease-ms]').getAttribute('data-lease-ms'), '122');
  // Both automatic clients complete reads and writes; the history stays linearizable.
  await showTab(page, 'History');
  const history = page.getByTestId('history');
  for (const c of ['C2', 'C3']) {
    await page.waitForFunction((who) => [...document.querySelectorAll('[data-testid=history] .lane')]
      .some((l) => l.querySelector('.who')?.textContent === who && l.querySelectorAll('.op[data-state=done]').length >= 3),
    c, { timeout: 30_000 });
  }
  assert.match(await history.textContent(), /get [xyz] →/);
  assert.notEqual(await history.locator('.verdict').getAttribute('data-ok'), 'false');
  await page.screenshot({ path: `${ARTIFACTS}/clients.png` });
  // The link reopens with the same clients and clocks.
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  const again = await openPage(browser, link);
  await showTab(again.page, 'Cluster');
  assert.equal(await again.page.getByLabel('Clients', { exact: true }).inputValue(), '3');
  assert.equal(await again.page.getByLabel('C2 Reads', { exact: true }).inputValue(), 'lease');
  assert.equal(await again.page.getByLabel('C3 Reads', { exact: true }).inputValue(), 'read-index');
  assert.equal(await again.page.getByLabel('C2 Read share (%)').inputValue(), '80');
  assert.equal(await again.page.getByLabel('N2 Clock rate (%)').inputValue(), '150');
  assert.deepEqual(problems, []);
  assert.deepEqual(again.problems, []);
});

test('the lease-drift scenario: the slow leader shows its lease and clock, and its lease read after the new leader\'s write is caught in the History tab', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=lease-drift&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  const toCue = async (want) => {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  };
  await toCue(1);
  // The clocks that do not keep real time say so over their servers.
  // Each rate names its server: between two of them it could be either's.
  assert.match(await page.locator('[data-clock-node="1"]').textContent(), /N1 clock 25 %$/);
  assert.match(await page.locator('[data-clock-node="2"]').textContent(), /N2 clock 250 %$/);
  await toCue(2);
  // The first read started N1's lease: the badge is on N1, the only leader.
  await page.locator('[data-lease-node="1"]').waitFor({ state: 'attached' });
  assert.match(await caption.textContent(), /122 ms on its own clock, 488 ms of real time/);
  await page.screenshot({ path: `${ARTIFACTS}/lease-drift-lease.png` });
  for (const want of [3, 4]) await toCue(want);
  // Two leaders, of terms 1 and 3, as C1 asks N1 again; N1 still holds its lease.
  assert.equal(await page.locator('[data-role=leader]').count(), 2);
  await page.locator('[data-lease-node="1"]').waitFor({ state: 'attached' });
  await toCue(5);
  assert.match(await caption.textContent(), /its lease was still running/);
  await page.locator('[data-property=Linearizability][data-ok=false]').waitFor();
  await showTab(page, 'History');
  const history = page.getByTestId('history');
  assert.match(await history.locator('.op[data-state=stuck]').first().textContent(), /get x → ∅/);
  assert.match(await history.locator('.verdict').textContent(), /C1's get x → ∅ began after put x=1 had completed, yet did not see it/);
  await page.screenshot({ path: `${ARTIFACTS}/lease-drift-history.png` });
  // A follower that hears its leader has promised that leader's lease its silence: forcing
  // its timeout is a fault the lease does not survive, and its button says so.
  await page.locator('[data-role=follower]').first().click();
  await showTab(page, 'Inspect');
  const force = page.getByTestId('inspector').getByRole('button', { name: 'Force timeout' });
  assert.match(await force.getAttribute('title'), /^Force timeout \(t\): with lease reads on, this breaks the server's promise to cast no vote during its leader's lease/);
  assert.deepEqual(problems, []);
});

// On a projector the presenter zooms: the strip's lanes and names grow with the stage, as far
// as leaves the stage the rest of its column (23 % of it), and a click on an arrow still finds
// its message.
test("the strip grows with the presenter's zoom, and a click on an arrow picks its message there", async () => {
  // A screen tall enough for the strip at 175 %.
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`, { viewport: { width: 1280, height: 1200 } });
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const strip = page.getByTestId('spacetime');
  const before = (await strip.boundingBox()).height;
  await page.locator('.shell').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('+');
  await page.waitForFunction(() => document.body.textContent.includes('175%'));
  await page.waitForTimeout(1500);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForTimeout(300);
  const after = (await strip.boundingBox()).height;
  assert.ok(Math.abs((after - 2) / (before - 2) - 1.75) < 0.05, `strip ${before} px high, ${after} px at 175 %`);
  // A point of an arrow halfway between two lanes (a lane's middle may hold a mark instead),
  // in the page's coordinates.
  const point = await page.evaluate(() => {
    const canvas = document.querySelector('.spacetime-arrows canvas');
    const clip = document.querySelector('.spacetime-arrows');
    const ratio = canvas.width / parseFloat(canvas.style.width);
    const slide = -parseFloat(/translateX\((-?[\d.]+)px\)/.exec(canvas.style.transform)[1]);
    const { data, width, height } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    const box = clip.getBoundingClientRect();
    for (let x = Math.round((slide + clip.clientWidth - 4) * ratio); x > slide * ratio; x -= 1) {
      for (let i = 1; i < 5; i++) {
        // Between lane i − 1 and lane i: 4 + 17 i CSS pixels at 100 %.
        const y = Math.round((4 + 17 * i) * 1.75 * ratio);
        if (y < height && data[(y * width + x) * 4 + 3] > 200) {
          return { x: box.left + x / ratio - slide, y: box.top + y / ratio };
        }
      }
    }
    return null;
  });
  assert.ok(point, 'an arrow crosses between two lanes');
  await page.mouse.click(point.x, point.y);
  assert.match(await page.getByTestId('inspector').textContent(), /· N\d → N\d/);
  // On a laptop's 720 px the strip grows only as far as 23 % of the column.
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(500);
  const { high, column } = await page.evaluate(() => ({
    high: document.querySelector('.spacetime').getBoundingClientRect().height,
    column: document.querySelector('.stage-col').getBoundingClientRect().height,
  }));
  assert.ok(high > before && high <= 0.23 * column + 2, `strip ${high} px of a ${column} px column at 175 %, ${before} px at 100 %`);
  assert.deepEqual(problems, []);
});

test('a server\'s term stays inside its circle, two digits and more, in both languages', async () => {
  // "term 13" ran over the circle's rim on both sides in the split-votes scenario.
  for (const lang of ['en', 'zh']) {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=split-votes&paused=1&lang=${lang}`);
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    while (await caption.getAttribute('data-cue') !== '2') {
      const want = String(Number(await caption.getAttribute('data-cue')) + 1);
      await caption.getByRole('button', { name: /Next|下一步/ }).click();
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w, want, { timeout: 30_000 });
    }
    await page.waitForTimeout(300);
    const seen = await page.locator('svg.stage g.node').evaluateAll((nodes) => nodes.map((n) => {
      const body = n.querySelector('circle.body').getBoundingClientRect();
      const sub = n.querySelector('.node-sub');
      const r = sub.getBoundingClientRect();
      // The circle's inside at the text's baseline and top (its rim is drawn on the radius).
      const cx = body.left + body.width / 2, cy = body.top + body.height / 2, radius = body.width / 2;
      const half = (y) => Math.sqrt(Math.max(0, radius * radius - (y - cy) * (y - cy)));
      const room = Math.min(half(r.bottom - r.height * 0.25), half(r.top + r.height * 0.25));
      return { text: sub.textContent, over: Math.max(cx - r.left, r.right - cx) - room };
    }));
    assert.ok(seen.some((s) => /1\d$/.test(s.text)), `${lang}: a two-digit term is shown (${seen.map((s) => s.text)})`);
    assert.deepEqual(seen.filter((s) => s.over > 0).map((s) => `${s.text} ${s.over.toFixed(1)} px over`), [], lang);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('two clients share the stage\'s box: each message\'s words name its client', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=stale-read&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  for (const want of [1, 2, 3, 4]) {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  }
  assert.match(await caption.textContent(), /Now C1 asks N4 to read x/);
  assert.equal(await page.locator('svg.stage .client text').textContent(), 'clients');
  const words = await page.locator('svg.stage text.msg-op').allTextContents();
  assert.ok(words.includes('C1: get x'), words.join(' | '));
  assert.ok(words.every((w) => /^(C[12]: |→ C[12]: )/.test(w)), words.join(' | '));
  // One client: the words as they were.
  const one = await openPage(browser, `${server.url}?scenario=write-commits&paused=1`);
  await one.page.getByTestId('scenario-caption').waitFor();
  for (const want of [1, 2]) {
    await one.page.keyboard.press('PageDown');
    await one.page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  }
  await one.page.locator('svg.stage text.msg-op').first().waitFor();
  assert.equal(await one.page.locator('svg.stage .client text').textContent(), 'client');
  assert.deepEqual(await one.page.locator('svg.stage text.msg-op').allTextContents(), ['put x=1']);
  assert.deepEqual(problems, []);
});

test('the partition heals: no ✕ is left on its links to say they still drop', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=partition&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  for (const want of [1, 2, 3, 4]) {
    await page.keyboard.press('PageDown');
    await page.waitForFunction((w) => Number(document.querySelector('[data-testid=scenario-caption]').dataset.cue) === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
    const crosses = await page.locator('svg.stage .drop').count();
    // While cut, the links drop what is sent over them; the moment they heal, none does.
    if (want === 3) assert.ok(crosses > 0, 'the partition drops messages');
    if (want === 4) {
      assert.match(await caption.textContent(), /The partition healed/);
      assert.equal(crosses, 0, `${crosses} ✕ marks after the heal`);
    }
  }
  assert.deepEqual(problems, []);
});

test('a ✕ on a link and a message near its ends keep off the servers\' words', async () => {
  // A cut's ✕ in the middle of a long link landed on the words of the server it passes under
  // (partition), a dropped message's ✕ and a message leaving a server downwards on its own role.
  const runs = [
    ['partition', 'zh', { width: 1920, height: 1080 }],
    ['partition', 'en', { width: 1280, height: 720 }],
    ['check-quorum', 'en', { width: 1280, height: 720 }],
    ['log-repair', 'en', { width: 1280, height: 720 }],
  ];
  const found = [];
  let cuts = 0, drops = 0, dots = 0;
  for (const [scenario, lang, viewport] of runs) {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=${scenario}&lang=${lang}`, { viewport });
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    const last = Math.min(Number(await caption.getAttribute('data-cues')), 5);
    for (;;) {
      const cue = await caption.getAttribute('data-cue');
      for (let i = 0; i < 8; i++) {
        const seen = await page.evaluate(() => {
          const box = (e) => e.getBoundingClientRect();
          // A text's box runs from the font's ascent to its descent: the ink is its middle.
          const ink = (r, f = 0.2) => ({ left: r.left, right: r.right, top: r.top + r.height * f, bottom: r.bottom - r.height * f });
          const meets = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
          const words = [...document.querySelectorAll('svg.stage g.node')].map((g) => ({
            id: g.dataset.nodeId,
            boxes: [...g.querySelectorAll('.node-role, .node-vote')].map((t) => ink(box(t))),
          }));
          const out = { cuts: 0, drops: 0, dots: 0, bad: [] };
          for (const x of document.querySelectorAll('svg.stage .link-cross, svg.stage .drop')) {
            if (Number(getComputedStyle(x).opacity) < 0.25) continue;
            out[x.classList.contains('drop') ? 'drops' : 'cuts']++;
            const r = ink(box(x), 0.3);
            for (const w of words) if (w.boxes.some((b) => meets(r, b))) out.bad.push(`${x.getAttribute('class')} on N${w.id}'s words`);
          }
          for (const dot of document.querySelectorAll('svg.stage circle.msg')) {
            const ends = (dot.querySelector('title')?.textContent ?? '').match(/N(\d) → N(\d)/);
            if (!ends) continue;
            out.dots++;
            const r = box(dot);
            for (const w of words) {
              if ((w.id === ends[1] || w.id === ends[2]) && w.boxes.some((b) => meets(r, b))) out.bad.push(`${ends[0]} on N${w.id}'s words`);
            }
          }
          return out;
        });
        cuts += seen.cuts;
        drops += seen.drops;
        dots += seen.dots;
        found.push(...seen.bad.map((b) => `${scenario} ${lang} cue ${cue}: ${b}`));
        await page.waitForTimeout(120);
      }
      if (Number(cue) >= last) break;
      const want = String(Number(await caption.getAttribute('data-cue')) + 1);
      await caption.getByRole('button', { name: /Next|下一步/ }).click();
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w, want, { timeout: 30_000 });
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
  console.log(`seen: ${cuts} cut ✕, ${drops} dropped ✕, ${dots} messages`);
  assert.ok(cuts > 50 && drops > 20 && dots > 150, `enough was seen to judge: ${cuts} cut ✕, ${drops} dropped ✕, ${dots} messages`);
  assert.deepEqual([...new Set(found)], []);
});

test('a message keeps off the servers it is not sent from or to, and off their words', async () => {
  // Links ran straight through the servers seated between their ends (nine servers: the top
  // row's links through the middle three, the pentagon's top link under N1's words): a
  // message on its way seemed to go through another server and covered its role.
  // Nine servers sit so close that some links cannot keep off every server's words (at
  // 1280×720, N3's to the bottom row pass under N2's): there, only the circles are judged.
  const runs = [
    ['?seed=3&nodes=9&speed=2&lang=zh', { width: 1280, height: 720 }, false],
    ['?seed=1&nodes=9&speed=2', { width: 1920, height: 1080 }, false],
    ['?seed=1&nodes=5&speed=2', { width: 1280, height: 720 }, true],
    ['?seed=2&nodes=7&speed=2', { width: 1280, height: 720 }, true],
  ];
  const found = [];
  let dots = 0;
  for (const [query, viewport, judgeWords] of runs) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
    await page.locator('svg.stage g.node').first().waitFor();
    for (let i = 0; i < 40; i++) {
      const seen = await page.evaluate((judgeWords) => {
        const box = (e) => e.getBoundingClientRect();
        const ink = (r, f = 0.2) => ({ left: r.left, right: r.right, top: r.top + r.height * f, bottom: r.bottom - r.height * f });
        const meets = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
        const servers = [...document.querySelectorAll('svg.stage g.node')].map((g) => {
          const c = box(g.querySelector('circle.body'));
          return {
            id: g.dataset.nodeId,
            x: c.left + c.width / 2, y: c.top + c.height / 2, r: c.width / 2,
            words: [...g.querySelectorAll('.node-role, .node-vote')].map((t) => ink(box(t))),
          };
        });
        const out = { dots: 0, bad: [] };
        for (const dot of document.querySelectorAll('svg.stage circle.msg')) {
          const ends = (dot.querySelector('title')?.textContent ?? '').match(/N(\d) → N(\d)/);
          if (!ends) continue;
          out.dots++;
          const d = box(dot);
          const [x, y, r] = [d.left + d.width / 2, d.top + d.height / 2, d.width / 2];
          for (const s of servers) {
            if (s.id === ends[1] || s.id === ends[2]) continue;
            if (Math.hypot(x - s.x, y - s.y) < s.r + r - 1) out.bad.push(`${ends[0]} through N${s.id}`);
            if (judgeWords && s.words.some((b) => meets(d, b))) out.bad.push(`${ends[0]} on N${s.id}'s words`);
          }
        }
        return out;
      }, judgeWords);
      dots += seen.dots;
      found.push(...seen.bad.map((b) => `${query}: ${b}`));
      await page.waitForTimeout(100);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
  console.log(`seen: ${dots} messages`);
  assert.ok(dots > 300, `enough was seen to judge: ${dots} messages`);
  assert.deepEqual([...new Set(found)], []);
});

test('the inspector offers only what changes the run, and the feed says only what happened', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.locator('[data-node-id="2"]').waitFor();
  await showTab(page, 'Events');
  const feed = page.getByTestId('feed');
  const said = async () => (await feed.locator('li').allTextContents()).filter((t) => /link|links/.test(t));
  // Nothing is cut: N2's Reconnect is disabled, and h (heal every link) says nothing.
  await page.locator('[data-node-id="2"]').click();
  const inspector = page.getByTestId('inspector');
  assert.equal(await inspector.getByRole('button', { name: 'Reconnect' }).isDisabled(), true);
  // h heals every link, not this node's: Reconnect has no key of its own (it said "(h)").
  assert.equal(await inspector.getByRole('button', { name: 'Reconnect' }).getAttribute('title'), 'Reconnect');
  await page.locator('.shell').focus();
  await page.keyboard.press('h');
  await showTab(page, 'Events');
  assert.deepEqual(await said(), []);
  // A link cut one way: that button is disabled, the other way and Heal are not; cut both
  // ways, only Heal is left. The feed says each cut once.
  await page.locator('[data-link="1-2"]').first().press('Enter');
  const button = (name) => inspector.getByRole('button', { name });
  // From the keyboard: the button pressed keeps the focus, though it now does nothing
  // (disabled, it dropped the focus to the page's top).
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  await button('Cut N1 → N2').press('Enter');
  assert.equal(await focused(), 'Cut N1 → N2');
  assert.equal(await button('Cut N1 → N2').isDisabled(), true);
  assert.equal(await button('Cut N2 → N1').isDisabled(), false);
  assert.equal(await button('Heal').isDisabled(), false);
  await button('Cut both ways').click();
  for (const name of ['Cut N1 → N2', 'Cut N2 → N1', 'Cut both ways']) {
    assert.equal(await button(name).isDisabled(), true, name);
  }
  await showTab(page, 'Events');
  assert.deepEqual((await said()).map((t) => t.replace(/^.*?(The link)/, '$1')).reverse(),
    ['The link N1 → N2 was cut', 'The link N2 → N1 was cut']);
  // Isolated, N2 has nothing left to cut off, and something to reconnect.
  await page.locator('[data-node-id="2"]').click();
  await button('Isolate').press('Enter');
  assert.equal(await focused(), 'Isolate');
  assert.equal(await button('Isolate').isDisabled(), true);
  assert.equal(await button('Reconnect').isDisabled(), false);
  await button('Reconnect').click();
  // Crash from the keyboard leaves the focus on Restart, and Restart on Crash (it went to
  // the page's top, and from Restart to "Client read", which a second Enter then sent).
  await button('Crash').press('Enter');
  assert.equal(await focused(), 'Restart');
  await page.keyboard.press('Enter');
  assert.equal(await focused(), 'Crash');
  // Space on a focused link does not also play the run.
  await page.locator('[data-link="1-3"]').first().focus();
  await page.keyboard.press(' ');
  assert.equal(await page.locator('button.play').getAttribute('data-paused'), 'true');
  // A leader has no election timer to force: its button is disabled.
  await page.getByRole('button', { name: 'Play' }).click();
  const leader = page.locator('[data-role=leader]');
  await leader.waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.locator('[data-role=leader]').click();
  assert.equal(await inspector.getByRole('button', { name: 'Force timeout' }).isDisabled(), true);
  assert.deepEqual(problems, []);
});

test('a link with a loss of its own is drawn dotted and says how much it loses', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.locator('[data-link="1-3"]').first().press('Enter');
  const inspector = page.getByTestId('inspector');
  await inspector.getByRole('spinbutton', { name: 'N1–N3 Message loss' }).fill('80');
  await inspector.getByRole('spinbutton', { name: 'N1–N3 Message loss' }).press('Tab');
  const link = page.locator('.links .link.lossy');
  assert.equal(await link.count(), 1, 'one link drawn as losing messages');
  assert.equal(await link.locator('.link-loss').textContent(), 'Message loss 80 %');
  assert.match(await page.locator('[data-link="1-3"].link-hit').getAttribute('aria-label'), /link up · Message loss 80 %/);
  await inspector.getByRole('button', { name: 'Use the global settings' }).click();
  assert.equal(await page.locator('.links .link.lossy').count(), 0, 'back to the global loss');
  assert.deepEqual(problems, []);
});

test('on a 1024 × 768 projector the stage keeps its size while a long sentence comes and goes under it', async () => {
  // A server's election takes three lines of the caption's type in a column this wide: the
  // caption set it in two lines' room, smaller, and the stage above it jumped 28 px as it came.
  const { page, problems } = await openPage(browser, `${server.url}?seed=1&speed=2`, { viewport: { width: 1024, height: 768 } });
  await page.locator('[data-node-id="3"]').waitFor();
  const seen = await page.evaluate(() => new Promise((done) => {
    const sizes = new Set();
    const texts = new Set();
    let overflow = 0;
    const end = performance.now() + 6000;
    const frame = () => {
      const box = document.querySelector('.stage').getBoundingClientRect();
      sizes.add(`${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
      const caption = document.querySelector('[data-testid=caption]');
      texts.add(caption.textContent);
      if (caption.scrollHeight > caption.clientHeight + 1) overflow++;
      if (performance.now() < end) requestAnimationFrame(frame); else done({ sizes: [...sizes], texts: [...texts], overflow });
    };
    requestAnimationFrame(frame);
  }));
  assert.ok(seen.texts.some((t) => /election timer ran out: it starts an election/.test(t)), `an election was told: ${seen.texts.join(' | ')}`);
  assert.deepEqual(seen.sizes.length, 1, `the stage's sizes: ${seen.sizes.join(', ')}`);
  assert.equal(seen.overflow, 0, 'every sentence fits its box');
  assert.deepEqual(problems, []);
});

test('the stage keeps its size while the caption under it changes, and a crashed server is crossed out over its name', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&speed=2`);
  await page.locator('[data-node-id="3"]').waitFor();
  // Every frame for 8 s: the caption says one thing, then another, one line or two; the
  // stage above it must not resize (the whole drawing jumped by 14 px as it did).
  const sizes = await page.evaluate(() => new Promise((done) => {
    const seen = new Set();
    const texts = new Set();
    const end = performance.now() + 8000;
    const frame = () => {
      const box = document.querySelector('.stage').getBoundingClientRect();
      seen.add(`${box.width.toFixed(1)}×${box.height.toFixed(1)}`);
      texts.add(document.querySelector('[data-testid=caption]').textContent);
      if (performance.now() < end) requestAnimationFrame(frame); else done({ seen: [...seen], texts: texts.size });
    };
    requestAnimationFrame(frame);
  }));
  assert.ok(sizes.texts >= 3, `the caption changed: ${sizes.texts} texts`);
  assert.deepEqual(sizes.seen.length, 1, `the stage's sizes: ${sizes.seen.join(', ')}`);
  // Crash N2: its cross is drawn over its name and reaches its rim.
  await page.locator('.shell').focus();
  await page.keyboard.press('2');
  await page.keyboard.press('c');
  const cross = await page.locator('[data-node-id="2"]').evaluate((g) => {
    const kids = [...g.children];
    const cross = g.querySelector('.cross');
    const label = g.querySelector('.node-label');
    const body = g.querySelector('circle.body').getBBox();
    return { after: kids.indexOf(cross) > kids.indexOf(label), reach: cross.getBBox().width / body.width };
  });
  assert.ok(cross.after, 'the cross is drawn after (over) the name');
  assert.ok(cross.reach > 0.65, `the cross spans ${cross.reach.toFixed(2)} of the circle`);
  assert.deepEqual(problems, []);
});

test('on a 1920 × 1080 projector the strip\'s names grow with the page\'s type', async () => {
  const sizeAt = async (width, height) => {
    const { page } = await openPage(browser, `${server.url}?seed=3&paused=1`, { viewport: { width, height } });
    await page.locator('[data-node-id="1"]').waitFor();
    return page.locator('.spacetime').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
  };
  const small = await sizeAt(1280, 720);
  const large = await sizeAt(1920, 1080);
  assert.equal(small, 14);
  assert.ok(large >= 17, `the strip's type at 1920 × 1080: ${large} px`);
});

test('a crash during a disk write loses the write, and the feed says what the server came back without', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.locator('[data-node-id="1"]').waitFor();
  await showTab(page, 'Cluster');
  const disk = page.getByLabel('Disk write (ms)');
  await disk.fill('15');
  await disk.press('Enter');
  // Step until a server writes the first term: a candidate's vote for itself, or a vote it
  // was given, on its way to the disk (the badge beside the server).
  await page.locator('.shell').focus();
  let writer = null;
  for (let i = 0; i < 600 && !writer; i++) {
    await page.keyboard.press('ArrowRight');
    writer = await page.evaluate(() => {
      for (const badge of document.querySelectorAll('[data-disk-of]')) {
        const g = document.querySelector(`g[data-node-id="${badge.dataset.diskOf}"]`);
        if (Number(g.dataset.term) > 0) return { id: g.dataset.nodeId, term: Number(g.dataset.term) };
      }
      return null;
    });
  }
  assert.ok(writer, 'a server writing term 1');
  assert.equal(writer.term, 1);
  const node = page.locator(`g[data-node-id="${writer.id}"]`);
  await node.click();
  await page.getByTestId('inspector').getByRole('button', { name: 'Crash' }).click();
  assert.equal(await node.getAttribute('data-state'), 'down');
  // It comes back with what the last completed write saved: term 0, not 1.
  assert.equal(await node.getAttribute('data-term'), '0');
  await showTab(page, 'Events');
  const said = await page.getByTestId('feed').locator('li').allTextContents();
  const lost = said.find((t) => t.includes(`N${writer.id} lost the disk write in progress`));
  assert.ok(lost, said.join('\n'));
  assert.match(lost, /term 0 \(it had reached 1\)/);
  assert.match(lost, /No vote or acknowledgement it gave is lost/);
  assert.deepEqual(problems, []);
});

// Deep into a long run (nine servers, a client every 10 ms, 60 s: logs near 30,000 entries)
// the logs' header indices have five digits, wider than a cell: side by side they ran
// together ("2994229943…"). Every fourth column is labelled, no label reaching the next.
test("a long run's five-digit log indices stand apart", async () => {
  const query = (await readFile(new URL('../fixtures/long-run-link.txt', import.meta.url), 'utf8')).trim();
  const { page, problems } = await openPage(browser, `${server.url}${query}`);
  // It opens a slice per frame (1.6 million events), with a progress line until it is done.
  await page.getByTestId('opening').waitFor({ timeout: 10_000 });
  await page.getByTestId('opening').waitFor({ state: 'detached', timeout: 120_000 });
  assert.equal(await page.getByTestId('cursor').textContent(), ' · event 1586599');
  assert.equal(await page.getByTestId('time').textContent(), '60000.000 ms');
  const labels = await page.locator('.log-head .index').evaluateAll((els) => els
    .filter((e) => e.textContent !== '')
    .map((e) => { const r = document.createRange(); r.selectNodeContents(e); const b = r.getBoundingClientRect(); return [e.textContent, b.left, b.right]; }));
  assert.ok(labels.length >= 2 && labels.every(([t]) => t.length === 5), JSON.stringify(labels));
  for (let i = 1; i < labels.length; i++) {
    assert.ok(labels[i - 1][2] + 4 <= labels[i][1], `${labels[i - 1][0]} reaches ${labels[i][0]}: ${JSON.stringify(labels)}`);
  }
  assert.deepEqual(problems, []);
});


// A button the mouse pressed keeps the focus: Space then plays or pauses, as the shortcut
// list says, instead of pressing it again (a second client write). Focused from the keyboard,
// Space presses it.
test('Space after a mouse click on a button plays or pauses; on a button focused from the keyboard it presses it', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=5`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const ops = async () => Number((await page.locator('[data-property=Linearizability]').textContent()).match(/(\d+)\)/)[1]);
  const write = page.getByRole('button', { name: 'Client write' });
  await write.click();
  await page.waitForFunction(() => /: 1\)/.test(document.querySelector('[data-property=Linearizability]').textContent));
  await page.keyboard.press(' ');
  await page.locator('button.play[data-paused=true]').waitFor({ timeout: 5_000 });
  await page.waitForTimeout(300);
  assert.equal(await ops(), 1, 'no second write');
  // From the keyboard: away and back to the button, then Space presses it; the run stays paused.
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Client write');
  await page.keyboard.press(' ');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('button.play').getAttribute('data-paused'), 'true');
  // The write it sent is carried out once the run plays on.
  await page.locator('button.play').click();
  await page.waitForFunction(() => /: 2\)/.test(document.querySelector('[data-property=Linearizability]').textContent));
  assert.deepEqual(problems, []);
});
