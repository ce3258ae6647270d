"""``GET /api/v1/export/backup`` (lossless JSON) and ``GET /api/v1/export/csv`` (the long CSV)."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from twitchwise.exports.csv_long import write_csv
from twitchwise.web.state import web_of

router = APIRouter(prefix="/export", tags=["exports"])


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@router.get("/backup")
def export_backup(request: Request) -> Response:
    """Every entry with its id, and the profile: ``twitchwise import backup`` restores it."""
    with web_of(request).store.read() as journal:
        backup = journal.backup(exported_at=datetime.now(UTC))
    stamp = f"{backup.exported_at:%Y-%m-%d}"
    return Response(
        backup.model_dump_json(indent=2),
        media_type="application/json",
        headers=_attachment(f"twitchwise-backup-{stamp}.json"),
    )


@router.get("/csv")
def export_csv(request: Request) -> Response:
    """The long CSV of docs/csv-format.md."""
    buffer = io.StringIO()
    with web_of(request).store.read() as journal:
        write_csv([*journal.episodes(), *journal.exposures()], buffer)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers=_attachment("twitchwise-diary.csv"),
    )
