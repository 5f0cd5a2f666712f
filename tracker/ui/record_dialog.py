"""A record form in a dialog: Save, Cancel, Undo/Redo, every problem listed at the top, and
a question before unsaved changes are thrown away. The trip, meeting, person, event and
agreement editors build on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QMessageBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services.validation import readable
from tracker.ui import composing
from tracker.ui.accessibility import keep_named
from tracker.ui.asking import yes_or_no
from tracker.ui.changed_banner import ASK, DELETED, RELOADED, REOPEN, ChangedBanner, RecordWatch
from tracker.ui.problem_list import Problem, ProblemList

if TYPE_CHECKING:
    from tracker.db.changes import ColleagueChange
    from tracker.ui.forms import RecordForm


class EnterStaysInField:
    """For a dialog of many fields: Enter does the focused field's job (add the key point, pick
    the match) and never presses the default button, so a half-filled record is not saved by a
    stray Enter. Saving is Ctrl+S or the Save button (Enter on a focused button still presses it)."""

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            event.accept()
            return
        super().keyPressEvent(event)  # type: ignore[misc]


class RecordDialog(EnterStaysInField, QDialog):
    """A form in a dialog: Save (Ctrl+S), Cancel, Undo/Redo (Ctrl+Z / Ctrl+Shift+Z), and a
    question before unsaved changes are thrown away.

    Editing an existing record (`record=(table, key)`, or `watch_record` from an editor's own
    constructor), the dialog follows a colleague's changes of it while open: with nothing
    unsaved it reloads quietly (`reload`, which shows the record anew and takes its version),
    else a bar at the top offers to; a deletion is said there too (see changed_banner)."""

    def __init__(
        self,
        title: str,
        form: RecordForm,
        save: Callable[[dict[str, Any]], Any],
        extra: QWidget | None = None,
        parent: QWidget | None = None,
        record: tuple[str, Any] | None = None,
        reload: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = form
        self._save = save
        self.saved: Any = None
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save_button.setText(pick("저장", "Save"))
        save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(vocabulary.CANCEL())
        undo = form.undo_stack.createUndoAction(self, vocabulary.UNDO())
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = form.undo_stack.createRedoAction(self, vocabulary.REDO())
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        layout = QVBoxLayout(self)
        self.banner = ChangedBanner()
        self.banner.reload_requested.connect(self.reload_record)
        layout.addWidget(self.banner)
        self.problem_list = ProblemList()
        layout.addWidget(self.problem_list)
        layout.addWidget(form)
        if extra is not None:
            layout.addWidget(extra)
        layout.addLayout(self._bottom_row(form.undo_stack))
        self.extra_dirty: Callable[[], bool] = lambda: False
        form.checked.connect(self._follow_problems)
        self.record: tuple[str, Any] | None = None
        self.reloader: Callable[[], None] | None = None
        self._watch: RecordWatch | None = None
        self.finished.connect(self._stop_watching)
        if record is not None:
            self.watch_record(record[0], record[1], reload)
        keep_named(self)  # every input gets a name a screen reader says, when the dialog is shown

    def _bottom_row(self, stack: QUndoStack) -> QHBoxLayout:
        """Undo and Redo on the left (Ctrl+Z, Ctrl+Shift+Z), Save and Cancel on the right."""
        self.undo_button = QToolButton(text=vocabulary.UNDO(), toolTip="Ctrl+Z", enabled=False)
        self.redo_button = QToolButton(text=vocabulary.REDO(), toolTip="Ctrl+Shift+Z", enabled=False)
        self.undo_button.clicked.connect(stack.undo)
        self.redo_button.clicked.connect(stack.redo)
        stack.canUndoChanged.connect(self.undo_button.setEnabled)
        stack.canRedoChanged.connect(self.redo_button.setEnabled)
        bottom = QHBoxLayout()
        bottom.addWidget(self.undo_button)
        bottom.addWidget(self.redo_button)
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        return bottom

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        """The change bar and the problem list stay at the very top, whatever an editor put
        above its form; a dialog shown again hears colleagues' changes again."""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout):
            for index, widget in enumerate((self.banner, self.problem_list)):
                if layout.indexOf(widget) != index:
                    layout.removeWidget(widget)
                    layout.insertWidget(index, widget)
        if self._watch is not None:
            self._watch.start()
        super().showEvent(event)

    # -- a colleague's change of the record, while the dialog is open
    def watch_record(self, table: str, key: Any, reload: Callable[[], None] | None = None) -> None:
        """Follow a colleague's changes of this record (the table's name as the database
        calls it, e.g. 'trips'). `reload` shows the record as saved now, with its version,
        as if just opened; without it the bar says to reopen. A new record (key None) has
        nothing to follow."""
        self._stop_watching()
        self.record, self.reloader = ((table, key), reload) if key is not None else (None, None)
        if self.record is not None:
            composing.install()  # a syllable being composed counts as typed (_colleague_changed)
            self._watch = RecordWatch(self.form.db.changes, table, key, self)
            self._watch.arrived.connect(self._colleague_changed)
            self._watch.start()

    def _stop_watching(self) -> None:
        if self._watch is not None:
            self._watch.stop()

    def _colleague_changed(self, change: ColleagueChange) -> None:
        if change.kind == "deleted":
            self.banner.show_change(change, DELETED)
        elif self.reloader is None:
            self.banner.show_change(change, REOPEN)
        elif self.dirty or composing.is_composing(self):  # what is typed stays until they reload
            self.banner.show_change(change, ASK)
        elif self._reload():
            self.banner.show_change(change, RELOADED)

    def reload_record(self) -> None:
        """The bar's Reload: unsaved changes are thrown away only after the user says so."""
        if self.reloader is None:
            return
        if self.dirty and not self.ask_reload(
            self,
            self.plain_title(),
            pick(
                "저장하지 않은 변경 사항을 버리고 동료가 바꾼 내용을 불러올까요?",
                "Discard your unsaved changes and load the colleague's version?",
            ),
        ):
            return
        if self._reload():
            self.banner.hide()

    def _reload(self) -> bool:
        """Show the record as saved now, leaving the focus where the user has it."""
        assert self.reloader is not None
        focused = QApplication.focusWidget()
        try:
            self.reloader()
        except DomainError as exc:  # gone meanwhile, or the server refuses: said in the bar
            self.banner.say(readable(exc))
            return False
        if focused is not None and QApplication.focusWidget() is not focused and focused.isVisible():
            focused.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    @classmethod
    def ask_reload(cls, parent: QWidget, title: str, text: str) -> bool:
        """Whether to throw unsaved changes away for the colleague's version (tests patch this)."""
        return yes_or_no(parent, title, text)

    def plain_title(self) -> str:
        """The window title without Qt's unsaved-changes marker."""
        return self.windowTitle().replace("[*]", "").strip()

    # -- problems: every one at once, at the top and beside its field
    def extra_problems(self) -> list[Problem]:
        """Problems outside the form (an editor's tables); editors with more than a form say them."""
        return []

    def all_problems(self) -> list[Problem]:
        self.form.validate()
        return self.form.problems() + self.extra_problems()

    def check(self) -> bool:
        """Before saving: list every problem at the top and go to the first; True when none."""
        problems = self.all_problems()
        self.problem_list.show_problems(problems)
        if problems:
            problems[0].focus()
        return not problems

    def refused(self, exc: DomainError, problem: Problem | None = None) -> None:
        """The service refused the record: beside its field when it names one, and at the top."""
        self.form.show_error(exc)
        self.problem_list.show_problems([problem or self.form.problem_for(exc)])

    def _follow_problems(self) -> None:
        """Once shown, the list follows the edits: a problem put right leaves it."""
        if not self.problem_list.isHidden() and not getattr(self, "_following", False):
            self._following = True
            try:
                self.problem_list.show_problems(self.form.problems() + self.extra_problems())
            finally:
                self._following = False

    def save(self) -> bool:
        if not self.check():
            return False
        try:
            self.saved = self._save(self.form.values())
        except DomainError as exc:
            self.refused(exc)
            return False
        self.form.undo_stack.setClean()
        self.accept()
        return True

    @property
    def dirty(self) -> bool:
        return self.form.dirty or self.extra_dirty()

    @classmethod
    def ask(cls, parent: QWidget, title: str, text: str) -> QMessageBox.StandardButton:
        """The unsaved-changes question (tests patch this)."""
        buttons = (
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel
        )
        return QMessageBox.question(parent, title, text, buttons, QMessageBox.StandardButton.Save)

    def reject(self) -> None:
        if self.dirty:
            answer = self.ask(
                self,
                self.plain_title(),
                pick(
                    "저장하지 않은 변경 사항이 있습니다. 저장할까요?", "There are unsaved changes. Save them?"
                ),
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()

    def closeEvent(self, event: Any) -> None:
        if self.isVisible() and self.dirty and self.result() == 0:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)
