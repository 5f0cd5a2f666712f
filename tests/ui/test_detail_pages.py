"""The record pages in the main window's viewer, as an officer reads and clicks them: what was
typed shows as typed (a title with <b> or <script> or & is text), each page has its section
headings in Korean and in English, and every link opens the record it names."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from page_reading import click_link, headings, links

from tracker.db.models import (
    Action,
    Agreement,
    Channel,
    Event,
    Meeting,
    MeetingParticipant,
    Organization,
    Person,
    Topic,
    Trip,
)
from tracker.domain import i18n
from tracker.domain.enums import Classification
from tracker.export.demo import load_demo
from tracker.services import records
from tracker.ui.main_window import MainWindow

NASTY = "<b>Budget</b> & <script>alert('x')</script> \"q\""


@pytest.fixture
def window(qtbot, db):
    load_demo(db)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def _id(db, model, **where):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalars(sa.select(model.id).filter_by(**where).limit(1)).one()


def test_typed_markup_shows_as_text_wherever_the_meeting_is_named(window, db) -> None:
    meeting = _id(db, Meeting, title="한-일 총무성 양자면담")
    records.update(db, Meeting, meeting, {"title": NASTY, "outcome": f"합의 {NASTY}"})
    window.open_record("meetings", meeting)
    viewer = window.viewer
    assert headings(viewer)[0] == (2, NASTY)
    assert f"합의 {NASTY}" in viewer.toPlainText()
    window.open_record("countries", "JP")
    assert (f"meetings:{meeting}", NASTY) in links(viewer)
    with db.read() as s:
        person = s.scalars(
            sa.select(MeetingParticipant.person_id).where(
                MeetingParticipant.meeting_id == meeting, MeetingParticipant.person_id.is_not(None)
            )
        ).first()
    window.open_record("persons", person)
    assert (f"meetings:{meeting}", NASTY) in links(viewer)


def test_typed_markup_in_names_and_follow_ups_shows_as_text(window, db) -> None:
    action = _id(db, Action, title="제2차 한·일 ICT 정책 포럼 의제 및 참석레벨 협의")
    records.update(db, Action, action, {"title": NASTY, "description": f"R&D {NASTY}"})
    window.open_record("actions", action)
    assert headings(window.viewer)[0] == (2, NASTY)
    assert f"R&D {NASTY}" in window.viewer.toPlainText()
    org = _id(db, Organization)
    records.update(db, Organization, org, {"name_en": f"MIC & {NASTY}"})
    window.open_record("organizations", org)
    assert f"MIC & {NASTY}" in window.viewer.toPlainText()


def test_a_trip_purpose_keeps_its_lines(window, db) -> None:
    trip = _id(db, Trip, title="2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장")
    records.update(db, Trip, trip, {"purpose": f"첫째 줄 {NASTY}\n둘째 줄 & 끝"})
    window.open_record("trips", trip)
    lines = window.viewer.toPlainText().replace("\u2028", "\n").splitlines()
    assert f"첫째 줄 {NASTY}" in lines and "둘째 줄 & 끝" in lines


# One record of each kind from the demo, and the section headings its page shows in each language.
PAGES = {
    "meetings": (
        (Meeting, {"title": "한-일 총무성 양자면담"}),
        ["우리측", "상대측", "주요 내용", "후속조치"],
        ["Our side", "Their side", "Key points", "Follow-ups"],
    ),
    "trips": (
        (Trip, {"title": "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장"}),
        ["출장목적", "출장자", "일정", "면담", "후속조치"],
        ["Purpose", "Travellers", "Itinerary", "Meetings", "Follow-ups"],
    ),
    "persons": (
        (Person, {"name_ko": "박진홍"}),
        ["직위 이력", "면담", "담당 후속조치", "상대 후속조치"],
        ["Positions", "Meetings", "Follow-ups owned", "Follow-ups with this person"],
    ),
    "countries": (
        None,
        [
            "우리가 약속한 것",
            "상대가 약속한 것",
            "면담",
            "출장",
            "협력채널",
            "협정·MOU",
            "상대측 인사",
            "기관",
        ],
        [
            "What we owe",
            "What they owe",
            "Meetings",
            "Trips",
            "Cooperation channels",
            "Agreements",
            "Counterpart officials",
            "Organizations",
        ],
    ),
    "organizations": ((Organization, {}), ["인사"], ["People"]),
    "actions": ((Action, {"title": "제2차 한·일 ICT 정책 포럼 의제 및 참석레벨 협의"}), [], []),
    "events": ((Event, {}), [], []),
    "agreements": ((Agreement, {}), [], []),
    "channels": ((Channel, {}), ["회의 이력"], ["Sessions held"]),
    "topics": ((Topic, {}), ["면담"], ["Meetings"]),
}


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_each_page_has_its_title_and_section_headings(window, db, kind, lang) -> None:
    found, ko, en = PAGES[kind]
    key = "US" if found is None else _id(db, found[0], **found[1])
    i18n.set_language(lang)
    window.open_record(kind, key)
    shown = headings(window.viewer)
    assert shown[0][0] == 2 and shown[0][1]  # the record's name first
    assert [text for level, text in shown[1:] if level == 3] == (ko if lang == "ko" else en)
    if kind == "countries":
        assert shown[0][1] == ("美 미국 (United States)" if lang == "ko" else "United States (미국)")
    # Nothing between the page's elements reads as text ("None " after an empty list).
    lines = window.viewer.toPlainText().splitlines()
    assert [line for line in lines if line != line.strip() and line.strip() in ("None", "없음", "")] == []


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_follow_up_and_an_agreement_list_their_fields(window, db, lang) -> None:
    i18n.set_language(lang)
    window.open_record("actions", _id(db, Action, title="제2차 한·일 ICT 정책 포럼 의제 및 참석레벨 협의"))
    text = window.viewer.toPlainText()
    for field in (
        ["이행 주체", "상태", "기한", "담당자", "상대 기관", "출처 면담", "완료일"]
        if lang == "ko"
        else ["Owed by", "Status", "Due", "Owner", "Counterpart", "From meeting", "Completed"]
    ):
        assert field in text
    window.open_record("agreements", _id(db, Agreement, title_ko="한-미 기술번영 양해각서(MOU)"))
    text = window.viewer.toPlainText()
    for field in (
        ["유형", "상태", "서명", "만료", "당사자", "주제"]
        if lang == "ko"
        else ["Kind", "Status", "Signed", "Expires", "Parties", "Topics"]
    ):
        assert field in text


def test_links_open_the_record_they_name(window, db, qtbot) -> None:
    viewer = window.viewer
    meeting = _id(db, Meeting, title="한-일 총무성 양자면담")
    window.open_record("meetings", meeting)
    href, title = next(link for link in links(viewer) if link[0].startswith("actions:"))
    click_link(qtbot, viewer, href)
    assert window.current_record == ("actions", href.partition(":")[2])
    assert headings(viewer)[0] == (2, title)
    click_link(qtbot, viewer, f"meetings:{meeting}")  # the follow-up's "from meeting"
    assert headings(viewer)[0] == (2, "한-일 총무성 양자면담")
    window.open_record("countries", "JP")
    href, name = next(link for link in links(viewer) if link[0].startswith("persons:"))
    click_link(qtbot, viewer, href)
    assert window.current_record[0] == "persons" and headings(viewer)[0] == (2, name)


def test_more_under_a_section_shows_its_next_rows(window, qtbot) -> None:
    viewer = window.viewer
    window.open_record("countries", "KR")
    before = [link for link in links(viewer) if link[0].startswith("persons:")]
    assert len(before) == 10  # the first rows of the counterpart officials
    more = [link for link in links(viewer) if link[0] == "more:officials"]
    assert more and re.fullmatch(r"More… \((\d+) more of \1\)", more[0][1])
    hidden = int(more[0][1].split("(")[1].split()[0])
    click_link(qtbot, viewer, "more:officials")
    after = [link for link in links(viewer) if link[0].startswith("persons:")]
    assert len(after) == 10 + hidden and after[:10] == before
    assert "more:officials" not in [href for href, _ in links(viewer)]
    assert window.current_record == ("countries", "KR")


def test_a_restricted_meeting_is_marked_in_red(window, db) -> None:
    meeting = _id(db, Meeting, title="한-일 총무성 양자면담")
    records.update(db, Meeting, meeting, {"classification": Classification.RESTRICTED})
    i18n.set_language("ko")
    window.open_record("meetings", meeting)
    block = window.viewer.document().begin().next().next()  # title, when and where, then the mark
    assert block.text() == "대외비"
    fmt = block.begin().fragment().charFormat()
    assert fmt.foreground().color().name() == "#b3261e" and fmt.fontWeight() >= 700
