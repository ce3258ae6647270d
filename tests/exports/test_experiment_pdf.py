"""The one-page report of a personal experiment (issue 21): one A4 page with every part CENT 2015
asks of an N-of-1 trial, readable as text, and it renders to an image (pdftoppm)."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from twitchwise.domain.experiment_report import ExperimentReport
from twitchwise.domain.experiments import Arm, Change, DayRecord, DesignKind, Status
from twitchwise.experiments import analyse, make_schedule
from twitchwise.exports.experiment_pdf import render_experiment

ZONE = ZoneInfo("Europe/Madrid")


def report(status: Status, days: int, reason: str | None = None) -> ExperimentReport:
    schedule = make_schedule(DesignKind.BLOCKS, date(2026, 3, 2), 12, 4242)
    records = [
        DayRecord(d.day, 1 if d.arm is Arm.CHANGE else 3, True) for d in schedule.days[:days]
    ]
    ended = None if status is Status.FINISHED else datetime(2026, 5, 1, 9, tzinfo=ZONE)
    return ExperimentReport(
        change=Change.SLEEP_TARGET,
        schedule=schedule,
        status=status,
        started_at=datetime(2026, 3, 1, 20, tzinfo=ZONE),
        ended_at=ended,
        stop_reason=reason,
        power=0.83,
        power_words="about 12 weeks to detect a halving",
        episodes_per_week=11.5,
        result=analyse(schedule, records, stopped_early=status is Status.STOPPED),
        days=tuple(records),
        made_at=datetime(2026, 6, 1, 12, tzinfo=UTC).astimezone(ZONE),
        rule="the rule in words",
    )


def text_of(pdf: bytes) -> str:
    done = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode()


def pages(pdf: bytes) -> int:
    done = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True)
    line = next(x for x in done.stdout.decode().splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def test_the_report_has_every_part_on_one_page(tmp_path: Path) -> None:
    pdf = render_experiment(report(Status.FINISHED, 84))
    assert pages(pdf) == 1
    text = " ".join(text_of(pdf).split())
    for part in (
        "Personal experiment: A sleep target",
        "Question",
        "Change days: In bed in time for at least 7 hours",
        "Randomised blocks: blocks of 7 days",
        "seed (4242)",
        "Planned: 12 weeks, 84 days, 02 Mar 2026 to 24 May 2026",
        "about 12 weeks to detect a halving",
        "Length, adherence, missing days",
        "ran its full length",
        "Adherence: 100% of the days recorded",
        "Days with no adherence recorded: 0",
        "Outcomes per arm",
        "Rate ratio",
        "95% interval",
        "Randomisation test p-value",
        "Verdict by the rule fixed before the start: It helps",
        "The rule: the rule in words",
        "washout days were followed but not counted",
        "Not blinded",
        "it is not a diagnosis",
        "CENT 2015",
    ):
        assert part in text, part
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    assert (tmp_path / "page-1.png").stat().st_size > 10_000


def test_a_stopped_experiment_says_so_with_its_reason() -> None:
    text = " ".join(
        text_of(render_experiment(report(Status.STOPPED, 42, "clear at half-way"))).split()
    )
    assert "stopped early by the rule stated before it started on 01 May 2026" in text
    assert "(clear at half-way)" in text and "Days counted:" in text
    assert "Stopped early, at half-way" in text
