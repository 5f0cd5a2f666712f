"""How the command-line commands print: results to standard output, problems to standard
error, each line flushed at once so a caller reading both sees them in order."""

from __future__ import annotations

import sys


def out(text: str) -> None:
    print(text, flush=True)


def err(text: str) -> None:
    print(text, file=sys.stderr, flush=True)
