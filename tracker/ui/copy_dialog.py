"""File › Copy to another database…: every record and attachment of the open database into the
team server set in Settings › Team server…, or into another SQLite file — the GUI's
`tracker copy` (tracker.export.copy), with a progress bar.

The copy runs off the GUI thread. Records changed later in the target than in this database are
kept as the target has them (the never-backwards rule of an import) and listed at the end. The
records go into the target in one transaction, so Cancel is offered only until that transaction
begins: up to then a cancelled copy removes the attachment files it added and leaves the target
as it was; once the records are being written, the copy is all or nothing and runs to its end.
A new SQLite file that a failed or cancelled copy made is deleted again.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from tracker import connection
from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.copy import CopyResult
from tracker.export.interchange import KEEP, Conflict
from tracker.ui.accessibility import keep_named
from tracker.ui.background import Cancelled, Operation, failure_text, progress, run_in_background


def failure_message(exc: BaseException) -> str:
    """Why a copy did not happen, in the user's language; the target is as it was in each case."""
    if isinstance(exc, Cancelled):
        return pick(
            "복사를 취소했습니다. 대상 데이터베이스는 그대로입니다.",
            "The copy was cancelled; the target database is as it was.",
        )
    from tracker.db.migrate import MigrationError
    from tracker.db.roles import refusal

    refused = refusal(exc)
    if refused is not None:  # the server's "permission denied": a reader, say
        return (
            pick("대상 서버가 복사를 거부했습니다. ", "The target server refused the copy. ")
            + refused.message()
        )
    orig = getattr(exc, "orig", None)  # the database driver's own error, under SQLAlchemy's
    state = getattr(orig, "sqlstate", None) or ""
    if (getattr(orig, "sqlite_errorname", None) or "").startswith(("SQLITE_READONLY", "SQLITE_PERM")):
        return pick(
            f"대상 파일에 쓸 권한이 없습니다. 아무것도 복사하지 않았습니다.\n({orig})",
            f"The target file may not be written to. Nothing was copied.\n({orig})",
        )
    server_silent = type(orig).__module__.startswith("psycopg") and not state  # e.g. refused, timed out
    if state.startswith("08") or server_silent or getattr(exc, "connection_invalidated", False):
        return str(connection.ServerUnreachable(orig))  # no answer, or the connection was lost
    if orig is not None:
        return pick(
            f"대상 데이터베이스가 복사를 거부했습니다. 아무것도 복사하지 않았습니다.\n({orig})",
            f"The target database refused the copy. Nothing was copied.\n({orig})",
        )
    if isinstance(exc, ValueError | connection.ConnectionProblem | MigrationError):
        return str(exc)  # already in the user's words (a newer schema: "update the program")
    return failure_text(exc)


def conflict_line(conflict: Conflict) -> str:
    """A record the target holds in a newer version, kept as it is there."""
    from tracker.services.history import table_label

    (tv, tu), (sv, su) = conflict.database, conflict.file
    when = lambda stamp: f"{stamp:%Y-%m-%d %H:%M} UTC" if stamp else "-"  # noqa: E731
    what = f"[{table_label(conflict.section)}] {conflict.label or conflict.key}"
    return what + pick(
        f": 대상 쪽 유지 (대상 버전 {tv}, {when(tu)} / 이 데이터베이스 버전 {sv if sv is not None else '-'}, {when(su)})",
        f": kept as in the target (target: version {tv}, {when(tu)}; "
        f"this database: version {sv if sv is not None else '-'}, {when(su)})",
    )


def _discard_file(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.unlink(missing_ok=True)


class CopyDialog(QDialog):
    """Choose the target, copy with a progress bar, read the outcome."""

    _progressed = Signal(str, int, int)  # emitted by the copy, in its thread

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.team = connection.saved()
        self.file_path: Path | None = None
        self.operation: Operation[CopyResult] | None = None
        self.result: CopyResult | None = None
        self._steps = 2  # reading the source, writing the target; plus one per attachment
        self._cancellable = False
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.setWindowTitle(pick("다른 데이터베이스로 복사", "Copy to another database"))
        self._build()
        keep_named(self)
        self.resize(640, 440)

    def _build(self) -> None:
        from tracker.ui.main_status import database_label

        source = QLabel(pick("원본: ", "From: ") + database_label(self.db)[0], wordWrap=True)
        shown = (
            self.team.shown()
            if self.team
            else pick("설정 › 팀 서버…에서 먼저 정하세요", "set it first in Settings › Team server…")
        )
        self.team_choice = QRadioButton(vocabulary.TEAM_SERVER() + f": {shown}")
        self.team_choice.setEnabled(self.team is not None)
        self.file_choice = QRadioButton(pick("다른 SQLite 파일:", "Another SQLite file:"))
        self.file_edit = QLineEdit(readOnly=True, placeholderText=pick("파일을 고르세요", "choose a file"))
        self.choose_button = QPushButton(pick("파일 선택…", "Choose…"), clicked=self.choose_file)
        self.choices = QButtonGroup(self)
        for button in (self.team_choice, self.file_choice):
            self.choices.addButton(button)
        (self.team_choice if self.team is not None else self.file_choice).setChecked(True)
        note = QLabel(
            pick(
                "모든 기록과 첨부파일을 복사합니다. 대상에서 더 나중에 고친 기록은 대상 쪽을 그대로 두고 끝에 "
                "알려 드립니다. 기록은 한 번에 모두 쓰거나 하나도 쓰지 않습니다.",
                "Every record and attachment is copied. Records changed later in the target are kept as "
                "the target has them and listed at the end. The records are written all at once or not at all.",
            ),
            wordWrap=True,
        )
        self.stage = QLabel(wordWrap=True)
        self.bar = QProgressBar()
        self.bar.setRange(0, self._steps)
        self.bar.setValue(0)
        self.outcome = QLabel(wordWrap=True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QListWidget()
        self.details.setAccessibleName(pick("대상 쪽을 유지한 기록", "Records kept as in the target"))
        self.details.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(pick("복사", "Copy"), clicked=self.start)
        self.copy_button.setDefault(True)
        self.cancel_button = QPushButton(pick("복사 취소", "Cancel copy"), clicked=self.cancel)
        self.cancel_button.setEnabled(False)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setText(vocabulary.CLOSE())
        self.buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.buttons.rejected.connect(self.reject)
        target = QGridLayout()
        target.addWidget(self.team_choice, 0, 0, 1, 3)
        target.addWidget(self.file_choice, 1, 0)
        target.addWidget(self.file_edit, 1, 1)
        target.addWidget(self.choose_button, 1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(source)
        layout.addLayout(target)
        for widget in (note, self.stage, self.bar, self.outcome, self.details):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    # -------------------------------------------------------------- choosing the target
    def choose_file(self) -> Path | None:
        from tracker.ui.exchange_actions import Files

        path = Files.save_path(
            self,
            pick("복사할 SQLite 파일", "SQLite file to copy into"),
            "tracker-copy.sqlite3",
            pick("SQLite 데이터베이스 (*.sqlite3 *.db)", "SQLite database (*.sqlite3 *.db)"),
        )
        if path is not None:
            self.file_path = path
            self.file_edit.setText(str(path))
            self.file_choice.setChecked(True)
        return path

    def _target(self) -> tuple[str | Path, str] | None:
        """The target to open and its name for the user, or None (said in the dialog)."""
        if self.team_choice.isChecked() and self.team is not None:
            url = self.team.url(connection.password(self.team), timeout=10)
            return url, pick("팀 서버 ", "team server ") + self.team.shown()
        if self.file_path is None and self.choose_file() is None:
            self.outcome.setText(pick("복사할 파일을 먼저 고르세요.", "Choose the file to copy into first."))
            return None
        assert self.file_path is not None
        return self.file_path, str(self.file_path)

    # -------------------------------------------------------------- the copy
    def start(self) -> Operation[CopyResult] | None:
        if self.operation is not None and not self.operation.done:
            return None
        target = self._target()
        if target is None:
            return None
        where, shown = target
        new_file = isinstance(where, Path) and not (where.exists() and where.stat().st_size > 0)
        source = self.db
        self.result = None
        self._steps = 2
        self.bar.setRange(0, 0)  # busy while the target is opened (a server may take a while)
        self.stage.setText(pick(f"여는 중: {shown}", f"Opening {shown}…"))
        self.outcome.clear()
        self.details.clear()
        self.details.hide()
        self._running(True)

        def work() -> CopyResult:
            from tracker.db.store import open_database
            from tracker.export.copy import copy_database
            from tracker.services.attachments import attachments_dir

            target_db = None
            try:
                target_db, _ = open_database(where)
                progress(None)  # a Cancel pressed while the target opened
                return copy_database(source, target_db, newer=KEEP, progress=self._report)
            except BaseException:
                if target_db is not None:
                    store = attachments_dir(target_db) if new_file else None
                    target_db.dispose()
                    target_db = None
                    if store is not None and not any(p.is_file() for p in store.rglob("*")):
                        shutil.rmtree(store, ignore_errors=True)
                if new_file:  # no empty or half-made file left where there was none
                    _discard_file(Path(where))
                raise
            finally:
                if target_db is not None:
                    target_db.dispose()

        self.operation = run_in_background(
            self, work, lambda result: self._succeeded(result, shown), self._failed
        )
        return self.operation

    def _report(self, stage: str, done: int, total: int) -> None:
        """From the copy's thread: stop here if asked (only before the records' transaction),
        and move the bar."""
        if stage != "import" or done == 0:
            progress(None)  # raises Cancelled once the user has pressed Cancel copy
        self._progressed.emit(stage, done, total)

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        if stage == "files":
            self._steps = total + 2
            self.stage.setText(
                pick(
                    f"첨부파일 복사 중: {done:,} / {total:,}",
                    f"Copying attachment files: {done:,} of {total:,}",
                )
            )
            value = done
        elif stage == "export":
            self.stage.setText(pick("이 데이터베이스의 기록을 읽는 중…", "Reading this database's records…"))
            value = self._steps - 2
        elif done == 0:
            self.stage.setText(
                pick(
                    "대상에 기록을 쓰는 중… (한 번에 모두 쓰므로 이제 취소할 수 없습니다)",
                    "Writing the records into the target… (all at once, so it can no longer be cancelled)",
                )
            )
            self._cancellable = False
            self.cancel_button.setEnabled(False)
            value = self._steps - 1
        else:
            value = self._steps
        self.bar.setRange(0, self._steps)
        self.bar.setValue(value)

    def _running(self, running: bool) -> None:
        self._cancellable = running
        self.cancel_button.setEnabled(running)
        for widget in (
            self.copy_button,
            self.close_button,
            self.team_choice,
            self.file_choice,
            self.choose_button,
        ):
            widget.setEnabled(not running)
        self.team_choice.setEnabled(not running and self.team is not None)

    def cancel(self) -> None:
        if self.operation is not None and self._cancellable:
            self.operation.cancel()
            self.cancel_button.setEnabled(False)
            self.stage.setText(pick("취소하는 중…", "Cancelling…"))

    def _succeeded(self, result: CopyResult, shown: str) -> None:
        self.result = result
        self._running(False)
        self.bar.setRange(0, self._steps)
        self.bar.setValue(self._steps)
        self.stage.setText(pick("끝났습니다.", "Done."))
        text = pick(f"복사했습니다 (대상: {shown})", f"Copied into {shown}") + f"\n({result.summary()})"
        kept = result.records.kept
        if kept:
            text += "\n" + pick(
                f"대상에서 더 나중에 고친 기록 {len(kept):,}건은 대상 쪽을 그대로 두었습니다:",
                f"{len(kept):,} record(s) changed later in the target were kept as the target has them:",
            )
        self.outcome.setText(text)
        lines = [conflict_line(c) for c in kept]
        lines += [
            pick(f"원본에 파일이 없는 첨부파일: {m}", f"Attachment missing in the source: {m}")
            for m in result.files_missing
        ]
        self.details.addItems(lines)
        self.details.setVisible(bool(lines))
        window = self.parent().window() if self.parent() is not None else None
        bar = getattr(window, "statusBar", None)
        if callable(bar):
            bar().showMessage(text.splitlines()[0], 8000)

    def _failed(self, exc: BaseException) -> None:
        self._running(False)
        self.bar.setRange(0, self._steps)
        self.bar.setValue(0)
        self.stage.setText(pick("복사하지 못했습니다.", "Not copied."))
        self.outcome.setText(failure_message(exc))

    def reject(self) -> None:
        """Escape or the window's close while copying asks to cancel instead (the copy's thread
        needs the dialog until it ends)."""
        if self.operation is not None and not self.operation.done:
            self.cancel()
            return
        super().reject()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.operation is not None and not self.operation.done:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)


def open_copy_dialog(db: Database, parent: QWidget | None = None) -> CopyDialog:
    dialog = CopyDialog(db, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


__all__ = ["CopyDialog", "conflict_line", "failure_message", "open_copy_dialog"]
