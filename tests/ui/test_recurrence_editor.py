"""Recurrence chosen in words in the event editor, with the keyboard: "monthly on the last
Monday, until 31 Dec 2026" is said under the choices, and no rule text is on screen; a rule
from another program is kept as it came; one occurrence of a series is edited on its own."""

from __future__ import annotations

from datetime import date, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from tracker.db.models import Event
from tracker.domain import i18n
from tracker.services import calendar as cal
from tracker.services import events, records
from tracker.ui.event_editor import open_event_editor
from tracker.ui.recurrence_editor import RecurrenceEditor


def _editor(qtbot, db, key=None, **kw):
    editor = open_event_editor(db, key, **kw)
    qtbot.addWidget(editor)
    return editor


def _choose(qtbot, combo, steps: int) -> None:
    """Move a combo box down `steps` entries with the arrow key, as a user does."""
    combo.setFocus()
    for _ in range(steps):
        qtbot.keyClick(combo, Qt.Key.Key_Down)


def _visible_text(widget) -> str:
    parts = [w.text() for w in widget.findChildren(QLabel) if w.isVisibleTo(widget)]
    parts += [w.text() for w in widget.findChildren(QLineEdit) if w.isVisibleTo(widget)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_monthly_on_the_last_monday_until_a_day_by_keyboard(qtbot, db, lang):
    i18n.set_language(lang)
    editor = _editor(qtbot, db)
    form = editor.form
    form.field("name_ko").setText("월례 점검회의")
    form.field("start_date").setText("2026-01-26")
    form.field("end_date").setText("2026-01-26")
    rec: RecurrenceEditor = form.field("recurrence")
    assert "RRULE" not in _visible_text(editor)  # the field is not a rule text box any more

    _choose(qtbot, rec.freq, 3)  # 반복 안 함 → 매일 → 매주 → 매월
    _choose(qtbot, rec.ordinal, 5)  # 시작일과 같은 날 → 첫째 … 마지막
    _choose(qtbot, rec.end, 1)  # 끝 없음 → 날짜까지
    rec.until.setFocus()
    qtbot.keyClicks(rec.until.edit, "2026-12-31")
    qtbot.keyClick(rec.until.edit, Qt.Key.Key_Tab)

    expected = {
        "ko": "매월 마지막 월요일, 2026.12.31.까지",
        "en": "Monthly on the last Monday, until 31 Dec 2026",
    }[lang]
    assert rec.summary_text() == expected
    assert "FREQ" not in _visible_text(editor) and "BYDAY" not in _visible_text(editor)
    assert editor.save()
    saved = records.get(db, Event, editor.saved.id)
    assert saved.recurrence == "FREQ=MONTHLY;BYDAY=-1MO;UNTIL=20261231"
    days = [i.start_date for i in cal.items_between(db, date(2026, 1, 1), date(2027, 3, 1), kinds=["event"])]
    assert days[:3] == [date(2026, 1, 26), date(2026, 2, 23), date(2026, 3, 30)] and days[-1] == date(
        2026, 12, 28
    )


def test_every_two_weeks_on_monday_and_wednesday_ten_times(qtbot, db):
    i18n.set_language("ko")
    editor = _editor(qtbot, db)
    editor.form.field("name_ko").setText("격주 실무협의")
    editor.form.field("start_date").setText("2026-03-02")
    editor.form.field("end_date").setText("2026-03-02")
    rec: RecurrenceEditor = editor.form.field("recurrence")
    _choose(qtbot, rec.freq, 2)  # 매주
    rec.interval.setFocus()
    qtbot.keyClick(rec.interval, Qt.Key.Key_Up)  # 2주마다
    qtbot.keyClick(rec.days[0], Qt.Key.Key_Space)  # 월
    qtbot.keyClick(rec.days[2], Qt.Key.Key_Space)  # 수
    _choose(qtbot, rec.end, 2)  # 횟수
    assert rec.summary_text() == "2주마다 월·수요일, 10회"
    assert editor.save()
    assert records.get(db, Event, editor.saved.id).recurrence == "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=10"


def test_a_rule_from_another_program_is_kept_and_said_in_words(qtbot, db):
    i18n.set_language("ko")
    rule = "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"  # the last weekday of the month
    e = events.create_event(
        db,
        {
            "name_ko": "월말 보고",
            "start_date": date(2026, 1, 30),
            "end_date": date(2026, 1, 30),
            "recurrence": rule,
        },
    )
    editor = _editor(qtbot, db, e.id)
    rec: RecurrenceEditor = editor.form.field("recurrence")
    assert rec.summary_text().startswith("매월 (세부 조건은 가져온 그대로)")
    assert "BYSETPOS" not in _visible_text(editor)
    editor.form.field("venue").setText("세종")
    assert editor.save()
    assert records.get(db, Event, e.id).recurrence == rule  # untouched by saving the rest


def test_editing_one_occurrence_keeps_the_series(qtbot, db):
    i18n.set_language("en")
    e = events.create_event(
        db,
        {"name_ko": "월례 점검회의", "timezone": "Asia/Seoul", "start_date": date(2026, 1, 13),
         "end_date": date(2026, 1, 13), "recurrence": "FREQ=MONTHLY;BYDAY=2TU;COUNT=12"},
        sessions=[{"title_ko": "회의", "date": date(2026, 1, 13), "start_time": time(10), "end_time": time(11)}],
    )  # fmt: skip
    series_editor = _editor(qtbot, db, e.id)
    assert series_editor.occurrence_row.isVisibleTo(series_editor)
    one = series_editor.edit_one_occurrence(date(2026, 5, 12))
    qtbot.addWidget(one)
    assert one.form.field("start_date").value() == date(2026, 5, 12)
    assert not one.form.field("recurrence").isEnabled()
    assert [r.start.value() for r in one.session_rows] == [time(10)]
    one.form.field("start_date").setText("2026-05-14")
    one.form.field("end_date").setText("2026-05-14")
    one.session_rows[0].date.setText("2026-05-14")
    one.session_rows[0].start.setText("14:00")
    one.session_rows[0].end.setText("15:00")
    assert one.save()
    assert records.get(db, Event, e.id).recurrence == "FREQ=MONTHLY;BYDAY=2TU;COUNT=12"
    may = cal.items_between(db, date(2026, 5, 1), date(2026, 5, 31), kinds=["event", "event_session"])
    assert [(i.kind, i.start_date, i.local_start_time) for i in may] == [
        ("event", date(2026, 5, 14), None),
        ("event_session", date(2026, 5, 14), time(14)),
    ]
    assert len(cal.items_between(db, date(2026, 1, 1), date(2026, 12, 31), kinds=["event"])) == 12


def test_a_colleagues_change_of_the_same_occurrence_is_never_overwritten(qtbot, db):
    """Two officers edit the same occurrence of a series: the second save is refused with the
    reason and its form kept; once reopened, an edit saves over the version it loaded."""
    from tracker.db.models import Event as EventModel
    from tracker.services.event_form import opening_draft

    i18n.set_language("en")
    e = events.create_event(
        db,
        {"name_ko": "월례 점검회의", "timezone": "Asia/Seoul", "start_date": date(2026, 1, 13),
         "end_date": date(2026, 1, 13), "recurrence": "FREQ=MONTHLY;BYDAY=2TU;COUNT=12"},
    )  # fmt: skip
    mine = _editor(qtbot, db, e.id).edit_one_occurrence(date(2026, 5, 12))
    qtbot.addWidget(mine)
    cal.edit_occurrence(db, e.id, date(2026, 5, 12), {"venue": "Ottawa"})  # a colleague, first
    mine.form.field("venue").setText("세종")
    assert not mine.save()
    assert mine.result() == 0  # not accepted: the form stays, nothing lost on either side
    assert "Someone else changed this record first" in _visible_text(mine)
    assert mine.form.field("venue").text() == "세종"
    changed, _ = opening_draft(db, e.id, date(2026, 5, 12))
    assert changed.values["venue"] == "Ottawa"

    again = _editor(qtbot, db, e.id).edit_one_occurrence(date(2026, 5, 12))  # reopened: theirs shown
    qtbot.addWidget(again)
    assert again.form.field("venue").text() == "Ottawa"
    cal.edit_occurrence(db, e.id, date(2026, 5, 12), {"venue": "Montréal"})  # and again, first
    again.form.field("venue").setText("서울")
    assert not again.save()
    third = _editor(qtbot, db, e.id).edit_one_occurrence(date(2026, 5, 12))
    qtbot.addWidget(third)
    third.form.field("venue").setText("서울")
    assert third.save()
    assert records.get(db, EventModel, changed.id).venue == "서울"


def test_the_week_view_shows_a_moved_occurrence_at_its_new_time_and_not_a_cancelled_one(qtbot, db):
    from tracker.ui.calendar_view import CalendarPage

    i18n.set_language("ko")
    e = events.create_event(
        db,
        {"name_ko": "월례 점검회의", "timezone": "Asia/Seoul", "start_date": date(2026, 1, 13),
         "end_date": date(2026, 1, 13), "recurrence": "FREQ=MONTHLY;BYDAY=2TU;COUNT=12",
         "excluded_dates": "2026-03-10"},
        sessions=[{"title_ko": "점검", "date": date(2026, 1, 13), "start_time": time(10), "end_time": time(11)}],
    )  # fmt: skip
    cal.edit_occurrence(
        db, e.id, date(2026, 5, 12), {"start_date": date(2026, 5, 14)},
        sessions=[{"title_ko": "점검", "date": date(2026, 5, 14), "start_time": time(14), "end_time": time(15)}],
    )  # fmt: skip
    page = CalendarPage(db, today=date(2026, 5, 11))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    page.set_viewer_zone("Asia/Seoul")
    page.set_mode("week")
    page.go_to(date(2026, 5, 11))
    shown = [(i.kind, i.start_date, i.viewer_text()) for i in page.week_view.visible_items()]
    assert ("event", date(2026, 5, 14), "") in shown and (
        "event_session",
        date(2026, 5, 14),
        "14:00–15:00",
    ) in shown
    assert not [s for s in shown if s[1] == date(2026, 5, 12)]
    page.go_to(date(2026, 3, 9))
    assert not [i for i in page.week_view.visible_items() if i.title == "월례 점검회의"]
