"""Where reminders go: any apprise URL (``ntfy://``, ``gotify://``, ``mailto://``, ``json://``
for a webhook...) or ``webpush``, the person's browsers subscribed with VAPID (pywebpush).

The VAPID key pair is made on first use and kept in the database (``server_key``), so every
worker process signs with the same key and browsers' subscriptions survive a restart.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import datetime

from twitchwise.domain.errors import InputError
from twitchwise.storage.reminders import PushSubscription
from twitchwise.storage.store import Store

WEBPUSH = "webpush"
PUSH_SECONDS = 10
log = logging.getLogger("twitchwise.reminders")


def check_channel(channel: str) -> str:
    """``webpush``, or an apprise URL apprise knows; InputError ``to`` otherwise."""
    channel = channel.strip()
    if channel == WEBPUSH:
        return channel
    import apprise

    if not apprise.Apprise().add(channel):
        raise InputError(
            "to", "is not an address apprise can send to, e.g. ntfy://ntfy.sh/my-topic or webpush"
        )
    return channel


def vapid_pem(store: Store, now: datetime) -> bytes:
    """The server's VAPID private key (PEM), made on first use."""
    from py_vapid import Vapid

    def make() -> bytes:
        vapid = Vapid()
        vapid.generate_keys()
        return bytes(vapid.private_pem())

    with store.reminders() as reminders:
        return reminders.key("vapid", make, now)


def vapid_public_key(store: Store, now: datetime) -> str:
    """The VAPID public key, as a browser's ``applicationServerKey`` wants it (base64url of the
    uncompressed point)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    from py_vapid import Vapid

    vapid = Vapid.from_pem(vapid_pem(store, now))
    raw = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def send_apprise(url: str, title: str, body: str) -> str | None:
    """Send through apprise; the reason it failed, or None."""
    import apprise

    sender = apprise.Apprise()
    if not sender.add(url):
        return "the address is not one apprise can send to"
    return None if sender.notify(title=title, body=body) else "apprise could not deliver it"


def send_push(
    subscriptions: list[PushSubscription],
    pem: bytes,
    subject: str,
    title: str,
    body: str,
    link: str,
) -> str | None:
    """Send to each subscribed browser; the reason it failed everywhere, or None."""
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    if not subscriptions:
        return "no browser has subscribed to push reminders"
    vapid = Vapid.from_pem(pem)
    data = json.dumps({"title": title, "body": body, "url": link})
    errors = []
    for sub in subscriptions:
        info = {"endpoint": sub.endpoint, "keys": {"p256dh": sub.p256dh, "auth": sub.auth}}
        try:
            webpush(
                info,
                data,
                vapid_private_key=vapid,
                vapid_claims={"sub": subject},
                timeout=PUSH_SECONDS,
            )
        except (WebPushException, OSError, ValueError) as error:
            errors.append(str(error).splitlines()[0][:120])
    return None if len(errors) < len(subscriptions) else "; ".join(errors)
