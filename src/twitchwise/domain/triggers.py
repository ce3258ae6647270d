"""The trigger analysis result (SPEC section 4: the `triggers --json` shape)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class TriggerStatus(StrEnum):
    LIKELY_TRIGGER = "likely_trigger"  # BH q <= 0.10, rate ratio above 1
    POSSIBLE_TRIGGER = "possible_trigger"  # p < 0.05 but q > 0.10
    NO_CLEAR_LINK = "no_clear_link"  # the interval includes 1
    POSSIBLE_PROTECTOR = "possible_protector"  # p < 0.05, rate ratio below 1
    NOT_ENOUGH_DATA = "not_enough_data"


class DoseResponse(BaseModel):
    """Rate ratio per unit of dose in the window (e.g. per 100 mg of caffeine)."""

    model_config = ConfigDict(frozen=True)

    per: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float


class Counts(BaseModel):
    """The raw numbers behind a finding, always shown with it."""

    model_config = ConfigDict(frozen=True)

    episodes: int = Field(description="episodes in the bins this exposure was analysed on")
    episodes_exposed: int = Field(description="of them, inside the exposure's windows")
    exposed_share: float = Field(description="share of analysed time inside the windows")
    expected_exposed: float = Field(description="episodes expected inside if it did nothing")


class TriggerFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    exposure: str = Field(description="the CSV type name: caffeine, sleep, sexual_activity...")
    label: str
    window_hours: float
    threshold: str
    odds_ratio: float | None
    ci_low: float | None
    ci_high: float | None
    ci_open_ended: bool = False
    p_value: float | None
    q_value: float | None
    significant: bool
    status: TriggerStatus
    n_episodes_exposed: int
    counts: Counts
    dose_response: DoseResponse | None = None
    caution: str | None = None
    summary: str
    details: str


class TriggerReport(BaseModel):
    model_config = ConfigDict(frozen=True)

    episodes: int
    enough_data: bool
    needed_episodes: int
    days_logged: int
    candidates_tested: int
    fdr_q: float
    findings: tuple[TriggerFinding, ...]
    method: str
