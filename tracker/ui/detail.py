"""Read-only record pages rendered as HTML in a QTextBrowser: a meeting, a trip, a person,
a country's whole relationship on one page. What each page shows comes as plain data from
tracker.services.record_pages; how it is laid out is in resources/templates/page_*.html."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain.enums import Classification
from tracker.services import record_pages
from tracker.ui.templates import PAGES


def _uuid(key: Any) -> uuid.UUID:
    return key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))


def meeting_html(db: Database, key: Any) -> str:
    m = record_pages.meeting_page(db, _uuid(key))
    return PAGES.render("page_meeting.html", m=m, marked=m.classification != Classification.NONE)


def trip_html(db: Database, key: Any) -> str:
    return PAGES.render("page_trip.html", t=record_pages.trip_page(db, _uuid(key)))


def person_html(db: Database, key: Any) -> str:
    return PAGES.render("page_person.html", p=record_pages.person_page(db, _uuid(key)))


def country_html(db: Database, key: Any, more: Mapping[str, int] | None = None) -> str:
    page = record_pages.country_page(db, str(key), more)
    return PAGES.render("page_country.html", page=page, step=MORE_STEP)


def organization_html(db: Database, key: Any) -> str:
    return PAGES.render("page_organization.html", org=record_pages.organization_page(db, _uuid(key)))


def action_html(db: Database, key: Any) -> str:
    return PAGES.render("page_action.html", a=record_pages.action_page(db, _uuid(key)))


def event_html(db: Database, key: Any) -> str:
    e = record_pages.event_page(db, _uuid(key))
    repeats = None
    if e.recurrence:
        from tracker.domain.recurrence import describe

        repeats = describe(e.recurrence, e.start_date)
    return PAGES.render("page_event.html", e=e, repeats=repeats)


def agreement_html(db: Database, key: Any) -> str:
    return PAGES.render("page_agreement.html", a=record_pages.agreement_page(db, _uuid(key)))


def channel_html(db: Database, key: Any) -> str:
    ch = record_pages.channel_page(db, _uuid(key))
    recurrence = None
    if ch.recurrence:
        from tracker.domain.recurrence import describe

        recurrence = describe(ch.recurrence)
    return PAGES.render("page_channel.html", ch=ch, recurrence=recurrence)


def topic_html(db: Database, key: Any) -> str:
    return PAGES.render("page_topic.html", t=record_pages.topic_page(db, _uuid(key)))


# "more…" under a record page's section shows this many further rows.
MORE_STEP = 100

RENDERERS: dict[str, Callable[..., str]] = {
    "agreements": agreement_html,
    "channels": channel_html,
    "topics": topic_html,
    "events": event_html,
    "meetings": meeting_html,
    "trips": trip_html,
    "persons": person_html,
    "countries": country_html,
    "organizations": organization_html,
    "actions": action_html,
}

# Pages that can show more of a section (they take `more`, rows beyond the first, per section).
PAGED = {"countries"}
# What each page shows beyond its own record; a change elsewhere leaves it as it is.
SHOWN_TABLES: dict[str, tuple[str, ...]] = {"countries": record_pages.CountryPage.TABLES}


def render(db: Database, kind: str, key: Any, more: Mapping[str, int] | None = None) -> str | None:
    """The record page of `kind` `key` as HTML, or None for a kind without a page."""
    renderer = RENDERERS.get(kind)
    if renderer is None:
        return None
    return renderer(db, key, more) if kind in PAGED else renderer(db, key)


def shows_changes(kind: str, changes: Changes) -> bool:
    """Whether the page of a record of `kind` may read differently after `changes`."""
    tables = SHOWN_TABLES.get(kind)
    return tables is None or changes.touches(*tables)
