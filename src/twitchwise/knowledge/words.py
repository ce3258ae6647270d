"""knowledge/words.toml into ``Words``: macros expanded, every warning sign of the domain given
words and a question. The phrases are compiled where they are used (understanding/patterns.py),
which names a phrase that is not a valid pattern; not here, where every process that loads the
knowledge would pay for 560 compiles it may never use."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from twitchwise.domain.episodes import Symptom
from twitchwise.domain.errors import KnowledgeError
from twitchwise.knowledge.model_words import ComposedSign, ContextRules, SignWords, WordGroup, Words

_MACRO = re.compile(r"\{(\w+)\}")
GROUPS = ("kinds", "sites", "sides", "contexts", "conditions")


def _expand(phrase: str, macros: Mapping[str, str], where: str) -> str:
    def one(found: re.Match[str]) -> str:
        name = found.group(1)
        if name not in macros:
            raise KnowledgeError(f"words.toml: {where}: unknown macro {{{name}}}")
        return f"(?:{macros[name]})"

    return _MACRO.sub(one, phrase)


def _phrases(items: Any, macros: Mapping[str, str], where: str) -> tuple[str, ...]:
    return tuple(_expand(str(item), macros, where) for item in items)


def _group(table: Mapping[str, Any], macros: Mapping[str, str], name: str) -> WordGroup:
    sources = table.get("sources", ())
    words = {
        key: _phrases(value, macros, f"{name}.{key}")
        for key, value in table.items()
        if key != "sources"
    }
    return WordGroup(words=words, sources=tuple(sources))


def read_words(data: Mapping[str, Any]) -> Words:
    macros = {key: str(value) for key, value in data.get("macros", {}).items()}
    try:
        signs = {
            Symptom(sign_id): SignWords(
                question=table["question"],
                phrases=_phrases(table["phrases"], macros, f"sign.{sign_id}"),
                normal=_phrases(table.get("normal", ()), macros, f"sign.{sign_id}.normal"),
                sources=tuple(table.get("sources", ())),
            )
            for sign_id, table in data.get("sign", {}).items()
        }
        rules = dict(data["context_rules"])
        for key in ("negation_before", "negation_after", "pseudo", "hypothetical", "terminators"):
            rules[key] = _phrases(rules[key], macros, f"context_rules.{key}")
        languages = data["languages"]
        return Words(
            signs=signs,
            context_rules=ContextRules.model_validate(rules),
            english=frozenset(languages["english"]),
            other_languages=frozenset(languages["other"]) - frozenset(languages["english"]),
            languages_sources=tuple(languages.get("sources", ())),
            spelling=tuple(data["spelling"]["words"]),
            foreign={
                Symptom(sign): _phrases(phrases, macros, f"foreign.{sign}")
                for sign, phrases in data["foreign"].items()
                if sign != "sources"
            },
            composed=tuple(
                ComposedSign(
                    sign=Symptom(item["sign"]),
                    parts=tuple(
                        _phrases(part, macros, f"composed.{item['sign']}") for part in item["parts"]
                    ),
                    window=item["window"],
                    onset=item.get("onset", False),
                    sources=tuple(item.get("sources", ())),
                )
                for item in data.get("composed", ())
            ),
            onset=_phrases(data.get("onset", {}).get("words", ()), macros, "onset"),
            **{name: _group(data[name], macros, name) for name in GROUPS},
        )
    except (KeyError, ValueError, ValidationError) as error:
        raise KnowledgeError(f"words.toml: {error}") from None


def check_words(words: Words) -> None:
    """Every warning sign of the domain can be recognised and asked about."""
    missing = sorted(set(Symptom) - set(words.signs))
    if missing:
        raise KnowledgeError(f"words.toml: no words for the signs {missing}")
