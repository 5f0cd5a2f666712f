"""Opening a database whose schema is current reads one version row and loads no migration
machinery (Alembic costs about a second at every start); the revision files read as text
agree with Alembic's own reading of them."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory

from tracker.db import schema_version
from tracker.db.migrate import alembic_config


def test_chain_read_from_the_files_is_alembics():
    script = ScriptDirectory.from_config(alembic_config())
    chain = schema_version.revision_chain()
    assert chain is not None
    assert chain[-1] == script.get_current_head() == schema_version.head_revision()
    assert set(chain) == {s.revision for s in script.walk_revisions()}


def test_a_branch_is_not_mistaken_for_a_chain(tmp_path):
    for name, rev, down in (("a", "0001", None), ("b", "0002", "0001"), ("c", "0003", "0001")):
        down_text = "None" if down is None else f'"{down}"'
        (tmp_path / f"{name}.py").write_text(f'revision: str = "{rev}"\ndown_revision = {down_text}\n')
    assert schema_version.revision_chain(tmp_path) is None  # the caller then asks Alembic


def test_current_database_opens_without_alembic(db):
    path = db.sqlite_path
    db.dispose()
    code = (
        "import sys\n"
        "from tracker.db.store import open_database\n"
        f"database, result = open_database({f'sqlite:///{path}'!r})\n"
        "assert not result.changed\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_stored_revision_of_a_database_without_one(tmp_path):
    import sqlalchemy as sa

    engine = sa.create_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert schema_version.stored_revision(engine) is None
    assert not schema_version.is_current(engine)
    engine.dispose()
