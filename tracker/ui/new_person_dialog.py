"""The new-person dialog the meeting editor opens: a person created without leaving the meeting,
with the title and organization they hold from the meeting date, so the meeting and its report
name them rightly at once."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.services import directory, record_forms
from tracker.ui import editors
from tracker.ui import fields as f
from tracker.ui.format import format_date
from tracker.ui.forms import RecordDialog, RecordForm

HANGUL = re.compile(r"[\uac00-\ud7a3]")

PERSON_FIELDS = ("name_ko", "name_original", "name_latin", "is_staff", "country_code")


def new_person_dialog(
    db: Database,
    on: date,
    initial: dict[str, Any],
    organization: dict[str, Any] | None = None,
    parent: QWidget | None = None,
) -> RecordDialog:
    """A person created from the meeting: name, country, and the title and organization they
    hold, as a position starting on the meeting date, so the meeting and its report show
    "장관 · 혁신과학경제개발부" and not a bare name. Country and organization come from the meeting."""
    specs = [s for s in editors.SPECS["persons"] if s.name in PERSON_FIELDS]
    form = RecordForm(db, record_forms.rules("persons"), specs)  # checked as a person is
    form.load(initial)
    extra = QWidget()
    rows = QFormLayout(extra)
    rows.setContentsMargins(0, 0, 0, 0)
    title = f.TextField()
    title.setPlaceholderText(pick("예: 장관, 국장", "e.g. Minister, Director-General"))
    org = f.RefField(db, "organizations")
    if organization is not None:
        org.set_value(organization["id"], organization.get("label"))
    rows.addRow(vocabulary.PERSON_TITLE(), title)
    rows.addRow(vocabulary.ORGANIZATION(), org)
    since = QLabel(
        pick(
            f"직위는 면담일({format_date(on)})부터입니다.",
            f"The position starts on the meeting date ({format_date(on)}).",
        )
    )
    since.setWordWrap(True)
    rows.addRow(since)

    def save(values: dict[str, Any]) -> Any:
        if org.error():
            raise ValidationError("bad_value", field=vocabulary.ORGANIZATION(), value=org.edit.text())
        position: dict[str, Any] = {"start_date": on, "organization_id": org.value()}
        typed = title.value()
        if typed:  # the report is Korean: the title goes there whatever its script
            position["title_ko"] = typed
            if not HANGUL.search(typed):
                position["title_en"] = typed
        has_position = typed or org.value() is not None
        return directory.create_person(db, values, positions=[position] if has_position else [])

    dialog = RecordDialog(pick("새 인사", "New person"), form, save, extra=extra, parent=parent)
    dialog.title_field, dialog.organization_field = title, org  # type: ignore[attr-defined]
    dialog.extra_dirty = lambda: bool(title.value()) or org.value() != (organization or {}).get("id")
    return dialog
