"""Building a request from the diary: the right windows in real hours, the entries used, and the
history that only a diary shows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from twitchwise.assessment import assess
from twitchwise.assessment.from_journal import FromJournal, request_from_journal
from twitchwise.domain.journal import CourseEntry, EpisodeEntry, ExposureEntry, Profile
from twitchwise.knowledge import Knowledge, load_knowledge

LONDON = ZoneInfo("Europe/London")
PROFILE = Profile(name="me", time_zone="Europe/London", sex="female", birth_year=1990)
_ids = iter(range(1, 10_000))


def ep(at: datetime, **fields: Any) -> EpisodeEntry:
    return EpisodeEntry.model_validate(
        {"id": next(_ids), "kind": "twitch", "started_at": at, **fields}
    )


def x(kind: str, at: datetime, **fields: Any) -> ExposureEntry:
    return ExposureEntry.model_validate(
        {"id": next(_ids), "type": kind, "started_at": at, **fields}
    )


def build(
    episode: EpisodeEntry,
    exposures: list[ExposureEntry] = [],  # noqa: B006 - never mutated
    episodes: list[EpisodeEntry] | None = None,
    courses: list[CourseEntry] = [],  # noqa: B006
    diary_started: datetime | None = None,
    knowledge: Knowledge | None = None,
) -> FromJournal:
    return request_from_journal(
        episode,
        episodes=episodes if episodes is not None else [episode],
        exposures=exposures,
        courses=courses,
        profile=PROFILE,
        diary_started=diary_started,
        knowledge=knowledge or load_knowledge(),
    )


AT = datetime(2026, 11, 20, 22, 50, tzinfo=LONDON)


def test_only_the_24_hours_before_count() -> None:
    inside = x("caffeine", AT - timedelta(hours=23, minutes=59), amount=200.0)
    outside = x("caffeine", AT - timedelta(hours=24, minutes=1), amount=500.0)
    after = x("caffeine", AT + timedelta(minutes=5), amount=500.0)
    built = build(ep(AT), [inside, outside, after])
    assert built.request.context.caffeine_mg_last_24h == 200.0
    assert [u.ref for u in built.used] == [f"x{inside.id}"]


def test_the_window_is_24_real_hours_across_a_clock_change() -> None:
    """London went back an hour at 02:00 on 25 October 2026: 24 h before 12:00 is 13:00 the day
    before by the clock."""
    at = datetime(2026, 10, 25, 12, 0, tzinfo=LONDON)
    real_inside = x("alcohol", datetime(2026, 10, 24, 13, 30, tzinfo=LONDON), amount=2.0)
    clock_inside_only = x("alcohol", datetime(2026, 10, 24, 12, 30, tzinfo=LONDON), amount=4.0)
    built = build(ep(at), [real_inside, clock_inside_only])
    assert built.request.context.alcohol_units_last_24h == 2.0


def test_a_night_across_the_clock_change_counts_its_real_length() -> None:
    at = datetime(2026, 10, 25, 9, 0, tzinfo=LONDON)
    night = x(
        "sleep",
        datetime(2026, 10, 24, 23, 0, tzinfo=LONDON),
        ended_at=datetime(2026, 10, 25, 7, 0, tzinfo=LONDON),
    )
    built = build(ep(at), [night])
    assert built.request.context.sleep_hours_last_night == 9.0
    assert built.used[0].what == "slept 9 h (woke 07:00)"


def test_exertion_counts_only_if_it_ended_within_six_hours() -> None:
    recent = x(
        "sexual_activity",
        AT - timedelta(minutes=60),
        ended_at=AT - timedelta(minutes=20),
        effort_rpe=7,
    )
    old = x("exercise", AT - timedelta(hours=9), amount=60.0, detail="running")
    built = build(ep(AT), [old, recent])
    exertion = built.request.context.exertion
    assert exertion is not None
    assert (exertion.activity, exertion.minutes, exertion.rpe) == ("sex", 40.0, 7)


def test_medicines_active_that_day_and_doses_of_the_day_are_listed() -> None:
    courses = [
        CourseEntry(id=1, name="furosemide", dose_mg_per_day=40.0, started_on=date(2026, 11, 1)),
        CourseEntry(
            id=2, name="atorvastatin", started_on=date(2026, 1, 1), stopped_on=date(2026, 6, 1)
        ),
    ]
    dose = x("supplement", AT - timedelta(hours=3), amount=200.0, detail="vitamin B6")
    built = build(ep(AT), [dose], courses=courses)
    names = {(m.name, m.dose_mg_per_day) for m in built.request.context.medications}
    assert names == {("furosemide", 40.0), ("vitamin B6", 200.0)}
    flags = {f.id for f in assess(built.request).triage.flags}
    assert "high_dose_vitamin_b6" in flags


def test_history_counts_days_in_the_current_run_only() -> None:
    old = ep(AT - timedelta(days=40))  # more than a week before the next: a run of its own
    start = ep(AT - timedelta(days=16))
    middle = [ep(AT - timedelta(days=11)), ep(AT - timedelta(days=5))]  # gaps of 5 and 6 days
    now = ep(AT)
    built = build(now, episodes=[old, start, *middle, now])
    assert built.request.history is not None
    assert built.request.history.days_since_first_episode == 16
    assert "lasting_over_two_weeks" in {f.id for f in assess(built.request).triage.flags}


def test_episodes_rising_needs_a_diary_that_covers_the_month() -> None:
    earlier = [ep(AT - timedelta(days=20))]
    recent = [ep(AT - timedelta(days=d)) for d in (10, 7, 4, 1)]
    now = ep(AT)
    everything = [*earlier, *recent, now]
    short_diary = build(now, episodes=everything, diary_started=AT - timedelta(days=21))
    assert short_diary.request.history is not None
    assert short_diary.request.history.episodes_previous_14_days is None
    long_diary = build(now, episodes=everything, diary_started=AT - timedelta(days=60))
    assert long_diary.request.history is not None
    assert (
        long_diary.request.history.episodes_last_14_days,
        long_diary.request.history.episodes_previous_14_days,
    ) == (5, 1)
    assert "becoming_more_frequent" in {f.id for f in assess(long_diary.request).triage.flags}


def test_a_supplement_with_no_link_is_not_a_suspect_but_a_medicine_is() -> None:
    courses = [
        CourseEntry(
            id=1, name="magnesium citrate", kind="supplement", started_on=date(2026, 11, 10)
        ),
        CourseEntry(id=2, name="new tablet", started_on=date(2026, 11, 5)),
    ]
    built = build(ep(AT), courses=courses)
    assert built.request.history is not None
    assert [m.name for m in built.request.history.medications_started] == ["new tablet"]
    flag = next(
        f
        for f in assess(built.request).triage.flags
        if f.id == "medication_started_before_episodes"
    )
    assert flag.why.startswith("You started new tablet shortly before")


def test_the_person_comes_from_the_profile() -> None:
    built = build(ep(AT))
    assert (built.request.person.sex, built.request.person.age_years) == ("female", 36)


def test_every_soft_drink_counts_as_water_from_drinks_not_alcohol() -> None:
    """EFSA counts every beverage: two coffees the quick log read add their volume to the water
    logged; a pint does not, and a caffeine amount without a drink's name adds nothing."""
    water = x("water", AT - timedelta(hours=5), amount=500.0)
    coffees = x("caffeine", AT - timedelta(hours=8), amount=192.0, detail="2 × coffee")
    tea = x("caffeine", AT - timedelta(hours=3), amount=75.0, detail="1 × tea")
    tablets = x("caffeine", AT - timedelta(hours=2), amount=100.0)
    pint = x("alcohol", AT - timedelta(hours=1), amount=2.3, detail="1 × beer")
    built = build(ep(AT), [water, coffees, tea, tablets, pint])
    assert built.request.context.water_ml_last_24h == 500 + 2 * 240 + 350
    assert any("counted as 480 ml of drinks" in u.what for u in built.used)
    only_coffee = build(ep(AT), [coffees])
    assert only_coffee.request.context.water_ml_last_24h == 480
