"""A country's page: everything about our relationship with one country, each section's
first rows and its total (a country holds thousands of meetings and follow-ups over ten
years), more of one section when the reader asks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Country,
    Meeting,
    Organization,
    Person,
    Trip,
    TripDestination,
)
from tracker.domain.enums import AgreementKind, ChannelKind, OwedBy
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES
from tracker.services.reading import strict_read
from tracker.services.record_page_rows import ActionRow, DatedLink, NamedLink, Section

FIRST = 10  # rows of each section shown at first: the page opens on a screenful of each


@dataclass(frozen=True)
class CountryPage:
    code: str
    name_ko: str
    name_en: str
    mark: str | None
    region: str | None
    we_owe: Section[ActionRow]
    they_owe: Section[ActionRow]
    meetings: Section[DatedLink]
    trips: Section[DatedLink]
    channels: Section[NamedLink]
    agreements: Section[DatedLink]
    officials: Section[NamedLink]
    organizations: Section[NamedLink]
    # The tables whose changes can alter the page (the viewer rereads it only for these).
    TABLES: tuple[str, ...] = field(
        default=(
            "countries",
            "actions",
            "meetings",
            "trips",
            "trip_destinations",
            "channels",
            "agreements",
            "persons",
            "organizations",
        ),
        repr=False,
    )


COUNTRY_SECTIONS = (
    "we_owe",
    "they_owe",
    "meetings",
    "trips",
    "channels",
    "agreements",
    "officials",
    "organizations",
)


def _section(s: Session, stmt: sa.Select[Any], limit: int, order: Sequence[Any]) -> tuple[list[Any], int]:
    """The first `limit` rows of `stmt` in `order`, and how many there are in all."""
    rows = list(s.scalars(stmt.order_by(*order).limit(limit)))
    if len(rows) < limit:
        return rows, len(rows)  # all of them: no count needed
    total = s.scalar(sa.select(sa.func.count()).select_from(stmt.order_by(None).subquery()))
    return rows, int(total or 0)


def _actions(s: Session, code: str, sides: tuple[OwedBy, ...], limit: int) -> Section[ActionRow]:
    stmt = (
        sa.select(Action)
        .where(Action.country_code == code, Action.status.in_(OPEN_STATUSES), Action.owed_by.in_(sides))
        .options(selectinload(Action.owner))
    )
    items, total = _section(s, stmt, limit, (Action.due_date.is_(None), Action.due_date, Action.id))
    rows = [
        ActionRow(a.id, a.title, a.due, a.owed_by, a.status, a.owner.name_ko if a.owner else "")
        for a in items
    ]
    return Section(rows, total)


def country_page(db: Database, code: str, limits: Mapping[str, int] | None = None) -> CountryPage:
    """Everything about our relationship with one country; each section's first rows, or
    `limits[section]` rows of the sections named there (see COUNTRY_SECTIONS)."""
    want = {name: FIRST + max(0, (limits or {}).get(name, 0)) for name in COUNTRY_SECTIONS}
    with strict_read(db) as s:
        c = records.load(s, Country, code)
        meetings, meeting_total = _section(
            s,
            sa.select(Meeting).where(Meeting.country_code == code),
            want["meetings"],
            (Meeting.date.desc(), Meeting.start_time.desc(), Meeting.id),
        )
        visited = sa.select(TripDestination.trip_id).where(TripDestination.country_code == code)
        trips, trip_total = _section(
            s,
            sa.select(Trip).where(Trip.id.in_(visited)),
            want["trips"],
            (Trip.start_date.desc(), Trip.id),
        )
        channels, channel_total = _section(
            s,
            sa.select(Channel).where(Channel.country_code == code),
            want["channels"],
            (Channel.name_ko,),
        )
        agreements, agreement_total = _section(
            s,
            sa.select(Agreement).where(Agreement.country_code == code),
            want["agreements"],
            (Agreement.signed_date.desc(), Agreement.id),
        )
        people, people_total = _section(
            s,
            sa.select(Person).where(Person.country_code == code, Person.is_staff.is_(False)),
            want["officials"],
            (Person.name_ko, Person.id),
        )
        orgs, org_total = _section(
            s,
            sa.select(Organization).where(Organization.country_code == code),
            want["organizations"],
            (Organization.name_ko, Organization.id),
        )
        return CountryPage(
            code=c.code,
            name_ko=c.name_ko,
            name_en=c.name_en,
            mark=c.mark,
            region=c.region,
            we_owe=_actions(s, code, (OwedBy.US, OwedBy.BOTH), want["we_owe"]),
            they_owe=_actions(s, code, (OwedBy.THEM, OwedBy.BOTH), want["they_owe"]),
            meetings=Section([DatedLink(m.id, m.date, m.title) for m in meetings], meeting_total),
            trips=Section([DatedLink(t.id, t.start_date, t.title) for t in trips], trip_total),
            channels=Section(
                [NamedLink(ch.id, ch.name_ko, ChannelKind(ch.kind)) for ch in channels], channel_total
            ),
            agreements=Section(
                [DatedLink(a.id, a.signed_date, a.title_ko, AgreementKind(a.kind)) for a in agreements],
                agreement_total,
            ),
            officials=Section([NamedLink(p.id, p.display_name()) for p in people], people_total),
            organizations=Section([NamedLink(o.id, o.label()) for o in orgs], org_total),
        )
