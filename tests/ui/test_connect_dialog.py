"""Settings › Team server…: typed in by keyboard, a new team database is prepared and the
connection kept (password in the keyring only); a wrong entry is said in the dialog and
nothing is saved; "use the local database" goes back."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker import config, connection
from tracker.domain import i18n
from tracker.ui.connect_dialog import ConnectDialog


def _fill(
    qtbot, dialog: ConnectDialog, host: str, port: int, database: str, user: str, password: str
) -> None:  # type: ignore[no-untyped-def]
    for field, text in (
        (dialog.host, host),
        (dialog.database, database),
        (dialog.user, user),
        (dialog.password, password),
    ):
        field.selectAll()
        QTest.keyClicks(field, text)
    dialog.port.lineEdit().selectAll()
    QTest.keyClicks(dialog.port, str(port))


def test_connecting_by_keyboard_prepares_the_team_database(qtbot, postgres_server, ring):  # type: ignore[no-untyped-def]
    name = postgres_server.new_database().rsplit("/", 1)[1]
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    _fill(qtbot, dialog, postgres_server.host, postgres_server.port, name, "postgres", "pw-1")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)  # the default button: Connect
    assert "Connected" in dialog.status.text(), dialog.status.text()
    saved = connection.saved()
    assert saved is not None and saved.database == name and saved.port == postgres_server.port
    assert list(ring.passwords.values()) == ["pw-1"]
    assert config.database_url().startswith("postgresql+psycopg://postgres:pw-1@")

    dialog.personal_button.click()
    assert connection.saved() is None and config.database_url().startswith("sqlite")


def test_a_wrong_entry_is_said_in_korean_and_nothing_is_saved(qtbot, ring):  # type: ignore[no-untyped-def]
    i18n.set_language("ko")
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    QTest.keyClicks(dialog.host, "db.example.org")
    dialog.connect_button.click()
    assert "데이터베이스 이름을 입력하세요" in dialog.status.text()
    assert "사용자 이름을 입력하세요" in dialog.status.text()
    assert connection.saved() is None and ring.passwords == {}


def test_a_server_that_does_not_answer_is_said_and_nothing_is_saved(qtbot, ring):  # type: ignore[no-untyped-def]
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog, "127.0.0.1", 1, "tracker", "officer", "pw")
    dialog.connect_button.click()
    assert "cannot be reached" in dialog.status.text()
    assert connection.saved() is None and ring.passwords == {}


def test_a_database_error_on_the_first_connection_is_said_in_the_dialog(qtbot, ring, monkeypatch):  # type: ignore[no-untyped-def]
    """A login the server refuses, or a database that fails while it is prepared, comes from
    the database library; the connection layer says it as a ConnectionProblem in the user's
    language, and the dialog shows it with nothing saved."""
    import sqlalchemy as sa

    from tracker.db import store

    def refuse(url: str):  # type: ignore[no-untyped-def]
        raise sa.exc.OperationalError(
            "connect", {}, Exception('password authentication failed for "officer"')
        )

    monkeypatch.setattr(store, "open_database", refuse)
    i18n.set_language("ko")
    dialog = ConnectDialog()
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog, "db.example.org", 5432, "tracker", "officer", "wrong")
    dialog.connect_button.click()
    assert dialog.status.text() == '서버에 연결할 수 없습니다: password authentication failed for "officer"'
    assert connection.saved() is None and ring.passwords == {}
