// End-to-end: the agents' console served by the real `kefu` over HTTPS. An admin signs in
// with password and a TOTP code computed here, changes the site's greeting and brand colour,
// and the widget on a host page shows the change after a reload; an agent sees no Settings.
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

  await page.getByLabel('Site').selectOption('e2e');
  await page.locator('form[data-site="e2e"]').waitFor();
  await page.waitForFunction(() => document.querySelector('#greeting')?.value === 'Hi there! How can we help you today?');
  await page.getByLabel('Greeting (en)').fill('Welcome to the e2e store!');
  await page.getByLabel('Brand colour').fill('#aa3300');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved. Visitors see the change on their next page view.').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'console-settings.png') });
  // The console asks "who am I?" on load; before sign-in the answer is a 401, which Chromium
  // logs as a failed resource. Nothing else may appear.
  assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);

  // A visitor's next page view shows the change.
  const visitor = await newPage(browser);
  await visitor.page.goto(env.page('plain'));
  const launcher = visitor.page.locator('.kefu-launcher');
  await launcher.click();
  assert.equal(plain(await visitor.page.locator('.kefu-greeting').textContent()), 'Welcome to the e2e store!');
  assert.equal(await launcher.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(170, 51, 0)');
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
