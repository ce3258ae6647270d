"""The FHIR export: every resource is valid R4 (R4B models), carries the documented codes, and
reading it back gives the same entries."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT
from twitchwise.domain.assessment import Sex
from twitchwise.domain.episodes import BodySite, EpisodeContext, EpisodeKind, Side, Symptom
from twitchwise.domain.exposures import ACTIVE, MAXIMUM, Exposure, ExposureType
from twitchwise.domain.journal import CourseKind, LoggedEpisode, MedicationCourse, Profile
from twitchwise.exports.fhir import bundle
from twitchwise.formats import fhir_codes as codes
from twitchwise.imports.readers.fhir import parse_bundle

AT = datetime(2026, 11, 20, 23, 40, tzinfo=timezone(timedelta(hours=1)))
EXPORTED = datetime(2026, 11, 24, 14, 5, tzinfo=UTC)
PROFILE = Profile(name="local", time_zone="Europe/London")
SNOMED, LOINC = "http://snomed.info/sct", "http://loinc.org"
MODELS = {
    "Patient": Patient,
    "Observation": Observation,
    "MedicationStatement": MedicationStatement,
}

CRAMP = LoggedEpisode(
    kind=EpisodeKind.CRAMP,
    started_at=AT,
    body_sites=(BodySite.CALF,),
    sides=Side.LEFT,
    duration_minutes=3.5,
    intensity=7,
    pain=6,
    context=EpisodeContext.FALLING_ASLEEP,
    persisting_days=12,
    episodes_per_week=2.5,
    symptoms=(Symptom.NUMBNESS, Symptom.WEAKNESS),
    notes="woke me up",
)
SLEEP = Exposure(type=ExposureType.SLEEP, started_at=AT, ended_at=AT + timedelta(hours=7))
COFFEE = Exposure(type=ExposureType.CAFFEINE, started_at=AT, amount=95.0, detail="1 × coffee")
RUN = Exposure(type=ExposureType.EXERCISE, started_at=AT, amount=40.0, effort_rpe=7)
FUROSEMIDE = MedicationCourse(
    name="furosemide",
    dose_mg_per_day=40.0,
    started_on=date(2026, 1, 5),
    stopped_on=date(2026, 3, 1),
)
MAGNESIUM = MedicationCourse(name="magnesium citrate", kind=CourseKind.SUPPLEMENT)


def export(
    episodes: list[LoggedEpisode] | None = None,
    exposures: list[Exposure] | None = None,
    courses: list[MedicationCourse] | None = None,
    profile: Profile = PROFILE,
) -> dict[str, Any]:
    return bundle(profile, episodes or [], exposures or [], courses or [], exported_at=EXPORTED)


def resources(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [entry["resource"] for entry in data["entry"]]


def codings(concept: dict[str, Any]) -> set[tuple[str, str]]:
    return {(coding["system"], coding["code"]) for coding in concept["coding"]}


def part(resource: dict[str, Any], code: codes.Code) -> list[dict[str, Any]]:
    return [
        c for c in resource.get("component", []) if (code.system, code.code) in codings(c["code"])
    ]


def test_the_bundle_and_every_resource_validate_against_the_r4b_models() -> None:
    data = export([CRAMP], [SLEEP, COFFEE, RUN], [FUROSEMIDE, MAGNESIUM])
    text = json.dumps(data)
    parsed = Bundle.model_validate_json(text)
    assert parsed.type == "collection" and len(parsed.entry or []) == 1 + 1 + 3 + 2
    for resource in resources(json.loads(text)):
        MODELS[resource["resourceType"]].model_validate(resource)
    assert [r["resourceType"] for r in resources(data)] == [
        "Patient", "Observation", "Observation", "Observation", "Observation",
        "MedicationStatement", "MedicationStatement",
    ]  # fmt: skip


def test_the_patient_holds_only_what_the_person_entered() -> None:
    (bare,) = resources(export())
    assert bare == {"resourceType": "Patient"}
    entered = Profile(name="local", time_zone="UTC", sex=Sex.FEMALE, birth_year=1988, pregnant=True)
    (patient,) = resources(export(profile=entered))
    assert patient == {"resourceType": "Patient", "gender": "female", "birthDate": "1988"}


def test_an_episode_carries_its_snomed_code_site_side_time_and_components() -> None:
    _, observation = resources(export([CRAMP]))
    assert (SNOMED, "55300003") in codings(observation["code"])
    assert codings(observation["bodySite"]) == {(SNOMED, "53840002")}
    assert observation["effectivePeriod"] == {
        "start": "2026-11-20T23:40:00+01:00",
        "end": "2026-11-20T23:43:30+01:00",
    }
    (side,) = part(observation, codes.LATERALITY)
    assert codings(side["valueCodeableConcept"]) == {(SNOMED, "7771000")}
    assert part(observation, codes.INTENSITY)[0]["valueInteger"] == 7
    assert part(observation, codes.PAIN)[0]["valueInteger"] == 6
    assert part(observation, codes.DURATION)[0]["valueQuantity"]["value"] == 3.5
    symptoms = [codings(c["valueCodeableConcept"]) for c in part(observation, codes.WITH_SYMPTOM)]
    assert symptoms == [{(codes.SYMPTOM, "numbness")}, {(codes.SYMPTOM, "weakness")}]
    assert observation["note"] == [{"text": "woke me up"}]
    assert observation["subject"]["reference"] == export([CRAMP])["entry"][0]["fullUrl"]


def test_each_kind_of_episode_has_its_documented_code() -> None:
    twitch, spasm = (
        CRAMP.model_copy(update={"kind": kind}) for kind in (EpisodeKind.TWITCH, EpisodeKind.SPASM)
    )
    _, cramp_obs, twitch_obs, spasm_obs = resources(export([CRAMP, twitch, spasm]))
    assert {(SNOMED, "55300003"), ("http://hl7.org/fhir/sid/icd-10", "R25.2")} <= codings(
        cramp_obs["code"]
    )
    assert ("http://hl7.org/fhir/sid/icd-10", "R25.3") in codings(twitch_obs["code"])
    assert (SNOMED, "45352006") in codings(spasm_obs["code"])


def test_an_episode_without_a_duration_has_a_time_and_several_sites_are_components() -> None:
    legs = CRAMP.model_copy(
        update={"duration_minutes": None, "body_sites": (BodySite.THIGH, BodySite.HAMSTRING)}
    )
    _, observation = resources(export([legs]))
    assert observation["effectiveDateTime"] == "2026-11-20T23:40:00+01:00"
    assert "effectivePeriod" not in observation
    assert observation["bodySite"] == {"text": "thigh, hamstring"}
    sites = [codings(c["valueCodeableConcept"]) for c in part(observation, codes.SITE)]
    assert sites == [{(SNOMED, "68367000")}, {(codes.BODY_SITE, "hamstring")}]


def test_exposures_use_loinc_where_it_has_a_code_and_ucum_units() -> None:
    _, sleep, coffee, run = resources(export(exposures=[SLEEP, COFFEE, RUN]))
    assert codings(sleep["code"]) == {(LOINC, "93832-4")}
    assert sleep["effectivePeriod"]["end"] == "2026-11-21T06:40:00+01:00"
    assert sleep["valueQuantity"]["value"] == 7 and sleep["valueQuantity"]["code"] == "h"
    assert codings(run["code"]) == {(LOINC, "55411-3")}
    assert run["valueQuantity"] == {
        "value": 40.0,
        "unit": "min",
        "system": "http://unitsofmeasure.org",
        "code": "min",
    }
    assert part(run, codes.EFFORT)[0]["valueInteger"] == 7
    assert codings(coffee["code"]) == {(codes.EXPOSURE, "caffeine")}
    assert coffee["valueQuantity"]["code"] == "mg"
    assert part(coffee, codes.DETAIL)[0]["valueString"] == "1 × coffee"


def test_a_course_is_a_medication_statement_completed_once_stopped() -> None:
    _, stopped, ongoing = resources(export(courses=[FUROSEMIDE, MAGNESIUM]))
    assert stopped["status"] == "completed" and ongoing["status"] == "active"
    assert stopped["medicationCodeableConcept"] == {"text": "furosemide"}
    assert stopped["effectivePeriod"] == {"start": "2026-01-05", "end": "2026-03-01"}
    rate = stopped["dosage"][0]["doseAndRate"][0]["rateRatio"]
    assert rate["numerator"]["value"] == 40 and rate["numerator"]["code"] == "mg"
    assert rate["denominator"]["value"] == 1 and rate["denominator"]["code"] == "d"
    assert codings(ongoing["category"]) == {(codes.COURSE_KIND, "supplement")}
    assert "dosage" not in ongoing and "effectivePeriod" not in ongoing


def test_full_urls_are_stable_unique_uuids_and_references_resolve() -> None:
    first = export([CRAMP], [SLEEP, COFFEE, COFFEE], [FUROSEMIDE])
    again = export([CRAMP], [SLEEP, COFFEE, COFFEE], [FUROSEMIDE])
    assert first == again
    urls = [entry["fullUrl"] for entry in first["entry"]]
    assert len(set(urls)) == len(urls)
    assert all(re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", url) for url in urls)
    assert {r["subject"]["reference"] for r in resources(first)[1:]} == {urls[0]}
    assert first["timestamp"] == "2026-11-24T14:05:00Z"


def test_every_code_the_export_writes_is_listed_in_docs_fhir() -> None:
    doc = (ROOT / "docs" / "fhir.md").read_text(encoding="utf-8")
    written: list[codes.Code] = [
        *(code for known in codes.EPISODE_CODES.values() for code in known),
        *codes.BODY_SITE_CODES.values(),
        *codes.SIDE_CODES.values(),
        *codes.EXPOSURE_CODES.values(),
        codes.INTENSITY, codes.PAIN, codes.DURATION, codes.LATERALITY, codes.SITE,
        codes.SETTING, codes.PERSISTING, codes.PER_WEEK, codes.WITH_SYMPTOM,
        codes.DETAIL, codes.EFFORT,
    ]  # fmt: skip
    for code in written:
        if code.system.startswith(codes.LOCAL):
            system = code.system.removeprefix(codes.LOCAL)
            assert f"`...{system}`" in doc and f"`{code.code}`" in doc, code
        else:
            assert f"| `{code.system}` | `{code.code}` | {code.display} |" in doc, code
    for values, system in ((EpisodeContext, codes.CONTEXT), (Symptom, codes.SYMPTOM)):
        for value in values:
            assert f"`{value.value}`" in doc, (system, value)
    assert codes.LOCAL in doc and codes.LENGTH_OF_PERIOD in doc


def test_text_fhir_cannot_hold_is_left_out_and_the_bundle_stays_valid() -> None:
    blank = "\u00a0\x0c"
    odd = CRAMP.model_copy(update={"notes": blank})
    pill = MedicationCourse(name=blank, notes=blank)
    water = Exposure(type=ExposureType.WATER, started_at=AT, amount=250.0, detail=blank)
    data = export([odd], [water], [pill])
    Bundle.model_validate(data)
    _, episode, drink, course = resources(data)
    assert "note" not in episode and "note" not in course and "component" not in drink
    assert course["medicationCodeableConcept"] == {"text": "?"}


# --- round trip --------------------------------------------------------------------------------

offsets = st.integers(-14 * 4, 14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))
moments = st.datetimes(
    min_value=datetime(1950, 1, 1),  # noqa: DTZ001 (hypothesis takes naive bounds)
    max_value=datetime(2099, 12, 31),  # noqa: DTZ001
    timezones=offsets,
)
# FHIR text needs one character that is not white space, or a space, tab or line break.
texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40).filter(
    lambda text: not text or re.search(r"[ \r\n\t\S]", text) is not None
)
NUTRIENTS = ["magnesium", "potassium", "calcium", "vitamin d from fish", "vitamin_b6"]


def unique(values: Any, limit: int) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(values), unique=True, max_size=limit).map(tuple)


@st.composite
def episodes(draw: st.DrawFn) -> LoggedEpisode:
    return LoggedEpisode(
        kind=draw(st.sampled_from(EpisodeKind)),
        started_at=draw(moments),
        body_sites=draw(unique(list(BodySite), 4)),
        sides=draw(st.none() | st.sampled_from(Side)),
        duration_minutes=draw(st.none() | st.floats(0, 7 * 24 * 60)),
        intensity=draw(st.none() | st.integers(0, 10)),
        pain=draw(st.none() | st.integers(0, 10)),
        context=draw(st.none() | st.sampled_from(EpisodeContext)),
        persisting_days=draw(st.none() | st.integers(0, 36500)),
        episodes_per_week=draw(st.none() | st.floats(0, 1000)),
        symptoms=draw(unique(list(Symptom), 5)),
        notes=draw(texts),
    )


@st.composite
def exposures(draw: st.DrawFn) -> Exposure:
    kind = draw(st.sampled_from(ExposureType))
    started = draw(moments)
    ended = draw(st.none() | st.timedeltas(timedelta(0), timedelta(days=1)).map(started.__add__))
    amount = draw(st.none() | st.floats(0, MAXIMUM[kind]))
    detail = draw(texts)
    if kind is ExposureType.MEAL and amount is not None:
        detail = draw(st.sampled_from(NUTRIENTS))
    if kind is ExposureType.STRESS:
        amount = draw(st.floats(0, 10))
    effort = draw(st.none() | st.integers(0, 10)) if kind in ACTIVE else None
    return Exposure(
        type=kind,
        started_at=started,
        ended_at=ended,
        amount=amount,
        detail=detail,
        effort_rpe=effort,
    )


@st.composite
def courses(draw: st.DrawFn) -> MedicationCourse:
    started = draw(st.none() | st.dates(date(1950, 1, 1), date(2099, 1, 1)))
    stopped = draw(st.none() | st.dates(started or date(1950, 1, 1), date(2099, 12, 31)))
    return MedicationCourse(
        name=draw(texts.filter(bool).map(lambda name: name[:100])),
        kind=draw(st.sampled_from(CourseKind)),
        dose_mg_per_day=draw(st.none() | st.floats(0, 100_000)),
        started_on=started,
        stopped_on=stopped,
        notes=draw(texts),
    )


profiles = st.builds(
    Profile,
    name=st.just("local"),
    time_zone=st.just("UTC"),
    sex=st.none() | st.sampled_from(Sex),
    birth_year=st.none() | st.integers(1900, 2100),
)


@settings(max_examples=200, deadline=None)
@given(
    profiles,
    st.lists(episodes(), max_size=4),
    st.lists(exposures(), max_size=6),
    st.lists(courses(), max_size=3),
)
def test_any_entries_come_back_equal_after_exporting_and_reading(
    profile: Profile,
    episode_list: list[LoggedEpisode],
    exposure_list: list[Exposure],
    course_list: list[MedicationCourse],
) -> None:
    data = export(episode_list, exposure_list, course_list, profile)
    content = parse_bundle(json.dumps(data))
    assert (content.sex, content.birth_year) == (profile.sex, profile.birth_year)
    back = content.entries
    assert back == [*episode_list, *exposure_list, *course_list]
    # Equal datetimes may differ in offset; the same bundle again means the offsets came back.
    again = export(
        [e for e in back if isinstance(e, LoggedEpisode)],
        [e for e in back if isinstance(e, Exposure)],
        [e for e in back if isinstance(e, MedicationCourse)],
        profile,
    )
    assert again == data
