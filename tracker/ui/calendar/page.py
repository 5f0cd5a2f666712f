"""The calendar page: month, week and agenda views of what is on, where, and at what time.

Items come from `tracker.services.calendar.items_between` and are painted by hand (one widget
per view, not one per item), so a busy month paints as fast as an empty one. The week view puts
timed items in day columns at the viewer's time (Seoul by default) with the local time beside;
the viewer's zone can be switched to another zone or to "local time" (every item at its own
wall-clock time). Public holidays of the counterpart countries in view are shown in every view.

Dragging a meeting in the week view (to another day and time) or in the month view (to another
day), or a follow-up's deadline in the month view, moves it through `move_meeting`/`move_due`;
when the target day is a holiday or weekend of the counterpart country the page asks first
(`CalendarPage.ask`, patched in tests). The mouse and the tests take the same path:
`drop(item, pos)` on a view, then `CalendarPage.request_move`.
"""

from __future__ import annotations

import html
import uuid
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.dates import english_month
from tracker.domain.i18n import pick
from tracker.services import calendar as cal
from tracker.services import calendar_page
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
from tracker.ui import settings
from tracker.ui.calendar.agenda import AgendaView
from tracker.ui.calendar.common import COLOURS, LOCAL, SEOUL, Scheme, kind_label
from tracker.ui.calendar.month import MonthView
from tracker.ui.calendar.moving import CalendarMoves
from tracker.ui.calendar.reading import _LAST_SHOWN, CalendarReading
from tracker.ui.calendar.week import WeekView
from tracker.ui.fields import DateField
from tracker.ui.format import format_date

# ------------------------------------------------------------------------------------------------
# The page
# ------------------------------------------------------------------------------------------------


class CalendarPage(CalendarReading, CalendarMoves, QWidget):
    """Month, week and agenda views with navigation, filters and the viewer's zone."""

    open_record = Signal(str, object)  # table name, id

    MODES = ("month", "week", "agenda")
    AGENDA_DAYS = 14

    def __init__(self, db: Database, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.today = today or date.today()
        self.anchor = self.today
        # The same database's calendar built again (the window is rebuilt when the interface
        # language changes) shows the day and the filters it showed, not today.
        self.country: str | None = None
        self.topic: Any = None
        mode = settings.CALENDAR_MODE.get()
        if db in _LAST_SHOWN:
            self.anchor, self.country, self.topic, mode = _LAST_SHOWN[db]
        self.mode = mode if mode in self.MODES else "week"
        zone_name = settings.CALENDAR_ZONE.get() or SEOUL
        self.viewer_tz: str | None = None if zone_name == LOCAL else (zone_name or SEOUL)
        self.items: list[CalendarItem] = []
        self.holidays: dict[date, list[Holiday]] = {}
        # (span and filters, items, holidays, what each period shown since showed) last read
        self._loaded: (
            tuple[tuple[Any, ...], list[CalendarItem], dict[date, list[Holiday]], dict[Any, Any]] | None
        ) = None
        # Writing the settings file took 10-25 ms on a loaded machine: a month/week switch
        # remembers its mode a moment later, once.
        self._save_mode = QTimer(self, singleShot=True, interval=1000)
        self._save_mode.timeout.connect(self._remember_mode)
        self._forget_on_commit()
        self._dirty = False
        self._build()
        for combo, value in ((self.country_combo, self.country), (self.topic_combo, self.topic)):
            combo.blockSignals(True)
            combo.setCurrentIndex(
                max(0, combo.findData(str(value) if combo is self.topic_combo and value else value))
            )
            combo.blockSignals(False)
        self.reload()

    # building ----------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.today_button = QPushButton(vocabulary.TODAY())
        self.today_button.clicked.connect(self.go_today)
        self.prev_button = QToolButton(text="◀")
        self.prev_button.setToolTip(pick("이전", "Previous"))
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QToolButton(text="▶")
        self.next_button.setToolTip(pick("다음", "Next"))
        self.next_button.clicked.connect(lambda: self.step(1))
        self.period_label = QLabel()
        font = self.period_label.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.period_label.setFont(font)
        self.period_label.setWordWrap(True)  # a narrow window (a 200 % screen) wraps, never widens
        self.goto_field = DateField()
        self.goto_field.setMaximumWidth(190)
        self.goto_field.setToolTip(pick("날짜로 이동", "Go to date"))
        self.goto_field.edit.returnPressed.connect(self._goto_typed)
        self.goto_field.calendar.clicked.connect(lambda _d: self._goto_typed())
        self.goto_button = QToolButton(text=pick("이동", "Go"))
        self.goto_button.clicked.connect(self._goto_typed)

        self.mode_buttons: dict[str, QToolButton] = {}
        self.mode_group = QButtonGroup(self)
        for mode, ko, en in (("month", "월", "Month"), ("week", "주", "Week"), ("agenda", "목록", "Agenda")):
            b = QToolButton(text=pick(ko, en), checkable=True)
            b.clicked.connect(lambda _c=False, m=mode: self.set_mode(m))
            self.mode_group.addButton(b)
            self.mode_buttons[mode] = b

        self.country_combo = QComboBox()
        self.country_combo.addItem(pick("모든 국가", "All countries"), None)
        for code, name_ko, name_en in self._countries():
            self.country_combo.addItem(f"{pick(name_ko, name_en or name_ko)} ({code})", code)
        self.country_combo.currentIndexChanged.connect(self._filters_changed)
        self.topic_combo = QComboBox()
        self.topic_combo.addItem(pick("모든 주제", "All topics"), None)
        for tid, name_ko, name_en in cal.topics_in_use(self.db):
            self.topic_combo.addItem(
                pick(name_ko, name_en or name_ko), str(tid)
            )  # text: findData compares it
        self.topic_combo.currentIndexChanged.connect(self._filters_changed)
        self.zone_combo = QComboBox()
        self.zone_combo.setToolTip(pick("표시 시간대", "Time zone shown"))
        self.zone_combo.addItem(pick("서울 시각 (Asia/Seoul)", "Seoul time (Asia/Seoul)"), SEOUL)
        self.zone_combo.addItem(pick("각 일정의 현지 시각", "Local time of each item"), LOCAL)
        if self.viewer_tz not in (None, SEOUL):
            self.zone_combo.addItem(self.viewer_tz, self.viewer_tz)
        self.zone_combo.setCurrentIndex(max(0, self.zone_combo.findData(self.viewer_tz or LOCAL)))
        self.zone_combo.currentIndexChanged.connect(self._zone_changed)

        self.month_view = MonthView()
        self.week_view = WeekView()
        self.agenda_view = AgendaView()
        self.week_scroll = QScrollArea()
        # the day header is painted at the visible top, so it must be redrawn on every scroll
        self.week_scroll.verticalScrollBar().valueChanged.connect(lambda _v: self.week_view.update())
        self.week_scroll.setWidgetResizable(True)
        self.week_scroll.setWidget(self.week_view)
        for view in (self.month_view, self.week_view):
            view.move_handler = self.request_move
            view.activated.connect(self._activated)
            view.day_chosen.connect(self._day_chosen)
        self.agenda_view.activated.connect(self._activated)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.month_view)
        self.stack.addWidget(self.week_scroll)
        self.stack.addWidget(self.agenda_view)

        self.legend = QLabel(
            " ".join(
                f"<span style='color:{COLOURS[k]}'>■</span> {html.escape(kind_label(k))}"
                for k in (cal.MEETING, cal.ITINERARY, cal.EVENT, cal.EVENT_SESSION, cal.TRIP, cal.ACTION_DUE)
            )
            + f" <span style='color:{COLOURS[cal.ACTION_OVERDUE]}'>■</span> {html.escape(pick('기한 지남', 'Overdue'))}"
            + f" <span style='color:{Scheme.of(self.palette()).holiday.name()}'>■</span> {html.escape(pick('공휴일', 'Public holiday'))}"
        )

        # Narrow windows: the combos shrink to a few characters (the list opens full width) and
        # the legend wraps, so the page never asks for more than a small screen has.
        for combo in (self.country_combo, self.topic_combo, self.zone_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(5)
        self.legend.setWordWrap(True)

        top = QHBoxLayout()
        for w in (self.today_button, self.prev_button, self.next_button):
            top.addWidget(w)
        top.addWidget(self.period_label, 1)
        for b in self.mode_buttons.values():
            top.addWidget(b)
        # "Go to a date" sits with the filters: on a narrow window (a 200 % screen) the period
        # keeps the first row to itself instead of wrapping word by word beside the date field.
        filters = QHBoxLayout()
        filters.addWidget(QLabel(vocabulary.COUNTRY()))
        filters.addWidget(self.country_combo, 1)
        filters.addWidget(QLabel(pick("주제", "Topic")))
        filters.addWidget(self.topic_combo, 1)
        filters.addWidget(QLabel(pick("시간대", "Time zone")))
        filters.addWidget(self.zone_combo, 1)
        filters.addSpacing(6)
        filters.addWidget(self.goto_field)
        filters.addWidget(self.goto_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.legend)
        self.mode_buttons[self.mode].setChecked(True)
        self.stack.setCurrentIndex(self.MODES.index(self.mode))

    def _countries(self) -> list[tuple[str, str, str | None]]:
        return [(c.code, c.name_ko, c.name_en) for c in calendar_page.country_names(self.db)]

    # navigation --------------------------------------------------------------------------------------
    def period(self) -> tuple[date, date]:
        """The first and last day the current view shows."""
        if self.mode == "month":
            month = self.anchor.replace(day=1)
            first = month - timedelta(days=month.weekday())
            return first, first + timedelta(days=41)
        if self.mode == "week":
            first = self.anchor - timedelta(days=self.anchor.weekday())
            return first, first + timedelta(days=6)
        return self.anchor, self.anchor + timedelta(days=self.AGENDA_DAYS - 1)

    def make_read_only(self) -> None:
        """A reader's window (the server refuses their writes): items are not dragged to
        another day or hour, so no move is offered only to be refused."""
        for view in (self.month_view, self.week_view):
            view.move_handler = None

    def set_mode(self, mode: str) -> None:
        if mode not in self.MODES:
            raise ValueError(mode)
        self.mode = mode
        self.mode_buttons[mode].setChecked(True)
        self.stack.setCurrentIndex(self.MODES.index(mode))
        self._save_mode.start()  # written once the switching stops, not on every switch
        self.reload()

    def go_to(self, day: date) -> None:
        self.anchor = day
        self.reload()

    def go_today(self) -> None:
        self.go_to(self.today)

    def step(self, n: int) -> None:
        if self.mode == "month":
            total = self.anchor.year * 12 + self.anchor.month - 1 + n
            self.anchor = date(total // 12, total % 12 + 1, 1)
        elif self.mode == "week":
            self.anchor += timedelta(days=7 * n)
        else:
            self.anchor += timedelta(days=self.AGENDA_DAYS * n)
        self.reload()

    def _goto_typed(self) -> None:
        day = self.goto_field.value()
        if isinstance(day, date):
            self.go_to(day)

    def _day_chosen(self, day: date) -> None:
        """ "+N more" clicked: a month's day opens its week; a crowded hour of the week opens the
        agenda from that day, where every item has a line."""
        self.anchor = day
        self.set_mode("agenda" if self.mode == "week" else "week")

    def _filters_changed(self, _index: int = 0) -> None:
        self.country = self.country_combo.currentData()
        topic = self.topic_combo.currentData()
        self.topic = uuid.UUID(topic) if topic else None
        self.reload()

    def set_country(self, code: str | None) -> None:
        self.country_combo.setCurrentIndex(max(0, self.country_combo.findData(code)))

    def set_topic(self, topic_id: Any) -> None:
        self.topic_combo.setCurrentIndex(
            max(0, self.topic_combo.findData(str(topic_id) if topic_id else None))
        )

    def set_viewer_zone(self, tz: str | None) -> None:
        """Show times in `tz` (an IANA name), or each item at its own local time (None)."""
        data = tz or LOCAL
        if self.zone_combo.findData(data) < 0:
            self.zone_combo.addItem(data, data)
        self.zone_combo.setCurrentIndex(self.zone_combo.findData(data))

    def _zone_changed(self, _index: int) -> None:
        data = self.zone_combo.currentData()
        self.viewer_tz = None if data == LOCAL else data
        settings.CALENDAR_ZONE.set(data)
        self.reload()

    def _offer_zones(self) -> None:
        """Offer the zones of the items on view as viewer zones ("switch to Montreal time")."""
        for tz in dict.fromkeys(i.local_tz for i in self.items if i.local_tz):
            if self.zone_combo.findData(tz) < 0:
                self.zone_combo.blockSignals(True)
                self.zone_combo.addItem(tz, tz)
                self.zone_combo.blockSignals(False)

    # loading -----------------------------------------------------------------------------------------
    def viewer_name(self) -> str:
        if self.viewer_tz is None:
            return pick("현지", "Local")
        if self.viewer_tz == SEOUL:
            return vocabulary.SEOUL()
        return self.viewer_tz.rsplit("/", 1)[-1].replace("_", " ")

    def _show(self) -> None:
        first, last = self.period()
        local_mode = self.viewer_tz is None
        if self.mode == "month":
            self.month_view.set_month(self.anchor)
            self.month_view.set_data(self.items, self.holidays, self.today, local_mode, self.viewer_name())
            title = pick(f"{self.anchor.year}년 {self.anchor.month}월", english_month(self.anchor, long=True))
        elif self.mode == "week":
            self.week_view.set_days(first)
            self.week_view.set_data(self.items, self.holidays, self.today, local_mode, self.viewer_name())
            title = f"{format_date(first)} – {format_date(last)}"
        else:
            days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
            self.agenda_view.set_data(days, self.items, self.holidays, self.today, local_mode)
            title = f"{format_date(first)} – {format_date(last)}"
        self.period_label.setText(title)

    def _remember_mode(self) -> None:
        settings.CALENDAR_MODE.set(self.mode)

    def hideEvent(self, event: Any) -> None:
        if self._save_mode.isActive():  # the window closes or another section opens: write now
            self._save_mode.stop()
            self._remember_mode()
        super().hideEvent(event)

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()
        if self.mode == "week" and not getattr(self, "_scrolled", False):
            self.scroll_to_first_item()
            self._scrolled = True

    def scroll_to_first_item(self) -> None:
        """Show the week from its first timed item (or 08:00), not from midnight."""
        starts = [
            it.start for it in self.week_view.visible_items() if it.start is not None and not it.all_day
        ]
        minutes = min((s.hour * 60 + s.minute for s in starts), default=8 * 60)
        self.week_scroll.verticalScrollBar().setValue(int(self.week_view._y(min(minutes, 8 * 60))) - 60)

    def current_view(self) -> QWidget:
        return {"month": self.month_view, "week": self.week_view, "agenda": self.agenda_view}[self.mode]

    def _activated(self, item: CalendarItem) -> None:
        self.open_record.emit(item.record_kind, item.record_id)


__all__ = ["_LAST_SHOWN", "CalendarPage"]
