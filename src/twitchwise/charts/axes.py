"""The timeline's axes: one time axis shared by its panels, and ticks a reader can count."""

from __future__ import annotations

from datetime import date, timedelta

from twitchwise.charts.days import days
from twitchwise.charts.spec import Row, Spec


def utc_midnight(day: date) -> Row:
    """A Vega-Lite DateTime for the day's start on the floating (UTC) scale."""
    return {"year": day.year, "month": day.month, "date": day.day, "utc": True}


def time_ticks(start: date, end: date) -> list[Row]:
    """Days up to 3 weeks, Mondays (every other one past 20 weeks), 1st of months past 40."""
    every = days(start, end)
    weeks = len(every) / 7
    if weeks <= 3:
        return [utc_midnight(d) for d in every]
    if weeks > 40:
        return [utc_midnight(d) for d in every if d.day == 1]
    mondays = [d for d in every if d.weekday() == 0]
    return [utc_midnight(d) for d in mondays[:: 2 if weeks > 20 else 1]]


def value_ticks(top: float) -> list[float]:
    """0 and one to three round steps up to ``top``: a 64 px panel stays legible."""
    top = max(top, 1.0)
    step = min(m * 10.0**k for k in range(6) for m in (1, 2, 4, 5) if m * 10.0**k >= top / 3)
    return [step * i for i in range(int(top // step) + 1)]


def time_axis(field: str, start: date, end: date, *, last: bool, narrow: bool = False) -> Spec:
    """The shared time axis: floating local times on a UTC scale, labelled on the last panel;
    ``narrow`` (a phone) keeps a gap between labels, dropping every other one where needed."""
    domain = [utc_midnight(start), utc_midnight(end + timedelta(days=1))]
    ticks = time_ticks(start, end)
    axis: Spec = {
        "title": None,
        "values": ticks,
        "tickCount": len(ticks),  # or Vega thins explicit values down to width/40 of them
        # the year on January's first tick (the title carries the period's years)
        "labelExpr": "utcFormat(datum.value, utcmonth(datum.value) == 0"
        " && utcdate(datum.value) <= 7 ? '%-d %b %Y' : '%-d %b')",
        "labelOverlap": True,
        **({"labelSeparation": 10} if narrow else {}),
    }
    if not last:
        axis |= {"labels": False, "ticks": False, "domain": False}
    return {
        "field": field,
        "type": "temporal",
        "scale": {"type": "utc", "domain": domain},
        "axis": axis,
    }
