"""The record pane's error message shows what was typed as text: a name with `<` in it is not
read as markup (the message used to lose `<b>` and turn the rest bold)."""

from __future__ import annotations

import pytest

from tracker.domain import i18n
from tracker.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot, db):
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_missing_record_is_named_as_typed(window, lang, monkeypatch):
    monkeypatch.setattr(i18n, "_current", lang)
    window.open_record("countries", "<b>X</b> & <i>")
    shown = window.viewer.toPlainText()
    assert "<b>X</b> & <i>" in shown
    assert window.viewer.document().toHtml().count("font-weight:700") == 0  # nothing turned bold
