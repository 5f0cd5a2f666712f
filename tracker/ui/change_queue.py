"""Changes reach the window after the save, not inside it.

The database hub announces a commit while the writer's call is still on the stack (and from
whichever thread committed). Redrawing there made every save wait for every view. This queue
only notes what changed; the GUI thread's event loop then hands one merged `Changes` to each
listener, so several commits in a row cost one redraw and the form closes first.

On a team database the queue also asks the hub for colleagues' changes (tracker/db/live.py):
they arrive from the listening thread and take the same way, so an open view catches up and a
hidden page is marked for later, and nothing takes the focus or touches a form being typed in.
A delivered `Changes` says which records a colleague changed, who and when (`by_colleague`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

from tracker.db.backup import is_damage
from tracker.db.changes import ChangeHub, Changes

log = logging.getLogger(__name__)

Listener = Callable[[Changes], None]


def report_failure(exc: BaseException, what: str) -> None:
    """A view failed to catch up: logged, never raised into whoever saved. A damaged database
    file still goes to the application's error hook, which offers to restore a backup."""
    log.error("%s failed", what, exc_info=exc)
    if is_damage(exc):
        sys.excepthook(type(exc), exc, exc.__traceback__)


class ChangeQueue(QObject):
    _wake = Signal()

    def __init__(self, hub: ChangeHub, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hub = hub
        self._lock = threading.Lock()
        self._pending: Changes | None = None
        self._listeners: list[Listener] = []
        # Queued even when emitted on the GUI thread: delivery waits for the event loop.
        self._wake.connect(self.flush, Qt.ConnectionType.QueuedConnection)
        hub.subscribe(self.push)
        self._feeding = hub.start_feed()

    def listen(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def close(self) -> None:
        self._hub.unsubscribe(self.push)
        if self._feeding:
            self._hub.stop_feed()
            self._feeding = False
        self._listeners.clear()

    @property
    def pending(self) -> bool:
        """Changes were announced and not yet delivered."""
        return self._pending is not None

    def push(self, changes: Changes) -> None:
        """The hub's subscriber: any thread, returns at once."""
        with self._lock:
            first = self._pending is None
            if first:
                self._pending = Changes()
            self._pending.merge(changes)  # type: ignore[union-attr]
        if first:
            self._wake.emit()

    def flush(self) -> None:
        """Deliver what is pending (the event loop calls this; tests may call it directly)."""
        with self._lock:
            changes, self._pending = self._pending, None
        if not changes:
            return
        for listener in list(self._listeners):
            try:
                listener(changes)
            except Exception as exc:  # one broken view must not stop the others from catching up
                report_failure(exc, f"change listener {listener!r}")
