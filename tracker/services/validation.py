"""Rules every record must keep, whether it comes from a form, the command line or an import.

`check_row` takes a table and the complete set of column values a row will have, and raises
`ValidationError` naming the field. Reference checks live in `check_references`, because they
need the database (and, for imports, the keys the file itself brings).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.types import is_multiline
from tracker.domain.dates import PrecisionDate, english_date, korean_date, zone
from tracker.domain.enums import ActionStatus, DatePrecision
from tracker.domain.errors import MESSAGES, DomainError, ValidationError
from tracker.domain.i18n import language, pick
from tracker.domain.recurrence import validate_rrule
from tracker.domain.text import clean_text

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
AUTO_COLUMNS = {"id", "created_at", "updated_at", "version"}

Rule = Callable[[Mapping[str, Any]], None]
E = TypeVar("E", bound=enum.Enum)
_RULES: dict[str, list[Rule]] = {}


def rule(*tables: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        for t in tables:
            _RULES.setdefault(t, []).append(fn)
        return fn

    return register


def normalise(table: sa.Table, row: dict[str, Any]) -> dict[str, Any]:
    """Text under the one character policy (`tracker.domain.text`: NFC, LF line breaks, no
    control characters, a broken character refused naming the field), then stripped; empty
    text becomes None, so 'required' means something. The column types apply the same policy
    to whatever reaches the database; doing it here first gives field-named errors and lets
    the rules below see the text as it will be stored."""
    for name, value in list(row.items()):
        if isinstance(value, str) and name in table.c and not isinstance(table.c[name].type, sa.Enum):
            multiline = is_multiline(table.c[name].type)
            value = clean_text(value, multiline=multiline, field=name).strip()
            row[name] = value if value else None
    return row


def check_row(table: sa.Table, row: Mapping[str, Any]) -> None:
    """Raise the first rule `row` breaks (see `row_problems` for all of them)."""
    problems = row_problems(table, row, first_only=True)
    if problems:
        raise problems[0]


def row_problems(table: sa.Table, row: Mapping[str, Any], first_only: bool = False) -> list[DomainError]:
    """Every rule `row` breaks, in the order `check_row` checks them: each missing required
    column, each bad value, then the table's own rules (an end before its start ...), so a
    form can show them all at once instead of one per attempt to save."""
    found: list[DomainError] = []

    def broke(error: DomainError) -> bool:
        found.append(error)
        return first_only

    for col in table.columns:
        if col.name in AUTO_COLUMNS or col.nullable or col.default is not None:
            continue
        if row.get(col.name) is None and broke(ValidationError("required", field=col.name)):
            return found
    for col in table.columns:
        value = row.get(col.name)
        if value is None:
            continue
        try:
            if isinstance(col.type, sa.Enum) and value not in col.type.enums:
                raise ValidationError(
                    "bad_choice", field=col.name, value=value, choices=", ".join(col.type.enums)
                )
            if col.name in ("timezone", "end_timezone"):
                zone(value)
            elif col.name == "recurrence":
                validate_rrule(value)
            elif col.name == "email" and not _EMAIL.match(value):
                raise ValidationError("bad_email", field="email", value=value)
            elif col.name == "country_code" and not _COUNTRY.match(value):
                raise ValidationError("bad_country_code", field=col.name, value=value)
        except DomainError as exc:
            if exc.field is None:
                exc.field = col.name
            if broke(exc):
                return found
    for fn in _RULES.get(table.name, ()):
        try:
            fn(row)
        except DomainError as exc:
            if broke(exc):
                return found
    return found


def _shown(value: Any, lang: str) -> Any:
    """A date or a time as the interface writes it (2025.12.08.(월) / 8 Dec 2025 (Mon), 10:00)."""
    if isinstance(value, datetime):
        return _shown(value.date(), lang) + value.strftime(" %H:%M")
    if isinstance(value, date):
        return pick(korean_date(value), english_date(value, weekday=True), lang)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, PrecisionDate):
        return pick(value.korean_short(), value.english(), lang)
    return value


def _with_shown_params(exc: DomainError, lang: str) -> DomainError:
    """A copy of `exc` (whatever its constructor takes) whose dates and times read as shown."""
    shown = exc.__class__.__new__(exc.__class__)
    shown.__dict__.update(exc.__dict__)
    shown.params = {k: _shown(v, lang) for k, v in exc.params.items()}
    return shown


def readable(exc: DomainError, lang: str | None = None, *, beside_field: bool = False) -> str:
    """The message of `exc` with its dates and times in the interface's format. `beside_field`:
    for showing next to (or after the label of) the field it is about, so it does not begin
    with the column's internal name ("name_ko: ...")."""
    lang = lang or language()
    shown = _with_shown_params(exc, lang)
    cause = getattr(exc, "cause", None)
    if isinstance(cause, DomainError):  # a row's problem: 'Session 2: <the cause>'
        shown.cause = _with_shown_params(cause, lang)  # type: ignore[attr-defined]
    if beside_field and type(exc).message is DomainError.message and exc.code in MESSAGES:
        ko, en = MESSAGES[exc.code]
        template = pick(ko, en, lang).removeprefix("{field}: ")
        try:
            text = template.format(field="", code=exc.code, **shown.params)
        except (KeyError, IndexError):
            text = template
        return text[:1].upper() + text[1:]
    text = shown.message(lang)
    if beside_field and exc.field and text.startswith(f"{exc.field}: "):
        text = text[len(exc.field) + 2 :]
    return text


def _period(row: Mapping[str, Any], start: str, end: str) -> None:
    a, b = row.get(start), row.get(end)
    if a is not None and b is not None and b < a:
        raise ValidationError("end_before_start", field=end, start=a, end=b)


@rule("trips", "events", "positions", "trip_members")
def _date_period(row: Mapping[str, Any]) -> None:
    _period(row, "start_date", "end_date")


@rule("meetings", "event_sessions")
def _time_period(row: Mapping[str, Any]) -> None:
    _period(row, "start_time", "end_time")


@rule("itinerary_items")
def _itinerary_times(row: Mapping[str, Any]) -> None:
    if not row.get("end_day_offset") and not row.get("end_timezone"):
        _period(row, "start_time", "end_time")
    if (row.get("end_day_offset") or 0) < 0:
        raise ValidationError("bad_value", field="end_day_offset", value=row["end_day_offset"])


@rule("countries")
def _country(row: Mapping[str, Any]) -> None:
    code = row.get("code") or ""
    if not _COUNTRY.match(code):
        raise ValidationError("bad_country_code", field="code", value=code)


@rule("persons")
def _person_named(row: Mapping[str, Any]) -> None:
    if not (row.get("name_ko") or row.get("name_original") or row.get("name_latin")):
        raise ValidationError("required", field="name_ko")


@rule("organizations")
def _not_own_parent(row: Mapping[str, Any]) -> None:
    if row.get("parent_id") is not None and row.get("parent_id") == row.get("id"):
        raise ValidationError("own_parent", field="parent_id")


@rule("meeting_participants")
def _participant_named(row: Mapping[str, Any]) -> None:
    if row.get("person_id") is None and not row.get("name"):
        raise ValidationError("required", field="person_id")


@rule("attachments")
def _one_owner(row: Mapping[str, Any]) -> None:
    if (row.get("meeting_id") is None) == (row.get("trip_id") is None):
        raise ValidationError("attachment_owner", field="meeting_id")


@rule("actions")
def _action(row: Mapping[str, Any]) -> None:
    if row.get("due_date") is not None:
        PrecisionDate(row["due_date"], row.get("due_precision") or DatePrecision.DAY, row.get("due_end"))
    elif row.get("due_end") is not None:
        raise ValidationError("required", field="due_date")
    status = ActionStatus(row.get("status") or ActionStatus.OPEN)
    if row.get("completed_on") is not None and not status.is_closed:
        raise ValidationError("completed_not_done", field="completed_on")


@rule("agreements")
def _agreement(row: Mapping[str, Any]) -> None:
    if row.get("signed_date") is not None:
        PrecisionDate(row["signed_date"], row.get("signed_precision") or DatePrecision.DAY)
    _period(row, "signed_date", "expires_on")


def choice(enum_cls: type[E], value: Any, field: str) -> E:
    """`value` as a member of `enum_cls`, or ValidationError('bad_choice') naming the field."""
    try:
        return enum_cls(value)
    except ValueError as exc:
        choices = ", ".join(m.value for m in enum_cls)
        raise ValidationError("bad_choice", field=field, value=value, choices=choices) from exc


def check_references(
    session: Session,
    table: sa.Table,
    row: Mapping[str, Any],
    pending: Mapping[str, set[Any]] | None = None,
) -> None:
    """Every foreign key must point at a row that exists (or arrives in the same import)."""
    for col in table.columns:
        value = row.get(col.name)
        if value is None:
            continue
        for fk in col.foreign_keys:
            target = fk.column
            if pending and value in pending.get(target.table.name, ()):
                continue
            found = session.execute(
                sa.select(sa.literal(1)).select_from(target.table).where(target == value)
            ).first()
            if found is None:
                if target.table.name == "countries":
                    raise ValidationError("unknown_country", field=col.name, value=value)
                raise ValidationError("unknown_record", field=col.name, kind=target.table.name, value=value)
