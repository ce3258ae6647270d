"""Reminders as notifications on the phone (issue 19), in Chromium at 375 px.

The reminders page's "Allow notifications here" asks for permission, subscribes the browser with
the server's VAPID key and hands the subscription to the server; a reminder sent to ``webpush``
then reaches the push endpoint encrypted for that browser; delivered to the service worker, it is
shown as a notification with a "Stop this reminder" button; "Stop notifications here" forgets the
subscription on both sides.

Headless Chromium has no push service (``pushManager.subscribe`` is refused: no Google account,
no network), so two things stand in for it, and nothing else: ``PushManager``'s ``subscribe`` and
``getSubscription`` answer a subscription whose endpoint is a receiver the test starts and whose
keys the test made; and the receiver's message, decrypted with those keys as the browser would,
is delivered to the service worker through the DevTools protocol
(``ServiceWorker.deliverPushMessage``), the path Chromium's own push service takes into it."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

import http_ece
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from playwright.sync_api import expect

from tests.browser.harness import PHONE, LiveServer, Watched, axe_check, screenshot
from tests.browser.push_stand_in import STAND_IN, b64
from tests.services.receiver import Received, receiver

pytestmark = pytest.mark.slow

NOTIFICATIONS = """async () => (await (await navigator.serviceWorker.ready).getNotifications())
    .map(n => ({
        title: n.title, body: n.body, data: n.data, actions: n.actions.map(a => a.title)
    }))"""


@pytest.fixture
def push_service() -> Iterator[Received]:
    with receiver() as found:
        yield found


@pytest.fixture
def device(browser: Any, watched: Watched, fresh_server: LiveServer) -> Iterator[dict[str, Any]]:
    """A phone that allowed notifications for the app, its push keys made here."""
    private = ec.generate_private_key(ec.SECP256R1())
    public = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    secret = b"sixteen byte key"
    context = browser.new_context(viewport=PHONE, locale="en-GB", has_touch=True, is_mobile=True)
    context.set_default_timeout(15_000)
    context.grant_permissions(["notifications"], origin=fresh_server.url)
    opened = context.new_page()
    opened.on(
        "console",
        lambda message: message.type == "error" and watched.errors.append(message.text),
    )
    opened.on("pageerror", lambda error: watched.errors.append(str(error)))
    yield {
        "context": context,
        "page": opened,
        "private": private,
        "secret": secret,
        "keys": {"p256dh": b64(public), "auth": b64(secret)},
    }
    context.close()


def deliver(context: Any, page: Any, origin: str, data: str) -> None:
    """Into the page's service worker, as Chromium's push service would."""
    session = context.new_cdp_session(page)
    found: list[dict[str, Any]] = []
    session.on("ServiceWorker.workerRegistrationUpdated", lambda event: found.append(event))
    session.send("ServiceWorker.enable")
    for _ in range(50):
        if found and found[-1]["registrations"]:
            registration = str(found[-1]["registrations"][0]["registrationId"])
            message = {"origin": origin, "registrationId": registration, "data": data}
            session.send("ServiceWorker.deliverPushMessage", message)
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker's registration was never reported")


def test_a_reminder_reaches_the_phone_as_a_notification_and_stops_there(
    device: dict[str, Any],
    fresh_server: LiveServer,
    push_service: Received,
    watched: Watched,
    axe_source: str,
) -> None:
    context, page = device["context"], device["page"]
    endpoint = f"http://127.0.0.1:{push_service.port}/push/phone"
    page.add_init_script(STAND_IN % json.dumps({"endpoint": endpoint, "keys": device["keys"]}))
    page.goto(f"{fresh_server.url}/reminders")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    state = page.locator("#push-state")
    allow = page.get_by_role("button", name="Allow notifications here")
    stop = page.get_by_role("button", name="Stop notifications here")
    expect(state).to_have_text("This device does not show reminders yet.")
    expect(stop).to_be_hidden()
    allow.tap()
    expect(state).to_have_text("This device shows your reminders sent to webpush.")
    expect(allow).to_be_hidden()
    asked = json.loads(page.evaluate("localStorage.getItem('stand-in-push')"))
    server_key = json.loads(fresh_server.get("/api/v1/push/key"))["public_key"]
    assert asked["userVisibleOnly"] is True
    assert bytes(asked["key"]) == base64.urlsafe_b64decode(server_key + "=")
    screenshot(page, "reminders-push")
    axe_check(page, axe_source)

    page.fill("#remind-name", "morning")
    page.select_option("#remind-kind", label="How did you sleep? (morning)")
    page.fill("#remind-at", "08:00")
    page.fill("#remind-to", "webpush")
    page.get_by_role("button", name="Add the reminder").tap()
    expect(state).to_have_text("This device shows your reminders sent to webpush.")
    page.get_by_role("button", name="Send morning now").tap()
    expect(page.locator("[role=status]", has_text="Sent “morning”.")).to_have_count(1)

    assert len(push_service.raw) == 1
    headers, body = push_service.raw[0]
    assert {k.lower(): v for k, v in headers.items()}["content-encoding"] == "aes128gcm"
    plain = http_ece.decrypt(
        body, private_key=device["private"], auth_secret=device["secret"], version="aes128gcm"
    )
    message = json.loads(plain)
    assert message["title"] == "How did you sleep?"
    assert "Stop this reminder" not in message["body"]  # the notification has a button for it
    assert message["open"] == "/log"
    assert re.search(r"/remind/stop/\S+$", message["url"])

    deliver(context, page, fresh_server.url, plain.decode())
    shown: list[dict[str, Any]] = []
    for _ in range(50):
        shown = page.evaluate(NOTIFICATIONS)
        if shown:
            break
        page.wait_for_timeout(100)
    assert len(shown) == 1, shown
    assert shown[0]["title"] == "How did you sleep?"
    assert shown[0]["body"] == message["body"]
    assert shown[0]["actions"] == ["Stop this reminder"]
    assert shown[0]["data"]["stop"] == message["url"]
    assert shown[0]["data"]["open"] == f"{fresh_server.url}/log"

    stop.tap()
    expect(state).to_have_text("This device does not show reminders yet.")
    expect(stop).to_be_hidden()
    assert page.evaluate("localStorage.getItem('stand-in-push')") is None
    page.get_by_role("button", name="Send morning now").tap()
    expect(page.locator(".reminder-list")).to_contain_text(
        "failed: no browser has subscribed to push reminders"
    )
    assert len(push_service.raw) == 1  # nothing more was sent
    page.get_by_role("button", name="Remove morning").tap()
    watched.assert_no_errors()
