"""The doctor's report: what it shows for a period, and the PDF."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from twitchwise import charts
from twitchwise.analysis import Diary
from twitchwise.charts.timeline import PAGE_HEIGHTS
from twitchwise.domain.assessment import FactorStatus, Flag
from twitchwise.domain.errors import InputError
from twitchwise.domain.report import (
    CheckedEpisode,
    Citation,
    DiaryWords,
    DoctorReport,
    FactorCount,
    RecordedFlag,
)
from twitchwise.exports.report_pdf import render_report
from twitchwise.guide import reference
from twitchwise.knowledge import Knowledge
from twitchwise.services.checks import EpisodeCheck, recent_checks
from twitchwise.services.triggers import diary_of, triggers_of
from twitchwise.storage.journal import Journal
from twitchwise.storage.store import Store


def doctor_report(
    journal: Journal, knowledge: Knowledge, zone: ZoneInfo, start: date, end: date, now: datetime
) -> DoctorReport:
    """Everything the doctor's report shows for the local days ``start`` to ``end``: each
    episode checked with the diary's context, the warning signs those checks raised, the
    factors across them, the triggers over the whole diary, the medicines taken in the period."""
    since = datetime.combine(start, time.min, zone)
    until = datetime.combine(end + timedelta(days=1), time.min, zone)
    checks = [
        c
        for c in recent_checks(journal, since, knowledge, until=until)
        if c.episode.started_at < until
    ]
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
            seen_by_doctor=raised[-1][1].seen_by_doctor,
        )
        for flag_id, raised in flags.items()
    ]
    recorded.sort(key=lambda flag: (-flag.level.rank, -flag.episodes))
    cited = list(dict.fromkeys(source for flag in recorded for source in flag.sources))
    citations = tuple(Citation(s.id, reference(s), s.url) for s in knowledge.cited_sources(cited))
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
        citations=citations,
        visits=tuple(v for v in journal.visits() if v.on <= end),
        triggers_from=min(
            (
                moment.astimezone(zone).date()
                for moment in [
                    *(e.started_at for e in diary.episodes),
                    *(x.started_at for x in diary.exposures),
                ]
            ),
            default=None,
        ),
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


def diary_words(journal: Journal, since: datetime, until: datetime) -> tuple[DiaryWords, ...]:
    """The free text written in the period: episodes' notes, exposures' details, notes."""
    found = [
        DiaryWords(e.started_at, f"{e.kind.value} notes", e.notes)
        for e in journal.episodes(since=since, until=until)
        if e.notes.strip()
    ]
    found += [
        DiaryWords(x.started_at, f"{x.type.value} detail", x.detail)
        for x in journal.exposures(since=since, until=until)
        if x.detail.strip()
    ]
    found += [DiaryWords(n.at, "note", n.text) for n in journal.notes(since) if n.at < until]
    return tuple(sorted(found, key=lambda w: w.at))


def report_pdf(
    store: Store,
    knowledge: Knowledge,
    now: datetime,
    start: date,
    end: date,
    owner: int | None = None,
    *,
    with_words: bool = False,
) -> bytes:
    """The doctor's report for ``start`` to ``end``, as PDF bytes (with its timeline chart);
    the diary's free text only ``with_words``."""
    with store.read(owner) as journal:
        zone = ZoneInfo(journal.profile().time_zone)
        report = doctor_report(journal, knowledge, zone, start, end, now)
        since = datetime.combine(start, time.min, zone) - timedelta(days=1)
        until = datetime.combine(end + timedelta(days=1), time.min, zone)
        if with_words:
            period = datetime.combine(start, time.min, zone)
            report = replace(report, words=diary_words(journal, period, until))
        episodes = journal.episodes(since=since, until=until)
        exposures = journal.exposures(since=since - timedelta(days=1), until=until)
    spec = charts.timeline_spec(
        episodes,
        exposures,
        zone=zone,
        start=start,
        end=end,
        knowledge=knowledge,
        heights=PAGE_HEIGHTS,
    )
    return render_report(report, charts.render_png(spec, scale=2.0))
