"""The trip result report (출장 결과보고) of the demo G7 trip, written in every format and read
back with each format's own reader: python-docx, pypdf, the HWPX package (python-hwpx and its
section XML), and the Markdown and HTML text."""

from __future__ import annotations

import argparse
import html
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from hwpx import HwpxDocument
from PIL import Image
from pypdf import PdfReader

from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.domain.enums import MeetingKind
from tracker.export.demo import load_demo
from tracker.export.report import (
    MASK,
    ReportOptions,
    Restricted,
    build_report,
    cli_command,
    parse_sections,
    write_report,
)
from tracker.export.report.builder import time_range
from tracker.export.report.markdown import unescape
from tracker.services import records
from tracker.services.attachments import add_attachment
from tracker.services.trips import create_trip, dossier, resolve_trip

FORMATS = ("docx", "pdf", "hwpx", "md", "html")
DEMO_TRIP = "G7 디지털기술 장관회의"

# --------------------------------------------------------------------------------------
# reading the files back


def _squash(text: str) -> str:
    """Compare without whitespace: line breaks in table cells and tabs after marks differ
    from format to format; the words and their order do not."""
    return re.sub(r"\s+", "", text)


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    out: list[str] = []

    def walk(container) -> None:  # type: ignore[no-untyped-def]
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                out.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
            elif child.tag == qn("w:tbl"):
                for tr in child.iter(qn("w:tr")):
                    for tc in tr.iterchildren(qn("w:tc")):
                        walk(tc)

    walk(doc.element.body)
    return "\n".join(out)


def pdf_text(path: Path) -> str:
    reader = PdfReader(str(path))
    pages = [page.extract_text() or "" for page in reader.pages]
    # the page numbers and the 대외비 mark at the top of every page are not part of the flow
    lines = [
        line
        for page in pages
        for line in page.splitlines()
        if not re.fullmatch(r"\s*-\s*\d+\s*-\s*", line) and line.strip() != "대외비"
    ]
    return "\n".join(lines)


def hwpx_section_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        names = sorted(n for n in zf.namelist() if re.fullmatch(r"Contents/section\d+\.xml", n))
        return "".join(zf.read(n).decode("utf-8") for n in names)


def hwpx_text(path: Path) -> str:
    """The text runs of the section XML in document order (table cells included)."""
    runs = re.findall(r"<hp:t(?:\s[^>]*)?>(.*?)</hp:t>", hwpx_section_xml(path), flags=re.S)
    return html.unescape("\n".join(re.sub(r"<[^>]+>", "", run) for run in runs))


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs) -> None:  # type: ignore[no-untyped-def]
        if tag in ("style", "title"):
            self._skip += 1

    def handle_endtag(self, tag) -> None:  # type: ignore[no-untyped-def]
        if tag in ("style", "title"):
            self._skip -= 1
        self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(path: Path) -> str:
    parser = _HTMLText()
    parser.feed(path.read_text(encoding="utf-8"))
    return "".join(parser.parts)


def md_text(path: Path) -> str:
    text = path.read_text(encoding="utf-8").replace("<br>", "\n")
    text = re.sub(r"(?<!\\)\|", "\n", text)  # table cell borders
    return unescape(text)


READERS = {"docx": docx_text, "pdf": pdf_text, "hwpx": hwpx_text, "md": md_text, "html": html_text}


def read_back(path: Path) -> str:
    return _squash(READERS[path.suffix.lstrip(".")](path))


def positions(haystack: str, needles: list[str], start: int = 0) -> list[int]:
    """Where each needle is found, each after the one before: fails on the first missing or
    out of order."""
    found = []
    pos = start
    for needle in needles:
        n = _squash(needle)
        at = haystack.find(n, pos)
        assert at >= 0, f"{needle!r} not found after position {pos}: ...{haystack[pos : pos + 200]}..."
        found.append(at)
        pos = at + len(n)
    return found


def sections(text: str) -> dict[str, tuple[int, int]]:
    """The span of each numbered section in the squashed text."""
    starts = positions(text, ["1출장개요", "2일정", "3출장주요결과", "4후속조치"])
    names = ["overview", "itinerary", "results", "followups"]
    ends = starts[1:] + [len(text)]
    return {name: (s, e) for name, s, e in zip(names, starts, ends, strict=True)}


# --------------------------------------------------------------------------------------
# fixtures


def _png(path: Path, color: tuple[int, int, int]) -> Path:
    Image.new("RGB", (480, 320), color).save(path)
    return path


def _open_demo(path: Path):  # type: ignore[no-untyped-def]
    db, _ = open_database(path)
    load_demo(db)
    return db


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The demo database with two photos: one of the trip, one of the OECD meeting."""
    folder = tmp_path_factory.mktemp("report")
    db = _open_demo(folder / "demo.sqlite3")
    trip = resolve_trip(db, DEMO_TRIP)
    oecd = next(m for m in dossier(db, trip.id).meetings if m.title == "한-OECD 양자면담")
    add_attachment(
        db, _png(folder / "oecd.png", (40, 90, 160)), meeting_id=oecd.id, caption="한-OECD 양자면담 사진"
    )
    add_attachment(
        db, _png(folder / "g7.png", (160, 60, 40)), trip_id=trip.id, caption="G7 장관회의 단체 사진"
    )
    yield db, trip, folder
    db.dispose()


@pytest.fixture(scope="module")
def written(demo) -> dict[str, Path]:  # type: ignore[no-untyped-def]
    db, trip, folder = demo
    report = build_report(db, trip.id, ReportOptions())
    return {fmt: write_report(report, folder / f"결과보고.{fmt}") for fmt in FORMATS}


@pytest.fixture(scope="module")
def texts(written) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {fmt: read_back(path) for fmt, path in written.items()}


@pytest.fixture(scope="module")
def facts(demo):  # type: ignore[no-untyped-def]
    db, trip, _ = demo
    return dossier(db, trip.id)


# --------------------------------------------------------------------------------------
# content, in every format


@pytest.mark.parametrize("fmt", FORMATS)
def test_title_block_and_sections_in_order(texts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    positions(
        text,
        [
            "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장 결과보고",
            "(출장지역 : 캐나다(몬트리올))",
            "2025.12.06.(토)~12.11.(목), 4박 6일",
            "2025.12.06.(토)~12.10.(수), 4박 5일",
            "2025. 12. 24.",
        ],
    )
    sections(text)  # 1 출장 개요, 2 일정, 3 출장 주요 결과, 4 후속조치, in this order


@pytest.mark.parametrize("fmt", FORMATS)
def test_overview_has_purpose_and_every_traveller(texts, facts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    start, end = sections(text)["overview"]
    part = text[start:end]
    positions(
        part,
        [
            "출장목적",
            "o 2025 G7 산업 및 디지털·기술 장관회의*에서",
            "o 주요 협력국가들과",
            "* (G7 산업 및 디지털·기술 장관회의) :",
            "** 미국, 캐나다, 일본, 독일, 영국, OECD",
            "출장일정 : '25.12.06.(토) ~ 12.11.(목), 4박 6일",
            "출장지 : 캐나다(몬트리올)",
            "출장자 및 담당업무",
            "성명",
            "직급",
            "출장기간",
            "출장지",
            "주요업무",
        ],
    )
    expected = []
    for member in facts.trip.members:
        expected += [member.person.name_ko, member.title]
    positions(part, expected)
    positions(
        part,
        [
            "박진홍",
            "팀장",
            "12.06(토)~12.11(목)",
            "(4박 6일)",
            "캐나다(몬트리올)",
            "o 한-캐 AI 협력 강화 및 G7 장관회의 지원 총괄",
            "- 밀라연구소 방문",
            "조목은",
            "수석",
            "12.06(토)~12.10(수)",
            "(4박 5일)",
            "o 한-캐 AI 협력 강화 및 G7 장관회의 지원 실무",
            "※ 조목은 수석은 미국(뉴욕)-캐나다(몬트리올)-미국(뉴욕) 일정으로 합류",
        ],
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_itinerary_rows_with_times_and_flights_in_order(texts, facts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    start, end = sections(text)["itinerary"]
    part = text[start:end]
    expected: list[str] = []
    for item in facts.trip.itinerary:
        expected.append(time_range(item.start_time, item.end_time, item.end_day_offset))
        expected.append(item.description)
        expected += (item.reference or "").split()
    assert len(facts.trip.itinerary) == 27
    positions(part, expected)
    positions(
        part,
        [
            "07:00~16:50+1",
            "캐나다 출국 및 인천 입국",
            "박진홍 팀장(몬트리올→토론토 경유→인천)",
            "AC401",
            "KE078",
        ],
    )
    positions(
        part, ["12.6", "(토)", "09:45~13:54", "KE035", "KE3769", "12.7", "(일)", "12.10(수)", "~11(목)"]
    )


def _bilateral_expectations() -> list[list[str]]:
    return [
        [
            "1",
            "미국(상무부)",
            "韓 제2차관, 다자협력담당관",
            "美 William Kimmitt 통상차관",
            "韓 테크기업들의 미국 투자 유치 및 향후 협력 논의",
            "韓 AI 생태계와 美 AI 풀스택 논의",
            "美 상무부 수출 프로그램 소개 등",
        ],
        [
            "2",
            "OECD",
            "韓 제2차관, 다자협력담당관",
            "OECD Jerry Sheehan 국장",
            "韓-WB 글로벌 디지털 서밋(’26.10월)에 OECD 참여 요청",
            "APEC 공식 옵저버 승인 상황 공유",
            "양자 및 AI 관련 프로그램 등 논의",
        ],
        [
            "3",
            "캐나다",
            "韓 제2차관, 다자협력담당관",
            "加 Mark Schaan ISED 부차관보",
            "AI분야 양국 간 계속적 협력 희망",
            "韓-캐나다 과학기술혁신공동위원회 운영 현황 공유",
            "G7 플러스 참여에 대한 논의",
        ],
        [
            "4",
            "일본",
            "韓 제2차관, 다자협력담당관",
            "日 Imakawa Takuo 총무성 차관",
            "양국의 주요 AI 정책 공유",
            "제2차 한·일 ICT 정책 포럼 관련 양국 희망 의제 및 참석레벨 논의",
            "장관급 대면회의 개최 계획(’26.3.15.~16.,도쿄) 공유 및 우리측 고위급 참석 요청",
        ],
        [
            "5",
            "영국",
            "韓 제2차관, 다자협력담당관",
            "英 Ian Murray 디지털 장관",
            "韓 GPU 등 AI 인프라, AI 활용 촉진 정책 및 英 공공 부문 AI 도입을 위한 AI Blueprint, GDS 등 정책 공유",
            "英 아동 보호를 위한 온라인 안전법 도입 공유",
            "韓 국민 디지털·AI 활용도 및 디지털 격차 해소 방안 등 공유",
        ],
        [
            "6",
            "미국(OSTP)",
            "韓 제2차관, 다자협력담당관",
            "美 마이클 크라치오스 실장",
            "韓, 美의 제네시스 미션 및 수출 프로그램에 대한 한국 기업의 참여 가능성 타진",
            "비자 이슈 등 양국 간 협력사항 논의",
        ],
        [
            "7",
            "독일",
            "韓 제2차관, 다자협력담당관",
            "獨 카르스텐 빌트베르거 장관",
            "‘26년 한-독 디지털대화 관심·지원 요청",
            "통신인프라 로드맵, AI 인프라·기초모델 협력 논의",
            "ITU 전권회의 관련 논의 등",
        ],
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_results_events_bilaterals_and_site_visit_in_order(texts, facts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    start, end = sections(text)["results"]
    part = text[start:end]
    event_at = positions(
        part,
        [
            "2025 G7 산업 및 디지털·기술 장관회의 참가",
            "o 일시/장소 : '25.12.08.(월)~12.09.(화), Le Westin Montreal Hotel",
            "- 세션 1 : G7 공급망 논의",
            "- 세션 5 : AI, 양자(Quantum) 및 신흥 기술",
        ],
    )
    table_at = positions(
        part,
        [
            "주요 협력국가 양자면담",
            "o 일시/장소 : 2025.12.08.~09., Le Westin Montreal Hotel",
            "순번",
            "면담대상",
            "주요참석자",
            "주요 내용",
        ],
        event_at[-1],
    )
    # all seven bilateral meetings, each with both sides (head first) and its key points, in 순번 order
    bilateral = [m for m in facts.meetings if m.kind == MeetingKind.BILATERAL]
    assert [m.seq for m in bilateral] == [1, 2, 3, 4, 5, 6, 7]
    expected = [token for row in _bilateral_expectations() for token in row]
    assert len(expected) > 40
    at = positions(part, expected, table_at[-1])
    # then the Mila visit, its overview and the three party lines in order
    positions(
        part,
        [
            "밀라-퀘벡 AI 연구소 현장방문",
            "□ 현장방문 개요",
            "o (일시/장소) '25.12.09.(화), 17:00~18:10, 밀라-퀘벡 AI 연구소",
            "o (참석자) 과기정통부 제2차관, Elisa Valentin 차관보(퀘벡주 국제관계·프랑코니부), Remi Quirion 수석과학자(경제혁신 에너지부), "
            "Valerie Pisano 대표(밀라연구소), 밀라연구소 연구원 및 한국대표단 등 총 26명",
            "o (주요내용) 밀라연구소 연구현황 설명 및 향후 협력방안 논의 등",
            "- (한국) 밀라연구소의 성공 요인과 국가 AI 연구 협력 확대, 국가 AI 연구소 설립 관련 자문을 요청함",
            "- (밀라연구소) 한국 측 협력 확대 의지를 환영하며, 후속 협의와 교류를 통해 협력을 추진하겠다고 밝힘",
            "- (퀘벡주정부) 사회적 공조 개념을 향후 밀라–한국 간 협력의 모델로 제안하고, AI 로보틱스·영상 응용 분야 중심의 협력을 제시함",
        ],
        at[-1],
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_followups_with_precision_dates_in_order(texts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    start, end = sections(text)["followups"]
    part = text[start:end]
    positions(part, ["순번", "후속조치", "이행 주체", "담당", "기한", "상태"])
    # row order follows the meetings: 상무부, OECD, 캐나다, 일본 x2, OSTP x2, 독일, Mila x2
    at = positions(
        part,
        [
            "美 상무부 수출 프로그램 세부 내용 확인 및 국내 공유",
            "우리측",
            "조목은 수석",
            "미착수",
            "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신",
            "상대측",
            "박진홍 팀장 '26.10월",
            "미착수",
            "韓-캐나다 과학기술혁신공동위원회 후속 운영 협의",
            "양측",
            "제2차 한·일 ICT 정책 포럼 의제 및 참석레벨 협의",
            "일본 장관급 대면회의('26.3.15.~16., 도쿄) 우리측 고위급 참석 검토",
            "우리측",
            "박진홍 팀장 '26.3.15.~16.",
            "美 제네시스 미션 및 수출 프로그램 한국 기업 참여 가능성 확인",
            "비자 이슈 등 한-미 협력사항 후속 협의",
            "'26년 한-독 디지털대화 개최 준비",
            "박진홍 팀장 '26년",
            "밀라연구소와 후속 협의",
            "퀘벡주정부 제안(사회적 공조 모델, AI 로보틱스·영상 응용 협력) 검토",
        ],
    )
    assert at[6] < at[13]  # '26.10월 (OECD) comes before '26.3.15.~16. (Japan)
    # the due dates appear in 4 후속조치 and not as deadlines anywhere before it
    assert _squash("팀장'26.10월") not in text[:start]


@pytest.mark.parametrize("fmt", FORMATS)
def test_photos_with_captions(written, texts, fmt) -> None:  # type: ignore[no-untyped-def]
    text = texts[fmt]
    start, end = sections(text)["results"]
    positions(
        text[start:end],
        [
            "< G7 산업 및 디지털·기술 장관회의 주요 사진 >",
            "G7 장관회의 단체 사진",
            "< 양자면담 주요 사진 >",
            "한-OECD 양자면담 사진",
        ],
    )
    path = written[fmt]
    if fmt == "docx":
        assert len(Document(str(path)).inline_shapes) == 2
    elif fmt == "pdf":
        images = [name for page in PdfReader(str(path)).pages for name in page.images]
        assert len(images) == 2
    elif fmt == "hwpx":
        with zipfile.ZipFile(path) as zf:
            assert len([n for n in zf.namelist() if n.startswith("BinData/")]) == 2
    elif fmt == "html":
        assert path.read_text(encoding="utf-8").count('src="data:image/png;base64,') == 2
    elif fmt == "md":
        assert path.read_text(encoding="utf-8").count("](file://") == 2


# --------------------------------------------------------------------------------------
# each format's own checks


def test_pdf_embeds_the_korean_font_on_a4(written) -> None:  # type: ignore[no-untyped-def]
    reader = PdfReader(str(written["pdf"]))
    assert len(reader.pages) >= 3
    fonts = set()
    for page in reader.pages:
        assert round(float(page.mediabox.width)) == 595 and round(float(page.mediabox.height)) == 842
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None and "/FontFile2" in descriptor.get_object(), font["/BaseFont"]
            assert "/ToUnicode" in font  # so that the text extracts
            fonts.add(str(font["/BaseFont"]).split("+", 1)[-1])
    assert fonts <= {"NanumGothic", "NanumGothicBold"} and "NanumGothic" in fonts
    assert "韓제2차관" in read_back(written["pdf"])  # Hangul and Hanja extract, no empty boxes


def test_docx_sets_the_east_asian_font_a4_borders_and_merges(written) -> None:  # type: ignore[no-untyped-def]
    doc = Document(str(written["docx"]))
    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    styles_xml = doc.styles.element.xml
    assert "eastAsiaTheme" not in styles_xml
    rfonts = doc.styles["Normal"].element.rPr.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "맑은 고딕"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "맑은 고딕"
    body = doc.element.body.xml
    assert "<w:tblBorders>" in body
    assert 'w:vMerge w:val="restart"' in body  # the itinerary's day cells (and 출장지) are merged
    itinerary = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "일 자")
    first_day = itinerary.rows[1].cells[0]
    assert first_day.text.split() == ["12.6", "(토)"]
    assert itinerary.rows[3].cells[0]._tc is first_day._tc  # one cell down the three rows of 12.6


def test_hwpx_opens_validates_and_every_reference_resolves(written) -> None:  # type: ignore[no-untyped-def]
    path = written["hwpx"]
    doc = HwpxDocument.open(path)
    assert doc.validate().issues == ()
    texts = [p.text for p in doc.paragraphs]
    assert any("출장 결과보고" in t for t in texts)
    assert len(doc.sections) == 1
    with zipfile.ZipFile(path) as zf:
        header = zf.read("Contents/header.xml").decode("utf-8")
    section = hwpx_section_xml(path)
    for attr, element in (
        ("charPrIDRef", "charPr"),
        ("paraPrIDRef", "paraPr"),
        ("borderFillIDRef", "borderFill"),
    ):
        defined = set(re.findall(rf'<hh:{element}\b[^>]*\bid="(\d+)"', header))
        used = set(re.findall(rf'{attr}="(\d+)"', section))
        assert used <= defined, f"{attr} {sorted(used - defined)} not defined in header.xml"
    assert "출장 결과보고" in section and "16:50+1" in section and "AC401" in section


def test_markdown_and_html_are_readable_text(written) -> None:  # type: ignore[no-untyped-def]
    md = written["md"].read_text(encoding="utf-8")
    assert md.startswith("# 2025년 캐나다 ICT 협력")
    assert "## 2 일정" in md and "| 일 자 | 시  간 | 주요 일정 | 비고 |" in md
    html = written["html"].read_text(encoding="utf-8")
    assert "<script" not in html and "http://" not in html.split("<body>", 1)[1]  # self-contained
    assert 'rowspan="3"' in html  # 12.6 spans its three itinerary rows


# --------------------------------------------------------------------------------------
# options


@pytest.fixture
def restricted_demo(tmp_path):  # type: ignore[no-untyped-def]
    """A fresh demo database whose Japan meeting is 대외비."""
    db = _open_demo(tmp_path / "restricted.sqlite3")
    trip = resolve_trip(db, DEMO_TRIP)
    japan = next(m for m in dossier(db, trip.id).meetings if m.title == "한-일 총무성 양자면담")
    records.update(db, Meeting, japan.id, {"classification": "restricted"})
    yield db, trip, tmp_path
    db.dispose()


@pytest.mark.parametrize("fmt", FORMATS)
def test_restricted_meeting_is_masked(restricted_demo, fmt) -> None:  # type: ignore[no-untyped-def]
    db, trip, folder = restricted_demo
    report = build_report(db, trip.id, ReportOptions(restricted=Restricted.MASK))
    text = read_back(write_report(report, folder / f"masked.{fmt}"))
    start, end = sections(text)["results"]
    part = text[start:end]
    # the row stays, numbered 4; its counterpart, participants and points are [대외비]
    positions(part, ["3", "캐나다", "G7 플러스 참여에 대한 논의", "4", MASK, MASK, MASK, "5", "영국"])
    for secret in ("Imakawa", "양국의 주요 AI 정책 공유", "장관급 대면회의 개최 계획"):
        assert _squash(secret) not in text
    # its follow-ups are masked too; the others are not
    followups = text[sections(text)["followups"][0] :]
    assert followups.count(MASK) == 2
    assert _squash("제2차 한·일 ICT 정책 포럼 의제") not in followups
    assert _squash("韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신") in followups
    assert report.marking is None


def test_restricted_meeting_omitted_or_included(restricted_demo) -> None:  # type: ignore[no-untyped-def]
    db, trip, folder = restricted_demo
    omitted = read_back(
        write_report(
            build_report(db, trip.id, ReportOptions(restricted=Restricted.OMIT)), folder / "omitted.md"
        )
    )
    for secret in ("Imakawa", "양자면담(일본)", "제2차 한·일 ICT 정책 포럼", MASK):
        assert _squash(secret) not in omitted
    start, end = sections(omitted)["results"]
    positions(omitted[start:end], ["3", "캐나다", "4", "영국", "5", "미국(OSTP)", "6", "독일"])

    included = build_report(db, trip.id, ReportOptions())
    assert included.marking == "대외비"
    text = read_back(write_report(included, folder / "included.pdf"))
    assert _squash("日 Imakawa Takuo 총무성 차관") in text
    assert _squash("일본(대외비)") in text
    header = Document(str(write_report(included, folder / "included.docx"))).sections[0].header
    assert header.paragraphs[0].text == "대외비"


def test_sections_and_meetings_options(demo) -> None:  # type: ignore[no-untyped-def]
    db, trip, _ = demo
    options = ReportOptions(sections=parse_sections("meetings,followups"), meetings=(2, 4))
    report = build_report(db, trip.id, options)
    text = _squash("\n".join(report.text_lines()))
    assert "1후속조치" not in text and "1출장주요결과" in text and "2후속조치" in text
    assert _squash("출장자 및 담당업무") not in text and "09:45~13:54" not in text
    positions(
        text,
        [
            "1",
            "OECD",
            "2",
            "일본",
            "韓-WB 글로벌 디지털 서밋('26.10월) OECD 참여 회신",
            "제2차 한·일 ICT 정책 포럼 의제",
            "'26.3.15.~16.",
        ],
    )
    assert _squash("미국(상무부)") not in text and _squash("밀라연구소와 후속 협의") not in text
    with pytest.raises(ValueError):
        parse_sections("overview,bogus")


# --------------------------------------------------------------------------------------
# the command


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tracker")
    cli_command.add_parser(parser.add_subparsers(dest="command"))
    return parser


def test_command_writes_the_report(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = demo
    out = tmp_path / "보고서.md"
    args = _parser().parse_args(
        [
            "report",
            "--trip",
            "G7 장관회의",
            str(out),
            "--sections",
            "overview,itinerary",
            "--sections",
            "followups",
            "--meetings",
            "1-2",
            "--mask-restricted",
        ]
    )
    assert cli_command.run(db, args) == 0
    text = md_text(out)
    assert "16:50+1" in text and "'26.10월" in text and "주요 협력국가 양자면담" not in text
    assert str(out) in capsys.readouterr().out


def test_command_refuses_an_unknown_trip(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = demo
    args = _parser().parse_args(["report", "--trip", "남극 펭귄 출장", str(tmp_path / "x.docx")])
    assert cli_command.run(db, args) == 1
    assert "남극 펭귄 출장" in capsys.readouterr().err
    assert not (tmp_path / "x.docx").exists()


def test_command_lists_the_candidates_of_an_ambiguous_trip(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, trip, _ = demo
    from datetime import date

    other = create_trip(
        db,
        {
            "title": "2026년 캐나다 ICT 협력 후속 출장",
            "start_date": date(2026, 3, 2),
            "end_date": date(2026, 3, 6),
        },
    )
    try:
        args = _parser().parse_args(["report", "--trip", "캐나다 ICT", str(tmp_path / "x.pdf")])
        assert cli_command.run(db, args) == 1
        err = capsys.readouterr().err
        assert "2 trips match" in err
        assert trip.title in err and other.title in err
        assert str(trip.id)[:8] in err and str(other.id)[:8] in err
        assert not (tmp_path / "x.pdf").exists()
    finally:
        from tracker.db.models import Trip

        records.delete(db, Trip, other.id)


def test_command_refuses_unknown_formats_and_meeting_numbers(demo, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    db, _, _ = demo
    parser = _parser()
    assert (
        cli_command.run(db, parser.parse_args(["report", "--trip", DEMO_TRIP, str(tmp_path / "x.txt")])) == 2
    )
    assert (
        cli_command.run(
            db,
            parser.parse_args(["report", "--trip", DEMO_TRIP, str(tmp_path / "x.md"), "--meetings", "1,12"]),
        )
        == 1
    )
    assert "12" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "--trip", DEMO_TRIP, "x.md", "--sections", "everything"])
    with pytest.raises(SystemExit):
        parser.parse_args(["report", "--trip", DEMO_TRIP, "x.md", "--mask-restricted", "--omit-restricted"])


def test_a_bare_trip_still_gives_a_report_in_every_format(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    db, _ = open_database(tmp_path / "bare.sqlite3")
    try:
        trip = create_trip(
            db,
            {
                "title": "일본 출장",
                "destination": "일본(도쿄)",
                "start_date": date(2026, 3, 15),
                "end_date": date(2026, 3, 16),
                "classification": "restricted",
            },
        )
        included = build_report(db, trip.id)
        assert included.marking == "대외비"
        assert included.periods == ["2026.03.15.(일)~03.16.(월), 1박 2일"]
        for fmt in FORMATS:
            text = read_back(
                write_report(
                    build_report(db, trip.id, ReportOptions(restricted=Restricted.MASK)),
                    tmp_path / f"bare.{fmt}",
                )
            )
            positions(
                text,
                [
                    "일본 출장 결과보고",
                    "(출장지역 : 일본(도쿄))",
                    "1출장개요",
                    "출장일정 : '26.03.15.(일) ~ 03.16.(월), 1박 2일",
                    "2일정",
                    "등록된 일정 없음",
                    "3후속조치",
                    "등록된 후속조치 없음",
                ],
            )
    finally:
        db.dispose()


def test_restricted_key_point_is_masked_or_omitted_alone(restricted_demo) -> None:  # type: ignore[no-untyped-def]
    from tracker.db.models import KeyPoint

    db, trip, folder = restricted_demo
    oecd = next(m for m in dossier(db, trip.id).meetings if m.title == "한-OECD 양자면담")
    records.update(db, KeyPoint, oecd.key_points[0].id, {"classification": "restricted"})
    secret = "韓-WB 글로벌 디지털 서밋"
    for fmt in ("pdf", "hwpx"):
        text = read_back(
            write_report(
                build_report(db, trip.id, ReportOptions(restricted=Restricted.MASK)), folder / f"kp.{fmt}"
            )
        )
        results = text[slice(*sections(text)["results"])]
        # the OECD row keeps its people and its other points; the first point is [대외비]
        positions(results, ["2", "OECD", "OECD Jerry Sheehan 국장", MASK, "APEC 공식 옵저버 승인 상황 공유"])
        assert _squash(secret) not in text  # neither the point nor the follow-up drawn from it
    omitted = build_report(db, trip.id, ReportOptions(restricted=Restricted.OMIT))
    lines = _squash("\n".join(omitted.text_lines()))
    assert _squash(secret) not in lines and MASK not in lines
    assert _squash("APEC 공식 옵저버 승인 상황 공유") in lines


def test_a_meeting_longer_than_a_page_is_written_whole(restricted_demo) -> None:  # type: ignore[no-untyped-def]
    """Sixty long key points make one row of the meetings table taller than a page: every
    format breaks it across pages instead of failing (the PDF stopped with a LayoutError) or
    cutting it off."""
    from tracker.services.meetings import replace_key_points

    db, trip, folder = restricted_demo
    oecd = next(m for m in dossier(db, trip.id).meetings if m.title == "한-OECD 양자면담")
    point = "양측은 디지털 전환, 인공지능 안전, 반도체 공급망과 인력 교류를 포함한 협력 의제 전반을 점검함"
    replace_key_points(db, oecd.id, [f"{k}번째 {point}" for k in range(1, 61)])
    report = build_report(db, trip.id, ReportOptions())
    for fmt in ("docx", "pdf", "hwpx"):
        text = read_back(write_report(report, folder / f"long-meeting.{fmt}"))
        positions(text, [_squash(f"{k}번째 {point}") for k in range(1, 61)] + ["후속조치"])
    # HWPX: that table may break inside a row (the others split between rows only)
    assert 'pageBreak="CELL"' in hwpx_section_xml(folder / "long-meeting.hwpx")


def test_the_officers_corrected_nights_reach_the_report(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The trip page and the report tell one count: a corrected 박 shows in both."""
    from tracker.db.models import Trip

    db = _open_demo(tmp_path / "nights.sqlite3")
    try:
        trip = resolve_trip(db, DEMO_TRIP)
        with db.transaction() as s:
            s.get(Trip, trip.id).nights = 3  # say one night was spent on a train
        report = build_report(db, trip.id, ReportOptions())
        text = read_back(write_report(report, tmp_path / "r.md"))
        assert _squash("2025.12.06.(토)~12.11.(목), 3박 6일") in text
        assert (
            _squash("2025.12.06.(토)~12.10.(수), 4박 5일") in text
        )  # the colleague's own period is not corrected
    finally:
        db.dispose()


def test_no_table_row_of_the_word_report_breaks_across_pages(written):
    document = Document(str(written["docx"]))
    rows = [row for table in document.tables for row in table.rows]
    assert len(rows) > 30  # the itinerary and the meetings are there
    split = [r for r in rows if r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None]
    assert split == []


def test_the_local_time_remark_comes_before_the_itinerary_table(texts):
    for fmt in ("docx", "pdf", "md", "html"):
        text = texts[fmt]
        remark, first_row = text.find("현지"), text.find("출국")
        assert 0 <= remark < first_row, fmt
