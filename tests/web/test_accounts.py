"""Accounts mode: signing in and out, sessions, CSRF, tokens, rate limits, erasure, headers."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pyotp
import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import text

from tests.web.accounts import (
    DATABASES,
    ORIGIN,
    PASSWORDS,
    Person,
    accounts_settings,
    add_people,
    sign_in,
    turn_on_two_step,
    two_people,
)
from tests.web.conftest import NOW
from twitchwise.domain.time import FixedClock
from twitchwise.storage.tables import Base
from twitchwise.web import create_app
from twitchwise.web.auth import device_of

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)
EPISODE = {"kind": "cramp", "started_at": "2026-11-24T08:00:00+00:00", "duration_minutes": 3.0}


@pytest.fixture(params=DATABASES)
def people(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[FastAPI, Person, Person]]:
    with two_people(tmp_path, request.param) as found:
        yield found


def test_without_a_session_pages_send_to_sign_in_and_the_api_answers_401(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    with TestClient(app, base_url=ORIGIN) as client:
        page = client.get("/log", follow_redirects=False)
        assert page.status_code == 303
        assert page.headers["location"] == "/sign-in?next=%2Flog"
        api = client.get("/api/v1/episodes")
        assert api.status_code == 401
        assert api.json()["error"]["field"] == "authorization"
        assert client.get("/guide").status_code == 200, "the guide stays open to readers"
        assert client.get("/sign-in").status_code == 200


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    add_people(app)
    with TestClient(app, base_url=ORIGIN) as client:
        wrong = client.post("/sign-in", data={"name": "alice", "password": "nope nope nope"})
        unknown = client.post("/sign-in", data={"name": "carol", "password": "nope nope nope"})
        assert wrong.status_code == unknown.status_code == 422
        assert "name or the password is wrong" in wrong.text
        assert "name or the password is wrong" in unknown.text
        assert "__Host-twitchwise" not in wrong.headers.get("set-cookie", "")


def test_the_session_cookie_is_host_prefixed_secure_httponly_and_lax(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    add_people(app)
    with TestClient(app, base_url=ORIGIN) as client:
        answer = client.post(
            "/sign-in",
            data={"name": "alice", "password": PASSWORDS["alice"], "next": "/log"},
            follow_redirects=False,
        )
        cookie = answer.headers["set-cookie"]
        assert cookie.startswith("__Host-twitchwise=")
        for part in ("Secure", "HttpOnly", "SameSite=lax", "Path=/"):
            assert part.lower() in cookie.lower()
        assert "domain" not in cookie.lower()
        assert answer.headers["location"] == "/log"


def test_sign_in_never_sends_the_browser_to_another_site(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    add_people(app)
    with TestClient(app, base_url=ORIGIN) as client:
        for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
            answer = client.post(
                "/sign-in",
                data={"name": "alice", "password": PASSWORDS["alice"], "next": target},
                follow_redirects=False,
            )
            assert answer.headers["location"] == "/"


def test_a_new_session_at_each_sign_in_and_sign_out_ends_it_on_the_server(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    stolen = alice.client.cookies.get("__Host-twitchwise")
    assert alice.client.get("/log").status_code == 200
    alice.client.post("/sign-out", data={"csrf_token": alice.csrf})
    thief = TestClient(app, base_url=ORIGIN, cookies={"__Host-twitchwise": stolen or ""})
    assert thief.get("/log", follow_redirects=False).status_code == 303, "a copied cookie is dead"


def test_a_change_by_cookie_needs_the_csrf_token(people: tuple[FastAPI, Person, Person]) -> None:
    _, alice, _ = people
    refused = alice.client.post("/api/v1/episodes", json=EPISODE)
    assert refused.status_code == 403
    assert refused.json()["error"]["field"] == "csrf_token"
    wrong = alice.client.post("/api/v1/episodes", json=EPISODE, headers={"x-csrf-token": "x"})
    assert wrong.status_code == 403
    form = alice.client.post("/log/quick/save", data={"drafts": "[]"})
    assert form.status_code == 403
    fine = alice.client.post("/api/v1/episodes", json=EPISODE, headers={"x-csrf-token": alice.csrf})
    assert fine.status_code == 201
    by_form = alice.client.post(
        "/settings/medications",
        data={"name": "amlodipine", "csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert by_form.status_code == 303


def test_a_bearer_token_needs_no_csrf_token_and_dies_when_revoked(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    bare = TestClient(app, base_url=ORIGIN)
    assert bare.post("/api/v1/episodes", json=EPISODE, headers=alice.api()).status_code == 201
    tokens = app.state.web
    with tokens.store.accounts() as accounts:
        person = accounts.verify("alice", PASSWORDS["alice"])
        assert person is not None
        listed = accounts.tokens.of(person)
    page = alice.client.post(
        f"/account/tokens/{listed[0].id}/revoke", data={"csrf_token": alice.csrf}
    )
    assert page.status_code == 200
    assert bare.get("/api/v1/episodes", headers=alice.api()).status_code == 401


def test_a_wrong_password_for_a_token_is_401_and_a_flood_is_429(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    add_people(app)
    with TestClient(app, base_url=ORIGIN) as client:
        answers = [
            client.post("/api/v1/tokens", json={"name": "alice", "password": f"guess {n:04}"})
            for n in range(12)
        ]
        codes = [answer.status_code for answer in answers]
        assert codes[:10] == [401] * 10
        assert codes[10:] == [429, 429]
        blocked = client.post(
            "/api/v1/tokens", json={"name": "alice", "password": PASSWORDS["alice"]}
        )
        assert blocked.status_code == 429, "the right password waits out the window too"
        other = client.post("/api/v1/tokens", json={"name": "bob", "password": PASSWORDS["bob"]})
        assert other.status_code == 201, "another name from here is not locked out"


def test_erasing_an_account_leaves_nothing_of_it_in_any_table(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, bob = people
    for person in (alice, bob):
        answer = person.client.post(
            "/api/v1/episodes", json=EPISODE, headers={"x-csrf-token": person.csrf}
        )
        assert answer.status_code == 201
    web = app.state.web
    with web.store.accounts() as accounts:
        alice_id = accounts.verify("alice", PASSWORDS["alice"])
        bob_id = accounts.verify("bob", PASSWORDS["bob"])
    web.jobs.close()  # no worker: Alice's upload below is still waiting when she erases
    upload = web.settings.upload_dir / "waiting.csv"
    upload.parent.mkdir(parents=True, exist_ok=True)
    upload.write_text("time,type,value,unit,end_time,detail\n")
    with web.store.jobs() as jobs:
        jobs.add("waiting", alice_id, "csv", "diary.csv", str(upload), NOW)
    refused = alice.client.post("/account/erase", data={"confirm": "bob", "csrf_token": alice.csrf})
    assert refused.status_code == 422
    no_password = alice.client.post(
        "/account/erase", data={"confirm": "alice", "csrf_token": alice.csrf}
    )
    assert no_password.status_code == 422
    erased = alice.client.post(
        "/account/erase",
        data={"confirm": "alice", "password": PASSWORDS["alice"], "csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert erased.status_code == 303
    assert not upload.exists(), "her waiting upload went with her account"
    with web.store.engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SET LOCAL ROLE NONE")  # past row-level security
        assert connection.execute(text("SELECT count(*) FROM episode")).scalar() == 1, "Bob's"
        for table in Base.metadata.sorted_tables:
            if "person_id" in table.c:
                left = connection.execute(
                    text(f"SELECT count(*) FROM {table.name} WHERE person_id = :p"),  # noqa: S608
                    {"p": alice_id},
                ).scalar()
                assert left == 0, table.name
        assert (
            connection.execute(
                text("SELECT count(*) FROM person WHERE id = :p"), {"p": alice_id}
            ).scalar()
            == 0
        )
    assert len(bob.client.get("/api/v1/episodes", headers=bob.api()).json()) == 1
    assert bob_id is not None
    assert alice.client.get("/log", follow_redirects=False).status_code == 303


def test_pages_with_health_data_are_not_cached_and_htmx_keeps_no_history(
    people: tuple[FastAPI, Person, Person],
) -> None:
    _, alice, _ = people
    page = alice.client.get("/log")
    assert page.headers["cache-control"] == "no-store"
    assert "strict-transport-security" in page.headers
    assert 'hx-history="false"' in page.text and '"historyCacheSize":0' in page.text
    assert f'"X-CSRF-Token": "{alice.csrf}"' in page.text
    static = alice.client.get("/static/app.css")
    assert "no-store" not in static.headers.get("cache-control", "")


def test_accounts_mode_serves_a_real_host_name(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path))
    with TestClient(app, base_url="https://twitchwise.example.org") as client:
        assert client.get("/sign-in").status_code == 200


def test_changing_the_password_ends_the_other_sessions_but_not_this_one(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    other = TestClient(app, base_url=ORIGIN)
    other.post("/sign-in", data={"name": "alice", "password": PASSWORDS["alice"]})
    assert other.get("/log", follow_redirects=False).status_code == 200
    changed = alice.client.post(
        "/account/password",
        data={
            "current": PASSWORDS["alice"],
            "new": "a much longer passphrase",
            "csrf_token": alice.csrf,
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303
    assert alice.client.get("/log", follow_redirects=False).status_code == 200
    assert other.get("/log", follow_redirects=False).status_code == 303


def test_a_signed_in_request_takes_no_write_lock_while_an_import_holds_it(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    store = app.state.web.store
    with store.write():  # a long import holds the journal's one write lock (on SQLite)
        page = alice.client.get("/api/v1/episodes", headers=alice.api())
        assert page.status_code == 200
        assert alice.client.get("/log").status_code == 200


def test_only_the_named_moderators_see_the_queue(tmp_path: Path) -> None:
    app = create_app(accounts_settings(tmp_path, moderators=["alice"]))
    add_people(app)
    with TestClient(app, base_url=ORIGIN):
        alice, bob = sign_in(app, "alice"), sign_in(app, "bob")
        reader = TestClient(app, base_url=ORIGIN)
        sent = reader.post(
            "/guide/caffeine/replies",
            data={"name": "Reader", "email": "reader@example.org", "comment": "helpful"},
        )
        assert sent.status_code in {200, 303}
        assert bob.client.get("/settings/moderation").status_code == 404
        assert "moderation queue" not in bob.client.get("/settings").text
        assert alice.client.get("/settings/moderation").status_code == 200
        assert "moderation queue" in alice.client.get("/settings").text
        refused = bob.client.post("/settings/moderation/1/approve", data={"csrf_token": bob.csrf})
        assert refused.status_code == 404


def test_the_guide_knows_who_is_signed_in_and_stays_open_to_everyone(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    signed_in = alice.client.get("/guide").text
    assert 'href="/log"' in signed_in and 'href="/sign-in"' not in signed_in
    stranger = TestClient(app, base_url=ORIGIN).get("/guide")
    assert stranger.status_code == 200 and 'href="/sign-in"' in stranger.text


# -- two-step sign-in ------------------------------------------------------------------------


def at(app: FastAPI, minutes: float) -> datetime:
    """Move the server's clock to ``minutes`` after NOW; the time it now says."""
    when = NOW + timedelta(minutes=minutes)
    app.state.web.clock = FixedClock(when)
    return when


def password_step(app: FastAPI, name: str, target: str = "/log") -> TestClient:
    client = TestClient(app, base_url=ORIGIN)
    answer = client.post(
        "/sign-in",
        data={"name": name, "password": PASSWORDS[name], "next": target},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert answer.headers["location"] == f"/sign-in/code?next={quote(target)}"
    return client


def test_with_two_step_on_the_password_alone_opens_nothing(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    secret, _ = turn_on_two_step(app, alice)
    client = password_step(app, "alice")
    pending = client.cookies.get("__Host-twitchwise")
    assert client.get("/log", follow_redirects=False).status_code == 303
    assert client.get("/api/v1/episodes").status_code == 401
    assert client.get("/sign-in/code?next=/log").status_code == 200
    now = at(app, 1)
    wrong = "000000" if pyotp.TOTP(secret).at(now) != "000000" else "111111"
    refused = client.post("/sign-in/code", data={"code": wrong, "next": "/log"})
    assert refused.status_code == 422
    assert "was used already" in refused.text
    done = client.post(
        "/sign-in/code",
        data={"code": pyotp.TOTP(secret).at(now), "next": "/log"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/log"
    assert client.cookies.get("__Host-twitchwise") not in {None, pending}, "a new token"
    assert client.get("/log").status_code == 200
    replay = password_step(app, "alice")
    again = replay.post("/sign-in/code", data={"code": pyotp.TOTP(secret).at(now)})
    assert again.status_code == 422, "a code is good once"


def test_a_recovery_code_signs_in_once(people: tuple[FastAPI, Person, Person]) -> None:
    app, alice, _ = people
    _, codes = turn_on_two_step(app, alice)
    client = password_step(app, "alice")
    used = client.post("/sign-in/code", data={"code": codes[3].upper()}, follow_redirects=False)
    assert used.status_code == 303
    assert "9 recovery codes left" in client.get("/account").text
    other = password_step(app, "alice")
    assert other.post("/sign-in/code", data={"code": codes[3]}).status_code == 422


def test_a_pending_sign_in_expires_after_five_minutes(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    secret, _ = turn_on_two_step(app, alice)
    client = password_step(app, "alice")
    now = at(app, 5)
    late = client.post(
        "/sign-in/code", data={"code": pyotp.TOTP(secret).at(now)}, follow_redirects=False
    )
    assert late.status_code == 303 and late.headers["location"].startswith("/sign-in?next=")
    assert client.get("/log", follow_redirects=False).status_code == 303


def test_ten_wrong_codes_then_even_the_right_one_waits_a_quarter_of_an_hour(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    secret, codes = turn_on_two_step(app, alice)  # two tries counted, 16 minutes ago
    now = at(app, 16)
    client = password_step(app, "alice")
    right = {pyotp.TOTP(secret).at(now + timedelta(seconds=s)) for s in (-30, 0, 30)}
    wrong = [f"{n:06}" for n in range(20) if f"{n:06}" not in right][:10]
    answers = [client.post("/sign-in/code", data={"code": code}).status_code for code in wrong]
    assert answers == [422] * 10
    blocked = client.post("/sign-in/code", data={"code": codes[0]})
    assert blocked.status_code == 429
    assert "too many wrong codes" in blocked.text
    at(app, 32)
    later = password_step(app, "alice")
    fine = later.post("/sign-in/code", data={"code": codes[0]}, follow_redirects=False)
    assert fine.status_code == 303, "the wait ends with the window"


def test_a_token_needs_the_code_too_when_two_step_is_on(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    secret, codes = turn_on_two_step(app, alice)
    bare = TestClient(app, base_url=ORIGIN)
    ask = {"name": "alice", "password": PASSWORDS["alice"]}
    missing = bare.post("/api/v1/tokens", json=ask)
    assert missing.status_code == 401
    assert "two steps" in missing.json()["error"]["reason"]
    assert bare.post("/api/v1/tokens", json={**ask, "code": "123"}).status_code == 401
    now = at(app, 1)
    made = bare.post("/api/v1/tokens", json={**ask, "code": pyotp.TOTP(secret).at(now)})
    assert made.status_code == 201
    by_recovery = bare.post("/api/v1/tokens", json={**ask, "code": codes[0]})
    assert by_recovery.status_code == 201
    assert bare.post("/api/v1/tokens", json={**ask, "code": codes[0]}).status_code == 401
    bob = bare.post("/api/v1/tokens", json={"name": "bob", "password": PASSWORDS["bob"]})
    assert bob.status_code == 201, "Bob has no second step"


def test_turning_two_step_off_needs_the_password_and_a_code(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people
    _, codes = turn_on_two_step(app, alice)
    no_password = alice.client.post(
        "/account/two-step/off", data={"code": codes[0], "csrf_token": alice.csrf}
    )
    assert no_password.status_code == 422
    no_code = alice.client.post(
        "/account/two-step/off",
        data={"password": PASSWORDS["alice"], "csrf_token": alice.csrf},
    )
    assert no_code.status_code == 422
    without_csrf = alice.client.post(
        "/account/two-step/off", data={"password": PASSWORDS["alice"], "code": codes[0]}
    )
    assert without_csrf.status_code == 403
    off = alice.client.post(
        "/account/two-step/off",
        data={"password": PASSWORDS["alice"], "code": codes[0], "csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert off.status_code == 303
    assert "Set up two-step sign-in" in alice.client.get("/account").text
    client = TestClient(app, base_url=ORIGIN)
    one_step = client.post(
        "/sign-in", data={"name": "alice", "password": PASSWORDS["alice"]}, follow_redirects=False
    )
    assert one_step.headers["location"] == "/"


def test_setting_two_step_up_needs_the_password(people: tuple[FastAPI, Person, Person]) -> None:
    _, alice, bob = people
    refused = alice.client.post(
        "/account/two-step/start", data={"password": "not it at all", "csrf_token": alice.csrf}
    )
    assert refused.status_code == 422
    assert "<svg" not in refused.text
    assert "Set up two-step sign-in" in bob.client.get("/account").text


def test_the_account_page_lists_ones_sessions_and_can_end_the_others(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, bob = people
    phone = TestClient(app, base_url=ORIGIN, headers={"user-agent": IPHONE})
    phone.post("/sign-in", data={"name": "alice", "password": PASSWORDS["alice"]})
    page = alice.client.get("/account").text
    assert "Safari on iPhone: signed in" in page
    assert "<strong>This browser</strong> (unknown)" in page  # the test client names no browser
    assert IPHONE not in page, "the User-Agent itself is not kept"
    assert "Sign out everywhere else" in page
    ended = alice.client.post(
        "/account/sessions/end-others", data={"csrf_token": alice.csrf}, follow_redirects=False
    )
    assert ended.status_code == 303
    assert phone.get("/log", follow_redirects=False).status_code == 303, "the phone is out"
    after = alice.client.get("/account").text
    assert "Safari on iPhone" not in after and "This browser" in after
    assert bob.client.get("/log").status_code == 200, "Bob's session is his own"
    refused = alice.client.post("/account/sessions/end-others", follow_redirects=False)
    assert refused.status_code == 403, "it needs the CSRF token like every change"


@pytest.mark.parametrize(
    ("agent", "device"),
    [
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox on Linux",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Mobile Safari/537.36",
            "Chrome on Android",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        (IPHONE, "Safari on iPhone"),
        ("curl/8.5.0", None),
        ("", None),
    ],
)
def test_a_session_is_named_by_browser_and_system_only(agent: str, device: str | None) -> None:
    request = Request({"type": "http", "headers": [(b"user-agent", agent.encode())]})
    assert device_of(request) == device


def test_a_new_persons_dashboard_points_to_the_log_not_to_a_server_command(
    people: tuple[FastAPI, Person, Person],
) -> None:
    _, alice, _ = people
    page = alice.client.get("/").text
    assert "Nothing in the diary yet" in page and 'href="/log"' in page
    assert "twitchwise demo" not in page, "a command only whoever runs the server can run"


def test_erasing_asks_for_the_password_and_with_two_step_on_a_code_too(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, _ = people

    def erase(**fields: str) -> int:
        data = {"confirm": "alice", "csrf_token": alice.csrf, **fields}
        answer = alice.client.post("/account/erase", data=data, follow_redirects=False)
        return answer.status_code

    assert erase() == 422
    assert erase(password="not her password") == 422  # noqa: S106 - a wrong guess
    assert erase(password=PASSWORDS["bob"]) == 422, "another person's password is no proof"
    _secret, codes = turn_on_two_step(app, alice)
    page = alice.client.get("/account").text
    assert 'id="erase-code"' in page
    assert erase(password=PASSWORDS["alice"]) == 422, "two-step on: a code is needed too"
    assert alice.client.get("/api/v1/episodes", headers=alice.api()).status_code == 200
    assert erase(password=PASSWORDS["alice"], code="not-a-code") == 422
    assert erase(password=PASSWORDS["alice"], code=codes[0]) == 303
    assert alice.client.get("/api/v1/episodes", headers=alice.api()).status_code == 401


def test_a_password_change_ends_the_api_tokens_and_the_other_sessions(
    people: tuple[FastAPI, Person, Person],
) -> None:
    app, alice, bob = people
    other_browser = sign_in(app, "alice")
    assert other_browser.client.get("/api/v1/episodes", headers=alice.api()).status_code == 200
    changed = alice.client.post(
        "/account/password",
        data={"current": PASSWORDS["alice"], "new": "a brand new secret", "csrf_token": alice.csrf},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    for token in (alice.token, other_browser.token):
        answer = bob.client.get("/api/v1/episodes", headers={"authorization": f"Bearer {token}"})
        assert answer.status_code == 401
    assert other_browser.client.get("/log", follow_redirects=False).status_code == 303
    assert alice.client.get("/log").status_code == 200, "the browser that changed it stays in"
    assert bob.client.get("/api/v1/episodes", headers=bob.api()).status_code == 200
