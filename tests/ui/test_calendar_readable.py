"""The calendar as a user reads it: a crowded hour of the week still shows each block's time and
title (the rest counted in "+N"), English dates on a Korean system, the shown day kept across a
change of interface language, and bars and blocks readable on a dark palette as on a light one."""

from __future__ import annotations

import time as time_module
from collections import Counter
from datetime import date, time

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QColor, QFontMetrics, QPalette
from PySide6.QtTest import QTest

from tracker.export.demo import load_demo
from tracker.services import actions, meetings
from tracker.ui.calendar_view import CalendarPage
from tracker.ui.main_window import MainWindow

CROWDED_DAY = date(2025, 3, 12)
TITLES = [
    f"{name} 양자면담"
    for name in ("프랑스", "독일", "영국", "이탈리아", "스페인", "네덜란드", "벨기에", "스웨덴")
]


def _go(page: CalendarPage, day: date, mode: str) -> None:
    """Type the day into the go-to field and press Enter, then click the mode's button."""
    page.goto_field.edit.clear()
    QTest.keyClicks(page.goto_field.edit, day.isoformat())
    QTest.keyClick(page.goto_field.edit, Qt.Key.Key_Return)
    QTest.mouseClick(page.mode_buttons[mode], Qt.MouseButton.LeftButton)


@pytest.fixture
def crowded(qtbot, db):
    """Eight meetings in Paris at the same hour (18:00 in Seoul), and a page as narrow as the
    window's middle pane."""
    for title in TITLES:
        meetings.create_meeting(
            db,
            {
                "kind": "bilateral",
                "title": title,
                "date": CROWDED_DAY,
                "start_time": time(10),
                "end_time": time(11),
                "timezone": "Europe/Paris",
            },
        )
    page = CalendarPage(db, today=date(2025, 3, 10))
    qtbot.addWidget(page)
    page.resize(900, 800)
    page.show()
    page.set_viewer_zone("Asia/Seoul")
    _go(page, CROWDED_DAY, "week")
    return page


def test_a_crowded_hour_shows_each_blocks_time_and_title_and_counts_the_rest(crowded, qtbot) -> None:
    week = crowded.week_view
    shown = [i for i in week.visible_items() if i.start_date == CROWDED_DAY]
    assert shown
    time_and_zone = QFontMetrics(week._font).horizontalAdvance("18:00 CET")
    for item in shown:
        assert week.rect_of(item).width() >= time_and_zone  # never the '18:0…' sliver
        lines = week.block_lines(item)
        assert lines[0].startswith("18:00")
        assert item.title[:2] in " ".join(lines)  # the start of its title
        assert any("10:00 CET" in line for line in lines)  # and the time in Paris
    # the rest are counted in one "+N" strip whose tooltip names them
    ((strip, hidden),) = week.more_at(CROWDED_DAY)
    assert len(shown) + len(hidden) == len(TITLES)
    assert {i.title for i in shown} | {i.title for i in hidden} == set(TITLES)
    tip = week.more_tooltip(strip.center())
    assert all(i.title in tip for i in hidden)
    # a click on it lists the whole day in the agenda
    QTest.mouseClick(
        week, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, strip.center().toPoint()
    )
    assert crowded.mode == "agenda" and crowded.period()[0] == CROWDED_DAY
    titles = [item.title for _text, item in crowded.agenda_view.rows() if item is not None]
    assert set(TITLES) <= set(titles)


def test_many_deadlines_on_a_day_leave_the_hours_in_view(crowded) -> None:
    for k in range(9):
        actions.create_action(crowded.db, {"title": f"회신 {k + 1}", "due": CROWDED_DAY.isoformat()})
    crowded.refresh()
    week = crowded.week_view
    # five rows of all-day items at most, the last one counting the rest
    assert week.grid_top <= week._header_h + 5 * week.LANE + 6
    band = [(rect, items) for rect, items in week.more_at(CROWDED_DAY) if rect.bottom() < week.grid_top]
    ((rect, hidden),) = band
    shown = [i for i in week.visible_items() if i.kind == "action_due"]
    assert len(shown) + len(hidden) == 9 and len(shown) == 4
    assert all(i.title in week.more_tooltip(rect.center()) for i in hidden)


def test_a_wide_week_puts_overlapping_meetings_side_by_side(crowded) -> None:
    crowded.resize(2400, 800)
    week = crowded.week_view
    shown = [i for i in week.visible_items() if i.start_date == CROWDED_DAY]
    lefts = sorted(week.rect_of(i).left() for i in shown)
    assert len(shown) >= 4 and len(set(lefts)) == len(shown)  # each its own lane, none on another


def test_english_dates_on_a_korean_system(qtbot, db, monkeypatch) -> None:
    """strftime's %b/%B follow the process locale (Korean on a Korean PC): as if it did here."""
    real = time_module.strftime

    def korean_strftime(fmt, *args):
        for code in ("%B", "%b"):
            fmt = fmt.replace(code, "3월")
        return real(fmt, *args)

    monkeypatch.setattr(time_module, "strftime", korean_strftime)
    load_demo(db)
    page = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(page)
    page.resize(1400, 900)
    page.show()
    _go(page, date(2025, 3, 12), "month")
    assert page.period_label.text() == "March 2025"
    _go(page, date(2025, 12, 6), "agenda")
    trip = next(text for text, item in page.agenda_view.rows() if item is not None and item.kind == "trip")
    assert trip.startswith("~Thu 11 Dec |")


def test_changing_the_language_keeps_the_day_and_view_shown(qtbot, db) -> None:
    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.show_section("calendar")
    page = window.pages["calendar"]
    _go(page, date(2025, 3, 12), "month")
    assert page.period_label.text() == "March 2025"
    korean = next(
        a for a in window.findChildren(QAction) if a.text().startswith("한국어")
    )  # Settings › Language
    korean.trigger()
    page = window.pages["calendar"]
    assert window.current_section() == "calendar"
    assert (page.mode, page.anchor) == ("month", date(2025, 3, 12))
    assert page.period_label.text() == "2025년 3월"
    assert page.month_view.first == date(2025, 2, 24)


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.Base, "#1b1b1d"),
        (QPalette.ColorRole.AlternateBase, "#2a2b2e"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Button, "#303134"),
        (QPalette.ColorRole.ButtonText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
        (QPalette.ColorRole.Link, "#8ab4f8"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21 (4.5 is the least for normal text)."""

    def lum(c: QColor) -> float:
        ch = [
            v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
            for v in (c.redF(), c.greenF(), c.blueF())
        ]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    la, lb = lum(a), lum(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def _text_contrast(view, rect) -> float:
    """Contrast between a painted block's fill (its commonest colour) and its text (the pixel
    that stands out most from the fill), read from the rendered widget at the block's start
    (its time or its first characters, and no grid line of the cells under it)."""
    image = view.grab().toImage()
    inner = rect.adjusted(2, 2, -2, -2).toRect()
    inner.setWidth(min(inner.width(), 36))
    pixels = [
        image.pixelColor(QPoint(x, y))
        for x in range(inner.left(), inner.right() + 1)
        for y in range(inner.top(), inner.bottom() + 1)
    ]
    fill = QColor(Counter(c.rgb() for c in pixels).most_common(1)[0][0])
    return max(contrast(fill, c) for c in pixels)


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_bars_and_blocks_are_readable_in_light_and_dark(qtbot, db, dark) -> None:
    load_demo(db)
    page = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(page)
    if dark:
        page.setPalette(_dark())
    page.resize(1400, 900)
    page.show()
    page.set_viewer_zone("Asia/Seoul")
    _go(page, date(2025, 12, 8), "month")
    month = page.month_view
    for kind in ("trip", "event"):
        bar = next(i for i in month.visible_items() if i.kind == kind)
        assert _text_contrast(month, month.rect_of(bar)) >= 4.5, kind
    _go(page, date(2025, 12, 8), "week")
    week = page.week_view
    meeting = next(i for i in week.visible_items() if i.kind == "meeting")
    page.week_scroll.ensureVisible(0, int(week.rect_of(meeting).center().y()), 0, 200)
    assert _text_contrast(week, week.rect_of(meeting)) >= 4.5


def test_the_view_chosen_is_remembered_when_the_calendar_closes(qtbot, db) -> None:
    from PySide6.QtCore import QSettings

    page = CalendarPage(db, today=date(2025, 12, 9))
    qtbot.addWidget(page)
    page.show()
    QTest.mouseClick(page.mode_buttons["agenda"], Qt.MouseButton.LeftButton)
    QTest.mouseClick(page.mode_buttons["month"], Qt.MouseButton.LeftButton)
    page.close()
    assert QSettings().value("calendar/mode") == "month"  # the next start opens the month


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_kind_of_block_has_text_with_room_to_spare(dark) -> None:
    """Each colour a block can have (sessions and follow-ups due were 4.4 and 4.05 on a dark
    base): text contrast 7 by the colours, so antialiased small text stays above 4.5 on screen."""
    from dataclasses import replace

    from tracker.ui.calendar.common import COLOURS, Scheme, contrast

    palette = _dark() if dark else QPalette(QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#1b1b1d" if dark else "#ffffff"))
    scheme = Scheme(palette)
    template = _any_item()
    for colour in COLOURS:
        for all_day in (False, True):
            _border, fill, text = scheme.block(replace(template, colour=colour, all_day=all_day))
            assert contrast(fill, text) >= 7, (colour, all_day, fill.name(), text.name())


def _any_item():
    import uuid

    from tracker.services.calendar import CalendarItem

    day = date(2025, 12, 8)
    return CalendarItem(
        kind="meeting", record_kind="meetings", record_id=uuid.uuid4(), title="면담",
        local_start_date=day, local_start_time=time(10), local_end_date=day, local_end_time=time(11),
        local_tz="Asia/Seoul", local_end_tz="Asia/Seoul", start=None, end=None,
        start_date=day, end_date=day, all_day=False, colour="meeting",
    )  # fmt: skip
