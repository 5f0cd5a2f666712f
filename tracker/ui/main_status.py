"""The main window's status bar: which database is open (its address without the password),
"read-only" when the server lets this user only read, and the reminder service that reports
the user's deadlines there."""

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
    # The server lets this user only read (tracker.db.roles): the window offers no change.
    read_only = False

    def _build_status_bar(self) -> None:
        self.status = QLabel()
        self.access_label = QLabel(objectName="access")
        self.access_label.hide()
        self.statusBar().addPermanentWidget(self.access_label)  # type: ignore[attr-defined]
        self.statusBar().addPermanentWidget(self.status)  # type: ignore[attr-defined]

    def _check_access(self) -> None:
        """Asked of the server once, as the database is attached (a SQLite file: everything
        allowed, no question asked). The server refuses a reader's writes either way; this only
        spares the user trying."""
        from tracker.db.roles import access_or_everything

        self.read_only = not access_or_everything(self.db).can_write

    def _show_database(self) -> None:
        if self.db is None:
            self.status.setText(pick("데이터베이스를 여는 중…", "Opening the database…"))
        else:
            text, where = database_label(self.db)
            self.status.setText(text)
            self.status.setToolTip(where)
        self.access_label.setText(pick("읽기 전용", "Read-only"))
        self.access_label.setToolTip(
            pick(
                "이 계정은 기록을 보고, 찾고, 내보낼 수 있지만 바꿀 수는 없습니다 (열람자 역할).",
                "This account may view, search and export records but not change them (the reader role).",
            )
        )
        self.access_label.setVisible(self.read_only)

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


def database_label(db: Any) -> tuple[str, str]:
    """What the status bar says of the open database, in the user's words (no connection URL):
    a personal file by its name, a team server by database and host; and the whole place for
    the tooltip."""
    path = db.sqlite_path
    if path is not None:
        return path.name, str(path)
    url = db.engine.url
    host = f"{url.host}:{url.port}" if url.port else str(url.host or "localhost")
    who = f" · {url.username}" if url.username else ""
    text = pick(f"팀 서버: {url.database} ({host}){who}", f"Team server: {url.database} ({host}){who}")
    return text, text
