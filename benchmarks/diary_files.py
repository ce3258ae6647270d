"""Large diary files for the import benchmarks and the memory tests: the long CSV, a FHIR R4
bundle and a JSON backup of N entries, written quickly from a few templates (each entry made
once by twitchwise's own exporters, then repeated with a new time and id), so that every entry
is distinct and valid.

Run: .venv/bin/python benchmarks/diary_files.py csv 2000000 diary.csv
"""

from __future__ import annotations

import json
import sys
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from twitchwise.domain.episodes import BodySite, EpisodeKind
from twitchwise.domain.exposures import Exposure, ExposureType
from twitchwise.domain.journal import EpisodeEntry, ExposureEntry, LoggedEpisode, Profile
from twitchwise.exports import fhir

START = datetime(2016, 1, 1, tzinfo=UTC)
STAMP = "2000-01-01T00:00:00+00:00"  # the placeholder time inside a template
PROFILE = Profile(name="me", time_zone="UTC")


def _moment(index: int) -> str:
    return (START + timedelta(minutes=index)).isoformat()


def _templates() -> list[tuple[str, Exposure | LoggedEpisode]]:
    at = datetime.fromisoformat(STAMP)
    return [
        ("caffeine", Exposure(type=ExposureType.CAFFEINE, started_at=at, amount=95.0)),
        ("water", Exposure(type=ExposureType.WATER, started_at=at, amount=250.0)),
        ("alcohol", Exposure(type=ExposureType.ALCOHOL, started_at=at, amount=1.5)),
        (
            "episode",
            LoggedEpisode(
                kind=EpisodeKind.TWITCH, started_at=at, body_sites=[BodySite.CALF], intensity=4
            ),
        ),
    ]


def write_csv(rows: int, out: IO[str]) -> None:
    out.write("time,type,value,unit,end_time,detail\n")
    lines = {
        "caffeine": "{t},caffeine,95,mg,,coffee\n",
        "water": "{t},water,250,ml,,\n",
        "alcohol": "{t},alcohol,1.5,units,,beer\n",
        "episode": "{t},episode,4,0-10,,left calf twitch\n",
    }
    cycle = list(lines.values())
    for index in range(rows):
        out.write(cycle[index % 4].format(t=_moment(index)))


def write_fhir(entries: int, out: IO[str]) -> None:
    """A collection Bundle: a Patient, then ``entries`` Observations."""
    subject = {"reference": "urn:uuid:00000000-0000-5000-8000-000000000000"}
    made = []
    for _name, entry in _templates():
        if isinstance(entry, LoggedEpisode):
            made.append(json.dumps(fhir.episode_resource(entry, subject)))
        else:
            made.append(json.dumps(fhir.exposure_resource(entry, subject)))
    patient = json.dumps(fhir.patient_resource(PROFILE))
    out.write('{"resourceType": "Bundle", "type": "collection", "entry": [\n')
    out.write(f'{{"fullUrl": "{subject["reference"]}", "resource": {patient}}}')
    for index in range(entries):
        url = f"urn:uuid:{uuid.UUID(int=index + 1, version=4)}"
        resource = made[index % 4].replace(STAMP, _moment(index))
        out.write(f',\n{{"fullUrl": "{url}", "resource": {resource}}}')
    out.write("\n]}\n")


def write_backup(entries: int, out: IO[str]) -> None:
    """A backup of ``entries`` episodes and exposures (ids 1..N)."""
    kinds: dict[str, list[str]] = {"episodes": [], "exposures": []}
    templates = []
    for _name, entry in _templates():
        if isinstance(entry, LoggedEpisode):
            text = EpisodeEntry(id=999999999, **entry.model_dump()).model_dump_json()
            templates.append(("episodes", text))
        else:
            text = ExposureEntry(id=999999999, **entry.model_dump()).model_dump_json()
            templates.append(("exposures", text))
    stamp = datetime.fromisoformat(STAMP).isoformat().replace("+00:00", "Z")
    head = {"format": "twitchwise-backup", "version": 1, "exported_at": START.isoformat()}
    out.write(json.dumps(head)[:-1] + f', "profile": {PROFILE.model_dump_json()}')
    for member in kinds:
        out.write(f', "{member}": [')
        first = True
        for index in range(entries):
            name, text = templates[index % 4]
            if name != member:
                continue
            moment = _moment(index).replace("+00:00", "Z")
            entry = text.replace("999999999", str(index + 1)).replace(stamp, moment)
            out.write(("" if first else ",\n") + entry)
            first = False
        out.write("]")
    out.write("}\n")


WRITERS: dict[str, Callable[[int, IO[str]], None]] = {
    "csv": write_csv,
    "fhir": write_fhir,
    "backup": write_backup,
}


def write(kind: str, count: int, path: Path) -> Path:
    with path.open("w", encoding="utf-8") as out:
        WRITERS[kind](count, out)
    return path


if __name__ == "__main__":
    write(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]))
