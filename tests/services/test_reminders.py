"""Deadlines in SQL (the same groups as `actions.bucket`), reminders of one's own follow-ups,
snoozes kept in the data folder, and edits of several follow-ups in one transaction."""

from __future__ import annotations

import json
import os
from datetime import date, timedelta

import pytest

from tracker import config
from tracker.db.models import Action, Person
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus, OwedBy, Priority
from tracker.domain.errors import ConflictError, DomainError
from tracker.services import actions, records
from tracker.services import reminders as rem
from tracker.services.actions import ActionFilter, Bucket
from tracker.services.reminders import FollowupQuery, SnoozeStore

TODAY = date(2026, 10, 14)  # a Wednesday; the week ends on Sunday 18 October


@pytest.fixture
def people(db):
    me = records.create(db, Person, {"name_ko": "박진홍", "is_staff": True})
    other = records.create(db, Person, {"name_ko": "조목은", "is_staff": True})
    return me, other


def _add(db, title, due=None, owner=None, owed_by=OwedBy.US, status=ActionStatus.OPEN, **kw):
    a = actions.create_action(
        db, {"title": title, "due": due, "owner_id": owner.id if owner else None, "owed_by": owed_by, **kw}
    )
    if status is not ActionStatus.OPEN:
        a = actions.set_status(db, a.id, status, on=TODAY - timedelta(days=1))
    return a


# ------------------------------------------------------------------ the groups in SQL

DUES = [
    None, "2026-10-13", "2026-10-14", "2026-10-15", "2026-10-18", "2026-10-19", "2026-09-30",
    "2026-10", "2026-09", "2026-11", "2025-12", "2026", "2025", "2027",
    "2026-10-12/2026-10-13", "2026-10-13/2026-10-14", "2026-10-17/2026-10-20", "2026-10-19/2026-10-21",
    "2026-12-31", "2026-01-01",
]  # fmt: skip


def test_bucket_clauses_agree_with_bucket_for_every_kind_of_deadline(db):
    made = []
    for i, due in enumerate(DUES):
        for status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE):
            made.append(_add(db, f"a{i}-{status.value}", due, status=status))
    for today in (
        TODAY,
        date(2026, 10, 18),
        date(2026, 10, 19),
        date(2026, 11, 1),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2025, 6, 2),
    ):
        stored = actions.list_actions(db)
        expected = {b: {a.id for a in stored if actions.bucket(a, today) is b} for b in Bucket}
        counts = rem.count_by_bucket(db, today)
        for b in Bucket:
            got = {r.id for r in rem.bucket_rows(db, b, today, limit=1000)}
            assert got == expected[b], (today, b)
            assert counts[b] == len(expected[b]), (today, b)


def test_month_precision_is_overdue_only_after_its_month(db):
    a = _add(db, "Digital Summit", "'26.10월")
    assert actions.bucket(records.get(db, Action, a.id), date(2026, 10, 31)) is Bucket.THIS_WEEK
    assert [r.id for r in rem.bucket_rows(db, Bucket.OVERDUE, date(2026, 10, 31))] == []
    assert [r.id for r in rem.bucket_rows(db, Bucket.OVERDUE, date(2026, 11, 1))] == [a.id]
    row = rem.bucket_rows(db, Bucket.OVERDUE, date(2026, 11, 1))[0]
    assert row.due is not None and row.due.korean_short() == "'26.10월"


def test_pages_are_ordered_and_do_not_overlap(db):
    for i in range(25):
        _add(
            db,
            f"late {i:02d}",
            (TODAY - timedelta(days=30 - i)).isoformat(),
            priority=Priority.HIGH if i % 5 == 0 else Priority.NORMAL,
        )
    pages, cursor = [], None
    for _ in range(3):  # each page starts after the last row of the one before
        page = rem.bucket_page(db, Bucket.OVERDUE, TODAY, after=cursor, limit=10)
        pages.append(page.rows)
        cursor = page.cursor
    assert [len(p) for p in pages] == [10, 10, 5] and page.complete
    rows = [r for p in pages for r in p]
    assert len({r.id for r in rows}) == 25
    assert [r.due.start for r in rows] == sorted(r.due.start for r in rows)


def test_query_filters_and_text(db, people):
    me, other = people
    _add(db, "비자 협의", "2026-10-20", owner=me, owed_by=OwedBy.BOTH, country_code=None)
    _add(db, "서밋 회신", "2026-10-20", owner=other, owed_by=OwedBy.THEM)
    q = FollowupQuery(ActionFilter(owner_id=me.id))
    assert [r.title for r in rem.bucket_rows(db, Bucket.LATER, TODAY, q)] == ["비자 협의"]
    q = FollowupQuery(ActionFilter(owed_by=OwedBy.THEM))
    assert [r.title for r in rem.bucket_rows(db, Bucket.LATER, TODAY, q)] == ["서밋 회신"]
    assert rem.count_by_bucket(db, TODAY, FollowupQuery(text="회신"))[Bucket.LATER] == 1


# ------------------------------------------------------------------ reminders


def test_reminders_cover_only_the_users_own_follow_ups(db, people):
    me, other = people
    mine_late = _add(db, "내 지난 일", "2026-10-01", owner=me)
    mine_soon = _add(db, "내 이번 주 일", "2026-10-16", owner=me, owed_by=OwedBy.THEM)
    _add(db, "내 먼 일", "2026-12-01", owner=me)
    _add(db, "내 끝난 일", "2026-10-01", owner=me, status=ActionStatus.DONE)
    _add(db, "남의 지난 일", "2026-10-01", owner=other)
    r = rem.due(db, me.id, TODAY)
    assert [i.id for i in r.overdue] == [mine_late.id]
    assert [i.id for i in r.soon] == [mine_soon.id]  # what they owe me is mine to chase
    assert (r.overdue_count, r.soon_count) == (1, 1)
    assert r.overdue[0].owner == "박진홍"


def test_without_a_user_all_of_ours_but_not_theirs(db, people):
    me, other = people
    a = _add(db, "우리 일", "2026-10-01", owner=me)
    b = _add(db, "양측 일", "2026-10-02")
    _add(db, "상대측 일", "2026-10-03", owner=other, owed_by=OwedBy.THEM)
    r = rem.due(db, None, TODAY)
    assert [i.id for i in r.overdue] == [a.id, b.id]


def test_due_soon_window_and_month_deadlines(db):
    month = _add(db, "10월 중", "'26.10월")
    year = _add(db, "올해 중", "'26년")
    near = _add(db, "일주일 뒤", (TODAY + timedelta(days=7)).isoformat())
    _add(db, "여드레 뒤", (TODAY + timedelta(days=8)).isoformat())
    r = rem.due(db, None, TODAY, days=7)
    assert {i.id for i in r.soon} == {near.id}  # '26.10월 ends on the 31st: not this week yet
    assert {i.id for i in rem.due(db, None, date(2026, 10, 24), days=7).soon} == {month.id}
    assert {i.id for i in rem.due(db, None, TODAY, days=17).soon} == {month.id, near.id} | {
        a.id for a in actions.list_actions(db) if a.title == "여드레 뒤"
    }
    assert {i.id for i in rem.due(db, None, date(2026, 12, 25), days=7).soon} == {year.id}
    assert month.id in {i.id for i in rem.due(db, None, date(2026, 11, 1)).overdue}
    assert month.id not in {i.id for i in rem.due(db, None, date(2026, 10, 31)).overdue}


def test_summary_in_korean(db):
    for i in range(3):
        _add(db, f"지남 {i}", "2026-10-0" + str(i + 1))
    for i in range(2):
        _add(db, f"곧 {i}", "2026-10-1" + str(i + 5))
    i18n.set_language("ko")
    r = rem.due(db, None, TODAY)
    assert r.summary() == "기한 지난 후속조치 3건, 이번 주 마감 2건"
    i18n.set_language("en")
    assert r.summary() == "3 overdue follow-ups, 2 due this week"


def test_limit_keeps_the_counts(db):
    for i in range(12):
        _add(db, f"late {i}", "2026-10-0" + str(i % 9 + 1))
    r = rem.due(db, None, TODAY, limit=5)
    assert len(r.overdue) == 5 and r.overdue_count == 12


# ------------------------------------------------------------------ snoozes


def test_snooze_hides_until_the_date(db):
    a = _add(db, "미룰 일", "2026-10-01")
    b = _add(db, "다른 일", "2026-10-02")
    rem.snooze(a.id, TODAY + timedelta(days=1), today=TODAY)
    assert [i.id for i in rem.due(db, None, TODAY).overdue] == [b.id]
    assert [i.id for i in rem.due(db, None, TODAY + timedelta(days=1)).overdue] == [a.id, b.id]
    # kept in a small JSON file in the data folder
    path = config.data_dir() / rem.SNOOZE_FILE
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc == {"snoozed": {str(a.id): "2026-10-15"}}


def test_snooze_due_snoozes_everything_reminded(db):
    for i in range(3):
        _add(db, f"late {i}", f"2026-10-0{i + 1}")
    store = SnoozeStore(config.data_dir() / "other.json")
    assert rem.snooze_due(db, None, TODAY + timedelta(days=7), TODAY, store=store) == 3
    assert not rem.due(db, None, TODAY + timedelta(days=6), store=store)
    assert rem.due(db, None, TODAY + timedelta(days=7), store=store).overdue_count == 3
    other = SnoozeStore(config.data_dir() / "x.json")  # another person's snoozes are not mine
    assert rem.due(db, None, TODAY + timedelta(days=6), store=other).overdue_count == 3


def test_expired_snoozes_are_dropped_and_a_damaged_file_is_ignored(db, tmp_path):
    store = SnoozeStore(tmp_path / "s.json")
    a = _add(db, "x", "2026-10-01")
    store.path.write_text("{not json", encoding="utf-8")
    assert store.load() == {}
    store.snooze([a.id], TODAY - timedelta(days=1), today=TODAY)  # already over: not kept
    assert store.load() == {}
    store.snooze([a.id], TODAY + timedelta(days=2), today=TODAY)
    store.unsnooze([a.id])
    assert store.load() == {}
    assert not [p for p in os.listdir(tmp_path) if p.endswith(".part")]


# ------------------------------------------------------------------ bulk edits


def test_bulk_update_changes_several_in_one_transaction(db, people):
    me, _ = people
    a = _add(db, "a", "2026-10-01")
    b = _add(db, "b", None)
    published = []
    db.subscribe(published.append)
    rem.bulk_update(
        db, [a.id, b.id], status=ActionStatus.DONE, owner_id=me.id, due="'26.11월", note="일괄 완료", on=TODAY
    )
    assert len(published) == 1 and published[0].updated["actions"] == {a.id, b.id}
    for key in (a.id, b.id):
        x = records.get(db, Action, key)
        assert (x.status, x.completed_on, x.completion_note, x.owner_id) == (
            ActionStatus.DONE,
            TODAY,
            "일괄 완료",
            me.id,
        )
        assert x.due is not None and x.due.korean_short() == "'26.11월"
    rem.bulk_update(db, [a.id], status=ActionStatus.OPEN, due=None, owner_id=None)
    x = records.get(db, Action, a.id)
    assert (x.status, x.completed_on, x.due, x.owner_id) == (ActionStatus.OPEN, None, None, None)
    assert x.completion_note == "일괄 완료"  # reopening keeps the note, as set_status does


def test_bulk_update_is_all_or_nothing(db, people):
    me, _ = people
    a = _add(db, "a", "2026-10-01")
    b = _add(db, "b", "2026-10-02")
    with pytest.raises(DomainError):
        rem.bulk_update(db, [a.id, b.id], due="내년 초")
    with pytest.raises(ConflictError):
        rem.bulk_update(
            db, [a.id, b.id], owner_id=me.id, expected_versions={a.id: a.version, b.id: b.version - 1}
        )
    for key in (a.id, b.id):
        assert records.get(db, Action, key).owner_id is None
    assert rem.bulk_update(db, [], status=ActionStatus.DONE) == []
