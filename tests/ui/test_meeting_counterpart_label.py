"""The meeting editor's field for how reports name the counterpart (면담대상): typed, saved,
shown again, cleared; labelled in Korean and English."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFormLayout, QLabel

from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.export.report import ReportOptions, build_report
from tracker.export.report.model import Table
from tracker.services import meetings
from tracker.ui.meeting_editor import open_meeting_editor

LABEL = "미국 상무부·USTR 합동"


def _editor(qtbot, db, meeting_id):  # type: ignore[no-untyped-def]
    editor = open_meeting_editor(db, meeting_id)
    qtbot.addWidget(editor)
    return editor


def _label_text(editor) -> str:  # type: ignore[no-untyped-def]
    form = editor.counterpart_label.parentWidget().findChildren(QFormLayout)
    for layout in form:
        label = layout.labelForField(editor.counterpart_label)
        if isinstance(label, QLabel):
            return label.text()
    raise AssertionError("the field has no label")


def test_the_counterpart_label_is_saved_and_reaches_the_report(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    load_demo(db)
    m = next(x for x in meetings.list_meetings(db) if "상무부" in x.title)
    editor = _editor(qtbot, db, m.id)
    assert editor.counterpart_label.text() == "" and not editor.dirty
    editor.counterpart_label.setText(f"  {LABEL} ")
    assert editor.dirty
    assert editor.save(), editor.message.text()
    assert meetings.get_meeting(db, m.id).counterpart_label == LABEL

    report = build_report(db, m.trip_id, ReportOptions())
    table = next(b for b in report.blocks if isinstance(b, Table) and b.key == "meetings")
    assert table.rows[0][1].text == LABEL

    again = _editor(qtbot, db, m.id)
    assert again.counterpart_label.text() == LABEL and not again.dirty
    again.counterpart_label.setText("")
    assert again.save(), again.message.text()
    assert meetings.get_meeting(db, m.id).counterpart_label is None


@pytest.mark.parametrize(("lang", "text"), [("ko", "보고서 표기(&R)"), ("en", "In &reports")])
def test_the_field_is_labelled_in_both_languages(qtbot, db, lang, text) -> None:  # type: ignore[no-untyped-def]
    set_language(lang)
    try:
        editor = open_meeting_editor(db)
        qtbot.addWidget(editor)
        assert _label_text(editor) == text
        assert editor.counterpart_label.placeholderText()
    finally:
        set_language("ko")
