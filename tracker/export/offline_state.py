"""What an offline copy remembers of the team database it came from (tracker.export.sync).

A copy made by `tracker checkout` holds two small tables of its own, beside the records:
`offline_origin` (one row: where the records came from, without any password, and when) and
`offline_base` (for every record, a fingerprint of it as both databases held it at the checkout
or the last sync). The base is what tells "changed offline" from "changed on the server".

They live only in the offline copy, never on the server, and are not records: exports, copies
and the schema's migrations leave them alone, so they need no migration of their own.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa

from tracker.db.audit import key_text
from tracker.db.types import utcnow
from tracker.domain.i18n import pick

STATE = sa.MetaData()
ORIGIN = sa.Table(
    "offline_origin",
    STATE,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("url", sa.Text, nullable=False),  # never with a password (see `without_password`)
    sa.Column("checked_out_at", sa.Text, nullable=False),
    sa.Column("synced_at", sa.Text),
)
BASE = sa.Table(
    "offline_base",
    STATE,
    sa.Column("table_name", sa.String(64), primary_key=True),
    sa.Column("record_key", sa.String(200), primary_key=True),
    sa.Column("fingerprint", sa.String(64), nullable=False),
)


class NotACheckout(Exception):
    """The file was not made by `tracker checkout` (or is not a tracker database)."""


@dataclass(frozen=True)
class Origin:
    url: str  # without a password
    checked_out_at: str
    synced_at: str | None

    def shown(self) -> str:
        return shown_url(self.url)


# ---------------------------------------------------------------- fingerprints


def _plain(value: Any) -> Any:
    """A value as the same text on SQLite and PostgreSQL (times as UTC instants, whatever zone
    a driver hands them back in)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, bytes):
        return value.hex()
    return value


def fingerprint(row: Mapping[str, Any] | None) -> str | None:
    """The whole row (stamps included) as one digest; None for a record that is not there."""
    if row is None:
        return None
    text = json.dumps({k: _plain(v) for k, v in row.items()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_key(table: sa.Table, row: Mapping[str, Any]) -> str:
    """A record's key as the audit trail writes it (so its history can be looked up by it)."""
    return key_text(tuple(row[c.name] for c in table.primary_key.columns))


# ---------------------------------------------------------------- the origin


def without_password(url: str) -> str:
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return url
    return parsed._replace(password=None).render_as_string(hide_password=False)  # set() keeps it


def shown_url(url: str) -> str:
    """The origin as the officer knows it: a file by its path, a server as user@host:port/db."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return f"{parsed.username or ''}@{parsed.host}:{parsed.port or 5432}/{parsed.database}"


def origin_url_with_password(url: str, *, timeout: int = 10) -> str:
    """The origin's URL to connect with: a server's password comes from the keyring, as for
    `tracker connect` (none there: the server may need none, e.g. a certificate or .pgpass),
    and a server that does not answer is given up after `timeout` seconds."""
    parsed = sa.make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return url
    from tracker import connection

    secret = None
    if parsed.username and parsed.host and parsed.database:
        try:
            team = connection.TeamConnection(
                host=parsed.host,
                database=parsed.database,
                user=parsed.username,
                port=parsed.port or 5432,
                sslmode=str(parsed.query.get("sslmode", "prefer")),
            )
        except connection.ConnectionProblem:
            team = None
        secret = connection.password(team) if team is not None else None
    if secret:
        parsed = parsed.set(password=secret)
    if "connect_timeout" not in parsed.query:
        parsed = parsed.update_query_dict({"connect_timeout": str(timeout)})
    return parsed.render_as_string(hide_password=False)


# ---------------------------------------------------------------- reading and writing the state


def start(conn: sa.Connection, url: str, base: Iterable[tuple[str, str, str]]) -> None:
    """Mark a new offline copy: its origin and the fingerprints of every record."""
    STATE.create_all(conn)
    conn.execute(ORIGIN.delete())
    conn.execute(BASE.delete())
    conn.execute(ORIGIN.insert().values(id=1, url=without_password(url), checked_out_at=_now()))
    write_base(conn, {}, {(t, k): f for t, k, f in base})


def origin(conn: sa.Connection) -> Origin:
    if not sa.inspect(conn).has_table(ORIGIN.name):
        raise NotACheckout(
            pick(
                "오프라인 사본이 아닙니다. 먼저 `tracker checkout`으로 사본을 만드세요.",
                "This is not an offline copy; make one first with `tracker checkout`.",
            )
        )
    row = conn.execute(sa.select(ORIGIN).where(ORIGIN.c.id == 1)).first()
    if row is None:
        raise NotACheckout(pick("사본의 원본 정보가 없습니다.", "The copy does not say where it came from."))
    return Origin(row.url, row.checked_out_at, row.synced_at)


def base(conn: sa.Connection) -> dict[tuple[str, str], str]:
    return {(r.table_name, r.record_key): r.fingerprint for r in conn.execute(sa.select(BASE))}


def write_base(
    conn: sa.Connection, old: Mapping[tuple[str, str], str], new: Mapping[tuple[str, str], str]
) -> None:
    """Write only what differs between the old base and the new."""
    gone = [k for k in old if k not in new or new[k] != old[k]]
    added = [
        {"table_name": t, "record_key": k, "fingerprint": new[(t, k)]}
        for t, k in new
        if old.get((t, k)) != new[(t, k)]
    ]
    stmt = BASE.delete().where(BASE.c.table_name == sa.bindparam("t"), BASE.c.record_key == sa.bindparam("k"))
    if gone:
        conn.execute(stmt, [{"t": t, "k": k} for t, k in gone])
    if added:
        conn.execute(BASE.insert(), added)


def mark_synced(conn: sa.Connection) -> None:
    conn.execute(ORIGIN.update().where(ORIGIN.c.id == 1).values(synced_at=_now()))


def _now() -> str:
    return utcnow().isoformat()
