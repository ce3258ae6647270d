"""One person can never reach another's diary (SPEC section 7; shared/SECURITY.md 4.6).

Alice writes an entry of every kind (each with a marker no one else writes), a medicine, an
import and an API token. For every route of the app, Bob, signed in as himself, tries to read,
list, change, delete or reference them: an id of Alice's answers 404, exactly as an id that never
existed (so ids leak nothing), no answer of his holds her markers (while hers do: a positive
control), and everything of hers is unchanged afterwards. ``test_every_route_has_a_case`` fails
when a route is added without saying how it is kept apart.
"""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

import pyotp
import pytest
from fastapi import FastAPI
from sqlalchemy import delete, select

from tests.isolation_experiments import EXPERIMENT_CASES
from tests.web.accounts import DATABASES, PASSWORDS, Person, two_people
from twitchwise.storage.tables import AccountRow, PersonRow, RateAttemptRow

SECRET = "ALICESECRET7F3A"  # noqa: S105 - a marker, not a password
ALICE_TIME = "Fri 20 Nov, 08:00"  # her episode, as the dashboard lists it
EPISODE = {
    "kind": "cramp",
    "started_at": "2026-11-20T08:00:00+00:00",
    "notes": f"note {SECRET}",
    "body_sites": ["calf"],
}
EXPOSURE = {
    "type": "caffeine",
    "started_at": "2026-11-20T07:00:00+00:00",
    "amount": 95.0,
    "detail": f"coffee {SECRET}",
}
BOB_TIME = "2026-11-22T09:30:00+00:00"
MEDICATION = {"name": f"med{SECRET}", "dose_mg_per_day": 10.0}
VISIT = {"on": "2026-11-19", "outcome": "reassured", "note": f"exam {SECRET}"}


@dataclass
class World:
    app: FastAPI
    alice: Person
    bob: Person
    episode: int
    exposure: int
    medication: int
    visit: int
    job: str
    alice_before: dict[str, Any]

    def bob_post(self, path: str, **kwargs: Any) -> Any:
        data = {"csrf_token": self.bob.csrf, **kwargs.pop("data", {})}
        return self.bob.client.post(path, data=data, follow_redirects=False, **kwargs)

    def bob_api(self, method: str, path: str, **kwargs: Any) -> Any:
        return self.bob.client.request(method, path, headers=self.bob.api(), **kwargs)

    def alice_now(self) -> dict[str, Any]:
        return alice_state(self.alice)


def alice_state(alice: Person) -> dict[str, Any]:
    get = alice.client.get
    h = alice.api()
    return {
        "episodes": get("/api/v1/episodes", headers=h).json(),
        "exposures": get("/api/v1/exposures", headers=h).json(),
        "medications": get("/api/v1/medications", headers=h).json(),
        "visits": get("/api/v1/visits", headers=h).json(),
    }


@pytest.fixture(scope="module", params=DATABASES)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("isolation")
    with two_people(folder, request.param) as (app, alice, bob):
        h = alice.api()
        episode = alice.client.post("/api/v1/episodes", json=EPISODE, headers=h).json()["id"]
        exposure = alice.client.post("/api/v1/exposures", json=EXPOSURE, headers=h).json()["id"]
        medication = alice.client.post("/api/v1/medications", json=MEDICATION, headers=h).json()[
            "id"
        ]
        visit = alice.client.post("/api/v1/visits", json=VISIT, headers=h).json()["id"]
        rows = "time,type,value,unit,end_time,detail\n2026-11-19T08:00:00+00:00,water,300,ml,,\n"
        job = alice.client.post(
            "/api/v1/imports", files={"file": ("a.csv", rows.encode())}, headers=h
        ).json()["id"]
        app.state.web.jobs.wait(job)
        yield World(app, alice, bob, episode, exposure, medication, visit, job, alice_state(alice))


def no_secret(answer: Any) -> None:
    assert answer.status_code < 500, answer.text
    assert SECRET.encode() not in answer.content


def not_found(answer: Any) -> None:
    assert answer.status_code == 404, (answer.status_code, answer.text[:300])
    assert SECRET.encode() not in answer.content


# Listing and page routes: Bob's answer must not hold Alice's marker; Alice's must (control).
SHOWS_ALICE = {
    ("GET", "/"): "/",
    ("GET", "/log"): "/log",
    ("GET", "/settings"): "/settings",
    ("GET", "/api/v1/episodes"): "/api/v1/episodes",
    ("GET", "/api/v1/exposures"): "/api/v1/exposures",
    ("GET", "/api/v1/medications"): "/api/v1/medications",
    ("GET", "/api/v1/visits"): "/api/v1/visits",
    ("GET", "/api/v1/export/backup"): "/api/v1/export/backup",
    ("GET", "/api/v1/export/csv"): "/api/v1/export/csv",
    ("GET", "/api/v1/export/fhir"): "/api/v1/export/fhir",
    ("GET", "/api/v1/report.pdf"): "/api/v1/report.pdf?from=2026-11-01&to=2026-11-24",
}


def readable(answer: Any) -> bytes:
    """The answer's text; a PDF's as pdftotext reads it (its streams are compressed)."""
    if not answer.content.startswith(b"%PDF"):
        return bytes(answer.content)
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=answer.content, capture_output=True, check=True
    )
    return done.stdout


def _listing(url: str) -> Callable[[World], None]:
    marker = (ALICE_TIME if url == "/" else SECRET).encode()
    if url.startswith("/api/v1/report.pdf"):
        marker = MEDICATION["name"].encode()

    def case(w: World) -> None:
        mine = readable(w.alice.client.get(url, headers=w.alice.api()))
        assert marker in mine, f"positive control: Alice sees it at {url}"
        theirs = w.bob.client.get(url, headers=w.bob.api())
        no_secret(theirs)
        assert marker not in readable(theirs)

    return case


def _counts_only(url: str) -> Callable[[World], None]:
    """Pages that show counts, not entries: Bob's equal those of an empty diary."""

    def case(w: World) -> None:
        no_secret(w.bob.client.get(url))
        no_secret(w.bob_api("GET", url))

    return case


Case = Callable[["World"], None]


def _alices_entry(kind: str, attribute: str, method: str, body: dict[str, Any]) -> Case:
    """Bob reads, changes or deletes Alice's entry of ``kind`` by its id: as if it did not exist."""

    def case(w: World) -> None:
        sent = {"json": body} if method == "PATCH" else {}
        not_found(w.bob_api(method, f"/api/v1/{kind}/{getattr(w, attribute)}", **sent))

    return case


# Alice's ids, reached by Bob: (the World attribute holding her id, a change to send)
ENTRIES = {
    "episodes": ("episode", {"intensity": 1}),
    "exposures": ("exposure", {"amount": 1.0}),
    "medications": ("medication", {"dose_mg_per_day": 1.0}),
    "visits": ("visit", {"outcome": "treated"}),
}
CASES: dict[tuple[str, str], Case] = {key: _listing(url) for key, url in SHOWS_ALICE.items()}
CASES |= {
    (method, f"/api/v1/{kind}/{{entry_id}}"): _alices_entry(kind, attribute, method, body)
    for kind, (attribute, body) in ENTRIES.items()
    for method in ("GET", "PATCH", "DELETE")
}
CASES |= {
    ("GET", "/api/v1/triggers"): lambda w: (
        no_secret(r := w.bob_api("GET", "/api/v1/triggers")),
        _assert(r.json()["episodes"] == 0),
    ),
    ("GET", "/triggers"): _counts_only("/triggers"),
    ("GET", "/report"): lambda w: _assert("0 episodes" in w.bob.client.get("/report").text),
    ("GET", "/check"): _counts_only("/check"),
    # Log now shows counts and amounts: Bob's are an empty diary's; his taps go to his own.
    ("GET", "/now"): _counts_only("/now"),
    ("POST", "/now/episode"): lambda w: no_secret(
        w.bob.client.post(
            "/now/episode",
            data={"kind": "twitch", "body_site": "calf", "csrf_token": w.bob.csrf},
            follow_redirects=False,
        )
    ),
    ("POST", "/now/exposure"): lambda w: no_secret(
        w.bob.client.post(
            "/now/exposure",
            data={"chip": "water", "amount_water": "250", "csrf_token": w.bob.csrf},
            follow_redirects=False,
        )
    ),
    # The words' form is filled from the caller's own profile: Bob's holds nothing of Alice's.
    ("POST", "/check/text"): lambda w: no_secret(
        w.bob_post("/check/text", data={"text": "calf cramp"})
    ),
    ("GET", "/import"): _counts_only("/import"),
    ("GET", "/account"): lambda w: _assert("alice" not in w.bob.client.get("/account").text),
    # Alice's other ids, reached by Bob
    ("GET", "/api/v1/imports/{job_id}"): lambda w: not_found(
        w.bob_api("GET", f"/api/v1/imports/{w.job}")
    ),
    ("GET", "/import/{job_id}"): lambda w: not_found(w.bob.client.get(f"/import/{w.job}")),
    ("GET", "/api/v1/episodes/{entry_id}/assessment"): lambda w: not_found(
        w.bob_api("GET", f"/api/v1/episodes/{w.episode}/assessment")
    ),
    ("GET", "/check/episode/{episode_id}"): lambda w: not_found(
        w.bob.client.get(f"/check/episode/{w.episode}")
    ),
    ("GET", "/log/{ref}/edit"): lambda w: not_found(w.bob.client.get(f"/log/e{w.episode}/edit")),
    ("POST", "/log/{ref}/edit"): lambda w: not_found(
        w.bob_post(
            f"/log/x{w.exposure}/edit",
            data={"type": "water", "started_at": "2026-11-20T07:00", "amount": "1"},
        )
    ),
    ("POST", "/log/{ref}/delete"): lambda w: not_found(w.bob_post(f"/log/e{w.episode}/delete")),
    ("GET", "/log/{ref}/delete"): lambda w: not_found(
        w.bob.client.get(f"/log/e{w.episode}/delete")
    ),
    # The sample diary: Bob's count and removal are his own (Alice has none; hers stay).
    ("GET", "/sample"): lambda w: no_secret(w.bob.client.get("/sample")),
    ("GET", "/api/v1/sample"): lambda w: _assert(
        w.bob_api("GET", "/api/v1/sample").json() == {"entries": 0}
    ),
    ("POST", "/sample/remove"): lambda w: _bob_writes(w, lambda: w.bob_post("/sample/remove")),
    ("DELETE", "/api/v1/sample"): lambda w: _bob_writes(
        w, lambda: w.bob_api("DELETE", "/api/v1/sample")
    ),
    ("POST", "/visits/{visit_id}/delete"): lambda w: not_found(
        w.bob_post(f"/visits/{w.visit}/delete")
    ),
    ("POST", "/settings/medications/{course_id}/stop"): lambda w: not_found(
        w.bob_post(f"/settings/medications/{w.medication}/stop")
    ),
    ("POST", "/settings/medications/{course_id}/delete"): lambda w: not_found(
        w.bob_post(f"/settings/medications/{w.medication}/delete")
    ),
    ("POST", "/account/tokens/{token_id}/revoke"): lambda w: _bob_revokes_alices_tokens(w),
    # Reminders and push subscriptions: Bob reaches only his own (by name: hers is "evening").
    ("GET", "/api/v1/reminders"): lambda w: _assert(
        _alices_reminder(w)
        and "evening" not in [r["name"] for r in w.bob_api("GET", "/api/v1/reminders").json()]
    ),
    ("POST", "/api/v1/reminders"): lambda w: _bob_reminds(w),
    ("DELETE", "/api/v1/reminders/{name}"): lambda w: (
        _alices_reminder(w) and not_found(w.bob_api("DELETE", "/api/v1/reminders/evening"))
    ),
    ("POST", "/api/v1/reminders/{name}/test"): lambda w: (
        _alices_reminder(w) and not_found(w.bob_api("POST", "/api/v1/reminders/evening/test"))
    ),
    ("GET", "/reminders"): lambda w: _assert(
        _alices_reminder(w)
        and "json://alices-hook.invalid:9/" not in w.bob.client.get("/reminders").text
    ),
    ("POST", "/reminders"): lambda w: _bob_reminds(w, page=True),
    ("POST", "/reminders/{name}/test"): lambda w: (
        _alices_reminder(w) and not_found(w.bob_post("/reminders/evening/test"))
    ),
    ("POST", "/reminders/{name}/remove"): lambda w: (
        _alices_reminder(w) and not_found(w.bob_post("/reminders/evening/remove"))
    ),
    ("POST", "/api/v1/push/subscriptions"): lambda w: _bob_subscribes(w),
    ("DELETE", "/api/v1/push/subscriptions"): lambda w: _bob_subscribes(w),
    # Share links: Bob sees, opens the log of, and revokes only his own.
    ("GET", "/api/v1/shares"): lambda w: _assert(
        _alices_link(w) not in [s["id"] for s in w.bob_api("GET", "/api/v1/shares").json()]
    ),
    ("GET", "/api/v1/shares/{share_id}/views"): lambda w: not_found(
        w.bob_api("GET", f"/api/v1/shares/{_alices_link(w)}/views")
    ),
    ("POST", "/api/v1/shares/{share_id}/revoke"): lambda w: _bob_revokes_alices_link(
        w, lambda: w.bob_api("POST", f"/api/v1/shares/{_alices_link(w)}/revoke")
    ),
    ("POST", "/report/shares/{share_id}/revoke"): lambda w: _bob_revokes_alices_link(
        w, lambda: w.bob_post(f"/report/shares/{_alices_link(w)}/revoke")
    ),
    ("POST", "/api/v1/shares"): lambda w: _bob_shares(
        w, lambda: w.bob_api("POST", "/api/v1/shares", json={"days": 2})
    ),
    ("POST", "/report/shares"): lambda w: _bob_shares(
        w, lambda: w.bob_post("/report/shares", data={"days": "2"})
    ),
    # Writing: what Bob makes lands in his diary, and a body cannot name Alice's id.
    ("POST", "/api/v1/episodes"): lambda w: _bob_writes(
        w,
        lambda: w.bob_api(
            "POST", "/api/v1/episodes", json={**EPISODE, "notes": "bob", "started_at": BOB_TIME}
        ),
    ),
    ("POST", "/api/v1/exposures"): lambda w: _bob_writes(
        w,
        lambda: w.bob_api(
            "POST", "/api/v1/exposures", json={**EXPOSURE, "detail": "bob", "started_at": BOB_TIME}
        ),
    ),
    ("POST", "/api/v1/medications"): lambda w: _bob_writes(
        w, lambda: w.bob_api("POST", "/api/v1/medications", json={"name": "bobmed"})
    ),
    ("POST", "/api/v1/visits"): lambda w: _bob_writes(
        w,
        lambda: w.bob_api(
            "POST", "/api/v1/visits", json={"on": "2026-11-20", "outcome": "treated"}
        ),
    ),
    ("POST", "/log/{kind}"): lambda w: _bob_writes(
        w,
        lambda: w.bob_post(
            "/log/episode", data={"kind": "twitch", "started_at": "2026-11-21T10:00"}
        ),
    ),
    ("POST", "/log/quick/save"): lambda w: _bob_writes(
        w,
        lambda: w.bob_post(
            "/log/quick/save",
            data={
                "drafts": '[{"kind": "x", "data": {"type": "water", '
                '"started_at": "2026-11-21T10:00:00+00:00", "amount": 250.0}}]'
            },
        ),
    ),
    ("POST", "/visits"): lambda w: _bob_writes(
        w, lambda: w.bob_post("/visits", data={"on": "2026-11-21", "outcome": "treated"})
    ),
    ("POST", "/settings/medications"): lambda w: _bob_writes(
        w, lambda: w.bob_post("/settings/medications", data={"name": "bobpill"})
    ),
    ("POST", "/settings/profile"): lambda w: _bob_writes(
        w, lambda: w.bob_post("/settings/profile", data={"time_zone": "Asia/Tokyo"})
    ),
    ("POST", "/api/v1/imports"): lambda w: _bob_imports(w, api=True),
    ("POST", "/import"): lambda w: _bob_imports(w, api=False),
    ("POST", "/account/sessions/end-others"): lambda w: _assert(
        w.bob_post("/account/sessions/end-others").status_code == 303
        and w.alice.client.get("/log").status_code == 200
        and w.bob.client.get("/log").status_code == 200
    ),
    ("POST", "/account/two-step/start"): lambda w: _bob_two_step(w),
    ("POST", "/account/two-step/confirm"): lambda w: _bob_two_step(w),
    ("POST", "/account/two-step/recovery-codes"): lambda w: _bob_two_step(w),
    ("POST", "/account/two-step/off"): lambda w: _bob_two_step(w),
    ("POST", "/account/password"): lambda w: _assert(
        w.bob_post("/account/password", data={"current": "wrong", "new": "x" * 12}).status_code
        == 422
    ),
}

CASES |= EXPERIMENT_CASES

# Routes that hold no diary data, with why.
PUBLIC = {
    ("GET", "/api/v1/openapi.json"): "the API's description",
    ("GET", "/api/v1/push/key"): "the server's VAPID public key, the same for everyone",
    ("GET", "/remind/stop/{token}"): "a stop link: the HMAC-signed id is the permission "
    "(tests/web/test_reminders_api.py)",
    ("POST", "/remind/stop/{token}"): "a stop link: the HMAC-signed id is the permission",
    ("GET", "/shared/{token}"): "a share link: its 256-bit token is the permission "
    "(tests/web/test_shares.py)",
    ("GET", "/api/v1/shared/{token}/report.pdf"): "a share link's PDF: its token is the "
    "permission (tests/web/test_shares.py)",
    ("GET", "/api/v1/docs"): "the API's description, readable",
    ("POST", "/api/v1/tokens"): "a name and password in, one's own token out",
    ("POST", "/api/v1/assessments"): "stateless: the request in, its assessment out",
    ("POST", "/check"): "stateless: the form in, its assessment out",
    ("POST", "/check/signs"): "stateless: ticked warning signs in, a banner out",
    ("POST", "/log/quick"): "reads the text only, saves nothing",
    ("GET", "/sign-in"): "the sign-in form",
    ("POST", "/sign-in"): "tested in tests/web/test_accounts.py",
    ("POST", "/sign-out"): "ends the caller's own session",
    ("GET", "/sign-in/code"): "the second sign-in step: the code field, nothing else",
    ("POST", "/sign-in/code"): "finishes its own cookie's sign-in; tested in test_accounts.py",
    ("POST", "/account/erase"): "erases the caller only; tested in tests/web/test_accounts.py",
    ("GET", "/guide"): "the knowledge base, the same for everyone",
    ("GET", "/guide/{topic}"): "the knowledge base and approved public replies",
    ("POST", "/guide/{topic}/replies"): "a public reply, held for moderation",
    ("GET", "/settings/moderation"): "public replies awaiting moderation (no diary data)",
    ("GET", "/manifest.webmanifest"): "the installable app's manifest, the same for everyone",
    ("GET", "/sw.js"): "the service worker's script, the same for everyone",
    ("GET", "/icons/{size}.png"): "the app's icon, the same for everyone",
    ("POST", "/settings/moderation/{reply_id}/approve"): "public replies (no diary data)",
    ("POST", "/settings/moderation/{reply_id}/reject"): "public replies (no diary data)",
}


def _assert(condition: bool) -> None:
    assert condition


def _bob_writes(w: World, write: Callable[[], Any]) -> None:
    answer = write()
    assert answer.status_code in {200, 201, 303}, answer.text[:300]
    assert w.alice_now() == w.alice_before, "Bob's write touched Alice's diary"


def _bob_two_step(w: World) -> None:
    """Bob sets two-step sign-in up, renews his codes and turns it off: Alice's account and
    diary are as they were."""
    store = w.app.state.web.store

    def alices() -> tuple[object, ...]:
        with store.accounts() as accounts:
            found = accounts._db.execute(
                select(AccountRow.totp_secret, AccountRow.totp_pending, AccountRow.totp_last_step)
                .join(PersonRow, PersonRow.id == AccountRow.person_id)
                .where(PersonRow.name == "alice")
            ).one()
        return tuple(found)

    before = alices()
    bob = w.bob
    with store.accounts(write=True) as accounts:  # each run counts 3 code tries; the clock stands
        accounts._db.execute(delete(RateAttemptRow))
    started = w.bob_post("/account/two-step/start", data={"password": PASSWORDS["bob"]})
    assert started.status_code == 303, started.text[:300]
    page = bob.client.get("/account").text
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    now = w.app.state.web.clock.now(UTC)
    code = pyotp.TOTP(secret.group(1).replace(" ", "")).at(now)
    shown = w.bob_post("/account/two-step/confirm", data={"code": code})
    assert shown.status_code == 200
    codes = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", shown.text)
    renewed = w.bob_post("/account/two-step/recovery-codes", data={"code": codes[0]})
    fresh = re.findall(r"<li><code>([a-z2-7-]{19})</code></li>", renewed.text)
    off = w.bob_post("/account/two-step/off", data={"password": PASSWORDS["bob"], "code": fresh[0]})
    assert off.status_code == 303, off.text[:300]
    assert "Set up two-step sign-in" in bob.client.get("/account").text
    assert alices() == before, "Bob's two-step sign-in touched Alice's account"
    assert w.alice_now() == w.alice_before


def _bob_imports(w: World, *, api: bool) -> None:
    rows = b"time,type,value,unit,end_time,detail\n2026-11-18T08:00:00+00:00,water,111,ml,,\n"
    if api:
        answer = w.bob_api("POST", "/api/v1/imports", files={"file": ("b.csv", io.BytesIO(rows))})
        job = answer.json()["id"]
    else:
        answer = w.bob.client.post(
            "/import",
            files={"file": ("b.csv", rows)},
            data={"csrf_token": w.bob.csrf},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text[:300]
        job = answer.headers["location"].rsplit("/", 1)[1]
    w.app.state.web.jobs.wait(job)
    not_found(w.alice.client.get(f"/api/v1/imports/{job}", headers=w.alice.api()))
    assert w.alice_now() == w.alice_before


def _bob_revokes_alices_tokens(w: World) -> None:
    with w.app.state.web.store.accounts() as accounts:
        alice = accounts.verify("alice", PASSWORDS["alice"])
        assert alice is not None
        hers = [token.id for token in accounts.tokens.of(alice)]
    assert hers
    for token_id in hers:
        w.bob_post(f"/account/tokens/{token_id}/revoke")
    assert w.alice.client.get("/api/v1/episodes", headers=w.alice.api()).status_code == 200


def _alices_reminder(w: World) -> bool:
    """Alice's reminder "evening", made on first use."""
    h = w.alice.api()
    if not w.alice.client.get("/api/v1/reminders", headers=h).json():
        body = {"name": "evening", "at": "21:00", "to": "json://alices-hook.invalid:9/"}
        made = w.alice.client.post("/api/v1/reminders", json=body, headers=h)
        assert made.status_code == 201, made.text
    return True


def _alices_reminders(w: World) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = w.alice.client.get(
        "/api/v1/reminders", headers=w.alice.api()
    ).json()
    return found


def _bob_reminds(w: World, page: bool = False) -> None:
    _alices_reminder(w)
    before = _alices_reminders(w)
    body = {"name": "bobs-page" if page else "bobs-own", "at": "20:00", "to": "json://x:9/"}
    if page:
        made = w.bob_post("/reminders", data=body)
        assert made.status_code == 303, made.text
    else:
        made = w.bob_api("POST", "/api/v1/reminders", json=body)
        assert made.status_code == 201, made.text
    assert _alices_reminders(w) == before


def _bob_subscribes(w: World) -> None:
    """Bob subscribes a browser and ends it; Alice's subscription stays and his DELETE of hers
    is not found."""
    store = w.app.state.web.store
    endpoint = "https://push.example/alice"
    with store.accounts() as accounts:
        alice = accounts.person_of("alice")
    from twitchwise.storage.reminders import PushSubscription

    with store.reminders() as reminders:
        reminders.subscribe(
            alice, PushSubscription(endpoint, "k", "a"), w.app.state.web.clock.now(UTC)
        )
    not_found(w.bob_api("DELETE", "/api/v1/push/subscriptions", json={"endpoint": endpoint}))
    keys = {"p256dh": "k", "auth": "a"}
    mine = w.bob_api(
        "POST",
        "/api/v1/push/subscriptions",
        json={"endpoint": "https://push.example/bob", "keys": keys},
    )
    assert mine.status_code == 201, mine.text
    with store.reminders() as reminders:
        assert [s.endpoint for s in reminders.subscriptions(alice)] == [endpoint]


def _alices_link(w: World) -> int:
    """Alice's share link, made on first use."""
    found = w.alice.client.get("/api/v1/shares", headers=w.alice.api()).json()
    if not found:
        made = w.alice.client.post("/api/v1/shares", json={"days": 7}, headers=w.alice.api())
        assert made.status_code == 201, made.text
        return int(made.json()["id"])
    return int(found[-1]["id"])


def _alices_links(w: World) -> list[dict[str, Any]]:
    answer: list[dict[str, Any]] = w.alice.client.get(
        "/api/v1/shares", headers=w.alice.api()
    ).json()
    return answer


def _bob_revokes_alices_link(w: World, revoke: Callable[[], Any]) -> None:
    link = _alices_link(w)
    not_found(revoke())
    assert [s["state"] for s in _alices_links(w) if s["id"] == link] == ["active"]


def _bob_shares(w: World, share: Callable[[], Any]) -> None:
    before = _alices_links(w)
    answer = share()
    assert answer.status_code == 201, answer.text[:300]
    assert _alices_links(w) == before
    assert SECRET.encode() not in answer.content


def routes(app: FastAPI) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for route in app.routes:
        contexts = (
            route.effective_route_contexts()
            if hasattr(route, "effective_route_contexts")
            else [route]
        )
        for context in contexts:
            for method in getattr(context, "methods", None) or ():
                if method != "HEAD":
                    found.add((method, context.path))
    return found


def test_every_route_has_a_case(world: World) -> None:
    missing = routes(world.app) - set(CASES) - set(PUBLIC)
    assert not missing, f"routes without an isolation case or a reason to be public: {missing}"
    assert not set(CASES) & set(PUBLIC)


@pytest.mark.parametrize("route", sorted(CASES), ids=lambda r: f"{r[0]} {r[1]}")
def test_bob_cannot_reach_alices_diary(world: World, route: tuple[str, str]) -> None:
    CASES[route](world)
    assert world.alice_now() == world.alice_before, "Alice's diary changed"


def test_a_patch_cannot_move_an_entry_to_another_id(world: World) -> None:
    made = world.bob_api(
        "POST",
        "/api/v1/episodes",
        json={**EPISODE, "notes": "bob", "started_at": "2026-11-23T18:00:00+00:00"},
    )
    assert made.status_code == 201, made.text
    own = made.json()
    answer = world.bob_api("PATCH", f"/api/v1/episodes/{own['id']}", json={"id": world.episode})
    assert answer.status_code == 422
    assert world.alice_now() == world.alice_before


def test_without_signing_in_nothing_of_alices_is_reachable(world: World, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    stranger = TestClient(world.app, base_url="https://localhost")
    for method, path in sorted(set(CASES)):
        url = path.format(
            entry_id=world.episode,
            job_id=world.job,
            episode_id=world.episode,
            ref=f"e{world.episode}",
            course_id=world.medication,
            visit_id=world.visit,
            token_id=1,
            share_id=1,
            name="evening",
            kind="episode",
        )
        answer = stranger.request(method, url, follow_redirects=False)
        assert answer.status_code in {303, 401, 403}, (method, url, answer.status_code)
        assert SECRET.encode() not in answer.content
