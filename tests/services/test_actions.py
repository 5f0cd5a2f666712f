"""Follow-up commitments: due dates as precise as known, status, the to-do buckets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tracker.db.models import Person
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy
from tracker.domain.errors import ConflictError, ValidationError
from tracker.services import actions, directory, meetings, records, trips
from tracker.services.actions import ActionFilter, Bucket
from tracker.services.countries import seed_countries

TODAY = date(2026, 10, 14)  # a Wednesday; the week ends on Sunday 18 October


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def _titles(items) -> list[str]:
    return [a.title for a in items]


# ------------------------------------------------------------------ due dates


def test_due_as_month_text_keeps_month_precision(cdb) -> None:
    a = actions.create_action(cdb, {"title": "Digital Summit 장관회의 개최", "due": "'26.10월"})
    assert (a.due_date, a.due_precision, a.due_end) == (date(2026, 10, 1), DatePrecision.MONTH, None)
    assert a.due == PrecisionDate.month(2026, 10)
    assert a.due.korean_short() == "'26.10월"
    stored = records.get(cdb, type(a), a.id)
    assert stored.due.precision is DatePrecision.MONTH


def test_due_as_a_range_and_as_iso(cdb) -> None:
    a = actions.create_action(cdb, {"title": "실무회의", "due": "'26.3.15.~16."})
    assert a.due == PrecisionDate(date(2026, 3, 15), DatePrecision.DAY, date(2026, 3, 16))
    b = actions.create_action(cdb, {"title": "결과보고", "due": PrecisionDate(date(2026, 1, 9))})
    assert b.due_date == date(2026, 1, 9) and b.due_precision is DatePrecision.DAY


def test_bad_due_text_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        actions.create_action(cdb, {"title": "x", "due": "내년 초"})
    assert err.value.code == "bad_date"
    assert actions.list_actions(cdb) == []


def test_due_fields() -> None:
    assert actions.due_fields("'26.10월") == {
        "due_date": date(2026, 10, 1),
        "due_precision": DatePrecision.MONTH,
        "due_end": None,
    }
    assert actions.due_fields("2026-03-15/2026-03-16") == {
        "due_date": date(2026, 3, 15),
        "due_precision": DatePrecision.DAY,
        "due_end": date(2026, 3, 16),
    }
    assert actions.due_fields(None) == {"due_date": None, "due_end": None}
    assert actions.due_fields("  ") == {"due_date": None, "due_end": None}


def test_update_due_and_clear_it(cdb) -> None:
    a = actions.create_action(cdb, {"title": "x", "due": "'26.3.15.~16."})
    b = actions.update_action(cdb, a.id, {"due": "'26.10월"}, expected_version=a.version)
    assert b.due == PrecisionDate.month(2026, 10)
    c = actions.update_action(cdb, a.id, {"due": None})
    assert c.due is None
    with pytest.raises(ConflictError):
        actions.update_action(cdb, a.id, {"title": "y"}, expected_version=a.version)


def test_follow_up_from_a_meeting_takes_its_country_and_trip(cdb) -> None:
    trip = trips.create_trip(
        cdb, {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    m = meetings.create_meeting(
        cdb, {"title": "한-캐 면담", "date": date(2025, 12, 8), "country_code": "CA", "trip_id": trip.id}
    )
    a = actions.create_action(cdb, {"title": "MOU 추진", "meeting_id": m.id})
    assert (a.country_code, a.trip_id) == ("CA", trip.id)
    b = actions.create_action(cdb, {"title": "미국 협의", "meeting_id": m.id, "country_code": "US"})
    assert b.country_code == "US"


# ------------------------------------------------------------------ status


def test_done_sets_completed_on_and_reopening_clears_it(cdb) -> None:
    a = actions.create_action(cdb, {"title": "x", "due": "'26.10월"})
    done = actions.set_status(cdb, a.id, ActionStatus.DONE, note="MOU 서명 완료", on=date(2026, 10, 2))
    assert (done.status, done.completed_on, done.completion_note) == (
        ActionStatus.DONE,
        date(2026, 10, 2),
        "MOU 서명 완료",
    )
    reopened = actions.set_status(cdb, a.id, ActionStatus.IN_PROGRESS)
    assert reopened.status is ActionStatus.IN_PROGRESS and reopened.completed_on is None
    dropped = actions.set_status(cdb, a.id, "dropped")  # type: ignore[arg-type]
    assert dropped.completed_on == date.today()


def test_unknown_status_is_refused(cdb) -> None:
    a = actions.create_action(cdb, {"title": "x"})
    with pytest.raises(ValidationError) as err:
        actions.set_status(cdb, a.id, "finished")  # type: ignore[arg-type]
    assert err.value.code == "bad_choice"
    with pytest.raises(ValidationError):
        actions.update_action(cdb, a.id, {"status": "finished"})
    with pytest.raises(ValidationError):
        actions.create_action(cdb, {"title": "y", "owed_by": "nobody"})
    assert records.get(cdb, type(a), a.id).status is ActionStatus.OPEN


def test_completion_date_on_an_open_follow_up_is_refused(cdb) -> None:
    a = actions.create_action(cdb, {"title": "x"})
    with pytest.raises(ValidationError) as err:
        actions.update_action(cdb, a.id, {"completed_on": date(2026, 1, 1)})
    assert err.value.code == "completed_not_done"


# ------------------------------------------------------------------ buckets


def _bucket(cdb, due, status=ActionStatus.OPEN, today=TODAY) -> Bucket:
    a = actions.create_action(cdb, {"title": "x", "due": due})
    if status is not ActionStatus.OPEN:
        a = actions.set_status(cdb, a.id, status, on=date(2026, 1, 1))
    return actions.bucket(a, today)


def test_buckets(cdb) -> None:
    assert _bucket(cdb, "2026-10-13") is Bucket.OVERDUE
    assert _bucket(cdb, "2026-10-14") is Bucket.THIS_WEEK
    assert _bucket(cdb, "2026-10-18") is Bucket.THIS_WEEK  # Sunday
    assert _bucket(cdb, "2026-10-19") is Bucket.LATER  # next Monday
    assert _bucket(cdb, None) is Bucket.NO_DATE
    assert _bucket(cdb, "2026-10-01", ActionStatus.DONE) is Bucket.CLOSED
    assert _bucket(cdb, None, ActionStatus.DROPPED) is Bucket.CLOSED
    assert _bucket(cdb, "'26.10.12.~14.") is Bucket.THIS_WEEK  # the range still runs today
    assert _bucket(cdb, "'26.10.12.~13.") is Bucket.OVERDUE


def test_month_precision_due_this_month_is_not_overdue_until_the_month_has_passed(cdb) -> None:
    assert _bucket(cdb, "'26.10월") is not Bucket.OVERDUE
    assert _bucket(cdb, "'26.10월", today=date(2026, 10, 31)) is Bucket.THIS_WEEK
    assert _bucket(cdb, "'26.10월", today=date(2026, 11, 1)) is Bucket.OVERDUE
    assert _bucket(cdb, "'26.9월") is Bucket.OVERDUE
    assert _bucket(cdb, "'26.12월") is Bucket.LATER
    assert _bucket(cdb, "2026") is not Bucket.OVERDUE
    assert _bucket(cdb, "2025") is Bucket.OVERDUE


def test_overdue_and_due_soon_with_a_fixed_today(cdb) -> None:
    for title, due in [
        ("지난주", "2026-10-07"),
        ("이번달", "'26.10월"),
        ("지난달", "'26.9월"),
        ("다음주", "2026-10-21"),
        ("한달뒤", "2026-11-20"),
        ("기한없음", None),
        ("어제끝난기간", "'26.10.12.~13."),
        ("진행중기간", "'26.10.13.~15."),
    ]:
        actions.create_action(cdb, {"title": title, "due": due})
    done = actions.create_action(cdb, {"title": "완료", "due": "2026-10-01"})
    actions.set_status(cdb, done.id, ActionStatus.DONE, on=date(2026, 10, 1))

    assert _titles(actions.overdue(cdb, today=TODAY)) == ["지난달", "지난주", "어제끝난기간"]
    # a month deadline is "due soon" once its month's end is near, not for the whole month
    assert sorted(_titles(actions.due_soon(cdb, today=TODAY, days=14))) == sorted(["다음주", "진행중기간"])
    assert "이번달" in _titles(actions.due_soon(cdb, today=TODAY, days=17))
    assert "한달뒤" in _titles(actions.due_soon(cdb, today=TODAY, days=40))
    assert "다음주" not in _titles(actions.due_soon(cdb, today=TODAY, days=3))


# ------------------------------------------------------------------ filters


def test_action_filter(cdb) -> None:
    trip = trips.create_trip(
        cdb, {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    kim = records.create(cdb, Person, {"name_ko": "김철수", "is_staff": True})
    lee = records.create(cdb, Person, {"name_ko": "이영희", "is_staff": True})
    ised = directory.create_organization(cdb, {"name_ko": "혁신과학경제개발부", "country_code": "CA"})
    ai = directory.topic(cdb, "인공지능")
    a = actions.create_action(
        cdb,
        {
            "title": "A",
            "owed_by": OwedBy.US,
            "owner_id": kim.id,
            "country_code": "CA",
            "trip_id": trip.id,
            "due": "2026-01-10",
            "counterpart_org_id": ised.id,
        },
    )
    actions.create_action(
        cdb,
        {"title": "B", "owed_by": OwedBy.THEM, "owner_id": lee.id, "country_code": "CA", "due": "2026-01-05"},
    )
    c = actions.create_action(
        cdb, {"title": "C", "owed_by": OwedBy.BOTH, "owner_id": kim.id, "country_code": "US"}
    )
    actions.set_status(cdb, c.id, ActionStatus.DONE, on=date(2026, 1, 2))
    records.update(cdb, type(a), a.id, {})
    with cdb.transaction() as s:
        s.get(type(a), a.id).topics = [s.get(type(ai), ai.id)]

    def q(**kw) -> list[str]:
        return _titles(actions.list_actions(cdb, ActionFilter(**kw)))

    assert q() == ["B", "A", "C"]  # by due date, undated last
    assert q(owed_by=OwedBy.THEM) == ["B"]
    assert q(owner_id=kim.id) == ["A", "C"]
    assert q(country="CA") == ["B", "A"]
    assert q(statuses=(ActionStatus.DONE,)) == ["C"]
    assert q(statuses=actions.OPEN_STATUSES) == ["B", "A"]
    assert q(trip_id=trip.id) == ["A"]
    assert q(organization_id=ised.id) == ["A"]
    assert q(topic_id=ai.id) == ["A"]
    assert q(owner_id=kim.id, country="US") == ["C"]
    assert _titles(actions.list_actions(cdb, limit=1)) == ["B"]
    assert _titles(actions.overdue(cdb, today=date(2026, 1, 20), flt=ActionFilter(owner_id=kim.id))) == ["A"]


def test_sql_deadline_filters_agree_with_each_dates_last_day(cdb) -> None:
    """overdue() and due_soon() filter in SQL; they must mean exactly what PrecisionDate.last_day
    means, for every precision, at month and year ends too."""
    import random

    rng = random.Random(7)
    for i in range(300):
        start = date(2025, 11, 1) + timedelta(days=rng.randrange(500))
        kind = rng.choice(["day", "range", "month", "year"])
        due = {
            "day": start.isoformat(),
            "range": f"{start.isoformat()}/{(start + timedelta(days=rng.randrange(1, 5))).isoformat()}",
            "month": f"{start.year}-{start.month:02d}",
            "year": str(start.year),
        }[kind]
        actions.create_action(cdb, {"title": f"a{i}", "due": due})
    every = actions.list_actions(cdb)
    for today in (
        date(2026, 1, 1),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 12, 17),
        date(2026, 12, 31),
    ):
        assert {a.id for a in actions.overdue(cdb, today)} == {a.id for a in every if a.due.last_day < today}
        for days in (0, 14, 45):
            horizon = today + timedelta(days=days)
            expected = {a.id for a in every if today <= a.due.last_day <= horizon}
            assert {a.id for a in actions.due_soon(cdb, today, days=days)} == expected
