"""What a person does, in a real Chromium: log by quick log, run a check that calls for a doctor
soon, read the triggers of the demo diary, import an Apple Health export and watch it finish,
and leave a reply in the guide that a moderator approves, the email never on any page.

The flows that write run on an empty journal of their own (``fresh_server``); the check and the
triggers only read the demo diary."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    DESKTOP,
    PHONE,
    LiveServer,
    Watched,
    axe_check,
    screenshot,
    shoot,
)
from tests.imports.apple_export import category, export_xml, quantity, workout, zipped

pytestmark = pytest.mark.slow


def test_quick_log_shows_the_entries_then_saves_them(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.goto(fresh_server.url + "/log")
    page.get_by_label("What happened, in your own words").fill(
        "legs twitching after sex, 3 coffees, slept 5h"
    )
    page.get_by_role("button", name="Read it").click()

    proposals = page.locator("#quick-result")
    expect(proposals).to_contain_text("This would be saved")
    expect(proposals.locator("li")).to_have_count(4)
    assert page.url == fresh_server.url + "/log", "htmx swapped the proposals in, no navigation"
    shoot(page, "flow-quick-log-proposals", axe_source)

    page.get_by_role("button", name="Save 4 entries").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(4)
    entries = " ".join(rows.all_inner_texts())
    for word in ("twitch", "caffeine", "sleep", "sex"):
        assert word in entries, f"{word!r} is not among the saved entries: {entries}"
    shoot(page, "flow-quick-log-saved", axe_source)

    watched.assert_only(fresh_server)
    watched.assert_no_errors()


def test_a_ticked_warning_sign_shows_its_banner_at_once_and_on_the_result(
    demo_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.goto(demo_server.url + "/check")
    live = page.locator("#sign-banner")
    expect(live).to_be_empty()

    page.locator("input[name='episode.symptoms'][value='difficulty_swallowing']").check()
    # the banner comes from the server (htmx) before anything is submitted
    expect(live.locator(".banner.urgent")).to_be_visible()
    expect(live).to_contain_text("Urgent")
    assert page.url == demo_server.url + "/check"
    shoot(page, "flow-check-live-banner", axe_source)

    page.get_by_role("button", name="Check it").click()
    expect(page).to_have_url(demo_server.url + "/check")
    banner = page.locator("main section.banner").first
    expect(banner).to_have_class(re.compile(r"\b(urgent|emergency)\b"))
    expect(banner.locator("h1")).to_be_visible()
    expect(page.get_by_role("heading", name="No warning sign")).to_have_count(0)
    shoot(page, "flow-check-urgent-result", axe_source)

    watched.assert_only(demo_server)
    watched.assert_no_errors()


def test_a_check_without_a_warning_sign_says_so(
    demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    page.goto(demo_server.url + "/check")
    page.get_by_label("How long did it last?").fill("1 min")
    page.get_by_role("button", name="Check it").click()

    expect(page.get_by_role("heading", name="No warning sign")).to_be_visible()
    expect(page.locator("main section.banner.self_care")).to_be_visible()
    expect(page.locator("main .banner.urgent, main .banner.emergency")).to_have_count(0)
    watched.assert_no_errors()


def test_triggers_of_the_demo_diary_are_sentences_with_a_drawn_forest(
    demo_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.goto(demo_server.url + "/triggers")
    found = page.locator("section[aria-labelledby='found-title'] li")
    assert found.count() >= 3
    sentences = found.locator("strong").all_inner_texts()
    likely = [s for s in sentences if s.startswith("Likely trigger:")]
    assert likely, f"no likely trigger among: {sentences}"
    assert all(s.rstrip().endswith(".") for s in sentences), sentences

    forest = page.locator("#forest-chart")
    expect(forest).to_have_attribute("data-drawn", "true")
    expect(forest.locator("svg")).to_have_count(1)
    expect(forest).not_to_have_attribute("data-error", re.compile(".*"))

    page.get_by_text("The numbers").click()
    expect(page.get_by_role("columnheader", name="Rate ratio (95% CI)")).to_be_visible()
    shoot(page, "flow-triggers-numbers", axe_source)
    watched.assert_only(demo_server)
    watched.assert_no_errors()


def test_on_a_phone_the_forest_names_sit_above_their_rows_and_turning_it_redraws(
    demo_server: LiveServer, page: Any, watched: Watched
) -> None:
    page.set_viewport_size(PHONE)  # before the page loads: it is drawn for a phone
    page.goto(demo_server.url + "/triggers")
    forest = page.locator("#forest-chart")
    expect(forest).to_have_attribute("data-drawn", "true")
    expect(forest).to_have_attribute("data-drawn-as", "forest-narrow-spec")
    box = forest.evaluate("b => b.clientWidth")
    svg = forest.locator("svg").evaluate("s => s.getBoundingClientRect().width")
    assert svg <= box + 1, f"the plot ({svg} px) is wider than its box ({box} px)"
    assert "Rate ratio (95% CI), episodes exposed" not in forest.inner_text()
    forest.scroll_into_view_if_needed()
    screenshot(page, "flow-triggers-forest")
    page.set_viewport_size(DESKTOP)  # a tablet turned, a window widened
    expect(forest).to_have_attribute("data-drawn-as", "forest-spec")
    expect(forest).to_have_attribute("data-drawn", "true")
    expect(forest.locator("svg")).to_have_count(1)
    watched.assert_only(demo_server)
    watched.assert_no_errors()


def apple_health_zip(folder: Path) -> Path:
    """A week of sleep, coffee, water and runs, as the Health app exports it."""
    body: list[str] = []
    for day in range(10, 17):
        night, morning = (
            f"2026-11-{day - 1:02d} 23:10:00 +0000",
            f"2026-11-{day:02d} 06:40:00 +0000",
        )
        body += [
            category(
                "SleepAnalysis",
                night,
                morning,
                "HKCategoryValueSleepAnalysisAsleepCore",
                metadata={"HKTimeZone": "Europe/London"},
            ),
            quantity("DietaryCaffeine", f"2026-11-{day:02d} 08:00:00 +0000", 95, "mg"),
            quantity("DietaryWater", f"2026-11-{day:02d} 12:00:00 +0000", "0.5", "L"),
        ]
        if day % 2:
            body.append(
                workout(
                    "Running",
                    f"2026-11-{day:02d} 18:00:00 +0000",
                    f"2026-11-{day:02d} 18:40:00 +0000",
                    40,
                )
            )
    path = folder / "export.zip"
    path.write_bytes(zipped(export_xml(body)))
    return path


def test_an_apple_health_export_uploads_and_its_progress_ends_in_a_summary(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str, tmp_path: Path
) -> None:
    page.goto(fresh_server.url + "/import")
    page.get_by_label("File", exact=True).set_input_files(apple_health_zip(tmp_path))
    page.get_by_role("button", name="Import").click()

    expect(page).to_have_url(re.compile(r"/import/[^/]+$"))
    progress = page.locator("#import-progress")
    expect(progress).to_have_attribute("data-state", "done", timeout=30_000)
    expect(progress.get_by_role("heading", name="Done")).to_be_visible()
    expect(progress).to_contain_text("new entries added")
    table = progress.locator("table")
    expect(table).to_be_visible()
    types = " ".join(table.locator("tbody td:first-child").all_inner_texts())
    for kind in ("sleep", "caffeine", "water"):
        assert kind in types.lower(), f"{kind} missing from the summary: {types}"
    shoot(page, "flow-import-done", axe_source)

    watched.assert_only(fresh_server)
    watched.assert_no_errors()


# Every page a visitor or the moderator can open, for the search for the email in raw HTML.
PAGES = ["/", "/log", "/check", "/triggers", "/import", "/report", "/settings", "/guide"]


def test_a_guide_reply_waits_for_moderation_then_shows_without_its_email(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    email = "reader-7f3a@example.org"
    comment = "Cutting down to two coffees a day stopped my calf twitches within a week."
    topics = re.findall(r'href="(/guide/[^"/?#]+)"', fresh_server.get("/guide"))
    assert topics
    topic = topics[0]
    sources: dict[str, str] = {}

    page.goto(fresh_server.url + topic)
    page.get_by_label("Name", exact=True).fill("Sam")
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Comment", exact=True).fill(comment)
    page.get_by_role("button", name="Send for moderation").click()

    expect(page.get_by_role("status")).to_contain_text("waits for moderation")
    expect(page.locator("#discussion")).not_to_contain_text(comment)
    sources["topic after sending"] = page.content()

    page.goto(fresh_server.url + "/settings/moderation")
    pending = page.locator("article.reply", has_text=comment)
    expect(pending).to_have_count(1)
    sources["moderation queue"] = page.content()
    shoot(page, "flow-moderation-pending", axe_source)
    pending.get_by_role("button", name="Approve the reply from Sam").click()
    expect(page.get_by_role("status")).to_contain_text("approved")
    expect(page.locator("article.reply", has_text=comment)).to_have_count(0)

    page.goto(fresh_server.url + topic)
    reply = page.locator("#discussion article.reply", has_text=comment)
    expect(reply).to_have_count(1)
    expect(reply.get_by_role("heading", name="Sam")).to_be_visible()
    sources["topic after approval"] = page.content()
    shoot(page, "flow-guide-reply-approved", axe_source)

    every = [*PAGES, *topics, "/settings/moderation", "/settings/moderation?done=approved"]
    sources |= {f"GET {path}": fresh_server.get(path) for path in every}
    sources[f"GET {topic}?sent=true"] = fresh_server.get(f"{topic}?sent=true")
    assert comment in sources[f"GET {topic}"]
    leaked = [where for where, html in sources.items() if email.lower() in html.lower()]
    assert not leaked, f"the email appears in: {leaked}"
    watched.assert_only(fresh_server)
    watched.assert_no_errors()


def test_on_a_phone_words_with_an_emergency_sign_give_the_call_link_first(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(fresh_server.url + "/check")
    read_it = page.get_by_role("button", name="Read it")
    box = read_it.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], (
        "the button must be visible without scrolling on a phone"
    )
    page.get_by_label("Tell us what happened, in your own words").fill(
        "my left arm went weak and twitchy about half an hour ago and my words are coming out "
        "slurred"
    )
    read_it.click()

    banner = page.locator("main section.banner").first
    expect(banner).to_have_class(re.compile(r"\bemergency\b"))
    call = banner.get_by_role("link", name=re.compile(r"Call \d+ now"))
    expect(call).to_be_visible()
    assert (call.get_attribute("href") or "").startswith("tel:")
    box = call.bounding_box()
    assert box is not None and box["y"] + box["height"] <= PHONE["height"], (
        "the call link must be on the first screen"
    )
    # nothing comes before the banner, and no self-care advice anywhere on the page
    first = page.evaluate("document.querySelector('main').firstElementChild.className")
    assert "banner" in first
    expect(page.get_by_role("heading", name="Your plan, most helpful first")).to_have_count(0)
    expect(page.get_by_role("heading", name="What likely contributed")).to_have_count(0)
    expect(page.get_by_role("heading", name="No warning sign")).to_have_count(0)
    screenshot(page, "flow-check-words-emergency")
    axe_check(page, axe_source)
    watched.assert_only(fresh_server)
    watched.assert_no_errors()


def test_words_leave_the_open_warning_signs_as_questions_before_any_reassurance(
    fresh_server: LiveServer, page: Any, watched: Watched, axe_source: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(fresh_server.url + "/check")
    page.get_by_label("Tell us what happened, in your own words").fill(
        "calf cramp in bed last night, lasted about 2 mins, no numbness"
    )
    page.get_by_role("button", name="Read it").click()

    questions = page.locator(".open-questions")
    expect(questions).to_be_visible()
    expect(page.locator("#understood-title")).to_have_text("What we understood")
    expect(page.locator("ul.understood")).to_contain_text("numbness")  # ruled out, not asked
    expect(questions).not_to_contain_text("numbness or loss of feeling")
    about = page.get_by_role("heading", name="About this episode")
    assert questions.bounding_box()["y"] < about.bounding_box()["y"]  # type: ignore[index]
    expect(page.get_by_text("No warning sign")).to_have_count(0)
    shoot(page, "flow-check-words-open-questions", axe_source)

    # checked without answering: provisional, the questions listed, nothing reassuring
    page.get_by_role("button", name="Check it").click()
    expect(page.get_by_role("heading", name="Not asked yet")).to_be_visible()
    expect(page.get_by_role("heading", name="No warning sign")).to_have_count(0)
    banner_text = page.locator("main section.banner").first.inner_text().lower()
    assert "no sign that needs a doctor" not in banner_text
    screenshot(page, "flow-check-words-provisional")

    # answered, every one of them no: now the reassurance is earned
    page.goto(fresh_server.url + "/check")
    page.get_by_label("Tell us what happened, in your own words").fill(
        "calf cramp in bed last night, lasted about 2 mins, no numbness"
    )
    page.get_by_role("button", name="Read it").click()
    # one tick per group; a "none of these" leaves a yes given in its group standing
    for none_of in page.get_by_label("none of these").all():
        none_of.check()
    page.get_by_role("button", name="Check it").click()
    expect(page.get_by_role("heading", name="No warning sign")).to_be_visible()
    expect(page.get_by_role("heading", name="Not asked yet")).to_have_count(0)
    page.set_viewport_size(DESKTOP)
    watched.assert_only(fresh_server)
    watched.assert_no_errors()
