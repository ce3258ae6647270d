"""Medicines for the diary: a medicine someone is "on" becomes a course; "started", "upped",
"lowered" and "came off" date it (today, or as many days back as the words say)."""

from __future__ import annotations

from datetime import datetime, timedelta

from twitchwise.domain.journal import CourseKind, MedicationCourse
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge
from twitchwise.understanding import Understanding
from twitchwise.understanding.phrases import Proposal
from twitchwise.understanding.reading import MedicineMention

SUPPLEMENT_CLASSES = frozenset({"vitamin_b6", "magnesium"})
_NOTES = {"increased": "dose raised", "decreased": "dose lowered"}


def courses_from(understood: Understanding, now: datetime, knowledge: Knowledge) -> list[Proposal]:
    proposals = [p for p in understood.entries if isinstance(p.entry, MedicationCourse)]
    named = {p.entry.name.casefold() for p in proposals if isinstance(p.entry, MedicationCourse)}
    for mention in understood.medicines:
        if mention.change == "dose" or mention.written.casefold() in named:
            continue  # a single dose is the phrase reader's entry
        named.add(mention.written.casefold())
        course = _course(mention, now, knowledge)
        proposals.append(Proposal(mention.quote, course, _describe(course, mention)))
    return proposals


def _course(mention: MedicineMention, now: datetime, knowledge: Knowledge) -> MedicationCourse:
    match = knowledge.match_medication(mention.written)
    supplement = match is not None and any(c.id in SUPPLEMENT_CLASSES for c in match.classes)
    day = (now - timedelta(days=mention.days_ago or 0)).date()
    changed = mention.change in ("started", "increased", "decreased")
    return MedicationCourse(
        name=mention.written[:100],
        kind=CourseKind.SUPPLEMENT if supplement else CourseKind.MEDICATION,
        dose_mg_per_day=mention.dose_mg,
        started_on=day if changed else None,
        stopped_on=day if mention.change == "stopped" else None,
        notes=_NOTES.get(mention.change, ""),
    )


def _describe(course: MedicationCourse, mention: MedicineMention) -> str:
    text = f"{course.kind.value} course: {mention.written}"
    if mention.name.casefold() != mention.written.casefold():
        text += f" = {mention.name}"
    if course.dose_mg_per_day is not None:
        text += f", {number(course.dose_mg_per_day)} mg a day"
    if course.started_on is not None:
        text += f", {course.notes or 'started'} {course.started_on:%d %b %Y}"
    if course.stopped_on is not None:
        text += f", stopped {course.stopped_on:%d %b %Y}"
    if course.started_on is None and course.stopped_on is None:
        text += ", ongoing"
    return text
