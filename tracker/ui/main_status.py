"""The main window's status bar: which database is open (its address without the password),
and the reminder service that reports the user's deadlines there."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel

from tracker.domain.i18n import pick


class MainStatus:
    """The status bar of MainWindow (a part of it)."""

    db: Any
    _reminders: Any
    _reminders_wanted: bool
    _painted: bool

    def _build_status_bar(self) -> None:
        self.status = QLabel()
        self.statusBar().addPermanentWidget(self.status)  # type: ignore[attr-defined]

    def _show_database(self) -> None:
        if self.db is None:
            self.status.setText(pick("데이터베이스를 여는 중…", "Opening the database…"))
        else:
            self.status.setText(self.db.engine.url.render_as_string(hide_password=True))

    @property
    def reminders(self) -> Any:
        """The reminder service, made on first use: its module brings every model and query
        with it, which the window does not need before it is on screen."""
        if self._reminders is None:
            from tracker.ui.reminders import ReminderService

            self._reminders = ReminderService(self.db, self, window=self, status_bar=self.statusBar())
            self._reminders.open_followups.connect(lambda: self.show_section("actions"))
        return self._reminders

    def start_reminders(self) -> None:
        """Check the user's deadlines from now on, starting once the window is on screen."""
        self._reminders_wanted = True
        if self._painted and self.db is not None:  # else once the opening section is built
            self.reminders.start()


__all__ = ["MainStatus"]
