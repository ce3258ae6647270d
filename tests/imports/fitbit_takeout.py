"""Writes a small Google Takeout of Fitbit data, in both of Fitbit's formats, from the shapes
people's parsers of real archives document (APPLE_HEALTH.md §4.1, WEARABLES.md §1.3): no openly
licensed real archive exists. The person lives in Berlin; the files span Europe's spring DST
change (2026-03-29) and hold junk values and two recorders counting the same steps."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

ROOT = "Takeout/Fitbit/"
LEGACY = ROOT + "Global Export Data/"
NEWER = ROOT + "Physical Activity_GoogleData/"

SLEEP = [
    {  # across the DST change: naive local times, the levels' seconds real
        "logId": 1,
        "dateOfSleep": "2026-03-29",
        "startTime": "2026-03-28T23:10:00.000",
        "endTime": "2026-03-29T07:40:00.000",
        "duration": 27_000_000,
        "mainSleep": True,
        "type": "stages",
        "levels": {
            "data": [
                {"dateTime": "2026-03-28T23:10:00.000", "level": "wake", "seconds": 600},
                {"dateTime": "2026-03-28T23:20:00.000", "level": "light", "seconds": 7800},
                {"dateTime": "2026-03-29T01:30:00.000", "level": "deep", "seconds": 3600},
                {"dateTime": "2026-03-29T03:30:00.000", "level": "rem", "seconds": 14400},
                {"dateTime": "2026-03-29T07:30:00.000", "level": "wake", "seconds": 600},
            ]
        },
    },
    {  # a classic night without levels
        "logId": 2,
        "dateOfSleep": "2026-04-11",
        "startTime": "2026-04-10T23:00:00.000",
        "endTime": "2026-04-11T06:30:00.000",
        "duration": 27_000_000,
        "mainSleep": True,
        "type": "classic",
    },
]
HEART_RATE = [  # UTC
    {"dateTime": "03/28/26 22:59:00", "value": {"bpm": 60, "confidence": 2}},
    {"dateTime": "03/28/26 23:30:00", "value": {"bpm": 70, "confidence": 3}},
    {"dateTime": "03/29/26 12:00:00", "value": {"bpm": 0, "confidence": 0}},  # junk
]
STEPS = [
    {"dateTime": "03/28/26 23:30:00", "value": "500"},
    {"dateTime": "03/29/26 10:00:00", "value": "-5"},  # junk
]
RESTING = [
    {"dateTime": "03/29/26 00:00:00", "value": {"date": "03/29/2026", "value": 55.5, "error": 6}},
    {"dateTime": "03/30/26 00:00:00", "value": {"date": "03/30/2026", "value": 0.0, "error": 0}},
]
EXERCISE = [
    {  # a night walk across the clock change: an hour of real time
        "logId": 5,
        "activityName": "Walk",
        "startTime": "03/29/26 01:45:00",
        "duration": 3_600_000,
        "activeDuration": 3_600_000,
    },
    {"logId": 6, "activityName": "Run", "startTime": "03/30/26 18:00:00", "duration": 0},
]
HR_CSV = (
    "timestamp,beats per minute,data source\n"
    "2026-04-01T21:30:00Z,80,Charge 6\n"
    "2026-04-01T22:30:00Z,90,Charge 6\n"
)
STEPS_CSV = (  # the tracker and the phone count the same walk
    "timestamp,steps,data source\n"
    "2026-04-01T08:00:00Z,1000,Charge 6\n"
    "2026-04-01T08:00:00Z,800,MobileTrack\n"
    "2026-04-01T21:59:00Z,100,Charge 6\n"
    "2026-04-01T22:30:00Z,50,Charge 6\n"
)
RESTING_CSV = "timestamp,beats per minute,data source\n2026-04-01T00:00:00Z,54,Charge 6\n"
HRV_CSV = (  # naive local
    "timestamp,rmssd,nremhr,entropy\n"
    "2026-04-01T00:00:00,42.5,55.1,2.7\n"
    "2026-04-02T00:00:00,1.4e-45,55.0,2.7\n"
)


def files() -> dict[str, bytes]:
    return {
        "Takeout/archive_browser.html": b"<html></html>",
        LEGACY + "sleep-2026-03-01.json": json.dumps(SLEEP).encode(),
        LEGACY + "heart_rate-2026-03-29.json": json.dumps(HEART_RATE).encode(),
        LEGACY + "steps-2026-03-29.json": json.dumps(STEPS).encode(),
        LEGACY + "resting_heart_rate-2026-03-29.json": json.dumps(RESTING).encode(),
        LEGACY + "exercise-0.json": json.dumps(EXERCISE).encode(),
        LEGACY + "weight-2026-03-01.json": b"[]",
        NEWER + "heart_rate_2026-04-01.csv": HR_CSV.encode(),
        NEWER + "steps_2026-04-01.csv": STEPS_CSV.encode(),
        NEWER + "daily_resting_heart_rate.csv": RESTING_CSV.encode(),
        ROOT + "Heart Rate Variability/Daily Heart Rate Variability Summary - 2026-04-01.csv": (
            HRV_CSV.encode()
        ),
    }


def takeout_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files().items():
            archive.writestr(name, data)
    return path


def takeout_folder(path: Path) -> Path:
    for name, data in files().items():
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return path / "Takeout"
