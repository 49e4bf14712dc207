/* microconf: keeps a conference's public programme readable with no network.
   Served from /<conference>/service-worker.js, so it controls that conference's
   pages only. It keeps the anonymous (public) version of every page listed by
   offline.json and fetches them again when the programme version changes.
   Only the pages offline.json lists and static assets are stored, and never a
   response marked private (a signed-in page). */
"use strict";

var scope = self.registration.scope; // e.g. http://host/lpc2023/
var CACHE = "microconf:" + new URL(scope).pathname;
// Not a page address (a fragment would be dropped and overwrite the home page).
var VERSION_KEY = scope + "offline-version";

function isPublic(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && response.type === "basic" && control.indexOf("private") === -1 &&
    control.indexOf("no-store") === -1;
}

// Pages are fetched without cookies, so what is kept is what anyone may read.
function keep(cache, url) {
  return fetch(url, { credentials: "omit", cache: "no-cache" }).then(function (response) {
    if (isPublic(response)) return cache.put(url, response);
    return null;
  }).catch(function () { return null; });
}

function refresh() {
  return fetch(scope + "offline.json", { credentials: "omit", cache: "no-cache" })
    .then(function (r) { return r.json(); })
    .then(function (list) {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(VERSION_KEY).then(function (kept) {
          return kept ? kept.text() : "";
        }).then(function (keptVersion) {
          if (keptVersion === list.version) return null;
          var urls = list.pages.concat(list.assets);
          // A few at a time: the server and the phone both have other work.
          var queue = urls.slice();
          function next() {
            var url = queue.shift();
            return url ? keep(cache, url).then(next) : null;
          }
          return Promise.all([next(), next(), next(), next()]).then(function () {
            return cache.put(VERSION_KEY, new Response(list.version));
          });
        });
      });
    })
    .catch(function () { return null; }); // offline: keep what is there
}

self.addEventListener("install", function (event) {
  event.waitUntil(self.skipWaiting());
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim().then(refresh));
});

self.addEventListener("message", function (event) {
  if (event.data === "refresh") event.waitUntil(refresh());
});

function cacheable(request) {
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return false;
  if (url.pathname.indexOf("/static/") === 0) return true;
  return request.url.indexOf(scope) === 0 && url.search === "";
}

// Network first, so an online reader always gets the current page (a 304 costs
// little); the kept copy answers when the network does not.
self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (!cacheable(request)) return;
  event.respondWith(
    fetch(request).then(function (response) {
      if (isPublic(response)) {
        var copy = response.clone();
        // Only a page the list named (so kept already) or an asset is stored again:
        // a signed-in page need not say "private" (the team's pages do not).
        var asset = new URL(request.url).pathname.indexOf("/static/") === 0;
        caches.open(CACHE).then(function (cache) {
          var listed = asset ? Promise.resolve(true)
            : cache.match(request.url, { ignoreVary: true }).then(Boolean);
          return listed.then(function (yes) {
            return yes ? cache.put(request.url, copy) : null;
          });
        });
      }
      return response;
    }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        // Kept pages were fetched without cookies and say "Vary: Cookie".
        return cache.match(request.url, { ignoreVary: true }).then(function (kept) {
          return kept || Response.error();
        });
      });
    })
  );
});
