"""Personal experiments (issue 21): the statistics core, pure numpy/scipy over domain objects.

- ``make_schedule`` draws a schedule from a seed; ``can_reach`` says whether a design and length
  can give a verdict at all (``schedules.py``).
- ``estimate_power`` and ``propose``: how long an experiment needs at this person's rate
  (``power.py``), over the lengths in ``OFFERED_WEEKS``.
- ``analyse``: the randomisation test, the rate ratio with its interval and the verdict by the
  rule fixed before starting; ``should_stop``: the one early look (``analysis.py``).
"""

from __future__ import annotations

from twitchwise.experiments.analysis import analyse, should_stop
from twitchwise.experiments.power import OFFERED_WEEKS, estimate_power, propose
from twitchwise.experiments.schedules import can_reach, make_schedule

__all__ = [
    "OFFERED_WEEKS",
    "analyse",
    "can_reach",
    "estimate_power",
    "make_schedule",
    "propose",
    "should_stop",
]
