"""Quantities as people read and write them."""

from __future__ import annotations


def number(value: float) -> str:
    """A number as a person writes it: 5 not 5.0, 1.5 not 1.50, 1,200 not 1200."""
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}".rstrip("0").rstrip(".")
