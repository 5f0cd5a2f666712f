"""The one way the interface runs slow work (exports, imports, reports, large loads): off the
GUI thread, reporting back through callbacks that run on the GUI thread.

    def work() -> int:                      # runs in a pool thread: never touches a widget
        return export_listing(db, listing, path, progress=lambda n: progress(rows_text(n)))

    run_in_background(self, work, on_success=lambda n: self.note(f"{n} rows"),
                      title="목록 내보내기", cancellable=True)

- `on_success(result)` / `on_failure(exception)` run on the GUI thread, after the work ends. Without
  `on_failure`, the error is shown in a message box in the user's language
  (`DomainError.message()`; anything else as a general message with its text).
- Nothing shows for work that ends within 300 ms. Longer, the cursor turns busy and, when the
  operation has a `title`, a small non-modal progress window appears (with Cancel when
  `cancellable`). The window stays usable meanwhile.
- Work can call `progress(text)`: the text appears in the progress window, and once the user
  has pressed Cancel the call raises `Cancelled` (the default failure handler says nothing).
- Work that writes to the database passes `changes=ChangeBuffer(db)` and writes through
  `buffer.db`: the commits are announced to `db`'s subscribers (the views that redraw) on the
  GUI thread, before the callbacks run.
- The database: each service call opens its own session, and the engine's pool hands each
  thread its own connection, so work may call any service.
- If `parent` is destroyed before the work ends, the callbacks are skipped (they would touch
  deleted widgets); the changes are still announced.
- `Operation.wait()` lets tests (and nothing else) wait for the callbacks.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QObject,
    QRunnable,
    Qt,
    QThread,
    QThreadPool,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from tracker.db.changes import Changes
from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick

T = TypeVar("T")
log = logging.getLogger(__name__)

SHOW_AFTER_MS = 300  # quicker work shows nothing at all

_local = threading.local()
_RUNNING: set[Operation] = set()  # keeps each operation alive until its callbacks have run


class Cancelled(Exception):
    """Raised inside the work by `progress()` once the user has pressed Cancel."""

    def __init__(self) -> None:
        super().__init__(pick("취소했습니다.", "Cancelled."))


def progress(text: str | None = None) -> None:
    """Called by the work, from its thread: show `text` in the progress window (if any), and
    raise `Cancelled` if the user has asked to stop. Outside background work it does nothing."""
    op: Operation[Any] | None = getattr(_local, "operation", None)
    if op is not None:
        op._from_work(text)


def failure_text(exc: BaseException) -> str:
    """What to tell the user about a failed operation, in their language."""
    if isinstance(exc, DomainError):
        return exc.message()
    if isinstance(exc, Cancelled):
        return str(exc)
    if isinstance(exc, OSError) and exc.filename:
        reason = exc.strerror or str(exc)
        return pick(
            f"파일을 읽거나 쓸 수 없습니다: {exc.filename}\n({reason})",
            f"The file could not be read or written: {exc.filename}\n({reason})",
        )
    text = str(exc) or type(exc).__name__
    return pick(f"작업을 마치지 못했습니다.\n{text}", f"The operation could not be completed.\n{text}")


class ChangeBuffer:
    """A `Database` for work that writes off the GUI thread. It shares the engine (and the
    connection pool) of `db` but has a change hub of its own: what its commits change is held
    and announced to `db`'s subscribers by `publish()`, which `run_in_background` calls on the
    GUI thread. (The hub calls its subscribers in the thread that committed, and they redraw
    widgets.)"""

    def __init__(self, db: Database) -> None:
        self.target = db
        self.db = Database(db.url, engine=db.engine)
        self.db.actor = db.actor  # work done in the background is the officer's own in the history
        self._held: list[Changes] = []
        self._lock = threading.Lock()
        self.db.subscribe(self._hold)

    def _hold(self, changes: Changes) -> None:
        with self._lock:
            self._held.append(changes)

    def publish(self) -> int:
        with self._lock:
            held, self._held = self._held, []
        for changes in held:
            self.target.changes.publish(changes)
        return len(held)


class _Runner(QRunnable):
    def __init__(self, op: Operation[Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the operation holds it until the end: one owner, Python
        self.op = op

    def run(self) -> None:
        op = self.op
        _local.operation = op
        try:
            result = op._work()
        except BaseException as exc:  # noqa: BLE001 - every failure goes to the callback
            if not isinstance(exc, (DomainError, Cancelled)):
                log.exception("background work failed")
            op._ended.emit(False, exc)
        else:
            op._ended.emit(True, result)
        finally:
            _local.operation = None


class Operation(QObject, Generic[T]):
    """One piece of background work. `state` is running, succeeded, failed or cancelled;
    `result` / `error` hold the outcome; `finished` is emitted after the callbacks ran."""

    finished = Signal()
    _ended = Signal(bool, object)  # from the pool thread
    _progressed = Signal(str)  # from the pool thread

    def __init__(
        self,
        parent: QWidget | None,
        work: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[BaseException], None] | None = None,
        *,
        title: str | None = None,
        cancellable: bool = False,
        changes: ChangeBuffer | None = None,
    ) -> None:
        super().__init__()  # no Qt parent: it must outlive a window closed meanwhile
        self._parent = parent
        self._work = work
        self._on_success = on_success
        self._on_failure = on_failure
        self.title = title
        self.cancellable = cancellable
        self.changes = changes
        self.state = "pending"
        self.done = False
        self.result: T | None = None
        self.error: BaseException | None = None
        self._cancel = threading.Event()
        self._runner: _Runner | None = None
        self._dialog: QProgressDialog | None = None
        self._busy_cursor = False
        self._ended.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_AFTER_MS)
        self._timer.timeout.connect(self._show_busy)

    # -------------------------------------------------------------- the message box (patchable)
    @classmethod
    def show_error(cls, parent: QWidget | None, title: str, text: str) -> None:
        """Tell the user an operation failed (tests patch this)."""
        QMessageBox.warning(parent, title, text)

    # -------------------------------------------------------------- control
    def start(self) -> Operation[T]:
        if self.state != "pending":
            raise RuntimeError("an operation runs once")
        self.state = "running"
        _RUNNING.add(self)
        self._runner = _Runner(self)
        self._timer.start()
        QThreadPool.globalInstance().start(self._runner)
        return self

    def cancel(self) -> None:
        """Ask the work to stop: the next `progress()` call in it raises `Cancelled`."""
        if not self.done:
            self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def wait(self, timeout: float = 30.0) -> bool:
        """Run the event loop until the callbacks have run (True) or `timeout` seconds passed."""
        if self.done:
            return True
        loop = QEventLoop()
        self.finished.connect(loop.quit)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        if not self.done:
            loop.exec()
        self.finished.disconnect(loop.quit)
        return self.done

    # -------------------------------------------------------------- from the pool thread
    def _from_work(self, text: str | None) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        if text is not None:
            self._progressed.emit(text)

    # -------------------------------------------------------------- on the GUI thread
    def _parent_alive(self) -> bool:
        return self._parent is None or shiboken6.isValid(self._parent)

    @Slot()
    def _show_busy(self) -> None:
        if self.done:
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        self._busy_cursor = True
        if self.title and self._parent_alive():
            dialog = QProgressDialog(self._parent)
            dialog.setWindowTitle(self.title)
            dialog.setLabelText(self.title)
            dialog.setRange(0, 0)  # busy: we rarely know how much is left
            dialog.setWindowModality(Qt.WindowModality.NonModal)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumDuration(0)
            dialog.setMinimumWidth(360)
            if self.cancellable:
                dialog.setCancelButtonText(vocabulary.CANCEL())
                dialog.canceled.connect(self.cancel)
            else:
                dialog.setCancelButton(None)
            dialog.show()
            self._dialog = dialog

    @Slot(str)
    def _show_progress(self, text: str) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.setLabelText(f"{self.title}\n{text}" if self.title else text)

    def _hide_busy(self) -> None:
        self._timer.stop()
        if self._busy_cursor:
            QGuiApplication.restoreOverrideCursor()
            self._busy_cursor = False
        dialog, self._dialog = self._dialog, None
        if dialog is not None and shiboken6.isValid(dialog):
            if self.cancellable:
                dialog.canceled.disconnect(self.cancel)
            dialog.close()
            dialog.deleteLater()

    @Slot(bool, object)
    def _deliver(self, ok: bool, value: Any) -> None:
        self._hide_busy()
        self._runner = None
        _RUNNING.discard(self)
        if ok:
            self.state, self.result = "succeeded", value
        else:
            self.state = "cancelled" if isinstance(value, Cancelled) else "failed"
            self.error = value
        try:
            if self.changes is not None:
                self.changes.publish()
            if not self._parent_alive():
                return
            if ok:
                self._on_success(value)
            elif self._on_failure is not None:
                self._on_failure(value)
            elif not isinstance(value, Cancelled):
                self.show_error(self._parent, self.title or pick("오류", "Error"), failure_text(value))
        finally:
            self.done = True
            self.finished.emit()


def run_in_background(
    parent: QWidget | None,
    work: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    title: str | None = None,
    cancellable: bool = False,
    changes: ChangeBuffer | None = None,
) -> Operation[T]:
    """Run `work()` in a pool thread; then `on_success(result)` or `on_failure(exc)` on the GUI
    thread. See the module's notes."""
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is not app.thread():
        raise RuntimeError("run_in_background is called from the GUI thread")
    return Operation(
        parent, work, on_success, on_failure, title=title, cancellable=cancellable, changes=changes
    ).start()


class _Invoker(QObject):
    call = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _run(self, fn: Callable[[], None]) -> None:
        fn()


_invoker: _Invoker | None = None
_invoker_lock = threading.Lock()


def call_in_gui_thread(fn: Callable[..., Any], *args: Any) -> None:
    """Call `fn(*args)` on the GUI thread: now if already there, else as soon as the event loop
    runs. For callbacks invoked from other threads, such as change-hub subscribers:
    `db.subscribe(lambda ch: call_in_gui_thread(self._on_changes, ch))`."""
    global _invoker
    app = QCoreApplication.instance()
    if app is None or QThread.currentThread() is app.thread():
        fn(*args)
        return
    with _invoker_lock:
        if _invoker is None:
            invoker = _Invoker()
            invoker.moveToThread(app.thread())
            _invoker = invoker
    _invoker.call.emit(lambda: fn(*args))


__all__ = [
    "Cancelled",
    "ChangeBuffer",
    "Operation",
    "call_in_gui_thread",
    "failure_text",
    "progress",
    "run_in_background",
]
