"""Help › About tells the version, the open database and its schema version, the folders of the
data and the log (links that open them), and the licences of the bundled fonts and libraries;
the window, taskbar and sidebar have icons of their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from tracker import __version__
from tracker.db.schema_version import head_revision
from tracker.ui.about_dialog import AboutDialog
from tracker.ui.icons import section_icon, section_icon_names
from tracker.ui.main_window import SECTIONS, MainWindow


@pytest.fixture
def window(qtbot, db):
    w = MainWindow(db)
    qtbot.addWidget(w)
    return w


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    urls: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: urls.append(QUrl(url).toLocalFile()) or True)
    return urls


def test_help_menu_opens_about_with_version_database_and_schema(window, db, qtbot):
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus[-1] == "&Help"
    window.about_action.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    facts = dialog.facts_label.text()
    assert dialog.version == __version__
    assert str(db.sqlite_path) in facts
    assert f"{head_revision()} (current)" in facts
    licences = dialog.licences.toPlainText()
    for expected in (
        "NanumGothic",
        "SIL Open Font License 1.1",
        "Droid Sans Fallback",
        "Apache License 2.0",
        "SQLAlchemy",
        "MIT",
        "PySide6",
    ):
        assert expected in licences
    dialog.close()


def test_links_open_the_data_and_log_folders(window, db, opened, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_LOG_DIR", str(tmp_path / "logs-here"))
    dialog = AboutDialog(db, window)
    dialog.facts_label.linkActivated.emit("data")
    dialog.facts_label.linkActivated.emit("log")
    window.data_folder_action.trigger()
    assert opened == [str(db.sqlite_path.parent), str(tmp_path / "logs-here"), str(db.sqlite_path.parent)]


def test_about_in_korean(window, db):
    from tracker.domain import i18n

    i18n.set_language("ko")
    dialog = AboutDialog(db, window)
    assert "스키마 버전" in dialog.facts_label.text() and "(최신)" in dialog.facts_label.text()
    assert dialog.windowTitle() == "tracker 정보"


def test_window_and_sections_have_their_own_icons(window, qapp):
    sizes = window.windowIcon().availableSizes()
    assert {16, 32, 48, 256} <= {s.width() for s in sizes}
    assert {icon for *_, icon in SECTIONS} <= set(section_icon_names())
    images = set()
    for row in range(window.nav.count()):
        image = window.nav.item(row).icon().pixmap(24, 24).toImage()
        assert not image.isNull()
        images.add(bytes(image.constBits()))
    assert len(images) == len(SECTIONS)  # every section its own picture


def test_section_icons_follow_the_text_colour(qapp):
    from PySide6.QtGui import QColor, QPalette

    dark, light = QPalette(), QPalette()
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    light.setColor(QPalette.ColorRole.WindowText, QColor("#111111"))
    drawn = []
    for palette in (light, dark):
        qapp.setPalette(palette)
        image = section_icon("trips").pixmap(24, 24).toImage()
        drawn.append(
            max(
                (image.pixelColor(x, y) for x in range(24) for y in range(24)), key=lambda c: c.alpha()
            ).lightness()
        )
    qapp.setPalette(QPalette())
    assert drawn[0] < 60 < 200 < drawn[1]


def test_the_application_introduces_itself_to_the_desktop(qapp, monkeypatch, tmp_path):
    import sys
    import threading

    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QFont

    from tracker import logs
    from tracker.ui.identity import prepare_application

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    font, names = QFont(qapp.font()), (qapp.applicationName(), qapp.organizationName())
    qt_handler = qInstallMessageHandler(None)  # pytest-qt's, put back afterwards
    try:
        prepare_application(qapp)
        assert qapp.applicationName() == "tracker" and qapp.applicationVersion() == __version__
        assert qapp.desktopFileName() == "tracker"
        assert not qapp.windowIcon().isNull()
        assert "NanumGothic" in qapp.font().families()
    finally:
        logs.set_reporter(None)
        qInstallMessageHandler(qt_handler)
        qapp.setFont(font)
        qapp.setApplicationName(names[0])
        qapp.setOrganizationName(names[1])
