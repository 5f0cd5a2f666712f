"""The main window's actions on records: new, edit and delete (after saying what goes with
them), with the editors of the kinds that are more than a form."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tracker.domain.i18n import pick, plural

if TYPE_CHECKING:  # this module loads before the window shows; these when a record is acted on
    from PySide6.QtWidgets import QDialog, QWidget

# Kinds whose editor is more than a form (tables of participants, itinerary, sessions ...).
EDITORS: dict[str, Callable[..., QDialog]] = {}


def _register_rich_editors() -> None:
    """Imported on first use: the editors are large and the window opens without them."""
    if EDITORS:
        return
    from tracker.ui.agreement_editor import open_agreement_editor
    from tracker.ui.event_editor import open_event_editor
    from tracker.ui.meeting_editor import open_meeting_editor
    from tracker.ui.person_editor import open_person_editor
    from tracker.ui.trip_editor import open_trip_editor

    EDITORS.update(
        meetings=lambda db, key=None, parent=None: open_meeting_editor(db, key, parent),
        trips=lambda db, key=None, parent=None: open_trip_editor(db, key, parent),
        events=lambda db, key=None, parent=None: open_event_editor(db, key, parent),
        agreements=lambda db, key=None, parent=None: open_agreement_editor(db, key, parent),
        persons=lambda db, key=None, parent=None: open_person_editor(db, key, parent),
    )


class MainRecords:
    """The record actions of MainWindow (a part of it)."""

    db: Any
    current_record: tuple[str, Any] | None

    def selected_ids(self) -> list[Any]:
        selected = getattr(self.stack.currentWidget(), "selected_ids", None)
        return selected() if selected is not None else []

    def _dialog(self, kind: str, key: Any = None) -> QDialog:
        from tracker.ui.editors import record_dialog

        _register_rich_editors()
        rich = EDITORS.get(kind)
        return rich(self.db, key, self) if rich else record_dialog(self.db, kind, key, self)

    def new_record(self) -> QDialog | None:
        from tracker.ui.editors import MODELS

        kind = self.current_section()
        if kind not in MODELS:
            return None
        dialog = self._dialog(kind)
        dialog.open()
        return dialog

    def open_selected(self) -> None:
        """The page of the list's current record (Enter in the list)."""
        opener = getattr(self.stack.currentWidget(), "open_current", None)
        if opener is not None:
            opener()

    def edit_selected(self) -> QDialog | None:
        from tracker.ui.editors import MODELS

        kind = self.current_section()
        ids = self.selected_ids()
        if self.viewer.hasFocus() and self.current_record is not None and self.current_record[0] in MODELS:
            kind, key = self.current_record  # Ctrl+E on a record page: that record's editor
            dialog = self._dialog(
                kind, key if not isinstance(key, str) or kind == "countries" else _uuid(key)
            )
            dialog.open()
            return dialog
        if kind not in MODELS or not ids:
            return None
        dialog = self._dialog(kind, ids[0])
        dialog.open()
        return dialog

    @classmethod
    def confirm(cls, parent: QWidget, title: str, text: str) -> bool:
        """Ask before deleting (tests patch this)."""
        from tracker.ui.asking import yes_or_no

        return yes_or_no(parent, title, text, warning=True)

    @classmethod
    def inform(cls, parent: QWidget, title: str, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.information(parent, title, text)

    def delete_selected(self) -> int:
        """Delete the selected records after saying what goes with them; returns how many."""
        from tracker.services import records
        from tracker.ui.editors import MODELS, TITLES

        kind = self.current_section()
        ids = self.selected_ids()
        if kind not in MODELS or not ids:
            return 0
        model = MODELS[kind]
        plans = [records.plan_delete(self.db, model, key) for key in ids]
        title = pick("삭제", "Delete")
        blocked = [p for p in plans if not p.allowed]
        if blocked:
            blockers: dict[str, int] = {}
            for p in blocked:
                for table, n in p.blockers.items():
                    blockers[table] = blockers.get(table, 0) + n
            names = records.describe_counts(blockers)
            self.inform(
                self,
                title,
                pick(
                    f"{len(blocked)}건은 다른 기록({names})에서 쓰이고 있어 삭제할 수 없습니다. 먼저 그 연결을 정리하세요.",
                    f"{len(blocked)} of them are still used by other records ({names}) and cannot be deleted. "
                    "Remove those links first.",
                ),
            )
            return 0
        goes = {}
        for p in plans:
            for table, n in p.cascades.items():
                goes[table] = goes.get(table, 0) + n
        extra = ("\n  · " + records.describe_counts(goes)) if goes else ""
        ko, en = TITLES[kind]
        text = pick(
            f"{ko} {len(ids)}건을 삭제합니다.",
            plural(len(ids), f"Delete 1 {en.lower()} record.", f"Delete {len(ids)} {en.lower()} records."),
        )
        if extra:
            text += pick("\n함께 삭제되는 기록:", "\nAlso deleted with them:") + extra
        if not self.confirm(self, title, text):
            return 0
        for key in ids:
            records.delete(self.db, model, key)
        return len(ids)


def _uuid(key: str) -> Any:
    import uuid

    return uuid.UUID(key)


__all__ = ["EDITORS", "MainRecords", "_register_rich_editors"]
