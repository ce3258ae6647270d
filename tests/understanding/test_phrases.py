"""The phrase reader: short phrases read whole become exact diary entries; what it cannot read
whole it refuses (the wider reading of the words takes over there)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side
from twitchwise.domain.exposures import Exposure
from twitchwise.domain.exposures import ExposureType as T
from twitchwise.domain.journal import CourseKind, LoggedEpisode, MedicationCourse
from twitchwise.knowledge import Knowledge
from twitchwise.understanding.phrases import Proposal
from twitchwise.understanding.phrases import read_phrases as parse

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=LONDON)


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=LONDON)


def exposure(kind: T, started_at: datetime = NOW, **fields: Any) -> Exposure:
    return Exposure(type=kind, started_at=started_at, **fields)


def episode(kind: EpisodeKind, started_at: datetime = NOW, **fields: Any) -> LoggedEpisode:
    return LoggedEpisode(kind=kind, started_at=started_at, **fields)


TWITCH, CRAMP, SPASM = EpisodeKind.TWITCH, EpisodeKind.CRAMP, EpisodeKind.SPASM
SEX_BEFORE = exposure(T.SEXUAL_ACTIVITY, at(24, 13, 50), detail="sex")

UNDERSTOOD: list[tuple[str, list[Any]]] = [
    # episodes: kind, sites, sides, context, length, intensity, time
    (
        "legs twitching after sex",
        [
            episode(TWITCH, body_sites=(BodySite.LEG,), context=EpisodeContext.AFTER_SEX),
            SEX_BEFORE,
        ],
    ),
    ("left calf cramp", [episode(CRAMP, body_sites=(BodySite.CALF,), sides=Side.LEFT)]),
    (
        "left and right calf twitching for 10 minutes intensity 6",
        [
            episode(
                TWITCH,
                body_sites=(BodySite.CALF,),
                sides=Side.BOTH,
                duration_minutes=10.0,
                intensity=6,
            )
        ],
    ),
    (
        "charley horse in my calf while falling asleep",
        [episode(CRAMP, body_sites=(BodySite.CALF,), context=EpisodeContext.FALLING_ASLEEP)],
    ),
    (
        "fasciculations in both thighs at rest",
        [
            episode(
                TWITCH,
                body_sites=(BodySite.THIGH,),
                sides=Side.BOTH,
                context=EpisodeContext.AT_REST,
            )
        ],
    ),
    (
        "hamstring cramp after a run",
        [
            episode(CRAMP, body_sites=(BodySite.HAMSTRING,), context=EpisodeContext.AFTER_EXERCISE),
            exposure(T.EXERCISE, at(24, 13, 50), detail="run"),
        ],
    ),
    (
        "stomach spasms lasted 2 min",
        [episode(SPASM, body_sites=(BodySite.ABDOMEN,), duration_minutes=2.0)],
    ),
    (
        "twitching in hands and face",
        [episode(TWITCH, body_sites=(BodySite.HAND, BodySite.FACE))],
    ),
    (
        "feet cramping in bed, severe",
        [episode(CRAMP, body_sites=(BodySite.FOOT,), context=EpisodeContext.AT_REST, intensity=8)],
    ),
    ("eyelid twitching this morning", [episode(TWITCH, at(24, 8), body_sites=(BodySite.EYELID,))]),
    ("calf cramp last night", [episode(CRAMP, at(23, 23), body_sites=(BodySite.CALF,))]),
    (
        "cramp in right foot 2 hours ago, 7/10",
        [episode(CRAMP, at(24, 12, 5), body_sites=(BodySite.FOOT,), sides=Side.RIGHT, intensity=7)],
    ),
    ("twitch at 8pm", [episode(TWITCH, at(23, 20))]),
    ("twitching at 9am", [episode(TWITCH, at(24, 9))]),
    ("spasm in my back at 20:30", [episode(SPASM, at(23, 20, 30), body_sites=(BodySite.BACK,))]),
    ("arm twitches yesterday at 9pm", [episode(TWITCH, at(23, 21), body_sites=(BodySite.ARM,))]),
    # caffeine
    ("3 coffees", [exposure(T.CAFFEINE, amount=288.0, detail="3 × coffee")]),
    ("2 espressos", [exposure(T.CAFFEINE, amount=126.0, detail="2 × espresso")]),
    ("a cup of tea", [exposure(T.CAFFEINE, amount=75.0, detail="1 × tea")]),  # NHS: a mug
    ("one red bull", [exposure(T.CAFFEINE, amount=80.0, detail="1 × energy drink")]),
    ("a couple of cokes", [exposure(T.CAFFEINE, amount=80.0, detail="2 × cola")]),
    ("200 mg caffeine", [exposure(T.CAFFEINE, amount=200.0)]),
    ("caffeine 150mg", [exposure(T.CAFFEINE, amount=150.0)]),
    ("2 coffees at 7am", [exposure(T.CAFFEINE, at(24, 7), amount=192.0, detail="2 × coffee")]),
    # alcohol
    ("2 beers", [exposure(T.ALCOHOL, amount=4.6, detail="2 × beer")]),
    ("a glass of wine", [exposure(T.ALCOHOL, amount=2.1, detail="1 × wine")]),
    ("a bottle of wine", [exposure(T.ALCOHOL, amount=10.0, detail="1 × bottle of wine")]),
    ("3 units of alcohol", [exposure(T.ALCOHOL, amount=3.0)]),
    # NHS: a pint at 4% is 2.3 units
    ("half a pint of cider", [exposure(T.ALCOHOL, amount=1.15, detail="0.5 × beer")]),
    # water
    ("1.5 L water", [exposure(T.WATER, amount=1500.0)]),
    ("drank 500ml", [exposure(T.WATER, amount=500.0)]),
    ("2 glasses of water", [exposure(T.WATER, amount=500.0, detail="2 × glass of water")]),
    # sleep: last night's, ended 07:00 today
    ("slept 5h", [exposure(T.SLEEP, at(24, 2), ended_at=at(24, 7), amount=5.0)]),
    ("slept 5 hours", [exposure(T.SLEEP, at(24, 2), ended_at=at(24, 7), amount=5.0)]),
    ("slept five hours", [exposure(T.SLEEP, at(24, 2), ended_at=at(24, 7), amount=5.0)]),
    ("5hrs sleep", [exposure(T.SLEEP, at(24, 2), ended_at=at(24, 7), amount=5.0)]),
    ("6.5h sleep", [exposure(T.SLEEP, at(24, 0, 30), ended_at=at(24, 7), amount=6.5)]),
    (
        "slept badly, 4 hours",
        [exposure(T.SLEEP, at(24, 3), ended_at=at(24, 7), amount=4.0, detail="badly")],
    ),
    ("slept from 1am to 6am", [exposure(T.SLEEP, at(24, 1), ended_at=at(24, 6), amount=5.0)]),
    ("slept 11pm to 7am", [exposure(T.SLEEP, at(23, 23), ended_at=at(24, 7), amount=8.0)]),
    # exercise and sex: with a length and no time, they ended now
    (
        "ran for 45 minutes",
        [exposure(T.EXERCISE, at(24, 13, 20), ended_at=NOW, amount=45.0, detail="run")],
    ),
    (
        "45 min run",
        [exposure(T.EXERCISE, at(24, 13, 20), ended_at=NOW, amount=45.0, detail="run")],
    ),
    (
        "gym 1h hard",
        [
            exposure(
                T.EXERCISE, at(24, 13, 5), ended_at=NOW, amount=60.0, detail="gym", effort_rpe=7
            )
        ],
    ),
    (
        "cycled 1h30 rpe 8",
        [
            exposure(
                T.EXERCISE,
                at(24, 12, 35),
                ended_at=NOW,
                amount=90.0,
                detail="cycling",
                effort_rpe=8,
            )
        ],
    ),
    (
        "easy walk for an hour this morning",
        [
            exposure(
                T.EXERCISE, at(24, 8), ended_at=at(24, 9), amount=60.0, detail="walk", effort_rpe=3
            )
        ],
    ),
    (
        "sex for 30 min",
        [exposure(T.SEXUAL_ACTIVITY, at(24, 13, 35), ended_at=NOW, amount=30.0, detail="sex")],
    ),
    # stress
    ("stressed", [exposure(T.STRESS, amount=7.0)]),
    ("very stressed", [exposure(T.STRESS, amount=8.0)]),
    ("a bit stressed", [exposure(T.STRESS, amount=5.0)]),
    ("stress 7/10", [exposure(T.STRESS, amount=7.0)]),
    ("stress level 6", [exposure(T.STRESS, amount=6.0)]),
    # medicines and supplements
    ("took 200 mg vitamin b6", [exposure(T.SUPPLEMENT, amount=200.0, detail="vitamin b6")]),
    ("took ibuprofen", [exposure(T.MEDICATION, detail="ibuprofen")]),
    ("magnesium 300mg", [exposure(T.SUPPLEMENT, amount=300.0, detail="magnesium")]),
    ("Took Lasix 40 mg", [exposure(T.MEDICATION, amount=40.0, detail="Lasix")]),
    ("took 500 mcg b6", [exposure(T.SUPPLEMENT, amount=0.5, detail="b6")]),
    ("took 2 paracetamol", [exposure(T.MEDICATION, detail="2 × paracetamol")]),
    (
        "started taking magnesium 300mg daily",
        [
            MedicationCourse(
                name="magnesium",
                kind=CourseKind.SUPPLEMENT,
                dose_mg_per_day=300.0,
                started_on=date(2026, 11, 24),
            )
        ],
    ),
    (
        "stopped taking omeprazole yesterday",
        [MedicationCourse(name="omeprazole", stopped_on=date(2026, 11, 23))],
    ),
]

REFUSED = [
    "feeling blue",
    "asdf",
    "ate pizza",
    "3 of them",
    "slept 30 hours",
    "stress 14/10",
    "-2 coffees",
    "a few coffees",
    "coffee",
    "40 coffees",
    "0 coffees",
    "500ml of coke",
    "tonight 2 beers",
    "gym 1h rpe 11",
    "took the bus",
    "slept 5-6 hours",
    "vitamin d 1000 iu",
    "twitch at 25:00",
    "took 2 paracetamol 500mg",
    "my eye has been twitching all day",
    "ran for 45 minutes at 14:00",
]


@pytest.mark.parametrize(("text", "expected"), UNDERSTOOD, ids=[text for text, _ in UNDERSTOOD])
def test_a_phrase_becomes_exactly_the_entries_it_says(text: str, expected: list[Any]) -> None:
    log = parse(text, NOW)
    assert log.not_understood == ()
    assert [proposal.entry for proposal in log.proposals] == expected
    assert all(proposal.phrase == text for proposal in log.proposals)


@pytest.mark.parametrize("text", [text for text, _ in UNDERSTOOD])
def test_every_time_is_aware_in_the_persons_zone_and_not_in_the_future(text: str) -> None:
    for proposal in parse(text, NOW).proposals:
        for moment in _moments(proposal):
            assert moment.tzinfo is LONDON
            assert moment.astimezone(UTC) <= NOW.astimezone(UTC)


@pytest.mark.parametrize("text", REFUSED)
def test_a_phrase_it_cannot_read_safely_is_refused_and_proposes_nothing(text: str) -> None:
    log = parse(text, NOW)
    assert log.proposals == ()
    assert log.not_understood == (text,)


def test_the_spec_example_gives_an_episode_sex_caffeine_and_sleep() -> None:
    log = parse("legs twitching after sex, 3 coffees, slept 5h", NOW)
    assert [p.entry for p in log.proposals] == [
        episode(TWITCH, body_sites=(BodySite.LEG,), context=EpisodeContext.AFTER_SEX),
        SEX_BEFORE,
        exposure(T.CAFFEINE, amount=288.0, detail="3 × coffee"),
        exposure(T.SLEEP, at(24, 2), ended_at=at(24, 7), amount=5.0),
    ]
    assert [p.phrase for p in log.proposals] == [
        "legs twitching after sex",
        "legs twitching after sex",
        "3 coffees",
        "slept 5h",
    ]
    assert log.not_understood == ()


def test_summaries_read_back_what_was_understood() -> None:
    summaries = [
        p.summary for p in parse("legs twitching after sex, 3 coffees, slept 5h", NOW).proposals
    ]
    assert summaries[0] == "twitch in leg, after sex, at 14:05"
    assert summaries[1].startswith("sexual activity (sex) just before the twitch")
    assert 'implied by "after sex"' in summaries[1]
    assert summaries[2] == "caffeine 288 mg (3 × coffee, 96 mg each) at 14:05"
    assert summaries[3] == "sleep 5 h from 02:00 to 07:00"


def test_a_summary_names_a_medicine_it_does_not_know() -> None:
    (proposal,) = parse("took ibuprofen", NOW).proposals
    assert "ibuprofen (not in twitchwise's list of medicines)" in proposal.summary


def test_mixed_text_keeps_the_good_phrase_and_reports_the_bad_one() -> None:
    log = parse("3 coffees, ate pizza", NOW)
    assert [p.entry for p in log.proposals] == [
        exposure(T.CAFFEINE, amount=288.0, detail="3 × coffee")
    ]
    assert log.not_understood == ("ate pizza",)


def test_phrases_split_on_semicolons_full_stops_and_then() -> None:
    log = parse("2 beers; a glass of wine. stressed then slept 5h", NOW)
    assert [p.phrase for p in log.proposals] == [
        "2 beers",
        "a glass of wine",
        "stressed",
        "slept 5h",
    ]


def test_and_splits_only_where_each_part_reads_alone() -> None:
    assert [p.phrase for p in parse("2 beers and a glass of wine", NOW).proposals] == [
        "2 beers",
        "a glass of wine",
    ]
    (proposal,) = parse("left and right calf twitching", NOW).proposals
    assert proposal.phrase == "left and right calf twitching"


def test_a_qualifier_after_a_comma_joins_the_phrase_before() -> None:
    (proposal,) = parse("calf cramp, 6/10", NOW).proposals
    assert proposal.phrase == "calf cramp, 6/10"
    assert isinstance(proposal.entry, LoggedEpisode)
    assert proposal.entry.intensity == 6


def test_an_implied_activity_gives_way_to_the_one_the_text_logs() -> None:
    log = parse("sex for 30 min, legs twitching after sex", NOW)
    sex = [p.entry for p in log.proposals if isinstance(p.entry, Exposure)]
    assert sex == [
        exposure(T.SEXUAL_ACTIVITY, at(24, 13, 35), ended_at=NOW, amount=30.0, detail="sex")
    ]


def test_case_and_extra_spaces_do_not_matter() -> None:
    shouted = parse("LEGS   Twitching  AFTER sex ,  3   Coffees", NOW)
    quiet = parse("legs twitching after sex, 3 coffees", NOW)
    assert [p.entry for p in shouted.proposals] == [p.entry for p in quiet.proposals]


def test_a_time_that_has_not_come_yet_is_refused() -> None:
    log = parse("twitch this evening", at(24, 10))
    assert log.proposals == ()
    assert log.not_understood == ("twitch this evening",)


def test_sleep_over_the_autumn_clock_change_lasts_eight_real_hours() -> None:
    now = at(25, 12, month=10)  # clocks went back at 02:00 BST that morning
    (proposal,) = parse("slept 8h", now).proposals
    sleep = proposal.entry
    assert isinstance(sleep, Exposure)
    assert sleep.ended_at is not None
    assert sleep.amount == 8.0
    assert sleep.ended_at == at(25, 7, month=10)
    assert sleep.ended_at.utcoffset() == timedelta(0)  # 07:00 GMT
    # Eight real hours before 07:00 GMT is midnight BST (23:00 UTC), not 23:00 BST.
    assert sleep.started_at == at(25, 0, month=10)
    assert sleep.started_at.utcoffset() == timedelta(hours=1)
    assert sleep.started_at.astimezone(UTC) == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert sleep.ended_at.timestamp() - sleep.started_at.timestamp() == 8 * 3600


def test_sleep_over_the_spring_clock_change_lasts_eight_real_hours() -> None:
    now = datetime(2026, 3, 29, 12, 0, tzinfo=LONDON)  # clocks went forward at 01:00 GMT
    (proposal,) = parse("slept 8h", now).proposals
    sleep = proposal.entry
    assert isinstance(sleep, Exposure)
    assert sleep.ended_at is not None
    assert (sleep.started_at.hour, sleep.started_at.utcoffset()) == (22, timedelta(0))
    assert (sleep.ended_at.hour, sleep.ended_at.utcoffset()) == (7, timedelta(hours=1))
    assert sleep.ended_at.timestamp() - sleep.started_at.timestamp() == 8 * 3600


def test_hours_ago_counts_real_hours_over_the_clock_change() -> None:
    now = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON)  # the second 01:30, in GMT
    (proposal,) = parse("cramp 2 hours ago", now).proposals
    assert isinstance(proposal.entry, LoggedEpisode)
    moment = proposal.entry.started_at
    assert now.timestamp() - moment.timestamp() == 2 * 3600
    assert (moment.hour, moment.minute, moment.utcoffset()) == (0, 30, timedelta(hours=1))


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse("3 coffees", datetime(2026, 11, 24, 14, 5))  # noqa: DTZ001


def test_the_bundled_knowledge_is_the_default(knowledge: Knowledge) -> None:
    assert parse("3 coffees, took b6", NOW) == parse("3 coffees, took b6", NOW, knowledge)


_WORDS = (
    "slept 5h 3 coffees legs twitching after sex at 8pm yesterday last night took mg 200 "
    "magnesium stress 7/10 and then , ; . a half ran for 45 minutes gym hard -2 1e400 / 10 ago "
    "hours from 1am to 6am 25:99 13pm 0 glass of water ml l units alcohol cup tea started daily "
    "twice a day iu left right both calf 6/10 intensity pain 11 µg İ ß nap this morning tonight"
).split()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join) | st.text(max_size=80))
def test_any_text_gives_a_quick_log_and_never_an_error_or_a_future_time(text: str) -> None:
    for proposal in parse(text, NOW).proposals:
        assert proposal.phrase.strip() == proposal.phrase and proposal.phrase in text
        for moment in _moments(proposal):
            assert moment.utcoffset() is not None
            assert moment.astimezone(UTC) <= NOW.astimezone(UTC)


def _moments(proposal: Proposal) -> list[datetime]:
    entry = proposal.entry
    if isinstance(entry, MedicationCourse):
        return []
    ended = entry.ended_at if isinstance(entry, Exposure) else None
    return [m for m in (entry.started_at, ended) if m is not None]
