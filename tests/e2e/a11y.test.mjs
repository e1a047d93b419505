// End-to-end: WCAG 2.2 AA as axe-core checks it (issue 7, R6), in real Chromium with the
// widget's open shadow root included, on each view of the widget, in English and in Arabic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { expectAccessible as expectClean, newPage, useServer, SCREENSHOTS } from './harness.mjs';

const s = useServer();

for (const [locale, colorScheme] of [['en', 'light'], ['ar', 'light'], ['en', 'dark']]) {
  test(`every view of the widget has no WCAG 2.2 AA violation (${locale}, ${colorScheme})`, async () => {
    const { context, page, problems } = await newPage(s.browser, { locale, colorScheme, reducedMotion: 'reduce' });
    await page.goto(s.env.page('faq'));
    await page.locator('.kefu-launcher').waitFor();
    await expectClean(page, 'the launcher');

    await page.locator('.kefu-launcher').click();
    await page.locator('.kefu-channel').first().waitFor();
    const search = page.locator('.kefu-faq input[type="search"]');
    await search.waitFor();
    await expectClean(page, 'the open panel with the FAQ and the channels');
    await page.screenshot({ path: join(SCREENSHOTS, `panel-faq-${locale}-${colorScheme}.png`) });

    await page.locator('.kefu-channel[data-kind="phone"] .kefu-hours summary').click();
    await page.locator('.kefu-channel[data-kind="wechat"] .kefu-qr summary').click();
    await expectClean(page, 'opening hours and a QR code shown');

    await search.fill('refund');
    await page.locator('.kefu-faq-result').first().waitFor();
    await expectClean(page, 'search results');
    await page.locator('.kefu-faq-result').first().click();
    await page.locator('.kefu-faq-body').waitFor();
    await expectClean(page, 'an article');
    await page.keyboard.press('Escape');

    await page.locator('.kefu-fb [data-kefu-action=open]').click();
    await page.locator('#kefu-fb-subject').waitFor();
    await expectClean(page, 'the feedback form');
    // Sent empty: every error shown next to its field.
    await page.locator('.kefu-fb-form [type="submit"]').click();
    await page.locator('.kefu-fb-form [aria-invalid="true"]').first().waitFor();
    await expectClean(page, 'the feedback form with its errors');

    // The check is real: an image without a text alternative inside the shadow root is caught.
    await page.evaluate(() => {
      const img = document.createElement('img');
      img.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACw=';
      document.querySelector('kefu-widget').shadowRoot.querySelector('.kefu-panel').append(img);
    });
    await assert.rejects(expectClean(page, 'probe'), /image-alt/);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test(`the chat's views have no WCAG 2.2 AA violation (${locale}, ${colorScheme})`, async () => {
    const { context, page, problems } = await newPage(s.browser, { locale, colorScheme, reducedMotion: 'reduce' });
    await page.goto(s.env.page('chat'));
    await page.locator('.kefu-launcher').click();
    await page.locator('.kefu-chat-home').waitFor();
    await expectClean(page, 'the chat card');
    await page.goto(s.env.page('chat-closed'));
    await page.locator('.kefu-launcher').click();
    await page.locator('.kefu-chat-home').waitFor();
    await expectClean(page, 'the chat card outside its hours');
    assert.deepEqual(problems, []);
    await context.close();
  });
}

for (const [locale, colorScheme] of [['en', 'light'], ['ar', 'light'], ['en', 'dark']]) {
  test(`every screen of the console has no WCAG 2.2 AA violation (${locale}, ${colorScheme})`, async () => {
    const email = `a11y-${locale}-${colorScheme}@example.com`;
    s.env.createAccount(email, 'correct horse battery staple');
    // The console's strict CSP would refuse the injected checker; the console itself is the same.
    const { context, page, problems } = await newPage(s.browser, { locale, colorScheme, reducedMotion: 'reduce', bypassCSP: true });
    await page.goto(`${s.env.kefu}/console/`);
    await page.locator('#email').waitFor();
    await expectClean(page, 'sign-in', ['html']);
    await page.locator('#email').fill(email);
    await page.locator('#password').fill('correct horse battery staple');
    await page.locator('#password').press('Enter');
    await page.locator('.sidebar .nav-item').first().waitFor();
    const screens = await page.locator('.sidebar .nav-item:not(.sign-out)').count();
    assert.ok(screens >= 8, `${screens} screens`);
    for (let i = 0; i < screens; i++) {
      const item = page.locator('.sidebar .nav-item:not(.sign-out)').nth(i);
      const name = await item.textContent();
      await item.click();
      await page.locator('main.content h2, main.content h1').first().waitFor();
      // Let the screen's data arrive.
      await page.waitForTimeout(400);
      await expectClean(page, `console screen "${name}"`, ['html']);
    }
    await page.screenshot({ path: join(SCREENSHOTS, `console-${locale}-${colorScheme}.png`) });
    // Not-yet-signed-in 401 and nothing else.
    assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), []);
    await context.close();
  });
}
