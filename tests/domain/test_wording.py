"""One way to write a count, everywhere: the words the new user saw wrong come out right."""

from __future__ import annotations

import pytest

from twitchwise.domain.wording import counted


@pytest.mark.parametrize(
    ("n", "noun", "written"),
    [
        (64, "twitch", "64 twitches"),
        (1, "twitch", "1 twitch"),
        (1, "episode", "1 episode"),
        (0, "episode", "0 episodes"),
        (1, "entry", "1 entry"),
        (1408, "sample entry", "1,408 sample entries"),
        (2, "day", "2 days"),
        (3, "spasm", "3 spasms"),
        (2, "cramp", "2 cramps"),
        (2.5, "hour", "2.5 hours"),
        ("1,000 or more", "episode", "1,000 or more episodes"),
        ("1", "note", "1 note"),
        (2, "person", "2 persons"),
    ],
)
def test_a_count_takes_the_noun_in_its_number(n: float | str, noun: str, written: str) -> None:
    assert counted(n, noun) == written


def test_an_irregular_plural_is_given() -> None:
    assert counted(2, "person", "people") == "2 people"
    assert counted(1, "person", "people") == "1 person"
