"""A country's page as plain data: each section's first rows in order with its true total,
more of a section on request, and the sections' queries served by indexes."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from tracker.db.models import Action, Meeting, Organization, Person, Trip, TripDestination
from tracker.db.store import open_database
from tracker.devtools import large_demo
from tracker.domain.enums import OwedBy
from tracker.services.actions import OPEN_STATUSES
from tracker.services.record_pages import FIRST, CountryPage, country_page


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    db, _ = open_database(f"sqlite:///{tmp_path_factory.mktemp('pages') / 'a.sqlite3'}")
    large_demo.generate(db, scale=0.02)
    yield db
    db.dispose()


def _count(db, stmt) -> int:
    with db.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(stmt.subquery())).scalar_one()


def test_each_section_shows_its_first_rows_and_its_total(big):
    page = country_page(big, "US")
    assert isinstance(page, CountryPage) and page.name_en == "United States"
    meetings = sa.select(Meeting.id).where(Meeting.country_code == "US")
    assert page.meetings.total == _count(big, meetings) > FIRST
    assert len(page.meetings.rows) == FIRST and page.meetings.hidden == page.meetings.total - FIRST
    dates = [m.date for m in page.meetings.rows]
    assert dates == sorted(dates, reverse=True)  # the latest first
    with big.engine.connect() as conn:
        latest = conn.execute(
            sa.select(sa.func.max(Meeting.date)).where(Meeting.country_code == "US")
        ).scalar()
    assert dates[0] == latest
    visited = sa.select(TripDestination.trip_id).where(TripDestination.country_code == "US")
    assert page.trips.total == _count(big, sa.select(Trip.id).where(Trip.id.in_(visited)))
    officials = sa.select(Person.id).where(Person.country_code == "US", Person.is_staff.is_(False))
    assert page.officials.total == _count(big, officials)
    assert page.organizations.total == _count(
        big, sa.select(Organization.id).where(Organization.country_code == "US")
    )


def test_commitments_are_split_by_who_owes_them(big):
    page = country_page(big, "US")
    for section, sides in (
        (page.we_owe, (OwedBy.US, OwedBy.BOTH)),
        (page.they_owe, (OwedBy.THEM, OwedBy.BOTH)),
    ):
        stmt = sa.select(Action.id).where(
            Action.country_code == "US", Action.status.in_(OPEN_STATUSES), Action.owed_by.in_(sides)
        )
        assert section.total == _count(big, stmt) > 0
        assert {a.owed_by for a in section.rows} <= set(sides)
        assert all(a.status in OPEN_STATUSES for a in section.rows)
        dated = [a.due.start for a in section.rows if a.due is not None]
        assert dated == sorted(dated)  # soonest due first, undated ones after


def test_more_of_one_section_leaves_the_others_short(big):
    first = country_page(big, "US")
    more = country_page(big, "US", {"meetings": 30})
    assert len(more.meetings.rows) == min(FIRST + 30, first.meetings.total)
    assert more.meetings.rows[:FIRST] == first.meetings.rows  # the same rows, then the next ones
    assert len(more.officials.rows) == len(first.officials.rows)


def test_a_small_country_needs_no_more(big):
    page = country_page(big, "IS")
    for name in ("meetings", "trips", "agreements", "channels"):
        section = getattr(page, name)
        assert section.hidden == 0 and len(section.rows) == section.total


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (
            "SELECT id FROM meetings WHERE country_code = 'US' ORDER BY date DESC LIMIT 20",
            "ix_meetings_country_date",
        ),
        (
            "SELECT count(*) FROM actions WHERE country_code = 'US' AND status IN ('open', 'in_progress')",
            "ix_actions_country_status_due",
        ),
    ],
)
def test_the_long_sections_are_read_through_an_index(big, query, index):
    with big.engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}"))
    assert index in plan and "TEMP B-TREE" not in plan
