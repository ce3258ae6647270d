"""An episode: one bout of twitching, cramping or spasm, as the person describes it."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from twitchwise.domain.time import DiaryTime


def integral(value: object) -> object:
    """6.0 is the whole number 6 (JSON does not tell them apart); 6.5, "6" and true stay wrong."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Numbers are strict: "6" or true is a wrong type, not a 6 or a 1.
Rating = Annotated[int, Field(ge=0, le=10, strict=True), BeforeValidator(integral)]
Days = Annotated[int, Field(ge=0, le=36500, strict=True), BeforeValidator(integral)]
Count = Annotated[int, Field(ge=0, strict=True), BeforeValidator(integral)]


class EpisodeKind(StrEnum):
    TWITCH = "twitch"
    CRAMP = "cramp"
    SPASM = "spasm"


class BodySite(StrEnum):
    CALF = "calf"
    THIGH = "thigh"
    HAMSTRING = "hamstring"
    FOOT = "foot"
    TOES = "toes"
    LEG = "leg"
    EYELID = "eyelid"
    FACE = "face"
    ARM = "arm"
    HAND = "hand"
    BACK = "back"
    ABDOMEN = "abdomen"
    OTHER = "other"


class BodyRegion(StrEnum):
    """Coarse regions: twitching in two or more of them counts as "in more than one place"."""

    LEGS = "legs"
    FACE = "face"
    ARMS = "arms"
    TRUNK = "trunk"
    OTHER = "other"


REGION_OF_SITE: dict[BodySite, BodyRegion] = {
    BodySite.CALF: BodyRegion.LEGS,
    BodySite.THIGH: BodyRegion.LEGS,
    BodySite.HAMSTRING: BodyRegion.LEGS,
    BodySite.FOOT: BodyRegion.LEGS,
    BodySite.TOES: BodyRegion.LEGS,
    BodySite.LEG: BodyRegion.LEGS,
    BodySite.EYELID: BodyRegion.FACE,
    BodySite.FACE: BodyRegion.FACE,
    BodySite.ARM: BodyRegion.ARMS,
    BodySite.HAND: BodyRegion.ARMS,
    BodySite.BACK: BodyRegion.TRUNK,
    BodySite.ABDOMEN: BodyRegion.TRUNK,
    BodySite.OTHER: BodyRegion.OTHER,
}


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class EpisodeContext(StrEnum):
    """What the person was doing when the episode came on."""

    AFTER_SEX = "after_sex"
    AFTER_EXERCISE = "after_exercise"
    AT_REST = "at_rest"
    FALLING_ASLEEP = "falling_asleep"
    DURING_ACTIVITY = "during_activity"
    OTHER = "other"


class Symptom(StrEnum):
    """Accompanying symptoms; most of them are warning signs (see knowledge/red_flags.toml)."""

    WEAKNESS = "weakness"
    NUMBNESS = "numbness"
    TINGLING = "tingling"
    MUSCLE_WASTING = "muscle_wasting"
    SPREADING = "spreading"
    DIFFICULTY_SWALLOWING = "difficulty_swallowing"
    DIFFICULTY_SPEAKING = "difficulty_speaking"
    DIFFICULTY_BREATHING = "difficulty_breathing"
    DARK_URINE = "dark_urine"
    SEVERE_PAIN = "severe_pain"
    ONE_SIDED_WEAKNESS = "one_sided_weakness"
    CONFUSION = "confusion"
    FEVER = "fever"
    STIFF_NECK = "stiff_neck"
    INTERFERES_DAILY_LIFE = "interferes_daily_life"
    NEW_MEDICATION = "new_medication"
    SADDLE_NUMBNESS = "saddle_numbness"
    BLADDER_BOWEL_CHANGE = "bladder_bowel_change"
    PALPITATIONS = "palpitations"
    TINGLING_AROUND_MOUTH = "tingling_around_mouth"
    LEG_SWELLING_ONE_SIDE = "leg_swelling_one_side"
    CHEST_PAIN = "chest_pain"
    FAINTING = "fainting"
    SEIZURE = "seizure"
    VOMITING_OR_DIARRHOEA = "vomiting_or_diarrhoea"
    TREMOR = "tremor"
    UNSTEADY = "unsteady"
    BOTH_LEGS_WEAK_OR_NUMB = "both_legs_weak_or_numb"
    NOT_BETTER_AFTER_COOLING = "not_better_after_cooling"
    RECENT_WOUND = "recent_wound"
    LITTLE_URINE = "little_urine"
    DIZZINESS = "dizziness"
    SPEECH_CHANGE_GRADUAL = "speech_change_gradual"
    HALLUCINATIONS = "hallucinations"
    STOPPED_HEAVY_DRINKING = "stopped_heavy_drinking"
    AGITATION = "agitation"
    MUSCLE_RIGIDITY = "muscle_rigidity"
    CALF_PAIN_ON_WALKING = "calf_pain_on_walking"
    POISON_OR_TOXIN = "poison_or_toxin"


class Episode(BaseModel):
    """One episode. Only ``kind`` is required; everything else sharpens the assessment."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: EpisodeKind
    started_at: DiaryTime | None = None
    body_sites: tuple[BodySite, ...] = ()
    sides: Side | None = None
    duration_minutes: Annotated[float, Field(ge=0, le=7 * 24 * 60, strict=True)] | None = None
    intensity: Rating | None = None
    pain: Rating | None = None
    context: EpisodeContext | None = None
    persisting_days: Days | None = None
    episodes_per_week: Annotated[float, Field(ge=0, le=1000, strict=True)] | None = None
    symptoms: tuple[Symptom, ...] = ()
    symptoms_absent: tuple[Symptom, ...] = Field(
        default=(),
        description="warning signs the person was asked about and does not have; a sign in both "
        "lists counts as present",
    )

    @field_validator("body_sites", "symptoms", "symptoms_absent", mode="after")
    @classmethod
    def _drop_repeats(cls, values: tuple[StrEnum, ...]) -> tuple[StrEnum, ...]:
        return tuple(dict.fromkeys(values))

    @property
    def regions(self) -> frozenset[BodyRegion]:
        return frozenset(REGION_OF_SITE[site] for site in self.body_sites)

    def has(self, *symptoms: Symptom) -> bool:
        """True if the episode came with any of ``symptoms``."""
        return any(symptom in self.symptoms for symptom in symptoms)
