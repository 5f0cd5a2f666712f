"""What changed in a commit, announced to whoever listens (the UI refreshes open views).

Services do not have to report their writes by hand: the session's flushes are watched, and
after a successful commit the hub receives one `Changes` with every table and id touched.

A subscriber runs after the commit, inside the writer's call: if it raised, a record that is
saved would look failed to the one who saved it (and be saved twice). So each subscriber is
called on its own and a failure is logged, never passed on. Subscribers that redraw a window
should only note the change and do the work later (the UI queues it to its event loop).

On a team database a colleague's commit arrives the same way (tracker/db/live.py hears it
from the server and publishes it here, from its own thread) while the hub's feed runs; such
a `Changes` also says, per record, who changed it and when (`by_colleague`), so that an open
form can offer to reload instead of silently keeping an old copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

KINDS = ("created", "updated", "deleted")


@dataclass(frozen=True)
class ColleagueChange:
    """One record a colleague changed: `table` (the record's kind, e.g. 'meetings'), its `key`,
    `kind` ('created', 'updated' or 'deleted'), `who` (the name the audit trail records) and
    `at` (the commit's time, aware, UTC)."""

    table: str
    key: Any
    kind: str
    who: str
    at: datetime


@dataclass
class Changes:
    created: dict[str, set[Any]] = field(default_factory=dict)
    updated: dict[str, set[Any]] = field(default_factory=dict)
    deleted: dict[str, set[Any]] = field(default_factory=dict)
    # Records changed by someone else through another connection, by (table, str(key)); empty
    # for this program's own commits.
    colleagues: dict[tuple[str, str], ColleagueChange] = field(default_factory=dict)

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
        """Fold `other` into this one (several commits announced as one; the later colleague's
        change of a record is the one kept)."""
        for kind in KINDS:
            mine = getattr(self, kind)
            for table, keys in getattr(other, kind).items():
                mine.setdefault(table, set()).update(keys)
        self.colleagues.update(other.colleagues)

    def by_colleague(self, table: str, key: Any) -> ColleagueChange | None:
        """Who changed this record from elsewhere, and when; None if no colleague did (this
        program's own save, or not touched at all)."""
        return self.colleagues.get((table, str(key)))

    def ids(self, table: str) -> set[Any]:
        """Every id of `table` created, updated or deleted."""
        return set().union(*(getattr(self, kind).get(table, set()) for kind in KINDS))


class Feed(Protocol):
    """Changes made elsewhere (tracker/db/live.py: colleagues on the same server)."""

    def start(self) -> None: ...

    def stop(self) -> None: ...


class ChangeHub:
    def __init__(self) -> None:
        self._subscribers: list[Callable[[Changes], None]] = []
        self._feed: Feed | None = None

    def set_feed(self, feed: Feed | None) -> None:
        self._feed = feed

    def start_feed(self) -> bool:
        """Also announce colleagues' changes (a window that shows records asks for it; a
        personal database has no feed). True when there is a feed."""
        if self._feed is None:
            return False
        self._feed.start()
        return True

    def stop_feed(self) -> None:
        if self._feed is not None:
            self._feed.stop()

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


def flushed(session: Session, into: Changes | None = None) -> Changes:
    """What the flush that just ran wrote (call it from `after_flush`)."""
    changes = into if into is not None else Changes()
    for kind, objs in (
        ("created", session.new),
        ("updated", session.dirty),
        ("deleted", session.deleted),
    ):
        for obj in objs:
            table = getattr(obj, "__tablename__", None)
            if table and (kind != "updated" or session.is_modified(obj)):
                changes.add(kind, table, _key(obj))
    return changes


def install_change_tracking(factory: sessionmaker[Session], hub: ChangeHub) -> None:
    @event.listens_for(factory, "after_flush")
    def _collect(session: Session, _ctx: Any) -> None:
        flushed(session, session.info.setdefault("changes", Changes()))

    @event.listens_for(factory, "after_commit")
    def _announce(session: Session) -> None:
        changes = session.info.pop("changes", None)
        if changes:
            hub.publish(changes)

    @event.listens_for(factory, "after_rollback")
    def _forget(session: Session) -> None:
        session.info.pop("changes", None)
