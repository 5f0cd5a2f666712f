"""The font files the application carries, with their licences (no Qt here: the window, the
About box and the packaging build all read this list).

NanumGothic has Hangul and the 4,620 hanja of KS X 1001 but not simplified Chinese (张 刘 赵)
nor 郎, so Droid Sans Fallback follows it for every other CJK ideograph. Kept apart from
`tracker.export.report.fonts` because importing that package loads the report writers, and
the window must open without them.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from tracker import config

NANUM_DIR = config.RESOURCES_DIR / "templates" / "fonts"
FALLBACK_DIR = config.RESOURCES_DIR / "fonts"


class BundledFont(NamedTuple):  # not a dataclass: `dataclasses` costs the window's start 1 ms
    family: str
    files: tuple[Path, ...]
    licence: str
    licence_file: Path


NANUM = BundledFont(
    "NanumGothic",
    (NANUM_DIR / "NanumGothic.ttf", NANUM_DIR / "NanumGothicBold.ttf"),
    "SIL Open Font License 1.1, © 2010 NAVER Corporation",
    NANUM_DIR / "OFL.txt",
)
CJK_FALLBACK = BundledFont(
    "Droid Sans Fallback",
    (FALLBACK_DIR / "DroidSansFallbackFull.ttf",),
    "Apache License 2.0, © 2006-2010 Google Corp.",
    FALLBACK_DIR / "LICENSE-Apache-2.0.txt",
)
# In the order a missing glyph is looked for.
FONTS = (NANUM, CJK_FALLBACK)
