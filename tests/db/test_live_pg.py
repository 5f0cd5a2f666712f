"""Colleagues' changes arrive live on a team database: a commit through one connection reaches
the change hub of another program on the same server within seconds, saying who changed which
record and when; a program does not hear its own commits twice, and a rolled-back one is never
heard."""

from __future__ import annotations

import threading
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from pg_pair import two_connections

from tracker.db.changes import Changes
from tracker.db.live import LiveListener, payload, received
from tracker.db.models import Meeting
from tracker.services import meetings, records

pytestmark = pytest.mark.postgres

WAIT = 5.0


class Heard:
    def __init__(self) -> None:
        self.changes: list[Changes] = []
        self.event = threading.Event()

    def __call__(self, changes: Changes) -> None:
        self.changes.append(changes)
        self.event.set()

    def wait(self, test, timeout: float = WAIT) -> Changes | None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for changes in self.changes:
                if test(changes):
                    return changes
            self.event.wait(0.05)
            self.event.clear()
        return None


@pytest.fixture
def pair(postgres_server):
    with two_connections(postgres_server) as (mine, theirs):
        yield mine, theirs


def _listen(db) -> Heard:  # type: ignore[no-untyped-def]
    heard = Heard()
    db.subscribe(heard)
    assert db.changes.start_feed()
    assert db.changes._feed.wait_listening(WAIT)
    return heard


def test_a_colleagues_commit_reaches_my_hub_with_who_and_when(pair):
    mine, theirs = pair
    heard = _listen(mine)
    theirs.actor = "한서윤"
    before = datetime.now(UTC)
    meeting = meetings.create_meeting(theirs, {"title": "한-캐 장관 면담", "date": date(2026, 3, 4)})

    got = heard.wait(lambda c: meeting.id in c.created.get("meetings", set()))
    assert got is not None, "the colleague's new meeting was not announced"
    change = got.by_colleague("meetings", meeting.id)
    assert change is not None and change.kind == "created" and change.who == "한서윤"
    assert before - timedelta(seconds=1) <= change.at <= datetime.now(UTC)

    records.update(theirs, Meeting, meeting.id, {"title": "한-캐 장관 양자면담"})
    got = heard.wait(lambda c: meeting.id in c.updated.get("meetings", set()))
    assert got is not None and got.by_colleague("meetings", meeting.id).kind == "updated"
    records.delete(theirs, Meeting, meeting.id)
    got = heard.wait(lambda c: meeting.id in c.deleted.get("meetings", set()))
    assert got is not None and got.by_colleague("meetings", meeting.id).kind == "deleted"


def test_my_own_commit_is_announced_once_and_not_as_a_colleagues(pair):
    mine, theirs = pair
    heard = _listen(mine)
    other = _listen(theirs)
    meeting = meetings.create_meeting(mine, {"title": "내 면담", "date": date(2026, 3, 4)})
    assert other.wait(lambda c: meeting.id in c.created.get("meetings", set())) is not None
    # Notifications arrive in commit order: once a later colleague's commit is heard, anything
    # my own listener would have brought about my meeting has arrived too.
    marker = meetings.create_meeting(theirs, {"title": "다음 면담", "date": date(2026, 3, 5)})
    assert heard.wait(lambda c: marker.id in c.created.get("meetings", set())) is not None
    announced = [c for c in heard.changes if meeting.id in c.created.get("meetings", set())]
    assert len(announced) == 1
    assert announced[0].by_colleague("meetings", meeting.id) is None


def test_a_rolled_back_change_is_never_heard(pair):
    mine, theirs = pair
    heard = _listen(mine)
    with pytest.raises(RuntimeError), theirs.transaction() as s:
        s.add(Meeting(title="취소될 면담", date=date(2026, 3, 4)))
        s.flush()
        raise RuntimeError("cancelled")
    marker = meetings.create_meeting(theirs, {"title": "다음 면담", "date": date(2026, 3, 5)})
    assert heard.wait(lambda c: marker.id in c.created.get("meetings", set())) is not None
    assert all(c.created.get("meetings", set()) <= {marker.id} for c in heard.changes)


def test_stopping_the_feed_stops_the_announcements(pair):
    mine, theirs = pair
    heard = _listen(mine)
    mine.changes.stop_feed()
    assert not mine.changes._feed.listening
    meetings.create_meeting(theirs, {"title": "한-캐 장관 면담", "date": date(2026, 3, 4)})
    time.sleep(1.0)
    assert heard.changes == []


def test_a_restricted_record_is_announced_without_its_keys(pair):
    """Every listener hears every notification, colleagues without the 대외비 label too: a
    restricted record, or a row of one, is announced by its table only."""
    from tracker.db.models import KeyPoint
    from tracker.domain.enums import Classification

    mine, theirs = pair
    heard = _listen(mine)
    secret = meetings.create_meeting(
        theirs,
        {"title": "대외비 면담", "date": date(2026, 3, 4), "classification": Classification.RESTRICTED},
    )
    public = meetings.create_meeting(theirs, {"title": "공개 면담", "date": date(2026, 3, 5)})
    records.create(
        theirs,
        KeyPoint,
        {
            "meeting_id": public.id,
            "seq": 1,
            "text": "비공개 요점",
            "classification": Classification.RESTRICTED,
        },
    )
    records.update(theirs, Meeting, public.id, {"title": "공개 양자면담"})  # after: named again
    assert heard.wait(lambda c: public.id in c.updated.get("meetings", set())) is not None
    named = {
        str(k)
        for c in heard.changes
        for keys in (c.created, c.updated, c.deleted)
        for t in keys
        for k in keys[t]
    }
    assert str(secret.id) not in named
    assert all(c.ids("key_points") == set() for c in heard.changes if c.touches("key_points"))
    assert any(c.touches("key_points") for c in heard.changes)  # still heard: views refresh the table
    assert any(c.touches("meetings") and not c.ids("meetings") for c in heard.changes)


def test_a_restore_written_without_a_session_is_heard_too(pair):
    """A restore (and an import) writes its rows without a session; the other programs hear
    its tables, and reread them."""
    from tracker.services import history

    mine, theirs = pair
    heard = _listen(mine)
    meeting = meetings.create_meeting(theirs, {"title": "되살릴 면담", "date": date(2026, 3, 4)})
    records.delete(theirs, Meeting, meeting.id)
    assert heard.wait(lambda c: meeting.id in c.deleted.get("meetings", set())) is not None
    entry = next(e for e in history.deleted_records(theirs) if e.key == str(meeting.id))
    heard.changes.clear()
    history.restore(theirs, entry.id)
    assert (
        heard.wait(lambda c: c.touches("meetings") and c.touches("key_points") or c.touches("meetings"))
        is not None
    )


def test_a_large_change_names_its_tables_without_its_keys():
    changes = Changes()
    for n in range(1000):
        changes.add("created", "key_points", f"kp-{n:05d}")
    text = payload(changes, "me", "한서윤", datetime.now(UTC))
    assert len(text.encode()) < 8000
    origin, back = received(text)
    assert origin == "me" and back.touches("key_points") and back.ids("key_points") == set()


def test_a_listener_skips_what_its_own_program_sent():
    from tracker.db.changes import ChangeHub

    hub = ChangeHub()
    heard = Heard()
    hub.subscribe(heard)
    listener = LiveListener(engine=None, hub=hub, origin="me")  # type: ignore[arg-type]
    changes = Changes()
    changes.add("created", "meetings", "m1")
    listener.deliver(payload(changes, "me", "나", datetime.now(UTC)))
    assert heard.changes == []
    listener.deliver(payload(changes, "colleague", "한서윤", datetime.now(UTC)))
    assert heard.changes and heard.changes[0].by_colleague("meetings", "m1").who == "한서윤"
