"""Property: whatever valid records a database holds, export → import into an empty database →
export gives the same bytes, and the text comes back exactly as it was stored."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.db.migrate import backup_sqlite
from tracker.db.models import Action, KeyPoint, Meeting, Organization, Person
from tracker.db.store import open_database
from tracker.domain.enums import (
    ActionStatus,
    Classification,
    DatePrecision,
    MeetingKind,
    OrgKind,
    OwedBy,
    Priority,
    Side,
)
from tracker.export.interchange import export_json, import_json, tables
from tracker.services import actions, directory, meetings
from tracker.services.countries import seed_countries

# --- what the records are made of ------------------------------------------------------------

CHAR = st.one_of(
    st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3),  # Hangul syllables
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs (獨, 今川拓郎)
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),  # ASCII, with quotes and backslashes
    st.sampled_from(list("\n\t\"'\\/獨é ñ ü ß ç — · ※ 「」『』〈〉①②…~%$#&{}[]")),
)
# Text as the services keep it: no blank values, no spaces around, in NFC.
TEXT = (
    st.text(CHAR, min_size=1, max_size=40).map(lambda s: unicodedata.normalize("NFC", s.strip())).filter(bool)
)
NAME = (
    st.text(CHAR.filter(lambda c: c not in "\n\t"), min_size=1, max_size=30)
    .map(lambda s: unicodedata.normalize("NFC", s.strip()))
    .filter(bool)
)
LONG_TEXT = (
    st.text(CHAR, min_size=1, max_size=300)
    .map(lambda s: unicodedata.normalize("NFC", s.strip()))
    .filter(bool)
)
COUNTRY = st.sampled_from(["KR", "CA", "JP", "CN", "US", "FR", "DE"])
ZONE = st.sampled_from(["Asia/Seoul", "America/Toronto", "Europe/Paris", "Asia/Tokyo", "UTC"])
DAY = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))
TIME = st.one_of(
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),  # 09:35, as the reports write it
    st.times(),  # seconds and fractions survive too
)
EMAIL = st.builds(lambda a, b: f"{a}@{b}.example", st.from_regex(r"[a-z][a-z0-9.]{0,10}", fullmatch=True),
                  st.from_regex(r"[a-z]{1,10}", fullmatch=True))  # fmt: skip


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def without_none(data: dict[str, Any]) -> dict[str, Any]:
    """A field left out, rather than given as empty: both kinds of input must round-trip."""
    return {k: v for k, v in data.items() if v is not None}


@st.composite
def persons(draw: st.DrawFn) -> dict[str, Any]:
    names = draw(
        st.fixed_dictionaries(
            {"name_ko": maybe(NAME), "name_original": maybe(NAME), "name_latin": maybe(NAME)}
        )
    )
    if not any(names.values()):
        names["name_ko"] = draw(NAME)
    data = {
        **names,
        "is_staff": draw(st.booleans()),
        "country_code": draw(maybe(COUNTRY)),
        "email": draw(maybe(EMAIL)),
        "phone": draw(maybe(st.from_regex(r"\+[0-9]{1,3}-[0-9]{2,4}-[0-9]{3,4}", fullmatch=True))),
        "notes": draw(maybe(LONG_TEXT)),
    }
    return draw(st.sampled_from([data, without_none(data)]))


@st.composite
def organizations(draw: st.DrawFn) -> dict[str, Any]:
    return without_none({
        "name_ko": draw(NAME),
        "name_en": draw(maybe(NAME)),
        "acronym": draw(maybe(st.from_regex(r"[A-Z]{2,8}", fullmatch=True))),
        "kind": draw(st.sampled_from(list(OrgKind))),
        "country_code": draw(maybe(COUNTRY)),
        "notes": draw(maybe(LONG_TEXT)),
    })  # fmt: skip


@st.composite
def meeting_data(draw: st.DrawFn) -> dict[str, Any]:
    times = sorted(draw(st.lists(TIME, min_size=0, max_size=2)))
    start, end = (times + [None, None])[:2]
    data = {
        "title": draw(NAME),
        "kind": draw(st.sampled_from(list(MeetingKind))),
        "date": draw(DAY),
        "start_time": start,
        "end_time": end,
        "timezone": draw(maybe(ZONE)),
        "country_code": draw(maybe(COUNTRY)),
        "location": draw(maybe(NAME)),
        "agenda": draw(maybe(LONG_TEXT)),
        "summary": draw(maybe(TEXT)),
        "classification": draw(st.sampled_from(list(Classification))),
    }
    return draw(st.sampled_from([data, without_none(data)]))


@st.composite
def key_points(draw: st.DrawFn) -> list[dict[str, Any]]:
    points = draw(st.lists(st.fixed_dictionaries({"text": LONG_TEXT, "party": maybe(NAME)}), max_size=4))
    return [without_none(p) for p in points]


@st.composite
def due_dates(draw: st.DrawFn) -> dict[str, Any]:
    """A due date of every precision: a day, a range of days, a month, a year, or none."""
    day = draw(DAY)
    kind = draw(st.sampled_from(["none", "day", "range", "month", "year"]))
    if kind == "none":
        return {}
    if kind == "day":
        return {"due_date": day, "due_precision": DatePrecision.DAY}
    if kind == "range":
        end = draw(st.dates(min_value=day, max_value=date(2041, 12, 31)))
        return {"due_date": day, "due_precision": DatePrecision.DAY, "due_end": end}
    if kind == "month":
        return {"due_date": day.replace(day=1), "due_precision": DatePrecision.MONTH}
    return {"due_date": day.replace(month=1, day=1), "due_precision": DatePrecision.YEAR}


@st.composite
def action_data(draw: st.DrawFn) -> dict[str, Any]:
    status = draw(st.sampled_from(list(ActionStatus)))
    return without_none({
        "title": draw(TEXT),
        "description": draw(maybe(LONG_TEXT)),
        "owed_by": draw(st.sampled_from(list(OwedBy))),
        "priority": draw(st.sampled_from(list(Priority))),
        "status": status,
        "completed_on": draw(maybe(DAY)) if status.is_closed else None,
        "completion_note": draw(maybe(TEXT)),
        "country_code": draw(maybe(COUNTRY)),
        **draw(due_dates()),
    })  # fmt: skip


DATASETS = st.fixed_dictionaries({
    "persons": st.lists(persons(), max_size=4),
    "organizations": st.lists(organizations(), max_size=3),
    "meetings": st.lists(st.tuples(meeting_data(), key_points()), max_size=3),
    "actions": st.lists(st.tuples(action_data(), st.integers(0, 10), st.integers(0, 10)), max_size=4),
    "parents": st.lists(st.integers(0, 10), max_size=3),
})  # fmt: skip


# --- putting them in through the services ------------------------------------------------------


def fill(db: Any, data: dict[str, Any]) -> None:
    people = [directory.create_person(db, p).id for p in data["persons"]]
    orgs: list[Any] = []
    for i, org in enumerate(data["organizations"]):
        parent = data["parents"][i] if i < len(data["parents"]) else None
        if orgs and parent is not None:
            org = {**org, "parent_id": orgs[parent % len(orgs)]}
        orgs.append(directory.create_organization(db, org).id)
    points: list[tuple[Any, Any]] = []
    made = []
    for meeting, kps in data["meetings"]:
        participants = [
            {"side": Side.US if i % 2 else Side.THEM, "person_id": p} for i, p in enumerate(people[:3])
        ]
        participants.append({"side": Side.THEM, "name": meeting["title"][:20]})
        created = meetings.create_meeting(db, meeting, participants=participants, key_points=kps,
                                          organization_ids=orgs[:2])  # fmt: skip
        made.append(created.id)
        points.extend((created.id, kp.id) for kp in created.key_points)
    for action, a, b in data["actions"]:
        row = dict(action)
        if people:
            row["owner_id"] = people[a % len(people)]
        if orgs and b % 2:
            row["counterpart_org_id"] = orgs[b % len(orgs)]
        if points and a % 3:
            row["meeting_id"], row["key_point_id"] = points[b % len(points)]
        elif made and b % 3 == 1:
            row["meeting_id"] = made[b % len(made)]
        actions.create_action(db, row)


def counts(db: Any) -> dict[str, int]:
    with db.engine.connect() as conn:
        return {
            t.name: conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one() for t in tables()
        }


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A migrated empty database and one with the countries, copied for each example (running
    the migrations for every example would take most of the time)."""
    folder = tmp_path_factory.mktemp("templates")
    empty, seeded = folder / "empty.sqlite3", folder / "seeded.sqlite3"
    for path in (empty, seeded):
        db, _ = open_database(f"sqlite:///{path}")
        if path == seeded:
            seed_countries(db)
        db.dispose()
    return empty, seeded


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=DATASETS)
def test_any_valid_records_round_trip_byte_for_byte(templates, data):
    empty, seeded = templates
    with tempfile.TemporaryDirectory(prefix="tracker-roundtrip-") as tmp:
        folder = Path(tmp)
        source, _ = open_database(f"sqlite:///{backup_sqlite(seeded, folder / 'source.sqlite3')}")
        target, _ = open_database(f"sqlite:///{backup_sqlite(empty, folder / 'target.sqlite3')}")
        try:
            fill(source, data)
            export_json(source, folder / "first.json")
            imported = import_json(target, folder / "first.json")
            export_json(target, folder / "second.json")

            first, second = (folder / "first.json").read_bytes(), (folder / "second.json").read_bytes()
            assert second == first
            assert imported == counts(source) == counts(target)
            assert counts(target)["persons"] == len(data["persons"])
            assert counts(target)["key_points"] == sum(len(kps) for _, kps in data["meetings"])
            assert counts(target)["actions"] == len(data["actions"])
            json.loads(first)  # and it is plain JSON

            # The text came back exactly as given (after the services' strip and NFC).
            with target.read() as s:
                texts = sorted(s.scalars(sa.select(KeyPoint.text)))
                names = sorted(n for n in s.scalars(sa.select(Person.name_ko)) if n is not None)
                times = sorted(
                    (r.date, r.start_time or time.min, r.end_time or time.min)
                    for r in s.execute(sa.select(Meeting.date, Meeting.start_time, Meeting.end_time))
                )
                parents = s.scalar(sa.select(sa.func.count()).where(Organization.parent_id.is_not(None)))
                dues = sorted(
                    (r.due_date, r.due_precision, r.due_end)
                    for r in s.execute(sa.select(Action.due_date, Action.due_precision, Action.due_end))
                    if r.due_date is not None
                )
            assert texts == sorted(kp["text"] for _, kps in data["meetings"] for kp in kps)
            assert names == sorted(p["name_ko"] for p in data["persons"] if p.get("name_ko"))
            assert times == sorted(
                (m["date"], m.get("start_time") or time.min, m.get("end_time") or time.min)
                for m, _ in data["meetings"]
            )
            assert parents == counts(source)["organizations"] - sum(
                1 for i in range(len(data["organizations"])) if i == 0 or i >= len(data["parents"])
            )
            assert dues == sorted(
                (a["due_date"], a["due_precision"], a.get("due_end"))
                for a, _, _ in data["actions"]
                if "due_date" in a
            )
        finally:
            source.dispose()
            target.dispose()
