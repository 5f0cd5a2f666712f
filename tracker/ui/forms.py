"""Record forms: fields laid out from a spec, checked as you type with the same rules the
services apply, an undo stack for edits, and no silent loss of unsaved changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain.dates import PrecisionDate
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services.record_forms import FormRules
from tracker.services.validation import readable
from tracker.ui import fields as f

# The problem list and the dialog live in their own modules; their names stay importable here.
from tracker.ui.problem_list import Problem, ProblemList, reveal
from tracker.ui.record_dialog import EnterStaysInField, RecordDialog

ERROR_STYLE = "color: #b3261e; font-size: 90%;"


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
        self, db: Database, rules: FormRules, specs: list[FieldSpec], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.rules = rules
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
            row = self.rules.normalise({**(base or {}), **self.values()})
            found = self.rules.problems(row)
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


__all__ = [
    "ERROR_STYLE",
    "EnterStaysInField",
    "FieldEdit",
    "FieldSpec",
    "Problem",
    "ProblemList",
    "RecordDialog",
    "RecordForm",
    "SnapshotEdit",
    "make_field",
    "reveal",
]
