"""The dialog shown when the database cannot be used: damaged, not tracker's, or not upgradable
(a full disk during the pre-upgrade backup). It says what happened and where the latest verified
backup is, and offers "restore it" / "open another file" / "quit". It changes nothing itself:
the caller restores only when the user chose so."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.i18n import pick
from tracker.ui.accessibility import keep_named


class Choice(enum.Enum):
    RESTORE = "restore"
    OPEN_OTHER = "open_other"
    QUIT = "quit"


@dataclass(frozen=True)
class Recovery:
    choice: Choice
    path: Path | None = None  # the backup to restore, or the other file to open


class RecoveryDialog(QDialog):
    def __init__(
        self, problem: str, database: Path | None, backup: Path | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.database, self.backup = database, backup
        self.recovery = Recovery(Choice.QUIT)
        self.setWindowTitle(
            pick("tracker — 데이터베이스를 열 수 없습니다", "tracker — the database cannot be opened")
        )
        self.problem_label = _label(problem)
        self.database_label = _label(
            pick(f"데이터베이스: {database}", f"Database: {database}") if database else ""
        )
        self.backup_label = _label(self._backup_text())
        self.restore_button = QPushButton(pick("백업 복원", "Restore it"))
        self.open_button = QPushButton(pick("다른 파일 열기…", "Open another file…"))
        self.quit_button = QPushButton(pick("종료", "Quit"))
        self.restore_button.setEnabled(backup is not None and database is not None)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.quit_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self._restore)
        self.open_button.clicked.connect(self._open_other)
        self.quit_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        for label in (self.problem_label, self.database_label, self.backup_label):
            layout.addWidget(label)
        layout.addWidget(buttons)
        self.quit_button.setDefault(True)  # Enter must never overwrite anything

    def _backup_text(self) -> str:
        if self.backup is None:
            return pick("검증된 백업을 찾지 못했습니다.", "No verified backup was found.")
        return pick(
            f"가장 최근의 검증된 백업: {self.backup}\n"
            "복원하면 지금 파일은 지우지 않고 백업 폴더에 따로 보관합니다.",
            f"Latest verified backup: {self.backup}\n"
            "Restoring keeps a copy of the current file in the backup folder; nothing is deleted.",
        )

    def _restore(self) -> None:
        self.recovery = Recovery(Choice.RESTORE, self.backup)
        self.accept()

    def _open_other(self) -> None:
        folder = self.database.parent if self.database else Path.home()
        chosen = self.ask_open_path(self, folder)
        if chosen is not None:
            self.recovery = Recovery(Choice.OPEN_OTHER, chosen)
            self.accept()

    # ------------------------------------------------------------------ questions (patchable)
    @classmethod
    def ask(cls, problem: str, database: Path | None, backup: Path | None) -> Recovery:
        dialog = cls(problem, database, backup)
        dialog.exec()
        return dialog.recovery

    @classmethod
    def ask_open_path(cls, parent: QWidget | None, folder: Path) -> Path | None:
        name, _ = QFileDialog.getOpenFileName(
            parent,
            pick("열 데이터베이스 파일", "Database file to open"),
            str(folder),
            pick(
                "SQLite 데이터베이스 (*.sqlite3 *.sqlite *.db);;모든 파일 (*)",
                "SQLite databases (*.sqlite3 *.sqlite *.db);;All files (*)",
            ),
        )
        return Path(name) if name else None


def _label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths can be copied
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
