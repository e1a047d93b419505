// End-to-end: the feedback form in the widget's panel (the help module), against the real
// `kefu` over HTTPS and its real SQLite, in the system Chromium: sending with a reference and a
// due date, field checks, FAQ suggestions while typing, and exactly-once delivery when the
// answer is lost, the page reloads or the browser is offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
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

const SITE = 'e2e-faq';

async function openForm(page) {
  await page.goto(env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  await page.locator('#kefu-fb-subject').waitFor();
}

async function fill(page, subject, description) {
  await page.locator('#kefu-fb-subject').fill(subject);
  await page.locator('#kefu-fb-description').fill(description);
}

/** The visitor's tickets as the server has them (asked from the page, with its token). */
function serverTickets(page) {
  return page.evaluate(async ({ kefu, site }) => {
    const token = localStorage.getItem('kefu:visitor');
    const res = await fetch(`${kefu}/api/v1/sites/${site}/tickets`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()).tickets;
  }, { kefu: env.kefu, site: SITE });
}

const outbox = (page) => page.evaluate((site) => localStorage.getItem(`kefu:outbox:${site}`), SITE);

test('a visitor sends feedback and gets a reference and a due date in working days', async () => {
  const { context, page, problems } = await newPage(browser);
  await openForm(page);
  // The form is all the panel shows now; focus is on its heading.
  assert.equal(await page.locator('.kefu-channels').isVisible(), false);
  assert.equal(await page.locator('.kefu-faq-view').isVisible(), false);
  assert.equal(
    await page.evaluate(() => document.querySelector('kefu-widget').shadowRoot.activeElement.id),
    'kefu-fb-form-title',
  );
  // The site's own category label and the widget's words for the built-in ones.
  const categories = await page.locator('#kefu-fb-category option').allTextContents();
  assert.deepEqual(categories, ['A question', 'Something is not working', 'An order', 'A suggestion', 'A complaint', 'Something else']);
  await page.locator('#kefu-fb-category').selectOption('order');
  // While typing, matching help articles are suggested, without leaving the form.
  const description = 'I returned the parcel two weeks ago and the refund is still not on my card.';
  await fill(page, 'Refund not received', description);
  await page.locator('.kefu-faq-suggestion').first().waitFor();
  assert.match(await page.locator('.kefu-faq-suggestion summary').first().textContent(), /refund/i);
  assert.equal(plain(await page.locator('.kefu-fb-count').nth(1).textContent()), `${description.length} / 5000`);
  await page.locator('#kefu-fb-email').fill('visitor@example.com');
  await page.locator('#kefu-fb-urgency').selectOption('high');
  await page.locator('.kefu-fb-submit').click();
  await page.locator('.kefu-fb-done-title').waitFor();
  const reference = await page.locator('.kefu-fb-ref').textContent();
  assert.match(reference, /^KF-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
  // The due date: written out in the visitor's language, in the site's time zone, and how
  // far away it is; the same date the server computed.
  const [mine] = await serverTickets(page);
  assert.equal(mine.reference, reference);
  assert.equal(mine.subject, 'Refund not received');
  assert.equal(mine.category, 'order');
  const expected = new Intl.DateTimeFormat('en', { dateStyle: 'full', timeZone: 'Asia/Shanghai' })
    .format(new Date(mine.due_at - 1));
  assert.equal(plain(await page.locator('.kefu-fb-due').textContent()), `We will publish the outcome by ${expected}.`);
  assert.match(plain(await page.locator('.kefu-fb-countdown').textContent()), /^in \d+ days$/);
  assert.equal(await outbox(page), null);
  await page.screenshot({ path: join(SCREENSHOTS, 'feedback-sent-en.png') });
  // Done: back to the panel, the form empty for a next request.
  await page.locator('.kefu-fb-done [data-kefu-action=done]').click();
  assert.equal(await page.locator('.kefu-channels').isVisible(), true);
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  assert.equal(await page.locator('#kefu-fb-subject').inputValue(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the e-mail field is filled in for a visitor the host page identified', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(env.page('faq'));
  await page.evaluate(() => window.Kefu.identify({ id: 'u-42', name: 'Ada', email: 'ada@example.com' }));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  await page.locator('#kefu-fb-email').waitFor();
  assert.equal(await page.locator('#kefu-fb-email').inputValue(), 'ada@example.com');
  // Kept in memory only: nothing of it in the page's storage.
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.doesNotMatch(stored, /ada@example\.com/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('missing and wrong fields are named at the field, before anything is sent', async () => {
  const { context, page, problems } = await newPage(browser);
  await openForm(page);
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/tickets')) posts.push(r.url()); });
  await page.locator('#kefu-fb-email').fill('not an address');
  await page.locator('.kefu-fb-submit').click();
  assert.equal(plain(await page.locator('#kefu-fb-subject-error').textContent()), 'Please fill this in.');
  assert.equal(plain(await page.locator('#kefu-fb-description-error').textContent()), 'Please fill this in.');
  assert.match(plain(await page.locator('#kefu-fb-email-error').textContent()), /e-mail address/);
  assert.equal(await page.locator('#kefu-fb-subject').getAttribute('aria-invalid'), 'true');
  assert.equal(
    await page.evaluate(() => document.querySelector('kefu-widget').shadowRoot.activeElement.id),
    'kefu-fb-subject',
  );
  // Typing clears the field's error.
  await page.locator('#kefu-fb-subject').fill('Hello');
  assert.equal(await page.locator('#kefu-fb-subject-error').isVisible(), false);
  assert.deepEqual(posts, []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an answer lost on the way and a reload still create the ticket exactly once', async () => {
  const { context, page } = await newPage(browser);
  await openForm(page);
  await fill(page, 'Lost answer', 'The server stores this, but the browser never hears back.');
  // The request reaches the server (which stores the ticket); its answer is dropped.
  let reached = 0;
  await page.route('**/api/v1/sites/*/tickets', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    reached += 1;
    // (A retry still in this handler when the route is removed below was continued by
    // Playwright meanwhile: nothing is left to abort.)
    await route.fetch().catch(() => {});
    await route.abort('connectionreset').catch(() => {});
  });
  await page.locator('.kefu-fb-submit').click();
  await page.locator('.kefu-fb-status', { hasText: 'saved on this device' }).waitFor();
  assert.ok(reached >= 1);
  const saved = JSON.parse(await outbox(page));
  assert.equal(saved.length, 1);
  assert.match(saved[0].key, /^kf-[0-9a-f]{32}$/);
  // The visitor reloads; the network works again. The saved submission is sent at start-up
  // with the same key, and the server answers with the ticket it already has.
  await page.unroute('**/api/v1/sites/*/tickets');
  const retried = page.waitForResponse((r) => r.url().endsWith('/tickets') && r.request().method() === 'POST');
  await page.reload();
  const res = await retried;
  assert.equal(res.status(), 201);
  assert.equal(res.headers()['idempotent-replayed'], 'true');
  assert.equal(res.request().headers()['idempotency-key'], saved[0].key);
  await page.waitForFunction((site) => localStorage.getItem(`kefu:outbox:${site}`) === null, SITE);
  const tickets = (await serverTickets(page)).filter((t) => t.subject === 'Lost answer');
  assert.equal(tickets.length, 1);
  const remembered = await page.evaluate((site) => JSON.parse(localStorage.getItem(`kefu:tickets:${site}`)), SITE);
  assert.equal(remembered[0].reference, tickets[0].reference);
  await context.close();
});

test('offline, the request is kept and sent when the browser is back online', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await openForm(page);
  assert.equal(plain(await page.locator('.kefu-fb-form-title').textContent()), '提交反馈');
  await fill(page, '离线提交', '在地铁里没有网络时提交的反馈。');
  await context.setOffline(true);
  await page.locator('.kefu-fb-submit').click();
  await page.locator('.kefu-fb-status', { hasText: '离线' }).waitFor();
  assert.equal(JSON.parse(await outbox(page)).length, 1);
  await page.screenshot({ path: join(SCREENSHOTS, 'feedback-offline-zh-CN.png') });
  await context.setOffline(false);
  await page.locator('.kefu-fb-done-title').waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-done-title').textContent()), '感谢您的反馈！我们已收到。');
  assert.match(plain(await page.locator('.kefu-fb-due').textContent()), /^我们将在 ?\d{4}年\d{1,2}月\d{1,2}日星期.前公布处理结果。$/);
  const tickets = (await serverTickets(page)).filter((t) => t.subject === '离线提交');
  assert.equal(tickets.length, 1);
  assert.equal(await outbox(page), null);
  await page.screenshot({ path: join(SCREENSHOTS, 'feedback-sent-zh-CN.png') });
  // Going offline logs a failed fetch in the console; nothing else may complain.
  assert.deepEqual(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch/.test(p)), []);
  await context.close();
});

test('"My requests": the visitor reads the reply and the outcome, replies, and the page hears of news', async () => {
  const PASSWORD = 'correct horse battery';
  env.createAccount('agent-fb@example.com', PASSWORD, 'agent');
  const agentContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const agent = agentContext.request;
  const headers = { Origin: env.kefu };
  assert.equal((await agent.post(`${env.kefu}/api/v1/auth/login`, { headers, data: { email: 'agent-fb@example.com', password: PASSWORD } })).status(), 200);
  const console_ = (method, path, data) => agent.fetch(`${env.kefu}/api/v1/console/sites/${SITE}/tickets/${path}`, { method, headers, data });

  const { context, page, problems } = await newPage(browser);
  // The host page listens for news about its visitor's requests.
  await page.addInitScript(() => {
    window.unreadEvents = [];
    window.Kefu = window.Kefu || function () { (window.Kefu.q = window.Kefu.q || []).push(arguments); };
    window.Kefu('on', 'unread', (n) => window.unreadEvents.push(n));
  });
  await openForm(page);
  await fill(page, 'Where is my order?', 'Order 1042 was due on Monday.');
  await page.locator('.kefu-fb-submit').click();
  const reference = await page.locator('.kefu-fb-ref').textContent();

  // The team answers; the visitor's next page hears of it.
  assert.equal((await console_('POST', `${reference}/replies`, { body: 'It is with the courier: it arrives tomorrow.' })).status(), 201);
  await page.reload();
  await page.waitForFunction(() => window.unreadEvents.includes(1));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb-mine').click();
  const item = page.locator('.kefu-fb-item', { hasText: 'Where is my order?' });
  await item.waitFor();
  assert.equal(plain(await item.locator('.kefu-fb-new').textContent()), 'New');
  assert.match(plain(await item.textContent()), new RegExp(`${reference} · In progress · outcome due `));
  const seen = page.waitForResponse((r) => r.url().endsWith(`/tickets/${reference}/seen`));
  await item.click();
  await page.locator('.kefu-fb-msg-agent').waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-requests-title').textContent()), 'Where is my order?');
  assert.equal(plain(await page.locator('.kefu-fb-msg-agent .kefu-fb-msg-body').textContent()), 'It is with the courier: it arrives tomorrow.');
  assert.match(plain(await page.locator('.kefu-fb-msg-agent .kefu-fb-msg-meta').textContent()), /^Support team · /);
  // Seen: the list no longer marks it.
  assert.equal((await seen).status(), 204);
  await page.locator('.kefu-fb-requests [data-kefu-action=requests]').click();
  await page.locator('.kefu-fb-item', { hasText: 'Where is my order?' }).waitFor();
  assert.equal(await page.locator('.kefu-fb-item', { hasText: 'Where is my order?' }).locator('.kefu-fb-new').count(), 0);

  // Resolved with an outcome: the visitor reads it, and replies, which reopens it.
  assert.equal((await console_('PATCH', reference, { status: 'resolved', outcome: 'Delivered on Tuesday.' })).status(), 200);
  await page.locator('.kefu-fb-item', { hasText: 'Where is my order?' }).click();
  await page.locator('.kefu-fb-outcome').waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-outcome p').textContent()), 'Delivered on Tuesday.');
  assert.equal(plain(await page.locator('.kefu-fb-status-badge').textContent()), 'Resolved');
  // The visitor says how satisfied they are (R14).
  await page.getByRole('button', { name: 'Satisfied', exact: true }).click();
  await page.getByLabel('Anything you would like to tell us? (optional)').fill('Quick answer, thanks.');
  await page.getByRole('button', { name: 'Send rating' }).click();
  await page.locator('.kefu-fb-rated').waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-rated').textContent()), 'You rated this request 4 out of 5. Thank you!');
  const rated = await (await console_('GET', reference)).json();
  assert.deepEqual(rated.rating, { score: 4, comment: 'Quick answer, thanks.' });
  await page.locator('#kefu-fb-reply').fill('It was delivered to the wrong address.');
  await page.locator('.kefu-fb-reply [data-kefu-action=reply]').click();
  await page.locator('.kefu-fb-msg', { hasText: 'It was delivered to the wrong address.' }).waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-status-badge').textContent()), 'In progress');
  await page.screenshot({ path: join(SCREENSHOTS, 'feedback-request-en.png') });
  const t = await (await console_('GET', reference)).json();
  assert.equal(t.status, 'in_progress');
  assert.equal(t.messages.at(-1).body, 'It was delivered to the wrong address.');
  assert.deepEqual(problems, []);
  await context.close();
  await agentContext.close();
});

test('an agent works the queue in the console: urgent first, reply, outcome, resolved', async () => {
  const PASSWORD = 'correct horse battery';
  env.createAccount('desk@example.com', PASSWORD, 'agent');
  // Two requests from a visitor, one of them urgent by the site's rules ("hacked").
  const visitor = await newPage(browser);
  await visitor.page.goto(env.page('faq'));
  const submit = (subject, key) => visitor.page.evaluate(async ({ kefu, site, subject, key }) => {
    const token = 'abcdefabcdefabcdefabcdefabcdef12';
    localStorage.setItem('kefu:visitor', token);
    const res = await fetch(`${kefu}/api/v1/sites/${site}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'question', subject, description: `${subject}, please help.`, locale: 'en' }),
    });
    return (await res.json()).reference;
  }, { kefu: env.kefu, site: SITE, subject, key });
  const normal = await submit('Change my delivery address', 'console-queue-1');
  const urgent = await submit('My account was hacked', 'console-queue-2');

  const { context, page, problems } = await newPage(browser);
  await page.goto(`${env.kefu}/console/`);
  await page.getByLabel('E-mail address').fill('desk@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Requests' }).click();
  await page.getByLabel('Site', { exact: true }).selectOption(SITE);
  await page.locator(`tr[data-reference="${urgent}"]`).waitFor();
  // Urgent first, and the console says so.
  assert.equal(await page.locator('table.queue tbody tr').first().getAttribute('data-reference'), urgent);
  assert.equal(plain(await page.locator('.alert-urgent').textContent()), 'One urgent request is open.');
  await page.locator(`tr[data-reference="${normal}"] button.link`).click();
  await page.getByRole('heading', { name: 'Change my delivery address' }).waitFor();
  await page.getByLabel('Reply or note').fill('We changed it: the parcel goes to the new address.');
  await page.getByRole('button', { name: 'Send public reply' }).click();
  await page.locator('.thread .message.agent').waitFor();
  assert.match(plain(await page.locator('.thread .message.agent .meta').textContent()), /^desk@example\.com · /);
  // Resolving without an outcome is refused and said why; with it, it works.
  await page.locator('#ticket-status').selectOption('resolved');
  await page.locator('.ticket [role=alert]', { hasText: 'Write the outcome' }).waitFor();
  await page.getByLabel('Outcome (shown to the visitor)').fill('The parcel will arrive at the new address on Friday.');
  await page.locator('#ticket-status').selectOption('resolved');
  await page.locator('.history li', { hasText: 'Resolved' }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'console-ticket.png'), fullPage: true });
  // The open queue no longer lists it.
  await page.locator(`tr[data-reference="${normal}"]`).waitFor({ state: 'detached' });
  // The report counts it: resolved, on time, with its first reply time.
  await page.getByRole('button', { name: 'Request report' }).click();
  await page.getByLabel('Site', { exact: true }).selectOption(SITE);
  const all = page.locator('table.ticket-report').first().locator('tr[data-key=""]');
  await all.waitFor();
  const cells = (await all.locator('td').allTextContents()).map(plain);
  assert.equal(cells[0], 'All requests');
  assert.ok(Number(cells[1]) >= 2 && Number(cells[2]) >= 1, cells.join(' | '));
  assert.equal(cells[3], '100%');
  assert.match(cells[4], /^\d+ min$/);
  assert.equal(await page.locator('table.ticket-report').nth(1).locator('tr[data-key="urgent"] td').first().textContent(), 'Urgent');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-ticket-report.png'), fullPage: true });
  // The visitor reads the reply and the outcome.
  const seen = await visitor.page.evaluate(async ({ kefu, site, reference }) => {
    const res = await fetch(`${kefu}/api/v1/sites/${site}/tickets/${reference}`, { headers: { authorization: 'Bearer abcdefabcdefabcdefabcdefabcdef12' } });
    return res.json();
  }, { kefu: env.kefu, site: SITE, reference: normal });
  assert.equal(seen.status, 'resolved');
  assert.equal(seen.outcome, 'The parcel will arrive at the new address on Friday.');
  assert.equal(seen.messages.at(-1).body, 'We changed it: the parcel goes to the new address.');
  // Expected refusals: /auth/me before signing in (401), resolving without an outcome (422).
  assert.deepEqual(problems.filter((p) => !/status of (401|422)/.test(p)), []);
  await context.close();
  await visitor.context.close();
});

test('on a new device, an e-mailed link brings the visitor\'s requests into the widget', async () => {
  // The first device sends a request with an e-mail address.
  const first = await newPage(browser);
  await openForm(first.page);
  await fill(first.page, 'Warranty claim for my headphones', 'The left side stopped working after a month.');
  await first.page.locator('#kefu-fb-email').fill('traveller@example.com');
  await first.page.locator('.kefu-fb-submit').click();
  const reference = await first.page.locator('.kefu-fb-ref').textContent();
  await first.context.close();

  // A new device has none, and asks for a link from "My requests".
  const { context, page, problems } = await newPage(browser);
  await page.goto(env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb-mine').click();
  await page.locator('.kefu-fb-recover').waitFor();
  assert.equal(await page.locator('.kefu-fb-item').count(), 0);
  const before = env.mails.length;
  await page.getByLabel('Your e-mail address').fill('traveller@example.com');
  await page.getByRole('button', { name: 'E-mail me a link' }).click();
  await page.locator('.kefu-fb-recover .kefu-fb-status', { hasText: 'a link is on its way' }).waitFor();
  let mail;
  for (let i = 0; i < 100 && !mail; i++) {
    mail = env.mails.slice(before).find((m) => m.includes('To: traveller@example.com') && m.includes('kefu-recover='));
    if (!mail) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(mail, 'the link arrived by e-mail');
  const link = mail.match(/https?:\/\/\S+#kefu-recover=[0-9a-f]{64}/)[0];
  // The link opens the page the request was sent from, the panel opens on "My requests", and
  // the token leaves the address bar.
  assert.ok(link.startsWith(env.page('faq')), link);
  await page.goto('about:blank'); // the link opens a fresh page, as from a mail program
  await page.goto(link);
  const item = page.locator('.kefu-fb-item', { hasText: 'Warranty claim for my headphones' });
  await item.waitFor();
  assert.match(plain(await item.textContent()), new RegExp(reference));
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.deepEqual(problems, []);
  // A second use of the link does nothing (the server refuses it: 404, logged by the browser).
  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForFunction(() => location.hash === '');
  assert.equal(await page.locator('.kefu-panel').count(), 0);
  assert.ok(problems.every((p) => /status of 404/.test(p)), problems.join('\n'));
  await context.close();
});

test('the resolution e-mail links to the request, where the visitor reads the outcome and rates it', async () => {
  const PASSWORD = 'correct horse battery';
  env.createAccount('resolver@example.com', PASSWORD, 'agent');
  const agentContext = await browser.newContext({ ignoreHTTPSErrors: true });
  const headers = { Origin: env.kefu };
  await agentContext.request.post(`${env.kefu}/api/v1/auth/login`, { headers, data: { email: 'resolver@example.com', password: PASSWORD } });

  const first = await newPage(browser);
  await openForm(first.page);
  await fill(first.page, 'Invoice shows the wrong VAT number', 'Invoice 2026-118 has our old VAT number.');
  await first.page.locator('#kefu-fb-email').fill('accounts@example.com');
  await first.page.locator('.kefu-fb-submit').click();
  const reference = await first.page.locator('.kefu-fb-ref').textContent();
  await first.context.close();
  const before = env.mails.length;
  const res = await agentContext.request.fetch(`${env.kefu}/api/v1/console/sites/${SITE}/tickets/${reference}`, {
    method: 'PATCH', headers, data: { status: 'resolved', outcome: 'We sent a corrected invoice.' },
  });
  assert.equal(res.status(), 200);
  let mail;
  for (let i = 0; i < 100 && !mail; i++) {
    mail = env.mails.slice(before).find((m) => m.includes('To: accounts@example.com') && m.includes('We sent a corrected invoice.'));
    if (!mail) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(mail, 'the resolution e-mail arrived');
  const link = mail.match(/https?:\/\/\S+#kefu-ticket=KF-[0-9A-Z-]+\.[0-9a-f]{32}/)[0];

  // Opened in another browser (no visitor token of the request's): the request itself.
  const { context, page, problems } = await newPage(browser);
  await page.goto(link);
  await page.locator('.kefu-fb-outcome').waitFor();
  assert.equal(plain(await page.locator('.kefu-fb-requests-title').textContent()), 'Invoice shows the wrong VAT number');
  assert.equal(plain(await page.locator('.kefu-fb-outcome p').textContent()), 'We sent a corrected invoice.');
  assert.equal(await page.evaluate(() => location.hash), '');
  await page.getByRole('button', { name: 'Very satisfied', exact: true }).click();
  await page.getByRole('button', { name: 'Send rating' }).click();
  await page.locator('.kefu-fb-rated').waitFor();
  const t = await (await agentContext.request.get(`${env.kefu}/api/v1/console/sites/${SITE}/tickets/${reference}`)).json();
  assert.equal(t.rating.score, 5);
  assert.deepEqual(problems, []);
  await context.close();
  await agentContext.close();
});
