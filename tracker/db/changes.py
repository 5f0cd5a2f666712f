"""What changed in a commit, announced to whoever listens (the UI refreshes open views).

Services do not have to report their writes by hand: the session's flushes are watched, and
after a successful commit the hub receives one `Changes` with every table and id touched.

A subscriber runs after the commit, inside the writer's call: if it raised, a record that is
saved would look failed to the one who saved it (and be saved twice). So each subscriber is
called on its own and a failure is logged, never passed on. Subscribers that redraw a window
should only note the change and do the work later (the UI queues it to its event loop).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

KINDS = ("created", "updated", "deleted")


@dataclass
class Changes:
    created: dict[str, set[Any]] = field(default_factory=dict)
    updated: dict[str, set[Any]] = field(default_factory=dict)
    deleted: dict[str, set[Any]] = field(default_factory=dict)

    @property
    def tables(self) -> set[str]:
        return set(self.created) | set(self.updated) | set(self.deleted)

    def touches(self, *tables: str) -> bool:
        return bool(self.tables & set(tables))

    def __bool__(self) -> bool:
        return bool(self.tables)

    def add(self, kind: str, table: str, key: Any) -> None:
        getattr(self, kind).setdefault(table, set()).add(key)

    def merge(self, other: Changes) -> None:
        """Fold `other` into this one (several commits announced as one)."""
        for kind in KINDS:
            mine = getattr(self, kind)
            for table, keys in getattr(other, kind).items():
                mine.setdefault(table, set()).update(keys)

    def ids(self, table: str) -> set[Any]:
        """Every id of `table` created, updated or deleted."""
        return set().union(*(getattr(self, kind).get(table, set()) for kind in KINDS))


class ChangeHub:
    def __init__(self) -> None:
        self._subscribers: list[Callable[[Changes], None]] = []

    def subscribe(self, callback: Callable[[Changes], None]) -> None:
        self._subscribers.append(callback)

    def unsubscribe(self, callback: Callable[[Changes], None]) -> None:
        if callback in self._subscribers:
            self._subscribers.remove(callback)

    def publish(self, changes: Changes) -> None:
        if not changes:
            return
        for callback in list(self._subscribers):
            try:
                callback(changes)
            except Exception:  # the commit has happened: one listener's fault must not undo the save
                log.exception("change subscriber %r failed", callback)


def _key(obj: Any) -> Any:
    # A row just inserted has no identity yet while `after_flush` runs: read its primary key.
    state = inspect(obj)
    ident = tuple(state.identity or state.mapper.primary_key_from_instance(obj))
    return ident[0] if len(ident) == 1 else ident


def install_change_tracking(factory: sessionmaker[Session], hub: ChangeHub) -> None:
    @event.listens_for(factory, "after_flush")
    def _collect(session: Session, _ctx: Any) -> None:
        changes: Changes = session.info.setdefault("changes", Changes())
        for kind, objs in (
            ("created", session.new),
            ("updated", session.dirty),
            ("deleted", session.deleted),
        ):
            for obj in objs:
                table = getattr(obj, "__tablename__", None)
                if table and (kind != "updated" or session.is_modified(obj)):
                    changes.add(kind, table, _key(obj))

    @event.listens_for(factory, "after_commit")
    def _announce(session: Session) -> None:
        changes = session.info.pop("changes", None)
        if changes:
            hub.publish(changes)

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop("changes", None)
