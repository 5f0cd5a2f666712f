"""Reminders while the app runs: checked on start and every N minutes, one quiet notification —
"기한 지난 후속조치 3건, 이번 주 마감 2건" — through the system tray where there is one, else
a small non-modal note in the corner of the main window, above its status bar. Shown once a
day (restarts included) or when something new falls due; otherwise the status bar says it.
Ctrl+Shift+R brings the note up with the keyboard in it; Esc closes it. Never a dialog that
blocks, never more than one note: a new check updates the one already on screen.

Whose follow-ups: the staff person chosen as "my name" (settings.MY_PERSON); with no
one chosen, every commitment owed by us. Snoozing (a day, a week) is per follow-up and kept in
the data folder by `services.reminders`.
"""

from __future__ import annotations

import html
import uuid
import weakref
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QStatusBar,
    QStyle,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick, plural
from tracker.services import reminders as reminder_service
from tracker.services.reminders import Reminders, SnoozeStore
from tracker.ui import settings
from tracker.ui.accessibility import keep_named
from tracker.ui.background import call_in_gui_thread
from tracker.ui.fields import RefField

USER_KEY = settings.MY_PERSON.key
INTERVAL_KEY = settings.REMINDER_INTERVAL.key
DEFAULT_INTERVAL_MINUTES = settings.REMINDER_INTERVAL.default
TOLD_KEY = settings.REMINDERS_TOLD.key  # what the note said today, so a restart does not say it again
SHORTCUT = "Ctrl+Shift+R"
SHOWN_ITEMS = 5


# ---------------------------------------------------------------- "my name"


def user_person_id() -> uuid.UUID | None:
    """The staff person who uses this computer, or None."""
    return settings.MY_PERSON.get()


def set_user_person_id(person_id: uuid.UUID | str | None) -> None:
    settings.MY_PERSON.set(None if person_id in (None, "") else uuid.UUID(str(person_id)))


class UserSettingDialog(QDialog):
    """Choose which staff person "I" am (for reminders of my own follow-ups)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setWindowTitle(vocabulary.MY_NAME())
        self.person = RefField(db, "persons", (0, 1))
        current = user_person_id()
        if current is not None:
            self.person.set_value(current)
        hint = QLabel(
            vocabulary.MY_NAME_HELP(),
            wordWrap=True,
        )
        form = QFormLayout()
        form.addRow(pick("담당자(나)", "I am"), self.person)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _save(self) -> None:
        if self.person.error():
            return
        set_user_person_id(self.person.value())
        self.accept()


# ---------------------------------------------------------------- the popup


class ReminderPopup(QFrame):
    """A small window in the corner of the main window, above its status bar: the summary, the
    first few follow-ups, and buttons to open the list or snooze. It does not take the focus
    when it appears by itself and never blocks; reached by its shortcut it has the keyboard
    (Tab between the buttons), and Esc closes it. It stays with the main window, not on top of
    every other program."""

    open_requested = Signal()
    snooze_requested = Signal(int)  # days

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Tool)
        self.setObjectName("reminder-popup")
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setWindowTitle(vocabulary.FOLLOW_UP_REMINDER())
        self.summary = QLabel(wordWrap=True)
        self.summary.setStyleSheet("font-weight: bold;")
        self.details = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.open_button = QPushButton(pick("목록 열기", "Open list"))
        self.day_button = QPushButton(vocabulary.SNOOZE_DAY())
        self.week_button = QPushButton(vocabulary.SNOOZE_WEEK())
        self.close_button = QPushButton(vocabulary.CLOSE())
        self.open_button.clicked.connect(lambda: (self.open_requested.emit(), self.hide()))
        self.day_button.clicked.connect(lambda: self.snooze_requested.emit(1))
        self.week_button.clicked.connect(lambda: self.snooze_requested.emit(7))
        self.close_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        for b in (self.open_button, self.day_button, self.week_button, self.close_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        self.setMinimumWidth(380)

    def set_reminders(self, r: Reminders) -> None:
        self.summary.setText(r.summary())
        lines = []
        for item in [*r.overdue, *r.soon][:SHOWN_ITEMS]:
            when = ""
            if item.due is not None:
                when = pick(item.due.korean_short(), item.due.english())
            late = item in r.overdue
            colour = ' style="color:#b3261e"' if late else ""
            lines.append(
                f"<span{colour}>{html.escape(when, quote=False)}</span> {html.escape(item.title, quote=False)}"
            )
        more = r.overdue_count + r.soon_count - len(lines)
        if more > 0:
            lines.append(pick(f"… 외 {more}건", f"… and {more} more"))
        self.details.setText("<br>".join(lines))
        self.adjustSize()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            parent = self.parentWidget()
            if parent is not None:
                parent.window().activateWindow()  # the keyboard goes back where it was
            return
        super().keyPressEvent(event)

    def show_in_corner(self, focus: bool = False) -> None:
        """Show in the bottom right corner of the main window, above its status bar (which
        stays readable); with `focus`, take the keyboard (opened by its shortcut)."""
        self.adjustSize()
        anchor = self.parentWidget().window() if self.parentWidget() is not None else None
        if anchor is not None and anchor.isVisible():
            inner = anchor.geometry()  # the client area in screen coordinates
            status = anchor.statusBar() if hasattr(anchor, "statusBar") else None
            bottom = inner.bottom() - (status.height() if status is not None and status.isVisible() else 0)
            self.move(QPoint(inner.right() - self.width() - 16, bottom - self.height() - 8))
        else:
            screen = QGuiApplication.primaryScreen()
            if screen is not None:
                rect = screen.availableGeometry()
                self.move(QPoint(rect.right() - self.width() - 16, rect.bottom() - self.height() - 16))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, not focus)
        self.show()
        self.raise_()
        if focus:
            self.activateWindow()
            self.open_button.setFocus()


# ---------------------------------------------------------------- the service


class ReminderService(QObject):
    """Checks on start and every `interval_minutes`; `check_now()` runs one check (tests).

    A check notifies when there is something due and either it differs from what was last
    shown or the last notice was on an earlier day; while the popup is on screen a check only
    updates its text. Snoozing from the popup (or the tray menu) snoozes everything listed."""

    notified = Signal(str)  # the summary just shown
    open_followups = Signal()

    def __init__(
        self,
        db: Database,
        parent: QObject | None = None,
        *,
        window: QWidget | None = None,
        status_bar: QStatusBar | None = None,
        interval_minutes: int | None = None,
        days: int | None = None,  # None: due this week, the one rule (`domain.due`)
        today: date | Callable[[], date] | None = None,
        store: SnoozeStore | None = None,
        use_tray: bool | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.window = window
        self.status_bar = status_bar
        self.days = days
        self.store = store
        self._today: Callable[[], date] = (
            date.today if today is None else (lambda: today) if isinstance(today, date) else today
        )
        minutes = interval_minutes or settings.REMINDER_INTERVAL.get()
        self.timer = QTimer(self)
        self.timer.setInterval(max(1, minutes) * 60_000)
        self.timer.timeout.connect(self.check_now)
        self.last: Reminders | None = None
        self._shown: tuple[Any, ...] | None = None
        self._shown_on: date | None = None
        self.popup: ReminderPopup | None = None
        self.tray: QSystemTrayIcon | None = None
        if use_tray is None:
            use_tray = QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()
        if use_tray:
            self._make_tray()
        # the note is one shortcut away wherever the focus is in the main window
        self.show_action = QAction(pick("후속조치 알림 보기", "Show follow-up reminder"), self)
        self.show_action.setShortcut(QKeySequence(SHORTCUT))
        self.show_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.show_action.triggered.connect(self.reach)
        if window is not None:
            window.addAction(self.show_action)
        self._follow_saves()

    def _follow_saves(self) -> None:
        """After any save that touches follow-ups, the status bar's count (and the note, if it
        is on screen) is counted again: a follow-up marked done leaves the count at once. The
        hub may call from a worker thread; the recount runs on the GUI thread. Held weakly."""
        ref = weakref.ref(self)
        hub = self.db.changes

        def deliver(changes: Any) -> None:
            service = ref()
            if service is None or not shiboken6.isValid(service):
                hub.unsubscribe(on_changes)
                return
            if changes.touches("actions", "persons") and not service._recount_queued:
                service._recount_queued = True  # several saves in a row: one recount, after them
                QTimer.singleShot(0, service, service.recount)

        def on_changes(changes: Any) -> None:
            call_in_gui_thread(deliver, changes)

        self._recount_queued = False
        hub.subscribe(on_changes)
        self._listener = on_changes

    def recount(self) -> Reminders | None:
        """Count again after a save, without a new notice: the status bar, and the note in
        place if it is showing. Nothing before the first check (reminders not started)."""
        self._recount_queued = False
        if self.last is None:
            return None
        r = reminder_service.due(
            self.db, self.user(), self.today(), self.days, store=self.store, limit=SHOWN_ITEMS
        )
        self.last = r
        self._status(r.summary() if r else "")
        if self.popup is not None and self.popup.isVisible():
            if r:
                self.popup.set_reminders(r)
            else:
                self.popup.hide()
        return r

    # -- running
    def start(self, first_check_ms: int = 2000) -> None:
        """Check shortly after start-up (not during it), then every interval."""
        self.timer.start()
        QTimer.singleShot(first_check_ms, self, self.check_now)

    def stop(self) -> None:
        self.timer.stop()
        if self.popup is not None:
            self.popup.hide()
        if self.tray is not None:
            self.tray.hide()

    def today(self) -> date:
        return self._today()

    def user(self) -> uuid.UUID | None:
        return user_person_id()

    def set_user(self, person_id: uuid.UUID | str | None) -> None:
        set_user_person_id(person_id)
        self._shown = None
        self.check_now()

    def reconfigure(self) -> None:
        """Take the reminder settings as they are now (the Settings dialog): the timer's
        interval and whose follow-ups; a running service checks again at once."""
        self.timer.setInterval(max(1, settings.REMINDER_INTERVAL.get()) * 60_000)
        self._shown = None
        if self.timer.isActive():
            self.check_now()

    def check_now(self) -> Reminders:
        today = self.today()
        r = reminder_service.due(self.db, self.user(), today, self.days, store=self.store, limit=SHOWN_ITEMS)
        self.last = r
        if not r:
            self._shown = None
            if self.popup is not None:
                self.popup.hide()
            self._status("")
            return r
        fingerprint = (r.overdue_count, r.soon_count, tuple(r.ids))
        if self.popup is not None and self.popup.isVisible():
            self.popup.set_reminders(r)  # one popup: update it in place
            self._shown, self._shown_on = fingerprint, today
            self._remember(r)
            self._status(r.summary())
            return r
        if (fingerprint == self._shown and self._shown_on == today) or not self._news(r):
            self._status(r.summary())  # told already today and nothing new: the status bar says it
            return r
        self._shown, self._shown_on = fingerprint, today
        self._remember(r)
        self._notify(r)
        return r

    # -- once a day, across starts of the app
    def _told_today(self) -> dict[str, Any]:
        told = settings.REMINDERS_TOLD.get()
        return told if isinstance(told, dict) and told.get("day") == self.today().isoformat() else {}

    def _news(self, r: Reminders) -> bool:
        """Whether `r` holds something not told today: the first check of the day, a follow-up
        not listed before, or more overdue or due than when last told."""
        told = self._told_today()
        if not told:
            return True
        return (
            bool({str(i) for i in r.ids} - set(told.get("ids", ())))
            or r.overdue_count > told.get("overdue", 0)
            or r.soon_count > told.get("soon", 0)
        )

    def _remember(self, r: Reminders) -> None:
        told = self._told_today()
        settings.REMINDERS_TOLD.set(
            {
                "day": self.today().isoformat(),
                "ids": sorted(set(told.get("ids", ())) | {str(i) for i in r.ids}),
                "overdue": r.overdue_count,
                "soon": r.soon_count,
            }
        )

    # -- showing
    def _status(self, text: str) -> None:
        if self.status_bar is not None:
            if text:
                self.status_bar.showMessage(text)
            else:
                self.status_bar.clearMessage()

    def _notify(self, r: Reminders) -> None:
        text = r.summary()
        self._status(text)
        if self.tray is not None:
            self.tray.setToolTip(text)
            self.tray.showMessage(
                vocabulary.FOLLOW_UP_REMINDER(),
                text,
                QSystemTrayIcon.MessageIcon.Information,
                15_000,
            )
        else:
            self.show_popup()
        self.notified.emit(text)

    def show_popup(self, focus: bool = False) -> ReminderPopup:
        if self.popup is None:
            self.popup = ReminderPopup(self.window)
            self.popup.open_requested.connect(self.open_followups)
            self.popup.snooze_requested.connect(self.snooze)
        if self.last is not None:
            self.popup.set_reminders(self.last)
        self.popup.show_in_corner(focus)
        return self.popup

    def reach(self) -> ReminderPopup:
        """The shortcut (SHORTCUT): the note with the keyboard in it, checked afresh."""
        self.last = reminder_service.due(
            self.db, self.user(), self.today(), self.days, store=self.store, limit=SHOWN_ITEMS
        )
        if self.last:
            self._remember(self.last)
        popup = self.show_popup(focus=True)
        if not self.last:
            popup.summary.setText(pick("기한이 다가온 후속조치가 없습니다.", "Nothing is due."))
            popup.details.setText("")
        return popup

    def _make_tray(self) -> None:
        app = QApplication.instance()
        icon = app.windowIcon() if isinstance(app, QApplication) else None
        if icon is None or icon.isNull():
            style = app.style() if isinstance(app, QApplication) else None
            icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation) if style else None
        self.tray = QSystemTrayIcon(icon, self) if icon is not None else QSystemTrayIcon(self)
        menu = QMenu()
        menu.addAction(pick("후속조치 목록 열기", "Open follow-ups"), self.open_followups.emit)
        menu.addAction(pick("알림 보기", "Show reminder"), self.show_popup)
        menu.addSeparator()
        menu.addAction(vocabulary.SNOOZE_DAY(), lambda: self.snooze(1))
        menu.addAction(vocabulary.SNOOZE_WEEK(), lambda: self.snooze(7))
        self._tray_menu = menu  # a QMenu is not a QObject child of the tray: keep it alive
        self.tray.setContextMenu(menu)
        self.tray.messageClicked.connect(self.show_popup)  # the popup has the snooze buttons
        self.tray.show()

    # -- snoozing
    def snooze(self, days: int) -> int:
        """Snooze every follow-up reminded of now for `days` days; returns how many."""
        today = self.today()
        n = reminder_service.snooze_due(
            self.db, self.user(), today + timedelta(days=days), today, self.days, store=self.store
        )
        if self.popup is not None:
            self.popup.hide()
        self._status(
            pick(
                f"후속조치 {n}건 알림을 {days}일 미뤘습니다.",
                plural(n, "Snoozed 1 follow-up", f"Snoozed {n} follow-ups")
                + plural(days, " for 1 day.", f" for {days} days."),
            )
        )
        self._shown = None
        self.last = reminder_service.due(
            self.db, self.user(), today, self.days, store=self.store, limit=SHOWN_ITEMS
        )
        return n


def choose_user(
    db: Database, parent: QWidget | None = None, service: ReminderService | None = None
) -> UserSettingDialog:
    """Open the "my name" dialog (window-modal, opened by the user); re-check reminders after."""
    dialog = UserSettingDialog(db, parent)
    if service is not None:
        dialog.accepted.connect(lambda: service.set_user(user_person_id()))
    dialog.open()
    return dialog
