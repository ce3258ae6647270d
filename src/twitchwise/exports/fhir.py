"""The diary as a FHIR R4 Bundle (type ``collection``), made with the R4B models of
``fhir.resources`` so every resource is validated as it is made. The codes, and where each was
checked, are in ``fhir_codes``; docs/fhir.md lists them for people.

What it holds:

* a Patient with only what the person entered: ``gender`` from their sex, ``birthDate`` as the
  year alone; no name (the journal keeps none), no time zone, no pregnancy;
* an Observation per episode: the kind (SNOMED CT / ICD-10 / local), one body site in
  ``bodySite`` (several go in components, ``bodySite`` then names them in text), the start with
  its UTC offset (``effectivePeriod`` when the duration is known), and components for side,
  intensity, pain, duration, context, how many days and how often, symptoms; notes in ``note``;
* an Observation per exposure: LOINC where a code exists, otherwise the local exposure code; the
  amount as a UCUM quantity, the start (and end) with offsets, the detail and effort as
  components;
* a MedicationStatement per medicine or supplement course: ``active`` or ``completed``, the name
  as text, the dates as ``effectivePeriod``, mg a day as a rate, notes in ``note``;
* an Encounter per doctor's visit (``formats.fhir_encounter``): the day, the outcome and note.

Every entry's ``fullUrl`` is a ``urn:uuid`` derived from its content, so exporting the same diary
twice, or after a round trip through ``twitchwise import fhir``, gives the same ids. Sleep,
exercise or sex with only a start and an end gets the period's length as its value, marked with
the ``LENGTH_OF_PERIOD`` extension so that reading it back leaves the amount empty.

Not carried: the diary's notes (free text with a time), and text made only of white space other
than spaces, tabs and line breaks, which FHIR strings cannot hold (a medicine named so is written
as ``?``). The JSON backup is the lossless format.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any, TextIO

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from pydantic import BaseModel

from twitchwise.domain.exposures import DURATION_TYPES, Exposure, ExposureType
from twitchwise.domain.journal import (
    CourseKind,
    DoctorVisit,
    LoggedEpisode,
    MedicationCourse,
    Profile,
)
from twitchwise.formats import fhir_codes as codes
from twitchwise.formats.fhir_encounter import encounter_resource

JSON = dict[str, Any]
_FHIR_TEXT = re.compile(r"[ \r\n\t\S]")
# A fixed namespace: the same content gives the same urn:uuid in every export.
NAMESPACE = uuid.UUID("6f1d8a52-3c1e-5b7a-9d41-2a7f0c9e4b13")


def bundle(
    profile: Profile,
    episodes: Iterable[LoggedEpisode],
    exposures: Iterable[Exposure],
    courses: Iterable[MedicationCourse],
    exported_at: datetime,
    visits: Iterable[DoctorVisit] = (),
) -> JSON:
    """The diary as a FHIR R4 collection Bundle, JSON-ready (``json.dumps`` writes it)."""
    seed = _BundleSeed(exported_at)
    entries = [
        {"fullUrl": seed.add(url), "resource": resource}
        for url, resource in bundle_entries(profile, episodes, exposures, courses, visits)
    ]
    made = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": seed.id(),
            "type": "collection",
            "timestamp": _instant(exported_at),
            "entry": entries,
        }
    )
    return made.model_dump(mode="json")


def write_bundle(
    profile: Profile,
    episodes: Iterable[LoggedEpisode],
    exposures: Iterable[Exposure],
    courses: Iterable[MedicationCourse],
    exported_at: datetime,
    out: TextIO,
    visits: Iterable[DoctorVisit] = (),
) -> int:
    """The same Bundle as ``bundle``, written to ``out`` one entry at a time (each resource
    validated as it is made), so a diary of millions of entries needs no more memory than one.
    The Bundle's ``id`` comes last: it is made from every entry's ``fullUrl``. Returns the
    number of entries."""
    seed = _BundleSeed(exported_at)
    head = Bundle.model_validate(
        {"resourceType": "Bundle", "type": "collection", "timestamp": _instant(exported_at)}
    ).model_dump(mode="json")
    out.write("{\n" + "".join(f"  {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items()))
    out.write('  "entry": [')
    written = 0
    for url, resource in bundle_entries(profile, episodes, exposures, courses, visits):
        entry = json.dumps(
            {"fullUrl": seed.add(url), "resource": resource}, indent=2, ensure_ascii=False
        )
        out.write(("," if written else "") + "\n    " + entry.replace("\n", "\n    "))
        written += 1
    out.write(f'\n  ],\n  "id": {json.dumps(seed.id())}\n}}\n')
    return written


def bundle_entries(
    profile: Profile,
    episodes: Iterable[LoggedEpisode],
    exposures: Iterable[Exposure],
    courses: Iterable[MedicationCourse],
    visits: Iterable[DoctorVisit] = (),
) -> Iterator[tuple[str, JSON]]:
    """(fullUrl, resource) of the Patient and of every entry, in the Bundle's order."""
    urls = _Urls()
    patient = patient_resource(profile)
    subject = urls.of("Patient", patient, None)
    yield subject, patient
    reference = {"reference": subject}
    for episode in episodes:
        url = urls.of("episode", _content(episode), episode.started_at)
        yield url, episode_resource(episode, reference)
    for exposure in exposures:
        url = urls.of("exposure", _content(exposure), exposure.started_at)
        yield url, exposure_resource(exposure, reference)
    for course in courses:
        url = urls.of("course", _content(course), course.started_on)
        yield url, course_resource(course, reference)
    for visit in visits:
        url = urls.of("visit", _content(visit), visit.on)
        yield url, encounter_resource(visit, reference)


class _BundleSeed:
    """The Bundle's id: a name-based UUID (version 5) of the export time and every entry's
    fullUrl, hashed as they pass rather than kept."""

    def __init__(self, exported_at: datetime) -> None:
        self._hash = hashlib.sha1(NAMESPACE.bytes, usedforsecurity=False)
        self._hash.update(("bundle|" + _instant(exported_at)).encode())

    def add(self, url: str) -> str:
        self._hash.update(("|" + url).encode())
        return url

    def id(self) -> str:
        return str(uuid.UUID(bytes=self._hash.digest()[:16], version=5))


class _Urls:
    """``urn:uuid`` from content; a repeat of the same content gets a numbered seed.

    Equal content means an equal time, so only the repeats among entries of the current time
    (``group``) are counted: the journal gives entries in time order, and memory stays flat."""

    def __init__(self) -> None:
        self._seen: Counter[str] = Counter()
        self._group: object = None

    def of(self, kind: str, content: object, group: object) -> str:
        if (kind, group) != self._group:
            self._seen.clear()
            self._group = (kind, group)
        seed = f"{kind}|{content}"
        self._seen[seed] += 1
        if self._seen[seed] > 1:
            seed += f"#{self._seen[seed]}"
        return f"urn:uuid:{uuid.uuid5(NAMESPACE, seed)}"


def _content(entry: BaseModel) -> str:
    return entry.model_dump_json(exclude={"id", "source"})


def _validated(model: type[BaseModel], data: JSON) -> JSON:
    dumped: JSON = model.model_validate(data).model_dump(mode="json")
    return dumped


def patient_resource(profile: Profile) -> JSON:
    data: JSON = {"resourceType": "Patient"}
    if profile.sex is not None:
        data["gender"] = profile.sex.value
    if profile.birth_year is not None:
        data["birthDate"] = f"{profile.birth_year:04d}"
    return _validated(Patient, data)


def episode_resource(episode: LoggedEpisode, subject: JSON) -> JSON:
    data: JSON = {
        "resourceType": "Observation",
        "status": "final",
        "category": [_category("survey", "Survey")],
        "code": {
            "coding": [code.coding() for code in codes.EPISODE_CODES[episode.kind]],
            "text": f"Muscle {episode.kind.value}",
        },
        "subject": subject,
    }
    if episode.duration_minutes is None:
        data["effectiveDateTime"] = _moment(episode.started_at)
    else:
        end = episode.started_at + timedelta(minutes=episode.duration_minutes)
        data["effectivePeriod"] = {"start": _moment(episode.started_at), "end": _moment(end)}
    sites = [codes.BODY_SITE_CODES[site] for site in episode.body_sites]
    if len(sites) == 1:
        data["bodySite"] = {"coding": [sites[0].coding()], "text": episode.body_sites[0].value}
    elif sites:
        data["bodySite"] = {"text": ", ".join(site.value for site in episode.body_sites)}
    components = _episode_components(episode, several_sites=len(sites) > 1)
    if components:
        data["component"] = components
    if _writable(episode.notes):
        data["note"] = [{"text": episode.notes}]
    return _validated(Observation, data)


def _episode_components(episode: LoggedEpisode, *, several_sites: bool) -> list[JSON]:
    sites = episode.body_sites if several_sites else ()
    parts = [
        _part(codes.SITE, valueCodeableConcept=_concept(codes.BODY_SITE_CODES[site]))
        for site in sites
    ]
    if episode.sides is not None:
        side = _concept(codes.SIDE_CODES[episode.sides])
        parts.append(_part(codes.LATERALITY, valueCodeableConcept=side))
    parts += _measured_parts(episode)
    if episode.context is not None:
        words = episode.context.value.replace("_", " ")
        setting = codes.Code(codes.CONTEXT, episode.context.value, words)
        parts.append(_part(codes.SETTING, valueCodeableConcept=_concept(setting)))
    for symptom in episode.symptoms:
        found = codes.Code(codes.SYMPTOM, symptom.value, symptom.value.replace("_", " "))
        parts.append(_part(codes.WITH_SYMPTOM, valueCodeableConcept=_concept(found)))
    return parts


def _measured_parts(episode: LoggedEpisode) -> list[JSON]:
    """The episode's numbers, each in its FHIR value type."""
    integers = ((codes.INTENSITY, episode.intensity), (codes.PAIN, episode.pain))
    parts = [_part(code, valueInteger=value) for code, value in integers if value is not None]
    quantities = (
        (codes.DURATION, codes.MINUTES, episode.duration_minutes),
        (codes.PERSISTING, codes.DAYS, episode.persisting_days),
        (codes.PER_WEEK, codes.PER_WEEK_UNIT, episode.episodes_per_week),
    )
    parts += [
        _part(code, valueQuantity=unit.quantity(value))
        for code, unit, value in quantities
        if value is not None
    ]
    return parts


_CATEGORY_OF: dict[ExposureType, tuple[str, str]] = {
    **dict.fromkeys(codes.ACTIVITY_TYPES, ("activity", "Activity")),
    **dict.fromkeys(
        (
            ExposureType.CAFFEINE,
            ExposureType.ALCOHOL,
            ExposureType.WATER,
            ExposureType.STRESS,
            ExposureType.MEAL,
        ),
        ("social-history", "Social History"),
    ),
}


def exposure_resource(exposure: Exposure, subject: JSON) -> JSON:
    code = codes.EXPOSURE_CODES[exposure.type]
    data: JSON = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"coding": [code.coding()], "text": exposure.type.value.replace("_", " ")},
        "subject": subject,
    }
    if exposure.type in _CATEGORY_OF:
        data["category"] = [_category(*_CATEGORY_OF[exposure.type])]
    if exposure.ended_at is None:
        data["effectiveDateTime"] = _moment(exposure.started_at)
    else:
        data["effectivePeriod"] = {
            "start": _moment(exposure.started_at),
            "end": _moment(exposure.ended_at),
        }
    unit = codes.UCUM_UNITS[exposure.unit]
    if exposure.amount is not None:
        data["valueQuantity"] = unit.quantity(exposure.amount)
    elif exposure.ended_at is not None and exposure.type in DURATION_TYPES:
        length = exposure.duration_amount
        marker = {"url": codes.LENGTH_OF_PERIOD, "valueBoolean": True}
        data["valueQuantity"] = {**unit.quantity(length or 0.0), "extension": [marker]}
    parts: list[JSON] = []
    if _writable(exposure.detail):
        parts.append(_part(codes.DETAIL, valueString=exposure.detail))
    if exposure.effort_rpe is not None:
        parts.append(_part(codes.EFFORT, valueInteger=exposure.effort_rpe))
    if parts:
        data["component"] = parts
    return _validated(Observation, data)


def course_resource(course: MedicationCourse, subject: JSON) -> JSON:
    kind = codes.Code(codes.COURSE_KIND, course.kind.value, course.kind.value)
    data: JSON = {
        "resourceType": "MedicationStatement",
        "status": "active" if course.stopped_on is None else "completed",
        "category": _concept(kind),
        "medicationCodeableConcept": {"text": course.name if _writable(course.name) else "?"},
        "subject": subject,
    }
    period = {
        name: _day(day)
        for name, day in (("start", course.started_on), ("end", course.stopped_on))
        if day is not None
    }
    if period:
        data["effectivePeriod"] = period
    if course.dose_mg_per_day is not None:
        what = "supplement" if course.kind is CourseKind.SUPPLEMENT else "medicine"
        data["dosage"] = [
            {
                "text": f"{course.dose_mg_per_day:g} mg of the {what} a day",
                "doseAndRate": [
                    {
                        "rateRatio": {
                            "numerator": codes.UCUM_UNITS["mg"].quantity(course.dose_mg_per_day),
                            "denominator": codes.Unit("d", "day").quantity(1),
                        }
                    }
                ],
            }
        ]
    if _writable(course.notes):
        data["note"] = [{"text": course.notes}]
    return _validated(MedicationStatement, data)


def _writable(text: str) -> bool:
    """FHIR text needs a character that is not whitespace, or a space, tab or line break; text of
    only other white space (form feeds, no-break spaces) cannot be written and is left out."""
    return _FHIR_TEXT.search(text) is not None


def _category(code: str, display: str) -> JSON:
    return {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": code, "display": display}]}


def _concept(code: codes.Code) -> JSON:
    return {"coding": [code.coding()]}


def _part(code: codes.Code, **value: object) -> JSON:
    return {"code": _concept(code), **value}


def _moment(moment: datetime) -> str:
    """ISO 8601 with the offset the person wrote; FHIR has no seconds in offsets, so a time whose
    offset has them (only historical local mean times do) is given in UTC instead."""
    offset = moment.utcoffset()
    if offset is None or offset % timedelta(minutes=1):
        moment = moment.astimezone(UTC)
    return moment.isoformat()


def _instant(moment: datetime) -> str:
    return _moment(moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC))


def _day(day: date) -> str:
    return day.isoformat()
