"""Small Apple Health exports written from the format (APPLE_HEALTH.md §1), for tests."""

from __future__ import annotations

import io
import zipfile

DTD = """<!DOCTYPE HealthData [
<!-- HealthKit Export Version: {version} -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Attachment EMPTY>
<!ATTLIST Attachment
  contentType CDATA #IMPLIED
>
]>
"""

# iOS 16.0/16.1: the last ATTLIST block lost its closing '>' (APPLE_HEALTH.md P1).
BROKEN_DTD = DTD.replace("  contentType CDATA #IMPLIED\n>", "  contentType CDATA #IMPLIED\n")

DEVICE = (
    "&lt;&lt;HKDevice: 0x3012772a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch&gt;"
)


def record(
    kind: str,
    start: str,
    end: str | None = None,
    value: str | None = None,
    unit: str | None = None,
    source: str = "Apple Watch",
    metadata: dict[str, str] | None = None,
) -> str:
    attributes = [
        f'type="{kind}"',
        f'sourceName="{source}"',
        'sourceVersion="10.2"',
        f'device="{DEVICE}"',
    ]
    if unit is not None:
        attributes.append(f'unit="{unit}"')
    attributes += [f'creationDate="{start}"', f'startDate="{start}"', f'endDate="{end or start}"']
    if value is not None:
        attributes.append(f'value="{value}"')
    children = "".join(
        f'\n  <MetadataEntry key="{k}" value="{v}"/>' for k, v in (metadata or {}).items()
    )
    if children:
        return f"<Record {' '.join(attributes)}>{children}\n </Record>"
    return f"<Record {' '.join(attributes)}/>"


def quantity(name: str, start: str, value: float | str, unit: str, **extra: object) -> str:
    return record(f"HKQuantityTypeIdentifier{name}", start, value=str(value), unit=unit, **extra)  # type: ignore[arg-type]


def category(name: str, start: str, end: str, value: str, **extra: object) -> str:
    return record(f"HKCategoryTypeIdentifier{name}", start, end, value=value, **extra)  # type: ignore[arg-type]


def workout(
    activity: str,
    start: str,
    end: str,
    minutes: float,
    zone: str | None = None,
    statistics: str = "",
) -> str:
    meta = f'\n  <MetadataEntry key="HKTimeZone" value="{zone}"/>' if zone else ""
    return (
        f'<Workout workoutActivityType="HKWorkoutActivityType{activity}" duration="{minutes}" '
        f'durationUnit="min" sourceName="Apple Watch" sourceVersion="10.2" device="{DEVICE}" '
        f'creationDate="{start}" startDate="{start}" endDate="{end}">'
        f"{meta}{statistics}\n </Workout>"
    )


def export_xml(
    body: list[str], *, version: int = 14, dtd: str | None = DTD, export_offset: str = "+0000"
) -> bytes:
    prolog = '<?xml version="1.0" encoding="UTF-8"?>\n' + ((dtd or "").format(version=version))
    head = (
        f'<HealthData locale="en_GB">\n <ExportDate value="2026-11-20 10:00:00 {export_offset}"/>\n'
        ' <Me HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale"/>\n '
    )
    return (prolog + head + "\n ".join(body) + "\n</HealthData>\n").encode("utf-8")


def zipped(
    xml: bytes,
    member: str = "apple_health_export/export.xml",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        archive.writestr(member, xml)
    return buffer.getvalue()
