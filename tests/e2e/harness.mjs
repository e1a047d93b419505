// Test harness: a host page server on its own origin (http://127.0.0.1:PORT) and the real
// `kefu` binary over HTTPS (https://localhost:PORT) with a fresh data directory, plus a
// Chromium launcher with the flags this machine needs.
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { before, after } from 'node:test';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const KEFU = process.env.KEFU_BIN || join(root, 'target/debug/kefu');
const DIST = process.env.KEFU_DIST || join(root, 'dist');
const CONSOLE_DIST = process.env.KEFU_CONSOLE_DIST || join(root, 'dist-console');
export const SCREENSHOTS = process.env.KEFU_SCREENSHOTS || join(root, 'target/screenshots');

/** Serves tests/e2e/pages/NAME.html at /NAME with {{KEFU}} and {{SITE}} filled in. */
function startHost(vars) {
  const server = createServer((req, res) => {
    const name = (req.url || '/').slice(1).split('?')[0].replace(/[^a-z0-9-]/g, '');
    try {
      const fill = (text) => Object.entries(vars()).reduce((t, [k, v]) => t.replaceAll(`{{${k}}}`, v), text);
      const html = fill(readFileSync(join(here, 'pages', `${name}.html`), 'utf8'));
      const headers = { 'content-type': 'text/html; charset=utf-8' };
      // pages/NAME.csp: the page's Content-Security-Policy, one directive a line.
      try {
        headers['content-security-policy'] = fill(readFileSync(join(here, 'pages', `${name}.csp`), 'utf8')).trim().split('\n').join(' ');
      } catch { /* no policy */ }
      res.writeHead(200, headers);
      res.end(html);
    } catch {
      res.writeHead(404);
      res.end('not found');
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** A real SMTP listener for kefu's e-mails: every message's text (quoted-printable and base64
 * bodies decoded) lands in `mails`. Enough of RFC 5321 for lettre's client. */
function startSmtp() {
  const mails = [];
  const decode = (raw) => {
    const [head, ...rest] = raw.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    if (/Content-Transfer-Encoding: base64/i.test(head)) return `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
    if (/quoted-printable/i.test(head)) {
      const bytes = Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return `${head}\n\n${bytes.toString('utf8')}`;
    }
    return raw;
  };
  const server = createTcpServer((socket) => {
    let buffer = '';
    let data = null;
    socket.write('220 e2e ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let at;
      while ((at = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        if (data !== null) {
          if (line === '.') {
            mails.push(decode(Buffer.from(data, 'latin1').toString('latin1')));
            data = null;
            socket.write('250 queued\r\n');
          } else data += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'EHLO') socket.write('250-e2e\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') { data = ''; socket.write('354 go on\r\n'); }
        else if (verb === 'QUIT') { socket.end('221 bye\r\n'); }
        else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, mails })));
}

/** Starts kefu and the host-page server; `site` is the id the host pages embed. */
export async function start() {
  const data = mkdtempSync(join(tmpdir(), 'kefu-e2e-'));
  let kefuBase = '';
  const host = await startHost(() => ({ KEFU: kefuBase, KEFU_HOST: kefuBase.replace('https://', ''), SITE: 'e2e' }));
  const hostOrigin = `http://127.0.0.1:${host.address().port}`;
  const demo = readFileSync(join(root, 'examples/demo-site.toml'), 'utf8')
    .replace(/allowed_origins = \[[^\]]*\]/, `allowed_origins = ["${hostOrigin}"]`);
  // `e2e`: the demo site on the host page's origin; `e2e-left`: the same with the launcher on
  // the left, another brand colour and no Korean label for the phone; both without the FAQ.
  // `e2e-faq`: with the demo FAQ.
  const noFaq = demo.replace('faq = true', 'faq = false');
  const sites = {
    e2e: noFaq.replace('id = "demo"', 'id = "e2e"'),
    'e2e-left': noFaq
      .replace('id = "demo"', 'id = "e2e-left"')
      .replace('position = "right"', 'position = "left"')
      .replace('brand_color = "#0b5cad"', 'brand_color = "#ffd400"')
      .replace(', ko = "전화"', ''),
    'e2e-faq': demo.replace('id = "demo"', 'id = "e2e-faq"'),
  };
  // `e2e-chat`: chat on, always open, with a 3-second promise (R3) so the fallback shows soon;
  // `e2e-chat-closed`: chat on, outside its hours every day.
  const chatHours = /response_secs = 30\nhours = \{[^\n]*\}/;
  const withChat = demo.replace('chat = false', 'chat = true');
  assert.match(withChat, chatHours);
  sites['e2e-chat'] = withChat.replace('id = "demo"', 'id = "e2e-chat"')
    .replace(chatHours, 'response_secs = 3\nhours = "always"');
  sites['e2e-chat-closed'] = withChat.replace('id = "demo"', 'id = "e2e-chat-closed"')
    .replace(chatHours, 'response_secs = 30\nhours = { mon = ["00:00-00:01"] }');
  const cli = (...args) => execFileSync(KEFU, ['--data-dir', data, ...args], {
    env: { ...process.env, KEFU_LOG: 'warn' },
  });
  for (const [id, text] of Object.entries(sites)) {
    writeFileSync(join(data, `${id}.toml`), text);
    cli('site', 'import', join(data, `${id}.toml`));
  }
  cli('faq', 'import', 'e2e-faq', join(root, 'examples/demo-faq'));
  cli('faq', 'import', 'e2e-chat', join(root, 'examples/demo-faq'));
  const smtp = await startSmtp();
  const proc = spawn(KEFU, [
    '--data-dir', data, 'serve', '--addr', '127.0.0.1:0', '--assets-dir', DIST, '--console-dir', CONSOLE_DIST,
    '--smtp-host', '127.0.0.1', '--smtp-port', String(smtp.server.address().port), '--smtp-security', 'none',
    '--smtp-from', 'Kefu <support@example.com>',
    // Every browser of the suite is one client IP, loading many pages a minute; the default
    // (600 requests a minute per IP) made tests fail on 429s once responses came fast. The
    // limits themselves are tested natively (tests/throttle.rs, widget_config.rs, chat.rs).
    '--rate-limit-per-minute', '60000',
  ], {
    env: { ...process.env, KEFU_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  kefuBase = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (https:\/\/localhost:\d+)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`kefu exited with ${code}`)));
  });
  return {
    kefu: kefuBase,
    data,
    /** `kefu admin create` with a password on stdin (the server keeps running). */
    createAccount(email, password, role = 'admin') {
      execFileSync(KEFU, ['--data-dir', data, 'admin', 'create', '--email', email, '--role', role, '--password-stdin'], {
        input: `${password}\n`,
        env: { ...process.env, KEFU_LOG: 'error' },
      });
    },
    /** `kefu admin create` without a password: returns the printed one-time password. */
    createAccountOneTime(email, role = 'admin') {
      const out = execFileSync(KEFU, ['--data-dir', data, 'admin', 'create', '--email', email, '--role', role], {
        env: { ...process.env, KEFU_LOG: 'error' },
        stdio: ['ignore', 'pipe', 'pipe'],
      }).toString();
      return out.match(/one-time password[^:]*: (\S+)/)[1];
    },
    /** Runs the `kefu` command line on the server's data directory. */
    cli,
    /** The e-mails kefu sent, decoded, oldest first. */
    mails: smtp.mails,
    host: hostOrigin,
    page: (name) => `${hostOrigin}/${name}`,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      await new Promise((r) => host.close(r));
      smtp.server.close();
      rmSync(data, { recursive: true, force: true });
    },
  };
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** A page that records console errors and uncaught exceptions. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({
    ignoreHTTPSErrors: true,
    viewport: { width: 1280, height: 800 },
    locale: 'en-US',
    timezoneId: 'Europe/Berlin',
    ...options,
  });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

/** Strips Fluent's bidi isolation marks so text can be compared. */
export const plain = (s) => (s || '').replace(/[\u2068\u2069]/g, '').replace(/\s+/g, ' ').trim();

/** UTC milliseconds of a wall-clock time in Shanghai (UTC+8, no DST). */
export const shanghai = (y, mo, d, h, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

/**
 * Starts kefu and Chromium before a test file's tests and stops them after: `const s =
 * useServer();` then `s.env` and `s.browser` inside the tests.
 */
export function useServer() {
  const s = { env: null, browser: null };
  before(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    s.env = await start();
    s.browser = await launch();
  });
  after(async () => {
    await s.browser?.close();
    await s.env?.stop();
  });
  return s;
}

const AXE = readFileSync(join(here, 'node_modules/axe-core/axe.min.js'), 'utf8');

/**
 * Fails with a readable list when axe-core finds a WCAG 2.2 AA violation (rules tagged wcag2a,
 * wcag2aa, wcag21aa, wcag22aa) in `include` (CSS selectors; open shadow roots are searched).
 */
export async function expectAccessible(page, view, include = ['kefu-widget']) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async (context) => {
    const result = await window.axe.run(
      { include: context.map((c) => [c]) },
      { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] },
    );
    return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.failureSummary}`));
  }, include);
  assert.deepEqual(found, [], `${view}:\n${found.join('\n')}`);
}
