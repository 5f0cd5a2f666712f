"""Composition root: settings, database, migrations, QApplication, main window.

The window is on screen before the database layer is imported: `run` shows the main window's
frame (sidebar, menus, an empty page), then imports SQLAlchemy, opens (or upgrades) the
database and hands it to the window, which fills its opening section."""

from __future__ import annotations

import logging
import sys

from tracker import config
from tracker.domain import i18n
from tracker.domain.i18n import pick
from tracker.platform_check import explain, missing_linux_packages

log = logging.getLogger(__name__)

# The longest the start waits for the window's first paint before opening the database anyway
# (a window that never paints, e.g. started minimized, must not hold the database back).
FIRST_PAINT_MS = 1000


def run(db: str | None = None, demo: bool = False, lang: str | None = None) -> int:
    missing = missing_linux_packages()
    if missing:
        print(explain(missing), file=sys.stderr)
        return 3

    from PySide6.QtWidgets import QApplication

    from tracker.ui.identity import prepare_application

    # Fusion: one clean look everywhere; it follows the system's light/dark scheme. Given as
    # the application's argument, not by `setStyle`, whose returned QStyle makes PySide build
    # the enums of QStyle's Python type before the window shows (5 ms).
    app = QApplication.instance()
    if app is None:
        app = QApplication([*sys.argv[:1], "-style", "Fusion", *sys.argv[1:]])
    else:  # made by whoever called (a test, a bench)
        app.setStyle("Fusion")
    prepare_application(app)  # name, version, icon, bundled Korean font, Qt's warnings logged
    from tracker.ui import settings

    settings.apply_font_size(app)  # Settings › font size
    i18n.set_language(lang or settings.LANGUAGE.get())
    from tracker.ui.qt_language import apply_qt_language

    apply_qt_language(i18n.language())

    from tracker.ui import single_instance

    instance = single_instance.claim(db, demo)
    if instance is None:  # this database is open in another window, now brought forward
        print(
            pick(
                "tracker가 이 데이터베이스로 이미 열려 있어 그 창을 앞으로 가져왔습니다.",
                "tracker is already open on this database; its window was brought to the front.",
            ),
            file=sys.stderr,
        )
        log.info("already open on this database: the running window was asked to come forward")
        return 0
    try:
        window = _show_frame(app)
        from tracker.logs import open_held_log
        from tracker.ui.error_dialog import install_error_reporting

        open_held_log()  # the log file, held back by `python -m tracker` until the window showed
        install_error_reporting(app)  # the error dialog, with any error held since the start
        instance.listen()  # another start on this database now brings this window forward
        instance.activated.connect(lambda: _bring_forward(app))
        url = config.sqlite_url(config.demo_database_path()) if demo and not db else config.database_url(db)
        return session(app, url, demo, window)
    finally:
        instance.close()


def _show_frame(app):  # type: ignore[no-untyped-def]
    """The main window without its database, on screen: its frame, sidebar and menus."""
    from PySide6.QtCore import QEventLoop, QTimer

    from tracker.ui.main_window import MainWindow

    window = MainWindow(None)
    loop = QEventLoop()
    # Quit once what the paint queued has run too (the window system has the whole frame).
    window.first_painted.connect(lambda: QTimer.singleShot(0, loop.quit))
    window.show()
    if not window._painted:
        QTimer.singleShot(FIRST_PAINT_MS, loop.quit)
        loop.exec()
    log.info("main window on screen; opening the database")
    return window


def _bring_forward(app) -> None:  # type: ignore[no-untyped-def]
    from tracker.ui.main_window import MainWindow

    for widget in app.topLevelWidgets():
        if isinstance(widget, MainWindow) and not widget.isHidden():
            widget.bring_to_front()


def session(app, url: str, demo: bool = False, window=None) -> int:  # type: ignore[no-untyped-def]
    """Open the database and run the window (`window`: one already on screen without its
    database). Whenever the file proves unusable, at start or later (a damaged page met while
    a list loads), the recovery dialog decides what comes next; nothing is overwritten unless
    the user chooses to restore."""
    import sqlite3

    import sqlalchemy as sa

    from tracker.db.backup import is_damage
    from tracker.db.statistics import refresh_statistics
    from tracker.ui.main_window import MainWindow
    from tracker.ui.settings import name_the_actor

    problem = None
    while True:
        if problem is not None:
            url = recover(url, problem)
            if url is None:
                if window is not None:
                    _discard(app, window)
                return 2
        database, problem = _try_open(url)
        if database is None:
            continue
        name_the_actor(database)
        watch = _DamageWatch(app)
        try:
            with watch:
                if demo:
                    _ensure_demo(database)
                if window is None:
                    window = MainWindow(database)
                    window.show()
                    window.start_reminders()  # once the window is on screen
                else:  # on screen already: its opening section is filled first, then reminders
                    window.start_reminders()
                    window.attach(database)
                log.info("main window shown: %s", sa.make_url(url).render_as_string(hide_password=True))
                code = app.exec()
            window.close()
            if watch.damage is None:  # a file found damaged is never written to, not even statistics
                refresh_statistics(database)  # PRAGMA optimize on close: the planner learns from today
        except (sqlite3.DatabaseError, sa.exc.DatabaseError) as exc:
            if not is_damage(exc):
                raise
            watch.damage = exc
        finally:
            if window is not None:
                _discard(app, window)
                window = None
            database.dispose()
        if watch.damage is None:
            return code
        problem = _damaged(url)


def _discard(app, window) -> None:  # type: ignore[no-untyped-def]
    """Delete the window at once, with its pending timers and loads, so that none of them reads
    its file again once the next database is open (or another session starts in the process)."""
    from PySide6.QtCore import QEvent

    window.close()
    window.deleteLater()
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _try_open(url: str):  # type: ignore[no-untyped-def]
    """The opened database and no problem, or no database and what went wrong (for the user)."""
    import sqlalchemy as sa

    from tracker.db.backup import BackupError
    from tracker.db.migrate import MigrationError
    from tracker.db.store import open_database

    try:
        database, _ = open_database(url)
    except MigrationError as exc:
        return None, str(exc)
    except (OSError, sa.exc.SQLAlchemyError, BackupError) as exc:
        return None, pick(f"데이터베이스를 열 수 없습니다: {exc}", f"The database cannot be opened: {exc}")
    return database, None


def _damaged(url: str) -> str:
    from tracker.db.engine import sqlite_path_of

    return pick(
        f"데이터베이스 파일이 손상되었습니다: {sqlite_path_of(url)}\n"
        "손상된 파일은 그대로 두었습니다. 백업을 복원하거나 다른 파일을 여세요.",
        f"The database file is damaged: {sqlite_path_of(url)}\n"
        "The damaged file was left as it is. Restore a backup or open another file.",
    )


def recover(url: str, problem: str) -> str | None:
    """Ask what to do about an unusable database: the URL to open next, or None to quit."""
    from tracker.db.backup import BackupError, latest_good_backup, restore
    from tracker.db.engine import sqlite_path_of
    from tracker.ui.recovery_dialog import Choice, RecoveryDialog

    while True:
        path = sqlite_path_of(url)
        backup = latest_good_backup(path) if path is not None else None
        answer = RecoveryDialog.ask(problem, path, backup)
        if answer.choice is Choice.OPEN_OTHER and answer.path is not None:
            return config.sqlite_url(answer.path)
        if answer.choice is not Choice.RESTORE or answer.path is None or path is None:
            return None
        try:
            kept = restore(answer.path, path)  # verifies the backup; keeps the damaged file
        except BackupError as exc:
            problem = str(exc)
            continue
        print(
            pick(
                f"백업을 복원했습니다: {answer.path} (이전 파일 보관: {kept})",
                f"Restored {answer.path} (the previous file is kept as {kept})",
            ),
            file=sys.stderr,
        )
        return url


class _DamageWatch:
    """While the window runs, an error from a damaged file in any slot ends the event loop (so
    that the recovery dialog can be shown) instead of leaving a half-loaded window behind."""

    def __init__(self, app) -> None:  # type: ignore[no-untyped-def]
        self.app = app
        self.damage: BaseException | None = None
        self._previous = sys.excepthook

    def __enter__(self) -> _DamageWatch:
        self._previous = sys.excepthook
        sys.excepthook = self._hook
        return self

    def __exit__(self, *exc: object) -> None:
        sys.excepthook = self._previous

    def _hook(self, kind, value, tb) -> None:  # type: ignore[no-untyped-def]
        from tracker.db.backup import is_damage

        if self.damage is None and is_damage(value):
            self.damage = value
            self.app.exit(2)
            return
        self._previous(kind, value, tb)


def _ensure_demo(database) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from tracker.db.statistics import refresh_statistics
    from tracker.export.demo import load_demo

    with database.engine.connect() as conn:
        has_trips = conn.execute(sa.text("SELECT count(*) FROM trips")).scalar_one()
    if not has_trips:
        load_demo(database)
        refresh_statistics(database, bulk_load=True)
