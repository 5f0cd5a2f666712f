"""An open record dialog hears when a colleague changes the record it edits.

`RecordWatch` subscribes to the database's change hub for one record. The hub calls it from
whichever thread heard the change (tracker/db/live.py listens in its own thread), so it only
picks out the colleague's change of this record and hands it to the GUI thread through a
queued signal; the user's own saves carry no colleague and are ignored.

`ChangedBanner` is the bar at the top of the dialog that says so: "한서윤이(가) 14:02에 이 기록을
바꿨습니다. 다시 불러올까요? [다시 불러오기] [닫기]". It never takes the focus and never touches a
field: the dialog decides whether to reload (quietly when nothing is unsaved, only on the
user's word otherwise). The bar is reached by Alt+letter, closed by its own button (Esc
belongs to the dialog and would cancel it), and announced to screen readers as an alert.
"""

from __future__ import annotations

import logging
from datetime import UTC
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from tracker.db.changes import ChangeHub, Changes, ColleagueChange
from tracker.domain.i18n import pick

log = logging.getLogger(__name__)

# What the bar says about a change: the dialog reloaded it, asks to, cannot (an editor
# without a way to reload: reopening shows it), or the record is gone.
RELOADED, ASK, REOPEN, DELETED = "reloaded", "ask", "reopen", "deleted"


def local_time(change: ColleagueChange) -> str:
    """The change's time as the user's clock shows it, HH:MM."""
    at = change.at if change.at.tzinfo else change.at.replace(tzinfo=UTC)
    return at.astimezone().strftime("%H:%M")


def message(change: ColleagueChange, state: str) -> str:
    who, when = change.who, local_time(change)
    if state == DELETED:
        return pick(
            f"{who}이(가) {when}에 이 기록을 지웠습니다. 저장하면 실패합니다.",
            f"{who} deleted this record at {when}. Saving it will fail.",
        )
    if state == RELOADED:
        return pick(
            f"{who}이(가) {when}에 바꾼 내용을 불러왔습니다.",
            f"Reloaded: {who} changed this record at {when}.",
        )
    if state == REOPEN:
        return pick(
            f"{who}이(가) {when}에 이 기록을 바꿨습니다. 닫고 다시 열면 보입니다.",
            f"{who} changed this record at {when}. Close and reopen it to see the change.",
        )
    return pick(
        f"{who}이(가) {when}에 이 기록을 바꿨습니다. 다시 불러올까요?",
        f"{who} changed this record at {when}. Reload it?",
    )


class RecordWatch(QObject):
    """A colleague's changes of one record, delivered on the GUI thread (`arrived`)."""

    arrived = Signal(object)  # ColleagueChange
    _relay = Signal(object)

    def __init__(self, hub: ChangeHub, table: str, key: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.hub, self.table, self.key = hub, table, key
        # Queued even on the GUI thread: a change is never handled inside someone's commit.
        self._relay.connect(self.arrived, Qt.ConnectionType.QueuedConnection)
        self.watching = False

    def start(self) -> None:
        if not self.watching:
            self.hub.subscribe(self.push)
            self.watching = True

    def stop(self) -> None:
        self.hub.unsubscribe(self.push)
        self.watching = False

    def push(self, changes: Changes) -> None:
        """The hub's subscriber: any thread, returns at once."""
        change = changes.by_colleague(self.table, self.key)
        if change is None:
            return
        try:
            self._relay.emit(change)
        except RuntimeError:  # the dialog went away without closing: stop hearing for it
            self.hub.unsubscribe(self.push)


class ChangedBanner(QFrame):
    """The bar at the top of a record dialog saying a colleague changed the record."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changed-banner")
        self.setStyleSheet(
            "#changed-banner { background: #fff4ce; border: 1px solid #c9a227; border-radius: 3px; }"
        )
        self.text = QLabel(wordWrap=True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.reload_button = QPushButton(pick("다시 불러오기(&R)", "&Reload"))
        self.close_button = QPushButton(pick("닫기(&L)", "C&lose"))
        for button in (self.reload_button, self.close_button):
            button.setAutoDefault(False)  # Enter in the form never presses them
        self.reload_button.clicked.connect(self.reload_requested)
        self.close_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.text, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.close_button)
        self.state: str | None = None
        self.hide()

    def show_change(self, change: ColleagueChange, state: str) -> None:
        """Say what happened; shown without taking the focus from where the user is."""
        self.say(message(change, state), reload=state == ASK)
        self.state = state

    def say(self, text: str, reload: bool = False) -> None:
        self.state = None
        self.text.setText(text)
        self.reload_button.setVisible(reload)
        self.setAccessibleName(text)
        self.close_button.setAccessibleDescription(pick("이 알림을 닫습니다.", "Closes this notice."))
        self.show()
        try:  # a screen reader reads the notice out, as it does a message box
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))
        except Exception as exc:  # no accessibility bridge: the bar is still there to read
            log.debug("no accessibility alert: %s", exc)

    def shown_text(self) -> str:
        """What the bar says, "" while it is hidden."""
        return self.text.text() if self.isVisibleTo(self.parentWidget()) else ""


__all__ = ["ASK", "DELETED", "RELOADED", "REOPEN", "ChangedBanner", "RecordWatch", "local_time", "message"]
