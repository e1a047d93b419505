// The demo page's own script: the documented stub that queues Kefu(...) calls until the
// loader arrives, plus buttons that drive the JavaScript API.
window.Kefu = window.Kefu || function () { (window.Kefu.q = window.Kefu.q || []).push(arguments); };
document.addEventListener('DOMContentLoaded', function () {
  var log = document.getElementById('events');
  ['ready', 'open', 'close'].forEach(function (ev) {
    Kefu('on', ev, function () { log.textContent = 'Kefu event: ' + ev; });
  });
  document.querySelectorAll('[data-kefu]').forEach(function (b) {
    b.addEventListener('click', function () { Kefu(b.getAttribute('data-kefu')); });
  });
  document.querySelectorAll('[data-kefu-locale]').forEach(function (b) {
    b.addEventListener('click', function () { Kefu('setLocale', b.getAttribute('data-kefu-locale')); });
  });
});
