"""Every broken rule at once, named as the form labels it, with dates as the interface writes
them; a click on a line goes to its field; an end before the start is flagged while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tracker.domain import i18n
from tracker.ui.editors import record_dialog


def _shown(qtbot, dialog):
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_end_before_start_is_flagged_while_typing_even_with_the_title_empty(qtbot, db):
    dialog = _shown(qtbot, record_dialog(db, "trips"))
    form = dialog.form
    qtbot.mouseClick(form.field("start_date").edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(form.field("start_date").edit, "2025-12-10")
    qtbot.keyClicks(form.field("end_date").edit, "2025-12-08")
    # the title is still empty, yet the end is flagged at once, with dates as shown elsewhere
    assert not form.errors["end_date"].isHidden()
    assert (
        form.errors["end_date"].text()
        == "The end (8 Dec 2025 (Mon)) is before the start (10 Dec 2025 (Wed))."
    )


def test_one_save_lists_every_problem_by_its_label_and_a_click_goes_there(qtbot, db):
    dialog = _shown(qtbot, record_dialog(db, "trips"))
    form = dialog.form
    form.field("start_date").edit.setFocus()
    qtbot.keyClicks(form.field("start_date").edit, "2026-03-16")
    qtbot.keyClicks(form.field("end_date").edit, "2026-03-14")
    qtbot.keyClicks(form.field("report_date").edit, "2026-02-30")
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)  # one Save
    assert dialog.isVisible()
    texts = dialog.problem_list.texts()
    assert texts == [
        "Title: Required.",
        "End: The end (14 Mar 2026 (Sat)) is before the start (16 Mar 2026 (Mon)).",
        "Report date: Not a valid date: 2026-02-30",
    ]
    assert not any("title:" in t or "end_date" in t for t in texts)  # no internal names
    assert dialog.focusWidget() is form.field("title")  # the first problem has the focus
    lines = dialog.problem_list.list
    rect = lines.visualItemRect(lines.item(2))
    qtbot.mouseClick(lines.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.focusWidget() is form.field("report_date").edit
    # put right as you type: the list follows
    form.field("title").setText("출장")
    assert dialog.problem_list.texts()[0].startswith("End:")


def test_korean_labels_and_dates(qtbot, db):
    i18n.set_language("ko")
    dialog = _shown(qtbot, record_dialog(db, "persons"))
    dialog.form.field("email").setText("not-an-address")
    assert not dialog.save()
    texts = dialog.problem_list.texts()
    assert "이름(한글): " in texts[0] and "name_ko" not in texts[0]
    assert any(t.startswith("이메일: ") for t in texts)


def test_follow_up_and_organization_editors_list_all_problems(qtbot, db):
    dialog = _shown(qtbot, record_dialog(db, "actions"))
    dialog.form.field("due").setText("'26.13월")
    assert not dialog.save()
    texts = dialog.problem_list.texts()
    assert texts[0] == "Follow-up: Required." and texts[1].startswith("Due: ")
    org = _shown(qtbot, record_dialog(db, "organizations"))
    org.form.field("country_code").edit.setText("없는 나라")
    assert not org.save()
    assert org.problem_list.texts() == ["Korean name: Required.", "Country: Choose one from the list"]


def test_every_rich_editor_lists_all_its_problems_at_once(qtbot, db):
    from tracker.ui.main_window import EDITORS, _register_rich_editors

    _register_rich_editors()
    wrong = {
        "meetings": {"start_time": "11:00", "end_time": "10:00"},
        "trips": {"start_date": "2026-03-16", "end_date": "2026-03-14"},
        "events": {"start_date": "2026-03-16", "end_date": "2026-03-14"},
        "agreements": {"expires_on": "2026-13-01"},
        "persons": {"email": "no-address"},
    }
    for kind, values in wrong.items():
        dialog = _shown(qtbot, EDITORS[kind](db, None, None))
        for name, text in values.items():
            dialog.form.field(name).setText(text)
        assert not dialog.save(), kind
        texts = dialog.problem_list.texts()
        assert len(texts) >= 2 and not dialog.problem_list.isHidden(), (kind, texts)
        labels = {dialog.form.field_label(n) for n in dialog.form.widgets}
        assert all(t.split(":")[0] in labels for t in texts), (kind, texts)  # visible labels only
        assert not any("_" in t.split(":")[0] for t in texts), (kind, texts)
        dialog.reject()
