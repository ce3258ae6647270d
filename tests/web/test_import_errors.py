"""An import that fails says so with the person's own file name and in words, never the name
the app keeps the upload under or a decoder's message."""

from __future__ import annotations

import html
import io
import re
import zipfile

import pytest
from fastapi.testclient import TestClient

HEADER = b"time,type,value,unit,end_time,detail\n"


def _failed(client: TestClient, name: str, content: bytes) -> str:
    answer = client.post("/import", files={"file": (name, content)}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    job_id = answer.headers["location"].rsplit("/", 1)[1]
    client.app.state.web.jobs.wait(job_id)  # type: ignore[attr-defined]
    page = client.get(answer.headers["location"]).text
    assert 'data-state="failed"' in page
    found = re.search(r'<div role="alert" class="problems">.*?<p>(.*?)</p>', page, re.S)
    assert found
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1)))


def _damaged_zip() -> bytes:
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w") as archive:
        info = zipfile.ZipInfo("apple_health_export/export.xml")
        archive.writestr(info, "<HealthData>" + "<Record/>" * 5000, zipfile.ZIP_DEFLATED)
    whole = packed.getvalue()
    return whole[:60] + bytes(40) + whole[100:]  # the deflated data broken in the middle


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "Mein Tagebuch.csv",
            HEADER + "2026-11-20T08:00:00+00:00,water,500,ml,,Grüße\n".encode("latin-1"),
            'Mein Tagebuch.csv: is not UTF-8 text: save it again as "CSV UTF-8"',
        ),
        ("backup.json", b'{"profile": {"name": ', "backup.json: is not JSON (or it was cut short)"),
        ("export.zip", _damaged_zip(), "export.zip: is not a readable zip file"),
        ("export.xml", b"just some text", "export.xml: is not an Apple Health export"),
        (
            "export.xml",
            b"<HealthData locale='en'>\n<Record type='x'",
            "export.xml: the export is not well-formed XML: it breaks off or is damaged near line",
        ),
    ],
)
def test_a_failed_import_names_the_persons_file_in_words(
    client: TestClient, name: str, content: bytes, says: str
) -> None:
    message = _failed(client, name, content)
    assert message.startswith(says), message
    for internal in (".upload", "codec", "position", "lexical", "BadZip", "Errno", "/"):
        assert internal not in message.replace(f"{name}", ""), message
