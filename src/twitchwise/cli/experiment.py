"""`twitchwise experiment start|day|status|result|stop|report`: a personal experiment (issue 21),
one change tried on days the app draws at random, judged by a rule fixed before it starts."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from twitchwise.cli.errors import reported
from twitchwise.cli.owner import USER, owned
from twitchwise.domain.experiments import Change, DesignKind

if TYPE_CHECKING:
    from twitchwise.domain.experiments import ScheduledDay

experiment_app = typer.Typer(
    help="A personal experiment: try one change on days the app draws at random and see whether "
    "it changes your episodes. start, day, status, result, stop, report.",
    no_args_is_help=True,
)
JSON = typer.Option("--json", help="print the documented JSON")
ARM_WORDS = {"change": "CHANGE", "usual": "usual"}


def _line(d: ScheduledDay) -> str:
    washout = " (washout: follow it, not counted)" if d.washout else ""
    return f"  {d.day:%a %Y-%m-%d}  {ARM_WORDS[d.arm.value]}{washout}"


@experiment_app.command("start")
def start(
    change: Annotated[Change, typer.Argument(help="the change to try")],
    weeks: Annotated[
        int | None, typer.Option("--weeks", help="its length (default: the proposed one)")
    ] = None,
    design: Annotated[
        DesignKind | None,
        typer.Option("--design", help="days or blocks (default: the one fit for the change)"),
    ] = None,
    start_on: Annotated[
        str | None, typer.Option("--start", help="its first day (default: tomorrow)")
    ] = None,
    as_json: Annotated[bool, JSON] = False,
    user: Annotated[str | None, USER] = None,
) -> None:
    """Start an experiment: the app draws the schedule (and keeps its seed) and prints it.

    Example: twitchwise experiment start caffeine_after_noon --weeks 8
    """
    from twitchwise.cli.when import parse_day
    from twitchwise.domain.experiments import CHANGES
    from twitchwise.services.experiment_json import started_out
    from twitchwise.services.experiments import start as start_experiment
    from twitchwise.services.experiments import zone_of

    with reported(), owned(user) as app:
        now = app.settings.clock().now(zone_of(app.store, app.owner))
        first = None if start_on is None else parse_day(start_on, now.date(), "--start")
        made = start_experiment(
            app.store, app.owner, change, now, design=design, weeks=weeks, first_day=first
        )
    if as_json:
        typer.echo(started_out(made).model_dump_json(indent=2))
        return
    info = CHANGES[change]
    s = made.schedule
    typer.echo(
        f"Experiment {made.experiment.id}: {info.title}, {s.weeks} weeks, {s.design} design."
    )
    typer.echo(f"Change days: {info.change_day}\nUsual days: {info.usual_day}")
    typer.echo(f"Before starting: {made.power.words}")
    typer.echo(f"Schedule (seed {s.seed}, drawn by the app and kept):")
    for d in s.days:
        typer.echo(_line(d))
    typer.echo("Each evening: twitchwise experiment day --followed yes (or no)")


@experiment_app.command("day")
def day(
    followed: Annotated[str, typer.Option("--followed", help="yes or no")],
    on: Annotated[
        str | None, typer.Option("--date", help="a past day of the experiment (default: today)")
    ] = None,
    user: Annotated[str | None, USER] = None,
) -> None:
    """Say whether you followed the day's arm (today's, or a past day's with --date).

    Example: twitchwise experiment day --followed yes
    """
    from twitchwise.cli.when import parse_day
    from twitchwise.domain.errors import InputError
    from twitchwise.services.experiment_days import record_day
    from twitchwise.services.experiments import zone_of

    with reported(), owned(user) as app:
        answer = followed.strip().lower()
        if answer not in {"yes", "no"}:
            raise InputError("--followed", f"{followed!r} is neither yes nor no")
        now = app.settings.clock().now(zone_of(app.store, app.owner))
        when = None if on is None else parse_day(on, now.date(), "--date")
        done = record_day(app.store, app.owner, answer == "yes", now, when)
    verb = "followed" if done.followed else "did not follow"
    typer.echo(f"{done.day.day:%a %Y-%m-%d} ({done.day.arm.value} day): you {verb} it.")
    if done.stopped:
        typer.echo(f"The experiment stopped early, by its rule: {done.stopped}")
        typer.echo("See what it found: twitchwise experiment result")


@experiment_app.command("status")
def status(user: Annotated[str | None, USER] = None) -> None:
    """Today's arm, the days so far, adherence and the days with nothing recorded.

    Example: twitchwise experiment status
    """
    from twitchwise.domain.experiment_report import STATUS_WORDS
    from twitchwise.domain.experiments import CHANGES, Arm, Status
    from twitchwise.services.experiment_days import status as status_of

    with reported(), owned(user) as app:
        s = status_of(app.store, app.owner, app.settings.clock().now(UTC))
    info = CHANGES[s.experiment.plan.change]
    total = len(s.schedule.days)
    typer.echo(f"Experiment {s.experiment.id}: {info.title}, {STATUS_WORDS[s.experiment.status]}.")
    if s.today is not None:
        what = info.change_day if s.today.arm is Arm.CHANGE else info.usual_day
        said = {None: "not recorded yet", True: "followed", False: "not followed"}
        washout = " (a washout day: follow it, it is not counted)" if s.today.washout else ""
        typer.echo(f"Today is a {ARM_WORDS[s.today.arm.value]} day{washout}: {what}")
        typer.echo(f"Today: {said[s.today_followed]}.")
    elif s.experiment.status is Status.RUNNING:
        typer.echo(f"It starts on {s.schedule.start:%a %Y-%m-%d}.")
    adherence = "none recorded" if s.adherence is None else f"{s.adherence:.0%} followed"
    typer.echo(f"Days done: {s.days_done} of {total}; adherence: {adherence}.")
    if s.missing:
        typer.echo("Nothing recorded for: " + ", ".join(f"{d:%Y-%m-%d}" for d in s.missing))


@experiment_app.command("result")
def result(
    as_json: Annotated[bool, JSON] = False, user: Annotated[str | None, USER] = None
) -> None:
    """What the experiment found so far: the estimate, its interval, the verdict, its limits.

    Example: twitchwise experiment result --json
    """
    from twitchwise.domain.experiment_report import (
        STATUS_WORDS,
        VERDICT_WORDS,
        adherence_words,
        counted_words,
        p_words,
        ratio_words,
    )
    from twitchwise.services.experiment_days import result as result_of
    from twitchwise.services.experiment_json import result_out

    with reported(), owned(user) as app:
        experiment, found = result_of(app.store, app.owner, app.settings.clock().now(UTC))
    if as_json:
        typer.echo(result_out(experiment, found).model_dump_json(indent=2))
        return
    typer.echo(f"Experiment {experiment.id} ({STATUS_WORDS[experiment.status]}).")
    typer.echo(f"Verdict: {VERDICT_WORDS[found.verdict]}")
    typer.echo(
        f"Change days vs usual days, episodes per day: {ratio_words(found)}; p {p_words(found)}."
    )
    typer.echo(f"Counted: {counted_words(found)}.")
    typer.echo(f"Adherence: {adherence_words(found)}; days not recorded: {found.missing_days}.")
    for note in found.notes:
        typer.echo(f"- {note}")


@experiment_app.command("stop")
def stop(user: Annotated[str | None, USER] = None) -> None:
    """End the running experiment now; it still reports what it saw, with its limits.

    Example: twitchwise experiment stop
    """
    from twitchwise.services.experiment_days import stop as stop_experiment

    with reported(), owned(user) as app:
        ended = stop_experiment(app.store, app.owner, app.settings.clock().now(UTC))
    typer.echo(f"Experiment {ended.id} ended. What it saw: twitchwise experiment result")


@experiment_app.command("report")
def report(
    pdf: Annotated[Path, typer.Option("--pdf", help="the PDF file to write")],
    user: Annotated[str | None, USER] = None,
) -> None:
    """Write the one-page report of the latest experiment for your doctor.

    Example: twitchwise experiment report --pdf experiment.pdf
    """
    from twitchwise.cli.files import atomic_write_bytes
    from twitchwise.services.experiment_days import report_pdf

    with reported(), owned(user) as app:
        made = report_pdf(app.store, app.owner, app.settings.clock().now(UTC))
        atomic_write_bytes(pdf, made)
    typer.echo(f"Wrote {pdf} ({len(made) // 1024} KB).")
