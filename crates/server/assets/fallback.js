/*! Kefu without WebAssembly: when the widget cannot start (most often a Content-Security-Policy
 * without 'wasm-unsafe-eval' in script-src), the loader imports this module, which says why in
 * the console and shows a link to the site's help page (/w/SITE) where the launcher would be. */
var TEXTS = __KEFU_TEXTS__;
var CSS = 'a{position:fixed;inset-inline-end:16px;bottom:16px;z-index:2147483000;pointer-events:auto;'
  + 'display:inline-flex;align-items:center;min-height:48px;padding:0 20px;border-radius:24px;'
  + 'background:#0b5cad;color:#fff;font:600 15px/1.2 system-ui,sans-serif;text-decoration:none;'
  + 'box-shadow:0 4px 16px rgba(0,0,0,.2)}a:focus-visible{outline:3px solid #1a1d21;outline-offset:2px}';

export default function fallback(root, origin, site, locale, error) {
  try {
    console.warn('[kefu] the widget could not start: ' + error + '. If this page\u2019s '
      + 'Content-Security-Policy has no \'wasm-unsafe-eval\' in script-src, add it. '
      + 'Showing a link to the help page instead.');
    var wanted = [locale].concat(navigator.languages || []), text = '';
    for (var i = 0; i < wanted.length && !text; i++) {
      var tag = String(wanted[i] || ''), lang = tag.split('-')[0];
      if (/^zh-(hant|tw|hk|mo)/i.test(tag)) tag = 'zh-TW'; else if (lang == 'zh') tag = 'zh-CN';
      text = TEXTS[tag] || TEXTS[lang] || '';
    }
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
    var a = document.createElement('a');
    a.className = 'kefu-fallback';
    a.href = origin + '/w/' + encodeURIComponent(site);
    a.target = '_blank';
    a.rel = 'noopener';
    a.dir = 'auto';
    a.textContent = text || TEXTS.en;
    root.appendChild(a);
  } catch (e) { /* never throw into the page */ }
}
