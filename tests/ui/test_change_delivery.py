"""A save returns as soon as it is committed; the window's views catch up after, once for
several saves, and only the shown page rereads; a view that fails to redraw is logged and
never turns a saved record into an error."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.db.models import Meeting, Organization
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.main_window import MainWindow
from tracker.ui.pages import ListPage


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


class SqlLog:
    """The statements the database ran while `active`."""

    def __init__(self, db):
        self.statements: list[str] = []
        self.active = False
        sa.event.listen(db.engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        if self.active:
            self.statements.append(" ".join(statement.split()))

    def reading(self, table: str) -> list[str]:
        return [s for s in self.statements if s.startswith("SELECT") and f"FROM {table}" in s]


def _new_org_dialog(window, qtbot, name):
    window.show_section("organizations")
    dialog = window.new_record()
    qtbot.addWidget(dialog)
    dialog.form.field("name_ko").setText(name)
    return dialog


def test_a_failing_subscriber_cannot_fail_a_save(db, caplog):
    heard = []

    def broken(_changes):
        raise RuntimeError("view cannot redraw")

    db.subscribe(broken)
    db.subscribe(heard.append)
    with caplog.at_level(logging.ERROR):
        org = records.create(db, Organization, {"name_ko": "저장되는 기관"})
    assert records.get(db, Organization, org.id).name_ko == "저장되는 기관"
    assert len(heard) == 1  # the subscriber after the broken one still heard
    assert "view cannot redraw" in caplog.text


def test_a_page_that_fails_to_refresh_does_not_fail_the_save(window, qtbot, db, monkeypatch, caplog):
    dialog = _new_org_dialog(window, qtbot, "한 번만 저장되는 기관")

    def broken(self, changes=None):
        raise RuntimeError("list cannot redraw")

    monkeypatch.setattr(ListPage, "refresh", broken)
    with caplog.at_level(logging.ERROR):
        assert dialog.save()
        assert not dialog.isVisible()
        qtbot.waitUntil(lambda: not window.changes.pending)
    assert "list cannot redraw" in caplog.text
    with db.read() as s:
        saved = s.scalars(
            sa.select(Organization).where(Organization.name_ko == "한 번만 저장되는 기관")
        ).all()
    assert len(saved) == 1


def test_save_returns_before_the_views_refresh_and_they_catch_up(window, qtbot):
    dialog = _new_org_dialog(window, qtbot, "나중에 보이는 기관")
    page = window.pages["organizations"]
    before = page.model.total
    assert dialog.save()
    assert not dialog.isVisible()
    assert page.model.total == before and window.changes.pending  # the save did not wait for the list
    qtbot.waitUntil(lambda: page.model.total == before + 1)


def test_several_saves_in_a_row_cost_one_refresh(window, qtbot, db, monkeypatch):
    window.show_section("organizations")
    calls = []
    page = window.pages["organizations"]
    real = ListPage.refresh
    monkeypatch.setattr(
        ListPage, "refresh", lambda self, changes=None: calls.append(changes) or real(self, changes)
    )
    before = page.model.total
    first = records.create(db, Organization, {"name_ko": "첫째 기관"})
    second = records.create(db, Organization, {"name_ko": "둘째 기관"})
    qtbot.waitUntil(lambda: page.model.total == before + 2)
    assert len(calls) == 1 and calls[0].created["organizations"] == {first.id, second.id}


def test_a_save_does_not_run_hidden_pages_queries(window, qtbot, db):
    for key in ("home", "meetings", "countries"):  # built, then hidden
        window.show_section(key)
    window.show_section("organizations")
    home = window.pages["home"]
    log = SqlLog(db)
    log.active = True
    soon = date.today() + timedelta(days=3)
    meeting = records.create(
        db, Meeting, {"title": "다음 주 새 면담", "date": soon, "timezone": "Asia/Seoul"}
    )
    qtbot.waitUntil(lambda: not window.changes.pending)
    log.active = False
    assert log.reading("meetings") == []  # neither Home nor the meetings list reread
    assert "다음 주 새 면담" not in home.view.toPlainText()

    window.show_section("home")  # it catches up when shown
    assert "다음 주 새 면담" in home.view.toPlainText()
    window.show_section("meetings")
    meetings = window.pages["meetings"]
    assert meeting.id in {meetings.model.record_id(r) for r in range(meetings.model.rowCount())}


def test_an_edited_row_is_reread_in_place(window, qtbot, db):
    window.show_section("organizations")
    page = window.pages["organizations"]
    org_id = page.model.record_id(3)
    resets = []
    page.model.modelReset.connect(lambda: resets.append(1))
    records.update(db, Organization, org_id, {"name_ko": "이름을 바꾼 기관"})
    qtbot.waitUntil(lambda: "이름을 바꾼 기관" in page.model.rows[3])
    assert page.model.record_id(3) == org_id
    assert resets == []  # the list kept its rows, scroll and selection


def test_the_record_on_view_follows_a_change_elsewhere_only_if_it_shows_it(window, qtbot, db, monkeypatch):
    window.open_record("countries", "CA")
    rendered = []
    import tracker.ui.detail as detail

    real = detail.country_html
    monkeypatch.setitem(detail.RENDERERS, "countries", lambda *a: rendered.append(1) or real(*a))
    from tracker.db.models import Topic

    records.create(db, Topic, {"name_ko": "페이지와 무관한 주제"})
    qtbot.waitUntil(lambda: not window.changes.pending)
    assert rendered == []
    records.create(db, Organization, {"name_ko": "캐나다 신규 기관", "country_code": "CA"})
    qtbot.waitUntil(lambda: "캐나다 신규 기관" in window.viewer.toPlainText())


def test_a_damaged_file_met_while_catching_up_still_reaches_the_recovery(window, qtbot, db, monkeypatch):
    """The failure is not raised into the save, but the app's error hook (which offers to
    restore a backup) still hears of a damaged database file."""
    import sqlite3
    import sys

    window.show_section("organizations")
    damage = sqlite3.DatabaseError("database disk image is malformed")
    damage.sqlite_errorcode = 11  # type: ignore[attr-defined]  # SQLITE_CORRUPT

    def damaged(self, changes=None):
        raise damage

    heard = []
    monkeypatch.setattr(ListPage, "refresh", damaged)
    monkeypatch.setattr(sys, "excepthook", lambda kind, value, tb: heard.append(value))
    records.create(db, Organization, {"name_ko": "손상 파일에 쓴 기관"})
    qtbot.waitUntil(lambda: not window.changes.pending)
    assert heard == [damage]
