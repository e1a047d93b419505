/*! Kefu loader. Embed: <script src="https://HOST/kefu.js" data-site="SITE" async></script>
 * Creates <kefu-widget> with an open shadow root, defines window.Kefu (the only global), and
 * loads the widget's wasm from this script's own origin when the browser is idle or when the
 * page asks for it. It never throws into the page and never blocks its load. */
(function (w, d) {
  'use strict';
  var TAG = '[kefu]';
  function warn(m, e) { try { w.console && console.warn(TAG + ' ' + m, e || ''); } catch (_) {} }
  try {
    var prev = w.Kefu;
    if (prev && prev.__kefu) return; // the loader ran twice
    var script = d.currentScript || d.querySelector('script[data-site][src*="kefu.js"]');
    var site = script && script.getAttribute('data-site');
    if (!site) { warn('the script tag needs data-site="…"'); return; }
    var origin = new URL(script.src, location.href).origin;
    var manifest = __KEFU_MANIFEST__;
    var locale = script.getAttribute('data-locale') || '';
    var handlers = {};
    var queue = [];
    var mod = null, root = null, help = null, state = 0; // 0 idle, 1 loading, 2 ready, 3 failed
    var ident = null; // Kefu.identify({ id, name, email, signature }), in memory only
    // Visits (a page view after 30 minutes away) and when the NPS question is next due: only a
    // returning visitor whose question is due gets the help module's NPS card. Consent first:
    // nothing is stored before the visitor first opens the widget, so visits are counted only
    // from then on (the first open stores visit 1).
    var visits = 0, npsAt = 0, vk = 'kefu:visits:' + site;
    try {
      var v = localStorage.getItem(vk), now = Date.now();
      if (script.hasAttribute('data-preview')) throw 0; // the console's preview asks nothing
      if (v) {
        v = v.split(' ');
        visits = +v[0] + (now - v[1] > 18e5);
        localStorage.setItem(vk, visits + ' ' + now);
        npsAt = +localStorage.getItem('kefu:nps:' + site);
      }
    } catch (_) { /* no storage: never asked */ }

    var chatUnread = 0, ticketUnread = 0; // Kefu.on('unread', n): chat messages + ticket replies
    function emit(ev, detail) {
      if (ev == 'chat-unread') { ev = 'unread'; detail = (chatUnread = detail) + ticketUnread; }
      if (ev == 'open' && !visits && !script.hasAttribute('data-preview')) try { localStorage.setItem(vk, (visits = 1) + ' ' + Date.now()); } catch (_) {}
      var list = (handlers[ev] || []).slice();
      for (var i = 0; i < list.length; i++) {
        try { list[i](detail); } catch (e) { warn('a Kefu.on("' + ev + '") handler threw', e); }
      }
    }

    function apply(cmd, args) {
      if (cmd === 'on' || cmd === 'off') {
        var ev = String(args[0]), fn = args[1];
        if (typeof fn !== 'function') return;
        var list = handlers[ev] = handlers[ev] || [];
        if (cmd === 'on') {
          list.push(fn);
          if (ev === 'ready' && state === 2) safe(fn);
        } else if (list.indexOf(fn) >= 0) list.splice(list.indexOf(fn), 1);
        return;
      }
      if (cmd === 'identify') {
        var o = args[0] || {};
        ident = { id: String(o.id || ''), name: String(o.name || ''), email: String(o.email || ''), signature: String(o.signature || '') };
        return;
      }
      if (cmd === 'setLocale') locale = String(args[0] || '');
      if (!mod) {
        if (cmd !== 'setLocale') queue.push([cmd, args]);
        if (cmd === 'open' || cmd === 'toggle') load();
        return;
      }
      if (cmd === 'open') mod.open();
      else if (cmd === 'close') mod.close();
      else if (cmd === 'toggle') mod.toggle();
      else if (cmd === 'setLocale') mod.setLocale(locale);
      else if (cmd === 'preview') mod.preview(args[0]);
      else warn('unknown command ' + cmd);
    }

    // GET of a path on the Kefu server for the widget (its config, a language's texts): [status, body].
    function get(path) {
      return fetch(origin + path, { credentials: 'omit' }).then(function (r) { return r.text().then(function (t) { return [r.status, t]; }); });
    }

    function safe(fn) { try { fn(); } catch (e) { warn('a Kefu.on("ready") handler threw', e); } }

    function Kefu(cmd) {
      try { apply(String(cmd), Array.prototype.slice.call(arguments, 1)); } catch (e) { warn('Kefu(' + cmd + ') failed', e); }
    }
    ['open', 'close', 'toggle', 'setLocale', 'on', 'off', 'identify'].forEach(function (m) {
      Kefu[m] = function () { Kefu.apply(null, [m].concat(Array.prototype.slice.call(arguments))); };
    });
    Object.defineProperty(Kefu, '__kefu', { value: true });

    function mount() {
      if (root) return;
      var host = d.createElement('kefu-widget');
      root = host.attachShadow({ mode: 'open' });
      (d.body || d.documentElement).appendChild(host);
    }

    // The help module (FAQ and feedback), imported once, when first needed.
    function helpModule() {
      return help = help || import(origin + manifest.faq.js).then(function (f) {
        return f.default({ module_or_path: origin + manifest.faq.wasm }).then(function () { return f; });
      });
    }

    function load() {
      if (state === 1 || state === 2) return;
      if (!manifest) { warn('the widget is not built on ' + origin); state = 3; return; }
      state = 1;
      mount();
      import(origin + manifest.js).then(function (m) {
        return m.default({ module_or_path: origin + manifest.wasm }).then(function () {
          m.boot(root, { api: origin, site: site, locale: locale, locales: manifest.locales || {}, get: get, emit: emit, preview: script.hasAttribute('data-preview'), help: manifest.faq && function (parts, el, lang, t) { if (parts != 'nps' || (visits > 1 && Date.now() >= npsAt)) helpModule().then(function (f) { parts.split(' ').forEach(function (p) { f[p](el, origin, site, lang, t, emit, ident); }); }).catch(function (e) { warn('could not load the ' + parts, e); }); } });
          mod = m;
          state = 2;
          var q = queue; queue = [];
          for (var i = 0; i < q.length; i++) apply(q[i][0], q[i][1]);
          emit('ready');
          // Feedback saved while offline or before a reload is sent now (issue 5's outbox), and a
          // visitor with requests hears of replies: Kefu.on('unread', n => …), checked each minute.
          try {
            var ls = w.localStorage;
            if (manifest.faq && ls.getItem('kefu:outbox:' + site)) helpModule().then(function (f) { f.flush(origin, site, emit); }).catch(function (e) { warn('could not send saved feedback', e); });
            // An e-mailed link to the visitor's requests on this device: #kefu-recover=TOKEN.
            var rec = /[#&]kefu-recover=([0-9a-f]{64})/.exec(location.hash);
            // Or to one request: #kefu-ticket=REFERENCE.SECRET.
            var tk = /[#&]kefu-ticket=(KF-[0-9A-Z]{4}-[0-9A-Z]{4})\.([0-9a-f]{32})/.exec(location.hash);
            if ((rec || tk) && manifest.faq) helpModule().then(function (f) { return rec ? f.recover(origin, site, rec[1]) : f.openTicket(origin, site, tk[1], tk[2]); }).then(function (ok) { if (ok) apply('open', []); }).catch(function (e) { warn('could not open the link', e); });
            var token = ls.getItem('kefu:visitor');
            // An open chat reconnects now, so its new messages are counted while the panel is shut.
            if (manifest.faq && ls.getItem('kefu:chat:' + site)) helpModule().then(function (f) { f.chatResume(root, origin, site, locale, emit, ident); }).catch(function (e) { warn('could not resume the chat', e); });
            if (token && ls.getItem('kefu:tickets:' + site)) {
              var poll = function () {
                if (d.hidden) return;
                fetch(origin + '/api/v1/sites/' + encodeURIComponent(site) + '/tickets', { headers: { authorization: 'Bearer ' + token }, credentials: 'omit', cache: 'no-store' })
                  .then(function (r) { return r.ok ? r.json() : null; })
                  .then(function (l) { if (l && l.unread !== ticketUnread) emit('unread', (ticketUnread = l.unread) + chatUnread); })
                  .catch(function () {});
              };
              poll();
              setInterval(poll, 60000);
            }
          } catch (e) { /* storage blocked: nothing was saved */ }
        });
      }).catch(function (e) {
        state = 3; // a link to the help page instead, and why (most often: no WebAssembly under the page's CSP)
        import(origin + '/w/fallback.js').then(function (f) { f.default(root, origin, site, locale, e); }).catch(function () { warn('could not load the widget', e); });
      });
    }

    // Calls made through a stub before this script ran: window.Kefu.q = [arguments, …].
    var early = (prev && prev.q) || [];
    w.Kefu = Kefu;
    for (var i = 0; i < early.length; i++) Kefu.apply(null, Array.prototype.slice.call(early[i]));

    // Load when the page is done and the browser is idle, never before the page's own load.
    function idle() {
      if (w.requestIdleCallback) w.requestIdleCallback(load, { timeout: 3000 });
      else setTimeout(load, 200);
    }
    if (d.readyState === 'complete') idle();
    else w.addEventListener('load', idle, { once: true });
  } catch (e) {
    warn('could not start', e);
  }
})(window, document);
