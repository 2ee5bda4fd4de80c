// The Chinese page speaks Chinese: every text a reader sees (every view, tab, dialog, the
// inspector of a node, a link and a message) is checked for English words. Names that are
// the same in both languages (N1, Raft, the Figure 2 field names, algorithm names, units,
// file formats) are allowed; anything else is a string that escaped the text tables.
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { serve, launch, openPage, ARTIFACTS, showTab } from './harness.mjs';

/** Words that stay as they are on the Chinese page. */
const ALLOWED = new Set([
  // The product, the protocol and its paper's names for things.
  'Ringleader', 'Raft', 'Pre', 'Vote', 'PreVote', 'CheckQuorum', 'AppendEntries', 'RequestVote',
  'TimeoutNow', 'AppendOk', 'AppendRejected', 'VoteGranted', 'VoteDenied', 'Heartbeat',
  'ClientRequest', 'ClientReply', 'term', 'lastLogIndex', 'lastLogTerm', 'preVote', 'transfer',
  'voteGranted', 'prevLogIndex', 'prevLogTerm', 'entries', 'leaderCommit', 'success',
  'matchIndex', 'nextIndex', 'conflictIndex', 'conflictTerm', 'seq', 'op', 'outcome',
  'ok', 'value', 'true', 'false', 'put', 'get', 'cas', 'delete', 'no',
  // Thesis §6.4's name for the confirmed read, and the message fields and values of reads.
  'ReadIndex', 'round', 'read', 'log', 'lease', 'index',
  // The quorum store: Dynamo's and ABD's names, and its messages (protocol names).
  'Quorum', 'ABD', 'sloppy', 'quorum', 'hinted', 'handoff', 'Attiya', 'Bar', 'Noy', 'Dolev',
  'Read', 'ReadReply', 'Write', 'WriteAck', 'ReadRepair', 'HintedWrite', 'Handoff', 'HandoffAck',
  // Algorithms and their authors' names, hashing words used in Chinese texts as is.
  'hash', 'mod', 'ketama', 'libketama', 'memcached', 'rendezvous', 'jump', 'Maglev', 'CV',
  // Units, formats, keys on the keyboard.
  'ms', 'KiB', 'MiB', 'JSON', 'SVG', 'PNG', 'WebAssembly', 'Space', 'Esc', 'Tab', 'Enter', 'Alt',
  'PgUp', 'PgDn', 'en', 'zh', 'user', 'cart', 'session', 'abc', 'key', 'hot', 'node',
  'TAB', 'host', 'port', 'English', 'Zipf',
  // The Lab's CSV button and its n·k axis; the program the Raft paper measured.
  'CSV', 'nk', 'LogCabin',
]);

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

/** English words in what the page shows (text, labels, titles, placeholders). */
async function englishWords(page) {
  const texts = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      // (Citations name papers as published.)
      if (!el || el.closest('code, kbd, cite, [aria-hidden=true], .panic-overlay, input, textarea')) continue;
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden') continue;
      out.push(n.textContent);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = el.getAttribute(a);
        if (v) out.push(v);
      }
    }
    return out;
  });
  const words = new Set();
  for (const t of texts) {
    for (const w of t.match(/[A-Za-z]{2,}/g) ?? []) {
      if (!ALLOWED.has(w) && !/^N\d+$/.test(w)) words.add(w);
    }
  }
  return [...words];
}

test('every view of the Chinese page speaks Chinese', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?lang=zh&seed=3`);
  await page.waitForSelector('[data-role=leader]', { timeout: 30_000 });
  const found = {};
  const look = async (where) => {
    const words = await englishWords(page);
    if (words.length) found[where] = words;
  };
  await look('cluster');
  for (const tab of ['网络', '集群', '事件']) {
    await showTab(page, tab);
    await look(`tab ${tab}`);
  }
  await page.locator('[data-node-id="2"]').click();
  await look('node inspector');
  // A key after a Chinese name is in full-width brackets, 强制超时（t）, as the glossary asks.
  const halfWidth = await page.evaluate(() => [...document.querySelectorAll('[title], [aria-label]')]
    .flatMap((e) => [e.getAttribute('title'), e.getAttribute('aria-label')])
    .filter((t) => t && /[\u4e00-\u9fff]\s*\(/.test(t)));
  assert.deepEqual(halfWidth, [], 'half-width brackets after Chinese');
  await page.locator('.link-hit[data-link="1-3"]').press('Enter');
  await look('link inspector');
  await page.getByRole('button', { name: '暂停' }).click();
  // Step until a message is on its way.
  await page.locator('.shell').focus();
  for (let i = 0; i < 200 && await page.locator('.msg').count() === 0; i++) {
    await page.keyboard.press('ArrowRight');
  }
  await page.locator('.msg').first().click({ force: true });
  await look('message inspector');
  await page.locator('.shell').focus();
  await page.keyboard.press('?');
  await look('shortcuts');
  await page.keyboard.press('Escape');
  await page.keyboard.press('l');
  await look('legend');
  await page.screenshot({ path: `${ARTIFACTS}/legend-zh.png` });
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '分享' }).click();
  await look('share');
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: '哈希环' }).first().click();
  await page.waitForSelector('[data-ring-node]');
  await look('ring');
  await page.screenshot({ path: `${ARTIFACTS}/ring-zh.png` });
  await page.getByRole('button', { name: '并排' }).click();
  await look('both');
  // The quorum store, free play and a scenario's caption, with messages on their way.
  await page.getByRole('button', { name: 'Quorum 存储' }).click();
  await page.getByTestId('store-stage').locator('.flight').first().waitFor({ timeout: 30_000 });
  await look('store');
  await page.locator('.scenario-picker').selectOption('quorum-sloppy');
  await page.getByTestId('scenario-caption').waitFor();
  await look('store scenario');
  // A history no order explains (the stale read): the safety row says why, in Chinese.
  await page.locator('.scenario-picker').selectOption('stale-read');
  const caption = page.getByTestId('scenario-caption');
  await caption.waitFor();
  for (let i = 0; i < 8 && await page.locator('[data-property=Linearizability][data-ok=false]').count() === 0; i++) {
    await caption.getByRole('button', { name: /下一步/ }).click();
    await page.waitForFunction(() => document.querySelector('button.play')?.getAttribute('data-paused') === 'true', null, { timeout: 30_000 });
  }
  assert.match(await page.locator('[data-property=Linearizability]').getAttribute('title'), /^键 'x' 不可线性化：/);
  await look('stale read');
  // The Lab, with a result on screen for each experiment.
  await page.getByRole('button', { name: '实验室' }).click();
  for (const exp of ['balance', 'moved', 'bounded', 'multi-probe', 'split-votes']) {
    await page.locator(`[data-experiment=${exp}]`).click();
    await page.getByLabel('试验次数', { exact: true }).fill('1');
    await page.getByLabel('试验次数', { exact: true }).dispatchEvent('change');
    await page.getByRole('button', { name: '运行' }).click();
    await page.getByRole('button', { name: '下载 CSV' }).waitFor({ timeout: 60_000 });
    await look(`lab ${exp}`);
  }
  assert.deepEqual(found, {}, 'English words on the Chinese page');
  assert.deepEqual(problems, []);
});

test('in a 960 × 540 slide the logs beside the stage show their whole heading in Chinese', async () => {
  const { page, problems } = await openPage(browser, `${server.url}?embed=1&scenario=partition&paused=1&lang=zh`,
    { viewport: { width: 960, height: 540 } });
  const heading = page.locator('.embed-logs .log-head .kv');
  await heading.waitFor();
  // With every log empty (∅) the column was 12 px and 键值 was cut to 键.
  const { scroll, client, text } = await heading.evaluate((e) => {
    const shown = [...e.children].find((c) => getComputedStyle(c).display !== 'none');
    return { scroll: e.scrollWidth, client: e.clientWidth, text: shown.textContent };
  });
  assert.ok(scroll <= client, `"${text}" needs ${scroll} px, has ${client}`);
  assert.deepEqual(problems, []);
});
