"""Lists come a page at a time, and no page or list reads more of the diary than it shows: the
same requests on a diary with 400 more days of history cost what they cost without it."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from tests.storage.reads import ReadMeter, fill_history
from tests.web.conftest import NOW
from tests.web.test_api import assert_error


def test_a_list_pages_with_the_cursor_of_its_link_header(client: TestClient) -> None:
    store = client.app.state.web.store  # type: ignore[attr-defined]
    fill_history(store, store.owner_id(), NOW, days=5, per_day=3)
    seen: list[int] = []
    address = "/api/v1/exposures?limit=4&type=caffeine&type=water"
    while address:
        answer = client.get(address)
        assert answer.status_code == 200
        seen += [item["id"] for item in answer.json()]
        link = answer.headers.get("link")
        address = link[1 : link.index(">")] if link else ""
    everything = client.get("/api/v1/exposures", params={"type": ["caffeine", "water"]}).json()
    assert seen == [item["id"] for item in everything]
    assert len(seen) == 10
    assert "link" not in client.get("/api/v1/exposures").headers
    assert_error(client.get("/api/v1/exposures", params={"cursor": "nonsense"}), 422, "cursor")


def _cost(client: TestClient, meter: ReadMeter, address: str) -> int:
    client.app.state.web._kept.clear()  # type: ignore[attr-defined] # the dashboard's kept page
    meter.statements.clear()
    with meter.recording():
        answer = client.get(address)
    assert answer.status_code == 200, answer.text
    return meter.work()


def test_pages_lists_and_checks_cost_the_same_with_years_of_history(client: TestClient) -> None:
    web = client.app.state.web  # type: ignore[attr-defined]
    store, owner = web.store, web.store.owner_id()
    # More episodes than a page counts (1,000), so the count is at its ceiling already.
    fill_history(store, owner, NOW, days=100, per_day=4, episodes_per_day=11)
    latest = client.get("/api/v1/episodes", params={"limit": 1}).json()[0]["id"]
    addresses = [
        "/api/v1/exposures?limit=5",
        "/api/v1/episodes?limit=5",
        "/api/v1/exposures?limit=5&type=water&type=sleep",
        "/",
        "/log",
        f"/check/episode/{latest}",
    ]
    meter = ReadMeter(store.engine)
    before = {address: _cost(client, meter, address) for address in addresses}
    # Older history, after a pause of a month (a check walks back its run of episodes, one
    # index probe a week: that run stays the same).
    fill_history(store, owner, NOW - timedelta(days=130), days=400, per_day=10)
    after = {address: _cost(client, meter, address) for address in addresses}
    for address in addresses:
        # 4,200 more rows would cost thousands (rows on PostgreSQL, instructions on SQLite).
        assert after[address] <= before[address] * 1.2 + 300, (
            address,
            before[address],
            after[address],
        )
