"""The report: the minimum-data rule, the SPEC's JSON shape, sentences with their counts, and the
planted patterns of the demo diary found."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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
        "rate_ratio",
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
    assert finding["rate_ratio"] == finding["odds_ratio"]  # the old key, kept one release
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
        assert f"about {counts.expected_exposed:.1f} would be expected" in finding.details
        assert 0 <= counts.expected_exposed <= counts.episodes


def test_the_gate_is_on_episodes_expected_never_on_those_observed() -> None:
    """Six evenings of sex, each followed by an episode within 3 h: six 'exposed' episodes, but
    about 0.2 expected there, so it is not tested (testing only once 5 fell inside chose the
    estimates that happened to be high)."""
    base = simulated(180, 1.0, seed=5)
    first = datetime(2026, 1, 5, 20, tzinfo=UTC)
    sex = [
        Exposure(
            type="sexual_activity",
            started_at=first + timedelta(days=20 * i),
            ended_at=first + timedelta(days=20 * i, minutes=30),
        )
        for i in range(6)
    ]
    after = [
        LoggedEpisode(kind="twitch", started_at=first + timedelta(days=20 * i, hours=2))
        for i in range(6)
    ]
    plain = [x for x in base.exposures if x.type.value != "sexual_activity"]
    report = analyse(Diary([*base.episodes, *after], [*plain, *sex], [], UTC), DEFINITIONS)
    finding = next(f for f in report.findings if f.id == "sex_3h")
    assert finding.counts.episodes_exposed >= 6
    assert finding.counts.expected_exposed < 5
    assert finding.status is TriggerStatus.NOT_ENOUGH_DATA
    assert "would be expected" in finding.summary


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
    assert remedy.status in (TriggerStatus.CANNOT_TELL, TriggerStatus.NO_CLEAR_LINK)
    assert not remedy.significant


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


def test_a_flag_needs_q_the_direction_and_an_interval_that_excludes_1() -> None:
    from twitchwise.analysis.report import _status
    from twitchwise.analysis.testing import Estimate

    def estimate(rr: float, low: float, high: float) -> Estimate:
        return Estimate(math.log(rr), math.log(low), math.log(high), 0.05, 1.0)

    assert _status(estimate(0.61, 0.35, 1.0), 0.08) is TriggerStatus.NO_CLEAR_LINK
    assert _status(estimate(1.5, 0.98, 2.3), 0.05) is TriggerStatus.NO_CLEAR_LINK
    assert _status(estimate(1.5, 1.02, 2.3), 0.11) is TriggerStatus.NO_CLEAR_LINK
    assert _status(estimate(1.5, 1.02, 2.3), 0.10) is TriggerStatus.LIKELY_TRIGGER
    assert _status(estimate(0.5, 0.3, 0.9), 0.10) is TriggerStatus.POSSIBLE_PROTECTOR
    open_ended = Estimate(math.log(3.0), math.log(1.2), None, 0.01, 1.0)
    assert _status(open_ended, 0.02) is TriggerStatus.LIKELY_TRIGGER


def test_unadjusted_results_are_said_only_as_not_clear_after_checking() -> None:
    for seed in range(6):
        report = analyse(simulated(180, 1.0, seed=100 + seed), DEFINITIONS)
        for finding in report.findings:
            if finding.status is TriggerStatus.NO_CLEAR_LINK and (finding.p_value or 1) < 0.05:
                opening = f"Not clear after checking {report.tests_counted} things"
                assert finding.summary.startswith(opening)
            assert "Possible trigger" not in finding.summary


def test_a_candidate_whose_control_fired_never_loosens_the_bar_for_the_others() -> None:
    # Benjamini-Hochberg worked by hand, m = 3. Plain, p = (0.0001, 0.03, 0.5): q = (0.0003,
    # 0.03 x 3/2 = 0.045, 0.5). With the fired one taken as p = 1, the others rank first and
    # second: q = (0.03 x 3/1 = 0.09, 0.5 x 3/2 = 0.75), and the fired one keeps its plain 0.0003.
    from twitchwise.analysis.report import _q_values
    from twitchwise.analysis.series import Candidate
    from twitchwise.analysis.testing import Estimate, Tested
    from twitchwise.domain.triggers import Counts

    def tested(name: str, p: float, control_p: float | None) -> Tested:
        definition = next(d for d in DEFINITIONS if d.id == name)
        counts = Counts(episodes=50, episodes_exposed=10, exposed_share=0.2, expected_exposed=8.0)
        result = Tested(Candidate(definition), counts, main=Estimate(0.5, 0.1, 0.9, p, 1.0))
        result.control_p, result.control_z = control_p, 3.0
        return result

    ids = [d.id for d in DEFINITIONS if d.dose_per is None][:3]
    answered = tested(ids[0], 0.0001, 0.001)  # logged because of episodes: its control fired
    assert answered.control_fired
    family = [answered, tested(ids[1], 0.03, 0.6), tested(ids[2], 0.5, None)]
    q, m = _q_values(family)
    assert m == 3
    assert q[(ids[0], "main")] == pytest.approx(0.0003)
    assert q[(ids[1], "main")] == pytest.approx(0.09)
    assert q[(ids[2], "main")] == pytest.approx(0.75)
    calm = [tested(ids[0], 0.0001, 0.6), *family[1:]]  # the same p-values, no control fired
    assert _q_values(calm)[0][(ids[1], "main")] == pytest.approx(0.045)


def test_fitting_candidates_in_threads_changes_no_finding(monkeypatch: pytest.MonkeyPatch) -> None:
    # Long diaries fit their candidates in two threads (report.THREADS_FROM_HOURS); here a
    # 180-day diary is made to take that path too, and must give the same report to the digit.
    from twitchwise.analysis import report as module

    diary = simulated(180, 3.0, seed=7)
    alone = analyse(diary, DEFINITIONS)
    monkeypatch.setattr(module, "THREADS_FROM_HOURS", 0)
    monkeypatch.setattr(module, "_cores", lambda: 2)
    threaded = analyse(diary, DEFINITIONS)
    assert threaded.model_dump() == alone.model_dump()
    assert any(f.rate_ratio is not None for f in threaded.findings)
