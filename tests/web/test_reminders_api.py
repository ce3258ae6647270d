"""Reminders over the API and the stop link's page (issue 19), and Web Push: a subscribed
browser's endpoint (a local receiver) gets the reminder encrypted for its keys, signed with the
server's VAPID key, and the browser's private key reads it back."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from fastapi.testclient import TestClient

from tests.services.receiver import receiver
from tests.web.accounts import two_people


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def test_a_reminder_is_added_sent_now_stopped_by_its_link_and_removed(client: TestClient) -> None:
    with receiver() as hook:
        made = client.post(
            "/api/v1/reminders",
            json={"name": "evening", "at": "21:30", "to": hook.url, "quiet": "23:00-07:00"},
        )
        assert made.status_code == 201, made.text
        assert made.json()["due_at"].startswith("2026-11-24T21:30")
        assert made.json()["quiet"] == "23:00-07:00"
        sent = client.post("/api/v1/reminders/evening/test")
        assert sent.json() == {"sent": True, "error": None}
        assert hook.bodies[0]["title"] == "Evening check-in"
    link = re.search(r"https?://[^/]+(/remind/stop/\S+)", hook.bodies[0]["message"])
    assert link is not None
    page = client.get(link.group(1), headers={"host": "phone.example.net"})
    assert page.status_code == 200 and "Stop this reminder" in page.text
    assert client.get("/api/v1/reminders").json()[0]["stopped"] is False  # GET stops nothing
    stopped = client.post(link.group(1))
    assert stopped.status_code == 200 and "is stopped" in stopped.text
    listed = client.get("/api/v1/reminders").json()
    assert listed[0]["stopped"] is True and listed[0]["due_at"] is None
    assert client.get(link.group(1)[:-3] + "xyz").status_code == 404
    assert client.delete("/api/v1/reminders/evening").status_code == 204
    assert client.get("/api/v1/reminders").json() == []
    assert client.delete("/api/v1/reminders/evening").status_code == 404


def test_a_wrong_reminder_is_refused_in_the_error_shape(client: TestClient) -> None:
    answer = client.post("/api/v1/reminders", json={"name": "x", "to": "webpush", "at": "9pm"})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "at"
    answer = client.post("/api/v1/reminders", json={"name": "x", "to": "nowhere", "at": "21:00"})
    assert answer.json()["error"]["field"] == "to"


def test_web_push_reaches_a_subscribed_browser_encrypted_and_signed(client: TestClient) -> None:
    key = client.get("/api/v1/push/key").json()["public_key"]
    assert key == client.get("/api/v1/push/key").json()["public_key"]  # made once, kept
    assert len(base64.urlsafe_b64decode(key + "=")) == 65  # an uncompressed P-256 point
    browser = ec.generate_private_key(ec.SECP256R1())
    public = browser.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    secret = b"0123456789abcdef"
    with receiver() as push_service:
        endpoint = f"http://127.0.0.1:{push_service.port}/push/abc"
        subscribed = client.post(
            "/api/v1/push/subscriptions",
            json={
                "endpoint": endpoint,
                "expirationTime": None,
                "keys": {"p256dh": b64(public), "auth": b64(secret)},
            },
        )
        assert subscribed.status_code == 201, subscribed.text
        made = client.post(
            "/api/v1/reminders",
            json={"name": "morning", "kind": "sleep", "at": "08:00", "to": "webpush"},
        )
        assert made.status_code == 201
        assert client.post("/api/v1/reminders/morning/test").json()["sent"] is True
    headers, body = push_service.raw[0]
    headers = {k.lower(): v for k, v in headers.items()}
    assert headers["content-encoding"] == "aes128gcm"
    assert (
        headers["authorization"].startswith("vapid t=") and f"k={key}" in headers["authorization"]
    )
    plain = http_ece.decrypt(body, private_key=browser, auth_secret=secret, version="aes128gcm")
    message = json.loads(plain)
    assert message["title"] == "How did you sleep?"
    assert "/remind/stop/" in message["url"]
    gone = client.request("DELETE", "/api/v1/push/subscriptions", json={"endpoint": endpoint})
    assert gone.status_code == 204
    failed = client.post("/api/v1/reminders/morning/test").json()
    assert failed == {"sent": False, "error": "no browser has subscribed to push reminders"}


def test_a_subscription_the_push_service_says_is_gone_is_forgotten(client: TestClient) -> None:
    browser = ec.generate_private_key(ec.SECP256R1())
    public = browser.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    keys = {"p256dh": b64(public), "auth": b64(b"0123456789abcdef")}
    with receiver(status=410) as push_service:
        endpoint = f"http://127.0.0.1:{push_service.port}/push/gone"
        assert (
            client.post(
                "/api/v1/push/subscriptions", json={"endpoint": endpoint, "keys": keys}
            ).status_code
            == 201
        )
        client.post("/api/v1/reminders", json={"name": "m", "at": "08:00", "to": "webpush"})
        first = client.post("/api/v1/reminders/m/test").json()
        assert first["sent"] is False and "410" in first["error"]
        assert len(push_service.raw) == 1
        again = client.post("/api/v1/reminders/m/test").json()
    assert again == {"sent": False, "error": "no browser has subscribed to push reminders"}
    assert len(push_service.raw) == 1  # not tried again
    gone = client.request("DELETE", "/api/v1/push/subscriptions", json={"endpoint": endpoint})
    assert gone.status_code == 404


def test_a_shared_server_sends_nothing_into_its_own_network(tmp_path: Path) -> None:
    """Accounts mode: a reminder or a push subscription that leads to the server itself or its
    private network is refused (server-side request forgery); alone on one's own machine, a
    local webhook is fine (the test above)."""
    with two_people(tmp_path) as (_app, alice, _bob):
        for to in (
            "json://127.0.0.1:5432/x",
            "json://localhost/x",
            "ntfys://10.0.0.7/topic",
            "json://[::1]:6379/",
            "json://169.254.169.254/latest/meta-data",
        ):
            answer = alice.client.post(
                "/api/v1/reminders",
                json={"name": "evening", "at": "21:30", "to": to},
                headers=alice.api(),
            )
            assert answer.status_code == 422, (to, answer.text)
            assert answer.json()["error"]["field"] == "to", to
        keys = {"p256dh": b64(b"\x04" + bytes(64)), "auth": b64(bytes(16))}
        pushed = alice.client.post(
            "/api/v1/push/subscriptions",
            json={"endpoint": "http://192.168.1.1/push", "keys": keys},
            headers=alice.api(),
        )
        assert pushed.status_code == 422, pushed.text
        assert pushed.json()["error"]["field"] == "endpoint"
        public = alice.client.post(
            "/api/v1/reminders",
            json={"name": "evening", "at": "21:30", "to": "json://1.1.1.1/hook"},
            headers=alice.api(),
        )
        assert public.status_code == 201, public.text
