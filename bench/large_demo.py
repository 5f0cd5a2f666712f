"""Time the large demo generator: `python bench/large_demo.py [--scale 1.0] [--seed N] [--keep]`.

Generates the dataset into a temporary SQLite file (a fresh, migrated database, as the
application creates it) and prints the time per table, the total, rows per second and the
size of the database file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tracker.db.store import open_database  # noqa: E402
from tracker.devtools import large_demo  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=20251208)
    ap.add_argument("--keep", action="store_true", help="keep the database file and print its path")
    args = ap.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="tracker-bench-"))
    path = folder / "large.sqlite3"
    db, _ = open_database(path)
    lines: list[tuple[str, float, float]] = []
    last = [time.perf_counter(), time.process_time()]

    def progress(msg: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        lines.append((msg, now - last[0], cpu - last[1]))
        last[:] = [now, cpu]
        print(f"  {now - t0:6.1f}s  {msg}", flush=True)

    print(f"generating scale={args.scale} seed={args.seed} into {path}")
    t0 = time.perf_counter()
    c0 = time.process_time()
    counts = large_demo.generate(db, seed=args.seed, scale=args.scale, progress=progress)
    total = time.perf_counter() - t0
    cpu = time.process_time() - c0
    db.dispose()  # closes the connections: the WAL is checkpointed into the file
    rows = sum(counts.values())

    print()
    print(f"{'step':<44}{'wall s':>8}{'cpu s':>8}")
    for msg, wall, c in lines:
        print(f"{msg.split(' (')[0]:<44}{wall:8.2f}{c:8.2f}")
    size = sum(f.stat().st_size for f in folder.iterdir() if f.name.startswith(path.name))
    print()
    print(f"total: {rows:,} rows in {total:.1f}s wall ({cpu:.1f}s cpu), {rows / total:,.0f} rows/s")
    print(f"database file: {size / 2**20:,.1f} MiB ({path.stat().st_size:,} bytes)")
    print(f"machine: {os.cpu_count()} cpus, load average {os.getloadavg()[0]:.2f}")
    if args.keep:
        print(f"kept: {path}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
