from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _private_settings(tmp_path, qapp):
    """Window geometry and language go to a temporary settings file, not the user's."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    qapp.setOrganizationName("tracker-tests")
    yield


@pytest.fixture(autouse=True)
def _never_block_on_unsaved_changes(monkeypatch):
    """A dialog left open with unsaved changes at the end of a test must not wait for a click.
    Tests that check the question patch `ask` themselves."""
    from PySide6.QtWidgets import QMessageBox

    from tracker.ui.forms import RecordDialog

    monkeypatch.setattr(RecordDialog, "ask", classmethod(lambda cls, *a: QMessageBox.StandardButton.Discard))
