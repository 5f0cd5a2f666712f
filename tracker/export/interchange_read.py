"""Reading an interchange file: strict JSON (a name given twice, nesting too deep and lone
surrogates are refused with where they are), and each value decoded to its column's type.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from tracker.db.types import UTCDateTime
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.export.interchange_format import FORMAT, MAX_PROBLEMS, VERSION, ImportRejected, to_uuid

# The range of each integer column on every backend (PostgreSQL INTEGER is 32 bits).
_INT_LIMITS = {sa.BigInteger: 2**63, sa.SmallInteger: 2**15}


def decode(col: sa.Column, value: Any) -> Any:
    """Turn a JSON value into what the column holds; ValueError (or ValidationError, for a
    malformed date or time) says why it cannot."""
    if value is None:
        return None
    ty = col.type
    if isinstance(ty, sa.Uuid):
        return to_uuid(value)
    if isinstance(ty, UTCDateTime):
        if not isinstance(value, str):
            raise ValueError(pick("ISO 시각(UTC)이어야 합니다", "expected an ISO timestamp"))
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if parsed.tzinfo is None:
                raise ValueError(
                    pick("시각에는 시간대(Z)가 있어야 합니다", "a timestamp needs a time zone (Z)")
                )
            return parsed.astimezone(UTC)
        except OverflowError:  # year 1 at +14:00 is before the first UTC instant
            raise ValidationError("bad_date", field=col.name, value=value) from None
        except ValueError as exc:
            if "time zone" in str(exc) or "시간대" in str(exc):
                raise
            raise ValidationError("bad_date", field=col.name, value=value) from None
    if isinstance(ty, sa.Enum):
        if not isinstance(value, str) or value not in ty.enums:
            raise ValidationError("bad_choice", field=col.name, value=value, choices=", ".join(ty.enums))
        return ty.enum_class(value) if ty.enum_class else value
    if isinstance(ty, sa.Date):
        if not isinstance(value, str):
            raise ValueError(pick("날짜(YYYY-MM-DD)여야 합니다", "expected a date YYYY-MM-DD"))
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValidationError("bad_date", field=col.name, value=value) from None
    if isinstance(ty, sa.Time):
        if not isinstance(value, str):
            raise ValueError(pick("시간(HH:MM)이어야 합니다", "expected a time HH:MM"))
        try:
            parsed_time = time.fromisoformat(value)
        except ValueError:
            raise ValidationError("bad_time", field=col.name, value=value) from None
        if parsed_time.tzinfo is not None:  # wall-clock time: the zone is the record's `timezone`
            raise ValidationError("bad_time", field=col.name, value=value)
        return parsed_time
    if isinstance(ty, sa.Boolean):
        if not isinstance(value, bool):
            raise ValueError(pick("true 또는 false여야 합니다", "expected true or false"))
        return value
    if isinstance(ty, sa.Integer):
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(pick("정수여야 합니다", "expected a whole number"))
        limit = next((n for kind, n in _INT_LIMITS.items() if isinstance(ty, kind)), 2**31)
        if not -limit <= value < limit:
            raise ValueError(pick(f"범위를 벗어난 수입니다: {value}", f"out of range: {value}"))
        return value
    if not isinstance(value, str):
        raise ValueError(pick("텍스트여야 합니다", "expected text"))
    length = getattr(ty, "length", None)
    if length and len(value) > length:
        raise ValueError(pick(f"{length}자를 넘습니다", f"longer than {length} characters"))
    return value


class _Object(dict):
    """A JSON object that remembers names given more than once (json keeps only the last)."""

    repeated: tuple[str, ...] = ()


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    obj = _Object(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        again: list[str] = []
        for name, _ in pairs:
            if name in seen:
                again.append(name)
            seen.add(name)
        obj.repeated = tuple(dict.fromkeys(again))
    return obj


def repeated_key_problems(where: str, obj: Any) -> list[str]:
    return [
        f"{where}: {name}: " + pick("같은 이름이 두 번 이상 나옵니다", "given more than once")
        for name in getattr(obj, "repeated", ())
    ]


# The format nests four levels (file, records, section, record); a file far deeper than that is
# not an interchange file, and the parser would run out of stack on it.
MAX_DEPTH = 100
_SURROGATE = re.compile("[\ud800-\udfff]")


def _parse(text: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        raise ImportRejected(
            [
                pick(
                    f"{exc.lineno}행 {exc.colno}열: JSON 문법 오류 ({exc.msg})",
                    f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})",
                )
            ]
        ) from exc
    except RecursionError:
        line, col = _too_deep_at(text)
        raise ImportRejected(
            [
                pick(
                    f"{line}행 {col}열: {MAX_DEPTH}단계보다 깊게 중첩되어 있습니다",
                    f"line {line}, column {col}: nested more than {MAX_DEPTH} levels deep",
                )
            ]
        ) from None
    except ValueError as exc:  # a number of more than 4300 digits
        raise ImportRejected(
            [pick(f"읽을 수 없는 값입니다: {exc}", f"a value cannot be read: {exc}")]
        ) from None


def _too_deep_at(text: str) -> tuple[int, int]:
    """Line and column where the nesting passes MAX_DEPTH (only run on a file that is too deep)."""
    depth, in_string, escaped = 0, False, False
    for i, ch in enumerate(text):
        if in_string:
            escaped, in_string = (not escaped and ch == "\\"), in_string and (escaped or ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, i) + 1
                return line, i - (text.rfind("\n", 0, i) + 1) + 1
        elif ch in "]}":
            depth -= 1
    return 1, 1


def _shown(text: str) -> str:
    """Text from the file made safe to print (a lone surrogate would break the console)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _lone_surrogates(doc: Any) -> list[str]:
    """Places of text with a lone surrogate (`\\ud800`): valid JSON, but not text any database
    or file can hold."""
    problems: list[str] = []
    stack: list[tuple[str, Any]] = [("", doc)]
    while stack and len(problems) < MAX_PROBLEMS:
        where, value = stack.pop()
        if isinstance(value, dict):
            for name, item in reversed(list(value.items())):
                place = f"{where}.{_shown(name)}" if where else _shown(name)
                if _SURROGATE.search(name):
                    problems.append(
                        f"{place}: "
                        + pick(
                            "이름에 짝이 없는 서로게이트 문자가 있습니다",
                            "a lone surrogate escape in the name",
                        )
                    )
                stack.append((place, item))
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", item) for i, item in reversed(list(enumerate(value))))
        elif isinstance(value, str) and _SURROGATE.search(value):
            problems.append(
                f"{where}: "
                + pick(
                    "짝이 없는 서로게이트 문자(\\ud800 등)는 텍스트가 아닙니다",
                    "a lone surrogate escape (such as \\ud800) is not text",
                )
            )
    return problems


def read_document(path: Path) -> dict[str, Any]:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRejected(
            [pick(f"UTF-8 텍스트가 아닙니다 (바이트 {exc.start})", f"not UTF-8 text (byte {exc.start})")]
        ) from exc
    doc = _parse(text)
    # Only an escape can bring a surrogate in (the text itself decoded cleanly): skip the walk
    # over a large file that has none.
    if re.search(r"\\u[dD][89a-fA-F]", text):
        bad = _lone_surrogates(doc)
        if bad:
            raise ImportRejected(bad)
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportRejected(
            [
                pick(
                    'tracker 교환 파일이 아닙니다 ("format": "tracker-interchange" 없음)',
                    'not a tracker interchange file (no "format": "tracker-interchange")',
                )
            ]
        )
    if doc.get("version") != VERSION or isinstance(doc.get("version"), bool | float):
        raise ImportRejected(
            [
                pick(
                    f"지원하지 않는 버전입니다: {doc.get('version')!r}",
                    f"unsupported version {doc.get('version')!r}",
                )
            ]
        )
    if not isinstance(doc.get("records"), dict):
        raise ImportRejected(['"records" ' + pick("항목이 없습니다", "is missing")])
    repeated = repeated_key_problems("file", doc) + repeated_key_problems("records", doc["records"])
    if repeated:
        raise ImportRejected(repeated)
    return doc
