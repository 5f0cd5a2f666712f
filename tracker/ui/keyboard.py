"""The keyboard in the main window: a mnemonic on every menu entry, and F6 / Shift+F6 to move
between the sidebar, the list and the record page."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from tracker.domain.i18n import language

ENGLISH = "mnemonic_en"  # the action's English text, whose letters the mnemonic is chosen from


def _letters(text: str) -> list[str]:
    """Candidate letters, best first: word initials, then every other letter or digit."""
    words = re.findall(r"[A-Za-z0-9]+", text)
    initials = [w[0] for w in words]
    rest = [c for w in words for c in w[1:]]
    return [c.upper() for c in initials + rest]


def give_mnemonics(menu: QMenu | QMenuBar) -> None:
    """Give every entry of `menu` (and its submenus) that has none a mnemonic of its own,
    unique in its menu: '&Export calendar…' in English, '캘린더 내보내기(&C)…' in Korean, the
    letter taken from the English words, as Korean software does."""
    actions = [a for a in menu.actions() if not a.isSeparator() and a.text()]
    taken = {m.group(1).upper() for a in actions if (m := re.search(r"&([^&\s])", a.text()))}
    for action in actions:
        sub = action.menu()
        if isinstance(sub, QMenu):
            give_mnemonics(sub)
        text = action.text()
        if re.search(r"&[^&\s]", text):
            continue
        english = str(action.property(ENGLISH) or text)
        letter = next((c for c in _letters(english) if c not in taken), None)
        if letter is None:
            continue
        taken.add(letter)
        words, tab, keys = text.partition("\t")  # "Open\tEnter": the key shown on the right
        plain = words
        # Stays a comparison: Korean marks the Alt letter after the words, English underlines one.
        if language() == "ko" or not re.search(r"[A-Za-z]", words):
            dots = "…" if words.endswith("…") else ""
            words = f"{words.removesuffix('…')}(&{letter}){dots}"
        else:
            i = next((i for i, c in enumerate(words) if c.upper() == letter), None)
            words = words[:i] + "&" + words[i:] if i is not None else f"{words} (&{letter})"
        action.setIconText(plain)  # a toolbar button keeps the plain words
        action.setText(words + tab + keys)


def mnemonics_of(menu: QMenu | QMenuBar) -> list[str]:
    """The mnemonic letter of each entry of `menu` ("" where there is none)."""
    out = []
    for a in menu.actions():
        if a.isSeparator():
            continue
        m = re.search(r"&([^&\s])", a.text())
        out.append(m.group(1).upper() if m else "")
    return out


def cycle_panes(panes: list[QWidget | None], forward: bool = True) -> QWidget | None:
    """Give the focus to the pane after (or before) the one holding it; returns that pane."""
    present = [p for p in panes if p is not None and p.isVisible()]
    if not present:
        return None
    focused = next((i for i, p in enumerate(present) if _holds_focus(p)), -1)
    target = present[(focused + (1 if forward else -1)) % len(present)] if focused >= 0 else present[0]
    _focus_into(target)
    return target


def _holds_focus(pane: QWidget) -> bool:
    widget = pane.window().focusWidget()
    while widget is not None:
        if widget is pane:
            return True
        widget = widget.parentWidget()
    return False


def _focus_into(pane: QWidget) -> None:
    """Focus the pane's list when it has one (the table of a list page), else the pane."""
    from PySide6.QtWidgets import QAbstractItemView  # here: the menus are made before the window shows

    views = [v for v in pane.findChildren(QAbstractItemView) if v.isVisible()]
    target = pane if isinstance(pane, QAbstractItemView) or not views else views[0]
    target.setFocus()
    if isinstance(target, QAbstractItemView) and not target.currentIndex().isValid():
        model = target.model()
        if model is not None and model.rowCount() > 0:
            target.setCurrentIndex(model.index(0, 0))


def plain_text(action: QAction) -> str:
    """An action's words without its mnemonic mark."""
    return re.sub(r"\(&.\)", "", action.text()).replace("&", "")
