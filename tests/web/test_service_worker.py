"""The service worker as served: its VERSION follows the app's own files, so an installed app
keeps a new copy of a changed script or stylesheet instead of its first one for ever."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from twitchwise.web.pages import phone


@pytest.fixture
def static(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "static"
    shutil.copytree(phone.STATIC, copy)
    monkeypatch.setattr(phone, "STATIC", copy)
    phone._worker.cache_clear()
    yield copy
    phone._worker.cache_clear()


def version(client: TestClient) -> str:
    served = client.get("/sw.js")
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("text/javascript")
    found = re.search(r'var VERSION = "([0-9a-f]{12})";', served.text)
    assert found, served.text[:400]
    return found.group(1)


def test_a_changed_script_gives_a_new_worker_and_an_unchanged_one_does_not(
    client: TestClient, static: Path
) -> None:
    first = version(client)
    phone._worker.cache_clear()
    assert version(client) == first  # the same files, the same worker
    (static / "phone.js").write_text((static / "phone.js").read_text() + "\n/* v2 */\n")
    phone._worker.cache_clear()
    assert version(client) != first
    (static / "not-in-the-shell.txt").write_text("x")
    changed = version(client)
    phone._worker.cache_clear()
    assert version(client) == changed  # files the worker does not keep change nothing
