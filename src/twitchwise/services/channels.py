"""Where reminders go: any apprise URL (``ntfy://``, ``gotify://``, ``mailto://``, ``json://``
for a webhook...) or ``webpush``, the person's browsers subscribed with VAPID (pywebpush).

The VAPID key pair is made on first use and kept in the database (``server_key``), so every
worker process signs with the same key and browsers' subscriptions survive a restart.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import logging
import socket
from datetime import datetime
from urllib.parse import urlsplit

from twitchwise.domain.errors import InputError
from twitchwise.storage.reminders import PushSubscription
from twitchwise.storage.store import Store

WEBPUSH = "webpush"
PUSH_SECONDS = 10
log = logging.getLogger("twitchwise.reminders")


def check_channel(channel: str, shared_server: bool = False) -> str:
    """``webpush``, or an apprise URL apprise knows; InputError ``to`` otherwise. On a shared
    server (accounts mode) the address must not lead into the server's own network."""
    channel = channel.strip()
    if channel == WEBPUSH:
        return channel
    import apprise

    if not apprise.Apprise().add(channel):
        raise InputError(
            "to", "is not an address apprise can send to, e.g. ntfy://ntfy.sh/my-topic or webpush"
        )
    if shared_server:
        refuse_inside(channel, "to")
    return channel


def refuse_inside(address: str, field: str) -> None:
    """Refuse an address whose host is, or resolves to, the server itself or its private
    network: on a server many people share, a reminder or a push subscription must not make the
    server send requests to its own database, cache or neighbours (server-side request forgery).
    A host that does not resolve now is let through; the sender cannot reach it either."""
    host = urlsplit(address).hostname
    if not host:
        return
    try:
        found = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except (OSError, UnicodeError):
        found = set()
    try:
        found.add(str(ipaddress.ip_address(host)))
    except ValueError:
        pass
    for text in found:
        where = ipaddress.ip_address(text.split("%")[0])
        if not where.is_global or where.is_multicast:
            raise InputError(
                field,
                "leads to an address inside this server's network; on a shared server reminders "
                "go to public services only",
            )


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
    message: dict[str, str],
) -> tuple[str | None, list[str]]:
    """Send ``message`` (what the service worker shows: title, body, the stop link ``url``, the
    page to ``open``) to each subscribed browser. Answers the reason it failed everywhere (or
    None) and the endpoints the push service says are gone (404, 410: the browser unsubscribed
    or the subscription expired), which the caller forgets."""
    from py_vapid import Vapid
    from pywebpush import WebPushException, webpush

    if not subscriptions:
        return "no browser has subscribed to push reminders", []
    vapid = Vapid.from_pem(pem)
    data = json.dumps(message)
    errors, gone = [], []
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
            status = getattr(getattr(error, "response", None), "status_code", None)
            if status in (404, 410):
                gone.append(sub.endpoint)
            errors.append(str(error).splitlines()[0][:120])
    return (None if len(errors) < len(subscriptions) else "; ".join(errors)), gone
