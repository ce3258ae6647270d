"""Idempotency-Key: the keys a person sent with the API's POSTs and the answers they got (kept two
days), under the same row-level security as the diary tables

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from twitchwise.storage.types import UTCDateTime

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

SETTING = "twitchwise.person"
OWNER_IS_ME = f"person_id = nullif(current_setting('{SETTING}', true), '')::integer"
ROLE = "twitchwise_app"
GRANT = f"""
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_key TO {ROLE};
        GRANT USAGE, SELECT, UPDATE ON SEQUENCE idempotency_key_id_seq TO {ROLE};
    END IF;
EXCEPTION
    WHEN insufficient_privilege THEN
        RAISE NOTICE 'twitchwise: cannot grant idempotency_key to {ROLE}';
END
$$;
"""  # noqa: S608 - fixed names


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("fingerprint", sa.String(length=200), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["person.id"],
            name=op.f("fk_idempotency_key_person_id_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_key")),
        sa.UniqueConstraint("person_id", "key", name=op.f("uq_idempotency_key_person_id_key")),
    )
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_idempotency_key_person_id"), ["person_id"], unique=False
        )
        batch_op.create_index("ix_idempotency_key_person_created", ["person_id", "created_at"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE idempotency_key FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY idempotency_key_owner_only ON idempotency_key "
            f"USING ({OWNER_IS_ME}) WITH CHECK ({OWNER_IS_ME})"
        )
        op.execute(GRANT)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY IF EXISTS idempotency_key_owner_only ON idempotency_key")
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_key_person_created")
        batch_op.drop_index(batch_op.f("ix_idempotency_key_person_id"))
    op.drop_table("idempotency_key")
