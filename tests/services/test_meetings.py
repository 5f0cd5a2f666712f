"""Bilateral meetings: participants on both sides, key points in order, follow-ups that point at them."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest
from meeting_cast import meeting_cast

import tracker.db.types
from tracker.db.models import Action, Person
from tracker.domain.enums import MeetingKind, Side
from tracker.domain.errors import ValidationError
from tracker.services import actions, directory, meetings, records, trips
from tracker.services.countries import seed_countries


@pytest.fixture
def cdb(db):
    seed_countries(db)
    return db


@pytest.fixture
def cast(cdb):
    return meeting_cast(cdb)


def _make(cast, **kw):
    data = {
        "title": "한-캐 장관 양자면담",
        "date": date(2025, 12, 8),
        "start_time": time(10),
        "end_time": time(10, 40),
        "timezone": "America/Toronto",
        "country_code": "CA",
        "kind": MeetingKind.BILATERAL,
        **kw.pop("data", {}),
    }
    return meetings.create_meeting(
        cast["db"],
        data,
        participants=kw.pop(
            "participants",
            [
                {"side": "us", "person_id": cast["vice"].id, "is_head": True},
                {"side": "them", "person_id": cast["minister"].id},
                {"side": "us", "person_id": cast["lead"].id},
                {"side": "them", "name": "보좌관 등"},
            ],
        ),
        key_points=kw.pop("key_points", ["AI 협력 MOU 체결 추진", "공동연구 확대", "인재 교류"]),
        **kw,
    )


def test_participants_on_both_sides_in_order_with_titles(cast) -> None:
    m = _make(cast, organization_ids=[cast["ised"].id])
    us = [p for p in m.participants if p.side is Side.US]
    them = [p for p in m.participants if p.side is Side.THEM]
    assert [(p.seq, p.title) for p in us] == [(1, "제2차관"), (2, "팀장")]
    assert [(p.seq, p.title, p.name) for p in them] == [
        (1, "AI·디지털혁신부 장관", None),
        (2, None, "보좌관 등"),
    ]
    assert them[0].organization_id == cast["ised"].id
    assert [o.name_ko for o in m.organizations] == ["혁신과학경제개발부"]
    assert meetings.participant_label(them[0]) == "에반 솔로몬 (Evan Solomon) AI·디지털혁신부 장관"
    assert meetings.participant_label(them[1]) == "보좌관 등"


def test_heads_of_delegation(cast) -> None:
    m = _make(
        cast,
        participants=[
            {"side": "us", "person_id": cast["lead"].id},
            {"side": "us", "person_id": cast["vice"].id, "is_head": True},
            {"side": "them", "person_id": cast["minister"].id},
        ],
    )
    heads = meetings.heads(m)
    assert heads[Side.US].person_id == cast["vice"].id  # marked head, though second
    assert heads[Side.THEM].person_id == cast["minister"].id  # first when none is marked
    solo = _make(cast, participants=[{"side": "us", "person_id": cast["lead"].id}])
    assert meetings.heads(solo)[Side.THEM] is None


def test_given_title_is_kept(cast) -> None:
    m = _make(
        cast,
        participants=[
            {
                "side": "them",
                "person_id": cast["minister"].id,
                "title": "장관",
                "organization_id": cast["ised"].id,
            }
        ],
    )
    assert m.participants[0].title == "장관"


def test_key_points_in_order(cast) -> None:
    m = _make(cast)
    assert [(k.seq, k.text) for k in m.key_points] == [
        (1, "AI 협력 MOU 체결 추진"),
        (2, "공동연구 확대"),
        (3, "인재 교류"),
    ]
    m2 = _make(cast, key_points=[{"text": "한국: AI 안전연구소 협력", "party": "한국"}])
    assert (m2.key_points[0].party, m2.key_points[0].text) == ("한국", "한국: AI 안전연구소 협력")


def test_replace_key_points_reorders_and_keeps_ids_so_follow_ups_stay_linked(cast) -> None:
    db = cast["db"]
    m = _make(cast)
    ids = {k.text: k.id for k in m.key_points}
    act = actions.create_action(
        db,
        {
            "title": "MOU 문안 협의",
            "meeting_id": m.id,
            "key_point_id": ids["AI 협력 MOU 체결 추진"],
            "due": "'26.3월",
        },
    )

    edited = meetings.replace_key_points(db, m.id, ["인재 교류", "AI 협력 MOU 체결 추진", "반도체 협력"])
    assert [(k.seq, k.text) for k in edited.key_points] == [
        (1, "인재 교류"),
        (2, "AI 협력 MOU 체결 추진"),
        (3, "반도체 협력"),
    ]
    new_ids = {k.text: k.id for k in edited.key_points}
    assert new_ids["인재 교류"] == ids["인재 교류"]
    assert new_ids["AI 협력 MOU 체결 추진"] == ids["AI 협력 MOU 체결 추진"]
    assert "공동연구 확대" not in new_ids
    assert records.get(db, Action, act.id).key_point_id == ids["AI 협력 MOU 체결 추진"]


def test_replace_key_points_edited_text_keeps_id_when_given(cast) -> None:
    db = cast["db"]
    m = _make(cast)
    first = m.key_points[0]
    act = actions.create_action(db, {"title": "MOU 문안 협의", "meeting_id": m.id, "key_point_id": first.id})
    edited = meetings.replace_key_points(
        db, m.id, [{"id": first.id, "text": "AI 협력 MOU 체결 (2026년 상반기)"}]
    )
    assert [(k.id, k.text) for k in edited.key_points] == [(first.id, "AI 협력 MOU 체결 (2026년 상반기)")]
    assert records.get(db, Action, act.id).key_point_id == first.id


def test_replace_key_points_ignores_stray_spaces(cast) -> None:
    """Re-saving the same points with a trailing space must not cut the follow-ups' links."""
    db = cast["db"]
    m = _make(cast)
    first = m.key_points[0]
    act = actions.create_action(db, {"title": "MOU 문안 협의", "meeting_id": m.id, "key_point_id": first.id})
    edited = meetings.replace_key_points(db, m.id, [k.text + " \n" for k in m.key_points])
    assert [k.id for k in edited.key_points] == [k.id for k in m.key_points]
    assert records.get(db, Action, act.id).key_point_id == first.id


def test_removed_key_point_unlinks_its_follow_up(cast) -> None:
    db = cast["db"]
    m = _make(cast)
    act = actions.create_action(db, {"title": "x", "meeting_id": m.id, "key_point_id": m.key_points[1].id})
    meetings.replace_key_points(db, m.id, [m.key_points[0].text])
    kept = records.get(db, Action, act.id)
    assert kept.key_point_id is None and kept.meeting_id == m.id


def test_add_participant_appends_to_its_side(cast) -> None:
    db = cast["db"]
    m = _make(cast)
    extra = records.create(db, Person, {"name_original": "Mark Schaan"})
    added = meetings.add_participant(db, m.id, {"side": "them", "person_id": extra.id, "title": "차관보"})
    assert (added.person_id, added.side, added.seq) == (extra.id, Side.THEM, 3)
    assert added.organization_id is None  # no position on record, none given


def test_add_participant_returns_the_one_added_even_on_a_coarse_clock(cast, monkeypatch) -> None:
    """On a clock that does not advance between writes (Windows ticks every ~15 ms) the
    participant returned must still be the one just added."""
    frozen = datetime(2025, 12, 8, 1, 0, tzinfo=UTC)

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[override]
            return frozen

    monkeypatch.setattr(tracker.db.types, "datetime", Clock)
    db = cast["db"]
    m = _make(cast)
    for name in ("가", "나", "다", "라", "마"):
        added = meetings.add_participant(db, m.id, {"side": "us", "name": name})
        assert added.name == name


def test_participant_with_unknown_person_leaves_no_meeting(cast) -> None:
    import uuid

    with pytest.raises(ValidationError):
        _make(
            cast,
            participants=[
                {"side": "us", "person_id": cast["vice"].id},
                {"side": "them", "person_id": uuid.uuid4()},
            ],
        )
    assert len(meetings.list_meetings(cast["db"])) == 0


def test_participant_side_must_be_us_or_them(cast) -> None:
    with pytest.raises(ValidationError) as err:
        _make(cast, participants=[{"side": "neither", "name": "누군가"}])
    assert err.value.code == "bad_choice" and err.value.field == "side"
    with pytest.raises(ValidationError):
        _make(cast, participants=[{"name": "누군가"}])
    m = _make(cast)
    with pytest.raises(ValidationError):
        meetings.add_participant(cast["db"], m.id, {"side": "both", "name": "누군가"})
    assert len(meetings.list_meetings(cast["db"])) == 1


def test_list_meetings_filters(cast) -> None:
    db = cast["db"]
    trip = trips.create_trip(
        db, {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    a = _make(cast, data={"title": "A", "date": date(2025, 12, 9), "trip_id": trip.id, "seq": 2})
    b = _make(cast, data={"title": "B", "date": date(2025, 12, 8), "trip_id": trip.id, "seq": 1})
    c = _make(
        cast,
        data={"title": "C", "date": date(2026, 2, 3), "country_code": "US"},
        participants=[{"side": "us", "person_id": cast["lead"].id}],
    )
    titles = lambda ms: [m.title for m in ms]  # noqa: E731
    assert titles(meetings.list_meetings(db)) == ["C", "A", "B"]  # newest first
    assert titles(meetings.list_meetings(db, trip_id=trip.id)) == ["B", "A"]  # in trip order
    assert titles(meetings.list_meetings(db, country="CA")) == ["A", "B"]
    assert titles(meetings.list_meetings(db, person_id=cast["minister"].id)) == ["A", "B"]
    assert titles(meetings.list_meetings(db, person_id=cast["lead"].id)) == ["C", "A", "B"]
    assert titles(meetings.list_meetings(db, start=date(2025, 12, 9))) == ["C", "A"]
    assert titles(meetings.list_meetings(db, end=date(2025, 12, 8))) == ["B"]
    assert titles(meetings.list_meetings(db, limit=1)) == ["C"]
    assert meetings.list_meetings(db, country="CA")[0].country.name_en == "Canada"
    assert {a.id, b.id, c.id} == {m.id for m in meetings.list_meetings(db)}


def test_topics_and_organizations_must_exist(cast) -> None:
    import uuid

    from tracker.domain.errors import NotFoundError

    ai = directory.topic(cast["db"], "인공지능", "AI")
    m = _make(cast, topic_ids=[ai.id, ai.id])
    assert [t.name_ko for t in m.topics] == ["인공지능"]
    with pytest.raises(NotFoundError):
        _make(cast, topic_ids=[uuid.uuid4()])
