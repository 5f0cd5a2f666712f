"""When a save meets a colleague's newer version: each field both changed, theirs beside mine,
and the user takes either, or for a text both (merged where the edits do not overlap, else
one after the other, editable). Nothing is lost whichever is taken: the colleague's version
stays in the record's history, and Cancel returns to the form as it was."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.i18n import pick
from tracker.domain.merge import Clash, Merged

THEIRS, MINE, BOTH = 0, 1, 2


def _both_texts(clash: Clash) -> str:
    merged = clash.text_merge
    if merged is not None:
        return merged
    return "\n".join(t for t in (clash.theirs or "", clash.mine or "") if t)


class ClashChoice(QGroupBox):
    """One field: theirs and mine side by side, and which to keep."""

    def __init__(self, clash: Clash, label: str, shown: Callable[[Any], str], parent: QWidget | None = None):
        super().__init__(label, parent)
        self.clash = clash
        grid = QGridLayout(self)
        self.group = QButtonGroup(self)
        self.theirs = QRadioButton(pick("동료의 값(&T)", "&Theirs"))
        self.mine = QRadioButton(pick("내 값(&M)", "&Mine"))
        for row, (button, value, choice) in enumerate(
            ((self.theirs, clash.theirs, THEIRS), (self.mine, clash.mine, MINE))
        ):
            self.group.addButton(button, choice)
            text = QLabel(shown(value) or pick("(비어 있음)", "(empty)"), wordWrap=True)
            text.setAccessibleName(button.text().replace("&", ""))
            grid.addWidget(button, row, 0)
            grid.addWidget(text, row, 1)
        self.both: QPlainTextEdit | None = None
        if clash.text_merge is not None or isinstance(clash.mine, str) or isinstance(clash.theirs, str):
            button = QRadioButton(pick("둘 다 합치기(&B)", "&Both, merged"))
            self.group.addButton(button, BOTH)
            self.both = QPlainTextEdit(_both_texts(clash))
            self.both.setAccessibleName(pick("합친 내용", "Merged text"))
            self.both.setEnabled(False)
            button.toggled.connect(self.both.setEnabled)
            grid.addWidget(button, 2, 0)
            grid.addWidget(self.both, 2, 1)
        self.mine.setChecked(True)  # the user's own typing is what they meant to save

    def value(self) -> Any:
        choice = self.group.checkedId()
        if choice == THEIRS:
            return self.clash.theirs
        if choice == BOTH and self.both is not None:
            return self.both.toPlainText()
        return self.clash.mine


class ConflictDialog(QDialog):
    """Decide each clash; `choices()` after OK gives the value to save per field."""

    def __init__(
        self,
        merged: Merged,
        label: Callable[[str], str],
        changed_by: str,
        shown: Callable[[Any], str] = lambda v: "" if v is None else str(v),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(pick("다른 사람이 먼저 저장했습니다", "Someone saved this first"))
        layout = QVBoxLayout(self)
        kept = ", ".join(label(n) for n in merged.taken_from_theirs)
        intro = pick(
            f"{changed_by}이(가) 이 기록을 먼저 바꿔 저장했습니다. 둘 다 바꾼 항목마다 남길 값을 고르세요.",
            f"{changed_by} changed and saved this record first. For each field you both changed, "
            "choose what to keep.",
        )
        if kept:
            intro += "\n" + pick(
                f"동료만 바꾼 항목은 동료의 값으로 둡니다: {kept}",
                f"Fields only they changed keep their value: {kept}",
            )
        layout.addWidget(QLabel(intro, wordWrap=True))
        body = QWidget()
        rows = QVBoxLayout(body)
        self.rows = [ClashChoice(c, label(c.field), shown) for c in merged.clashes]
        for row in self.rows:
            rows.addWidget(row)
        rows.addStretch(1)
        scroll = QScrollArea(widgetResizable=True)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(pick("이대로 저장", "Save with these"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(pick("돌아가기", "Back to the form"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.buttons = buttons

    def choices(self) -> dict[str, Any]:
        return {row.clash.field: row.value() for row in self.rows}
