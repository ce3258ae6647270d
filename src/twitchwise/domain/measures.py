"""Daily measurements imported from devices (not entered by hand): one value per kind and day."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class MeasureKind(StrEnum):
    ACTIVE_ENERGY_KCAL = "active_energy_kcal"
    EXERCISE_MINUTES = "exercise_minutes"
    HRV_SDNN_MS = "hrv_sdnn_ms"
    RESTING_HEART_RATE_BPM = "resting_heart_rate_bpm"
    MINDFUL_MINUTES = "mindful_minutes"
    STEPS = "steps"
    HRV_RMSSD_MS = "hrv_rmssd_ms"
    HEART_RATE_MEAN_BPM = "heart_rate_mean_bpm"


class DailyMeasure(BaseModel):
    """One day's value of one kind, for the person's local calendar day."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date
    kind: MeasureKind
    value: float = Field(ge=0)
    source: str = Field(default="", max_length=100)
