"""What every list of the meeting editor shares: its rows live in the editor's
`MeetingFormState` (`self.state`, its sections also as `self._state`), the widgets are filled
from them inside `_quiet` (their signals are then not edits), and every change of a list goes on
the form's undo stack as a snapshot of the list before and after (`_change`, `_edit`).

The section mixins (attendees, key points, follow-ups, organizations and topics, attachments)
build on this; the editor that combines them gives `db`, `form`, `state`, `_rendering`,
`_render(section)` and `_update_tab_titles()`."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from tracker.ui.forms import SnapshotEdit
from tracker.ui.row_widgets import row_button


class MeetingRows:
    """The undoable row edits of the meeting editor's lists (see the module's note)."""

    _button = staticmethod(row_button)

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        """Widgets being filled from the state: their signals are not edits."""
        self._rendering += 1
        try:
            yield
        finally:
            self._rendering -= 1

    def _change(
        self,
        section: str,
        mutate: Callable[[list[dict[str, Any]]], Any],
        text: str,
        *,
        merge: tuple[Any, ...] | None = None,
        applied: bool = False,
    ) -> None:
        before = copy.deepcopy(self._state[section])
        after = copy.deepcopy(before)
        mutate(after)
        if after == before:
            return
        if applied:
            self._state[section] = copy.deepcopy(after)
            self._update_tab_titles()
        self.form.undo_stack.push(
            SnapshotEdit(lambda rows: self._set_section(section, rows), before, after, text, merge, applied)
        )

    def _set_section(self, section: str, rows: list[dict[str, Any]]) -> None:
        self._state[section] = copy.deepcopy(rows)
        self._render(section)

    def _edit(
        self,
        section: str,
        key: int,
        values: dict[str, Any],
        text: str,
        *,
        applied: bool = True,
        after: Callable[[], Any] | None = None,
    ) -> None:
        i = self.state.index(section, key)
        if i < 0 or all(self._state[section][i].get(k) == v for k, v in values.items()):
            return

        def mutate(rows: list[dict[str, Any]]) -> None:
            rows[i].update(values)

        self._change(section, mutate, text, merge=(section, key, tuple(sorted(values))), applied=applied)
        if after is not None:
            after()
