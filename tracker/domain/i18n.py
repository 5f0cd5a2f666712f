"""The interface language, Korean or English, and how every layer says a text in it.

A text is written where it is used as ``pick(ko, en)``; a text said in several places is a
`tracker.domain.vocabulary` entry; an English count uses ``plural``. The language is chosen once
(settings, TRACKER_LANG, or the system locale) and can be switched at run time.
"""

from __future__ import annotations

import os
from typing import TypeVar

SUPPORTED = ("ko", "en")
_current: str | None = None


def system_language() -> str:
    for var in ("TRACKER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    import locale  # here: a Linux or macOS desktop says it in LANG, and the window opens sooner

    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "ko" if loc.lower().startswith("ko") else "en"


def language() -> str:
    return _current or system_language()


def set_language(lang: str | None) -> None:
    global _current
    if lang is not None and lang not in SUPPORTED:
        raise ValueError(f"unsupported language {lang!r}")
    _current = lang


T = TypeVar("T")


def pick(ko: T, en: T, lang: str | None = None) -> T:
    """The Korean or the English of a text (or of a name, or of names in the order each
    language says them), for `lang` when given, else the current language."""
    return ko if (lang or language()) == "ko" else en


def plural(n: int, one: str, other: str) -> str:
    """The English form for a count of n: ``one`` for exactly 1, else ``other``.

    Korean does not inflect for number (후속조치 1건, 후속조치 3건), so only the English half of a
    pick() needs this: ``pick(f"{n}건", plural(n, f"{n} record", f"{n} records"))``.
    """
    return one if n == 1 else other
