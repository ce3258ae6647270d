"""Hypothesis strategies: any valid assessment request, as the JSON-like dict a user would send."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from twitchwise.domain.assessment import Sex, Sweating
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side, Symptom

MEDICINE_NAMES = [
    "furosemide",
    "Lasix",
    "sertraline",
    "tramadol",
    "omeprazole",
    "lithium",
    "Ventolin",
    "pyridostigmine",
    "atorvastatin",
    "vitamin B6",
    "magnesium",
    "Pro Plus",
    "prednisolone",
    "paracetamol",
    "an SSRI",
    "water tablets",
    "unknown pill",
]


def _values(enum: type[Any]) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in enum])


def _optional(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


rating = st.integers(0, 10)
amount = st.floats(0, 5000, allow_nan=False)

persons = st.one_of(
    _optional(
        {
            "age_years": st.integers(0, 120),
            "sex": st.just(Sex.MALE.value),
            "weight_kg": st.floats(1, 300),
            "breastfeeding": st.just(False),
        }
    ),
    _optional(
        {
            "age_years": st.integers(0, 120),
            "sex": st.just(Sex.FEMALE.value),
            "pregnant": st.booleans(),
            "breastfeeding": st.booleans(),
            "weight_kg": st.floats(1, 300),
        }
    ),
)

episodes = st.fixed_dictionaries(
    {"kind": _values(EpisodeKind)},
    optional={
        "started_at": st.just("2026-11-20T23:40:00+01:00"),
        "body_sites": st.lists(_values(BodySite), max_size=5),
        "sides": _values(Side),
        "duration_minutes": st.floats(0, 600, allow_nan=False),
        "intensity": rating,
        "pain": rating,
        "context": _values(EpisodeContext),
        "persisting_days": st.integers(0, 400),
        "episodes_per_week": st.floats(0, 50, allow_nan=False),
        "symptoms": st.lists(_values(Symptom), max_size=6),
    },
)

medicines = st.lists(
    st.fixed_dictionaries(
        {"name": st.sampled_from(MEDICINE_NAMES)},
        optional={"dose_mg_per_day": st.floats(0, 1000, allow_nan=False)},
    ),
    max_size=4,
)

contexts = _optional(
    {
        "exertion": _optional(
            {
                "activity": st.sampled_from(["sex", "running", "gym"]),
                "minutes": st.floats(0, 300, allow_nan=False),
                "rpe": rating,
            }
        ),
        "sleep_hours_last_night": st.floats(0, 24, allow_nan=False),
        "caffeine_mg_last_24h": amount,
        "water_ml_last_24h": st.floats(0, 8000, allow_nan=False),
        "alcohol_units_last_24h": st.floats(0, 40, allow_nan=False),
        "sweating": _values(Sweating),
        "hot_environment": st.booleans(),
        "stress_0_10": rating,
        "daily_intake": _optional(
            {
                "magnesium_mg": amount,
                "potassium_mg": amount,
                "calcium_mg": amount,
                "vitamin_d_iu": amount,
            }
        ),
        "medications": medicines,
    }
)

requests = st.fixed_dictionaries(
    {"episode": episodes}, optional={"person": persons, "context": contexts}
)
