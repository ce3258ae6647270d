"""The isolation cases of the experiment routes (issue 21), for tests/test_isolation.py: Alice
runs an experiment (water before exercise, started on first use); Bob, signed in as himself,
reads, starts, records, stops and reports only his own, and Alice's stays as it was. Her seed is
the marker: it is on her pages and in her JSON, never in his."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from typing import Any

Case = Callable[[Any], None]
CURRENT = "/api/v1/experiments/current"


def alices_experiment(w: Any) -> dict[str, Any]:
    """Alice's running experiment as she sees it, started on first use."""
    h = w.alice.api()
    found = w.alice.client.get(CURRENT, headers=h)
    if found.status_code == 404:
        made = w.alice.client.post(
            "/api/v1/experiments", json={"change": "water_before_exercise", "weeks": 2}, headers=h
        )
        assert made.status_code == 201, made.text
        found = w.alice.client.get(CURRENT, headers=h)
    assert found.status_code == 200, found.text
    state: dict[str, Any] = found.json()["experiment"]
    assert state["status"] == "running"
    return state


def _text(answer: Any) -> bytes:
    if not answer.content.startswith(b"%PDF"):
        return bytes(answer.content)
    done = subprocess.run(
        ["pdftotext", "-", "-"], input=answer.content, capture_output=True, check=True
    )
    return done.stdout


def _markers(answer: Any, hers: dict[str, Any]) -> list[bytes]:
    """What marks Alice's experiment in an answer: her seed (shown on her page, in her JSON),
    and her change (in JSON and the PDF; a page lists every change to choose from)."""
    seed = [f"seed {hers['seed']}".encode(), f'"seed":{hers["seed"]}'.encode()]
    if answer.headers.get("content-type", "").startswith("text/html"):
        return seed
    return [*seed, b"water_before_exercise", b"Water before exercise"]


def _shown(answer: Any) -> bytes:
    text = _text(answer)
    return text + text.lower() + text.replace(b" ", b"")


def _none_of_hers(w: Any, answer: Any, hers: dict[str, Any]) -> None:
    assert answer.status_code in {200, 201, 303, 404, 409, 422}, answer.text[:300]
    shown = _shown(answer)
    assert not [m for m in _markers(answer, hers) if m in shown]


def _reads(url: str, api: bool = True) -> Case:
    def case(w: Any) -> None:
        hers = alices_experiment(w)
        mine = w.alice.client.get(url, headers=w.alice.api() if api else {})
        assert mine.status_code == 200, mine.text[:300]
        shown = _shown(mine)
        assert [m for m in _markers(mine, hers) if m in shown], f"control: Alice's at {url}"
        theirs = w.bob_api("GET", url) if api else w.bob.client.get(url)
        _none_of_hers(w, theirs, hers)

    return case


def _writes(write: Callable[[Any], Any]) -> Case:
    """Bob's write reaches only his own experiment: Alice's stays as it was."""

    def case(w: Any) -> None:
        hers = alices_experiment(w)
        days_before = w.alice.client.get(CURRENT, headers=w.alice.api()).json()
        _none_of_hers(w, write(w), hers)
        assert alices_experiment(w) == hers
        assert w.alice.client.get(CURRENT, headers=w.alice.api()).json() == days_before

    return case


def _bob_starts(w: Any) -> Any:
    return w.bob_api("POST", "/api/v1/experiments", json={"change": "no_alcohol", "weeks": 2})


EXPERIMENT_CASES: dict[tuple[str, str], Case] = {
    ("GET", CURRENT): _reads(CURRENT),
    ("GET", f"{CURRENT}/result"): _reads(f"{CURRENT}/result"),
    ("GET", f"{CURRENT}/report.pdf"): _reads(f"{CURRENT}/report.pdf"),
    ("GET", "/experiment"): _reads("/experiment", api=False),
    ("GET", "/experiment/report.pdf"): _reads("/experiment/report.pdf", api=False),
    # the proposal is worked out from the caller's own diary
    ("GET", "/api/v1/experiments/proposal"): _writes(
        lambda w: w.bob_api("GET", "/api/v1/experiments/proposal?change=no_alcohol")
    ),
    ("POST", "/api/v1/experiments"): _writes(_bob_starts),
    ("POST", f"{CURRENT}/days"): _writes(
        lambda w: (_bob_starts(w), w.bob_api("POST", f"{CURRENT}/days", json={"followed": True}))[1]
    ),
    ("POST", f"{CURRENT}/stop"): _writes(lambda w: w.bob_api("POST", f"{CURRENT}/stop")),
    ("POST", "/experiment/start"): _writes(
        lambda w: w.bob_post("/experiment/start", data={"change": "stretch_before_bed"})
    ),
    ("POST", "/experiment/day"): _writes(
        lambda w: w.bob_post("/experiment/day", data={"followed": "no"})
    ),
    ("POST", "/experiment/stop"): _writes(lambda w: w.bob_post("/experiment/stop")),
}
