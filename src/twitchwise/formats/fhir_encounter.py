"""A doctor's visit as a FHIR R4 Encounter, and back: written by the export, read by the import.

R4 has no place on an Encounter for what came of it or a note, so both ride on extensions of
our own (listed in docs/fhir.md): the outcome as a coding of the local ``visit-outcome`` code
system, the note as a string. ``class`` is HL7's v3 ActCode ``AMB`` (ambulatory); the period is
the visit's day, as a date.
"""

from __future__ import annotations

from typing import Any

from fhir.resources.R4B.encounter import Encounter

from twitchwise.domain.assessment import VisitOutcome
from twitchwise.domain.journal import DoctorVisit
from twitchwise.formats.fhir_codes import LOCAL

ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
VISIT_OUTCOME = f"{LOCAL}/visit-outcome"
VISIT_TYPE = f"{LOCAL}/visit"
OUTCOME_EXTENSION = "https://twitchwise.example/fhir/StructureDefinition/visit-outcome"
NOTE_EXTENSION = "https://twitchwise.example/fhir/StructureDefinition/visit-note"
_WORDS = {
    VisitOutcome.REASSURED: "Reassured",
    VisitOutcome.REFERRED: "Referred on",
    VisitOutcome.TREATED: "Treated",
    VisitOutcome.DIAGNOSED: "Diagnosed",
}


def encounter_resource(visit: DoctorVisit, subject: dict[str, Any]) -> dict[str, Any]:
    """The visit as a validated Encounter, JSON-ready."""
    outcome = {
        "system": VISIT_OUTCOME,
        "code": visit.outcome.value,
        "display": _WORDS[visit.outcome],
    }
    extensions: list[dict[str, Any]] = [{"url": OUTCOME_EXTENSION, "valueCoding": outcome}]
    if visit.note.strip():
        extensions.append({"url": NOTE_EXTENSION, "valueString": visit.note})
    day = visit.on.isoformat()
    data = {
        "resourceType": "Encounter",
        "extension": extensions,
        "status": "finished",
        "class": {"system": ACT_CODE, "code": "AMB", "display": "ambulatory"},
        "type": [
            {
                "coding": [
                    {
                        "system": VISIT_TYPE,
                        "code": "twitch-cramp-visit",
                        "display": "Seen by a doctor about muscle twitches or cramps",
                    }
                ]
            }
        ],
        "subject": subject,
        "period": {"start": day, "end": day},
    }
    dumped: dict[str, Any] = Encounter.model_validate(data).model_dump(mode="json")
    return dumped


def is_visit(encounter: Encounter) -> bool:
    """An Encounter this app wrote: it carries the visit-outcome extension."""
    return any(ext.url == OUTCOME_EXTENSION for ext in encounter.extension or [])


def visit_fields(encounter: Encounter) -> dict[str, Any]:
    """The fields of a DoctorVisit the Encounter holds (validated by the caller)."""
    fields: dict[str, Any] = {}
    for ext in encounter.extension or []:
        if ext.url == OUTCOME_EXTENSION and ext.valueCoding is not None:
            fields["outcome"] = ext.valueCoding.code
        elif ext.url == NOTE_EXTENSION and ext.valueString:
            fields["note"] = ext.valueString
    start = encounter.period.start if encounter.period is not None else None
    if start is not None:
        fields["on"] = start.date() if hasattr(start, "date") else start
    return fields
