// End-to-end: the agents' console served by the real `kefu` over HTTPS. An admin signs in
// with password and a TOTP code computed here, changes the site's greeting, brand colour and a
// channel's hours with a live preview and field-level errors, and the widget on a host page
// shows the change after a reload; an agent sees no Settings; sessions, password, invitations
// and two-step enrolment.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { start, launch, newPage, plain, SCREENSHOTS } from './harness.mjs';

const PASSWORD = 'correct horse battery';
let env;
let browser;

before(async () => {
  env = await start();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await env?.stop();
});

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of s.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const bytes = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes);
}

/** RFC 6238 code of `step` (30 s steps, SHA-1, 6 digits). */
function totp(secret, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The current step, after waiting if fewer than 10 s of it remain (codes must not straddle). */
async function earlyStep() {
  const into = (Date.now() / 1000) % 30;
  if (into > 20) await new Promise((r) => setTimeout(r, (30 - into) * 1000 + 50));
  return Math.floor(Date.now() / 1000 / 30);
}

test('an admin with two-step verification changes the site, and the widget shows it', async () => {
  env.createAccount('admin@example.com', PASSWORD);
  const { context, page, problems } = await newPage(browser);
  const api = context.request;
  const headers = { Origin: env.kefu };

  // Turn two-step verification on through the API (the console's enrolment screen is next).
  let res = await api.post(`${env.kefu}/api/v1/auth/login`, { headers, data: { email: 'admin@example.com', password: PASSWORD } });
  assert.equal(res.status(), 200);
  const { secret } = await (await api.post(`${env.kefu}/api/v1/auth/two-step/setup`, { headers })).json();
  const step = await earlyStep();
  res = await api.post(`${env.kefu}/api/v1/auth/two-step/confirm`, { headers, data: { code: totp(secret, step) } });
  assert.equal(res.status(), 200);
  await context.clearCookies();

  // Sign in through the console: password, then the next step's code (a code works once).
  await page.goto(`${env.kefu}/console/`);
  await page.getByLabel('E-mail address').fill('admin@example.com');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-login.png') });
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Code').fill(totp(secret, step + 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Site settings' }).waitFor();

  await page.getByLabel('Site', { exact: true }).selectOption('e2e');
  await page.locator('form[data-site="e2e"]').waitFor();
  await page.waitForFunction(() => document.querySelector('#greeting-en')?.value === 'Hi there! How can we help you today?');
  const preview = page.frameLocator('iframe.preview-frame');
  await preview.locator('.kefu-greeting').waitFor();
  await page.locator('#greeting-en').fill('Welcome to the e2e store!');
  // The live preview shows the unsaved greeting.
  await preview.locator('.kefu-greeting', { hasText: 'Welcome to the e2e store!' }).waitFor();
  // In another language, content and the widget's own words change together.
  await page.getByLabel('Preview language').selectOption('zh-CN');
  await preview.locator('.kefu-greeting', { hasText: '您好！请问有什么可以帮您？' }).waitFor();
  await preview.locator('.kefu-close[aria-label="关闭"]').waitFor();

  // A colour that stands out poorly gets a warning; the chosen one does not.
  await page.getByLabel('Brand colour').fill('#ffd400');
  await page.locator('#brand-warning', { hasText: 'against a white page' }).waitFor();
  await page.getByLabel('Brand colour').fill('#aa3300');
  await page.waitForFunction(() => document.querySelector('#brand-warning').textContent === '');

  // A mistake is shown next to its field, before and at saving, and nothing is saved.
  const phone = page.locator('li.channel[data-channel="phone"]');
  await phone.getByLabel('What visitors see').fill('');
  await phone.locator('#ch1-value-err', { hasText: 'Say what visitors should see' }).waitFor();
  assert.equal(await phone.getByLabel('What visitors see').getAttribute('aria-invalid'), 'true');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Not saved: a field needs fixing').waitFor();
  await phone.getByLabel('What visitors see').fill('+86 400 820 8820');
  await page.waitForFunction(() => !document.querySelector('#ch1-value-err')?.textContent);

  // The phone channel gets hours of its own: 07:00-23:00 every day.
  await phone.getByLabel('Hours', { exact: true }).selectOption('own');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
    const input = phone.getByLabel(day);
    await input.fill('07:00-23:00');
    await input.blur();
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'console-settings.png'), fullPage: true });
  await page.locator('.preview').screenshot({ path: join(SCREENSHOTS, 'console-preview.png') });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. Visitors see the change on their next page view.').waitFor();

  // The security log shows the change.
  await page.getByRole('button', { name: 'Security log' }).click();
  await page.getByLabel('Show').selectOption('settings_changed');
  await page.waitForFunction(() => document.querySelectorAll('table.audit tbody tr').length > 0
    && [...document.querySelectorAll('table.audit tbody tr')].every((r) => r.dataset.event === 'settings_changed'));
  await page.locator('tr[data-event="settings_changed"]', { hasText: 'admin@example.com' }).filter({ hasText: 'e2e' }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'console-security-log.png') });
  // The console asks "who am I?" on load; before sign-in the answer is a 401, and the checks of
  // the mistake above are 422s: Chromium logs both as failed resources. Nothing else may appear.
  assert.deepEqual(problems.filter((p) => !/status of (401|422)/.test(p)), []);

  // A visitor's next page view shows the change (in the site's zone, to read the hours).
  const visitor = await newPage(browser, { timezoneId: 'Asia/Shanghai' });
  await visitor.page.goto(env.page('plain'));
  const launcher = visitor.page.locator('.kefu-launcher');
  await launcher.click();
  assert.equal(plain(await visitor.page.locator('.kefu-greeting').textContent()), 'Welcome to the e2e store!');
  assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(170, 51, 0)');
  const channel = visitor.page.locator('.kefu-channel[data-kind="phone"]');
  await channel.locator('.kefu-hours summary').click();
  const rows = await channel.locator('.kefu-hours-ranges').allTextContents();
  assert.equal(rows.length, 7);
  for (const r of rows) assert.match(plain(r), /^7:00\sAM.11:00\sPM$/);
  await visitor.context.close();
  await context.close();
});

test('an agent sees no settings, and signing a device out ends its session', async () => {
  env.createAccount('agent@example.com', PASSWORD, 'agent');
  const first = await newPage(browser);
  const second = await newPage(browser);
  for (const { page } of [first, second]) {
    await page.goto(`${env.kefu}/console/`);
    await page.getByLabel('E-mail address').fill('agent@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
  }
  assert.equal(await first.page.getByRole('button', { name: 'Settings' }).count(), 0);

  // The first browser signs the other one out.
  await first.page.reload();
  await first.page.getByRole('heading', { name: 'Signed-in devices' }).waitFor();
  await first.page.locator('.session[data-current="false"] .revoke').first().waitFor();
  await first.page.getByRole('button', { name: 'Sign out all other devices' }).click();
  await first.page.waitForFunction(() => document.querySelectorAll('.session').length === 1);
  await first.page.screenshot({ path: join(SCREENSHOTS, 'console-account.png') });
  await second.page.reload();
  await second.page.getByRole('heading', { name: 'Sign in to Kefu' }).waitFor();

  // A new password, then signing in with it.
  await first.page.getByLabel('Current password').fill(PASSWORD);
  await first.page.getByLabel('New password').fill('a brand new passphrase');
  await first.page.getByRole('button', { name: 'Change password' }).click();
  await first.page.getByText('Password changed.').waitFor();
  await first.page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await first.page.getByLabel('E-mail address').fill('agent@example.com');
  await first.page.getByLabel('Password').fill('a brand new passphrase');
  await first.page.getByRole('button', { name: 'Sign in' }).click();
  await first.page.getByRole('heading', { name: 'Your account' }).waitFor();
  // Only the expected 401 of "who am I?" before signing in.
  assert.deepEqual(first.problems.filter((p) => !/status of 401/.test(p)), []);
  await first.context.close();
  await second.context.close();
});

test('an admin invites an agent, who opens the link, chooses a password and is signed in', async () => {
  env.createAccount('boss@example.com', PASSWORD);
  const admin = await newPage(browser);
  await admin.page.goto(`${env.kefu}/console/`);
  await admin.page.getByLabel('E-mail address').fill('boss@example.com');
  await admin.page.getByLabel('Password').fill(PASSWORD);
  await admin.page.getByRole('button', { name: 'Sign in' }).click();
  await admin.page.getByRole('heading', { name: 'Site settings' }).waitFor();
  await admin.page.getByLabel('Their e-mail address').fill('invited@example.com');
  await admin.page.getByRole('button', { name: 'Create invitation link' }).click();
  const link = await admin.page.locator('input.invite-link').inputValue();
  assert.match(link, new RegExp(`^${env.kefu}/console/#invite=[0-9a-f]{64}$`));

  const guest = await newPage(browser);
  await guest.page.goto(link);
  await guest.page.getByRole('heading', { name: 'Accept your invitation' }).waitFor();
  await guest.page.getByLabel('New password').fill('short');
  await guest.page.getByRole('button', { name: 'Create my account' }).click();
  await guest.page.getByRole('alert').filter({ hasText: 'at least 8 characters' }).waitFor();
  await guest.page.getByLabel('New password').fill(PASSWORD);
  await guest.page.getByRole('button', { name: 'Create my account' }).click();
  await guest.page.getByRole('heading', { name: 'Your account' }).waitFor();
  assert.equal(new URL(guest.page.url()).hash, '', 'the token leaves the address bar');
  assert.equal(await guest.page.getByRole('button', { name: 'Settings' }).count(), 0, 'an agent');

  // The link worked once.
  const again = await newPage(browser);
  await again.page.goto(link);
  await again.page.getByLabel('New password').fill(PASSWORD);
  await again.page.getByRole('button', { name: 'Create my account' }).click();
  await again.page.getByRole('alert').filter({ hasText: 'cannot be used any more' }).waitFor();
  for (const p of [admin, guest, again]) await p.context.close();
});

test('an agent turns on two-step verification from the account page and then needs a code', async () => {
  env.createAccount('careful@example.com', PASSWORD, 'agent');
  const { context, page } = await newPage(browser);
  const signIn = async () => {
    await page.getByLabel('E-mail address').fill('careful@example.com');
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };
  await page.goto(`${env.kefu}/console/`);
  await signIn();
  await page.getByRole('button', { name: 'Set up two-step verification' }).click();
  await page.waitForFunction(() => document.querySelector('.two-step img.qr')?.naturalWidth > 0);
  const text = plain(await page.locator('.two-step p').first().textContent());
  const secret = text.match(/key ([A-Z2-7]+),/)[1];
  assert.ok(secret.length >= 32, '160-bit secret');
  const step = await earlyStep();
  await page.getByLabel('Code from the app').fill(totp(secret, step));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('.recovery-codes li').nth(9).waitFor();
  assert.equal(await page.locator('.recovery-codes li').count(), 10);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-two-step.png') });

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signIn();
  await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
  await page.getByLabel('Code').fill(totp(secret, step + 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.getByRole('heading', { name: 'Your account' }).waitFor();
  await context.close();
});

test('at tablet width and by keyboard alone, a one-time password is replaced and the settings open', async () => {
  const oneTime = env.createAccountOneTime('tablet@example.com');
  const { context, page, problems } = await newPage(browser, { viewport: { width: 768, height: 1024 }, hasTouch: true });
  await page.goto(`${env.kefu}/console/`);
  await page.getByRole('heading', { name: 'Sign in to Kefu' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
  await page.keyboard.type('tablet@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type(oneTime);
  await page.keyboard.press('Enter');
  await page.getByText('You signed in with a one-time password.').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'current-password');
  await page.keyboard.type(oneTime);
  await page.keyboard.press('Tab');
  await page.keyboard.type('my own tablet passphrase');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Site settings' }).waitFor();
  await page.locator('form.settings').waitFor();

  // Focus is visible, and nothing is wider than the tablet's screen. The navigation is drawn
  // again once the account's sites have arrived, so wait for the preview (the last to load),
  // then Tab from the top of the page (focusing the body moves the starting point there).
  await page.frameLocator('iframe.preview-frame').locator('.kefu-greeting').waitFor();
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  await page.keyboard.press('Tab');
  const focused = await page.evaluate(() => ({
    text: document.activeElement.textContent,
    outline: getComputedStyle(document.activeElement).outlineStyle,
  }));
  assert.equal(focused.text, 'Live chat', 'the navigation comes first (this account works on sites with chat)');
  assert.notEqual(focused.outline, 'none', 'a visible focus ring');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no sideways scrolling');
  await page.screenshot({ path: join(SCREENSHOTS, 'console-tablet.png') });
  assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
  await context.close();
});
