"""Korean and the CJK ideographs of counterparts' names are drawn with a font that has their
glyphs, on a machine with no Korean system font (this one: DejaVu only) as on any other."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QTextLayout

from tracker.bundled_fonts import FONTS
from tracker.ui.app_fonts import install_fonts

SAMPLES = ["국제협력 업무 기록", "张伟", "刘", "赵", "今川拓郎", "韓-WB 글로벌 디지털 서밋"]


def _runs(text: str, font: QFont) -> list[tuple[str, str]]:
    """(character, family drawing it) for every character, as Qt lays each one out."""
    drawn = []
    for ch in text:
        if ch.isspace():
            continue
        layout = QTextLayout(ch, font)
        layout.beginLayout()
        layout.createLine()
        layout.endLayout()
        (run,) = layout.glyphRuns()
        raw = run.rawFont()
        assert 0 not in run.glyphIndexes() and raw.supportsCharacter(ord(ch)), (
            f"{ch!r} drawn as a box by {raw.familyName()}"
        )
        drawn.append((ch, raw.familyName()))
    return drawn


@pytest.fixture
def app_font(qapp):
    before = QFont(qapp.font())
    yield install_fonts(qapp)
    qapp.setFont(before)


def test_bundled_font_files_are_present_with_their_licences() -> None:
    for font in FONTS:
        assert font.licence_file.is_file()
        for path in font.files:
            assert path.stat().st_size > 1_000_000, path


@pytest.mark.parametrize("text", SAMPLES)
def test_korean_and_ideographs_render_with_a_font_that_has_them(app_font, qapp, text) -> None:
    drawn = _runs(text, qapp.font())
    assert {ch for ch, _ in drawn} == {ch for ch in text if not ch.isspace()}


def test_the_bundled_fonts_are_in_the_application_font(app_font, qapp) -> None:
    families = qapp.font().families()
    assert "NanumGothic" in families and "Droid Sans Fallback" in families
    # Nanum has no simplified Chinese and no 郎: the fallback draws them, Nanum draws Hangul.
    drawn = dict(_runs("한张郎", qapp.font()))
    assert drawn["张"] == drawn["郎"] == "Droid Sans Fallback"
    assert drawn["한"] in ("NanumGothic", *families[: families.index("NanumGothic")])
