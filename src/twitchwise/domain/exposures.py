"""Exposures: what came before episodes (drinks, sleep, exercise, sex, stress, doses, meals).

Each type has one internal unit (SPEC section 5's CSV `type` names); amounts are converted to it at
the edges (``units.py``) and stored in it, so the analysis never meets a second unit.
"""

from __future__ import annotations

from datetime import UTC, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from twitchwise.domain.episodes import Rating
from twitchwise.domain.time import DiaryTime


class ExposureType(StrEnum):
    CAFFEINE = "caffeine"
    ALCOHOL = "alcohol"
    WATER = "water"
    SLEEP = "sleep"
    SEXUAL_ACTIVITY = "sexual_activity"
    EXERCISE = "exercise"
    STRESS = "stress"
    MEDICATION = "medication"
    SUPPLEMENT = "supplement"
    MEAL = "meal"


class Nutrient(StrEnum):
    """What a `meal` entry measures; its `detail` starts with one of these."""

    MAGNESIUM = "magnesium"
    POTASSIUM = "potassium"
    CALCIUM = "calcium"
    VITAMIN_D = "vitamin_d"
    VITAMIN_B6 = "vitamin_b6"


# The one internal unit of each type. Meals are mg, except vitamin D, which is IU.
UNIT: dict[ExposureType, str] = {
    ExposureType.CAFFEINE: "mg",
    ExposureType.ALCOHOL: "units",
    ExposureType.WATER: "ml",
    ExposureType.SLEEP: "h",
    ExposureType.SEXUAL_ACTIVITY: "min",
    ExposureType.EXERCISE: "min",
    ExposureType.STRESS: "0-10",
    ExposureType.MEDICATION: "mg",
    ExposureType.SUPPLEMENT: "mg",
    ExposureType.MEAL: "mg",
}

# Upper bounds that no real entry reaches; anything above is a typing mistake.
MAXIMUM: dict[ExposureType, float] = {
    ExposureType.CAFFEINE: 10_000,
    ExposureType.ALCOHOL: 100,
    ExposureType.WATER: 20_000,
    ExposureType.SLEEP: 24,
    ExposureType.SEXUAL_ACTIVITY: 24 * 60,
    ExposureType.EXERCISE: 24 * 60,
    ExposureType.STRESS: 10,
    ExposureType.MEDICATION: 100_000,
    ExposureType.SUPPLEMENT: 100_000,
    ExposureType.MEAL: 1_000_000,
}

ACTIVE = frozenset({ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY})
DURATION_TYPES = frozenset(
    {ExposureType.SLEEP, ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY}
)


# Each nutrient's name as a detail starts with it, worked out once (an Enum's .value is a
# descriptor call, and this runs for every meal entry of a diary, several times).
_NUTRIENT_NAMES = tuple((nutrient.value.replace("_", " "), nutrient) for nutrient in Nutrient)


@lru_cache(maxsize=4096)  # a diary names a handful of foods, over and over
def nutrient_of(detail: str) -> Nutrient | None:
    """The nutrient a meal entry's detail names (``"magnesium"``, ``"vitamin d from fish"``)."""
    words = detail.strip().lower().replace("-", " ").replace("_", " ")
    for name, nutrient in _NUTRIENT_NAMES:
        if words.startswith(name):
            return nutrient
    return None


class Exposure(BaseModel):
    """One diary entry about something that came before episodes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: ExposureType
    started_at: DiaryTime
    ended_at: DiaryTime | None = None
    amount: Annotated[float, Field(ge=0, strict=True)] | None = Field(
        default=None, description="in the type's internal unit (UNIT)"
    )
    detail: Annotated[str, Field(max_length=200)] = ""
    effort_rpe: Rating | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Exposure:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        if self.amount is not None and self.amount > MAXIMUM[self.type]:
            raise ValueError(
                f"amount must be at most {MAXIMUM[self.type]:g} {self.unit} for {self.type.value}"
            )
        if self.type in DURATION_TYPES and self.ended_at is not None:
            length = self.duration_amount
            if self.amount is None and length is not None and length > MAXIMUM[self.type]:
                raise ValueError(f"{self.type.value} cannot last more than 24 hours")
        if self.effort_rpe is not None and self.type not in ACTIVE:
            raise ValueError("effort_rpe only applies to exercise and sexual_activity")
        if (
            self.type is ExposureType.MEAL
            and self.amount is not None
            and nutrient_of(self.detail) is None
        ):
            raise ValueError(
                "a meal amount needs a detail naming the nutrient: " + ", ".join(Nutrient)
            )
        if self.type is ExposureType.STRESS and self.amount is None:
            raise ValueError("a stress entry needs its 0-10 rating as the amount")
        return self

    @property
    def unit(self) -> str:
        if self.type is ExposureType.MEAL and nutrient_of(self.detail) is Nutrient.VITAMIN_D:
            return "IU"
        return UNIT[self.type]

    @property
    def nutrient(self) -> Nutrient | None:
        return nutrient_of(self.detail) if self.type is ExposureType.MEAL else None

    @property
    def span(self) -> timedelta:
        """Elapsed time, in UTC: two times in one IANA zone would otherwise subtract by the
        clock and get a daylight-saving night wrong by an hour."""
        if self.ended_at is None:
            return timedelta(0)
        return self.ended_at.astimezone(UTC) - self.started_at.astimezone(UTC)

    @property
    def duration_amount(self) -> float | None:
        """For sleep, exercise and sex: the amount, or the length of the span when none is given."""
        if self.amount is not None or self.type not in DURATION_TYPES or self.ended_at is None:
            return self.amount
        seconds = self.span.total_seconds()
        return seconds / 3600 if self.type is ExposureType.SLEEP else seconds / 60
