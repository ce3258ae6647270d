"""The typed schema of the knowledge files (the words people use: ``model_words.py``). Loading and
cross-checking live in ``loader.py``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from twitchwise.domain.assessment import (
    Condition,
    EvidenceGrade,
    FamilyId,
    Sex,
    Sweating,
    TriageLevel,
)
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side, Symptom

SourceIds = Annotated[tuple[str, ...], Field(min_length=1)]
Text = Annotated[str, Field(min_length=1)]
Weight = Annotated[float, Field(ge=0, le=1)]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Data):
    """A cited work. ``url`` is the publisher's own page (or doi.org, PubMed, PMC); a work with no
    free page at its publisher is cited on paper (no ``url``) and ``notes`` says so."""

    id: Text
    publisher: Text
    title: Text
    url: Annotated[str, Field(pattern=r"^https://[^\s]+$")] | None = None
    authors: str | None = None
    year: str | None = None
    seen_via: str | None = None
    notes: str | None = None
    verification: Literal["V1", "V2"]

    @model_validator(mode="after")
    def _on_paper_says_so(self) -> Source:
        if self.url is None and not self.notes:
            raise ValueError(f"{self.id} has no url: its notes must say why it is cited on paper")
        return self


class Family(_Data):
    id: FamilyId
    name: Text
    short: Text
    explanation: Text
    evidence_grade: EvidenceGrade
    evidence_note: Text
    sources: SourceIds


class PersonCondition(_Data):
    """Who a threshold rule is for. A condition on something the person did not say never holds."""

    sex: Sex | None = None
    pregnant: bool | None = None
    breastfeeding: bool | None = None
    age_below: int | None = None
    age_at_least: int | None = None


class ThresholdRule(_Data):
    when: PersonCondition = PersonCondition()
    value: float | None = None
    per_kg: float | None = None
    population: Text
    sources: SourceIds

    @model_validator(mode="after")
    def _one_value(self) -> ThresholdRule:
        if (self.value is None) == (self.per_kg is None):
            raise ValueError("a rule needs exactly one of value or per_kg")
        return self


class Threshold(_Data):
    id: Text
    name: Text
    unit: Text
    ours: bool = False
    rule: Annotated[tuple[ThresholdRule, ...], Field(min_length=1)]

    @model_validator(mode="after")
    def _ends_with_default(self) -> Threshold:
        last = self.rule[-1]
        if last.when != PersonCondition() or last.value is None:
            raise ValueError(
                f"threshold {self.id}: the last rule must fit everyone and have a value"
            )
        return self


class DoseAbove(_Data):
    class_: Annotated[str, Field(alias="class")]
    threshold: Text


class Rising(_Data):
    """Episodes in the last 14 days at least ``recent_at_least`` and ``ratio_at_least`` times the
    14 days before."""

    recent_at_least: int
    ratio_at_least: float


class FlagCondition(_Data):
    """Every given condition must hold. See the header of red_flags.toml."""

    symptoms_any: tuple[Symptom, ...] = ()
    symptoms_all: tuple[Symptom, ...] = ()
    kind: tuple[EpisodeKind, ...] = ()
    sites_any: tuple[BodySite, ...] = ()
    pregnant_or_possibly: bool | None = None
    conditions_any: tuple[Condition, ...] = ()
    sides: tuple[Side, ...] = ()
    duration_minutes_above: float | None = None
    persisting_days_above: float | None = None
    episodes_per_week_at_least: float | None = None
    regions_at_least: int | None = None
    pain_at_least: int | None = None
    intensity_at_least: int | None = None
    drug_class_any: tuple[str, ...] = ()
    drugs_at_least: int | None = None
    medication_suspected: bool | None = None
    dose_above: DoseAbove | None = None
    sweating: tuple[Sweating, ...] = ()
    hot_environment: bool | None = None
    history_regions_at_least: int | None = None
    episodes_rising: Rising | None = None
    medication_started_within_days: int | None = None
    any_of: tuple[FlagCondition, ...] = ()

    @model_validator(mode="after")
    def _not_empty(self) -> FlagCondition:
        if not self.model_fields_set:
            raise ValueError("a condition must say something")
        if self.drugs_at_least is not None and not self.drug_class_any:
            raise ValueError("drugs_at_least needs drug_class_any")
        return self


class RedFlag(_Data):
    id: Text
    sign: Text
    level: TriageLevel
    when: FlagCondition
    why: Text
    sources: SourceIds
    # A sign of the pattern over time (how long, where, how often, a medicine or condition the
    # person has): once a doctor has seen it, it stops raising the level until something new
    # appears. Every other flag is a symptom sign and always counts.
    history_sign: bool = False


class LevelText(_Data):
    action: Text
    reassurance: str | None = None
    # Said instead of the reassurance while warning signs that could raise the level are open.
    provisional: str | None = None
    sources: SourceIds


class WatchFor(_Data):
    level: TriageLevel
    text: Text
    sources: SourceIds


IntakeName = Literal["caffeine_mg", "magnesium_mg"]


class DrugClass(_Data):
    id: Text
    name: Text
    family: FamilyId
    twitch_link: Weight
    cramp_link: Weight
    also_affects: dict[FamilyId, Weight] = {}
    adds_to: IntakeName | None = None
    grade: EvidenceGrade
    note: Text
    aliases: tuple[str, ...] = ()
    # The link holds only after this many days of use (an acid blocker lowers magnesium mostly
    # after months); before that, or when the time taken is not given, it is `early_link`.
    min_days: Annotated[int, Field(ge=1)] | None = None
    early_link: Weight = 0.0
    early_note: str | None = None
    sources: SourceIds

    def link(self, kind: EpisodeKind, taken_for_days: int | None = None) -> float:
        full = self.twitch_link if kind is EpisodeKind.TWITCH else self.cramp_link
        return full if self.long_enough(taken_for_days) else min(full, self.early_link)

    def side_link(self, family: FamilyId, taken_for_days: int | None = None) -> float:
        """How much the class counts towards another ``family`` (``also_affects``)."""
        full = self.also_affects.get(family, 0.0)
        return full if self.long_enough(taken_for_days) else min(full, self.early_link)

    def long_enough(self, taken_for_days: int | None) -> bool:
        return self.min_days is None or (
            taken_for_days is not None and taken_for_days >= self.min_days
        )

    @model_validator(mode="after")
    def _early_needs_days(self) -> DrugClass:
        if self.early_note is not None and self.min_days is None:
            raise ValueError(f"drug class {self.id}: early_note needs min_days")
        return self


class Drug(_Data):
    id: Text
    classes: Annotated[tuple[str, ...], Field(min_length=1)]
    aliases: tuple[str, ...] = ()
    brands: tuple[str, ...] = ()
    adds_to: IntakeName | None = None
    sources: tuple[str, ...] = ()


class Caution(_Data):
    conditions: tuple[Condition, ...] = ()
    classes: tuple[str, ...] = ()
    text: Text
    sources: SourceIds


class Advice(_Data):
    id: Text
    family: FamilyId | Literal["general"]
    text: Text
    impact: Annotated[int, Field(ge=1, le=3)]
    kinds: tuple[EpisodeKind, ...] = ()
    contexts: tuple[EpisodeContext, ...] = ()
    # Not offered when every site of the episode is one of these (a belly cramp is not stretched).
    not_sites: tuple[BodySite, ...] = ()
    # Not offered when one of these warning signs was raised (no massage for a possible clot).
    not_with_flags: tuple[str, ...] = ()
    needs_class: str | None = None
    requires: Literal["alcohol", "heavy_sweating"] | None = None
    grade: EvidenceGrade | None = None
    # Said instead of ``text`` to someone with one of these conditions or taking a medicine of
    # one of these classes (potassium, salt, magnesium: ask first), with its own sources.
    caution: Caution | None = None
    sources: SourceIds


class Drink(_Data):
    """A drink the quick log recognises by any of its names, and what one of it holds."""

    id: Text
    names: Annotated[tuple[str, ...], Field(min_length=1)]
    caffeine_mg: float | None = None
    alcohol_units: float | None = None
    water_ml: float | None = None
    volume_ml: float | None = None
    serving: str | None = Field(default=None, description="the serving the values are for")
    ours: bool = False
    sources: SourceIds

    @model_validator(mode="after")
    def _holds_something(self) -> Drink:
        if self.caffeine_mg is None and self.alcohol_units is None and self.water_ml is None:
            raise ValueError(f"drink {self.id} holds neither caffeine, alcohol nor water")
        return self


class TriggerDefinition(_Data):
    """A candidate trigger the analysis tests (see the header of triggers.toml)."""

    id: Text
    type: Literal[
        "caffeine",
        "alcohol",
        "water",
        "sleep",
        "sexual_activity",
        "exercise",
        "stress",
        "medication",
        "supplement",
        "meal",
        "course",
    ]
    scale: Literal["hourly", "daily"]
    window_hours: Annotated[float, Field(gt=0, le=72)]
    combine: Literal["sum", "max", "any"]
    above: float | None = None
    below: float | None = None
    dose_per: Annotated[float, Field(gt=0)] | None = None
    dose_label: str | None = Field(
        default=None,
        description="the dose-response's unit in words ('100 mg of caffeine', 'hour less sleep "
        "than usual'); with below = ..., the dose counts down from the person's median",
    )
    per_name: bool = False
    strata: Literal["day", "block"] = Field(
        default="day",
        description="compared within calendar days (day-level causes cancel), or within 28-day "
        "blocks split weekday/weekend, for an exposure that covers whole waking days",
    )
    label: Text
    phrase: str | None = Field(
        default=None, description="daily triggers: the sentence's 'on days after ...' wording"
    )
    sources: SourceIds

    @model_validator(mode="after")
    def _one_threshold(self) -> TriggerDefinition:
        if self.scale == "daily" and not self.phrase:
            raise ValueError(f"trigger {self.id}: a daily trigger needs a phrase")
        if self.combine == "any" and (self.above is not None or self.below is not None):
            raise ValueError(f"trigger {self.id}: 'any' takes no threshold")
        if self.combine != "any" and (self.above is None) == (self.below is None):
            raise ValueError(f"trigger {self.id}: give exactly one of above or below")
        if self.per_name != ("{name}" in self.label):
            raise ValueError(f"trigger {self.id}: per_name triggers put {{name}} in the label")
        return self

    @property
    def threshold_text(self) -> str:
        from twitchwise.domain.exposures import UNIT, ExposureType
        from twitchwise.domain.units import number

        unit = UNIT[ExposureType(self.type)] if self.type in ExposureType._value2member_map_ else ""
        if unit == "0-10":
            unit = "out of 10"
        if self.above is not None:
            return f"> {number(self.above)} {unit}".strip()
        if self.below is not None:
            return f"< {number(self.below)} {unit}".strip()
        return "any"


class Meta(_Data):
    version: Text
    disclaimer: Text


class EmergencyNumber(_Data):
    """The number to call in an emergency where the person lives, by time zone (a zone ending
    in "/" is a prefix; "*" matches every zone)."""

    number: Text
    where: Text
    zones: Annotated[tuple[str, ...], Field(min_length=1)]
    sources: SourceIds

    def covers(self, zone: str) -> bool:
        return any(
            z == "*" or z == zone or (z.endswith("/") and zone.startswith(z)) for z in self.zones
        )
