"""Qt's own warnings (a missing font, a bad connection) into the program's log, from the
first moment the application exists. A module of its own because it is installed before the
window shows, while the error dialog (tracker/ui/error_dialog.py) is loaded after it."""

from __future__ import annotations

import logging

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

qt_log = logging.getLogger("qt")
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def qt_message_handler(kind: QtMsgType, context, message: str) -> None:  # type: ignore[no-untyped-def]
    category = getattr(context, "category", None)
    prefix = f"{category}: " if category and category != "default" else ""
    qt_log.log(_LEVELS.get(kind, logging.WARNING), "%s%s", prefix, message)


def install_qt_messages() -> None:
    qInstallMessageHandler(qt_message_handler)
