"""The clinical audit's cases (shared/MEDICAL-AUDIT.md, issue 15), finding by finding, at the
level the audit's source gives. Each row is a structured request as `check --json` reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.factories import make_request
from twitchwise.assessment import assess, parse_request
from twitchwise.domain.assessment import AssessmentResult, FactorStatus, FamilyId, TriageLevel
from twitchwise.knowledge import Knowledge

PILL = {"name": "the pill"}


@dataclass(frozen=True)
class Case:
    finding: str
    level: str
    person: dict[str, Any] = field(default_factory=dict)
    context: dict[str, Any] = field(default_factory=dict)
    episode: dict[str, Any] = field(default_factory=dict)
    flags: tuple[str, ...] = ()  # must be raised
    not_flags: tuple[str, ...] = ()  # must not be raised

    def run(self) -> AssessmentResult:
        return check(self.episode, self.person, self.context)


def check(
    episode: dict[str, Any],
    person: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> AssessmentResult:
    """The request as `check --json` reads it (the episode's own `context` is where it happened)."""
    data = {
        "person": person or {},
        "episode": {"kind": "twitch", **episode},
        "context": context or {},
    }
    return assess(parse_request(data))


def calf(**more: Any) -> dict[str, Any]:
    return {"kind": "cramp", "body_sites": ["calf"], **more}


def twitch(*symptoms: str, **more: Any) -> dict[str, Any]:
    return {"kind": "twitch", "body_sites": ["calf"], "symptoms": list(symptoms), **more}


CASES = {
    # 1 (NHS DVT): a one-sided painful calf "cramp" for days on the pill; swelling; the lungs.
    "1 pill, one-sided calf pain 7 for 3 days": Case(
        "1",
        "urgent",
        {"age_years": 40, "sex": "female"},
        {"medications": [PILL]},
        calf(sides="left", pain=7, persisting_days=3),
        flags=("one_leg_pain_with_clot_risk",),
    ),
    "1 one leg swollen": Case("1", "urgent", episode=calf(symptoms=["leg_swelling_one_side"])),
    "1 swollen leg and breathless": Case(
        "1", "emergency", episode=calf(symptoms=["leg_swelling_one_side", "difficulty_breathing"])
    ),
    "1 swollen leg and chest pain": Case(
        "1", "emergency", episode=calf(symptoms=["leg_swelling_one_side", "chest_pain"])
    ),
    # 2 (NHS palpitations): 999 with chest pain or fainting; a fit.
    "2 palpitations with chest pain": Case(
        "2", "emergency", episode=twitch("palpitations", "chest_pain")
    ),
    "2 palpitations with fainting": Case(
        "2", "emergency", episode=twitch("palpitations", "fainting")
    ),
    "2 a seizure": Case("2", "emergency", episode=twitch("seizure")),
    # 3: an abdominal cramp after sex, pain 8, 28 F.
    "3 belly cramp after sex, pain 8": Case(
        "3",
        "urgent",
        {"age_years": 28, "sex": "female"},
        episode={"kind": "cramp", "body_sites": ["abdomen"], "pain": 8, "context": "after_sex"},
        flags=("belly_or_chest_cramp_severe_or_pregnant",),
    ),
    # 4 (lithium SmPC): any new twitching is urgent; confusion or a fit an emergency.
    "4 lithium and twitching": Case("4", "urgent", context={"medications": [{"name": "lithium"}]}),
    "4 lithium and diarrhoea": Case(
        "4",
        "urgent",
        context={"medications": [{"name": "Priadel"}]},
        episode=twitch("vomiting_or_diarrhoea"),
        flags=("lithium_toxicity_signs",),
    ),
    "4 lithium and confusion": Case(
        "4",
        "emergency",
        context={"medications": [{"name": "lithium"}]},
        episode=twitch("confusion"),
    ),
    # 5 (MedlinePlus, BJGP): withdrawal.
    "5 stopped drinking, shaking": Case(
        "5", "urgent", episode=twitch("stopped_heavy_drinking", "tremor")
    ),
    "5 stopped drinking, hallucinations": Case(
        "5", "emergency", episode=twitch("stopped_heavy_drinking", "hallucinations")
    ),
    # 6: both legs, heat cramps not settling, a wound, a toxin.
    "6 both legs weak": Case("6", "emergency", episode=twitch("both_legs_weak_or_numb")),
    "6 not better after cooling": Case(
        "6", "emergency", episode=calf(symptoms=["not_better_after_cooling"])
    ),
    "6 a recent wound": Case("6", "urgent", episode=twitch("recent_wound")),
    "6 a weedkiller": Case("6", "urgent", episode=twitch("poison_or_toxin")),
    # 8 (EFSA, NHS, TGA): B6 50 mg a day; B6 with tingling.
    "8 B6 50 mg a day": Case(
        "8",
        "see_doctor",
        context={"medications": [{"name": "vitamin B6", "dose_mg_per_day": 50}]},
        flags=("high_dose_vitamin_b6",),
    ),
    "8 B6 5 mg with tingling": Case(
        "8",
        "see_doctor",
        context={"medications": [{"name": "vitamin B6", "dose_mg_per_day": 5}]},
        episode=twitch("tingling"),
        flags=("vitamin_b6_with_nerve_signs",),
        not_flags=("high_dose_vitamin_b6",),
    ),
    # 14: daily twitching alone is not a reason to see a doctor; daily cramps are.
    "14 daily twitching alone": Case(
        "14", "self_care", episode=twitch(episodes_per_week=7), not_flags=("frequent",)
    ),
    "14 daily cramps": Case("14", "see_doctor", episode=calf(episodes_per_week=7)),
    "14 daily twitching that disturbs life": Case(
        "14", "see_doctor", episode=twitch("interferes_daily_life", episodes_per_week=7)
    ),
    # 15: the over-alarms, and the companions that raise them.
    "15 palpitations alone": Case("15", "see_doctor", episode=twitch("palpitations")),
    "15 fever alone": Case("15", "see_doctor", episode=twitch("fever")),
    "15 starting an SSRI": Case(
        "15",
        "see_doctor",
        context={"medications": [{"name": "sertraline"}]},
        episode=twitch("new_medication"),
    ),
    "15 two serotonergic medicines, stable": Case(
        "15",
        "see_doctor",
        context={"medications": [{"name": "sertraline"}, {"name": "tramadol"}]},
        flags=("serotonergic_combination",),
    ),
    "15 SSRI with agitation": Case(
        "15",
        "urgent",
        context={"medications": [{"name": "sertraline"}]},
        episode=twitch("agitation"),
        flags=("serotonin_toxicity",),
    ),
    "15 SSRI with rigid muscles": Case(
        "15",
        "emergency",
        context={"medications": [{"name": "sertraline"}]},
        episode=twitch("muscle_rigidity"),
    ),
    "15 palpitations after diarrhoea": Case(
        "15",
        "urgent",
        episode=calf(symptoms=["palpitations", "vomiting_or_diarrhoea"]),
        flags=("palpitations_with_salt_loss",),
    ),
    "15 fever with a stiff neck": Case("15", "emergency", episode=twitch("fever", "stiff_neck")),
    # 17 (Merck): cramps after vomiting; calf pain on walking; a long-term condition.
    "17 cramps after vomiting": Case(
        "17", "urgent", episode=calf(symptoms=["vomiting_or_diarrhoea"])
    ),
    "17 calf pain on walking": Case(
        "17", "urgent", episode=calf(symptoms=["calf_pain_on_walking"])
    ),
    "17 cramps on a water tablet": Case(
        "17",
        "urgent",
        {"age_years": 74},
        {"medications": [{"name": "furosemide", "dose_mg_per_day": 40}]},
        calf(context="at_rest"),
        flags=("cramps_on_a_diuretic",),
    ),
    "17 diabetes": Case("17", "see_doctor", {"conditions": ["diabetes"]}, episode=calf()),
    # 19: NRT with 300 mg of coffee is not "see a doctor".
    "19 nicotine patch and 300 mg caffeine": Case(
        "19",
        "self_care",
        context={"caffeine_mg_last_24h": 300, "medications": [{"name": "nicotine patch"}]},
        not_flags=("medication_suspected",),
    ),
    "19 omeprazole for a month": Case(
        "19",
        "self_care",
        context={"medications": [{"name": "omeprazole", "taken_for_days": 30}]},
        episode=calf(),
        not_flags=("medication_suspected",),
    ),
    "19 omeprazole for over a year": Case(
        "19",
        "see_doctor",
        context={"medications": [{"name": "omeprazole", "taken_for_days": 400}]},
        episode=calf(),
        flags=("medication_suspected",),
    ),
    # 26 (MHRA): quinine is a warning, not a cause.
    "26 quinine for night cramps": Case(
        "26",
        "see_doctor",
        context={"medications": [{"name": "quinine sulphate", "dose_mg_per_day": 200}]},
        episode=calf(context="at_rest"),
        flags=("quinine_for_cramps",),
        not_flags=("medication_suspected",),
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_the_audits_case_gets_the_level_its_source_gives(name: str) -> None:
    case = CASES[name]
    result = case.run()
    raised = {flag.id for flag in result.triage.flags}
    assert result.triage.level.value == case.level, (name, sorted(raised))
    assert set(case.flags) <= raised, name
    assert not set(case.not_flags) & raised, name


def factor_of(result: AssessmentResult, family: FamilyId) -> Any:
    return next(f for f in result.factors if f.id is family)


def test_3_a_belly_cramp_is_not_put_down_to_sex_or_stretched() -> None:
    result = CASES["3 belly cramp after sex, pain 8"].run()
    exertion = factor_of(result, FamilyId.EXERTION)
    assert exertion.score == 0 and exertion.status is not FactorStatus.POSSIBLE
    assert "not the muscle cramps of exercise" in exertion.evidence[0]
    assert not any("stretch" in step.lower() for step in result.plan)


def test_7_potassium_salt_and_magnesium_advice_asks_first_with_kidney_disease() -> None:
    def advice(person: dict[str, Any], medicines: list[dict[str, Any]]) -> tuple[str, ...]:
        request = make_request(
            person=person,
            context={"daily_intake": {"potassium_mg": 900}, "medications": medicines},
            kind="cramp",
        )
        return factor_of(assess(request), FamilyId.NUTRIENTS).advice

    anyone = " ".join(advice({}, []))
    assert "ask your doctor before eating more potassium" in anyone
    for person, medicines in (
        ({"conditions": ["kidney_disease"]}, []),
        ({"conditions": ["heart_failure"]}, []),
        ({}, [{"name": "ramipril"}]),
        ({}, [{"name": "spironolactone"}]),
    ):
        told = " ".join(advice(person, medicines))
        assert "Ask your doctor before you eat more potassium-rich food" in told, person
        assert "Eat more of the foods rich" not in told, person


def test_7_salt_advice_asks_first_with_heart_failure() -> None:
    request = make_request(
        person={"conditions": ["heart_failure"]}, context={"sweating": "heavy"}, kind="cramp"
    )
    told = factor_of(assess(request), FamilyId.HYDRATION_ELECTROLYTES).advice
    assert any("may not be safe for you: ask your doctor" in line for line in told)
    assert not any(line.startswith("If you sweat heavily") for line in told)


def test_9_magnesium_350_cites_the_us_only_and_the_eu_250_is_stated(knowledge: Knowledge) -> None:
    us = knowledge.thresholds["magnesium_supplement_upper_mg"].rule[-1]
    assert us.value == 350 and "NUT-BFR-2017" not in us.sources
    eu = knowledge.thresholds["magnesium_supplement_upper_eu_mg"].rule[-1]
    assert eu.value == 250 and eu.sources == ("NUT-BFR-2017",)


def test_10_potassium_cites_nasem_not_efsa_for_its_values(knowledge: Knowledge) -> None:
    for rule in knowledge.thresholds["potassium_mg"].rule:
        assert rule.sources[0] == "NUT-NASEM-K"
        if "NUT-EFSA-K-2016" in rule.sources:
            assert "EFSA's is 3,500 mg" in rule.population


def test_11_too_little_water_is_a_weak_signal_and_has_no_rule_under_14() -> None:
    dry = make_request(person={"sex": "male", "age_years": 30}, context={"water_ml_last_24h": 0})
    hydration = factor_of(assess(dry), FamilyId.HYDRATION_ELECTROLYTES)
    assert hydration.status is FactorStatus.UNLIKELY and hydration.score <= 0.2
    assert "tea, coffee and milk count too" in hydration.evidence[0]
    child = make_request(person={"age_years": 10}, context={"water_ml_last_24h": 300})
    hydration = factor_of(assess(child), FamilyId.HYDRATION_ELECTROLYTES)
    assert hydration.score == 0 and "aged 14 and over" in hydration.evidence[0]


def test_12_and_22_caffeine_within_the_limit_is_weak_and_a_gram_is_strong() -> None:
    usual = factor_of(
        assess(make_request(context={"caffeine_mg_last_24h": 300})), FamilyId.CAFFEINE
    )
    assert usual.status is FactorStatus.UNLIKELY and usual.evidence_grade.value == "weak"
    assert "mostly at very high intakes" in usual.explanation
    lots = factor_of(
        assess(make_request(context={"caffeine_mg_last_24h": 1200})), FamilyId.CAFFEINE
    )
    assert lots.status is FactorStatus.LIKELY and lots.evidence_grade.value == "strong"


def test_13_the_drinks_table_follows_the_nhs(knowledge: Knowledge) -> None:
    def drink(name: str) -> Any:
        found = knowledge.drink_named(name)
        assert found is not None, name
        return found

    assert drink("mug of tea").caffeine_mg == 75 == drink("cup of tea").caffeine_mg
    assert drink("monster").caffeine_mg == 160 and drink("red bull").caffeine_mg == 80
    assert drink("pint").alcohol_units == 2.3
    assert drink("latte").caffeine_mg > drink("coffee").caffeine_mg
    assert drink("large latte").caffeine_mg > drink("latte").caffeine_mg
    assert "25 ml" in (drink("shot").serving or "")


def test_16_the_stress_advice_points_to_talking_therapies() -> None:
    result = assess(make_request(context={"stress_0_10": 8}))
    advice = " ".join(factor_of(result, FamilyId.STRESS).advice)
    assert "talking therapies" in advice and "health anxiety" in advice


def test_18_children_get_their_own_limits_without_a_weight() -> None:
    def caffeine(mg: float, age: int, **person: Any) -> Any:
        request = make_request(
            person={"age_years": age, **person}, context={"caffeine_mg_last_24h": mg}
        )
        return factor_of(assess(request), FamilyId.CAFFEINE)

    assert caffeine(150, 15).status is FactorStatus.LIKELY  # 125 mg without a weight
    assert caffeine(150, 15, weight_kg=60).status is not FactorStatus.LIKELY  # 180 mg
    assert caffeine(70, 8).status is FactorStatus.LIKELY  # 62.5 mg at 7-9
    young = make_request(person={"age_years": 15}, context={"daily_intake": {"magnesium_mg": 10}})
    nutrients = factor_of(assess(young), FamilyId.NUTRIENTS)
    assert nutrients.score == 0 and "for adults" in nutrients.evidence[0]


def test_19_nicotine_is_weak_and_says_keep_the_nrt() -> None:
    result = CASES["19 nicotine patch and 300 mg caffeine"].run()
    caffeine = factor_of(result, FamilyId.CAFFEINE)
    assert caffeine.status is not FactorStatus.LIKELY
    assert any("do not stop your nicotine replacement" in line for line in caffeine.evidence)


def test_20_a_low_diet_alone_stays_unlikely_and_vitamin_d_is_not_scored() -> None:
    intake = {"magnesium_mg": 50, "potassium_mg": 500, "calcium_mg": 200, "vitamin_d_iu": 0}
    result = assess(make_request(kind="cramp", context={"daily_intake": intake}))
    nutrients = factor_of(result, FamilyId.NUTRIENTS)
    assert nutrients.status is FactorStatus.UNLIKELY
    assert not any(line.startswith("vitamin D about") for line in nutrients.evidence)


def test_21_sex_is_light_to_moderate_exercise_and_twitching_after_it_is_weak() -> None:
    result = check({"kind": "twitch", "body_sites": ["thigh"], "context": "after_sex"})
    exertion = factor_of(result, FamilyId.EXERTION)
    assert exertion.evidence_grade.value == "weak"
    assert "light to moderate exercise" in exertion.evidence[0]
    assert "light to moderate exercise" in exertion.explanation
    assert "more excitable" not in exertion.explanation
    cramp = factor_of(check({"kind": "cramp", "context": "after_sex"}), FamilyId.EXERTION)
    assert cramp.evidence_grade.value == "moderate"


def test_23_and_24_the_reassurance_is_for_examined_twitches_and_routine_referral(
    knowledge: Knowledge,
) -> None:
    advice = next(a for a in knowledge.advice if a.id == "twitch_reassurance").text
    assert "a doctor had examined" in advice and "over about 50" in advice
    calm = knowledge.levels[TriageLevel.SELF_CARE].reassurance or ""
    assert "routinely" in calm and "Twitches on their own" in calm
    assert "Twitches or cramps on their own" not in calm


def test_25_stretching_is_for_cramps_and_thirst_cites_the_hyponatraemia_consensus(
    knowledge: Knowledge,
) -> None:
    advice = {a.id: a for a in knowledge.advice}
    assert "massage" not in advice["rest_after_exertion"].text
    assert "stretch" not in advice["rest_after_exertion"].text
    assert advice["drink_to_thirst"].sources[0] == "HYD-EAH-2015"
    assert "HYD-ACSM-2007" not in advice["drink_to_thirst"].sources


def test_26_tonic_water_is_said_not_to_help_with_night_cramps() -> None:
    result = check({"kind": "cramp", "body_sites": ["calf"], "context": "at_rest"})
    assert any(step.startswith("Tonic water will not help") for step in result.plan)


def test_27_the_labels_say_whose_values_they_are(knowledge: Knowledge) -> None:
    water = knowledge.thresholds["water_from_drinks_ml"]
    assert all("EFSA" in rule.population for rule in water.rule)
    assert all("US" in rule.population for rule in knowledge.thresholds["magnesium_mg"].rule)
    b6 = next(a for a in knowledge.advice if a.id == "check_b6_dose").text
    assert "{vitamin_b6_supplement_uk_mg}" in b6 and "{vitamin_b6_upper_eu_mg}" in b6


def test_1_a_possible_clot_gets_no_advice_to_stretch_or_massage_the_leg() -> None:
    result = CASES["1 pill, one-sided calf pain 7 for 3 days"].run()
    assert not any("massag" in step or "stretch the muscle" in step for step in result.plan)
    ordinary = check(calf(pain=3))
    assert any("stretch the muscle" in step for step in ordinary.plan)
