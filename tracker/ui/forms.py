"""Record forms: fields laid out from a spec, checked as you type with the same rules the
services apply, an undo stack for edits, and no silent loss of unsaved changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

import sqlalchemy as sa
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.dates import PrecisionDate
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services.validation import normalise, readable, row_problems
from tracker.ui import fields as f
from tracker.ui.accessibility import keep_named

ERROR_STYLE = "color: #b3261e; font-size: 90%;"


@dataclass(frozen=True)
class Problem:
    """One broken rule, for the list at the top of an editor: `where` is what the user sees
    (a field's label, 'Key point 2'), `focus` takes the user there."""

    where: str
    message: str
    focus: Callable[[], None] = lambda: None

    def text(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


def reveal(widget: QWidget) -> None:
    """Bring `widget` into view (its tab, its place in a scrolled form) and give it the focus."""
    child: QWidget = widget
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QStackedWidget) and parent.indexOf(child) >= 0:
            parent.setCurrentWidget(child)  # a tab page (QTabWidget keeps its pages in one)
        child, parent = parent, parent.parentWidget()
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            parent.ensureWidgetVisible(widget)
        parent = parent.parentWidget()
    widget.setFocus(Qt.FocusReason.OtherFocusReason)


class ProblemList(QFrame):
    """Everything that stops a record from being saved, all at once, at the top of its editor:
    one line per problem naming the field as the form labels it; clicking a line (or Enter on
    it) goes to the field. Hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("problem-list")
        self.setStyleSheet("#problem-list { border: 1px solid #b3261e; border-radius: 3px; }")
        self.heading = QLabel(styleSheet="color: #b3261e; font-weight: bold;", wordWrap=True)
        self.list = QListWidget()
        self.list.setStyleSheet("QListWidget { color: #b3261e; border: none; background: transparent; }")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setCursor(Qt.CursorShape.PointingHandCursor)
        self.list.itemClicked.connect(self._go)
        self.list.itemActivated.connect(self._go)
        box = QVBoxLayout(self)
        box.setContentsMargins(6, 4, 6, 4)
        box.setSpacing(2)
        box.addWidget(self.heading)
        box.addWidget(self.list)
        self.problems: list[Problem] = []
        self.hide()

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        self.list.clear()
        for problem in self.problems:
            self.list.addItem(QListWidgetItem(problem.text()))
        n = len(self.problems)
        self.heading.setText(
            pick(
                f"저장하기 전에 고칠 곳 {n}개 (누르면 그 항목으로 갑니다)",
                f"{n} thing{'s' if n != 1 else ''} to fix before saving (click one to go there)",
            )
        )
        rows = min(n, 6)
        height = sum(self.list.sizeHintForRow(i) for i in range(rows)) + 2 * self.list.frameWidth() + 4
        self.list.setFixedHeight(max(height, 20))
        self.setVisible(bool(self.problems))

    def texts(self) -> list[str]:
        return [p.text() for p in self.problems]

    def _go(self, item: QListWidgetItem) -> None:
        row = self.list.row(item)
        if 0 <= row < len(self.problems):
            self.problems[row].focus()


@dataclass(frozen=True)
class FieldSpec:
    """One input. `kind`: text, multiline, bool, int, date, time, precision_date, choice, ref, zone, count,
    recurrence.
    For `precision_date`, `name` is the column prefix (due -> due_date/due_precision/due_end)."""

    name: str
    ko: str
    en: str
    kind: str = "text"
    enum: type[Enum] | None = None
    listing: str | None = None
    required: bool = False
    optional_choice: bool = False

    @property
    def label(self) -> str:
        return pick(self.ko, self.en) + (" *" if self.required else "")


def make_field(db: Database, spec: FieldSpec) -> QWidget:
    kind = spec.kind
    if kind == "multiline":
        return f.MultilineField()
    if kind == "bool":
        return f.BoolField()
    if kind == "int":
        return f.IntField()
    if kind == "date":
        return f.DateField()
    if kind == "time":
        return f.TimeField()
    if kind == "precision_date":
        return f.PrecisionDateField()
    if kind == "choice":
        assert spec.enum is not None
        return f.ChoiceField(spec.enum, optional=spec.optional_choice)
    if kind == "ref":
        assert spec.listing is not None
        return f.RefField(db, spec.listing)
    if kind == "count":
        return f.CountField()
    if kind == "zone":
        from tracker.ui.zone_picker import ZonePicker  # here: it imports this module's fields

        return ZonePicker()
    if kind == "recurrence":
        from tracker.ui.recurrence_editor import RecurrenceEditor

        return RecurrenceEditor()
    return f.TextField()


class FieldEdit(QUndoCommand):
    """One change of one field; consecutive typing in the same field merges into one step."""

    def __init__(self, form: RecordForm, name: str, old: Any, new: Any) -> None:
        super().__init__(pick(f"{name} 수정", f"Edit {name}"))
        self.form, self.name, self.old, self.new = form, name, old, new
        self._done = True  # pushed after the user already made the change: skip the first redo

    def id(self) -> int:
        return 1000 + list(self.form.widgets).index(self.name)

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if isinstance(other, FieldEdit) and other.name == self.name:
            self.new = other.new
            return True
        return False

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.form._put(self.name, self.new)

    def undo(self) -> None:
        self.form._put(self.name, self.old)


class SnapshotEdit(QUndoCommand):
    """One change to a table of an editor, kept as its rows before and after; `apply` shows a
    snapshot. Consecutive edits with the same `merge` key (typing in one cell) are one step."""

    MERGE_ID = 7000

    def __init__(
        self,
        apply: Callable[[Any], None],
        before: Any,
        after: Any,
        text: str,
        merge: tuple[Any, ...] | None = None,
        applied: bool = True,
    ) -> None:
        super().__init__(text)
        self.apply, self.before, self.after, self.merge = apply, before, after, merge
        self._skip = applied  # the widgets already show the change: the first redo does nothing

    def id(self) -> int:
        return self.MERGE_ID if self.merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if isinstance(other, SnapshotEdit) and self.merge is not None and other.merge == self.merge:
            self.after = other.after
            return True
        return False

    def redo(self) -> None:
        if self._skip:
            self._skip = False
            return
        self.apply(self.after)

    def undo(self) -> None:
        self.apply(self.before)


class RecordForm(QWidget):
    """Fields for one table's columns. `values()` gives column values for the services."""

    checked = Signal()  # after every check (as you type): an open problem list follows it

    def __init__(
        self, db: Database, table: sa.Table, specs: list[FieldSpec], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.table = table
        self.specs = {s.name: s for s in specs}
        self.widgets: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.undo_stack = QUndoStack(self)
        self._shown: dict[str, Any] = {}
        self._loading = False
        self.general_error = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.general_error.hide()
        self._problems: dict[str, str] = {}
        self._general: list[str] = []
        layout = QFormLayout(self)
        for spec in specs:
            widget = make_field(db, spec)
            error = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
            error.hide()
            box = QVBoxLayout()
            box.setSpacing(2)
            box.addWidget(widget)
            box.addWidget(error)
            layout.addRow(spec.label, box)
            self.widgets[spec.name] = widget
            self.errors[spec.name] = error
            widget.changed.connect(lambda n=spec.name: self._edited(n))  # type: ignore[attr-defined]
        layout.addRow(self.general_error)

    # -- values
    def field(self, name: str) -> Any:
        return self.widgets[name]

    def _raw(self, name: str) -> Any:
        w = self.widgets[name]
        if isinstance(w, f._ParsedField):
            return w.text()
        if isinstance(w, f.RefField):
            return (w.value(), w.edit.text())
        return w.value()  # type: ignore[attr-defined]

    def _put(self, name: str, raw: Any) -> None:
        self._loading = True
        w = self.widgets[name]
        if isinstance(w, f._ParsedField):
            w.setText(raw)
        elif isinstance(w, f.RefField):
            w.set_value(raw[0], raw[1] or None)
        else:
            w.set_value(raw)  # type: ignore[attr-defined]
        self._shown[name] = raw
        self._loading = False
        self.validate()

    def _edited(self, name: str) -> None:
        if self._loading:
            return
        new = self._raw(name)
        old = self._shown.get(name)
        if new != old:
            self._shown[name] = new
            self.undo_stack.push(FieldEdit(self, name, old, new))
            self.validate()

    def load(self, values: Mapping[str, Any]) -> None:
        """Show a record's values (not an undoable edit)."""
        self._loading = True
        for name, spec in self.specs.items():
            w = self.widgets[name]
            if spec.kind == "precision_date":
                start = values.get(f"{name}_date")
                value = (
                    PrecisionDate(start, values.get(f"{name}_precision") or "day", values.get(f"{name}_end"))
                    if start
                    else None
                )
                w.set_value(value)  # type: ignore[attr-defined]
            else:
                w.set_value(values.get(name))  # type: ignore[attr-defined]
            self._shown[name] = self._raw(name)
        self._loading = False
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.validate()

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, spec in self.specs.items():
            value = self.widgets[name].value()  # type: ignore[attr-defined]
            if spec.kind == "precision_date":
                out[f"{name}_date"] = value.start if value else None
                out[f"{name}_precision"] = value.precision if value else "day"
                out[f"{name}_end"] = value.end if value else None
            else:
                out[name] = value
        return out

    # -- checking
    def validate(self, base: Mapping[str, Any] | None = None) -> bool:
        """Show what is wrong next to each field, every problem at once; True when the form
        can be saved."""
        problems: dict[str, str] = {}
        for name, w in self.widgets.items():
            message = w.error()  # type: ignore[attr-defined]
            if message:
                problems[name] = message
            elif self.specs[name].required and w.value() in (None, ""):  # type: ignore[attr-defined]
                problems[name] = pick("필수 항목입니다.", "Required.")
        general: list[str] = []
        # The record's own rules (an end before its start ...) run on what can be read even
        # while another field is still wrong or empty, so every problem shows at once.
        try:
            row = normalise(self.table, {**(base or {}), **self.values()})
            found = row_problems(self.table, row)
        except DomainError as exc:  # a broken character in some text
            found = [exc]
        for exc in found:
            target = self._field_for(exc.field)
            if target is not None:
                problems.setdefault(target, readable(exc, beside_field=True))
            elif not problems:  # a column the form does not show: said under the form
                general.append(readable(exc))
        for name, label in self.errors.items():
            label.setText(problems.get(name, ""))
            label.setVisible(name in problems)
        self._problems, self._general = problems, general
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        self.checked.emit()
        return not problems and not general

    def field_label(self, name: str) -> str:
        """The field's label as the form shows it (without the required mark)."""
        spec = self.specs[name]
        return pick(spec.ko, spec.en)

    def problems(self) -> list[Problem]:
        """What the last check found, in the order of the form, each naming its field by label."""
        out = [
            Problem(self.field_label(name), self._problems[name], lambda w=self.widgets[name]: reveal(w))
            for name in self.widgets
            if name in self._problems
        ]
        out.extend(Problem("", text) for text in self._general)
        return out

    def _field_for(self, column: str | None) -> str | None:
        if column is None:
            return None
        if column in self.widgets:
            return column
        for name, spec in self.specs.items():
            if spec.kind == "precision_date" and column.startswith(name + "_"):
                return name
        return None

    def problem_for(self, exc: DomainError) -> Problem:
        """A service's refusal as a line of the problem list (at its field when it names one)."""
        target = self._field_for(exc.field)
        if target is not None:
            return Problem(
                self.field_label(target),
                readable(exc, beside_field=True),
                lambda w=self.widgets[target]: reveal(w),
            )
        return Problem("", readable(exc))

    def show_error(self, exc: DomainError) -> None:
        target = self._field_for(exc.field)
        if target:
            self.errors[target].setText(readable(exc, beside_field=True))
            self.errors[target].show()
        else:
            self.general_error.setText(readable(exc))
            self.general_error.show()

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()


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
    question before unsaved changes are thrown away."""

    def __init__(
        self,
        title: str,
        form: RecordForm,
        save: Callable[[dict[str, Any]], Any],
        extra: QWidget | None = None,
        parent: QWidget | None = None,
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
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(pick("취소", "Cancel"))
        undo = form.undo_stack.createUndoAction(self, pick("실행 취소", "Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = form.undo_stack.createRedoAction(self, pick("다시 실행", "Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        self.addActions([undo, redo])
        layout = QVBoxLayout(self)
        self.problem_list = ProblemList()
        layout.addWidget(self.problem_list)
        layout.addWidget(form)
        if extra is not None:
            layout.addWidget(extra)
        layout.addLayout(self._bottom_row(form.undo_stack))
        self.extra_dirty: Callable[[], bool] = lambda: False
        form.checked.connect(self._follow_problems)
        keep_named(self)  # every input gets a name a screen reader says, when the dialog is shown

    def _bottom_row(self, stack: QUndoStack) -> QHBoxLayout:
        """Undo and Redo on the left (Ctrl+Z, Ctrl+Shift+Z), Save and Cancel on the right."""
        self.undo_button = QToolButton(text=pick("실행 취소", "Undo"), toolTip="Ctrl+Z", enabled=False)
        self.redo_button = QToolButton(text=pick("다시 실행", "Redo"), toolTip="Ctrl+Shift+Z", enabled=False)
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
        """The problem list stays at the very top, whatever an editor put above its form."""
        layout = self.layout()
        if isinstance(layout, QVBoxLayout) and layout.indexOf(self.problem_list) > 0:
            layout.removeWidget(self.problem_list)
            layout.insertWidget(0, self.problem_list)
        super().showEvent(event)

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
                self.windowTitle(),
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
