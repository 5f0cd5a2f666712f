"""Composition root: settings, database, migrations, QApplication, main window."""

from __future__ import annotations

import sys

from tracker import config
from tracker.db.migrate import MigrationError
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.platform_check import explain, missing_linux_packages


def run(db: str | None = None, demo: bool = False, lang: str | None = None) -> int:
    missing = missing_linux_packages()
    if missing:
        print(explain(missing), file=sys.stderr)
        return 3

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication, QMessageBox

    from tracker.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName(config.APP_NAME)
    app.setOrganizationName(config.ORG_NAME)
    app.setStyle("Fusion")  # one clean look everywhere; follows the system's light/dark scheme
    saved = QSettings().value("ui/language")
    i18n.set_language(lang or (saved if saved in i18n.SUPPORTED else None))
    from tracker.ui.qt_language import apply_qt_language

    apply_qt_language(i18n.language())

    url = config.sqlite_url(config.demo_database_path()) if demo and not db else config.database_url(db)
    try:
        database, _ = open_database(url)
    except MigrationError as exc:
        QMessageBox.critical(None, "tracker", str(exc))
        return 2
    if demo:
        _ensure_demo(database)
    window = MainWindow(database)
    window.show()
    window.reminders.start()
    code = app.exec()
    database.dispose()
    return code


def _ensure_demo(database) -> None:  # type: ignore[no-untyped-def]
    import sqlalchemy as sa

    from tracker.export.demo import load_demo

    with database.engine.connect() as conn:
        has_trips = conn.execute(sa.text("SELECT count(*) FROM trips")).scalar_one()
    if not has_trips:
        load_demo(database)
