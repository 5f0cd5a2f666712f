"""A team's PostgreSQL server: where it is (kept in connection.json in the data folder) and its
password (kept in the operating system's keyring, never in a file or a URL on disk).

`tracker connect` and File › Team server… save a connection; from then on the program opens
that server instead of the personal SQLite file (`--db` and TRACKER_DATABASE_URL still win).
`tracker connect --forget` goes back to the personal file.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

from tracker import config
from tracker.domain.i18n import pick
from tracker.domain.private_files import private_file

log = logging.getLogger(__name__)

KEYRING_SERVICE = "tracker"
SSL_MODES = ("prefer", "require", "verify-ca", "verify-full", "disable")
FILE_NAME = "connection.json"


class ConnectionProblem(Exception):
    """A connection that cannot be saved or used, said in the user's language."""


class ServerUnreachable(ConnectionProblem):
    """The server did not answer or refused the login: the database's own error, said in the
    user's language (screens catch this instead of the database library's errors)."""

    def __init__(self, reason: object) -> None:
        self.reason = reason
        super().__init__(
            pick(f"서버에 연결할 수 없습니다: {reason}", f"The server cannot be reached: {reason}")
        )


@dataclass(frozen=True)
class TeamConnection:
    host: str
    database: str
    user: str
    port: int = 5432
    sslmode: str = "prefer"

    def __post_init__(self) -> None:
        problems = []
        if not self.host.strip():
            problems.append(pick("서버 주소를 입력하세요", "enter the server's address"))
        if not self.database.strip():
            problems.append(pick("데이터베이스 이름을 입력하세요", "enter the database's name"))
        if not self.user.strip():
            problems.append(pick("사용자 이름을 입력하세요", "enter the user name"))
        if not 0 < int(self.port) < 65536:
            problems.append(pick(f"포트는 1~65535입니다: {self.port}", f"the port is 1-65535: {self.port}"))
        if self.sslmode not in SSL_MODES:
            problems.append(pick(f"TLS 방식이 아닙니다: {self.sslmode}", f"not a TLS mode: {self.sslmode}"))
        if problems:
            raise ConnectionProblem("; ".join(problems))

    @property
    def account(self) -> str:
        """The keyring's name for this password: one per user, server and database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None, *, timeout: int | None = None) -> str:
        """The SQLAlchemy URL, password included (in memory only: never written anywhere)."""
        from sqlalchemy.engine import URL

        query = {"sslmode": self.sslmode, **({"connect_timeout": str(timeout)} if timeout else {})}
        return URL.create(
            "postgresql+psycopg",
            username=self.user,
            password=password or None,
            host=self.host,
            port=int(self.port),
            database=self.database,
            query=query,
        ).render_as_string(hide_password=False)

    def shown(self) -> str:
        return f"{self.user}@{self.host}:{self.port}/{self.database}"


def connect(conn: TeamConnection, secret: str | None, *, timeout: int | None = 10) -> str:
    """Open the server's database, migrate a new one (a newer schema is refused untouched:
    MigrationError), add the country list as `tracker init` does, then save the connection.
    Returns the schema revision. Raises what opening a database raises."""
    from tracker.db.store import open_database
    from tracker.services.countries import seed_countries

    db, result = open_database(conn.url(secret, timeout=timeout))
    try:
        seed_countries(db)
    finally:
        db.dispose()
    save(conn, secret)
    return result.to_revision


def first_connection(conn: TeamConnection, secret: str | None, *, timeout: int | None = 10) -> str:
    """`connect`, with a server that cannot be reached (or a login it refuses) raised as
    ServerUnreachable, so that a screen need not know the database library's errors.
    MigrationError and ConnectionProblem pass as they are."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        return connect(conn, secret, timeout=timeout)
    except (OSError, SQLAlchemyError) as exc:
        raise ServerUnreachable(getattr(exc, "orig", None) or exc) from exc


def _file() -> Path:
    return config.data_dir() / FILE_NAME


def saved() -> TeamConnection | None:
    """The saved connection, or None (a damaged file is logged and ignored: the personal
    database opens instead of nothing)."""
    path = _file()
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return TeamConnection(
            **{k: data[k] for k in ("host", "database", "user", "port", "sslmode") if k in data}
        )
    except (OSError, ValueError, TypeError, ConnectionProblem) as exc:
        log.warning("ignoring %s: %s", path, exc)
        return None


def save(conn: TeamConnection, password: str | None) -> None:
    """Keep the connection (0600 file) and its password (keyring)."""
    if password:
        set_password(conn, password)
    path = private_file(_file(), create=True)
    path.write_text(json.dumps(asdict(conn), ensure_ascii=False, indent=1), encoding="utf-8")


def forget() -> TeamConnection | None:
    """Back to the personal database; the password leaves the keyring too."""
    conn = saved()
    _file().unlink(missing_ok=True)
    if conn is not None:
        try:
            import keyring
            from keyring.errors import KeyringError

            keyring.delete_password(KEYRING_SERVICE, conn.account)
        except (ImportError, KeyringError):
            pass
    return conn


def password(conn: TeamConnection) -> str | None:
    try:
        import keyring
        from keyring.errors import KeyringError

        return keyring.get_password(KEYRING_SERVICE, conn.account)
    except (ImportError, KeyringError) as exc:
        log.warning("no password from the keyring: %s", exc)
        return None


def set_password(conn: TeamConnection, secret: str) -> None:
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, conn.account, secret)
    except NoKeyringError as exc:
        raise ConnectionProblem(
            pick(
                "이 컴퓨터에 비밀번호 보관소(키링)가 없어 비밀번호를 저장할 수 없습니다. 서버에서 비밀번호 없는 "
                "인증(예: 인증서, .pgpass)을 쓰거나 키링을 설치하세요.",
                "This computer has no keyring to keep the password in. Use a password-less login on the "
                "server (a certificate, .pgpass) or install a keyring.",
            )
        ) from exc
    except KeyringError as exc:
        raise ConnectionProblem(
            pick(
                f"키링에 비밀번호를 저장하지 못했습니다: {exc}",
                f"the keyring did not keep the password: {exc}",
            )
        ) from exc


def saved_url() -> str | None:
    """The saved team server's URL with its password from the keyring, or None."""
    conn = saved()
    return conn.url(password(conn)) if conn is not None else None
