"""The interface font: Korean (and the CJK ideographs of counterparts' names) must never show as
empty boxes, whatever fonts the machine has.

Qt draws a character the first family lacks with the next family of the font's list, before it
asks the system. So on a machine without a Korean font the application font becomes
NanumGothic, then Droid Sans Fallback, then the system's own family. A machine that has a
Korean font keeps its own look; the bundled fonts are registered there too and close the list,
so an ideograph no system font has still finds a glyph.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from tracker.bundled_fonts import FONTS

log = logging.getLogger(__name__)


def system_has_korean_font() -> bool:
    return bool(QFontDatabase.families(QFontDatabase.WritingSystem.Korean))


def register_bundled_fonts() -> list[str]:
    """Add the bundled font files to Qt's font database; the families that loaded, in order."""
    families: list[str] = []
    for font in FONTS:
        for path in font.files:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:  # a damaged or missing file: say so in the log, the system fonts remain
                log.warning("bundled font could not be loaded: %s", path)
                continue
            for family in QFontDatabase.applicationFontFamilies(font_id):
                if family not in families:
                    families.append(family)
    return families


def install_fonts(app: QGuiApplication) -> list[str]:
    """Register the bundled fonts and set the application font's family list; returns it."""
    korean_on_system = system_has_korean_font()  # asked before ours are added
    bundled = register_bundled_fonts()
    font = QFont(app.font())
    own = [f for f in (font.families() or [font.family()]) if f not in bundled]
    chain = own + bundled if korean_on_system else bundled + own
    font.setFamilies(chain)
    app.setFont(font)
    log.info("interface fonts: %s (system Korean font: %s)", chain, korean_on_system)
    return chain
