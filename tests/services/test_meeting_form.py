"""The meeting editor's state without a widget: a stored meeting read as plain data, the rows
the editor holds, what it sends to `save_meeting`, and where a problem is shown."""

from __future__ import annotations

import dataclasses
from datetime import date, time

import pytest
from meeting_cast import meeting_cast

from tracker.db.base import Base
from tracker.domain.enums import ActionStatus, DatePrecision, OwedBy, Side
from tracker.domain.errors import ValidationError
from tracker.domain.i18n import set_language
from tracker.services import directory, meeting_form, meeting_save, trips
from tracker.services.countries import seed_countries
from tracker.services.meeting_form import MeetingFormState

FIELDS = {
    "title": "한-캐 장관 양자면담",
    "date": date(2025, 12, 8),
    "start_time": time(10),
    "end_time": time(10, 40),
    "timezone": "America/Toronto",
    "country_code": "CA",
}


@pytest.fixture
def cast(db):
    seed_countries(db)
    cast = meeting_cast(db, with_vice=False)
    cast["ai"] = directory.topic(db, "인공지능", "AI")
    return cast


def _meeting(cast):
    return meeting_save.save_meeting(
        cast["db"],
        None,
        FIELDS,
        participants=[
            {"side": "us", "person_id": cast["lead"].id, "is_head": True},
            {"side": "them", "person_id": cast["minister"].id, "is_head": True},
            {"side": "them", "name": "보좌관 등"},
        ],
        key_points=["AI 협력 MOU 체결 추진", {"text": "인재 교류", "party": "캐나다"}],
        organization_ids=[cast["ised"].id],
        topic_ids=[cast["ai"].id],
        actions=[
            {"title": "MOU 문안 협의", "owner_id": cast["lead"].id, "due": "'26.10월", "key_point_index": 0},
            {"title": "공동연구 과제 제안", "owed_by": "them"},
        ],
    )


def _holds_no_database_row(value) -> bool:
    if isinstance(value, Base):
        return False
    if dataclasses.is_dataclass(value):
        return all(_holds_no_database_row(getattr(value, f.name)) for f in dataclasses.fields(value))
    if isinstance(value, list | tuple):
        return all(_holds_no_database_row(v) for v in value)
    if isinstance(value, dict):
        return all(_holds_no_database_row(v) for v in value.values())
    return True


def test_a_stored_meeting_reads_as_plain_data_with_everything_in_it(cast):
    m = _meeting(cast)
    draft = meeting_form.meeting_draft(cast["db"], m.id)
    assert _holds_no_database_row(draft)
    assert (draft.id, draft.version, draft.title) == (m.id, m.version, "한-캐 장관 양자면담")
    assert draft.values["country_code"] == "CA" and draft.values["start_time"] == time(10)
    assert [(p.side, p.label, p.title, p.is_head) for p in draft.participants] == [
        (Side.US, "박진홍", "팀장", True),
        (Side.THEM, "Evan Solomon (에반 솔로몬)", "AI·디지털혁신부 장관", True),  # in the UI language
        (Side.THEM, "보좌관 등", None, False),
    ]
    assert draft.participants[1].organization_label == "혁신과학경제개발부"
    assert [(k.text, k.party) for k in draft.key_points] == [
        ("AI 협력 MOU 체결 추진", None),
        ("인재 교류", "캐나다"),
    ]
    mou, joint = draft.actions
    assert (mou.title, mou.owner_label, mou.key_point_id) == (
        "MOU 문안 협의",
        "박진홍",
        draft.key_points[0].id,
    )
    assert (mou.due.start, mou.due.precision) == (date(2026, 10, 1), DatePrecision.MONTH)
    assert (joint.owed_by, joint.status, joint.due) == (OwedBy.THEM, ActionStatus.OPEN, None)
    assert [o.label for o in draft.organizations] == ["혁신과학경제개발부"]
    assert [t.label for t in draft.topics] == ["AI (인공지능)"]  # English first when the UI is English
    set_language("ko")
    assert [t.label for t in meeting_form.meeting_draft(cast["db"], m.id).topics] == ["인공지능"]


def test_loaded_and_sent_back_unchanged_the_meeting_keeps_every_part(cast):
    m = _meeting(cast)
    draft = meeting_form.meeting_draft(cast["db"], m.id)
    state = MeetingFormState()
    state.load(draft)
    assert [r["due_text"] for r in state.sections["actions"]] == ["2026-10", ""]
    payload = state.payload(draft.values, "")
    # follow-ups not changed here are sent by id only: a colleague's edit of them is not undone
    assert payload["actions"] == [{"id": draft.actions[0].id}, {"id": draft.actions[1].id}]
    assert payload["removed_action_ids"] == [] and payload["fields"]["counterpart_label"] is None
    again = meeting_form.save_meeting(cast["db"], draft.id, payload, draft.version)
    assert again.version == draft.version + 1
    assert dataclasses.replace(again, version=draft.version, values=draft.values) == dataclasses.replace(
        draft, values=draft.values
    )
    assert [a.version for a in again.actions] == [a.version for a in draft.actions]


def test_the_payload_leaves_out_empty_rows_and_says_what_was_removed(cast):
    m = _meeting(cast)
    draft = meeting_form.meeting_draft(cast["db"], m.id)
    state = MeetingFormState()
    state.load(draft)
    state.sections["us"].append(state.row(person_id=None, name="  ", is_head=False))  # left empty
    state.sections["key_points"].insert(0, state.row(text="", party=None))
    state.sections["actions"][0]["due_text"] = "'26.11월"
    state.sections["actions"].pop(1)
    payload = state.payload(draft.values, " 캐나다(ISED) ")
    assert [p.get("person_id") or p["name"] for p in payload["participants"]] == [
        cast["lead"].id,
        cast["minister"].id,
        "보좌관 등",
    ]
    assert [k["text"] for k in payload["key_points"]] == ["AI 협력 MOU 체결 추진", "인재 교류"]
    (changed,) = payload["actions"]
    assert changed["due"] == "'26.11월" and changed["key_point_index"] == 0  # the point's place as sent
    assert changed["version"] == draft.actions[0].version
    assert payload["removed_action_ids"] == [draft.actions[1].id]
    assert payload["fields"]["counterpart_label"] == "캐나다(ISED)"
    saved = meeting_form.save_meeting(cast["db"], draft.id, payload, draft.version)
    assert [(a.title, a.due.precision) for a in saved.actions] == [("MOU 문안 협의", DatePrecision.MONTH)]
    assert saved.counterpart_label == "캐나다(ISED)"


def test_a_new_meeting_of_a_trip_sends_the_trip_the_form_does_not_show(cast):
    trip = trips.create_trip(
        cast["db"], {"title": "캐나다 출장", "start_date": date(2025, 12, 6), "end_date": date(2025, 12, 11)}
    )
    state = MeetingFormState()
    state.start({**FIELDS, "trip_id": trip.id, "counterpart_label": "캐나다"}, shown=FIELDS)
    assert state.loaded_label == "캐나다"
    payload = state.payload(FIELDS, state.loaded_label)
    assert payload["fields"]["trip_id"] == trip.id and payload["fields"]["counterpart_label"] == "캐나다"
    saved = meeting_form.save_meeting(cast["db"], None, payload, None)
    assert saved.values["trip_id"] == trip.id and saved.values["seq"] == 1


def test_a_due_date_that_is_not_a_date_is_a_problem_of_its_row():
    state = MeetingFormState()
    state.sections["actions"] = [
        state.row(title="문안 협의", due_text="'26.10월"),
        state.row(title="초안 회신", due_text="'26.13월"),
        state.row(title="일정 협의", due_text=""),
    ]
    ((section, side, row, text),) = state.problems()
    assert (section, side, row) == ("actions", None, 1) and "'26.13월" in text
    assert state.row_name(section, side, row) == "Follow-up 2"


def test_a_refusal_points_at_the_row_on_screen_it_comes_from(cast):
    state = MeetingFormState()
    state.sections["them"] = [
        state.row(person_id=None, name="", is_head=False),  # empty: not sent, still on screen
        state.row(person_id=cast["minister"].id, name=None, is_head=True),
        state.row(person_id=None, name="보좌관", is_head=True),
    ]
    payload = state.payload(FIELDS, "")
    with pytest.raises(ValidationError) as err:
        meeting_form.save_meeting(cast["db"], None, payload, None)
    where = state.row_of_error(err.value)
    assert where == ("participants", Side.THEM, 2)  # the third row on screen, the second sent
    assert state.row_name(*where) == "Counterpart side 3"
    set_language("ko")
    assert state.row_name(*where) == "상대측 3"
    assert state.row_of_error(ValidationError("required", field="title")) is None


def test_topics_are_offered_and_created_by_name(cast):
    assert [(c.id, c.label) for c in meeting_form.topic_choices(cast["db"])] == [
        (cast["ai"].id, "AI (인공지능)")
    ]
    new = meeting_form.topic_choice(cast["db"], "양자")
    assert new.label == "양자" and meeting_form.topic_choice(cast["db"], "양자") == new
    assert {c.id for c in meeting_form.topic_choices(cast["db"])} == {cast["ai"].id, new.id}
