"""The pages, through the same app as the browser uses (the browser tests add JavaScript)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from twitchwise.domain.episodes import Symptom

PAGES = ["/", "/log", "/check", "/triggers", "/import", "/report", "/settings"]


def drafts_in(page: str) -> str:
    found = re.search(r'name="drafts" value="([^"]*)"', page)
    assert found is not None, page
    return html.unescape(found.group(1))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_an_empty_journal_and_on_the_demo(
    client: TestClient, path: str
) -> None:
    empty = client.get(path)
    assert empty.status_code == 200
    assert "<main" in empty.text and 'aria-current="page"' in empty.text


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_on_the_demo_diary(demo_client: TestClient, path: str) -> None:
    assert demo_client.get(path).status_code == 200


def test_the_empty_dashboard_says_how_to_begin(client: TestClient) -> None:
    page = client.get("/").text
    assert "Nothing in the diary yet" in page and "/log" in page


def test_the_dashboard_shows_recent_episodes_the_month_and_the_timeline(
    demo_client: TestClient,
) -> None:
    page = demo_client.get("/").text
    assert "Recent episodes" in page and "November 2026" in page
    assert 'id="timeline-spec"' in page and "<figcaption" in page


def test_the_dashboard_raises_a_banner_for_a_recent_urgent_episode_and_updates_at_once(
    client: TestClient,
) -> None:
    assert 'class="banner' not in client.get("/").text
    calm = {"kind": "twitch", "started_at": "2026-11-24T09:00:00+00:00", "body_sites": ["calf"]}
    client.post("/api/v1/episodes", json=calm)
    page = client.get("/").text
    assert "Recent episodes" in page and 'class="banner' not in page
    long_cramp = {
        "kind": "cramp",
        "started_at": "2026-11-24T10:00:00+00:00",
        "duration_minutes": 20,
    }
    client.post("/api/v1/episodes", json=long_cramp)
    page = client.get("/").text
    assert 'class="banner urgent"' in page, "a write must show at once, not a cached dashboard"
    assert "Urgent" in page


def test_an_episode_older_than_two_weeks_raises_no_banner(client: TestClient) -> None:
    old = {"kind": "cramp", "started_at": "2026-11-01T10:00:00+00:00", "duration_minutes": 20}
    client.post("/api/v1/episodes", json=old)
    assert 'class="banner' not in client.get("/").text


EVERY_SIGN_SHOWN = {"signs_shown": [sign.value for sign in Symptom]}


def test_a_check_with_no_warning_sign_says_so_and_why_that_is_reassuring(
    client: TestClient,
) -> None:
    form = {"episode.kind": "twitch", "episode.body_sites": "calf", **EVERY_SIGN_SHOWN}
    page = client.post("/check", data=form)
    assert page.status_code == 200
    assert 'class="banner self_care"' in page.text
    assert "No warning sign" in page.text
    assert "FAS-NICE-NG127" in page.text, "the reassurance cites its sources"


def test_a_check_whose_warning_signs_were_never_shown_does_not_reassure(
    client: TestClient,
) -> None:
    page = client.post("/check", data={"episode.kind": "twitch", "episode.body_sites": "calf"})
    assert 'class="banner self_care"' in page.text
    assert "No warning sign" not in page.text
    assert "Not asked yet" in page.text and "warning signs were not asked about" in page.text


@pytest.mark.parametrize(
    ("symptom", "level"),
    [("weakness", "see_doctor"), ("dark_urine", "urgent"), ("difficulty_breathing", "emergency")],
)
def test_a_warning_sign_shows_its_banner_and_never_the_reassurance(
    client: TestClient, symptom: str, level: str
) -> None:
    page = client.post("/check", data={"episode.kind": "twitch", "episode.symptoms": symptom}).text
    assert f'class="banner {level}"' in page
    assert "No warning sign" not in page


def test_ticking_a_warning_sign_shows_the_banner_before_the_rest_is_answered(
    client: TestClient,
) -> None:
    live = client.post(
        "/check/signs",
        data={"episode.symptoms": "difficulty_breathing"},
        headers={"hx-request": "true"},
    )
    assert 'class="banner emergency"' in live.text
    none = client.post("/check/signs", data={}, headers={"hx-request": "true"})
    assert none.text == ""


def test_a_wrong_answer_is_shown_beside_its_field_and_the_answers_are_kept(
    client: TestClient,
) -> None:
    page = client.post(
        "/check",
        data={
            "episode.kind": "cramp",
            "episode.intensity": "2.5",
            "context.sleep_hours_last_night": "lots",
        },
    )
    assert page.status_code == 422
    text = page.text
    assert 'id="episode.intensity-error"' in text and "whole number" in text
    assert 'id="context.sleep_hours_last_night-error"' in text
    assert 'aria-invalid="true"' in text
    assert 'value="lots"' in text


def test_medicines_typed_in_the_check_reach_the_assessment(client: TestClient) -> None:
    page = client.post(
        "/check",
        data={"episode.kind": "cramp", "context.medications_text": "furosemide 40 mg"},
    ).text
    assert "furosemide" in page.lower()


def test_long_term_conditions_and_a_possible_pregnancy_reach_the_check(
    client: TestClient,
) -> None:
    form = {
        "episode.kind": "cramp",
        "episode.body_sites": "abdomen",
        "person.sex": "female",
        "person.possibly_pregnant": "yes",
        "person.conditions": ["kidney_disease", "heart_failure"],
        "context.daily_intake.potassium_mg": "900",
        "context.sweating": "heavy",
    }
    page = client.post("/check", data=form).text
    assert 'class="banner urgent"' in page
    assert "ectopic pregnancy" in page
    assert "the usual remedies (magnesium, potassium, more salt) may not be safe" in page
    form_page = client.get("/check").text
    assert 'name="person.conditions" value="kidney_disease"' in form_page
    assert 'name="person.possibly_pregnant"' in form_page


def test_a_diary_episode_is_checked_with_its_context(demo_client: TestClient) -> None:
    episode = demo_client.get("/api/v1/episodes", params={"limit": 1}).json()[0]
    page = demo_client.get(f"/check/episode/{episode['id']}").text
    assert f"e{episode['id']}" in page and "What likely contributed" in page
    assert demo_client.get("/check/episode/99999").status_code == 404


def test_quick_log_shows_the_entries_before_saving_and_saves_them_on_confirmation(
    client: TestClient,
) -> None:
    text = "legs twitching after sex, 3 coffees, slept 5h, ate pizza"
    shown = client.post("/log/quick", data={"text": text}, headers={"hx-request": "true"}).text
    assert "caffeine 288 mg" in shown and "ate pizza" in shown
    assert client.get("/api/v1/exposures").json() == [], "nothing is saved before confirming"
    saved = client.post(
        "/log/quick/save", data={"drafts": drafts_in(shown)}, follow_redirects=False
    )
    assert saved.status_code == 303
    assert len(client.get("/api/v1/episodes").json()) == 1
    assert len(client.get("/api/v1/exposures").json()) == 3
    assert "Saved e1" in client.get(saved.headers["location"]).text


def test_quick_log_without_javascript_shows_the_whole_page(client: TestClient) -> None:
    page = client.post("/log/quick", data={"text": "2 coffees"}).text
    assert "<main" in page and "Save 1 entry" in page


def test_tampered_proposals_are_refused(client: TestClient) -> None:
    answer = client.post("/log/quick/save", data={"drafts": '[{"kind": "e", "data": {}}]'})
    assert answer.status_code == 422
    assert client.get("/api/v1/episodes").json() == []


def test_the_episode_form_saves_in_the_persons_zone_and_refuses_wrong_fields(
    client: TestClient,
) -> None:
    client.post("/settings/profile", data={"time_zone": "America/New_York"})
    saved = client.post(
        "/log/episode",
        data={"kind": "cramp", "started_at": "2026-11-24T07:30", "body_sites": ["calf", "foot"]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    episode = client.get("/api/v1/episodes").json()[0]
    assert episode["started_at"] == "2026-11-24T07:30:00-05:00"
    assert episode["body_sites"] == ["calf", "foot"]
    wrong = client.post("/log/episode", data={"kind": "cramp", "started_at": "", "pain": "12"})
    assert wrong.status_code == 422
    assert 'id="pain-error"' in wrong.text and 'id="started_at-error"' in wrong.text


def test_an_entry_is_edited_and_deleted_from_the_log(client: TestClient) -> None:
    body = {"type": "caffeine", "started_at": "2026-11-24T08:00:00+00:00", "amount": 100.0}
    entry = client.post("/api/v1/exposures", json=body).json()
    ref = f"x{entry['id']}"
    form = client.get(f"/log/{ref}/edit").text
    assert 'value="100.0"' in form or 'value="100"' in form
    client.post(
        f"/log/{ref}/edit",
        data={"type": "caffeine", "started_at": "2026-11-24T08:00", "amount": "250"},
    )
    assert client.get(f"/api/v1/exposures/{entry['id']}").json()["amount"] == 250.0
    refused = client.post(
        f"/log/{ref}/edit", data={"type": "caffeine", "started_at": "", "amount": "1"}
    )
    assert refused.status_code == 422
    client.post(f"/log/{ref}/delete")
    assert client.get(f"/api/v1/exposures/{entry['id']}").status_code == 404
    assert client.get("/log/m1/edit").status_code == 422


def test_settings_keep_the_person_and_the_medicine_list(client: TestClient) -> None:
    client.post(
        "/settings/profile",
        data={
            "time_zone": "Europe/Paris",
            "sex": "female",
            "birth_year": "1990",
            "pregnant": "yes",
        },
    )
    page = client.get("/settings").text
    assert 'value="Europe/Paris"' in page and 'value="1990"' in page
    wrong = client.post("/settings/profile", data={"time_zone": "Mars/Base"})
    assert wrong.status_code == 422 and "not a known time zone" in wrong.text
    client.post("/settings/medications", data={"name": "amlodipine", "kind": "medication"})
    course = client.get("/api/v1/medications").json()[0]
    client.post(f"/settings/medications/{course['id']}/stop")
    assert client.get(f"/api/v1/medications/{course['id']}").json()["stopped_on"] == "2026-11-24"
    bad = client.post("/settings/medications", data={"name": "", "dose_mg_per_day": "x"})
    assert bad.status_code == 422 and 'id="dose_mg_per_day-error"' in bad.text
    client.post(f"/settings/medications/{course['id']}/delete")
    assert client.get("/api/v1/medications").json() == []


def test_an_upload_goes_to_its_progress_page_and_ends_with_the_summary(client: TestClient) -> None:
    rows = b"time,type,value,unit,end_time,detail\n2026-11-20T08:00:00+00:00,water,500,ml,,\n"
    answer = client.post("/import", files={"file": ("d.csv", rows)}, follow_redirects=False)
    assert answer.status_code == 303
    job_id = answer.headers["location"].rsplit("/", 1)[1]
    client.app.state.web.jobs.wait(job_id)  # type: ignore[attr-defined]
    fragment = client.get(answer.headers["location"], headers={"hx-request": "true"}).text
    assert 'data-state="done"' in fragment and "hx-trigger" not in fragment
    assert "<main" not in fragment, "htmx gets the fragment only"
    assert client.post("/import", files={}).status_code == 422


def test_the_triggers_page_shows_sentences_and_the_charts_or_what_is_missing(
    client: TestClient, demo_client: TestClient
) -> None:
    page = demo_client.get("/triggers").text
    assert "What the diary shows" in page and 'id="forest-spec"' in page


def test_too_few_episodes_say_how_many_more_are_needed(client: TestClient) -> None:
    page = client.get("/triggers").text
    assert "Not enough episodes yet" in page and "20 more episodes" in page


def test_the_report_page_offers_the_downloads_that_exist(client: TestClient) -> None:
    page = client.get("/report").text
    links = re.findall(r'href="(/api/v1/[^"]+)"', page)
    assert set(links) == {
        "/api/v1/report.pdf",
        "/api/v1/export/fhir",
        "/api/v1/export/backup",
        "/api/v1/export/csv",
    }
    for link in links:
        assert client.get(link).status_code == 200, link
    assert client.get("/api/v1/report.pdf").content.startswith(b"%PDF")
    assert 'action="/api/v1/report.pdf"' in page and 'name="from"' in page
    chosen = client.get("/api/v1/report.pdf", params={"from": "2026-11-01", "to": "2026-11-24"})
    assert "2026-11-01-to-2026-11-24" in chosen.headers["content-disposition"]


def test_a_missing_page_is_a_readable_404(client: TestClient) -> None:
    answer = client.get("/no-such-page")
    assert answer.status_code == 404 and "<main" in answer.text
