"""Saving a person whole: the person's fields and their positions over time in one transaction,
keeping the ids of the positions that are kept, and writing nothing when any row is wrong."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from tracker.db.models import MeetingParticipant, Organization, Person, Position
from tracker.domain.enums import Rank, Side
from tracker.domain.errors import ConflictError, ValidationError
from tracker.domain.i18n import set_language
from tracker.export.demo import load_demo
from tracker.services import directory, meetings, records
from tracker.services.countries import seed_countries
from tracker.services.person_save import (
    NoNameError,
    PositionError,
    UnknownOrganizationError,
    rotate_rows,
    save_person,
)


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def orgs(cdb):
    msit = records.create(cdb, Organization, {"name_ko": "과학기술정보통신부", "acronym": "MSIT"})
    oecd = records.create(cdb, Organization, {"name_ko": "경제협력개발기구", "acronym": "OECD"})
    return msit, oecd


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def _positions(db, person_id) -> list[Position]:
    return list(directory.get_person(db, person_id).positions)


def test_a_new_person_is_created_with_their_positions(cdb, orgs):
    msit, _ = orgs
    person = save_person(
        cdb,
        None,
        {"name_ko": "박진홍", "is_staff": True, "country_code": "KR"},
        [
            {
                "organization_id": msit.id,
                "title_ko": "팀장",
                "title_en": "Team Leader",
                "rank": Rank.DIRECTOR,
                "start_date": date(2025, 3, 1),
            },
            {
                "organization_id": str(msit.id),
                "title_ko": "서기관",
                "rank": "deputy_director",
                "start_date": "2023-02-01",
                "end_date": "2025-02-28",
            },
        ],
    )
    assert person.name_ko == "박진홍" and person.version == 1
    titles = [(p.title_ko, p.rank, p.start_date, p.end_date) for p in person.positions]
    assert titles == [
        ("팀장", Rank.DIRECTOR, date(2025, 3, 1), None),
        ("서기관", Rank.DEPUTY_DIRECTOR, date(2023, 2, 1), date(2025, 2, 28)),
    ]
    assert all(p.organization_id == msit.id for p in person.positions)


def test_positions_returned_with_their_id_keep_it_others_are_deleted_or_created(cdb, orgs):
    msit, oecd = orgs
    person = directory.create_person(
        cdb,
        {"name_ko": "조목은"},
        positions=[
            {"organization_id": msit.id, "title_ko": "수석", "start_date": date(2024, 1, 1)},
            {
                "organization_id": msit.id,
                "title_ko": "책임",
                "start_date": date(2020, 1, 1),
                "end_date": date(2023, 12, 31),
            },
        ],
    )
    keep = next(p for p in person.positions if p.title_ko == "수석")
    gone = next(p for p in person.positions if p.title_ko == "책임")
    saved = save_person(
        cdb,
        person.id,
        {"name_ko": "조목은"},
        [
            {"id": None, "organization_id": oecd.id, "title_ko": "파견관", "start_date": date(2026, 1, 1)},
            {
                "id": str(keep.id),
                "organization_id": msit.id,
                "title_ko": "수석연구원",
                "start_date": date(2024, 1, 1),
                "end_date": date(2025, 12, 31),
            },
        ],
        expected_version=person.version,
    )
    by_title = {p.title_ko: p for p in saved.positions}
    assert set(by_title) == {"파견관", "수석연구원"}
    assert by_title["수석연구원"].id == keep.id
    assert by_title["수석연구원"].end_date == date(2025, 12, 31)
    assert by_title["파견관"].organization_id == oecd.id
    with cdb.read() as s:
        assert s.get(Position, gone.id) is None
    assert _count(cdb, Position) == 2


def test_an_unknown_id_is_a_new_position_and_never_takes_another_persons(cdb, orgs):
    msit, _ = orgs
    other = directory.create_person(cdb, {"name_ko": "김철수"}, positions=[{"title_ko": "과장"}])
    theirs = other.positions[0].id
    person = save_person(cdb, None, {"name_ko": "이영희"}, [{"id": theirs, "title_ko": "주무관"}])
    assert person.positions[0].id != theirs
    assert directory.get_person(cdb, other.id).positions[0].title_ko == "과장"
    mine = save_person(cdb, person.id, {}, [{"id": "new-1", "title_ko": "사무관"}])
    assert [p.title_ko for p in mine.positions] == ["사무관"]


def test_end_before_start_names_the_row_and_writes_nothing(cdb, orgs):
    msit, _ = orgs
    person = directory.create_person(cdb, {"name_ko": "최민수"}, positions=[{"title_ko": "과장"}])
    with pytest.raises(PositionError) as caught:
        save_person(
            cdb,
            person.id,
            {"name_ko": "최민수 (개명)"},
            [
                {"title_ko": "국장", "start_date": date(2026, 1, 1)},
                {"title_ko": "과장", "start_date": date(2025, 3, 1), "end_date": date(2025, 2, 1)},
            ],
        )
    err = caught.value
    assert isinstance(err, ValidationError)
    assert err.row == 1 and err.field == "end_date" and err.code == "end_before_start"
    assert err.message("en").startswith("Position 2: ")
    assert "2025-02-01" in err.message("en")
    assert err.message("ko").startswith("직위 2: ")
    after = directory.get_person(cdb, person.id)
    assert after.name_ko == "최민수" and after.version == person.version
    assert [p.title_ko for p in after.positions] == ["과장"]


def test_an_unknown_organization_names_the_row_and_writes_nothing(cdb, orgs):
    msit, _ = orgs
    missing = uuid.uuid4()
    with pytest.raises(PositionError) as caught:
        save_person(
            cdb,
            None,
            {"name_ko": "홍길동"},
            [
                {"organization_id": msit.id, "title_ko": "과장"},
                {"organization_id": missing, "title_ko": "국장"},
            ],
        )
    assert caught.value.row == 1 and caught.value.field == "organization_id"
    assert isinstance(caught.value.cause, UnknownOrganizationError)
    assert caught.value.message("en") == f"Position 2: Unknown organization: {missing}"
    assert caught.value.message("ko").startswith("직위 2: 기관을 찾을 수 없습니다")
    assert _count(cdb, Person) == 0 and _count(cdb, Position) == 0

    with pytest.raises(PositionError) as caught:
        save_person(cdb, None, {"name_ko": "홍길동"}, [{"organization_id": "not-an-id"}])
    assert caught.value.row == 0 and _count(cdb, Person) == 0


def test_a_bad_date_or_rank_names_the_row(cdb):
    with pytest.raises(PositionError) as caught:
        save_person(cdb, None, {"name_ko": "홍길동"}, [{"start_date": "2025-13-45"}])
    assert caught.value.field == "start_date" and "2025-13-45" in caught.value.message("en")
    with pytest.raises(PositionError) as caught:
        save_person(cdb, None, {"name_ko": "홍길동"}, [{"title_ko": "x"}, {"rank": "emperor"}])
    assert caught.value.row == 1 and caught.value.field == "rank"
    assert _count(cdb, Person) == 0


def test_a_person_needs_a_name_in_some_script(cdb):
    with pytest.raises(NoNameError) as caught:
        save_person(cdb, None, {"name_ko": "  ", "email": "x@example.org"}, [{"title_ko": "과장"}])
    assert caught.value.field == "name_ko"
    set_language("ko")
    assert "이름" in caught.value.message()
    assert _count(cdb, Person) == 0 and _count(cdb, Position) == 0

    person = save_person(cdb, None, {"name_original": "今川拓郎"}, [])
    with pytest.raises(NoNameError):
        save_person(cdb, person.id, {"name_original": None}, [])
    assert directory.get_person(cdb, person.id).name_original == "今川拓郎"
    renamed = save_person(cdb, person.id, {"name_ko": "이마가와 타쿠오"}, [])  # others kept as stored
    assert renamed.name_original == "今川拓郎"


def test_any_change_raises_the_version_and_a_stale_copy_conflicts(cdb, orgs):
    msit, _ = orgs
    person = directory.create_person(cdb, {"name_ko": "박진홍"}, positions=[{"title_ko": "팀장"}])
    pos = person.positions[0]
    rows = [{"id": pos.id, "title_ko": "팀장"}]

    same = save_person(cdb, person.id, {"name_ko": "박진홍"}, rows, expected_version=person.version)
    assert same.version == person.version  # nothing changed, nothing to tell anyone

    # Only a position changes: the person's version still goes up.
    moved = save_person(
        cdb,
        person.id,
        {"name_ko": "박진홍"},
        [{"id": pos.id, "title_ko": "팀장", "organization_id": msit.id}],
        expected_version=person.version,
    )
    assert moved.version == person.version + 1

    # A colleague still holding the old copy is told, and nothing of theirs is written.
    with pytest.raises(ConflictError):
        save_person(cdb, person.id, {"name_ko": "박진홍"}, [], expected_version=person.version)
    assert len(_positions(cdb, person.id)) == 1

    removed = save_person(cdb, person.id, {}, [], expected_version=moved.version)
    assert removed.version == moved.version + 1 and removed.positions == []
    added = save_person(cdb, person.id, {}, [{"title_ko": "과장"}], expected_version=removed.version)
    assert added.version == removed.version + 1


def test_rotate_rows_ends_open_positions_the_day_before():
    start = date(2026, 3, 1)
    rows = [
        {"title_ko": "국장", "start_date": None, "end_date": None},
        {"title_ko": "겸임", "start_date": date(2026, 4, 1), "end_date": None},  # begins later: stays open
        {"title_ko": "과장", "start_date": date(2020, 1, 1), "end_date": date(2022, 1, 1)},
    ]
    out = rotate_rows(rows, start, {"title_ko": "차장"})
    assert out[0] == {"title_ko": "차장", "start_date": start, "end_date": None}
    assert [r["end_date"] for r in out[1:]] == [start - timedelta(days=1), None, date(2022, 1, 1)]
    assert rows[0]["end_date"] is None  # the rows given are not changed


def test_rotating_a_demo_counterpart_keeps_the_titles_of_past_meetings(db):
    load_demo(db)
    with db.read() as s:
        jerry = s.scalar(sa.select(Person).where(Person.name_original == "Jerry Sheehan"))
        oecd = s.scalar(sa.select(Organization).where(Organization.acronym == "OECD"))
    person = directory.get_person(db, jerry.id)
    old = person.positions[0]
    assert old.title_ko == "국장" and old.end_date is None

    rows = [
        {
            k: getattr(p, k)
            for k in (
                "id",
                "organization_id",
                "title_ko",
                "title_en",
                "department",
                "rank",
                "start_date",
                "end_date",
                "notes",
            )
        }
        for p in person.positions
    ]
    start = date(2026, 3, 1)
    rows = rotate_rows(
        rows,
        start,
        {
            "organization_id": oecd.id,
            "title_ko": "사무차장",
            "title_en": "Deputy Secretary-General",
            "rank": Rank.EXECUTIVE,
        },
    )
    saved = save_person(db, person.id, {}, rows, expected_version=person.version)
    kept = next(p for p in saved.positions if p.id == old.id)
    assert kept.end_date == date(2026, 2, 28) and kept.title_ko == "국장"

    with db.read() as s:
        past = s.scalars(
            sa.select(MeetingParticipant.title).where(MeetingParticipant.person_id == jerry.id)
        ).all()
    assert past and set(past) == {"국장"}

    after = meetings.create_meeting(
        db,
        {"title": "한-OECD 면담", "date": date(2026, 3, 10), "timezone": "Europe/Paris"},
        participants=[{"side": Side.THEM, "person_id": jerry.id}],
    )
    before = meetings.create_meeting(
        db,
        {"title": "한-OECD 실무협의", "date": date(2026, 2, 20), "timezone": "Europe/Paris"},
        participants=[{"side": Side.THEM, "person_id": jerry.id}],
    )
    assert after.participants[0].title == "사무차장" and after.participants[0].organization_id == oecd.id
    assert before.participants[0].title == "국장"
