"""What the calendar page reads: the days around the period shown, the items and holidays in
them (read once for a month and its weeks, kept until a commit touches what is shown), and
what each open database's calendar showed last."""

from __future__ import annotations

import weakref
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain.i18n import language
from tracker.services import calendar as cal
from tracker.services import holidays as holiday_service
from tracker.services.calendar import CalendarItem
from tracker.services.holidays import Holiday
from tracker.ui.calendar.common import TABLES_SHOWN

# What each open database's calendar showed last (day, country, topic), held weakly.
_LAST_SHOWN: weakref.WeakKeyDictionary[Database, tuple[date, str | None, Any, str]] = (
    weakref.WeakKeyDictionary()
)


class CalendarReading:
    """Reading and reloading, of CalendarPage (a part of it)."""

    db: Database
    anchor: date
    today: date
    mode: str
    country: str | None
    topic: Any
    viewer_tz: str | None
    items: list[CalendarItem]
    holidays: dict[date, list[Holiday]]
    _loaded: Any
    _dirty: bool

    def _span(self) -> tuple[date, date]:
        """The days read from the database: for the month and the week views the whole month
        grid around the anchor (it holds the anchor's week), so that switching between them,
        or moving a week within the month, reads nothing again."""
        if self.mode == "agenda":
            return self.period()
        month = self.anchor.replace(day=1)
        first = month - timedelta(days=month.weekday())
        return first, first + timedelta(days=41)

    def reload(self) -> None:
        """Show the current period: from what was read already when it covers the period with
        the same filters, else from the database. A period shown before since the last read
        gets the very same lists again, so its view keeps its layout (a month/week switch
        lays nothing out twice)."""
        first, last = self.period()
        key = (*self._span(), self.viewer_tz, self.country, self.topic, self.today, language())
        if self._loaded is None or not self._covers(self._loaded[0], key):
            self._loaded = (key, *self._read(key[0], key[1]), {})
        _key, items, holidays, periods = self._loaded
        shown = periods.get((first, last))
        if shown is None:
            shown = periods[(first, last)] = (
                [i for i in items if i.start_date <= last and i.end_date >= first],
                defaultdict(list, {d: h for d, h in holidays.items() if first <= d <= last}),
            )
        self.items, self.holidays = shown
        _LAST_SHOWN[self.db] = (self.anchor, self.country, self.topic, self.mode)
        self._offer_zones()
        self._show()
        self._dirty = False

    @staticmethod
    def _covers(loaded: tuple[Any, ...], wanted: tuple[Any, ...]) -> bool:
        return loaded[2:] == wanted[2:] and loaded[0] <= wanted[0] and wanted[1] <= loaded[1]

    def _read(self, first: date, last: date) -> tuple[list[CalendarItem], dict[date, list[Holiday]]]:
        items = cal.items_between(
            self.db,
            first,
            last,
            self.viewer_tz,
            countries=[self.country] if self.country else None,
            topic_ids=[self.topic] if self.topic is not None else None,
            today=self.today,
        )
        countries = [self.country] if self.country else ["KR", *cal.countries_of(items)]
        holidays: dict[date, list[Holiday]] = defaultdict(list)
        # Korea's own holidays first: they decide whether the office is open.
        for h in sorted(
            holiday_service.holidays_between(countries, first, last),
            key=lambda h: (h.date, h.country_code != "KR", h.country_code),
        ):
            holidays[h.date].append(h)
        return items, holidays

    def _forget_on_commit(self) -> None:
        """Drop what was read as soon as any commit touches what the calendar shows (only a
        flag, in the committing thread), so that a switch of view never shows stale items,
        even before the change reaches `refresh`. Held weakly: a closed page stops listening."""
        ref = weakref.ref(self)
        hub = self.db.changes

        def forget(changes: Changes) -> None:
            page = ref()
            if page is None:
                hub.unsubscribe(forget)
            elif changes.touches(*TABLES_SHOWN):
                page._loaded = None

        hub.subscribe(forget)
        self._forget = forget

    def refresh(self, changes: Changes | None = None) -> None:
        if changes is not None and not changes.touches(*TABLES_SHOWN):
            return
        self._loaded = None  # what was read is out of date
        if self.isVisible():
            self.reload()
        else:
            self._dirty = True
