"""`tracker copy SOURCE TARGET`: every record and attachment of one database into another, such
as a personal SQLite file into a division's new PostgreSQL database, or back.

The records travel as the interchange format (tracker.export.interchange) through a private
temporary file, so a copy obeys exactly the rules of an import: all or nothing, every record
checked, and into a database that already holds records a merge by id that never moves a
record backwards (conflicts refused unless the caller says otherwise). Into an empty database
the copy is identical: both export the same JSON.

Attachment files go first, each checked against its checksum; if the records are then refused,
the files this copy added are removed again, so a failed copy leaves the target as it was.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Attachment
from tracker.domain.i18n import pick
from tracker.domain.private_files import private_dir, private_file
from tracker.export.interchange import REFUSE, ImportResult, export_json, import_file
from tracker.services.attachments import UnsafeAttachment, attachments_dir, stored_file

# progress(stage, done, total): stage is "files" (once per attachment), "export" (0 of 1, as the
# source's records are read), then "import" (0 of 1 as the target's one transaction begins, 1 of 1
# once it has committed). The callback may raise to stop the copy, up to and including
# ("import", 0, 1): the files copied so far are removed and the target is as it was. The last
# call comes after the commit, outside the undoing: raising there leaves a complete copy.
Progress = Callable[[str, int, int], None]


@dataclass
class CopyResult:
    records: ImportResult
    files_copied: int = 0
    files_present: int = 0  # already in the target with the right checksum
    files_missing: list[str] = field(default_factory=list)  # in no place to copy from

    def summary(self) -> str:
        text = self.records.summary()
        text += pick(
            f"; 첨부파일 복사 {self.files_copied:,}개, 이미 있음 {self.files_present:,}개",
            f"; {self.files_copied:,} attachment files copied, {self.files_present:,} already there",
        )
        if self.files_missing:
            text += pick(
                f", 원본에 없음 {len(self.files_missing):,}개",
                f", {len(self.files_missing):,} missing in the source",
            )
        return text


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def copy_files(
    source: Database,
    target: Database,
    result: CopyResult,
    progress: Progress | None,
    only: Collection[str] | None = None,
) -> list[Path]:
    """Copy each attachment's file the target lacks (of those whose stored names are in
    `only`, if given); return the files added (for undoing)."""
    if only is not None and not only:  # a sync with no attachment to carry asks nothing
        return []
    query = sa.select(Attachment.filename, Attachment.stored_name, Attachment.sha256)
    if only is not None:
        query = query.where(Attachment.stored_name.in_(list(only)))
    with source.read() as s:
        rows = s.execute(query).all()
    src_store, dst_store = attachments_dir(source), attachments_dir(target)
    added: list[Path] = []
    try:
        _copy_each(rows, src_store, dst_store, result, progress, added)
    except BaseException:  # e.g. the progress callback stopping the copy: no stray files
        for file in added:
            file.unlink(missing_ok=True)
        raise
    return added


def _copy_each(
    rows: Sequence[Any],
    src_store: Path,
    dst_store: Path,
    result: CopyResult,
    progress: Progress | None,
    added: list[Path],
) -> None:
    for done, (filename, stored_name, sha256) in enumerate(rows, start=1):
        try:
            src = stored_file(src_store, stored_name, filename)
            dst = stored_file(dst_store, stored_name, filename)
        except UnsafeAttachment as exc:
            result.files_missing.append(exc.message())
            continue
        if src.resolve() == dst.resolve() or (dst.exists() and _sha256(dst) == sha256):
            result.files_present += 1
        elif not src.exists() or _sha256(src) != sha256:
            result.files_missing.append(filename)
        else:
            private_dir(dst.parent)
            part = private_file(dst.with_name(dst.name + ".part"), create=True)
            shutil.copyfile(src, part)
            part.replace(dst)
            added.append(dst)
            result.files_copied += 1
        if progress:
            progress("files", done, len(rows))


def copy_database(
    source: Database, target: Database, *, newer: str = REFUSE, progress: Progress | None = None
) -> CopyResult:
    """Copy every record and attachment of `source` into `target` (see the module's note).
    Raises what an import raises (ImportRejected, ImportConflicts) with the target unchanged."""
    same_file = (
        source.sqlite_path is not None
        and target.sqlite_path is not None
        and (source.sqlite_path.resolve() == target.sqlite_path.resolve())
    )
    if same_file or source.engine.url == target.engine.url:
        raise ValueError(
            pick("원본과 대상이 같은 데이터베이스입니다", "the source and the target are the same database")
        )
    result = CopyResult(records=ImportResult(0, 0, 0, [], [], {}))
    added = copy_files(source, target, result, progress)
    try:
        with tempfile.TemporaryDirectory(prefix="tracker-copy-") as tmp:
            path = private_dir(Path(tmp)) / "records.json"
            if progress:
                progress("export", 0, 1)
            export_json(source, path)
            if progress:
                progress("import", 0, 1)
            result.records = import_file(target, path, newer=newer)
    except BaseException:
        for file in added:  # the records were refused: no stray copies in the target's store
            file.unlink(missing_ok=True)
        raise
    if progress:  # after the commit: the files now belong to records, nothing is undone
        progress("import", 1, 1)
    return result
