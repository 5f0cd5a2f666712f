"""The schema revision this tracker expects and the one a database holds, without Alembic.

Importing Alembic and loading its script directory costs about a second at every start, to
learn that nothing needs doing. The revision files are read here as text instead (their
`revision` and `down_revision` lines) and the database's version is one SELECT; the migration
machinery is loaded only when an upgrade is due. If a revision file cannot be read this way
(e.g. a merge revision), the answer is None and the caller asks Alembic.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import sqlalchemy as sa

from tracker import config

_REVISION = re.compile(r"""^revision\s*(?::[^=]*)?=\s*["']([^"']+)["']""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision\s*(?::[^=]*)?=\s*(?:None|["']([^"']+)["'])\s*$""", re.MULTILINE)


@cache
def revision_chain(folder: Path | None = None) -> tuple[str, ...] | None:
    """Every revision in order, oldest first; None when the files are not a plain chain."""
    parents: dict[str, str | None] = {}
    for path in sorted((folder or config.MIGRATIONS_DIR / "versions").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        found, down = _REVISION.search(text), _DOWN.search(text)
        if found is None or down is None:
            return None
        parents[found.group(1)] = down.group(1)
    children = {parent: rev for rev, parent in parents.items()}
    if len(children) != len(parents):  # two revisions on one parent: a branch
        return None
    chain: list[str] = []
    rev = children.get(None)
    while rev is not None:
        chain.append(rev)
        rev = children.get(rev)
    return tuple(chain) if len(chain) == len(parents) else None


def head_revision() -> str | None:
    chain = revision_chain()
    return chain[-1] if chain else None


def stored_revision(engine: sa.Engine) -> str | None:
    """The revision recorded in the database; None if it has none or cannot be read."""
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except sa.exc.DBAPIError:
        return None


def is_current(engine: sa.Engine) -> bool:
    """The database is at this tracker's head revision: nothing to migrate."""
    head = head_revision()
    return head is not None and stored_revision(engine) == head
