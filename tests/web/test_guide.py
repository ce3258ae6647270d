"""The guide in the browser: every page with its sources, and under each a moderated discussion
whose email stays private, whose text stays text, and which bots and floods cannot fill."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from markupsafe import escape

from twitchwise import guide
from twitchwise.knowledge import Knowledge
from twitchwise.storage.discussion import Reply

EMAIL = "secret.reader@example.org"
REPLY = {"name": "Ann", "email": EMAIL, "comment": "Magnesium helped me.\nSecond line."}


def post(client: TestClient, topic: str = "sleep", **fields: str) -> object:
    return client.post(f"/guide/{topic}/replies", data={**REPLY, **fields}, follow_redirects=False)


def pending(client: TestClient) -> list[Reply]:
    with client.app.state.web.store.discussion() as discussion:  # type: ignore[attr-defined]
        return discussion.pending()


def approve_all(client: TestClient) -> None:
    queue = client.get("/settings/moderation").text
    for reply_id in re.findall(r"/settings/moderation/(\d+)/approve", queue):
        answer = client.post(f"/settings/moderation/{reply_id}/approve", follow_redirects=False)
        assert answer.status_code == 303


def test_the_index_links_every_topic(client: TestClient, knowledge: Knowledge) -> None:
    html = client.get("/guide").text
    for topic in guide.topics(knowledge):
        assert f'href="/guide/{topic.id}"' in html
        assert str(escape(topic.title)) in html


def test_every_topic_page_renders_with_its_sources(
    client: TestClient, knowledge: Knowledge
) -> None:
    for topic in guide.topics(knowledge):
        answer = client.get(f"/guide/{topic.id}")
        assert answer.status_code == 200, topic.id
        shown = guide.page(knowledge, topic.id)
        assert str(escape(shown.title)) in answer.text
        cited = [s for section in shown.sections for s in knowledge.cited_sources(section.sources)]
        assert cited or topic.id == "sources", topic.id
        for source in cited:
            assert str(escape(source.title)) in answer.text, (topic.id, source.id)
            if source.url:
                assert f'href="{escape(source.url)}"' in answer.text, (topic.id, source.id)
    everything = client.get("/guide/sources").text
    for source in knowledge.sources.values():
        assert str(escape(source.title)) in everything


def test_the_sources_page_links_every_address_to_its_publisher(
    client: TestClient, knowledge: Knowledge
) -> None:
    """Each source with an address is a real link to that address (not the text alone, not a
    copy); a source on paper says so and why, with no link."""
    html = client.get("/guide/sources").text
    items = dict(re.findall(r'<li id="source-([A-Z0-9-]+)">(.*?)</li>', html, re.S))
    assert set(items) == set(knowledge.sources)
    for source in knowledge.sources.values():
        item = items[source.id]
        links = re.findall(r'<a href="([^"]+)" rel="([^"]+)">', item)
        if source.url:
            assert links == [(str(escape(source.url)), "noopener noreferrer")], source.id
        else:
            assert links == [] and "On paper" in item, source.id
            assert str(escape(source.notes)) in item, source.id


def test_an_unknown_topic_is_not_found(client: TestClient) -> None:
    assert client.get("/guide/nonsense").status_code == 404
    assert post(client, "nonsense").status_code == 404  # type: ignore[attr-defined]
    assert pending(client) == []


def test_three_missing_fields_show_three_errors_beside_them(client: TestClient) -> None:
    answer = client.post("/guide/sleep/replies", data={}, follow_redirects=False)
    assert answer.status_code == 422
    for field in ("name", "email", "comment"):
        assert f'id="{field}-error"' in answer.text
        tag = re.search(rf'<(?:input|textarea) id="{field}"[^>]*>', answer.text)
        assert tag is not None
        assert 'aria-invalid="true"' in tag.group(0)
        assert f"{field}-error" in tag.group(0)  # in its aria-describedby
    assert pending(client) == []


def test_a_bad_email_is_refused_and_the_entered_values_are_kept(client: TestClient) -> None:
    answer = post(client, email="not-an-email")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    html = answer.text  # type: ignore[attr-defined]
    assert 'id="email-error"' in html
    assert 'id="name-error"' not in html
    assert 'value="Ann"' in html
    assert 'value="not-an-email"' in html
    assert "Magnesium helped me." in html
    assert pending(client) == []


def test_a_reply_shows_only_after_approval(client: TestClient) -> None:
    answer = post(client)
    assert answer.status_code == 303  # type: ignore[attr-defined]
    landing = client.get(answer.headers["location"]).text  # type: ignore[attr-defined]
    assert "waits for moderation" in landing
    assert "Magnesium helped me." not in landing
    assert "Magnesium helped me." in client.get("/settings/moderation").text
    approve_all(client)
    html = client.get("/guide/sleep").text
    assert "<h3" in html and ">Ann</h3>" in html
    assert "Magnesium helped me.\nSecond line." in html
    assert "Magnesium helped me." not in client.get("/guide/caffeine").text
    assert pending(client) == []


def api_gets(client: TestClient) -> list[str]:
    return [
        "/api/v1" + route.path.removeprefix("/api/v1")
        for route in client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, APIRoute)
        and "GET" in route.methods
        and route.path.startswith("/api/v1")
        and "{" not in route.path
    ] + ["/api/v1/openapi.json"]


def test_the_email_appears_on_no_page_and_in_no_api_answer(client: TestClient) -> None:
    post(client)
    post(client, topic="caffeine", email="other.reader@example.org")
    approve_all(client)
    post(client, comment="still waiting")  # one approved and one pending from the same email
    pages = ["/guide", "/guide/sleep", "/guide/caffeine", "/settings/moderation", "/settings"]
    for path in pages + api_gets(client):
        answer = client.get(path)
        assert answer.status_code < 500, path
        for email in (EMAIL, "other.reader@example.org"):
            assert email.encode() not in answer.content, path
            assert email.split("@")[0].encode() not in answer.content, path
    assert len(pending(client)) == 1


def test_a_script_in_a_comment_comes_back_as_text(client: TestClient) -> None:
    post(client, comment='<script>alert("hi")</script>', name="<b>Bold</b>")
    queue = client.get("/settings/moderation").text
    approve_all(client)
    for html in (queue, client.get("/guide/sleep").text):
        assert "<script>alert" not in html
        assert "&lt;script&gt;alert(&#34;hi&#34;)&lt;/script&gt;" in html
        assert "<b>Bold</b>" not in html
        assert "&lt;b&gt;Bold&lt;/b&gt;" in html


def test_a_link_in_a_comment_is_not_made_clickable(client: TestClient) -> None:
    post(client, comment="see http://x.example and <a href='http://x.example'>this</a>")
    approve_all(client)
    html = client.get("/guide/sleep").text
    assert "http://x.example" in html
    assert re.search(r"<a\b[^>]*x\.example", html) is None


def test_a_filled_honeypot_pretends_success_and_stores_nothing(client: TestClient) -> None:
    answer = post(client, website="http://spam.example")
    assert answer.status_code == 303  # type: ignore[attr-defined]
    assert "sent=true" in answer.headers["location"]  # type: ignore[attr-defined]
    assert pending(client) == []


def test_the_honeypot_is_hidden_from_people(client: TestClient) -> None:
    html = client.get("/guide/sleep").text
    tag = re.search(r'<input id="website"[^>]*>', html)
    assert tag is not None
    assert 'tabindex="-1"' in tag.group(0) and 'autocomplete="off"' in tag.group(0)
    assert re.search(r'<div class="honey" aria-hidden="true">\s*<label for="website">', html)


def test_the_fourth_reply_in_ten_minutes_from_one_address_is_refused(
    client: TestClient,
) -> None:
    for n in range(3):
        assert post(client, email=f"r{n}@example.org").status_code == 303  # type: ignore[attr-defined]
    answer = post(client, email="r3@example.org", comment="fourth")
    assert answer.status_code == 422  # type: ignore[attr-defined]
    assert "please wait a few minutes" in answer.text  # type: ignore[attr-defined]
    assert 'value="r3@example.org"' in answer.text  # type: ignore[attr-defined]
    assert len(pending(client)) == 3


def test_reject_deletes_the_reply(client: TestClient) -> None:
    post(client)
    (reply,) = pending(client)
    answer = client.post(f"/settings/moderation/{reply.id}/reject", follow_redirects=False)
    assert answer.status_code == 303
    assert pending(client) == []
    assert "Magnesium" not in client.get("/settings/moderation").text
    approve_all(client)
    assert "Magnesium" not in client.get("/guide/sleep").text
    missing = client.post(f"/settings/moderation/{reply.id}/approve", follow_redirects=False)
    assert missing.status_code == 404


@pytest.mark.parametrize("path", ["/guide", "/guide/warning-signs", "/settings/moderation"])
def test_the_pages_mark_their_place_in_the_navigation(client: TestClient, path: str) -> None:
    active = "/settings" if path.startswith("/settings") else "/guide"
    assert f'href="{active}" aria-current="page"' in client.get(path).text
