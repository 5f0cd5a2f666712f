"""Keyset pagination: the next page of an ordered list starts after the last row shown,
found through the index that serves the order, so page 1,000 costs what page 1 costs.

OFFSET makes the database produce and throw away every row before the page: the deeper a
user scrolls, the slower each page gets, and the last page of 130,000 rows takes seconds.
Here a page is asked for as "the first `limit` rows after these key values" instead.

The order is a tuple of `Key`s that ends with a unique one (the id), each ascending or
descending, nulls last. A nullable leading key is read in two parts (its values, then its
nulls), so that each part is one range of an index; the later keys are compared exactly,
nulls included, by `after()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

Cursor = tuple[Any, ...]


@dataclass(frozen=True)
class Key:
    expr: Any
    descending: bool = False
    joined: bool = False  # from an outer-joined table: NULL where nothing joins, NOT NULL or not

    @property
    def nullable(self) -> bool:
        column = getattr(self.expr, "expression", self.expr)
        if self.joined or not isinstance(column, sa.Column):
            return True
        return bool(column.nullable)

    def bound(self, value: Any) -> Any:
        """`value` as a parameter of the key's type (a plain True would be refused in `<`)."""
        return sa.bindparam(None, value, type_=self.expr.type)

    def ordered(self, nulls_last: bool = True) -> Any:
        term = self.expr.desc() if self.descending else self.expr.asc()
        # Only a nullable key needs the clause; on SQLite it would stop the index serving the order.
        return term.nulls_last() if nulls_last and self.nullable else term


def order_by(keys: Sequence[Key]) -> list[Any]:
    return [k.ordered() for k in keys]


def after(keys: Sequence[Key], values: Sequence[Any]) -> sa.ColumnElement[bool]:
    """SQL: the row sorts after the row whose keys are `values` (nulls last)."""
    key, raw = keys[0], values[0]
    rest = after(keys[1:], values[1:]) if len(keys) > 1 else sa.false()
    if raw is None:
        return sa.and_(key.expr.is_(None), rest)
    value = key.bound(raw)
    beyond = key.expr < value if key.descending else key.expr > value
    parts = [beyond, sa.and_(key.expr == value, rest)]
    if key.nullable:
        parts.append(key.expr.is_(None))
    return sa.or_(*parts)


def _from(key: Key, value: Any) -> sa.ColumnElement[bool]:
    """A plain range on the leading key, so that the index is entered at the cursor."""
    return key.expr <= key.bound(value) if key.descending else key.expr >= key.bound(value)


def page_statements(
    stmt: sa.Select[Any], keys: Sequence[Key], cursor: Cursor | None, limit: int
) -> list[sa.Select[Any]]:
    """The statements that read the next page, in order: the rest of the leading key's
    values, then (for a nullable leading key) its nulls. Each selects `stmt`'s columns and
    then the key values."""
    stmt = stmt.add_columns(*[k.expr.label(f"_key{i}") for i, k in enumerate(keys)])
    lead, rest = keys[0], keys[1:]
    parts: list[sa.Select[Any]] = []
    if cursor is None or cursor[0] is not None:
        values = stmt.where(lead.expr.is_not(None)) if lead.nullable else stmt
        if cursor is not None:
            values = values.where(_from(lead, cursor[0]), after(keys, cursor))
        parts.append(values.order_by(lead.ordered(nulls_last=False), *order_by(rest)))
    if lead.nullable:
        nulls = stmt.where(lead.expr.is_(None))
        if cursor is not None and cursor[0] is None and rest:
            nulls = nulls.where(after(rest, cursor[1:]))
        parts.append(nulls.order_by(*order_by(rest)))
    return [p.limit(limit) for p in parts]


@dataclass(frozen=True)
class Page:
    rows: list[tuple[Any, ...]]  # the statement's own columns
    cursor: Cursor | None  # the keys of the last row; None when the page is empty
    complete: bool  # fewer rows than asked for: nothing follows


def read_page(
    conn: Connection, stmt: sa.Select[Any], keys: Sequence[Key], cursor: Cursor | None, limit: int
) -> Page:
    """The `limit` rows of `stmt` that follow `cursor` in the order of `keys`."""
    width = len(stmt.selected_columns)
    rows: list[Any] = []
    for part in page_statements(stmt, keys, cursor, limit):
        rows.extend(conn.execute(part.limit(limit - len(rows))).all())
        if len(rows) >= limit:
            break
    last = tuple(rows[-1][width:]) if rows else cursor
    return Page([tuple(r[:width]) for r in rows], last, len(rows) < limit)
