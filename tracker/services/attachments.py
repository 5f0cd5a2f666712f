"""Photos and files of meetings and trips, kept beside the database and checksummed.

Files are stored by content (`ab/abcdef....ext`), so the same photo added twice is stored once
and a damaged file is detected by its SHA-256.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
import stat
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

import sqlalchemy as sa

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Attachment
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.domain.private_files import private_dir, private_file
from tracker.services import records
from tracker.services.reading import strict_read

# What add_attachment stores: `ab/abcdef…(64 hex)` and the original suffix. An imported record may
# carry nothing else, so it can only ever name a file inside the store.
STORED_NAME = re.compile(r"([0-9a-f]{2})/([0-9a-f]{64})(\.[^./\\:\x00-\x1f\x7f]{1,32})?")


class UnsafeAttachment(DomainError):
    """An attachment record whose stored name leads outside the store or to something that is
    not a plain file (a device such as /dev/zero, a pipe, a folder): never opened."""

    def __init__(self, filename: str, stored_name: str, outside: bool) -> None:
        self.filename, self.stored_name, self.outside = filename, stored_name, outside
        super().__init__("unsafe_attachment", value=stored_name)

    def message(self, lang: str | None = None) -> str:
        if self.outside:
            return pick(
                f"첨부파일 '{self.filename}'의 경로가 첨부파일 보관 폴더 밖을 가리켜 열지 않았습니다: "
                f"{self.stored_name!r}",
                f"attachment '{self.filename}' points outside the attachment folder and was not "
                f"opened: {self.stored_name!r}",
            )
        return pick(
            f"첨부파일 '{self.filename}'이 일반 파일이 아니어서 열지 않았습니다: {self.stored_name!r}",
            f"attachment '{self.filename}' is not a regular file and was not opened: {self.stored_name!r}",
        )


def attachments_dir(db: Database) -> Path:
    path = db.sqlite_path
    base = path.parent / f"{path.stem}-attachments" if path is not None else config.data_dir() / "attachments"
    return private_dir(base)  # 0700: photos and minutes of meetings are for their owner


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with _open_regular(path) as fh:
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
            return records.create_in(
                s,
                Attachment,
                {
                    "meeting_id": meeting_id,
                    "trip_id": trip_id,
                    "seq": last + 1,
                    "filename": source.name,
                    "stored_name": stored_name,
                    "sha256": digest,
                    "size": source.stat().st_size,
                    "media_type": mimetypes.guess_type(source.name)[0],
                    "caption": caption,
                },
            )
    except Exception:
        if copied:
            target.unlink(missing_ok=True)  # no orphan file when the record was refused
        raise


def check_stored_name(stored_name: str, sha256: str) -> None:
    """Refuse (ValueError, for the importer to place) a stored name that is not the one the
    checksum gives: an absolute path, `..` or any other name could point at any local file."""
    match = STORED_NAME.fullmatch(stored_name)
    if not match or match[2] != sha256 or match[1] != sha256[:2]:
        raise ValueError(
            pick(
                f"저장 이름은 체크섬으로 된 '{sha256[:2]}/{sha256}.확장자' 형태여야 합니다 (경로 불가): {stored_name!r}",
                f"must be the checksum's name '{sha256[:2]}/{sha256}.ext', not a path: {stored_name!r}",
            )
        )


def stored_file(store: Path, stored_name: str, filename: str = "") -> Path:
    """The file `stored_name` names inside `store`: the one way to an attachment's bytes.

    UnsafeAttachment when the name is absolute, climbs out with `..`, escapes through a
    symbolic link, or names something that is not a regular file. A missing file is returned
    as is, for the caller to report."""
    label = filename or stored_name
    posix, windows = PurePosixPath(stored_name), PureWindowsPath(stored_name)
    if (
        not stored_name
        or "\0" in stored_name
        or "\\" in stored_name
        or posix.is_absolute()
        or windows.drive
        or windows.root
        or ".." in posix.parts
    ):
        raise UnsafeAttachment(label, stored_name, outside=True)
    try:
        real = (store / posix).resolve()
        if not real.is_relative_to(store.resolve()):
            raise UnsafeAttachment(label, stored_name, outside=True)
        mode = os.stat(real).st_mode
    except FileNotFoundError:
        return store / posix
    except (OSError, RuntimeError):  # a symlink loop, a name too long
        raise UnsafeAttachment(label, stored_name, outside=True) from None
    if not stat.S_ISREG(mode):
        raise UnsafeAttachment(label, stored_name, outside=False)
    return real


def _open_regular(path: Path):  # type: ignore[no-untyped-def]
    """Open for reading without blocking on a pipe, and only if it is a regular file."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise UnsafeAttachment(Path(path).name, str(path), outside=False)
    return os.fdopen(fd, "rb")


def attachment_path(db: Database, attachment: Attachment) -> Path:
    """Where the attachment's bytes are; UnsafeAttachment if its record points elsewhere."""
    return stored_file(attachments_dir(db), attachment.stored_name, attachment.filename)


def readable_path(db: Database, attachment: Attachment) -> Path | None:
    """The attachment's file for a document to embed, or None when it is missing or unsafe
    (`tracker check` says which and why)."""
    try:
        path = attachment_path(db, attachment)
    except UnsafeAttachment:
        return None
    return path if path.exists() else None


def verify_attachments(db: Database) -> list[str]:
    """Problems found: files missing or changed since they were added."""
    problems = []
    with strict_read(db) as s:
        for att in s.scalars(sa.select(Attachment)):
            try:
                path = attachment_path(db, att)
            except UnsafeAttachment as exc:
                problems.append(exc.message())
                continue
            if not path.exists():
                problems.append(
                    pick(
                        f"첨부파일 없음: {att.filename} ({path})",
                        f"attachment missing: {att.filename} ({path})",
                    )
                )
            elif _sha256(path) != att.sha256:
                problems.append(pick(f"첨부파일 손상: {att.filename}", f"attachment damaged: {att.filename}"))
    return problems
