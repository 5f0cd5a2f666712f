"""The program's log: standard `logging` into a rotating file in the per-user log folder, and
the hooks that send every unexpected exception there (main thread and other threads), so that
no traceback ever ends up only on a console nobody reads. No Qt here: the window adds its own
message handler and error dialog on top (tracker/ui/error_dialog.py).
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from tracker import config
from tracker.domain.private_files import private_dir, private_file

ENV_LOG_DIR = "TRACKER_LOG_DIR"
LOG_NAME = "tracker.log"
MAX_BYTES = 1_000_000  # five files of 1 MB: weeks of normal use, small enough to mail
BACKUPS = 4
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"

log = logging.getLogger("tracker")

# Called after an unexpected exception is logged: (what failed, the exception, the traceback text).
Reporter = Callable[[str, BaseException, str], None]
_reporter: Reporter | None = None
# Reports made before the reporter exists, kept for it (`hold_reports`); None: not held.
_held_reports: list[tuple[str, BaseException, str]] | None = None


def log_dir() -> Path:
    override = os.environ.get(ENV_LOG_DIR)
    if override:
        return Path(override)
    from platformdirs import user_log_path

    return user_log_path(config.APP_NAME, appauthor=False)


def log_file() -> Path:
    return log_dir() / LOG_NAME


def _is_ours(handler: logging.Handler) -> bool:
    return getattr(handler, "_tracker", False)


def _drop_ours(root: logging.Logger) -> list[logging.Handler]:
    """Remove and close the handlers an earlier call installed; returns them."""
    ours = [h for h in root.handlers if _is_ours(h)]
    for handler in ours:
        root.removeHandler(handler)
        handler.close()
    return ours


class _Held(logging.Handler):
    """The records of a start, kept until the window is on screen (`open_held_log`): opening
    the log file (and importing `logging.handlers`, with socket and pickle) waits until then."""

    def __init__(self, verbose: bool) -> None:
        super().__init__(logging.DEBUG)
        self.verbose = verbose
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def hold_logging(verbose: bool = False) -> None:
    """Log as `setup_logging` will, but keep the records in memory until `open_held_log` (at
    the latest when the program ends) writes them where `setup_logging` sends them."""
    root = logging.getLogger()
    _drop_ours(root)
    held = _Held(verbose)
    held._tracker = True  # type: ignore[attr-defined]
    root.addHandler(held)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    logging.captureWarnings(True)
    atexit.register(open_held_log)


def open_held_log() -> None:
    """Open the log file held back by `hold_logging` and write what was logged meanwhile."""
    held = next((h for h in logging.getLogger().handlers if isinstance(h, _Held)), None)
    if held is not None:
        setup_logging(held.verbose)


def setup_logging(verbose: bool = False) -> Path | None:
    """Log to the rotating file (INFO, or DEBUG with `verbose`) and, with `verbose`, to stderr
    too. Safe to call again (the earlier handlers are replaced). Returns the log file, or None
    when it cannot be written (then the log goes to stderr, never nowhere)."""
    import logging.handlers

    root = logging.getLogger()
    held = [r for h in _drop_ours(root) if isinstance(h, _Held) for r in h.records]
    level = logging.DEBUG if verbose else logging.INFO
    path: Path | None = log_file()
    handlers: list[logging.Handler] = []
    try:
        private_dir(path.parent)  # the log names records and people: only its owner reads it
        private_file(path, create=True)
        handlers.append(
            logging.handlers.RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        )
    except OSError as exc:
        print(f"tracker: cannot write the log file {path}: {exc}", file=sys.stderr)
        path = None
    if verbose or path is None:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler._tracker = True  # type: ignore[attr-defined]
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.setLevel(level)
        root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # a library's warning lands in the log, not only on a console
    for record in held:  # what was logged before the file was opened, in its place
        for handler in handlers:
            if record.levelno >= handler.level:
                handler.handle(record)
    return path


def current_log_file() -> Path | None:
    """The file our handler writes, if logging is set up."""
    for handler in logging.getLogger().handlers:
        if _is_ours(handler) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def set_reporter(reporter: Reporter | None) -> None:
    """Who tells the user about an unexpected exception (the window's dialog), after it is
    logged. It is told at once of the reports held since `hold_reports`."""
    global _reporter, _held_reports
    _reporter = reporter
    held, _held_reports = _held_reports or [], None
    for report in held if reporter is not None else ():
        _tell(*report)


def hold_reports() -> None:
    """Keep the reports of unexpected exceptions until `set_reporter` names who tells the user:
    the error dialog is installed once the window is on screen, and an error of the start
    before that must still be shown (it is logged, and said on stderr, meanwhile)."""
    global _held_reports
    if _reporter is None and _held_reports is None:
        _held_reports = []


def what_failed(tb: TracebackType | None) -> str:
    """The innermost function of ours in the traceback ('MainWindow.delete_selected'), which
    names the action that failed better than the library frame it died in."""
    ours = [f for f in traceback.extract_tb(tb) if f"{os.sep}tracker{os.sep}" in f.filename]
    frames = ours or traceback.extract_tb(tb)
    return frames[-1].name if frames else ""


def report_exception(
    kind: type[BaseException], value: BaseException, tb: TracebackType | None, thread: str | None = None
) -> None:
    where = what_failed(tb)
    log.error(
        "unexpected error in %s%s",
        where or "?",
        f" (thread {thread})" if thread else "",
        exc_info=(kind, value, tb),
    )
    details = "".join(traceback.format_exception(kind, value, tb))
    if _reporter is not None:
        _tell(where, value, details)
    elif _held_reports is not None:
        _held_reports.append((where, value, details))


def _tell(where: str, value: BaseException, details: str) -> None:
    assert _reporter is not None
    try:
        _reporter(where, value, details)
    except Exception:  # the dialog itself failed: the log still has both
        log.exception("showing the error dialog failed")


def _excepthook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if not issubclass(kind, KeyboardInterrupt):
        report_exception(kind, value, tb)
    if _reporter is None or issubclass(kind, KeyboardInterrupt):  # a console program: say it there too
        sys.__excepthook__(kind, value, tb)


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    report_exception(
        args.exc_type, args.exc_value, args.exc_traceback, thread=args.thread.name if args.thread else None
    )
    if _reporter is None:
        threading.__excepthook__(args)


def install_excepthooks() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook
