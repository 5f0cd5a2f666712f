"""How fast does the calendar gather a week and a month on a large database?

    .venv/bin/python bench/calendar.py                          # scale 0.2 in a temporary SQLite file
    .venv/bin/python bench/calendar.py --scale 1 --keep /tmp/large.sqlite3
    .venv/bin/python bench/calendar.py --db /tmp/large.sqlite3  # reuse a filled file

The database is filled by `tracker.services.large_demo.generate` (scale 0.2: 10,000 meetings,
30,000 follow-ups, 1,000 trips with their itineraries, 80 events ...).

For windows spread over the dataset's ten years, the script times, alternately:

* `items_between` for a week and for a month (Seoul viewer, no filter): everything the views show;
* "floor": one indexed `count(*)` of the meetings in the same window: about the least any
  calendar query has to do;
* "whole tables": reading the date columns of every meeting, itinerary line and follow-up, which
  is what a calendar that filters in Python would do before anything else.

Timings on a shared machine wobble; the ratios, measured side by side, much less. So the report
gives medians and, above all, ratios: month / week, items_between / floor, whole tables /
items_between.
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's `calendar`, which SQLAlchemy and the email
# package import: take the script's own folder off the import path before anything else loads.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import random  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from tracker.db.engine import Database  # noqa: E402
from tracker.db.models import Action, ItineraryItem, Meeting  # noqa: E402
from tracker.db.store import open_database  # noqa: E402
from tracker.services import calendar as cal  # noqa: E402
from tracker.services import holidays  # noqa: E402


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def floor_query(db: Database, start: date, end: date) -> int:
    with db.read() as s:
        return (
            s.scalar(sa.select(sa.func.count()).select_from(Meeting).where(Meeting.date.between(start, end)))
            or 0
        )


def whole_tables(db: Database) -> int:
    n = 0
    with db.read() as s:
        for stmt in (
            sa.select(Meeting.date, Meeting.start_time, Meeting.timezone),
            sa.select(ItineraryItem.date, ItineraryItem.start_time, ItineraryItem.timezone),
            sa.select(Action.due_date, Action.due_precision, Action.status),
        ):
            n += len(s.execute(stmt).all())
    return n


def windows(rng: random.Random, n: int) -> list[date]:
    """Mondays spread over the years with data, weighted to the dataset's 'now' (Dec 2025)."""
    first, last = date(2016, 1, 4), date(2026, 12, 28)
    days = [date(2025, 12, 8), date(2025, 12, 1)]
    while len(days) < n:
        d = first + timedelta(days=rng.randrange((last - first).days))
        days.append(d - timedelta(days=d.weekday()))
    return days


def month_of(d: date) -> tuple[date, date]:
    start = d.replace(day=1)
    first = start - timedelta(days=start.weekday())  # the month view's six weeks
    return first, first + timedelta(days=41)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", type=float, default=0.2)
    ap.add_argument("--db", type=Path, help="an already filled SQLite file")
    ap.add_argument("--keep", type=Path, help="write the generated database here and keep it")
    ap.add_argument("--windows", type=int, default=25)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    tmp = None
    if args.db:
        path = args.db
        db, _ = open_database(path)
    else:
        if args.keep:
            path = args.keep
        else:
            tmp = tempfile.TemporaryDirectory()
            path = Path(tmp.name) / "large.sqlite3"
        db, _ = open_database(path)
        from tracker.services.large_demo import generate

        t, counts = timed(lambda: generate(db, scale=args.scale))
        print(
            f"generated scale {args.scale} in {t:.1f}s: "
            + ", ".join(
                f"{k} {v:,}"
                for k, v in counts.items()
                if k in ("meetings", "itinerary_items", "actions", "trips", "events")
            )
        )

    rng = random.Random(args.seed)
    mondays = windows(rng, args.windows)
    # warm up: the first call pays for imports, parsing rules and the page cache
    cal.items_between(db, *month_of(mondays[0]))
    whole_tables(db)

    results: dict[str, list[float]] = {
        k: [] for k in ("week", "month", "floor_week", "floor_month", "whole", "holidays_month")
    }
    sizes: dict[str, list[int]] = {"week": [], "month": []}
    for monday in mondays:
        week = (monday, monday + timedelta(days=6))
        month = month_of(monday)
        t, items = timed(lambda w=week: cal.items_between(db, *w))
        results["week"].append(t)
        sizes["week"].append(len(items))
        results["floor_week"].append(timed(lambda w=week: floor_query(db, *w))[0])
        t, items = timed(lambda m=month: cal.items_between(db, *m))
        results["month"].append(t)
        sizes["month"].append(len(items))
        results["floor_month"].append(timed(lambda m=month: floor_query(db, *m))[0])
        countries = ["KR", *cal.countries_of(items)]
        results["holidays_month"].append(
            timed(lambda m=month, c=countries: holidays.holidays_between(c, *m))[0]
        )
        results["whole"].append(timed(lambda: whole_tables(db))[0])

    med = {k: statistics.median(v) for k, v in results.items()}
    print(
        f"\n{len(mondays)} windows; items per week: median {statistics.median(sizes['week']):.0f}, "
        f"max {max(sizes['week'])}; per month view (6 weeks): median {statistics.median(sizes['month']):.0f}, "
        f"max {max(sizes['month'])}"
    )
    print(f"{'':<34}{'median':>10}")
    for key, label in (
        ("week", "items_between, a week"),
        ("month", "items_between, a month view"),
        ("floor_week", "floor (indexed count), a week"),
        ("floor_month", "floor, a month view"),
        ("holidays_month", "holidays of a month view"),
        ("whole", "whole tables read"),
    ):
        print(f"{label:<34}{med[key] * 1000:>8.1f} ms")
    print("\nratios (the figures to compare between machines):")
    print(f"  month / week                         {med['month'] / med['week']:6.2f}")
    print(f"  items_between / floor, week          {med['week'] / med['floor_week']:6.1f}")
    print(f"  items_between / floor, month         {med['month'] / med['floor_month']:6.1f}")
    print(f"  whole tables / items_between, week   {med['whole'] / med['week']:6.1f}")
    print(f"  whole tables / items_between, month  {med['whole'] / med['month']:6.1f}")
    db.dispose()
    if tmp is not None:
        tmp.cleanup()


if __name__ == "__main__":
    main()
