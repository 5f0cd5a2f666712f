"""Two officers on one team database: a fresh PostgreSQL database on the suite's server, opened
twice, as two desktops would open it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tracker.db.store import open_database


@contextmanager
def two_connections(postgres_server) -> Iterator[tuple]:  # type: ignore[no-untyped-def]
    """Yield (mine, theirs) on a new database; both are closed afterwards."""
    url = postgres_server.new_database()
    mine, _ = open_database(url)
    theirs, _ = open_database(url)
    try:
        yield mine, theirs
    finally:
        theirs.dispose()
        mine.dispose()
