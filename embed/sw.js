/* paperkube's optional service worker (docs/embedding.md, "Offline"): network first, and every
   same-origin page and file fetched is kept, so pages visited once keep working offline.
   Put it at the site's root (Hugo: static/paperkube-sw.js) so its scope covers the pages. */
'use strict';
var CACHE = 'paperkube-pages-' + '@VERSION@';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (keys) {
        return Promise.all(
          keys
            .filter(function (k) {
              return k.indexOf('paperkube-pages-') === 0 && k !== CACHE;
            })
            .map(function (k) {
              return caches.delete(k);
            }),
        );
      })
      .then(function () {
        return self.clients.claim();
      }),
  );
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  if (req.method !== 'GET' || new URL(req.url).origin !== self.location.origin) return;
  event.respondWith(
    fetch(req)
      .then(function (res) {
        if (res.ok) {
          var copy = res.clone();
          caches.open(CACHE).then(function (c) {
            return c.put(req, copy);
          });
        }
        return res;
      })
      .catch(function () {
        return caches.match(req, { ignoreSearch: false }).then(function (hit) {
          return hit || Response.error();
        });
      }),
  );
});
