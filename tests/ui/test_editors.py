"""Record dialogs: validation next to the field as you type, save through the services, undo,
and a question before unsaved changes are lost."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from PySide6.QtWidgets import QMessageBox

from tracker.db.models import Action, Organization, Trip
from tracker.domain.enums import DatePrecision
from tracker.services import records
from tracker.services.countries import seed_countries
from tracker.ui.editors import SPECS, record_dialog
from tracker.ui.forms import RecordDialog


def test_every_kind_has_a_working_dialog(qtbot, db):
    for kind in SPECS:
        dialog = record_dialog(db, kind)
        qtbot.addWidget(dialog)
        assert dialog.form.widgets


def test_new_organization_is_saved_with_its_country(qtbot, db):
    seed_countries(db)
    dialog = record_dialog(db, "organizations")
    qtbot.addWidget(dialog)
    form = dialog.form
    form.field("name_ko").setText("혁신과학경제개발부")
    form.field("acronym").setText("ISED")
    assert form.field("country_code").choose_text("캐나다")
    assert dialog.save()
    with db.read() as s:
        org = s.scalar(sa.select(Organization).where(Organization.acronym == "ISED"))
    assert org.name_ko == "혁신과학경제개발부" and org.country_code == "CA"


def test_missing_name_is_shown_next_to_the_field_and_nothing_is_saved(qtbot, db):
    dialog = record_dialog(db, "organizations")
    qtbot.addWidget(dialog)
    dialog.form.field("acronym").setText("X")
    assert not dialog.save()
    assert dialog.form.errors["name_ko"].text()
    assert not dialog.form.errors["name_ko"].isHidden()
    with db.read() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Organization)) == 0


def test_trip_end_before_start_is_flagged_as_you_type(qtbot, db):
    dialog = record_dialog(db, "trips")
    qtbot.addWidget(dialog)
    form = dialog.form
    form.field("title").setText("출장")
    form.field("start_date").setText("2025.12.06.")
    form.field("end_date").setText("2025-12-01")
    assert not form.validate()
    assert "1 Dec 2025 (Mon)" in form.errors["end_date"].text()  # as the interface writes dates
    form.field("end_date").setText("'25.12.11.")
    assert form.validate()
    assert dialog.save()
    with db.read() as s:
        trip = s.scalar(sa.select(Trip))
    assert (trip.start_date, trip.end_date) == (date(2025, 12, 6), date(2025, 12, 11))


def test_bad_date_text_says_so(qtbot, db):
    dialog = record_dialog(db, "trips")
    qtbot.addWidget(dialog)
    dialog.form.field("start_date").setText("2025-13-45")
    dialog.form.validate()
    assert "2025-13-45" in dialog.form.errors["start_date"].text()


def test_follow_up_due_month_keeps_month_precision(qtbot, db):
    dialog = record_dialog(db, "actions")
    qtbot.addWidget(dialog)
    dialog.form.field("title").setText("OECD 디지털 서밋 참여 확인")
    dialog.form.field("due").setText("'26.10월")
    assert dialog.save()
    with db.read() as s:
        action = s.scalar(sa.select(Action))
    assert action.due_precision is DatePrecision.MONTH and action.due_date == date(2026, 10, 1)


def test_edit_then_undo_restores_the_old_text(qtbot, db):
    org = records.create(db, Organization, {"name_ko": "경제협력개발기구", "acronym": "OECD"})
    dialog = record_dialog(db, "organizations", org.id)
    qtbot.addWidget(dialog)
    field = dialog.form.field("name_ko")
    assert field.text() == "경제협력개발기구"
    field.setText("OECD 사무국")
    assert dialog.dirty
    dialog.form.undo_stack.undo()
    assert field.text() == "경제협력개발기구"
    assert not dialog.dirty
    dialog.form.undo_stack.redo()
    assert field.text() == "OECD 사무국"
    assert dialog.save()
    assert records.get(db, Organization, org.id).name_ko == "OECD 사무국"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_dialog(qtbot, db, monkeypatch):
    dialog = record_dialog(db, "topics")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.form.field("name_ko").setText("양자")
    asked = []
    monkeypatch.setattr(
        RecordDialog, "ask", classmethod(lambda cls, *a: asked.append(a) or QMessageBox.StandardButton.Cancel)
    )
    dialog.reject()
    assert asked and dialog.isVisible()
    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Save))
    dialog.reject()
    assert not dialog.isVisible()
    with db.read() as s:
        assert s.execute(sa.text("select name_ko from topics")).scalar_one() == "양자"


def test_concurrent_edit_is_merged_not_overwritten(qtbot, db):
    org = records.create(db, Organization, {"name_ko": "총무성"})
    dialog = record_dialog(db, "organizations", org.id)
    qtbot.addWidget(dialog)
    records.update(db, Organization, org.id, {"name_en": "MIC"})  # a colleague saves first
    dialog.form.field("name_ko").setText("일본 총무성")
    assert dialog.save()  # they changed another field: both changes are kept, nothing asked
    stored = records.get(db, Organization, org.id)
    assert (stored.name_ko, stored.name_en) == ("일본 총무성", "MIC")


def test_a_wrong_date_is_flagged_while_typing_not_only_on_save(qtbot, db):
    dialog = record_dialog(db, "trips")
    qtbot.addWidget(dialog)
    dialog.form.field("start_date").setText("2025-13-45")
    label = dialog.form.errors["start_date"]
    assert "2025-13-45" in label.text() and not label.isHidden()


def test_korean_interface_labels_the_buttons_in_korean(qtbot, db):
    from tracker.domain import i18n

    i18n.set_language("ko")
    dialog = record_dialog(db, "topics")
    qtbot.addWidget(dialog)
    texts = {b.text() for b in dialog.buttons.buttons()}
    assert {"저장", "취소"} <= texts


def test_undo_and_redo_buttons_follow_the_undo_stack(qtbot, db):
    dialog = record_dialog(db, "topics")
    qtbot.addWidget(dialog)
    assert not dialog.undo_button.isEnabled()
    dialog.form.field("name_ko").setText("반도체")
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert dialog.form.field("name_ko").text() == ""
    assert dialog.redo_button.isEnabled()


def test_every_problem_shows_at_once_not_one_after_another(qtbot, db):
    dialog = record_dialog(db, "trips")
    qtbot.addWidget(dialog)
    form = dialog.form
    form.field("title").setText("출장")
    form.field("start_date").setText("2026.03.16.")
    form.field("end_date").setText("2026.03.14.")
    form.field("report_date").setText("2026.02.30.")  # no such day
    assert not dialog.save()
    assert "2026.02.30" in form.errors["report_date"].text()
    assert "14 Mar 2026 (Sat)" in form.errors["end_date"].text()
