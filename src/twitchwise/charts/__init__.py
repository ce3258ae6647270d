"""One chart definition for the terminal's ``--charts``, the web pages and the PDF report.

The ``*_spec`` functions build Vega-Lite v5 specifications as plain dicts, with the data inline
(no URLs, no remote fonts), a title and a screen-reader description each, the Okabe-Ito palette
(distinguishable with colour-blindness) doubled by shapes, and text of 11 px or more. The web
pages hand a spec to vega-embed; ``render_svg``/``render_png`` draw it offline with
vl-convert, imported only when called. The numbers and words are computed in Python, beside each
chart: a module per chart (``timeline``, ``calendar``, ``forest``) on shared parts (``spec``,
``axes``, ``days``, ``daily_totals``, ``render``).
"""

from __future__ import annotations

from twitchwise.charts.calendar import calendar_spec
from twitchwise.charts.forest import forest_spec
from twitchwise.charts.render import render_png, render_svg
from twitchwise.charts.timeline import timeline_spec

__all__ = ["calendar_spec", "forest_spec", "render_png", "render_svg", "timeline_spec"]
