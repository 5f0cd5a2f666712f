"""Photos and files of meetings and trips, kept beside the database and checksummed.

Files are stored by content (`ab/abcdef....ext`), so the same photo added twice is stored once
and a damaged file is detected by its SHA-256.
"""

from __future__ import annotations

import hashlib
import mimetypes
import shutil
import uuid
from pathlib import Path

import sqlalchemy as sa

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Attachment
from tracker.domain.i18n import pick
from tracker.domain.private_files import private_dir, private_file
from tracker.services import records


def attachments_dir(db: Database) -> Path:
    path = db.sqlite_path
    base = path.parent / f"{path.stem}-attachments" if path is not None else config.data_dir() / "attachments"
    return private_dir(base)  # 0700: photos and minutes of meetings are for their owner


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def add_attachment(
    db: Database,
    source: Path,
    *,
    meeting_id: uuid.UUID | None = None,
    trip_id: uuid.UUID | None = None,
    caption: str | None = None,
) -> Attachment:
    source = Path(source)
    digest = _sha256(source)
    stored_name = f"{digest[:2]}/{digest}{source.suffix.lower()}"
    target = attachments_dir(db) / stored_name
    existed = target.exists()
    # A stored copy that no longer matches its name is damaged: adding the original repairs it.
    if not existed or _sha256(target) != digest:
        private_dir(target.parent)
        tmp = private_file(target.with_suffix(target.suffix + ".part"), create=True)
        shutil.copyfile(source, tmp)  # into the private file: copyfile keeps its mode
        tmp.replace(target)
    copied = not existed
    try:
        with db.transaction() as s:
            owner = Attachment.meeting_id == meeting_id if meeting_id else Attachment.trip_id == trip_id
            last = s.scalar(sa.select(sa.func.max(Attachment.seq)).where(owner)) or 0
            return records.create_in(s, Attachment, {
                "meeting_id": meeting_id, "trip_id": trip_id, "seq": last + 1,
                "filename": source.name, "stored_name": stored_name, "sha256": digest,
                "size": source.stat().st_size, "media_type": mimetypes.guess_type(source.name)[0],
                "caption": caption,
            })
    except Exception:
        if copied:
            target.unlink(missing_ok=True)  # no orphan file when the record was refused
        raise


def attachment_path(db: Database, attachment: Attachment) -> Path:
    return attachments_dir(db) / attachment.stored_name


def verify_attachments(db: Database) -> list[str]:
    """Problems found: files missing or changed since they were added."""
    problems = []
    with db.read() as s:
        for att in s.scalars(sa.select(Attachment)):
            path = attachment_path(db, att)
            if not path.exists():
                problems.append(pick(f"첨부파일 없음: {att.filename} ({path})", f"attachment missing: {att.filename} ({path})"))
            elif _sha256(path) != att.sha256:
                problems.append(pick(f"첨부파일 손상: {att.filename}", f"attachment damaged: {att.filename}"))
    return problems
