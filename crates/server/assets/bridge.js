/*! Kefu in an app's WebView (the page /w/SITE): opens the widget at once, tells the app of
 * every widget event through window.webkit.messageHandlers.kefu (iOS, WKWebView) or
 * window.KefuAndroid (Android, addJavascriptInterface) when present, and keeps the panel as
 * tall as the visible viewport, so the on-screen keyboard never hides the input. */
(function (w, d) {
  'use strict';
  w.Kefu = w.Kefu || function () { (w.Kefu.q = w.Kefu.q || []).push(arguments); };
  function post(event, detail) {
    var m = { event: event, detail: detail === undefined ? null : detail };
    try {
      var h = w.webkit && w.webkit.messageHandlers && w.webkit.messageHandlers.kefu;
      if (h) h.postMessage(m);
      if (w.KefuAndroid && w.KefuAndroid.postMessage) w.KefuAndroid.postMessage(JSON.stringify(m));
    } catch (_) { /* the app went away */ }
  }
  ['ready', 'open', 'close', 'unread', 'message', 'ticket'].forEach(function (e) {
    w.Kefu('on', e, function (detail) { post(e, detail); });
  });
  w.Kefu('open');
  var vv = w.visualViewport;
  function fit() { d.documentElement.style.setProperty('--kefu-vvh', Math.round(vv.height) + 'px'); }
  if (vv) { vv.addEventListener('resize', fit); fit(); }
})(window, document);
