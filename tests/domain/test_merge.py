"""Saving over a colleague's change: what only one side changed is kept without asking, what
both changed is left for the user with both values, and lists merge item by item."""

from __future__ import annotations

import pytest

from tracker.domain.merge import Clash, merge_fields, merge_items, merge_text

BASE = {"title": "한-일 ICT 정책협의", "location": "도쿄", "summary": "AI 정책 공유"}


def test_changes_on_different_fields_both_survive():
    mine = {**BASE, "location": "서울"}
    theirs = {**BASE, "summary": "AI 정책 공유\n공동연구 제안"}
    merged = merge_fields(BASE, mine, theirs)
    assert merged.clashes == []
    assert merged.values == {**BASE, "location": "서울", "summary": "AI 정책 공유\n공동연구 제안"}
    assert merged.taken_from_theirs == ["summary"]


def test_one_field_changed_on_both_sides_is_left_to_the_user_with_both_values():
    merged = merge_fields(BASE, {**BASE, "location": "서울"}, {**BASE, "location": "오사카"})
    assert merged.clashes == [Clash("location", "도쿄", "서울", "오사카")]
    with pytest.raises(ValueError):
        merged.resolve({})  # nothing is decided for the user
    assert merged.resolve({"location": "오사카"})["location"] == "오사카"


def test_the_same_change_on_both_sides_is_no_clash():
    merged = merge_fields(BASE, {**BASE, "location": "서울"}, {**BASE, "location": "서울"})
    assert merged.clashes == [] and merged.values["location"] == "서울"


def test_texts_edited_on_different_lines_offer_both_edits():
    base = "1. AI 정책 공유\n2. 반도체 협력\n3. 차기 회의 일정"
    mine = "1. AI 정책 공유 (AI 기본법)\n2. 반도체 협력\n3. 차기 회의 일정"
    theirs = "1. AI 정책 공유\n2. 반도체 협력\n3. 차기 회의: 2026년 3월"
    assert (
        merge_text(base, mine, theirs)
        == "1. AI 정책 공유 (AI 기본법)\n2. 반도체 협력\n3. 차기 회의: 2026년 3월"
    )
    clash = merge_fields({"s": base}, {"s": mine}, {"s": theirs}).clashes[0]
    assert clash.text_merge == merge_text(base, mine, theirs)


def test_texts_edited_on_the_same_line_do_not_merge():
    assert merge_text("차기 회의 미정", "차기 회의 3월", "차기 회의 4월") is None
    assert merge_text("a", "a\nmine", "a\ntheirs") is None  # both added at the same place: order unknown


def test_key_points_added_on_both_sides_are_all_kept():
    base = [(1, "AI 정책 공유")]
    mine = [(1, "AI 정책 공유"), (2, "반도체 협력")]
    theirs = [(1, "AI 정책 공유"), (3, "양자 공동연구")]
    items, clashes = merge_items(base, mine, theirs, key=lambda i: i[0])
    assert clashes == []
    assert items == [(1, "AI 정책 공유"), (3, "양자 공동연구"), (2, "반도체 협력")]


def test_an_item_removed_on_one_side_goes_unless_the_other_changed_it():
    base = [(1, "a"), (2, "b")]
    items, clashes = merge_items(base, [(1, "a")], base, key=lambda i: i[0])
    assert items == [(1, "a")] and clashes == []
    items, clashes = merge_items(base, [(1, "a")], [(1, "a"), (2, "b, 수정")], key=lambda i: i[0])
    assert items == [(1, "a"), (2, "b, 수정")]  # a colleague's edit is not lost by my delete
    assert clashes == [Clash("2", (2, "b"), None, (2, "b, 수정"))]


def test_an_item_changed_differently_on_both_sides_is_a_clash_keeping_mine_meanwhile():
    base = [(1, "후속조치 미정")]
    items, clashes = merge_items(base, [(1, "3월까지 회신")], [(1, "4월까지 회신")], key=lambda i: i[0])
    assert items == [(1, "3월까지 회신")]
    assert clashes == [Clash("1", (1, "후속조치 미정"), (1, "3월까지 회신"), (1, "4월까지 회신"))]
