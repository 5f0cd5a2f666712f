"""What a user waits for at start, on saving and on a country's page, through the real widgets.

    xvfb-run -a .venv/bin/python bench/startup_and_pages.py LARGE.sqlite3 [--runs 5]

(make LARGE with `tracker --db LARGE demo --scale large`). Works on a copy of the file, so the
saves change nothing of yours; the copy is upgraded and the app opened and closed once before
timing (as a user's second start would find it). Prints the median of the runs of:

- start -> main window exposed (a new process each run, a plain `tracker` as the launcher runs
  it, on the user's own file in the data folder),
  against a bare PySide6 window in its own process in the same run (and one that first uses
  the PySide types the real window needs: what PySide itself costs); and -> the opening
  section's page built and painted (`--startup-only`: these rows alone). The children keep
  their compiled bytecode in a folder of the run, as an installed copy does.
- a follow-up's status / a person's note: Save clicked -> dialog closed, and -> the shown
  list and the record page have caught up
- a country's page (US): open -> painted; and "more…" under its meetings -> painted
"""

from __future__ import annotations

# The child processes (a start each) run this file too: only what a start itself loads is
# imported here, the rest in the functions of the parent, so that the children time nothing
# of the bench's own.
import os
import sys
import time
from pathlib import Path

SECTION_OF_CHILD = "home"

# -------------------------------------------------------------------- child processes (start)


def _poll_window(app, marks: dict[str, float], tracker_window: bool):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    def poll() -> None:
        for w in app.topLevelWidgets():
            if not (w.inherits("QMainWindow") and w.isVisible()):
                continue
            handle = w.windowHandle()
            if "exposed" not in marks and handle is not None and handle.isExposed():
                marks["exposed"] = time.time()
            if "exposed" in marks and "page" not in marks:
                built = getattr(getattr(w, "pages", None), "built", None)
                if not tracker_window or built is None or built:  # None: every page built up front
                    w.repaint()
                    marks["page"] = time.time()
                    w.close()
                    app.quit()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(1)
    return timer


# Every PySide type the real window has made by the time it is exposed, beyond the bare window's
# own (listed from the module dictionaries of a real start: PySide adds a type there when it
# makes it).
WINDOW_TYPES = {
    "QtCore": (
        "QByteArray QChildEvent QCryptographicHash QDir QDynamicPropertyChangeEvent QEvent "
        "QEventLoop QLibraryInfo QRect QRectF QSettings QSize QThread QTimerEvent QTranslator "
        "QXmlStreamReader"
    ),
    "QtGui": (
        "QAction QActionEvent QActionGroup QChildWindowEvent QCloseEvent QContextMenuEvent "
        "QDragEnterEvent QDragLeaveEvent QDragMoveEvent QDropEvent QEnterEvent QExposeEvent "
        "QFileOpenEvent QFocusEvent QFont QFontDatabase QFontMetrics QHelpEvent QHideEvent "
        "QHoverEvent QIcon QIconDragEvent QIconEngine QImage QInputEvent QInputMethodEvent "
        "QInputMethodQueryEvent QKeyEvent QKeySequence QMouseEvent QMoveEvent "
        "QNativeGestureEvent QPaintEvent QPainter QPalette QPixmap QPlatformSurfaceEvent "
        "QPointerEvent QResizeEvent QScreen QScrollEvent QScrollPrepareEvent QShortcutEvent "
        "QShowEvent QSinglePointEvent QStatusTipEvent QTabletEvent QToolBarChangeEvent "
        "QTouchEvent QWhatsThisClickedEvent QWheelEvent QWindowStateChangeEvent"
    ),
    "QtSvg": ("QSvgRenderer"),
    "QtWidgets": (
        "QAbstractItemView QAbstractScrollArea QAbstractSlider QDialog QFrame QGestureEvent "
        "QGraphicsSceneContextMenuEvent QGraphicsSceneDragDropEvent QGraphicsSceneEvent "
        "QGraphicsSceneHelpEvent QGraphicsSceneHoverEvent QGraphicsSceneMouseEvent "
        "QGraphicsSceneMoveEvent QGraphicsSceneResizeEvent QGraphicsSceneWheelEvent QLabel "
        "QLayout QLayoutItem QListView QListWidget QListWidgetItem QMenu QMenuBar QScrollBar "
        "QSplitter QStackedLayout QStackedWidget QStatusBar QStylePainter QTextBrowser "
        "QTextEdit QToolBar QWidgetAction"
    ),
}


def _touch_window_types() -> None:
    """PySide makes each Python type (and all its enums) on first use, and the bare window uses
    none of these. (The Qt namespace and QStyle alone cost about 0.25x a bare window's start:
    the real start makes neither before its window is exposed.)"""
    import importlib

    for module, names in WINDOW_TYPES.items():
        found = importlib.import_module(f"PySide6.{module}")
        for name in names.split():
            getattr(found, name)


def child(kind: str, url: str | None) -> None:
    from PySide6.QtWidgets import QApplication

    marks: dict[str, float] = {}
    timers = []
    if kind in ("bare", "typed"):
        app = QApplication(sys.argv)
        timers.append(_poll_window(app, marks, tracker_window=False))
        if kind == "typed":  # PySide's first use of the types the real window needs (not tracker's)
            _touch_window_types()
        from PySide6.QtWidgets import QMainWindow

        window = QMainWindow()
        window.resize(1400, 860)
        window.show()
        app.exec()
    else:  # as the launcher starts it, plain `tracker` on the user's own file (tracker/__main__.py)
        import tracker.ui.identity as identity
        from tracker.__main__ import main as launcher

        # The start makes its QApplication itself (with its style); the watch begins right after.
        prepare = identity.prepare_application

        def prepare_and_watch(app) -> None:  # type: ignore[no-untyped-def]
            prepare(app)
            timers.append(_poll_window(app, marks, tracker_window=True))

        identity.prepare_application = prepare_and_watch  # type: ignore[assignment]
        sys.argv = ["tracker"]
        launcher()
    for timer in timers:
        timer.stop()
    print(f"exposed {marks['exposed']!r} page {marks.get('page', marks['exposed'])!r}")


def start_once(kind: str, url: str, env: dict[str, str]) -> tuple[float, float]:
    import subprocess

    t0 = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, url], env=env, capture_output=True, text=True
    )
    if out.returncode != 0 or "exposed" not in out.stdout:
        raise SystemExit(f"{kind} start failed ({out.returncode}):\n{out.stdout}\n{out.stderr}")
    words = out.stdout.split()
    return float(words[words.index("exposed") + 1]) - t0, float(words[words.index("page") + 1]) - t0


# -------------------------------------------------------------------- in-process (saves, pages)


def settle(app, window) -> None:  # type: ignore[no-untyped-def]
    """Let queued change deliveries and repaints run."""
    for _ in range(50):
        app.processEvents()
        if not getattr(getattr(window, "changes", None), "pending", False):
            break
    app.processEvents()
    window.repaint()


def time_save(app, window, dialog, edit) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialogButtonBox, QLabel

    dialog.open()
    app.processEvents()
    edit(dialog)
    button = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    t0 = time.perf_counter()
    button.click()
    closed = time.perf_counter() - t0
    assert not dialog.isVisible(), f"the dialog did not close: {dialog.findChildren(QLabel)[-1].text()}"
    settle(app, window)
    caught_up = time.perf_counter() - t0
    dialog.deleteLater()
    return closed, caught_up


def in_process(url: str, runs: int) -> dict[str, list[float]]:
    import sqlalchemy as sa
    from PySide6.QtCore import QUrl
    from PySide6.QtWidgets import QApplication

    from tracker.db.models import Action, Person
    from tracker.db.store import open_database
    from tracker.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    db, _ = open_database(url)
    window = MainWindow(db)
    window.show()
    for _ in range(20):
        app.processEvents()
    for key in ("home", "calendar", "meetings", "countries"):  # visited earlier: built, now hidden
        window.show_section(key)
        app.processEvents()
    with db.read() as s:
        action_ids = list(
            s.scalars(
                sa.select(Action.id)
                .where(Action.status.in_(("open", "in_progress")))
                .order_by(Action.id)
                .limit(runs)
            )
        )
        person_ids = list(
            s.scalars(sa.select(Person.id).where(Person.is_staff.is_(False)).order_by(Person.id).limit(runs))
        )
    got: dict[str, list[float]] = {
        k: []
        for k in ("status closed", "status caught up", "note closed", "note caught up", "country", "more")
    }

    def next_status(dialog) -> None:  # type: ignore[no-untyped-def]
        from tracker.domain.enums import ActionStatus

        box = dialog.form.field("status")  # open <-> in progress: no completion date asked for
        now = box.value()
        box.set_value(ActionStatus.OPEN if now == ActionStatus.IN_PROGRESS else ActionStatus.IN_PROGRESS)

    def new_note(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.form.field("notes").setPlainText(f"메모 {time.time()}")

    window.show_section("actions")
    app.processEvents()
    for key in action_ids:
        closed, caught = time_save(app, window, window._dialog("actions", key), next_status)
        got["status closed"].append(closed)
        got["status caught up"].append(caught)
    window.show_section("persons")
    app.processEvents()
    for key in person_ids:
        closed, caught = time_save(app, window, window._dialog("persons", key), new_note)
        got["note closed"].append(closed)
        got["note caught up"].append(caught)

    window.show_section("countries")
    for _ in range(runs):
        window.open_record("countries", "KR")
        app.processEvents()
        t0 = time.perf_counter()
        window.open_record("countries", "US")
        window.viewer.viewport().repaint()
        got["country"].append(time.perf_counter() - t0)
        if hasattr(window, "_link_clicked"):
            t0 = time.perf_counter()
            window._link_clicked(QUrl("more:meetings"))
            window.viewer.viewport().repaint()
            got["more"].append(time.perf_counter() - t0)
    window.close()
    db.dispose()
    return got


# -------------------------------------------------------------------- main


def prepare(source: Path, folder: Path, env: dict[str, str]) -> str:
    import shutil

    from tracker.config import default_database_path, sqlite_url

    target = default_database_path()  # where a plain `tracker` opens it, in the run's folder
    shutil.copyfile(source, target)

    url = sqlite_url(target)  # quoted: a '#' or '?' in the folder name would cut a hand-made URL
    from tracker.db.statistics import refresh_statistics
    from tracker.db.store import open_database

    db, _ = open_database(url)  # upgrade once, untimed
    refresh_statistics(db)  # as the app does when it closes
    db.dispose()
    for kind in ("app", "bare", "typed"):  # warm the file cache and the bytecode for each kind
        start_once(kind, url, env)
    return url


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # a start, timed: nothing of the parent's loaded first
        child(sys.argv[2], sys.argv[3])
        return
    import argparse
    import statistics
    import tempfile

    parser = argparse.ArgumentParser()
    parser.add_argument("database", type=Path, nargs="?")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "URL"))
    parser.add_argument("--startup-only", action="store_true", help="only the start-up rows")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(folder / "config"),
            "XDG_DATA_HOME": str(folder / "share"),  # the data folder, found as a user's is
            "HOME": str(folder),
            # Each start finds its compiled bytecode, as an installed copy does (pip compiles on
            # install): a checkout run with PYTHONDONTWRITEBYTECODE would time the compiler.
            "PYTHONPYCACHEPREFIX": str(folder / "pycache"),
        }
        for name in ("PYTHONDONTWRITEBYTECODE", "TRACKER_DATA_DIR", "TRACKER_DATABASE_URL"):
            env.pop(name, None)
            os.environ.pop(name, None)
        os.environ.update(env)
        url = prepare(Path(args.database), folder, env)
        bare, typed, app_exposed, app_page = [], [], [], []
        for _ in range(args.runs):
            bare.append(start_once("bare", url, env)[0])
            typed.append(start_once("typed", url, env)[0])
            exposed, page = start_once("app", url, env)
            app_exposed.append(exposed)
            app_page.append(page)
        got = (
            {
                k: []
                for k in (
                    "status closed",
                    "status caught up",
                    "note closed",
                    "note caught up",
                    "country",
                    "more",
                )
            }
            if args.startup_only
            else in_process(url, args.runs)
        )

    def ms(values: list[float]) -> float:
        return statistics.median(values) * 1000 if values else float("nan")

    base = ms(bare)
    rows = [
        ("bare PySide6 window: start -> exposed", base, "baseline"),
        ("  ... using the window's PySide types first", ms(typed), "(what PySide costs)"),
        ("start -> window exposed", ms(app_exposed), "<= 1.5x bare and < 1000 ms"),
        ("start -> opening page painted", ms(app_page), "(page after the window)"),
        ("follow-up status: Save -> dialog closed", ms(got["status closed"]), "< 100 ms"),
        ("  ... -> views caught up", ms(got["status caught up"]), "(after)"),
        ("person's note: Save -> dialog closed", ms(got["note closed"]), "< 100 ms"),
        ("  ... -> views caught up", ms(got["note caught up"]), "(after)"),
        ("country page (US): open -> painted", ms(got["country"]), "< 150 ms"),
    ]
    if args.startup_only:
        rows = rows[:4]
    if got["more"]:
        rows.append(("  'more…' under meetings -> painted", ms(got["more"]), "(on request)"))
    print(
        f"{args.runs} runs each, medians; {sys.platform}, {os.cpu_count()} cores, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'default')}"
    )
    print(f"{'what':44} {'ms':>8} {'x bare':>7}  target")
    for what, value, target in rows:
        print(f"{what:44} {value:8.0f} {value / base:7.2f}  {target}")


if __name__ == "__main__":
    main()
