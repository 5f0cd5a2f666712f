"""Backups of a SQLite database: made with the online backup API, verified before anything
relies on them, found again, and put back.

Every path reaches SQLite either as a plain file name or through `sqlite_uri`, which quotes it:
an unquoted `file:` URI cuts a path at `#` or `?` and decodes `%41`, so it silently opens
another (usually empty) file.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from datetime import datetime, timedelta
from pathlib import Path, PurePath, PureWindowsPath
from urllib.parse import quote, urlencode

from tracker.domain.i18n import pick
from tracker.domain.private_files import private_copy, private_dir, private_file

# SQLite's primary result codes that mean "the file itself is bad" or "the disk is".
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_NOTADB = 10, 11, 13, 26
STAMP = "%Y%m%d-%H%M%S-%f"  # microseconds: two backups in one second get different names


class BackupError(Exception):
    """A backup could not be made, verified or restored; the message is for the user.
    `damaged` says the database itself is damaged (rather than the copy or the disk)."""

    def __init__(self, message: str, damaged: bool = False) -> None:
        super().__init__(message)
        self.damaged = damaged


# --- paths --------------------------------------------------------------------------------


def sqlite_uri(path: str | PurePath, **params: str) -> str:
    """A `file:` URI that names exactly `path`: every character SQLite would read as syntax
    (`?`, `#`, `%`) and anything outside ASCII is percent-encoded; Windows drive letters become
    `file:///C:/...` and UNC shares `file:////server/share/...` (SQLite refuses a host part)."""
    if isinstance(path, PureWindowsPath) or (isinstance(path, str) and os.name == "nt"):
        text = PureWindowsPath(path).as_posix()
    else:
        text = os.path.abspath(os.fspath(path))
    if not text.startswith("/"):
        text = "/" + text  # C:/x -> /C:/x
    query = f"?{urlencode(params)}" if params else ""
    return f"file://{quote(text, safe='/:')}{query}"


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a database file without changing it or leaving anything beside it.
    With no -wal file the main file holds every committed change, and `immutable=1` reads it
    without creating the -wal/-shm files that even `mode=ro` creates for a WAL database."""
    params = {"mode": "ro"}
    if not Path(f"{path}-wal").exists():
        params["immutable"] = "1"
    return sqlite3.connect(sqlite_uri(path, **params), uri=True)


def sqlite_code(exc: BaseException | None) -> int | None:
    """SQLite's primary result code behind an exception (SQLAlchemy wraps the driver's)."""
    while exc is not None:
        code = getattr(exc, "sqlite_errorcode", None)
        if code is not None:
            return int(code) & 0xFF
        exc = getattr(exc, "orig", None) or exc.__cause__
    return None


def is_damage(exc: BaseException) -> bool:
    """The file is damaged or not a database ("database disk image is malformed")."""
    return sqlite_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB)


def backup_folder(database: Path) -> Path:
    return database.parent / "backups"


def unique_path(folder: Path, prefix: str, suffix: str) -> Path:
    """`folder/prefix-YYYYmmdd-HHMMSS-ffffff.suffix`, unused: names sort by time, and a clock
    that has not moved since the last backup moves the name on by a microsecond instead."""
    when = datetime.now()
    while True:
        path = folder / f"{prefix}-{when.strftime(STAMP)}{suffix}"
        if not path.exists() and not _partial(path).exists():
            return path
        when += timedelta(microseconds=1)


def _partial(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


# --- making and verifying -------------------------------------------------------------------


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows of every stored table (virtual tables keep their rows in shadow tables, counted too)."""
    names = [
        name
        for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
        if not (sql or "").upper().startswith("CREATE VIRTUAL")
    ]
    return {name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def verify(path: Path, expected: dict[str, int] | None = None) -> list[str]:
    """What is wrong with a backup file: nothing (an empty list) when it opens read-only, passes
    `PRAGMA integrity_check`, holds a schema version and, if given, the expected row counts."""
    try:
        with closing(connect_read_only(path)) as conn:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            if problems:
                return problems[:10]
            counts = table_counts(conn)
    except sqlite3.Error as exc:
        return [str(exc)]
    if "alembic_version" not in counts:
        return [pick("tracker 데이터베이스가 아닙니다", "not a tracker database")]
    if expected is not None and counts != expected:
        differ = sorted(t for t in expected.keys() | counts.keys() if expected.get(t) != counts.get(t))
        return [
            pick(
                f"행 수가 원본과 다릅니다: {', '.join(differ)}",
                f"row counts differ from the original: {', '.join(differ)}",
            )
        ]
    return []


def backup_sqlite(source: Path, dest: Path) -> Path:
    """Copy a live SQLite database consistently (other connections may be writing), verify the
    copy, and only then give it its name. On any failure nothing is left at `dest` or beside it."""
    source, dest = Path(source), Path(dest)
    if dest.exists() and source.exists() and dest.resolve() == source.resolve():
        raise BackupError(
            pick(
                f"백업 파일이 데이터베이스 자신입니다: {dest}",
                f"The backup would overwrite the database itself: {dest}",
            )
        )
    partial = _partial(dest)
    try:
        if dest.parent == backup_folder(source) or not dest.parent.exists():
            private_dir(dest.parent)  # ours: the database's own backup folder, or one made for it
        private_file(partial, create=True)  # the copy is private from its first byte
        expected = _copy(source, partial)
        problems = verify(partial, expected)
        if problems:
            damaged = _source_damaged(source)
            raise BackupError(_unverified(dest, problems, damaged), damaged=damaged)
        os.replace(partial, dest)
    except BackupError:
        _remove(partial)
        raise
    except (OSError, sqlite3.Error) as exc:
        _remove(partial)
        if is_damage(exc) and _source_damaged(source):
            raise BackupError(_damaged_message(source), damaged=True) from exc
        raise BackupError(
            pick(
                f"백업 파일을 쓸 수 없습니다({_reason(exc)}): {dest}\n데이터베이스는 바뀌지 않았습니다.",
                f"The backup could not be written ({_reason(exc)}): {dest}\nThe database was not changed.",
            )
        ) from exc
    return dest


def _copy(source: Path, dest: Path) -> dict[str, int]:
    """The backup itself, and the row counts of the very snapshot it copied: the source's read
    transaction stays open across the copy, so a concurrent writer cannot skew the comparison."""
    src = connect_sqlite(sqlite_uri(source, mode="ro"), isolation_level=None)
    try:
        src.execute("BEGIN")
        counts = table_counts(src)
        dst = connect_sqlite(str(dest))
        try:
            src.backup(dst)  # pages=-1: one step, so concurrent writes cannot restart it forever
        finally:
            dst.close()
        src.execute("COMMIT")
        return counts
    finally:
        src.close()


def connect_sqlite(target: str, **kw: object) -> sqlite3.Connection:
    """sqlite3.connect (a seam: tests put a full disk behind it)."""
    return sqlite3.connect(target, uri=target.startswith("file:"), **kw)  # type: ignore[call-overload]


def _source_damaged(source: Path) -> bool:
    try:
        with closing(connect_read_only(source)) as conn:
            return [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]
    except sqlite3.Error as exc:
        return is_damage(exc)


def _damaged_message(path: Path) -> str:
    return pick(
        f"데이터베이스 파일이 손상되었습니다: {path}\n('tracker check'로 자세히 볼 수 있습니다.)",
        f"The database file is damaged: {path}\n('tracker check' shows the details.)",
    )


def _unverified(dest: Path, problems: list[str], damaged: bool) -> str:
    detail = "; ".join(problems[:3])
    if damaged:
        return pick(
            f"데이터베이스 파일이 손상되어 검증된 백업을 만들 수 없습니다({detail}).",
            f"The database file is damaged, so no verified backup can be made ({detail}).",
        )
    return pick(
        f"백업을 검증하지 못해 지웠습니다({detail}): {dest}\n데이터베이스는 바뀌지 않았습니다.",
        f"The backup failed verification and was removed ({detail}): {dest}\nThe database was not changed.",
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if sqlite_code(exc) == SQLITE_FULL:
        return pick("디스크가 가득 찼습니다", "the disk is full")
    return str(exc)


def _remove(path: Path) -> None:
    for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            pass  # nothing more can be done here; the name ends in .partial, never taken for a backup


# --- finding and restoring ------------------------------------------------------------------


def backups_of(database: Path, folder: Path | None = None) -> list[Path]:
    """Backups of this database, newest first (their names sort by time)."""
    folder = folder or backup_folder(database)
    if not folder.is_dir():
        return []
    found = [p for p in folder.glob(f"{database.stem}-*{database.suffix}") if p.is_file()]
    return sorted(found, key=lambda p: p.name[len(database.stem) :], reverse=True)


def latest_good_backup(database: Path, folder: Path | None = None) -> Path | None:
    """The newest backup that passes verification (damaged or partial ones are skipped)."""
    return next((p for p in backups_of(database, folder) if not verify(p)), None)


def restore(
    backup: Path, database: Path, keep_folder: Path | None = None, verified: bool = False, keep: bool = True
) -> Path | None:
    """Put `backup` in place of `database`. The backup is verified first (unless it was a moment
    ago), and the file it replaces is kept in the backup folder; returns where it was kept."""
    if not verified:
        problems = verify(backup)
        if problems:
            raise BackupError(
                pick(
                    f"백업 파일이 검증을 통과하지 못해 복원하지 않았습니다({'; '.join(problems[:3])}): {backup}",
                    f"The backup failed verification, so nothing was restored ({'; '.join(problems[:3])}): {backup}",
                )
            )
    kept = None
    try:
        if keep and database.exists():
            kept = unique_path(
                keep_folder or backup_folder(database), f"{database.stem}-replaced", database.suffix
            )
            private_dir(kept.parent)
            private_copy(database, kept)  # raw bytes: a damaged file cannot go through SQLite
            for suffix in ("-wal", "-shm"):
                if Path(f"{database}{suffix}").exists():
                    private_copy(f"{database}{suffix}", f"{kept}{suffix}")
        staged = _partial(database)
        private_copy(backup, staged)
        for suffix in ("-wal", "-shm"):  # an old WAL must never be replayed onto the restored file
            Path(f"{database}{suffix}").unlink(missing_ok=True)
        os.replace(staged, database)
    except OSError as exc:
        _remove(_partial(database))
        raise BackupError(
            pick(
                f"복원하지 못했습니다({_reason(exc)}): {backup}",
                f"The backup could not be restored ({_reason(exc)}): {backup}",
            )
        ) from exc
    return kept
