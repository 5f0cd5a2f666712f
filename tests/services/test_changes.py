"""The change hub: after a commit, listeners (open views) hear which tables and rows changed;
a rolled-back transaction announces nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.db.changes import ChangeHub, Changes
from tracker.db.models import Meeting, Organization, Person
from tracker.domain.errors import ValidationError
from tracker.services import actions, meetings, records


@pytest.fixture
def heard(db) -> list[Changes]:
    got: list[Changes] = []
    db.subscribe(got.append)
    return got


def test_create_announces_the_new_id(db, heard) -> None:
    org = records.create(db, Organization, {"name_ko": "과학기술정보통신부"})
    assert len(heard) == 1
    assert heard[0].created == {"organizations": {org.id}}
    assert heard[0].updated == {} and heard[0].deleted == {}
    assert heard[0].touches("organizations") and not heard[0].touches("persons")


def test_update_and_delete_announce_the_id(db, heard) -> None:
    org = records.create(db, Organization, {"name_ko": "기관"})
    records.update(db, Organization, org.id, {"acronym": "X"})
    assert heard[-1].updated == {"organizations": {org.id}}
    assert not heard[-1].created and not heard[-1].deleted
    records.delete(db, Organization, org.id)
    assert heard[-1].deleted == {"organizations": {org.id}}
    assert len(heard) == 3


def test_one_commit_one_announcement_with_every_table(db, heard) -> None:
    kim = records.create(db, Person, {"name_ko": "김철수"})
    heard.clear()
    m = meetings.create_meeting(
        db,
        {"title": "면담", "date": date(2025, 12, 8)},
        participants=[{"side": "us", "person_id": kim.id}],
        key_points=["첫째", "둘째"],
    )
    assert len(heard) == 1
    c = heard[0]
    assert c.created["meetings"] == {m.id}
    assert c.created["key_points"] == {k.id for k in m.key_points}
    assert c.created["meeting_participants"] == {p.id for p in m.participants}
    assert None not in set().union(*c.created.values())


def test_cascaded_deletes_are_announced(db, heard) -> None:
    m = meetings.create_meeting(
        db,
        {"title": "면담", "date": date(2025, 12, 8)},
        participants=[{"side": "them", "name": "연구원 등"}],
        key_points=["첫째"],
    )
    records.delete(db, Meeting, m.id)
    assert heard[-1].deleted == {
        "meetings": {m.id},
        "key_points": {m.key_points[0].id},
        "meeting_participants": {m.participants[0].id},
    }


def test_rolled_back_transaction_announces_nothing(db, heard) -> None:
    with pytest.raises(ValidationError):
        meetings.create_meeting(
            db,
            {"title": "면담", "date": date(2025, 12, 8)},
            key_points=["첫째"],
            participants=[{"side": "us"}],
        )  # nobody named
    with pytest.raises(RuntimeError):
        with db.transaction() as s:
            s.add(Organization(name_ko="취소될 기관"))
            s.flush()
            raise RuntimeError("changed my mind")
    assert heard == []
    # The next commit announces only its own changes, nothing left over from the failures.
    org = records.create(db, Organization, {"name_ko": "기관"})
    assert heard == [Changes(created={"organizations": {org.id}})]


def test_reads_and_no_op_updates_announce_nothing(db, heard) -> None:
    org = records.create(db, Organization, {"name_ko": "기관"})
    heard.clear()
    records.get(db, Organization, org.id)
    records.list_all(db, Organization)
    with db.transaction() as s:
        s.get(Organization, org.id)
    assert heard == []


def test_status_change_of_a_follow_up(db, heard) -> None:
    a = actions.create_action(db, {"title": "MOU 추진"})
    actions.set_status(db, a.id, "done", on=date(2026, 1, 2))  # type: ignore[arg-type]
    assert heard[-1].updated == {"actions": {a.id}}


def test_unsubscribe_and_hub_rules() -> None:
    hub = ChangeHub()
    got: list[Changes] = []
    hub.subscribe(got.append)
    hub.publish(Changes())  # empty: nobody is bothered
    assert got == []
    change = Changes()
    change.add("created", "trips", 1)
    change.add("deleted", "key_points", 2)
    assert change.tables == {"trips", "key_points"}
    hub.publish(change)
    assert got == [change]
    hub.unsubscribe(got.append)
    hub.unsubscribe(got.append)  # twice is harmless
    hub.publish(change)
    assert got == [change]
