"""`tracker grant USER --role officer|reader [--confidential | --revoke-confidential]`, as an
administrator gives colleagues their roles on the team server: what the server then lets them
do, what they are told (Korean and English), and the exit codes."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from team_roles import Team

from tracker.cli import main
from tracker.db import roles
from tracker.db.store import open_database


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def team(postgres_server):  # type: ignore[no-untyped-def]
    team = Team(postgres_server, postgres_server.new_database())
    yield team
    team.close()


def _login(team: Team) -> str:
    """A colleague's new login role, with no tracker role yet."""
    user = f"colleague_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(
        host=team.server.host, port=team.server.port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(f'CREATE ROLE "{user}" LOGIN')
    return user


def _as(team: Team, user: str) -> str:
    return sa.make_url(team.url).set(username=user).render_as_string(hide_password=False)


def _access(team: Team, user: str) -> roles.Access:
    db, _ = open_database(_as(team, user))
    try:
        return roles.access(db)
    finally:
        db.dispose()


@pytest.mark.postgres
def test_an_administrator_makes_a_reader_then_an_officer_cleared_for_restricted(team, capsys):  # type: ignore[no-untyped-def]
    user = _login(team)
    code, out, err = run(capsys, "--lang", "en", "--db", team.url, "grant", user, "--role", "reader")
    assert (code, err) == (0, "")
    assert f"{user} (tracker_reader) reads and exports records, and changes none" in out
    assert _access(team, user) == roles.Access(can_write=False, sees_restricted=False, user=user)

    code, out, _ = run(
        capsys, "--lang", "ko", "--db", team.url, "grant", user, "--role", "officer", "--confidential"
    )
    assert code == 0
    assert "기록을 읽고 고칠 수 있습니다" in out and "대외비 기록도 봅니다" in out
    assert "tracker_reader" not in out  # the other role is taken away
    assert _access(team, user) == roles.Access(can_write=True, sees_restricted=True, user=user)

    # The label alone is taken away; the role stays.
    code, out, _ = run(capsys, "--lang", "en", "--db", team.url, "grant", user, "--revoke-confidential")
    assert code == 0 and f"{user} (tracker_officer) reads and changes records" in out
    assert _access(team, user) == roles.Access(can_write=True, sees_restricted=False, user=user)


@pytest.mark.postgres
def test_a_user_the_server_does_not_know_is_refused_with_how_to_make_it(team, capsys):  # type: ignore[no-untyped-def]
    code, out, err = run(capsys, "--lang", "ko", "--db", team.url, "grant", "nobody_here", "--role", "reader")
    assert code == 1 and out == ""
    assert "서버에 'nobody_here' 사용자가 없습니다" in err and 'CREATE ROLE "nobody_here" LOGIN' in err
    code, _, err = run(
        capsys, "--lang", "en", "--db", team.url, "grant", "tracker_reader", "--role", "officer"
    )
    assert code == 1 and "is one of tracker's roles, not a person" in err
    assert roles.held(team.admin, "tracker_reader") == frozenset({"tracker_reader"})


@pytest.mark.postgres
def test_an_officer_may_not_hand_out_roles(team, capsys):  # type: ignore[no-untyped-def]
    officer = team.member(roles.OFFICER)
    user = _login(team)
    code, out, err = run(
        capsys,
        "--lang",
        "en",
        "--db",
        _as(team, officer.engine.url.username),
        "grant",
        user,
        "--role",
        "officer",
    )
    assert code == 1 and out == ""
    assert "may not give roles" in err and "Nothing was changed" in err
    assert roles.held(team.admin, user) == frozenset()


def test_a_server_out_of_reach_is_exit_2(capsys):  # type: ignore[no-untyped-def]
    url = "postgresql+psycopg://admin@127.0.0.1:1/tracker?connect_timeout=2"  # nothing listens on port 1
    code, out, err = run(capsys, "--lang", "en", "--db", url, "grant", "someone", "--role", "reader")
    assert code == 2 and out == "" and "cannot be reached" in err


def test_a_personal_file_is_refused_and_not_made(tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    path = tmp_path / "개인.sqlite3"
    code, out, err = run(capsys, "--lang", "ko", "--db", str(path), "grant", "kimjiho", "--role", "officer")
    assert code == 1 and out == ""
    assert "역할은 팀 서버(PostgreSQL)에서만 줄 수 있습니다" in err
    assert not path.exists()


def test_nothing_to_give_is_refused(tmp_path: Path, capsys):  # type: ignore[no-untyped-def]
    code, _, err = run(capsys, "--lang", "en", "--db", str(tmp_path / "x.sqlite3"), "grant", "kimjiho")
    assert code == 1 and "--role officer|reader" in err
