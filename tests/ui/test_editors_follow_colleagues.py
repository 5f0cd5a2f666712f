"""Every rich editor (trip, meeting, person, event, agreement) follows a colleague's change of
the record it has open, as the plain record dialog does: the bar names who changed it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from tracker.db.changes import Changes, ColleagueChange
from tracker.db.models import Agreement, Event, Meeting, Person, Trip
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.ui.main_window import EDITORS, _register_rich_editors

KINDS = {"trips": Trip, "meetings": Meeting, "persons": Person, "events": Event, "agreements": Agreement}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_colleague_s_change_is_said_in_the_open_editor(qtbot, db, kind):
    i18n.set_language("ko")
    load_demo(db)
    with db.read() as s:
        key = s.scalars(sa.select(KINDS[kind].id).limit(1)).one()
    _register_rich_editors()
    editor = EDITORS[kind](db, key, None)
    qtbot.addWidget(editor)
    editor.show()
    assert editor.record == (kind, key)
    changes = Changes()
    changes.add("updated", kind, key)
    changes.colleagues[(kind, str(key))] = ColleagueChange(
        kind, key, "updated", "한서윤", datetime(2026, 12, 6, 5, 2, tzinfo=UTC)
    )
    db.changes.publish(changes)
    qtbot.waitUntil(lambda: editor.banner.isVisible(), timeout=5000)
    assert "한서윤" in editor.banner.text.text()
    assert editor.isVisible()  # nothing typed was thrown away, the editor stays open
    editor.reject()
