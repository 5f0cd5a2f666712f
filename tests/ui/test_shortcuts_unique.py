"""No two commands of the main window answer the same key: Qt runs neither of two actions that
share a shortcut ("ambiguous shortcut"), so both would silently stop working."""

from __future__ import annotations

from collections import defaultdict

from PySide6.QtGui import QAction, QShortcut

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui.main_window import SECTIONS, MainWindow


def test_every_key_of_the_main_window_runs_one_command(qtbot, db):
    load_demo(db)
    for lang in ("ko", "en"):
        i18n.set_language(lang)
        window = MainWindow(db)
        qtbot.addWidget(window)
        window.show()
        assert window.reminders is not None  # made on first use: its key counts too
        for key, *_ in SECTIONS:
            window.show_section(key)
        owners: dict[str, set[str]] = defaultdict(set)
        for action in set(window.findChildren(QAction)) | set(window.actions()):
            for sequence in action.shortcuts():
                if not sequence.isEmpty():
                    owners[sequence.toString()].add(action.text().replace("&", "") or action.objectName())
        for shortcut in window.findChildren(QShortcut):
            if not shortcut.key().isEmpty():
                owners[shortcut.key().toString()].add(shortcut.objectName() or repr(shortcut))
        shared = {keys: names for keys, names in owners.items() if len(names) > 1}
        assert shared == {}, lang
        window.close()
