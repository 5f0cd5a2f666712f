"""Every setting the interface remembers, in one place: its key, its default and its type.

    from tracker.ui import settings
    settings.FONT_SIZE.get()        # 0 (the system's size) unless the user chose one
    settings.FONT_SIZE.set(12)

A stored value that cannot be read as its type (edited by hand, left by another version) reads
as the default and is logged, never a crash. Values live in QSettings (the registry on Windows,
~/.config/tracker on Linux); the application and organization names decide where.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QApplication

from tracker.domain import i18n

if TYPE_CHECKING:  # uuid and json are imported when a setting of theirs is read, not at start
    import uuid

log = logging.getLogger(__name__)

T = TypeVar("T")

# The report formats, in the order the settings dialog offers them (the same as
# tracker.export.report.FORMATS, which a test checks; not imported so that start-up stays light).
REPORT_FORMATS = ("docx", "pdf", "hwpx", "md", "html")
FONT_SIZES = range(8, 25)  # points; 0 = the system's own size


class Setting(Generic[T]):
    """One remembered value: `get()` gives the stored value as its type or the default."""

    def __init__(
        self, key: str, default: T, parse: Callable[[Any], T], dump: Callable[[T], Any] = str
    ) -> None:
        self.key = key
        self.default = default
        self._parse = parse
        self._dump = dump

    def get(self) -> T:
        raw = QSettings().value(self.key)
        if raw is None or raw == "":
            return self.default
        try:
            return self._parse(raw)
        except (TypeError, ValueError) as exc:
            log.warning("setting %s: %r is not usable (%s); the default is used", self.key, raw, exc)
            return self.default

    def set(self, value: T | None) -> None:
        """Remember `value`; None (or the default) forgets it, so the default applies again."""
        if value is None or value == self.default:
            QSettings().remove(self.key)
        else:
            QSettings().setValue(self.key, self._dump(value))

    def raw(self) -> Any:
        return QSettings().value(self.key)

    def __repr__(self) -> str:
        return f"Setting({self.key!r}, default={self.default!r})"


# ------------------------------------------------------------------ parsers


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(raw: Any) -> str:
        value = str(raw)
        if value not in choices:
            raise ValueError(f"not one of {choices}")
        return value

    return parse


def _int_in(low: int, high: int, *also: int) -> Callable[[Any], int]:
    def parse(raw: Any) -> int:
        value = int(str(raw).strip())
        if not (low <= value <= high or value in also):
            raise ValueError(f"outside {low}..{high}")
        return value

    return parse


def _uuid(raw: Any) -> uuid.UUID:
    import uuid

    return uuid.UUID(str(raw))


def _text(raw: Any) -> str:
    if not isinstance(raw, str):
        raise TypeError("not text")
    return raw


def _line(raw: Any) -> str:
    return " ".join(_text(raw).split())


def _bytes(raw: Any) -> QByteArray:
    if not isinstance(raw, QByteArray):
        raise TypeError("not bytes")
    return raw


def _json_dict(raw: Any) -> dict[str, Any]:
    import json

    value = json.loads(str(raw))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _json_text(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value)


# ------------------------------------------------------------------ the settings

# Interface language, "ko" or "en"; None: the system's.
LANGUAGE: Setting[str | None] = Setting("ui/language", None, _one_of(i18n.SUPPORTED))
# Point size of the interface font; 0: the system's own.
FONT_SIZE: Setting[int] = Setting("ui/font_size", 0, _int_in(FONT_SIZES.start, FONT_SIZES.stop - 1, 0))
# The staff person who uses this computer ("my name"): whose follow-ups the reminders cover.
MY_PERSON: Setting[uuid.UUID | None] = Setting("user/person_id", None, _uuid)
# The name documents carry as their author (the chosen person's name, or typed); "" for none.
MY_NAME: Setting[str] = Setting("user/name", "", _line)
# Reminders: checked every so many minutes, for what falls due within so many days.
REMINDER_INTERVAL: Setting[int] = Setting("reminders/interval_minutes", 60, _int_in(1, 24 * 60))
REMINDER_DAYS: Setting[int] = Setting("reminders/days", 7, _int_in(0, 90))
# What the reminder note said today, so that a restart does not say it again.
REMINDERS_TOLD: Setting[dict[str, Any]] = Setting("reminders/told", {}, _json_dict, _json_text)
# The format the trip report's save dialog suggests.
REPORT_FORMAT: Setting[str] = Setting("report/format", "docx", _one_of(REPORT_FORMATS))
# The main window: its geometry and the section it was on.
WINDOW_GEOMETRY: Setting[QByteArray | None] = Setting("window/geometry", None, _bytes, lambda v: v)
WINDOW_SECTION: Setting[str] = Setting("window/section", "home", _text)
# The calendar: its view (week, month, agenda) and the viewer's time zone (an IANA name, or
# the calendar's own word for the computer's zone); the calendar checks the names it gets.
CALENDAR_MODE: Setting[str] = Setting("calendar/mode", "week", _text)
CALENDAR_ZONE: Setting[str | None] = Setting("calendar/zone", None, _text)

_FOLDERS: dict[str, Setting[str]] = {}


def folder(key: str) -> Setting[str]:
    """The folder last used for one kind of file ("export/folder", "report/folder", …)."""
    if key not in _FOLDERS:
        _FOLDERS[key] = Setting(key, "", _text)
    return _FOLDERS[key]


ALL: tuple[Setting[Any], ...] = (
    LANGUAGE,
    FONT_SIZE,
    MY_PERSON,
    MY_NAME,
    REMINDER_INTERVAL,
    REMINDER_DAYS,
    REMINDERS_TOLD,
    REPORT_FORMAT,
    WINDOW_GEOMETRY,
    WINDOW_SECTION,
    CALENDAR_MODE,
    CALENDAR_ZONE,
)


# ------------------------------------------------------------------ applying


def author() -> str:
    """The name the documents carry as their author: "" when the user has not given one."""
    return MY_NAME.get()


def name_the_actor(db: Any) -> None:
    """On a personal (SQLite) database the history names the officer by the name they gave
    (Settings › Document author), else this computer's login. On a team server it always
    names the PostgreSQL role: the server knows who is connected, a setting could claim anyone."""
    if db is not None and db.is_sqlite:
        db.actor = author() or None


def apply_font_size(app: QApplication | None = None, size: int | None = None) -> int:
    """Give the interface font the chosen point size (0: the system's own), at once; returns
    the size in use."""
    app = app or QApplication.instance()  # type: ignore[assignment]
    if not isinstance(app, QApplication):
        return 0
    size = FONT_SIZE.get() if size is None else size
    system = app.property("tracker_system_point_size")
    if system is None:
        system = app.font().pointSize()
        app.setProperty("tracker_system_point_size", system)
    font = app.font()
    wanted = size if size > 0 else int(system)
    if wanted > 0 and font.pointSize() != wanted:
        font.setPointSize(wanted)
        app.setFont(font)
    return wanted
