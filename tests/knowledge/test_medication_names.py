"""A medicine is recognised by generic name, other spelling, brand or class, in any case."""

from __future__ import annotations

import pytest

from twitchwise.knowledge import Knowledge


@pytest.mark.parametrize(
    ("written", "drug", "classes"),
    [
        ("furosemide", "furosemide", {"diuretic"}),
        ("FUROSEMIDE", "furosemide", {"diuretic"}),
        ("Lasix 40mg", "furosemide", {"diuretic"}),
        ("frusemide", "furosemide", {"diuretic"}),
        ("Ventolin inhaler", "salbutamol", {"beta2_agonist"}),
        ("albuterol", "salbutamol", {"beta2_agonist"}),
        ("Mestinon", "pyridostigmine", {"anticholinesterase"}),
        ("Lipitor", "atorvastatin", {"statin"}),
        ("Priadel", "lithium", {"lithium", "serotonergic"}),
        ("Nexium", "esomeprazole", {"proton_pump_inhibitor"}),
        ("Zoloft", "sertraline", {"serotonergic"}),
        ("Sudafed", "pseudoephedrine", {"stimulant"}),
        ("vitamin b-6", "vitamin B6", {"vitamin_b6"}),
        ("Pyridoxine", "vitamin B6", {"vitamin_b6"}),
        ("magnesium glycinate", "magnesium", {"magnesium"}),
        ("prednisolone", "prednisolone", {"corticosteroid"}),
    ],
)
def test_a_drug_is_found_by_any_of_its_names(
    knowledge: Knowledge, written: str, drug: str, classes: set[str]
) -> None:
    match = knowledge.match_medication(written)
    assert match is not None
    assert match.drug is not None and match.drug.id == drug
    assert {c.id for c in match.classes} == classes


@pytest.mark.parametrize(
    ("written", "drug_class"),
    [("an SSRI", "serotonergic"), ("water tablets", "diuretic"), ("PPI", "proton_pump_inhibitor")],
)
def test_a_class_name_matches_the_class(
    knowledge: Knowledge, written: str, drug_class: str
) -> None:
    match = knowledge.match_medication(written)
    assert match is not None and match.drug is None
    assert [c.id for c in match.classes] == [drug_class]


@pytest.mark.parametrize("written", ["paracetamol", "xyz", "b", "statinless tea"])
def test_unknown_names_match_nothing(knowledge: Knowledge, written: str) -> None:
    assert knowledge.match_medication(written) is None


def test_the_evidence_names_how_a_brand_was_matched(knowledge: Knowledge) -> None:
    match = knowledge.match_medication("Lasix")
    assert match is not None
    assert match.how() == "Lasix = furosemide"
    plain = knowledge.match_medication("furosemide")
    assert plain is not None and plain.how() == "furosemide"
