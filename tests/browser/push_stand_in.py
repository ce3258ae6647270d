"""A stand-in for the browser's push service, which headless Chromium does not have
(``pushManager.subscribe`` is refused there): ``PushManager``'s ``subscribe`` and
``getSubscription`` answer a subscription with the endpoint and keys a test chose (format with a
JSON object ``{"endpoint": ..., "keys": {"p256dh": ..., "auth": ...}}``). What ``subscribe`` was
asked is kept in ``localStorage['stand-in-push']``; ``unsubscribe`` removes it."""

from __future__ import annotations

import base64

STAND_IN = """(() => {
    const made = %s;
    const subscription = () => ({
        endpoint: made.endpoint, expirationTime: null, options: {},
        toJSON() { return {endpoint: made.endpoint, expirationTime: null, keys: made.keys}; },
        unsubscribe() { localStorage.removeItem('stand-in-push'); return Promise.resolve(true); },
    });
    PushManager.prototype.subscribe = function (options) {
        const key = new Uint8Array(options.applicationServerKey);
        localStorage.setItem('stand-in-push', JSON.stringify({
            userVisibleOnly: options.userVisibleOnly, key: Array.from(key),
        }));
        return Promise.resolve(subscription());
    };
    PushManager.prototype.getSubscription = function () {
        return Promise.resolve(localStorage.getItem('stand-in-push') ? subscription() : null);
    };
})();"""


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
