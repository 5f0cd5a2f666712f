"""`tracker checkout` and `tracker sync` as an officer uses them before and after a trip: what
they are told, in Korean and in English, and the exit codes scripts rely on."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from tracker import connection
from tracker.cli import main
from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.export.demo import load_demo
from tracker.services import records


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def team(tmp_path: Path) -> Path:
    path = tmp_path / "team.sqlite3"
    db, _ = open_database(path)
    load_demo(db)
    db.dispose()
    return path


def _retitle(path: Path, title: str) -> None:
    db, _ = open_database(path)
    with db.read() as s:
        meeting = s.scalars(sa.select(Meeting).order_by(Meeting.date, Meeting.id)).first()
    records.update(db, Meeting, meeting.id, {"title": title})
    db.dispose()


def _title(path: Path) -> str:
    db, _ = open_database(path)
    with db.read() as s:
        title = s.scalars(sa.select(Meeting.title).order_by(Meeting.date, Meeting.id)).first()
    db.dispose()
    return title


def test_checkout_says_how_to_open_the_copy_and_how_to_sync_it(team, tmp_path, capsys):
    local = tmp_path / "출장 사본.sqlite3"
    code, out, _ = run(capsys, "--db", team, "checkout", local)  # SOURCE defaults to the database in use
    assert code == 0
    assert "Made an offline copy" in out and "tracker --db" in out and "tracker sync" in out
    code, out, _ = run(capsys, "sync", local)
    assert code == 0 and "Already in step" in out


def test_checkout_in_korean_and_refusing_an_existing_file(team, tmp_path, capsys):
    local = tmp_path / "trip.sqlite3"
    code, out, _ = run(capsys, "--lang", "ko", "checkout", team, local)
    assert code == 0 and "오프라인 사본을 만들었습니다" in out
    before = local.read_bytes()
    code, _, err = run(capsys, "--lang", "ko", "checkout", team, local)
    assert code == 1 and "이미 있는 파일입니다" in err
    assert local.read_bytes() == before


def test_a_conflict_is_listed_with_what_to_do_next_then_settled(team, tmp_path, capsys):
    local = tmp_path / "trip.sqlite3"
    assert run(capsys, "checkout", team, local)[0] == 0
    _retitle(local, "출장지에서 고친 제목")
    _retitle(team, "본부에서 고친 제목")

    code, _, err = run(capsys, "sync", local)
    assert code == 1
    assert "1 record(s) changed on both sides were overwritten on neither" in err
    assert "meetings '출장지에서 고친 제목': changed on both sides" in err
    assert "offline:" in err and "server:" in err
    assert "--take-server" in err and "--take-offline" in err
    assert _title(team) == "본부에서 고친 제목" and _title(local) == "출장지에서 고친 제목"

    code, _, err = run(capsys, "--lang", "ko", "sync", local)
    assert code == 1 and "양쪽에서 고친 기록 1건은 어느 쪽도 덮어쓰지 않았습니다" in err
    assert "서버 쪽을 택하려면" in err

    code, out, _ = run(capsys, "--lang", "en", "sync", local, "--take-offline")
    assert code == 0 and "now hold your offline version" in out
    assert _title(team) == "출장지에서 고친 제목"
    assert run(capsys, "sync", local)[1].startswith("Already in step")


def test_a_server_out_of_reach_changes_nothing_and_says_to_try_again(team, tmp_path, capsys):
    local = tmp_path / "trip.sqlite3"
    assert run(capsys, "checkout", team, local)[0] == 0
    _retitle(local, "오프라인에서 고침")
    with sqlite3.connect(local) as conn:  # as if checked out from a server now out of reach
        conn.execute("UPDATE offline_origin SET url = 'postgresql+psycopg://kim@127.0.0.1:1/team'")
    code, _, err = run(capsys, "sync", local)

    assert code == 2
    assert "kim@127.0.0.1:1/team cannot be reached" in err and "Neither database was changed" in err
    assert "tracker sync" in err
    assert _title(local) == "오프라인에서 고침"
    code, _, err = run(capsys, "--lang", "ko", "sync", local)
    assert code == 2 and "두 데이터베이스 모두 그대로입니다" in err


def test_sync_of_a_file_that_is_not_a_copy(team, tmp_path, capsys):
    code, _, err = run(capsys, "sync", team)
    assert code == 1 and "not an offline copy" in err and "tracker checkout" in err
    code, _, err = run(capsys, "sync", tmp_path / "nowhere.sqlite3")
    assert code == 1 and "No such copy" in err


def test_a_trip_from_the_team_server_keeps_its_password_in_the_keyring_only(
    postgres_server, ring, tmp_path, monkeypatch, capsys
):  # type: ignore[no-untyped-def]
    url = postgres_server.new_database()
    name = sa.make_url(url).database
    monkeypatch.setattr("sys.stdin", io.StringIO("s3cret-비밀\n"))
    connect = [
        "connect",
        postgres_server.host,
        name,
        "--user",
        "postgres",
        "--port",
        str(postgres_server.port),
    ]
    assert main([*connect, "--password-stdin"]) == 0
    team, _ = open_database(url)
    load_demo(team)
    team.dispose()
    local = tmp_path / "trip.sqlite3"

    code, out, _ = run(capsys, "checkout", local)  # from the team server tracker is connected to
    assert code == 0 and f"postgres@{postgres_server.host}:{postgres_server.port}/{name}" in out
    _retitle(local, "출장지에서 고친 제목")
    asked: list[str] = []
    real = connection.password
    monkeypatch.setattr(connection, "password", lambda conn: asked.append(conn.account) or real(conn))
    code, out, _ = run(capsys, "sync", local)

    assert code == 0 and "1 changed" in out
    assert asked == [f"postgres@{postgres_server.host}:{postgres_server.port}/{name}"]
    assert _title_at(url) == "출장지에서 고친 제목"
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert b"s3cret" not in path.read_bytes(), path


def _title_at(url: str) -> str:
    db, _ = open_database(url)
    with db.read() as s:
        title = s.scalars(sa.select(Meeting.title).order_by(Meeting.date, Meeting.id)).first()
    db.dispose()
    return title


def test_a_copy_whose_origin_file_is_gone_is_not_synced_against_a_new_one(team, tmp_path, capsys):
    local = tmp_path / "trip.sqlite3"
    assert run(capsys, "checkout", team, local)[0] == 0
    team.rename(tmp_path / "moved.sqlite3")
    code, _, err = run(capsys, "sync", local)
    assert code == 1 and "origin is not there" in err
    assert not team.exists()
