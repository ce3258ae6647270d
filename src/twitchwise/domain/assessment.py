"""The assessment of one episode: the request (person, episode, context) and the result."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool, model_validator

from twitchwise.domain.episodes import (
    REGION_OF_SITE,
    BodyRegion,
    BodySite,
    Count,
    Days,
    Episode,
    Rating,
    Symptom,
    integral,
)
from twitchwise.domain.time import DiaryDay

Age = Annotated[int, Field(ge=0, le=120, strict=True), BeforeValidator(integral)]


def _amount(maximum: float) -> object:
    return Field(ge=0, le=maximum, strict=True)


class Sex(StrEnum):
    FEMALE = "female"
    MALE = "male"


class FamilyId(StrEnum):
    """The stable ids of the cause families (SPEC section 1). More may be added, never fewer."""

    EXERTION = "exertion"
    HYDRATION_ELECTROLYTES = "hydration_electrolytes"
    SLEEP = "sleep"
    CAFFEINE = "caffeine"
    STRESS = "stress"
    NUTRIENTS = "nutrients"
    MEDICATIONS = "medications"


class Condition(StrEnum):
    """Long-term conditions that change the advice (potassium, salt, magnesium: ask first)."""

    KIDNEY_DISEASE = "kidney_disease"
    HEART_FAILURE = "heart_failure"
    THYROID_DISEASE = "thyroid_disease"
    DIABETES = "diabetes"
    LIVER_DISEASE = "liver_disease"


class Person(BaseModel):
    """Who had the episode; the thresholds that depend on the person read it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    age_years: (
        Annotated[int, Field(ge=0, le=120, strict=True), BeforeValidator(integral)] | None
    ) = None
    sex: Sex | None = None
    pregnant: StrictBool | None = None
    possibly_pregnant: StrictBool | None = Field(
        default=None, description="a period is late or a pregnancy is possible; not yet known"
    )
    breastfeeding: StrictBool | None = None
    weight_kg: Annotated[float, Field(gt=0, le=400, strict=True)] | None = None
    conditions: tuple[Condition, ...] = ()

    @model_validator(mode="after")
    def _pregnancy_needs_female(self) -> Person:
        if self.pregnant and self.sex is Sex.MALE:
            raise ValueError("pregnant is only possible when sex is female")
        return self


class Exertion(BaseModel):
    """Exercise or sex in the hours before the episode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    activity: Annotated[str, Field(min_length=1, max_length=60)] | None = None
    minutes: Annotated[float, _amount(24 * 60)] | None = None
    rpe: Rating | None = Field(default=None, description="effort on the Borg CR10 scale, 0-10")

    @property
    def is_sex(self) -> bool:
        return (self.activity or "").strip().lower() in {
            "sex",
            "sexual activity",
            "sexual_activity",
        }


class Sweating(StrEnum):
    NONE = "none"
    LIGHT = "light"
    HEAVY = "heavy"


class DailyIntake(BaseModel):
    """What the person ate and drank over a typical recent day, from food and supplements."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    magnesium_mg: Annotated[float, _amount(20_000)] | None = None
    potassium_mg: Annotated[float, _amount(50_000)] | None = None
    calcium_mg: Annotated[float, _amount(20_000)] | None = None
    vitamin_d_iu: Annotated[float, _amount(1_000_000)] | None = None


class MedicationUse(BaseModel):
    """A medicine or supplement by any of its names, with its daily dose if known."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=100)]
    dose_mg_per_day: Annotated[float, _amount(100_000)] | None = None
    taken_for_days: Days | None = Field(
        default=None,
        description="how long it has been taken, in days (an acid blocker counts "
        "for low magnesium from about 3 months)",
    )


class AssessmentContext(BaseModel):
    """The hours and days before the episode."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exertion: Exertion | None = None
    sleep_hours_last_night: Annotated[float, _amount(24)] | None = None
    caffeine_mg_last_24h: Annotated[float, _amount(10_000)] | None = None
    water_ml_last_24h: Annotated[float, _amount(20_000)] | None = None
    alcohol_units_last_24h: Annotated[float, _amount(100)] | None = None
    sweating: Sweating | None = None
    hot_environment: StrictBool | None = None
    stress_0_10: Rating | None = None
    daily_intake: DailyIntake | None = None
    medications: tuple[MedicationUse, ...] = ()


def medicines_from_text(text: str) -> list[dict[str, Any]]:
    """``"furosemide, vitamin B6 50 mg"`` (or "furosemide and sertraline", "a & b", "a + b", one
    per line) -> medication uses: names, a dose where one is given."""
    medicines: list[dict[str, Any]] = []
    for part in re.split(r"[;,\n&+]|\band\b", text):
        entry = part.strip()
        if not entry:
            continue
        dose = re.search(r"(\d+(?:\.\d+)?)\s*mg\b", entry, flags=re.IGNORECASE)
        item: dict[str, Any] = {"name": entry}
        if dose is not None:
            item["dose_mg_per_day"] = float(dose.group(1))
            item["name"] = (entry[: dose.start()] + entry[dose.end() :]).strip() or entry
        medicines.append(item)
    return medicines


class MedicationStart(BaseModel):
    """A medicine started shortly before the episodes began (from the journal's courses)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, Field(min_length=1, max_length=100)]
    days_before_first_episode: Annotated[
        int, Field(ge=0, le=36500, strict=True), BeforeValidator(integral)
    ]


class VisitOutcome(StrEnum):
    """What came of a doctor's visit."""

    REASSURED = "reassured"
    REFERRED = "referred"
    TREATED = "treated"
    DIAGNOSED = "diagnosed"


class DoctorSeen(BaseModel):
    """The latest doctor's visit on or before the episode, and what is new since it: while
    nothing is, the history signs the doctor has seen stop raising the level."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    on: DiaryDay  # a day written as a date (2026-11-10), not a number of seconds
    outcome: VisitOutcome
    new_since: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = Field(
        default=(),
        description="what appeared after the visit: a new body place, a clear rise in "
        "frequency, a new medicine (a symptom sign is seen from the episode itself)",
    )


class History(BaseModel):
    """What only a diary can show: how long episodes have gone on, where, how often, and what
    medicine started before them. Filled by ``twitchwise check --episode``; optional in JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    days_since_first_episode: Days | None = None
    body_sites_last_14_days: tuple[BodySite, ...] = ()
    episodes_last_14_days: Count | None = None
    episodes_previous_14_days: Count | None = None
    medications_started: tuple[MedicationStart, ...] = ()
    doctor_visit: DoctorSeen | None = None

    @property
    def regions(self) -> frozenset[BodyRegion]:
        return frozenset(REGION_OF_SITE[site] for site in self.body_sites_last_14_days)


class AssessmentRequest(BaseModel):
    """SPEC section 2. Only ``episode.kind`` is required; unknown fields are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    person: Person = Person()
    episode: Episode
    context: AssessmentContext = AssessmentContext()
    history: History | None = None


class TriageLevel(StrEnum):
    """Lowest to highest; compare with ``rank``. A result takes the highest level any flag asks."""

    SELF_CARE = "self_care"
    SEE_DOCTOR = "see_doctor"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _LEVELS.index(self)


_LEVELS = tuple(TriageLevel)


class FactorStatus(StrEnum):
    LIKELY = "likely"
    POSSIBLE = "possible"
    UNLIKELY = "unlikely"
    UNKNOWN = "unknown"


class EvidenceGrade(StrEnum):
    """How well the link between a cause and twitching or cramps is supported."""

    STRONG = "strong"
    MODERATE = "moderate"
    WEAK = "weak"


class Flag(BaseModel):
    """A warning sign that the request raised, with why it matters and its sources."""

    model_config = ConfigDict(frozen=True)

    id: str
    level: TriageLevel
    why: str
    sources: tuple[str, ...]
    seen_by_doctor: str | None = Field(
        default=None,
        description='"seen by a doctor on 2026-11-10: reassured": a history sign the doctor has '
        "seen, with nothing new since; it is shown but does not raise the level",
    )


class Triage(BaseModel):
    """How soon to get help: the highest level any flag asks, the action, and what to watch."""

    model_config = ConfigDict(frozen=True)

    level: TriageLevel
    action: str = Field(description="what to do, in one sentence")
    flags: tuple[Flag, ...]
    watch_for: tuple[str, ...] = Field(
        default=(), description="signs that would raise the level; shown with every result"
    )
    provisional: bool = Field(
        default=False,
        description="true when warning signs that could raise the level were never asked about "
        "(see open_questions): the level may rise, and nothing reassures",
    )


class Factor(BaseModel):
    """One cause family as it applies to this episode, with the person's own evidence."""

    model_config = ConfigDict(frozen=True)

    id: FamilyId
    name: str
    status: FactorStatus
    score: float = Field(ge=0, le=1)
    evidence: tuple[str, ...]
    explanation: str
    evidence_grade: EvidenceGrade
    advice: tuple[str, ...]
    sources: tuple[str, ...]


class OpenQuestion(BaseModel):
    """A warning sign the request neither gives nor rules out, with the question that asks it."""

    model_config = ConfigDict(frozen=True)

    id: Symptom
    level: TriageLevel = Field(description="the level a yes would call for, at the most")
    question: str


class AssessmentResult(BaseModel):
    """SPEC section 2: triage, every family ordered by score, the plan, disclaimer, version."""

    model_config = ConfigDict(frozen=True)

    triage: Triage
    factors: tuple[Factor, ...]
    plan: tuple[str, ...]
    disclaimer: str
    knowledge_version: str
    open_questions: tuple[OpenQuestion, ...] = Field(
        default=(),
        description="warning signs neither present nor ruled out, the most urgent first",
    )

    def shown_sources(self) -> list[str]:
        """The sources behind the flags and the first two of each likely or possible factor."""
        ids: list[str] = []
        for flag in self.triage.flags:
            ids.extend(flag.sources)
        for factor in self.factors:
            if factor.status in (FactorStatus.LIKELY, FactorStatus.POSSIBLE):
                ids.extend(factor.sources[:2])
        return list(dict.fromkeys(ids))
