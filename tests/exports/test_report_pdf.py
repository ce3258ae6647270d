"""The doctor's report: read back as text (pdftotext) and as pictures (pdftoppm), it holds the
period, every warning sign recorded, the episode count and the medicine names, on one page for a
month of the demo diary and at most three for a year."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse
from twitchwise.knowledge import Knowledge
from twitchwise.services.demo import fill_with_demo
from twitchwise.services.report import doctor_report, report_pdf, report_period
from twitchwise.settings import load_settings
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
POPPLER = shutil.which("pdftotext") and shutil.which("pdftoppm")
if not POPPLER:
    reason = "poppler-utils (pdftotext, pdftoppm) is missing: scripts/test-deps installs it"
    if os.environ.get("CI"):
        pytest.fail(reason, pytrace=False)
    pytestmark = pytest.mark.skip(reason=reason)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("demo")
    store = Store.open(load_settings(data_dir=folder, time_zone="Europe/London"))
    fill_with_demo(store, NOW.astimezone(ZoneInfo("Europe/London")))
    return store


def text_of(pdf: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout


def pages_of(pdf: bytes, folder: Path) -> list[Path]:
    path = folder / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"))


def test_a_month_of_the_demo_fits_two_pages_and_says_what_a_doctor_needs(
    demo_store: Store, knowledge: Knowledge, tmp_path: Path
) -> None:
    # Two pages since the timeline spans the page's width (issue 16): the first holds the
    # warning signs, the timeline, factors, medicines and triggers; the second the episodes.
    start, end = date(2026, 10, 25), date(2026, 11, 24)
    pdf = report_pdf(demo_store, knowledge, NOW, start, end)
    assert pdf.startswith(b"%PDF")
    pages = pages_of(pdf, tmp_path)
    assert len(pages) == 2
    assert all(page.stat().st_size > 20_000 for page in pages), "a page rendered blank"
    text = " ".join(text_of(pdf, tmp_path).split())
    assert "25 Oct 2026 to 24 Nov 2026" in text
    with demo_store.read() as journal:
        report = doctor_report(journal, knowledge, journal_zone(journal), start, end, NOW)
        courses = journal.courses()
    assert f"{len(report.episodes)} episodes" in text
    assert not re.search(r"twitchs|(?<![\d,])1 (episodes|days|twitches|cramps)", text)
    assert report.flags, "the demo month has warning signs to show"
    for flag in report.flags:
        assert flag.sign in text, flag.sign
    for course in courses:
        assert course.name in text
    assert "not a diagnosis" in text


def journal_zone(journal: Journal) -> ZoneInfo:
    return ZoneInfo(journal.profile().time_zone)


def test_a_year_takes_at_most_three_pages(
    demo_store: Store, knowledge: Knowledge, tmp_path: Path
) -> None:
    pdf = report_pdf(demo_store, knowledge, NOW, date(2025, 11, 25), date(2026, 11, 24))
    assert 1 <= len(pages_of(pdf, tmp_path)) <= 3
    text = text_of(pdf, tmp_path)
    assert "Episodes per month" in text


def test_every_recorded_warning_sign_is_listed_even_an_emergency_one(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    store = Store.open(load_settings(data_dir=tmp_path / "j", time_zone="Europe/London"))
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    with store.write() as journal:
        journal.add(LoggedEpisode(kind="twitch", started_at=at, symptoms=("difficulty_breathing",)))
        journal.add(LoggedEpisode(kind="cramp", started_at=at.replace(day=21), duration_minutes=25))
        journal.add(MedicationCourse(name="furosemide", dose_mg_per_day=40.0))
        journal.add(Exposure(type=ExposureType.CAFFEINE, started_at=at, amount=200.0))
    pdf = report_pdf(store, knowledge, NOW, date(2026, 11, 1), date(2026, 11, 24))
    text = " ".join(text_of(pdf, tmp_path).split())
    signs = {flag.id: flag.sign for flag in knowledge.flags}
    assert signs["difficulty_breathing"] in text
    assert "emergency" in text
    assert "furosemide" in text and "40" in text
    assert "2 episodes" in text
    assert re.search(r"Not enough episodes yet.*\d+ more needed", text)


def test_an_empty_period_still_makes_a_report(knowledge: Knowledge, tmp_path: Path) -> None:
    store = Store.open(load_settings(data_dir=tmp_path / "j", time_zone="UTC"))
    pdf = report_pdf(store, knowledge, NOW, date(2026, 11, 1), date(2026, 11, 24))
    text = text_of(pdf, tmp_path)
    assert "0 episodes" in text and "None in this period" in text


def test_the_period_defaults_to_ninety_days_and_refuses_a_backwards_one() -> None:
    assert report_period(None, None, date(2026, 11, 24)) == (date(2026, 8, 27), date(2026, 11, 24))
    with pytest.raises(InputError) as refused:
        report_period(date(2026, 11, 24), date(2026, 11, 1), date(2026, 11, 24))
    assert refused.value.field == "--from"


def test_each_warning_signs_source_links_to_its_publisher(
    demo_store: Store, knowledge: Knowledge, tmp_path: Path
) -> None:
    """The ids after each warning sign are links to the publishers' pages (no page is added)."""
    start, end = date(2026, 10, 25), date(2026, 11, 24)
    pdf = report_pdf(demo_store, knowledge, NOW, start, end)
    with demo_store.read() as journal:
        report = doctor_report(journal, knowledge, journal_zone(journal), start, end, NOW)
    cited = {source for flag in report.flags for source in flag.sources}
    assert {c.id for c in report.citations} == cited
    linked = set(re.findall(rb"/URI \((https://[^)]+)\)", pdf))
    addresses = {knowledge.sources[i].url for i in cited} - {None}
    assert addresses and linked == {a.encode() for a in addresses if a}
    assert len(pages_of(pdf, tmp_path)) == 2  # the links add no page: a month is two (above)


def test_a_doctors_visit_and_the_signs_it_covered_are_in_the_report(
    knowledge: Knowledge, tmp_path: Path
) -> None:
    from twitchwise.domain.assessment import VisitOutcome
    from twitchwise.domain.journal import DoctorVisit

    store = Store.open(load_settings(data_dir=tmp_path / "j", time_zone="Europe/London"))
    with store.write() as journal:
        for day in (20, 24, 28):
            at = datetime(2026, 10, day, 9, tzinfo=UTC)
            journal.add(LoggedEpisode(kind="twitch", started_at=at, body_sites=("calf",)))
        for day in (1, 5, 9, 13):
            at = datetime(2026, 11, day, 9, tzinfo=UTC)
            journal.add(LoggedEpisode(kind="twitch", started_at=at, body_sites=("calf",)))
        journal.add(
            DoctorVisit(on=date(2026, 11, 10), outcome=VisitOutcome.REASSURED, note="normal exam")
        )
    pdf = report_pdf(store, knowledge, NOW, date(2026, 11, 11), date(2026, 11, 24))
    (tmp_path / "visit-report.pdf").write_bytes(pdf)
    text = " ".join(text_of(pdf, tmp_path).split())
    assert "Seen by a doctor about this: 10 Nov 2026: reassured (normal exam)." in text
    assert "seen by a doctor on 2026-11-10: reassured; not raising the level" in text
    assert "Self-care" in text or "self-care" in text.lower()


def test_the_timeline_spans_the_page_with_labels_a_doctor_can_read(
    demo_store: Store, knowledge: Knowledge, tmp_path: Path
) -> None:
    """pdfimages gives the chart's pixels and its pixels per inch as drawn: from them, the width
    on paper and the size of the chart's 11 px labels (drawn at scale 2)."""
    path = tmp_path / "report.pdf"
    path.write_bytes(report_pdf(demo_store, knowledge, NOW, date(2026, 8, 27), date(2026, 11, 24)))
    listed = subprocess.run(
        ["pdfimages", "-list", str(path)], capture_output=True, check=True, text=True
    ).stdout
    rows = [line.split() for line in listed.splitlines()[2:]]
    (chart,) = [row for row in rows if row[2] == "image"]
    width_px, x_ppi = int(chart[3]), int(chart[12])
    printed_mm = width_px / x_ppi * 25.4
    assert printed_mm >= 175, f"the timeline is {printed_mm:.0f} mm wide of 182 mm"
    label_pt = 11 * 2 / x_ppi * 72
    assert label_pt >= 7, f"its labels print at {label_pt:.1f} pt"


def test_the_trigger_section_says_which_days_it_covers(
    demo_store: Store, knowledge: Knowledge, tmp_path: Path
) -> None:
    pdf = report_pdf(demo_store, knowledge, NOW, date(2026, 10, 25), date(2026, 11, 24))
    text = " ".join(text_of(pdf, tmp_path).split())
    with demo_store.read() as journal:
        first = journal.first_entry_at()
    assert first is not None
    day = first.astimezone(ZoneInfo("Europe/London")).date()
    days = (date(2026, 11, 24) - day).days + 1
    assert (
        f"From the whole diary up to the report's last day: {day:%d %b %Y} to 24 Nov 2026, "
        f"{days} days (longer than this report's period)."
    ) in text
