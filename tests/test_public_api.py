"""The library's public names: everything in __all__ is importable and documented."""

from __future__ import annotations

import twitchwise


def test_every_public_name_resolves_and_has_a_docstring() -> None:
    for name in twitchwise.__all__:
        value = getattr(twitchwise, name)
        if name != "__version__":
            assert value.__doc__, name


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        twitchwise.no_such_thing  # noqa: B018
    except AttributeError as error:
        assert "no_such_thing" in str(error)
    else:
        raise AssertionError("expected AttributeError")


def test_assess_runs_from_the_top_level_namespace() -> None:
    result = twitchwise.assess(twitchwise.parse_request({"episode": {"kind": "cramp"}}))
    assert result.triage.level is twitchwise.TriageLevel.SELF_CARE
