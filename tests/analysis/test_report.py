"""The report: the minimum-data rule, the SPEC's JSON shape, sentences with their counts, and the
planted patterns of the demo diary found."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from tests.analysis.simulate import diary as simulated
from twitchwise.analysis import Diary, analyse
from twitchwise.demo import generate
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.journal import LoggedEpisode, MedicationCourse
from twitchwise.domain.triggers import TriggerStatus
from twitchwise.knowledge import load_knowledge

DEFINITIONS = load_knowledge().triggers


def few(episodes: int) -> Diary:
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    return Diary(
        [
            LoggedEpisode(kind="twitch", started_at=start + timedelta(days=2 * i))
            for i in range(episodes)
        ],
        [
            Exposure(type="caffeine", started_at=start + timedelta(days=i), amount=400.0)
            for i in range(40)
        ],
        [],
        UTC,
    )


def test_below_20_episodes_nothing_is_claimed_and_the_shortfall_is_said() -> None:
    report = analyse(few(19), DEFINITIONS)
    assert (report.enough_data, report.needed_episodes, report.episodes) == (False, 1, 19)
    assert all(f.status is TriggerStatus.NOT_ENOUGH_DATA for f in report.findings)
    assert all(f.odds_ratio is None and not f.significant for f in report.findings)
    assert "20 episodes are needed" in report.findings[0].summary


def test_at_20_episodes_the_analysis_runs() -> None:
    report = analyse(few(20), DEFINITIONS)
    assert (report.enough_data, report.needed_episodes) == (True, 0)


def test_an_exposure_with_fewer_than_5_episodes_in_its_windows_is_not_tested() -> None:
    report = analyse(simulated(180, 1.0, seed=3), DEFINITIONS)
    sex = next(f for f in report.findings if f.id == "sex_3h")
    if sex.counts.episodes_exposed < 5:
        assert sex.status is TriggerStatus.NOT_ENOUGH_DATA
        assert "5 are needed" in sex.summary
    tested = [f for f in report.findings if f.odds_ratio is not None]
    assert all(f.counts.episodes_exposed >= 5 for f in tested)


def test_the_json_has_the_spec_shape() -> None:
    report = analyse(simulated(180, 3.0, seed=1), DEFINITIONS)
    data = json.loads(report.model_dump_json())
    assert {"episodes", "enough_data", "needed_episodes", "findings"} <= set(data)
    finding = next(
        f for f in data["findings"] if f["exposure"] == "caffeine" and f["window_hours"] == 6
    )
    assert {
        "exposure",
        "window_hours",
        "threshold",
        "odds_ratio",
        "ci_low",
        "ci_high",
        "p_value",
        "q_value",
        "significant",
        "n_episodes_exposed",
        "summary",
    } <= set(finding)
    assert finding["threshold"] == "> 300 mg"
    assert finding["significant"] is True
    assert finding["summary"].startswith("Likely trigger: episodes were ")
    assert "in the 6 hours after more than 300 mg of caffeine" in finding["summary"]
    assert f"; {finding['n_episodes_exposed']} episodes)" in finding["summary"]
    assert finding["ci_low"] < finding["odds_ratio"] < finding["ci_high"]
    assert finding["q_value"] >= finding["p_value"]


def test_every_figure_comes_with_its_raw_counts() -> None:
    report = analyse(simulated(180, 3.0, seed=2), DEFINITIONS)
    for finding in report.findings:
        counts = finding.counts
        assert (
            f"{counts.episodes_exposed} of your {counts.episodes} episodes began" in finding.details
        )
        assert (
            counts.expected_exposed == round(counts.episodes * counts.exposed_share, 2)
            or abs(counts.expected_exposed - counts.episodes * counts.exposed_share) < 0.05
        )


def test_logging_the_exposure_after_episodes_raises_a_caution() -> None:
    """A 'supplement' taken in the hours after each episode: the negative control catches it."""
    base = simulated(180, 1.0, seed=4)
    doses = [
        Exposure(
            type="supplement",
            started_at=e.started_at + timedelta(hours=2),
            amount=100.0,
            detail="remedy",
        )
        for e in base.episodes
    ]
    others = [
        Exposure(
            type="supplement",
            started_at=datetime(2026, 1, 5, 12, tzinfo=UTC) + timedelta(days=3 * i),
            amount=100.0,
            detail="remedy",
        )
        for i in range(40)
    ]
    report = analyse(Diary(base.episodes, [*base.exposures, *doses, *others], [], UTC), DEFINITIONS)
    remedy = next(f for f in report.findings if f.id == "dose_24h:remedy")
    assert remedy.caution is not None and "logged after episodes" in remedy.caution


def test_the_demo_diary_shows_its_planted_triggers() -> None:
    zone = ZoneInfo("Europe/London")
    items = list(generate(datetime(2026, 11, 24, 14, 5, tzinfo=zone), months=6, seed=7))
    diary = Diary(
        [i for i in items if isinstance(i, LoggedEpisode)],
        [i for i in items if isinstance(i, Exposure)],
        [i for i in items if isinstance(i, MedicationCourse)],
        zone,
    )
    report = analyse(diary, DEFINITIONS)
    likely = {f.id for f in report.findings if f.status is TriggerStatus.LIKELY_TRIGGER}
    assert {"caffeine_6h", "exercise_3h"} <= likely
    assert report.episodes >= 80
