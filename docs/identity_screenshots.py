"""The main window (Korean) and the About box, as a machine without any Korean system font shows
them (the bundled fonts only), saved in docs/screenshots/:

    xvfb-run -a .venv/bin/python docs/identity_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).with_name("screenshots")


def main() -> int:
    tmp = Path(tempfile.mkdtemp())
    os.environ.setdefault("TRACKER_DATA_DIR", str(tmp))
    os.environ.setdefault("TRACKER_LOG_DIR", str(tmp / "log"))
    from PySide6.QtWidgets import QApplication

    from tracker.db.store import open_database
    from tracker.domain import i18n
    from tracker.export.demo import load_demo
    from tracker.ui.identity import prepare_application
    from tracker.ui.main_window import MainWindow

    i18n.set_language("ko")
    app = QApplication(sys.argv)
    app.setStyle("Fusion")
    prepare_application(app)
    from tracker.ui.qt_language import apply_qt_language

    apply_qt_language("ko")
    db, _ = open_database(tmp / "tracker.sqlite3")
    load_demo(db)
    window = MainWindow(db)
    window.resize(1400, 860)
    window.show()
    OUT.mkdir(exist_ok=True)
    for _ in range(5):
        app.processEvents()
    window.show_section("persons")
    window.open_record("countries", "CN")
    app.processEvents()
    window.grab().save(str(OUT / "main-window-ko.png"))
    about = window.show_about()
    about.resize(640, 620)
    app.processEvents()
    about.grab().save(str(OUT / "about.png"))
    print(OUT / "main-window-ko.png", OUT / "about.png")
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
