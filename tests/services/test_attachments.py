"""Photos and files of meetings and trips: stored by content, checked for damage."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from pathlib import Path

import pytest

from tracker.db.models import Attachment
from tracker.domain.errors import ValidationError
from tracker.services import meetings, records, trips
from tracker.services.attachments import add_attachment, attachment_path, attachments_dir, verify_attachments

PHOTO = b"\xff\xd8\xff\xe0 photo of the signing ceremony"


@pytest.fixture
def owners(db):
    m = meetings.create_meeting(db, {"title": "밀라연구소 방문", "date": date(2025, 12, 7)})
    t = trips.create_trip(
        db, {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    return m, t


@pytest.fixture
def photo(tmp_path) -> Path:
    path = tmp_path / "in" / "Signing.JPG"
    path.parent.mkdir()
    path.write_bytes(PHOTO)
    return path


def _stored_files(db) -> list[Path]:
    return sorted(p for p in attachments_dir(db).rglob("*") if p.is_file())


def test_file_is_copied_by_content(db, owners, photo) -> None:
    m, _ = owners
    att = add_attachment(db, photo, meeting_id=m.id, caption="서명식")
    digest = hashlib.sha256(PHOTO).hexdigest()
    assert att.sha256 == digest
    assert att.stored_name == f"{digest[:2]}/{digest}.jpg"
    assert (att.filename, att.size, att.media_type, att.caption, att.seq) == (
        "Signing.JPG",
        len(PHOTO),
        "image/jpeg",
        "서명식",
        1,
    )
    stored = attachment_path(db, att)
    assert stored.read_bytes() == PHOTO
    assert stored.parent.parent == attachments_dir(db)
    assert attachments_dir(db).parent == db.sqlite_path.parent  # beside the database
    photo.unlink()  # the copy does not depend on the original
    assert stored.exists()
    assert verify_attachments(db) == []


def test_same_file_twice_is_stored_once(db, owners, photo, tmp_path) -> None:
    m, t = owners
    first = add_attachment(db, photo, meeting_id=m.id)
    copy = tmp_path / "다른 이름.jpg"
    copy.write_bytes(PHOTO)
    second = add_attachment(db, copy, meeting_id=m.id)
    third = add_attachment(db, photo, trip_id=t.id)
    assert first.stored_name == second.stored_name == third.stored_name
    assert len(_stored_files(db)) == 1
    assert (first.seq, second.seq, third.seq) == (1, 2, 1)  # numbered per owner
    assert second.filename == "다른 이름.jpg"


def test_verify_reports_missing_and_modified_files(db, owners, tmp_path) -> None:
    m, t = owners
    a = tmp_path / "agenda.pdf"
    a.write_bytes(b"%PDF agenda")
    b = tmp_path / "group.png"
    b.write_bytes(b"\x89PNG group photo")
    att_a = add_attachment(db, a, trip_id=t.id)
    att_b = add_attachment(db, b, meeting_id=m.id)
    attachment_path(db, att_a).unlink()
    attachment_path(db, att_b).write_bytes(b"\x89PNG something else")
    problems = verify_attachments(db)
    assert len(problems) == 2
    assert any("missing" in p and "agenda.pdf" in p for p in problems)
    assert any("damaged" in p and "group.png" in p for p in problems)


def test_adding_the_original_again_repairs_a_damaged_copy(db, owners, photo) -> None:
    m, _ = owners
    att = add_attachment(db, photo, meeting_id=m.id)
    attachment_path(db, att).write_bytes(b"bit rot")
    assert verify_attachments(db)
    add_attachment(db, photo, meeting_id=m.id)
    assert verify_attachments(db) == []


def test_attachment_without_an_owner_is_refused_and_leaves_no_file(db, owners, photo) -> None:
    with pytest.raises(ValidationError) as err:
        add_attachment(db, photo)
    assert err.value.code == "attachment_owner"
    assert _stored_files(db) == []
    assert records.list_all(db, Attachment) == []


def test_attachment_with_two_owners_or_a_missing_owner_is_refused(db, owners, photo) -> None:
    m, t = owners
    with pytest.raises(ValidationError):
        add_attachment(db, photo, meeting_id=m.id, trip_id=t.id)
    with pytest.raises(ValidationError):
        add_attachment(db, photo, meeting_id=uuid.uuid4())
    assert _stored_files(db) == []


def test_refused_second_copy_keeps_the_first_file(db, owners, photo) -> None:
    m, _ = owners
    att = add_attachment(db, photo, meeting_id=m.id)
    with pytest.raises(ValidationError):
        add_attachment(db, photo)
    assert attachment_path(db, att).read_bytes() == PHOTO


def test_deleting_the_meeting_deletes_its_attachment_records(db, owners, photo) -> None:
    m, _ = owners
    add_attachment(db, photo, meeting_id=m.id)
    assert records.plan_delete(db, type(m), m.id).cascades == {"attachments": 1}
    records.delete(db, type(m), m.id)
    assert records.list_all(db, Attachment) == []
