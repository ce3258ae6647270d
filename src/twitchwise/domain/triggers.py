"""The trigger analysis result (SPEC section 4: the `triggers --json` shape)."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class TriggerStatus(StrEnum):
    # q <= 0.10 after counting every test, rate ratio above 1 and its 95% interval above 1
    LIKELY_TRIGGER = "likely_trigger"
    # the same with the rate ratio and its whole interval below 1
    POSSIBLE_PROTECTOR = "possible_protector"
    # one of those two, but the negative control fired: episodes were as clearly linked to the
    # exposure's entries AFTER them, so the diary cannot tell cause from consequence
    CANNOT_TELL = "cannot_tell"
    # anything else: the interval includes 1, or a p below 0.05 that does not survive counting
    # the tests (said as "not clear after checking N things")
    NO_CLEAR_LINK = "no_clear_link"
    NOT_ENOUGH_DATA = "not_enough_data"


FLAGS = frozenset({TriggerStatus.LIKELY_TRIGGER, TriggerStatus.POSSIBLE_PROTECTOR})


class DoseResponse(BaseModel):
    """Rate ratio per unit of dose in the window (e.g. per 100 mg of caffeine), with its own place
    in the multiple-testing family."""

    model_config = ConfigDict(frozen=True)

    per: str
    rate_ratio: float
    ci_low: float
    ci_high: float
    p_value: float
    q_value: float | None = None
    status: TriggerStatus = TriggerStatus.NO_CLEAR_LINK


class Counts(BaseModel):
    """The raw numbers behind a finding, always shown with it."""

    model_config = ConfigDict(frozen=True)

    episodes: int = Field(description="episodes in the hours this exposure was analysed on")
    episodes_exposed: int = Field(description="of them, inside the exposure's windows")
    exposed_share: float = Field(description="share of analysed hours inside the windows")
    expected_exposed: float = Field(
        description="episodes expected inside if it made no difference, allowing for the time "
        "of day and sleep (the minimum-data rule is judged on this, never on the observed count)"
    )


class TriggerFinding(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    exposure: str = Field(description="the CSV type name: caffeine, sleep, sexual_activity...")
    label: str
    window_hours: float
    threshold: str
    rate_ratio: float | None = Field(description="rate ratio of episode onsets, exposed vs not")
    odds_ratio: float | None = Field(
        description="deprecated: the same number as rate_ratio, kept for one release"
    )
    ci_low: float | None
    ci_high: float | None
    ci_open_ended: bool = False
    p_value: float | None
    q_value: float | None
    significant: bool = Field(description="status is likely_trigger or possible_protector")
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
    tests_counted: int = Field(
        default=0, description="threshold and dose-response tests in the multiple-testing family"
    )
    fdr_q: float
    findings: tuple[TriggerFinding, ...]
    method: str
