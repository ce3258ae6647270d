"""Alembic environment: runs on the connection twitchwise hands over, inside its transaction."""

from __future__ import annotations

from alembic import context

from twitchwise.storage.migrate import ours
from twitchwise.storage.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
    include_name=ours,
)
with context.begin_transaction():
    context.run_migrations()
