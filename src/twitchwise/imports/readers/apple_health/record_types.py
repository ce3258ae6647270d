"""The HealthKit types twitchwise keeps (APPLE_HEALTH.md §1.10), what each becomes, in our units."""

from __future__ import annotations

from collections.abc import Mapping

from twitchwise.domain.exposures import ExposureType
from twitchwise.domain.measures import MeasureKind
from twitchwise.domain.units import convert

Attributes = Mapping[str, str]
Q = "HKQuantityTypeIdentifier"
C = "HKCategoryTypeIdentifier"
# dietary quantity -> (exposure type, nutrient detail, our unit)
DIETARY: dict[str, tuple[ExposureType, str, str]] = {
    Q + "DietaryCaffeine": (ExposureType.CAFFEINE, "", "mg"),
    Q + "DietaryWater": (ExposureType.WATER, "", "ml"),
    Q + "DietaryMagnesium": (ExposureType.MEAL, "magnesium", "mg"),
    Q + "DietaryPotassium": (ExposureType.MEAL, "potassium", "mg"),
    Q + "DietaryCalcium": (ExposureType.MEAL, "calcium", "mg"),
    Q + "DietaryVitaminD": (ExposureType.MEAL, "vitamin_d", "IU"),
    Q + "DietaryVitaminB6": (ExposureType.MEAL, "vitamin_b6", "mg"),
}
# per-day measures -> (kind, how a day's values combine within one source, unit)
DAILY: dict[str, tuple[MeasureKind, str, str]] = {
    Q + "ActiveEnergyBurned": (MeasureKind.ACTIVE_ENERGY_KCAL, "sum", "kcal"),
    Q + "AppleExerciseTime": (MeasureKind.EXERCISE_MINUTES, "sum", "min"),
    Q + "HeartRateVariabilitySDNN": (MeasureKind.HRV_SDNN_MS, "mean", "ms"),
    Q + "RestingHeartRate": (MeasureKind.RESTING_HEART_RATE_BPM, "mean", ""),
}
SLEEP = C + "SleepAnalysis"
ASLEEP = {
    "HKCategoryValueSleepAnalysisAsleep",
    "HKCategoryValueSleepAnalysisAsleepUnspecified",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
}
IN_BED = "HKCategoryValueSleepAnalysisInBed"
SEX = C + "SexualActivity"
MINDFUL = C + "MindfulSession"
ALCOHOL = Q + "NumberOfAlcoholicBeverages"
WANTED = frozenset({*DIETARY, *DAILY, SLEEP, SEX, MINDFUL, ALCOHOL})
WORKOUT = "Workout"  # a Workout element has no type; its records are counted under this name


class UnitFactors(dict[tuple[str, str], float]):
    """(a record's unit, ours) -> how many of ours one of the record's is: every conversion we use
    is a factor, so each pair is worked out once. A unit we cannot convert raises UnitError (and
    is not remembered)."""

    def __missing__(self, key: tuple[str, str]) -> float:
        unit, ours = key
        factor = self[key] = convert(1.0, unit, ours)
        return factor
