"""Reading a rich-text page (a QTextBrowser) as a user does: its headings, its links, and
clicking a link with the mouse where it is drawn."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor


def headings(viewer) -> list[tuple[int, str]]:  # type: ignore[no-untyped-def]
    """(level, text) of each heading on the page, counts such as ' (12)' left off."""
    out = []
    block = viewer.document().begin()
    while block.isValid():
        level = block.blockFormat().headingLevel()
        if level:
            out.append((level, re.sub(r" \([\d,]+\)$", "", block.text())))
        block = block.next()
    return out


def links(viewer) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(href, text) of each link on the page, in reading order."""
    out = []
    block = viewer.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            href = fragment.charFormat().anchorHref()
            if href:
                out.append((href, fragment.text()))
            it += 1
        block = block.next()
    return out


def click_link(qtbot, viewer, href: str) -> None:  # type: ignore[no-untyped-def]
    """Click the first link to `href` with the mouse, where it is drawn."""
    block = viewer.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(viewer.document())
                cursor.setPosition(fragment.position() + 1)
                viewer.setTextCursor(cursor)
                viewer.ensureCursorVisible()
                point = viewer.cursorRect(cursor).center()
                qtbot.mouseClick(viewer.viewport(), Qt.MouseButton.LeftButton, pos=point)
                return
            it += 1
        block = block.next()
    raise AssertionError(f"no link to {href} on the page")
