"""The calendar page on the demo data: the G7 week at Seoul and local times, the month with the
trip and the deadlines, the agenda in order, opening records, and drag-to-reschedule with the
question asked before a counterpart's holiday or weekend."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tracker.db.changes import Changes
from tracker.db.models import Action, Meeting
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.services import actions, records
from tracker.ui.calendar_view import CalendarPage

US_COMMERCE = "한-미 상무부 양자면담"
SEOUL_TIMES = {  # Montreal time + 14 hours, on the viewer's day
    "한-미 상무부 양자면담": (date(2025, 12, 8), "23:35", "09:35 EST"),
    "한-OECD 양자면담": (date(2025, 12, 9), "02:40", "12:40 EST"),
    "한-캐나다 양자면담": (date(2025, 12, 9), "03:15", "13:15 EST"),
    "한-일 총무성 양자면담": (date(2025, 12, 9), "04:10", "14:10 EST"),
    "한-영 양자면담": (date(2025, 12, 9), "05:10", "15:10 EST"),
    "한-미 OSTP 양자면담": (date(2025, 12, 9), "07:05", "17:05 EST"),
    "한-독 양자면담": (date(2025, 12, 10), "03:00", "13:00 EST"),
    "밀라-퀘벡 AI 연구소 현장방문": (date(2025, 12, 10), "07:00", "17:00 EST"),
}


@pytest.fixture
def page(qtbot, db):
    load_demo(db)
    p = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    p.set_viewer_zone("Asia/Seoul")
    p.go_to(date(2025, 12, 8))
    p.set_mode("week")
    return p


def _find(view, title):
    return next(i for i in view.visible_items() if i.title == title)


def _drag(widget: QWidget, start: QPoint, end: QPoint) -> None:
    """Press, move in steps and release the left button, as a hand does."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    mods = Qt.KeyboardModifier.NoModifier

    def send(kind, pos, button, buttons):
        p = QPointF(pos)
        QApplication.sendEvent(widget, QMouseEvent(kind, p, widget.mapToGlobal(p), button, buttons, mods))

    send(QEvent.Type.MouseButtonPress, start, left, left)
    for k in range(1, 6):
        send(QEvent.Type.MouseMove, start + (end - start) * (k / 5), none, left)
    send(QEvent.Type.MouseButtonRelease, end, left, none)


def _meeting(db, title) -> Meeting:
    with db.read() as s:
        return s.scalar(sa.select(Meeting).where(Meeting.title == title))


def test_week_shows_every_g7_meeting_at_seoul_and_local_time(page) -> None:
    week = page.week_view
    assert week.days[0] == date(2025, 12, 8) and week.days[-1] == date(2025, 12, 14)
    shown = {i.title: i for i in week.visible_items() if i.kind == "meeting"}
    assert set(shown) == set(SEOUL_TIMES)
    for title, (day, seoul, local) in SEOUL_TIMES.items():
        item = shown[title]
        assert item.start_date == day
        assert week.block_text(item) == [f"{seoul} {title}", f"local {local}"]
        rect = week.rect_of(item)
        column = week.days.index(day)
        assert week._x(column) <= rect.left() < week._x(column + 1)
        hh, mm = map(int, seoul.split(":"))
        assert rect.top() == pytest.approx(week._y(hh * 60 + mm), abs=1)
    # the painted view is one widget, not one per item
    assert week.findChildren(QWidget) == []


def test_switching_to_each_items_local_time(page) -> None:
    page.set_viewer_zone(None)
    us = _find(page.week_view, US_COMMERCE)
    assert page.week_view.block_text(us) == [f"09:35 {US_COMMERCE}", "EST"]
    assert us.start_date == date(2025, 12, 8)
    # and to Montreal time, offered because the items are there
    assert page.zone_combo.findData("America/Toronto") >= 0
    page.set_viewer_zone("America/Toronto")
    us = _find(page.week_view, US_COMMERCE)
    assert page.week_view.block_text(us) == [f"09:35 {US_COMMERCE}"]  # no local time beside: it is local


def test_clicking_an_item_opens_its_record(page, qtbot) -> None:
    us = _find(page.week_view, US_COMMERCE)
    centre = page.week_view.rect_of(us).center().toPoint()
    with qtbot.waitSignal(page.open_record) as blocker:
        QTest.mouseClick(page.week_view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert blocker.args == ["meetings", us.record_id]
    # a flight opens its trip
    flight = _find(page.week_view, "캐나다 출국 및 인천 입국")
    with qtbot.waitSignal(page.open_record) as blocker:
        page.week_view.activated.emit(flight)
    assert blocker.args[0] == "trips"


def test_month_shows_the_trip_span_and_the_deadlines(page) -> None:
    page.set_mode("month")
    month = page.month_view
    assert month.first == date(2025, 12, 1)
    trip = next(i for i in month.visible_items() if i.kind == "trip")
    assert (trip.start_date, trip.end_date) == (date(2025, 12, 6), date(2025, 12, 11))
    bars = [r for r, i in month._hits if i.key == trip.key]
    assert len(bars) == 2  # 6-7 December, then 8-11 December on the next week's row
    cell_w = month.width() / 7
    assert bars[0].width() == pytest.approx(2 * cell_w - 4, abs=1)
    assert bars[1].width() == pytest.approx(4 * cell_w - 4, abs=1)
    due = [i for i in month.visible_items() if i.kind == "action_due"]
    # December's month-precision deadline on the 1st; the year-precision one of '26 on 1 January
    assert [(i.start_date, i.label) for i in due] == [
        (date(2025, 12, 1), "Dec 2025"),
        (date(2026, 1, 1), "2026"),
    ]
    page.step(1)
    assert page.month_view.first == date(2025, 12, 29)
    assert [i.label for i in page.month_view.visible_items() if i.kind == "action_due"] == ["2026"]


def test_month_labels_in_korean_and_the_holidays(qtbot, db) -> None:
    i18n.set_language("ko")
    load_demo(db)
    p = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(p)
    p.resize(1400, 900)
    p.show()
    p.set_mode("month")
    p.go_to(date(2026, 10, 1))
    lines = [p.month_view.line_text(i) for i in p.month_view.visible_items() if i.kind == "action_due"]
    assert lines and all(line.startswith("'26.10월") for line in lines)
    assert [h.name for h in p.holidays[date(2026, 10, 3)] if h.country_code == "KR"] == ["개천절"]
    p.go_to(date(2025, 12, 1))
    assert "기독탄신일" in [h.name for h in p.holidays[date(2025, 12, 25)]]
    assert {"CA", "US"} <= {h.country_code for h in p.holidays[date(2025, 12, 25)]}  # countries in view


def test_agenda_lists_in_order(page) -> None:
    page.set_mode("agenda")
    rows = page.agenda_view.rows()
    items = [item for _text, item in rows if item is not None]
    assert [i.title for i in items if i.kind == "meeting"] == list(SEOUL_TIMES)
    days = [i.start_date for i in items]
    assert days == sorted(days)
    heads = [text for text, item in rows if item is None]
    assert heads[0].startswith("8 Dec 2025 (Mon)")
    us_row = next(text for text, item in rows if item is not None and item.title == US_COMMERCE)
    assert us_row.startswith("23:35–23:55 | 09:35 EST – 09:55 EST | Meeting")
    assert any("Today" in h for h in heads)


def test_navigation_and_go_to_date(page) -> None:
    page.step(1)
    assert page.period() == (date(2025, 12, 15), date(2025, 12, 21))
    page.go_today()
    assert page.period() == (date(2025, 12, 8), date(2025, 12, 14))
    page.goto_field.setText("2026-03-16")
    page.goto_button.click()
    assert page.period()[0] == date(2026, 3, 16)
    page.set_mode("month")
    page.step(-1)
    assert page.anchor == date(2026, 2, 1)


def test_filters_by_country_and_topic(page, db) -> None:
    page.set_country("US")
    assert {i.title for i in page.week_view.visible_items()} == {US_COMMERCE, "한-미 OSTP 양자면담"}
    page.set_country(None)
    from tracker.db.models import Topic

    with db.read() as s:
        quantum = s.scalar(sa.select(Topic.id).where(Topic.name_ko == "양자"))
    page.set_topic(quantum)
    shown = page.week_view.visible_items()
    assert shown and len([i for i in shown if i.kind == "meeting"]) < 8


def test_dragging_a_meeting_reschedules_it(page, db, monkeypatch) -> None:
    monkeypatch.setattr(CalendarPage, "ask", classmethod(lambda cls, *a: pytest.fail("nothing to ask")))
    week = page.week_view
    us = _find(week, US_COMMERCE)
    start = week.rect_of(us).center().toPoint()
    # to Tuesday 23:00 in Seoul: 09:00 on Tuesday in Montreal
    _drag(week, start, week.point_for(date(2025, 12, 9), time(23, 0)))
    m = _meeting(db, US_COMMERCE)
    assert (m.date, m.start_time, m.end_time) == (date(2025, 12, 9), time(9), time(9, 20))
    moved = _find(page.week_view, US_COMMERCE)
    assert (
        moved.start_date == date(2025, 12, 9)
        and page.week_view.block_text(moved)[0] == f"23:00 {US_COMMERCE}"
    )


def test_a_drop_on_a_counterpart_weekend_asks_first(page, db, monkeypatch) -> None:
    asked = []
    answer = [False]

    def ask(cls, parent, title, text):
        asked.append(text)
        return answer[0]

    monkeypatch.setattr(CalendarPage, "ask", classmethod(ask))
    week = page.week_view
    canada = _find(week, "한-캐나다 양자면담")
    target = week.point_for(date(2025, 12, 13), time(23, 15))  # Saturday 09:15 in Montreal
    assert not week.drop(canada, target)
    assert "a weekend day in Canada" in asked[0]
    assert _meeting(db, "한-캐나다 양자면담").date == date(2025, 12, 8)
    answer[0] = True
    assert week.drop(_find(page.week_view, "한-캐나다 양자면담"), target)
    m = _meeting(db, "한-캐나다 양자면담")
    assert (m.date, m.start_time, m.end_time) == (date(2025, 12, 13), time(9, 15), time(9, 45))


def test_dragging_a_deadline_in_the_month_asks_before_a_holiday(page, db, monkeypatch) -> None:
    a = actions.create_action(db, {"title": "美 상무부 회신", "country_code": "US", "due": "2025-12-22"})
    asked = []
    monkeypatch.setattr(
        CalendarPage, "ask", classmethod(lambda cls, parent, title, text: asked.append(text) or True)
    )
    page.set_mode("month")
    month = page.month_view
    item = next(i for i in month.visible_items() if i.record_id == a.id)
    _drag(month, month.rect_of(item).center().toPoint(), month.point_for(date(2025, 12, 25)))
    assert len(asked) == 1 and "Christmas Day" in asked[0]
    stored = records.get(db, Action, a.id)
    assert stored.due_date == date(2025, 12, 25)
    assert any(
        i.record_id == a.id and i.start_date == date(2025, 12, 25) for i in page.month_view.visible_items()
    )


def test_moving_a_meeting_by_days_in_the_month(page, db, monkeypatch) -> None:
    monkeypatch.setattr(CalendarPage, "ask", classmethod(lambda cls, *a: True))
    page.set_mode("month")
    month = page.month_view
    germany = next(i for i in month.visible_items() if i.title == "한-독 양자면담")
    assert month.drop(germany, month.point_for(date(2025, 12, 11)))  # a day later in Seoul and in Montreal
    m = _meeting(db, "한-독 양자면담")
    assert (m.date, m.start_time) == (date(2025, 12, 10), time(13))


def test_a_refused_move_is_explained(page, db, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(
        CalendarPage, "inform", classmethod(lambda cls, parent, title, text: told.append(text))
    )
    monkeypatch.setattr(CalendarPage, "ask", classmethod(lambda cls, *a: True))
    week = page.week_view
    mila = _find(week, "밀라-퀘벡 AI 연구소 현장방문")  # 70 minutes
    # 13:30 in Seoul on the 10th = 23:30 in Montreal on the 9th: it would end after midnight
    assert not week.drop(mila, week.point_for(date(2025, 12, 10), time(13, 30)))
    assert told and "end_time" in told[0]
    assert _meeting(db, "밀라-퀘벡 AI 연구소 현장방문").start_time == time(17)


def test_other_items_do_not_move(page) -> None:
    trip = _find(page.week_view, "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장")
    assert not page.week_view.drop(trip, page.week_view.point_for(date(2025, 12, 12), None))


def test_changes_elsewhere_refresh_the_page(page, db) -> None:
    m = _meeting(db, US_COMMERCE)
    records.update(db, Meeting, m.id, {"title": "한-미 상무부 면담"})
    page.refresh(Changes(updated={"meetings": {m.id}}))
    assert "한-미 상무부 면담" in {i.title for i in page.week_view.visible_items()}
    page.refresh(Changes(updated={"persons": {m.id}}))  # nothing on view: no reload needed


def test_the_warning_looks_at_the_counterparts_own_day(page, db, monkeypatch) -> None:
    # 02:00 on Saturday in Seoul is 12:00 on Friday in Montreal: no weekend there, nothing to ask.
    monkeypatch.setattr(CalendarPage, "ask", classmethod(lambda cls, *a: pytest.fail("nothing to ask")))
    week = page.week_view
    assert week.drop(_find(week, "한-캐나다 양자면담"), week.point_for(date(2025, 12, 13), time(2, 0)))
    m = _meeting(db, "한-캐나다 양자면담")
    assert (m.date, m.start_time) == (date(2025, 12, 12), time(12))


def test_switching_month_and_week_reads_the_database_once_and_never_shows_stale_items(page, db) -> None:
    seen: list[str] = []
    listen = lambda *a: seen.append(a[2])  # noqa: E731
    page.set_mode("month")
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        for mode in ("week", "month", "week", "month"):
            page.set_mode(mode)
        assert seen == []  # all within the month grid read before
        a = actions.create_action(db, {"title": "새 기한", "due": "2025-12-10"})
        page.set_mode("week")  # the commit dropped what was read: read again, with the new item
        assert seen
        assert any(i.record_id == a.id for i in page.week_view.visible_items())
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
