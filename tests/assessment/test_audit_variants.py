"""A second set of cases on the audit's signs and limits, written apart from the audit's own
(tests/assessment/test_audit_cases.py): other ages, brands and sites, doses just above and below
the limits, companions combined. Each says the lowest level its source allows (`low`) and the
highest that is not an over-alarm (`high`); nothing may fall below `low` (under-triage) or rise
above `high` (the over-alarms the audit named)."""

from __future__ import annotations

from typing import Any

import pytest

from twitchwise.assessment import assess, parse_request
from twitchwise.domain.assessment import AssessmentResult, TriageLevel

L = TriageLevel
SELF, DOCTOR, URGENT, EMERGENCY = L.SELF_CARE, L.SEE_DOCTOR, L.URGENT, L.EMERGENCY


def check(
    episode: dict[str, Any],
    person: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
) -> AssessmentResult:
    data = {"person": person or {}, "episode": episode, "context": context or {}}
    return assess(parse_request(data))


def meds(*names: str, **doses: float) -> dict[str, Any]:
    """``meds("Priadel")``, ``meds(pyridoxine=11)`` (a dose in mg a day)."""
    listed = [{"name": name} for name in names]
    listed += [{"name": name, "dose_mg_per_day": mg} for name, mg in doses.items()]
    return {"medications": listed}


# (name, episode, person, context, low, high)
VARIANTS: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], L, L]] = [
    # A blood clot: HRT, pregnancy, thigh; both legs or no hormones are not the clot pattern.
    (
        "58 F on estradiol, right thigh pain 8 for 4 days",
        {
            "kind": "cramp",
            "body_sites": ["thigh"],
            "sides": "right",
            "pain": 8,
            "persisting_days": 4,
        },
        {"age_years": 58, "sex": "female"},
        meds("estradiol"),
        URGENT,
        URGENT,
    ),
    (
        "31 F pregnant, left calf severe for 2 days",
        {
            "kind": "cramp",
            "body_sites": ["leg"],
            "sides": "left",
            "persisting_days": 2,
            "symptoms": ["severe_pain"],
        },
        {"age_years": 31, "sex": "female", "pregnant": True},
        {},
        URGENT,
        URGENT,
    ),
    (
        "45 M, no hormones, one calf pain 8 for 3 days",
        {"kind": "cramp", "body_sites": ["calf"], "sides": "left", "pain": 8, "persisting_days": 3},
        {"age_years": 45, "sex": "male"},
        {},
        DOCTOR,
        DOCTOR,
    ),
    (
        "on the pill, both calves for 3 days",
        {"kind": "cramp", "body_sites": ["calf"], "sides": "both", "pain": 7, "persisting_days": 3},
        {"age_years": 25, "sex": "female"},
        meds("combined pill"),
        DOCTOR,
        DOCTOR,
    ),
    (
        "swollen red leg, short of breath, on HRT",
        {
            "kind": "cramp",
            "body_sites": ["calf"],
            "symptoms": ["leg_swelling_one_side", "difficulty_breathing"],
        },
        {"age_years": 62, "sex": "female"},
        meds("HRT"),
        EMERGENCY,
        EMERGENCY,
    ),
    # Belly cramps.
    (
        "24 F maybe pregnant, mild belly cramp",
        {"kind": "cramp", "body_sites": ["abdomen"], "pain": 3},
        {"age_years": 24, "sex": "female", "possibly_pregnant": True},
        {},
        URGENT,
        URGENT,
    ),
    (
        "33 M, belly cramp pain 5 after a run",
        {"kind": "cramp", "body_sites": ["abdomen"], "pain": 5, "context": "after_exercise"},
        {"age_years": 33, "sex": "male"},
        {},
        SELF,
        SELF,
    ),
    # B6 just under and over the UK 10 mg; nerve signs at any dose.
    ("pyridoxine 9 mg", {"kind": "twitch"}, {}, meds(pyridoxine=9), SELF, SELF),
    ("pyridoxine 11 mg", {"kind": "twitch"}, {}, meds(pyridoxine=11), DOCTOR, DOCTOR),
    ("B-6 150 mg", {"kind": "twitch"}, {}, meds(**{"vitamin b-6": 150}), DOCTOR, DOCTOR),
    (
        "P5P 9 mg with unsteadiness",
        {"kind": "twitch", "symptoms": ["unsteady"]},
        {},
        meds(p5p=9),
        DOCTOR,
        DOCTOR,
    ),
    # Lithium by brand.
    ("Camcolit, new twitching", {"kind": "twitch"}, {}, meds("Camcolit"), URGENT, URGENT),
    (
        "Priadel, unsteady and shaky",
        {"kind": "twitch", "symptoms": ["unsteady", "tremor"]},
        {},
        meds("Priadel"),
        URGENT,
        URGENT,
    ),
    (
        "lithium, fainted",
        {"kind": "twitch", "symptoms": ["fainting"]},
        {},
        meds("lithium carbonate"),
        EMERGENCY,
        EMERGENCY,
    ),
    # Palpitations and fever: alone a doctor, with their companions sooner.
    (
        "racing heart, 22 M",
        {"kind": "twitch", "symptoms": ["palpitations"]},
        {"age_years": 22},
        {},
        DOCTOR,
        DOCTOR,
    ),
    (
        "racing heart on bendroflumethiazide",
        {"kind": "cramp", "symptoms": ["palpitations"]},
        {"age_years": 70},
        meds("bendroflumethiazide"),
        URGENT,
        URGENT,
    ),
    (
        "racing heart, peeing very little",
        {"kind": "cramp", "symptoms": ["palpitations", "little_urine"]},
        {},
        {},
        URGENT,
        URGENT,
    ),
    (
        "racing heart and chest tightness",
        {"kind": "twitch", "symptoms": ["palpitations", "chest_pain"]},
        {},
        {},
        EMERGENCY,
        EMERGENCY,
    ),
    ("fever, 45", {"kind": "twitch", "symptoms": ["fever"]}, {"age_years": 45}, {}, DOCTOR, DOCTOR),
    (
        "fever and rigid muscles, no medicines",
        {"kind": "spasm", "symptoms": ["fever", "muscle_rigidity"]},
        {},
        {},
        URGENT,
        URGENT,
    ),
    (
        "fever on citalopram",
        {"kind": "twitch", "symptoms": ["fever"]},
        {},
        meds("citalopram"),
        URGENT,
        URGENT,
    ),
    (
        "fever and agitation on St John's wort",
        {"kind": "twitch", "symptoms": ["fever", "agitation"]},
        {},
        meds("st johns wort"),
        EMERGENCY,
        EMERGENCY,
    ),
    (
        "fever and confusion",
        {"kind": "twitch", "symptoms": ["fever", "confusion"]},
        {},
        {},
        EMERGENCY,
        EMERGENCY,
    ),
    (
        "mirtazapine with a new triptan",
        {"kind": "twitch", "symptoms": ["new_medication"]},
        {},
        meds("mirtazapine", "sumatriptan"),
        URGENT,
        URGENT,
    ),
    ("escitalopram, stable, twitching", {"kind": "twitch"}, {}, meds("Lexapro"), SELF, SELF),
    # Frequency: twitches every day are common; cramps every day are not.
    (
        "eyelid twitching 30 times a week",
        {"kind": "twitch", "body_sites": ["eyelid"], "episodes_per_week": 30},
        {},
        {},
        SELF,
        SELF,
    ),
    (
        "foot cramps 10 times a week",
        {"kind": "cramp", "body_sites": ["foot"], "episodes_per_week": 10},
        {},
        {},
        DOCTOR,
        DOCTOR,
    ),
    ("spasms 7 times a week", {"kind": "spasm", "episodes_per_week": 7}, {}, {}, DOCTOR, DOCTOR),
    # Nicotine, acid blockers, quinine.
    (
        "nicotine gum and 350 mg caffeine",
        {"kind": "twitch"},
        {},
        {"caffeine_mg_last_24h": 350, **meds("nicotine gum")},
        SELF,
        SELF,
    ),
    (
        "Nexium for 100 days, cramps",
        {"kind": "cramp"},
        {},
        {"medications": [{"name": "Nexium", "taken_for_days": 100}]},
        DOCTOR,
        DOCTOR,
    ),
    (
        "Nexium for 80 days, cramps",
        {"kind": "cramp"},
        {},
        {"medications": [{"name": "Nexium", "taken_for_days": 80}]},
        SELF,
        SELF,
    ),
    ("Nexium with spasms, any duration", {"kind": "spasm"}, {}, meds("Nexium"), URGENT, URGENT),
    (
        "quinine bisulphate",
        {"kind": "cramp", "context": "at_rest"},
        {"age_years": 77},
        meds("quinine bisulphate"),
        DOCTOR,
        DOCTOR,
    ),
    # Water tablets: cramps on one ask for a blood test soon; a twitch alone does not.
    (
        "night foot cramps on indapamide",
        {"kind": "cramp", "body_sites": ["foot"], "context": "at_rest"},
        {"age_years": 81},
        meds("Natrilix"),
        URGENT,
        URGENT,
    ),
    (
        "eyelid twitch on a water pill",
        {"kind": "twitch", "body_sites": ["eyelid"]},
        {},
        meds("water pill"),
        DOCTOR,
        DOCTOR,
    ),
    # Withdrawal, wounds, heat.
    (
        "off the booze 2 days, twitchy",
        {"kind": "twitch", "symptoms": ["stopped_heavy_drinking"]},
        {},
        {},
        URGENT,
        URGENT,
    ),
    (
        "off the booze, a fit",
        {"kind": "twitch", "symptoms": ["stopped_heavy_drinking", "seizure"]},
        {},
        {},
        EMERGENCY,
        EMERGENCY,
    ),
    (
        "garden cut, jaw stiff",
        {"kind": "spasm", "symptoms": ["recent_wound", "muscle_rigidity"]},
        {},
        {},
        EMERGENCY,
        EMERGENCY,
    ),
    (
        "heat cramps still bad after cooling",
        {"kind": "cramp", "symptoms": ["not_better_after_cooling"]},
        {},
        {"hot_environment": True},
        EMERGENCY,
        EMERGENCY,
    ),
]


@pytest.mark.parametrize(
    ("name", "episode", "person", "context", "low", "high"), VARIANTS, ids=[v[0] for v in VARIANTS]
)
def test_the_variant_is_neither_under_triaged_nor_over_alarmed(
    name: str,
    episode: dict[str, Any],
    person: dict[str, Any],
    context: dict[str, Any],
    low: L,
    high: L,
) -> None:
    result = check(episode, person, context)
    level = result.triage.level
    flags = sorted(f.id for f in result.triage.flags)
    assert level.rank >= low.rank, f"under-triaged: {name} -> {level.value} {flags}"
    assert level.rank <= high.rank, f"over-alarmed: {name} -> {level.value} {flags}"


def test_the_second_set_has_no_under_triage_and_no_over_alarm_in_total() -> None:
    under, over = [], []
    for name, episode, person, context, low, high in VARIANTS:
        level = check(episode, person, context).triage.level
        if level.rank < low.rank:
            under.append(name)
        if level.rank > high.rank:
            over.append(name)
    assert (under, over) == ([], [])
    assert len(VARIANTS) >= 35
