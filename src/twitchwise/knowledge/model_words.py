"""The typed schema of knowledge/words.toml: how people say what happens to them."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from twitchwise.domain.episodes import Symptom
from twitchwise.knowledge.model import SourceIds, Text, _Data


class SignWords(_Data):
    """How people say they have one warning sign (``phrases``) or that all is well with what it
    concerns (``normal``: "I can swallow fine"), and the question that asks about it."""

    question: Text
    phrases: Annotated[tuple[str, ...], Field(min_length=1)]
    normal: tuple[str, ...] = ()
    sources: SourceIds


class WordGroup(_Data):
    """Words for each value of one thing (episode kinds, body sites...), with their sources."""

    words: dict[str, tuple[str, ...]]
    sources: SourceIds


class ContextRules(_Data):
    """A small ConText: what negates a sign, what makes it a worry, where their reach ends."""

    negation_before: tuple[str, ...]
    negation_glue: frozenset[str]
    negation_after: tuple[str, ...]
    pseudo: tuple[str, ...]
    hypothetical: tuple[str, ...]
    terminators: tuple[str, ...]
    reach_before: Annotated[int, Field(ge=1, le=20)]
    reach_after: Annotated[int, Field(ge=0, le=10)]
    sources: SourceIds


class ComposedSign(_Data):
    """A warning sign told in pieces ("tea dribbling out of the left side of her mouth"): one
    phrase of each part, in one sentence, within ``window`` characters; with ``onset``, only
    when the text also says it came on suddenly or recently (``Words.onset``)."""

    sign: Symptom
    parts: Annotated[tuple[tuple[str, ...], ...], Field(min_length=2)]
    window: Annotated[int, Field(ge=0)]  # 0: anywhere in the text
    onset: bool = False
    sources: SourceIds


class Words(_Data):
    """knowledge/words.toml: the words people use, with every macro already expanded."""

    signs: dict[Symptom, SignWords]
    kinds: WordGroup
    sites: WordGroup
    sides: WordGroup
    contexts: WordGroup
    conditions: WordGroup
    context_rules: ContextRules
    english: frozenset[str]
    other_languages: frozenset[str]
    languages_sources: SourceIds
    spelling: tuple[str, ...]
    foreign: dict[Symptom, tuple[str, ...]]
    composed: tuple[ComposedSign, ...] = ()
    onset: tuple[str, ...] = ()
