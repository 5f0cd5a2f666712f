"""The command line, as an officer or an administrator uses it: create, fill, export, import,
back up and check a database, and get told plainly when something is wrong."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest

from tracker import __version__, config
from tracker.cli import main
from tracker.db.models import Trip
from tracker.db.store import open_database
from tracker.services import directory, meetings, records, trips
from tracker.services.attachments import add_attachment, attachments_dir
from tracker.services.countries import reference_countries

N_COUNTRIES = len(reference_countries())
TABLES = ("countries", "organizations", "persons", "trips", "meetings", "key_points", "actions")


# --- helpers -------------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def rows(path: Path, table: str) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def fill(path: Path, tmp_path: Path) -> None:
    """A database with a trip, a meeting with key points, and a photo."""
    db, _ = open_database(config.sqlite_url(path))
    try:
        ised = directory.create_organization(db, {"name_ko": "혁신과학경제개발부", "acronym": "ISED"})
        kim = directory.create_person(db, {"name_ko": "김민준", "is_staff": True})
        trip = trips.create_trip(
            db, {"title": "G7 디지털·기술 장관회의 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)},
            members=[{"person_id": kim.id, "title": "과장"}])  # fmt: skip
        meeting = meetings.create_meeting(
            db, {"title": "ISED 장관 면담", "trip_id": trip.id, "date": date(2025, 12, 8), "start_time": time(9, 35),
                 "timezone": "America/Toronto"},
            key_points=["AI 안전 협력", "후속 회의 개최"], organization_ids=[ised.id])  # fmt: skip
        photo = tmp_path / "photo.jpg"
        photo.write_bytes(b"\xff\xd8 photo")
        add_attachment(db, photo, meeting_id=meeting.id)
    finally:
        db.dispose()


@pytest.fixture
def dbfile(tmp_path, capsys):
    """An initialised database file with some records."""
    path = tmp_path / "tracker.sqlite3"
    assert run(capsys, "--db", path, "init")[0] == 0
    fill(path, tmp_path)
    return path


# --- init and choosing the database --------------------------------------------------------------


def test_init_creates_the_database_and_seeds_countries(tmp_path, capsys):
    path = tmp_path / "new" / "tracker.sqlite3"
    code, out, _ = run(capsys, "--db", path, "init")
    assert code == 0
    assert path.exists()
    assert f"({N_COUNTRIES} countries added)" in out
    assert rows(path, "countries") == N_COUNTRIES

    code, out, _ = run(capsys, "--db", path, "init")  # again: nothing added twice
    assert code == 0 and "(0 countries added)" in out
    assert rows(path, "countries") == N_COUNTRIES


def test_without_db_the_database_is_in_the_data_folder(tmp_path, capsys):
    assert run(capsys, "init")[0] == 0
    assert (Path(os.environ["TRACKER_DATA_DIR"]) / "tracker.sqlite3").exists()


def test_database_url_environment_variable_selects_the_database(tmp_path, capsys, monkeypatch):
    chosen = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("TRACKER_DATABASE_URL", f"sqlite:///{chosen}")
    assert run(capsys, "init")[0] == 0
    assert rows(chosen, "countries") == N_COUNTRIES
    assert not (Path(os.environ["TRACKER_DATA_DIR"]) / "tracker.sqlite3").exists()

    plain = tmp_path / "plain-path.sqlite3"  # a path works as well as a URL
    monkeypatch.setenv("TRACKER_DATABASE_URL", str(plain))
    assert run(capsys, "init")[0] == 0
    assert plain.exists()

    wins = tmp_path / "from-option.sqlite3"  # --db wins over the variable
    assert run(capsys, "--db", wins, "init")[0] == 0
    assert wins.exists()
    assert rows(plain, "countries") == N_COUNTRIES


def test_a_database_url_of_an_unknown_kind_is_refused_plainly(capsys):
    code, _, err = run(capsys, "--db", "nosuchdb://somewhere/x", "check")
    assert code == 2
    assert "The database cannot be opened" in err and "nosuchdb" in err
    assert "Traceback" not in err


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"tracker {__version__}"


# --- demo data --------------------------------------------------------------------------------------


def test_demo_loads_the_demo_data(tmp_path, capsys):
    path = tmp_path / "demo.sqlite3"
    code, out, err = run(capsys, "--db", path, "demo")
    assert code == 0, err
    assert "demo records" in out
    assert rows(path, "countries") == N_COUNTRIES
    if (config.RESOURCES_DIR / "demo" / "g7_montreal_2025.json").exists():
        with sqlite3.connect(path) as conn:
            titles = [t for (t,) in conn.execute("SELECT title FROM trips")]
        assert any("G7" in t for t in titles), titles
    before = {t: rows(path, t) for t in TABLES}

    assert run(capsys, "--db", path, "demo")[0] == 0  # loading again updates, never duplicates
    assert {t: rows(path, t) for t in TABLES} == before


# --- export and import ------------------------------------------------------------------------------


def test_export_then_import_into_another_database_round_trips(dbfile, tmp_path, capsys):
    out_file = tmp_path / "x.json"
    code, out, _ = run(capsys, "--db", dbfile, "export", out_file)
    assert code == 0
    assert re.search(r"Exported [\d,]+ records to .*x\.json", out)
    assert json.loads(out_file.read_text(encoding="utf-8"))["format"] == "tracker-interchange"

    other = tmp_path / "other.sqlite3"
    code, out, _ = run(capsys, "--db", other, "import", out_file)
    assert code == 0
    assert re.search(r"Imported [\d,]+ records from .*x\.json", out)
    for table in TABLES:
        assert rows(other, table) == rows(dbfile, table), table

    assert run(capsys, "--db", other, "export", tmp_path / "y.json")[0] == 0
    assert (tmp_path / "y.json").read_bytes() == out_file.read_bytes()


@pytest.mark.parametrize(
    ("command", "name", "shown"),
    [("export", "x.docx", ".docx"), ("import", "x.yaml", ".yaml"), ("export", "noextension", "noextension")],
)
def test_unsupported_formats_are_refused(dbfile, tmp_path, capsys, command, name, shown):
    target = tmp_path / name
    if command == "import":
        target.write_text("records: []\n", encoding="utf-8")
    before = digest(dbfile)
    code, out, err = run(capsys, "--db", dbfile, command, target)
    assert code == 1
    assert f"Unsupported file format: {shown}" in err
    assert out == ""
    if command == "export":
        assert not target.exists()
    assert digest(dbfile) == before


def test_importing_a_malformed_file_prints_the_reasons_and_changes_nothing(dbfile, tmp_path, capsys):
    good = tmp_path / "good.json"
    assert run(capsys, "--db", dbfile, "export", good)[0] == 0
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["records"]["trips"][0]["title"] = "바뀐 제목"  # would change a record ...
    doc["records"]["persons"].append({"id": "person:new", "name_ko": "새 사람"})  # ... and add one
    doc["records"]["meetings"][0]["kind"] = "dinner"  # but two records are bad
    doc["records"]["key_points"][-1]["txet"] = "오타"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    code, out, err = run(capsys, "--db", dbfile, "import", bad)

    assert code == 1
    assert "The import was rejected; the database is unchanged." in err
    assert "records.meetings[0]" in err and "kind: not an allowed value: dinner" in err
    assert (
        f"records.key_points[{len(doc['records']['key_points']) - 1}]" in err
        and "unknown field 'txet'" in err
    )
    assert run(capsys, "--db", dbfile, "export", tmp_path / "after.json")[0] == 0
    assert (tmp_path / "after.json").read_bytes() == good.read_bytes()


def test_importing_broken_json_names_the_line_and_column(dbfile, tmp_path, capsys):
    bad = tmp_path / "broken.json"
    bad.write_text('{"format": "tracker-interchange",\n "version": 1\n "records": {}}', encoding="utf-8")
    code, _, err = run(capsys, "--db", dbfile, "import", bad)
    assert code == 1
    assert "line 3, column 2: not valid JSON" in err


def test_importing_a_missing_file_fails_cleanly(dbfile, tmp_path, capsys):
    code, _, err = run(capsys, "--db", dbfile, "import", tmp_path / "nowhere.json")
    assert code == 1
    assert "nothing was changed" in err and "nowhere.json" in err


# --- backup -----------------------------------------------------------------------------------------


def test_backup_makes_a_readable_copy_with_the_same_rows(dbfile, tmp_path, capsys):
    dest = tmp_path / "backups" / "copy.sqlite3"
    code, out, _ = run(capsys, "--db", dbfile, "backup", dest)
    assert code == 0
    assert f"Backed up and verified: {dest}" in out
    with sqlite3.connect(dest) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for table in TABLES:
        assert rows(dest, table) == rows(dbfile, table), table
    # The copy is a tracker database in its own right.
    assert run(capsys, "--db", dest, "export", tmp_path / "from-copy.json")[0] == 0
    assert run(capsys, "--db", dbfile, "export", tmp_path / "from-original.json")[0] == 0
    assert (tmp_path / "from-copy.json").read_bytes() == (tmp_path / "from-original.json").read_bytes()


def test_backup_into_a_folder_makes_a_timestamped_file(dbfile, tmp_path, capsys):
    folder = tmp_path / "backups"
    folder.mkdir()
    assert run(capsys, "--db", dbfile, "backup", folder)[0] == 0
    [made] = list(folder.iterdir())
    assert re.fullmatch(r"tracker-backup-\d{8}-\d{6}-\d{6}\.sqlite3", made.name)
    assert rows(made, "meetings") == rows(dbfile, "meetings") == 1


def test_backup_to_json_writes_the_interchange_file(dbfile, tmp_path, capsys):
    dest = tmp_path / "backup.json"
    assert run(capsys, "--db", dbfile, "backup", dest)[0] == 0
    doc = json.loads(dest.read_text(encoding="utf-8"))
    assert len(doc["records"]["meetings"]) == 1


# --- check ------------------------------------------------------------------------------------------


def test_check_passes_on_a_good_database(dbfile, capsys):
    code, out, err = run(capsys, "--db", dbfile, "check")
    assert code == 0, err
    assert re.search(r"Schema version: (\S+) \(current: \1\)", out)
    assert f"countries: {N_COUNTRIES}" in out and "meetings: 1" in out
    assert "Check: all good." in out


def test_check_finds_a_broken_reference(dbfile, capsys):
    with sqlite3.connect(dbfile) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("UPDATE persons SET country_code = 'ZZ'")
        conn.execute("DELETE FROM trips")  # its members and meetings now point at nothing
    code, out, err = run(capsys, "--db", dbfile, "check")
    assert code != 0
    assert "refers to a missing countries record" in err
    assert "refers to a missing trips record" in err
    assert "Check: problems found." in err
    assert "all good" not in out


def test_check_finds_a_missing_attachment(dbfile, capsys):
    db, _ = open_database(config.sqlite_url(dbfile))
    try:
        folder = attachments_dir(db)
    finally:
        db.dispose()
    for stored in folder.rglob("*.jpg"):
        stored.unlink()
    code, _, err = run(capsys, "--db", dbfile, "check")
    assert code == 1
    assert "attachment missing: photo.jpg" in err


def test_the_module_entry_point_runs_the_command_line(dbfile, tmp_path):
    env = dict(os.environ, TRACKER_LANG="en")
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "--db", str(dbfile), "check"],
        capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Check: all good." in proc.stdout


# --- a damaged file or someone else's database ---------------------------------------------------------


@pytest.mark.parametrize(
    "command", [["check"], ["init"], ["export", "x.json"], ["import", "x.json"], ["backup", "b"]]
)
def test_a_damaged_file_is_reported_and_left_alone(tmp_path, capsys, command):
    path = tmp_path / "damaged.sqlite3"
    path.write_bytes(os.urandom(200) + b"\x00" * 3900 + os.urandom(96))
    before = digest(path)
    (tmp_path / "x.json").write_text(
        '{"format": "tracker-interchange", "version": 1, "records": {}}', encoding="utf-8"
    )

    code, _, err = run(
        capsys, "--db", path, *[str(tmp_path / a) if "." in a or a == "b" else a for a in command]
    )

    assert code == (1 if command == ["check"] else 2)  # finding damage is what check is for
    assert "the file is damaged or not a tracker database" in err
    assert "Traceback" not in err
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["damaged.sqlite3", "x.json"]


def test_someone_elses_sqlite_database_is_refused(tmp_path, capsys):
    path = tmp_path / "other.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE budget (year INTEGER, amount INTEGER)")
        conn.execute("INSERT INTO budget VALUES (2025, 100)")
    conn.close()
    code, _, err = run(capsys, "--db", path, "init")
    assert code == 2
    assert "not made by tracker" in err
    with sqlite3.connect(path) as conn:  # nothing of tracker's was put into it
        assert conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall() == [("budget",)]
        assert conn.execute("SELECT * FROM budget").fetchall() == [(2025, 100)]
    conn.close()


# --- Korean -----------------------------------------------------------------------------------------


def test_lang_ko_gives_korean_output(dbfile, tmp_path, capsys):
    code, out, _ = run(capsys, "--lang", "ko", "--db", tmp_path / "new.sqlite3", "init")
    assert code == 0 and "데이터베이스 준비 완료" in out and f"국가 {N_COUNTRIES}개 추가" in out

    code, out, _ = run(capsys, "--lang", "ko", "--db", dbfile, "check")
    assert code == 0 and "스키마 버전" in out and "점검 결과: 이상 없음." in out

    code, _, err = run(capsys, "--lang", "ko", "--db", dbfile, "export", tmp_path / "x.docx")
    assert code == 1 and "지원하지 않는 파일 형식입니다: .docx" in err

    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "tracker-interchange", "version": 1, "records": {"trip": []}}', encoding="utf-8"
    )
    code, _, err = run(capsys, "--lang", "ko", "--db", dbfile, "import", bad)
    assert code == 1 and "가져오기를 거부했습니다" in err and "records.trip: 알 수 없는 항목" in err

    damaged = tmp_path / "damaged.sqlite3"
    damaged.write_bytes(b"\x13\x37" * 2048)
    code, _, err = run(capsys, "--lang", "ko", "--db", damaged, "check")
    assert code == 1 and "파일이 손상되었거나 tracker 데이터베이스가 아닙니다" in err


def test_lang_ko_help_is_korean(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "ko", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "국제협력 업무 기록" in out and "데이터베이스 백업" in out


def test_an_unknown_language_is_refused(capsys):
    with pytest.raises(SystemExit) as info:
        main(["--lang", "fr", "check"])
    assert info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_records_added_through_the_cli_are_visible_to_the_services(dbfile):
    db, _ = open_database(config.sqlite_url(dbfile))
    try:
        [trip] = records.list_all(db, Trip)
        assert trip.title.startswith("G7")
    finally:
        db.dispose()


def test_export_and_import_ics_by_extension(tmp_path, capsys):
    from tracker.cli import main

    db1, db2, ics = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3", tmp_path / "cal.ics"
    assert main(["--db", str(db1), "demo"]) == 0
    assert main(["--db", str(db1), "export", str(ics)]) == 0
    text = ics.read_text(encoding="utf-8")
    assert "BEGIN:VCALENDAR" in text and "TZID=America/Toronto" in text
    capsys.readouterr()
    assert main(["--db", str(db2), "import", str(ics)]) == 0
    assert capsys.readouterr().out.strip()
    bad = tmp_path / "bad.ics"
    bad.write_text("BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT\n", encoding="utf-8")
    assert main(["--db", str(db2), "import", str(bad)]) == 1
