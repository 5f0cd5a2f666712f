"""Colleagues' changes, live, on a team (PostgreSQL) database.

Sending: every flush of a session writes what it changed, who did it and when, as a NOTIFY on
the channel `tracker_changes`, inside the same transaction. The server delivers it only when
the transaction commits (and never when it rolls back), to every connection listening.

Receiving: `LiveListener` keeps one connection of its own, in its own thread, that LISTENs on
the channel and publishes what it hears to the database's change hub, so that open views
refresh exactly as after the user's own save. What this program sent itself is recognised by
its origin (one per engine) and skipped: the hub has already announced it. After the
connection is lost and made again, a change of every table is announced, since anything may
have changed meanwhile.

A notification carries table names and record keys, never content; and for a 대외비 record,
or a row that belongs to one, not even the keys (`_hides`): every connection listening hears
every notification, also colleagues without the label, who must not learn that a hidden
record exists or when it changed. Their views refresh the tables named. Qt-free.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
import weakref
from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from tracker.db.changes import KINDS, ChangeHub, Changes, ColleagueChange, flushed
from tracker.db.types import utcnow

log = logging.getLogger(__name__)

CHANNEL = "tracker_changes"
# PostgreSQL refuses a payload of 8000 bytes or more: a larger change goes without its keys.
PAYLOAD_LIMIT = 7900
# How often the listening thread looks up from the connection to see whether it should stop.
POLL_SECONDS = 0.5
RETRY_SECONDS = (1, 2, 5, 10, 30)

_origins: weakref.WeakKeyDictionary[Engine, str] = weakref.WeakKeyDictionary()


def origin_of(engine: Engine) -> str:
    """This program's name for its own notifications: one per engine, so that a second
    Database over the same engine (a background job) counts as the same origin."""
    return _origins.setdefault(engine, uuid.uuid4().hex)


# ------------------------------------------------------------------ sending


def _encode_key(key: Any) -> Any:
    if isinstance(key, tuple):
        return [_encode_key(k) for k in key]
    return str(key)


def _decode_key(key: Any) -> Any:
    if isinstance(key, list):
        return tuple(_decode_key(k) for k in key)
    if isinstance(key, str) and len(key) == 36:
        try:
            return uuid.UUID(key)
        except ValueError:
            pass
    return key


def payload(changes: Changes, origin: str, who: str, at: datetime, *, keys: bool = True) -> str:
    """The notification's text; `keys` False: the tables only (a 대외비 change, see `_hides`)."""
    body: dict[str, Any] = {"o": origin, "who": who, "at": at.isoformat()}
    for kind in KINDS:
        tables = getattr(changes, kind)
        if tables:
            body[kind] = {
                t: sorted(_encode_key(k) for k in found) if keys else [] for t, found in tables.items()
            }
    text = json.dumps(body, ensure_ascii=False, sort_keys=True)
    if len(text.encode("utf-8")) <= PAYLOAD_LIMIT:
        return text
    for kind in KINDS:  # too many records to name: the tables only
        if kind in body:
            body[kind] = {t: [] for t in body[kind]}
    return json.dumps(body, ensure_ascii=False, sort_keys=True)


def install_notify(factory: sessionmaker[Session], origin: str, actor: Callable[[Session], str]) -> None:
    """Every flush of the factory's sessions tells the other connections what it wrote."""

    @event.listens_for(factory, "after_flush")
    def _notify(session: Session, _ctx: Any) -> None:
        changes = flushed(session)
        if changes:
            text = payload(changes, origin, actor(session), utcnow(), keys=not _hides(session))
            session.connection().execute(sa.select(sa.func.pg_notify(CHANNEL, text)))


# The parents whose 대외비 classification hides what belongs to them (as migration 0010's
# policies decide): a row's column naming one, and that parent's table.
_PARENTS = (("meeting_id", "meetings"), ("trip_id", "trips"), ("key_point_id", "key_points"))


def _hides(session: Session) -> bool:
    """Whether the flush wrote a 대외비 record, or a row of one (a point, a participant, a
    follow-up, an itinerary line …), whose keys a notification must then leave out."""
    from tracker.db.models import KeyPoint, Meeting, Trip
    from tracker.domain.enums import Classification

    restricted = Classification.RESTRICTED
    parents: dict[str, set[Any]] = {table: set() for _column, table in _PARENTS}
    for obj in (*session.new, *session.dirty, *session.deleted):
        if getattr(obj, "classification", None) == restricted:
            return True
        for column, table in _PARENTS:
            key = getattr(obj, column, None)
            if key is not None:
                parents[table].add(key)
    meeting_hidden = sa.and_(Meeting.id == KeyPoint.meeting_id, Meeting.classification == restricted)
    asked = [
        sa.select(Meeting.id).where(
            Meeting.id.in_(parents["meetings"]), Meeting.classification == restricted
        ),
        sa.select(Trip.id).where(Trip.id.in_(parents["trips"]), Trip.classification == restricted),
        sa.select(KeyPoint.id).where(
            KeyPoint.id.in_(parents["key_points"]),
            sa.or_(KeyPoint.classification == restricted, sa.exists().where(meeting_hidden)),
        ),
    ]
    conn = session.connection()
    return any(
        conn.execute(query.limit(1)).first() is not None
        for query, table in zip(asked, parents, strict=True)
        if parents[table]
    )


def notify(conn: sa.Connection, changes: Changes, origin: str, who: str) -> None:
    """Tell the other programs, in `conn`'s transaction, what a write without a session (an
    import, a restore) changed: its tables only, since such a write does not know which of its
    rows are 대외비 (`_hides`). Their views reread those tables."""
    if changes:
        text = payload(changes, origin, who, utcnow(), keys=False)
        conn.execute(sa.select(sa.func.pg_notify(CHANNEL, text)))


# ------------------------------------------------------------------ receiving


def received(text: str) -> tuple[str, Changes]:
    """(origin, Changes with who and when for each record) of a notification's payload."""
    body = json.loads(text)
    who = str(body.get("who") or "?")
    at = datetime.fromisoformat(body["at"]) if body.get("at") else utcnow()
    changes = Changes()
    for kind in KINDS:
        for table, keys in (body.get(kind) or {}).items():
            getattr(changes, kind).setdefault(table, set())
            for raw in keys:
                key = _decode_key(raw)
                changes.add(kind, table, key)
                changes.colleagues[(table, str(key))] = ColleagueChange(table, key, kind, who, at)
    return str(body.get("o", "")), changes


def everything() -> Changes:
    """A change of every table (after a gap in listening)."""
    from tracker.db.base import Base

    changes = Changes()
    for table in Base.metadata.tables:
        changes.updated[table] = set()
    return changes


class LiveListener:
    """The hub's feed of colleagues' changes: one LISTEN connection in a daemon thread."""

    def __init__(self, engine: Engine, hub: ChangeHub, origin: str) -> None:
        self.engine = engine
        self.hub = hub
        self.origin = origin
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def listening(self) -> bool:
        return self._listening.is_set()

    def wait_listening(self, timeout: float) -> bool:
        """Block until the LISTEN is in place (tests, and a caller that must not miss a change)."""
        return self._listening.wait(timeout)

    def start(self) -> None:
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="tracker-live", daemon=True)
            self._thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
        self._stop.set()
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def _connect(self) -> Any:
        # A connection of the engine's own making (its URL, its password, its connect hooks),
        # taken out of the pool for good: it stays in LISTEN and is never handed to a session.
        raw = self.engine.raw_connection()
        driver: Any = raw.driver_connection
        raw.detach()
        if driver is None:
            raise RuntimeError("the driver gave no connection")
        try:
            driver.rollback()  # LISTEN takes effect at once only outside a transaction
            driver.autocommit = True
            driver.execute(f"LISTEN {CHANNEL}")
        except Exception:
            driver.close()
            raise
        return driver

    def _run(self) -> None:
        failures = 0
        heard_before = False
        while not self._stop.is_set():
            try:
                driver = self._connect()
            except Exception as exc:  # the server is away: try again a little later
                log.warning("cannot listen for colleagues' changes: %s", exc)
                self._stop.wait(RETRY_SECONDS[min(failures, len(RETRY_SECONDS) - 1)])
                failures += 1
                continue
            try:
                self._listening.set()
                if heard_before:
                    self.hub.publish(everything())
                heard_before, failures = True, 0
                self._listen(driver)
            except Exception as exc:
                log.warning("stopped hearing colleagues' changes: %s", exc)
            finally:
                self._listening.clear()
                try:
                    driver.close()
                except Exception:  # already broken: nothing to close
                    pass
            if not self._stop.is_set():
                self._stop.wait(RETRY_SECONDS[0])

    def _listen(self, driver: Any) -> None:
        while not self._stop.is_set():
            for note in driver.notifies(timeout=POLL_SECONDS):
                self.deliver(note.payload)
                if self._stop.is_set():
                    return

    def deliver(self, text: str) -> None:
        """Publish one notification, unless this program sent it."""
        try:
            origin, changes = received(text)
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("unreadable change notification %r: %s", text[:200], exc)
            return
        if origin != self.origin and changes:
            self.hub.publish(changes)
