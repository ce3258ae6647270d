"""The vocabulary of the FHIR export and import: which code stands for which diary word.

Standard codes are used only where a source was checked; everything else is a local code in a
code system under ``https://twitchwise.example/fhir/CodeSystem/`` (listed in docs/fhir.md).

Sources checked (July 2026):

* SNOMED CT 55300003 "Cramp": HL7's patient-reported symptoms implementation guide decomposes
  51197009 "Stomach cramps" into 55300003 "Cramp (finding)" + a body site, linking the
  SNOMED browser.
* SNOMED CT 45352006 "Spasm": two independent code lists (a symptom table "45352006 Spasm", a
  clinical app "45352006 Muscle spasm").
* ICD-10 (WHO) R25.2 "Cramp and spasm" and R25.3 "Fasciculation" (inclusion term "Twitching
  NOS"), from ICD-10 chapter XVIII as published on ICD reference sites. No SNOMED CT code for
  fasciculation could be confirmed from a source at hand, so a twitch carries ICD-10 R25.3 and
  the local code, not a guessed SNOMED code.
* SNOMED CT body structures: DICOM PS3.16 Table L-1 (Body Part Examined -> SNOMED CT: calf
  53840002, thigh 68367000, foot 56459004, hand 85562004, eyelid 80243003, face 89545001, back
  77568009) and CID 4031 "Common Anatomic Region" (toe 29707007, lower limb 61685007, upper limb
  53120007, abdomen 818981001). Hamstring has no entry there: local.
* SNOMED CT laterality qualifiers 7771000 "Left", 24028007 "Right", 51440002 "Right and left"
  (DICOM CID 244 "Laterality"; the German Medical Informatics Initiative's diagnosis module).
* LOINC 93832-4 "Sleep duration" and 55411-3 "Exercise duration" (used with these meanings by
  several published wearable-to-FHIR mappings; 55411-3 is reported in minutes).
* Units are UCUM (https://unitsofmeasure.org); the journal's own units map one to one.
"""

from __future__ import annotations

from dataclasses import dataclass

from twitchwise.domain.episodes import BodySite, EpisodeKind, Side
from twitchwise.domain.exposures import ExposureType

SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"

LOCAL = "https://twitchwise.example/fhir/CodeSystem"
EPISODE = f"{LOCAL}/episode"  # twitch, cramp, spasm
EPISODE_PART = f"{LOCAL}/episode-part"  # the components of an episode Observation
BODY_SITE = f"{LOCAL}/body-site"  # sites without a checked SNOMED CT code
CONTEXT = f"{LOCAL}/episode-context"  # EpisodeContext values
SYMPTOM = f"{LOCAL}/symptom"  # Symptom values
EXPOSURE = f"{LOCAL}/exposure"  # exposure types without a checked LOINC code
EXPOSURE_PART = f"{LOCAL}/exposure-part"  # detail, effort-rpe
COURSE_KIND = f"{LOCAL}/course-kind"  # medication, supplement
# On the value of sleep, exercise or sex entered only as a start and an end: the value is the
# length of the period, shown for readers; the diary itself holds no amount.
LENGTH_OF_PERIOD = "https://twitchwise.example/fhir/StructureDefinition/length-of-period"


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str

    def coding(self) -> dict[str, str]:
        return {"system": self.system, "code": self.code, "display": self.display}


@dataclass(frozen=True)
class Unit:
    """A UCUM unit: ``code`` is what machines compare, ``unit`` what people read."""

    code: str
    unit: str

    def quantity(self, value: float) -> dict[str, object]:
        return {"value": value, "unit": self.unit, "system": UCUM, "code": self.code}


EPISODE_CODES: dict[EpisodeKind, tuple[Code, ...]] = {
    EpisodeKind.TWITCH: (
        Code(ICD10, "R25.3", "Fasciculation"),
        Code(EPISODE, "twitch", "Muscle twitching (fasciculation)"),
    ),
    EpisodeKind.CRAMP: (
        Code(SNOMED, "55300003", "Cramp"),
        Code(ICD10, "R25.2", "Cramp and spasm"),
        Code(EPISODE, "cramp", "Muscle cramp"),
    ),
    EpisodeKind.SPASM: (
        Code(SNOMED, "45352006", "Spasm"),
        Code(ICD10, "R25.2", "Cramp and spasm"),
        Code(EPISODE, "spasm", "Muscle spasm"),
    ),
}

BODY_SITE_CODES: dict[BodySite, Code] = {
    BodySite.CALF: Code(SNOMED, "53840002", "Calf of leg"),
    BodySite.THIGH: Code(SNOMED, "68367000", "Thigh"),
    BodySite.HAMSTRING: Code(BODY_SITE, "hamstring", "Hamstring"),
    BodySite.FOOT: Code(SNOMED, "56459004", "Foot"),
    BodySite.TOES: Code(SNOMED, "29707007", "Toe"),
    BodySite.LEG: Code(SNOMED, "61685007", "Lower limb"),
    BodySite.EYELID: Code(SNOMED, "80243003", "Eyelid"),
    BodySite.FACE: Code(SNOMED, "89545001", "Face"),
    BodySite.ARM: Code(SNOMED, "53120007", "Upper limb"),
    BodySite.HAND: Code(SNOMED, "85562004", "Hand"),
    BodySite.BACK: Code(SNOMED, "77568009", "Back"),
    BodySite.ABDOMEN: Code(SNOMED, "818981001", "Abdomen"),
    BodySite.OTHER: Code(BODY_SITE, "other", "Another part of the body"),
}

SIDE_CODES: dict[Side, Code] = {
    Side.LEFT: Code(SNOMED, "7771000", "Left"),
    Side.RIGHT: Code(SNOMED, "24028007", "Right"),
    Side.BOTH: Code(SNOMED, "51440002", "Right and left"),
}

# The components of an episode Observation, each a local code.
INTENSITY = Code(EPISODE_PART, "intensity", "Intensity, 0-10")
PAIN = Code(EPISODE_PART, "pain", "Pain, 0-10")
DURATION = Code(EPISODE_PART, "duration", "How long the episode lasted")
LATERALITY = Code(EPISODE_PART, "laterality", "Side of the body")
SITE = Code(EPISODE_PART, "body-site", "Where it was felt")
SETTING = Code(EPISODE_PART, "context", "What the person was doing when it came on")
PERSISTING = Code(EPISODE_PART, "persisting-days", "Days it has been going on")
PER_WEEK = Code(EPISODE_PART, "episodes-per-week", "Episodes a week")
WITH_SYMPTOM = Code(EPISODE_PART, "symptom", "An accompanying symptom")

MINUTES = Unit("min", "min")
DAYS = Unit("d", "days")
PER_WEEK_UNIT = Unit("/wk", "per week")

EXPOSURE_CODES: dict[ExposureType, Code] = {
    ExposureType.CAFFEINE: Code(EXPOSURE, "caffeine", "Caffeine taken"),
    ExposureType.ALCOHOL: Code(EXPOSURE, "alcohol", "Alcohol drunk, in UK units (8 g ethanol)"),
    ExposureType.WATER: Code(EXPOSURE, "water", "Water drunk"),
    ExposureType.SLEEP: Code(LOINC, "93832-4", "Sleep duration"),
    ExposureType.SEXUAL_ACTIVITY: Code(EXPOSURE, "sexual_activity", "Sexual activity"),
    ExposureType.EXERCISE: Code(LOINC, "55411-3", "Exercise duration"),
    ExposureType.STRESS: Code(EXPOSURE, "stress", "Stress, 0-10"),
    ExposureType.MEDICATION: Code(EXPOSURE, "medication", "A dose of a medicine"),
    ExposureType.SUPPLEMENT: Code(EXPOSURE, "supplement", "A dose of a supplement"),
    ExposureType.MEAL: Code(EXPOSURE, "meal", "A nutrient eaten"),
}

# The journal's internal unit (domain.exposures.UNIT, and IU for vitamin D) -> UCUM.
UCUM_UNITS: dict[str, Unit] = {
    "mg": Unit("mg", "mg"),
    "ml": Unit("mL", "mL"),
    "h": Unit("h", "h"),
    "min": MINUTES,
    "units": Unit("{alcohol_unit}", "UK units of alcohol"),
    "0-10": Unit("{score}", "0-10"),
    "IU": Unit("[IU]", "IU"),
}

DETAIL = Code(EXPOSURE_PART, "detail", "What it was, in the person's words")
EFFORT = Code(EXPOSURE_PART, "effort-rpe", "Effort, rating of perceived exertion 0-10")

ACTIVITY_TYPES = frozenset(
    {ExposureType.SLEEP, ExposureType.EXERCISE, ExposureType.SEXUAL_ACTIVITY}
)
