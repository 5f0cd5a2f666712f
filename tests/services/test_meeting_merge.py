"""The meeting merge without widgets: the editor's state keeps the meeting as loaded, and a
colleague's newer version merges with it field by field and item by item."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.services import directory, form_merge, meeting_form, meeting_merge, meeting_save
from tracker.services.countries import seed_countries
from tracker.services.meeting_form import MeetingFormState

FIELDS = {
    "title": "한-캐 AI 장관 양자면담",
    "kind": "bilateral",
    "date": date(2025, 12, 8),
    "country_code": "CA",
}


@pytest.fixture
def meeting(db):
    seed_countries(db)
    lead = directory.create_person(db, {"name_ko": "박진홍", "is_staff": True})
    return meeting_save.save_meeting(
        db,
        None,
        FIELDS,
        participants=[{"side": "us", "person_id": lead.id, "is_head": True}],
        key_points=["AI 협력 MOU 체결 추진", "인재 교류"],
        organization_ids=[],
        topic_ids=[],
        actions=[{"title": "MOU 문안 협의", "key_point_index": 0}],
    )


def _opened(db, meeting) -> MeetingFormState:
    state = MeetingFormState()
    state.load(meeting_form.meeting_draft(db, meeting.id))
    state.base_fields = {**FIELDS, "counterpart_label": ""}
    return state


def _version(db, meeting) -> int:
    return meeting_form.meeting_draft(db, meeting.id).version


def _save(db, meeting, state):
    """A colleague's save of the meeting as their editor's state holds it."""
    return meeting_form.save_meeting(db, meeting.id, state.payload(FIELDS, ""), _version(db, meeting))


def test_the_state_keeps_the_rows_as_loaded_apart_from_the_edits(db, meeting):
    state = _opened(db, meeting)
    state.sections["key_points"][0]["text"] = "바뀐 내용"
    assert state.base_sections["key_points"][0]["text"] == "AI 협력 MOU 체결 추진"


def test_points_added_on_both_sides_are_kept_and_one_both_edited_is_a_clash(db, meeting):
    mine = _opened(db, meeting)
    theirs = _opened(db, meeting)
    theirs.sections["key_points"].append(theirs.row(text="그들의 내용", party=None))
    theirs.sections["key_points"][1]["text"] = "인재 교류 (그들)"
    _save(db, meeting, theirs)

    mine.sections["key_points"].append(mine.row(text="나의 내용", party=None))
    mine.sections["key_points"][1]["text"] = "인재 교류 (나)"
    merged, other = meeting_merge.merge_meeting(
        mine, {**FIELDS, "counterpart_label": ""}, meeting_form.meeting_draft(db, meeting.id)
    )
    (clash,) = merged.clashes
    assert form_merge.clash_section(clash.field) == "key_points"
    assert (clash.base, clash.mine, clash.theirs) == ("인재 교류", "인재 교류 (나)", "인재 교류 (그들)")
    assert "인재 교류" in meeting_merge.clash_label(merged, clash.field, str)
    with pytest.raises(ValueError):
        merged.resolve({})  # nothing is decided for the user

    fields = meeting_merge.apply(merged, {clash.field: clash.mine}, mine, other)
    label = fields.pop("counterpart_label") or ""
    saved = meeting_form.save_meeting(db, meeting.id, other.payload(fields, label), _version(db, meeting))
    assert [k.text for k in saved.key_points] == [
        "AI 협력 MOU 체결 추진",
        "인재 교류 (나)",
        "그들의 내용",
        "나의 내용",
    ]
    assert [a.title for a in saved.actions] == ["MOU 문안 협의"]
    assert mine.sections["key_points"][1]["text"] == "인재 교류 (나)"  # the editor's own state untouched


def test_a_follow_up_removed_here_and_untouched_there_goes(db, meeting):
    mine = _opened(db, meeting)
    theirs = _opened(db, meeting)
    theirs.sections["key_points"].append(theirs.row(text="그들의 내용", party=None))
    _save(db, meeting, theirs)
    mine.sections["actions"].clear()
    merged, other = meeting_merge.merge_meeting(
        mine, {**FIELDS, "counterpart_label": ""}, meeting_form.meeting_draft(db, meeting.id)
    )
    assert merged.clashes == []
    fields = meeting_merge.apply(merged, {}, mine, other)
    fields.pop("counterpart_label")
    saved = meeting_form.save_meeting(db, meeting.id, other.payload(fields, ""), _version(db, meeting))
    assert saved.actions == [] and [k.text for k in saved.key_points][-1] == "그들의 내용"
