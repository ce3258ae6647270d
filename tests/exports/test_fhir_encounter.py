"""A doctor's visit in the FHIR export is an Encounter, read back by the import as the visit."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.encounter import Encounter

from tests.conftest import ROOT
from twitchwise.domain.assessment import VisitOutcome
from twitchwise.domain.journal import DoctorVisit, Profile
from twitchwise.exports.fhir import bundle
from twitchwise.formats import fhir_encounter
from twitchwise.imports.readers.fhir import parse_bundle

PROFILE = Profile(name="me", time_zone="Europe/London")
EXPORTED = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
SEEN = DoctorVisit(on=date(2026, 11, 10), outcome=VisitOutcome.REASSURED, note="normal exam")
REFERRED = DoctorVisit(on=date(2026, 11, 20), outcome=VisitOutcome.REFERRED)


def test_a_visit_is_a_finished_ambulatory_encounter_with_its_day_and_outcome() -> None:
    data = bundle(PROFILE, [], [], [], EXPORTED, visits=[SEEN, REFERRED])
    Bundle.model_validate(data)
    encounters = [e["resource"] for e in data["entry"][1:]]
    assert [e["resourceType"] for e in encounters] == ["Encounter", "Encounter"]
    first = Encounter.model_validate(encounters[0])
    assert first.status == "finished" and first.class_fhir.code == "AMB"
    assert encounters[0]["period"] == {"start": "2026-11-10", "end": "2026-11-10"}
    assert encounters[0]["subject"] == {"reference": data["entry"][0]["fullUrl"]}
    outcome = {e["url"]: e for e in encounters[0]["extension"]}
    assert outcome[fhir_encounter.OUTCOME_EXTENSION]["valueCoding"]["code"] == "reassured"
    assert outcome[fhir_encounter.NOTE_EXTENSION]["valueString"] == "normal exam"
    assert len(encounters[1]["extension"]) == 1  # no note, no note extension


def test_the_import_reads_the_visits_back_and_leaves_other_encounters() -> None:
    data = bundle(PROFILE, [], [], [], EXPORTED, visits=[SEEN, REFERRED])
    other = {"resourceType": "Encounter", "status": "finished", "class": {"code": "IMP"}}
    data["entry"].append({"fullUrl": "urn:uuid:0-0", "resource": other})
    read = parse_bundle(json.dumps(data))
    assert read.entries == [SEEN, REFERRED]
    assert read.tally.kept["visit"] == 2
    assert read.tally.skipped["Encounter"] == 1


def test_docs_fhir_names_the_encounter_and_its_extensions() -> None:
    doc = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    for text in (
        "`Encounter` per doctor's visit",
        fhir_encounter.OUTCOME_EXTENSION,
        fhir_encounter.NOTE_EXTENSION,
        "`...visit-outcome`",
        *(f"`{outcome.value}`" for outcome in VisitOutcome),
    ):
        assert text in doc, text
