"""Read the knowledge files, validate them, and check that they agree with each other."""

from __future__ import annotations

import hashlib
import string
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from twitchwise.domain.assessment import FamilyId, TriageLevel
from twitchwise.domain.errors import KnowledgeError
from twitchwise.knowledge.catalogue import Knowledge
from twitchwise.knowledge.model import (
    Advice,
    Drink,
    Drug,
    DrugClass,
    EmergencyNumber,
    Family,
    FlagCondition,
    LevelText,
    Meta,
    RedFlag,
    Source,
    Threshold,
    TriggerDefinition,
    WatchFor,
)
from twitchwise.knowledge.words import check_words, read_words

FILES = (
    "meta.toml",
    "sources.toml",
    "causes.toml",
    "nutrients.toml",
    "red_flags.toml",
    "medications.toml",
    "advice.toml",
    "drinks.toml",
    "triggers.toml",
    "words.toml",
)

# Placeholders a flag's `why` may use; filled by assess.triage with the person's own values.
FLAG_PLACEHOLDERS = frozenset(
    {
        "duration_minutes",
        "persisting_days",
        "episodes_per_week",
        "pain",
        "intensity",
        "regions",
        "drugs",
    }
)

M = TypeVar("M", bound=BaseModel)


def _parse(model: type[M], items: Iterable[Any], where: str) -> tuple[M, ...]:
    adapter = TypeAdapter(tuple[model, ...])  # type: ignore[valid-type]
    try:
        return adapter.validate_python(tuple(items))
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(f"{where}: {location}: {first['msg']}") from error


def _one(model: type[M], data: Mapping[str, Any], where: str) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = ".".join(str(part) for part in first["loc"])
        raise KnowledgeError(f"{where}: {location}: {first['msg']}") from error


def _unique(ids: Iterable[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise KnowledgeError(f"{what} id {item!r} is defined twice")
        seen.add(item)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _conditions(condition: FlagCondition) -> Iterable[FlagCondition]:
    yield condition
    for inner in condition.any_of:
        yield from _conditions(inner)


def read_raw(directory: Path | None = None) -> dict[str, bytes]:
    """The bytes of every knowledge file, from ``directory`` or from the installed package."""
    if directory is not None:
        return {name: (directory / name).read_bytes() for name in FILES}
    package = resources.files("twitchwise.knowledge")
    return {name: package.joinpath(name).read_bytes() for name in FILES}


def _citations(knowledge: Knowledge) -> Iterator[tuple[str, Iterable[str]]]:
    """Every place in the knowledge that cites sources, with the ids it cites."""
    yield from ((f"family {f.id}", f.sources) for f in knowledge.families.values())
    for threshold in knowledge.thresholds.values():
        yield from ((f"threshold {threshold.id}", rule.sources) for rule in threshold.rule)
    yield from ((f"level {name}", level.sources) for name, level in knowledge.levels.items())
    yield from (("watch_for", watch.sources) for watch in knowledge.watch_for)
    yield from ((f"drug class {c.id}", c.sources) for c in knowledge.drug_classes.values())
    yield from ((f"drug {drug.id}", drug.sources) for drug in knowledge.drugs.values())
    yield from ((f"flag {flag.id}", flag.sources) for flag in knowledge.flags)
    yield from ((f"drink {drink.id}", drink.sources) for drink in knowledge.drinks)
    yield from ((f"trigger {t.id}", t.sources) for t in knowledge.triggers)
    yield from ((f"advice {item.id}", item.sources) for item in knowledge.advice)
    yield from (
        (f"advice {item.id}: caution", item.caution.sources)
        for item in knowledge.advice
        if item.caution is not None
    )
    words = knowledge.words
    yield from ((f"words: sign {sign}", w.sources) for sign, w in words.signs.items())
    groups = (words.kinds, words.sites, words.sides, words.contexts, words.conditions)
    yield from (("words", group.sources) for group in groups if group.sources)
    yield from (
        ("words: context rules", words.context_rules.sources),
        ("words: languages", words.languages_sources),
    )


def _cross_check(knowledge: Knowledge) -> None:
    """Every cited source exists, every reference resolves, every placeholder can be filled."""
    for where, ids in _citations(knowledge):
        unknown = [source_id for source_id in ids if source_id not in knowledge.sources]
        if unknown:
            raise KnowledgeError(f"{where} cites unknown source {unknown[0]!r}")
    for drug in knowledge.drugs.values():
        unknown_classes = [c for c in drug.classes if c not in knowledge.drug_classes]
        if unknown_classes:
            raise KnowledgeError(f"drug {drug.id}: unknown class {unknown_classes[0]!r}")
    for flag in knowledge.flags:
        _check_flag(flag, knowledge)
    names = [name.casefold() for drink in knowledge.drinks for name in drink.names]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise KnowledgeError(f"drinks.toml: names used by two drinks: {twice}")
    for item in knowledge.advice:
        _check_advice(item, knowledge)


def _check_advice(item: Advice, knowledge: Knowledge) -> None:
    if item.needs_class is not None and item.needs_class not in knowledge.drug_classes:
        raise KnowledgeError(f"advice {item.id}: unknown class {item.needs_class!r}")
    unknown_flags = set(item.not_with_flags) - {flag.id for flag in knowledge.flags}
    if unknown_flags:
        raise KnowledgeError(f"advice {item.id}: unknown flags {sorted(unknown_flags)}")
    caution_classes = item.caution.classes if item.caution is not None else ()
    unknown_caution = [c for c in caution_classes if c not in knowledge.drug_classes]
    if unknown_caution:
        raise KnowledgeError(f"advice {item.id}: unknown class {unknown_caution[0]!r}")
    texts = (item.text, item.caution.text if item.caution is not None else "")
    unknown_names = set().union(*map(_placeholders, texts)) - set(knowledge.thresholds)
    if unknown_names:
        raise KnowledgeError(f"advice {item.id}: unknown placeholders {sorted(unknown_names)}")


def _check_flag(flag: RedFlag, knowledge: Knowledge) -> None:
    unknown = _placeholders(flag.why) - FLAG_PLACEHOLDERS
    if unknown:
        raise KnowledgeError(f"flag {flag.id}: unknown placeholders {sorted(unknown)}")
    for condition in _conditions(flag.when):
        for class_id in condition.drug_class_any:
            if class_id not in knowledge.drug_classes:
                raise KnowledgeError(f"flag {flag.id}: unknown drug class {class_id!r}")
        if condition.dose_above is not None:
            if condition.dose_above.class_ not in knowledge.drug_classes:
                raise KnowledgeError(f"flag {flag.id}: unknown drug class in dose_above")
            if condition.dose_above.threshold not in knowledge.thresholds:
                raise KnowledgeError(f"flag {flag.id}: unknown threshold in dose_above")


def _levels(table: Mapping[str, Any]) -> dict[TriageLevel, LevelText]:
    unknown = set(table) - {level.value for level in TriageLevel}
    if unknown:
        raise KnowledgeError(f"red_flags.toml: unknown levels {sorted(unknown)}")
    missing = {level.value for level in TriageLevel} - set(table)
    if missing:
        raise KnowledgeError(f"red_flags.toml: no text for levels {sorted(missing)}")
    return {
        TriageLevel(name): _one(LevelText, text, f"red_flags.toml: level.{name}")
        for name, text in table.items()
    }


def build(raw: Mapping[str, bytes]) -> Knowledge:
    """Validate the files in ``raw`` (name -> bytes) and return the cross-checked catalogue."""
    try:
        data = {name: tomllib.loads(raw[name].decode("utf-8")) for name in FILES}
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, KeyError) as error:
        raise KnowledgeError(f"cannot read the knowledge files: {error}") from error

    meta = _one(Meta, data["meta.toml"], "meta.toml")
    sources = _parse(Source, data["sources.toml"].get("source", ()), "sources.toml")
    families = _parse(Family, data["causes.toml"].get("family", ()), "causes.toml")
    thresholds = _parse(Threshold, data["causes.toml"].get("threshold", ()), "causes.toml")
    thresholds += _parse(Threshold, data["nutrients.toml"].get("threshold", ()), "nutrients.toml")
    flags_file = data["red_flags.toml"]
    flags = _parse(RedFlag, flags_file.get("flag", ()), "red_flags.toml")
    watch_for = _parse(WatchFor, flags_file.get("watch_for", ()), "red_flags.toml")
    numbers = _parse(EmergencyNumber, flags_file.get("emergency_number", ()), "red_flags.toml")
    medications = data["medications.toml"]
    classes = _parse(DrugClass, medications.get("drug_class", ()), "medications.toml")
    drugs = _parse(Drug, medications.get("drug", ()), "medications.toml")
    advice = _parse(Advice, data["advice.toml"].get("advice", ()), "advice.toml")
    drinks = _parse(Drink, data["drinks.toml"].get("drink", ()), "drinks.toml")
    triggers = _parse(TriggerDefinition, data["triggers.toml"].get("trigger", ()), "triggers.toml")
    words = read_words(data["words.toml"])
    check_words(words)

    _unique((s.id for s in sources), "source")
    _unique((f.id for f in families), "family")
    _unique((t.id for t in thresholds), "threshold")
    _unique((f.id for f in flags), "flag")
    _unique((c.id for c in classes), "drug class")
    _unique((d.id for d in drugs), "drug")
    _unique((a.id for a in advice), "advice")
    _unique((d.id for d in drinks), "drink")
    _unique((t.id for t in triggers), "trigger")
    missing_families = set(FamilyId) - {f.id for f in families}
    if missing_families:
        raise KnowledgeError(f"causes.toml: no entry for families {sorted(missing_families)}")

    digest = hashlib.sha256()
    for name in FILES:
        digest.update(name.encode())
        digest.update(raw[name])

    knowledge = Knowledge(
        version=f"{meta.version}+{digest.hexdigest()[:8]}",
        disclaimer=meta.disclaimer,
        sources={s.id: s for s in sources},
        families={f.id: f for f in families},
        thresholds={t.id: t for t in thresholds},
        flags=flags,
        levels=_levels(flags_file.get("level", {})),
        watch_for=watch_for,
        drug_classes={c.id: c for c in classes},
        drugs={d.id: d for d in drugs},
        advice=advice,
        drinks=drinks,
        triggers=triggers,
        suspect_weight=float(medications.get("suspect_weight", 0.3)),
        words=words,
        emergency_numbers=numbers,
    )
    _cross_check(knowledge)
    return knowledge
