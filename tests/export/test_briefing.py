"""The briefing pack (사전 브리핑 자료) and the handover pack (인수인계 자료) on the demo data,
built into the report model and read back from DOCX (python-docx), PDF (pypdf), HWPX, Markdown
and HTML; and the command-line functions that write them."""

from __future__ import annotations

import argparse
import re
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hwpx import HwpxDocument
from pypdf import PdfReader

from tracker.db.models import KeyPoint, Meeting, Person, Position, Trip
from tracker.db.store import open_database
from tracker.domain import i18n
from tracker.domain.enums import ActionStatus
from tracker.export.demo import load_demo
from tracker.export.report import MASK, Restricted, briefing_cli, write_report
from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing, build_trip_briefing
from tracker.export.report.handover import HandoverOptions, build_handover
from tracker.export.report.markdown import unescape
from tracker.export.report.model import Table
from tracker.services import records
from tracker.services.actions import OPEN_STATUSES, ActionFilter, list_actions, set_status
from tracker.services.briefing import find_meetings, find_persons, handover, meeting_briefing
from tracker.services.meetings import create_meeting, get_meeting
from tracker.services.trips import create_trip, resolve_trip

DEMO_TRIP = "G7 디지털기술 장관회의"
BEFORE_TRIP = date(2025, 12, 1)  # the packs are written before the trip leaves
FORMATS = ("docx", "pdf", "hwpx", "md", "html")

# --------------------------------------------------------------------------------------
# reading the files back


def _squash(text: str) -> str:
    """Compare without whitespace: line breaks in cells and tabs after marks differ by format."""
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> str:
    out: list[str] = []

    def walk(container) -> None:  # type: ignore[no-untyped-def]
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
            elif child.tag == qn("w:tbl"):
                for tr in child.iter(qn("w:tr")):
                    for tc in tr.iterchildren(qn("w:tc")):
                        walk(tc)

    walk(Document(str(path)).element.body)
    return "\n".join(out)


def pdf_text(path: Path) -> str:
    pages = [page.extract_text() or "" for page in PdfReader(str(path)).pages]
    lines = [
        line
        for page in pages
        for line in page.splitlines()
        if not re.fullmatch(r"\s*-\s*\d+\s*-\s*", line) and line.strip() != "대외비"
    ]
    return "\n".join(lines)


def hwpx_text(path: Path) -> str:
    import html

    with zipfile.ZipFile(path) as zf:
        xml = "".join(
            zf.read(n).decode("utf-8")
            for n in sorted(zf.namelist())
            if re.fullmatch(r"Contents/section\d+\.xml", n)
        )
    runs = re.findall(r"<hp:t(?:\s[^>]*)?>(.*?)</hp:t>", xml, flags=re.S)
    return html.unescape("\n".join(re.sub(r"<[^>]+>", "", run) for run in runs))


def md_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("<br>", "\n")
    return unescape(re.sub(r"(?<!\\)\|", "\n", text))


def html_text(path: Path) -> str:
    import html

    body = path.read_text(encoding="utf-8").split("<body>", 1)[1]
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


READERS = {"docx": docx_text, "pdf": pdf_text, "hwpx": hwpx_text, "md": md_text, "html": html_text}


def read_back(path: Path) -> str:
    return _squash(READERS[path.suffix.lstrip(".")](path))


def positions(haystack: str, needles: list[str], start: int = 0) -> list[int]:
    """Where each needle is found, each after the one before."""
    found = []
    pos = start
    for needle in needles:
        n = _squash(needle)
        at = haystack.find(n, pos)
        assert at >= 0, f"{needle!r} not found after position {pos}: ...{haystack[pos : pos + 300]}..."
        found.append(at)
        pos = at + len(n)
    return found


def section(text: str, heading: str, next_heading: str | None) -> str:
    """The squashed text from one numbered heading ('3 그간 면담 경과') to the next."""
    start = positions(text, [heading])[0]
    end = positions(text, [next_heading], start)[0] if next_heading else len(text)
    return text[start:end]


def lines_of(report) -> str:  # type: ignore[no-untyped-def]
    return _squash("\n".join(report.text_lines()))


# --------------------------------------------------------------------------------------
# the demo, with two earlier OECD meetings and Jerry Sheehan's career


def _person(db, name: str) -> Person:  # type: ignore[no-untyped-def]
    found = find_persons(db, name)
    assert len(found) == 1, found
    return found[0]


def _oecd(db):  # type: ignore[no-untyped-def]
    return get_meeting(db, find_meetings(db, "한-OECD 양자면담")[0].id)


def _add_oecd_history(db) -> tuple[Meeting, Meeting]:  # type: ignore[no-untyped-def]
    oecd = _oecd(db)
    org = oecd.organizations[0]
    sheehan = _person(db, "Jerry Sheehan")
    vice = _person(db, "과기정통부 제2차관")
    ai = next(t for t in oecd.topics if t.name_ko == "AI")
    older = create_meeting(
        db,
        {
            "kind": "bilateral",
            "title": "한-OECD 과학기술정책 면담",
            "date": date(2024, 11, 20),
            "start_time": time(10, 0),
            "timezone": "Europe/Paris",
            "location": "OECD 본부(파리)",
        },
        participants=[
            {"side": "us", "person_id": vice.id, "is_head": True},
            {"side": "them", "person_id": sheehan.id, "is_head": True},
        ],
        key_points=["과학기술혁신 전망(STI Outlook) 보고서 협력 논의"],
        organization_ids=[org.id],
    )
    newer = create_meeting(
        db,
        {
            "kind": "call",
            "title": "한-OECD 디지털정책 화상협의",
            "date": date(2025, 6, 3),
            "start_time": time(16, 0),
            "timezone": "Asia/Seoul",
        },
        participants=[
            {"side": "us", "person_id": vice.id, "is_head": True},
            {"side": "them", "person_id": sheehan.id, "is_head": True},
        ],
        key_points=["OECD AI 정책 관측소(OECD.AI) 한국 사례 공유"],
        organization_ids=[org.id],
        topic_ids=[ai.id],
    )
    records.create(
        db,
        Position,
        {
            "person_id": sheehan.id,
            "organization_id": org.id,
            "title_ko": "부국장",
            "title_en": "Deputy Director",
            "rank": "deputy_director_general",
            "start_date": date(2019, 3, 1),
            "end_date": date(2022, 12, 31),
        },
    )
    records.update(
        db, Person, sheehan.id, {"email": "jerry.sheehan@oecd.example", "phone": "+33 1 45 24 00 00"}
    )
    return older, newer


def _open_demo(path: Path):  # type: ignore[no-untyped-def]
    db, _ = open_database(path)
    load_demo(db)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("briefing")
    db = _open_demo(folder / "demo.sqlite3")
    _add_oecd_history(db)
    yield db, folder
    db.dispose()


@pytest.fixture
def fresh(tmp_path):  # type: ignore[no-untyped-def]
    """A demo database of one's own, for tests that change records."""
    db = _open_demo(tmp_path / "fresh.sqlite3")
    _add_oecd_history(db)
    yield db, tmp_path
    db.dispose()


@pytest.fixture(scope="module")
def oecd_report(demo):  # type: ignore[no-untyped-def]
    db, _ = demo
    return build_meeting_briefing(db, _oecd(db).id, BriefingOptions(today=BEFORE_TRIP))


@pytest.fixture(scope="module")
def trip_report(demo):  # type: ignore[no-untyped-def]
    db, _ = demo
    return build_trip_briefing(db, resolve_trip(db, DEMO_TRIP).id, BriefingOptions(today=BEFORE_TRIP))


@pytest.fixture(scope="module")
def handover_report(demo):  # type: ignore[no-untyped-def]
    db, _ = demo
    return build_handover(db, _person(db, "박진홍").id, HandoverOptions(today=BEFORE_TRIP))


# --------------------------------------------------------------------------------------
# the meeting briefing


OECD_SECTIONS = [
    "1 면담 개요",
    "2 상대측 인사",
    "3 그간 면담 경과",
    "4 후속조치 이행 현황",
    "5 협력채널 및 협정",
    "6 주요 의제 관련 동향",
]


def _check_oecd(text: str) -> None:
    positions(
        text,
        [
            "한-OECD 양자면담 사전 브리핑 자료",
            "(면담대상 : OECD Jerry Sheehan 국장)",
            "2025.12.08.(월) 12:40~13:10",
            "2025. 12. 1.",
            *OECD_SECTIONS,
        ],
    )
    overview = section(text, "1 면담 개요", "2 상대측 인사")
    positions(
        overview,
        [
            "일시/장소 : '25.12.08.(월) 12:40~13:10, Le Westin Montreal Hotel",
            "면담대상 : OECD (경제협력개발기구)",
            "(우리측) 제2차관, 다자협력담당관",
            "(상대측) Jerry Sheehan 국장",
            "의제 : AI, 국제기구, 양자",
        ],
    )
    # the official's profile: the title held now, the earlier one with its period, contacts
    profile = section(text, "2 상대측 인사", "3 그간 면담 경과")
    positions(
        profile,
        [
            "성명",
            "현 직위",
            "이전 직위",
            "연락처",
            "Jerry Sheehan",
            "경제협력개발기구 국장",
            "(Director for Science, Technology and Innovation)",
            "경제협력개발기구 부국장 ('19.3.1.~'22.12.31.)",
            "전화 +33 1 45 24 00 00",
            "이메일 jerry.sheehan@oecd.example",
        ],
    )
    # our earlier meetings with OECD, most recent first, each with both heads and its points
    history = section(text, "3 그간 면담 경과", "4 후속조치 이행 현황")
    positions(
        history,
        [
            "'25.06.03.(화)",
            "한-OECD 디지털정책 화상협의",
            "韓 제2차관",
            "OECD Jerry Sheehan 국장",
            "OECD AI 정책 관측소(OECD.AI) 한국 사례 공유",
            "'24.11.20.(수)",
            "한-OECD 과학기술정책 면담",
            "과학기술혁신 전망(STI Outlook) 보고서 협력 논의",
        ],
    )
    # OECD owes the answer on the Digital Summit, due '26.10월 (month precision kept)
    actions = section(text, "4 후속조치 이행 현황", "5 협력채널 및 협정")
    positions(
        actions,
        [
            "□ 상대측 이행",
            "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신",
            "한-OECD 양자면담",
            "('25.12.08.)",
            "박진홍 팀장",
            "'26.10월",
            "미착수",
        ],
    )
    assert _squash("우리측 이행") not in actions and _squash("기한 경과") not in actions
    # the other meeting on a shared topic (AI)
    topics = section(text, "6 주요 의제 관련 동향", None)
    positions(
        topics,
        [
            "'25.06.03.(화) 한-OECD 디지털정책 화상협의",
            "공통 의제 : AI",
            "최근 관련 면담이 없는 의제 : 국제기구, 양자",
        ],
    )


def test_oecd_briefing_in_the_model(oecd_report) -> None:  # type: ignore[no-untyped-def]
    assert oecd_report.marking is None
    assert oecd_report.subject == "사전 브리핑 자료"
    _check_oecd(lines_of(oecd_report))


@pytest.mark.parametrize("fmt", FORMATS)
def test_oecd_briefing_in_every_format(demo, oecd_report, fmt) -> None:  # type: ignore[no-untyped-def]
    _, folder = demo
    _check_oecd(read_back(write_report(oecd_report, folder / f"oecd.{fmt}")))


def test_docx_and_pdf_of_the_briefing(demo, oecd_report) -> None:  # type: ignore[no-untyped-def]
    _, folder = demo
    docx = Document(str(write_report(oecd_report, folder / "props.docx")))
    assert docx.core_properties.title == "한-OECD 양자면담 사전 브리핑 자료"
    assert docx.core_properties.subject == "사전 브리핑 자료"
    assert docx.styles["Normal"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "맑은 고딕"
    hwpx = write_report(oecd_report, folder / "props.hwpx")
    assert HwpxDocument.open(hwpx).validate().issues == ()
    reader = PdfReader(str(write_report(oecd_report, folder / "props.pdf")))
    assert reader.metadata.title == "한-OECD 양자면담 사전 브리핑 자료"
    assert reader.metadata.subject == "사전 브리핑 자료"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            assert str(font.get_object()["/BaseFont"]).split("+", 1)[-1] in {"NanumGothic", "NanumGothicBold"}


def test_history_is_limited_and_excludes_later_meetings(demo) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    text = lines_of(build_meeting_briefing(db, _oecd(db).id, BriefingOptions(history=1, today=BEFORE_TRIP)))
    history = section(text, "3 그간 면담 경과", "4 후속조치 이행 현황")
    assert _squash("한-OECD 디지털정책 화상협의") in history
    assert _squash("한-OECD 과학기술정책 면담") not in history
    # the briefing of the older meeting knows nothing of the later ones
    older = find_meetings(db, "과학기술정책 면담")[0]
    text = lines_of(build_meeting_briefing(db, older.id, BriefingOptions(today=date(2024, 11, 1))))
    assert _squash("이전 면담 기록 없음") in text
    assert _squash("디지털정책 화상협의") not in section(text, "3 그간 면담 경과", "4 후속조치 이행 현황")
    # his earlier post is listed with its period whatever the day of the pack
    profile = section(text, "2 상대측 인사", "3 그간 면담 경과")
    positions(profile, ["경제협력개발기구 국장", "경제협력개발기구 부국장 ('19.3.1.~'22.12.31.)"])
    # a pack dated before he took up a post does not list it as his past
    text = lines_of(build_meeting_briefing(db, older.id, BriefingOptions(today=date(2018, 1, 2))))
    assert _squash("부국장") not in text


def test_contacts_can_be_left_out(demo) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    report = build_meeting_briefing(db, _oecd(db).id, BriefingOptions(contacts=False, today=BEFORE_TRIP))
    text = lines_of(report)
    assert "jerry.sheehan" not in text and "+33" not in text and "연락처" not in text
    assert _squash("경제협력개발기구 국장") in text


# --------------------------------------------------------------------------------------
# the trip briefing

BILATERAL = [
    ("미국(상무부)", "美 William Kimmitt 통상차관", "美 상무부 수출 프로그램 세부 내용 확인 및 국내 공유"),
    ("OECD", "OECD Jerry Sheehan 국장", "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신"),
    ("캐나다", "加 Mark Schaan ISED 부차관보", "韓-캐나다 과학기술혁신공동위원회 후속 운영 협의"),
    (
        "일본",
        "日 Imakawa Takuo 총무성 차관",
        "일본 장관급 대면회의('26.3.15.~16., 도쿄) 우리측 고위급 참석 검토",
    ),
    ("영국", "英 Ian Murray 디지털 장관", "미이행 후속조치 없음"),
    (
        "미국(OSTP)",
        "美 마이클 크라치오스 실장",
        "美 제네시스 미션 및 수출 프로그램 한국 기업 참여 가능성 확인",
    ),
    ("독일", "獨 카르스텐 빌트베르거 장관", "'26년 한-독 디지털대화 개최 준비"),
]


def _check_trip(text: str) -> None:
    positions(
        text,
        [
            "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장 사전 브리핑 자료",
            "(출장지역 : 캐나다(몬트리올))",
            "2025.12.06.(토)~12.11.(목)",
            "2025. 12. 1.",
            "1 출장 개요",
            "출장목적",
            "면담 일정 : 8건",
            "순번",
            "면담대상",
            "일시",
            "상대측 주요인사",
        ],
    )
    # the schedule table, then one numbered section per counterpart, in the trip's order
    positions(
        text,
        [token for label, head, _ in BILATERAL for token in (label, head)],
        positions(text, ["면담 일정 : 8건"])[0],
    )
    headings = [f"{n} {label}" for n, (label, _, _) in enumerate(BILATERAL, start=2)]
    headings.append("9 밀라-퀘벡 AI 연구소 현장방문")
    at = positions(text, headings, after_schedule(text))
    for (_label, head, action), start, end in zip(BILATERAL, at, at[1:], strict=False):
        part = text[start:end]
        positions(
            part,
            [
                "면담 개요",
                "상대측 인사",
                head.split(" ", 1)[1].split(" ")[0],
                "그간 면담 경과",
                "후속조치 이행 현황",
                action,
                "협력채널 및 협정",
                "주요 의제 관련 동향",
            ],
        )
    # each section's own context: the OECD history, the Canadian committee, the US MOU
    oecd = text[at[1] : at[2]]
    positions(oecd, ["한-OECD 디지털정책 화상협의", "한-OECD 과학기술정책 면담"])
    assert _squash("한-캐나다 과학기술혁신공동위원회 (공동위원회") in text[at[2] : at[3]]
    assert _squash("한-미 기술번영 양해각서(MOU) : '25.10.29. 서명") in text[at[0] : at[1]]


def after_schedule(text: str) -> int:
    """Where the schedule table of a trip briefing ends (its last row is the Mila visit)."""
    return positions(text, ["면담 일정", "밀라-퀘벡 AI 연구소 현장방문", "Valerie Pisano"])[-1]


def test_trip_briefing_covers_every_bilateral_counterpart(trip_report) -> None:  # type: ignore[no-untyped-def]
    _check_trip(lines_of(trip_report))


@pytest.mark.parametrize("fmt", ("docx", "pdf"))
def test_trip_briefing_read_back(demo, trip_report, fmt) -> None:  # type: ignore[no-untyped-def]
    _, folder = demo
    _check_trip(read_back(write_report(trip_report, folder / f"trip.{fmt}")))


def test_trip_briefing_leaves_the_trip_meetings_out_of_the_history(trip_report) -> None:  # type: ignore[no-untyped-def]
    text = lines_of(trip_report)
    text = text[after_schedule(text) :]
    us = section(text, "2 미국(상무부)", "3 OECD")
    history = section(us, "그간 면담 경과", "후속조치 이행 현황")
    assert _squash("이전 면담 기록 없음") in history  # OSTP is in the same briefing, not history
    # but it is another meeting on the same topics (AI, 수출)
    positions(section(us, "주요 의제 관련 동향", None), ["한-미 OSTP 양자면담", "공통 의제 : AI, 수출"])


def test_trip_briefing_lists_each_commitment_once(trip_report) -> None:  # type: ignore[no-untyped-def]
    """A US commitment is listed under the US meeting it came from, and the other US
    meeting points to it; likewise Canada and the Mila visit."""
    text = lines_of(trip_report)
    text = text[after_schedule(text) :]
    doc = section(text, "2 미국(상무부)", "3 OECD")
    ostp = section(text, "7 미국(OSTP)", "8 독일")
    export, genesis = (
        "美 상무부 수출 프로그램 세부 내용 확인 및 국내 공유",
        "美 제네시스 미션 및 수출 프로그램 한국 기업 참여 가능성 확인",
    )
    positions(doc, ["□ 우리측 이행", export, "※ 관련 후속조치 2건은 「7 미국(OSTP)」에 수록"])
    assert _squash(genesis) not in doc and _squash(export) not in ostp
    positions(
        ostp,
        [
            "□ 양측 이행",
            genesis,
            "비자 이슈 등 한-미 협력사항 후속 협의",
            "※ 관련 후속조치 1건은 「2 미국(상무부)」에 수록",
        ],
    )
    canada = section(text, "4 캐나다", "5 일본")
    positions(
        canada,
        [
            "韓-캐나다 과학기술혁신공동위원회 후속 운영 협의",
            "※ 관련 후속조치 2건은 「9 밀라-퀘벡 AI 연구소 현장방문」에 수록",
        ],
    )
    assert _squash("밀라연구소와 후속 협의") not in canada
    for title in (
        export,
        genesis,
        "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신",
        "밀라연구소와 후속 협의",
    ):
        assert text.count(_squash(title)) == 1, title


# --------------------------------------------------------------------------------------
# the handover pack


def _owned(db, person_id):  # type: ignore[no-untyped-def]
    return list_actions(db, ActionFilter(owner_id=person_id, statuses=OPEN_STATUSES))


def _check_handover(text: str, owned_titles: list[str]) -> None:
    positions(
        text,
        [
            "박진홍 팀장 인수인계 자료",
            "(담당 국가·기관 : 독일, 미국, 영국, 일본, 캐나다, OECD, WB)",
            "□ 인 계 자 : 박진홍 팀장",
            "2025. 12. 1.",
            "1 개요",
            "2 담당 후속조치",
            "3 관계 인사",
            "4 협력채널 및 협정",
        ],
    )
    actions = section(text, "2 담당 후속조치", "3 관계 인사")
    # every open follow-up he owns, each once, under its country (가나다, then organizations)
    for title in owned_titles:
        assert actions.count(_squash(title)) == 1, title
    positions(
        actions,
        [
            "□ 독일 (1건)",
            "후속조치",
            "관련 면담",
            "이행 주체",
            "기한",
            "상태",
            "'26년 한-독 디지털대화 개최 준비",
            "한-독 양자면담",
            "우리측",
            "'26년",
            "미국",
            "美 제네시스 미션 및 수출 프로그램 한국 기업 참여 가능성 확인",
            "한-미 OSTP 양자면담",
            "양측",
            "일본",
            "일본 장관급 대면회의('26.3.15.~16., 도쿄) 우리측 고위급 참석 검토",
            "'26.3.15.~16.",
            "□ 캐나다 (2건)",
            "韓-캐나다 과학기술혁신공동위원회 후속 운영 협의",
            "밀라연구소와 후속 협의 (국가 AI 연구 협력 확대, 국가 AI 연구소 설립 자문)",
            "밀라-퀘벡 AI 연구소 현장방문",
            "OECD",
            "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신",
            "상대측",
            "'26.10월",
            "WB",
            "韓-WB 글로벌 디지털 서밋('26.10월) 장관회의 공동 개최 준비",
            "양측",
            "'26.10월",
        ],
    )
    for other in (
        "美 상무부 수출 프로그램 세부 내용 확인",
        "비자 이슈 등 한-미 협력사항 후속 협의",
    ):  # 조목은's
        assert _squash(other) not in actions
    # the counterparts he met on the trip, each with the title now and the latest meeting
    people = section(text, "3 관계 인사", "4 협력채널 및 협정")
    positions(
        people,
        [
            "□ 독일 (1명)",
            "카르스텐 빌트베르거",
            "독일 연방디지털·국가현대화부 장관",
            "'25.12.09.(화)",
            "한-독 양자면담",
            "‘26년 한-독 디지털대화 관심·지원 요청",
            "미국",
            "마이클 크라치오스",
            "백악관 과학기술정책실 실장",
            "'25.12.08.(월)",
            "한-미 OSTP 양자면담",
            "William Kimmitt",
            "미국 상무부 통상차관",
            "한-미 상무부 양자면담",
            "영국",
            "Ian Murray",
            "한-영 양자면담",
            "일본",
            "Imakawa Takuo",
            "일본 총무성 차관",
            "한-일 총무성 양자면담",
            "□ 캐나다 (4명)",
            "Elisa Valentin",
            "'25.12.09.(화)",
            "밀라-퀘벡 AI 연구소 현장방문",
            "Remi Quirion",
            "Valerie Pisano",
            "Mark Schaan",
            "캐나다 혁신과학경제개발부 부차관보",
            "한-캐나다 양자면담",
            "G7 플러스 참여에 대한 논의",
            "OECD",
            "Jerry Sheehan",
            "경제협력개발기구 국장",
            "'25.12.08.(월)",
            "한-OECD 양자면담",
            "APEC 공식 옵저버 승인 상황 공유",
        ],
    )
    links = section(text, "4 협력채널 및 협정", None)
    positions(
        links,
        [
            "□ 독일",
            "(협력채널) 한-독 디지털대화 (정책대화",
            "□ 미국",
            "(협정) 한-미 기술번영 양해각서(MOU) : '25.10.29. 서명",
            "당사자 : 과학기술정보통신부, 백악관 과학기술정책실",
            "□ 일본",
            "한·일 ICT 정책포럼",
            "□ 캐나다",
            "한-캐나다 과학기술혁신공동위원회",
        ],
    )


def test_handover_lists_his_commitments_and_counterparts(demo, handover_report) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    owned = _owned(db, _person(db, "박진홍").id)
    assert len(owned) == 7
    assert handover_report.subject == "인수인계 자료" and handover_report.marking is None
    text = lines_of(handover_report)
    _check_handover(text, [a.title for a in owned])
    assert _squash("미이행 후속조치 : 7건") in text and _squash("관계 인사 : 10명") in text


@pytest.mark.parametrize("fmt", ("docx", "pdf", "md", "html"))
def test_handover_read_back(demo, handover_report, fmt) -> None:  # type: ignore[no-untyped-def]
    db, folder = demo
    owned = _owned(db, _person(db, "박진홍").id)
    _check_handover(
        read_back(write_report(handover_report, folder / f"handover.{fmt}")), [a.title for a in owned]
    )


def test_handover_merges_the_people_met_at_the_same_meeting(demo, handover_report) -> None:  # type: ignore[no-untyped-def]
    _, folder = demo
    names = ("Elisa Valentin", "Remi Quirion", "Valerie Pisano")
    table = next(
        b
        for b in handover_report.blocks
        if isinstance(b, Table)
        and b.key == "handover-people"
        and any(r[0] is not None and r[0].lines[0].text in names for r in b.rows)
    )
    mila = [r for r in table.rows if r[0] is not None and r[0].lines[0].text in names]
    assert len(mila) == 3 and len(table.rows) == 4  # and Mark Schaan, met at another meeting
    for col in (2, 3):  # 최근 면담, 주요 내용
        assert (
            mila[0][col] is not None
            and mila[0][col].rowspan == 3
            and mila[1][col] is None
            and mila[2][col] is None
        )
    doc = Document(str(write_report(handover_report, folder / "merged.docx")))
    assert 'w:vMerge w:val="restart"' in doc.element.body.xml


def test_handover_skips_closed_commitments_and_knows_who_attended(fresh) -> None:  # type: ignore[no-untyped-def]
    db, _ = fresh
    park = _person(db, "박진홍")
    done = next(a for a in _owned(db, park.id) if a.title.startswith("'26년 한-독"))
    set_status(db, done.id, ActionStatus.DONE, on=date(2025, 12, 20))
    data = handover(db, park.id, on=BEFORE_TRIP)
    assert done.id not in {a.id for _, a in data.actions} and len(data.actions) == 6
    # 조목은 left Montreal on 12.10: she met the same people (all meetings were on 12.08~09)
    cho = handover(db, _person(db, "조목은").id, on=BEFORE_TRIP)
    assert len(cho.acquaintances) == 10
    # the two earlier OECD meetings had neither of them; the vice minister (at the table) met Sheehan there
    vice = handover(db, _person(db, "과기정통부 제2차관").id, on=BEFORE_TRIP)
    sheehan = next(k for k in vice.acquaintances if k.person.name_ko == "Jerry Sheehan")
    assert [m.title for m in sheehan.met] == [
        "한-OECD 양자면담",
        "한-OECD 디지털정책 화상협의",
        "한-OECD 과학기술정책 면담",
    ]


# --------------------------------------------------------------------------------------
# 대외비


def _restrict(db) -> None:  # type: ignore[no-untyped-def]
    """The June OECD call and the Japan meeting become 대외비."""
    june = find_meetings(db, "디지털정책 화상협의")[0]
    records.update(db, Meeting, june.id, {"classification": "restricted"})
    japan = find_meetings(db, "한-일 총무성 양자면담")[0]
    records.update(db, Meeting, japan.id, {"classification": "restricted"})


def test_restricted_history_is_masked_omitted_or_marked(fresh) -> None:  # type: ignore[no-untyped-def]
    db, folder = fresh
    _restrict(db)
    oecd = _oecd(db)
    secret = "OECD AI 정책 관측소(OECD.AI) 한국 사례 공유"

    masked = build_meeting_briefing(
        db, oecd.id, BriefingOptions(restricted=Restricted.MASK, today=BEFORE_TRIP)
    )
    text = read_back(write_report(masked, folder / "masked.pdf"))
    history = section(text, "3 그간 면담 경과", "4 후속조치 이행 현황")
    # a masked meeting keeps its date only: its title says who was met
    positions(history, ["'25.06.03.(화)", MASK, MASK, MASK, "'24.11.20.(수)"])
    assert _squash("한-OECD 디지털정책 화상협의") not in history
    assert _squash(secret) not in text and masked.marking is None

    omitted = lines_of(
        build_meeting_briefing(db, oecd.id, BriefingOptions(restricted=Restricted.OMIT, today=BEFORE_TRIP))
    )
    assert _squash("디지털정책 화상협의") not in omitted and MASK not in omitted
    assert _squash("한-OECD 과학기술정책 면담") in omitted

    included = build_meeting_briefing(db, oecd.id, BriefingOptions(today=BEFORE_TRIP))
    assert included.marking == "대외비"
    assert _squash("한-OECD 디지털정책 화상협의 (대외비)") in lines_of(included)
    assert _squash(secret) in lines_of(included)
    header = Document(str(write_report(included, folder / "included.docx"))).sections[0].header
    assert header.paragraphs[0].text == "대외비"


@pytest.mark.slow
def test_restricted_meeting_in_the_trip_briefing_and_the_handover(fresh) -> None:  # type: ignore[no-untyped-def]
    db, _ = fresh
    _restrict(db)
    trip = resolve_trip(db, DEMO_TRIP)
    masked = lines_of(
        build_trip_briefing(db, trip.id, BriefingOptions(restricted=Restricted.MASK, today=BEFORE_TRIP))
    )
    japan = section(masked[after_schedule(masked) :], f"5 {MASK}", "6 영국")  # the counterpart is content too
    assert MASK in japan and "Imakawa" not in masked
    assert _squash("양국의 주요 AI 정책 공유") not in masked
    assert _squash("제2차 한·일 ICT 정책 포럼 의제") not in masked  # its follow-ups too

    omitted = lines_of(
        build_trip_briefing(db, trip.id, BriefingOptions(restricted=Restricted.OMIT, today=BEFORE_TRIP))
    )
    assert "Imakawa" not in omitted and _squash("면담 일정 : 7건") in omitted
    positions(
        omitted,
        ["4 캐나다", "5 영국", "6 미국(OSTP)", "7 독일", "8 밀라-퀘벡 AI 연구소 현장방문"],
        after_schedule(omitted),
    )

    park = _person(db, "박진홍").id
    text = lines_of(build_handover(db, park, HandoverOptions(restricted=Restricted.MASK, today=BEFORE_TRIP)))
    assert "Imakawa" not in text and _squash("장관급 대면회의('26.3.15.~16., 도쿄)") not in text
    actions = section(text, "2 담당 후속조치", "3 관계 인사")
    # the masked commitment has no deadline and no group heading naming the counterpart
    positions(actions, ["기타", MASK])
    assert _squash("'26.3.15.~16.") not in actions
    text = lines_of(build_handover(db, park, HandoverOptions(restricted=Restricted.OMIT, today=BEFORE_TRIP)))
    assert "Imakawa" not in text and MASK not in text and _squash("관계 인사 : 9명") in text
    assert _squash("미이행 후속조치 : 6건") in text
    included = build_handover(db, park, HandoverOptions(today=BEFORE_TRIP))
    assert included.marking == "대외비" and "Imakawa" in "\n".join(included.text_lines())


def test_overdue_is_judged_on_the_pack_date(demo) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    park = _person(db, "박진홍").id
    later = lines_of(build_handover(db, park, HandoverOptions(today=date(2026, 4, 1))))
    positions(section(later, "2 담당 후속조치", "3 관계 인사"), ["'26.3.15.~16.", "미착수", "(기한 경과)"])
    assert _squash("미이행 후속조치 : 7건 (기한 경과 1건)") in later
    assert _squash("2026. 4. 1.") in later


# --------------------------------------------------------------------------------------
# bare records still give a document


def test_a_bare_meeting_and_a_new_officer_give_documents(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _ = open_database(tmp_path / "bare.sqlite3")
    try:
        meeting = create_meeting(db, {"title": "실무 협의", "date": date(2026, 3, 2)})
        officer = records.create(db, Person, {"name_ko": "신규 담당", "is_staff": True})
        for fmt in FORMATS:
            text = read_back(write_report(build_meeting_briefing(db, meeting.id), tmp_path / f"m.{fmt}"))
            positions(
                text,
                [
                    "실무 협의 사전 브리핑 자료",
                    "1 면담 개요",
                    "등록된 상대측 인사 없음",
                    "이전 면담 기록 없음",
                    "미이행 후속조치 없음",
                    "등록된 협력채널·협정 없음",
                    "등록된 의제(주제) 없음",
                ],
            )
            text = read_back(write_report(build_handover(db, officer.id), tmp_path / f"h.{fmt}"))
            positions(
                text,
                [
                    "신규 담당 인수인계 자료",
                    "미이행 후속조치 없음",
                    "면담한 상대측 인사 기록 없음",
                    "등록된 협력채널·협정 없음",
                ],
            )
        trip = create_trip(
            db, {"title": "일본 출장", "start_date": date(2026, 3, 15), "end_date": date(2026, 3, 16)}
        )
        text = lines_of(build_trip_briefing(db, trip.id))
        positions(text, ["일본 출장 사전 브리핑 자료", "면담 일정 : 0건", "등록된 면담 없음"])
    finally:
        db.dispose()


def test_service_records_are_detached_and_complete(demo) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    briefing = meeting_briefing(db, _oecd(db).id, on=BEFORE_TRIP)
    (brief,) = briefing.briefs
    assert brief.counterpart.country_code is None and len(brief.counterpart.organization_ids) == 1
    assert [p.person.name_ko for p in brief.profiles] == ["Jerry Sheehan"]
    assert [m.title for m in brief.history] == ["한-OECD 디지털정책 화상협의", "한-OECD 과학기술정책 면담"]
    assert [(a.owed_by.value, a.due.korean_short()) for a in brief.actions] == [("them", "'26.10월")]
    # everything the writers read was loaded before the session closed
    assert brief.actions[0].owner.positions[0].title_ko == "팀장"
    assert brief.profiles[0].previous[0].organization.acronym == "OECD"


# --------------------------------------------------------------------------------------
# the command-line functions


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracker")
    briefing_cli.add_parsers(parser.add_subparsers(dest="command"))
    return parser


def test_command_writes_a_meeting_briefing(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    out = tmp_path / "브리핑.docx"
    args = _parser().parse_args(["briefing", "--meeting", "OECD 양자면담", str(out), "--date", "2025-12-01"])
    assert briefing_cli.run_briefing(db, args) == 0
    _check_oecd(read_back(out))
    assert str(out) in capsys.readouterr().out


@pytest.mark.slow
def test_command_writes_a_trip_briefing_and_a_handover(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    parser = _parser()
    out = tmp_path / "trip.pdf"
    args = parser.parse_args(
        [
            "briefing",
            "--trip",
            "G7 장관회의",
            str(out),
            "--date",
            "2025-12-01",
            "--history",
            "1",
            "--no-contacts",
            "--mask-restricted",
        ]
    )
    assert briefing_cli.run_briefing(db, args) == 0
    text = read_back(out)
    positions(
        text, [f"{n} {label}" for n, (label, _, _) in enumerate(BILATERAL, start=2)], after_schedule(text)
    )
    assert "jerry.sheehan" not in text and _squash("한-OECD 과학기술정책 면담") not in text  # --history 1
    out = tmp_path / "인수인계.md"
    args = parser.parse_args(["handover", "--person", "박진홍", str(out), "--date", "2025-12-01"])
    assert briefing_cli.run_handover(db, args) == 0
    assert _squash("박진홍 팀장 인수인계 자료") in read_back(out)


@pytest.mark.parametrize(
    "argv, words",
    [
        (["briefing", "--meeting", "남극 펭귄 면담"], "남극 펭귄 면담"),
        (["briefing", "--trip", "남극 펭귄 출장"], "남극 펭귄 출장"),
        (["handover", "--person", "홍길동"], "홍길동"),
    ],
)
def test_command_refuses_what_matches_nothing(demo, tmp_path, capsys, argv, words) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    out = tmp_path / "x.docx"
    args = _parser().parse_args([*argv, str(out)])
    run = briefing_cli.run_handover if argv[0] == "handover" else briefing_cli.run_briefing
    assert run(db, args) == 1
    err = capsys.readouterr().err
    assert words in err and "match" in err
    assert not out.exists()


def test_command_lists_the_candidates_of_an_ambiguous_meeting(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    out = tmp_path / "x.pdf"
    assert (
        briefing_cli.run_briefing(db, _parser().parse_args(["briefing", "--meeting", "양자면담", str(out)]))
        == 1
    )
    err = capsys.readouterr().err
    assert "7 meetings match '양자면담'" in err
    for m in find_meetings(db, "양자면담"):
        assert f"{str(m.id)[:8]}  {m.date}  {m.title}" in err
    assert not out.exists()


def test_command_lists_the_candidates_of_an_ambiguous_trip(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    trip = resolve_trip(db, DEMO_TRIP)
    other = create_trip(
        db,
        {
            "title": "2026년 캐나다 ICT 협력 후속 출장",
            "start_date": date(2026, 3, 2),
            "end_date": date(2026, 3, 6),
        },
    )
    try:
        out = tmp_path / "x.md"
        assert (
            briefing_cli.run_briefing(
                db, _parser().parse_args(["briefing", "--trip", "캐나다 ICT", str(out)])
            )
            == 1
        )
        err = capsys.readouterr().err
        assert "2 trips match" in err
        assert trip.title in err and other.title in err
        assert str(trip.id)[:8] in err and str(other.id)[:8] in err
        assert not out.exists()
    finally:
        records.delete(db, Trip, other.id)


def test_command_lists_the_candidates_of_an_ambiguous_person(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    out = tmp_path / "x.html"
    assert briefing_cli.run_handover(db, _parser().parse_args(["handover", "--person", "김", str(out)])) == 1
    err = capsys.readouterr().err
    assert "people match '김'" in err
    for person in find_persons(db, "김"):
        assert f"{str(person.id)[:8]}  {person.name_ko}" in err
    assert not out.exists()
    i18n.set_language("ko")
    assert briefing_cli.run_handover(db, _parser().parse_args(["handover", "--person", "김", str(out)])) == 1
    assert f"'김'에 맞는 사람이 {len(find_persons(db, '김'))}명입니다" in capsys.readouterr().err
    # a whole name wins over the names that contain it; an id prefix finds the person too
    park = _person(db, "박진홍")
    out = tmp_path / "by-id.md"
    assert (
        briefing_cli.run_handover(
            db, _parser().parse_args(["handover", "--person", str(park.id)[:8], str(out)])
        )
        == 0
    )
    assert _squash("박진홍") in read_back(out)


def test_command_checks_the_output_and_the_options(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _ = demo
    parser = _parser()
    assert (
        briefing_cli.run_briefing(
            db, parser.parse_args(["briefing", "--meeting", "OECD", str(tmp_path / "x.txt")])
        )
        == 2
    )
    assert (
        briefing_cli.run_handover(
            db, parser.parse_args(["handover", "--person", "박진홍", str(tmp_path / "nowhere" / "x.pdf")])
        )
        == 1
    )
    for argv in (
        ["briefing", "x.md"],  # neither --meeting nor --trip
        ["briefing", "--meeting", "OECD", "--trip", "G7", "x.md"],
        ["briefing", "--meeting", "OECD", "x.md", "--history", "-1"],
        ["briefing", "--meeting", "OECD", "x.md", "--date", "12/01/2025"],
        ["handover", "x.md"],
        ["handover", "--person", "박진홍", "x.md", "--mask-restricted", "--omit-restricted"],
    ):
        with pytest.raises(SystemExit):
            parser.parse_args(argv)


def test_keypoint_restriction_reaches_the_commitment(fresh) -> None:  # type: ignore[no-untyped-def]
    db, _ = fresh
    oecd = _oecd(db)
    records.update(db, KeyPoint, oecd.key_points[0].id, {"classification": "restricted"})
    text = lines_of(
        build_meeting_briefing(db, oecd.id, BriefingOptions(restricted=Restricted.MASK, today=BEFORE_TRIP))
    )
    assert _squash("韓-WB 글로벌 디지털 서밋") not in text
    commitments = section(text, "4 후속조치 이행 현황", "5 협력채널 및 협정")
    positions(commitments, ["□ 상대측 이행", MASK, "-", "-"])  # no owner, no deadline
    assert _squash("'26.10월") not in commitments
    assert _squash("APEC 공식 옵저버 승인 상황 공유") in text
