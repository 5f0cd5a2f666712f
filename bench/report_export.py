"""Time `tracker report` for a trip of 8 and of 40 meetings, in every document format.

    .venv/bin/python bench/report_export.py [--runs 5] [--formats docx,pdf,hwpx]

Loads the demo data (the G7 trip: 8 meetings) into a throwaway database and makes a second
copy whose trip has 40 meetings (the demo's bilateral meetings again, each with three long
key points). For each trip and format it prints the median of `--runs` runs of the command as
a user types it, the baseline measured in the same run (`tracker --version`: starting Python
and the CLI), the ratio to it, and the export's own time (the command minus the baseline),
which must grow no faster than the trip: 40/8 meetings should cost at most ~5x. The last
column is the same export inside one warm process (modules imported, fonts loaded): building
the report and writing the file, what the app's Export button costs after the first time.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.db.store import open_database  # noqa: E402
from tracker.devtools.long_trip import DEMO_TRIP, add_meetings  # noqa: E402
from tracker.export.demo import load_demo  # noqa: E402
from tracker.export.report import build_report, write_report  # noqa: E402
from tracker.services.trips import dossier, resolve_trip  # noqa: E402

TRACKER = [str(Path(sys.executable).with_name("tracker"))]


def make_database(path: Path, meetings: int) -> str:
    """A demo database whose G7 trip has `meetings` meetings; returns the trip's id."""
    db, _ = open_database(path)
    try:
        load_demo(db)
        trip_id = resolve_trip(db, DEMO_TRIP).id
        add_meetings(db, trip_id, meetings - len(dossier(db, trip_id).meetings))
        return str(trip_id)
    finally:
        db.dispose()


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, capture_output=True)
    return time.perf_counter() - start


def median(argv: list[str], runs: int) -> float:
    timed(argv)  # warm the file cache
    return statistics.median(timed(argv) for _ in range(runs))


def in_process(db_path: Path, trip_id: str, out: Path, runs: int) -> float:
    import uuid

    db, _ = open_database(db_path)
    try:

        def once() -> float:
            start = time.perf_counter()
            write_report(build_report(db, uuid.UUID(trip_id)), out)
            return time.perf_counter() - start

        once()
        return statistics.median(once() for _ in range(runs))
    finally:
        db.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--formats", default="docx,pdf,hwpx")
    args = parser.parse_args(argv)
    formats = args.formats.split(",")
    tmp = Path(tempfile.mkdtemp(prefix="report-bench-"))
    try:
        trips = {n: (tmp / f"trip{n}.sqlite3", make_database(tmp / f"trip{n}.sqlite3", n)) for n in (8, 40)}
        base = median([*TRACKER, "--version"], args.runs)
        print(f"baseline `tracker --version`: {base:.2f} s (median of {args.runs})")
        print(
            f"{'format':<6} {'meetings':>8} {'command s':>10} {'x baseline':>10} {'export s':>9} {'warm s':>7}"
        )
        own: dict[tuple[str, int], float] = {}
        for fmt in formats:
            for n, (db, trip_id) in trips.items():
                out = tmp / f"report{n}.{fmt}"
                total = median([*TRACKER, "--db", str(db), "report", "--trip", trip_id, str(out)], args.runs)
                own[fmt, n] = max(total - base, 0.0)
                warm = in_process(db, trip_id, out, args.runs)
                print(
                    f"{fmt:<6} {n:>8} {total:>10.2f} {total / base:>10.2f} {own[fmt, n]:>9.2f} {warm:>7.2f}"
                )
        print("growth of the export's own time, 40 vs 8 meetings (linear: <= 5x):")
        for fmt in formats:
            print(f"  {fmt}: {own[fmt, 40] / max(own[fmt, 8], 1e-3):.1f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
