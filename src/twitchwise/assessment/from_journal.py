"""An assessment request built from the diary: the context of the hours before an episode, and
the history only a diary shows (how long, where, how often, what medicine started before).

Pure: the caller reads the entries from the journal and hands them over.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from twitchwise.assessment.doctor_visit import Baseline, new_since
from twitchwise.domain.assessment import AssessmentRequest
from twitchwise.domain.exposures import Exposure, ExposureType, Nutrient
from twitchwise.domain.journal import CourseEntry, CourseKind, EpisodeEntry, ExposureEntry, Profile
from twitchwise.domain.one_record import night_before, one_source_per_day
from twitchwise.domain.units import number
from twitchwise.domain.wording import counted
from twitchwise.knowledge import Knowledge

DAY = timedelta(hours=24)
# How the quick log names the drinks it read: a count, the multiplication sign, the drink's name.
_SERVINGS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*×\s*(.+?)\s*$")
EXERTION_WINDOW = timedelta(hours=6)
# A run of episodes ends after this long without one (our choice): the run's first episode is
# where "how long has this been going on" starts counting.
RUN_GAP = timedelta(days=7)
RECENT = timedelta(days=14)
HISTORY_WINDOW = 2 * RECENT  # the episodes the history counts: the last 14 days and 14 before
MEDICINE_LOOKBACK_DAYS = 90

_INTAKE_FIELD = {
    Nutrient.MAGNESIUM: "magnesium_mg",
    Nutrient.POTASSIUM: "potassium_mg",
    Nutrient.CALCIUM: "calcium_mg",
    Nutrient.VITAMIN_D: "vitamin_d_iu",
}


@dataclass(frozen=True)
class Used:
    """A diary entry the request was built from, as the person would recognise it."""

    ref: str
    what: str


@dataclass(frozen=True)
class FromJournal:
    request: AssessmentRequest
    used: tuple[Used, ...]
    history: tuple[str, ...]


def _clock(moment: datetime, like: datetime) -> str:
    local = moment.astimezone(like.tzinfo)
    if local.date() == like.date():
        return local.strftime("%H:%M")
    return local.strftime("%a %d %b %H:%M")


def _end(exposure: Exposure) -> datetime:
    if exposure.ended_at is not None:
        return exposure.ended_at
    minutes = exposure.duration_amount or 0.0
    if exposure.type is ExposureType.SLEEP:
        minutes *= 60
    return exposure.started_at.astimezone(UTC) + timedelta(minutes=minutes)


def _within(moment: datetime, start: datetime, end: datetime) -> bool:
    """Compared as instants: times sharing one IANA zone would otherwise compare by the clock."""
    return start.astimezone(UTC) < moment.astimezone(UTC) <= end.astimezone(UTC)


class _Builder:
    def __init__(
        self, episode: EpisodeEntry, exposures: Sequence[ExposureEntry], zone: ZoneInfo
    ) -> None:
        # Windows are measured in real hours (UTC); times are shown in the episode's own zone.
        self.at = episode.started_at.astimezone(UTC)
        self.local = episode.started_at
        # Two sources of one measure on one day count once (domain/one_record.py).
        self.exposures = one_source_per_day(exposures, zone)
        self.all_exposures = exposures
        self.context: dict[str, Any] = {}
        self.used: list[Used] = []

    def use(self, exposure: ExposureEntry, what: str) -> None:
        self.used.append(
            Used(f"x{exposure.id}", f"{what} ({_clock(exposure.started_at, self.local)})")
        )

    def of_type(self, kind: ExposureType, window: timedelta = DAY) -> list[ExposureEntry]:
        start = self.at - window
        return [
            e for e in self.exposures if e.type is kind and _within(e.started_at, start, self.at)
        ]

    def total(self, kind: ExposureType, field: str, unit: str) -> None:
        found = [e for e in self.of_type(kind) if e.amount is not None]
        if found:
            self.context[field] = sum(e.amount or 0.0 for e in found)
            label = kind.value.replace("_", " ")
            for e in found:
                self.use(e, f"{label} {number(e.amount or 0)} {unit} {e.detail}".strip())

    def drinks_as_water(self, knowledge: Knowledge) -> None:
        """Water from every drink, not only those logged as water (EFSA counts all beverages):
        a caffeine entry the quick log made from a soft drink (two coffees) adds its volume."""
        extra = 0.0
        for entry in self.of_type(ExposureType.CAFFEINE):
            found = _SERVINGS.match(entry.detail or "")
            drink = knowledge.drink_named(found.group(2)) if found else None
            if found is None or drink is None or drink.volume_ml is None:
                continue
            ml = float(found.group(1)) * drink.volume_ml
            extra += ml
            ref = f"x{entry.id}"
            self.used = [
                Used(u.ref, f"{u.what}, counted as {number(ml)} ml of drinks")
                if u.ref == ref
                else u
                for u in self.used
            ]
        if extra:
            self.context["water_ml_last_24h"] = self.context.get("water_ml_last_24h", 0.0) + extra

    def sleep(self) -> None:
        """Last night: one sleep however many sources recorded it (domain/one_record.py)."""
        night = night_before(self.all_exposures, self.at)
        if night is None:
            return
        self.context["sleep_hours_last_night"] = round(night.hours, 2)
        merged = len(night.entries) > 1
        for e in night.entries:
            woke = _clock(_end(e), self.local)
            what = f"slept {number(e.duration_amount or 0)} h (woke {woke})"
            if merged:
                what += f": part of one night of {number(round(night.hours, 2))} h"
            self.used.append(Used(f"x{getattr(e, 'id', 0)}", what))

    def exertion(self) -> None:
        active = [
            e
            for e in self.exposures
            if e.type in (ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY)
            and _within(_end(e), self.at - EXERTION_WINDOW, self.at + timedelta(minutes=1))
        ]
        if not active:
            return
        latest = max(active, key=lambda e: _end(e).astimezone(UTC))
        activity = (
            "sex" if latest.type is ExposureType.SEXUAL_ACTIVITY else (latest.detail or "exercise")
        )
        exertion: dict[str, Any] = {"activity": activity[:60]}
        if latest.duration_amount is not None:
            exertion["minutes"] = round(latest.duration_amount, 1)
        if latest.effort_rpe is not None:
            exertion["rpe"] = latest.effort_rpe
        self.context["exertion"] = exertion
        self.use(
            latest,
            f"{activity}"
            + (f" {number(exertion['minutes'])} min" if "minutes" in exertion else ""),
        )

    def stress(self) -> None:
        ratings = self.of_type(ExposureType.STRESS)
        if ratings:
            latest = max(ratings, key=lambda e: e.started_at.astimezone(UTC))
            self.context["stress_0_10"] = round(latest.amount or 0)
            self.use(latest, f"stress {number(latest.amount or 0)}/10")

    def meals(self) -> None:
        totals: dict[str, float] = defaultdict(float)
        for meal in self.of_type(ExposureType.MEAL):
            if meal.nutrient is not None and meal.amount is not None:
                totals[_INTAKE_FIELD[meal.nutrient]] += meal.amount
                self.use(meal, f"{meal.detail} {number(meal.amount)} {meal.unit}")
        if totals:
            self.context["daily_intake"] = dict(totals)

    def medicines(self, courses: Sequence[CourseEntry]) -> None:
        day = self.local.date()
        doses: dict[str, float | None] = {}
        taken_for: dict[str, int] = {}
        for course in courses:
            if course.active_on(day):
                doses[course.name] = course.dose_mg_per_day
                if course.started_on is not None:
                    taken_for[course.name] = (day - course.started_on).days
                self.used.append(Used(f"m{course.id}", f"taking {course.name}"))
        for kind in (ExposureType.MEDICATION, ExposureType.SUPPLEMENT):
            for dose in self.of_type(kind):
                name = dose.detail or kind.value
                previous = doses.get(name)
                doses[name] = (previous or 0.0) + (dose.amount or 0.0) if dose.amount else previous
                self.use(dose, f"{name} {number(dose.amount or 0)} mg")
        if doses:
            self.context["medications"] = [
                {
                    "name": name[:100],
                    **({"dose_mg_per_day": mg} if mg is not None else {}),
                    **({"taken_for_days": taken_for[name]} if name in taken_for else {}),
                }
                for name, mg in doses.items()
            ]


def _could_cause(course: CourseEntry, knowledge: Knowledge) -> bool:
    """Any prescribed medicine might; a supplement only if the knowledge links it to episodes."""
    if course.kind is CourseKind.MEDICATION:
        return True
    match = knowledge.match_medication(course.name)
    return match is not None and any(c.twitch_link > 0 or c.cramp_link > 0 for c in match.classes)


def _history(
    episode: EpisodeEntry,
    episodes: Sequence[EpisodeEntry],
    courses: Sequence[CourseEntry],
    diary_started: datetime | None,
    knowledge: Knowledge,
    run_first: EpisodeEntry | None,
) -> tuple[dict[str, Any], list[str]]:
    at = episode.started_at.astimezone(UTC)

    def since(other: EpisodeEntry) -> timedelta:
        return at - other.started_at.astimezone(UTC)

    # Oldest first; a run is walked back from the newest while gaps stay within RUN_GAP.
    before = sorted((e for e in episodes if since(e) >= timedelta(0)), key=since, reverse=True)
    first = episode
    for earlier in reversed(before):
        if since(earlier) - since(first) > RUN_GAP:
            break
        first = earlier
    if run_first is not None and since(run_first) > since(first):
        first = run_first  # the run began before the episodes given
    days = since(first).days
    history: dict[str, Any] = {"days_since_first_episode": days}
    notes = [f"episodes have been going on for {counted(days, 'day')} in this run"]
    recent = [e for e in before if since(e) < RECENT]
    sites = sorted({site.value for e in recent for site in e.body_sites})
    history["body_sites_last_14_days"] = sites
    history["episodes_last_14_days"] = len(recent)
    notes.append(
        f"{counted(len(recent), 'episode')} in the last 14 days"
        + (f" ({', '.join(sites)})" if sites else "")
    )
    if diary_started is not None and diary_started <= at - 2 * RECENT:
        earlier_count = sum(1 for e in before if RECENT <= since(e) < 2 * RECENT)
        history["episodes_previous_14_days"] = earlier_count
        notes.append(f"{earlier_count} in the 14 days before that")
    started = []
    for course in courses:
        if course.started_on is None or not _could_cause(course, knowledge):
            continue
        days = (first.started_at.date() - course.started_on).days
        if 0 <= days <= MEDICINE_LOOKBACK_DAYS:
            started.append({"name": course.name[:100], "days_before_first_episode": days})
            notes.append(
                f"{course.name} was started {counted(days, 'day')} before the first episode"
            )
    history["medications_started"] = started
    return history, notes


def request_from_journal(
    episode: EpisodeEntry,
    *,
    episodes: Sequence[EpisodeEntry],
    exposures: Sequence[ExposureEntry],
    courses: Sequence[CourseEntry],
    profile: Profile,
    diary_started: datetime | None,
    knowledge: Knowledge,
    run_first: EpisodeEntry | None = None,
    seen: Baseline | None = None,
) -> FromJournal:
    """Fill the context of ``episode`` from the entries of the 24 hours before it (6 hours for
    exertion), the courses active that day, and the history of earlier episodes.

    ``episodes`` need only reach ``HISTORY_WINDOW`` back when ``run_first`` names the first
    episode of the run ``episode`` belongs to (a journal finds it without reading the run)."""
    builder = _Builder(episode, exposures, ZoneInfo(profile.time_zone))
    builder.sleep()
    builder.total(ExposureType.CAFFEINE, "caffeine_mg_last_24h", "mg")
    builder.total(ExposureType.ALCOHOL, "alcohol_units_last_24h", "units")
    builder.total(ExposureType.WATER, "water_ml_last_24h", "ml")
    builder.drinks_as_water(knowledge)
    builder.exertion()
    builder.stress()
    builder.meals()
    builder.medicines(courses)
    history, notes = _history(episode, episodes, courses, diary_started, knowledge, run_first)
    if seen is not None:
        visit = seen.visit
        news = new_since(episode, episodes, courses, seen)
        history["doctor_visit"] = {
            "on": visit.on.isoformat(),
            "outcome": visit.outcome.value,
            "new_since": news,
        }
        builder.used.append(
            Used(f"v{visit.id}", f"seen by a doctor on {visit.on}: {visit.outcome}")
        )
        notes.append(
            f"a doctor saw this on {visit.on} ({visit.outcome}); "
            + ("new since then: " + "; ".join(news) if news else "nothing new since then")
        )
    data = episode.model_dump(mode="json", exclude={"id", "notes"})
    request = AssessmentRequest.model_validate(
        {
            "person": profile.as_person(episode.started_at.date()).model_dump(exclude_none=True),
            "episode": data,
            "context": builder.context,
            "history": history,
        }
    )
    return FromJournal(request, tuple(builder.used), tuple(notes))
