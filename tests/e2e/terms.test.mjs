// End-to-end: a site's terms of service and privacy notice (R1), against the real `kefu` over
// HTTPS and its real SQLite, in the system Chromium. An admin publishes versions in the console;
// a visitor reads them from the feedback form, accepts before their first request (the form
// kept as typed), is told what changed before the next one, and the console counts who accepted
// which version. The chat asks the same before a conversation starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useServer, newPage, plain, expectAccessible, SCREENSHOTS } from './harness.mjs';

const s = useServer();
const PASSWORD = 'correct horse battery staple';

/** Signs an admin in to the console and opens the Terms screen for `site`. */
async function consoleTerms(email, site) {
  s.env.createAccount(email, PASSWORD);
  // The console's strict CSP would refuse the injected accessibility checker.
  const admin = await newPage(s.browser, { bypassCSP: true });
  const { page } = admin;
  await page.goto(`${s.env.kefu}/console/`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.locator('.sidebar .nav-item', { hasText: 'Terms' }).click();
  await page.getByRole('heading', { name: 'Terms of service and privacy notice' }).waitFor();
  await page.getByLabel('Site', { exact: true }).selectOption(site);
  await page.locator('#terms-en-terms').waitFor();
  return admin;
}

async function publish(page, version) {
  await page.getByRole('button', { name: `Publish version ${version}` }).click();
}

const acceptedCount = (page, version) =>
  page.locator(`.terms-history tr[data-version="${version}"] td.num`).textContent();

const shadowFocus = (page) =>
  page.evaluate(() => document.querySelector('kefu-widget').shadowRoot.activeElement?.className);

test('terms are published in the console, read and accepted before the first request, and a new version is announced with what changed', async () => {
  const admin = await consoleTerms('terms-admin@example.com', 'e2e-faq');
  const a = admin.page;
  await a.locator('#terms-en-terms').fill(
    '# Using our support\n\nBe kind to our team. <script>window.pwned = 1</script>\n\n## Fees\n\nSupport is free.',
  );
  await a.locator('#terms-en-privacy').fill('We keep your messages for **90 days**, then delete them.');
  await a.getByLabel('Visitors must accept before they send a request or start a chat').check();
  await publish(a, 1);
  await a.getByText('Version 1 is published.', { exact: false }).waitFor();
  assert.equal(await acceptedCount(a, 1), '0');

  // The visitor: the links under the form, then the card before the first request.
  const visitor = await newPage(s.browser);
  const { page } = visitor;
  await page.goto(s.env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  const links = page.locator('.kefu-fb .kefu-terms-links');
  await links.waitFor();
  assert.deepEqual(await links.getByRole('button').allTextContents(), ['Terms of service', 'Privacy notice']);
  await page.locator('#kefu-fb-subject').fill('Parcel late');
  await page.locator('#kefu-fb-description').fill('My parcel was due on Monday and has not arrived.');
  await page.locator('.kefu-fb-submit').click();
  const card = page.locator('.kefu-terms');
  await card.getByRole('heading', { name: 'Before you continue' }).waitFor();
  assert.equal(await shadowFocus(page), 'kefu-terms-title');
  assert.equal(await page.locator('.kefu-fb-view').isVisible(), false);
  // Nothing was sent yet.
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:outbox:e2e-faq')), null);
  // The texts, rendered from Markdown with the site's markup shown as text.
  await card.locator('summary', { hasText: 'Terms of service' }).click();
  const terms = card.locator('.kefu-terms-body').first();
  assert.equal(await terms.locator('h3').textContent(), 'Using our support');
  assert.equal(await terms.locator('h4').textContent(), 'Fees');
  assert.match(await terms.textContent(), /<script>window\.pwned = 1<\/script>/);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  await card.locator('summary', { hasText: 'Privacy notice' }).click();
  assert.equal(await card.locator('.kefu-terms-body strong').textContent(), '90 days');
  assert.match(plain(await card.locator('.kefu-terms-meta').textContent()), /^Version 1 · /);
  await expectAccessible(page, 'the terms before the first request');
  await page.screenshot({ path: join(SCREENSHOTS, 'terms-gate-en.png') });

  // "Not now": back to the form as it was, focus on its button; nothing sent.
  await card.getByRole('button', { name: 'Not now' }).click();
  await card.waitFor({ state: 'detached' });
  assert.equal(await page.locator('#kefu-fb-subject').inputValue(), 'Parcel late');
  assert.match(await shadowFocus(page), /kefu-fb-submit/);
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:terms:e2e-faq')), null);

  // Accepting records it and sends the request that waited.
  await page.locator('.kefu-fb-submit').click();
  await card.getByRole('button', { name: 'Accept and continue' }).click();
  await page.locator('.kefu-fb-done-title').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:terms:e2e-faq')), '1');
  await a.reload();
  await a.locator('.sidebar .nav-item', { hasText: 'Terms' }).click();
  await a.getByLabel('Site', { exact: true }).selectOption('e2e-faq');
  await a.locator('.terms-history tr[data-version="1"]').waitFor();
  assert.equal(await acceptedCount(a, 1), '1');

  // A second version must say what changed: the server's message lands under that field.
  await a.locator('#terms-en-privacy').fill('We keep your messages for **30 days**, then delete them.');
  await publish(a, 2);
  await a.locator('#err-terms-en-changes').getByText('what changed since version 1', { exact: false }).waitFor();
  await a.locator('#terms-en-changes').fill('We now keep your messages for 30 days instead of 90.');
  await publish(a, 2);
  await a.getByText('Version 2 is published.', { exact: false }).waitFor();
  await expectAccessible(a, 'the console terms screen with its history', ['html']);

  // The next request: the notice with what changed comes first.
  await page.locator('.kefu-fb [data-kefu-action=done]').click();
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  await page.locator('#kefu-fb-subject').fill('Another question');
  await page.locator('#kefu-fb-description').fill('Can I change my delivery address?');
  await page.locator('.kefu-fb-submit').click();
  await card.getByRole('heading', { name: 'Our terms have changed' }).waitFor();
  assert.equal(await card.locator('.kefu-terms-changes').textContent(), 'We now keep your messages for 30 days instead of 90.');
  assert.match(plain(await card.locator('.kefu-terms-text').textContent()), /^We updated them on .+\. What changed:$/);
  await card.getByRole('button', { name: 'Accept and continue' }).click();
  await page.locator('.kefu-fb-done-title').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:terms:e2e-faq')), '2');

  await a.reload();
  await a.locator('.sidebar .nav-item', { hasText: 'Terms' }).click();
  await a.getByLabel('Site', { exact: true }).selectOption('e2e-faq');
  await a.locator('.terms-history tr[data-version="2"]').waitFor();
  assert.equal(await acceptedCount(a, 2), '1');
  assert.equal(await acceptedCount(a, 1), '1');
  await a.screenshot({ path: join(SCREENSHOTS, 'console-terms.png'), fullPage: true });
  // An older version loads back into the editor.
  await a.getByRole('button', { name: 'Load version 1' }).click();
  await a.getByText('Version 1 is in the editor', { exact: false }).waitFor();
  assert.match(await a.locator('#terms-en-privacy').inputValue(), /90 days/);

  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
  await admin.context.close();
});

test('the chat asks for the terms before a conversation starts', async () => {
  const admin = await consoleTerms('terms-chat@example.com', 'e2e-chat');
  const a = admin.page;
  await a.locator('#terms-en-terms').fill('Chats are for questions about your orders.');
  await a.locator('#terms-en-privacy').fill('Chats are kept for 90 days.');
  await a.getByLabel('Visitors must accept before they send a request or start a chat').check();
  await publish(a, 1);
  await a.getByText('Version 1 is published.', { exact: false }).waitFor();

  const visitor = await newPage(s.browser);
  const { page } = visitor;
  await page.goto(s.env.page('chat'));
  await page.locator('.kefu-launcher').click();
  const home = page.locator('.kefu-chat-home');
  await home.getByRole('button', { name: 'Start a chat' }).waitFor();
  await home.locator('.kefu-terms-links').getByRole('button', { name: 'Privacy notice' }).click();
  const card = page.locator('.kefu-terms');
  await card.getByRole('heading', { name: 'Terms and privacy' }).waitFor();
  assert.equal((await card.locator('details[open] .kefu-terms-body').textContent()).trim(), 'Chats are kept for 90 days.');
  await card.getByRole('button', { name: 'Close' }).click();
  await home.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByLabel('Message').fill('Where is my parcel?');
  await chat.getByLabel('Message').press('Enter');
  await card.getByRole('heading', { name: 'Before you continue' }).waitFor();
  assert.equal(await chat.locator('.kefu-chat-compose').isVisible(), false);
  assert.equal(await chat.locator('.kefu-chat-log li').count(), 0);
  await card.getByRole('button', { name: 'Accept and continue' }).click();
  // The message waited and goes out now; the visitor can go on typing.
  await chat.locator('.kefu-chat-log li', { hasText: 'Where is my parcel?' }).waitFor();
  await chat.locator('.kefu-chat-compose').waitFor();
  assert.equal(await chat.getByLabel('Message').inputValue(), '');
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:terms:e2e-chat')), '1');
  // The server has the conversation and the message (it refuses a chat without an acceptance);
  // the widget shows the message at once, so wait for the server's copy.
  const lastStored = () => page.evaluate(async (kefu) => {
    const token = localStorage.getItem('kefu:visitor');
    const res = await fetch(`${kefu}/api/v1/sites/e2e-chat/chat`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()).messages.at(-1)?.text;
  }, s.env.kefu);
  let stored;
  for (let i = 0; i < 50 && stored !== 'Where is my parcel?'; i++) {
    stored = await lastStored();
    if (stored !== 'Where is my parcel?') await page.waitForTimeout(200);
  }
  assert.equal(stored, 'Where is my parcel?');
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
  await admin.context.close();
});

test('an NPS answer waits for the terms like a request, and goes out once they are accepted', async () => {
  const admin = await consoleTerms('terms-nps@example.com', 'e2e');
  const a = admin.page;
  await a.locator('#terms-en-terms').fill('Answers help us improve.');
  await a.locator('#terms-en-privacy').fill('Answers are kept for one year.');
  await a.getByLabel('Visitors must accept before they send a request or start a chat').check();
  await publish(a, 1);
  await a.getByText('Version 1 is published.', { exact: false }).waitFor();

  // A returning visitor who never accepted the terms is asked the NPS question.
  const visitor = await newPage(s.browser);
  const { page } = visitor;
  await page.goto(s.env.page('plain'));
  await page.locator('.kefu-launcher').waitFor();
  await page.evaluate(() => localStorage.setItem('kefu:visits:e2e', `1 ${Date.now() - 31 * 60_000}`));
  await page.reload();
  const card = page.locator('.kefu-nps-card');
  await card.waitFor();
  await card.getByRole('button', { name: '8', exact: true }).click();
  await card.getByLabel('What is the main reason for your score? (optional)').fill('Quick answers');
  await card.getByRole('button', { name: 'Send' }).click();
  // The terms come first, in the card; the reason waits unsent.
  const terms = card.locator('.kefu-terms');
  await terms.getByRole('heading', { name: 'Before you continue' }).waitFor();
  assert.equal(await card.locator('.kefu-nps-more').isVisible(), false);
  // Its "Not now" is the one left: the question's own is out of the way meanwhile.
  assert.equal(await card.locator('.kefu-nps-later').isVisible(), false);
  await page.screenshot({ path: join(SCREENSHOTS, 'nps-terms.png') });
  await terms.getByRole('button', { name: 'Accept and continue' }).click();
  await card.getByText('Thank you! Your answer helps us improve.').waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:terms:e2e')), '1');
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
  await admin.context.close();
});
