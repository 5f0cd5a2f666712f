"""Write a file so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tracker.domain.private_files import FILE_MODE


@contextmanager
def atomic_write(
    path: Path, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None
) -> Iterator[IO]:
    """Write to a temporary file beside `path`, then rename it over `path` in one step.
    `newline="\\n"` writes the same bytes on every system (no CRLF on Windows)."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    try:
        text = "b" not in mode
        with os.fdopen(
            fd, mode, encoding=encoding if text else None, newline=newline if text else None
        ) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600), and a new export stays so: it holds records
        # about people. A file it replaces keeps its permissions (its owner chose to share it).
        os.chmod(tmp, _mode_for(path))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return FILE_MODE
