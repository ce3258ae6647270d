"""How long an experiment needs: power rises with the length and with the person's rate, the
proposal is the shortest offered length reaching 80%, and short or empty diaries do not pretend."""

from __future__ import annotations

import time

from twitchwise.domain.experiments import DesignKind
from twitchwise.experiments import OFFERED_WEEKS, estimate_power, propose


def test_power_rises_with_the_length() -> None:
    history = [1] * 28
    powers = [estimate_power(history, DesignKind.DAYS, w).power for w in (4, 8, 12, 16)]
    assert powers == sorted(powers)
    assert powers[-1] - powers[0] > 0.3


def test_power_rises_with_the_rate() -> None:
    powers = [estimate_power([rate] * 28, DesignKind.DAYS, 8).power for rate in (0, 1, 2, 4)]
    assert powers == sorted(powers)
    assert powers[0] == 0.0 and powers[-1] > 0.8


def test_the_proposal_is_the_shortest_offered_length_reaching_80_percent() -> None:
    history = [2, 1, 3, 2, 0, 2, 4] * 4
    proposal = propose(history, DesignKind.DAYS)
    assert proposal.weeks_for_80 == proposal.weeks and proposal.power >= 0.8
    shorter = [w for w in OFFERED_WEEKS if w < proposal.weeks]
    assert all(estimate_power(history, DesignKind.DAYS, w).power < 0.8 for w in shorter)
    assert f"About {proposal.weeks} weeks to detect a halving" in proposal.words
    assert proposal.episodes_per_week == 2 * 7


def test_a_rare_symptom_gets_the_longest_length_and_says_it_could_not_tell() -> None:
    proposal = propose([1, 0, 0, 0, 0, 0, 0] * 4, DesignKind.DAYS)
    assert proposal.weeks == max(OFFERED_WEEKS)
    assert proposal.weeks_for_80 is None and proposal.power < 0.5
    assert proposal.words.startswith("At your rate of about 1 episode a week, even 16 weeks")


def test_short_or_empty_diaries_give_no_power_and_say_why() -> None:
    short = estimate_power([3, 2], DesignKind.DAYS, 8)
    assert (short.power, short.weeks_for_80) == (0.0, None)
    assert short.words.startswith("Only 2 logged days of your own so far: log at least 7 days")
    assert estimate_power([], DesignKind.DAYS, 8).words.startswith("No days of your own logged")
    empty = estimate_power([0] * 30, DesignKind.DAYS, 8)
    assert (empty.power, empty.weeks_for_80, empty.episodes_per_week) == (0.0, None, 0.0)
    assert "No episodes" in empty.words


def test_a_design_that_cannot_reach_a_verdict_says_so() -> None:
    estimate = estimate_power([2] * 28, DesignKind.BLOCKS, 8)  # four pairs of weekly blocks
    assert not estimate.reachable and estimate.power == 0.0
    assert "cannot give a verdict" in estimate.words
    blocks = propose([2] * 28, DesignKind.BLOCKS)
    assert blocks.reachable and blocks.weeks >= 12


def test_a_proposal_is_quick_enough_for_a_web_request() -> None:
    began = time.perf_counter()
    propose([1, 2, 0, 1, 1, 3, 0] * 5, DesignKind.DAYS, ratio=0.7)
    propose([1, 2, 0, 1, 1, 3, 0] * 5, DesignKind.BLOCKS, ratio=0.7)
    assert time.perf_counter() - began < 2.0


def test_a_power_just_short_of_the_target_is_never_shown_as_the_target() -> None:
    from twitchwise.experiments.power import percent

    assert (percent(0.7975), percent(0.8), percent(0.804), percent(0.47)) == (
        "79%",
        "80%",
        "80%",
        "47%",
    )
    for rate in (1, 2):
        proposal = propose([rate] * 28, DesignKind.DAYS)
        if proposal.weeks_for_80 is None:
            assert "about 80%" not in proposal.words, proposal.words
