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

/**
 * Text outside `{ … }` accented and padded by 40% of its letters; placeables kept. The padding
 * goes before a placeable the line leaves open (a selector `{ $n ->` must end its line).
 */
function pseudoText(text) {
  let out = '';
  let depth = 0;
  let letters = 0;
  let openAt = -1;
  for (const c of text) {
    if (c === '{' && depth++ === 0) openAt = out.length;
    if (depth === 0 && ACCENT.has(c)) {
      out += ACCENT.get(c);
      letters++;
    } else {
      out += c;
    }
    if (c === '}') depth = Math.max(0, depth - 1);
  }
  const pad = '~'.repeat(Math.ceil(letters * 0.4));
  return depth > 0 ? out.slice(0, openAt) + pad + out.slice(openAt) : out + pad;
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

/**
 * Every visible text in the widget (or, with `console`, the console's page) that is not
 * accented, not content, and has letters.
 */
function unaccented(page, content, console = false) {
  return page.evaluate(({ pseudoChars, content, console }) => {
    const pseudo = new Set(pseudoChars);
    const days = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
    const intl = new Set(Array.from({ length: 121 }, (_, i) => days.format(i - 60, 'day')));
    const root = console ? document.body : document.querySelector('kefu-widget').shadowRoot;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const found = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent.replace(/[\u2068\u2069]/g, '').trim();
      const el = n.parentElement;
      // Data (references are marked translate="no"; dates are <time>) and nothing to translate.
      if (!text || !/\p{L}/u.test(text) || !el || el.closest('style, script, [translate=no], time')) continue;
      if (!el.checkVisibility()) continue;
      if ([...text].some((c) => pseudo.has(c))) continue;
      // Written by the browser's Intl in the locale's language (`help-locale`, kept as en).
      if (intl.has(text)) continue;
      if (content.some((c) => c.includes(text) || text.includes(c) && c.length > 3)) continue;
      found.push(`${el.tagName.toLowerCase()}.${el.className}: ${text}`);
    }
    return found;
  }, { pseudoChars: [...PSEUDO_CHARS], content, console });
}

/**
 * Buttons, labels and headings (of the widget, or the console) whose text is wider than their
 * box, and buttons and links that something else covers (a longer text pushed it under).
 */
function clipped(page, console = false) {
  return page.evaluate((console) => {
    const root = console ? document : document.querySelector('kefu-widget').shadowRoot;
    const name = (e) => `${e.tagName.toLowerCase()}.${e.className}: ${e.textContent.trim()}`;
    const visible = [...root.querySelectorAll('button, label, h1, h2, h3, summary, a, th, legend')]
      .filter((e) => e.checkVisibility());
    // Visually hidden labels (for screen readers, 1 px wide) are meant to clip.
    const cut = visible
      .filter((e) => e.clientWidth > 1 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'visible')
      .map(name);
    // Scrolled out of a scrolling box, or under a bar that stays put while the page scrolls
    // beneath it (sticky or fixed): not a layout fault.
    const scrolledAway = (e, x, y) => {
      for (let a = e.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflow === 'visible') continue;
        const r = a.getBoundingClientRect();
        if (x < r.left || x > r.right || y < r.top || y > r.bottom) return true;
      }
      return false;
    };
    const floating = (h) => {
      for (let a = h; a; a = a.parentElement) {
        if (['fixed', 'sticky'].includes(getComputedStyle(a).position)) return true;
      }
      return false;
    };
    const covered = visible
      .filter((e) => e.matches('button, a'))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        if (r.width < 2 || x < 0 || y < 0 || x > innerWidth || y > innerHeight || scrolledAway(e, x, y)) return false;
        const hit = root.elementFromPoint(x, y);
        return hit && !e.contains(hit) && !hit.contains(e) && !floating(hit);
      })
      .map((e) => `covered ${name(e)}`);
    return [...cut, ...covered];
  }, console);
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

test('the console in its pseudo-locale (en-XA): every screen, a request and a chat, no string outside Fluent, nothing clipped', async () => {
  // Run after the tests above, so the queue holds their requests and the inbox their chat.
  const PASSWORD = 'correct horse battery';
  s.env.createAccount('pseudo-admin@example.com', PASSWORD);
  const { context, page, problems } = await newPage(s.browser, { locale: 'en-XA', viewport: { width: 1280, height: 800 } });
  // What the server sends is content (names, e-mail addresses, messages): every string of
  // every JSON answer the console receives.
  const content = ['pseudo-admin@example.com'];
  page.on('response', async (res) => {
    if (!res.url().includes('/api/v1/') || !(res.headers()['content-type'] || '').includes('json')) return;
    const walk = (v) => {
      if (typeof v === 'string' && v.trim().length > 1) content.push(v.trim());
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    try { walk(await res.json()); } catch { /* a body already gone with its page */ }
  });
  const check = async (view) => {
    await page.waitForTimeout(400);
    assert.deepEqual(await unaccented(page, content, true), [], `${view}: texts outside Fluent`);
    assert.deepEqual(await clipped(page, true), [], `${view}: clipped`);
    await page.screenshot({ path: join(SCREENSHOTS, `pseudo-console-${view}.png`), fullPage: true });
  };
  await page.goto(`${s.env.kefu}/console/`);
  await page.locator('#email').waitFor();
  assert.equal(await page.locator('.app').getAttribute('lang'), 'en-XA');
  await check('sign-in');
  await page.locator('#email').fill('pseudo-admin@example.com');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  const nav = page.locator('.sidebar .nav-item:not(.sign-out)');
  await nav.first().waitFor();
  const screens = await nav.count();
  assert.ok(screens >= 10, `${screens} screens`);
  for (let i = 0; i < screens; i++) {
    await nav.nth(i).click();
    await page.locator('main.content h2, main.content h1').first().waitFor();
    await check(`screen-${i}`);
  }
  // A request of the queue, opened; and the chat of the test above, opened.
  await page.locator('.sidebar .nav-item', { hasText: pseudoText('Requests') }).click();
  await page.locator('#faq-site').selectOption('e2e-faq');
  await page.locator('.queue button.link').first().click();
  await page.locator('.ticket .thread').waitFor();
  await check('request');
  await page.locator('.sidebar .nav-item', { hasText: pseudoText('Live chat') }).click();
  await page.locator('.chat-tab').last().click();
  await page.locator('.chat-item').first().click();
  await page.locator('.chat-layout textarea').first().waitFor();
  await check('chat');
  // The question "signed in?" before signing in is answered 401; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), []);
  await context.close();
});
