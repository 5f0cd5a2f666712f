"""The Qt binding itself must not corrupt the interpreter: PySide6 6.12.0 on Python 3.11 drops a
reference to True on every signal emit, and the app aborts after a few thousand keystrokes."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal()


def test_signal_emit_keeps_reference_counts(qapp):
    emitter = _Emitter()
    emitter.fired.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.fired.emit()
    assert sys.getrefcount(True) >= before - 5
