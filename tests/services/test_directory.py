"""Organizations and their parents, people and their changing positions, topics."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest

from tracker.db.models import Person, Position
from tracker.domain.enums import OrgKind, Rank
from tracker.domain.errors import ValidationError
from tracker.services import directory, meetings, records
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


# ------------------------------------------------------------------ organizations


def test_organization_path_outermost_first(cdb) -> None:
    gov = directory.create_organization(
        cdb,
        {
            "name_ko": "캐나다 정부",
            "name_en": "Government of Canada",
            "kind": OrgKind.GOVERNMENT,
            "country_code": "CA",
        },
    )
    ised = directory.create_organization(
        cdb, {"name_ko": "혁신과학경제개발부", "acronym": "ISED", "parent_id": gov.id, "country_code": "CA"}
    )
    branch = directory.create_organization(cdb, {"name_ko": "디지털정책국", "parent_id": ised.id})
    assert [o.name_ko for o in directory.organization_path(cdb, branch.id)] == [
        "캐나다 정부",
        "혁신과학경제개발부",
        "디지털정책국",
    ]
    assert [o.id for o in directory.organization_path(cdb, gov.id)] == [gov.id]
    assert ised.label("en") == "혁신과학경제개발부 (ISED)"


def test_parent_cycles_are_refused(cdb) -> None:
    a = directory.create_organization(cdb, {"name_ko": "A"})
    b = directory.create_organization(cdb, {"name_ko": "B", "parent_id": a.id})
    c = directory.create_organization(cdb, {"name_ko": "C", "parent_id": b.id})
    with pytest.raises(ValidationError) as err:
        directory.update_organization(cdb, a.id, {"parent_id": c.id})
    assert err.value.code == "parent_cycle"
    with pytest.raises(ValidationError):
        directory.update_organization(cdb, a.id, {"parent_id": a.id})
    assert records.get(cdb, type(a), a.id).parent_id is None
    # Moving within the tree without a cycle is fine.
    directory.update_organization(cdb, c.id, {"parent_id": a.id})
    assert [o.name_ko for o in directory.organization_path(cdb, c.id)] == ["A", "C"]


def test_update_organization_checks_version(cdb) -> None:
    org = directory.create_organization(cdb, {"name_ko": "기관"})
    directory.update_organization(cdb, org.id, {"acronym": "X"}, expected_version=1)
    with pytest.raises(Exception) as err:
        directory.update_organization(cdb, org.id, {"acronym": "Y"}, expected_version=1)
    assert getattr(err.value, "code", None) == "stale"


# ------------------------------------------------------------------ people and positions


def test_create_person_with_positions(cdb) -> None:
    ised = directory.create_organization(cdb, {"name_ko": "혁신과학경제개발부", "country_code": "CA"})
    p = directory.create_person(
        cdb,
        {"name_ko": "마크 샨", "name_original": "Mark Schaan", "country_code": "CA"},
        positions=[
            {
                "organization_id": ised.id,
                "title_ko": "차관보",
                "rank": Rank.DEPUTY_MINISTER,
                "start_date": date(2024, 1, 1),
            }
        ],
    )
    assert p.display_name("ko") == "마크 샨 (Mark Schaan)"
    assert p.display_name("en") == "Mark Schaan (마크 샨)"
    assert [(pos.title_ko, pos.organization.name_ko) for pos in p.positions] == [
        ("차관보", "혁신과학경제개발부")
    ]


def test_create_person_with_a_bad_position_leaves_nothing(cdb) -> None:
    with pytest.raises(ValidationError):
        directory.create_person(
            cdb,
            {"name_ko": "홍길동"},
            positions=[{"title_ko": "국장", "start_date": date(2025, 3, 1), "end_date": date(2025, 1, 1)}],
        )
    assert directory.find_people(cdb, "홍길동") == []


def test_rotation_ends_the_old_position_and_meetings_keep_the_title_held_on_the_day(cdb) -> None:
    msit = directory.create_organization(cdb, {"name_ko": "과학기술정보통신부", "country_code": "KR"})
    p = directory.create_person(
        cdb,
        {"name_ko": "박진홍", "is_staff": True},
        positions=[
            {
                "organization_id": msit.id,
                "title_ko": "팀장",
                "rank": Rank.DIRECTOR,
                "start_date": date(2024, 2, 1),
            }
        ],
    )
    before = meetings.create_meeting(
        cdb,
        {"title": "한-캐 면담", "date": date(2025, 12, 8)},
        participants=[{"side": "us", "person_id": p.id}],
    )

    new = directory.rotate(
        cdb,
        p.id,
        {
            "organization_id": msit.id,
            "title_ko": "과장",
            "rank": Rank.DIRECTOR,
            "start_date": date(2026, 2, 1),
        },
    )
    assert new.start_date == date(2026, 2, 1) and new.end_date is None
    person = directory.get_person(cdb, p.id)
    old = next(pos for pos in person.positions if pos.title_ko == "팀장")
    assert old.end_date == date(2026, 1, 31)

    assert directory.current_position(cdb, p.id, date(2026, 1, 31)).title_ko == "팀장"
    assert directory.current_position(cdb, p.id, date(2026, 2, 1)).title_ko == "과장"

    after = meetings.create_meeting(
        cdb,
        {"title": "한-미 면담", "date": date(2026, 3, 10)},
        participants=[{"side": "us", "person_id": p.id}],
    )
    assert meetings.get_meeting(cdb, before.id).participants[0].title == "팀장"
    assert after.participants[0].title == "과장"
    assert after.participants[0].organization_id == msit.id
    # A meeting recorded late, for a day before the rotation, gets the title held that day.
    late = meetings.create_meeting(
        cdb,
        {"title": "사전 협의", "date": date(2026, 1, 20)},
        participants=[{"side": "us", "person_id": p.id}],
    )
    assert late.participants[0].title == "팀장"


def test_rotation_leaves_positions_that_start_later_alone(cdb) -> None:
    p = directory.create_person(
        cdb, {"name_ko": "이영희"}, positions=[{"title_ko": "과장", "start_date": date(2026, 6, 1)}]
    )
    directory.rotate(cdb, p.id, {"title_ko": "서기관", "start_date": date(2026, 1, 1)})
    later = next(pos for pos in directory.get_person(cdb, p.id).positions if pos.title_ko == "과장")
    assert later.end_date is None


def test_position_on_prefers_the_most_senior_of_concurrent_positions(cdb) -> None:
    p = directory.create_person(
        cdb,
        {"name_ko": "최민수"},
        positions=[
            {"title_ko": "과장", "rank": Rank.DIRECTOR, "start_date": date(2025, 1, 1)},
            {"title_ko": "국장 직무대리", "rank": Rank.DIRECTOR_GENERAL, "start_date": date(2025, 6, 1)},
        ],
    )
    assert directory.current_position(cdb, p.id, date(2025, 7, 1)).title_ko == "국장 직무대리"
    assert directory.current_position(cdb, p.id, date(2025, 3, 1)).title_ko == "과장"
    assert directory.current_position(cdb, p.id, date(2024, 12, 31)) is None


def test_position_is_current() -> None:
    pos = Position(start_date=date(2025, 1, 1), end_date=date(2025, 12, 31))
    assert pos.is_current(date(2025, 6, 1))
    assert not pos.is_current(date(2026, 1, 1))
    assert Position().is_current(date.today() + timedelta(days=1000))


# ------------------------------------------------------------------ finding people


@pytest.fixture
def people(cdb):
    directory.create_person(
        cdb, {"name_ko": "카르스텐 빌트베르거", "name_original": "Karsten Wildberger", "country_code": "DE"}
    )
    directory.create_person(
        cdb,
        {
            "name_ko": "이마가와 다쿠오",
            "name_original": "今川拓郎",
            "name_latin": "Imagawa Takuo",
            "country_code": "JP",
        },
    )
    directory.create_person(
        cdb, {"name_ko": "박진홍", "is_staff": True, "country_code": "KR", "email": "jh.park@msit.go.kr"}
    )
    return cdb


def _names(found: list[Person]) -> list[str]:
    return sorted(p.name_ko or "" for p in found)


def test_find_people_in_korean(people) -> None:
    assert _names(directory.find_people(people, "빌트")) == ["카르스텐 빌트베르거"]
    assert _names(directory.find_people(people, " 박진홍 ")) == ["박진홍"]


def test_find_people_in_latin_script_any_case(people) -> None:
    assert _names(directory.find_people(people, "wildberger")) == ["카르스텐 빌트베르거"]
    assert _names(directory.find_people(people, "TAKUO")) == ["이마가와 다쿠오"]
    assert _names(directory.find_people(people, "今川")) == ["이마가와 다쿠오"]
    assert _names(directory.find_people(people, "msit.go.kr")) == ["박진홍"]


def test_find_people_typed_in_decomposed_hangul(people) -> None:
    """Text pasted from a macOS file name comes decomposed (NFD); it must still match."""
    assert _names(directory.find_people(people, unicodedata.normalize("NFD", "빌트베르거"))) == [
        "카르스텐 빌트베르거"
    ]


def test_find_people_filters(people) -> None:
    assert _names(directory.find_people(people, staff=True)) == ["박진홍"]
    assert _names(directory.find_people(people, country="JP")) == ["이마가와 다쿠오"]
    assert len(directory.find_people(people)) == 3
    assert directory.find_people(people, "nobody") == []


# ------------------------------------------------------------------ topics


def test_topic_is_created_once(cdb) -> None:
    ai = directory.topic(cdb, "인공지능", "AI")
    again = directory.topic(cdb, " 인공지능 ")
    assert again.id == ai.id
    assert again.label("en") == "AI"
    assert directory.topic(cdb, "양자").id != ai.id
    assert directory.topic(cdb, unicodedata.normalize("NFD", "인공지능")).id == ai.id
