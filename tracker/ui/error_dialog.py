"""What the user sees when something unexpected fails: a dialog that says what failed, that
saved records are safe, and where the log is, with a button that copies the details for a
report. Installed once the window is on screen (tracker.app); an error before that is held
and shown then (tracker/logs.py holds the Qt-free part, tracker/ui/qt_messages.py Qt's own
warnings).

A write the team database's server refused (a read-only role, a 대외비 record without the
label) that no screen caught is not 'unexpected': the same dialog says what the role does not
allow, in the words of tracker/db/roles.py, instead of the driver's error.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker import logs
from tracker.domain.i18n import pick, plural
from tracker.ui.accessibility import keep_named
from tracker.ui.qt_messages import install_qt_messages

if TYPE_CHECKING:
    from tracker.db.roles import PermissionRefused


def version_text() -> str:
    import platform

    from tracker.about import app_version

    return (
        f"tracker {app_version()}, Python {platform.python_version()}, "
        f"Qt {_qt_version()}, {platform.platform()}"
    )


def _qt_version() -> str:
    from PySide6 import __version__

    return __version__


class ErrorDialog(QDialog):
    """One dialog for a burst of errors: a second one while it is open is counted in it."""

    def __init__(
        self,
        where: str,
        error: BaseException,
        details: str,
        log_file: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setObjectName("error-dialog")
        self.refused = _refused(error)
        if self.refused is not None:
            self.setWindowTitle(pick("권한 없음", "Not allowed"))
        else:
            self.setWindowTitle(pick("예기치 않은 오류", "Unexpected error"))
        self.log_file = log_file
        self.details = f"{version_text()}\n{pick('로그', 'Log')}: {log_file or '-'}\n\n{details}"
        self.count = 1
        self.message = QLabel(self._message(where, error))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QLabel()
        self.text = QPlainTextEdit(self.details, readOnly=True)
        self.text.setAccessibleName(pick("오류 세부 정보", "Error details"))
        self.text.setMinimumHeight(160)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.copy_button = QPushButton(pick("세부 정보 복사", "Copy details"))
        self.copy_button.clicked.connect(self.copy_details)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        if log_file is not None:
            folder = QPushButton(pick("로그 폴더 열기", "Open log folder"))
            folder.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_file.parent))))
            buttons.addButton(folder, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        for w in (self.message, self.more, self.text, buttons):
            layout.addWidget(w)
        self.more.hide()
        self.resize(640, 420)

    def _message(self, where: str, error: BaseException) -> str:
        if self.refused is not None:
            return self.refused.message() + pick(
                "\n\n열려 있는 편집 창의 내용은 그대로 있습니다.",
                "\n\nForms you have open keep what you typed.",
            )
        what = f"{type(error).__name__}: {error}"
        where_ko = f" ({where})" if where else ""
        log_place = (
            str(self.log_file) if self.log_file else pick("(기록할 수 없음)", "(could not be written)")
        )
        return pick(
            f"예기치 않은 오류로 작업을 마치지 못했습니다{where_ko}.\n{what}\n\n"
            "저장해 둔 기록은 잃지 않았습니다. 저장은 모두 되거나 전혀 되지 않으므로, 이 작업은 끝났거나 "
            "아무것도 바꾸지 않았습니다. 열려 있는 편집 창의 내용도 그대로 있으니 다시 저장해 보세요.\n\n"
            f"자세한 내용은 로그에 기록했습니다: {log_place}",
            f"An unexpected error stopped an action{where_ko}.\n{what}\n\n"
            "Nothing you had saved was lost. Every save is all-or-nothing, so this action either "
            "finished or changed nothing. Forms you have open keep what you typed: try saving again.\n\n"
            f"The details are in the log: {log_place}",
        )

    def add_occurrence(self, details: str) -> None:
        self.count += 1
        self.details += f"\n\n---\n{details}"
        self.text.setPlainText(self.details)
        self.more.setText(
            pick(
                f"그 뒤에도 오류가 {self.count - 1}번 더 있었습니다.",
                plural(self.count - 1, "1 more error followed.", f"{self.count - 1} more errors followed."),
            )
        )
        self.more.show()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.details)


def _refused(error: BaseException) -> PermissionRefused | None:
    """The server's refusal behind `error` (itself, or the driver's error for it), if any."""
    # Imported here: this module loads before the first paint, the database library after it.
    from tracker.db.roles import refusal

    return refusal(error)


class _Relay(QObject):
    """Carries a report from whichever thread failed to the GUI thread, after the failing
    call has unwound (a queued signal), so the dialog never opens inside a half-run slot."""

    failed = Signal(str, object, str)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.dialog: ErrorDialog | None = None
        self.failed.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def report(self, where: str, error: BaseException, details: str) -> None:
        self.failed.emit(where, error, details)

    def _show(self, where: str, error: BaseException, details: str) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.add_occurrence(details)
            return
        parent = QApplication.activeWindow()
        self.dialog = ErrorDialog(where, error, details, logs.current_log_file(), parent)
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget)
        self.dialog.show()
        self.dialog.raise_()

    def _forget(self) -> None:
        self.dialog = None


def install_error_reporting(app: QApplication) -> _Relay:
    """Qt's messages into the log; every unexpected exception logged, then shown in the dialog
    (with those held since `logs.hold_reports`, from before the window was on screen)."""
    install_qt_messages()
    relay = _Relay(app)
    logs.install_excepthooks()
    logs.set_reporter(relay.report)
    return relay
