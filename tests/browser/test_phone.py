"""The phone: twitchwise as an installable app at 375 px in Chromium. The manifest and the service
worker meet Chromium's install criteria; an episode takes two taps; with the connection cut
(``context.set_offline``) three entries wait on the phone, shown as waiting, and are sent within
60 s of it returning, once each even when sent twice; axe finds nothing serious; signing out
leaves no page of the person's in the phone's caches and no subscription to their reminders.
Screenshots in tests/browser/screenshots."""

from __future__ import annotations

import json
import re
import struct
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    ACCOUNTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    LiveServer,
    Watched,
    axe_check,
    screenshot,
    start_server,
    stop_server,
)
from tests.browser.push_stand_in import STAND_IN, b64

PHONE_TIME = "2026-11-24T13:00:00+00:00"  # the page's clock: before the server's fixed "now"
WAITING = "#outbox-list .outbox-item"


@pytest.fixture(scope="module")
def phone_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """An empty journal of its own: the tests count what reaches it."""
    server = start_server(tmp_path_factory.mktemp("phone-journal"), demo=False)
    yield server
    stop_server(server)


def open_phone(browser: Any, watched: Watched, **options: Any) -> tuple[Any, Any]:
    """(context, page) at 375 px with a touch screen, the page's clock set to ``PHONE_TIME``."""
    context = browser.new_context(
        viewport=PHONE,
        locale="en-GB",
        has_touch=True,
        is_mobile=True,
        timezone_id="Europe/London",
        **options,
    )
    context.set_default_timeout(15_000)
    opened = context.new_page()
    opened.clock.set_fixed_time(PHONE_TIME)
    opened.on(
        "console",
        lambda message: message.type == "error" and watched.errors.append(message.text),
    )
    opened.on("pageerror", lambda error: watched.errors.append(str(error)))
    return context, opened


@pytest.fixture
def phone(browser: Any, watched: Watched) -> Iterator[tuple[Any, Any]]:
    context, opened = open_phone(browser, watched)
    yield context, opened
    context.close()


@pytest.fixture
def phone_without_worker(browser: Any, watched: Watched) -> Iterator[tuple[Any, Any]]:
    """The phone with service workers blocked: Playwright's ``route`` does not see a request a
    page sends once a service worker controls it, and the worker claims the page at a moment
    that depends on the machine's load."""
    context, opened = open_phone(browser, watched, service_workers="block")
    yield context, opened
    context.close()


def entries(server: LiveServer, resource: str) -> list[dict[str, Any]]:
    return list(json.loads(server.get(f"/api/v1/{resource}")))


def controlled(page: Any, server: LiveServer) -> None:
    """Open /now and wait until the service worker controls it and has kept it to read offline."""
    page.goto(f"{server.url}/now")
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )
    deadline = time.monotonic() + 15
    # polled from here: wait_for_function takes a promise for a truthy answer
    while not page.evaluate(KEPT):
        assert time.monotonic() < deadline, "the service worker did not keep the page"
        time.sleep(0.1)


SEND_AGAIN = """async items => Promise.all(items.map(async item => {
    const answer = await fetch(item.path, {
        method: 'POST', body: JSON.stringify(item.body),
        headers: {'content-type': 'application/json', 'idempotency-key': '"' + item.id + '"'}
    });
    return {
        status: answer.status, replayed: answer.headers.get('idempotent-replayed'),
        id: (await answer.json()).id
    };
}))"""

KEPT = """async () => {
    for (const name of (await caches.keys()).filter(n => n.startsWith('twitchwise-pages-'))) {
        if (await (await caches.open(name)).match(location.href)) return true;
    }
    return false;
}"""


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_the_app_meets_chromiums_install_criteria(
    browser: Any, phone_server: LiveServer, tmp_path: Path
) -> None:
    # A profile on disk: Chromium never offers to install from an incognito-like context.
    context = browser.browser_type.launch_persistent_context(
        tmp_path / "profile",
        executable_path=str(CHROMIUM),
        args=CHROMIUM_ARGS,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
    )
    try:
        _installable(context, context.new_page(), phone_server)
    finally:
        context.close()


def _installable(context: Any, page: Any, phone_server: LiveServer) -> None:
    controlled(page, phone_server)
    href = page.eval_on_selector("link[rel=manifest]", "link => link.href")
    manifest = json.loads(phone_server.get("/manifest.webmanifest"))
    assert href == f"{phone_server.url}/manifest.webmanifest"
    assert manifest["start_url"] == "/now"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] and manifest["background_color"] and manifest["name"]
    sizes = {}
    for icon in manifest["icons"]:
        if icon["type"] == "image/png":
            with urllib.request.urlopen(phone_server.url + icon["src"]) as answer:  # noqa: S310
                sizes[icon["sizes"]] = png_size(answer.read())
    assert sizes["192x192"] == (192, 192) and sizes["512x512"] == (512, 512)
    cdp = context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    assert parsed["errors"] == [], parsed["errors"]
    assert parsed["url"] == href
    installability = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert installability == [], installability
    scope = page.evaluate("navigator.serviceWorker.getRegistration().then(r => r && r.scope)")
    assert scope == f"{phone_server.url}/"


def test_an_episode_is_logged_in_two_taps(
    phone: tuple[Any, Any], phone_server: LiveServer, watched: Watched, axe_source: str
) -> None:
    _context, page = phone
    before = len(entries(phone_server, "episodes"))
    page.goto(f"{phone_server.url}/now")
    screenshot(page, "now")
    axe_check(page, axe_source)
    page.get_by_text("Twitch", exact=True).tap()  # 1: what
    page.get_by_role("button", name="Thigh").tap()  # 2: where; the time is now
    expect(page.locator("#now-said")).to_contain_text("Saved: Twitch · Thigh")
    after = entries(phone_server, "episodes")
    assert len(after) == before + 1
    assert after[0]["kind"] == "twitch" and after[0]["body_sites"] == ["thigh"]
    assert after[0]["started_at"].startswith("2026-11-24T13:00")
    screenshot(page, "now-saved")
    page.set_viewport_size(DESKTOP)
    screenshot(page, "now-saved")
    axe_check(page, axe_source)
    watched.assert_no_errors()


def test_offline_entries_wait_on_the_phone_and_are_sent_once_when_it_returns(
    phone: tuple[Any, Any], phone_server: LiveServer, axe_source: str
) -> None:
    context, page = phone
    episodes, exposures = (
        len(entries(phone_server, "episodes")),
        len(entries(phone_server, "exposures")),
    )
    controlled(page, phone_server)
    context.set_offline(True)
    page.reload()  # the service worker answers from the phone's copy
    expect(page.locator("#offline-banner")).to_be_visible()
    page.get_by_text("Cramp", exact=True).tap()
    page.get_by_role("button", name="Calf").tap()
    page.get_by_role("button", name=re.compile(r"^Coffee")).tap()
    page.get_by_role("button", name=re.compile(r"^Water")).tap()
    expect(page.locator(WAITING)).to_have_count(3)
    for item in page.locator(WAITING).all():
        expect(item).to_contain_text("waiting to send")
    expect(page.locator("#outbox-summary")).to_contain_text("3 entries wait")
    screenshot(page, "now-offline")
    axe_check(page, axe_source)
    kept = page.evaluate("TwitchwiseOutbox.list()")
    assert len({item["id"] for item in kept}) == 3
    assert len(entries(phone_server, "episodes")) == episodes  # nothing reached the server

    context.set_offline(False)
    back = time.monotonic()
    expect(page.locator(WAITING)).to_have_count(0, timeout=60_000)
    took = time.monotonic() - back
    print(f"three offline entries sent {took:.1f} s after the connection returned")  # noqa: T201
    assert took < 60
    assert len(entries(phone_server, "episodes")) == episodes + 1
    assert len(entries(phone_server, "exposures")) == exposures + 2

    saved = {
        entry["id"]
        for entry in entries(phone_server, "episodes") + entries(phone_server, "exposures")
    }

    # Sent twice: the same ids again (an answer lost on the way) answer the entries already
    # made and add nothing.
    again = page.evaluate(SEND_AGAIN, kept)
    assert [answer["status"] for answer in again] == [201, 201, 201], again
    assert all(answer["replayed"] == "true" for answer in again), again
    assert {answer["id"] for answer in again} <= saved
    # And through the outbox itself: put back, they leave it (whoever sends them: the page, its
    # timer, or the service worker's Background Sync) and the diary stays as it was.
    page.evaluate("items => Promise.all(items.map(i => TwitchwiseOutbox.put(i)))", kept)
    page.evaluate("TwitchwiseOutbox.flush()")
    expect(page.locator(WAITING)).to_have_count(0)
    deadline = time.monotonic() + 30
    while page.evaluate("TwitchwiseOutbox.list()"):
        assert time.monotonic() < deadline, "the outbox kept entries the server already has"
        time.sleep(0.2)
    assert len(entries(phone_server, "episodes")) == episodes + 1
    assert len(entries(phone_server, "exposures")) == exposures + 2
    screenshot(page, "now-sent")


def test_a_page_opened_before_reads_offline_and_one_never_opened_says_so(
    phone: tuple[Any, Any], phone_server: LiveServer
) -> None:
    context, page = phone
    controlled(page, phone_server)
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Log now")).to_be_visible()
    expect(
        page.get_by_role("button", name="Read it")
    ).to_be_disabled()  # read-only: needs the server
    page.goto(f"{phone_server.url}/report")
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    screenshot(page, "offline-not-kept")


def test_signing_out_leaves_no_page_in_the_phones_caches(
    phone: tuple[Any, Any], accounts_server: LiveServer
) -> None:
    context, page = phone
    context.grant_permissions(["notifications"], origin=accounts_server.url)
    keys = {"p256dh": b64(b"\x04" + bytes(64)), "auth": b64(bytes(16))}
    endpoint = "https://push.example.com/send/carol-phone"  # a public push service's address
    page.add_init_script(STAND_IN % json.dumps({"endpoint": endpoint, "keys": keys}))
    page.goto(f"{accounts_server.url}/sign-in?next=/now")
    page.get_by_label("Name").fill("carol")  # alice may have two-step sign-in on by now
    page.get_by_label("Password").fill(ACCOUNTS["carol"])
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(f"{accounts_server.url}/now")
    controlled(page, accounts_server)
    kept = page.evaluate("caches.keys()")
    assert any(name.startswith("twitchwise-pages-") for name in kept), kept  # the control
    page.goto(f"{accounts_server.url}/reminders")  # and carol's reminders come to this phone
    page.get_by_role("button", name="Allow notifications here").tap()
    expect(page.locator("#push-state")).to_have_text(
        "This device shows your reminders sent to webpush."
    )
    page.goto(f"{accounts_server.url}/account")
    with page.expect_response(
        lambda answer: (
            answer.url.endswith("/api/v1/push/subscriptions") and answer.request.method == "DELETE"
        )
    ) as forgotten:
        page.get_by_role("button", name="Sign out").click()
    assert forgotten.value.status == 204  # the server sends her reminders here no more
    expect(page).to_have_url(re.compile(r"/sign-in"))
    page.wait_for_load_state("load")
    left = page.evaluate(
        """async () => {
            const found = [];
            for (const name of await caches.keys()) {
                for (const request of await (await caches.open(name)).keys()) {
                    found.push(name + ' ' + new URL(request.url).pathname);
                }
            }
            return found;
        }"""
    )
    assert not [entry for entry in left if "pages" in entry or "meta" in entry], left
    assert not [entry for entry in left if not re.search(r" /(static|icons)/", entry)], left
    assert page.evaluate("TwitchwiseOutbox.list()") == []
    assert page.evaluate("localStorage.getItem('stand-in-push')") is None  # unsubscribed


def test_an_entry_the_server_could_not_take_is_sent_again_by_the_timer(
    phone_without_worker: tuple[Any, Any], phone_server: LiveServer
) -> None:
    """No "online" event to wake it and no Background Sync: the server answered 503 once (busy),
    and the outbox's own retry (every 20 s while anything waits) sends the entry."""
    _context, page = phone_without_worker
    before = len(entries(phone_server, "exposures"))
    page.goto(f"{phone_server.url}/now")
    busy = {"left": 1}
    answered = {"at": 0.0}

    def once_busy(route: Any) -> None:
        if busy["left"]:
            busy["left"] -= 1
            answered["at"] = time.monotonic()  # the retry timer starts from this answer
            route.fulfill(status=503, content_type="application/json", body="{}")
        else:
            route.continue_()

    page.route("**/api/v1/exposures", once_busy)
    page.get_by_role("button", name=re.compile(r"^Alcohol")).tap()
    expect(page.locator(WAITING)).to_have_count(1)
    expect(page.locator("#now-said")).to_contain_text("Kept on this phone: Alcohol")
    expect(page.locator(WAITING)).to_have_count(0, timeout=40_000)
    # measured from the 503 itself, not from when the page had shown it (on a loaded machine
    # that can be seconds later, and the 20 s timer then looked early)
    assert 15 < time.monotonic() - answered["at"] < 45
    assert len(entries(phone_server, "exposures")) == before + 1
