"""Read sessions for what the screens show: a relationship that the query did not load eagerly
raises instead of quietly running one more query per row (the N+1 that makes a page of a large
database slow only for the user). A missing `selectinload` then fails a test, not a user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, raiseload

from tracker.db.engine import Database


def _no_lazy_loads(state: ORMExecuteState) -> None:
    if state.is_select and not state.is_column_load:
        # Eager loads (selectinload and the like) run through here too: what they load is held
        # to the same rule, so a relationship of a related row must be asked for as well.
        state.statement = state.statement.options(raiseload("*"))


@contextmanager
def strict_read(db: Database) -> Iterator[Session]:
    """`db.read()` in which touching a relationship that was not loaded eagerly raises."""
    with db.read() as session:
        event.listen(session, "do_orm_execute", _no_lazy_loads)
        try:
            yield session
        finally:
            event.remove(session, "do_orm_execute", _no_lazy_loads)
