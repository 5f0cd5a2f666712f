"""How fast the list views open on a large database, against loading the whole table.

    python bench/list_views.py PATH_TO_LARGE.sqlite3      (make one: tracker --db X demo --scale large)

Prints, per list, the time to open it (count + first page, as the view does), to sort it by
another column, to filter it, and the ratio of each to reading every row of the list's query.
"""

from __future__ import annotations

import sys
import time

from tracker.db.store import open_database
from tracker.services import listing


def timed(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(path: str) -> None:
    db, _ = open_database(path)
    print(f"{'list':14} {'rows':>8} {'open ms':>8} {'sort ms':>8} {'filter ms':>9} {'all rows ms':>11} {'open/all':>8}")
    for lst in listing.ALL.values():
        def open_view(lst: listing.Listing = lst) -> None:
            listing.count(db, lst)
            listing.fetch(db, lst, limit=200)

        rows = listing.count(db, lst)
        t_open = min(timed(open_view) for _ in range(3))
        def sort_view(lst: listing.Listing = lst) -> None:
            listing.fetch(db, lst, sort=len(lst.columns) - 1, limit=200)

        def filter_view(lst: listing.Listing = lst) -> None:
            listing.count(db, lst, text="협력")
            listing.fetch(db, lst, text="협력")

        def read_all(lst: listing.Listing = lst) -> None:
            with db.engine.connect() as conn:
                conn.execute(listing.statement(lst)).all()

        t_sort = min(timed(sort_view) for _ in range(3))
        t_filter = min(timed(filter_view) for _ in range(3))
        t_all = timed(read_all)
        print(f"{lst.name:14} {rows:>8,} {t_open * 1000:>8.1f} {t_sort * 1000:>8.1f} {t_filter * 1000:>9.1f} "
              f"{t_all * 1000:>11.1f} {t_open / t_all:>8.3f}")
    db.dispose()


if __name__ == "__main__":
    main(sys.argv[1])
