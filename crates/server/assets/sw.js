/* soothe's service worker: keeps the embedded assets (hashed names never change) and every
   page opened, so soothe opens and a started session keeps running without a connection.
   Pages come from the network first (fresh data), from the cache when offline. Writes are
   never cached: the page queues them (app.js). */
'use strict';
var CACHE = 'soothe-__VERSION__';
var ASSETS = __ASSETS__;

self.addEventListener('install', function (event) {
  event.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(ASSETS.concat(['/offline'])); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (k) { return k.indexOf('soothe-') === 0 && k !== CACHE; })
      .map(function (k) { return caches.delete(k); }));
  }).then(function () { return self.clients.claim(); }));
});

/* Pages worth keeping for offline use. Not kept: the player (its plan is only good for the
   moment it was made), the check's answers (/massage with a choice), the account, the
   household and invitations (secrets and other people's addresses). */
function keep(url) {
  var p = url.pathname;
  if (p === '/massage') return url.search === '';
  return p === '/' || p === '/journal' || p === '/journal/new' || p === '/routines' ||
    p.indexOf('/routines/') === 0 || p === '/evidence' || p === '/oils' || p === '/offline';
}

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  if (url.origin !== location.origin || url.pathname.indexOf('/api/') === 0) return;
  if (url.pathname.indexOf('/assets/') === 0) {
    event.respondWith(caches.match(req).then(function (hit) {
      return hit || fetch(req).then(function (res) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(req, copy); });
        return res;
      });
    }));
    return;
  }
  if (req.mode === 'navigate') {
    event.respondWith(fetch(req).then(function (res) {
      if (res.ok && keep(url)) {
        var copy = res.clone();
        caches.open(CACHE).then(function (c) { c.put(req, copy); });
      }
      return res;
    }).catch(function () {
      return caches.match(req).then(function (hit) { return hit || caches.match('/offline'); });
    }));
  }
});

/* A reminder pushed by soothe (Web Push, RFC 8291): the payload's title and body, in the
   household's words; a tap opens its page in soothe (never another site). */
self.addEventListener('push', function (event) {
  var data = {};
  if (event.data) {
    try { data = event.data.json(); } catch (e) { data = { body: event.data.text() }; }
  }
  event.waitUntil(self.registration.showNotification(data.title || 'soothe', {
    body: data.body || '',
    tag: data.id || undefined,
    icon: ASSETS.filter(function (a) { return a.indexOf('icon-192') !== -1; })[0],
    data: { url: data.url || '/' }
  }));
});

self.addEventListener('notificationclick', function (event) {
  event.notification.close();
  var url;
  try { url = new URL((event.notification.data && event.notification.data.url) || '/', location.origin); } catch (e) { url = null; }
  if (!url || url.origin !== location.origin) url = new URL('/', location.origin);
  event.waitUntil(self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(function (list) {
    for (var i = 0; i < list.length; i++) {
      if (list[i].url === url.href && 'focus' in list[i]) return list[i].focus();
    }
    return self.clients.openWindow(url.href);
  }));
});
