// The built site loads in headless Chromium, renders the nodes and runs the simulation.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS, showTab } from './harness.mjs';

let server, browser;
before(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  server = await serve({ prefix: '/talks/ringleader/' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});
// Close every page after its test: pages left running would compete for the CPU and skew the
// frame-time figures of later tests.
afterEach(async () => {
  for (const context of browser.contexts()) await context.close();
});

test('the page renders the nodes, a leader is elected, no console errors or failed requests', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=7&nodes=5`);
  await page.waitForSelector('[data-node-id]');
  assert.equal(await page.locator('[data-node-id]').count(), 5);
  assert.equal(await page.locator('[data-link]').count(), 10, 'every pair of nodes is linked');
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  assert.equal(await page.locator('[data-role=leader]').count(), 1);
  const term = Number(await page.locator('[data-role=leader]').getAttribute('data-term'));
  assert.ok(term >= 1);
  assert.equal(await page.locator('.loading').count(), 0, 'the loading indicator is gone');
  // The simulation runs: time and the event count advance.
  const events = async () => Number(await page.locator('[data-testid=events]').textContent());
  const first = await events();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=events]').textContent) > n + 20, first);
  await page.screenshot({ path: `${ARTIFACTS}/smoke.png` });
  assert.deepEqual(problems, []);
});

test('play/pause stops and resumes virtual time; space toggles it too', async () => {
  const { page, problems } = await openPage(browser, server.url);
  await page.waitForSelector('[data-node-id]');
  await page.getByRole('button', { name: 'Pause' }).click();
  const t1 = await page.locator('[data-testid=time]').textContent();
  await page.waitForTimeout(400);
  assert.equal(await page.locator('[data-testid=time]').textContent(), t1, 'paused time stands still');
  await page.locator('.shell').focus();
  await page.keyboard.press('Space');
  await page.waitForFunction((t) => document.querySelector('[data-testid=time]').textContent !== t, t1);
  assert.deepEqual(problems, []);
});

test('crashing the leader through its inspector yields a new leader of a higher term', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&nodes=5`);
  const leader = page.locator('[data-role=leader]');
  await leader.waitFor({ timeout: 30_000 });
  const id = await leader.getAttribute('data-node-id');
  const term = Number(await leader.getAttribute('data-term'));
  await leader.click();
  await page.getByTestId('inspector').getByRole('button', { name: 'Crash' }).click();
  assert.equal(await page.locator(`[data-node-id="${id}"]`).getAttribute('data-role'), 'crashed');
  await page.waitForFunction(([old, t]) => {
    const l = document.querySelector('[data-role=leader]');
    return l && l.dataset.nodeId !== old && Number(l.dataset.term) > t;
  }, [id, term], { timeout: 30_000 });
  await page.screenshot({ path: `${ARTIFACTS}/new-leader.png` });
  assert.deepEqual(problems, []);
});

test('a node is crashed and restarted from its inspector, or with the keyboard', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?paused=1`);
  const node = page.locator('[data-node-id="2"]');
  await node.waitFor();
  assert.equal(await node.getAttribute('data-state'), 'up');
  await node.click();
  const inspector = page.getByTestId('inspector');
  assert.match(await inspector.textContent(), /N2 · follower/);
  await inspector.getByRole('button', { name: 'Crash' }).click();
  assert.equal(await node.getAttribute('data-state'), 'down');
  assert.equal(await node.getAttribute('data-role'), 'crashed');
  await inspector.getByRole('button', { name: 'Restart' }).click();
  assert.equal(await node.getAttribute('data-state'), 'up');
  // With three of five down, the page says why nothing can happen.
  assert.equal(await page.getByTestId('no-quorum').count(), 0);
  await page.locator('.shell').focus();
  for (const k of ['1', 'c', '4', 'c', '5', 'c']) await page.keyboard.press(k);
  assert.match(await page.getByTestId('no-quorum').textContent(), /no server can exchange messages with 3 of the 5 servers.*the best reaches 2/);
  for (const k of ['1', 'c', '4', 'c', '5', 'c']) await page.keyboard.press(k);
  assert.equal(await page.getByTestId('no-quorum').count(), 0);
  // Keys: 3 selects N3, c crashes it, c again restarts it.
  await page.locator('.shell').focus();
  await page.keyboard.press('3');
  await page.keyboard.press('c');
  assert.equal(await page.locator('[data-node-id="3"]').getAttribute('data-state'), 'down');
  await page.keyboard.press('c');
  assert.equal(await page.locator('[data-node-id="3"]').getAttribute('data-state'), 'up');
  // A presenter types "3 c" to crash N3 and "3 c" again to restart it: a number key selects,
  // it does not toggle (pressed on the selected node it cleared the selection, and c did nothing).
  for (const [keys, state] of [[['3', 'c'], 'down'], [['3', 'c'], 'up']]) {
    for (const k of keys) await page.keyboard.press(k);
    assert.equal(await page.locator('[data-node-id="3"]').getAttribute('data-state'), state, keys.join(' '));
  }
  assert.deepEqual(problems, []);
});

test('bad URL parameters fall back to defaults with a visible notice', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=banana&nodes=42&lang=xx`);
  const notice = page.getByRole('alert');
  await notice.waitFor();
  const text = await notice.textContent();
  assert.match(text, /seed=banana/);
  assert.match(text, /nodes=42/);
  assert.equal(await page.locator('[data-node-id]').count(), 5, 'default cluster size');
  assert.equal(await page.locator('[data-testid=seed]').textContent(), '1', 'default seed');
  await page.screenshot({ path: `${ARTIFACTS}/bad-params.png` });
  assert.deepEqual(problems, []);
});

test('settings the address bar percent-encodes are read as typed (speed=5×)', async () => {
  // The speed menu says "5×"; a browser sends `speed=5%C3%97` for it. A name or value with
  // more encoded than it needs (as mail programs do) is read the same way.
  const { page, problems } = await openPage(browser, `${server.url}?speed=5×&%73eed=%37&lang=zh`);
  await page.locator('[data-node-id]').first().waitFor();
  assert.equal(await page.getByRole('combobox', { name: '速度' }).inputValue(), '6');
  assert.equal(await page.getByTestId('seed').textContent(), '7');
  assert.equal(await page.getByRole('alert').count(), 0, 'no notice of bad settings');
  const scenario = await openPage(browser, `${server.url}?scenario=leader%2Dcrash`);
  await scenario.page.getByTestId('scenario-caption').waitFor();
  assert.equal(await scenario.page.getByRole('alert').count(), 0, 'no notice of bad settings');
  // What cannot be decoded is named as it reads.
  const bad = await openPage(browser, `${server.url}?speed=%FF`);
  assert.match(await bad.page.getByRole('alert').textContent(), /speed=%FF/);
  assert.deepEqual([...problems, ...scenario.problems, ...bad.problems], []);
});

test('the language switch shows Simplified Chinese', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?lang=zh&paused=1`);
  await page.waitForSelector('[data-node-id]');
  assert.ok(await page.getByRole('button', { name: '播放' }).isVisible());
  await page.getByRole('button', { name: 'English' }).click();
  assert.ok(await page.getByRole('button', { name: 'Play' }).isVisible());
  assert.deepEqual(problems, []);
});

test('the event feed narrates the election and the safety panel stays green', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=7`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const leader = await page.locator('[data-role=leader]').getAttribute('data-node-id');
  await showTab(page, 'Events');
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid=feed]').textContent.includes(`N${id} won a majority of votes`),
    leader, { timeout: 10_000 });
  const marks = await page.locator('[data-testid=safety] li').evaluateAll((els) => els.map((e) => e.dataset.ok));
  assert.deepEqual(marks, ['true', 'true', 'true', 'true', 'true', 'true', 'true']);
  assert.deepEqual(problems, []);
});

test('a teaching switch makes the safety panel show the broken property', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=1&break=many-votes-per-term`);
  await page.waitForSelector('[data-node-id]');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '20×' });
  const broken = page.locator('[data-property="Election Safety"][data-ok=false]');
  await broken.waitFor({ timeout: 30_000 });
  const en = await broken.getAttribute('title');
  const [, a, b, term] = en.match(/(N\d) and (N\d) were both leaders of term (\d+)/) ?? assert.fail(en);
  await page.screenshot({ path: `${ARTIFACTS}/safety-broken.png` });
  // In Chinese, the same finding with the same servers and term, not only its kind.
  await page.getByRole('button', { name: '中文' }).click();
  const zh = await page.locator('[data-property="Election Safety"][data-ok=false] .why').textContent();
  assert.ok(zh.includes(`${a} 和 ${b} 都是第 ${term} 任期的领导者`), `${en}\n${zh}`);
  assert.deepEqual(problems, []);
});

test('stepping back and forward returns to identical states', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=5`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause' }).click();
  // Let a frame already on its way land before taking the reference state.
  await page.locator('button.play[data-paused=true]').waitFor();
  await page.waitForTimeout(200);
  const snapshot = () => page.evaluate(() => ({
    hash: document.querySelector('[data-testid=trace-hash]').textContent,
    cursor: document.querySelector('[data-testid=cursor]').textContent,
    nodes: [...document.querySelectorAll('[data-node-id]')].map((n) => `${n.dataset.role}/${n.dataset.term}`),
  }));
  const before = await snapshot();
  await page.locator('.shell').focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowLeft');
  const back = await snapshot();
  assert.notEqual(back.cursor, before.cursor, 'moved back');
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  assert.deepEqual(await snapshot(), before);
  await page.getByRole('button', { name: 'Step back one event' }).click();
  await page.getByRole('button', { name: 'Step forward one event' }).click();
  assert.deepEqual(await snapshot(), before);
  assert.deepEqual(problems, []);
});

test('a client write is replicated and committed on every log', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=2`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  const committed = () => page.locator('[data-log-node]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.commit)));
  await page.waitForFunction(() => [...document.querySelectorAll('[data-log-node]')].every((r) => r.dataset.commit === '1'),
    null, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Client write' }).click();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-log-node]')].every((r) => r.dataset.commit === '2'),
    null, { timeout: 30_000 });
  assert.deepEqual(await committed(), [2, 2, 2, 2, 2]);
  assert.match(await page.locator('[data-testid=logs]').textContent(), /x=1/);
  await page.screenshot({ path: `${ARTIFACTS}/logs.png` });
  assert.deepEqual(problems, []);
});

test('isolating a node by cutting its links keeps the majority working', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=2`);
  const leader = page.locator('[data-role=leader]');
  await leader.waitFor({ timeout: 30_000 });
  const leaderId = Number(await leader.getAttribute('data-node-id'));
  const loner = leaderId === 5 ? 4 : 5;
  await page.getByRole('button', { name: 'Pause' }).click();
  for (let other = 1; other <= 5; other++) {
    if (other === loner) continue;
    const [a, b] = [Math.min(other, loner), Math.max(other, loner)];
    const link = page.locator(`[data-link="${a}-${b}"]`);
    await link.press('Enter');
    const inspector = page.getByTestId('inspector');
    // One way first, then the other: the link shows as one-way, then as cut.
    await inspector.getByRole('button', { name: `Cut N${a} → N${b}` }).click();
    assert.equal(await link.getAttribute('data-state'), 'one-way');
    await inspector.getByRole('button', { name: `Cut N${b} → N${a}` }).click();
    assert.equal(await link.getAttribute('data-state'), 'cut');
  }
  await page.screenshot({ path: `${ARTIFACTS}/isolated.png` });
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  await page.getByRole('button', { name: 'Client write' }).click();
  const commits = () => page.locator('[data-log-node]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.commit)));
  await page.waitForFunction((lonerId) => {
    const rows = [...document.querySelectorAll('[data-log-node]')];
    const others = rows.filter((r) => Number(r.dataset.logNode) !== lonerId).map((r) => Number(r.dataset.commit));
    const mine = Number(rows[lonerId - 1].dataset.commit);
    return others.every((c) => c >= 2) && others.every((c) => c > mine);
  }, loner, { timeout: 30_000 });
  const c = await commits();
  assert.ok(c[loner - 1] < Math.min(...c.filter((_, i) => i !== loner - 1)), `the isolated node lags: ${c}`);
  assert.equal(await page.locator('[data-role=leader]').count() >= 1, true);
  assert.deepEqual(problems, []);
});

test('nine servers at 5× with 20% loss: messages are dropped and the run goes on', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=4`);
  await page.waitForSelector('[data-node-id]');
  await showTab(page, 'Cluster');
  await page.getByRole('combobox', { name: 'Servers' }).selectOption('9');
  await showTab(page, 'Network');
  assert.equal(await page.locator('[data-node-id]').count(), 9);
  await page.getByRole('slider', { name: 'Message loss' }).fill('20');
  await page.getByRole('combobox', { name: 'Speed' }).selectOption({ label: '5×' });
  // (Its work per frame is measured in perf.test.mjs.)
  await page.waitForTimeout(3000);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const dropped = Number(await page.locator('dt:has-text("Dropped") + dd').textContent());
  assert.ok(dropped > 0, 'the loss setting drops messages');
  assert.deepEqual(problems, []);
});

test('? shows the keyboard shortcuts and PageDown steps like the right arrow', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?paused=1`);
  await page.waitForSelector('[data-node-id]');
  await page.locator('.shell').focus();
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await help.waitFor();
  assert.match(await help.textContent(), /play or pause/);
  await page.keyboard.press('?');
  // The page answers on its next render; on a busy machine that is after this line runs.
  await help.waitFor({ state: 'detached', timeout: 5_000 });
  assert.equal(await help.count(), 0);
  const cursor = () => page.locator('[data-testid=cursor]').textContent();
  const before = await cursor();
  const shown = (want, same) => page.waitForFunction(([w, s]) =>
    (document.querySelector('[data-testid=cursor]').textContent === w) === s, [want, same], { timeout: 5_000 });
  await page.keyboard.press('PageDown');
  await shown(before, false);
  assert.notEqual(await cursor(), before);
  await page.keyboard.press('PageUp');
  await shown(before, true);
  assert.equal(await cursor(), before);
  assert.deepEqual(problems, []);
});

test('a dialog keeps the keyboard: Tab never reaches the page under it, and closing gives the focus back', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?seed=3&paused=1`);
  await page.locator('[data-node-id="1"]').waitFor();
  for (const [name, overlay] of [['Legend', '.legend-overlay'], ['Share', '.share-dialog']]) {
    const opener = page.getByRole('button', { name, exact: true });
    await opener.focus();
    await page.keyboard.press('Enter');
    await page.locator(overlay).waitFor();
    // Before, Tab went on to the servers and links hidden under the dialog, the header's
    // tabs and the playback bar; now it goes round inside the dialog, both ways.
    // Going round, Tab visits every control of the dialog, each once a round, in the same
    // order both ways.
    const controls = await page.locator(`${overlay} :is(button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea, a[href])`).count();
    const rounds = {};
    for (const key of ['Tab', 'Shift+Tab']) {
      const seen = [];
      for (let i = 1; i <= 20; i++) {
        await page.keyboard.press(key);
        const at = await page.evaluate((sel) => {
          const dialog = document.querySelector(sel);
          if (!dialog.contains(document.activeElement)) return null;
          return [...dialog.querySelectorAll('*')].indexOf(document.activeElement);
        }, overlay);
        assert.notEqual(at, null, `${name}: ${key} ${i} left the dialog`);
        seen.push(at);
      }
      rounds[key] = seen.slice(2, 2 + controls);
      assert.equal(new Set(rounds[key]).size, controls, `${name}: ${key} visits all ${controls} controls: ${seen}`);
    }
    assert.deepEqual([...rounds.Tab].sort((a, b) => a - b), [...rounds['Shift+Tab']].sort((a, b) => a - b));
    await page.keyboard.press('Escape');
    await page.locator(overlay).waitFor({ state: 'detached' });
    assert.equal(await opener.evaluate((b) => b === document.activeElement), true, `${name}: the focus is back on its button`);
  }
  // Opened by its key from a server, help gives the focus back to the server; meanwhile the
  // page's keys do nothing under it (Space played the run, "2 c" crashed N2).
  const n2 = page.locator('[data-node-id="2"]');
  await n2.focus();
  await page.keyboard.press('?');
  await page.locator('.help-overlay').waitFor();
  for (const k of ['Space', '2', 'c']) await page.keyboard.press(k);
  assert.equal(await page.locator('button.play').getAttribute('data-paused'), 'true');
  assert.equal(await n2.getAttribute('data-state'), 'up');
  await page.keyboard.press('?');
  await page.locator('.help-overlay').waitFor({ state: 'detached' });
  assert.equal(await n2.evaluate((g) => g === document.activeElement), true, 'the focus is back on N2');
  assert.deepEqual(problems, []);
});
