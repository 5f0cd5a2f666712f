"""The main flows end to end through the real widgets: an officer logs a meeting with two
follow-ups in the meeting editor, then finds it again through the global search."""

from __future__ import annotations

import sqlalchemy as sa

from tracker.db.models import Action, Person
from tracker.domain.enums import DatePrecision, Side
from tracker.export.demo import load_demo
from tracker.ui.main_window import MainWindow


def test_log_a_meeting_with_two_follow_ups_then_find_it(qtbot, db):
    load_demo(db)
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    window.show_section("meetings")
    editor = window.new_record()
    qtbot.addWidget(editor)
    with db.read() as s:
        ours = s.scalar(sa.select(Person).where(Person.name_ko == "박진홍"))
        theirs = s.scalar(sa.select(Person).where(Person.name_original.like("%Sheehan%")))
    form = editor.form
    form.field("title").setText("한-OECD 디지털정책 후속 화상면담")
    form.field("date").setText("2026-01-20")
    form.field("start_time").setText("21:00")
    form.field("end_time").setText("21:40")
    assert form.field("country_code").choose_text("대한민국")
    editor.add_participant(Side.US, ours.id)
    editor.add_participant(Side.THEM, theirs.id)
    editor.add_key_point("디지털 서밋 OECD 세션 구성안 교환 합의")
    editor.add_key_point("AI 거버넌스 공동 보고서 초안 일정 논의")
    editor.add_action("세션 구성안 송부", owner_id=ours.id, due_text="'26.2월", key_point_index=0)
    editor.add_action("보고서 초안 회신", owed_by="them", due_text="2026-03-15", key_point_index=1)
    assert editor.save()

    with db.read() as s:
        follow_ups = {
            a.title: a for a in s.scalars(sa.select(Action).where(Action.meeting_id == editor.saved.id))
        }
    assert follow_ups["세션 구성안 송부"].due_precision is DatePrecision.MONTH
    assert follow_ups["보고서 초안 회신"].owed_by.value == "them"

    search = window.open_search()
    search.box.setText("거버넌스 공동 보고서")
    search.run_search()
    kinds = {search.results.topLevelItem(i).text(0) for i in range(search.results.topLevelItemCount())}
    assert any("Meeting" in k for k in kinds)
    search.results.setCurrentItem(search.hit_items()[0])
    search.open_current()
    assert "한-OECD 디지털정책 후속 화상면담" in window.viewer.toPlainText()
