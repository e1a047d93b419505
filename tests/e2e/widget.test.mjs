// End-to-end: the release widget, served by the real `kefu` binary over HTTPS, embedded with
// one script tag in host pages on another origin, driven in the system Chromium.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { start, launch, newPage, plain, shanghai, SCREENSHOTS } from './harness.mjs';

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

/** Text of the status line of a channel. */
async function statusOf(page, id) {
  const kind = page.locator(`.kefu-channel[data-kind="${id}"] .kefu-status-text`);
  return plain(await kind.textContent());
}

/** Class of the element focused inside the widget (or '' when focus is elsewhere). */
function focusedInWidget(page) {
  return page.evaluate(() => {
    const host = document.querySelector('kefu-widget');
    const el = host && host.shadowRoot.activeElement;
    return el ? el.className || el.tagName : '';
  });
}

test('the launcher opens a panel with every channel, its link, live status and promise', async () => {
  const { context, page, problems } = await newPage(browser);
  // Wednesday 2 December 2026, 10:00 in Shanghai (03:00 for this Berlin visitor).
  await page.clock.install({ time: shanghai(2026, 12, 2, 10) });
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-panel[role="dialog"]').waitFor();
  assert.equal(plain(await page.locator('#kefu-title').textContent()), 'Kefu Demo Store');
  assert.equal(plain(await page.locator('.kefu-greeting').textContent()), 'Hi there! How can we help you today?');

  assert.equal(await statusOf(page, 'phone'), 'Open now · usually replies within 1 minute');
  assert.equal(await statusOf(page, 'chat'), 'Open now · usually replies within 30 seconds');
  assert.equal(await statusOf(page, 'email'), 'Open 24/7 · usually replies within 24 hours');
  // Friday 22:00 in Shanghai is Friday 15:00 in Berlin.
  assert.equal(await statusOf(page, 'telegram'), 'Closed · opens Fri 3:00 PM');

  const href = (kind) => page.locator(`.kefu-channel[data-kind="${kind}"] a`).getAttribute('href');
  assert.equal(await href('phone'), 'tel:+864008208820');
  assert.equal(await href('email'), 'mailto:support@example.com');
  assert.equal(await href('whatsapp'), 'https://wa.me/8613800138000');
  assert.equal(await href('telegram'), 'https://t.me/kefu_demo');
  assert.equal(await page.locator('.kefu-channel[data-kind="line"] a').getAttribute('target'), '_blank');
  assert.equal(await page.locator('.kefu-channel[data-kind="line"] a').getAttribute('rel'), 'noopener noreferrer');

  // Chat is not switched on for this site: its entry shows hours but offers no action yet.
  assert.equal(await page.locator('.kefu-channel[data-kind="chat"] :is(a, button)').count(), 0);
  assert.equal(plain(await page.locator('.kefu-channel[data-kind="chat"] .kefu-channel-value').textContent()), '');

  // Opening hours in the visitor's time zone; the WeChat QR code loads from the server.
  await page.locator('.kefu-channel[data-kind="phone"] .kefu-hours summary').click();
  const today = plain(await page.locator('.kefu-channel[data-kind="phone"] .kefu-hours-row[aria-current]').textContent());
  assert.equal(today, 'Wednesday2:00 AM–11:00 AM');
  const notes = page.locator('.kefu-channel[data-kind="phone"] .kefu-hours-note');
  assert.match(plain(await notes.first().textContent()), /Europe\/Berlin/);
  // The promise is stated even for a channel that is closed right now.
  assert.equal(
    plain(await page.locator('.kefu-channel[data-kind="telegram"] .kefu-promise').textContent()),
    'Usually replies within 1 hour during opening hours.',
  );
  await page.locator('.kefu-channel[data-kind="wechat"] .kefu-qr summary').click();
  const qr = page.locator('.kefu-qr-image');
  assert.equal(plain(await qr.getAttribute('alt')), 'QR code for WeChat');
  await page.waitForFunction(() => {
    const img = document.querySelector('kefu-widget').shadowRoot.querySelector('.kefu-qr-image');
    return img && img.complete && img.naturalWidth > 0;
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a holiday the channels say so and name the next opening', async () => {
  const { context, page } = await newPage(browser);
  // New Year's Day 2027 (a Friday), 10:00 in Shanghai.
  await page.clock.install({ time: shanghai(2027, 1, 1, 10) });
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').click();
  // Saturday 10:00 in Shanghai is Saturday 03:00 in Berlin.
  assert.equal(await statusOf(page, 'phone'), "Closed today (New Year's Day) · opens Sat 3:00 AM");
  assert.equal(await statusOf(page, 'email'), 'Open 24/7 · usually replies within 24 hours');
  await context.close();
});

test('a hostile host page cannot hide, shrink or cover the widget', async () => {
  const { context, page, problems } = await newPage(browser, { reducedMotion: 'reduce' });
  await page.goto(env.page('hostile'));
  const launcher = page.locator('.kefu-launcher');
  await launcher.waitFor();
  const box = await launcher.boundingBox();
  assert.ok(box.width >= 56 && box.height >= 56, `launcher is ${box.width}×${box.height}`);
  assert.ok(box.x + box.width <= 1280 && box.x > 1000 && box.y > 600, 'bottom-right corner');
  // Nothing of the page's lies on top of the launcher: a real click reaches it.
  const top = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.tagName, {
    x: box.x + box.width / 2,
    y: box.y + box.height / 2,
  });
  assert.equal(top, 'KEFU-WIDGET');
  await launcher.click();
  const panel = page.locator('.kefu-panel');
  await panel.waitFor();
  const pbox = await panel.boundingBox();
  assert.ok(pbox.width >= 300 && pbox.height >= 300, `panel is ${pbox.width}×${pbox.height}`);
  const style = await page.locator('.kefu-channel-label').first().evaluate((el) => {
    const s = getComputedStyle(el);
    return { size: parseFloat(s.fontSize), color: s.color, opacity: getComputedStyle(el.getRootNode().host).opacity };
  });
  assert.ok(style.size >= 14, `label font ${style.size}px`);
  assert.notEqual(style.color, 'rgb(255, 0, 0)');
  assert.equal(style.opacity, '1');
  await page.screenshot({ path: join(SCREENSHOTS, 'hostile-page-open.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: Tab reaches the launcher, Enter opens, focus stays inside, Escape closes', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').waitFor();
  await page.locator('#host-button').focus();
  await page.keyboard.press('Tab');
  assert.match(await focusedInWidget(page), /kefu-launcher/);
  await page.keyboard.press('Enter');
  await page.locator('.kefu-panel').waitFor();
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot.activeElement?.classList.contains('kefu-panel'));
  // Far more Tabs than there are controls: focus never leaves the dialog.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(i % 7 === 6 ? 'Shift+Tab' : 'Tab');
    const inside = await page.evaluate(() => {
      const root = document.querySelector('kefu-widget').shadowRoot;
      const el = root.activeElement;
      return !!el && !!el.closest('.kefu-panel');
    });
    assert.ok(inside, `focus left the panel after ${i + 1} presses`);
  }
  await page.keyboard.press('Escape');
  await page.locator('.kefu-panel').waitFor({ state: 'detached' });
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot.activeElement?.classList.contains('kefu-launcher'));
  assert.equal(await page.locator('.kefu-launcher').getAttribute('aria-expanded'), 'false');
  // Space opens as well; the close button closes.
  await page.keyboard.press('Space');
  await page.locator('.kefu-panel').waitFor();
  await page.locator('.kefu-close').click();
  await page.locator('.kefu-panel').waitFor({ state: 'detached' });
  await context.close();
});

test('a browser that prefers Chinese gets the widget in Chinese', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'zh-CN' });
  await page.clock.install({ time: shanghai(2026, 12, 2, 10) });
  await page.goto(env.page('plain'));
  assert.equal(plain(await page.locator('.kefu-launcher-label').textContent()), '客服');
  assert.equal(await page.locator('.kefu-launcher').getAttribute('aria-label'), '联系我们');
  await page.locator('.kefu-launcher').click();
  assert.equal(plain(await page.locator('#kefu-title').textContent()), '客服演示商店');
  assert.equal(await statusOf(page, 'phone'), '服务中 · 通常在 1 分钟内回复');
  assert.equal(plain(await page.locator('.kefu-channel[data-kind="phone"] .kefu-channel-label').textContent()), '客服电话');
  assert.equal(await page.locator('.kefu-root').getAttribute('lang'), 'zh-CN');
  assert.deepEqual(problems, []);
  await context.close();
});

test('data-locale wins over the browser, and Kefu.setLocale switches language in place', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(env.page('chinese'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  assert.equal(plain(await page.locator('.kefu-section-title').textContent()), '联系方式');
  await page.evaluate(() => window.Kefu.setLocale('en'));
  await page.waitForFunction(() =>
    document.querySelector('kefu-widget').shadowRoot.querySelector('.kefu-section-title')?.textContent === 'Ways to reach us');
  // The site's own content follows once the config in English has arrived.
  await page.waitForFunction(() =>
    document.querySelector('kefu-widget').shadowRoot.querySelector('#kefu-title')?.textContent === 'Kefu Demo Store');
  assert.equal(await page.locator('.kefu-panel').count(), 1, 'the panel stayed open');
  await context.close();
});

test('Kefu("open") called before the loader arrived opens the panel, and events reach the page', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(env.page('early'));
  await page.locator('.kefu-panel[role="dialog"]').waitFor();
  await page.waitForFunction(() => window.kefuEvents.includes('ready'));
  assert.deepEqual(await page.evaluate(() => window.kefuEvents), ['open', 'ready']);
  await page.evaluate(() => window.Kefu.close());
  await page.locator('.kefu-panel').waitFor({ state: 'detached' });
  await page.evaluate(() => window.Kefu.toggle());
  await page.locator('.kefu-panel').waitFor();
  assert.deepEqual(await page.evaluate(() => window.kefuEvents), ['open', 'ready', 'close', 'open']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the widget is a polite guest: one element, no styles, cookies or globals of its own', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.addInitScript(() => {
    window.__before = { globals: Object.keys(window) };
  });
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  // The help module (the site takes feedback) has drawn its part too.
  await page.locator('.kefu-fb').waitFor();
  const after = await page.evaluate(() => ({
    globals: Object.keys(window).filter((k) => !window.__before.globals.includes(k) && k !== '__before'),
    headTags: [...document.head.children].map((e) => e.tagName),
    bodyTags: [...document.body.children].map((e) => e.tagName),
    pageSheets: document.styleSheets.length,
    adopted: document.adoptedStyleSheets.length,
    cookie: document.cookie,
    storage: Object.keys(localStorage).filter((k) => !k.startsWith('kefu:')),
    session: Object.keys(sessionStorage).filter((k) => !k.startsWith('kefu:')),
    widgetStyles: document.querySelector('kefu-widget').shadowRoot.adoptedStyleSheets.length,
    inlineStyle: document.querySelector('kefu-widget').shadowRoot.querySelectorAll('style, [style]').length,
  }));
  assert.deepEqual(after.globals, ['Kefu']);
  assert.deepEqual(after.headTags, ['META', 'META', 'TITLE', 'LINK']);
  assert.deepEqual(after.bodyTags, ['H1', 'P', 'BUTTON', 'SCRIPT', 'KEFU-WIDGET']);
  assert.equal(after.pageSheets, 0);
  assert.equal(after.adopted, 0);
  assert.equal(after.cookie, '');
  assert.deepEqual(after.storage, []);
  assert.deepEqual(after.session, []);
  // The widget's base sheet, its theme, and the help module's sheet: all adopted, none inline.
  assert.equal(after.widgetStyles, 3);
  assert.equal(after.inlineStyle, 0);
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('consent first: until the visitor opens the widget, nothing is stored and only its own files and the config are fetched', async () => {
  const { context, page, problems } = await newPage(browser, { locale: 'ja-JP' });
  const kefu = [];
  const elsewhere = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.origin === env.kefu) kefu.push(url.pathname);
    else if (url.origin !== env.host) elsewhere.push(r.url());
  });
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').waitFor();
  // The help module is not needed yet; give it the chance to be fetched wrongly anyway.
  await page.waitForTimeout(500);
  const stored = () => page.evaluate(() => ({
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    cookie: document.cookie,
  }));
  assert.deepEqual(await stored(), { local: [], session: [], cookie: '' });
  assert.deepEqual(await context.cookies(), []);
  assert.deepEqual(elsewhere, []);
  const own = [
    /^\/kefu\.js$/,
    /^\/widget\/kefu-widget-[0-9a-f]+(_bg\.wasm|\.js)$/,
    /^\/widget\/locale-ja-[0-9a-f]+\.ftl$/,
    /^\/api\/v1\/sites\/e2e\/widget-config$/,
  ];
  const other = kefu.filter((p) => !own.some((re) => re.test(p)));
  assert.deepEqual(other, [], 'only the widget’s own files and the site config');
  assert.ok(kefu.some((p) => p.endsWith('/widget-config')));

  // Opened: from now on the widget may remember the visitor (its keys only).
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  const after = await stored();
  assert.ok(after.local.length > 0 && after.local.every((k) => k.startsWith('kefu:')), after.local.join());
  assert.deepEqual(problems, []);
  await context.close();
});

test('the widget loads only after the page has loaded, and only once', async () => {
  const { context, page } = await newPage(browser);
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').waitFor();
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    const files = performance.getEntriesByType('resource').filter((r) => r.name.includes('/widget/'));
    return { loadEnd: nav.loadEventEnd, starts: files.map((f) => f.startTime), names: files.map((f) => f.name) };
  });
  assert.equal(timing.starts.length, 2, timing.names.join(', '));
  for (const t of timing.starts) assert.ok(t >= timing.loadEnd, `widget file requested at ${t} ms, page loaded at ${timing.loadEnd} ms`);
  // Trunk writes the hash in hex without leading zeros.
  assert.ok(timing.names.every((n) => /\/widget\/kefu-widget-[0-9a-f]{8,16}(_bg\.wasm|\.js)$/.test(n)), 'content-hashed names');
  await context.close();
});

test('a site can put the launcher on the left with its own colour and readable text', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(env.page('left'));
  const launcher = page.locator('.kefu-launcher');
  await launcher.waitFor();
  const box = await launcher.boundingBox();
  assert.ok(box.x < 100, `launcher at x=${box.x}`);
  const colours = await launcher.evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.backgroundColor, s.color];
  });
  // Yellow brand colour: the server chose dark text for it.
  assert.deepEqual(colours, ['rgb(255, 212, 0)', 'rgb(17, 17, 17)']);
  await launcher.click();
  const panel = await page.locator('.kefu-panel').boundingBox();
  assert.ok(panel.x < 100, `panel at x=${panel.x}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a wrong site id shows nothing and never throws into the page', async () => {
  const { context, page } = await newPage(browser);
  const thrown = [];
  page.on('pageerror', (e) => thrown.push(e.message));
  const gaveUp = page.waitForEvent('console', (m) => m.text().includes('could not load the site config'));
  await page.goto(env.page('unknown'));
  await gaveUp;
  // Two frames later the widget has rendered whatever it renders for the failure.
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.equal(await page.locator('.kefu-launcher').count(), 0);
  assert.equal(await page.evaluate(() => window.pageStillWorks), true);
  assert.equal(await page.evaluate(() => typeof window.Kefu), 'function');
  await page.evaluate(() => { window.Kefu('no-such-command'); window.Kefu.on('open', 5); window.Kefu.open(); });
  // An explicit open still explains what is wrong, inside the widget.
  assert.match(plain(await page.locator('.kefu-error').textContent()), /could not load the contact options/);
  assert.deepEqual(thrown, []);
  await context.close();
});

test('on a phone the panel fills the screen', async () => {
  const { context, page } = await newPage(browser, {
    viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce',
  });
  await page.goto(env.page('plain'));
  await page.locator('.kefu-launcher').click();
  const box = await page.locator('.kefu-panel').boundingBox();
  assert.deepEqual([box.x, box.y, box.width, box.height].map(Math.round), [0, 0, 375, 667]);
  // The launcher hides under the full-screen panel; the close button is in reach.
  assert.equal(await page.locator('.kefu-launcher').isVisible(), false);
  await page.locator('.kefu-close').click();
  await page.locator('.kefu-panel').waitFor({ state: 'detached' });
  await context.close();
});

test('the demo page runs the widget under its strict Content-Security-Policy', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(`${env.kefu}/demo`);
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots of the open panel for people to look at', async () => {
  for (const locale of ['en', 'zh-CN']) {
    for (const [w, h] of [[1280, 800], [375, 667]]) {
      const { context, page, problems } = await newPage(browser, {
        locale, viewport: { width: w, height: h }, reducedMotion: 'reduce',
      });
      await page.clock.install({ time: shanghai(2026, 12, 2, 10) });
      await page.goto(env.page('plain'));
      await page.locator('.kefu-launcher').click();
      await page.locator('.kefu-channel').first().waitFor();
      await page.locator('.kefu-channel[data-kind="phone"] .kefu-hours summary').click();
      // The header stays in place however the list scrolls.
      assert.equal(await page.locator('.kefu-panel').evaluate((p) => p.scrollTop), 0);
      await page.screenshot({ path: join(SCREENSHOTS, `panel-${locale}-${w}x${h}.png`) });
      assert.deepEqual(problems, []);
      await context.close();
    }
  }
});
