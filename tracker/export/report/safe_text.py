"""Text that every report format can hold.

XML 1.0 (DOCX, HWPX, and ReportLab's paragraph markup) forbids most C0 control characters,
HTML treats them as errors, and a lone surrogate cannot be encoded at all: one vertical tab in
a key point made a whole DOCX export fail. The services clean text as it is stored, but older
databases still hold such characters, so every writer passes the report through `safe_report`
first and no stored text can break a document.

In a report a `Line` is one line, so every line break or tab inside a text becomes a space;
other control characters (C0, DEL, C1) and the noncharacters U+FFFE/U+FFFF, which have no
visible form, are dropped; a lone surrogate becomes U+FFFD (the replacement character) where
it is seen. Text is composed (NFC, as the services store it), so an accent typed as a combining
mark is drawn with the precomposed letter a font has. Everything else (any script, emoji, RTL
text) is kept as it is.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import TypeVar

_SPACE = re.compile("\r\n|[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_DROP = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_SUSPECT = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")

T = TypeVar("T")


def safe_text(text: str) -> str:
    """`text` as one line that XML 1.0, HTML and UTF-8 all accept."""
    if not _SUSPECT.search(text):  # nearly all text: only composed (NFC), as stored
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    text = _SURROGATE.sub("\ufffd", _DROP.sub("", _SPACE.sub(" ", text)))
    return unicodedata.normalize("NFC", text)


def safe_report(value: T) -> T:
    """A copy of a report (or any block, line or list of them) with every text made safe."""
    if isinstance(value, str):
        return safe_text(value)  # type: ignore[return-value]
    if isinstance(value, list):
        return [safe_report(item) for item in value]  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: safe_report(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)  # type: ignore[return-value]
    return value
