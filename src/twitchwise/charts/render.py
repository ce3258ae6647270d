"""A chart drawn offline, for ``--charts`` and the PDF: vl-convert, imported only when called
(it is large, and the web pages draw their charts in the browser)."""

from __future__ import annotations

from twitchwise.charts.spec import Spec

VEGA_LITE_VERSION = "5.21"  # what render_* draw with: vl-convert's default is v6


def render_svg(spec: Spec) -> str:
    """The chart as an SVG document (offline: no remote data may be fetched)."""
    import vl_convert as vlc

    return vlc.vegalite_to_svg(spec, vl_version=VEGA_LITE_VERSION, allowed_base_urls=[])


def render_png(spec: Spec, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes, ``scale`` times its size in CSS pixels."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(
        spec, vl_version=VEGA_LITE_VERSION, scale=scale, allowed_base_urls=[]
    )
