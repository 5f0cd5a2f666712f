"""`python -m tracker` and the `tracker` launcher."""

from __future__ import annotations

import sys


def main() -> int:
    import os

    from tracker.cli import main as cli_main
    from tracker.domain.private_files import PRIVATE_UMASK

    # Whatever else the program creates (settings, logs, a file a library writes) is its
    # owner's only, as the database and exports are. Set here, where the program starts, not
    # in `cli.main`, which tests and other programs call inside their own process.
    os.umask(PRIVATE_UMASK)
    # Every run writes to the log file, and an exception nobody caught is written there too
    # (the window adds its error dialog). Here for the same reason as the umask.
    from tracker.logs import install_excepthooks, setup_logging

    setup_logging()
    install_excepthooks()
    return cli_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
