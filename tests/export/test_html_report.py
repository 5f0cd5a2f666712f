"""The HTML report as a reader sees it: what an officer typed is shown as typed (a title with
`<script>` or `&` is text, never markup), every section and part is there with its anchor, the
tables keep their spans and widths, and photos travel inside the file."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from PIL import Image

from tracker.export.report.html import render_html
from tracker.export.report.model import (
    Cell,
    Column,
    Heading,
    Line,
    Para,
    Photo,
    Photos,
    Report,
    SubHeading,
    Table,
)

NASTY = "<b>Budget</b> & <script>alert('x')</script> \"quoted\""


class Page(HTMLParser):
    """The elements and the text of a page, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, list[str]] = {}
        self._open: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs) -> None:  # type: ignore[no-untyped-def]
        self.tags.append((tag, dict(attrs)))
        if tag not in ("meta", "col", "img", "br"):
            self._open.append(tag)

    def handle_endtag(self, tag) -> None:  # type: ignore[no-untyped-def]
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text.setdefault(tag, []).append(data)

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]

    def joined(self, tag: str) -> str:
        return "".join(self.text.get(tag, []))


def _report(tmp_path: Path) -> Report:
    photo = tmp_path / "photo.png"
    Image.new("RGB", (8, 8), (10, 20, 30)).save(photo)
    return Report(
        title=f"출장 결과보고 {NASTY}",
        destination_line="(출장지역 : 캐나다(몬트리올) & 미국)",
        periods=["2025.12.06.(토)~12.11.(목), 4박 6일", "2025.12.07.(일)~12.11.(목), 3박 5일"],
        date_line="2025. 12. 24.",
        marking="대외비",
        author=f"홍길동 {NASTY}",
        blocks=[
            Heading("1", f"출장 개요 {NASTY}", key="overview"),
            SubHeading(f"G7 장관회의 {NASTY}"),
            Para(Line(f"본문 {NASTY}", marker="o", level=1, bold=True)),
            Para(Line("각주", marker="※"), style="footnote"),
            Table(
                [Column("일 자", 20), Column("주요 일정", 60)],
                [
                    [Cell([Line("12.6")], rowspan=2, align="center"), Cell([Line(NASTY, marker="-")])],
                    [None, Cell([Line("둘째 일정")])],
                ],
                key="itinerary",
            ),
            Heading("2", "사진", key="photos"),
            Photos(f"양자면담 {NASTY}", [Photo(photo, f"사진 {NASTY}")]),
        ],
    )


def test_what_was_typed_is_shown_as_text_never_as_markup(tmp_path) -> None:
    text = render_html(_report(tmp_path))
    page = Page(text)
    assert not page.all("script") and not page.all("b")  # the typed tags are text
    assert NASTY in page.joined("h1") and NASTY in page.joined("title")
    assert NASTY in page.joined("h2") and NASTY in page.joined("h3") and NASTY in page.joined("p")
    assert NASTY in page.joined("td") and NASTY in page.joined("figcaption")
    assert "&" in page.joined("header")  # '캐나다(몬트리올) & 미국'
    author = next(a for a in page.all("meta") if a.get("name") == "author")
    assert author["content"] == f"홍길동 {NASTY}"
    assert page.all("img")[0]["alt"] == f"사진 {NASTY}"


def test_sections_tables_and_photos_keep_their_shape(tmp_path) -> None:
    text = render_html(_report(tmp_path))
    page = Page(text)
    assert text.startswith("<!DOCTYPE html>") and '<html lang="ko">' in text
    assert [a["id"] for a in page.all("h2")] == ["section-overview", "section-photos"]
    assert page.joined("span").startswith("□ 기    간 :2025.12.06.")  # the label once, then the periods
    assert "대외비" in page.joined("div") and {"class": "marking"} in page.all("div")
    table = page.all("table")[0]
    assert table == {"class": "grid", "data-kind": "itinerary"}
    assert [c["style"] for c in page.all("col")] == ["width:25.0%", "width:75.0%"]
    cells = page.all("td")
    assert cells[0] == {"rowspan": "2", "class": "center"} and len(cells) == 3  # the span hides one
    body = next(a for a in page.all("p") if a.get("class") == "line body bold")
    assert body["style"] == "padding-left:2.20em;text-indent:-1.10em"  # level 1, marker 'o'
    assert "<  양자면담" in page.joined("div")
    assert page.all("img")[0]["src"].startswith("data:image/png;base64,")
    assert "word-break: keep-all" in page.joined("style")  # the styles travel inside the file


def test_no_marking_and_no_author_leave_no_trace(tmp_path) -> None:
    report = _report(tmp_path)
    report.marking = None
    report.author = ""
    page = Page(render_html(report))
    assert {"class": "marking"} not in page.all("div")
    assert not [a for a in page.all("meta") if a.get("name") == "author"]
