from __future__ import annotations

from pathlib import Path

import pytest

from twitchwise.knowledge import Knowledge, load_knowledge

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "after-sex.json"


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()
