"""Quantities: the one conversion table (mg, ml, units, h, min, IU, µg) and how numbers read."""

from __future__ import annotations

# Each dimension has a base unit; a factor converts a unit to its base.
_DIMENSIONS: dict[str, dict[str, float]] = {
    "mass": {"mg": 1.0, "g": 1000.0, "kg": 1_000_000.0, "µg": 0.001, "ug": 0.001, "mcg": 0.001},
    "volume": {"ml": 1.0, "cl": 10.0, "dl": 100.0, "l": 1000.0, "fl oz": 29.5735},
    "energy": {"kcal": 1.0, "cal": 1.0, "kj": 1 / 4.184},
    "time": {"s": 1 / 60, "min": 1.0, "h": 60.0},
    "count": {"units": 1.0, "unit": 1.0},
    "rating": {"0-10": 1.0},
    "vitamin_d": {"iu": 1.0},
}

# Spellings people and exports use for the same unit.
_ALIASES = {
    "milligram": "mg",
    "milligrams": "mg",
    "gram": "g",
    "grams": "g",
    "microgram": "µg",
    "micrograms": "µg",
    "mcg": "mcg",
    "milliliter": "ml",
    "millilitre": "ml",
    "milliliters": "ml",
    "millilitres": "ml",
    "mL": "ml",
    "liter": "l",
    "litre": "l",
    "liters": "l",
    "litres": "l",
    "floz": "fl oz",
    "fl_oz": "fl oz",
    "fl. oz": "fl oz",
    "fl_oz_us": "fl oz",
    "cal": "kcal",
    "sec": "s",
    "second": "s",
    "seconds": "s",
    "m": "min",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "hr": "h",
    "hrs": "h",
    "hour": "h",
    "hours": "h",
    "u": "units",
    "iu": "iu",
    "rpe": "0-10",
    "/10": "0-10",
    "score": "0-10",
}

# 1 µg of vitamin D is 40 IU (the tables of FACTS.md use both; 15 µg = 600 IU).
_VITAMIN_D_IU_PER_UG = 40.0


class UnitError(ValueError):
    """A unit twitchwise does not know, or one that cannot become the unit asked for."""


def normalise_unit(unit: str) -> str:
    word = unit.strip()
    word = _ALIASES.get(word, _ALIASES.get(word.lower(), word.lower()))
    return word


def _dimension(unit: str) -> str:
    for name, table in _DIMENSIONS.items():
        if unit in table:
            return name
    raise UnitError(f"unknown unit {unit!r}")


def convert(value: float, unit: str, target: str) -> float:
    """``value`` in ``unit`` expressed in ``target``: ``convert(1.5, "L", "ml") == 1500``."""
    source, goal = normalise_unit(unit), normalise_unit(target)
    if source == goal:
        return value
    if goal == "iu" and _dimension(source) == "mass":
        return convert(value, source, "µg") * _VITAMIN_D_IU_PER_UG
    source_dim, goal_dim = _dimension(source), _dimension(goal)
    if source_dim != goal_dim:
        raise UnitError(f"cannot turn {unit} into {target}")
    return value * _DIMENSIONS[source_dim][source] / _DIMENSIONS[goal_dim][goal]


def number(value: float) -> str:
    """A number as a person writes it: 5 not 5.0, 1.5 not 1.50, 1,200 not 1200."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")
