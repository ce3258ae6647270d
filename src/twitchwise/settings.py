"""Settings from the environment (``TWITCHWISE_*``), built by ``load_settings()``, not at import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from twitchwise.domain.errors import InputError
from twitchwise.domain.time import Clock, FixedClock, SystemClock


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("twitchwise", appauthor=False))


def _local_zone() -> str:
    try:
        import tzlocal

        return str(tzlocal.get_localzone_name() or "UTC")
    except Exception:  # an odd system zone must not stop the program
        return "UTC"


class Settings(BaseSettings):
    """Where the journal lives and which zone "now" is in. See docs/settings.md."""

    model_config = SettingsConfigDict(env_prefix="TWITCHWISE_", extra="ignore")

    data_dir: Path = Field(default_factory=_default_data_dir)
    database_url: str | None = Field(
        default=None, description="an SQLAlchemy URL; overrides data_dir"
    )
    time_zone: str | None = Field(
        default=None, description="IANA zone for new people; default: the system's"
    )
    accounts: bool = Field(
        default=False, description="many people on one server, each signing in (SPEC section 7)"
    )
    import_worker: bool = Field(
        default=True,
        description="each `serve` process runs an import worker; off: `twitchwise worker` "
        "processes run them (PostgreSQL only)",
    )
    moderators: list[str] = Field(
        default_factory=list,
        description="accounts mode: the names that moderate the guide's replies",
    )
    upload_max_bytes: int = Field(
        default=2 * 1024**3,
        ge=1,
        description="the largest file an upload may hold (an import), checked as it arrives",
    )
    upload_max_bytes_per_person: int = Field(
        default=4 * 1024**3,
        ge=1,
        description="accounts mode: one person's uploads waiting for their import, together",
    )
    body_max_bytes: int = Field(
        default=1024**2,
        ge=1024,
        description="the largest request body other than an upload (JSON, forms)",
    )
    sign_in_body_max_bytes: int = Field(
        default=16 * 1024,
        ge=1024,
        description="the largest body of a request that needs no sign-in (sign-in, tokens)",
    )
    public_url: str = Field(
        default="http://localhost:8000",
        description="the address people and doctors reach this server at: share links and "
        "reminders' stop links start with it",
    )
    reminders: bool = Field(
        default=True,
        description="each `serve` process (and `twitchwise worker`) sends the reminders due",
    )
    vapid_subject: str = Field(
        default="mailto:twitchwise@localhost",
        description="Web Push: the contact push services see in the VAPID claims",
    )
    now: datetime | None = Field(
        default=None, description="a fixed 'now' with a UTC offset, for tests and demos"
    )

    @field_validator("data_dir", "database_url", "time_zone", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object, info: ValidationInfo) -> object:
        """``TWITCHWISE_DATA_DIR=`` (set but empty) means the default, not the current folder."""
        if isinstance(value, str) and not value.strip():
            return _default_data_dir() if info.field_name == "data_dir" else None
        return value

    @property
    def journal_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'journal.db'}"

    @property
    def upload_dir(self) -> Path:
        """Where the web app keeps an uploaded file until its import has run."""
        return self.data_dir / "uploads"

    @property
    def zone_name(self) -> str:
        return self.time_zone or _local_zone()

    def clock(self) -> Clock:
        if self.now is not None:
            if self.now.tzinfo is None:
                raise InputError(
                    "TWITCHWISE_NOW", "needs a UTC offset, e.g. 2026-11-24T14:05:00+00:00"
                )
            return FixedClock(self.now)
        return SystemClock()


def load_settings(**overrides: Any) -> Settings:
    """Read the environment now; ``overrides`` win (tests pass ``data_dir=tmp_path``)."""
    return Settings(**overrides)
