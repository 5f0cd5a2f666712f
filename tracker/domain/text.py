"""The one policy for characters in stored text, whatever the input path.

PostgreSQL refuses NUL in text while SQLite keeps it, and a vertical tab or \\x01 is not allowed
in XML (so not in DOCX or HWPX). Rather than refuse a whole import for an invisible character,
text is cleaned the same way everywhere, so that a record reads and exports identically on
both databases:

- every line break (CRLF, CR, vertical tab, form feed, NEL, U+2028/U+2029) becomes LF;
- other C0/C1 control characters, DEL and the noncharacters U+FFFE/U+FFFF are removed;
- a single-line field (a name, a title) gets spaces instead of line breaks and tabs;
- the result is in NFC, so search finds what was typed on another system;
- a lone surrogate (half of a character, which no encoding can store) is refused, naming the
  field: it means the input was broken, and guessing the character would invent data.
"""

from __future__ import annotations

import re
import unicodedata

from tracker.domain.errors import ValidationError

_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
# Anything the policy would change, so clean text (nearly all of it) is returned untouched.
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_SUSPECT_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")
_LINE_SPACE = re.compile("[ \t]*[\n\t][ \t\n]*")


def clean_text(text: str, *, multiline: bool, field: str | None = None) -> str:
    """`text` under the policy above; ValidationError('bad_text') for a lone surrogate."""
    # Nearly all text is printable (no control, separator, surrogate or unassigned character):
    # then only NFC can change it.
    if text.isprintable() or not (_SUSPECT if multiline else _SUSPECT_LINE).search(text):
        return text if text.isascii() else unicodedata.normalize("NFC", text)
    bad = _SURROGATE.search(text)
    if bad:
        raise ValidationError(
            "bad_text", field=field, code_point=f"U+{ord(bad.group()):04X}", position=bad.start() + 1
        )
    text = _CONTROL.sub("", _BREAK.sub("\n", text))
    if not multiline:
        text = _LINE_SPACE.sub(" ", text)
    return unicodedata.normalize("NFC", text)
