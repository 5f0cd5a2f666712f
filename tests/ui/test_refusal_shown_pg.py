"""A write the team database's server refuses is shown as what it is: the record dialog lists
"read-only" where it lists every refusal, keeps what was typed, and saves nothing; a refusal
no screen caught opens the error dialog as "Not allowed", not as an unexpected error."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtWidgets import QListWidget
from team_roles import Team

from tracker.db import roles
from tracker.db.models import Organization
from tracker.domain import i18n
from tracker.services import records
from tracker.ui.error_dialog import ErrorDialog
from tracker.ui.main_window import MainWindow

pytestmark = pytest.mark.postgres


@pytest.fixture
def team(postgres_server):
    team = Team(postgres_server, postgres_server.new_database())
    records.create(team.admin, Organization, {"name_ko": "외교부"})
    yield team
    team.close()


def _organizations(db) -> set[str]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return set(s.scalars(sa.select(Organization.name_ko)))


def test_a_readers_save_is_refused_in_the_dialog_and_keeps_the_typing(team, qtbot):
    reader = team.member(roles.READER)
    window = MainWindow(reader)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.show_section("organizations")
    dialog = window.new_record()
    qtbot.addWidget(dialog)
    name = dialog.form.field("name_ko")
    name.setFocus()
    qtbot.keyClicks(name, "Ministry of Unification")

    assert not dialog.save()
    assert dialog.isVisible() and name.text() == "Ministry of Unification"
    shown = " ".join(
        lst.item(i).text() for lst in dialog.findChildren(QListWidget) for i in range(lst.count())
    )
    assert "read-only access" in shown and "Nothing was changed" in shown
    assert _organizations(team.admin) == {"외교부"}
    window.close()


def test_a_refusal_nobody_caught_says_what_is_not_allowed(team, qtbot):
    reader = team.member(roles.READER)
    i18n.set_language("ko")
    with reader.engine.begin() as conn, pytest.raises(sa.exc.ProgrammingError) as raw:
        conn.execute(sa.text("DELETE FROM organizations"))  # past the services: the driver's error
    dialog = ErrorDialog("delete", raw.value, "details", None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "권한 없음"
    text = dialog.message.text()
    assert text.startswith("읽기 전용 권한입니다") and "예기치 않은" not in text
    assert _organizations(team.admin) == {"외교부"}
