"""Open each main screen on the demo data and save a PNG of it in docs/screenshots/.

    xvfb-run -a .venv/bin/python docs/screenshots.py      (or QT_QPA_PLATFORM=offscreen)

Korean text needs a Korean font on the machine (Debian: fonts-nanum).
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
    from PySide6.QtWidgets import QApplication

    from tracker.db.store import open_database
    from tracker.domain import i18n
    from tracker.export.demo import load_demo
    from tracker.ui.main_window import SECTIONS, MainWindow

    i18n.set_language(os.environ.get("TRACKER_LANG", "ko"))
    app = QApplication(sys.argv)
    db, _ = open_database(tmp / "demo.sqlite3")
    load_demo(db)
    window = MainWindow(db)
    window.resize(1500, 900)
    window.show()
    OUT.mkdir(exist_ok=True)
    from datetime import date

    def shot(name: str) -> None:
        app.processEvents()
        window.grab().save(str(OUT / f"{name}.png"))
        print(OUT / f"{name}.png")

    for key, *_ in SECTIONS:
        window.show_section(key)
        page = window.pages[key]
        model = getattr(page, "model", None)
        if key in ("trips", "meetings") and model is not None and model.rowCount():
            window.open_record(key, model.record_id(0))
        if key == "countries":
            window.open_record("countries", "CA")
        if key == "calendar":
            page.go_to(date(2025, 12, 8))
            for mode in ("week", "month", "agenda"):
                page.set_mode(mode)
                shot(f"calendar-{mode}")
            continue
        shot(key)
    search = window.open_search()
    search.box.setText("양자")
    search.run_search()
    app.processEvents()
    search.grab().save(str(OUT / "search.png"))
    db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
