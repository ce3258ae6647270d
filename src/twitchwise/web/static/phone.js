/* twitchwise on the phone: registers the service worker, sends the outbox (on opening, when the
   connection returns, when the app comes back to the front, every 20 s while anything waits,
   and by Background Sync where the browser has it), makes "Log now" work through the outbox,
   marks pages read offline as read-only, turns reminders as notifications on and off (the
   reminders page), and clears the phone's copies and its notifications on signing out. */
(function () {
  "use strict";
  var outbox = self.TwitchwiseOutbox;
  var RETRY_MS = 20000;
  var csrf = (function () {
    var field = document.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  })();

  /* --- the service worker --- */
  function register() {
    if (!("serviceWorker" in navigator)) { return; }
    var first = !navigator.serviceWorker.controller;
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      if (first && registration.active && navigator.onLine) {
        registration.active.postMessage({ type: "keep-page", url: location.href });
      }
    }).catch(function () {});
  }

  function askSync() {
    if (!("serviceWorker" in navigator)) { return; }
    navigator.serviceWorker.ready.then(function (registration) {
      if (registration.sync) { return registration.sync.register("outbox"); }
    }).catch(function () {});
  }

  /* --- the waiting list --- */
  var listed = document.getElementById("outbox-list");
  var summary = document.getElementById("outbox-summary");
  function show() {
    if (!outbox || !listed) { return Promise.resolve(); }
    return outbox.list().then(function (items) {
      listed.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "outbox-item " + item.state;
        li.dataset.id = item.id;
        var what = document.createElement("span");
        what.textContent = item.label;
        var state = document.createElement("span");
        state.className = "outbox-state";
        state.textContent = item.state === "waiting" ? "waiting to send" : "not saved: " + item.reason;
        li.appendChild(what);
        li.appendChild(state);
        listed.appendChild(li);
      });
      var waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
      summary.textContent = items.length === 0 ? "Everything you logged here has been sent." :
        waiting + (waiting === 1 ? " entry waits" : " entries wait") + " to be sent" +
        (navigator.onLine ? "." : " when the connection returns.");
    });
  }

  /* Send what waits; resolves to the number sent. ``quiet``: the caller says what happened. */
  var timer = null;
  function send(quiet) {
    if (!outbox) { return Promise.resolve(0); }
    var sent = 0;
    return outbox.flush().then(function (count) {
      sent = count;
      return show().then(function () {
        if (sent > 0 && quiet !== true) { say(sent === 1 ? "1 entry sent." : sent + " entries sent."); }
        return outbox.list();
      });
    }).then(function (items) {
      var waiting = items.some(function (i) { return i.state === "waiting"; });
      if (waiting && timer === null) { timer = setInterval(send, RETRY_MS); }
      if (!waiting && timer !== null) { clearInterval(timer); timer = null; }
      return sent;
    }).catch(function () { return sent; });
  }

  var notice = document.getElementById("now-said");
  function say(text) { if (notice) { notice.textContent = text; } }

  function keep(path, body, label) {
    var item = null;
    return outbox.add(path, body, label, csrf).then(function (added) {
      item = added;
      askSync();
      return show();
    }).then(function () { return send(true); }).then(function () {
      return outbox.list();
    }).then(function (items) {
      var left = items.filter(function (i) { return i.id === item.id; })[0];
      if (!left) { say("Saved: " + label + "."); }
      else if (left.state === "refused") { say("Not saved: " + label + ": " + left.reason); }
      else { say("Kept on this phone: " + label + ". It is sent when the connection returns."); }
    });
  }

  /* An ISO time with the phone's own offset, as the diary keeps it. */
  function now() {
    var at = new Date();
    var offset = -at.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    var pad = function (n) { return String(Math.floor(Math.abs(n))).padStart(2, "0"); };
    var local = new Date(at.getTime() + offset * 60000).toISOString().slice(0, 19);
    return local + sign + pad(offset / 60) + ":" + pad(offset % 60);
  }

  /* --- Log now --- */
  function wireNow() {
    var episode = document.getElementById("now-episode");
    if (episode && outbox) {
      episode.addEventListener("submit", function (event) {
        event.preventDefault();
        var kind = episode.querySelector("input[name=kind]:checked");
        var site = event.submitter;
        if (!kind) { say("Choose twitch, cramp or spasm first."); return; }
        if (!site || !site.value) { return; }
        var label = kind.dataset.label + " · " + site.dataset.label + " · " + new Date().toTimeString().slice(0, 5);
        keep("/api/v1/episodes", { kind: kind.value, started_at: now(), body_sites: [site.value] }, label)
          .then(function () { kind.checked = false; episode.classList.remove("chosen"); });
      });
      episode.addEventListener("change", function () { episode.classList.add("chosen"); });
    }
    var chips = document.getElementById("now-chips");
    if (chips && outbox) {
      chips.querySelectorAll("input[data-amount-of]").forEach(function (input) {
        var remembered = localStorage.getItem("twitchwise-amount-" + input.dataset.amountOf);
        if (remembered) { input.value = remembered; }
      });
      chips.addEventListener("submit", function (event) {
        event.preventDefault();
        var chip = event.submitter;
        if (!chip) { return; }
        var input = chips.querySelector("input[data-amount-of=" + chip.value + "]");
        var amount = Number(input.value);
        if (!input.value || !isFinite(amount) || amount < 0) { say("The amount must be a number."); return; }
        localStorage.setItem("twitchwise-amount-" + chip.value, input.value);
        var label = chip.dataset.label + " · " + input.value + " " + chip.dataset.unit + " · " + new Date().toTimeString().slice(0, 5);
        keep("/api/v1/exposures", { type: chip.dataset.type, started_at: now(), amount: amount }, label).then(function () {
          var count = chip.querySelector(".chip-count");
          if (count) { count.textContent = String(Number(count.textContent || "0") + 1); }
        });
      });
    }
  }

  /* --- offline: the page is a copy, read-only --- */
  var disabled = [];
  function offline() {
    document.body.classList.add("offline");
    var banner = document.getElementById("offline-banner");
    if (banner) { banner.hidden = false; }
    document.querySelectorAll("form:not([data-outbox]) :is(button, input, select, textarea):not([disabled])")
      .forEach(function (control) { control.disabled = true; disabled.push(control); });
    show();
  }
  function online() {
    document.body.classList.remove("offline");
    var banner = document.getElementById("offline-banner");
    if (banner) { banner.hidden = true; }
    disabled.forEach(function (control) { control.disabled = false; });
    disabled = [];
    send();
  }

  /* --- the API, signed in by the page's cookie --- */
  function api(method, path, body) {
    var headers = { "x-csrf-token": csrf };
    if (body !== undefined) { headers["content-type"] = "application/json"; }
    return fetch(path, {
      method: method, headers: headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (answer) {
      if (answer.status === 204) { return null; }
      return answer.json().catch(function () { return {}; }).then(function (found) {
        if (answer.ok) { return found; }
        var error = new Error((found && found.error && found.error.reason) || "the server answered " + answer.status);
        error.status = answer.status;
        throw error;
      });
    });
  }

  /* --- reminders as notifications (Web Push), on the reminders page --- */
  function keyBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function pushSubscription() {
    return navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    });
  }

  /* Forget this browser's subscription here and at the server (signing out, "Stop"). */
  function stopPush() {
    if (!("serviceWorker" in navigator) || !("PushManager" in window)) { return Promise.resolve(); }
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      return registration ? registration.pushManager.getSubscription() : null;
    }).then(function (subscription) {
      if (!subscription) { return null; }
      return api("DELETE", "/api/v1/push/subscriptions", { endpoint: subscription.endpoint })
        .catch(function () {}).then(function () { return subscription.unsubscribe(); });
    });
  }

  function wirePush() {
    var state = document.getElementById("push-state");
    var on = document.getElementById("push-on");
    var off = document.getElementById("push-off");
    if (!state || !on || !off) { return; }
    var tell = function (text) { state.textContent = text; };
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      tell(/iP(hone|ad|od)/.test(navigator.userAgent) ?
        "This browser cannot show notifications here: add twitchwise to the home screen and open it from there." :
        "This browser cannot show notifications from a site. Send reminders to ntfy, Gotify or email instead.");
      return;
    }
    function shown(subscription) {
      on.hidden = Boolean(subscription);
      off.hidden = !subscription;
      if (subscription) { tell("This device shows your reminders sent to webpush."); }
      else if (Notification.permission === "denied") {
        on.hidden = true;
        tell("Notifications are blocked for this site: allow them in the browser's settings for it, then reload this page.");
      } else { tell("This device does not show reminders yet."); }
    }
    pushSubscription().then(shown).catch(function () { tell("The app's service worker did not start, so notifications cannot be set up here."); });
    on.addEventListener("click", function () {
      on.disabled = true;
      tell("Asking the browser…");
      Notification.requestPermission().then(function (answer) {
        if (answer !== "granted") { throw new Error("notifications were not allowed"); }
        return Promise.all([navigator.serviceWorker.ready, api("GET", "/api/v1/push/key")]);
      }).then(function (got) {
        return got[0].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(got[1].public_key) });
      }).then(function (subscription) {
        return api("POST", "/api/v1/push/subscriptions", subscription.toJSON()).then(function () {
          return subscription;
        }, function (error) {
          return subscription.unsubscribe().then(function () { throw error; });
        });
      }).then(shown, function (error) {
        shown(null);
        tell("Not turned on: " + (error && error.message ? error.message : error) + ".");
      }).finally(function () { on.disabled = false; });
    });
    off.addEventListener("click", function () {
      off.disabled = true;
      stopPush().then(function () { shown(null); }, function (error) {
        tell("Not stopped: " + (error && error.message ? error.message : error) + ".");
      }).finally(function () { off.disabled = false; });
    });
  }

  /* --- signing out: nothing of this person stays on the phone --- */
  function wireSignOut() {
    document.querySelectorAll("form[action='/sign-out']").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        if (form.dataset.cleared) { return; }
        event.preventDefault();
        (outbox ? outbox.list() : Promise.resolve([])).then(function (items) {
          var waiting = items.filter(function (i) { return i.state === "waiting"; }).length;
          if (waiting && !window.confirm(waiting + " of your entries are not sent yet: signing out deletes them from this phone. Sign out anyway?")) { return; }
          clearAndLeave(form);
        });
      });
    });
  }

  function clearAndLeave(form) {
    var work = [stopPush().catch(function () {})];  /* no reminders for them here */
    if (outbox) { work.push(outbox.clear()); }
    if (self.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage({ type: "sign-out" });
    }
    Promise.all(work).catch(function () {}).then(function () {
      form.dataset.cleared = "1";
      form.submit();
    });
  }

  register();
  wireNow();
  wirePush();
  wireSignOut();
  window.addEventListener("online", online);
  window.addEventListener("offline", offline);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") { send(); }
  });
  if (navigator.onLine) { send(); } else { offline(); }
})();
