"""The parts of an episode or exposure Observation: body sites, side, components, and quantities
in the journal's units (``exports.fhir`` writes them; docs/fhir.md lists the codes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from fhir.resources.R4B.observation import Observation

from twitchwise.domain.episodes import BodySite, EpisodeContext, Side, Symptom
from twitchwise.domain.errors import InputError
from twitchwise.domain.units import UnitError, convert
from twitchwise.formats import fhir_codes as codes

_SITES = {(code.system, code.code): site for site, code in codes.BODY_SITE_CODES.items()}
_SIDES = {(code.system, code.code): side for side, code in codes.SIDE_CODES.items()}
_CONTEXTS = {(codes.CONTEXT, context.value): context for context in EpisodeContext}
_SYMPTOMS = {(codes.SYMPTOM, symptom.value): symptom for symptom in Symptom}


@dataclass
class EpisodeParts:
    body_sites: list[BodySite] = field(default_factory=list)
    side: Side | None = None
    intensity: int | None = None
    pain: int | None = None
    duration_minutes: float | None = None
    context: EpisodeContext | None = None
    persisting_days: int | None = None
    episodes_per_week: float | None = None
    symptoms: list[Symptom] = field(default_factory=list)


def read_episode_parts(observation: Observation, where: str) -> EpisodeParts:
    """Sites from the body-site components, else from ``bodySite``; the rest from components
    with the local episode-part codes (components in other code systems are left alone)."""
    parts = EpisodeParts()
    for name, component, here in _components(observation, codes.EPISODE_PART, where):
        _read_part(parts, name, component, here)
    if not parts.body_sites and observation.bodySite is not None:
        parts.body_sites.append(_site(observation.bodySite))
    return parts


def read_exposure_parts(observation: Observation, where: str) -> tuple[str, int | None]:
    """The detail (a drug's name, a nutrient, an activity) and the effort (RPE 0-10)."""
    detail, effort = "", None
    for name, component, here in _components(observation, codes.EXPOSURE_PART, where):
        if name == codes.DETAIL.code:
            detail = component.valueString or ""
        elif name == codes.EFFORT.code:
            effort = _whole(component.valueInteger, f"{here}.valueInteger")
    return detail, effort


def _components(
    observation: Observation, system: str, where: str
) -> Iterator[tuple[str, Any, str]]:
    """(local code, component, its path) for each component coded in ``system``."""
    for index, component in enumerate(observation.component or []):
        codings = component.code.coding or []
        name = next((c.code for c in codings if c.system == system and c.code), None)
        if name is not None:
            yield name, component, f"{where}.component[{index}]"


def _whole_days(quantity: Any, where: str) -> int:
    days = number(quantity, where)
    if not days.is_integer():
        raise InputError(f"{where}.value", "must be a whole number of days")
    return int(days)


# Each episode part: the component's value field, how it is read, and where it goes.
_PART_READERS: dict[str, tuple[str, Callable[[Any, str], Any], str]] = {
    codes.LATERALITY.code: ("valueCodeableConcept", lambda c, w: _coded(c, _SIDES, w), "side"),
    codes.INTENSITY.code: ("valueInteger", lambda v, w: _whole(v, w), "intensity"),
    codes.PAIN.code: ("valueInteger", lambda v, w: _whole(v, w), "pain"),
    codes.DURATION.code: ("valueQuantity", lambda q, w: _minutes(q, w), "duration_minutes"),
    codes.SETTING.code: ("valueCodeableConcept", lambda c, w: _coded(c, _CONTEXTS, w), "context"),
    codes.PERSISTING.code: ("valueQuantity", _whole_days, "persisting_days"),
    codes.PER_WEEK.code: ("valueQuantity", lambda q, w: number(q, w), "episodes_per_week"),
}


def _read_part(parts: EpisodeParts, name: str, component: Any, where: str) -> None:
    if name == codes.SITE.code:
        parts.body_sites.append(_site(component.valueCodeableConcept))
    elif name == codes.WITH_SYMPTOM.code:
        concept = component.valueCodeableConcept
        parts.symptoms.append(_coded(concept, _SYMPTOMS, f"{where}.valueCodeableConcept"))
    elif name in _PART_READERS:
        value_field, read, attribute = _PART_READERS[name]
        value = read(getattr(component, value_field), f"{where}.{value_field}")
        setattr(parts, attribute, value)


def _site(concept: Any) -> BodySite:
    """A known code gives its site; a site twitchwise has no code for is ``other``."""
    for coding in (concept.coding or []) if concept is not None else []:
        if (coding.system, coding.code) in _SITES:
            return _SITES[(coding.system, coding.code)]
    return BodySite.OTHER


def _coded(concept: Any, table: dict[tuple[str, str], Any], where: str) -> Any:
    for coding in (concept.coding or []) if concept is not None else []:
        if (coding.system, coding.code) in table:
            return table[(coding.system, coding.code)]
    raise InputError(where, "has no code twitchwise knows (docs/fhir.md lists them)")


def _whole(value: object, where: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InputError(where, "must be a whole number")


def number(quantity: Any, where: str) -> float:
    """The value of a Quantity as a float (FHIR decimals are read as ``Decimal``)."""
    if quantity is None or quantity.value is None:
        raise InputError(f"{where}.value", "is required")
    return float(Decimal(quantity.value))


def _minutes(quantity: Any, where: str) -> float:
    return in_unit(quantity, "min", where)


def in_unit(quantity: Any, unit: str, where: str) -> float:
    """The quantity's value in the journal's ``unit``: as it is when its UCUM code is the
    journal's own (or missing), converted when it is another unit of the same kind (g, L, s)."""
    value = number(quantity, where)
    wanted = codes.UCUM_UNITS.get(unit)
    given = quantity.code or quantity.unit
    if given is None or (wanted is not None and given == wanted.code):
        return value
    try:
        return convert(value, str(given).strip("{}[]"), unit)
    except UnitError:
        expected = wanted.code if wanted else unit
        reason = f"must be {expected} or a unit that converts to it, not {given}"
        raise InputError(f"{where}.code", reason) from None
