"""Who the running program is to the desktop: name, version, organization, the .desktop file
(Wayland and the taskbar find the icon through it) and the window icon; then the bundled
fonts, and Qt's warnings into the log. Called once, right after the QApplication is made.
The error dialog is installed once the window is on screen (`install_error_reporting`, in
tracker.app): errors before that are held for it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tracker import __version__, config

DESKTOP_FILE_NAME = "tracker"  # packaging/linux/tracker.desktop


def prepare_application(app: QApplication) -> None:
    from tracker import logs
    from tracker.ui.app_fonts import install_fonts
    from tracker.ui.icons import app_icon
    from tracker.ui.qt_messages import install_qt_messages

    app.setApplicationName(config.APP_NAME)
    # The same string the installed metadata carries (pyproject reads it from tracker/__init__);
    # asking importlib.metadata here would cost 20 ms at every start, About asks it instead.
    app.setApplicationVersion(__version__)
    app.setOrganizationName(config.ORG_NAME)
    app.setDesktopFileName(DESKTOP_FILE_NAME)
    app.setWindowIcon(app_icon())
    install_fonts(app)
    install_qt_messages()
    logs.hold_reports()
