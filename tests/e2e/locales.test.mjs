// End-to-end: the widget in every language it speaks (issue 7, R5): texts fetched from the
// server for the visitor's language, plurals, right-to-left under Arabic, and switching the
// language at run time without losing what the visitor was doing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { newPage, plain, shanghai, useServer, SCREENSHOTS } from './harness.mjs';

const s = useServer();

const shadow = (page, selector) => page.evaluate(
  (s) => document.querySelector('kefu-widget').shadowRoot.querySelector(s)?.textContent ?? null,
  selector,
);

/** The locale files the page fetched. */
function localeRequests(page) {
  const seen = [];
  page.on('request', (r) => { if (/\/widget\/locale-/.test(r.url())) seen.push(new URL(r.url()).pathname); });
  return seen;
}

// What each language says for a few texts a visitor sees first (from locales/<lang>/*.ftl).
const EXPECTED = {
  'zh-TW': { launcher: '聯絡我們', section: '聯絡方式', phone: '服務中 · 通常在 1 分鐘內回覆' },
  ja: { launcher: 'お問い合わせ', section: 'お問い合わせ方法', phone: '受付中 · 通常 1 分以内に返信' },
  ko: { launcher: '문의하기', section: '문의 방법', phone: '상담 가능 · 보통 1분 이내 답변' },
  es: { launcher: 'Contáctenos', section: 'Cómo contactarnos', phone: 'Abierto ahora · suele responder en 1 minuto' },
  fr: { launcher: 'Nous contacter', section: 'Pour nous joindre', phone: 'Ouvert · répond en général sous 1 minute' },
  ar: { launcher: 'تواصل معنا', section: 'طرق التواصل معنا', phone: 'متاح الآن · يرد عادةً خلال دقيقة واحدة' },
};

test('a visitor whose browser speaks another language gets the whole widget in it, from one cached file', async () => {
  for (const [locale, want] of Object.entries(EXPECTED)) {
    const { context, page, problems } = await newPage(s.browser, { locale });
    const fetched = localeRequests(page);
    await page.clock.install({ time: shanghai(2026, 12, 2, 10) });
    await page.goto(s.env.page('plain'));
    const launcher = page.locator('.kefu-launcher');
    await launcher.waitFor();
    // The launcher appears in the visitor's language straight away, never in English first.
    assert.equal(await launcher.getAttribute('aria-label'), want.launcher, locale);
    await launcher.click();
    await page.locator('.kefu-channel').first().waitFor();
    assert.equal(plain(await shadow(page, '.kefu-section-title')), want.section, locale);
    assert.equal(plain(await shadow(page, '.kefu-channel[data-kind="phone"] .kefu-status-text')), want.phone, locale);
    assert.equal(await page.locator('.kefu-root').getAttribute('lang'), locale);
    assert.equal(fetched.length, 1, `${locale}: ${fetched}`);
    assert.match(fetched[0], new RegExp(`^/widget/locale-${locale}-[0-9a-f]{12}\\.ftl$`));
    assert.deepEqual(problems, [], locale);
    await context.close();
  }
  // English is built in: nothing more is fetched.
  const { context, page } = await newPage(s.browser, { locale: 'en-GB' });
  const fetched = localeRequests(page);
  await page.goto(s.env.page('plain'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  assert.deepEqual(fetched, []);
  await context.close();
});

test('Hong Kong Chinese reads Traditional characters', async () => {
  const { context, page } = await newPage(s.browser, { locale: 'zh-HK' });
  await page.goto(s.env.page('plain'));
  assert.equal(await page.locator('.kefu-launcher').getAttribute('aria-label'), '聯絡我們');
  await context.close();
});

test('in Arabic the widget reads right to left, with Arabic plural forms', async () => {
  const { context, page, problems } = await newPage(s.browser, { locale: 'ar', reducedMotion: 'reduce' });
  await page.clock.install({ time: shanghai(2026, 12, 2, 10) });
  await page.goto(s.env.page('plain'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-channel').first().waitFor();
  assert.equal(await page.locator('.kefu-root').getAttribute('dir'), 'rtl');
  // 24 takes Arabic's "many" plural form (1 minute above took "one").
  assert.equal(
    plain(await shadow(page, '.kefu-channel[data-kind="email"] .kefu-status-text')),
    'متاح على مدار الساعة · يرد عادةً خلال 24 ساعة',
  );
  // Mirrored: the close button sits at the header's left, the title to its right; each
  // channel's icon is at the right of its text.
  const close = await page.locator('.kefu-close').boundingBox();
  const title = await page.locator('#kefu-title').boundingBox();
  assert.ok(close.x + close.width <= title.x, `close ${close.x} is left of the title ${title.x}`);
  const row = page.locator('.kefu-channel[data-kind="phone"]');
  const icon = await row.locator('.kefu-channel-action > .kefu-icon').boundingBox();
  const text = await row.locator('.kefu-channel-text').boundingBox();
  assert.ok(icon.x >= text.x + text.width, `icon ${icon.x} is right of the text ending ${text.x + text.width}`);
  // A phone number inside Arabic text still reads left to right.
  assert.equal(await row.locator('.kefu-channel-value').getAttribute('dir'), 'ltr');
  const number = await row.locator('.kefu-channel-value').evaluate((el) => {
    const text = el.firstChild;
    const left = (i) => {
      const r = document.createRange();
      r.setStart(text, i);
      r.setEnd(text, i + 1);
      return r.getBoundingClientRect().left;
    };
    return { text: text.data, plusFirst: left(0) < left(text.length - 1) };
  });
  assert.deepEqual(number, { text: '+86 400 820 8820', plusFirst: true });
  // Site content in English keeps its punctuation where English puts it, lined up at the right.
  assert.equal(await page.locator('.kefu-greeting').getAttribute('dir'), 'auto');
  const greeting = await page.locator('.kefu-greeting').evaluate((el) => {
    const text = el.firstChild;
    const box = (from, to) => {
      const r = document.createRange();
      r.setStart(text, from);
      r.setEnd(text, to);
      return r.getBoundingClientRect();
    };
    const all = box(0, text.length);
    return {
      gapRight: el.getBoundingClientRect().right - all.right,
      questionMarkLast: box(text.length - 1, text.length).left > box(0, 1).left,
    };
  });
  assert.ok(greeting.gapRight < 2, `the greeting lines up at the right (gap ${greeting.gapRight})`);
  assert.ok(greeting.questionMarkLast, 'the question mark ends the English sentence');
  await page.screenshot({ path: join(SCREENSHOTS, 'panel-ar-1280x800.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('Kefu.setLocale switches every text at once and keeps the open panel and a half-typed search', async () => {
  const { context, page, problems } = await newPage(s.browser, { locale: 'ja-JP' });
  await page.goto(s.env.page('faq'));
  await page.locator('.kefu-launcher').click();
  const search = page.locator('.kefu-faq input[type="search"]');
  await search.waitFor();
  // The help module's texts come in the visitor's language too.
  assert.equal(await search.getAttribute('placeholder'), '知りたいことを入力…');
  await search.fill('退款');
  await page.evaluate(() => window.Kefu.setLocale('ar'));
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot
    .querySelector('.kefu-section-title')?.textContent === 'طرق التواصل معنا');
  assert.equal(await page.locator('.kefu-root').getAttribute('dir'), 'rtl');
  assert.equal(await page.locator('.kefu-close').getAttribute('aria-label'), 'إغلاق');
  assert.equal(await page.locator('.kefu-panel').count(), 1, 'the panel stayed open');
  assert.equal(await search.inputValue(), '退款', 'the search kept what was typed');
  await page.evaluate(() => window.Kefu.setLocale('en'));
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot
    .querySelector('.kefu-root')?.getAttribute('dir') === 'ltr');
  assert.equal(await page.locator('.kefu-close').getAttribute('aria-label'), 'Close');
  assert.deepEqual(problems, []);
  await context.close();
});

test('Kefu.setLocale relabels a half-typed feedback form in place, the help module’s texts included', async () => {
  const { context, page, problems } = await newPage(s.browser, { locale: 'ja-JP' });
  await page.goto(s.env.page('faq'));
  await page.locator('.kefu-launcher').click();
  await page.locator('.kefu-fb-home button[data-kefu-action="open"]').click();
  const subject = page.locator('#kefu-fb-subject');
  await subject.fill('配送について');
  await page.locator('#kefu-fb-description').fill('荷物がまだ届いていません。');
  await page.locator('#kefu-fb-urgency').selectOption('high');
  assert.equal(plain(await shadow(page, 'label[for="kefu-fb-subject"]')), '件名');
  await page.evaluate(() => window.Kefu.setLocale('ar'));
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot
    .querySelector('.kefu-root')?.getAttribute('dir') === 'rtl');
  // Every text of the open form is Arabic now; what was typed stayed.
  await page.waitForFunction(() => document.querySelector('kefu-widget').shadowRoot
    .querySelector('label[for="kefu-fb-subject"]')?.textContent === 'العنوان');
  assert.equal(plain(await shadow(page, '.kefu-fb-form-title')), 'أرسل ملاحظاتك');
  assert.equal(plain(await shadow(page, '.kefu-fb-submit')), 'إرسال');
  const urgency = await page.locator('#kefu-fb-urgency option:checked').textContent();
  assert.ok(/[\u0600-\u06ff]/.test(urgency), `urgency reads Arabic: ${urgency}`);
  assert.equal(await subject.inputValue(), '配送について');
  assert.equal(await page.locator('#kefu-fb-description').inputValue(), '荷物がまだ届いていません。');
  assert.equal(await page.locator('#kefu-fb-urgency').inputValue(), 'high');
  assert.equal(await page.locator('.kefu-fb-view').isVisible(), true, 'the form stayed open');
  // No Japanese is left in the feedback module's own texts, labels or placeholders (kana).
  // The site writes no Arabic, so its content (greeting, channels, its own categories, FAQ
  // suggestions) rightly stays in Japanese, the nearest language it has.
  const leftover = await page.evaluate(() => {
    const root = document.querySelector('kefu-widget').shadowRoot.querySelector('.kefu-fb');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const out = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement.closest('option:not([data-kefu-t]), .kefu-faq-suggest-list')) continue;
      if (/[\u3040-\u30ff]/.test(n.data)) out.push(n.data);
    }
    for (const el of root.querySelectorAll('[aria-label],[placeholder]')) {
      for (const a of ['aria-label', 'placeholder']) if (/[\u3040-\u30ff]/.test(el.getAttribute(a) || '')) out.push(el.getAttribute(a));
    }
    return out;
  });
  assert.deepEqual(leftover, []);
  await page.screenshot({ path: join(SCREENSHOTS, 'setlocale-form-ar.png') });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the console speaks the agent’s language and reads right to left in Arabic', async () => {
  for (const [locale, title, button, dir] of [
    ['ja-JP', 'Kefu にログイン', 'ログイン', 'ltr'],
    ['zh-TW', '登入 Kefu', '登入', 'ltr'],
    ['ar', 'تسجيل الدخول إلى Kefu', 'تسجيل الدخول', 'rtl'],
  ]) {
    const { context, page, problems } = await newPage(s.browser, { locale });
    await page.goto(`${s.env.kefu}/console/`);
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('button', { name: button }).waitFor();
    assert.equal(await page.locator('.app').getAttribute('dir'), dir, locale);
    if (dir === 'rtl') {
      // The form's labels line up on the right.
      const label = await page.getByText('البريد الإلكتروني').first().boundingBox();
      const field = await page.getByLabel('البريد الإلكتروني').boundingBox();
      assert.ok(Math.abs(label.x + label.width - (field.x + field.width)) < 2, 'label and field end together on the right');
      await page.screenshot({ path: join(SCREENSHOTS, 'console-login-ar.png') });
    }
    // Not signed in yet: the console's question to the server is answered 401, nothing else.
    assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), [], locale);
    await context.close();
  }
});

test('dates, times and relative times read as each language writes them, in the visitor’s time zone', async () => {
  // Wednesday 20:00 in Shanghai (the site's zone) is 13:00 in Berlin (the visitor's): the phone
  // opens on Thursday at 09:00 Shanghai time, which the visitor reads as Thursday 02:00.
  const now = shanghai(2026, 12, 2, 20);
  const opens = shanghai(2026, 12, 3, 9);
  // The words each language puts around the time, and how it says "in N days".
  const WORDS = {
    en: { opens: (w) => `Closed · opens ${w}`, thursday: 'Thu', days: /^in \d+ days$/ },
    'zh-CN': { opens: (w) => `休息中 · ${w}开始服务`, thursday: '周四', days: /^\d+天后$/ },
    'zh-TW': { opens: (w) => `休息中 · ${w}開始服務`, thursday: '週四', days: /^\d+ 天後$/ },
    ja: { opens: (w) => `受付時間外 · ${w}から受付`, thursday: '木', days: /^\d+ 日後$/ },
    ko: { opens: (w) => `상담 시간 아님 · ${w}부터 상담`, thursday: '목', days: /^\d+일 후$/ },
    es: { opens: (w) => `Cerrado · abre ${w}`, thursday: 'jue', days: /^dentro de \d+ días$/ },
    fr: { opens: (w) => `Fermé · ouvre ${w}`, thursday: 'jeu', days: /^dans \d+ jours$/ },
    ar: { opens: (w) => `مغلق · يفتح ${w}`, thursday: 'الخميس', days: /^خلال [\d٠-٩]+ (يوم|أيام|يومًا)$/ },
  };
  for (const [locale, words] of Object.entries(WORDS)) {
    const { context, page, problems } = await newPage(s.browser, { locale });
    await page.clock.install({ time: now });
    await page.goto(s.env.page('faq'));
    await page.locator('.kefu-launcher').click();
    const status = page.locator('.kefu-channel[data-kind="phone"] .kefu-status-text');
    await status.waitFor();
    // The browser's own formats for the locale, in the visitor's zone (Europe/Berlin).
    const when = await page.evaluate(({ locale, opens }) => new Intl.DateTimeFormat(locale, {
      weekday: 'short', hour: 'numeric', minute: '2-digit',
    }).format(opens), { locale, opens });
    assert.ok(when.includes(words.thursday) && /(0?2|٠?٢)[:.](00|٠٠)/.test(when), `${locale}: ${when}`);
    assert.equal(plain(await status.textContent()), words.opens(when), locale);
    // A request sent: its due date written out in the site's zone, and how far away it is.
    await page.locator('.kefu-fb [data-kefu-action=open]').click();
    await page.locator('#kefu-fb-subject').fill('Delivery');
    await page.locator('#kefu-fb-description').fill('When will my parcel arrive?');
    await page.locator('.kefu-fb-submit').click();
    await page.locator('.kefu-fb-countdown').waitFor();
    const expected = await page.evaluate(async ({ kefu, locale }) => {
      const token = localStorage.getItem('kefu:visitor');
      const res = await fetch(`${kefu}/api/v1/sites/e2e-faq/tickets`, { headers: { authorization: `Bearer ${token}` } });
      const [ticket] = (await res.json()).tickets;
      const days = Math.max(0, Math.ceil((ticket.due_at - Date.now()) / 86_400_000));
      return {
        date: new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeZone: 'Asia/Shanghai' }).format(new Date(ticket.due_at - 1)),
        countdown: new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day'),
      };
    }, { kefu: s.env.kefu, locale });
    const countdown = plain(await page.locator('.kefu-fb-countdown').textContent());
    assert.equal(countdown, expected.countdown, locale);
    assert.match(countdown, words.days, locale);
    assert.ok(plain(await page.locator('.kefu-fb-due').textContent()).includes(expected.date), `${locale}: ${expected.date}`);
    if (locale === 'ja') await page.screenshot({ path: join(SCREENSHOTS, 'feedback-sent-ja.png') });
    assert.deepEqual(problems, [], locale);
    await context.close();
  }
});

/** Which way a text is laid out on screen: `ltr` when its last letter is right of its first. */
const layoutOf = (locator) => locator.evaluate((el) => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let node = walker.nextNode();
  while (node && !node.textContent.trim()) node = walker.nextNode();
  const text = node.textContent;
  const range = document.createRange();
  const x = (i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect().x; };
  return x(text.trimEnd().length - 1) > x(text.search(/\S/)) ? 'ltr' : 'rtl';
});

test('in Arabic the console mirrors: menu on the right, tables and history read right to left, English text keeps its order', async () => {
  const PASSWORD = 'correct horse battery';
  s.env.createAccount('rtl-admin@example.com', PASSWORD);
  // A visitor writes in English from an Arabic browser.
  const visitor = await newPage(s.browser, { locale: 'ar' });
  await visitor.page.goto(s.env.page('faq'));
  const subject = 'Order 123 is late!';
  const reference = await visitor.page.evaluate(async ({ kefu, subject }) => {
    const token = 'fedcbafedcbafedcbafedcbafedcba98';
    localStorage.setItem('kefu:visitor', token);
    const res = await fetch(`${kefu}/api/v1/sites/e2e-faq/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': 'rtl-console-1', 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'question', subject, description: 'Where is order 123?', locale: 'en' }),
    });
    const body = await res.json();
    return body.reference ?? JSON.stringify(body);
  }, { kefu: s.env.kefu, subject });
  assert.match(reference, /^KF-/);

  const { context, page, problems } = await newPage(s.browser, { locale: 'ar' });
  await page.goto(`${s.env.kefu}/console/`);
  await page.locator('#email').fill('rtl-admin@example.com');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('#password').press('Enter');
  await page.getByRole('button', { name: 'الطلبات', exact: true }).click();
  await page.locator('#faq-site').selectOption('e2e-faq');
  await page.locator(`tr[data-reference="${reference}"]`).waitFor();
  // The menu is on the right of the screen, the queue's first column on the right of the table.
  const side = await page.locator('.sidebar').boundingBox();
  const main = await page.locator('main.content').boundingBox();
  assert.ok(side.x >= main.x + main.width - 1, `menu ${side.x} right of the content ${main.x}+${main.width}`);
  const th = page.locator('table.queue thead th');
  assert.ok((await th.nth(0).boundingBox()).x > (await th.nth(1).boundingBox()).x, 'first column rightmost');
  // The English subject keeps its order (the "!" ends it on the right), in the row and as the title.
  assert.equal(await layoutOf(page.locator(`tr[data-reference="${reference}"] td[dir=auto]`)), 'ltr');
  await page.locator(`tr[data-reference="${reference}"] button.link`).click();
  await page.locator('#ticket-title', { hasText: subject }).waitFor();
  assert.equal(await layoutOf(page.locator('#ticket-title')), 'ltr');
  assert.equal(await layoutOf(page.locator('.thread .body').first()), 'ltr');
  // A change of status is told with an arrow that points the way Arabic reads.
  await page.locator('#ticket-status').selectOption('in_progress');
  const change = page.locator('.history li', { hasText: 'قيد المعالجة' });
  await change.waitFor();
  assert.match(plain(await change.textContent()), /جديد ← قيد المعالجة$/);
  assert.doesNotMatch(await page.locator('.history').textContent(), /→/);
  await page.screenshot({ path: join(SCREENSHOTS, 'console-ticket-ar.png'), fullPage: true });
  // Before signing in, "signed in?" is answered 401; nothing else may fail.
  assert.deepEqual(problems.filter((p) => !p.includes('status of 401')), []);
  await context.close();

  // The visitor's own list in the Arabic widget shows the English subject in its order too.
  await visitor.page.reload();
  await visitor.page.locator('.kefu-launcher').click();
  await visitor.page.locator('.kefu-fb-mine').click();
  await visitor.page.locator('.kefu-fb-item', { hasText: subject }).click();
  const title = visitor.page.locator('.kefu-fb-requests-title', { hasText: subject });
  await title.waitFor();
  assert.equal(await layoutOf(title), 'ltr');
  assert.equal(await layoutOf(visitor.page.locator('.kefu-fb-msg-body').first()), 'ltr');
  await visitor.page.screenshot({ path: join(SCREENSHOTS, 'requests-ar-mixed.png') });
  assert.deepEqual(visitor.problems, []);
  await visitor.context.close();
});

test('the language menu switches the open panel, is remembered, and site texts not in the language are marked', async () => {
  const { context, page, problems } = await newPage(s.browser, { locale: 'en-US' });
  await page.goto(s.env.page('plain'));
  await page.locator('.kefu-launcher').click();
  const menu = page.locator('select.kefu-lang');
  await menu.waitFor();
  assert.equal(await menu.getAttribute('aria-label'), 'Language');
  assert.equal(await menu.inputValue(), 'en');
  // Every language the widget speaks, each named in itself (by the browser's Intl; the menu
  // capitalises "español" as menus do).
  const names = Object.fromEntries(await menu.locator('option').evaluateAll(
    (os) => os.map((o) => [o.value, `${o.textContent} ${o.lang}`]),
  ));
  assert.deepEqual(names, {
    en: 'English en',
    'zh-CN': '简体中文 zh-CN',
    'zh-TW': '繁體中文 zh-TW',
    ja: '日本語 ja',
    ko: '한국어 ko',
    es: 'español es',
    fr: 'français fr',
    ar: 'العربية ar',
  });
  assert.equal(await menu.evaluate((el) => getComputedStyle(el).textTransform), 'capitalize');
  // The site speaks English: nothing is marked, and nothing is stored until the visitor picks.
  assert.equal(await page.locator('.kefu-fallback').isVisible(), false);
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:locale')), null);

  const title = (text) => page.waitForFunction((t) => document.querySelector('kefu-widget').shadowRoot
    .querySelector('.kefu-section-title')?.textContent === t, text);
  const greeting = page.locator('.kefu-greeting');
  const phone = page.locator('.kefu-channel[data-kind="phone"] .kefu-channel-label');
  // French: the site has none, so its texts stay English, marked as such, and the note says so.
  await menu.selectOption('fr');
  await title('Pour nous joindre');
  assert.equal(await page.locator('.kefu-root').getAttribute('lang'), 'fr');
  assert.equal(plain(await page.locator('.kefu-fallback').textContent()),
    'Certains textes de ce site ne sont pas encore disponibles dans votre langue.');
  assert.equal(await greeting.getAttribute('lang'), 'en');
  assert.equal(await phone.getAttribute('lang'), 'en');
  assert.equal(await menu.inputValue(), 'fr');
  assert.equal(await page.evaluate(() => localStorage.getItem('kefu:locale')), 'fr');
  await page.screenshot({ path: join(SCREENSHOTS, 'language-menu-fr.png') });
  // Traditional Chinese: the site falls back to its Simplified texts (zh-TW → zh-CN), marked.
  await menu.selectOption('zh-TW');
  await title('聯絡方式');
  assert.equal(plain(await greeting.textContent()), '您好！请问有什么可以帮您？');
  assert.equal(await greeting.getAttribute('lang'), 'zh-CN');
  assert.equal(plain(await page.locator('.kefu-fallback').textContent()), '本網站的部分內容尚無您所用語言的版本。');
  // Japanese: the site has it all; nothing is marked.
  await menu.selectOption('ja');
  await title('お問い合わせ方法');
  assert.equal(plain(await greeting.textContent()), 'こんにちは！どのようなご用件でしょうか？');
  assert.equal(await greeting.getAttribute('lang'), 'ja');
  assert.equal(await page.locator('.kefu-fallback').isVisible(), false);
  // The panel stayed open all along, and the choice outlives the page.
  assert.equal(await page.locator('.kefu-launcher').getAttribute('aria-expanded'), 'true');
  await page.reload();
  assert.equal(await page.locator('.kefu-launcher').getAttribute('aria-label'), 'お問い合わせ');
  assert.deepEqual(problems, []);
  await context.close();

  // A site with one label missing in Korean: only that label is marked English.
  const ko = await newPage(s.browser, { locale: 'ko-KR' });
  await ko.page.goto(s.env.page('left'));
  await ko.page.locator('.kefu-launcher').click();
  await ko.page.locator('.kefu-fallback').waitFor();
  const label = (kind) => ko.page.locator(`.kefu-channel[data-kind="${kind}"] .kefu-channel-label`);
  assert.equal(plain(await label('phone').textContent()), 'Phone');
  assert.equal(await label('phone').getAttribute('lang'), 'en');
  assert.equal(await label('email').getAttribute('lang'), 'ko');
  assert.equal(await ko.page.locator('.kefu-greeting').getAttribute('lang'), 'ko');
  assert.equal(plain(await ko.page.locator('.kefu-fallback').textContent()),
    '이 사이트의 일부 내용은 아직 사용하시는 언어로 제공되지 않습니다.');
  assert.deepEqual(ko.problems, []);
  await ko.context.close();
});
