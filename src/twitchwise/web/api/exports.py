"""``GET /api/v1/export/backup`` (lossless JSON), ``GET /api/v1/export/csv`` (the long CSV) and
``GET /api/v1/export/fhir`` (a FHIR R4 Bundle for a doctor's system)."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from twitchwise.exports import fhir
from twitchwise.exports.csv_long import write_csv
from twitchwise.web.state import here

router = APIRouter(prefix="/export", tags=["exports"])


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@router.get("/backup", responses={200: {"content": {"application/json": {}}}})
def export_backup(request: Request) -> Response:
    """Every entry with its id, and the profile: ``twitchwise import backup`` restores it."""
    with here(request).read() as journal:
        backup = journal.backup(exported_at=datetime.now(UTC))
    stamp = f"{backup.exported_at:%Y-%m-%d}"
    return Response(
        backup.model_dump_json(indent=2),
        media_type="application/json",
        headers=_attachment(f"twitchwise-backup-{stamp}.json"),
    )


@router.get("/csv", responses={200: {"content": {"text/csv": {}}}})
def export_csv(request: Request) -> Response:
    """The long CSV of docs/csv-format.md."""
    buffer = io.StringIO()
    with here(request).read() as journal:
        write_csv([*journal.episodes(), *journal.exposures()], buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("twitchwise-diary.csv"),
    )


@router.get("/fhir", responses={200: {"content": {"application/fhir+json": {}}}})
def export_fhir(request: Request) -> Response:
    """A FHIR R4 Bundle (docs/fhir.md): ``twitchwise import fhir`` reads it back."""
    web = here(request)
    exported_at = web.now()
    with web.read() as journal:
        data = fhir.bundle(
            journal.profile(),
            journal.episodes(),
            journal.exposures(),
            journal.courses(),
            exported_at=exported_at,
        )
    return Response(
        json.dumps(data, indent=2, ensure_ascii=False),
        media_type="application/fhir+json",
        headers=_attachment(f"twitchwise-fhir-{exported_at:%Y-%m-%d}.json"),
    )
