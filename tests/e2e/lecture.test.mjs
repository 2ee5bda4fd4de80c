// Lecture-ready: what a teacher in front of a class relies on. A clicker that never waits,
// labels readable from the back of the room, a panel that keeps the logs and the safety
// checks in view while acting, fields that take typing while the run plays, a phone sheet,
// the keyboard, copying the link, and links that carry tracking tags.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS, showTab } from './harness.mjs';

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

/** Heights in CSS pixels of the node names and roles as drawn (their bounding boxes). */
async function labelHeights(page, frame = page) {
  return frame.locator('svg.stage').evaluate((svg) => {
    const h = (sel) => [...svg.querySelectorAll(sel)].map((e) => e.getBoundingClientRect().height);
    return { names: h('.node-label'), roles: h('.node-role') };
  });
}

test('Next during play goes to the next cue at once; Back returns to the previous one', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=partition`);
  const caption = page.getByTestId('scenario-caption');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 30_000 });
  await page.locator('.shell').focus();
  // Start the next stretch, then press again on the way: the cue is reached within a second.
  await page.keyboard.press('PageDown');
  await page.locator('button.play[data-paused=false]').waitFor();
  const start = Date.now();
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 1_000 });
  const waited = Date.now() - start;
  console.log(`Next during play reached cue 2 in ${waited} ms`);
  assert.ok(waited < 1_000, `${waited} ms`);
  assert.equal(await page.locator('button.play[data-paused=true]').count(), 1, 'paused at the cue');
  await page.keyboard.press('PageUp');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 5_000 });
  assert.ok(await caption.textContent());
  assert.deepEqual(problems, []);
});

test("a step forward at a cue carries out the scenario's next step at its moment, and its caption tells it", async () => {
  // The run went on without the step's actions, and the captions after it told another run.
  const { page, problems } = await openPage(browser, `${server.url}?scenario=leader-crash`);
  const caption = page.getByTestId('scenario-caption');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 30_000 });
  await page.locator('button.play[data-paused=true]').waitFor();
  const step = page.getByRole('button', { name: 'Step forward one event' });
  const ms = async () => Number((await page.getByTestId('clock').textContent()).match(/t = ([\d,.]+) ms/)[1].replace(/,/g, ''));
  for (let i = 0; i < 200 && await ms() < 700; i++) await step.click();
  assert.equal(await ms(), 700, 'the crash at 700 ms, as the caption says');
  assert.equal(await caption.getAttribute('data-cue'), '2');
  assert.match(await caption.textContent(), /The leader N3 crashed/);
  assert.equal(await page.locator('[data-node-id="3"][data-role=crashed]').count(), 1);
  assert.deepEqual(problems, []);
});

test("the Events feed lists what a cue's caption tells, however much happened since the cue before", async () => {
  // pre-vote, cue 5: "N1 heard term 11 and stepped down …", with more than eight happenings
  // after it by the cue (the feed's usual length); leader-crash, cue 5: "N3 adopted it,
  // follows N2 and received the entry it missed".
  const feedAt = async (id, cue) => {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=${id}&paused=1`);
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    await showTab(page, 'Events');
    await page.locator('.shell').focus();
    for (let want = 1; want <= cue; want++) {
      await page.keyboard.press('PageDown');
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
        && document.querySelector('button.play').getAttribute('data-paused') === 'true', String(want), { timeout: 30_000 });
    }
    const lines = await page.getByTestId('feed').locator('li').allTextContents();
    assert.deepEqual(problems, []);
    return { page, lines };
  };
  const preVote = await feedAt('pre-vote', 5);
  assert.ok(preVote.lines.length > 8, `${preVote.lines.length} lines`);
  assert.ok(preVote.lines.some((l) => /N1 saw the higher term 11 from N2 and stepped down/.test(l)), preVote.lines.join('\n'));
  const crash = await feedAt('leader-crash', 5);
  assert.ok(crash.lines.some((l) => /N3 learned of term 2 from N2's AppendEntries: it adopts it \(it was in term 1\) and follows N2/.test(l)),
    crash.lines.join('\n'));
  assert.ok(crash.lines.some((l) => /N3 stored entry 2 from N2, which the leader had already committed without N3/.test(l)));
});

test("with two leaders the logs say whose matchIndex and nextIndex they show", async () => {
  // partition, cue 4: N4 still leads term 1 on the minority side, N5 leads term 2.
  for (const [lang, whose] of [['en', /N5's matchIndex \d+ · nextIndex \d+/], ['zh', /N5 记录的 matchIndex \d+ · nextIndex \d+/]]) {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=partition&paused=1&lang=${lang}`);
    await page.getByTestId('scenario-caption').waitFor();
    await page.locator('.shell').focus();
    for (let want = 1; want <= 4; want++) {
      await page.keyboard.press('PageDown');
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
        && document.querySelector('button.play').getAttribute('data-paused') === 'true', String(want), { timeout: 30_000 });
    }
    assert.equal(await page.locator('[data-node-id][data-role=leader]').count(), 2);
    for (const k of [1, 4]) {
      assert.match(await page.locator(`[data-log-node="${k}"] .who`).getAttribute('title'), whose, `N${k} in ${lang}`);
    }
    assert.doesNotMatch(await page.locator('[data-log-node="5"] .who').getAttribute('title'), /matchIndex/);
    assert.deepEqual(problems, []);
  }
});

test('a caption the run has played past is stamped with its moment until the next cue tells what happened since', async () => {
  // leader-crash: cue 2 (700 ms) says the followers' timers keep running down; on the way to
  // cue 3 (1,500 ms) N2 is elected, so that caption is only true of its moment.
  const { page, problems } = await openPage(browser, `${server.url}?scenario=leader-crash&paused=1`);
  const caption = page.getByTestId('scenario-caption');
  const atCue = (want) => page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
    && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  await caption.waitFor();
  // Opened paused, the story waits for Next (it would not start "in a moment").
  assert.equal(await caption.locator('p').textContent(), 'Press Next ▶ to start.');
  await page.locator('.shell').focus();
  for (const want of ['1', '2']) {
    await page.keyboard.press('PageDown');
    await atCue(want);
  }
  // At its cue the caption is of the moment on screen: no stamp.
  assert.match(await caption.locator('p').textContent(), /^The leader N3 crashed/);
  assert.equal(await caption.locator('[data-testid=said-at]').count(), 0);
  // Next plays on towards cue 3: the same words, stamped with 700 ms, while a leader is elected.
  await page.keyboard.press('PageDown');
  const stamp = caption.locator('[data-testid=said-at]');
  await stamp.waitFor({ timeout: 10_000 });
  assert.equal(await caption.getAttribute('data-cue'), '2');
  assert.equal(await stamp.textContent(), 'At t = 700 ms: ');
  assert.match(await caption.locator('p').textContent(), /^At t = 700 ms: The leader N3 crashed/);
  assert.equal(await caption.locator('p.past').count(), 1);
  // Cue 3 reached: its caption tells of the election, for the moment on screen.
  await atCue('3');
  assert.match(await caption.locator('p').textContent(), /^N2's timer ran out first/);
  assert.equal(await stamp.count(), 0);
  // A cue that sends a client write of its own stops a few µs after its moment (650.003 ms):
  // the clock still reads its moment, and the caption is not stamped.
  const partition = await openPage(browser, `${server.url}?scenario=partition&paused=1`);
  const partitionCaption = partition.page.getByTestId('scenario-caption');
  await partitionCaption.waitFor();
  for (const want of ['1', '2']) {
    await partitionCaption.getByRole('button', { name: /Next/ }).click();
    await partition.page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
      && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
  }
  assert.match(await partition.page.getByTestId('clock').textContent(), /^t = 650\.0 ms/);
  assert.equal(await partitionCaption.locator('[data-testid=said-at]').count(), 0);
  assert.deepEqual(partition.problems, []);
  await partition.page.close();
  // A ring scenario's steps have no moment on a clock (the ring has none): never stamped,
  // though the cluster's clock runs on under it.
  const ring = await openPage(browser, `${server.url}?scenario=node-dies`);
  const ringCaption = ring.page.getByTestId('scenario-caption');
  await ringCaption.waitFor();
  for (let step = 0; step < 3; step++) {
    const want = String(Number(await ringCaption.getAttribute('data-cue')) + 1);
    await ringCaption.getByRole('button', { name: /Next/ }).click();
    await ring.page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w, want);
    await ring.page.waitForTimeout(700);
    assert.equal(await ringCaption.locator('[data-testid=said-at]').count(), 0, `node-dies cue ${want}`);
    assert.equal(await ringCaption.locator('p.past').count(), 0, `node-dies cue ${want}`);
  }
  assert.deepEqual(ring.problems, []);
  assert.deepEqual(problems, []);
});

test('the stage keeps its drawing while the narration under it wraps to more or fewer lines', async () => {
  // In Chinese at 1280 × 720 the narration's lines take one or two lines as the election goes,
  // so the stage's box is a few per cent taller or shorter from one line to the next; the
  // servers kept switching between a circle and an arch with it.
  const { page, problems } = await openPage(browser, `${server.url}?seed=1&lang=zh`);
  await page.locator('[data-node-id]').first().waitFor();
  // The caption keeps two lines' room: the stage's box keeps one height, so the drawing
  // does not even scale (it did, by 5 %, moving the servers 14 px at 1280 × 720).
  const seen = await page.evaluate(async () => {
    const lines = new Set();
    const heights = new Set();
    const boxes = new Set();
    const seats = new Set();
    for (let i = 0; i < 80; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const words = document.createRange();
      words.selectNodeContents(document.querySelector('[data-testid=caption]'));
      lines.add(Math.round(words.getBoundingClientRect().height));
      heights.add(document.querySelector('.stage-wrap').clientHeight);
      boxes.add(document.querySelector('svg.stage').getAttribute('viewBox'));
      seats.add([...document.querySelectorAll('svg.stage g.node')].map((g) => g.getAttribute('transform')).join(' '));
    }
    return { lines: [...lines], heights: [...heights], boxes: [...boxes], seats: [...seats] };
  });
  assert.ok(seen.lines.length >= 2, `the narration kept one height (${seen.lines}): nothing was tested`);
  assert.deepEqual(seen.heights.length, 1, `the stage's box took heights ${seen.heights} for narrations ${seen.lines} high`);
  assert.deepEqual(seen.boxes.length, 1, `the stage was redrawn as ${seen.boxes.join(', ')} for heights ${seen.heights}`);
  assert.equal(seen.seats.length, 1, `the servers moved: ${seen.seats.join(' | ')}`);
  assert.deepEqual(problems, []);
});

test('the scenario picker lists each scenario by a name that fits the closed list, grouped by the article\'s concepts, its title as a tooltip', async () => {
  // The closed list showed "The leader crash" for "The leader crashes; a new one is elected".
  for (const [query, viewport] of [
    ['?scenario=leader-crash', { width: 1280, height: 720 }],
    ['?scenario=leader-crash&lang=zh', { width: 1280, height: 720 }],
    ['?scenario=quorum-no-write-back', { width: 1920, height: 1080 }],
    ['?scenario=quorum-no-write-back', { width: 390, height: 844 }],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
    const picker = page.locator('select.scenario-picker');
    await page.locator('[data-testid=scenario-caption]').waitFor({ timeout: 30_000 });
    const seen = await picker.evaluate((s) => {
      const ctx = document.createElement('canvas').getContext('2d');
      const cs = getComputedStyle(s);
      ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
      // The room inside the padding, less the list's arrow.
      const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 16;
      return {
        cut: [...s.options].filter((o) => ctx.measureText(o.text).width > room)
          .map((o) => `"${o.text}" ${ctx.measureText(o.text).width.toFixed(0)} px > ${room.toFixed(0)} px`),
        groups: [...s.querySelectorAll('optgroup')].map((g) => g.label),
        chosen: { text: s.selectedOptions[0].text, title: s.selectedOptions[0].title, group: s.selectedOptions[0].parentElement.label },
        untitled: [...s.querySelectorAll('optgroup option')].filter((o) => !o.title).map((o) => o.text),
        tooltip: s.title,
      };
    });
    const label = `${query} ${viewport.width}×${viewport.height}`;
    assert.deepEqual(seen.cut, [], label);
    assert.deepEqual(seen.untitled, [], `${label}: every option has its full title as a tooltip`);
    const caption = await page.locator('[data-testid=scenario-caption] .scenario-title').textContent();
    assert.equal(seen.chosen.title, caption, label);
    assert.ok(seen.tooltip.endsWith(caption), `${label}: ${seen.tooltip}`);
    if (query.includes('zh')) {
      assert.deepEqual(seen.groups, ['数据分布', '负载均衡', '故障容错', '一致性', '网络'], label);
      assert.deepEqual(seen.chosen, { text: '领导者宕机', title: '领导者宕机，选出新的领导者', group: '故障容错' });
    } else if (query.includes('leader-crash')) {
      assert.deepEqual(seen.groups, ['Data distribution', 'Load balancing', 'Fault tolerance', 'Consistency', 'Network'], label);
      assert.deepEqual(seen.chosen, {
        text: 'The leader crashes', title: 'The leader crashes; a new one is elected', group: 'Fault tolerance',
      });
    } else {
      // The quorum store's scenarios are among the consistency ones.
      assert.equal(seen.chosen.group, 'Consistency', label);
    }
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('a clicker with the focus on the scenario picker moves the story, it does not open another scenario', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-node-id]');
  const picker = page.locator('select.scenario-picker');
  // Chosen with the mouse, the list keeps the focus; a closed list changes its value on these keys.
  await picker.selectOption('partition');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 30_000 });
  await picker.focus();
  for (const key of ['ArrowDown', 'ArrowUp', 'End', 'Home', 'r']) {
    await page.keyboard.press(key);
    assert.equal(await picker.inputValue(), 'partition', `after ${key}`);
  }
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 5_000 });
  assert.equal(await picker.inputValue(), 'partition');
  assert.equal(await page.evaluate(() => new URL(location.href).searchParams.get('scenario')), 'partition');
  assert.deepEqual(problems, []);
});

test('a clicker with the focus on a list, a slider or a number field moves the story and leaves the control alone', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=virtual-nodes&paused=1`);
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 30_000 });
  // Cue 1 points at the load bars in the side panel: all eight in view at 1280 × 720 (the
  // panel's explainer folds away under a scenario; it pushed them below the fold).
  assert.match(await page.getByTestId('scenario-caption').textContent(), /load bars in the side panel/);
  const bottoms = await page.locator('[data-ring-node]').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().bottom));
  assert.equal(bottoms.length, 8);
  assert.ok(Math.max(...bottoms) <= 720, `load bars down to ${Math.max(...bottoms)} px`);
  const algorithm = page.getByRole('combobox', { name: 'Algorithm' });
  const vnodes = page.getByRole('slider', { name: 'Virtual nodes per node' });
  const before = { algorithm: await algorithm.inputValue(), vnodes: await vnodes.inputValue() };
  await algorithm.focus();
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 5_000 });
  assert.equal(await algorithm.inputValue(), before.algorithm, 'PageDown on the algorithm list');
  const atCue2 = await vnodes.inputValue();
  await vnodes.focus();
  await page.keyboard.press('PageUp');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 5_000 });
  assert.equal(await vnodes.inputValue(), before.vnodes, 'PageUp on the slider goes back a cue, as the story set it');
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 5_000 });
  assert.equal(await vnodes.inputValue(), atCue2, 'PageDown on the slider');
  assert.deepEqual(problems, []);
});

test('in a scenario, Tab reaches Next before the stage\'s nodes and links; the caption shows under the stage', async () => {
  for (const query of ['?scenario=partition&paused=1', '?view=store&scenario=quorum-stale&paused=1']) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport: { width: 1280, height: 720 } });
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor({ timeout: 30_000 });
    await page.locator('.shell').focus();
    let presses = 0;
    let on = '';
    while (presses < 40) {
      await page.keyboard.press('Tab');
      presses++;
      on = await page.evaluate(() => {
        const e = document.activeElement;
        return e.classList.contains('next') ? 'next' : e.closest('[data-node-id], g.snode, .link-targets') ? 'stage' : '';
      });
      if (on) break;
    }
    assert.equal(on, 'next', `${query}: Tab reached the stage first`);
    console.log(`${query}: Next after ${presses} Tab presses`);
    const [stage, box] = await Promise.all([page.locator('.lenses').boundingBox(), caption.boundingBox()]);
    assert.ok(box.y >= stage.y + stage.height - 1, `${query}: the caption is under the stage`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the logs\' applied-state heading fits its column: whole while the logs are short, shortened when they fill the panel', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=log-repair&paused=1`, { viewport: { width: 1280, height: 720 } });
  const head = page.locator('[data-testid=logs] .log-head .kv');
  await head.waitFor({ timeout: 30_000 });
  const shown = () => head.evaluate((e) => ({
    text: [...e.children].filter((c) => getComputedStyle(c).display !== 'none').map((c) => c.textContent).join(''),
    fits: e.scrollWidth <= e.clientWidth,
  }));
  const cells = () => page.locator('[data-testid=logs] .log-head .index').count();
  const first = await shown();
  console.log(`${await cells()} indices: "${first.text}"`);
  assert.deepEqual(first, { text: 'Key-value state', fits: true });
  await page.locator('.shell').focus();
  for (let cue = 1; cue <= 4; cue++) {
    await page.keyboard.press('PageDown');
    await page.locator(`[data-testid=scenario-caption][data-cue="${cue}"]`).waitFor({ timeout: 30_000 });
  }
  const full = await shown();
  console.log(`${await cells()} indices: "${full.text}"`);
  assert.ok(await cells() >= 10);
  assert.deepEqual(full, { text: 'KV', fits: true });
  assert.deepEqual(problems, []);
});

test('logs longer than the panel\'s window end in how many entries are past it, and the header in the newest index', async () => {
  // Log repair's captions speak of index 25 and 21 missing entries while the table showed
  // indices 2 to 11 and nothing past them.
  const { page, problems } = await openPage(browser, `${server.url}?scenario=log-repair&paused=1`, { viewport: { width: 1280, height: 720 } });
  const read = () => page.locator('[data-testid=logs]').evaluate((logs) => {
    const indices = [...logs.querySelectorAll('.log-head .index:not(.more)')].map((e) => Number(e.textContent));
    return {
      last: Math.max(...indices),
      newest: logs.querySelector('.log-head .index.more')?.textContent ?? null,
      rows: [...logs.querySelectorAll('.log-row[data-log-node]')].map((r) => ({
        length: Number(r.dataset.length), more: r.querySelector('.cells .more')?.textContent ?? null,
      })),
    };
  });
  const seen = [];
  await everyCue(page, async (cue) => {
    const logs = await read();
    const newest = Math.max(...logs.rows.map((r) => r.length));
    if (newest > logs.last) {
      seen.push(cue);
      assert.equal(logs.newest, `…${newest}`, `cue ${cue}: ${JSON.stringify(logs)}`);
      for (const r of logs.rows) {
        assert.equal(r.more, r.length > logs.last ? `+${r.length - logs.last}` : '', `cue ${cue}: ${JSON.stringify(logs)}`);
      }
    } else {
      assert.deepEqual([logs.newest, logs.rows.map((r) => r.more)], [null, logs.rows.map(() => null)], `cue ${cue}`);
    }
  });
  assert.ok(seen.includes(4) && seen.includes(6), `the logs outgrew the window at cues ${seen}`);
  assert.deepEqual(problems, []);
});

test('the header fits its line on laptops, desktops and a projector, in both languages', async () => {
  for (const lang of ['en', 'zh']) {
    for (const [width, height] of [[1280, 720], [1440, 900], [1536, 864], [1920, 1080]]) {
      const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1&lang=${lang}`, { viewport: { width, height } });
      await page.waitForSelector('[data-node-id]');
      const { over, right, spread } = await page.locator('.topbar').evaluate((bar) => ({
        over: bar.scrollWidth - bar.clientWidth,
        right: Math.max(...[...bar.querySelectorAll('button, select')].map((e) => e.getBoundingClientRect().right)),
        // The spread of the controls' middles: within a line's height, they share one line.
        spread: (() => {
          const mids = [...bar.querySelectorAll('button, select')].map((e) => {
            const r = e.getBoundingClientRect();
            return (r.top + r.bottom) / 2;
          });
          return Math.max(...mids) - Math.min(...mids);
        })(),
      }));
      const at = `${lang} ${width}×${height}`;
      assert.equal(over, 0, `${at}: the header scrolls sideways`);
      assert.ok(right <= width, `${at}: a control ends at ${right}`);
      assert.ok(spread < 16, `${at}: the controls' middles ${spread} px apart`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
});

test('node names and roles are at least 16 px tall at 1280×720, in English and in Chinese', async () => {
  for (const lang of ['en', 'zh']) {
    const { page, problems } = await openPage(browser, `${server.url}?seed=3&lang=${lang}`, { viewport: { width: 1280, height: 720 } });
    await page.waitForSelector('[data-node-id]');
    await page.waitForTimeout(500);
    const { names, roles } = await labelHeights(page);
    console.log(`1280×720 ${lang}: names ${Math.min(...names).toFixed(1)} px, roles ${Math.min(...roles).toFixed(1)} px`);
    assert.ok(Math.min(...names) >= 16 && Math.min(...roles) >= 16, JSON.stringify({ names, roles }));
    await page.screenshot({ path: `${ARTIFACTS}/projector-${lang}.png` });
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('in a scenario, with a three-line caption under the stage, the labels stay at least 16 px', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=figure-8&lang=zh&paused=1`,
    { viewport: { width: 1280, height: 720 } });
  await page.waitForSelector('[data-node-id]');
  await page.locator('.shell').focus();
  for (let want = 1; want <= 4; want++) {
    await page.keyboard.press('PageDown');
    await page.locator(`[data-testid=scenario-caption][data-cue="${want}"]`).waitFor({ timeout: 30_000 });
  }
  const { names, roles } = await labelHeights(page);
  console.log(`1280×720 scenario zh: names ${Math.min(...names).toFixed(1)} px, roles ${Math.min(...roles).toFixed(1)} px`);
  assert.ok(Math.min(...names) >= 16 && Math.min(...roles) >= 16, JSON.stringify({ names, roles }));
  await page.screenshot({ path: `${ARTIFACTS}/projector-scenario-zh.png` });
  assert.deepEqual(problems, []);
});

test('in a 960×540 slide the embedded stage labels are at least 16 px tall too', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&scenario=leader-crash&paused=1&lang=zh`,
    { viewport: { width: 960, height: 540 } });
  await page.waitForSelector('[data-node-id]');
  await page.waitForTimeout(500);
  const { names, roles } = await labelHeights(page);
  console.log(`embed 960×540 zh: names ${Math.min(...names).toFixed(1)} px, roles ${Math.min(...roles).toFixed(1)} px`);
  assert.ok(Math.min(...names) >= 16 && Math.min(...roles) >= 16, JSON.stringify({ names, roles }));
  await page.screenshot({ path: `${ARTIFACTS}/embed-zh.png` });
  assert.deepEqual(problems, []);
});

test("the clients' box, client messages' words and clocks' rates leave the servers' labels and each other clear, on a projector and in a slide", async () => {
  // Cue 2 of the partition: the client's write to the minority leader is on its way; cue 4
  // of write-commits: the reply leaves the leader; cues 1, 3 and 4 of lease-drift: five
  // servers, each with a clock's rate beside it; cue 2 of log repair: three writes at once.
  for (const [viewport, query, cues] of [
    [{ width: 1280, height: 720 }, '?scenario=partition&paused=1&lang=zh', 2],
    [{ width: 800, height: 450 }, '?embed=1&scenario=partition&paused=1', 2],
    [{ width: 1280, height: 720 }, '?scenario=write-commits&paused=1', 4],
    [{ width: 1280, height: 720 }, '?scenario=lease-drift&paused=1', 3],
    // Cue 4: C1's read leaves the box straight up to N1, whose labels are two lines long.
    [{ width: 1280, height: 720 }, '?scenario=lease-drift&paused=1', 4],
    // Cue 1: the read goes up through the place under N1 where its clock's rate stands.
    [{ width: 1280, height: 720 }, '?scenario=lease-drift&paused=1', 1],
    // Cue 2 of log repair: three clients' writes leave the box together.
    [{ width: 1280, height: 720 }, '?scenario=log-repair&paused=1', 2],
    [{ width: 1280, height: 720 }, '?scenario=lease-drift&paused=1&lang=zh', 3],
    // In a slide two rates chose the same gap, one over the other.
    [{ width: 960, height: 540 }, '?embed=1&scenario=lease-drift&paused=1&theme=dark', 3],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
    await page.getByTestId('scenario-caption').waitFor({ timeout: 30_000 });
    await page.locator('.shell').focus();
    for (let cue = 1; cue <= cues; cue++) {
      await page.keyboard.press('PageDown');
      await page.locator(`[data-testid=scenario-caption][data-cue="${cue}"]`).waitFor({ timeout: 30_000 });
    }
    await page.locator('svg.stage .client rect').waitFor();
    if (query.includes('lease-drift')) {
      assert.equal(await page.locator('.clock-rate').count(), 5);
      // Legible from the back of the room: each rate at 13 px or more here (they were 12,
      // and 11 under the scenario's longest caption).
      const sizes = await page.locator('svg.stage').evaluate((svg) => [...svg.querySelectorAll('.clock-rate')]
        .map((t) => parseFloat(getComputedStyle(t).fontSize) * svg.getScreenCTM().a));
      assert.ok(Math.min(...sizes) >= 13, `clock rates at ${sizes.map((x) => x.toFixed(1))} px`);
    } else assert.ok(await page.locator('.msg-op').count() > 0, 'a client message is on its way');
    const clashes = await page.locator('svg.stage').evaluate((svg) => {
      const box = (e) => e.getBoundingClientRect();
      const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const ours = [...svg.querySelectorAll('.client rect, .msg-op, .clock-rate')];
      const theirs = [...svg.querySelectorAll('.node text, .node circle.body')];
      const overNodes = ours.flatMap((a) => theirs.filter((b) => meet(box(a), box(b)))
        .map((b) => `${a.getAttribute('class') ?? 'client'} over ${b.closest('.node').dataset.nodeId} ${b.getAttribute('class')}`));
      // A message's words leave the clients' box clear too.
      const clients = svg.querySelector('.client rect');
      const overClients = [...svg.querySelectorAll('.msg-op')].filter((a) => clients && meet(box(a), box(clients)))
        .map((a) => `msg-op "${a.textContent}" over the clients' box`);
      // Nor do two clocks' rates or messages' words cover each other.
      const rates = [...svg.querySelectorAll('.clock-rate, .msg-op')];
      const overRates = rates.flatMap((a, i) => rates.slice(i + 1).filter((b) => meet(box(a), box(b)))
        .map((b) => `"${a.textContent}" over "${b.textContent}"`));
      return [...overNodes, ...overClients, ...overRates];
    });
    assert.deepEqual(clashes, [], `${query} ${viewport.width}×${viewport.height}`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("no server's circle, crown or labels lie over another's, from three to nine servers, on a laptop, a phone, in a slide, beside the ring and zoomed", async () => {
  // After an election every follower shows whom it voted for: the tallest a server's labels get.
  // Nine servers on a wide, short stage used to put N8's labels over N7 and N3's under N4; a
  // presenter's zoom or a phone put labels on their neighbours and off the stage.
  const laptop = { width: 1280, height: 720 };
  const cases = [
    ...[3, 5, 7, 9].flatMap((nodes) => [[laptop, nodes, ''], [laptop, nodes, '&lang=zh'], [{ width: 800, height: 450 }, nodes, '&embed=1']]),
    [{ width: 390, height: 844 }, 7, ''], [{ width: 390, height: 844 }, 9, ''],
    [laptop, 7, '&view=both'], [laptop, 6, '&view=both'],
    [laptop, 5, '', 2], [laptop, 9, '', 2],
  ];
  for (const [viewport, nodes, extra, zoomIn = 0] of cases) {
    {
      const query = `?seed=1&nodes=${nodes}&speed=2${extra}`;
      const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
      for (let i = 0; i < zoomIn; i++) {
        await page.locator('.shell').focus();
        await page.keyboard.press('+');
      }
      await page.locator('svg.stage .node.leader').waitFor({ timeout: 30_000 });
      await page.locator('svg.stage .node-vote').first().waitFor({ timeout: 30_000 });
      // Paused, and the pop a server's circle gives when its role or term changes (a moment
      // at 1.22 times its size) played out: this is about where things stay.
      await page.locator('button.play').press('Space');
      await page.locator('button.play[data-paused="true"]').waitFor();
      await page.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity).map((a) => a.finished)));
      const clashes = await page.locator('svg.stage').evaluate((svg) => {
        const box = (e) => e.getBoundingClientRect();
        const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
        const parts = [...svg.querySelectorAll('.node')].flatMap((node) =>
          [...node.querySelectorAll('text, circle.body')].map((e) => ({ node: node.dataset.nodeId, e })));
        const found = [];
        for (const a of parts) {
          for (const b of parts) {
            if (a.node < b.node && meet(box(a.e), box(b.e))) {
              found.push(`N${a.node} ${a.e.getAttribute('class')} "${a.e.textContent}" over N${b.node} ${b.e.getAttribute('class')} "${b.e.textContent}"`);
            }
          }
        }
        const stage = box(svg);
        const off = parts.filter(({ e }) => {
          const b = box(e);
          return b.left < stage.left - 1 || b.right > stage.right + 1 || b.top < stage.top - 1 || b.bottom > stage.bottom + 1;
        }).map(({ node, e }) => `N${node} ${e.getAttribute('class')} off the stage`);
        return [...found, ...off];
      });
      assert.deepEqual(clashes, [], `${query} ${viewport.width}×${viewport.height} zoomed in ${zoomIn}×`);
      assert.deepEqual(problems, []);
      await page.close();
    }
  }
});

test('on a wide stage the servers fill its height: no empty band under the lowest server\'s labels', async () => {
  // Spaced to keep their labels apart, five servers on a wide stage made an arch and left
  // the bottom quarter of the stage empty (N3 and N4 raised level with the middle).
  for (const [query, viewport] of [
    ['?scenario=leader-crash&paused=1', { width: 1280, height: 720 }],
    ['?scenario=leader-crash&paused=1', { width: 1366, height: 768 }],
    ['?scenario=leader-crash&paused=1&embed=1', { width: 800, height: 450 }],
    ['?nodes=7&seed=2&paused=1', { width: 1280, height: 720 }],
    ['?nodes=9&seed=2&paused=1', { width: 1280, height: 720 }],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
    await page.waitForSelector('svg.stage g.node');
    if (query.includes('scenario')) {
      await page.getByTestId('scenario-caption').getByRole('button', { name: /Next/ }).click();
      await page.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === '1', null, { timeout: 30_000 });
    }
    await page.waitForTimeout(500);
    const band = await page.evaluate(() => {
      const stage = document.querySelector('svg.stage').getBoundingClientRect();
      const lowest = Math.max(...[...document.querySelectorAll('svg.stage g.node')].map((n) => n.getBoundingClientRect().bottom));
      return (stage.bottom - lowest) / stage.height;
    });
    // (What is left is the room for a "voted for" line under the lowest labels: 12.4 % of a
    // seven-server stage at 1280 × 720, under the narration's two lines' room; an arch left 25 %.)
    assert.ok(band < 0.13, `${query} ${viewport.width}×${viewport.height}: ${(band * 100).toFixed(0)} % of the stage empty under the servers`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('the presenter zoom makes the stage labels larger and comes back with 0', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.waitForSelector('[data-node-id]');
  await page.waitForTimeout(300);
  const before = Math.min(...(await labelHeights(page)).names);
  await page.locator('.shell').focus();
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  // (The page handles a key in its own time: wait for the second to show.)
  const zoom = (v) => page.waitForFunction((want) => document.querySelector('[data-testid=zoom]')?.textContent === want, v, { timeout: 5000 });
  await zoom('150%');
  const zoomed = Math.min(...(await labelHeights(page)).names);
  // 150 % asked; a crowded stage gives up some of it so that the servers stay clear (here
  // 1.3× exactly, which rounding put on either side of a strict 1.3).
  assert.ok(zoomed > before * 1.25, `${before} → ${zoomed}`);
  await page.keyboard.press('0');
  await zoom('100%');
  assert.deepEqual(problems, []);
});

test('a number field takes typing while the run plays', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&speed=5`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await showTab(page, 'Network');
  const field = page.getByRole('spinbutton', { name: 'Latency max (ms)' });
  await field.click();
  await field.press('End');
  // Type slowly, frames going by between the keys: each keystroke must stay.
  await field.pressSequentially('5', { delay: 150 });
  await page.waitForTimeout(400);
  assert.equal(await field.inputValue(), '205', 'the typed digit stays while frames go by');
  await field.press('Enter');
  await page.waitForTimeout(200);
  assert.equal(await field.inputValue(), '205');
  const times = await page.getByTestId('clock').textContent();
  await page.waitForTimeout(300);
  assert.notEqual(await page.getByTestId('clock').textContent(), times, 'the run kept playing');
  assert.deepEqual(problems, []);
});

// A number a field cannot take as typed is brought within range (or the value in use kept),
// and a notice says so: the field alone changed under the reader's eyes without a word.
test('a number out of range or not whole is said, and the field shows the value in use', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await showTab(page, 'Cluster');
  let min = page.getByRole('spinbutton', { name: 'Election timeout min (ms)' });
  await min.fill('0');
  await min.press('Enter');
  assert.equal(await min.inputValue(), '10');
  assert.equal(await page.getByTestId('adjusted').textContent(),
    'Election timeout min (ms): 0 is outside 10 to 10,000, so 10 is used.Dismiss');
  // The notices (this one and the restart's) cover no server and stand above the playback
  // bar: at the stage's top they hid the top server and its votes for 8 s.
  const boxes = async (selector) => Promise.all((await page.locator(selector).all()).map((l) => l.boundingBox()));
  const notices = await boxes('.notices .notice');
  assert.equal(notices.length, 2);
  const overlaps = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (const server of await boxes('[data-node-id]')) {
    for (const n of notices) assert.ok(!overlaps(n, server), `a notice ${JSON.stringify(n)} over a server ${JSON.stringify(server)}`);
  }
  const [bar] = await boxes('.controls');
  for (const n of notices) assert.ok(n.y + n.height <= bar.y, 'above the playback bar');
  // In Chinese, a number that is not whole: the value in use stays.
  await page.getByRole('button', { name: '中文' }).click();
  await showTab(page, '网络');
  const max = page.getByRole('spinbutton', { name: '最大延迟（毫秒）' });
  const before = await max.inputValue();
  await max.fill('1.5');
  await max.press('Enter');
  assert.equal(await max.inputValue(), before);
  assert.equal(await page.getByTestId('adjusted').textContent(), `最大延迟（毫秒）：“1.5”不是非负整数，仍用 ${before}。关闭`);
  // A number in range says nothing, and ends the notice about the one before it (which
  // went on saying "“1.5”…" over the value typed after it).
  await max.fill('150');
  await max.press('Enter');
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('adjusted').count(), 0);
  // A negative number is below the range (it was "not a whole number").
  await showTab(page, '集群');
  min = page.getByRole('spinbutton', { name: '选举超时下限（毫秒）' });
  await min.fill('-5');
  await min.press('Enter');
  assert.equal(await min.inputValue(), '10');
  assert.equal(await page.getByTestId('adjusted').locator('span').textContent(), '选举超时下限（毫秒）：-5 超出 10 到 10,000 的范围，已改用 10。');
  assert.deepEqual(problems, []);
});

// The link's loss and the Lab's own settings take numbers as the other fields do, and say so
// (they brought a value within range, or dropped a link's own loss, without a word).
test("a link's loss and the Lab's settings say what they did with a number they could not take", async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.locator('[data-link="1-3"]').first().press('Enter');
  const loss = page.getByTestId('inspector').getByRole('spinbutton', { name: 'N1–N3 Message loss' });
  await loss.fill('150');
  await loss.press('Tab');
  assert.equal(await loss.inputValue(), '100');
  assert.equal(await page.getByTestId('adjusted').locator('span').textContent(),
    'N1–N3 Message loss: 150 is outside 0 to 100, so 100 is used.');
  assert.equal(await page.locator('.links .link.lossy .link-loss').textContent(), 'Message loss 100 %');
  // Not a number: the link keeps the loss it had (it went back to the network's).
  await loss.fill('1.5');
  await loss.press('Tab');
  assert.equal(await loss.inputValue(), '100');
  assert.equal(await page.getByTestId('adjusted').locator('span').textContent(),
    'N1–N3 Message loss: “1.5” is not a whole number, so 100 is kept.');
  assert.equal(await page.locator('.links .link.lossy').count(), 1);
  // Empty: the network's loss, without a word.
  await page.getByTestId('adjusted').getByRole('button').click();
  await loss.fill('');
  await loss.press('Tab');
  assert.equal(await page.locator('.links .link.lossy').count(), 0);
  assert.equal(await page.getByTestId('adjusted').count(), 0);
  // The Lab's keys, in Chinese.
  const lab = await openPage(browser, `${server.url}?view=lab&lang=zh`);
  const keys = lab.page.getByRole('spinbutton', { name: '键数' });
  await keys.fill('5');
  await keys.press('Tab');
  assert.equal(await keys.inputValue(), '100');
  assert.equal(await lab.page.getByTestId('adjusted').locator('span').textContent(),
    '键数：5 超出 100 到 1,000,000 的范围，已改用 100。');
  assert.deepEqual([...problems, ...lab.problems], []);
});

test('the logs and the safety checks stay in view while using the partition tool', async () => {
  for (const viewport of [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }]) {
    const { page, problems } = await openPage(browser, `${server.url}?seed=3`, { viewport });
    await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
    await showTab(page, 'Network');
    await page.getByRole('button', { name: 'Split into two groups' }).click();
    await page.getByRole('button', { name: 'Heal all links' }).click();
    const inView = async (sel) => page.locator(sel).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight && r.left >= 0 && r.right <= window.innerWidth;
    });
    assert.ok(await inView('[data-testid=logs]'), `logs in view at ${viewport.width}×${viewport.height}`);
    assert.ok(await inView('[data-testid=safety]'), `safety in view at ${viewport.width}×${viewport.height}`);
    // On a projector's 1920×1080 the panel's type grows with the window (16 px at 1280×720).
    const rootPx = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
    const panelPx = await page.locator('[data-testid=logs] .log-row:not(.log-head) .who').first()
      .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    console.log(`${viewport.width}×${viewport.height}: root ${rootPx} px, log names ${panelPx} px`);
    if (viewport.width === 1280) assert.equal(rootPx, 16);
    else assert.ok(rootPx >= 19.5 && panelPx >= 1.2 * 16, `${rootPx} px, ${panelPx} px`);
    await page.screenshot({ path: `${ARTIFACTS}/panel-${viewport.width}.png` });
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test('on a phone, tapping a node opens its actions in a sheet where the finger is', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`, { viewport: { width: 390, height: 844 } });
  await page.waitForSelector('[data-node-id]');
  await page.locator('[data-node-id="2"]').click();
  const sheet = page.getByTestId('inspector');
  await sheet.waitFor();
  const box = await sheet.boundingBox();
  assert.ok(box.y > 300 && box.y + box.height <= 844, `the sheet is on screen: ${JSON.stringify(box)}`);
  const crash = sheet.getByRole('button', { name: 'Crash' });
  assert.ok(await crash.isVisible());
  await crash.click();
  assert.equal(await page.locator('[data-node-id="2"]').getAttribute('data-state'), 'down');
  await page.screenshot({ path: `${ARTIFACTS}/phone-sheet.png` });
  // And a scenario's Back and Next sit above the playback bar.
  await page.goto(`${server.url}?scenario=leader-crash&paused=1`);
  const next = page.getByRole('button', { name: /Next/ });
  await next.waitFor();
  const [n, bar] = [await next.boundingBox(), await page.locator('.controls').boundingBox()];
  assert.ok(n.y + n.height <= bar.y + 1, `Next (${n.y + n.height}) above the bar (${bar.y})`);
  assert.deepEqual(problems, []);
});

test('dialogs take the focus and Escape closes them; the keyboard reaches nodes before links', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.waitForSelector('[data-node-id]');
  await page.locator('.shell').focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('help-overlay')), true);
  assert.match(await help.textContent(), /heal every link/);
  await page.keyboard.press('Escape');
  await help.waitFor({ state: 'detached', timeout: 5_000 });
  await page.getByRole('button', { name: 'Share' }).click();
  await page.getByTestId('share-link').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'share-link');
  await page.keyboard.press('Escape');
  await page.getByTestId('share-link').waitFor({ state: 'detached', timeout: 5_000 });
  // Tab order: every node comes before the first link.
  const order = await page.evaluate(() => [...document.querySelectorAll('svg.stage [tabindex="0"]')]
    .map((e) => (e.dataset.nodeId ? 'node' : 'link')));
  assert.equal(order.lastIndexOf('node') < order.indexOf('link'), true, order.join(' '));
  // A focused node shows a strong ring.
  await page.locator('[data-node-id="1"]').focus();
  const ring = await page.locator('[data-node-id="1"] .focus-ring').evaluate((e) => getComputedStyle(e).strokeWidth);
  assert.ok(Number.parseFloat(ring) >= 8, ring);
  assert.deepEqual(problems, []);
});

test('Copy puts the share link on the clipboard', async () => {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await page.goto(`${server.url}?seed=5&paused=1`);
  await page.waitForSelector('[data-node-id]');
  await page.getByRole('button', { name: 'Share' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByTestId('copy-link').click();
  await page.getByTestId('copy-link').filter({ hasText: 'Copied' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link);
});

test('a link with tracking tags opens without a notice', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=4&utm_source=slides&utm_medium=email&fbclid=x`);
  await page.waitForSelector('[data-node-id]');
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.notices .notice').count(), 0);
  assert.equal(await page.getByTestId('seed').textContent(), '4');
  assert.deepEqual(problems, []);
});

test('where does my key go: its hash, its nodes, who serves it, and a needle on the ring', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?view=ring&seed=2`);
  await page.waitForSelector('[data-ring-node]');
  await page.getByRole('combobox', { name: 'Replication factor N' }).selectOption('2');
  // Typed key by key, as a student does: the field keeps each character and the focus while
  // the answer appears under it (and the digits do not reach the page's shortcuts).
  const field = page.getByRole('textbox', { name: 'Where does my key go?' });
  await field.click();
  await field.pressSequentially('user:42', { delay: 60 });
  assert.equal(await field.inputValue(), 'user:42');
  assert.equal(await field.evaluate((f) => f === document.activeElement), true, 'the field keeps the focus');
  const result = page.getByTestId('key-lookup');
  await result.waitFor();
  const owner = await result.getAttribute('data-served-by');
  assert.match(owner, /^N\d$/);
  assert.match(await result.textContent(), /hash [0-9a-f]{16}/);
  // Its first choice goes down: a replica serves it, and the ring says nothing moved.
  await page.getByRole('button', { name: `${owner}: mark down` }).click();
  assert.notEqual(await result.getAttribute('data-served-by'), owner);
  assert.match(await result.textContent(), /a replica/);
  assert.match(await page.locator('[data-lens=ring]').textContent(), new RegExp(`${owner} went down: nothing moved`));
  await page.screenshot({ path: `${ARTIFACTS}/key-lookup.png` });
  // Algorithms without virtual nodes disable the slider.
  await page.getByRole('combobox', { name: 'Algorithm' }).selectOption('jump');
  assert.equal(await page.getByRole('slider', { name: 'Virtual nodes per node' }).isDisabled(), true);
  // Unless the ring compared with it has them (hash mod n beside a ring, as in its scenario):
  // the slider serves that ring, and says so.
  await page.getByRole('combobox', { name: 'Compare with' }).selectOption('ring');
  assert.equal(await page.getByRole('slider', { name: 'Virtual nodes per node' }).isDisabled(), false);
  assert.match(await page.locator('.ring-panel').textContent(), /does not apply\. The ring compared with it uses the setting\./);
  assert.deepEqual(problems, []);
});

test('a control used from the keyboard keeps the focus when what follows it grows or shrinks', async () => {
  // The number of clients: a row per client appears after the select.
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-node-id]');
  await showTab(page, 'Cluster');
  const clients = page.getByRole('combobox', { name: 'Clients', exact: true });
  await clients.focus();
  const before = await page.locator('select[aria-label$=" Reads"]').count();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((n) => document.querySelectorAll('select[aria-label$=" Reads"]').length > n, before);
  assert.equal(await clients.evaluate((s) => s === document.activeElement), true, 'the clients select keeps the focus');
  // The Lab: results appear after the Run button pressed with Enter.
  await page.goto(`${server.url}?view=lab`);
  const run = page.getByRole('button', { name: 'Run', exact: true });
  await run.focus();
  await page.keyboard.press('Enter');
  await page.locator('.lab table').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(300);
  assert.equal(await run.evaluate((b) => b === document.activeElement), true, 'Run keeps the focus');
  assert.deepEqual(problems, []);
});

test('a client write and read show on the stage: what was asked, of whom, and what came back', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  // Collect every client label drawn, as it is drawn.
  await page.evaluate(() => {
    window.seenOps = [];
    new MutationObserver(() => {
      for (const e of document.querySelectorAll('.msg-op')) {
        const seen = `${e.dataset.kind}: ${e.textContent}`;
        if (!window.seenOps.includes(seen)) window.seenOps.push(seen);
      }
    }).observe(document.querySelector('svg.stage'), { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Client write' }).click();
  await page.waitForFunction(() => window.seenOps.some((s) => /^ClientReply: → ✓$/.test(s)), null, { timeout: 30_000 });
  const leader = await page.locator('[data-role=leader]').first().getAttribute('data-node-id');
  await page.locator(`[data-node-id="${leader}"]`).click();
  await page.getByTestId('inspector').getByRole('button', { name: 'Client read here' }).click();
  await page.waitForFunction(() => window.seenOps.some((s) => /^ClientReply: → \S+$/.test(s) && !s.endsWith('✓')),
    null, { timeout: 30_000 });
  const seen = await page.evaluate(() => window.seenOps);
  assert.ok(seen.some((s) => /^ClientRequest: put \S+=\S+$/.test(s)), `a write request is labelled: ${seen}`);
  assert.ok(seen.some((s) => /^ClientRequest: get \S+$/.test(s)), `a read request is labelled: ${seen}`);
  // The value read is the one written.
  const put = seen.find((s) => s.startsWith('ClientRequest: put')).match(/=(\S+)$/)[1];
  assert.ok(seen.includes(`ClientReply: → ${put}`), `the read returns the written value ${put}: ${seen}`);
  assert.deepEqual(problems, []);
});

test('a caption follows the timeline, stops when the viewer changes the run, and Next keeps the focus to the end', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?scenario=partition`);
  const caption = page.getByTestId('scenario-caption');
  await page.locator('[data-testid=scenario-caption][data-cue="1"]').waitFor({ timeout: 30_000 });
  await page.locator('.shell').focus();
  await page.keyboard.press('PageDown');
  await page.keyboard.press('PageDown');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 5_000 });
  const second = await caption.locator('p').textContent();
  // The timeline back to its start: the caption and the count of that moment.
  const scrubber = page.getByRole('slider', { name: 'Timeline' });
  await scrubber.focus();
  await page.keyboard.press('Home');
  await page.locator('[data-testid=scenario-caption][data-cue="0"]').waitFor({ timeout: 5_000 });
  assert.notEqual(await caption.locator('p').textContent(), second);
  await page.keyboard.press('End');
  await page.locator('[data-testid=scenario-caption][data-cue="2"]').waitFor({ timeout: 5_000 });
  assert.equal(await caption.locator('p').textContent(), second);
  // The viewer crashes N4: the story no longer describes the run, Next does nothing.
  await page.locator('.shell').focus();
  await page.keyboard.press('4');
  await page.keyboard.press('c');
  await page.locator('[data-testid=scenario-caption][data-off-script=true]').waitFor({ timeout: 5_000 });
  assert.match(await caption.locator('p').textContent(), /You changed the run/);
  assert.equal(await caption.locator('button.next').getAttribute('aria-disabled'), 'true');
  await page.keyboard.press('PageDown');
  await page.waitForTimeout(300);
  assert.equal(await caption.getAttribute('data-cue'), '2');
  // The address bar no longer names the scenario (a copied link would open its start).
  const named = () => page.evaluate(() => new URL(location.href).searchParams.get('scenario'));
  assert.equal(await named(), null);
  // Back replays the story to cue 1, on script again.
  await page.keyboard.press('PageUp');
  await page.locator('[data-testid=scenario-caption][data-cue="1"][data-off-script=false]').waitFor({ timeout: 10_000 });
  assert.equal(await named(), 'partition');
  // Next with the keyboard to the end: the focus stays on the button, which says so.
  const next = caption.locator('button.next');
  await next.focus();
  for (let i = 0; i < 20 && (await next.getAttribute('aria-disabled')) !== 'true'; i++) {
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(100);
  }
  await page.waitForFunction(() => document.querySelector('button.next')?.textContent.includes('The end'), null, { timeout: 30_000 });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('next')), true, 'the focus stayed on Next');
  // Leaving the scenario gives the focus to the page, not to nothing.
  await caption.getByRole('button', { name: 'Leave the scenario' }).click();
  await caption.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('shell')), true);
  assert.deepEqual(problems, []);
});

test('a link cut one way says so in the inspector and its tooltip, in both languages', async () => {
  for (const [lang, oneWay, up, colon] of [['en', 'cut', 'link up', ': '], ['zh', '已切断', '链路正常', '：']]) {
    const { page, problems } = await openPage(browser, `${server.url}?seed=7&lang=${lang}`);
    await page.locator('[data-link="1-2"]').first().waitFor();
    await page.locator('.link-hit[data-link="1-2"]').click();
    await page.locator('[data-inspect=link] .actions button').first().click(); // cut N1 → N2
    const there = page.locator('[data-direction="1-2"]');
    await page.locator('[data-direction="1-2"][data-cut=true]').waitFor();
    assert.ok((await there.textContent()).startsWith(`N1 → N2${colon}${oneWay} ·`), await there.textContent());
    assert.ok((await page.locator('[data-direction="2-1"]').textContent()).startsWith(`N2 → N1${colon}${up} ·`));
    const label = await page.locator('.link-hit[data-link="1-2"]').getAttribute('aria-label');
    assert.ok(lang === 'en' ? label.startsWith('N1–N2: cut one way: N1 → N2. Click') : label.startsWith('N1–N2：单向切断：N1 → N2。点击'), label);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

/** Play a scenario opened paused from its start to each cue in turn, calling `at(cue)` there. */
async function everyCue(page, at) {
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor({ timeout: 30_000 });
  const cues = Number(await caption.getAttribute('data-cues'));
  for (let cue = 1; cue <= cues; cue++) {
    await page.locator('.shell').focus();
    // From a pause Next plays the story to the cue; a second Next goes there at once.
    await page.keyboard.press('PageDown');
    const there = page.locator(`[data-testid=scenario-caption][data-cue="${cue}"]`);
    const cueNow = async () => Number(await page.getByTestId('scenario-caption').getAttribute('data-cue'));
    if (!(await there.waitFor({ timeout: 300 }).then(() => true, () => false)) && await cueNow() < cue) {
      await page.keyboard.press('PageDown');
    }
    await there.waitFor({ timeout: 30_000 });
    await at(cue);
  }
}

/** The stage's column: the smallest type of a server's name or role on the stage (its font
 *  size as drawn, in CSS pixels, whatever the font), the stage's share of the column, and
 *  whether the strip, the column's last box, ends inside it. */
async function column(page) {
  return page.evaluate(() => {
    const sizes = [...document.querySelectorAll('svg.stage .node-label, svg.stage .node-role')]
      .map((e) => parseFloat(getComputedStyle(e).fontSize) * e.getScreenCTM().a);
    const box = (sel) => document.querySelector(sel).getBoundingClientRect();
    const [col, strip] = [box('.stage-col'), box('.spacetime')];
    return {
      label: sizes.length ? Math.min(...sizes) : 0,
      stage: box('.stage-wrap').height / col.height,
      whole: strip.bottom <= col.bottom + 1,
    };
  });
}

test('at every cue of every cluster scenario, the caption and the strip leave the stage room for labels of 14 px type at 1280×720; zoomed in, the stage gets the room', async () => {
  // Captions of four and five lines, a banner and a strip of seven lanes left the stage 200 px
  // (roles in 12.7 px type); zoomed to 150 % the caption and the strip grew with the zoom and
  // the stage vanished (0 px at figure-8's sixth cue).
  const all = ['first-election', 'write-commits', 'leader-crash', 'split-votes', 'two-leaders', 'stale-candidate', 'majority-lost',
    'leadership-transfer', 'write-before-reply', 'partition', 'log-repair', 'figure-8', 'stale-read', 'read-index',
    'lease-drift', 'pre-vote', 'check-quorum'];
  const longest = ['write-commits', 'two-leaders', 'stale-candidate', 'majority-lost', 'log-repair', 'figure-8'];
  const runs = [
    ...all.map((id) => ({ id, lang: 'en', zoomed: false })),
    ...[...longest, 'write-before-reply'].map((id) => ({ id, lang: 'zh', zoomed: false })),
    ...longest.map((id) => ({ id, lang: 'en', zoomed: true })),
  ];
  const bad = [];
  let smallest = Infinity;
  for (const { id, lang, zoomed } of runs) {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=${id}&lang=${lang}&paused=1`,
      { viewport: { width: 1280, height: 720 } });
    await page.getByTestId('scenario-caption').waitFor({ timeout: 30_000 });
    if (zoomed) {
      for (let i = 0; i < 2; i++) await page.locator('.zoom button:last-child').click();
    }
    await everyCue(page, async (cue) => {
      await page.waitForTimeout(100);
      const c = await column(page);
      smallest = Math.min(smallest, c.label);
      const where = `${id} ${lang}${zoomed ? ' 150 %' : ''} cue ${cue}`;
      if (c.label < 14) bad.push(`${where}: labels ${c.label.toFixed(1)} px, the stage ${(c.stage * 100).toFixed(0)} % of its column`);
      if (zoomed && c.stage < 0.35) bad.push(`${where}: zoomed in, the stage has ${(c.stage * 100).toFixed(0)} % of its column`);
      if (!c.whole) bad.push(`${where}: the strip is cut`);
      // A leader's crown at the top of the stage was cut off by its edge (by 9 px).
      const cut = await page.evaluate(() => {
        const top = document.querySelector('svg.stage').getBoundingClientRect().top;
        return Math.max(0, ...[...document.querySelectorAll('svg.stage .crown')].map((c) => top - c.getBoundingClientRect().top));
      });
      // (Not zoomed in: there the ellipse keeps a least height on a short stage, and the top
      // server's crown may still reach past the edge.)
      if (cut > 1 && !zoomed) bad.push(`${where}: a crown cut off by ${cut.toFixed(1)} px`);
    });
    assert.deepEqual(problems, []);
    await page.close();
  }
  console.log(`smallest label at any cue: ${smallest.toFixed(1)} px`);
  assert.deepEqual(bad, []);
});

test('on a phone, a scenario\'s cue brings the stage up clear of the caption box and the playback bar', async () => {
  for (const viewport of [{ width: 390, height: 844 }, { width: 412, height: 915 }]) {
    const { page, problems } = await openPage(browser, `${server.url}?scenario=leader-crash&paused=1`, { viewport });
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    for (const want of ['1', '2']) {
      await caption.getByRole('button', { name: /Next/ }).click();
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w
        && document.querySelector('button.play').getAttribute('data-paused') === 'true', want, { timeout: 30_000 });
      await page.waitForTimeout(200);
      // Every server, with its labels, above the caption box (which sits over the playback bar).
      const top = (await caption.boundingBox()).y;
      for (const node of await page.locator('svg.stage g.node').all()) {
        const box = await node.boundingBox();
        assert.ok(box.y >= 0 && box.y + box.height <= top + 1,
          `${viewport.width}×${viewport.height}, cue ${want}: a server at ${Math.round(box.y)}–${Math.round(box.y + box.height)} px, the caption from ${Math.round(top)} px`);
      }
    }
    await page.screenshot({ path: `${ARTIFACTS}/phone-scenario-cue.png` });
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});

test('on a phone on its side and a small laptop, the caption box sits beside the stage, and at each cue every server is in view, clear of it and of the playback bar', async () => {
  // Under the stage, the caption box and the playback bar left a strip of it in view; at
  // 960 × 540 the grid left the stage no height at all under a caption and the strip.
  for (const [query, nodes, viewport] of [
    ['?scenario=leader-crash&paused=1', 'svg.stage g.node', { width: 844, height: 390 }],
    ['?scenario=quorum-stale&paused=1', 'svg .snode', { width: 844, height: 390 }],
    ['?scenario=log-repair&paused=1', 'svg.stage g.node', { width: 960, height: 540 }],
  ]) {
    const { page, problems } = await openPage(browser, `${server.url}${query}`, { viewport });
    const caption = page.getByTestId('scenario-caption');
    await caption.waitFor();
    for (let step = 0; step < 2; step++) {
      const want = String(Number(await caption.getAttribute('data-cue')) + 1);
      await caption.getByRole('button', { name: /Next/ }).click();
      // (Opened paused, the store's first press plays its first cue's part of the run; a
      // press while it plays goes on to the next cue.)
      await page.waitForTimeout(200);
      if (await caption.getAttribute('data-cue') !== want) await caption.getByRole('button', { name: /Next/ }).click();
      // (The store plays on from a cue towards the next; its servers stay where they are.)
      await page.waitForFunction((w) => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === w, want, { timeout: 30_000 });
      await page.waitForTimeout(500);
      const clear = await page.evaluate((sel) => {
        const rect = (el) => el.getBoundingClientRect();
        const meets = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
        const cover = [rect(document.querySelector('[data-testid=scenario-caption]')), rect(document.querySelector('.controls'))];
        const found = [...document.querySelectorAll(sel)];
        return {
          found: found.length,
          bad: found.map((n) => ({ name: n.textContent.trim().slice(0, 3), r: rect(n) }))
            .filter(({ r }) => r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth || cover.some((c) => meets(r, c))
              || r.height < 20)
            .map(({ name, r }) => `${name} at ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}`),
          beside: cover[0].left >= document.querySelector('.stage-wrap').getBoundingClientRect().right - 1,
        };
      }, nodes);
      assert.ok(clear.found >= 5, `${query}: ${clear.found} servers found`);
      assert.deepEqual(clear.bad, [], `${query} cue ${want}: servers covered or out of view`);
      assert.ok(clear.beside, `${query}: the caption box is beside the stage`);
    }
    await page.screenshot({ path: `${ARTIFACTS}/phone-side-scenario.png` });
    assert.deepEqual(problems, []);
    await page.context().close();
  }
});

test('on a phone, the first election\'s opening caption shows whole, its buttons on one row', async () => {
  // Capped at 28 % of the screen, with Back, Next and Leave on two rows, the caption box cut
  // its text at "…calls the 主节点 (primary), its" with no sign that it scrolled.
  const { page, problems } = await openPage(browser, `${server.url}?scenario=first-election&paused=1`, { viewport: { width: 390, height: 844 } });
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  await caption.getByRole('button', { name: /Next/ }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=scenario-caption]')?.dataset.cue === '1', null, { timeout: 30_000 });
  await page.waitForTimeout(500);
  const seen = await caption.evaluate((c) => ({
    hidden: c.scrollHeight - c.clientHeight,
    rows: new Set([...c.querySelectorAll('.actions button')].map((b) => Math.round(b.getBoundingClientRect().top))).size,
    text: c.querySelector('p').textContent,
  }));
  assert.match(seen.text, /any server can become the leader/);
  assert.ok(seen.hidden <= 1, `${seen.hidden} px of the caption hidden`);
  assert.equal(seen.rows, 1, 'the buttons on one row');
  assert.deepEqual(problems, []);
});
