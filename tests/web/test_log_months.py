"""The log pages back through the whole diary a month at a time, and a delete asks first."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient

LONDON = ZoneInfo("Europe/London")


def _refs(page: str) -> list[str]:
    return re.findall(r'<span class="small muted">([ex]\d+)</span>', page)


def _link(page: str, words: str) -> str | None:
    found = re.search(rf'href="(/log\?[^"]+)"[^>]*>{words}', page)
    return html.unescape(found.group(1)) if found else None


def _month_in_journal(client: TestClient, year: int, month: int) -> set[str]:
    """The month's episodes and exposures, read from the journal as a second voice."""
    since = datetime(year, month, 1, tzinfo=LONDON)
    until = datetime(year + month // 12, month % 12 + 1, 1, tzinfo=LONDON)
    with client.app.state.web.store.read() as journal:  # type: ignore[attr-defined]
        episodes = [f"e{e.id}" for e in journal.episodes(since, until) if e.started_at < until]
        exposures = [f"x{x.id}" for x in journal.exposures(since, until) if x.started_at < until]
    return {*episodes, *exposures}


def test_the_log_reaches_the_first_month_of_the_diary_page_by_page(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/log").text
    assert "November 2026" in page
    months, url = [], "/log"
    while url:
        page = demo_client.get(url).text
        title = re.search(r'<h2 id="month-title">([^<,]+)', page).group(1)  # type: ignore[union-attr]
        month = datetime.strptime(title, "%B %Y")  # noqa: DTZ007 - a month's name, not a moment
        shown, more = _refs(page), _link(page, "Older entries of")
        while more:  # a busy month goes on in pages, each entry once
            next_page = demo_client.get(more).text
            shown += _refs(next_page)
            more = _link(next_page, "Older entries of")
        assert len(shown) == len(set(shown))
        assert set(shown) == _month_in_journal(demo_client, month.year, month.month), title
        months.append(title)
        url = _link(page, "← ")
    assert months[0] == "November 2026" and months[-1] == "May 2026"
    assert len(months) == 7


def test_a_month_is_chosen_and_a_month_to_come_is_refused(demo_client: TestClient) -> None:
    page = demo_client.get("/log", params={"month": "2026-08"}).text
    assert "August 2026" in page
    assert _link(page, "September 2026 →") == "/log?month=2026-09"
    assert demo_client.get("/log", params={"month": "2027-01"}).status_code == 422
    assert demo_client.get("/log", params={"month": "August"}).status_code == 422


def test_delete_asks_before_it_deletes(client: TestClient) -> None:
    body = {"type": "caffeine", "started_at": "2026-11-24T08:00:00+00:00", "amount": 100.0}
    entry = client.post("/api/v1/exposures", json=body).json()
    ref = f"x{entry['id']}"
    log = client.get("/log").text
    assert f'href="/log/{ref}/delete"' in log  # a link to the question, not a button that deletes
    assert f'action="/log/{ref}/delete"' not in log
    asked = client.get(f"/log/{ref}/delete").text
    assert f"Delete {ref}?" in asked and "caffeine · 100 mg" in asked
    assert client.get(f"/api/v1/exposures/{entry['id']}").status_code == 200
    done = client.post(f"/log/{ref}/delete", follow_redirects=True)
    assert f"Deleted {ref}." in done.text
    assert client.get(f"/api/v1/exposures/{entry['id']}").status_code == 404


def test_an_entry_at_midnight_belongs_to_the_month_it_opens(client: TestClient) -> None:
    midnight = datetime(2026, 11, 1, tzinfo=LONDON)
    body = {"type": "water", "started_at": midnight.isoformat(), "amount": 250.0}
    ref = f"x{client.post('/api/v1/exposures', json=body).json()['id']}"
    assert ref in _refs(client.get("/log", params={"month": "2026-11"}).text)
    assert ref not in _refs(client.get("/log", params={"month": "2026-10"}).text)
