"""Reading the cells of an import, and finding what they name in the database: countries by
any name or code, organizations by any of their names, people by name or email, meetings and
trips by title. A cell that cannot be used raises `Bad` with the reason in the user's language."""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from tracker.db.models import Country, Meeting, Organization, Person, Position, Trip
from tracker.domain import vocabulary
from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import DatePrecision
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import pick
from tracker.domain.labels import LABELS, label
from tracker.export.sheets.cells import unneutralise
from tracker.export.sheets.fields import normalise_heading

# ------------------------------------------------------------------ reading cells


class Bad(Exception):
    """A cell that cannot be used; the message says why, in the user's language."""


def empty(value: Any) -> bool:
    return value is None or isinstance(value, str) and not value.strip()


def key_of(text: str | None) -> str:
    """How names are compared: NFC, case folded, without spaces ('김 민수' is '김민수')."""
    return "".join(unicodedata.normalize("NFC", text or "").casefold().split())


def text_of(value: Any) -> str | None:
    if empty(value):
        return None
    if isinstance(value, bool):
        return vocabulary.YES() if value else vocabulary.NO()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, PrecisionDate):
        return value.iso()
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value).strip())
    return unneutralise(text) or None


_YES = {"예", "네", "y", "yes", "true", "1", "o", "○", "●", "✓", "✔", "v", "t", "우리측", "직원", "해당"}
_NO = {"아니요", "아니오", "아니", "n", "no", "false", "0", "x", "×", "f", "-", "해당없음", "상대측"}


def flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = key_of(text_of(value))
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise Bad(pick(f"예/아니요 값이 아닙니다: {value}", f"not a yes/no value: {value}"))


# Extra words for enum values, beside their stored values and both labels.
_ENUM_WORDS: dict[str, tuple[str, ...]] = {
    "us": ("아측", "우리", "우리쪽", "한국측", "our side", "ours"),
    "them": ("상대", "상대쪽", "상대국", "their side", "theirs"),
    "both": ("공동", "쌍방", "양쪽", "joint"),
    "open": ("미이행", "착수전", "대기", "todo", "to do", "not started"),
    "in_progress": ("진행", "진행중", "추진중", "이행중", "ongoing", "in progress", "doing"),
    "done": ("완료됨", "이행완료", "종결", "complete", "completed", "closed"),
    "dropped": ("취소", "철회", "보류", "cancelled", "canceled", "abandoned"),
    "high": ("상", "긴급", "중요"),
    "normal": ("중", "보통", "medium"),
    "low": ("하",),
    "day": ("일자", "날짜", "d"),
    "month": ("월별", "m"),
    "year": ("연도", "년", "y"),
}


def enum_lookup(enum_cls: type[Enum]) -> dict[str, Enum]:
    table: dict[str, Enum] = {}
    for member in enum_cls:
        value = str(member.value)
        words = (value, value.replace("_", " "), *LABELS.get(value, ()), *_ENUM_WORDS.get(value, ()))
        for word in words:
            table.setdefault(key_of(word), member)
    return table


def choice(enum_cls: type[Enum], value: Any, lookup: dict[str, Enum]) -> Enum:
    text = text_of(value) or ""
    found = lookup.get(key_of(text))
    if found is None:
        allowed = ", ".join(label(m) for m in enum_cls)
        raise Bad(
            pick(
                f"허용되지 않는 값입니다: {text} (가능한 값: {allowed})",
                f"not an allowed value: {text} (allowed: {allowed})",
            )
        )
    return found


def day_of(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, PrecisionDate) and value.precision is DatePrecision.DAY and value.end is None:
        return value.start
    text = text_of(value) or ""
    try:
        pd = parse_precision_date(text)
    except ValidationError as exc:
        raise Bad(str(exc)) from None
    if pd.precision is not DatePrecision.DAY or pd.end is not None:
        raise Bad(pick(f"하루를 가리키는 날짜여야 합니다: {text}", f"expected a single day: {text}"))
    return pd.start


def precision_date(value: Any) -> PrecisionDate:
    """'26.10월, 2026-10, 2026.3.15., '26.3.15.~16., a workbook date, a year (2026)."""
    if isinstance(value, PrecisionDate):
        return value
    if isinstance(value, datetime):
        return PrecisionDate(value.date())
    if isinstance(value, date):
        return PrecisionDate(value)
    if isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2200:
        return PrecisionDate.year(value)
    text = text_of(value) or ""
    try:
        return parse_precision_date(text)
    except ValidationError as exc:
        raise Bad(str(exc)) from None


def within(text: str | None, column: sa.Column) -> None:
    length = getattr(column.type, "length", None)
    if text is not None and length and len(text) > length:
        raise Bad(pick(f"{length}자를 넘습니다", f"longer than {length} characters"))


# ------------------------------------------------------------------ what the database knows


_COUNTRY_ALIASES = {
    "한국": "KR",
    "남한": "KR",
    "korea": "KR",
    "southkorea": "KR",
    "rok": "KR",
    "republicofkorea": "KR",
    "uk": "GB",
    "britain": "GB",
    "greatbritain": "GB",
    "england": "GB",
    "영국": "GB",
    "usa": "US",
    "america": "US",
    "unitedstatesofamerica": "US",
    "미합중국": "US",
    "vietnam": "VN",
    "월남": "VN",
    "russianfederation": "RU",
    "중화인민공화국": "CN",
}


class Countries:
    def __init__(self, session: Session) -> None:
        self.names: dict[str, str] = {}
        self.codes: set[str] = set()
        rows = session.execute(
            sa.select(Country.code, Country.alpha3, Country.name_ko, Country.name_en, Country.mark)
        )
        for code, alpha3, name_ko, name_en, mark in rows:
            self.codes.add(code)
            for word in (code, alpha3, name_ko, name_en, mark):
                if word:
                    self.names.setdefault(normalise_heading(word), code)
        for word, code in _COUNTRY_ALIASES.items():
            if code in self.codes:
                self.names.setdefault(normalise_heading(word), code)

    def code(self, value: Any) -> str:
        text = text_of(value) or ""
        found = self.names.get(normalise_heading(text))
        if found is None:
            raise Bad(pick(f"알 수 없는 국가입니다: {text}", f"unknown country: {text}"))
        return found


@dataclass
class Org:
    id: uuid.UUID
    name_ko: str
    country: str | None
    parent_id: uuid.UUID | None
    row: dict[str, Any]


class Organizations:
    """Organizations by any of their names (Korean, English, original, acronym); and the ones
    this import will create, by the name the sheet gives them."""

    def __init__(self, session: Session) -> None:
        self.by_id: dict[uuid.UUID, Org] = {}
        self.by_name: dict[str, list[Org]] = {}
        self.by_korean: dict[str, list[Org]] = {}
        for row in session.execute(sa.select(Organization.__table__)).mappings():
            org = Org(row["id"], row["name_ko"], row["country_code"], row["parent_id"], dict(row))
            self.by_id[org.id] = org
            self.by_korean.setdefault(key_of(org.name_ko), []).append(org)
            for word in {
                key_of(row[c]) for c in ("name_ko", "name_en", "name_original", "acronym") if row[c]
            }:
                self.by_name.setdefault(word, []).append(org)

    def find(self, name: str, country: str | None = None) -> uuid.UUID | None:
        """The organization of that name; None when there is none; Bad when several match
        and the country does not tell them apart."""
        found = self.by_name.get(key_of(name), [])
        if len(found) > 1:
            korean = [o for o in found if key_of(o.name_ko) == key_of(name)]
            found = korean or found
        if len(found) > 1 and country:
            found = [o for o in found if o.country == country] or found
        if len(found) > 1:
            where = ", ".join(sorted({o.country or "—" for o in found}))
            raise Bad(
                pick(
                    f"같은 이름의 기관이 여럿입니다: {name} ({where}). 국가를 함께 적거나 정식 명칭을 쓰세요",
                    f"several organizations are called {name} ({where}): give the country or the full name",
                )
            )
        return found[0].id if found else None


@dataclass
class KnownPerson:
    id: uuid.UUID
    row: dict[str, Any]
    keys: set[str]
    positions: list[dict[str, Any]] = field(default_factory=list)


class People:
    def __init__(self, session: Session, staff_only: bool = False, with_positions: bool = True) -> None:
        self.by_name: dict[str, list[KnownPerson]] = {}
        self.by_email: dict[str, list[KnownPerson]] = {}
        self.by_id: dict[uuid.UUID, KnownPerson] = {}
        stmt = sa.select(Person.__table__)
        if staff_only:
            stmt = stmt.where(Person.is_staff.is_(True))
        for row in session.execute(stmt).mappings():
            keys = {key_of(row[c]) for c in ("name_ko", "name_original", "name_latin") if row[c]}
            person = KnownPerson(row["id"], dict(row), keys)
            self.by_id[person.id] = person
            for k in keys:
                self.by_name.setdefault(k, []).append(person)
            if row["email"]:
                self.by_email.setdefault(row["email"].strip().casefold(), []).append(person)
        if with_positions and not staff_only:
            for pos in session.execute(sa.select(Position.__table__)).mappings():
                owner = self.by_id.get(pos["person_id"])
                if owner is not None:
                    owner.positions.append(dict(pos))

    def named(self, *names: str | None) -> list[KnownPerson]:
        found: dict[uuid.UUID, KnownPerson] = {}
        for name in names:
            for p in self.by_name.get(key_of(name), []) if name else []:
                found[p.id] = p
        return list(found.values())


class Sources:
    """Meetings and trips by title, for the follow-ups' '면담·출장' column."""

    def __init__(self, session: Session) -> None:
        self.meetings: dict[str, list[tuple[uuid.UUID, str | None, uuid.UUID | None]]] = {}
        self.trips: dict[str, list[uuid.UUID]] = {}
        for mid, title, country, trip in session.execute(
            sa.select(Meeting.id, Meeting.title, Meeting.country_code, Meeting.trip_id)
        ):
            self.meetings.setdefault(key_of(title), []).append((mid, country, trip))
        for tid, title in session.execute(sa.select(Trip.id, Trip.title)):
            self.trips.setdefault(key_of(title), []).append(tid)

    def find(self, text: str) -> tuple[str, uuid.UUID, str | None, uuid.UUID | None]:
        meetings = self.meetings.get(key_of(text), [])
        if len(meetings) == 1:
            mid, country, trip = meetings[0]
            return "meeting_id", mid, country, trip
        trips = self.trips.get(key_of(text), [])
        if not meetings and len(trips) == 1:
            return "trip_id", trips[0], None, trips[0]
        if meetings or trips:
            raise Bad(
                pick(
                    f"같은 제목의 면담·출장이 여럿입니다: {text}",
                    f"several meetings or trips are called {text}",
                )
            )
        raise Bad(
            pick(f"그런 제목의 면담이나 출장이 없습니다: {text}", f"no meeting or trip is called {text}")
        )
