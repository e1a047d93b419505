// End-to-end: the widget on strict host pages (issue 7): a Content-Security-Policy as strict as
// README's line with Trusted Types enforced, and no securitypolicyviolation event at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { newPage, useServer, SCREENSHOTS } from './harness.mjs';

const s = useServer();

/** A page that records every CSP violation (the widget's shadow root included). */
async function strictPage(options = {}) {
  const p = await newPage(s.browser, options);
  await p.page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
    }, true);
  });
  return p;
}

test('under a strict CSP with Trusted Types every part of the widget works without one violation', async () => {
  const { context, page, problems } = await strictPage();
  await page.goto(s.env.page('strict'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  // The FAQ: search, then an article (its HTML rebuilt from an allow-list).
  await page.locator('.kefu-panel input[type="search"]').fill('refund');
  await page.locator('.kefu-faq-result').first().click();
  await page.locator('.kefu-faq-body').waitFor();
  assert.ok((await page.locator('.kefu-faq-body').textContent()).length > 20);
  // Through the `kefu` Trusted Types policy the answer keeps its structure (not plain text).
  assert.ok(await page.locator('.kefu-faq-body :is(p, ul, ol, table)').count() > 0);
  await page.keyboard.press('Escape');
  // The chat card, a QR code (an image from the Kefu server), then the feedback form.
  await page.locator('.kefu-chat-home').waitFor();
  await page.locator('.kefu-channel[data-kind="wechat"] .kefu-qr summary').click();
  await page.waitForFunction(() => {
    const img = document.querySelector('kefu-widget').shadowRoot.querySelector('.kefu-qr-image');
    return img && img.complete && img.naturalWidth > 0;
  });
  await page.screenshot({ path: join(SCREENSHOTS, 'strict-csp.png') });
  await page.locator('.kefu-fb [data-kefu-action=open]').click();
  await page.locator('#kefu-fb-subject').waitFor();
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('in an app’s WebView: the hosted page opens the widget at once, tells the app of events, and keeps the input above the keyboard', async () => {
  const { context, page, problems } = await strictPage({
    viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, reducedMotion: 'reduce',
  });
  // What an iOS app (WKWebView) and an Android app (addJavascriptInterface) put in the page.
  await page.addInitScript(() => {
    window.__ios = [];
    window.__android = [];
    window.webkit = { messageHandlers: { kefu: { postMessage: (m) => window.__ios.push(m) } } };
    window.KefuAndroid = { postMessage: (s) => window.__android.push(JSON.parse(s)) };
  });
  const res = await page.goto(`${s.env.kefu}/w/e2e-chat`);
  assert.match(res.headers()['content-security-policy'], /require-trusted-types-for 'script'/);
  const panel = page.locator('.kefu-panel');
  await panel.waitFor();
  await page.locator('.kefu-chat-home').waitFor();
  assert.deepEqual((await panel.boundingBox()).height, 844, 'the whole screen');
  await page.waitForFunction(() => window.__ios.some((m) => m.event === 'ready'));
  const events = await page.evaluate(() => [window.__ios.map((m) => m.event), window.__android.map((m) => m.event)]);
  assert.deepEqual(events[0], events[1], 'both bridges hear the same');
  assert.ok(events[0].includes('open') && events[0].includes('ready'), events[0].join());

  // The feedback form's last field, with the keyboard up (the visible viewport shrinks): the
  // panel shrinks with it and the field stays in view.
  await page.locator('.kefu-fb [data-kefu-action=open]').tap();
  const field = page.locator('#kefu-fb-description');
  await field.tap();
  await page.setViewportSize({ width: 390, height: 500 });
  await page.waitForFunction(() => document.documentElement.style.getPropertyValue('--kefu-vvh') === '500px');
  await field.scrollIntoViewIfNeeded();
  const [p, f] = [await panel.boundingBox(), await field.boundingBox()];
  assert.equal(Math.round(p.height), 500);
  assert.ok(f.y >= 0 && f.y + f.height <= 500, `the field (${f.y}–${f.y + f.height}) is above the keyboard`);
  await page.screenshot({ path: join(SCREENSHOTS, 'webview-keyboard.png') });

  // A closed panel tells the app, which can dismiss its WebView.
  await page.locator('.kefu-close').tap();
  await page.waitForFunction(() => window.__ios.some((m) => m.event === 'close'));
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the hosted page exists only for a real site', async () => {
  const { context, page } = await newPage(s.browser);
  assert.equal((await page.goto(`${s.env.kefu}/w/no-such-site`)).status(), 404);
  assert.equal((await page.goto(`${s.env.kefu}/w/%22%3E%3Cscript%3E`)).status(), 404);
  await context.close();
});

test('without WebAssembly allowed, the launcher becomes a link to the help page and the console says why', async () => {
  const { context, page, problems } = await strictPage({ locale: 'ja-JP' });
  const warnings = [];
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.goto(s.env.page('nowasm'));
  const link = page.locator('a.kefu-fallback');
  await link.waitFor();
  assert.equal(await link.textContent(), 'お問い合わせ');
  assert.equal(await link.getAttribute('href'), `${s.env.kefu}/w/e2e`);
  assert.equal(await link.getAttribute('target'), '_blank');
  assert.ok(warnings.some((w) => w.startsWith('[kefu]') && w.includes("'wasm-unsafe-eval'")), warnings.join('\n'));
  // The only violation is the refused WebAssembly itself; nothing threw into the page.
  const violations = await page.evaluate(() => window.__violations);
  assert.ok(violations.length > 0 && violations.every((v) => v.startsWith('script-src')), violations.join('\n'));
  assert.deepEqual(problems.filter((p) => !p.includes('WebAssembly')), []);
  await context.close();
});
