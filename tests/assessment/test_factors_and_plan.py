"""The families: evidence in the person's own numbers, cross-links, and the order of the plan."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLE
from tests.factories import make_request
from twitchwise.assessment import assess, parse_request
from twitchwise.domain.assessment import (
    AssessmentResult,
    Factor,
    FactorStatus,
    FamilyId,
    TriageLevel,
)


def factor(result: AssessmentResult, family: FamilyId) -> Factor:
    return next(f for f in result.factors if f.id is family)


def test_a_bare_request_lists_every_family_as_unknown() -> None:
    result = assess(make_request())
    assert [f.status for f in result.factors] == [FactorStatus.UNKNOWN] * 7
    assert [f.id for f in result.factors] == list(FamilyId)


def test_sex_counts_as_exercise() -> None:
    result = assess(
        parse_request(
            {
                "episode": {"kind": "twitch", "context": "after_sex"},
                "context": {"exertion": {"activity": "sex", "minutes": 40, "rpe": 7}},
            }
        )
    )
    exertion = factor(result, FamilyId.EXERTION)
    assert exertion.status is FactorStatus.LIKELY
    assert exertion.evidence[0].startswith("came on after sex")
    assert "effort 7/10 during sex (7 or more is very hard on the 0-10 scale)" in exertion.evidence


def test_resting_without_exercise_makes_exertion_unlikely() -> None:
    result = assess(parse_request({"episode": {"kind": "twitch", "context": "at_rest"}}))
    assert factor(result, FamilyId.EXERTION).status is FactorStatus.UNLIKELY


def test_a_diuretic_counts_for_medicines_and_for_fluid_loss() -> None:
    result = assess(make_request(context={"medications": [{"name": "Lasix"}]}))
    medicines = factor(result, FamilyId.MEDICATIONS)
    fluid = factor(result, FamilyId.HYDRATION_ELECTROLYTES)
    assert medicines.status is FactorStatus.POSSIBLE
    assert fluid.score > 0
    assert medicines.evidence[0].startswith("Lasix = furosemide: a diuretic (water tablet)")


def test_a_stimulant_medicine_counts_under_caffeine_and_stimulants() -> None:
    result = assess(make_request(context={"medications": [{"name": "Adderall"}]}))
    assert factor(result, FamilyId.CAFFEINE).score > 0
    assert factor(result, FamilyId.MEDICATIONS).evidence == (
        "Adderall = amfetamine: counted under caffeine and other stimulants",
    )


def test_an_unknown_medicine_is_named_honestly() -> None:
    result = assess(make_request(context={"medications": [{"name": "zorblax"}]}))
    medicines = factor(result, FamilyId.MEDICATIONS)
    assert medicines.status is FactorStatus.UNLIKELY
    assert "'zorblax' is not in twitchwise's list" in medicines.evidence[0]


def test_a_low_diet_alone_never_makes_nutrients_likely() -> None:
    intake = {"magnesium_mg": 10, "potassium_mg": 10, "calcium_mg": 10, "vitamin_d_iu": 10}
    nutrients = factor(assess(make_request(context={"daily_intake": intake})), FamilyId.NUTRIENTS)
    # MEDICAL-AUDIT 20: without a blood test, medicines or losses, the diet stays "unlikely".
    assert nutrients.status is FactorStatus.UNLIKELY
    assert any("not a deficiency by itself" in line for line in nutrients.evidence)
    assert any("vitamin D from food is not scored" in line for line in nutrients.evidence)


def test_magnesium_supplements_add_to_the_magnesium_eaten() -> None:
    request = make_request(
        person={"sex": "female", "age_years": 40},
        context={
            "daily_intake": {"magnesium_mg": 200},
            "medications": [{"name": "magnesium citrate", "dose_mg_per_day": 400}],
        },
    )
    nutrients = factor(assess(request), FamilyId.NUTRIENTS)
    assert nutrients.evidence[0] == (
        "magnesium about 600 mg a day, enough for women aged 31 and over, US RDA (320 mg)"
    )
    assert any(
        "above the European upper limit of 250 mg from supplements (the US one is 350 mg)" in line
        for line in nutrients.evidence
    )


def test_stress_weighs_less_for_cramps_than_for_twitches() -> None:
    twitch = factor(
        assess(make_request(kind="twitch", context={"stress_0_10": 9})), FamilyId.STRESS
    )
    cramp = factor(assess(make_request(kind="cramp", context={"stress_0_10": 9})), FamilyId.STRESS)
    assert twitch.score > cramp.score


def test_weak_families_say_their_evidence_is_weak() -> None:
    result = assess(make_request(context={"sleep_hours_last_night": 4}))
    assert factor(result, FamilyId.SLEEP).evidence_grade.value == "weak"


def test_the_plan_puts_the_doctor_first_when_a_flag_asks_for_one() -> None:
    result = assess(make_request(symptoms=["weakness"], context={"caffeine_mg_last_24h": 600}))
    assert result.triage.level is TriageLevel.SEE_DOCTOR
    assert result.plan[0] == result.triage.action
    assert result.plan[1].startswith("Bring caffeine below 400 mg a day")


def test_for_a_cramp_the_plan_starts_with_stretching() -> None:
    result = assess(make_request(kind="cramp", context={"sleep_hours_last_night": 5}))
    assert result.triage.level is TriageLevel.SELF_CARE
    assert result.plan[0].startswith("During a cramp, stretch the muscle gently")


def test_the_plan_follows_the_persons_numbers() -> None:
    result = assess(
        make_request(
            person={"sex": "female", "pregnant": True},
            context={"caffeine_mg_last_24h": 450, "sleep_hours_last_night": 6.5},
        )
    )
    assert result.plan[0].startswith("Bring caffeine below 200 mg a day")
    assert any("at least 7 hours of sleep" in step for step in result.plan)


def test_the_plan_is_short_and_has_no_repeats() -> None:
    result = assess(parse_request(EXAMPLE.read_text()))
    assert 1 < len(result.plan) <= 7
    assert len(set(result.plan)) == len(result.plan)


def test_the_example_request_matches_the_spec_shape() -> None:
    result = json.loads(assess(parse_request(EXAMPLE.read_text())).model_dump_json())
    assert set(result) >= {"triage", "factors", "plan", "disclaimer", "knowledge_version"}
    assert set(result["triage"]) >= {"level", "flags"}
    assert set(result["triage"]["flags"][0]) >= {"id", "why", "sources"}
    assert set(result["factors"][0]) >= {
        "id",
        "status",
        "score",
        "evidence",
        "explanation",
        "advice",
        "sources",
    }
    assert result["triage"]["level"] == "see_doctor"
    assert result["triage"]["flags"][0]["id"] == "numbness"
    sleep = next(f for f in result["factors"] if f["id"] == "sleep")
    assert sleep["evidence"] == ["slept 5 h; adults need at least 7 h"]
