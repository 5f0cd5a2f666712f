"""A question before something that cannot be taken back (a deletion, a move onto a holiday,
a reload over unsaved work) answers No to an Enter pressed too fast, and Yes only to Yes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from tracker.ui.asking import yes_or_no


def _answer_with(key: Qt.Key, button: QMessageBox.StandardButton | None = None) -> None:
    def press() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(20, press)
            return
        box = boxes[0]
        if button is not None:
            box.button(button).setFocus()
        QTest.keyClick(box.focusWidget() or box, key)

    QTimer.singleShot(20, press)


@pytest.mark.parametrize("warning", [False, True])
def test_enter_says_no_and_yes_must_be_chosen(qapp, warning):
    _answer_with(Qt.Key.Key_Return)
    assert yes_or_no(None, "삭제", "면담 1건을 삭제합니다.", warning=warning) is False
    _answer_with(Qt.Key.Key_Space, QMessageBox.StandardButton.Yes)
    assert yes_or_no(None, "삭제", "면담 1건을 삭제합니다.", warning=warning) is True
    _answer_with(Qt.Key.Key_Escape)
    assert yes_or_no(None, "삭제", "면담 1건을 삭제합니다.", warning=warning) is False
