"""The meeting editor's attachments: photos and files dropped anywhere on the dialog (or
chosen with Add files…) wait in the list and are stored with the meeting when it is saved,
each on its own: a file that cannot be stored stays in the list and loses nothing else."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import attachments as attachment_service
from tracker.ui.meeting_rows import MeetingRows


class AttachmentDrop(QFrame):
    """Drop photos and files here; they are stored with the meeting when it is saved."""

    def __init__(self, on_files: Callable[[list[Path]], Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.on_files = on_files
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMinimumHeight(120)

    @staticmethod
    def files_in(mime: QMimeData) -> list[Path]:
        if not mime.hasUrls():
            return []
        paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
        return [p for p in paths if p.is_file()]

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if self.files_in(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.dragEnterEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if self.drop_mime(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop_mime(self, mime: QMimeData) -> bool:
        paths = self.files_in(mime)
        if paths:
            self.on_files(paths)
        return bool(paths)


class AttachmentsSection(MeetingRows):
    """The Attachments tab of the meeting editor: files waiting to be stored and those stored."""

    def _build_files(self) -> QWidget:
        self.attachments = AttachmentDrop(self.add_files)
        self.files = QListWidget()
        hint = QLabel(
            pick(
                "사진·파일을 여기로 끌어다 놓으세요. 면담을 저장할 때 함께 저장됩니다.",
                "Drop photos and files here. They are stored when the meeting is saved.",
            )
        )
        hint.setWordWrap(True)
        self.file_buttons = {
            "add": self._button(pick("파일 추가…", "Add files…"), self._choose_files),
            "remove": self._button(vocabulary.REMOVE(), lambda: self.remove_file(self.files.currentRow())),
        }
        tools = QHBoxLayout()
        for button in self.file_buttons.values():
            tools.addWidget(button)
        tools.addStretch(1)
        col = QVBoxLayout(self.attachments)
        col.addWidget(hint)
        col.addWidget(self.files)
        col.addLayout(tools)
        return self.attachments

    def _render_files(self) -> None:
        with self._quiet():
            self.files.clear()
            for row in self._state["files"]:
                item = QListWidgetItem(f"{row['path'].name}  — {pick('저장 시 추가', 'added on save')}")
                item.setToolTip(str(row["path"]))
                self.files.addItem(item)
            for name in self.state.saved_files:
                item = QListWidgetItem(name)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                item.setToolTip(pick("저장됨", "Stored"))
                self.files.addItem(item)

    def add_files(self, paths: Iterable[Path | str]) -> int:
        """Queue files to store with the meeting when it is saved; return how many were added."""
        known = {r["path"] for r in self._state["files"]}
        new = []
        for p in paths:
            path = Path(p).resolve()
            if path.is_file() and path not in known:
                known.add(path)
                new.append(self.state.row(path=path))
        if new:
            self._change("files", lambda rs: rs.extend(new), pick("첨부파일 추가", "Add attachments"))
            self.tabs.setCurrentWidget(self.files_page)
        return len(new)

    @property
    def pending_files(self) -> list[Path]:
        """Files that will be stored with the meeting when it is saved."""
        return [r["path"] for r in self._state["files"]]

    def remove_file(self, row: int) -> None:
        if 0 <= row < len(self._state["files"]):
            self._change("files", lambda rs: rs.pop(row), pick("첨부파일 삭제", "Remove attachment"))

    def _choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, pick("첨부할 파일", "Files to attach"))
        self.add_files(names)

    def dragEnterEvent(self, event: Any) -> None:  # noqa: N802 - Qt API: a drop anywhere counts
        self.attachments.dragEnterEvent(event)

    def dragMoveEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.attachments.dragMoveEvent(event)

    def dropEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        self.attachments.dropEvent(event)

    def _store_files(self, meeting_id: uuid.UUID) -> tuple[list[dict[str, Any]], list[str]]:
        failed: list[dict[str, Any]] = []
        problems: list[str] = []
        for row in self._state["files"]:
            try:
                attachment_service.add_attachment(self.db, row["path"], meeting_id=meeting_id)
            except (OSError, DomainError) as exc:
                failed.append(row)
                problems.append(f"{row['path'].name}: {exc}")
        return failed, problems
