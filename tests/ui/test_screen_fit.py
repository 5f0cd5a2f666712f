"""Windows fit the screen (a 200 % display has half the logical pixels): the main window, every
editor, a saved geometry only if it fits; the sidebar is as wide as its longest label."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSettings
from PySide6.QtWidgets import QApplication, QLineEdit, QMainWindow

from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui.main_window import EDITORS, MainWindow, _register_rich_editors
from tracker.ui.screen_fit import available


def _inside(widget) -> bool:
    return available(widget).contains(widget.frameGeometry())


def test_the_main_window_and_every_editor_fit_the_screen(qtbot, db):
    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = available(window)
    assert screen.width() < 1400  # the test screen is smaller than the size the window asks for
    assert _inside(window), (window.frameGeometry(), screen)
    _register_rich_editors()
    for kind, open_editor in EDITORS.items():
        dialog = open_editor(db, None, window)
        qtbot.addWidget(dialog)
        dialog.show()
        assert _inside(dialog), (kind, dialog.frameGeometry(), screen)
        assert dialog.minimumSize().height() <= screen.height(), kind  # too tall: it scrolls
        # the fields are there the moment it opens, not a turn of the event loop later: a Save
        # pressed at once must find them (and its message must show)
        assert [w for w in dialog.findChildren(QLineEdit) if w.isVisible()], kind
        dialog.reject()


def test_a_saved_geometry_that_no_longer_fits_is_not_restored(qtbot, db):
    big = QMainWindow()
    qtbot.addWidget(big)
    big.setGeometry(QRect(0, 0, 2600, 1600))  # saved on a larger screen
    QSettings().setValue("window/geometry", big.saveGeometry())
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    assert _inside(window)
    small = QMainWindow()
    qtbot.addWidget(small)
    small.setGeometry(QRect(40, 50, 500, 400))
    QSettings().setValue("window/geometry", small.saveGeometry())
    again = MainWindow(db)
    qtbot.addWidget(again)
    assert again.size().width() == 500  # one that fits is kept


def test_sidebar_labels_are_whole_in_both_languages_with_a_large_font(qtbot, db):
    app = QApplication.instance()
    normal = app.font()
    large = app.font()
    large.setPointSizeF(normal.pointSizeF() * 1.8)  # large text, as on a high-DPI system
    app.setFont(large)
    try:
        for lang in ("ko", "en"):
            i18n.set_language(lang)
            window = MainWindow(db)
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            nav = window.nav
            for row in range(nav.count()):
                item = nav.item(row)
                text_width = nav.fontMetrics().horizontalAdvance(item.text())
                icon = nav.iconSize().width() if nav.iconSize().isValid() else 16
                room = nav.viewport().width() - icon - 12  # what the list shows beside the icon
                assert text_width <= room, (lang, item.text(), text_width, room)
    finally:
        app.setFont(normal)


def test_every_section_fits_the_screen_and_home_does_not_keep_another_section_s_size(qtbot, db):
    from tracker.ui.main_window import SECTIONS

    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    screen = available(window)
    for key, *_ in SECTIONS:
        window.show_section(key)
        QApplication.processEvents()
        hint = window.minimumSizeHint()
        assert hint.width() <= screen.width() and hint.height() <= screen.height(), (key, hint, screen)
        assert _inside(window), (key, window.frameGeometry(), screen)
    window.show_section("home")
    assert window.stack.minimumSizeHint().width() < screen.width() // 2
