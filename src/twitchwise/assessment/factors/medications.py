"""Medicines and supplements: each named medicine's link to this kind of episode."""

from __future__ import annotations

from twitchwise.assessment.factors.base import Finding, medicine_signals
from twitchwise.assessment.situation import Situation
from twitchwise.domain.assessment import FamilyId, Flag
from twitchwise.domain.units import number
from twitchwise.knowledge import Knowledge, MedicationMatch
from twitchwise.knowledge.model import FlagCondition


def _vitamin_b6(
    finding: Finding, match: MedicationMatch, situation: Situation, knowledge: Knowledge
) -> None:
    person = situation.person
    europe = knowledge.threshold("vitamin_b6_upper_eu_mg", person)
    uk = knowledge.threshold("vitamin_b6_supplement_uk_mg", person)
    dose = match.dose_mg_per_day
    note = next(c.note for c in match.classes if c.id == "vitamin_b6")
    uk_advice = f"the UK advice ({uk.show()} a day from supplements)"
    limits = f"{uk_advice} and the European upper limit ({europe.show()} a day)"
    if dose is None:
        finding.add(0.1, f"{match.how()} (dose not given): {note}", europe.sources)
    elif dose > max(uk.value, europe.value):
        finding.add(
            0.25,
            f"{match.how()} {number(dose)} mg a day, above {limits}: {note}",
            uk.sources + europe.sources,
        )
    elif dose > uk.value:
        finding.add(
            0.2,
            f"{match.how()} {number(dose)} mg a day, above {uk_advice}: {note}",
            uk.sources,
        )
    else:
        finding.add(
            0.05,
            f"{match.how()} {number(dose)} mg a day, within {limits}",
            uk.sources + europe.sources,
        )


def evaluate(situation: Situation, knowledge: Knowledge) -> Finding:
    finding = Finding()
    medicine_signals(finding, situation, FamilyId.MEDICATIONS, skip=frozenset({"vitamin_b6"}))
    for match in situation.in_classes({"vitamin_b6"}):
        _vitamin_b6(finding, match, situation, knowledge)
    for match in situation.medications:
        if all(c.family is not FamilyId.MEDICATIONS for c in match.classes):
            family = knowledge.families[match.classes[0].family]
            finding.add(0.0, f"{match.how()}: counted under {family.name.lower()}")
    for name in situation.unrecognised:
        finding.add(
            0.0,
            f"{name!r} is not in twitchwise's list; ask a pharmacist whether it can cause "
            "twitching or cramps",
        )
    return finding


# How much a warning sign that names a medicine points at it: enough on its own for "likely".
_FLAGGED = 0.6


def flagged(
    finding: Finding, situation: Situation, knowledge: Knowledge, flags: tuple[Flag, ...]
) -> None:
    """A raised warning sign that is about a medicine the person takes (too much serotonin,
    lithium with new twitching) makes the medicine likely here too."""
    rules = {rule.id: rule for rule in knowledge.flags}
    for flag in flags:
        rule = rules.get(flag.id)
        if rule is None:
            continue
        names = list(dict.fromkeys(m.name for m in situation.in_classes(_classes(rule.when))))
        if names:
            sign = rule.sign[0].lower() + rule.sign[1:]
            evidence = f"{', '.join(names)}: named by the warning sign above ({sign})"
            finding.add(_FLAGGED, evidence, flag.sources)


def _classes(condition: FlagCondition) -> tuple[str, ...]:
    found = list(condition.drug_class_any)
    for inner in condition.any_of:
        found.extend(_classes(inner))
    return tuple(dict.fromkeys(found))
