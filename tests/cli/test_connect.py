"""`tracker connect`: a team's PostgreSQL server used from then on, its password in the
keyring and never in a file; a new team database migrated; a newer one refused untouched."""

from __future__ import annotations

import io
import stat

import psycopg

from tracker import cli, config, connection
from tracker.connection import KEYRING_SERVICE


def _connect(postgres_server, name: str, monkeypatch, password: str = "s3cret-비밀") -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    return cli.main(
        [
            "connect",
            postgres_server.host,
            name,
            "--user",
            "postgres",
            "--port",
            str(postgres_server.port),
            "--password-stdin",
        ]
    )


def test_connect_migrates_a_new_team_database_and_keeps_the_password_out_of_files(
    postgres_server, ring, monkeypatch, capsys
):  # type: ignore[no-untyped-def]
    name = postgres_server.new_database().rsplit("/", 1)[1]
    assert _connect(postgres_server, name, monkeypatch) == 0
    assert "Connected" in capsys.readouterr().out
    saved = config.data_dir() / connection.FILE_NAME
    assert b"s3cret" not in saved.read_bytes() and stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert list(ring.passwords.values()) == ["s3cret-비밀"]
    assert config.database_url().startswith("postgresql+psycopg://postgres:")  # now the default
    assert cli.main(["check"]) == 0 and "schema" in capsys.readouterr().out.lower()
    with psycopg.connect(
        host=postgres_server.host, port=postgres_server.port, user="postgres", dbname=name
    ) as c:
        assert c.execute("select count(*) from countries").fetchone()[0] > 200  # migrated and seeded

    assert cli.main(["connect", "--forget"]) == 0
    assert config.database_url().startswith("sqlite")
    assert ring.passwords == {} and not saved.exists()


def test_a_database_from_a_newer_tracker_is_refused_and_left_alone(
    postgres_server, ring, monkeypatch, capsys
):  # type: ignore[no-untyped-def]
    name = postgres_server.new_database().rsplit("/", 1)[1]
    assert _connect(postgres_server, name, monkeypatch) == 0
    cli.main(["connect", "--forget"])
    with psycopg.connect(
        host=postgres_server.host, port=postgres_server.port, user="postgres", dbname=name, autocommit=True
    ) as c:
        c.execute("update alembic_version set version_num = '9999_future'")
    capsys.readouterr()
    assert _connect(postgres_server, name, monkeypatch) == 2
    assert "newer" in capsys.readouterr().err
    assert connection.saved() is None and ring.passwords == {}
    with psycopg.connect(
        host=postgres_server.host, port=postgres_server.port, user="postgres", dbname=name
    ) as c:
        assert c.execute("select version_num from alembic_version").fetchone()[0] == "9999_future"


def test_bad_input_is_refused_in_the_users_words(ring, capsys):  # type: ignore[no-untyped-def]
    assert cli.main(["--lang", "ko", "connect", "db.example.org", "tracker", "--port", "0"]) == 1
    message = capsys.readouterr().err
    assert "사용자 이름을 입력하세요" in message and "포트는 1~65535" in message
    assert connection.saved() is None


def test_a_damaged_connection_file_opens_the_personal_database(capsys):  # type: ignore[no-untyped-def]
    (config.data_dir() / connection.FILE_NAME).write_text("{not json", encoding="utf-8")
    assert config.database_url().startswith("sqlite")
    assert KEYRING_SERVICE == "tracker"
