"""What cannot be true, refused in one place and named by its field, whichever adapter it came
through (the command line, the API, a page's form):

- a time more than ``FUTURE_SLACK`` after now: a diary holds what has happened (a clock a few
  minutes fast is not a mistake of the person's);
- a birth year that makes the person unborn or older than ``OLDEST_AGE``;
- a medicine course that stops before it starts (``MedicationCourse`` checks it as a field);
- a number of days that is not positive (``positive_days``).

The journal checks the first two on every entry and profile it saves (``Journal`` has the
clock), so no adapter can forget them.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel

from twitchwise.domain.errors import FieldProblem, InputError

FUTURE_SLACK = timedelta(minutes=5)
OLDEST_AGE = 120
_TIME_FIELDS = ("started_at", "ended_at", "at")


def future_problems(draft: BaseModel, now: datetime) -> list[FieldProblem]:
    """The times of an entry that lie in the future."""
    problems = []
    for name in _TIME_FIELDS:
        moment = getattr(draft, name, None)
        if isinstance(moment, datetime) and moment > now + FUTURE_SLACK:
            shown = f"{moment:%Y-%m-%d %H:%M}"
            problems.append(
                FieldProblem(name, f"{shown} is in the future: log what has already happened")
            )
    return problems


def refuse_future(draft: BaseModel, now: datetime) -> None:
    problems = future_problems(draft, now)
    if problems:
        raise InputError.from_problems(problems)


def birth_year_problem(year: int | None, today: date) -> FieldProblem | None:
    if year is None:
        return None
    if year > today.year:
        return FieldProblem("birth_year", f"{year} has not come yet")
    if year < today.year - OLDEST_AGE:
        return FieldProblem(
            "birth_year", f"{year} would make you over {OLDEST_AGE}: check the year"
        )
    return None


LONGEST_DAYS = 100_000  # some 270 years: every diary, and still a date a computer can count to


def positive_days(value: int, field: str = "days") -> int:
    """A number of days to look back or ahead: at least 1 (and at most ``LONGEST_DAYS``)."""
    if value < 1:
        raise InputError(field, f"must be 1 or more days, not {value}")
    if value > LONGEST_DAYS:
        raise InputError(field, f"must be at most {LONGEST_DAYS:,} days, not {value:,}")
    return value
