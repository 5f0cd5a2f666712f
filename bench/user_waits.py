"""What a user waits for, on the large database, through the real main window and dialogs.

    xvfb-run -a .venv/bin/python bench/user_waits.py LARGE.sqlite3 [--runs 5]
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/user_waits.py --db postgresql+psycopg://...

(make LARGE with `tracker --db LARGE.sqlite3 demo --scale large`; for PostgreSQL load the same
with `tracker demo --scale large --db URL`). A SQLite file is copied first: nothing of yours
changes. Prints one table: each row the median of `--runs` runs (at least 5), the baseline
measured in the same run, the ratio and the target.

Baselines: for what the database answers (follow-up pages, search), the very statements the
app ran, replayed through the plain driver (sqlite3 / psycopg) on a connection of their own;
for what is painted (calendar, follow-up list), a bare PySide6 window of the same size
repainted; for memory, a bare PySide6 window's process. Typing is sent as key events (Korean
as committed input-method text: QTest.keyClicks aborts on it).

The rows of start-up, saves and a country's page come from `bench/startup_and_pages.py`, the
document rows from `bench/report_export.py`: this command runs them and prints their tables
after its own (SQLite only; `--skip-others` leaves them out).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH = Path(__file__).resolve().parent
SEARCHES = ("회의", "협력", "공동연구", "cooperation")  # and a name from the database
WIDTH, HEIGHT = 1400, 860


# -------------------------------------------------------------------- the SQL, replayed


class Recorder:
    """The statements the app runs while `active`, to replay through the plain driver."""

    def __init__(self, engine: Any) -> None:
        import sqlalchemy as sa

        self.active = False
        self.seen: list[tuple[str, Any]] = []
        sa.event.listen(engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if self.active:
            self.seen.append((statement, parameters))

    def capture(self, action: Callable[[], Any]) -> list[tuple[str, Any]]:
        self.seen, self.active = [], True
        try:
            action()
        finally:
            self.active = False
        return [(s, p) for s, p in self.seen if s.lstrip()[:6].upper() in ("SELECT", "WITH R")]


def plain_connection(url: str) -> Any:
    if url.startswith("sqlite"):
        import sqlite3

        from sqlalchemy.engine import make_url

        return sqlite3.connect(make_url(url).database)
    import psycopg
    from sqlalchemy.engine import make_url

    u = make_url(url)
    return psycopg.connect(
        host=u.host,
        port=u.port,
        dbname=u.database,
        user=u.username,
        password=u.password,
        **({"host": u.query["host"]} if "host" in u.query else {}),
    )


def replay(conn: Any, statements: list[tuple[str, Any]]) -> float:
    """Seconds the plain driver takes for the same statements with the same parameters."""
    t0 = time.perf_counter()
    cur = conn.cursor()
    for sql, params in statements:
        cur.execute(sql, params)
        cur.fetchall()
    return time.perf_counter() - t0


# -------------------------------------------------------------------- helpers


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000 if values else float("nan")


def settle(app: Any, widget: Any) -> None:
    app.processEvents()
    widget.repaint()
    app.processEvents()


def type_text(app: Any, widget: Any, text: str) -> None:
    """Key events as a keyboard sends them; Korean as the input method commits it."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent

    for ch in text:
        if ch.isascii():
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                app.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            app.sendEvent(widget, event)


def bare_repaint(app: Any, runs: int) -> list[float]:
    from PySide6.QtWidgets import QMainWindow

    w = QMainWindow()
    w.resize(WIDTH, HEIGHT)
    w.show()
    app.processEvents()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        w.repaint()
        app.processEvents()
        times.append(time.perf_counter() - t0)
    w.close()
    return times


# -------------------------------------------------------------------- the rows


def measure(url: str, runs: int, only: frozenset[str] = frozenset()) -> list[tuple[str, float, float, str]]:
    """(what, ms, baseline ms, target) for each row, medians of `runs`; `only` a few parts
    (followups, search, calendar), else all."""
    from PySide6.QtWidgets import QApplication

    from tracker.db.store import open_database
    from tracker.services.actions import Bucket
    from tracker.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    db, _ = open_database(url)
    recorder = Recorder(db.engine)
    plain = plain_connection(url)
    window = MainWindow(db)
    window.resize(WIDTH, HEIGHT)
    window.show()
    settle(app, window)
    rows: list[tuple[str, float, float, str]] = []
    bare = median_ms(bare_repaint(app, runs))

    # Follow-ups: first visit (a new page each run), then a filter.
    visit, visit_sql, filt, filt_sql = [], [], [], []
    for _ in range(runs):
        window.show_section("home")
        settle(app, window)
        window.pages.built.pop("actions", None)  # built again: as on the first visit of a session
        t0 = time.perf_counter()
        sql = recorder.capture(lambda: (window.show_section("actions"), settle(app, window)))
        visit.append(time.perf_counter() - t0)
        visit_sql.append(replay(plain, sql))
    page = window.pages["actions"]
    for i in range(runs):
        combo = page.owed_by
        t0 = time.perf_counter()
        sql = recorder.capture(
            lambda c=combo, k=i: (c.setCurrentIndex(1 + k % (c.count() - 1)), settle(app, page))
        )
        filt.append(time.perf_counter() - t0)
        filt_sql.append(replay(plain, sql))
    page.clear_filters()
    settle(app, page)
    rows.append(("Follow-ups: first visit -> painted", median_ms(visit), median_ms(visit_sql), "< 100 ms"))
    rows.append(("Follow-ups: a filter -> painted", median_ms(filt), median_ms(filt_sql), "< 100 ms"))

    # Follow-ups: one more page, near the top and deep in the closed group.
    model = page.model
    page.set_show_closed(True)
    model.set_expanded(Bucket.CLOSED, True)
    settle(app, page)

    def one_page(bucket: Bucket) -> tuple[float, float]:
        t0 = time.perf_counter()
        sql = recorder.capture(lambda: (model.fetch_more(bucket), settle(app, page)))
        return time.perf_counter() - t0, replay(plain, sql)

    top = [one_page(Bucket.CLOSED) for _ in range(runs)]
    rows.append(
        (
            "Follow-ups: one more page (near the top)",
            median_ms([t for t, _ in top]),
            median_ms([b for _, b in top]),
            "< 50 ms",
        )
    )
    closed = next(g for g in model.groups if g.bucket is Bucket.CLOSED)
    deep_at = max(closed.count - (runs + 2) * 100, 0)
    closed.cursor = deep_cursor(db, deep_at)  # as if scrolled this far (reading there takes minutes)
    deep = [one_page(Bucket.CLOSED) for _ in range(runs)]
    rows.append(
        (
            f"  ... at row {deep_at:,} of {closed.count:,}",
            median_ms([t for t, _ in deep]),
            median_ms([b for _, b in deep]),
            "< 50 ms at any depth",
        )
    )
    # The last row: the overdue group read to its end by scrolling down a screen at a time.
    page.set_show_closed(False)
    if only:  # a part asked for alone: the long scroll is left out
        return measure_rest(app, db, window, plain, recorder, rows, runs, bare, only)
    settle(app, page)
    bar = page.table.verticalScrollBar()
    overdue = model.groups[0]
    t0 = time.perf_counter()
    while not overdue.complete and time.perf_counter() - t0 < 300:
        bar.setValue(bar.value() + bar.pageStep())
        page.fetch_visible()  # what the scroll bar's signal queues
        page.table.viewport().repaint()
    rows.append(
        (
            f"Follow-ups: scroll to the last of {overdue.count:,} overdue",
            (time.perf_counter() - t0) * 1000,
            float("nan"),
            "in seconds",
        )
    )
    return measure_rest(app, db, window, plain, recorder, rows, runs, bare, only)


def measure_rest(  # type: ignore[no-untyped-def]
    app, db, window, plain, recorder, rows, runs, bare, only
) -> list[tuple[str, float, float, str]]:
    import sqlalchemy as sa
    from PySide6.QtCore import QEventLoop

    from tracker.db.models import Person
    from tracker.services import search as search_service

    if only and "search" not in only:
        return _calendar(app, db, window, plain, rows, runs, bare, only)

    # Search: last key typed -> results shown, and the query alone.
    with db.read() as s:
        name = s.scalars(sa.select(Person.name_ko).where(Person.name_ko.is_not(None)).limit(1)).one()
    dialog = window.open_search()
    for text in (*SEARCHES, name):
        typed, query, query_sql = [], [], []
        for _ in range(runs):
            dialog.box.clear()
            settle(app, dialog)
            type_text(app, dialog.box, text[:-1])
            settle(app, dialog)
            t0 = time.perf_counter()
            type_text(app, dialog.box, text[-1])
            deadline = t0 + 10
            while (
                dialog._running is not None or dialog._searched != text
            ) and time.perf_counter() < deadline:
                # Wait for events as the event loop does (a busy loop would hold the worker's GIL).
                app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
            dialog.results.viewport().repaint()
            typed.append(time.perf_counter() - t0)
            t1 = time.perf_counter()
            sql = recorder.capture(lambda t=text: search_service.search(db, t))
            query.append(time.perf_counter() - t1)
            query_sql.append(replay(plain, sql))
        rows.append((f"Search '{text}': typed -> shown", median_ms(typed), median_ms(query_sql), "< 100 ms"))
        rows.append(("  ... the query itself", median_ms(query), median_ms(query_sql), "< 50 ms"))
    dialog.close()
    return _calendar(app, db, window, plain, rows, runs, bare, only)


def _calendar(app, db, window, plain, rows, runs, bare, only):  # type: ignore[no-untyped-def]
    if not only or "calendar" in only:
        _calendar_switch(app, db, window, rows, runs, bare)
    window.close()
    plain.close()
    db.dispose()
    return rows


def _calendar_switch(app, db, window, rows, runs, bare):  # type: ignore[no-untyped-def]
    # Calendar: month <-> week in the busiest month.
    window.show_section("calendar")
    calendar = window.pages["calendar"]
    calendar.go_to(busiest_month(db))
    calendar.set_mode("month")
    settle(app, window)
    switches = []
    for i in range(runs * 2):
        t0 = time.perf_counter()
        calendar.set_mode("week" if i % 2 == 0 else "month")
        settle(app, calendar)
        switches.append(time.perf_counter() - t0)
    rows.append(("Calendar: month <-> week (busiest month)", median_ms(switches), bare, "< 50 ms"))
    # Next and previous week inside that month: each week is laid out again (nothing read).
    calendar.set_mode("week")
    settle(app, calendar)
    steps = []
    for i in range(runs * 2):
        t0 = time.perf_counter()
        calendar.step(1 if i % 2 == 0 else -1)
        settle(app, calendar)
        steps.append(time.perf_counter() - t0)
    rows.append(("Calendar: next <-> previous week (laid out each time)", median_ms(steps), bare, "< 50 ms"))


def deep_cursor(db: Any, offset: int) -> tuple[Any, ...]:
    """The keys of the closed follow-up at `offset`, read the slow way (OFFSET) once."""
    from datetime import date

    import sqlalchemy as sa

    from tracker.services import keyset
    from tracker.services import reminders as rem
    from tracker.services.actions import Bucket

    keys = rem.page_keys(Bucket.CLOSED)
    stmt = sa.select(*[k.expr for k in keys]).where(rem.bucket_clause(Bucket.CLOSED, date.today()))
    stmt = stmt.order_by(*keyset.order_by(keys)).offset(offset).limit(1)
    with db.engine.connect() as conn:
        return tuple(conn.execute(stmt).one())


def busiest_month(db: Any) -> Any:
    import sqlalchemy as sa

    from tracker.db.models import Meeting

    month = sa.func.substr(sa.cast(Meeting.date, sa.String), 1, 7)
    with db.engine.connect() as conn:
        ym = conn.execute(
            sa.select(month).group_by(month).order_by(sa.func.count().desc()).limit(1)
        ).scalar_one()
    from datetime import date

    return date(int(ym[:4]), int(ym[5:7]), 15)


# -------------------------------------------------------------------- peak memory (own process)


def memory_child(kind: str, url: str) -> None:
    """Visit every section and scroll every list to its end; print the peak resident size."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    if kind == "bare":
        w = QMainWindow()
        w.resize(WIDTH, HEIGHT)
        w.show()
        app.processEvents()
    else:
        from tracker.db.store import open_database
        from tracker.ui.main_window import SECTION_KEYS, MainWindow

        db, _ = open_database(url)
        w = MainWindow(db)
        w.resize(WIDTH, HEIGHT)
        w.show()
        for key in SECTION_KEYS:
            w.show_section(key)
            app.processEvents()
            page = w.pages[key]
            model = getattr(page, "model", None)
            if key == "actions":
                page.set_show_closed(True)
                for group in list(model.groups):
                    model.set_expanded(group.bucket, True)
                    while model.fetch_more(group.bucket):
                        pass
                app.processEvents()
            elif model is not None and hasattr(model, "canFetchMore"):
                while model.canFetchMore():
                    model.fetchMore()
                app.processEvents()
        search = w.open_search()
        search.box.setText("협력")
        search.run_search()
        app.processEvents()
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"peak_mb": peak_kb / 1024}))


def peak_memory(url: str, runs: int, env: dict[str, str]) -> tuple[float, float]:
    def one(kind: str) -> float:
        out = subprocess.run(
            [sys.executable, __file__, "--memory-child", kind, url],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=1800,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])["peak_mb"]

    app = [one("app") for _ in range(max(1, runs // 5))]  # a minute or more each: fewer runs
    bare = [one("bare") for _ in range(runs)]
    return statistics.median(app), statistics.median(bare)


# -------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("database", nargs="?", type=Path, help="a large SQLite file (copied first)")
    parser.add_argument("--db", help="a database URL instead (PostgreSQL), used in place")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--skip-others", action="store_true", help="leave out start-up, saves and documents")
    parser.add_argument(
        "--only",
        default="",
        help="only some parts: search and/or calendar after the follow-up rows (no long scroll, memory or other scripts), e.g. followups,search",
    )
    parser.add_argument("--memory-child", nargs=2, metavar=("KIND", "URL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        memory_child(*args.memory_child)
        return 0
    if args.runs < 5:
        parser.error("--runs: at least 5")
    if (args.database is None) == (args.db is None):
        parser.error("give a SQLite file or --db URL")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(folder / "config"),
            "TRACKER_DATA_DIR": str(folder / "data"),
            "HOME": str(folder),
        }
        os.environ.update(env)
        if args.database is not None:
            from tracker.config import sqlite_url

            target = folder / args.database.name
            shutil.copyfile(args.database, target)
            url = sqlite_url(target)
        else:
            url = args.db
        from tracker.db.store import open_database

        db, _ = open_database(url)  # upgrade once, untimed
        db.dispose()
        only = frozenset(p for p in args.only.split(",") if p)
        rows = measure(url, args.runs, only)
        if not only:
            app_mb, bare_mb = peak_memory(url, args.runs, env)
            rows.append(("Peak memory: every view, every list to its end (MB)", app_mb, bare_mb, "< 300 MB"))
    print(
        f"{args.runs} runs each, medians; {sys.platform}, {os.cpu_count()} cores, "
        f"{'SQLite' if args.database else url.split(':', 1)[0]}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
    )
    print(f"{'what':54} {'ms':>9} {'baseline':>9} {'ratio':>7}  target")
    for what, value, base, target in rows:
        ratio = value / base if base and base == base and base > 0 else float("nan")
        print(f"{what:54} {value:9.0f} {base:9.1f} {ratio:7.1f}  {target}")
    sys.stdout.flush()
    if args.database is not None and not args.skip_others and not only:
        for script, extra in (
            ("startup_and_pages.py", [str(args.database), "--runs", str(args.runs)]),
            ("report_export.py", ["--runs", str(args.runs)]),
        ):
            print(f"\n-- {script}")
            sys.stdout.flush()
            subprocess.run([sys.executable, str(BENCH / script), *extra], check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
