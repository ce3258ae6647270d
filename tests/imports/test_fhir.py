"""Importing a FHIR bundle: the demo diary survives export -> import -> export, a second import
adds nothing, and a broken bundle is refused naming the entry and field, saving nothing."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from twitchwise.domain.assessment import Sex
from twitchwise.domain.errors import InputError
from twitchwise.domain.exposures import ExposureType
from twitchwise.exports.fhir import bundle
from twitchwise.formats import fhir_codes as codes
from twitchwise.imports.pipeline import ImportReport, import_file, kind_of_json
from twitchwise.imports.readers.fhir import looks_like_bundle, read_fhir
from twitchwise.services.demo import fill_with_demo
from twitchwise.storage.engine import make_engine
from twitchwise.storage.migrate import upgrade
from twitchwise.storage.store import Store

NOW = datetime(2026, 11, 24, 14, 5, tzinfo=ZoneInfo("Europe/London"))
LATER = datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
T = "2026-11-20T23:40:00+01:00"


def new_store(tmp_path: Path, name: str) -> Store:
    engine = make_engine(f"sqlite:///{tmp_path / name}")
    upgrade(engine)
    return Store(engine, zone="Europe/London")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return new_store(tmp_path, "journal.db")


@pytest.fixture
def demo(tmp_path: Path) -> Store:
    filled = new_store(tmp_path, "demo.db")
    fill_with_demo(filled, NOW)
    return filled


def exported(store: Store, at: datetime = NOW) -> dict[str, Any]:
    with store.read() as journal:
        return bundle(
            journal.profile(), journal.episodes(), journal.exposures(), journal.courses(), at
        )


def load(store: Store, tmp_path: Path, data: Any, name: str = "bundle.json") -> ImportReport:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return import_file(store, "fhir", path)


def without_id_and_timestamp(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key not in {"id", "timestamp"}}


def observation(**fields: Any) -> dict[str, Any]:
    code = {"coding": [codes.EXPOSURE_CODES[ExposureType.CAFFEINE].coding()]}
    return {"resourceType": "Observation", "status": "final", "code": code, **fields}


def one_bundle(*resources: dict[str, Any]) -> dict[str, Any]:
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": resource} for resource in resources],
    }


def test_the_demo_diary_round_trips_through_an_empty_journal(
    demo: Store, store: Store, tmp_path: Path
) -> None:
    first = exported(demo)
    report = load(store, tmp_path, first)
    assert report.added == len(first["entry"]) - 1 and report.already == 0
    assert report.kept["episode"] > 50 and report.kept["course"] == 2
    second = exported(store, LATER)
    assert second["timestamp"] != first["timestamp"]
    assert without_id_and_timestamp(second) == without_id_and_timestamp(first)
    with demo.read() as original, store.read() as copied:
        assert copied.profile().sex == original.profile().sex
        assert copied.profile().birth_year == original.profile().birth_year
        assert [e.model_dump(exclude={"id"}) for e in copied.episodes()] == [
            e.model_dump(exclude={"id"}) for e in original.episodes()
        ]


def test_importing_the_same_bundle_again_adds_nothing(demo: Store, tmp_path: Path) -> None:
    data = exported(demo)
    with demo.read() as journal:
        before = journal.counts()
    report = load(demo, tmp_path, data)
    assert report.added == 0 and report.already == len(data["entry"]) - 1
    with demo.read() as journal:
        assert journal.counts() == before


def test_the_profile_takes_the_patient_only_where_it_has_nothing(
    store: Store, tmp_path: Path
) -> None:
    patient = {"resourceType": "Patient", "gender": "female", "birthDate": "1980-05-02"}
    with store.write() as journal:
        journal.set_profile({"birth_year": 1991})
    report = load(store, tmp_path, one_bundle(patient))
    with store.read() as journal:
        profile = journal.profile()
    assert (profile.sex, profile.birth_year) == (Sex.FEMALE, 1991)
    assert report.notes == ["took sex from the Patient"]


@pytest.mark.parametrize(
    ("broken", "field"),
    [
        (observation(valueQuantity={"value": "lots"}), "entry[1].resource.valueQuantity.value"),
        (observation(colour="red"), "entry[1].resource.colour"),
        ({"resourceType": "Obsrvation"}, "entry[1].resource.resourceType"),
        (observation(), "entry[1].resource.effectiveDateTime"),
        (
            observation(effectiveDateTime="2026-11-20"),
            "entry[1].resource.effectiveDateTime",
        ),
        (
            observation(effectiveDateTime=T, valueQuantity={"value": 5, "code": "furlong"}),
            "entry[1].resource.valueQuantity.code",
        ),
        (
            observation(effectiveDateTime=T, valueQuantity={"value": -5, "code": "mg"}),
            "entry[1].resource.amount",
        ),
    ],
)
def test_a_broken_bundle_is_refused_naming_the_entry_and_saves_nothing(
    store: Store, tmp_path: Path, broken: dict[str, Any], field: str
) -> None:
    good = observation(effectiveDateTime=T, valueQuantity={"value": 80, "code": "mg"})
    with pytest.raises(InputError) as refused:
        load(store, tmp_path, one_bundle(good, broken))
    assert refused.value.field == field, refused.value
    with store.read() as journal:
        assert journal.is_empty()


def test_a_second_patient_is_refused(store: Store, tmp_path: Path) -> None:
    patient = {"resourceType": "Patient", "gender": "male"}
    with pytest.raises(InputError) as refused:
        load(store, tmp_path, one_bundle(patient, copy.deepcopy(patient)))
    assert refused.value.field == "entry[1].resource"


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("time,type\n", "FILE"),
        ('{"resourceType": "Patient"}', "resourceType"),
        ("[1, 2]", "resourceType"),
        ('{"resourceType": "Bundle", "type": "collection", "entry": "none"}', "entry"),
    ],
)
def test_a_file_that_is_not_a_bundle_is_refused(
    store: Store, tmp_path: Path, text: str, field: str
) -> None:
    with pytest.raises(InputError) as refused:
        load(store, tmp_path, text)
    assert refused.value.field == field


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "big.json"
    path.write_text(json.dumps(one_bundle()), encoding="utf-8")
    with pytest.raises(InputError, match="at most 10 bytes"):
        read_fhir(path, max_bytes=10)
    assert read_fhir(path).tally.records == 0


def test_other_resources_and_codes_are_counted_and_skipped(store: Store, tmp_path: Path) -> None:
    heart = observation(effectiveDateTime=T, valueQuantity={"value": 60, "code": "/min"})
    heart["code"] = {"coding": [{"system": codes.LOINC, "code": "8867-4"}]}
    condition = {"resourceType": "Condition", "subject": {"reference": "Patient/1"}}
    gone = observation(effectiveDateTime=T, status="entered-in-error")
    report = load(store, tmp_path, one_bundle(heart, condition, gone))
    assert report.added == 0 and report.records == 3
    assert sum(report.skipped.values()) == 3


def test_amounts_in_another_unit_of_the_same_kind_are_converted(
    store: Store, tmp_path: Path
) -> None:
    grams = observation(effectiveDateTime=T, valueQuantity={"value": 0.2, "code": "g"})
    weekly = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": {"coding": [{"display": "vitamin D3"}]},
        "subject": {"reference": "Patient/1"},
        "dosage": [
            {
                "doseAndRate": [
                    {
                        "rateRatio": {
                            "numerator": {"value": 7, "code": "mg"},
                            "denominator": {"value": 1, "code": "wk"},
                        }
                    }
                ]
            }
        ],
    }
    load(store, tmp_path, one_bundle(grams, weekly))
    with store.read() as journal:
        (caffeine,) = journal.exposures()
        (course,) = journal.courses()
    assert caffeine.amount == pytest.approx(200.0)
    assert course.name == "vitamin D3" and course.dose_mg_per_day == pytest.approx(1.0)


def test_a_json_file_is_told_apart_by_its_top_level_resource_type(demo: Store) -> None:
    text = json.dumps(exported(demo), indent=2).encode()
    assert looks_like_bundle(text[:1024]) and kind_of_json(text[:1024]) == "fhir"
    later = b'{"meta": {"resourceType": "Bundle"}, "entry": [], "resourceType": "Bundle"}'
    assert looks_like_bundle(later)
    assert not looks_like_bundle(b'{"meta": {"resourceType": "Bundle"}, "resourceType": "Pat')
    backup = b'{"format": "twitchwise-backup", "version": 1, "profile": {"resourceType": "Bundle"}}'
    assert kind_of_json(backup) == "backup"
    assert kind_of_json(b"\xef\xbb\xbf" + text[:200]) == "fhir"
    assert not looks_like_bundle(b"not json") and not looks_like_bundle(b"")
