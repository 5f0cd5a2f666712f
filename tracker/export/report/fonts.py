"""The Korean font the app bundles (NanumGothic, SIL Open Font License 1.1; the licence is
beside the files). A PDF written with a font the machine may not have shows empty boxes
without any error, so the PDF writer always embeds this one."""

from __future__ import annotations

from pathlib import Path

from tracker import config

FONTS_DIR = config.RESOURCES_DIR / "templates" / "fonts"
REGULAR = FONTS_DIR / "NanumGothic.ttf"
BOLD = FONTS_DIR / "NanumGothicBold.ttf"
LICENCE = FONTS_DIR / "OFL.txt"
FAMILY = "NanumGothic"
# The CJK ideographs NanumGothic lacks (simplified Chinese 张 刘 赵, Japanese 郎 ...), drawn
# with Droid Sans Fallback (Apache-2.0), which the interface bundles for the same reason.
FALLBACK = config.RESOURCES_DIR / "fonts" / "DroidSansFallbackFull.ttf"


def font_files() -> tuple[Path, Path]:
    missing = [p for p in (REGULAR, BOLD) if not p.exists()]
    if missing:
        raise FileNotFoundError(f"bundled font missing: {', '.join(str(p) for p in missing)}")
    return REGULAR, BOLD
