"""Alembic environment. The app passes its own connection in `config.attributes`; the alembic
command line uses `sqlalchemy.url` from alembic.ini or TRACKER_DATABASE_URL."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import engine_from_config, pool

import tracker.db.models  # noqa: F401  (registers every table)
from tracker.db.base import Base

config = context.config
target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Search indexes (FTS5 shadow tables, trigram indexes) are created by hand in migrations.
    if type_ == "index" and name and name.startswith("search_"):
        return False
    return not (type_ == "table" and name and (name.startswith("search_") or name.startswith("sqlite_")))


def run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        include_object=include_object,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    url = os.environ.get("TRACKER_DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    section = {"sqlalchemy.url": url}
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        run(conn)
