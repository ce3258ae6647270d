/* twitchwise's service worker (served at /sw.js: its scope is the whole site).

   - The app's own files (styles, scripts, font, icons) are kept at install: the pages work
     offline with them.
   - Pages: network first. A page is kept to read offline only when the server marks it with
     Twitchwise-Offline-Scope (a person's page, for one sign-in), in that scope's own cache;
     a page without the mark or with another one drops every kept page (web/offline.py states
     the rule). The API is never kept.
   - Offline, a page opened before is answered from its scope's cache (read-only: forms other
     than the outbox's wait for the connection); one never opened gets a short offline page.
   - "sign-out" (a message from the page) deletes every cache; Background Sync ("outbox")
     sends the outbox where the browser has it.
   - A reminder sent by Web Push is shown as a notification: tapping it opens the page it names
     (Log now, the report...); its "Stop" button opens the reminder's stop page, where one more
     click stops it (a link alone never stops anything: mail scanners open links). */
"use strict";
importScripts("/static/outbox.js");

var VERSION = "1";  /* the server puts a hash of SHELL_FILES here (web/pages/phone.py) */
var SHELL = "twitchwise-shell-" + VERSION;
var PAGES = "twitchwise-pages-";
var META = "twitchwise-meta";
var SHELL_FILES = [
  "/static/app.css", "/static/vendor/fonts.css", "/static/vendor/inter-latin-wght-normal.woff2",
  "/static/vendor/htmx.min.js", "/static/outbox.js", "/static/phone.js", "/static/favicon.svg",
  "/icons/192.png"
];

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_FILES); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("twitchwise-shell-") === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function currentScope() {
  return caches.open(META).then(function (cache) { return cache.match("/scope"); })
    .then(function (found) { return found ? found.text() : ""; });
}

function dropPages(except) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES) === 0 && name !== PAGES + except;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function keepPage(request, response) {
  var scope = response.headers.get("twitchwise-offline-scope") || "";
  var html = (response.headers.get("content-type") || "").indexOf("text/html") === 0;
  if (!html) { return Promise.resolve(); }
  if (!scope || response.status !== 200 || response.redirected) {
    /* a stranger's page (signed out): nothing of anyone's may stay */
    return dropPages("").then(function () { return caches.delete(META); });
  }
  return dropPages(scope).then(function () {
    return caches.open(META);
  }).then(function (meta) {
    return meta.put("/scope", new Response(scope));
  }).then(function () {
    return caches.open(PAGES + scope);
  }).then(function (cache) { return cache.put(request.url.split("#")[0], response); });
}

var OFFLINE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">" +
  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Offline · twitchwise</title><link rel=\"stylesheet\" href=\"/static/app.css\"></head>" +
  "<body><main id=\"main\"><h1>No connection</h1><p>This page was not opened on this phone " +
  "before, so there is no copy of it. <a href=\"/now\">Log now</a> works offline: what you log " +
  "waits on the phone and is sent when the connection returns.</p></main></body></html>";

function page(request) {
  return fetch(request).then(function (response) {
    return keepPage(request, response.clone()).catch(function () {}).then(function () {
      return response;
    });
  }, function () {
    return currentScope().then(function (scope) {
      if (!scope) { return undefined; }
      return caches.open(PAGES + scope).then(function (cache) {
        return cache.match(request.url.split("#")[0]);
      });
    }).then(function (found) {
      return found || new Response(OFFLINE, { status: 503, headers: { "content-type": "text/html; charset=utf-8" } });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/api/") === 0) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0 || url.pathname.indexOf("/icons/") === 0) {
    event.respondWith(caches.match(request, { cacheName: SHELL }).then(function (found) {
      return found || fetch(request);
    }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var reply = function () { if (event.ports && event.ports[0]) { event.ports[0].postMessage("done"); } };
  if (data.type === "sign-out") {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.map(function (name) { return caches.delete(name); }));
    }).then(reply));
  } else if (data.type === "keep-page" && data.url) {
    /* the page that registered the worker was fetched before it: fetch it again to keep it */
    var request = new Request(data.url, { credentials: "same-origin" });
    event.waitUntil(fetch(request).then(function (response) {
      return keepPage(request, response);
    }).catch(function () {}).then(reply));
  }
});

self.addEventListener("sync", function (event) {
  if (event.tag === "outbox") {
    event.waitUntil(self.TwitchwiseOutbox.flush());
  }
});

/* --- reminders by Web Push --- */
function pageAt(address, fallback) {
  try {
    var url = new URL(address || fallback, self.location.origin);
    /* the stop link is the server's public address; anything else opens this app's own page */
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : fallback;
  } catch (error) {
    return fallback;
  }
}

self.addEventListener("push", function (event) {
  var message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { body: event.data ? event.data.text() : "" };
  }
  var title = message.title || "twitchwise";
  event.waitUntil(self.registration.showNotification(title, {
    body: message.body || "",
    icon: "/icons/192.png",
    badge: "/icons/192.png",
    tag: "twitchwise-" + title,
    data: { open: pageAt(message.open, "/now"), stop: message.url ? pageAt(message.url, "") : "" },
    actions: message.url ? [{ action: "stop", title: "Stop this reminder" }] : []
  }));
});

self.addEventListener("notificationclick", function (event) {
  var data = event.notification.data || {};
  var target = event.action === "stop" && data.stop ? data.stop : (data.open || "/now");
  event.notification.close();
  event.waitUntil(self.clients.matchAll({ type: "window", includeUncontrolled: true }).then(function (open) {
    var same = open.filter(function (client) { return client.url === new URL(target, self.location.origin).href; })[0];
    if (same && same.focus) { return same.focus(); }
    return self.clients.openWindow(target);
  }));
});
