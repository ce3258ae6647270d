"""The tables. Every diary row belongs to one person; times are UTC plus the offset they were
written with; amounts are in the internal unit named by the column or by ``exposures.UNIT``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from twitchwise.storage.types import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


def _owner() -> Mapped[int]:
    return mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)


class PersonRow(Base):
    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    time_zone: Mapped[str] = mapped_column(String(64))
    sex: Mapped[str | None] = mapped_column(String(10))
    birth_year: Mapped[int | None] = mapped_column(Integer)
    pregnant: Mapped[bool | None]
    conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime]
    # Raised by every unit of work that may write: equal revisions mean an unchanged journal.
    revision: Mapped[int] = mapped_column(Integer, server_default=text("0"))


class EpisodeRow(Base):
    __tablename__ = "episode"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key"),
        Index("ix_episode_person_started_id", "person_id", "started_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    started_at: Mapped[datetime]
    started_offset_minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10))
    body_sites: Mapped[list[str]] = mapped_column(JSON)
    sides: Mapped[str | None] = mapped_column(String(10))
    duration_minutes: Mapped[float | None] = mapped_column(Float)
    intensity: Mapped[int | None]
    pain: Mapped[int | None]
    context: Mapped[str | None] = mapped_column(String(20))
    persisting_days: Mapped[int | None]
    episodes_per_week: Mapped[float | None] = mapped_column(Float)
    symptoms: Mapped[list[str]] = mapped_column(JSON)
    symptoms_absent: Mapped[list[str]] = mapped_column(JSON, default=list)
    notes: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20))
    dedupe_key: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class ExposureRow(Base):
    __tablename__ = "exposure"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key"),
        Index("ix_exposure_person_type_started", "person_id", "type", "started_at"),
        # Lists and exports of every type, newest first, read through this in pages.
        Index("ix_exposure_person_started_id", "person_id", "started_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    type: Mapped[str] = mapped_column(String(20))
    started_at: Mapped[datetime]
    started_offset_minutes: Mapped[int]
    ended_at: Mapped[datetime | None]
    ended_offset_minutes: Mapped[int | None]
    amount: Mapped[float | None] = mapped_column(
        Float, comment="in the type's unit: exposures.UNIT"
    )
    detail: Mapped[str] = mapped_column(String(200), default="")
    effort_rpe: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(20))
    dedupe_key: Mapped[str] = mapped_column(String(400))
    created_at: Mapped[datetime]


class MedicationCourseRow(Base):
    __tablename__ = "medication_course"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key"),
        Index("ix_medication_course_person_id_id", "person_id", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))
    dose_mg_per_day: Mapped[float | None] = mapped_column(Float)
    started_on: Mapped[date | None] = mapped_column(Date)
    stopped_on: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class NoteRow(Base):
    __tablename__ = "note"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key"),
        Index("ix_note_person_at", "person_id", "at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    at: Mapped[datetime]
    at_offset_minutes: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    dedupe_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class DoctorVisitRow(Base):
    """A doctor's visit about the twitches or cramps: its day, what came of it, a note."""

    __tablename__ = "doctor_visit"
    __table_args__ = (
        UniqueConstraint("person_id", "dedupe_key"),
        Index("ix_doctor_visit_person_on", "person_id", "visited_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    visited_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[str] = mapped_column(String(12))
    note: Mapped[str] = mapped_column(Text, default="")
    dedupe_key: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]


class DailyMeasureRow(Base):
    """Device measurements kept as one value per kind and local day (heart rate variability,
    active energy...), so an export of millions of samples stays a few thousand rows."""

    __tablename__ = "daily_measure"
    __table_args__ = (UniqueConstraint("person_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(40))
    value: Mapped[float] = mapped_column(Float)
    source: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[datetime]


class GuideReplyRow(Base):
    """A reader's reply under a guide page. Not a diary row, so no owner: the accounts issue can
    add a nullable author. ``client_key`` is a keyed hash of the sender's address, kept only for
    the rate-limit window and erased after it; the address itself is never stored."""

    __tablename__ = "guide_reply"
    __table_args__ = (Index("ix_guide_reply_topic_approved", "topic", "approved_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))
    name: Mapped[str] = mapped_column(String(80))
    email: Mapped[str] = mapped_column(String(254), comment="stored, never shown")
    comment: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)
    approved_at: Mapped[datetime | None]
    client_key: Mapped[str | None] = mapped_column(String(64))


class GuideSecretRow(Base):
    """The one key behind ``GuideReplyRow.client_key``, made on the first reply."""

    __tablename__ = "guide_secret"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[bytes] = mapped_column(LargeBinary(32))


class AccountRow(Base):
    """A person who signs in (multi-user mode). ``password_hash`` is an argon2id PHC string: it
    carries its own salt and cost parameters, so stronger parameters can replace old hashes one
    sign-in at a time. The local-mode person has no account."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    password_changed_at: Mapped[datetime]
    # Two-step sign-in (TOTP, RFC 6238): the base32 secret once confirmed, the one being set up
    # until its first code is typed, and the last 30-second step a code was accepted for (a code
    # is good once: ASVS V6.5.1).
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_pending: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)


class WebSessionRow(Base):
    """A signed-in browser. Only the SHA-256 of the cookie's token is kept, so a copy of the
    database cannot be replayed as a cookie; ``csrf_token`` is rendered into pages."""

    __tablename__ = "web_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    # The password was right and the authenticator's code is still to come: such a session
    # opens nothing but the code page, and lives only minutes.
    pending: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # "Firefox on Linux": a few words from the User-Agent for the person's list of sessions
    # (the header itself is not kept).
    device: Mapped[str | None] = mapped_column(String(60))


class ApiTokenRow(Base):
    """A bearer token for the HTTP API, kept as its SHA-256 only; shown to its owner once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    last_used_at: Mapped[datetime | None]


class RecoveryCodeRow(Base):
    """A one-time code that stands in for the authenticator app, kept as its SHA-256 (each has
    80 random bits, so a fast hash is enough); ``used_at`` once spent."""

    __tablename__ = "recovery_code"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class RateAttemptRow(Base):
    """One counted attempt (a sign-in, a token request) under a hashed key such as a name or an
    address; rows older than the longest window are deleted as new ones come."""

    __tablename__ = "rate_attempt"
    # The second index serves the clean-up (``at`` alone), which otherwise reads every row.
    __table_args__ = (
        Index("ix_rate_attempt_key_hash_at", "key_hash", "at"),
        Index("ix_rate_attempt_at", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]


class SignInPlaceRow(Base):
    """A place (an IPv4 address or an IPv6 /64, as a hash with the person's id) a person signed
    in from lately: tries from there do not count towards the account's ceiling, so strangers
    flooding an account cannot keep its person out of their usual places."""

    __tablename__ = "sign_in_place"
    __table_args__ = (UniqueConstraint("person_id", "place_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    place_hash: Mapped[str] = mapped_column(String(64))
    last_at: Mapped[datetime] = mapped_column(index=True)


class ImportJobRow(Base):
    """An uploaded file waiting for, going through, or done with its import. Kept in the
    database, not in a process's memory, so any worker process can run it and any can report
    its progress."""

    __tablename__ = "import_job"
    __table_args__ = (
        Index("ix_import_job_state_created_at", "state", "created_at"),
        Index("ix_import_job_person_state", "person_id", "state"),
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    person_id: Mapped[int] = _owner()
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(10))  # queued, running, done, failed
    done: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    total: Mapped[int | None] = mapped_column(BigInteger)
    unit: Mapped[str | None] = mapped_column(String(10))
    records: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    kept: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    # The upload's size on disk: a person's waiting uploads are held to a limit together.
    size_bytes: Mapped[int] = mapped_column(BigInteger, server_default=text("0"))
    # host:pid of the process running it: a job whose process is gone is failed at once.
    worker: Mapped[str | None] = mapped_column(String(80))
    report: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    error: Mapped[dict[str, str] | None] = mapped_column(JSON)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class IdempotencyKeyRow(Base):
    """An ``Idempotency-Key`` one person sent with a POST of the API, and the answer it got, so
    that the same request sent again adds nothing and gets the same answer. ``status`` is None
    while the first request is still being answered."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        UniqueConstraint("person_id", "key"),
        Index("ix_idempotency_key_person_created", "person_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = _owner()
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(200))
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    content_type: Mapped[str] = mapped_column(String(100), default="")
    location: Mapped[str] = mapped_column(String(500), default="")
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    created_at: Mapped[datetime]


# The tables of share links, reminders and experiments live beside these, on the same metadata.
from twitchwise.storage import experiment_tables as _experiment_tables  # noqa: E402, F401
from twitchwise.storage import sharing_tables as _sharing_tables  # noqa: E402, F401
