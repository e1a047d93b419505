// The console's live preview. The console (the parent page, same origin only) posts
// { kefuPreview: 1, config, locale }: the widget-config the server computed from the unsaved
// settings. The widget, loaded with data-preview, shows it and never fetches its own.
window.Kefu = window.Kefu || function () { (window.Kefu.q = window.Kefu.q || []).push(arguments); };
window.addEventListener('message', function (e) {
  var m = e.data;
  if (e.origin !== location.origin || e.source !== window.parent || !m || m.kefuPreview !== 1) return;
  Kefu('setLocale', String(m.locale || ''));
  Kefu('preview', m.config);
  if (m.open) Kefu('open');
});
window.parent.postMessage({ kefuPreviewReady: 1 }, location.origin);
