"""Personal experiments (issue 21): the statistics core, pure numpy/scipy over domain objects.

``make_schedule`` draws a schedule from a seed and ``can_reach`` says whether a design and length
can give a verdict at all (``schedules.py``).
"""

from __future__ import annotations

from twitchwise.experiments.schedules import can_reach, make_schedule

__all__ = ["can_reach", "make_schedule"]
