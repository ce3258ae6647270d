"""`twitchwise triggers`: which exposures precede your episodes more often than chance."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twitchwise.cli.errors import reported

if TYPE_CHECKING:
    from twitchwise.analysis import Diary
    from twitchwise.domain.triggers import TriggerReport
    from twitchwise.knowledge import Knowledge


def triggers(
    as_json: Annotated[bool, typer.Option("--json", help="print the documented JSON")] = False,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts", help="write timeline, calendar and forest plot (SVG and PNG) here"
        ),
    ] = None,
) -> None:
    """Find your own triggers: plain sentences with their counts first, then the numbers.

    Example: twitchwise triggers --charts ./charts
    """
    from twitchwise.cli.state import opened
    from twitchwise.knowledge import load_knowledge
    from twitchwise.services.triggers import diary_of, triggers_of

    with reported(), opened(mention_samples=not as_json) as app:
        with app.store.read() as journal:
            diary = diary_of(journal, app.zone)
        knowledge = load_knowledge()
        report = triggers_of(diary, knowledge)
        if charts is not None:
            written = _write_charts(charts, diary, report, knowledge, app.now().date())
    if as_json:
        typer.echo(report.model_dump_json(indent=2))
    else:
        from rich.console import Console

        from twitchwise.cli.render import show_triggers

        show_triggers(Console(), report)
    if charts is not None:
        typer.echo("Charts: " + ", ".join(str(path) for path in written), err=as_json)


def _write_charts(
    folder: Path, diary: Diary, report: TriggerReport, knowledge: Knowledge, today: date
) -> list[Path]:
    from twitchwise import charts as chart_specs
    from twitchwise.cli.files import atomic_write_bytes, atomic_write_text
    from twitchwise.domain.errors import InputError

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError("--charts", f"cannot create {folder}: {error.strerror}") from None
    zone = diary.zone
    specs = {
        "timeline": chart_specs.timeline_spec(
            diary.episodes,
            diary.exposures,
            zone=zone,
            start=today - timedelta(days=90),
            end=today,
            knowledge=knowledge,
        ),
        "calendar": chart_specs.calendar_spec(
            diary.episodes, zone=zone, start=today - timedelta(days=182), end=today
        ),
        "forest": chart_specs.forest_spec(report),
    }
    written: list[Path] = []
    for name, spec in specs.items():
        svg, png = folder / f"{name}.svg", folder / f"{name}.png"
        atomic_write_text(svg, chart_specs.render_svg(spec))
        atomic_write_bytes(png, chart_specs.render_png(spec))
        written += [svg, png]
    return written
