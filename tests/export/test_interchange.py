"""The JSON interchange file: every record out and back in, byte for byte, on SQLite and
PostgreSQL; readable ids; and imports that are refused whole, leaving the database as it was."""

from __future__ import annotations

import json
import os
import stat
import sys
import uuid
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    ItineraryItem,
    KeyPoint,
    Meeting,
    Organization,
    Person,
    Trip,
    action_topics,
    agreement_parties,
    agreement_topics,
)
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.domain.enums import DatePrecision
from tracker.export import interchange
from tracker.export.interchange import ID_NAMESPACE, ImportRejected, export_json, import_json, tables
from tracker.services import actions, directory, events, meetings, records, trips
from tracker.services.attachments import add_attachment
from tracker.services.countries import seed_countries

# Fixed ids chosen so that a child organization sorts before its parent: an export lists
# records by key, so the import must not depend on the order of the file.
PARENT_ORG = uuid.UUID("f1000000-0000-4000-8000-000000000001")
CHILD_ORG = uuid.UUID("01000000-0000-4000-8000-000000000002")


# --- helpers -------------------------------------------------------------------------------


def new_db(path: Path) -> Database:
    database, _ = open_database(f"sqlite:///{path}")
    return database


@pytest.fixture
def other_db(tmp_path):
    database = new_db(tmp_path / "other.sqlite3")
    yield database
    database.dispose()


def export_bytes(db: Database, path: Path) -> bytes:
    export_json(db, path)
    return path.read_bytes()


def _export(db: Database, path: Path) -> Path:
    export_json(db, path)
    return path


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables()
        }


def write_doc(path: Path, records: dict[str, list[dict[str, Any]]]) -> Path:
    doc = {"format": "tracker-interchange", "version": 1, "records": records}
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def rid(readable: str) -> uuid.UUID:
    """The UUID a readable id becomes (the namespace is part of the file format)."""
    return uuid.uuid5(ID_NAMESPACE, readable)


def build_everything(db: Database, tmp_path: Path) -> dict[str, Any]:
    """A small database with records in every table."""
    seed_countries(db)
    gov = directory.create_organization(
        db, {"id": PARENT_ORG, "name_ko": "캐나다 정부", "name_en": "Government of Canada",
             "kind": "government", "country_code": "CA"})  # fmt: skip
    ised = directory.create_organization(
        db, {"id": CHILD_ORG, "name_ko": "혁신과학경제개발부", "acronym": "ISED", "kind": "ministry",
             "country_code": "CA", "parent_id": gov.id})  # fmt: skip
    msit = directory.create_organization(db, {"name_ko": "과학기술정보통신부", "country_code": "KR"})
    ai = directory.topic(db, "인공지능", "AI")
    digital = directory.topic(db, "디지털 협력")
    minister = directory.create_person(
        db,
        {"name_ko": "에반 솔로몬", "name_original": "Evan Solomon", "country_code": "CA", "email": "es@example.ca"},
        [
            {"organization_id": ised.id, "title_ko": "장관", "rank": "minister", "start_date": date(2025, 5, 13)},
            {"organization_id": gov.id, "title_ko": "의원", "rank": "other",
             "start_date": date(2025, 4, 1), "end_date": date(2025, 5, 12)},
        ],
    )  # fmt: skip
    staff = directory.create_person(db, {"name_ko": "김민준", "is_staff": True, "country_code": "KR"})
    channel = records.create(
        db, Channel, {"name_ko": "한-캐나다 디지털 대화", "kind": "dialogue", "country_code": "CA",
                      "organization_id": ised.id, "our_organization_id": msit.id,
                      "recurrence": "FREQ=YEARLY", "established_year": 2022})  # fmt: skip
    event = events.create_event(
        db,
        {"name_ko": "G7 디지털·기술 장관회의", "kind": "ministerial", "channel_id": channel.id,
         "organizer_id": ised.id, "country_code": "CA", "city": "Montreal", "timezone": "America/Toronto",
         "start_date": date(2025, 12, 8), "end_date": date(2025, 12, 9), "recurrence": "FREQ=YEARLY;INTERVAL=1"},
        sessions=[
            {"title_ko": "개회", "date": date(2025, 12, 8), "start_time": time(9, 0), "end_time": time(9, 30)},
            {"title_ko": "G7 단독 세션", "date": date(2025, 12, 8), "start_time": time(10, 0),
             "end_time": time(12, 0), "members_only": True},
        ],
        topic_ids=[ai.id],
    )  # fmt: skip
    trip = trips.create_trip(
        db,
        {"title": "G7 디지털·기술 장관회의 출장", "destination": "캐나다(몬트리올)",
         "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11), "purpose": "o 회의 참석\no 양자 면담"},
        destinations=[{"country_code": "CA", "city": "Montreal", "timezone": "America/Toronto"}],
        members=[{"person_id": staff.id, "title": "과장", "role": "총괄",
                  "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}],
        itinerary=[
            {"date": date(2025, 12, 6), "start_time": time(19, 0), "end_time": time(16, 50), "end_day_offset": 1,
             "timezone": "Asia/Seoul", "kind": "flight", "description": "인천 → 몬트리올", "reference": "KE035"},
            {"date": date(2025, 12, 8), "start_time": time(9, 0), "kind": "session", "description": "개회식",
             "event_id": event.id},
        ],
        event_ids=[event.id],
    )  # fmt: skip
    meeting = meetings.create_meeting(
        db,
        {"kind": "bilateral", "title": "한-캐나다 장관 면담", "trip_id": trip.id, "event_id": event.id,
         "country_code": "CA", "date": date(2025, 12, 8), "start_time": time(9, 35), "end_time": time(10, 5),
         "timezone": "America/Toronto", "location": "Palais des congrès"},
        participants=[
            {"side": "us", "person_id": staff.id, "is_head": True},
            {"side": "them", "person_id": minister.id, "is_head": True},
            {"side": "them", "name": "연구원 등"},
        ],
        key_points=['AI 안전 협력 "강화" \\ 합의', {"text": "후속 회의\n개최", "party": "캐나다"}],
        organization_ids=[ised.id],
        topic_ids=[ai.id, digital.id],
    )  # fmt: skip
    by_month = actions.create_action(
        db, {"title": "MOU 초안 송부", "owed_by": "us", "owner_id": staff.id, "counterpart_id": minister.id,
             "counterpart_org_id": ised.id, "meeting_id": meeting.id, "key_point_id": meeting.key_points[0].id,
             "due": "'26.10월"})  # fmt: skip
    ranged = actions.create_action(db, {"title": "실무회의 개최", "owed_by": "both", "due": "'26.3.15.~16.",
                                        "event_id": event.id, "priority": "high"})  # fmt: skip
    with db.transaction() as s:
        agreement = records.create_in(
            s, Agreement, {"kind": "mou", "title_ko": "디지털 협력 MOU", "country_code": "CA",
                           "signed_date": date(2025, 12, 1), "signed_precision": "month", "meeting_id": meeting.id})  # fmt: skip
        s.execute(agreement_parties.insert(), [{"agreement_id": agreement.id, "organization_id": ised.id},
                                               {"agreement_id": agreement.id, "organization_id": msit.id}])  # fmt: skip
        s.execute(agreement_topics.insert(), [{"agreement_id": agreement.id, "topic_id": digital.id}])
        s.execute(action_topics.insert(), [{"action_id": by_month.id, "topic_id": ai.id},
                                           {"action_id": ranged.id, "topic_id": digital.id}])  # fmt: skip
    photo = tmp_path / "기념사진.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    add_attachment(db, photo, meeting_id=meeting.id, caption="면담 후 기념 촬영")
    return {"trip": trip.id, "meeting": meeting.id, "by_month": by_month.id, "ranged": ranged.id,
            "staff": staff.id, "minister": minister.id}  # fmt: skip


# --- the round trip ----------------------------------------------------------------------------


def test_export_import_export_gives_identical_bytes(db, other_db, tmp_path):
    ids = build_everything(db, tmp_path)
    assert all(counts(db).values()), f"the fixture misses a table: {counts(db)}"

    first = export_bytes(db, tmp_path / "first.json")
    imported = import_json(other_db, tmp_path / "first.json")
    second = export_bytes(other_db, tmp_path / "second.json")

    assert second == first
    assert imported == counts(db) == counts(other_db)
    # What the user would see in the other database is what they entered.
    with other_db.read() as s:
        action = s.get(Action, ids["by_month"])
        assert (action.due_date, action.due_precision, action.due_end) == (
            date(2026, 10, 1),
            DatePrecision.MONTH,
            None,
        )
        ranged = s.get(Action, ids["ranged"])
        assert (ranged.due_date, ranged.due_end) == (date(2026, 3, 15), date(2026, 3, 16))
        meeting = s.get(Meeting, ids["meeting"])
        assert (meeting.start_time, meeting.timezone) == (time(9, 35), "America/Toronto")
        flight = s.scalar(sa.select(ItineraryItem).where(ItineraryItem.kind == "flight"))
        assert (flight.end_time, flight.end_day_offset) == (time(16, 50), 1)
        child = s.get(Organization, CHILD_ORG)
        assert child.parent_id == PARENT_ORG


def test_export_is_readable_and_stable(db, tmp_path):
    ids = build_everything(db, tmp_path)
    data = export_bytes(db, tmp_path / "a.json")
    assert export_bytes(db, tmp_path / "b.json") == data  # same database, same bytes

    text = data.decode("utf-8")
    assert "한-캐나다 장관 면담" in text  # Korean as is, not \\uXXXX
    doc = json.loads(text)
    records_ = doc["records"]
    assert (doc["format"], doc["version"]) == ("tracker-interchange", 1)
    assert list(records_) == [t.name for t in tables()]  # every section, referred-to sections first
    seen: set[str] = set()
    for table in tables():
        for fk in table.foreign_keys:
            assert fk.column.table.name in seen | {table.name}, f"{table.name} before {fk.column.table.name}"
        seen.add(table.name)
        rows = records_[table.name]
        keys = [tuple(str(r[c.name]) for c in table.primary_key.columns) for r in rows]
        assert keys == sorted(keys)

    [meeting] = records_["meetings"]
    assert meeting["id"] == str(ids["meeting"])
    assert (meeting["date"], meeting["start_time"], meeting["timezone"]) == (
        "2025-12-08",
        "09:35",
        "America/Toronto",
    )
    assert meeting["created_at"].endswith("Z") and len(meeting["created_at"]) == len(
        "2025-12-24T01:02:03.000004Z"
    )
    assert "agenda" not in meeting  # empty fields are left out
    flight = next(r for r in records_["itinerary_items"] if r["kind"] == "flight")
    assert (flight["end_time"], flight["end_day_offset"]) == ("16:50", 1)
    by_month = next(r for r in records_["actions"] if r["id"] == str(ids["by_month"]))
    assert (by_month["due_date"], by_month["due_precision"]) == ("2026-10-01", "month")
    assert "due_end" not in by_month
    staff = next(r for r in records_["persons"] if r["id"] == str(ids["staff"]))
    assert staff["is_staff"] is True and "email" not in staff


@pytest.mark.postgres
def test_postgresql_exports_the_same_bytes_as_sqlite(db, tmp_path, postgres_server):
    build_everything(db, tmp_path)
    from_sqlite = export_bytes(db, tmp_path / "sqlite.json")

    pg, _ = open_database(postgres_server.new_database())
    try:
        assert pg.engine.dialect.name == "postgresql"
        import_json(pg, tmp_path / "sqlite.json")
        assert export_bytes(pg, tmp_path / "pg.json") == from_sqlite
        assert counts(pg) == counts(db)
        import_json(pg, tmp_path / "sqlite.json")  # again: nothing doubles, nothing changes
        assert export_bytes(pg, tmp_path / "pg2.json") == from_sqlite
    finally:
        pg.dispose()


def test_export_of_an_empty_database_imports_cleanly(db, other_db, tmp_path):
    data = export_bytes(db, tmp_path / "empty.json")
    assert set(json.loads(data)["records"]) == {t.name for t in tables()}
    assert import_json(other_db, tmp_path / "empty.json") == {t.name: 0 for t in tables()}
    assert export_bytes(other_db, tmp_path / "again.json") == data


# --- readable ids, importing twice, merging -----------------------------------------------------


def hand_written() -> dict[str, list[dict[str, Any]]]:
    """A file as one writes it by hand: readable ids, sections in any order, only some fields."""
    return {
        "actions": [
            {"id": "action:mou", "title": "MOU 초안 송부", "meeting_id": "meeting:g7-ised",
             "due_date": "2026-10-01", "due_precision": "month", "owner_id": "person:kim"},
        ],
        "key_points": [
            {"id": "kp:1", "meeting_id": "meeting:g7-ised", "seq": 1, "text": "AI 안전연구소 간 협력 강화"},
        ],
        "meetings": [
            {"id": "meeting:g7-ised", "title": "ISED 장관 면담", "trip_id": "trip:g7", "country_code": "CA",
             "date": "2025-12-08", "start_time": "09:35", "end_time": "10:05", "timezone": "America/Toronto"},
        ],
        "meeting_organizations": [{"meeting_id": "meeting:g7-ised", "organization_id": "org:ised"}],
        "trips": [
            {"id": "trip:g7", "title": "G7 디지털·기술 장관회의 출장", "start_date": "2025-12-06",
             "end_date": "2025-12-11"},
        ],
        "persons": [{"id": "person:kim", "name_ko": "김민준", "is_staff": True, "country_code": "KR"}],
        "organizations": [
            {"id": "org:ised", "name_ko": "혁신과학경제개발부", "country_code": "CA", "parent_id": "org:canada"},
            {"id": "org:canada", "name_ko": "캐나다 정부", "kind": "government", "country_code": "CA"},
        ],
    }  # fmt: skip


def test_readable_ids_become_the_same_uuids_in_every_database(db, other_db, tmp_path):
    for database in (db, other_db):
        seed_countries(database)
        import_json(database, write_doc(tmp_path / "hand.json", hand_written()))

    for database in (db, other_db):
        with database.read() as s:
            trip = s.get(Trip, rid("trip:g7"))
            meeting = s.get(Meeting, rid("meeting:g7-ised"))
            action = s.get(Action, rid("action:mou"))
            assert trip is not None and meeting is not None and action is not None
            assert meeting.trip_id == trip.id
            assert action.meeting_id == meeting.id and action.owner_id == rid("person:kim")
            assert s.get(Organization, rid("org:ised")).parent_id == rid("org:canada")
            assert [o.id for o in meeting.organizations] == [rid("org:ised")]
    # Written back out, the ids are plain UUIDs, the same in both databases.
    one, two = export_bytes(db, tmp_path / "one.json"), export_bytes(other_db, tmp_path / "two.json")
    assert str(rid("trip:g7")).encode() in one
    assert b"trip:g7" not in one

    def without_stamps(data: bytes) -> list[dict[str, Any]]:  # stamped at the time of each import
        return [
            {k: v for k, v in r.items() if not k.endswith("_at")}
            for r in json.loads(data)["records"]["meetings"]
        ]

    assert without_stamps(one) == without_stamps(two)


def test_importing_twice_duplicates_nothing_and_the_file_wins(db, tmp_path):
    seed_countries(db)
    records_ = hand_written()
    path = write_doc(tmp_path / "hand.json", records_)
    import_json(db, path)
    before = counts(db)

    import_json(db, path)
    assert counts(db) == before

    records_["meetings"][0]["title"] = "ISED 장관 면담 (수정)"
    records_["meetings"][0]["location"] = "Palais des congrès"
    records_["persons"][0]["is_staff"] = False
    import_json(db, write_doc(path, records_))
    assert counts(db) == before
    with db.read() as s:
        meeting = s.get(Meeting, rid("meeting:g7-ised"))
        assert (meeting.title, meeting.location) == ("ISED 장관 면담 (수정)", "Palais des congrès")
        assert s.get(Person, rid("person:kim")).is_staff is False


def test_importing_a_colleagues_export_merges(db, other_db, tmp_path):
    build_everything(db, tmp_path)
    seed_countries(other_db)
    mine = directory.create_person(other_db, {"name_ko": "이서연", "is_staff": True})
    before = counts(other_db)

    import_json(other_db, _export(db, tmp_path / "theirs.json"))

    after = counts(other_db)
    assert after["persons"] == before["persons"] + counts(db)["persons"]
    assert after["countries"] == before["countries"]  # the same codes: updated, not added
    assert records.get(other_db, Person, mine.id).name_ko == "이서연"


# --- rejections ----------------------------------------------------------------------------------


def _valid() -> dict[str, list[dict[str, Any]]]:
    """The records of the `populated` database with a title changed and a person added: beside
    its one defect, every bad file below carries these, and neither may land."""
    records_ = hand_written()
    records_["trips"][0]["title"] = "바뀐 제목"
    records_["persons"].append({"id": "person:new", "name_ko": "새 사람"})
    return records_


def _dumps(records_: dict[str, Any], **top: Any) -> str:
    doc = {"format": "tracker-interchange", "version": 1, "records": records_, **top}
    return json.dumps(doc, ensure_ascii=False, indent=1)


def _edit(fn):  # type: ignore[no-untyped-def]
    """A bad file made from the valid one by changing one thing."""

    def make() -> str:
        records_ = _valid()
        fn(records_)
        return _dumps(records_)

    return make


def _set(section: str, index: int, **fields: Any):  # type: ignore[no-untyped-def]
    return _edit(lambda r: r[section][index].update(fields))


def _delete(section: str, index: int, field: str):  # type: ignore[no-untyped-def]
    return _edit(lambda r: r[section][index].pop(field))


BAD_FILES = {
    "invalid JSON": (
        lambda: '{"format": "tracker-interchange",\n "version": 1,\n "records": {"trips": [}\n}',
        ["line 3, column 24", "not valid JSON"],
    ),
    "not UTF-8": (lambda: b'{"format": "tracker-interchange", "x": "\xff"}', ["not UTF-8"]),
    "not a tracker file": (lambda: json.dumps({"trips": []}), ["not a tracker interchange file"]),
    "a JSON list": (lambda: "[]", ["not a tracker interchange file"]),
    "wrong version": (lambda: _dumps(_valid(), version=2), ["unsupported version 2"]),
    "no records": (lambda: json.dumps({"format": "tracker-interchange", "version": 1}), ['"records" is missing']),
    "unknown section": (_edit(lambda r: r.update(meeting=[])), ["records.meeting: unknown section"]),
    "section not a list": (_edit(lambda r: r.update(trips={})), ["records.trips: must be a list"]),
    "record not an object": (_edit(lambda r: r["persons"].append("김민준")), ["records.persons[2]: must be an object"]),
    "unknown field": (
        _set("meetings", 0, titel="오타"),
        ["records.meetings[0] (id meeting:g7-ised): unknown field 'titel'"],
    ),
    "missing required field": (
        _delete("meetings", 0, "title"),
        ["records.meetings[0] (id meeting:g7-ised): title: this field is required"],
    ),
    "number where text": (_set("meetings", 0, title=42), ["records.meetings[0] (id meeting:g7-ised): title: expected text"]),
    "text where number": (_set("key_points", 0, seq="1"), ["records.key_points[0] (id kp:1): seq: expected a whole number"]),
    "text where true/false": (_set("persons", 0, is_staff="yes"), ["records.persons[0] (id person:kim): is_staff: expected true or false"]),
    "number out of range": (_set("key_points", 0, seq=2**40), ["records.key_points[0] (id kp:1): seq: out of range"]),
    "text too long": (_set("meetings", 0, title="가" * 301), ["records.meetings[0] (id meeting:g7-ised): title: longer than 300"]),
    "choice not allowed": (
        _set("meetings", 0, kind="dinner"),
        ["records.meetings[0] (id meeting:g7-ised): kind: not an allowed value: dinner", "bilateral"],
    ),
    "not a date": (
        _set("meetings", 0, date="2025-13-08"),
        ["records.meetings[0] (id meeting:g7-ised): date: Not a valid date: 2025-13-08"],
    ),
    "not a time": (_set("meetings", 0, start_time="9.35"), ["records.meetings[0] (id meeting:g7-ised): start_time: Not a valid time: 9.35"]),
    "a time with an offset": (_set("meetings", 0, start_time="09:35+09:00"), ["start_time: Not a valid time: 09:35+09:00"]),
    "month-precision date with a day": (
        _set("actions", 0, due_date="2026-10-15"),
        ["records.actions[0] (id action:mou)", "month-precision date cannot name a day: 2026-10-15"],
    ),
    "end before start": (
        _set("trips", 0, end_date="2025-12-01"),
        ["records.trips[0] (id trip:g7): end_date: The end (2025-12-01) is before the start (2025-12-06)"],
    ),
    "malformed country code": (_set("persons", 0, country_code="ca"), ["records.persons[0] (id person:kim): country_code: A country code must be two ISO 3166 letters (e.g. KR, CA): ca"]),
    "unknown country code": (
        _set("persons", 0, country_code="XX"),
        ["records.persons[0]: country_code: refers to a countries record that does not exist: XX"],
    ),
    "bad time zone": (
        _set("meetings", 0, timezone="America/Montreal_City"),
        ["records.meetings[0] (id meeting:g7-ised)", "Unknown time zone: America/Montreal_City"],
    ),
    "bad recurrence rule": (
        _edit(lambda r: r.update(channels=[{"id": "channel:x", "name_ko": "대화", "recurrence": "EVERY YEAR"}])),
        ["records.channels[0] (id channel:x)", "EVERY YEAR"],
    ),
    "reference to nothing": (
        _set("meetings", 0, trip_id="trip:nowhere"),
        [f"records.meetings[0]: trip_id: refers to a trips record that does not exist: {rid('trip:nowhere')}"],
    ),
    "empty id": (_set("persons", 0, id=" "), ["records.persons[0]", "id: an id must be non-empty text"]),
    "repeated keys": (
        _edit(lambda r: r["organizations"].append(dict(r["organizations"][1], name_ko="다른 이름"))),
        ["records.organizations[2] (id org:canada): repeated key: the same as records.organizations[1]"],
    ),
    "readable id repeating a UUID": (
        _edit(lambda r: r["persons"].append({"id": str(rid("person:kim")), "name_ko": "김민준"})),
        ["records.persons[2]", "repeated key: the same as records.persons[0]"],
    ),
    "repeated field name": (
        lambda: _dumps(_valid()).replace('"title": "ISED 장관 면담",', '"title": "ISED 장관 면담", "title": "다른 제목",'),
        ["records.meetings[0] (id meeting:g7-ised): title: given more than once"],
    ),
    "repeated section": (
        lambda: _dumps(_valid()).replace('"records": {', '"records": {"trips": [], ', 1),
        ["records: trips: given more than once"],
    ),
}  # fmt: skip


@pytest.fixture
def populated(db, tmp_path):
    """A database holding the hand-written records and more, so that a partial write would show."""
    seed_countries(db)
    import_json(db, write_doc(tmp_path / "base.json", _valid()))
    directory.create_person(db, {"name_ko": "이서연"})
    return db


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_whole(populated, tmp_path, case):
    make, expected = BAD_FILES[case]
    content = make()
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    before = export_bytes(populated, tmp_path / "before.json")

    with pytest.raises(ImportRejected) as info:
        import_json(populated, path)

    message = str(info.value)
    assert message.startswith("The import was rejected; the database is unchanged.")
    for part in expected:
        assert part in message
    assert export_bytes(populated, tmp_path / "after.json") == before


def test_all_problems_are_listed_not_just_the_first(populated, tmp_path):
    records_ = _valid()
    records_["meetings"][0]["kind"] = "dinner"
    records_["trips"][0]["end_date"] = "2025-12-01"
    records_["persons"][0]["emali"] = "kim@example.kr"
    with pytest.raises(ImportRejected) as info:
        import_json(populated, write_doc(tmp_path / "bad.json", records_))
    assert len(info.value.problems) == 3
    assert {p.split(" ")[0] for p in info.value.problems} == {
        "records.meetings[0]", "records.trips[0]", "records.persons[0]"}  # fmt: skip


def test_korean_messages(populated, tmp_path):
    i18n.set_language("ko")
    records_ = _valid()
    records_["meetings"][0]["titel"] = "오타"
    records_["persons"][0]["name_ko"] = 7
    with pytest.raises(ImportRejected) as info:
        import_json(populated, write_doc(tmp_path / "bad.json", records_))
    message = str(info.value)
    assert message.startswith("가져오기를 거부했습니다. 데이터베이스는 바뀌지 않았습니다.")
    assert "records.meetings[0] (id meeting:g7-ised): 알 수 없는 항목 'titel'" in message
    assert "records.persons[0] (id person:kim): name_ko: 텍스트여야 합니다" in message

    (tmp_path / "broken.json").write_text(
        '{"format": "tracker-interchange",\n "version": 1,,\n}', encoding="utf-8"
    )
    with pytest.raises(ImportRejected) as info:
        import_json(populated, tmp_path / "broken.json")
    assert "2행 15열: JSON 문법 오류" in str(info.value)


@pytest.mark.parametrize("defect", ["unknown field", "reference to nothing"])
def test_only_the_last_record_of_the_last_section_bad_writes_nothing(db, other_db, tmp_path, defect):
    """Checked whole before any write, and written in one transaction: earlier sections of a
    file must not land when the very last record is refused."""
    build_everything(db, tmp_path)
    doc = json.loads(export_bytes(db, tmp_path / "full.json"))
    last_section = list(doc["records"])[-1]
    last = doc["records"][last_section][-1]
    if defect == "unknown field":
        last["topic"] = "인공지능"
        expected = f"records.{last_section}[{len(doc['records'][last_section]) - 1}]: unknown field 'topic'"
    else:
        last["topic_id"] = "topic:nowhere"
        expected = (
            f"records.{last_section}[{len(doc['records'][last_section]) - 1}]: topic_id: refers to a topics"
        )
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(ImportRejected) as info:
        import_json(other_db, path)

    assert info.value.problems == [info.value.problems[0]] and expected in info.value.problems[0]
    assert set(counts(other_db).values()) == {0}


def test_a_failure_while_writing_rolls_everything_back(db, other_db, tmp_path, monkeypatch):
    build_everything(db, tmp_path)
    export_json(db, tmp_path / "full.json")
    real_write = interchange._write
    written: list[str] = []

    def write_then_fail(conn, section, overwrite, changes):  # type: ignore[no-untyped-def]
        real_write(conn, section, overwrite, changes)
        written.append(section.table.name)
        if section.table.name == "actions":  # most of the file is in the database by now
            raise sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(interchange, "_write", write_then_fail)
    published: list[object] = []
    other_db.subscribe(published.append)
    with pytest.raises(sa.exc.OperationalError):
        import_json(other_db, tmp_path / "full.json")

    assert "meetings" in written and "countries" in written
    assert set(counts(other_db).values()) == {0}
    assert published == []  # no one is told about changes that did not happen


def test_import_publishes_what_changed(populated, tmp_path):
    seen = []
    populated.subscribe(seen.append)
    records_ = _valid()
    records_["trips"][0]["title"] = "다시 바뀐 제목"  # `populated` holds the first change already
    records_["topics"] = [{"id": "topic:ai", "name_ko": "인공지능"}]
    import_json(populated, write_doc(tmp_path / "f.json", records_))
    [changes] = seen
    assert rid("topic:ai") in changes.created["topics"]
    assert rid("trip:g7") in changes.updated["trips"]


# --- the export is written atomically -------------------------------------------------------------


OLD = '{"format": "tracker-interchange", "version": 1, "records": {}}\n'


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_failed_export_leaves_the_previous_file_untouched(db, tmp_path, monkeypatch):
    build_everything(db, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "tracker.json"
    dest.write_text(OLD, encoding="utf-8")
    real_dumps = json.dumps
    calls = 0

    def dumps_until_the_disk_is_full(*args, **kwargs):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        if calls > 200:  # the countries are written, the rest is not
            raise OSError(28, "No space left on device")
        return real_dumps(*args, **kwargs)

    monkeypatch.setattr(interchange.json, "dumps", dumps_until_the_disk_is_full)
    with pytest.raises(OSError, match="No space left"):
        export_json(db, dest)
    monkeypatch.undo()

    assert calls > 200
    assert dest.read_text(encoding="utf-8") == OLD
    assert leftovers(out) == []
    assert sorted(p.name for p in out.iterdir()) == ["tracker.json"]


@pytest.mark.parametrize("failure", ["fsync", "rename", "interrupt"])
def test_export_failing_at_the_end_keeps_the_old_file(db, tmp_path, monkeypatch, failure):
    seed_countries(db)
    out = tmp_path / "out"
    out.mkdir()
    dest = out / "tracker.json"
    dest.write_text(OLD, encoding="utf-8")

    def fail(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise KeyboardInterrupt if failure == "interrupt" else OSError(5, "Input/output error")

    target = {"fsync": "fsync", "rename": "replace", "interrupt": "fsync"}[failure]
    monkeypatch.setattr(os, target, fail)
    with pytest.raises(KeyboardInterrupt if failure == "interrupt" else OSError):
        export_json(db, dest)
    monkeypatch.undo()

    assert dest.read_text(encoding="utf-8") == OLD
    assert leftovers(out) == []


def test_export_onto_a_folder_fails_cleanly(db, tmp_path):
    (tmp_path / "taken.json").mkdir()
    with pytest.raises(OSError):
        export_json(db, tmp_path / "taken.json")
    assert (tmp_path / "taken.json").is_dir()
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_export_is_private_and_a_replaced_one_keeps_its_permissions(db, tmp_path):
    old_mask = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        export_json(db, new)
        assert stat.S_IMODE(new.stat().st_mode) == 0o600  # records about people: the owner's only
        kept = tmp_path / "kept.json"
        kept.write_text(OLD, encoding="utf-8")
        kept.chmod(0o640)
        export_json(db, kept)
        assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    finally:
        os.umask(old_mask)


def test_export_lines_end_with_lf(db, tmp_path):
    seed_countries(db)
    data = export_bytes(db, tmp_path / "x.json")
    assert b"\r" not in data and data.endswith(b"}}\n")
    assert json.loads(data)["records"]["countries"][0]["code"] == "AD"


def test_key_point_text_keeps_quotes_backslashes_and_newlines(db, other_db, tmp_path):
    ids = build_everything(db, tmp_path)
    import_json(other_db, _export(db, tmp_path / "x.json"))
    with other_db.read() as s:
        texts = s.scalars(
            sa.select(KeyPoint.text).where(KeyPoint.meeting_id == ids["meeting"]).order_by(KeyPoint.seq)
        )
        assert list(texts) == ['AI 안전 협력 "강화" \\ 합의', "후속 회의\n개최"]


def test_reimport_without_timestamps_keeps_creation_time_and_version(db):
    """A hand-written file (the demo data) imported again must not rewrite a record's history:
    nothing in it changed, so nothing is written (a changed record gets the next version:
    tests/export/test_import_never_backwards.py)."""
    import time

    import sqlalchemy as sa

    from tracker.export.demo import load_demo

    load_demo(db)
    with db.engine.connect() as conn:
        created, version = conn.execute(sa.text("select created_at, version from trips")).one()
    time.sleep(0.01)
    load_demo(db)
    with db.engine.connect() as conn:
        created2, version2 = conn.execute(sa.text("select created_at, version from trips")).one()
    assert created2 == created
    assert version2 == version
