"""Pageable, sortable, filterable lists of records for the list views (and spreadsheets later).

A `Listing` names its columns as SQL expressions, so sorting and filtering happen in the
database and a view only ever holds the page it shows, even with 150,000 follow-ups.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Event,
    Meeting,
    Organization,
    Person,
    Position,
    Topic,
    Trip,
)
from tracker.domain.i18n import language, pick
from tracker.services import keyset
from tracker.services.keyset import Cursor, Key, Page


@dataclass(frozen=True)
class Column:
    key: str
    ko: str
    en: str
    expr: Any
    searchable: bool = False
    en_expr: Any = None  # what the column shows in English, when that differs (a country's name)

    @property
    def label(self) -> str:
        return pick(self.ko, self.en)

    @property
    def shown(self) -> Any:
        """The expression the list shows and sorts by in the interface language."""
        # Stays a comparison: it chooses the column the list sorts by (collation), not a text.
        return self.en_expr if self.en_expr is not None and language() == "en" else self.expr

    def searched(self) -> list[Any]:
        """What a filter looks in: both names where there are two, so either language finds it."""
        return [self.expr] if self.en_expr is None else [self.expr, self.en_expr]


@dataclass(frozen=True)
class Listing:
    name: str
    id_expr: Any
    columns: tuple[Column, ...]
    select_from: Callable[[sa.Select[Any]], sa.Select[Any]] = lambda s: s
    default_sort: int = 0
    default_desc: bool = False
    extra_where: tuple[Any, ...] = field(default_factory=tuple)
    tiebreak: tuple[Any, ...] = ()  # ordered the same way as the sort column, before the id
    label_columns: tuple[int, ...] = (0,)  # what names one record in a picker
    label_columns_en: tuple[int, ...] | None = None  # the same in English, when the order differs

    def picker_columns(self, columns: tuple[int, ...] | None = None) -> tuple[int, ...]:
        """The columns that name a record in a picker, in the interface language's order."""
        columns = columns or self.label_columns
        # Stays a comparison: it chooses which columns name a record, not a text.
        if self.label_columns_en and language() == "en" and columns == self.label_columns:
            return self.label_columns_en
        return columns

    def base(self) -> sa.Select[Any]:
        stmt = sa.select(self.id_expr, *[c.shown.label(c.key) for c in self.columns])
        stmt = self.select_from(stmt)
        return stmt.where(*self.extra_where) if self.extra_where else stmt


def _filtered(listing: Listing, text: str | None, where: Sequence[Any]) -> sa.Select[Any]:
    stmt = listing.base()
    if where:
        stmt = stmt.where(*where)
    if text and text.strip():
        for word in text.split():
            like = f"%{word}%"
            stmt = stmt.where(
                sa.or_(
                    *[
                        sa.cast(e, sa.String).ilike(like)
                        for c in listing.columns
                        if c.searchable
                        for e in c.searched()
                    ]
                )
            )
    return stmt


def keys(listing: Listing, sort: int | None = None, descending: bool | None = None) -> tuple[Key, ...]:
    """The order of a list: the sort column, its tie-breaks, then the id, all one way."""
    col = listing.columns[listing.default_sort if sort is None else sort]
    desc = listing.default_desc if descending is None else descending
    own = _table(listing.id_expr)
    return tuple(
        Key(e, desc, joined=_table(e) is not own) for e in (col.shown, *listing.tiebreak, listing.id_expr)
    )


def _table(expr: Any) -> Any:
    """The table (or alias) a column comes from; None for an expression of several."""
    return getattr(getattr(expr, "expression", expr), "table", None)


def statement(
    listing: Listing,
    *,
    text: str | None = None,
    where: Sequence[Any] = (),
    sort: int | None = None,
    descending: bool | None = None,
) -> sa.Select[Any]:
    """The filtered, ordered query of a list: sort column (nulls last), tie-breaks, then id."""
    return _filtered(listing, text, where).order_by(*keyset.order_by(keys(listing, sort, descending)))


def fetch_page(
    db: Database,
    listing: Listing,
    *,
    text: str | None = None,
    where: Sequence[Any] = (),
    sort: int | None = None,
    descending: bool | None = None,
    after: Cursor | None = None,
    limit: int = 200,
) -> Page:
    """The `limit` rows (id, column values...) that follow the row whose keys are `after`
    (from the start when None). Read by key, never by OFFSET: the last page of 150,000 rows
    costs what the first costs."""
    stmt = _filtered(listing, text, where)
    with db.engine.connect() as conn:
        return keyset.read_page(conn, stmt, keys(listing, sort, descending), after, limit)


def fetch(
    db: Database,
    listing: Listing,
    *,
    text: str | None = None,
    where: Sequence[Any] = (),
    sort: int | None = None,
    descending: bool | None = None,
    limit: int = 200,
) -> list[tuple[Any, ...]]:
    """The first `limit` rows as tuples: (id, column values...)."""
    page = fetch_page(db, listing, text=text, where=where, sort=sort, descending=descending, limit=limit)
    return page.rows


def count(db: Database, listing: Listing, *, text: str | None = None, where: Sequence[Any] = ()) -> int:
    if not (text and text.strip()) and not where and not listing.extra_where:
        # The joins of a list are outer joins to names: they never change how many rows there are.
        stmt = sa.select(sa.func.count()).select_from(listing.id_expr.table)
    else:
        stmt = sa.select(sa.func.count()).select_from(_filtered(listing, text, where).subquery())
    with db.engine.connect() as conn:
        return conn.execute(stmt).scalar_one()


_owner = aliased(Person)
_cp_org = aliased(Organization)
_parent = aliased(Organization)

COUNTRIES = Listing(
    "countries",
    Country.code,
    (
        Column("code", "코드", "Code", Country.code, True),
        Column("name_ko", "국가명", "Name (Korean)", Country.name_ko, True),
        Column("name_en", "영문명", "Name (English)", Country.name_en, True),
        Column("region", "지역", "Region", Country.region, True),
    ),
    default_sort=1,
    label_columns=(1, 2),
    label_columns_en=(2, 1),
)

ORGANIZATIONS = Listing(
    "organizations",
    Organization.id,
    (
        Column("name_ko", "기관명", "Name", Organization.name_ko, True),
        Column("name_en", "영문명", "English name", Organization.name_en, True),
        Column("acronym", "약칭", "Acronym", Organization.acronym, True),
        Column("kind", "유형", "Kind", Organization.kind),
        Column("country", "국가", "Country", Country.name_ko, True, Country.name_en),
        Column("parent", "상위기관", "Parent", _parent.name_ko, True),
    ),
    select_from=lambda s: (
        s.select_from(Organization)
        .outerjoin(Country, Organization.country_code == Country.code)
        .outerjoin(_parent, Organization.parent_id == _parent.id)
    ),
)

_current_pos = (
    sa.select(Position.title_ko)
    .where(Position.person_id == Person.id, Position.end_date.is_(None))
    .order_by(Position.start_date.desc())
    .limit(1)
    .correlate(Person)
    .scalar_subquery()
)

PEOPLE = Listing(
    "persons",
    Person.id,
    (
        Column("name_ko", "이름", "Name", Person.name_ko, True),
        Column("name_original", "원어 이름", "Name (original)", Person.name_original, True),
        Column("title", "현 직위", "Current title", _current_pos, False),
        Column("country", "국가", "Country", Country.name_ko, True, Country.name_en),
        Column("email", "이메일", "Email", Person.email, True),
        Column("staff", "우리측", "Our staff", Person.is_staff),
    ),
    select_from=lambda s: s.select_from(Person).outerjoin(Country, Person.country_code == Country.code),
    label_columns=(0, 1, 2),
)

TRIPS = Listing(
    "trips",
    Trip.id,
    (
        Column("start_date", "출발", "Start", Trip.start_date),
        Column("end_date", "귀국", "End", Trip.end_date),
        Column("title", "출장명", "Title", Trip.title, True),
        Column("destination", "출장지", "Destination", Trip.destination, True),
    ),
    default_desc=True,
    label_columns=(2, 0),
)

MEETINGS = Listing(
    "meetings",
    Meeting.id,
    (
        Column("date", "일자", "Date", Meeting.date),
        Column("start_time", "시간", "Time", Meeting.start_time),
        Column("title", "면담", "Meeting", Meeting.title, True),
        Column("kind", "유형", "Kind", Meeting.kind),
        Column("country", "국가", "Country", Country.name_ko, True, Country.name_en),
        Column("location", "장소", "Location", Meeting.location, True),
    ),
    select_from=lambda s: s.select_from(Meeting).outerjoin(Country, Meeting.country_code == Country.code),
    default_desc=True,
    tiebreak=(Meeting.date, Meeting.start_time),
)

ACTIONS = Listing(
    "actions",
    Action.id,
    (
        Column("due_date", "기한", "Due", Action.due_date),
        Column("title", "후속조치", "Follow-up", Action.title, True),
        Column("owed_by", "이행 주체", "Owed by", Action.owed_by),
        Column("status", "상태", "Status", Action.status),
        Column("owner", "담당자", "Owner", _owner.name_ko, True),
        Column("counterpart", "상대 기관", "Counterpart", _cp_org.name_ko, True),
        Column("country", "국가", "Country", Country.name_ko, True, Country.name_en),
    ),
    select_from=lambda s: (
        s.select_from(Action)
        .outerjoin(_owner, Action.owner_id == _owner.id)
        .outerjoin(_cp_org, Action.counterpart_org_id == _cp_org.id)
        .outerjoin(Country, Action.country_code == Country.code)
    ),
)

TOPICS = Listing(
    "topics",
    Topic.id,
    (
        Column("name_ko", "주제", "Topic", Topic.name_ko, True),
        Column("name_en", "영문", "English", Topic.name_en, True),
    ),
    label_columns=(0, 1),
)

EVENTS = Listing(
    "events",
    Event.id,
    (
        Column("start_date", "시작", "Start", Event.start_date),
        Column("name_ko", "행사명", "Event", Event.name_ko, True),
        Column("name_en", "영문명", "English name", Event.name_en, True),
        Column("city", "도시", "City", Event.city, True),
        Column("country", "개최국", "Host country", Country.name_ko, True, Country.name_en),
    ),
    select_from=lambda s: s.select_from(Event).outerjoin(Country, Event.country_code == Country.code),
    default_desc=True,
    label_columns=(1, 0),
)

AGREEMENTS = Listing(
    "agreements",
    Agreement.id,
    (
        Column("signed_date", "서명일", "Signed", Agreement.signed_date),
        Column("title_ko", "협정명", "Agreement", Agreement.title_ko, True),
        Column("kind", "유형", "Kind", Agreement.kind),
        Column("status", "상태", "Status", Agreement.status),
        Column("country", "상대국", "Country", Country.name_ko, True, Country.name_en),
        Column("title_en", "영문명", "English title", Agreement.title_en, True),
    ),
    select_from=lambda s: s.select_from(Agreement).outerjoin(Country, Agreement.country_code == Country.code),
    default_desc=True,
    label_columns=(1, 0),
)

CHANNELS = Listing(
    "channels",
    Channel.id,
    (
        Column("name_ko", "협력채널", "Channel", Channel.name_ko, True),
        Column("kind", "유형", "Kind", Channel.kind),
        Column("country", "상대국", "Country", Country.name_ko, True, Country.name_en),
        Column("recurrence", "개최 주기", "Recurrence", Channel.recurrence),
        Column("name_en", "영문명", "English name", Channel.name_en, True),
    ),
    select_from=lambda s: s.select_from(Channel).outerjoin(Country, Channel.country_code == Country.code),
    label_columns=(0,),
)

ALL = {
    x.name: x
    for x in (
        COUNTRIES,
        ORGANIZATIONS,
        PEOPLE,
        TRIPS,
        MEETINGS,
        ACTIONS,
        TOPICS,
        EVENTS,
        AGREEMENTS,
        CHANNELS,
    )
}
