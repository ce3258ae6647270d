"""Read a FHIR R4 Bundle back into diary entries: the reader of ``twitchwise import fhir``.

The bundle is read one entry at a time (``json_stream``), each entry validated against the R4B
models of ``fhir.resources`` as it comes; anything that is not valid FHIR is refused naming the
entry and the field. In the bundle's order:

* the Patient gives the sex and the birth year (the pipeline keeps them only where the profile
  has none); a second Patient is refused, a diary is one person's;
* an Observation whose code is an episode code (``formats.fhir_codes``) becomes an episode, one
  with an exposure code an exposure; other Observations are counted and skipped;
* a MedicationStatement becomes a medicine or supplement course;
* an Encounter with the visit-outcome extension (``formats.fhir_encounter``) becomes a doctor's
  visit; other Encounters are counted and skipped;
* other resources, and anything marked ``entered-in-error``, are counted and skipped.

What ``exports.fhir`` writes comes back equal, so export -> import -> export gives the same
bundle. Amounts in another unit of the same kind (g for mg, L for mL) are converted.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel, ValidationError

from twitchwise.domain.assessment import Sex
from twitchwise.domain.errors import InputError, input_error_from_validation
from twitchwise.domain.exposures import UNIT, Exposure, ExposureType, Nutrient, nutrient_of
from twitchwise.domain.journal import CourseKind, DoctorVisit, LoggedEpisode, MedicationCourse
from twitchwise.domain.units import UnitError, convert
from twitchwise.formats import fhir_codes as codes
from twitchwise.formats.fhir_encounter import is_visit, visit_fields
from twitchwise.imports.readers.fhir_parts import (
    in_unit,
    number,
    read_episode_parts,
    read_exposure_parts,
)
from twitchwise.imports.readers.json_stream import top_level
from twitchwise.imports.report import Tally

FhirEntry = LoggedEpisode | Exposure | MedicationCourse | DoctorVisit
Model = TypeVar("Model", bound=BaseModel)


@dataclass
class FhirContent:
    """What a bundle holds, in its order; ``tally`` counts what was kept and left out."""

    sex: Sex | None = None
    birth_year: int | None = None
    entries: list[FhirEntry] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)


def read_fhir(path: Path, tally: Tally | None = None, max_bytes: int | None = None) -> FhirContent:
    """Read and check the bundle in ``path`` (a file over ``max_bytes`` is refused unread),
    keeping every entry: ``iter_fhir`` reads one at a time."""
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise InputError(
                "FILE",
                f"is {size:,} bytes; a FHIR bundle may be at most {max_bytes:,} "
                f"bytes ({max_bytes / 1e6:g} MB)",
            )
        with path.open("rb") as stream:
            return _whole(stream, tally)
    except OSError as error:
        raise InputError("FILE", f"cannot be read ({error.strerror or error})") from None


def parse_bundle(data: bytes | str, tally: Tally | None = None) -> FhirContent:
    """The bundle's entries, counted into ``tally`` (a fresh one if none is given)."""
    return _whole(io.BytesIO(data.encode() if isinstance(data, str) else data), tally)


def _whole(stream: IO[bytes], tally: Tally | None) -> FhirContent:
    content = FhirContent(tally=Tally() if tally is None else tally)
    content.entries.extend(iter_fhir(stream, content))
    return content


NOT_A_BUNDLE = InputError("resourceType", 'the file is not a FHIR Bundle (resourceType "Bundle")')


def iter_fhir(stream: IO[bytes], content: FhirContent) -> Iterator[FhirEntry]:
    """The bundle's diary entries as they are read, each entry validated on its own against
    the R4B models; the Patient's sex and birth year, and the counts, go into ``content``. The
    Bundle's own members are checked once the last entry has been read."""
    envelope: dict[str, Any] = {}
    for member, index, value in top_level(stream, frozenset({"entry"}), NOT_A_BUNDLE):
        if index is None:
            if member == "resourceType" and value != "Bundle":
                raise NOT_A_BUNDLE
            envelope[member] = value
            continue
        content.tally.records += 1
        where = f"entry[{index}]"
        _check_resource_type(value, f"{where}.resource.resourceType")
        try:
            entry = BundleEntry.model_validate(value)
        except ValidationError as error:
            raise input_error_from_validation(error.errors(), prefix=where) from None
        found = _read_entry(content, entry.resource, f"{where}.resource")
        if found is not None:
            yield found
    if envelope.get("resourceType") != "Bundle":
        raise NOT_A_BUNDLE
    try:
        Bundle.model_validate(envelope)
    except ValidationError as error:
        raise input_error_from_validation(error.errors()) from None


def looks_like_bundle(head: bytes) -> bool:
    """True if ``head`` (the first bytes of a file) is a JSON object whose top-level
    ``resourceType`` is ``"Bundle"``, found among the members that fit in ``head``."""
    text = head.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    if not text.startswith("{"):
        return False
    decoder, index = json.JSONDecoder(), 1
    while True:
        try:
            index = _skip_space(text, index)
            key, index = decoder.raw_decode(text, index)
            index = _skip_space(text, index)
            if text[index] != ":":
                return False
            value, index = decoder.raw_decode(text, _skip_space(text, index + 1))
            if key == "resourceType":
                return bool(value == "Bundle")
            index = _skip_space(text, index)
            if text[index] != ",":
                return False
            index += 1
        except (ValueError, IndexError):
            return False


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _check_resource_type(entry: object, where: str) -> None:
    """Name the entry whose resourceType FHIR R4 does not have (the models would only say
    KeyError)."""
    resource = entry.get("resource") if isinstance(entry, dict) else None
    if not isinstance(resource, dict):
        return
    name = resource.get("resourceType")
    try:
        model = get_fhir_model_class(str(name))
    except ValueError:
        model = None
    if model is None or not issubclass(model, Resource):
        raise InputError(where, f"{name!r} is not a FHIR R4 resource type")


def _read_entry(content: FhirContent, resource: Any, where: str) -> FhirEntry | None:
    if resource is None:
        content.tally.skipped["entry without a resource"] += 1
    elif getattr(resource, "status", None) == "entered-in-error":
        content.tally.skipped[f"{resource.get_resource_type()} entered in error"] += 1
    elif isinstance(resource, Patient):
        _read_patient(content, resource, where)
    elif isinstance(resource, Observation):
        return _read_observation(content, resource, where)
    elif isinstance(resource, MedicationStatement):
        if resource.status == "not-taken":
            content.tally.skipped["MedicationStatement not taken"] += 1
            return None
        content.tally.kept["course"] += 1
        return read_course(resource, where)
    elif isinstance(resource, Encounter) and is_visit(resource):
        content.tally.kept["visit"] += 1
        return _domain(DoctorVisit, visit_fields(resource), where)
    else:
        content.tally.skipped[resource.get_resource_type()] += 1
    return None


def _read_patient(content: FhirContent, patient: Patient, where: str) -> None:
    if content.tally.kept["patient"]:
        raise InputError(where, "a second Patient: a diary holds one person's entries")
    content.tally.kept["patient"] += 1
    if patient.gender in (Sex.FEMALE.value, Sex.MALE.value):
        content.sex = Sex(patient.gender)
    born = patient.birthDate
    if isinstance(born, date):
        content.birth_year = born.year
    elif born:
        content.birth_year = int(str(born)[:4])


def _read_observation(
    content: FhirContent, observation: Observation, where: str
) -> FhirEntry | None:
    kind = _find(observation.code, _EPISODE_KINDS)
    if kind is not None:
        content.tally.kept["episode"] += 1
        return read_episode(observation, kind, where)
    exposure_type = _find(observation.code, _EXPOSURE_TYPES)
    if exposure_type is not None:
        content.tally.kept[exposure_type.value] += 1
        return read_exposure(observation, exposure_type, where)
    content.tally.skipped["Observation with a code twitchwise does not know"] += 1
    return None


def _ranked(table: dict[Any, Sequence[codes.Code]]) -> dict[tuple[str, str], Any]:
    """(system, code) -> value, best first: the local code, then SNOMED CT or LOINC, then the
    rest (ICD-10's R25.2 is both cramp and spasm, so it only decides when nothing else does)."""
    rank = {codes.SNOMED: 1, codes.LOINC: 1}
    pairs = [(code, value) for value, known in table.items() for code in known]
    pairs.sort(
        key=lambda pair: (
            0 if pair[0].system.startswith(codes.LOCAL) else rank.get(pair[0].system, 2)
        )
    )
    found: dict[tuple[str, str], Any] = {}
    for code, value in pairs:
        found.setdefault((code.system, code.code), value)
    return found


_EPISODE_KINDS = _ranked(dict(codes.EPISODE_CODES))
_EXPOSURE_TYPES = _ranked({kind: (code,) for kind, code in codes.EXPOSURE_CODES.items()})
_COURSE_KINDS = {(codes.COURSE_KIND, kind.value): kind for kind in CourseKind}


def _find(concept: Any, table: dict[tuple[str, str], Any]) -> Any:
    """The value of the best-ranked coding of ``concept`` that ``table`` knows, or None."""
    if concept is None:
        return None
    present = {(coding.system, coding.code) for coding in concept.coding or []}
    return next((value for key, value in table.items() if key in present), None)


def read_episode(observation: Observation, kind: Any, where: str) -> LoggedEpisode:
    started, ended = _effective(observation, where)
    parts = read_episode_parts(observation, where)
    duration = parts.duration_minutes
    if duration is None and ended is not None:
        duration = (ended - started).total_seconds() / 60
    data = {
        "kind": kind,
        "started_at": started,
        "body_sites": parts.body_sites,
        "sides": parts.side,
        "duration_minutes": duration,
        "intensity": parts.intensity,
        "pain": parts.pain,
        "context": parts.context,
        "persisting_days": parts.persisting_days,
        "episodes_per_week": parts.episodes_per_week,
        "symptoms": parts.symptoms,
        "notes": _notes(observation),
    }
    return _domain(LoggedEpisode, data, where)


def read_exposure(observation: Observation, kind: ExposureType, where: str) -> Exposure:
    started, ended = _effective(observation, where)
    detail, effort = read_exposure_parts(observation, where)
    unit = UNIT[kind]
    if kind is ExposureType.MEAL and nutrient_of(detail) is Nutrient.VITAMIN_D:
        unit = "IU"
    amount = _amount(observation.valueQuantity, unit, f"{where}.valueQuantity")
    data = {
        "type": kind,
        "started_at": started,
        "ended_at": ended,
        "amount": amount,
        "detail": detail,
        "effort_rpe": effort,
    }
    return _domain(Exposure, data, where)


def _amount(quantity: Any, unit: str, where: str) -> float | None:
    if quantity is None or quantity.value is None:
        return None
    if any(extension.url == codes.LENGTH_OF_PERIOD for extension in quantity.extension or []):
        return None
    return in_unit(quantity, unit, where)


def read_course(statement: MedicationStatement, where: str) -> MedicationCourse:
    concept = statement.medicationCodeableConcept
    name = concept.text if concept is not None else None
    if not name and concept is not None:
        name = next(
            (c.display or c.code for c in concept.coding or [] if c.display or c.code), None
        )
    if not name:
        raise InputError(f"{where}.medicationCodeableConcept.text", "needs the medicine's name")
    kind = _find(statement.category, _COURSE_KINDS)
    period = statement.effectivePeriod
    started = _date(
        period.start if period else statement.effectiveDateTime, f"{where}.effectivePeriod.start"
    )
    stopped = _date(period.end if period else None, f"{where}.effectivePeriod.end")
    data = {
        "name": name,
        "kind": kind or CourseKind.MEDICATION,
        "dose_mg_per_day": _per_day(statement, where),
        "started_on": started,
        "stopped_on": stopped,
        "notes": _notes(statement),
    }
    return _domain(MedicationCourse, data, where)


def _per_day(statement: MedicationStatement, where: str) -> float | None:
    for index, dosage in enumerate(statement.dosage or []):
        for step, rate in enumerate(dosage.doseAndRate or []):
            ratio = rate.rateRatio
            if ratio is None or ratio.numerator is None:
                continue
            here = f"{where}.dosage[{index}].doseAndRate[{step}].rateRatio"
            amount = in_unit(ratio.numerator, "mg", f"{here}.numerator")
            days = 1.0 if ratio.denominator is None else _days(ratio.denominator, here)
            return amount if days == 1 else amount / days
    return None


def _days(quantity: Any, where: str) -> float:
    """A rate's denominator in days (``1 d`` as the export writes it; ``24 h`` and ``1 wk`` too)."""
    value = number(quantity, where)
    unit = quantity.code or quantity.unit
    per_day = {"d": 1.0, "wk": 7.0}.get(str(unit))
    try:
        days = value * per_day if per_day else convert(value, str(unit), "h") / 24
    except UnitError:
        days = 0.0
    if days <= 0:
        raise InputError(f"{where}.denominator", "must be a length of time such as 1 d")
    return days


def _effective(resource: Any, where: str) -> tuple[datetime, datetime | None]:
    period = resource.effectivePeriod
    if period is not None:
        return (
            _moment(period.start, f"{where}.effectivePeriod.start"),
            None if period.end is None else _moment(period.end, f"{where}.effectivePeriod.end"),
        )
    return _moment(resource.effectiveDateTime, f"{where}.effectiveDateTime"), None


def _moment(value: object, where: str) -> datetime:
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value
    raise InputError(
        where, "needs a date and time with a UTC offset, e.g. 2026-11-20T23:40:00+01:00"
    )


def _date(value: object, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise InputError(where, "needs a whole date such as 2026-11-20")


def _notes(resource: Any) -> str:
    return "\n\n".join(note.text for note in resource.note or [] if note.text)


def _domain(model: type[Model], data: dict[str, object], where: str) -> Model:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise input_error_from_validation(error.errors(), prefix=where) from None
