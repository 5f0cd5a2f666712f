"""`python -m tracker` and the `tracker` launcher."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def window_options(argv: Sequence[str]) -> dict[str, object] | None:
    """The options of a plain start of the window (`--db`, `--demo`, `--lang`, `--verbose` and
    nothing else), or None for anything the full command line handles (a command, --help,
    --version, a mistake to be explained). The window then opens without the command line's
    parser and imports."""
    from tracker.domain.i18n import SUPPORTED

    found: dict[str, object] = {"db": None, "demo": False, "lang": None, "verbose": False}
    words = list(argv)
    while words:
        name, equals, value = words.pop(0).partition("=")
        if name in ("--demo", "--verbose") and not equals:
            found[name[2:]] = True
        elif name in ("--db", "--lang"):
            if not equals:
                if not words or words[0].startswith("-"):
                    return None
                value = words.pop(0)
            if not value:
                return None
            found[name[2:]] = value
        else:
            return None
    if found["lang"] is not None and found["lang"] not in SUPPORTED:
        return None
    return found


def main() -> int:
    import os

    from tracker.domain.private_files import PRIVATE_UMASK

    # Whatever else the program creates (settings, logs, a file a library writes) is its
    # owner's only, as the database and exports are. Set here, where the program starts, not
    # in `cli.main`, which tests and other programs call inside their own process.
    os.umask(PRIVATE_UMASK)
    # Every run writes to the log file, and an exception nobody caught is written there too
    # (the window adds its error dialog). Here for the same reason as the umask.
    from tracker.logs import hold_logging, install_excepthooks, open_held_log, setup_logging

    argv = sys.argv[1:]
    window = window_options(argv)
    if window is not None and not window["verbose"]:
        hold_logging()  # the log file is opened once the window is on screen (tracker.app)
    else:
        setup_logging(verbose=bool(window and window["verbose"]))
    install_excepthooks()
    if window is not None:  # the window alone: straight to it, the window before the database
        from tracker.app import run
        from tracker.domain import i18n

        if window["lang"]:
            i18n.set_language(str(window["lang"]))
        try:
            return run(db=window["db"], demo=bool(window["demo"]), lang=window["lang"])  # type: ignore[arg-type]
        finally:
            open_held_log()  # a start that ended before its window (or failed) is logged too
    from tracker.cli import main as cli_main

    return cli_main(argv)


if __name__ == "__main__":
    sys.exit(main())
