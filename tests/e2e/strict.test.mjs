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
