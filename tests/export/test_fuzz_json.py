"""Fuzz: any malformed interchange file gets a message, never a traceback, and changes nothing.

A valid export is mutated (wrong types, missing and unknown fields, huge and odd numbers, bad
dates, lone surrogates, control characters, nesting thousands deep, repeated ids, references
to nothing, broken bytes) and imported. The import either succeeds or raises the domain's
error with the place; when it refuses, the database is exactly as before.

The budget is fixed for CI (a few seconds); TRACKER_FUZZ_EXAMPLES=5000 runs a longer search.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.domain.errors import DomainError
from tracker.export.interchange import export_json, import_json, tables
from tracker.services import actions, directory, events, meetings, trips
from tracker.services.attachments import add_attachment
from tracker.services.countries import seed_countries

EXAMPLES = int(os.environ.get("TRACKER_FUZZ_EXAMPLES", "40"))


def populate(db: Database, folder: Path) -> None:
    """A little of every kind of record, so that every section and reference gets mutated."""
    seed_countries(db)
    org = directory.create_organization(
        db, {"name_ko": "혁신과학경제개발부", "country_code": "CA", "kind": "ministry"}
    )
    child = directory.create_organization(db, {"name_ko": "통신국", "parent_id": org.id})
    person = directory.create_person(
        db, {"name_ko": "에반 솔로몬", "country_code": "CA", "email": "es@example.ca"},
        [{"organization_id": child.id, "title_ko": "장관", "start_date": date(2025, 5, 13)}])  # fmt: skip
    staff = directory.create_person(db, {"name_ko": "김민준", "is_staff": True})
    topic = directory.topic(db, "인공지능", "AI")
    event = events.create_event(
        db, {"name_ko": "G7 장관회의", "kind": "ministerial", "timezone": "America/Toronto",
             "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9), "recurrence": "FREQ=YEARLY"},
        sessions=[{"title_ko": "개회", "date": date(2025, 12, 8), "start_time": time(9), "end_time": time(9, 30)}],
        topic_ids=[topic.id])  # fmt: skip
    trip = trips.create_trip(
        db, {"title": "G7 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)},
        members=[{"person_id": staff.id, "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}],
        itinerary=[{"date": date(2025, 12, 6), "start_time": time(19), "end_time": time(16, 50),
                    "end_day_offset": 1, "timezone": "Asia/Seoul", "kind": "flight", "description": "인천 → 몬트리올"}],
        event_ids=[event.id])  # fmt: skip
    meeting = meetings.create_meeting(
        db, {"kind": "bilateral", "title": "한-캐나다 면담", "trip_id": trip.id, "country_code": "CA",
             "date": date(2025, 12, 8), "start_time": time(9, 35), "timezone": "America/Toronto"},
        participants=[{"side": "us", "person_id": staff.id, "is_head": True},
                      {"side": "them", "person_id": person.id}],
        key_points=["AI 안전 협력", "후속 회의"], organization_ids=[org.id], topic_ids=[topic.id])  # fmt: skip
    actions.create_action(db, {"title": "MOU 초안 송부", "owed_by": "us", "owner_id": staff.id,
                               "meeting_id": meeting.id, "due": "'26.10월"})  # fmt: skip
    photo = folder / "photo.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 photo")
    add_attachment(db, photo, meeting_id=meeting.id)


class Target:
    """The database every example imports into. A refused import must leave it as it was (which
    the test checks), so it is copied afresh only after an import that was accepted."""

    def __init__(self, pristine: Path, work: Path) -> None:
        self.pristine, self.work = pristine, work
        self.db = self._fresh()
        self.before = dump(self.db)

    def _fresh(self) -> Database:
        shutil.copyfile(self.pristine, self.work)
        return Database(config.sqlite_url(self.work))

    def reset(self) -> None:
        self.db.dispose()
        self.db = self._fresh()


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The pristine database and its export, which every example mutates."""
    folder = tmp_path_factory.mktemp("fuzz")
    pristine = folder / "pristine.sqlite3"
    db, _ = open_database(pristine)
    populate(db, folder)
    export_json(db, folder / "base.json")
    db.dispose()
    BASE.update(json.loads((folder / "base.json").read_text(encoding="utf-8")))
    made = Target(pristine, folder / "work.sqlite3")
    yield made
    made.db.dispose()


# --- mutations --------------------------------------------------------------------------------

ODD_TEXT = st.lists(st.one_of(
    st.characters(codec="utf-8"),
    st.sampled_from(["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\ud800",
                     "\udfff", "\u202e", "..", "/", "\\"]),
), max_size=12).map("".join)  # fmt: skip
ODD_DATES = st.sampled_from([
    "2025-13-08", "2025-02-30", "0000-01-01", "9999-12-31", "10000-01-01", "2025-12-08T25:00:00Z",
    "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00", "2025-12-08T09:35:00", "24:00", "09:35+09:00",
    "", " ", "2025/12/08", "'26.10월", "NaN",
])  # fmt: skip
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31, 2**63, -(2**63) - 1, 10**400, 1e308, float("inf"), float("nan"), -0.0, 1.5]),
    ODD_TEXT, ODD_DATES, st.just([]), st.just({}), st.just([1, "a"]), st.just({"x": {"y": None}}),
    st.integers(min_value=1, max_value=6000).map(lambda n: f"\0DEEP{n}\0"),
    st.just(str(uuid.uuid4())),  # a reference to nothing
    st.sampled_from(["/etc/passwd", "../../secret", "/dev/zero", "C:\\x", "ab/" + "0" * 64]),
)  # fmt: skip


BASE: dict[str, Any] = {}  # the export every example spoils (set by the `base` fixture)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    doc = json.loads(json.dumps(BASE))  # a copy to spoil
    sections = [name for name, recs in doc["records"].items() if recs]
    for _ in range(draw(st.integers(1, 3))):
        if not isinstance(doc.get("records"), dict):  # an earlier change spoilt it whole
            break
        name = draw(st.sampled_from(sections))
        recs = doc["records"].get(name)
        if not isinstance(recs, list) or not recs:
            continue
        i = draw(st.integers(0, len(recs) - 1))
        how = draw(
            st.sampled_from(["set", "set", "set", "drop", "unknown", "repeat", "whole", "section", "top"])
        )
        if how == "set" and isinstance(recs[i], dict) and recs[i]:
            recs[i][draw(st.sampled_from(sorted(recs[i])))] = draw(VALUES)
        elif how == "drop" and isinstance(recs[i], dict) and recs[i]:
            del recs[i][draw(st.sampled_from(sorted(recs[i])))]
        elif how == "unknown" and isinstance(recs[i], dict):
            recs[i][draw(ODD_TEXT)] = draw(VALUES)
        elif how == "repeat":
            recs.append(json.loads(json.dumps(recs[i])))  # the same id twice
        elif how == "whole":
            recs[i] = draw(VALUES)
        elif how == "section":
            doc["records"][name] = draw(VALUES)
        elif how == "top":
            doc[draw(st.sampled_from(["format", "version", "records", "extra"]))] = draw(VALUES)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))
    # Nesting too deep for json.dumps to write: spliced into the text instead.
    while "\\u0000DEEP" in text:
        start = text.index('"\\u0000DEEP')
        end = text.index('\\u0000"', start + 2) + len('\\u0000"')
        n = int(text[start + len('"\\u0000DEEP') : end - len('\\u0000"')])
        text = text[:start] + "[" * n + "]" * n + text[end:]
    return text


def spoil_bytes(text: str, cut: int | None, noise: bytes) -> bytes:
    """The text as bytes, perhaps cut short or with bytes that are not UTF-8 spliced in;
    lone surrogates written raw (not escaped) are invalid UTF-8 themselves."""
    data = text.encode("utf-8", "surrogatepass")
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    if noise:
        at = len(noise) * 7919 % (len(data) + 1)
        data = data[:at] + noise + data[at:]
    return data


# --- the property -------------------------------------------------------------------------------


def dump(db: Database) -> dict[str, list[tuple]]:
    with db.engine.connect() as conn:
        return {t.name: sorted(map(tuple, conn.execute(sa.select(t))), key=repr) for t in tables()}


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])  # fmt: skip
@given(data=st.data())
def test_a_malformed_file_gets_a_message_and_changes_nothing(target, tmp_path, data):
    text = data.draw(mutated(), label="file")
    cut = data.draw(st.none() | st.none() | st.integers(0, 10**6), label="cut")
    noise = data.draw(
        st.sampled_from([b"", b"", b"", b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x00"]), label="noise"
    )
    path = tmp_path / "case.json"
    path.write_bytes(spoil_bytes(text, cut, noise))
    try:
        import_json(target.db, path)
    except DomainError as exc:  # the domain's error, with a message a user can read
        message = str(exc)
        assert message and "Traceback" not in message
        message.encode("utf-8")  # printable: no lone surrogate echoed back
        assert dump(target.db) == target.before  # all or nothing
    else:
        with target.db.engine.connect() as conn:  # what was accepted is consistent
            assert list(conn.exec_driver_sql("PRAGMA foreign_key_check")) == []
        target.reset()


# --- the two files that crashed the import, and the character policy on this path --------------


def _import_text(db: Database, tmp_path: Path, text: str) -> DomainError:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    before = dump(db)
    with pytest.raises(DomainError) as info:
        import_json(db, path)
    assert dump(db) == before
    return info.value


def _meeting_file(title_json: str) -> str:
    return (
        '{"format": "tracker-interchange", "version": 1, "records": {"meetings": [\n'
        '{"id": "m1", "kind": "bilateral", "title": "ok", "date": "2025-12-08"},\n'
        f'{{"id": "m2", "kind": "bilateral", "title": {title_json}, "date": "2025-12-08"}}]}}}}'
    )


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "a\\ud83d", "\\ude00b"])
def test_a_lone_surrogate_is_refused_with_its_place(db, tmp_path, escape):
    error = _import_text(db, tmp_path, _meeting_file(f'"{escape}"'))
    assert "records.meetings[1].title: a lone surrogate escape (such as \\ud800) is not text" in str(error)


def test_a_lone_surrogate_in_a_field_name_or_korean(db, tmp_path):
    error = _import_text(db, tmp_path, _meeting_file('"x", "\\ud800": 1'))
    assert "records.meetings[1].\\ud800: a lone surrogate escape in the name" in str(error)
    i18n.set_language("ko")
    error = _import_text(db, tmp_path, _meeting_file('"\\ud800"'))
    assert "records.meetings[1].title: 짝이 없는 서로게이트 문자" in str(error)


def test_a_pair_of_surrogates_is_one_character_and_imports(db, tmp_path):
    path = tmp_path / "ok.json"
    path.write_text(_meeting_file('"\\ud83d\\ude00 면담"'), encoding="utf-8")
    import_json(db, path)
    with db.read() as s:
        assert "\U0001f600 면담" in s.scalars(sa.select(Meeting.title)).all()


@pytest.mark.parametrize("depth", [1000, 100_000])
def test_nesting_thousands_deep_is_refused_with_its_place(db, tmp_path, depth):
    error = _import_text(db, tmp_path, _meeting_file("[" * depth + "]" * depth))
    assert "line 3, column 140: nested more than 100 levels deep" in str(error)
    i18n.set_language("ko")
    error = _import_text(db, tmp_path, _meeting_file('{"a": ' * depth + "1" + "}" * depth))
    assert "3행 620열: 100단계보다 깊게 중첩되어 있습니다" in str(error)


def test_a_number_of_thousands_of_digits_is_refused(db, tmp_path):
    error = _import_text(db, tmp_path, _meeting_file("9" * 5000))
    assert "a value cannot be read" in str(error)


def test_control_characters_follow_the_one_text_policy(db, tmp_path):
    """The same policy as every input path: NUL and control characters removed, line breaks LF."""
    path = tmp_path / "ctl.json"
    path.write_text('{"format": "tracker-interchange", "version": 1, "records": {"meetings": [{"id": "m",'
                    ' "kind": "bilateral", "title": "G7\\u0000 면담\\u0001", "notes": "가\\r\\n나\\u000bë",'
                    ' "date": "2025-12-08"}]}}', encoding="utf-8")  # fmt: skip
    import_json(db, path)
    with db.read() as s:
        meeting = s.scalars(sa.select(Meeting)).one()
    assert meeting.title == "G7 면담"
    assert meeting.notes == "가\n나\në"
