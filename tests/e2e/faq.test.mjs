// End-to-end: the FAQ in the widget's panel (the FAQ module loaded on first open), against the
// real `kefu` over HTTPS with the demo FAQ imported by `kefu faq import`, in the system Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { start, launch, newPage, plain, SCREENSHOTS } from './harness.mjs';

let env;
let browser;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  env = await start();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

async function openFaq(page) {
  await page.goto(env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-faq-search').waitFor();
}

const questions = (page) => page.locator('.kefu-faq-result').allTextContents();

/** Class of the element focused inside the widget. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.querySelector('kefu-widget').shadowRoot.activeElement;
    return el ? el.className || el.tagName : '';
  });
}

test('searching in Chinese finds the article in the middle of a sentence and marks the match', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await openFaq(page);
  // Before typing: the popular articles, in the visitor's language.
  assert.equal(plain(await page.locator('.kefu-faq-heading').textContent()), '热门文章');
  assert.equal((await questions(page)).length, 5);
  await page.locator('.kefu-faq-search').fill('发票');
  assert.equal(plain((await questions(page))[0]), '在哪里下载发票？');
  assert.equal(await page.locator('.kefu-faq-result').first().locator('mark').textContent(), '发票');
  // A word from the middle of a question.
  await page.locator('.kefu-faq-search').fill('到账');
  assert.equal(plain((await questions(page))[0]), '退款还没到账怎么办？');
  await page.locator('.kefu-faq-search').fill('退款');
  const refunds = await questions(page);
  assert.ok(refunds.slice(0, 2).every((q) => q.includes('退款')), refunds.join(' | '));
  assert.match(plain(await page.locator('.kefu-faq-status').textContent()), /^找到 \d+ 篇文章$/);
  await page.screenshot({ path: join(SCREENSHOTS, 'faq-zh-CN.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('searching in Japanese and with a typo in English shows the right article first', async () => {
  const ja = await newPage(browser, { locale: 'ja-JP' });
  await openFaq(ja.page);
  await ja.page.locator('.kefu-faq-search').fill('パスワード 忘れ');
  assert.equal(plain((await questions(ja.page))[0]), 'パスワードを忘れた場合はどうすればよいですか？');
  await ja.page.locator('.kefu-faq-search').fill('返品');
  assert.equal(plain((await questions(ja.page))[0]), '返品するにはどうすればよいですか？');
  // Half-width katakana typed on a phone keyboard still matches.
  await ja.page.locator('.kefu-faq-search').fill('ﾊﾟｽﾜｰﾄﾞ');
  assert.match(plain((await questions(ja.page))[0]), /パスワード/);
  assert.deepEqual(ja.problems, []);
  await ja.context.close();

  const en = await newPage(browser);
  await openFaq(en.page);
  await en.page.locator('.kefu-faq-search').fill('pasword');
  assert.match(plain((await questions(en.page))[0]), /password/);
  await en.page.locator('.kefu-faq-search').fill('refnd');
  assert.match(plain((await questions(en.page))[0]), /refund/);
  // Nothing found: said so, with the way to the contact channels.
  await en.page.locator('.kefu-faq-search').fill('zzqxv');
  assert.equal(await en.page.locator('.kefu-faq-result').count(), 0);
  assert.equal(plain(await en.page.locator('.kefu-faq-status').textContent()), 'No articles match “zzqxv”.');
  const miss = en.page.waitForRequest((r) => r.url().endsWith('/faq/misses') && r.method() === 'POST');
  assert.deepEqual(JSON.parse((await miss).postData()), { locale: 'en', query: 'zzqxv' });
  await en.page.locator('.kefu-faq-home .kefu-link').click();
  assert.equal(await focused(en.page), 'kefu-section-title');
  assert.deepEqual(en.problems, []);
  await en.context.close();
});

test('the keyboard moves through results, opens an article and goes back with Esc', async () => {
  const { context, page, problems } = await newPage(browser);
  await openFaq(page);
  const search = page.locator('.kefu-faq-search');
  await search.fill('account');
  await search.press('ArrowDown');
  assert.equal(await focused(page), 'kefu-faq-result');
  await page.keyboard.press('ArrowDown');
  const second = plain(await page.evaluate(
    () => document.querySelector('kefu-widget').shadowRoot.activeElement.textContent,
  ));
  assert.equal(second, plain((await questions(page))[1]));
  await page.keyboard.press('Enter');
  await page.locator('.kefu-faq-question').waitFor();
  assert.equal(plain(await page.locator('.kefu-faq-question').textContent()), second);
  assert.equal(await focused(page), 'kefu-faq-question');
  // Esc: back to the list, on the article that was open; the panel stays open.
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.kefu-faq-question').count(), 0);
  assert.equal(await focused(page), 'kefu-faq-result');
  assert.equal(plain(await page.evaluate(
    () => document.querySelector('kefu-widget').shadowRoot.activeElement.textContent,
  )), second);
  await page.keyboard.press('Escape'); // to the search box
  assert.equal(await focused(page), 'kefu-faq-search');
  await page.keyboard.press('Escape'); // clears it
  assert.equal(await search.inputValue(), '');
  assert.equal(await page.locator('.kefu-panel').count(), 1);
  await page.keyboard.press('Escape'); // and now the panel closes
  assert.equal(await page.locator('.kefu-panel').count(), 0);
  // Reopened, the FAQ is there at once (the module and the articles are kept).
  await page.locator('.kefu-launcher').click();
  assert.equal((await questions(page)).length, 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"Was this helpful?" is recorded once per visitor', async () => {
  const { context, page, problems } = await newPage(browser);
  await openFaq(page);
  await page.locator('.kefu-faq-search').fill('cancel order');
  await page.locator('.kefu-faq-result').first().click();
  assert.equal(plain(await page.locator('.kefu-faq-question').textContent()), 'Can I cancel my order?');
  const vote = page.waitForResponse((r) => r.url().endsWith('/faq/cancel-order/vote'));
  await page.locator('.kefu-faq-vote-button', { hasText: 'Yes' }).click();
  assert.equal((await vote).status(), 201);
  assert.equal(plain(await page.locator('.kefu-faq-thanks').textContent()), 'Thanks for your feedback!');
  const visitor = await page.evaluate(() => localStorage.getItem('kefu:visitor'));
  assert.match(visitor, /^[0-9a-f]{32}$/);

  // After a reload the question is not asked again.
  await openFaq(page);
  await page.locator('.kefu-faq-search').fill('cancel order');
  await page.locator('.kefu-faq-result').first().click();
  assert.equal(await page.locator('.kefu-faq-vote-button').count(), 0);
  assert.equal(plain(await page.locator('.kefu-faq-thanks').textContent()), 'Thanks for your feedback!');
  // And the server counts this visitor once even if asked again: a repeat replaces the vote.
  const again = await page.evaluate(async ([api, visitor]) => {
    const res = await fetch(`${api}/api/v1/sites/e2e-faq/faq/cancel-order/vote`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitor, helpful: true }),
    });
    return res.status;
  }, [env.kefu, visitor]);
  assert.equal(again, 200);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an admin edits the FAQ in the console, sees what is missing, and reads the report', async () => {
  const password = 'correct horse battery';
  env.createAccount('faq-admin@example.com', password, 'admin');
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${env.kefu}/console/`);
  await page.getByLabel('E-mail address').fill('faq-admin@example.com');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'FAQ', exact: true }).click();
  await page.getByLabel('Site', { exact: true }).selectOption('e2e-faq');
  await page.locator('.faq-category').first().waitFor();
  assert.equal(await page.locator('.faq-category').count(), 6);
  assert.equal(await page.locator('.faq-item').count(), 40);
  assert.equal(await page.locator('.badge.missing').count(), 0);

  // A new Japanese question for the refund article.
  await page.locator('.faq-item', { hasText: 'How do I get a refund?' }).click();
  const ja = page.locator('.faq-translation[data-locale="ja"]');
  await ja.getByLabel('Question').fill('返金の申請方法を教えてください');
  // The Korean text of the same article removed: it is now missing in Korean.
  const ko = page.locator('.faq-translation[data-locale="ko"]');
  await ko.getByLabel('Question').fill('');
  await ko.getByLabel('Answer').fill('');
  await page.getByRole('button', { name: 'Save FAQ' }).click();
  await page.getByText('FAQ saved. Visitors see it on their next page view.').waitFor();
  assert.equal(
    plain(await page.locator('.faq-item', { hasText: 'How do I get a refund?' }).locator('.badge.missing').textContent()),
    'Missing: ko',
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'console-faq.png') });

  // A question left empty where the answer is not: refused, the field marked, nothing saved.
  const en = page.locator('.faq-translation[data-locale="en"]');
  await en.getByLabel('Question').fill('');
  await page.getByRole('button', { name: 'Save FAQ' }).click();
  await page.getByText('Not saved: a field needs fixing (marked below).').waitFor();
  assert.equal(await en.getByLabel('Question').getAttribute('aria-invalid'), 'true');
  assert.notEqual(plain(await en.locator('.field-error').first().textContent()), '');
  await en.getByLabel('Question').fill('How do I get a refund?');

  // The widget: the new question in Japanese; in Korean the English text, marked as such.
  const jaPage = await newPage(browser, { locale: 'ja-JP' });
  await openFaq(jaPage.page);
  await jaPage.page.locator('.kefu-faq-search').fill('申請方法');
  assert.equal(plain((await questions(jaPage.page))[0]), '返金の申請方法を教えてください');
  await jaPage.context.close();
  const koPage = await newPage(browser, { locale: 'ko-KR' });
  await openFaq(koPage.page);
  await koPage.page.locator('.kefu-faq-search').fill('refund');
  await koPage.page.locator('.kefu-faq-result', { hasText: 'How do I get a refund?' }).click();
  assert.equal(await koPage.page.locator('.kefu-faq-body').getAttribute('lang'), 'en');
  // The note is in the visitor's language (Korean), the article in English.
  assert.equal(plain(await koPage.page.locator('.kefu-faq-note').textContent()), '이 도움말은 아직 고객님의 언어로 제공되지 않습니다.');
  await koPage.context.close();

  // The report: the vote and the search that found nothing, from the tests above.
  await page.getByRole('button', { name: 'FAQ report' }).click();
  await page.getByLabel('Site', { exact: true }).selectOption('e2e-faq');
  const helpful = page.locator('.report-part', { hasText: 'Most helpful' });
  await helpful.locator('tr[data-article="cancel-order"]').waitFor();
  assert.match(plain(await helpful.locator('tr[data-article="cancel-order"]').textContent()), /Can I cancel my order\?/);
  const miss = page.locator('table.misses tbody tr').first().locator('td');
  assert.deepEqual((await miss.allTextContents()).map(plain), ['zzqxv', 'en', '1']);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-faq-report.png') });
  assert.deepEqual(problems.filter((p) => !/status of (401|422)/.test(p)), []);
  await context.close();
});

test('an article with script, event handlers, frames and javascript: links runs nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kefu-faq-evil-'));
  writeFileSync(join(dir, 'categories.toml'), '[[category]]\nid = "evil"\nname = { en = "Evil" }\n');
  mkdirSync(join(dir, 'evil'));
  writeFileSync(join(dir, 'evil', 'hostile.en.md'), [
    '+++',
    'question = "Hostile answer test"',
    '+++',
    '<script>window.__kefuPwned = "script"</script>',
    '',
    '<img src="x" onerror="window.__kefuPwned = \'img\'; alert(1)">',
    '',
    '<iframe src="javascript:alert(2)"></iframe>',
    '',
    '[Click me](javascript:alert(3)) and [a safe link](https://example.com/help)',
    '',
    '<a href="javascript:alert(4)" onclick="alert(5)">raw link</a> **still bold**',
  ].join('\n'));
  env.cli('faq', 'import', 'e2e-faq', dir);

  const { context, page, problems } = await newPage(browser);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  await openFaq(page);
  await page.locator('.kefu-faq-search').fill('hostile');
  await page.locator('.kefu-faq-result').first().click();
  const answer = page.locator('.kefu-faq-answer');
  await answer.waitFor();
  // Every link in the answer is clicked: none runs anything.
  for (const link of await answer.locator("a:not([href^=\"https:\"])").all()) {
    await link.click({ modifiers: [] }).catch(() => {});
  }
  await page.waitForTimeout(300);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.evaluate(() => window.__kefuPwned), undefined);
  assert.equal(await answer.locator('script, img, iframe, object, embed, style').count(), 0);
  // No element carries an event handler or a javascript: URL.
  const live = await answer.evaluate((root) => [...root.querySelectorAll('*')].flatMap((el) => [...el.attributes]
    .filter((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value))
    .map((a) => `<${el.tagName} ${a.name}="${a.value}">`)));
  assert.deepEqual(live, []);
  // What is left of the attack is text, and the harmless parts still work.
  assert.match(plain(await answer.textContent()), /window.__kefuPwned = "script"/);
  assert.equal(await answer.locator('strong').textContent(), 'still bold');
  assert.equal(await answer.locator('a[href="https://example.com/help"]').getAttribute('rel'), 'noopener noreferrer nofollow');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the suggestion component offers matching articles for what a visitor types, without a request per keystroke', async () => {
  // The demo FAQ again (an earlier test replaced it).
  env.cli('faq', 'import', 'e2e-faq', new URL('../../examples/demo-faq', import.meta.url).pathname);
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await page.goto(`${env.page('suggest')}?locale=zh-CN`);
  await page.waitForFunction(() => window.ready === true);
  const host = page.locator('#host');
  const text = host.locator('#text');
  const section = host.locator('.kefu-faq-suggest');
  const summaries = () => host.locator('.kefu-faq-suggestion summary').allTextContents();
  // One character says too little: nothing is suggested.
  await text.fill('退');
  await page.waitForTimeout(300);
  assert.equal(await section.isVisible(), false);
  // A visitor describing their problem in a sentence; the word is in the middle.
  await text.fill('我上周申请的退款到现在还没到账');
  await page.waitForFunction(() => window.suggestions() > 0);
  assert.equal(await section.isVisible(), true);
  assert.equal(plain(await host.locator('.kefu-faq-suggest-heading').textContent()), 'faq-suggest-heading');
  const first = await summaries();
  assert.ok(first.length >= 1 && first.length <= 3, first.join(' | '));
  assert.equal(plain(first[0]), '退款还没到账怎么办？');
  assert.ok((await host.locator('.kefu-faq-suggestion').first().locator('mark').count()) >= 1);
  assert.equal(
    await host.locator('.kefu-faq-suggest-status').textContent(),
    `faq-suggest-count count=${first.length}`,
  );
  // Typing on: results come from the local index, not from the server.
  const requests = [];
  page.on('request', (r) => { if (r.url().startsWith(env.kefu)) requests.push(r.url()); });
  await text.pressSequentially('，银行卡是招商银行', { delay: 20 });
  assert.deepEqual(requests, []);
  // Opening a suggestion shows its answer in place (and counts a view); the text is kept.
  const view = page.waitForRequest((r) => r.method() === 'POST' && /\/faq\/[^/]+\/view$/.test(r.url()));
  await host.locator('.kefu-faq-suggestion summary').first().click();
  await view;
  assert.match(await host.locator('.kefu-faq-suggestion .kefu-faq-answer').first().textContent(), /退款/);
  assert.equal(await text.inputValue(), '我上周申请的退款到现在还没到账，银行卡是招商银行');
  await page.screenshot({ path: join(SCREENSHOTS, 'faq-suggest-zh-CN.png') });
  // Clearing the text hides the suggestions again.
  await text.fill('');
  await page.waitForFunction(() => window.suggestions() === 0);
  assert.equal(await section.isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();

  // English, with a typo, in a longer description.
  const en = await newPage(browser);
  await en.page.goto(env.page('suggest'));
  await en.page.waitForFunction(() => window.ready === true);
  await en.page.locator('#host #text').fill('I forgot my pasword and now I cannot sign in to my account');
  await en.page.waitForFunction(() => window.suggestions() > 0);
  const found = await en.page.locator('#host .kefu-faq-suggestion summary').allTextContents();
  assert.match(plain(found[0]), /password/i, found.join(' | '));
  assert.deepEqual(en.problems, []);
  await en.context.close();
});
