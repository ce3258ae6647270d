"""The charts: Vega-Lite specs with the right numbers in them, which render offline."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from twitchwise import charts
from twitchwise.demo import generate
from twitchwise.domain.assessment import Person
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import LoggedEpisode
from twitchwise.domain.triggers import Counts, TriggerFinding, TriggerReport, TriggerStatus
from twitchwise.knowledge import Knowledge, load_knowledge_from
from twitchwise.knowledge.loader import read_raw

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 24, 14, 5, tzinfo=LONDON)
START, END = date(2026, 7, 27), date(2026, 11, 23)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
Spec = dict[str, Any]


@pytest.fixture(scope="module")
def diary() -> tuple[list[LoggedEpisode], list[Exposure]]:
    drafts = list(generate(NOW, months=4, seed=7))
    episodes = [d for d in drafts if isinstance(d, LoggedEpisode)]
    exposures = [d for d in drafts if isinstance(d, Exposure)]
    return episodes, exposures


def finding(
    id: str, label: str, status: TriggerStatus, numbers: tuple[float, float, float | None], n: int
) -> TriggerFinding:
    ratio, low, high = numbers
    return TriggerFinding(
        id=id,
        exposure=id,
        label=label,
        window_hours=6,
        threshold="",
        rate_ratio=ratio,
        odds_ratio=ratio,
        ci_low=low,
        ci_high=high,
        ci_open_ended=high is None,
        p_value=0.001,
        q_value=0.01,
        significant=True,
        status=status,
        n_episodes_exposed=n,
        counts=Counts(episodes=67, episodes_exposed=n, exposed_share=0.2, expected_exposed=n / 3),
        summary=f"{label}: more episodes",
        details="",
    )


def report(*findings: TriggerFinding, needed: int = 0) -> TriggerReport:
    return TriggerReport(
        episodes=67,
        enough_data=needed == 0,
        needed_episodes=needed,
        days_logged=120,
        candidates_tested=len(findings),
        fdr_q=0.1,
        findings=findings,
        method="Poisson rate ratios",
    )


CAFFEINE = finding(
    "caffeine", "Caffeine over 300 mg", TriggerStatus.LIKELY_TRIGGER, (3.1, 1.6, 6.0), 24
)
SEX = finding("sex", "Sex in the 3 h before", TriggerStatus.CANNOT_TELL, (8.0, 1.4, None), 3)
REPORT = report(CAFFEINE, SEX)


@pytest.fixture(scope="module")
def specs(
    diary: tuple[list[LoggedEpisode], list[Exposure]], knowledge: Knowledge
) -> dict[str, Spec]:
    episodes, exposures = diary
    return {
        "timeline": charts.timeline_spec(
            episodes, exposures, zone=LONDON, start=START, end=END, knowledge=knowledge
        ),
        "calendar": charts.calendar_spec(episodes, zone=LONDON, start=START, end=END),
        "forest": charts.forest_spec(REPORT),
        "forest-narrow": charts.forest_spec(REPORT, narrow=True),
    }


def views(spec: Spec) -> Iterator[Spec]:
    """The spec and every view nested in it."""
    yield spec
    for key in ("vconcat", "hconcat", "layer"):
        for child in spec.get(key, []):
            yield from views(child)


def panel_view(spec: Spec, title_start: str) -> Spec:
    """The timeline panel whose title starts with ``title_start``."""
    for view in spec["vconcat"]:
        if view.get("title", {}).get("text", "").startswith(title_start):
            return dict(view)
    raise AssertionError(f"no panel titled {title_start!r}")


def panel(spec: Spec, title_start: str) -> list[Spec]:
    """The daily rows of the timeline panel whose title starts with ``title_start``."""
    return list(panel_view(spec, title_start)["layer"][0]["data"]["values"])


def test_every_chart_is_a_titled_described_vega_lite_spec_with_inline_data(
    specs: dict[str, Spec],
) -> None:
    for name, spec in specs.items():
        assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json", name
        assert spec["title"]["text"] and len(spec["description"]) > 40, name
        data = [view["data"] for view in views(spec) if "data" in view]
        assert data and all(isinstance(d["values"], list) for d in data), name
        assert not any("url" in d for d in data), name
        json.dumps(spec, allow_nan=False)  # plain JSON: no NaN, no dates, no enums


def test_no_chart_mentions_a_url_besides_its_schema(specs: dict[str, Spec]) -> None:
    for name, spec in [*specs.items(), ("empty", charts.forest_spec(report(needed=12)))]:
        assert "http" not in json.dumps({k: v for k, v in spec.items() if k != "$schema"}), name


def test_all_text_is_at_least_11_pixels(specs: dict[str, Spec]) -> None:
    def sizes(node: object) -> Iterator[float]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key.lower().endswith("fontsize"):
                    yield value
                yield from sizes(value)
        elif isinstance(node, list):
            for item in node:
                yield from sizes(item)

    for name, spec in specs.items():
        assert min(sizes(spec)) >= 11, name


def test_the_caffeine_bar_of_a_day_is_the_sum_of_that_days_entries(
    diary: tuple[list[LoggedEpisode], list[Exposure]], specs: dict[str, Spec]
) -> None:
    _, exposures = diary
    day = date(2026, 9, 15)
    expected = sum(
        e.amount or 0
        for e in exposures
        if e.type is ExposureType.CAFFEINE and e.started_at.astimezone(LONDON).date() == day
    )
    rows = {row["day"]: row for row in panel(specs["timeline"], "Caffeine")}
    assert expected > 0
    assert rows[day.isoformat()]["value"] == pytest.approx(expected)
    assert rows[day.isoformat()]["next"] == "2026-09-16"
    assert min(rows) >= START.isoformat() and max(rows) <= END.isoformat()


def test_the_sleep_bar_of_a_day_is_the_night_that_ended_that_morning(
    diary: tuple[list[LoggedEpisode], list[Exposure]], specs: dict[str, Spec]
) -> None:
    _, exposures = diary
    day = date(2026, 10, 1)
    (night,) = [
        e
        for e in exposures
        if e.type is ExposureType.SLEEP and e.ended_at and e.ended_at.date() == day
    ]
    rows = {row["day"]: row["value"] for row in panel(specs["timeline"], "Sleep")}
    assert rows[day.isoformat()] == pytest.approx(night.duration_amount)


def edited_knowledge(folder: Path, sleep_hours: str, caffeine_mg: str) -> Knowledge:
    """The bundled knowledge with other adult sleep-need and caffeine-limit values."""
    for name, data in read_raw().items():
        (folder / name).write_bytes(data)
    causes = folder / "causes.toml"
    text = causes.read_text(encoding="utf-8")
    for old, new in [
        ('value = 7\npopulation = "adults"', f'value = {sleep_hours}\npopulation = "adults"'),
        (
            'value = 400\npopulation = "for adults"',
            f'value = {caffeine_mg}\npopulation = "for adults"',
        ),
    ]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    causes.write_text(text, encoding="utf-8")
    return load_knowledge_from(folder)


@pytest.mark.parametrize("edited", [False, True], ids=["bundled", "edited"])
def test_the_sleep_and_caffeine_lines_are_the_knowledges_adult_values(
    diary: tuple[list[LoggedEpisode], list[Exposure]],
    knowledge: Knowledge,
    tmp_path: Path,
    edited: bool,
) -> None:
    if edited:
        knowledge = edited_knowledge(tmp_path, sleep_hours="6.5", caffeine_mg="250")
    anyone = Person()
    sleep = knowledge.threshold("sleep_need_hours", anyone).value
    caffeine = knowledge.threshold("caffeine_daily_limit_mg", anyone).value
    assert (sleep, caffeine) == ((6.5, 250) if edited else (7, 400))
    episodes, exposures = diary
    spec = charts.timeline_spec(
        episodes, exposures, zone=LONDON, start=START, end=END, knowledge=knowledge
    )
    for title, value, label, test in [
        ("Sleep", sleep, f"{sleep:g} h", f"datum.value < {sleep}"),
        ("Caffeine", caffeine, f"{caffeine:g} mg", f"datum.value > {caffeine}"),
    ]:
        bars, line, words = panel_view(spec, title)["layer"]
        assert line["encoding"]["y"]["datum"] == value, title
        assert words["encoding"]["text"]["value"] == label, title
        assert bars["encoding"]["color"]["condition"]["test"] == test, title
        assert label in panel_view(spec, title)["title"]["text"], title
    short = sum(1 for row in panel(spec, "Sleep") if row["value"] < sleep)
    heavy = sum(1 for row in panel(spec, "Caffeine") if row["value"] > caffeine)
    assert short and heavy, "the demo diary has short nights and heavy days to count"
    assert f"{short} nights shorter than {sleep:g} hours" in spec["description"]
    assert f"{heavy} days with more than {caffeine:g} mg of caffeine" in spec["description"]
    assert "adult" in spec["title"]["subtitle"]


def test_the_timeline_shows_every_episode_of_the_period_at_its_local_time(
    diary: tuple[list[LoggedEpisode], list[Exposure]], specs: dict[str, Spec]
) -> None:
    episodes, _ = diary
    rows = specs["timeline"]["vconcat"][0]["data"]["values"]
    assert len(rows) == len(episodes)
    first = min(episodes, key=lambda e: e.started_at)
    assert rows[0]["local_time"] == first.started_at.astimezone(LONDON).strftime(
        "%Y-%m-%dT%H:%M:%S"
    )
    assert {row["kind"] for row in rows} == {"twitch", "cramp"}


def test_the_calendar_counts_each_days_episodes(
    diary: tuple[list[LoggedEpisode], list[Exposure]], specs: dict[str, Spec]
) -> None:
    episodes, _ = diary
    expected = Counter(e.started_at.astimezone(LONDON).date().isoformat() for e in episodes)
    rows = specs["calendar"]["data"]["values"]
    assert len(rows) == (END - START).days + 1
    assert {row["date"]: row["count"] for row in rows if row["count"]} == dict(expected)
    wednesday = next(row for row in rows if row["date"] == "2026-09-16")
    assert (wednesday["week"], wednesday["weekday"]) == ("2026-09-14", "Wed")


def test_a_daylight_saving_night_lands_on_its_local_date(knowledge: Knowledge) -> None:
    # 00:30 BST on Sunday 25 October 2026 is 23:30 UTC on the Saturday.
    moment = datetime(2026, 10, 24, 23, 30, tzinfo=UTC)
    episode = LoggedEpisode.model_validate({"kind": "cramp", "started_at": moment})
    coffee = Exposure(type=ExposureType.CAFFEINE, started_at=moment, amount=80.0)
    start, end = date(2026, 10, 20), date(2026, 10, 30)
    calendar = charts.calendar_spec([episode], zone=LONDON, start=start, end=end)
    counts = {row["date"]: row["count"] for row in calendar["data"]["values"] if row["count"]}
    assert counts == {"2026-10-25": 1}
    timeline = charts.timeline_spec(
        [episode], [coffee], zone=LONDON, start=start, end=end, knowledge=knowledge
    )
    (point,) = timeline["vconcat"][0]["data"]["values"]
    assert point["local_time"] == "2026-10-25T00:30:00"
    assert point["y"] < 0  # no intensity given: the "not rated" row
    assert [row["day"] for row in panel(timeline, "Caffeine")] == ["2026-10-25"]


def test_the_forest_plot_draws_one_row_per_finding_with_its_numbers() -> None:
    spec = charts.forest_spec(REPORT)
    rows = {row["id"]: row for row in spec["data"]["values"]}
    assert rows["caffeine"]["text"] == "RR 3.1 (1.6–6.0), 24 episodes"
    assert (rows["caffeine"]["lo"], rows["caffeine"]["hi"]) == (1.6, 6.0)
    assert not rows["caffeine"]["open_high"]
    assert rows["caffeine"]["status"] == "Likely trigger"


def test_an_open_ended_interval_is_clipped_to_the_axis_with_an_arrow() -> None:
    spec = charts.forest_spec(REPORT)
    row = next(row for row in spec["data"]["values"] if row["id"] == "sex")
    axis_max = spec["hconcat"][0]["layer"][-1]["encoding"]["x"]["scale"]["domain"][1]
    assert row["open_high"] and row["hi"] == axis_max
    assert row["text"] == "RR 8.0 (1.4–∞), 3 episodes"
    assert any("Arrow" in line for line in spec["title"]["subtitle"])


def test_a_report_without_numbers_says_how_many_more_episodes_are_needed() -> None:
    spec = charts.forest_spec(report(needed=12))
    assert "Not enough episodes yet: 12 more needed" in json.dumps(spec, ensure_ascii=False)
    untested = charts.forest_spec(report())
    assert "No exposures could be tested" in json.dumps(untested)


def test_svg_rendering_contains_the_title(specs: dict[str, Spec]) -> None:
    for spec in specs.values():
        svg = charts.render_svg(spec)
        assert svg.lstrip().startswith("<svg")
        assert spec["title"]["text"] in svg


def test_png_rendering_writes_real_images(specs: dict[str, Spec], tmp_path: Path) -> None:
    for name, spec in [*specs.items(), ("empty", charts.forest_spec(report(needed=12)))]:
        png = charts.render_png(spec)
        assert png.startswith(PNG_SIGNATURE), name
        assert len(png) > 10_000, name  # more than a blank canvas
        (tmp_path / f"{name}.png").write_bytes(png)
    assert len(list(tmp_path.glob("*.png"))) == len(specs) + 1


def test_a_rate_ratio_of_zero_shows_as_an_arrow_to_the_left_not_a_dot_on_the_edge() -> None:
    none_exposed = finding(
        "magnesium", "Magnesium", TriggerStatus.POSSIBLE_PROTECTOR, (0.0, 0.0, 0.9), 0
    )
    (row,) = charts.forest_spec(report(none_exposed))["data"]["values"]
    assert row["open_low"] and not row["rr_on_axis"]
    assert row["text"] == "RR 0.00 (0–0.90), 0 episodes"


def test_the_narrow_forest_puts_names_above_the_rows_and_fits_a_phone() -> None:
    wide, narrow = charts.forest_spec(REPORT), charts.forest_spec(REPORT, narrow=True)
    assert narrow["data"] == wide["data"] and narrow["description"] == wide["description"]
    assert "hconcat" not in narrow, "no column of numbers beside the plot"
    names = [v for v in narrow["layer"] if v["encoding"].get("text", {}).get("field") == "label"]
    assert len(names) == 1 and names[0]["mark"]["baseline"] == "bottom"
    svg = charts.render_svg(narrow)
    width = int(re.search(r'<svg[^>]* width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
    assert width <= 300, f"{width} px: wider than a phone's chart box"
    for label in ("Caffeine over 300 mg", "Sex in the 3 h before"):
        assert label in svg


def test_a_night_and_a_days_caffeine_from_two_sources_are_counted_once(
    knowledge: Knowledge,
) -> None:
    """The timeline reads the diary through domain/one_record.py, as the checks do."""
    from twitchwise.domain.journal import ExposureEntry

    def entry(n: int, source: str, **fields: Any) -> ExposureEntry:
        return ExposureEntry.model_validate({"id": n, "source": source, **fields})

    exposures = [
        entry(1, "apple_health", type="sleep", started_at="2026-10-31T23:19:00+00:00",
              ended_at="2026-11-01T07:19:00+00:00", amount=8.0),
        entry(2, "manual", type="sleep", started_at="2026-10-31T23:26:00+00:00",
              ended_at="2026-11-01T04:18:00+00:00"),
        entry(3, "manual", type="caffeine", started_at="2026-11-01T09:00:00+00:00", amount=95.0),
        entry(4, "apple_health", type="caffeine", started_at="2026-11-01T09:00:00+00:00",
              amount=95.0),
    ]  # fmt: skip
    spec = charts.timeline_spec(
        [], exposures, zone=LONDON, start=date(2026, 10, 20), end=date(2026, 11, 5),
        knowledge=knowledge,
    )  # fmt: skip
    sleep = {row["day"]: row["value"] for row in panel(spec, "Sleep")}
    caffeine = {row["day"]: row["value"] for row in panel(spec, "Caffeine")}
    assert sleep == {"2026-11-01": 8.0}
    assert caffeine == {"2026-11-01": 95.0}
