"""The loaded knowledge: lookups that the assessment and the guide need."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from twitchwise.domain.assessment import FamilyId, Person, TriageLevel
from twitchwise.domain.episodes import Symptom
from twitchwise.domain.errors import KnowledgeError
from twitchwise.domain.units import number
from twitchwise.knowledge.model import (
    Advice,
    Drink,
    Drug,
    DrugClass,
    EmergencyNumber,
    Family,
    FlagCondition,
    LevelText,
    PersonCondition,
    RedFlag,
    Source,
    Threshold,
    ThresholdRule,
    TriggerDefinition,
    WatchFor,
)
from twitchwise.knowledge.model_words import Words


@dataclass(frozen=True)
class ResolvedThreshold:
    """A threshold as it applies to one person: the number, who it is for, and why."""

    id: str
    name: str
    unit: str
    value: float
    population: str
    sources: tuple[str, ...]
    ours: bool

    def show(self) -> str:
        """The value with its unit, as a person reads it: ``400 mg``, ``7 h``."""
        return f"{number(self.value)} {self.unit}"


class PersonalValues(dict[str, str]):
    """Thresholds by id, resolved for one person on first use: fills advice placeholders such as
    ``{caffeine_daily_limit_mg}`` through ``str.format_map``."""

    def __init__(self, knowledge: Knowledge, person: Person) -> None:
        super().__init__()
        self._knowledge = knowledge
        self._person = person

    def __missing__(self, key: str) -> str:
        value = number(self._knowledge.threshold(key, self._person).value)
        self[key] = value
        return value


@dataclass(frozen=True)
class MedicationMatch:
    """A medicine the person named, matched to a drug or directly to a drug class."""

    written: str
    matched_alias: str
    drug: Drug | None
    classes: tuple[DrugClass, ...]
    dose_mg_per_day: float | None = None
    taken_for_days: int | None = None

    @property
    def name(self) -> str:
        return self.drug.id if self.drug is not None else self.classes[0].name

    def how(self) -> str:
        """How the name was recognised, for evidence strings: ``Lasix = furosemide``."""
        if self.drug is not None and self.written.strip().casefold() != self.drug.id.casefold():
            return f"{self.written.strip()} = {self.drug.id}"
        return self.written.strip()


def normalise(name: str) -> str:
    """Case, hyphens and spacing do not matter when matching a medicine's name."""
    return " ".join(re.sub(r"[-_/,.()+]", " ", name.casefold()).split())


def _fits(condition: PersonCondition, person: Person) -> bool:
    if condition.sex is not None and person.sex is not condition.sex:
        return False
    if condition.pregnant is not None and person.pregnant is not condition.pregnant:
        return False
    if condition.breastfeeding is not None and person.breastfeeding is not condition.breastfeeding:
        return False
    if condition.age_below is not None and not (
        person.age_years is not None and person.age_years < condition.age_below
    ):
        return False
    return condition.age_at_least is None or (
        person.age_years is not None and person.age_years >= condition.age_at_least
    )


def _signs_of(condition: FlagCondition) -> set[Symptom]:
    signs = {*condition.symptoms_any, *condition.symptoms_all}
    for inner in condition.any_of:
        signs |= _signs_of(inner)
    return signs


def _value(rule: ThresholdRule, person: Person) -> float | None:
    if rule.per_kg is not None:
        return None if person.weight_kg is None else rule.per_kg * person.weight_kg
    return rule.value


@dataclass(frozen=True)
class Knowledge:
    version: str
    disclaimer: str
    sources: Mapping[str, Source]
    families: Mapping[FamilyId, Family]
    thresholds: Mapping[str, Threshold]
    flags: tuple[RedFlag, ...]
    levels: Mapping[TriageLevel, LevelText]
    watch_for: tuple[WatchFor, ...]
    drug_classes: Mapping[str, DrugClass]
    drugs: Mapping[str, Drug]
    advice: tuple[Advice, ...]
    drinks: tuple[Drink, ...]
    triggers: tuple[TriggerDefinition, ...]
    suspect_weight: float
    words: Words
    emergency_numbers: tuple[EmergencyNumber, ...]
    _aliases: dict[str, tuple[str | None, str | None]] = field(init=False, repr=False)
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        aliases: dict[str, tuple[str | None, str | None]] = {}

        def add(alias: str, target: tuple[str | None, str | None]) -> None:
            key = normalise(alias)
            if not key:
                raise KnowledgeError(f"an empty medication alias points at {target}")
            if key in aliases and aliases[key] != target:
                raise KnowledgeError(
                    f"medication alias {alias!r} points at both {aliases[key]} and {target}"
                )
            aliases[key] = target

        for drug in self.drugs.values():
            for alias in (drug.id, *drug.aliases, *drug.brands):
                add(alias, (drug.id, None))
        for drug_class in self.drug_classes.values():
            for alias in drug_class.aliases:
                add(alias, (None, drug_class.id))
        # Longest first: "magnesium citrate" wins over "magnesium", "vitamin b6" over "b6".
        ordered = sorted(aliases, key=len, reverse=True)
        alternation = "|".join(re.escape(alias) for alias in ordered)
        object.__setattr__(self, "_aliases", aliases)
        object.__setattr__(
            self, "_pattern", re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")
        )

    def threshold(self, threshold_id: str, person: Person) -> ResolvedThreshold:
        """The first rule of ``threshold_id`` that fits ``person`` (the last rule fits everyone)."""
        threshold = self.thresholds[threshold_id]
        for rule in threshold.rule:
            if not _fits(rule.when, person):
                continue
            value = _value(rule, person)
            if value is None:
                continue
            return ResolvedThreshold(
                id=threshold.id,
                name=threshold.name,
                unit=threshold.unit,
                value=value,
                population=rule.population,
                sources=rule.sources,
                ours=threshold.ours,
            )
        raise KnowledgeError(
            f"threshold {threshold_id} has no rule for {person}"
        )  # pragma: no cover

    def values_for(self, person: Person) -> PersonalValues:
        """The person's thresholds as text, for filling advice placeholders."""
        return PersonalValues(self, person)

    def match_medication(
        self, written: str, dose_mg_per_day: float | None = None
    ) -> MedicationMatch | None:
        """Recognise a medicine by generic name, other spelling, brand or class, in any case."""
        found = self._pattern.search(normalise(written))
        if found is None:
            return None
        drug_id, class_id = self._aliases[found.group(0)]
        if drug_id is not None:
            drug = self.drugs[drug_id]
            classes = tuple(self.drug_classes[c] for c in drug.classes)
        else:
            drug = None
            classes = (self.drug_classes[str(class_id)],)
        return MedicationMatch(
            written=written,
            matched_alias=found.group(0),
            drug=drug,
            classes=classes,
            dose_mg_per_day=dose_mg_per_day,
        )

    def drink_named(self, name: str) -> Drink | None:
        """The drink one of whose names is ``name`` (any case), if any."""
        wanted = name.strip().casefold()
        return next((d for d in self.drinks if any(n.casefold() == wanted for n in d.names)), None)

    def alias_targets(self) -> Mapping[str, tuple[str | None, str | None]]:
        """Every recognised name (normalised) and the drug or class it stands for."""
        return dict(self._aliases)

    def emergency_number(self, zone: str) -> EmergencyNumber:
        """The number to call where someone in ``zone`` lives (the last entry covers everyone)."""
        found = next((entry for entry in self.emergency_numbers if entry.covers(zone)), None)
        if found is None:
            raise KnowledgeError("red_flags.toml: no emergency number covers every zone")
        return found

    def sign_level(self, sign: Symptom) -> TriageLevel:
        """The highest level a flag that names ``sign`` can ask for (see_doctor when none does):
        how much a yes to its question could matter."""
        levels = [flag.level for flag in self.flags if sign in _signs_of(flag.when)]
        return max(levels, key=lambda level: level.rank, default=TriageLevel.SEE_DOCTOR)

    def cited_sources(self, ids: tuple[str, ...] | list[str]) -> tuple[Source, ...]:
        return tuple(self.sources[i] for i in dict.fromkeys(ids))
