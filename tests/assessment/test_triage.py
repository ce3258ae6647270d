"""Triage: each warning sign alone gives its level; combinations give the highest."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from tests.assessment.expected_levels import MINIMUM_LEVEL
from tests.factories import make_request
from twitchwise.assessment import assess
from twitchwise.domain.assessment import AssessmentResult, TriageLevel
from twitchwise.domain.episodes import Symptom
from twitchwise.knowledge import Knowledge


def ids(result: AssessmentResult) -> list[str]:
    return [flag.id for flag in result.triage.flags]


def test_the_pinned_table_covers_every_symptom() -> None:
    assert set(MINIMUM_LEVEL) == set(Symptom)


@pytest.mark.parametrize("symptom", list(Symptom))
def test_each_warning_sign_alone_gives_exactly_its_level(symptom: Symptom) -> None:
    result = assess(make_request(symptoms=[symptom.value]))
    assert result.triage.level is MINIMUM_LEVEL[symptom]
    assert symptom.value in ids(result)
    flag = next(f for f in result.triage.flags if f.id == symptom.value)
    assert flag.why and flag.sources


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(list(Symptom), 2)))
def test_two_warning_signs_give_the_higher_level(first: Symptom, second: Symptom) -> None:
    result = assess(make_request(symptoms=[first.value, second.value]))
    expected = max(MINIMUM_LEVEL[first], MINIMUM_LEVEL[second], key=lambda lv: lv.rank)
    assert result.triage.level.rank >= expected.rank


def test_no_warning_sign_means_self_care_with_reassurance_and_what_to_watch_for() -> None:
    every_sign_asked = [sign.value for sign in Symptom]
    result = assess(
        make_request(kind="twitch", body_sites=["eyelid"], symptoms_absent=every_sign_asked)
    )
    assert result.triage.level is TriageLevel.SELF_CARE
    assert result.triage.flags == () and not result.triage.provisional
    assert "rarely a sign of anything serious" in result.triage.action
    assert len(result.triage.watch_for) == 4


def test_self_care_with_warning_signs_never_asked_is_provisional_and_does_not_reassure() -> None:
    result = assess(make_request(kind="twitch", body_sites=["eyelid"], symptoms_absent=["fever"]))
    assert result.triage.level is TriageLevel.SELF_CARE and result.triage.provisional
    assert "rarely a sign of anything serious" not in result.triage.action
    assert result.triage.action.startswith("Nothing you have told us so far needs a doctor")
    assert result.open_questions[0].level is TriageLevel.EMERGENCY
    assert "fever" not in {q.id.value for q in result.open_questions}


def test_an_emergency_has_nothing_left_to_watch_for() -> None:
    result = assess(make_request(symptoms=["one_sided_weakness"]))
    assert result.triage.watch_for == ()
    assert result.plan[0].startswith("Call an ambulance now")


@pytest.mark.parametrize(
    ("request_args", "flag", "level"),
    [
        ({"symptoms": ["fever", "stiff_neck"]}, "fever_with_stiff_neck", "emergency"),
        ({"kind": "cramp", "symptoms": ["weakness"]}, "cramp_with_weakness_or_numbness", "urgent"),
        ({"kind": "cramp", "symptoms": ["numbness"]}, "cramp_with_weakness_or_numbness", "urgent"),
        ({"kind": "spasm", "duration_minutes": 12}, "long_cramp", "urgent"),
        ({"symptoms": ["dark_urine", "severe_pain"]}, "rhabdomyolysis_pattern", "urgent"),
        ({"symptoms": ["dark_urine"], "pain": 8}, "rhabdomyolysis_pattern", "urgent"),
        (
            {"symptoms": ["agitation"], "context": {"medications": [{"name": "sertraline"}]}},
            "serotonin_toxicity",
            "urgent",
        ),
        (
            {"context": {"medications": [{"name": "Zoloft"}], "sweating": "heavy"}},
            "serotonin_toxicity",
            "urgent",
        ),
        (
            {"symptoms": ["fever", "agitation"], "context": {"medications": [{"name": "Prozac"}]}},
            "serotonin_severe",
            "emergency",
        ),
        (
            {"symptoms": ["muscle_rigidity"], "context": {"medications": [{"name": "tramadol"}]}},
            "serotonin_severe",
            "emergency",
        ),
        (
            {
                "symptoms": ["new_medication"],
                "context": {"medications": [{"name": "citalopram"}, {"name": "sumatriptan"}]},
            },
            "serotonergic_combination_new",
            "urgent",
        ),
        (
            {"symptoms": ["fever"], "context": {"medications": [{"name": "Prozac"}]}},
            "serotonin_toxicity",
            "urgent",
        ),
        (
            {"context": {"medications": [{"name": "sertraline"}, {"name": "tramadol"}]}},
            "serotonergic_combination",
            "see_doctor",
        ),
        (
            {"kind": "spasm", "context": {"medications": [{"name": "omeprazole"}]}},
            "ppi_low_magnesium",
            "urgent",
        ),
        (
            {"context": {"medications": [{"name": "lithium"}], "sweating": "heavy"}},
            "lithium_toxicity_signs",
            "urgent",
        ),
        (
            {"context": {"medications": [{"name": "pyridostigmine"}]}},
            "medication_suspected",
            "see_doctor",
        ),
        ({"body_sites": ["calf", "hand"]}, "several_body_parts", "see_doctor"),
        ({"person": {"conditions": ["kidney_disease"]}}, "long_term_condition", "see_doctor"),
    ],
)
def test_combination_flags(request_args: dict[str, Any], flag: str, level: str) -> None:
    context = request_args.pop("context", None)
    result = assess(make_request(context=context, **request_args))
    assert flag in ids(result)
    assert result.triage.level.rank >= TriageLevel(level).rank
    raised = next(f for f in result.triage.flags if f.id == flag)
    assert raised.level is TriageLevel(level)


def test_the_level_is_the_highest_of_all_raised_flags() -> None:
    result = assess(
        make_request(
            kind="cramp",
            duration_minutes=20,
            persisting_days=30,
            symptoms=["numbness", "saddle_numbness"],
        )
    )
    assert result.triage.level is TriageLevel.EMERGENCY
    levels = [flag.level.rank for flag in result.triage.flags]
    assert levels == sorted(levels, reverse=True)
    assert {"saddle_numbness", "long_cramp", "numbness", "lasting_over_two_weeks"} <= set(
        ids(result)
    )


def test_a_single_serotonergic_medicine_alone_is_not_urgent() -> None:
    result = assess(make_request(context={"medications": [{"name": "sertraline"}]}))
    assert result.triage.level is TriageLevel.SELF_CARE


def test_starting_an_ssri_and_twitching_is_for_the_prescriber_not_today() -> None:
    """MEDICAL-AUDIT 15 (MSD, Hunter): a start or a rise alone is not serotonin toxicity; it needs
    its signs (agitation, shaking, sweating, diarrhoea, fever) to be urgent."""
    result = assess(
        make_request(symptoms=["new_medication"], context={"medications": [{"name": "sertraline"}]})
    )
    assert result.triage.level is TriageLevel.SEE_DOCTOR
    assert "serotonin_toxicity" not in ids(result)


def test_two_stable_serotonergic_medicines_are_for_the_prescriber() -> None:
    result = assess(
        make_request(context={"medications": [{"name": "sertraline"}, {"name": "mirtazapine"}]})
    )
    assert result.triage.level is TriageLevel.SEE_DOCTOR


def test_the_same_drug_named_twice_is_not_a_combination() -> None:
    result = assess(
        make_request(context={"medications": [{"name": "Zoloft"}, {"name": "sertraline"}]})
    )
    assert "serotonergic_combination" not in ids(result)


def test_a_statin_with_twitching_is_not_suspected_but_with_cramps_it_is() -> None:
    statin = {"medications": [{"name": "atorvastatin"}]}
    assert "medication_suspected" not in ids(assess(make_request(kind="twitch", context=statin)))
    assert "medication_suspected" in ids(assess(make_request(kind="cramp", context=statin)))


def test_a_suspected_medicine_is_named_in_the_flag(knowledge: Knowledge) -> None:
    result = assess(make_request(context={"medications": [{"name": "Lasix"}]}), knowledge)
    flag = next(f for f in result.triage.flags if f.id == "medication_suspected")
    assert flag.why.startswith("Furosemide can cause twitching or cramps")
    assert "do not stop it on your own" in flag.why
