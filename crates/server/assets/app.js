/* soothe's page script: quick logging without a reload, the offline queue (logs and session
   records made without a connection are kept in this browser and sent when it returns; their
   ids are made here, so a retry never stores twice), the live countdown, small helpers, and
   the service worker. Plain JavaScript, no dependencies, no inline code (strict CSP). */
(function () {
  'use strict';
  var QUEUE_KEY = 'soothe.queue';
  /* "Don't show the preparation check again": a choice of this device, not of the account. */
  var PREPARE_KEY = 'soothe.prepare.skip';

  /* Every visible sentence comes from the page's messages (the JSON data block `#words`,
     written by the server in the reader's language; a data block is never executed). */
  var WORDS = (function () {
    try { return JSON.parse(document.getElementById('words').textContent); } catch (e) { return {}; }
  })();
  function t(key, args) {
    var s = WORDS[key] || key;
    Object.keys(args || {}).forEach(function (k) { s = s.split('{' + k + '}').join(String(args[k])); });
    return s;
  }

  function csrf() {
    var m = document.querySelector('meta[name="csrf-token"]');
    return m ? m.getAttribute('content') : '';
  }

  /* A short message at the bottom of the screen; raised to the top when there it would
     cover `near` (the button or form it speaks of). */
  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function toast(text, near) {
    var t = document.getElementById('toast');
    if (!t) return;
    t.classList.remove('up');
    t.textContent = text;
    var targets = (near ? [].concat(near) : []).filter(function (el) { return el && el.getBoundingClientRect; });
    if (text && targets.some(function (el) { return overlaps(t.getBoundingClientRect(), el.getBoundingClientRect()); })) {
      t.classList.add('up');
    }
    clearTimeout(toast.timer);
    toast.timer = setTimeout(function () { t.textContent = ''; t.classList.remove('up'); }, 6000);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /* RFC 3339 with the phone's offset, to the second: 2026-11-21T14:05:09+01:00 */
  function localStamp(d) {
    d = d || new Date();
    function p(n) { return (n < 10 ? '0' : '') + n; }
    var off = -d.getTimezoneOffset();
    var sign = off >= 0 ? '+' : '-';
    off = Math.abs(off);
    return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + 'T' +
      p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds()) +
      sign + p(Math.floor(off / 60)) + ':' + p(off % 60);
  }

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || '[]'); } catch (e) { return []; }
  }
  function writeQueue(q) { localStorage.setItem(QUEUE_KEY, JSON.stringify(q)); }

  function enqueue(item) {
    var q = readQueue();
    if (!q.some(function (x) { return x.key === item.key; })) q.push(item);
    writeQueue(q);
    showPending();
  }

  function showPending() {
    var n = readQueue().length;
    document.documentElement.classList.toggle('pending', n > 0);
    var el = document.getElementById('pending');
    if (el) el.textContent = n ? t('js-waiting', { count: n }) : '';
  }

  /* Sends one request; resolves {ok, status, body, response} or rejects on a network error. */
  function send(item) {
    var headers = { 'X-CSRF-Token': csrf() };
    var body = item.body;
    if (item.type === 'json') {
      headers['Content-Type'] = 'application/json';
      headers.Accept = 'application/json';
    } else {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      var params = new URLSearchParams(body);
      params.set('csrf', csrf());
      body = params.toString();
    }
    return fetch(item.url, { method: 'POST', headers: headers, body: body, credentials: 'same-origin' })
      .then(function (res) {
        var type = res.headers.get('content-type') || '';
        var parse = type.indexOf('json') >= 0 ? res.json() : res.text();
        return parse.then(function (b) { return { ok: res.ok, status: res.status, body: b, response: res }; });
      });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    var q = readQueue();
    if (!q.length) return Promise.resolve();
    flushing = true;
    var sent = 0, failed = [];
    function next() {
      var item = readQueue()[0];
      if (!item) return Promise.resolve();
      return send(item).then(function (r) {
        if (r.status >= 500 || r.status === 401 || r.status === 403) throw new Error('retry later');
        if (!r.ok && r.status !== 422) { /* keep for later */ throw new Error('retry later'); }
        if (r.status === 422) failed.push(r.body && r.body.detail ? r.body.detail : t('js-refused'));
        writeQueue(readQueue().slice(1));
        sent++;
        return next();
      });
    }
    return next().catch(function () { /* offline again or server trouble: keep the rest */ })
      .then(function () {
        flushing = false;
        showPending();
        if (sent) toast(sent === 1 ? t('js-sent-one') : t('js-sent-many', { count: sent }));
        if (failed.length) toast(t('js-could-not-save', { list: failed.join('; ') }));
      });
  }

  /* JSON POST for scripts (the player): queued when there is no connection. */
  function post(url, body) {
    var item = { key: (body && body.id) || uuid(), url: url, type: 'json', body: JSON.stringify(body) };
    if (!navigator.onLine) {
      enqueue(item);
      return Promise.resolve({ queued: true, status: 0, body: null });
    }
    return send(item).then(function (r) {
      if (r.status >= 500) { enqueue(item); return { queued: true, status: r.status, body: r.body }; }
      return { queued: false, status: r.status, body: r.body };
    }, function () {
      enqueue(item);
      return { queued: true, status: 0, body: null };
    });
  }

  /* Quick-log forms: sent in the background; the answer's page replaces <main>. */
  function swapMain(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.getElementById('main');
    var main = document.getElementById('main');
    if (!fresh || !main) return;
    main.innerHTML = fresh.innerHTML;
    bind(main);
  }

  /* The quick-log forms of a kind on the page now (after a swap, the tapped one is gone). */
  function formsOf(kind) {
    var out = [];
    document.querySelectorAll('form[data-queue]').forEach(function (f) {
      var k = f.querySelector('input[name="kind"]');
      if (k && k.value === kind) out.push(f.closest('.q') || f);
    });
    return out;
  }

  function quickSubmit(ev) {
    var form = ev.target;
    if (!form.matches || !form.matches('form[data-queue]')) return;
    ev.preventDefault();
    var data = new FormData(form);
    if (ev.submitter && ev.submitter.name) data.set(ev.submitter.name, ev.submitter.value);
    if (!data.get('id')) data.set('id', uuid());
    data.set('at', localStamp());
    var params = new URLSearchParams(data);
    var item = { key: data.get('id') + ':' + (data.get('action') || ''), url: form.getAttribute('action'), type: 'form', body: params.toString() };
    /* What was logged, in the page's words: the form's `data-what` ("Temperature"), else
       the button's own words ("Stop feed"), not its small print ("since 08:50"). */
    var first = ev.submitter && ev.submitter.firstChild;
    var label = form.dataset.what ||
      (first && first.nodeType === 3 ? first.textContent : (ev.submitter ? ev.submitter.textContent : '')).trim() || t('js-entry');
    var done = form.dataset.done;
    var kind = data.get('kind');
    var buttons = form.querySelectorAll('button');
    buttons.forEach(function (b) { b.disabled = true; });
    function offline() {
      enqueue(item);
      buttons.forEach(function (b) { b.disabled = false; });
      /* A start kept on the phone turns its button into the stop of that same event, so
         "Start feed" then "Stop feed" both work without a connection (sent in order). */
      if (data.get('action') === 'start' && form.dataset.stop) {
        form.querySelector('input[name="action"]').value = 'stop';
        var target = form.querySelector('input[name="event"]');
        if (!target) {
          target = document.createElement('input');
          target.type = 'hidden';
          target.name = 'event';
          form.appendChild(target);
        }
        target.value = data.get('id');
        var button = form.querySelector('button');
        button.textContent = form.dataset.stop;
        button.classList.add('on');
        if (form.dataset.doneStop) form.dataset.done = form.dataset.doneStop;
      }
      var d = form.closest('details');
      if (d) d.open = false;
      toast(t('js-saved-offline', { label: label }), form.closest('.q') || form);
    }
    if (!navigator.onLine) return offline();
    send(item).then(function (r) {
      if (r.status >= 500) return offline();
      if (typeof r.body === 'string') swapMain(r.body);
      var said = r.ok ? (done || t('js-logged', { label: label })) : t('js-not-saved');
      toast(said, formsOf(kind));
    }, offline);
  }

  /* "Until 14:50 · 25 min 10 s": counts down; when the wait is over the page reloads. */
  function countdowns(root) {
    root.querySelectorAll('[data-countdown]').forEach(function (el) {
      var end = Date.parse(el.getAttribute('datetime'));
      if (isNaN(end)) return;
      function tick() {
        var s = Math.round((end - Date.now()) / 1000);
        if (s <= 0) {
          el.textContent = t('js-now');
          clearInterval(el.timer);
          if (navigator.onLine) setTimeout(function () { location.reload(); }, 1500);
          return;
        }
        var m = Math.floor(s / 60), r = s % 60;
        el.textContent = m ? t('js-left-min', { min: m, sec: r }) : t('js-left-sec', { sec: r });
      }
      clearInterval(el.timer);
      tick();
      el.timer = setInterval(tick, 1000);
    });
  }

  /* The preparation check before a massage: the Start button shows once one tap confirms
     the check (or at once, when this phone was told not to show it again). */
  function prepareCheck(root) {
    root.querySelectorAll('[data-prepare]').forEach(function (box) {
      var start = box.parentNode.querySelector('[data-prepare-start]');
      var skip = false;
      try { skip = localStorage.getItem(PREPARE_KEY) === '1'; } catch (e) { /* no storage */ }
      if (skip) { box.hidden = true; return; }
      var ok = box.querySelector('[data-prepare-ok]');
      if (!ok) return;
      if (start) start.hidden = true;
      ok.addEventListener('click', function () {
        var never = box.querySelector('[data-prepare-skip]');
        if (never && never.checked) {
          try { localStorage.setItem(PREPARE_KEY, '1'); } catch (e) { /* no storage */ }
        }
        ok.disabled = true;
        ok.textContent = t('js-checked');
        box.classList.add('done');
        if (start) { start.hidden = false; start.focus(); }
      });
    });
  }

  /* A sheet opened on Today scrolls fully into view, clear of the tab bar (its
     scroll-margin), and its first field takes the focus. */
  function sheets(root) {
    root.querySelectorAll('details.sheet').forEach(function (d) {
      d.addEventListener('toggle', function () {
        if (!d.open) return;
        d.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
        var field = d.querySelector('input:not([type=hidden]), textarea');
        if (field) field.focus({ preventScroll: true });
      });
    });
  }

  /* The massage check's answer comes into view once the check ran (the form sits above
     it, and on a phone the answer starts below the fold). */
  function showAnswer() {
    var title = document.getElementById('answer-title');
    if (!title || !/[?&]routine=/.test(location.search) || location.hash) return;
    var section = title.closest('section') || title;
    section.scrollIntoView({ block: 'start' });
    title.setAttribute('tabindex', '-1');
    title.focus({ preventScroll: true });
  }

  function bind(root) {
    countdowns(root);
    prepareCheck(root);
    sheets(root);
    root.querySelectorAll('[data-browser-zone]').forEach(function (el) {
      try {
        var z = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (z && (el.value === '' || el.value === 'UTC')) el.value = z;
      } catch (e) { /* keep UTC */ }
    });
    root.querySelectorAll('input[data-uuid]').forEach(function (el) { if (!el.value) el.value = uuid(); });
    root.querySelectorAll('[data-copy]').forEach(function (b) {
      b.addEventListener('click', function () {
        var src = document.getElementById(b.getAttribute('data-copy'));
        if (!src || !navigator.clipboard) return;
        navigator.clipboard.writeText(src.textContent.trim()).then(function () { toast(t('js-copied')); });
      });
    });
  }

  /* Sharing an invitation link: the phone's share sheet where there is one, else a copy.
     The button is hidden until this script shows it (without script, the link is there to
     select). */
  function shares(root) {
    root.querySelectorAll('[data-share]').forEach(function (b) {
      var src = document.getElementById(b.getAttribute('data-share'));
      if (!src || !(navigator.share || navigator.clipboard)) return;
      b.hidden = false;
      b.addEventListener('click', function () {
        var url = src.textContent.trim();
        if (navigator.share) {
          navigator.share({ title: b.getAttribute('data-share-title') || '', text: b.getAttribute('data-share-text') || '', url: url })
            .catch(function () { /* closed without sharing */ });
          return;
        }
        navigator.clipboard.writeText(url).then(function () { toast(t('js-copied')); });
      });
    });
  }

  /* Signed-out pages: dark at the night hours by this browser's clock, and the browser's time
     zone in a cookie so the server picks the same theme next time (`night.html`). */
  (function night() {
    var m = document.querySelector('meta[name="night-hours"]');
    if (!m) return;
    try {
      var z = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (z) document.cookie = 'soothe_zone=' + encodeURIComponent(z) + '; path=/; max-age=34560000; samesite=lax';
    } catch (e) { /* the server's zone it is */ }
    var p = (m.getAttribute('content') || '').split('-');
    var start = Number(p[0]), end = Number(p[1]), h = new Date().getHours();
    if (isNaN(start) || isNaN(end)) return;
    var dark = start < end ? (h >= start && h < end) : (h >= start || h < end);
    document.documentElement.classList.toggle('dark', dark);
  })();
  document.addEventListener('DOMContentLoaded', function () { shares(document); });

  /* The check-up report's "Print" button (`data-print`): hidden until this script can print,
     so a page without script never shows a button that does nothing. */
  function printButtons(root) {
    if (typeof window.print !== 'function') return;
    root.querySelectorAll('[data-print]').forEach(function (b) {
      b.hidden = false;
      b.addEventListener('click', function () { window.print(); });
    });
  }
  document.addEventListener('DOMContentLoaded', function () { printButtons(document); });

  /* "This browser" on the channels page: asks for permission, subscribes with the server's
     VAPID public key (`data-vapid`, base64url) and posts the subscription as a channel. The
     button stays hidden where the browser or the server can not push. */
  function b64urlBytes(s) {
    var b = atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4));
    var out = new Uint8Array(b.length);
    for (var i = 0; i < b.length; i++) out[i] = b.charCodeAt(i);
    return out;
  }
  function pushSetup() {
    var box = document.getElementById('push');
    if (!box) return;
    var key = box.getAttribute('data-vapid');
    var btn = document.getElementById('push-add');
    var note = document.getElementById('push-unavailable');
    var status = document.getElementById('push-status');
    if (!key || !btn || !('serviceWorker' in navigator) || !('PushManager' in window) || !window.Notification) return;
    btn.hidden = false;
    if (note) note.hidden = true;
    btn.addEventListener('click', function () {
      btn.disabled = true;
      Notification.requestPermission().then(function (permission) {
        if (permission !== 'granted') { status.textContent = box.getAttribute('data-denied'); return null; }
        return navigator.serviceWorker.ready.then(function (reg) {
          return reg.pushManager.getSubscription().then(function (s) {
            return s || reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64urlBytes(key) });
          });
        }).then(function (sub) {
          var j = sub.toJSON();
          var body = new URLSearchParams();
          body.set('csrf', csrf());
          body.set('kind', 'web_push');
          body.set('endpoint', j.endpoint || '');
          body.set('p256dh', (j.keys && j.keys.p256dh) || '');
          body.set('auth', (j.keys && j.keys.auth) || '');
          return fetch('/channels', { method: 'POST', body: body, credentials: 'same-origin' }).then(function (res) {
            if (!res.ok) throw new Error(String(res.status));
            status.textContent = box.getAttribute('data-done');
            location.assign('/channels');
          });
        });
      }).catch(function () {
        status.textContent = box.getAttribute('data-failed');
      }).then(function () { btn.disabled = false; });
    });
  }
  document.addEventListener('DOMContentLoaded', pushSetup);

  function connection() {
    document.documentElement.classList.toggle('offline', !navigator.onLine);
  }

  window.soothe = { post: post, flush: flush, queue: readQueue, uuid: uuid, localStamp: localStamp, toast: toast, t: t };
  document.addEventListener('submit', quickSubmit);
  window.addEventListener('online', function () { connection(); flush(); });
  window.addEventListener('offline', connection);
  connection();
  document.addEventListener('DOMContentLoaded', function () {
    bind(document);
    showAnswer();
    showPending();
    flush();
    setInterval(flush, 30000);
  });
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js').catch(function () { /* pages still work online */ });
    });
  }
})();
