"""Saving a whole meeting at once: the record, both delegations, key points, links, follow-ups."""

from __future__ import annotations

from datetime import date, time

import pytest
import sqlalchemy as sa
from meeting_cast import meeting_cast

from tracker.db.models import Action, KeyPoint, Meeting, MeetingParticipant
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Rank, Side
from tracker.domain.errors import ConflictError, ValidationError
from tracker.domain.i18n import set_language
from tracker.services import directory, meeting_save, records, trips
from tracker.services.countries import seed_countries


@pytest.fixture
def cast(db):
    seed_countries(db)
    cast = meeting_cast(db)
    cast["ai"] = directory.topic(db, "AI", "Artificial intelligence")
    cast["trip"] = trips.create_trip(
        db, {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    return cast


FIELDS = {
    "title": "한-캐 장관 양자면담",
    "date": date(2025, 12, 8),
    "start_time": time(10),
    "end_time": time(10, 40),
    "timezone": "America/Toronto",
    "country_code": "CA",
}
POINTS = ["AI 협력 MOU 체결 추진", "공동연구 확대", "인재 교류"]


def _create(cast, **kw):
    return meeting_save.save_meeting(
        cast["db"],
        None,
        {**FIELDS, **kw.pop("fields", {})},
        participants=kw.pop(
            "participants",
            [
                {"side": "us", "person_id": cast["vice"].id, "is_head": True},
                {"side": "us", "person_id": cast["lead"].id},
                {"side": "them", "person_id": cast["minister"].id, "is_head": True},
                {"side": "them", "name": "보좌관 등"},
            ],
        ),
        key_points=kw.pop("key_points", POINTS),
        organization_ids=kw.pop("organization_ids", [cast["ised"].id]),
        topic_ids=kw.pop("topic_ids", [cast["ai"].id]),
        actions=kw.pop(
            "actions",
            [
                {
                    "title": "MOU 문안 협의",
                    "owed_by": "both",
                    "owner_id": cast["lead"].id,
                    "due": "'26.10월",
                    "key_point_index": 0,
                },
                {"title": "공동연구 과제 제안", "owed_by": "them", "key_point_index": 1},
            ],
        ),
        **kw,
    )


def _actions(db, meeting_id):
    return meeting_save.meeting_actions(db, meeting_id)


def _count(db, model):
    with db.read() as s:
        return s.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_stores_everything_in_one_go(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    us = [p for p in m.participants if p.side is Side.US]
    them = [p for p in m.participants if p.side is Side.THEM]
    assert [(p.seq, p.title, p.is_head) for p in us] == [(1, "제2차관", True), (2, "팀장", False)]
    assert [(p.seq, p.title, p.name, p.is_head) for p in them] == [
        (1, "AI·디지털혁신부 장관", None, True),
        (2, None, "보좌관 등", False),
    ]
    assert them[0].organization_id == cast["ised"].id  # filled from the position held on the day
    assert [(k.seq, k.text) for k in m.key_points] == [(1, POINTS[0]), (2, POINTS[1]), (3, POINTS[2])]
    assert [o.id for o in m.organizations] == [cast["ised"].id]
    assert [t.name_ko for t in m.topics] == ["AI"]
    first, second = _actions(db, m.id)
    assert first.title == "MOU 문안 협의" and first.owed_by is OwedBy.BOTH
    assert (first.due_date, first.due_precision) == (date(2026, 10, 1), DatePrecision.MONTH)
    assert first.key_point_id == m.key_points[0].id and second.key_point_id == m.key_points[1].id
    assert first.meeting_id == m.id and first.country_code == "CA"  # the meeting's country
    assert first.owner_id == cast["lead"].id


def test_meeting_of_a_trip_takes_the_next_number_and_its_follow_ups_the_trip(cast) -> None:
    db, trip = cast["db"], cast["trip"]
    first = _create(cast, fields={"trip_id": trip.id})
    second = _create(cast, fields={"trip_id": trip.id, "title": "한-OECD 양자면담"})
    assert (first.seq, second.seq) == (1, 2)
    assert {a.trip_id for a in _actions(db, second.id)} == {trip.id}


def test_update_reorders_key_points_keeping_ids_and_follow_up_links(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    kp = {k.text: k.id for k in m.key_points}
    mou, research = _actions(db, m.id)
    assert mou.key_point_id == kp[POINTS[0]]

    edited = meeting_save.save_meeting(
        db,
        m.id,
        {"title": "한-캐나다 장관 양자면담"},
        participants=[{"side": "us", "person_id": cast["vice"].id, "is_head": True}],
        key_points=[
            {"id": kp["인재 교류"], "text": "인재 교류"},
            {"id": kp[POINTS[0]], "text": "AI 협력 MOU 체결 ('26년 상반기)"},  # edited text, same id
            {"text": "반도체 협력", "party": "캐나다"},
        ],  # 공동연구 확대 is gone
        organization_ids=[cast["ised"].id, cast["msit"].id],
        topic_ids=[],
        actions=[
            {
                "id": mou.id,
                "title": "MOU 문안 협의",
                "owed_by": "both",
                "owner_id": cast["lead"].id,
                "due": "'26.10월",
                "key_point_index": 1,
            },
            {"title": "반도체 협력 과제 발굴", "owed_by": "us", "key_point_index": 2},
        ],
        expected_version=m.version,
    )
    assert edited.title == "한-캐나다 장관 양자면담"
    assert [(k.seq, k.text) for k in edited.key_points] == [
        (1, "인재 교류"),
        (2, "AI 협력 MOU 체결 ('26년 상반기)"),
        (3, "반도체 협력"),
    ]
    assert edited.key_points[0].id == kp["인재 교류"]
    assert edited.key_points[1].id == kp[POINTS[0]]
    assert edited.key_points[2].party == "캐나다"
    assert kp[POINTS[1]] not in {k.id for k in edited.key_points}
    by_title = {a.title: a for a in _actions(db, m.id)}
    assert by_title["MOU 문안 협의"].id == mou.id
    assert by_title["MOU 문안 협의"].key_point_id == kp[POINTS[0]]
    assert by_title["반도체 협력 과제 발굴"].key_point_id == edited.key_points[2].id
    # Not listed: left alone, but its point was deleted, so it no longer points at one.
    assert by_title["공동연구 과제 제안"].key_point_id is None
    assert [p.person_id for p in edited.participants] == [cast["vice"].id]
    assert {o.id for o in edited.organizations} == {cast["ised"].id, cast["msit"].id}  # a set: no order kept
    assert edited.topics == []


def test_key_point_naming_its_id_wins_over_a_new_point_with_its_old_text(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    first = m.key_points[0]
    edited = meeting_save.save_meeting(
        db,
        m.id,
        {},
        participants=[],
        organization_ids=[],
        topic_ids=[],
        actions=[],
        key_points=[{"text": POINTS[0]}, {"id": first.id, "text": "MOU 체결 (수정)"}],
    )
    assert edited.key_points[1].id == first.id and edited.key_points[1].text == "MOU 체결 (수정)"
    assert edited.key_points[0].id != first.id


def test_participants_keep_their_ids_and_take_the_new_order(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    us = [p for p in m.participants if p.side is Side.US]
    edited = meeting_save.save_meeting(
        db,
        m.id,
        {},
        key_points=POINTS,
        organization_ids=[],
        topic_ids=[],
        actions=[],
        participants=[
            {"id": us[1].id, "side": "us", "person_id": cast["lead"].id, "title": "팀장", "is_head": True},
            {"id": us[0].id, "side": "us", "person_id": cast["vice"].id, "title": "제2차관"},
        ],
    )
    assert [(p.id, p.seq, p.is_head) for p in edited.participants] == [
        (us[1].id, 1, True),
        (us[0].id, 2, False),
    ]
    assert _count(db, MeetingParticipant) == 2


def test_bad_due_date_rolls_everything_back(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    before = meeting_save.meeting_actions(db, m.id)
    with pytest.raises(ValidationError) as err:
        meeting_save.save_meeting(
            db,
            m.id,
            {"title": "바뀐 제목"},
            participants=[{"side": "us", "name": "대표단"}],
            key_points=["완전히 새로운 내용"],
            organization_ids=[],
            topic_ids=[],
            actions=[{"title": "좋은 후속조치", "due": "'26.5월"}, {"title": "나쁜 기한", "due": "'26.13월"}],
        )
    exc = err.value
    assert (exc.params["section"], exc.params["row"], exc.field) == ("actions", 1, "due")
    again = meeting_save.meetings.get_meeting(db, m.id)
    assert again.title == FIELDS["title"] and again.version == m.version
    assert [k.text for k in again.key_points] == POINTS
    assert len(again.participants) == 4 and [o.id for o in again.organizations] == [cast["ised"].id]
    assert [(a.id, a.title) for a in meeting_save.meeting_actions(db, m.id)] == [
        (a.id, a.title) for a in before
    ]

    meetings_before = _count(db, Meeting)
    with pytest.raises(ValidationError):
        _create(cast, actions=[{"title": "나쁜 기한", "due": "2026-02-30"}])
    assert _count(db, Meeting) == meetings_before
    assert _count(db, KeyPoint) == 3


def test_participant_title_defaults_to_the_position_held_on_the_meeting_date(cast) -> None:
    db = cast["db"]
    person = directory.create_person(
        db,
        {"name_ko": "김국장"},
        positions=[
            {
                "organization_id": cast["msit"].id,
                "title_ko": "정보통신정책관",
                "rank": Rank.DIRECTOR_GENERAL,
                "start_date": date(2024, 1, 1),
            },
        ],
    )
    directory.rotate(
        db,
        person.id,
        {
            "organization_id": cast["msit"].id,
            "title_ko": "기획조정실장",
            "rank": Rank.DIRECTOR_GENERAL,
            "start_date": date(2025, 9, 1),
        },
    )

    def one(meeting_date, **p):
        return _create(
            cast,
            fields={"date": meeting_date},
            actions=[],
            participants=[{"side": "us", "person_id": person.id, **p}],
        ).participants[0]

    assert one(date(2025, 6, 3)).title == "정보통신정책관"
    assert one(date(2025, 12, 8)).title == "기획조정실장"
    assert one(date(2025, 12, 8), title="실장").title == "실장"  # what the officer wrote is kept
    assert one(date(2025, 12, 8), title="  ").title == "기획조정실장"  # blank is empty

    m = _create(
        cast,
        fields={"date": date(2025, 6, 3)},
        actions=[],
        participants=[{"side": "us", "person_id": person.id, "title": "국장"}],
    )
    part = m.participants[0]
    cleared = meeting_save.save_meeting(
        db,
        m.id,
        {},
        key_points=POINTS,
        organization_ids=[],
        topic_ids=[],
        actions=[],
        participants=[{"id": part.id, "side": "us", "person_id": person.id, "title": None}],
    )
    assert (cleared.participants[0].id, cleared.participants[0].title) == (part.id, "정보통신정책관")


def test_at_most_one_head_per_side(cast) -> None:
    db = cast["db"]
    meetings_before = _count(db, Meeting)
    with pytest.raises(ValidationError) as err:
        _create(
            cast,
            participants=[
                {"side": "us", "person_id": cast["vice"].id, "is_head": True},
                {"side": "them", "person_id": cast["minister"].id, "is_head": True},
                {"side": "us", "person_id": cast["lead"].id, "is_head": True},
            ],
        )
    exc = err.value
    assert exc.code == "one_head_per_side" and exc.field == "is_head"
    assert (exc.params["section"], exc.params["side"], exc.params["row"]) == ("participants", Side.US, 1)
    assert str(exc) == "Only one head of delegation can be marked on our side."
    set_language("ko")
    assert str(exc) == "수석대표는 우리측에 한 명만 지정할 수 있습니다."
    set_language("en")
    assert _count(db, Meeting) == meetings_before
    # One head on each side is fine, and so is none.
    assert (
        _create(cast, participants=[{"side": "us", "person_id": cast["lead"].id}]).participants[0].is_head
        is False
    )


def test_errors_in_rows_say_where(cast) -> None:
    with pytest.raises(ValidationError) as err:
        _create(
            cast, participants=[{"side": "us", "person_id": cast["vice"].id}, {"side": "them", "name": "  "}]
        )
    assert (err.value.params["section"], err.value.params["side"], err.value.params["row"]) == (
        "participants",
        Side.THEM,
        0,
    )
    with pytest.raises(ValidationError) as err:
        _create(cast, key_points=["하나", " "])
    assert (err.value.params["section"], err.value.params["row"], err.value.field) == (
        "key_points",
        1,
        "text",
    )
    with pytest.raises(ValidationError) as err:
        _create(cast, actions=[{"title": "x", "key_point_index": 7}])
    assert (err.value.params["section"], err.value.field) == ("actions", "key_point_index")
    with pytest.raises(ValidationError) as err:
        _create(cast, actions=[{"title": "", "due": "'26.10월"}])
    assert (err.value.params["section"], err.value.field) == ("actions", "title")
    with pytest.raises(ValidationError) as err:
        _create(cast, actions=[{"title": "x", "owed_by": "everyone"}])
    assert err.value.code == "bad_choice"
    with pytest.raises(ValidationError) as err:
        _create(cast, fields={"title": " "})
    assert err.value.field == "title" and "section" not in err.value.params
    assert _count(cast["db"], Meeting) == 0


def test_version_guards_the_whole_meeting(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    args = dict(key_points=POINTS, organization_ids=[], topic_ids=[], actions=[])
    # A colleague changes only the participants: the meeting's version still moves.
    other = meeting_save.save_meeting(db, m.id, {}, participants=[], expected_version=m.version, **args)
    assert other.version == m.version + 1
    with pytest.raises(ConflictError):
        meeting_save.save_meeting(
            db, m.id, {"title": "늦은 수정"}, participants=[], expected_version=m.version, **args
        )
    assert meeting_save.meetings.get_meeting(db, m.id).title == FIELDS["title"]


def test_follow_ups_status_removal_and_country(cast) -> None:
    db = cast["db"]
    m = _create(cast)
    mou, research = _actions(db, m.id)
    edited = meeting_save.save_meeting(
        db,
        m.id,
        {"country_code": "US"},
        participants=[],
        key_points=POINTS,
        organization_ids=[],
        topic_ids=[],
        actions=[{"id": mou.id, "status": "done"}],
        removed_action_ids=[research.id],
    )
    (left,) = _actions(db, edited.id)
    assert left.id == mou.id and left.status is ActionStatus.DONE and left.completed_on == date.today()
    assert left.country_code == "US"  # it followed the meeting
    assert left.due_precision is DatePrecision.MONTH  # not given, not touched
    meeting_save.save_meeting(
        db,
        m.id,
        {},
        participants=[],
        key_points=POINTS,
        organization_ids=[],
        topic_ids=[],
        actions=[{"id": mou.id, "status": "open", "due": ""}],
    )
    reopened = records.get(db, Action, mou.id)
    assert reopened.completed_on is None and reopened.due is None
    elsewhere = _create(cast)
    with pytest.raises(ValidationError):  # another meeting's follow-up cannot be edited from here
        meeting_save.save_meeting(
            db,
            elsewhere.id,
            {},
            participants=[],
            key_points=[],
            organization_ids=[],
            topic_ids=[],
            actions=[{"id": mou.id, "title": "x"}],
        )
