"""The include / mask / omit question where a file leaves tracker from the GUI: the calendar
export and the list export of meetings and follow-ups ask it, mask first, and the file follows
the answer."""

from __future__ import annotations

import pytest

from tracker.db.models import Meeting
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.services.confidentiality import MASK, Restricted
from tracker.ui import exchange_actions
from tracker.ui.list_export import ListExport, export_list
from tracker.ui.main_window import MainWindow

SECRET = "한-일 총무성 양자면담"


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    with db.read() as s:
        japan = s.query(Meeting).filter(Meeting.title == SECRET).one()
    records.update(db, Meeting, japan.id, {"classification": "restricted"})
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


def _answer(monkeypatch, answer, asked):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        ListExport, "ask_restricted", classmethod(lambda cls, parent: asked.append(1) or answer)
    )


@pytest.mark.parametrize("answer", [Restricted.MASK, Restricted.OMIT, Restricted.INCLUDE])
def test_calendar_export_asks_and_follows_the_answer(window, db, tmp_path, monkeypatch, answer):
    target, asked = tmp_path / "cal.ics", []
    monkeypatch.setattr(exchange_actions.Files, "save_path", classmethod(lambda cls, *a: target))
    _answer(monkeypatch, answer, asked)
    exchange_actions.export_calendar(window, db).wait()
    text = target.read_text(encoding="utf-8")
    assert asked and (SECRET in text) is (answer is Restricted.INCLUDE)
    assert (f"SUMMARY:{MASK}" in text) is (answer is Restricted.MASK)


def test_cancelling_the_question_writes_nothing(window, db, tmp_path, monkeypatch):
    target = tmp_path / "cal.ics"
    monkeypatch.setattr(exchange_actions.Files, "save_path", classmethod(lambda cls, *a: target))
    _answer(monkeypatch, None, [])
    assert exchange_actions.export_calendar(window, db) is None and not target.exists()


def test_list_export_of_meetings_asks_and_masks(window, db, tmp_path, monkeypatch):
    window.show_section("meetings")
    page = window.pages["meetings"]
    target, asked = tmp_path / "meetings.csv", []
    monkeypatch.setattr(ListExport, "ask_path", classmethod(lambda cls, parent, suggested: target))
    _answer(monkeypatch, Restricted.MASK, asked)
    op = export_list(window, db, page.model)
    assert op is not None and op.wait(30)
    text = target.read_text(encoding="utf-8-sig")
    assert asked and SECRET not in text and MASK in text
