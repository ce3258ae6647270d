"""Settings read from the environment."""

from __future__ import annotations

import pytest

from twitchwise.settings import load_settings


def test_an_empty_data_dir_setting_means_the_default_not_the_current_folder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TWITCHWISE_DATA_DIR", "")
    monkeypatch.setenv("TWITCHWISE_DATABASE_URL", "")
    settings = load_settings()
    assert settings.data_dir.is_absolute() and settings.data_dir.name == "twitchwise"
    assert settings.database_url is None
