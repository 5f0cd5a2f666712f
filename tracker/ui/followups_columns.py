"""The follow-up list's columns, roles, colours and cell texts: what the model shows and the
page lays out, apart from how rows are read."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import ActionStatus, Priority
from tracker.domain.i18n import pick
from tracker.domain.labels import label
from tracker.services.actions import Bucket
from tracker.services.reminders import BUCKET_ORDER, FollowupRow
from tracker.ui.format import format_date

if TYPE_CHECKING:
    from tracker.ui.followups_model import _Group

PAGE = 100
FIRST_SCREEN = 60  # rows read before the list first shows; the rest as they scroll into view
KEEP_LOADED = 300  # after a refresh, reload up to this many rows a group had, so the view stays put

Index = QModelIndex | QPersistentModelIndex

IdRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2
BucketRole = Qt.ItemDataRole.UserRole + 3
RowRole = Qt.ItemDataRole.UserRole + 4
_ROLES = frozenset(
    (
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole,
        IdRole, SortRole, BucketRole, RowRole,
    )
)  # fmt: skip

_DISPLAY, _FOREGROUND, _FONT = (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.FontRole
)  # fmt: skip
_OTHER_ROLES = _ROLES - {_DISPLAY, _FOREGROUND, _FONT, Qt.ItemDataRole.DecorationRole}
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_FLAGS = _ITEM_FLAGS | Qt.ItemFlag.ItemIsEditable

# Column constants.
COL_DUE, COL_TITLE, COL_OWED_BY, COL_STATUS, COL_OWNER, COL_COUNTERPART, COL_COUNTRY, COL_SOURCE, \
    COL_COMPLETED, COL_NOTE = range(10)  # fmt: skip
COLUMNS: tuple[tuple[str, str], ...] = (
    ("기한", "Due"),
    ("후속조치", "Follow-up"),
    ("이행 주체", "Owed by"),
    ("상태", "Status"),
    ("담당자", "Owner"),
    ("상대 기관", "Counterpart"),
    ("국가", "Country"),
    ("출처 (면담·출장)", "From (meeting, trip)"),
    ("완료일", "Completed"),
    ("완료 메모", "Completion note"),
)
EDITABLE = {COL_TITLE, COL_DUE, COL_STATUS, COL_NOTE}
# The quick actions' keys, while the list has the keyboard.
QUICK_SHORTCUTS = {"done": "Ctrl+D", "in_progress": "Ctrl+I", "week": "Ctrl+Shift+W", "month": "Ctrl+Shift+M"}

GROUP_LABELS: dict[Bucket, tuple[str, str]] = {
    Bucket.OVERDUE: ("기한 지남", "Overdue"),
    Bucket.THIS_WEEK: ("이번 주", "This week"),
    Bucket.LATER: ("이후", "Later"),
    Bucket.NO_DATE: ("기한 없음", "No date"),
    Bucket.CLOSED: ("완료·중단", "Closed"),
}
OVERDUE_COLOUR = QColor("#b3261e")
CLOSED_COLOUR = QColor("#6b6b6b")
OVERDUE_BRUSH = QBrush(OVERDUE_COLOUR)
CLOSED_BRUSH = QBrush(CLOSED_COLOUR)
_PRIORITY_RANK = {Priority.HIGH: 0, Priority.NORMAL: 1, Priority.LOW: 2}


def _bold() -> QFont:
    font = QFont()
    font.setBold(True)
    return font


BOLD = _bold()

Today = date | Callable[[], date] | None


def _today_fn(today: Today) -> Callable[[], date]:
    if today is None:
        return date.today
    if isinstance(today, date):
        return lambda: today
    return today


def due_text(due: PrecisionDate | None) -> str:
    """'26.10월 in Korean, Oct 2026 in English: a month-precision deadline stays a month."""
    if due is None:
        return ""
    return pick(due.korean_short(), due.english())


def due_edit_text(due: PrecisionDate | None) -> str:
    if due is None:
        return ""
    return pick(due.korean_short(), due.iso())


class RowKind(IntEnum):
    HEADER = 0  # a group's title: "기한 지남 (17,380건)", click to fold
    ITEM = 1  # one follow-up
    MORE = 2  # the end of a group not read to its end yet: reading more starts when it shows


def cell_text(row: FollowupRow, col: int) -> str:
    """The text a cell of a follow-up's line shows."""
    if col == COL_DUE:
        return due_text(row.due)
    if col == COL_TITLE:
        return row.title
    if col == COL_OWED_BY:
        return label(row.owed_by)
    if col == COL_STATUS:
        return label(row.status)
    if col == COL_OWNER:
        return row.owner or ""
    if col == COL_COUNTERPART:
        return row.counterpart or ""
    if col == COL_COUNTRY:
        return row.country or ""
    if col == COL_SOURCE:
        return row.source or ""
    if col == COL_COMPLETED:
        return format_date(row.completed_on) if row.completed_on else ""
    if col == COL_NOTE:
        return (row.completion_note or "").replace("\n", " ")
    return ""


def sort_value(row: FollowupRow, col: int) -> Any:
    """Comparable values (never None) for sorting proxies and tests."""
    if col == COL_DUE:
        return (
            row.due is None,
            row.due.start if row.due else date.min,
            row.due.last_day if row.due else date.min,
        )
    if col == COL_STATUS:
        return list(ActionStatus).index(row.status)
    if col == COL_COMPLETED:
        return row.completed_on or date.min
    return cell_text(row, col).casefold()


def header_cell(group: _Group, column: int, role: int) -> Any:
    """What a group's header line shows: its name and count, an arrow (folded or not), bold."""
    if role == BucketRole:
        return group.bucket.value
    if column != 0:
        return None
    if role == Qt.ItemDataRole.DisplayRole:
        ko, en = GROUP_LABELS[group.bucket]
        return pick(f"{ko} ({group.count:,}건)", f"{en} ({group.count:,})")
    if role == Qt.ItemDataRole.DecorationRole:  # folded or not, as a tree's arrow shows it
        arrow = QStyle.StandardPixmap.SP_ArrowDown if group.expanded else QStyle.StandardPixmap.SP_ArrowRight
        return QApplication.style().standardIcon(arrow)
    if role == Qt.ItemDataRole.FontRole:
        return _bold()
    if role == Qt.ItemDataRole.ForegroundRole and group.bucket is Bucket.OVERDUE and group.count:
        return QBrush(OVERDUE_COLOUR)
    if role == SortRole:
        return BUCKET_ORDER.index(group.bucket)
    return None


def more_cell(group: _Group, column: int, role: int) -> Any:
    """What a group's "more" line shows while its next page is read."""
    if role == BucketRole:
        return group.bucket.value
    if column == 0 and role == Qt.ItemDataRole.DisplayRole:
        return pick("… 더 불러오는 중", "… loading more")
    if column == 0 and role == Qt.ItemDataRole.ForegroundRole:
        return QBrush(CLOSED_COLOUR)
    return None
