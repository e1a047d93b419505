// End-to-end: live chat (issue 6) between a visitor's widget and an agent's console, two
// browser contexts against the real `kefu` over HTTPS. Messages, typing and read marks both
// ways, markup shown as text on both sides, history after a reload, unread counts and the
// page's events while the panel is shut, the end of a chat; the promise's fallback (FAQ
// articles, then "leave a message" → a ticket carrying the transcript); outside the chat's
// hours; and the HTTP fallback when no WebSocket can be opened.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { start, launch, newPage, plain, SCREENSHOTS } from './harness.mjs';

const PASSWORD = 'correct horse battery';
let env;
let browser;
let agent;

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  env = await start();
  browser = await launch();
  env.createAccount('agent-chat@example.com', PASSWORD, 'agent');
  agent = await newPage(browser, { permissions: ['notifications'] });
  await agent.page.goto(`${env.kefu}/console/`);
  await agent.page.getByLabel('E-mail address').fill('agent-chat@example.com');
  await agent.page.getByLabel('Password').fill(PASSWORD);
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  // Visitors see the agent's display name, set on the account page, never the address.
  await agent.page.getByRole('button', { name: 'Account' }).click();
  await agent.page.getByLabel('Display name').fill('Li');
  await agent.page.getByRole('button', { name: 'Save name' }).click();
  await agent.page.getByText('Saved. Visitors see it on your next message.').waitFor();
  await agent.page.getByRole('button', { name: 'Live chat' }).click();
  await agent.page.getByText('You are online: visitors can start chats.').waitFor();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

const XSS_VISITOR = '<img src=x onerror="window.pwned=1">Hello, my order 42 is late';
const XSS_AGENT = '<b>Sorry</b> <script>window.pwned=2</script> 马上为您查看';

/** Waits until `locator`'s text, without Fluent's isolation marks, is `expected`. */
async function waitText(locator, expected, timeout = 10_000) {
  const until = Date.now() + timeout;
  let last;
  while (Date.now() < until) {
    last = plain(await locator.textContent().catch(() => ''));
    if (last === expected) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(last, expected);
}

async function openChat(page) {
  await page.locator('.kefu-launcher').click();
  const card = page.locator('.kefu-chat-home');
  await card.waitFor();
  return card;
}

test('a visitor and an agent chat: typing, read marks, text stays text, history, unread, the end', async () => {
  const visitor = await newPage(browser);
  const { page } = visitor;
  const a = agent.page;
  await page.goto(env.page('chat'));
  await page.evaluate(() => {
    window.events = [];
    window.Kefu('on', 'unread', (n) => window.events.push(['unread', n]));
    window.Kefu('on', 'message', (m) => window.events.push(['message', m.text]));
  });
  const card = await openChat(page);
  await waitText(card.locator('.kefu-chat-home-text'), "We're online. We usually reply within 3 seconds.");
  await card.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByRole('heading', { name: 'Live chat' }).waitFor();
  // The chat takes the panel: the channels are out of sight.
  assert.equal(await page.locator('.kefu-channel-list').isVisible(), false);
  const input = chat.getByLabel('Message');
  assert.equal(await page.evaluate(() => document.querySelector('kefu-widget').shadowRoot.activeElement?.className), 'kefu-chat-input');
  await input.fill(XSS_VISITOR);
  await input.press('Enter');
  const mine = chat.locator('.kefu-chat-mine');
  await mine.first().waitFor();
  assert.equal(await mine.first().locator('.kefu-chat-text').textContent(), XSS_VISITOR);
  await mine.first().locator('.kefu-chat-meta', { hasText: /Delivered|Read/ }).waitFor();

  // The agent: a new unassigned conversation, the message as text.
  const item = a.locator('.chat-item').first();
  await item.waitFor();
  await item.click();
  const log = a.locator('.chat-messages');
  await log.locator('.chat-msg.visitor .chat-text').first().waitFor();
  assert.equal(await log.locator('.chat-msg.visitor .chat-text').first().textContent(), XSS_VISITOR);
  assert.equal(await log.locator('img').count(), 0);
  // The agent has seen it: the visitor reads "Read".
  await mine.first().locator('.kefu-chat-meta', { hasText: 'Read' }).waitFor();

  // Typing, both ways.
  await a.getByLabel('Reply').pressSequentially('Sor');
  await chat.getByText('The team is typing…').waitFor();
  await input.pressSequentially('Thanks');
  await a.getByText('The visitor is typing…').waitFor();
  await input.fill('');

  await a.getByLabel('Reply').fill(XSS_AGENT);
  await a.getByLabel('Reply').press('Enter');
  const theirs = chat.locator('.kefu-chat-theirs');
  await theirs.first().waitFor();
  assert.equal(await theirs.first().locator('.kefu-chat-text').textContent(), XSS_AGENT);
  assert.equal(plain(await theirs.first().locator('.kefu-chat-who').textContent()), 'Li');
  await chat.getByRole('heading', { name: 'Li' }).waitFor();
  assert.equal(await chat.locator('b, script, img').count(), 0);
  // The visitor had the chat open: the agent's message is marked read for the agent.
  await a.locator('.chat-msg.agent .chat-state', { hasText: 'Read' }).waitFor();
  assert.equal(await page.evaluate(() => window.pwned ?? null), null);
  assert.equal(await a.evaluate(() => window.pwned ?? null), null);
  await page.screenshot({ path: join(SCREENSHOTS, 'chat-visitor.png') });
  await a.screenshot({ path: join(SCREENSHOTS, 'chat-console.png') });

  // A reload: the conversation is there, each message once.
  await page.reload();
  await page.evaluate(() => {
    window.events = [];
    window.Kefu('on', 'unread', (n) => window.events.push(['unread', n]));
    window.Kefu('on', 'message', (m) => window.events.push(['message', m.text]));
  });
  // Panel shut: the agent's next message is counted and announced to the page.
  await page.waitForFunction(() => document.querySelector('kefu-widget')?.shadowRoot?.querySelector('.kefu-launcher'));
  await page.waitForTimeout(1500); // the loader reconnects the chat at start-up
  await a.getByLabel('Reply').fill('Your parcel left our warehouse today.');
  await a.getByLabel('Reply').press('Enter');
  await page.waitForFunction(() => window.events.some(([k, v]) => k === 'unread' && v === 1));
  assert.deepEqual(
    (await page.evaluate(() => window.events)).filter(([k]) => k === 'message'),
    [['message', 'Your parcel left our warehouse today.']],
  );
  assert.equal(await page.locator('.kefu-launcher .kefu-badge').textContent(), '1');

  const card2 = await openChat(page);
  await waitText(card2.locator('.kefu-chat-home-text'), 'You have a conversation in progress.');
  await card2.getByRole('button', { name: 'Continue the chat' }).click();
  await theirs.nth(1).waitFor();
  assert.deepEqual(
    await chat.locator('.kefu-chat-text').allTextContents(),
    [XSS_VISITOR, XSS_AGENT, 'Your parcel left our warehouse today.'],
  );
  await page.waitForFunction(() => window.events.some(([k, v]) => k === 'unread' && v === 0));
  assert.equal(await page.locator('.kefu-launcher .kefu-badge').count(), 0);

  // The agent ends it; the visitor is told, and may start anew.
  await a.getByRole('button', { name: 'Close conversation' }).click();
  await chat.getByText('This chat has ended.').waitFor();
  await chat.getByRole('button', { name: 'Start a new chat' }).waitFor();
  // …and rates it.
  const rate = chat.locator('.kefu-chat-rate');
  const four = rate.locator('button[data-score="4"]');
  assert.equal(plain(await four.getAttribute('aria-label')), '4 out of 5');
  await four.click();
  await waitText(rate.locator('.kefu-chat-rate-status'), 'Thank you for your rating!');
  assert.equal(await four.getAttribute('aria-pressed'), 'true');
  // …and has the transcript e-mailed.
  const mailsBefore = env.mails.length;
  await chat.getByLabel('E-mail me the transcript').fill('visitor@example.com');
  await chat.locator('.kefu-chat-transcript').getByRole('button', { name: 'Send' }).click();
  await waitText(chat.locator('.kefu-chat-transcript-status'), 'We sent the transcript to visitor@example.com.');
  await page.screenshot({ path: join(SCREENSHOTS, 'chat-ended.png') });
  const until = Date.now() + 10_000;
  while (env.mails.length === mailsBefore && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const mail = env.mails[env.mails.length - 1];
  assert.match(mail, /To: visitor@example\.com/);
  assert.ok(mail.includes(`] You: ${XSS_VISITOR}`), mail);
  assert.ok(mail.includes('] Li: Your parcel left our warehouse today.'), mail);
  assert.ok(!mail.includes('agent-chat@example.com'), 'never the agent\'s address');

  // The team's report counts the chat, its first response within the promise, and the rating.
  await a.getByRole('button', { name: 'Chat report' }).click();
  await a.getByLabel('Site', { exact: true }).selectOption('e2e-chat');
  await waitText(a.locator('.chat-report-csat'), 'Average rating 4 of 5 (one rating)');
  const overall = a.locator('table.chat-report').first().locator('tbody tr').first().locator('td');
  assert.deepEqual((await overall.allTextContents()).slice(0, 3), ['All chats', '1', '1']);
  await a.screenshot({ path: join(SCREENSHOTS, 'chat-report.png') });
  await a.getByRole('button', { name: 'Live chat' }).click();
  await a.getByText('You are online: visitors can start chats.').waitFor();
  assert.deepEqual(visitor.problems, []);
  // (The console's first look at its session, before signing in, is a 401.)
  assert.deepEqual(agent.problems.filter((p) => !p.includes('status of 401')), []);
  await visitor.context.close();
});

test('no answer within the promise: FAQ articles, then "leave a message" becomes a ticket with the transcript', async () => {
  const visitor = await newPage(browser);
  const { page } = visitor;
  await page.goto(env.page('chat'));
  const card = await openChat(page);
  await card.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByLabel('Message').fill('How do I get a refund for my order?');
  await chat.getByLabel('Message').press('Enter');
  // Nobody answers within 3 s: the widget says so and offers articles that match.
  const late = chat.locator('.kefu-chat-late');
  await late.getByText('No one has answered yet, sorry.', { exact: false }).waitFor({ timeout: 10_000 });
  await late.locator('.kefu-faq-suggest li').first().waitFor();
  const titles = await late.locator('.kefu-faq-suggest li summary').allTextContents();
  assert.ok(titles.length >= 1 && titles.length <= 3, `${titles}`);
  assert.ok(titles.some((t) => /refund/i.test(t)), `${titles}`);
  await page.screenshot({ path: join(SCREENSHOTS, 'chat-promise.png') });

  await late.getByRole('button', { name: 'Leave a message' }).click();
  await page.locator('#kefu-fb-subject').waitFor();
  const transcript = await page.locator('#kefu-fb-description').inputValue();
  assert.match(transcript, /^\[[^\]]+\] You: How do I get a refund for my order\?$/);
  assert.equal(await page.locator('#kefu-fb-subject').inputValue(), 'How do I get a refund for my order?');
  await page.locator('#kefu-fb-email').fill('visitor@example.com');
  await page.locator('.kefu-fb-submit').click();
  await page.locator('.kefu-fb-done-title').waitFor();
  const reference = await page.locator('.kefu-fb-ref').textContent();
  // The ticket carries the transcript.
  const tickets = await page.evaluate(async ({ kefu }) => {
    const token = localStorage.getItem('kefu:visitor');
    const res = await fetch(`${kefu}/api/v1/sites/e2e-chat/tickets`, { headers: { authorization: `Bearer ${token}` } });
    return (await res.json()).tickets;
  }, { kefu: env.kefu });
  assert.equal(tickets[0].reference, reference);
  assert.equal(tickets[0].subject, 'How do I get a refund for my order?');
  const seen = await agent.page.evaluate(async (ref) => {
    const res = await fetch(`/api/v1/console/sites/e2e-chat/tickets/${ref}`);
    return (await res.json()).messages[0].body;
  }, reference);
  assert.equal(seen, transcript);
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
});

test('outside the chat hours the chat entry is "leave a message"', async () => {
  const visitor = await newPage(browser);
  const { page } = visitor;
  await page.goto(env.page('chat-closed'));
  const card = await openChat(page);
  // With the expected reply time of a message left instead (the demo site's 5 working days).
  await waitText(card.locator('.kefu-chat-home-text'), "Chat is closed at the moment. Leave a message and we'll answer by e-mail. We reply within 5 working days.");
  await card.getByRole('button', { name: 'Leave a message' }).click();
  await page.locator('#kefu-fb-subject').waitFor();
  assert.equal(await page.locator('.kefu-channel-list').isVisible(), false);
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
});

test('no WebSocket at all (a proxy refuses it): the chat goes over HTTP and nothing is lost', async () => {
  const visitor = await newPage(browser);
  const { page } = visitor;
  let refused = 0;
  await page.routeWebSocket(/\/chat\/socket$/, (ws) => { refused += 1; ws.close({ code: 1006 }); });
  await page.goto(env.page('chat'));
  const card = await openChat(page);
  await card.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByLabel('Message').fill('Over plain HTTP');
  await chat.getByLabel('Message').press('Enter');
  await chat.locator('.kefu-chat-mine .kefu-chat-meta', { hasText: /Delivered|Read/ }).waitFor({ timeout: 30_000 });
  assert.ok(refused >= 3, `sockets tried: ${refused}`);

  const a = agent.page;
  await a.getByRole('tab', { name: 'All' }).click();
  const item = a.locator('.chat-item').first();
  await item.click();
  await a.locator('.chat-messages .chat-text', { hasText: 'Over plain HTTP' }).waitFor();
  await a.getByLabel('Reply').fill('Received over the long poll');
  await a.getByLabel('Reply').press('Enter');
  await chat.locator('.kefu-chat-theirs .kefu-chat-text', { hasText: 'Received over the long poll' }).waitFor();
  assert.deepEqual(await chat.locator('.kefu-chat-text').allTextContents(), ['Over plain HTTP', 'Received over the long poll']);
  await a.getByRole('button', { name: 'Close conversation' }).click();
  await visitor.context.close();
});

test('an agent blocks an abusive visitor, who can then start no chat', async () => {
  const visitor = await newPage(browser);
  const { page } = visitor;
  const a = agent.page;
  await page.goto(env.page('chat'));
  const card = await openChat(page);
  await card.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByLabel('Message').fill('You are all useless!!!');
  await chat.getByLabel('Message').press('Enter');
  await chat.locator('.kefu-chat-mine .kefu-chat-meta', { hasText: /Delivered|Read/ }).waitFor();

  await a.getByRole('tab', { name: 'All' }).click();
  await a.locator('.chat-item', { hasText: 'Anonymous visitor' }).first().click();
  await a.locator('.chat-messages .chat-text', { hasText: 'You are all useless!!!' }).waitFor();
  a.once('dialog', (d) => d.accept());
  await a.getByRole('button', { name: 'Block this visitor' }).click();

  await chat.getByText('This chat has ended.').waitFor();
  await chat.getByRole('button', { name: 'Start a new chat' }).click();
  await chat.getByLabel('Message').fill('Let me in');
  await chat.getByLabel('Message').press('Enter');
  await chat.locator('.kefu-chat-mine .kefu-chat-meta', { hasText: 'You cannot start a chat here. Please leave us a message instead.' }).waitFor();
  assert.deepEqual(visitor.problems.filter((p) => !p.includes('status of 403')), []);
  await visitor.context.close();
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
  '1f15c4890000000d49444154789c63f8cfc0f01f0005000101ff89993d1d0000000049454e44ae426082',
  'hex',
);

/** Waits until the image of `locator` has loaded (its bytes came from Kefu and decoded). */
async function loaded(locator) {
  await locator.waitFor();
  await locator.evaluate((img) => img.complete && img.naturalWidth > 0 ? true
    : new Promise((ok, fail) => { img.onload = () => ok(true); img.onerror = () => fail(new Error(`no image at ${img.src}`)); }));
}

test('images both ways, the agent\'s picture, canned responses, assigning, the history, and announcements while shut', async () => {
  env.createAccount('agent-two@example.com', PASSWORD, 'agent');
  const a = agent.page;
  // The agent's picture, from the account page.
  await a.getByRole('button', { name: 'Account' }).click();
  await a.locator('#chat-avatar-file').setInputFiles({ name: 'li.png', mimeType: 'image/png', buffer: PNG });
  await a.locator('.chat-avatar-edit [role=status]', { hasText: 'Saved. Visitors see it on your next message.' }).waitFor();
  await loaded(a.locator('.chat-avatar-edit img.avatar'));
  // A canned response for the team.
  await a.getByRole('button', { name: 'Live chat' }).click();
  await a.locator('.canned-manager summary').click();
  await a.locator('.canned-manager').getByLabel('Site').selectOption('e2e-chat');
  await a.getByLabel('Shortcut').fill('parcel');
  await a.getByLabel('Text', { exact: true }).fill('Hello {name}, your parcel is on its way.');
  await a.getByRole('button', { name: 'Add response' }).click();
  await a.locator('.canned-form [role=status]', { hasText: 'Saved /parcel.' }).waitFor();

  const visitor = await newPage(browser);
  const { page } = visitor;
  await page.goto(env.page('chat'));
  const card = await openChat(page);
  await card.getByRole('button', { name: 'Start a chat' }).click();
  const chat = page.locator('.kefu-chat-view');
  await chat.getByLabel('Message').fill('Hi, here is a photo of the box');
  await chat.getByLabel('Message').press('Enter');
  await chat.locator('.kefu-chat-mine .kefu-chat-meta', { hasText: /Delivered|Read/ }).first().waitFor();
  // Not an image: said in plain words, nothing sent.
  await chat.locator('.kefu-chat-attach input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await waitText(chat.locator('.kefu-chat-error'), 'Only PNG, JPEG, GIF and WebP images can be sent.');
  await chat.locator('.kefu-chat-attach input').setInputFiles({ name: 'box.png', mimeType: 'image/png', buffer: PNG });
  const sentImage = chat.locator('.kefu-chat-mine .kefu-chat-img img');
  await loaded(sentImage);
  assert.equal(plain(await sentImage.getAttribute('alt')), 'Image');
  assert.match(await sentImage.getAttribute('src'), /\/api\/v1\/chat\/files\/[0-9a-f]{32}$/);

  // The agent sees the visitor's image in the conversation.
  await a.getByRole('tab', { name: 'All' }).click();
  await a.locator('.chat-item').first().click();
  await a.locator('.chat-messages .chat-text', { hasText: 'Hi, here is a photo of the box' }).waitFor();
  await loaded(a.locator('.chat-msg.visitor .chat-image img'));
  // A canned response, by typing "/" and part of its shortcut.
  // By keyboard: Arrow Down into the list, Enter takes it, and Enter again sends it.
  await a.getByLabel('Reply').fill('/parc');
  await a.locator('.canned-option', { hasText: '/parcel' }).waitFor();
  await a.getByLabel('Reply').press('ArrowDown');
  assert.equal(await a.evaluate(() => document.activeElement.className), 'canned-option');
  await a.keyboard.press('Enter');
  assert.equal(await a.getByLabel('Reply').inputValue(), 'Hello, your parcel is on its way.');
  assert.equal(await a.locator('.canned-option').count(), 0);
  await a.getByLabel('Reply').press('Enter');
  const theirs = chat.locator('.kefu-chat-theirs');
  await theirs.locator('.kefu-chat-text', { hasText: 'Hello, your parcel is on its way.' }).waitFor();
  // The console shows the agent's own reply under their name and picture too.
  const own = a.locator('.chat-msg.agent', { hasText: 'Hello, your parcel is on its way.' });
  await waitText(own.locator('.chat-who'), 'Li');
  await loaded(own.locator('img.avatar'));
  // …with the agent's picture beside it.
  const avatar = theirs.last().locator('img.kefu-chat-avatar');
  await loaded(avatar);
  assert.match(await avatar.getAttribute('src'), /\/api\/v1\/avatars\/[0-9a-f]{32}$/);
  // An image from the agent.
  await a.locator('#chat-image-file').setInputFiles({ name: 'label.png', mimeType: 'image/png', buffer: PNG });
  await loaded(chat.locator('.kefu-chat-theirs .kefu-chat-img img'));
  await page.screenshot({ path: join(SCREENSHOTS, 'chat-images.png') });

  // Panel shut: a new message is announced to screen readers from beside the launcher.
  await chat.getByLabel('Message').focus();
  await page.keyboard.press('Escape');
  await page.locator('.kefu-panel').waitFor({ state: 'hidden' });
  await a.getByLabel('Reply').fill('Anything else I can do?');
  await a.getByLabel('Reply').press('Enter');
  await waitText(page.locator('.kefu-announce'), 'Li: Anything else I can do?');
  assert.equal(await page.locator('.kefu-announce').getAttribute('role'), 'status');
  // …and counted as unread, not marked read, while the panel is shut.
  await waitText(page.locator('.kefu-launcher .kefu-badge'), '1');

  // Handed to a colleague: the list of the site's agents, this one marked online.
  const assign = a.getByLabel('Assigned to');
  const options = (await assign.locator('option').allTextContents()).map(plain);
  assert.ok(options.includes('Li (online)'), options.join(' | '));
  assert.ok(options.includes('agent-two@example.com'), options.join(' | '));
  await assign.selectOption({ label: 'agent-two@example.com' });
  await a.getByRole('button', { name: 'Take this conversation' }).waitFor();
  await a.screenshot({ path: join(SCREENSHOTS, 'chat-console-images.png') });

  // The visitor comes back later: the agent sees the earlier chat in the history.
  await a.getByRole('button', { name: 'Close conversation' }).click();
  // The panel opens where the visitor left it: in the chat, now read.
  await page.locator('.kefu-launcher').click();
  await chat.getByText('This chat has ended.').waitFor();
  assert.equal(await page.locator('.kefu-launcher .kefu-badge').count(), 0);
  await chat.getByRole('button', { name: 'Start a new chat' }).click();
  await chat.getByLabel('Message').fill('One more question');
  await chat.getByLabel('Message').press('Enter');
  // Stored: the new conversation is in the agent's inbox, newest first.
  await chat.locator('.kefu-chat-mine', { hasText: 'One more question' }).locator('.kefu-chat-meta', { hasText: /Delivered|Read/ }).waitFor();
  await a.locator('.chat-item').first().click();
  await a.locator('.chat-messages .chat-text', { hasText: 'One more question' }).waitFor();
  const history = a.locator('.chat-history');
  await waitText(history.locator('summary').first(), 'Earlier chats and requests (1)');
  await history.locator('summary').first().click();
  await history.locator('.chat-history-first', { hasText: 'Hi, here is a photo of the box' }).click();
  await history.locator('.chat-messages.past .chat-text', { hasText: 'Hello, your parcel is on its way.' }).waitFor();
  await a.getByRole('button', { name: 'Close conversation' }).click();
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
});
