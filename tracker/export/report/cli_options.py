"""What the report commands (report, briefing, handover) share on the command line: the
choice of what to do with restricted records, and the check of the output file."""

from __future__ import annotations

import argparse
from pathlib import Path

from tracker.domain import vocabulary
from tracker.domain.i18n import pick
from tracker.export.console import err
from tracker.export.report import FORMATS, Restricted, format_of


def add_restricted_options(p: argparse.ArgumentParser) -> None:
    restricted = p.add_mutually_exclusive_group()
    restricted.add_argument(
        "--mask-restricted",
        action="store_true",
        help=vocabulary.MASK_RESTRICTED_HELP(),
    )
    restricted.add_argument(
        "--omit-restricted",
        action="store_true",
        help=vocabulary.OMIT_RESTRICTED_HELP(),
    )


def restricted_from(args: argparse.Namespace) -> Restricted:
    if getattr(args, "mask_restricted", False):
        return Restricted.MASK
    if getattr(args, "omit_restricted", False):
        return Restricted.OMIT
    return Restricted.INCLUDE


def check_out(out: Path) -> tuple[str | None, int]:
    """The format, or (None, exit code) after saying what is wrong."""
    fmt = format_of(out)
    if fmt is None:
        err(
            pick(
                f"지원하지 않는 형식입니다: {out.suffix or out.name} (가능: {', '.join(FORMATS)})",
                f"Unsupported format: {out.suffix or out.name} (choose from {', '.join(FORMATS)})",
            )
        )
        return None, 2
    if not out.parent.exists():
        err(pick(f"폴더가 없습니다: {out.parent}", f"No such folder: {out.parent}"))
        return None, 1
    return fmt, 0
