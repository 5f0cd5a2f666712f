"""Rotate… in the person editor: asks what a rotation needs (from when, where, the new title)
before the editor gives the person the new position."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.enums import Rank
from tracker.domain.i18n import pick
from tracker.ui import fields as f
from tracker.ui.accessibility import keep_named
from tracker.ui.forms import ERROR_STYLE


class RotateDialog(QDialog):
    """Asks what a rotation needs: from when, where, and the new title. The organization and
    rank start as those of the current position."""

    def __init__(
        self,
        db: Database,
        organization_id: uuid.UUID | None = None,
        organization_label: str | None = None,
        rank: Rank | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setWindowTitle(pick("인사이동 — 새 직위", "Rotate — new position"))
        self.start = f.DateField()
        self.organization = f.RefField(db, "organizations")
        if organization_id is not None:
            self.organization.set_value(organization_id, organization_label)
        self.title_ko = f.TextField()
        self.title_en = f.TextField()
        self.department = f.TextField()
        self.rank = f.ChoiceField(Rank)
        self.rank.set_value(rank or Rank.OTHER)
        self.problem = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.problem.hide()
        form = QFormLayout()
        form.addRow(pick("발령일(새 직위 시작일) *", "From (start of the new position) *"), self.start)
        form.addRow(vocabulary.ORGANIZATION(), self.organization)
        form.addRow(pick("직위(한글)", "Title (Korean)"), self.title_ko)
        form.addRow(pick("직위(영문)", "Title (English)"), self.title_en)
        form.addRow(pick("부서", "Department"), self.department)
        form.addRow(pick("직급", "Rank"), self.rank)
        hint = QLabel(
            pick(
                "종료일이 비어 있는 기존 직위는 발령일 전날로 종료됩니다.",
                "Positions still open end the day before.",
            )
        )
        hint.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(pick("확인", "OK"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(vocabulary.CANCEL())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def error(self) -> str:
        if self.start.error():
            return self.start.error()
        if self.start.value() is None:
            return pick("발령일을 입력하세요.", "Enter the date the new position starts.")
        return self.organization.error()

    def accept(self) -> None:
        problem = self.error()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()

    def values(self) -> dict[str, Any]:
        return {
            "start_date": self.start.value(),
            "organization_id": self.organization.value(),
            "title_ko": self.title_ko.value(),
            "title_en": self.title_en.value(),
            "department": self.department.value(),
            "rank": self.rank.value(),
        }


__all__ = ["RotateDialog"]
