"""Files and folders only their owner may read: the database, its -wal/-shm, backups,
attachments and the data folder hold records about people and negotiations, and on a machine
several people log into the default 0644/0755 would let every account read them.

On Windows a new file in the user's profile is already private (ACLs), and `chmod` only sets
the read-only flag there, so these helpers change nothing on that system.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
PRIVATE_UMASK = 0o077  # what a process that writes our files sets as its belt

_POSIX = os.name == "posix"


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create the folder (and its missing parents) if needed, and make it 0700.
    Parents that already exist are left alone: they are not ours to change."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: str | os.PathLike[str], *, create: bool = False) -> Path:
    """Make an existing file 0600; with `create`, first create it empty and private if it
    does not exist (never truncating one that does), so it is never readable by others."""
    path = Path(path)
    if create and _POSIX:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    _tighten(path, FILE_MODE)
    return path


def private_copy(source: str | os.PathLike[str], dest: str | os.PathLike[str]) -> Path:
    """`shutil.copyfile` into a file that is private before the first byte arrives
    (copyfile keeps the mode of a file it overwrites)."""
    import shutil  # here: this module is loaded before the window shows, copies come later

    shutil.copyfile(source, private_file(dest, create=True))
    return Path(dest)


def private_database(path: str | os.PathLike[str]) -> None:
    """A SQLite file and the -wal/-shm/-journal files beside it (SQLite gives new ones the
    main file's mode, but ones left from before keep theirs)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        private_file(f"{os.fspath(path)}{suffix}")


def _tighten(path: Path, mode: int) -> None:
    """Take away group and other access from a file or folder of ours. A missing file, or one
    owned by another account (opened read-only, say), is left as it is."""
    if not _POSIX:
        return
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & ~mode == 0:
        return
    os.chmod(path, stat.S_IMODE(info.st_mode) & mode)
