"""share links for a doctor and the openings of each; reminders, Web Push subscriptions and the
server's own keys (issue 19). Not diary rows: read across people by the reminders' sender and by
a share link's look-up, so without row-level security, like api_token

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from twitchwise.storage.types import UTCDateTime

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ROLE = "twitchwise_app"
TABLES = ("share_link", "share_view", "reminder", "push_subscription", "server_key")
SEQUENCES = (
    "share_link_id_seq",
    "share_view_id_seq",
    "reminder_id_seq",
    "push_subscription_id_seq",
)
GRANT = f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON {", ".join(TABLES)} TO {ROLE};
        GRANT USAGE, SELECT, UPDATE ON SEQUENCE {", ".join(SEQUENCES)} TO {ROLE};
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'twitchwise: cannot grant the tables of issue 19 to {ROLE}';
END
$$;
"""  # noqa: S608 - fixed names


def _when(name: str, nullable: bool = False) -> sa.Column[object]:
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def _owner(table: str) -> tuple[sa.Column[int], sa.ForeignKeyConstraint]:
    return (
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["person.id"], name=f"fk_{table}_person_id_person", ondelete="CASCADE"
        ),
    )


def upgrade() -> None:
    op.create_table(
        "share_link",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("share_link"),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("with_notes", sa.Boolean(), nullable=False),
        _when("created_at"),
        _when("expires_at"),
        _when("revoked_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_link")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_share_link_token_hash")),
    )
    op.create_table(
        "share_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share_id", sa.Integer(), nullable=False),
        *_owner("share_view"),
        _when("at"),
        sa.Column("what", sa.String(length=10), nullable=False),
        sa.Column("network", sa.String(length=50), nullable=True),
        sa.Column("device", sa.String(length=60), nullable=True),
        sa.ForeignKeyConstraint(
            ["share_id"],
            ["share_link.id"],
            name=op.f("fk_share_view_share_id_share_link"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_share_view")),
    )
    op.create_table(
        "reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("reminder"),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("at_minute", sa.Integer(), nullable=True),
        sa.Column("weekday", sa.Integer(), nullable=True),
        sa.Column("after_minutes", sa.Integer(), nullable=True),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("quiet_from_minute", sa.Integer(), nullable=True),
        sa.Column("quiet_to_minute", sa.Integer(), nullable=True),
        _when("due_at", nullable=True),
        _when("last_sent_at", nullable=True),
        sa.Column("last_error", sa.String(length=300), nullable=True),
        _when("stopped_at", nullable=True),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder")),
        sa.UniqueConstraint("person_id", "name", name=op.f("uq_reminder_person_id_name")),
    )
    op.create_table(
        "push_subscription",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner("push_subscription"),
        sa.Column("endpoint", sa.String(length=1000), nullable=False),
        sa.Column("p256dh", sa.String(length=200), nullable=False),
        sa.Column("auth", sa.String(length=100), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_push_subscription")),
        sa.UniqueConstraint(
            "person_id", "endpoint", name=op.f("uq_push_subscription_person_id_endpoint")
        ),
    )
    op.create_table(
        "server_key",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.LargeBinary(), nullable=False),
        _when("created_at"),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_server_key")),
    )
    for table in ("share_link", "share_view", "reminder", "push_subscription"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_person_id"), ["person_id"])
    with op.batch_alter_table("share_view", schema=None) as batch_op:
        batch_op.create_index("ix_share_view_share_id_at", ["share_id", "at"])
    with op.batch_alter_table("reminder", schema=None) as batch_op:
        batch_op.create_index("ix_reminder_due_at", ["due_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(GRANT)


def downgrade() -> None:
    for table in ("server_key", "push_subscription", "reminder", "share_view", "share_link"):
        op.drop_table(table)
