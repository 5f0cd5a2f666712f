"""Edits of the selected follow-ups from the list: a status (with an optional completion note
when done), the quick actions (done, in progress, postpone a week or a month), a bulk edit in
one transaction, the completion note, and the context menu that offers them."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QPoint, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QWidget,
)

from tracker.db.engine import Database
from tracker.db.roles import PermissionRefused
from tracker.domain.enums import ActionStatus
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick, plural
from tracker.domain.labels import label
from tracker.services import actions as action_service
from tracker.services import reminders as deadline_service
from tracker.ui.followups_bulk import BulkEditDialog
from tracker.ui.followups_columns import COL_NOTE
from tracker.ui.followups_model import FollowupsModel


class FollowupEdits(QWidget):
    """The edits of `FollowupsPage` (its base): they act on the page's selection and say a
    refusal in its message line; the list refreshes itself from the change that follows."""

    db: Database
    model: FollowupsModel
    table: QTableView
    message: QLabel
    today: Callable[[], date]
    open_record: SignalInstance
    quick_buttons: dict[str, QPushButton]
    # A reader's list (the server lets them only read): it offers no change.
    read_only = False

    def make_read_only(self) -> None:
        """No quick actions or their keys, no edits in place, a context menu that only opens:
        the main window calls this when the server would refuse this user's changes."""
        self.read_only = True
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for action in self.table.actions():  # the quick actions' shortcuts
            action.setEnabled(False)
        for button in self.quick_buttons.values():
            button.setEnabled(False)

    def _refused_here(self) -> bool:
        """A change asked for in a read-only list: said, as the server would, and not tried."""
        if self.read_only:
            self.show_error(PermissionRefused("read_only").message())
        return self.read_only

    def selected_ids(self) -> list[uuid.UUID]:
        raise NotImplementedError

    @classmethod
    def ask_completion_note(cls, parent: QWidget, count: int, current: str = "") -> str | None:
        """An optional note when follow-ups are marked done; None when the user cancels (tests patch this)."""
        text, ok = QInputDialog.getMultiLineText(
            parent,
            pick("완료 처리", "Mark as done"),
            pick(
                f"후속조치 {count}건을 완료로 표시합니다. 완료 메모 (선택):",
                plural(count, "Mark 1 follow-up", f"Mark {count} follow-ups")
                + " as done. Completion note (optional):",
            ),
            current,
        )
        return text.strip() if ok else None

    @classmethod
    def ask_bulk_edit(cls, parent: QWidget, db: Database, count: int) -> dict[str, Any] | None:
        """The bulk-edit dialog; the values to apply, or None (tests patch this)."""
        dialog = BulkEditDialog(db, count, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.values()

    def show_error(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def change_status(
        self, ids: list[uuid.UUID], status: ActionStatus, note: str | None = None, ask: bool = True
    ) -> bool:
        """Set the status of follow-ups. Marking done asks for an optional completion note
        (unless `ask` is False); the completion date is today. Several rows change together."""
        ids = [k for k in ids if k is not None]
        if not ids or self._refused_here():
            return False
        status = ActionStatus(status)
        if status is ActionStatus.DONE and ask and note is None:
            answer = self.ask_completion_note(self, len(ids))
            if answer is None:
                return False
            note = answer or None
        self.show_error("")
        try:
            if len(ids) == 1:
                action_service.set_status(self.db, ids[0], status, note=note, on=self.today())
            else:
                deadline_service.bulk_update(self.db, ids, status=status, note=note, on=self.today())
        except DomainError as exc:
            self.show_error(str(exc))
            return False
        return True

    def mark_selected_done(self) -> bool:
        """Quick action: every selected follow-up done today, no question asked (a completion
        note can follow from the context menu)."""
        return self.change_status(self.selected_ids(), ActionStatus.DONE, ask=False)

    def mark_selected_in_progress(self) -> bool:
        return self.change_status(self.selected_ids(), ActionStatus.IN_PROGRESS)

    def postpone_selected(self, days: int = 0, months: int = 0) -> bool:
        """Quick action: put off every selected follow-up's deadline by a week or a month, each
        from its own deadline (an overdue one, or one without, from today), all in one go."""
        ids = self.selected_ids()
        if not ids or self._refused_here():
            return False
        self.show_error("")
        try:
            deadline_service.postpone(self.db, ids, days=days, months=months, today=self.today())
        except DomainError as exc:
            self.show_error(str(exc))
            return False
        return True

    def bulk_edit(self, ids: list[uuid.UUID], **values: Any) -> bool:
        """Apply status/owner_id/due/note to every one of `ids` in one transaction."""
        if not ids or not values or self._refused_here():
            return False
        if "status" in values and values["status"] is not None:
            values.setdefault("on", self.today())
        self.show_error("")
        try:
            deadline_service.bulk_update(self.db, ids, **values)
        except DomainError as exc:
            self.show_error(str(exc))
            return False
        return True

    def bulk_edit_selected(self) -> bool:
        ids = self.selected_ids()
        if not ids or self._refused_here():
            return False
        values = self.ask_bulk_edit(self, self.db, len(ids))
        return bool(values) and self.bulk_edit(ids, **values)

    def edit_completion_note(self, key: uuid.UUID) -> bool:
        if self._refused_here():
            return False
        index = self.model.find(key)
        row = self.model.row_at(index)
        current = row.completion_note if row else ""
        note = self.ask_completion_note(self, 1, current or "")
        if note is None:
            return False
        return self.model.setData(index.siblingAtColumn(COL_NOTE), note)

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu()
        if menu is not None:
            menu.exec(self.table.viewport().mapToGlobal(pos))
            menu.deleteLater()

    def context_menu(self) -> QMenu | None:
        ids = self.selected_ids()
        if not ids or (self.read_only and len(ids) > 1):
            return None
        menu = QMenu(self)
        if not self.read_only:
            status_menu = menu.addMenu(pick("상태 변경", "Set status"))
            for status in ActionStatus:
                act = status_menu.addAction(label(status))
                act.setData(status.value)
                act.triggered.connect(lambda _c=False, s=status: self.change_status(self.selected_ids(), s))
            menu.addAction(pick("일괄 수정…", "Edit selected…"), self.bulk_edit_selected)
            if len(ids) == 1:
                menu.addAction(
                    pick("완료 메모…", "Completion note…"), lambda: self.edit_completion_note(ids[0])
                )
        if len(ids) == 1:
            menu.addAction(pick("상세 보기", "Open"), lambda: self.open_record.emit("actions", ids[0]))
        return menu
