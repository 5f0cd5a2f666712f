"""An attachment record can only ever lead to a plain file inside the attachment store.

An interchange file may carry an attachment's checksum name, never a path: an absolute or `../`
name would make a report embed any local file, and /dev/zero would hang `tracker check`.
Databases that took such a record before are read safely too: reports leave it out and
`tracker check` names it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
import sys
import threading
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Attachment
from tracker.domain import i18n
from tracker.export.interchange import ImportRejected, export_json, import_json
from tracker.export.report import write_report
from tracker.export.report.builder import build_report
from tracker.services import meetings, trips
from tracker.services.attachments import (
    UnsafeAttachment,
    add_attachment,
    attachment_path,
    attachments_dir,
    verify_attachments,
)
from tracker.services.countries import seed_countries

SECRET = b"\x89PNG\r\n\x1a\n-- the officer's private key --"
PHOTO = b"\x89PNG\r\n\x1a\n-- a real photo of the meeting --"


@pytest.fixture
def trip(db: Database, tmp_path: Path) -> dict[str, uuid.UUID]:
    seed_countries(db)
    t = trips.create_trip(
        db, {"title": "G7 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    m = meetings.create_meeting(db, {"kind": "bilateral", "title": "한-캐나다 면담", "trip_id": t.id,
                                     "country_code": "CA", "date": date(2025, 12, 8)})  # fmt: skip
    photo = tmp_path / "기념사진.png"
    photo.write_bytes(PHOTO)
    add_attachment(db, photo, meeting_id=m.id)
    return {"trip": t.id, "meeting": m.id}


def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "outside" / "secret.png"
    path.parent.mkdir()
    path.write_bytes(SECRET)
    return path


def plant(db: Database, meeting_id: uuid.UUID, stored_name: str, filename: str = "evil.png") -> None:
    """An attachment row as an import before this fix would have written it."""
    with db.engine.begin() as conn:
        conn.execute(sa.insert(Attachment.__table__).values(
            id=uuid.uuid4(), meeting_id=meeting_id, seq=9, filename=filename, stored_name=stored_name,
            sha256="0" * 64, size=1, media_type="image/png"))  # fmt: skip


def hostile_names(db: Database, tmp_path: Path) -> dict[str, str]:
    secret = secret_file(tmp_path)
    store = attachments_dir(db)
    link = store / "ab" / "link.png"
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    climb = os.path.relpath(secret, store)
    assert climb.startswith("..")
    return {"absolute": str(secret), "climbing": climb, "symlink": "ab/link.png"}


# --- reading: one resolver for every file an attachment record names ---------------------------


@pytest.mark.parametrize("kind", ["absolute", "climbing", "symlink"])
def test_a_report_never_embeds_a_file_outside_the_store(db, trip, tmp_path, kind):
    plant(db, trip["meeting"], hostile_names(db, tmp_path)[kind])
    html = write_report(build_report(db, trip["trip"]), tmp_path / "report.html").read_text(encoding="utf-8")
    assert base64.b64encode(PHOTO).decode() in html  # the real photo is still there
    assert base64.b64encode(SECRET).decode() not in html


def test_markdown_report_links_no_file_outside_the_store(db, trip, tmp_path):
    plant(db, trip["meeting"], hostile_names(db, tmp_path)["absolute"])
    text = write_report(build_report(db, trip["trip"]), tmp_path / "report.md").read_text(encoding="utf-8")
    assert "secret.png" not in text
    assert "tracker-attachments" in text or "attachments" in text


@pytest.mark.parametrize("kind", ["absolute", "climbing", "symlink"])
def test_the_resolver_refuses_every_way_out_of_the_store(db, trip, tmp_path, kind):
    plant(db, trip["meeting"], hostile_names(db, tmp_path)[kind])
    with db.read() as s:
        att = s.scalars(sa.select(Attachment).where(Attachment.filename == "evil.png")).one()
    with pytest.raises(UnsafeAttachment) as info:
        attachment_path(db, att)
    assert "evil.png" in str(info.value) and "outside" in str(info.value)
    i18n.set_language("ko")
    assert "보관 폴더 밖" in info.value.message()


def test_check_names_an_attachment_pointing_at_a_device_and_does_not_hang(db, trip, tmp_path):
    plant(db, trip["meeting"], "/dev/zero", filename="zero.png")
    plant(db, trip["meeting"], "../../etc/passwd", filename="passwd.png")
    path = db.sqlite_path
    db.dispose()
    proc = subprocess.run(
        [sys.executable, "-m", "tracker", "--lang", "en", "--db", str(path), "check"],
        capture_output=True, text=True, encoding="utf-8", timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1
    assert "attachment 'zero.png'" in proc.stderr and "outside the attachment folder" in proc.stderr
    assert "attachment 'passwd.png'" in proc.stderr


def test_a_device_inside_the_store_is_not_read(db, trip):
    """Even a name that stays inside the store must be a regular file (a FIFO would block)."""
    fifo = attachments_dir(db) / "ab" / "pipe.png"
    fifo.parent.mkdir(exist_ok=True)
    os.mkfifo(fifo)
    plant(db, trip["meeting"], "ab/pipe.png", filename="pipe.png")
    found: list[list[str]] = []
    reader = threading.Thread(target=lambda: found.append(verify_attachments(db)), daemon=True)
    reader.start()
    reader.join(30)  # reading a pipe would wait for a writer for ever
    assert found, "verify_attachments hung on a pipe"
    problems = found[0]
    assert any("'pipe.png' is not a regular file" in p for p in problems), problems


def test_a_good_store_still_checks_clean(db, trip):
    assert verify_attachments(db) == []


# --- importing: only the checksum's name -------------------------------------------------------


def _doc_with(db: Database, tmp_path: Path, stored_name: str) -> Path:
    path = tmp_path / "export.json"
    export_json(db, path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["records"]["attachments"][0]["stored_name"] = stored_name
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("stored_name", [
    "/etc/passwd", "../../../../etc/passwd", "/dev/zero", "ab/../../secret.png", "C:\\Windows\\win.ini",
    "ab/link.png", "00/" + "0" * 64 + ".png",
])  # fmt: skip
def test_an_import_carrying_a_path_is_refused_naming_the_record(db, trip, tmp_path, stored_name):
    with db.read() as s:
        att = s.scalars(sa.select(Attachment)).one()
    path = _doc_with(db, tmp_path, stored_name)
    with db.engine.begin() as conn:
        conn.execute(sa.delete(Attachment.__table__))
    with pytest.raises(ImportRejected) as info:
        import_json(db, path)
    problem = info.value.problems[0]
    assert problem.startswith(f"records.attachments[0] (id {att.id}): stored_name:"), problem
    assert "not a path" in problem
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Attachment)) == 0


def test_the_korean_message_names_the_record(db, trip, tmp_path):
    path = _doc_with(db, tmp_path, "/dev/zero")
    i18n.set_language("ko")
    with pytest.raises(ImportRejected) as info:
        import_json(db, path)
    assert "records.attachments[0]" in info.value.problems[0]
    assert "경로 불가" in info.value.problems[0]


def test_an_export_of_real_attachments_imports_back(db, trip, tmp_path, other_db):
    path = tmp_path / "export.json"
    export_json(db, path)
    seed_countries(other_db)
    import_json(other_db, path)
    with other_db.read() as s:
        att = s.scalars(sa.select(Attachment)).one()
    digest = hashlib.sha256(PHOTO).hexdigest()
    assert att.stored_name == f"{digest[:2]}/{digest}.png"


@pytest.fixture
def other_db(tmp_path):
    from tracker.db.store import open_database

    database, _ = open_database(tmp_path / "other.sqlite3")
    yield database
    database.dispose()
