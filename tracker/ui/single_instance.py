"""One window per database: a second start on a database that is already open brings the
running window to the front instead of opening a second writer.

The running app listens on a local socket (a named pipe on Windows) whose name is made from the
user and the database's resolved path or URL; a start that can connect to it asks it to come
forward and ends. A socket left behind by a run that crashed answers nobody: it is removed and
listened on again. Computed without SQLAlchemy, before the window shows.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from PySide6.QtCore import QCryptographicHash, QDir, QObject, Signal

from tracker import config

# QtNetwork (5 ms to load) is loaded when there is something to ask or once the window is on
# screen: on Linux and macOS a start finds no socket file when no other app runs.
if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalSocket

log = logging.getLogger(__name__)

ACTIVATE = b"activate\n"
# A connection to a live process completes at once (the system queues it even while the other
# window is busy); these only bound an odd case, they are not waited for normally.
CONNECT_MS = 3000
WRITE_MS = 3000


def database_key(db: str | None = None, demo: bool = False) -> str | None:
    """What identifies the database the app will open, decided as `config.database_url` decides
    it (`--db`, TRACKER_DATABASE_URL, a saved team server, the personal file): the resolved
    file for SQLite, the URL without its password otherwise; None for an in-memory database."""
    if demo and not db:
        return _file_key(config.demo_database_path())
    value = db or os.environ.get(config.ENV_DATABASE_URL)
    if not value and (config.data_dir() / "connection.json").exists():
        from tracker.connection import saved

        team = saved()
        if team is not None:
            return f"postgresql://{team.user}@{team.host}:{team.port}/{team.database}"
    if not value:
        return _file_key(config.default_database_path())
    if "://" not in value:
        return _file_key(Path(value))
    parts = urlsplit(value)
    if parts.scheme.split("+")[0] == "sqlite":
        path = unquote(parts.path)[1:]  # sqlite:///relative, sqlite:////absolute
        return _file_key(Path(path)) if path and path != ":memory:" else None
    host = parts.hostname or ""
    user = f"{unquote(parts.username)}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme.split('+')[0]}://{user}{host}{port}{parts.path}"


def _file_key(path: Path) -> str:
    resolved = str(Path(path).expanduser().resolve())
    return os.path.normcase(resolved) if sys.platform == "win32" else resolved


def server_name(key: str) -> str:
    """The socket's name: per user (other users' sockets are other names, and theirs only)."""
    try:
        if hasattr(os, "getuid"):
            user = str(os.getuid())
        else:  # Windows
            import getpass

            user = getpass.getuser()
    except (OSError, KeyError):  # no name for the account: the socket still differs per database
        user = "user"
    algorithm = QCryptographicHash.Algorithm.Sha256  # Qt's: hashlib would cost the start 5-10 ms
    digest = bytes(QCryptographicHash.hash(f"{user}\0{key}".encode(), algorithm).toHex().data()).decode()[:24]
    return f"{config.APP_NAME}-{user}-{digest}"


def may_be_running(name: str) -> bool:
    """False when no app can be listening on `name`: on Linux and macOS its socket is a file
    in the temporary folder (as QLocalServer makes it), and it is not there. A file left by a
    crash is there too: `ask_running` tells the two apart."""
    if sys.platform == "win32":  # a named pipe: only asking tells
        return True
    return os.path.exists(os.path.join(QDir.tempPath(), name))


def ask_running(name: str) -> bool:
    """True when a running app listens on `name` and was asked to come forward."""
    from PySide6.QtNetwork import QLocalSocket

    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        return False  # nobody (or a stale socket from a crash)
    socket.write(ACTIVATE)
    socket.flush()
    written = socket.waitForBytesWritten(WRITE_MS) or socket.bytesToWrite() == 0
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(WRITE_MS)
    return written


class Instance(QObject):
    """The running app's end: `activated` whenever another start asks for the window. It
    listens from `listen()` on (the start calls it once its window is on screen)."""

    activated = Signal()

    def __init__(self, name: str, parent: QObject | None = None, shared: bool = True) -> None:
        super().__init__(parent)
        self.name = name
        self.shared = shared  # False: a database nobody else can open (in memory)
        self.server: Any = None

    def listen(self) -> bool:
        if not self.shared:
            return False
        from PySide6.QtNetwork import QLocalServer

        if self.server is None:
            self.server = QLocalServer(self)
            self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            self.server.newConnection.connect(self._connected)
        if self.server.listen(self.name):
            return True
        # The name is taken but nobody answered on it (checked before): a crashed run's socket.
        log.info("removing a stale instance socket: %s", self.name)
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("cannot listen for other starts on %s: %s", self.name, self.server.errorString())
        return False

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(ACTIVATE.strip()):
            log.info("another start on this database: bringing the window to the front")
            self.activated.emit()

    def close(self) -> None:
        if self.server is not None:
            self.server.close()


def claim(db: str | None = None, demo: bool = False) -> Instance | None:
    """Before the window shows: None when another app already has this database open (and has
    been asked to bring its window forward); otherwise this app's end, to `listen()` on once
    the window is on screen (if the system refuses, the app opens as it would without it)."""
    key = database_key(db, demo)
    if key is None:
        return Instance(server_name("memory"), shared=False)  # never listened on
    name = server_name(key)
    if may_be_running(name) and ask_running(name):
        return None
    return Instance(name)
