"""What every adapter (the CLI, the pages, the API) does with a journal, each in one place:
check a diary episode, check the recent ones, find the triggers, fill a fresh journal with the
demo diary.

Each is read -> compute: the journal supplies the entries, the pure core does the rest.
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise import charts, demo
from twitchwise.analysis import Diary, analyse
from twitchwise.assessment import assess
from twitchwise.assessment.from_journal import FromJournal, request_from_journal
from twitchwise.domain.assessment import AssessmentResult, FactorStatus, Flag
from twitchwise.domain.errors import InputError
from twitchwise.domain.journal import EntryKind, EntryRef, EpisodeEntry
from twitchwise.domain.report import CheckedEpisode, DoctorReport, FactorCount, RecordedFlag
from twitchwise.domain.triggers import TriggerReport
from twitchwise.exports.report_pdf import render_report
from twitchwise.knowledge import Knowledge
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store

CONTEXT_HOURS = 48


@dataclass(frozen=True)
class EpisodeCheck:
    episode: EpisodeEntry
    built: FromJournal
    result: AssessmentResult


def check_episode(journal: Journal, episode_id: int, knowledge: Knowledge) -> EpisodeCheck:
    """Assess diary episode ``episode_id`` with the context and history the diary holds."""
    entry = journal.get(EntryRef(EntryKind.EPISODE, episode_id))
    if not isinstance(entry, EpisodeEntry):  # pragma: no cover - get() keeps the kind
        raise TypeError(entry)
    at = entry.started_at
    built = request_from_journal(
        entry,
        episodes=journal.episodes(until=at),
        exposures=journal.exposures(since=at - timedelta(hours=CONTEXT_HOURS), until=at),
        courses=journal.courses(),
        profile=journal.profile(),
        diary_started=journal.first_entry_at(),
        knowledge=knowledge,
    )
    return EpisodeCheck(entry, built, assess(built.request, knowledge))


def diary_of(journal: Journal, zone: ZoneInfo) -> Diary:
    return Diary(
        episodes=journal.episodes(),
        exposures=journal.exposures(),
        courses=journal.courses(),
        zone=zone,
    )


def triggers_of(diary: Diary, knowledge: Knowledge) -> TriggerReport:
    return analyse(diary, knowledge.triggers)


def recent_checks(journal: Journal, since: datetime, knowledge: Knowledge) -> list[EpisodeCheck]:
    """``check_episode`` for every episode from ``since`` on, newest first, in five queries."""
    episodes = journal.episodes()
    starts = [entry.started_at for entry in episodes]
    exposures = journal.exposures(since=since - timedelta(hours=CONTEXT_HOURS))
    exposure_starts = [exposure.started_at for exposure in exposures]
    courses, profile, first = journal.courses(), journal.profile(), journal.first_entry_at()
    checks = []
    for entry in episodes[bisect.bisect_left(starts, since) :]:
        at = entry.started_at
        low = bisect.bisect_left(exposure_starts, at - timedelta(hours=CONTEXT_HOURS))
        high = bisect.bisect_right(exposure_starts, at)
        built = request_from_journal(
            entry,
            episodes=episodes[: bisect.bisect_right(starts, at)],
            exposures=exposures[low:high],
            courses=courses,
            profile=profile,
            diary_started=first,
            knowledge=knowledge,
        )
        checks.append(EpisodeCheck(entry, built, assess(built.request, knowledge)))
    return checks[::-1]


def doctor_report(
    journal: Journal, knowledge: Knowledge, zone: ZoneInfo, start: date, end: date, now: datetime
) -> DoctorReport:
    """Everything the doctor's report shows for the local days ``start`` to ``end``: each
    episode checked with the diary's context, the warning signs those checks raised, the
    factors across them, the triggers over the whole diary, the medicines taken in the period."""
    since = datetime.combine(start, time.min, zone)
    until = datetime.combine(end + timedelta(days=1), time.min, zone)
    checks = [c for c in recent_checks(journal, since, knowledge) if c.episode.started_at < until]
    checks.reverse()
    flags: dict[str, list[tuple[EpisodeCheck, Flag]]] = {}
    likely: Counter[str] = Counter()
    possible: Counter[str] = Counter()
    names: dict[str, str] = {}
    for check in checks:
        for flag in check.result.triage.flags:
            flags.setdefault(flag.id, []).append((check, flag))
        for factor in check.result.factors:
            names[factor.id.value] = factor.name
            if factor.status is FactorStatus.LIKELY:
                likely[factor.id.value] += 1
            elif factor.status is FactorStatus.POSSIBLE:
                possible[factor.id.value] += 1
    signs = {flag.id: flag.sign for flag in knowledge.flags}
    recorded = [
        RecordedFlag(
            id=flag_id,
            sign=signs.get(flag_id, flag_id),
            level=raised[-1][1].level,
            why=raised[-1][1].why,
            episodes=len(raised),
            first=raised[0][0].episode.started_at,
            last=raised[-1][0].episode.started_at,
            sources=raised[-1][1].sources,
        )
        for flag_id, raised in flags.items()
    ]
    recorded.sort(key=lambda flag: (-flag.level.rank, -flag.episodes))
    factors = [
        FactorCount(names[family], likely[family], possible[family])
        for family in sorted(names, key=lambda f: (-likely[f], -possible[f], names[f]))
    ]
    profile = journal.profile()
    courses = [
        course
        for course in journal.courses()
        if (course.started_on is None or course.started_on <= end)
        and (course.stopped_on is None or course.stopped_on >= start)
    ]
    diary = diary_of(journal, zone)
    diary = Diary(
        episodes=[e for e in diary.episodes if e.started_at < until],
        exposures=[x for x in diary.exposures if x.started_at < until],
        courses=diary.courses,
        zone=zone,
    )
    return DoctorReport(
        profile=profile,
        age_years=profile.as_person(end).age_years,
        start=start,
        end=end,
        generated=now,
        episodes=tuple(
            CheckedEpisode(
                c.episode, c.result.triage.level, tuple(f.id for f in c.result.triage.flags)
            )
            for c in checks
        ),
        flags=tuple(recorded),
        factors=tuple(factors),
        triggers=triggers_of(diary, knowledge),
        courses=tuple(courses),
        disclaimer=knowledge.disclaimer,
        knowledge_version=knowledge.version,
    )


DEFAULT_REPORT_DAYS = 90
LONGEST_REPORT_DAYS = 10 * 366


def report_period(
    start: date | None, end: date | None, today: date, field: str = "--from"
) -> tuple[date, date]:
    """The report's local days: the last 90 days by default; refuse a backwards period."""
    end = end or today
    start = start or end - timedelta(days=DEFAULT_REPORT_DAYS - 1)
    if start > end:
        raise InputError(field, f"{start} is after the end of the period, {end}")
    if (end - start).days >= LONGEST_REPORT_DAYS:
        raise InputError(field, f"a report covers at most {LONGEST_REPORT_DAYS // 366} years")
    return start, end


def report_pdf(
    store: Store,
    knowledge: Knowledge,
    now: datetime,
    start: date,
    end: date,
    owner: int | None = None,
) -> bytes:
    """The doctor's report for ``start`` to ``end``, as PDF bytes (with its timeline chart)."""
    with store.read(owner) as journal:
        zone = ZoneInfo(journal.profile().time_zone)
        report = doctor_report(journal, knowledge, zone, start, end, now)
        since = datetime.combine(start, time.min, zone) - timedelta(days=1)
        until = datetime.combine(end + timedelta(days=1), time.min, zone)
        episodes = journal.episodes(since=since, until=until)
        exposures = journal.exposures(since=since - timedelta(days=1), until=until)
    spec = charts.timeline_spec(
        episodes, exposures, zone=zone, start=start, end=end, knowledge=knowledge
    )
    return render_report(report, charts.render_png(spec, scale=2.0))


def fill_with_demo(
    store: Store, now: datetime, months: int = 6, seed: int = 7, owner: int | None = None
) -> int:
    """Fill a fresh journal with the demo diary; refuse a journal that has entries."""
    with store.read(owner) as journal:
        if not journal.is_empty():
            raise InputError(
                "journal",
                "is not empty; the demo only fills a fresh journal "
                "(point TWITCHWISE_DATA_DIR at an empty folder to try it)",
            )
    with store.write(owner) as journal:
        journal.set_profile({"sex": "female", "birth_year": now.year - 34})
        report = journal.add_many(demo.generate(now, months=months, seed=seed), source="demo")
    return report.added
