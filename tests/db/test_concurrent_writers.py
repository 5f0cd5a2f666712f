"""Several desktops saving at once: none of their saves is lost or wrongly refused.

Four real processes (as four windows, or a window, an import and the reminder timer, would be)
each save their own record 200 times through the organization editor's service, reading the
record's version just before each save as the editor does when it opens. No two writers touch
the same record, so every refusal, "database is locked" or "edited by someone else", is wrong.

This file is also the writer process: `python test_concurrent_writers.py URL ORG_ID SAVES`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

WRITERS = 4
SAVES = 200
PROJECT = Path(__file__).resolve().parents[2]


def _write(url: str, org_id: str, saves: int) -> dict[str, object]:
    """Save one organization `saves` times; count what happened to each save."""
    import uuid

    import sqlalchemy as sa

    from tracker.db.engine import Database
    from tracker.db.models import Organization
    from tracker.domain.errors import ConflictError, DomainError
    from tracker.services import directory, records

    db = Database(url)
    key = uuid.UUID(org_id)
    outcomes: Counter[str] = Counter()
    first_error = ""
    slowest = 0.0
    print("ready", flush=True)
    sys.stdin.readline()  # everyone starts together
    for i in range(saves):
        started = time.monotonic()
        try:
            version = records.get(db, Organization, key).version  # the editor opens the record
            directory.update_organization(db, key, {"name_en": f"save {i + 1}"}, expected_version=version)
            outcomes["saved"] += 1
            slowest = max(slowest, time.monotonic() - started)
        except ConflictError as exc:
            outcomes["refused as edited by someone else"] += 1
            first_error = first_error or repr(exc)
        except (DomainError, sa.exc.OperationalError) as exc:
            outcomes["refused: " + type(exc).__name__] += 1
            first_error = first_error or repr(exc)
    db.dispose()
    return {"outcomes": dict(outcomes), "first_error": first_error, "slowest": slowest}


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def url(request, tmp_path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tracker.sqlite3'}"
    return request.getfixturevalue("postgres_server").new_database()


def _start_writer(url: str, org_id: str) -> subprocess.Popen[str]:
    env = dict(os.environ, TRACKER_LANG="en")
    return subprocess.Popen(
        [sys.executable, __file__, url, org_id, str(SAVES)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT, env=env,
    )  # fmt: skip


@pytest.mark.slow
def test_four_writers_lose_no_save(url):
    from tracker.db.models import Organization
    from tracker.db.store import open_database
    from tracker.services import directory, records
    from tracker.services.countries import seed_countries

    db, _ = open_database(url)
    seed_countries(db)
    orgs = [
        directory.create_organization(db, {"name_ko": f"기관 {n}", "country_code": "KR"})
        for n in range(WRITERS)
    ]
    writers = [_start_writer(url, str(org.id)) for org in orgs]
    try:
        for proc in writers:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", proc.stderr.read()
        started = time.monotonic()
        for proc in writers:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in writers:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            results.append(json.loads(out.splitlines()[-1]))
        seconds = time.monotonic() - started
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()

    total: Counter[str] = Counter()
    for result in results:
        total.update(result["outcomes"])
    slowest = max(r["slowest"] for r in results)
    problems = [r["first_error"] for r in results if r["first_error"]]
    report = f"{dict(total)} in {seconds:.1f} s, slowest save {slowest:.2f} s; first problems: {problems}"
    print(report)
    assert total["saved"] == WRITERS * SAVES, report
    assert set(total) == {"saved"}, report
    for org in orgs:  # every save is in the database, in order
        stored = records.get(db, Organization, org.id)
        assert (stored.name_en, stored.version) == (f"save {SAVES}", 1 + SAVES), report
    db.dispose()


OTHER_WAYS_TO_WRITE = re.compile(r"\.begin\(\)|\.sessions\(|\.commit\(\)|(?<![\w.])Session\(")


def test_every_write_in_the_program_says_up_front_that_it_writes():
    """A write opened any other way (`engine.begin()`, a session of its own, a bare commit) would
    start deferred and lose its save to another writer again: only tracker/db/engine.py opens
    transactions, through `Database.transaction()` (sessions) and `Database.write()` (Core)."""
    package = PROJECT / "tracker"
    found = [
        f"{path.relative_to(PROJECT)}:{n}: {line.strip()}"
        for path in package.rglob("*.py")
        if path != package / "db" / "engine.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if OTHER_WAYS_TO_WRITE.search(line)
    ]
    assert found == []


if __name__ == "__main__":
    print(json.dumps(_write(sys.argv[1], sys.argv[2], int(sys.argv[3]))), flush=True)
