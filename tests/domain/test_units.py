"""The one conversion table: units people and exports write, converted exactly, refused clearly."""

from __future__ import annotations

import pytest

from twitchwise.domain.units import UnitError, convert, normalise_unit, number


@pytest.mark.parametrize(
    ("value", "unit", "target", "expected"),
    [
        (1.5, "L", "ml", 1500.0),
        (2, "litres", "ml", 2000.0),
        (250, "mcg", "mg", 0.25),
        (1, "g", "mg", 1000.0),
        (90, "minutes", "h", 1.5),
        (30, "sec", "min", 0.5),
        (12, "fl oz", "ml", 12 * 29.5735),
        (15, "µg", "IU", 600.0),  # vitamin D: 1 µg is 40 IU
        (7, "rpe", "0-10", 7.0),
    ],
)
def test_a_known_unit_converts_to_the_unit_asked_for(
    value: float, unit: str, target: str, expected: float
) -> None:
    assert convert(value, unit, target) == pytest.approx(expected)


def test_converting_there_and_back_gives_the_value_again() -> None:
    for unit, target in [("l", "ml"), ("g", "mg"), ("h", "min"), ("fl oz", "cl")]:
        assert convert(convert(3.7, unit, target), target, unit) == pytest.approx(3.7)


def test_an_unknown_unit_or_a_different_kind_of_quantity_is_refused_by_name() -> None:
    with pytest.raises(UnitError, match="unknown unit 'furlongs'"):
        convert(1, "furlongs", "ml")
    with pytest.raises(UnitError, match="cannot turn ml into mg"):
        convert(1, "ml", "mg")


def test_spellings_of_one_unit_are_the_same_unit() -> None:
    assert {normalise_unit(u) for u in ("mL", "millilitres", "ml", " ML ")} == {"ml"}
    assert {normalise_unit(u) for u in ("hrs", "hour", "h")} == {"h"}


def test_numbers_read_as_a_person_writes_them() -> None:
    assert [number(v) for v in (5.0, 1.5, 1200, 0.25, 2.05)] == ["5", "1.5", "1,200", "0.2", "2"]
