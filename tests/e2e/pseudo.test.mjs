// End-to-end: a pseudo-locale (issue 7, R5). The English texts of the widget and the help
// module are accented and made 40% longer, then served in place of the French file the server
// would send. Every text the widget draws must then be accented (or be the site's own content,
// data marked translate="no", or words the browser's Intl writes, or carry no letters); an English word left means a string that bypassed Fluent. Buttons and
// labels must not clip the longer text. Screenshots: target/screenshots/pseudo-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { newPage, useServer, SCREENSHOTS } from './harness.mjs';

const s = useServer();
const root = join(import.meta.dirname, '../..');

const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = 'ȧƀƈḓḗƒɠħīĵķŀḿƞǿƥɋřşŧŭṽẇẋẏẑȦƁƇḒḖƑƓĦĪĴĶĿḾȠǾƤɊŘŞŦŬṼẆẊẎẐ';
const ACCENT = new Map([...PLAIN].map((c, i) => [c, [...ACCENTED][i]]));
const PSEUDO_CHARS = new Set([...ACCENTED]);

/** Text outside `{ … }` accented and padded by 40% of its letters; placeables kept. */
function pseudoText(text) {
  let out = '';
  let depth = 0;
  let letters = 0;
  for (const c of text) {
    if (c === '{') depth++;
    if (depth === 0 && ACCENT.has(c)) {
      out += ACCENT.get(c);
      letters++;
    } else {
      out += c;
    }
    if (c === '}') depth = Math.max(0, depth - 1);
  }
  return letters ? `${out}${'~'.repeat(Math.ceil(letters * 0.4))}` : out;
}

/** A Fluent file with every message's text made pseudo; ids, variants and attributes kept. */
function pseudo(ftl) {
  return ftl.split('\n').map((line) => {
    // Comments, blank lines, and `help-locale` (a language tag for `Intl`, not a text).
    if (/^\s*(#|$)/.test(line) || line.startsWith('help-locale =')) return line;
    let m = line.match(/^([a-zA-Z][\w-]*\s*=\s?)(.*)$/) // message
      || line.match(/^(\s+\.[\w-]+\s*=\s?)(.*)$/) // attribute
      || line.match(/^(\s+\*?\[[^\]]+\]\s?)(.*)$/); // variant
    if (m) return m[1] + pseudoText(m[2]);
    m = line.match(/^(\s+)(.*)$/); // continuation
    return m ? m[1] + pseudoText(m[2]) : line;
  }).join('\n');
}

const FTL = pseudo(
  readFileSync(join(root, 'locales/en/widget.ftl'), 'utf8') + '\n'
  + readFileSync(join(root, 'locales/en/help.ftl'), 'utf8'),
);

/** Every visible text in the widget that is not accented, not the site's, and has letters. */
function unaccented(page, content) {
  return page.evaluate(({ pseudoChars, content }) => {
    const pseudo = new Set(pseudoChars);
    const days = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const intl = new Set(Array.from({ length: 121 }, (_, i) => days.format(i - 60, 'day')));
    const root = document.querySelector('kefu-widget').shadowRoot;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/[\u2068\u2069]/g, '').trim();
      const el = n.parentElement;
      // Data (references are marked translate="no") and nothing to translate.
      if (!text || !/\p{L}/u.test(text) || !el || el.closest('style, [translate=no]')) continue;
      if (!el.checkVisibility()) continue;
      if ([...text].some((c) => pseudo.has(c))) continue;
      // Written by the browser's Intl in the locale's language (`help-locale`, kept as en).
      if (intl.has(text)) continue;
      if (content.some((c) => c.includes(text) || text.includes(c) && c.length > 3)) continue;
      found.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
    }
    return found;
  }, { pseudoChars: [...PSEUDO_CHARS], content });
}

/** Buttons, labels and headings whose text is wider than their box (clipped). */
function clipped(page) {
  return page.evaluate(() => {
    const root = document.querySelector('kefu-widget').shadowRoot;
    return [...root.querySelectorAll('button, label, h2, h3, summary, a')]
      .filter((e) => e.checkVisibility() && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim()}`);
  });
}

/** Every string of the site's content the widget may show (config, FAQ). */
async function siteContent(page, site = 'e2e-faq') {
  return page.evaluate(async ({ kefu, site }) => {
    const strings = [];
    const walk = (v) => {
      if (typeof v === 'string') strings.push(v.replace(/<[^>]*>/g, ' ').trim());
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    for (const path of ['widget-config?locale=fr', 'faq?locale=fr', 'feedback?locale=fr']) {
      const res = await fetch(`${kefu}/api/v1/sites/${site}/${path}`);
      walk(await res.json());
    }
    // Answers come as HTML: their text nodes are parts of the stripped strings.
    return strings.flatMap((s) => [s, ...s.split(/\s{2,}/)]).filter((s) => s.length > 1);
  }, { kefu: s.env.kefu, site });
}

/** A phone-sized page whose French texts are the pseudo-locale; `served()` counts them. */
async function pseudoPage() {
  const { context, page, problems } = await newPage(s.browser, { locale: 'fr', viewport: { width: 390, height: 844 } });
  let served = 0;
  await page.route(/\/widget\/locale-fr-[0-9a-f]+\.ftl$/, (route) => {
    served++;
    return route.fulfill({
      status: 200,
      body: FTL,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'access-control-allow-origin': '*' },
    });
  });
  return { context, page, problems, served: () => served };
}

/** Asserts no text outside Fluent and nothing clipped, then saves `pseudo-<view>.png`. */
async function checkView(page, content, view) {
  await page.waitForTimeout(200);
  assert.deepEqual(await unaccented(page, content), [], `${view}: texts outside Fluent`);
  assert.deepEqual(await clipped(page), [], `${view}: clipped`);
  await page.screenshot({ path: join(SCREENSHOTS, `pseudo-${view}.png`) });
}

test('a pseudo-locale 40% longer shows no string outside Fluent and clips nothing', async () => {
  const { context, page, problems, served } = await pseudoPage();
  await page.goto(s.env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-faq-search').waitFor();
  assert.equal(served(), 1);
  const content = await siteContent(page);
  const check = (view) => checkView(page, content, view);
  await check('panel');
  await page.locator('.kefu-faq-search').fill('refund');
  await page.locator('.kefu-faq-result').first().waitFor();
  await check('search');
  await page.locator('.kefu-faq-result').first().click();
  await page.locator('.kefu-faq-question').waitFor();
  await check('article');
  await page.locator('.kefu-faq-back').click();
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  await page.locator('#kefu-fb-subject').waitFor();
  await check('feedback');
  await page.locator('.kefu-fb-submit').click();
  await page.locator('#kefu-fb-subject-error').waitFor();
  await check('feedback-errors');
  await page.locator('#kefu-fb-subject').fill('Parcel late');
  await page.locator('#kefu-fb-description').fill('My parcel was due on Monday.');
  await page.locator('.kefu-fb-submit').click();
  await page.locator('.kefu-fb-done-title').waitFor();
  await check('feedback-sent');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the chat in the pseudo-locale: its card, the conversation, the late answer and leaving a message', async () => {
  // An agent online, so the chat can start; nobody answers within the 3-second promise.
  const PASSWORD = 'correct horse battery';
  s.env.createAccount('pseudo-agent@example.com', PASSWORD, 'agent');
  const agent = await newPage(s.browser);
  await agent.page.goto(`${s.env.kefu}/console/`);
  await agent.page.getByLabel('E-mail address').fill('pseudo-agent@example.com');
  await agent.page.getByLabel('Password').fill(PASSWORD);
  await agent.page.getByRole('button', { name: 'Sign in' }).click();
  await agent.page.getByRole('button', { name: 'Live chat' }).click();
  await agent.page.getByText('You are online: visitors can start chats.').waitFor();

  const { context, page, problems } = await pseudoPage();
  await page.goto(s.env.page('chat'));
  await page.locator('.kefu-launcher').click();
  // "Start a chat", accented: the agent is online.
  const start = page.locator('.kefu-chat-open', { hasText: pseudoText('Start a chat') });
  await start.waitFor();
  const written = 'Where is my parcel? I need a refund';
  const content = [...await siteContent(page, 'e2e-chat'), written];
  const check = (view) => checkView(page, content, view);
  await check('chat-card');
  await start.click();
  const chat = page.locator('.kefu-chat-view');
  await chat.locator('textarea').fill(written);
  await chat.locator('textarea').press('Enter');
  await chat.locator('.kefu-chat-log li').first().waitFor();
  await check('chat');
  await chat.locator('.kefu-chat-late .kefu-faq-suggest li').first().waitFor({ timeout: 10_000 });
  await check('chat-late');
  await chat.locator('.kefu-chat-late button[data-kefu-chat=leave]').click();
  await page.locator('#kefu-fb-subject').waitFor();
  await check('chat-leave-message');
  assert.deepEqual(problems, []);
  await context.close();
  await agent.context.close();
});
