"""One policy for control characters, NUL and broken characters, on every input path and on
both databases: the same text is stored on SQLite and on PostgreSQL (which refuses NUL)."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa

from tracker.db.base import Base
from tracker.db.models import Event, Organization
from tracker.db.store import open_database
from tracker.db.types import MultiLine, SingleLine
from tracker.domain.errors import ValidationError
from tracker.domain.text import clean_text
from tracker.export.icalendar_io import import_ics
from tracker.export.interchange import export_json, import_json
from tracker.export.spreadsheet import ORGANIZATIONS, import_file, read_table
from tracker.services import directory

# What a pasted or imported text may hold: NUL, vertical tab, SOH, NEL, a Windows line end.
NAME = "가\x00나\x0b다\x01라\x85마\r\n바"
NOTES = "a\x00b\x0bc\x01d\x85e\r\nf\tg"
# What is stored: a name is one line; notes keep LF and TAB; the rest is gone.
NAME_STORED = "가나 다라 마 바"
NOTES_STORED = "ab\ncd\ne\nf\tg"


# --- the policy itself ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "multiline", "stored"),
    [
        ("plain text", False, "plain text"),
        ("줄\r\n바꿈\r끝", True, "줄\n바꿈\n끝"),
        ("page\x0cbreak\u2028line\u2029para", True, "page\nbreak\nline\npara"),
        ("nul\x00 del\x7f c1\x9b bell\x07 esc\x1b", True, "nul del c1 bell esc"),
        ("tab\tkept", True, "tab\tkept"),
        ("이름\t\r\n  둘째 줄", False, "이름 둘째 줄"),
        ("\ufeffbom stays, \ufffe\uffff go", True, "\ufeffbom stays,  go"),
        ("\u1100\u1161\u11a8", False, "각"),  # conjoining jamo (macOS) become one syllable
        ("e\u0301\x00", False, "é"),  # NFC after the control is gone
    ],
)
def test_the_text_policy(text, multiline, stored):
    assert clean_text(text, multiline=multiline) == stored


def test_a_lone_surrogate_is_refused_naming_the_field_and_place():
    with pytest.raises(ValidationError) as caught:
        clean_text("ab\ud800c", multiline=True, field="notes")
    assert caught.value.field == "notes"
    assert str(caught.value) == "notes: character 3 is broken (U+D800, an unpaired surrogate)."


def test_every_text_column_of_every_table_keeps_the_policy():
    plain = [
        f"{t.name}.{c.name}"
        for t in Base.metadata.tables.values()
        for c in t.columns
        if isinstance(c.type, sa.String) and not isinstance(c.type, sa.Enum)
    ]
    assert plain == []
    assert isinstance(Organization.__table__.c.name_ko.type, SingleLine)
    assert isinstance(Organization.__table__.c.notes.type, MultiLine)
    assert Organization.__table__.c.name_ko.type.length == 200


# --- every input path, on both databases ----------------------------------------------------


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'policy.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server").new_database()
    database, _ = open_database(url)
    yield database
    database.dispose()


def _stored(db, model, **where):
    with db.read() as s:
        obj = s.scalars(sa.select(model).filter_by(**where)).one()
        return obj


def test_editor_payload(any_db):
    org = directory.create_organization(any_db, {"name_ko": NAME, "notes": NOTES})
    stored = _stored(any_db, Organization, id=org.id)
    assert (stored.name_ko, stored.notes) == (NAME_STORED, NOTES_STORED)
    assert (org.name_ko, org.notes) == (NAME_STORED, NOTES_STORED)  # what the editor shows back


def test_editor_payload_with_a_broken_character_is_refused_and_nothing_stored(any_db):
    with pytest.raises(ValidationError) as caught:
        directory.create_organization(any_db, {"name_ko": "외교부", "notes": "x\udc80"})
    assert caught.value.field == "notes"
    with any_db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_a_write_that_skips_the_services_is_cleaned_too(any_db):
    """Core inserts (as the JSON import makes) and ORM objects built by hand pass the column
    types: NUL never reaches PostgreSQL, and SQLite stores the same."""
    with any_db.transaction() as s:
        s.execute(sa.insert(Organization.__table__), [{"name_ko": NAME, "notes": NOTES, "kind": "other"}])
    with any_db.transaction() as s:
        s.add(Event(name_ko=NAME, summary=NOTES, start_date=_day(), end_date=_day()))
    assert _stored(any_db, Organization, name_ko=NAME_STORED).notes == NOTES_STORED
    assert _stored(any_db, Event, name_ko=NAME_STORED).summary == NOTES_STORED
    # a query with the raw text finds the record: parameters are cleaned the same way
    assert _stored(any_db, Organization, name_ko=NAME).notes == NOTES_STORED


def _day():
    from datetime import date

    return date(2026, 3, 1)


def test_json_import(any_db, tmp_path):
    doc = {
        "format": "tracker-interchange",
        "version": 1,
        "records": {"organizations": [{"id": "org:x", "name_ko": NAME, "notes": NOTES}]},
    }
    path = tmp_path / "in.json"
    path.write_text(json.dumps(doc, ensure_ascii=True), encoding="utf-8")
    import_json(any_db, path)
    stored = _stored(any_db, Organization)
    assert (stored.name_ko, stored.notes) == (NAME_STORED, NOTES_STORED)


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def test_csv_import(any_db, tmp_path):
    path = tmp_path / "orgs.csv"
    body = "기관명,비고\r\n" + _csv_field(NAME) + "," + _csv_field(NOTES) + "\r\n"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode("utf-8"))  # Excel's "CSV UTF-8"
    import_file(any_db, ORGANIZATIONS, path)
    stored = _stored(any_db, Organization)
    assert (stored.name_ko, stored.notes) == (NAME_STORED, NOTES_STORED)


def _xlsx_with_controls(path: Path) -> Path:
    """A workbook as Excel writes one whose cells hold control characters: Excel escapes
    them in the XML as _xHHHH_ (XML itself cannot hold them)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["기관명", "비고"])
    ws.append(["NAME_HERE", "NOTES_HERE"])
    wb.save(path)

    def escaped(text: str) -> str:
        return "".join(
            f"_x{ord(ch):04X}_" if ord(ch) < 32 and ch not in "\t\n" or ch == "\x85" else ch for ch in text
        )

    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace("NAME_HERE", escaped(NAME)).replace("NOTES_HERE", escaped(NOTES))
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return path


def test_xlsx_import(any_db, tmp_path):
    path = _xlsx_with_controls(tmp_path / "orgs.xlsx")
    cell = read_table(path).rows[0][0]
    assert "\x00" in cell and "\x0b" in cell and "_x" not in cell  # Excel's escapes read back
    import_file(any_db, ORGANIZATIONS, path)
    stored = _stored(any_db, Organization)
    assert (stored.name_ko, stored.notes) == (NAME_STORED, NOTES_STORED)


def test_ics_import(any_db, tmp_path):
    def ics_text(text: str) -> str:  # a line break in iCalendar text is written \n
        return text.replace("\r\n", "\\n")

    path = tmp_path / "cal.ics"
    path.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:policy-1\r\n"
        f"SUMMARY:{ics_text(NAME)}\r\nDESCRIPTION:{ics_text(NOTES)}\r\n"
        "DTSTART;VALUE=DATE:20260301\r\nDTEND;VALUE=DATE:20260303\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
        newline="",
    )
    import_ics(any_db, path)
    stored = _stored(any_db, Event)
    assert (stored.name_ko, stored.summary) == (NAME_STORED, NOTES_STORED)


def test_an_old_sqlite_database_with_nul_moves_to_the_team_server(tmp_path, postgres_server):
    """Text stored before the policy (NUL kept by SQLite) is cleaned on the way to PostgreSQL."""
    old, _ = open_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    org = directory.create_organization(old, {"name_ko": "외교부"})
    old.dispose()
    with sqlite3.connect(tmp_path / "old.sqlite3") as raw:  # as an older version stored it
        raw.execute("UPDATE organizations SET notes = ? WHERE id = ?", (NOTES, org.id.hex))
    old, _ = open_database(f"sqlite:///{tmp_path / 'old.sqlite3'}")
    assert _stored(old, Organization).notes == NOTES
    export_json(old, tmp_path / "all.json")
    old.dispose()
    team, _ = open_database(postgres_server.new_database())
    import_json(team, tmp_path / "all.json")
    assert _stored(team, Organization).notes == NOTES_STORED
    team.dispose()
