"""A big editor's record (fields and lists of rows with ids) merged with a colleague's newer
version, without widgets: what one side changed is kept, what both changed is left to decide."""

from __future__ import annotations

from datetime import date, time

from tracker.services.form_merge import clash_section, describe_row, merge_records

A = {"id": "a", "date": date(2025, 12, 6), "description": "출국", "reference": "KE035"}
B = {"id": "b", "date": date(2025, 12, 7), "description": "리셉션", "reference": None}


def test_rows_added_on_both_sides_are_kept_and_a_removal_goes():
    base = ({"title": "출장"}, {"itinerary": [A, B]})
    mine = ({"title": "출장"}, {"itinerary": [A, {"id": None, "description": "조찬"}]})  # B removed
    theirs = ({"title": "출장 (수정)"}, {"itinerary": [A, B, {"id": "c", "description": "만찬"}]})
    merge = merge_records(base, mine, theirs)
    assert merge.clashes == []
    fields, lists = merge.resolve({})
    assert fields == {"title": "출장 (수정)"}
    assert [r["description"] for r in lists["itinerary"]] == ["출국", "만찬", "조찬"]


def test_a_row_removed_here_and_changed_there_is_asked_and_can_be_kept():
    changed = {**B, "reference": "AC8"}
    merge = merge_records(
        ({}, {"itinerary": [A, B]}), ({}, {"itinerary": [A]}), ({}, {"itinerary": [A, changed]})
    )
    (clash,) = merge.clashes
    assert clash_section(clash.field) == "itinerary" and clash.mine is None
    assert merge.resolve({clash.field: clash.theirs})[1]["itinerary"] == [A, changed]
    assert merge.resolve({clash.field: None})[1]["itinerary"] == [A]


def test_an_empty_text_and_no_value_are_the_same_to_the_merge():
    merge = merge_records(({"note": None}, {}), ({"note": ""}, {}), ({"note": "그들"}, {}))
    assert merge.clashes == [] and merge.resolve({})[0] == {"note": "그들"}


def test_a_row_is_named_by_its_date_and_words_not_its_ids():
    row = {
        "id": "x",
        "member_id": "m",
        "date": date(2025, 12, 6),
        "start_time": time(12, 10),
        "description": "출국",
    }
    assert describe_row(row) == "2025-12-06 · 12:10 · 출국"
