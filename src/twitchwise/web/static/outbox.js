/* twitchwise's outbox: entries made on the phone, kept in IndexedDB until the server has them.
   Loaded by the pages (phone.js) and by the service worker (sw.js, for Background Sync).
   Each entry gets an id made here (crypto.randomUUID), sent as the Idempotency-Key header, so
   sending it twice (a lost answer, two tabs, the worker and a page at once) adds it once. */
(function (root) {
  "use strict";
  var DB = "twitchwise-outbox";
  var STORE = "entries";

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  /* Keep an entry: path is the API's (/api/v1/episodes), body its JSON, label what the list
     shows, csrf the page's token (accounts mode, signed in by cookie). */
  function add(path, body, label, csrf) {
    var item = {
      id: crypto.randomUUID(), path: path, body: body, label: label, csrf: csrf || "",
      made: Date.now(), seq: performance.timeOrigin + performance.now(), state: "waiting", reason: ""
    };
    return run("readwrite", function (store) { store.put(item); }).then(function () { return item; });
  }

  function list() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.made - b.made || a.seq - b.seq; });
    });
  }

  function put(item) { return run("readwrite", function (store) { store.put(item); }); }
  function remove(id) { return run("readwrite", function (store) { store.delete(id); }); }
  function clear() { return run("readwrite", function (store) { store.clear(); }); }

  /* Send every waiting entry, oldest first; stop at the first that cannot be sent now (no
     connection, signed out, the server busy): it and those after it wait for the next try.
     Answers: 2xx sent; 409 "already in the journal" sent before; another 4xx refused (kept,
     shown with the reason, never sent again). Resolves to the number sent. */
  var flushing = null;
  function flush() {
    if (flushing) { return flushing; }
    flushing = list().then(function (items) {
      var sent = 0;
      var waiting = items.filter(function (item) { return item.state === "waiting"; });
      function next(index) {
        if (index >= waiting.length) { return sent; }
        var item = waiting[index];
        var headers = { "content-type": "application/json", "idempotency-key": "\"" + item.id + "\"" };
        if (item.csrf) { headers["x-csrf-token"] = item.csrf; }
        return fetch(item.path, {
          method: "POST", headers: headers, body: JSON.stringify(item.body),
          credentials: "same-origin", cache: "no-store"
        }).then(function (answer) {
          if (answer.ok || answer.status === 409) {
            sent += 1;
            return remove(item.id).then(function () { return next(index + 1); });
          }
          if (answer.status >= 400 && answer.status < 500 && [401, 403, 408, 429].indexOf(answer.status) < 0) {
            return answer.json().catch(function () { return {}; }).then(function (body) {
              item.state = "refused";
              item.reason = (body && body.error && body.error.reason) || ("refused (" + answer.status + ")");
              return put(item).then(function () { return next(index + 1); });
            });
          }
          return sent;  /* 401/403/429/5xx: try again later */
        }, function () { return sent; });  /* no connection */
      }
      return next(0);
    }).finally(function () { flushing = null; });
    return flushing;
  }

  root.TwitchwiseOutbox = { add: add, list: list, put: put, flush: flush, remove: remove, clear: clear };
})(self);
