// End-to-end: the NPS question (R14) against the real `kefu` over HTTPS, in the system
// Chromium. A first-time visitor is not asked and does not even download the help module; a
// returning one sees the card beside the launcher, answers, is thanked, and is not asked again
// in the site's interval; the answer reaches the console's request report.
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
const DAY = 86_400_000;

test('a returning visitor is asked the NPS question once per interval, and the team sees the answer', async () => {
  const { context, page, problems } = await newPage(browser);
  const helpLoads = [];
  page.on('request', (r) => { if (/\/kefu-faq-[^/]*\.wasm/.test(r.url())) helpLoads.push(r.url()); });

  // First visit: nothing asked, and the help module is not downloaded for it.
  await page.goto(env.page('faq'));
  await page.locator('.kefu-launcher').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.kefu-nps-card').count(), 0);
  assert.equal(helpLoads.length, 0);
  // Consent first: visits are counted once the visitor has opened the widget.
  const visitsOf = () => page.evaluate((site) => localStorage.getItem(`kefu:visits:${site}`), SITE);
  assert.equal(await visitsOf(), null);
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-close').click();
  assert.match(await visitsOf(), /^1 \d+$/);

  // A page view a few minutes later is the same visit: still nothing.
  await page.reload();
  await page.locator('.kefu-launcher').waitFor();
  await page.waitForTimeout(300);
  assert.equal(await page.locator('.kefu-nps-card').count(), 0);

  // Back after more than half an hour: a returning visitor, asked once.
  await page.evaluate((site) => localStorage.setItem(`kefu:visits:${site}`, `1 ${Date.now() - 31 * 60_000}`), SITE);
  await page.reload();
  const card = page.locator('.kefu-nps-card');
  await card.waitFor();
  assert.equal(plain(await card.locator('.kefu-nps-q').textContent()), 'How likely are you to recommend us to a friend or colleague?');
  assert.equal(await card.locator('.kefu-nps-score').count(), 11);
  // The card does not take the page's focus.
  assert.equal(await page.evaluate(() => document.activeElement === document.body), true);
  // Beside the launcher, above it, inside the window.
  const [c, l] = [await card.boundingBox(), await page.locator('.kefu-launcher').boundingBox()];
  assert.ok(c.y + c.height <= l.y, 'the card sits above the launcher');
  assert.ok(c.x + c.width <= 1280 && c.x >= 0);
  // The next question is put a whole interval (90 days for this site) ahead at once.
  const next = Number(await page.evaluate((site) => localStorage.getItem(`kefu:nps:${site}`), SITE));
  assert.ok(Math.abs(next - (Date.now() + 90 * DAY)) < 60_000, `next question at ${new Date(next).toISOString()}`);

  await card.getByRole('button', { name: '9', exact: true }).click();
  assert.equal(await card.getByRole('button', { name: '9', exact: true }).getAttribute('aria-pressed'), 'true');
  await card.getByLabel('What is the main reason for your score? (optional)').fill('Fast <b>answers</b>, 回复很快');
  await page.screenshot({ path: join(SCREENSHOTS, 'nps-card.png') });
  await card.getByRole('button', { name: 'Send' }).click();
  await card.getByText('Thank you! Your answer helps us improve.').waitFor();
  // It goes away by itself.
  await card.waitFor({ state: 'detached', timeout: 10_000 });

  // Back again, even much later in the same interval: not asked, help module not loaded.
  helpLoads.length = 0;
  await page.evaluate((site) => localStorage.setItem(`kefu:visits:${site}`, `2 ${Date.now() - 5 * 86_400_000}`), SITE);
  await page.reload();
  await page.locator('.kefu-launcher').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.kefu-nps-card').count(), 0);
  assert.equal(helpLoads.length, 0);
  assert.deepEqual(problems, []);
  await context.close();

  // The team reads the score and the reason, as text, in the request report.
  const PASSWORD = 'correct horse battery';
  env.createAccount('nps@example.com', PASSWORD, 'admin');
  const admin = await newPage(browser);
  await admin.page.goto(`${env.kefu}/console/`);
  await admin.page.getByLabel('E-mail address').fill('nps@example.com');
  await admin.page.getByLabel('Password').fill(PASSWORD);
  await admin.page.getByRole('button', { name: 'Sign in' }).click();
  await admin.page.getByRole('button', { name: 'Request report' }).click();
  await admin.page.getByLabel('Site', { exact: true }).selectOption(SITE);
  const part = admin.page.locator('.nps-report');
  await part.locator('.nps-summary').waitFor();
  assert.equal(plain(await part.locator('.nps-summary').textContent()),
    'NPS 100 from one answer. Promoters (9–10): 1, passives (7–8): 0, detractors (0–6): 0.');
  assert.equal(plain(await part.locator('.nps-comments li').first().textContent()).split(' ').slice(0, 4).join(' '),
    '9 Fast <b>answers</b>, 回复很快');
  await admin.page.screenshot({ path: join(SCREENSHOTS, 'nps-report.png'), fullPage: true });
  // (The console asks for a session before signing in: that 401 is expected.)
  assert.deepEqual(admin.problems.filter((p) => !/status of 401/.test(p)), []);
  await admin.context.close();
});

test('"Not now" puts the question away for the whole interval', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(env.page('faq'));
  await page.evaluate((site) => localStorage.setItem(`kefu:visits:${site}`, `3 ${Date.now() - 86_400_000}`), SITE);
  await page.reload();
  const card = page.locator('.kefu-nps-card');
  await card.waitFor();
  // Opening the panel hides the card; closing it shows it again.
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-panel').waitFor();
  assert.equal(await card.isVisible(), false);
  await page.keyboard.press('Escape');
  await card.waitFor({ state: 'visible' });
  await card.getByRole('button', { name: 'Not now' }).click();
  await card.waitFor({ state: 'detached' });
  await page.reload();
  await page.locator('.kefu-launcher').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await page.locator('.kefu-nps-card').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});
