"""Settings › Team server…: connect this desktop to a division's PostgreSQL server (the
password goes to the keyring, see tracker.connection), or go back to the personal database.
The choice takes effect the next time tracker starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker import connection
from tracker.domain import vocabulary
from tracker.domain.i18n import pick

_SSL_LABELS = {
    "prefer": ("가능하면 암호화 (prefer)", "encrypt if the server can (prefer)"),
    "require": ("항상 암호화 (require)", "always encrypt (require)"),
    "verify-ca": ("암호화 + 인증서 확인 (verify-ca)", "encrypt, check the certificate (verify-ca)"),
    "verify-full": (
        "암호화 + 인증서·이름 확인 (verify-full)",
        "encrypt, check certificate and name (verify-full)",
    ),
    "disable": ("암호화 안 함 (disable)", "do not encrypt (disable)"),
}


class ConnectDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(vocabulary.TEAM_SERVER())
        current = connection.saved()
        self.host = QLineEdit(current.host if current else "")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(current.port if current else 5432)
        self.database = QLineEdit(current.database if current else "")
        self.user = QLineEdit(current.user if current else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.sslmode = QComboBox()
        for mode in connection.SSL_MODES:
            self.sslmode.addItem(pick(*_SSL_LABELS[mode]), mode)
        self.sslmode.setCurrentIndex(connection.SSL_MODES.index(current.sslmode if current else "prefer"))
        form = QFormLayout()
        for label, field in (
            (pick("서버 주소(&H)", "&Host"), self.host),
            (pick("포트(&P)", "&Port"), self.port),
            (pick("데이터베이스(&D)", "&Database"), self.database),
            (pick("사용자(&U)", "&User"), self.user),
            (pick("비밀번호(&W)", "Pass&word"), self.password),
            (pick("TLS(&T)", "&TLS"), self.sslmode),
        ):
            form.addRow(label, field)
            field.setAccessibleName(label.replace("&", ""))
        self.status = QLabel(
            pick(f"지금: 팀 서버 {current.shown()}", f"Now: team server {current.shown()}")
            if current
            else pick("지금: 이 컴퓨터의 개인 데이터베이스", "Now: the personal database on this computer")
        )
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note = QLabel(
            pick(
                "비밀번호는 운영체제의 키링에 보관되며 파일에 쓰지 않습니다. 새 데이터베이스는 "
                "처음 연결할 때 준비됩니다. 바꾼 연결은 tracker를 다시 시작하면 쓰입니다.",
                "The password is kept in the system's keyring, never in a file. A new database "
                "is prepared on the first connection. tracker uses the new choice when it starts "
                "again.",
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.connect_button = QPushButton(pick("연결(&C)", "&Connect"))
        self.personal_button = QPushButton(pick("개인 데이터베이스로(&L)", "Use the &local database"))
        self.personal_button.setEnabled(current is not None)
        buttons.addButton(self.connect_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.personal_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.connect_button.clicked.connect(self.try_connect)
        self.personal_button.clicked.connect(self.use_personal)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.connect_button.setDefault(True)  # once inside the dialog: Enter connects

    def _show(self, text: str, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: palette(link);" if not error else "color: #c00000;")

    def try_connect(self) -> bool:
        """Connect, migrate a new database, save; say what happened. True when saved."""
        from tracker.db.migrate import MigrationError

        try:
            conn = connection.TeamConnection(
                host=self.host.text().strip(),
                database=self.database.text().strip(),
                user=self.user.text().strip(),
                port=self.port.value(),
                sslmode=self.sslmode.currentData(),
            )
        except connection.ConnectionProblem as exc:
            self._show(str(exc), error=True)
            return False
        self._show(pick("연결하는 중…", "Connecting…"), error=False)
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            # a server that cannot be reached comes as ServerUnreachable, a ConnectionProblem
            revision = connection.first_connection(conn, self.password.text())
        except (MigrationError, connection.ConnectionProblem) as exc:
            self._show(str(exc), error=True)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._show(
            pick(
                f"연결했습니다: {conn.shown()} (스키마 {revision}). tracker를 다시 시작하면 이 서버를 씁니다.",
                f"Connected to {conn.shown()} (schema {revision}). tracker uses it when it starts again.",
            ),
            error=False,
        )
        self.personal_button.setEnabled(True)
        self.connect_button.setText(vocabulary.CLOSE())
        self.connect_button.clicked.disconnect()
        self.connect_button.clicked.connect(self.accept)
        return True

    def use_personal(self) -> None:
        gone = connection.forget()
        self.personal_button.setEnabled(False)
        if gone is not None:
            self._show(
                pick(
                    "팀 서버 연결을 지웠습니다. tracker를 다시 시작하면 개인 데이터베이스를 씁니다.",
                    "The team server is forgotten. tracker uses the personal database when it starts again.",
                ),
                error=False,
            )
