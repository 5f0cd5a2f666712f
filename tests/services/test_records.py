"""Generic create/update/delete: validation, optimistic concurrency, what a delete takes along."""

from __future__ import annotations

import threading
import time as clock
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, time

import pytest
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm.exc import StaleDataError

from tracker.db.models import (
    Action,
    Country,
    KeyPoint,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Position,
    Trip,
)
from tracker.domain import i18n
from tracker.domain.enums import OrgKind
from tracker.domain.errors import ConflictError, NotFoundError, ValidationError
from tracker.services import directory, meetings, records
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


def _count(db, model) -> int:
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model)) or 0


# ------------------------------------------------------------------ create


def test_create_returns_a_detached_record_with_defaults(cdb) -> None:
    org = records.create(cdb, Organization, {"name_ko": "  과학기술정보통신부 ", "country_code": "KR"})
    assert isinstance(org.id, uuid.UUID)
    assert org.name_ko == "과학기술정보통신부"  # trimmed
    assert org.kind is OrgKind.MINISTRY
    assert org.version == 1
    assert records.get(cdb, Organization, org.id).name_ko == "과학기술정보통신부"


def test_missing_name_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Organization, {"name_en": "ISED"})
    assert err.value.code == "required"
    assert err.value.field == "name_ko"
    with pytest.raises(ValidationError):
        records.create(cdb, Organization, {"name_ko": "   "})  # blank is missing
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Person, {"email": "kim@example.org"})
    assert err.value.code == "required"
    assert _count(cdb, Organization) == 0
    assert _count(cdb, Person) == 0


def test_a_person_may_be_named_in_any_script(cdb) -> None:
    p = records.create(cdb, Person, {"name_original": "Karsten Wildberger"})
    assert p.display_name("ko") == "Karsten Wildberger"


def test_end_before_start_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(
            cdb,
            Trip,
            {"title": "캐나다 출장", "start_date": date(2025, 12, 11), "end_date": date(2025, 12, 6)},
        )
    assert err.value.code == "end_before_start"
    assert err.value.field == "end_date"
    assert "2025-12-06" in str(err.value) and "2025-12-11" in str(err.value)
    with pytest.raises(ValidationError):
        records.create(
            cdb,
            Meeting,
            {"title": "면담", "date": date(2025, 12, 8), "start_time": time(11), "end_time": time(10)},
        )


def test_unknown_country_code_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Organization, {"name_ko": "어딘가", "country_code": "ZZ"})
    assert err.value.code == "unknown_country"
    assert "ZZ" in str(err.value)


def test_lower_case_country_code_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Organization, {"name_ko": "캐나다 혁신과학경제개발부", "country_code": "ca"})
    assert err.value.code == "bad_country_code"
    with pytest.raises(ValidationError):
        records.create(cdb, Country, {"code": "kr", "name_ko": "한국", "name_en": "Korea"})


def test_bad_time_zone_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Meeting, {"title": "면담", "date": date(2025, 12, 8), "timezone": "Montreal"})
    assert err.value.code == "bad_timezone"
    m = records.create(
        cdb, Meeting, {"title": "면담", "date": date(2025, 12, 8), "timezone": "America/Toronto"}
    )
    assert m.timezone == "America/Toronto"


def test_bad_email_is_refused(cdb) -> None:
    for bad in ("kim", "kim@", "kim@example", "kim @example.org"):
        with pytest.raises(ValidationError) as err:
            records.create(cdb, Person, {"name_ko": "김철수", "email": bad})
        assert err.value.code == "bad_email"
    ok = records.create(cdb, Person, {"name_ko": "김철수", "email": "cs.kim@msit.go.kr"})
    assert ok.email == "cs.kim@msit.go.kr"


def test_unknown_column_and_bad_choice_are_refused(cdb) -> None:
    with pytest.raises(ValidationError):
        records.create(cdb, Organization, {"name_ko": "기관", "colour": "blue"})
    with pytest.raises(ValidationError) as err:  # not one of the kinds
        records.create(cdb, Organization, {"name_ko": "기관", "kind": "club"})
    assert err.value.code == "bad_choice"
    assert "club" in str(err.value) and "ministry" in str(err.value)
    assert _count(cdb, Organization) == 0


def test_reference_to_a_missing_record_is_refused(cdb) -> None:
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Position, {"person_id": uuid.uuid4(), "title_ko": "국장"})
    assert err.value.code == "unknown_record"


def test_validation_messages_follow_the_language(cdb) -> None:
    i18n.set_language("ko")
    with pytest.raises(ValidationError) as err:
        records.create(cdb, Organization, {"name_ko": "어딘가", "country_code": "ZZ"})
    assert str(err.value) == "알 수 없는 국가 코드입니다: ZZ"


# ------------------------------------------------------------------ update and concurrency


def test_update_changes_only_what_is_given_and_bumps_the_version(cdb) -> None:
    org = records.create(cdb, Organization, {"name_ko": "혁신과학경제개발부", "country_code": "CA"})
    upd = records.update(cdb, Organization, org.id, {"acronym": "ISED"}, expected_version=1)
    assert upd.version == 2
    again = records.get(cdb, Organization, org.id)
    assert (again.name_ko, again.acronym, again.country_code) == ("혁신과학경제개발부", "ISED", "CA")


def test_update_is_validated(cdb) -> None:
    p = records.create(cdb, Person, {"name_ko": "김철수"})
    with pytest.raises(ValidationError):
        records.update(cdb, Person, p.id, {"email": "not-an-email"})
    with pytest.raises(ValidationError):
        records.update(cdb, Person, p.id, {"country_code": "ca"})
    with pytest.raises(ValidationError):
        records.update(cdb, Person, p.id, {"name_ko": ""})  # would leave no name at all
    assert records.get(cdb, Person, p.id).version == 1


def test_update_of_a_missing_record(cdb) -> None:
    with pytest.raises(NotFoundError):
        records.update(cdb, Organization, uuid.uuid4(), {"name_ko": "x"})


def test_update_with_a_stale_version_is_refused(cdb) -> None:
    org = records.create(cdb, Organization, {"name_ko": "원래 이름"})
    records.update(cdb, Organization, org.id, {"name_ko": "먼저 고친 이름"}, expected_version=org.version)
    with pytest.raises(ConflictError) as err:
        records.update(cdb, Organization, org.id, {"name_ko": "늦게 고친 이름"}, expected_version=org.version)
    assert err.value.code == "stale"
    assert records.get(cdb, Organization, org.id).name_ko == "먼저 고친 이름"


@contextmanager
def another_user_saving_meanwhile(db, org_id, changes) -> Iterator[dict[str, str]]:
    """While the edit in the `with` block is between its read and its write, another user saves
    `changes` from the version 1 they opened (in a thread, as another window would)."""
    outcome: dict[str, str] = {}
    threads: list[threading.Thread] = []

    def save() -> None:
        try:
            records.update(db, Organization, org_id, changes, expected_version=1)
            outcome["theirs"] = "saved"
        except ConflictError:
            outcome["theirs"] = "refused as stale"

    def start_other_save(_session, _ctx, _instances) -> None:
        if not threads:
            threads.append(threading.Thread(target=save))
            threads[0].start()
            clock.sleep(0.3)  # they are now waiting for this edit's write lock

    event.listen(db.sessions, "before_flush", start_other_save)
    try:
        yield outcome
    finally:
        event.remove(db.sessions, "before_flush", start_other_save)
        for thread in threads:
            thread.join(10)


def test_a_save_started_during_another_waits_for_it_and_cannot_overwrite_it(cdb) -> None:
    """The other user's save waits for this one to commit, then is refused as stale: it
    neither slips in between (this edit would overwrite it) nor overwrites this one."""
    org = records.create(cdb, Organization, {"name_ko": "원래 이름"})
    with another_user_saving_meanwhile(cdb, org.id, {"name_ko": "다른 사용자의 이름"}) as outcome:
        records.update(cdb, Organization, org.id, {"name_ko": "내 이름"}, expected_version=1)
    assert outcome["theirs"] == "refused as stale"
    final = records.get(cdb, Organization, org.id)
    assert (final.name_ko, final.version) == ("내 이름", 2)


def test_a_copy_loaded_before_another_save_cannot_overwrite_it(cdb) -> None:
    """A form keeps the record it loaded; saving it after someone else saved fails."""
    org = records.create(cdb, Organization, {"name_ko": "원래 이름"})
    with cdb.sessions() as mine, cdb.sessions() as theirs:
        my_copy = mine.get(Organization, org.id)
        mine.commit()  # the read is over; the copy stays in memory (version 1)
        theirs.get(Organization, org.id).name_ko = "다른 사용자의 이름"
        theirs.commit()
        my_copy.name_ko = "내 이름"
        with pytest.raises(StaleDataError):
            mine.commit()
    assert records.get(cdb, Organization, org.id).name_ko == "다른 사용자의 이름"


def test_organization_update_race_is_a_conflict_too(cdb) -> None:
    org = directory.create_organization(cdb, {"name_ko": "원래 이름"})
    with another_user_saving_meanwhile(cdb, org.id, {"acronym": "XYZ"}) as outcome:
        directory.update_organization(cdb, org.id, {"name_ko": "내 이름"}, expected_version=1)
    assert outcome["theirs"] == "refused as stale"
    final = records.get(cdb, Organization, org.id)
    assert (final.name_ko, final.acronym) == ("내 이름", None)


# ------------------------------------------------------------------ delete


def _meeting_with_people(db):
    kim = records.create(db, Person, {"name_ko": "김철수", "is_staff": True})
    counterpart = records.create(db, Person, {"name_original": "Mark Schaan"})
    m = meetings.create_meeting(
        db,
        {"title": "한-캐 양자면담", "date": date(2025, 12, 8), "country_code": "CA"},
        participants=[
            {"side": "us", "person_id": kim.id},
            {"side": "them", "person_id": counterpart.id},
            {"side": "them", "name": "연구원 등"},
        ],
        key_points=["AI 협력 강화", "공동연구 확대"],
    )
    return m, kim, counterpart


def test_plan_delete_of_a_meeting_reports_what_goes_with_it(cdb) -> None:
    m, _, _ = _meeting_with_people(cdb)
    action = records.create(cdb, Action, {"title": "후속 회의 개최", "meeting_id": m.id})
    plan = records.plan_delete(cdb, Meeting, m.id)
    assert plan.allowed
    assert plan.cascades == {"key_points": 2, "meeting_participants": 3}
    assert plan.unlinks == {"actions": 1}
    records.delete(cdb, Meeting, m.id)
    assert _count(cdb, KeyPoint) == 0
    assert _count(cdb, MeetingParticipant) == 0
    kept = records.get(cdb, Action, action.id)  # the follow-up stays, unlinked
    assert kept.meeting_id is None


def test_what_goes_with_a_deletion_is_said_in_words_never_by_a_table_name(cdb) -> None:
    """The delete question lists what goes too ("meeting topic links: 3"); a link table once
    showed as 'meeting_organizations: 1'."""
    from tracker.db.base import Base
    from tracker.domain import i18n

    before = i18n._current
    try:
        for lang in ("ko", "en"):
            i18n.set_language(lang)
            said = records.describe_counts(dict.fromkeys(Base.metadata.tables, 1))
            assert "_" not in said, said
    finally:
        i18n.set_language(before)


def test_person_who_attended_a_meeting_cannot_be_deleted(cdb) -> None:
    _, _, counterpart = _meeting_with_people(cdb)
    plan = records.plan_delete(cdb, Person, counterpart.id)
    assert not plan.allowed
    assert plan.blockers == {"meeting_participants": 1}
    with pytest.raises(ConflictError) as err:
        records.delete(cdb, Person, counterpart.id)
    assert err.value.code == "in_use"
    assert "meeting participants" in str(err.value)
    assert "cannot be deleted" in str(err.value)
    i18n.set_language("ko")
    assert "면담 참석자" in str(err.value) and "삭제할 수 없습니다" in str(err.value)
    assert records.get(cdb, Person, counterpart.id)


def test_person_with_only_positions_is_deleted_with_them(cdb) -> None:
    p = records.create(cdb, Person, {"name_ko": "이영희"})
    records.create(cdb, Position, {"person_id": p.id, "title_ko": "과장"})
    plan = records.plan_delete(cdb, Person, p.id)
    assert plan.allowed and plan.cascades == {"positions": 1}
    records.delete(cdb, Person, p.id)
    assert _count(cdb, Position) == 0


def test_country_used_by_an_organization_cannot_be_deleted(cdb) -> None:
    records.create(cdb, Organization, {"name_ko": "캐나다 혁신과학경제개발부", "country_code": "CA"})
    plan = records.plan_delete(cdb, Country, "CA")
    assert plan.blockers == {"organizations": 1}
    with pytest.raises(ConflictError) as err:
        records.delete(cdb, Country, "CA")
    assert "organizations: 1" in str(err.value)
    assert records.get(cdb, Country, "CA").name_en == "Canada"
    assert records.plan_delete(cdb, Country, "FR").allowed
    records.delete(cdb, Country, "FR")
    with pytest.raises(NotFoundError):
        records.get(cdb, Country, "FR")


def test_delete_of_a_missing_record(cdb) -> None:
    with pytest.raises(NotFoundError):
        records.plan_delete(cdb, Organization, uuid.uuid4())


# ------------------------------------------------------------------ transactions


def test_failing_multi_step_service_leaves_nothing_behind(cdb) -> None:
    kim = records.create(cdb, Person, {"name_ko": "김철수"})
    with pytest.raises(ValidationError):
        meetings.create_meeting(
            cdb,
            {"title": "한-미 양자면담", "date": date(2025, 12, 8), "country_code": "US"},
            participants=[
                {"side": "us", "person_id": kim.id},
                {"side": "them", "person_id": uuid.uuid4()},
            ],  # nobody
            key_points=["반도체 협력"],
        )
    assert _count(cdb, Meeting) == 0
    assert _count(cdb, MeetingParticipant) == 0
    assert _count(cdb, KeyPoint) == 0


def test_list_all_in_order(cdb) -> None:
    for name in ("나", "가", "다"):
        records.create(cdb, Organization, {"name_ko": name})
    assert [o.name_ko for o in records.list_all(cdb, Organization, Organization.name_ko)] == [
        "가",
        "나",
        "다",
    ]
