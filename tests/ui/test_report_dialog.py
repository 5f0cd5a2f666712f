"""The trip report dialog on the demo G7 trip: sections, meetings and 대외비 handling change the
live preview; Save as writes the file in the format of its extension."""

from __future__ import annotations

import re

import pytest
from docx import Document
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tracker.db.models import Meeting
from tracker.domain import i18n
from tracker.export.demo import load_demo
from tracker.export.report import MASK, ReportOptions, Restricted
from tracker.services import records
from tracker.services.trips import dossier, resolve_trip
from tracker.ui.background import Operation
from tracker.ui.report_dialog import ReportDialog

DEMO_TRIP = "G7 디지털기술 장관회의"
# each bilateral meeting by its counterpart and the name of the person met
BILATERALS = [
    ("미국(상무부)", "William Kimmitt"),
    ("OECD", "Jerry Sheehan"),
    ("캐나다", "Mark Schaan"),
    ("일본", "Imakawa Takuo"),
    ("영국", "Ian Murray"),
    ("미국(OSTP)", "마이클 크라치오스"),
    ("독일", "카르스텐 빌트베르거"),
]
JAPAN_POINT = "양국의 주요 AI 정책 공유"


@pytest.fixture
def errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        Operation, "show_error", classmethod(lambda cls, parent, title, text: shown.append((title, text)))
    )
    return shown


@pytest.fixture
def trip(db):
    load_demo(db)
    return resolve_trip(db, DEMO_TRIP)


def open_dialog(qtbot, db, trip_id=None) -> ReportDialog:
    dialog = ReportDialog(db, trip_id)
    qtbot.addWidget(dialog)
    dialog.show()
    if trip_id is not None:
        wait_preview(qtbot, dialog)
    return dialog


def wait_preview(qtbot, dialog: ReportDialog) -> str:
    """Until the preview shows the options the dialog is set to; its text without spaces."""
    qtbot.waitUntil(
        lambda: dialog.outline is not None and dialog.shown_options == dialog.options(), timeout=10_000
    )
    return squash(dialog.preview.toPlainText())


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def results_part(text: str) -> str:
    """The text of '3 출장 주요 결과' (up to the follow-ups)."""
    start = text.index(squash("출장 주요 결과"))
    end = text.find(squash("후속조치"), text.index(squash("주요 협력국가 양자면담")))
    return text[start:end]


def test_preview_shows_the_seven_bilateral_meetings(qtbot, db, trip, errors):
    dialog = open_dialog(qtbot, db, trip.id)
    assert dialog.meeting_list.count() == 8  # seven bilaterals and the Mila site visit
    assert [dialog.meeting_list.item(i).text() for i in range(2)] == [
        "1. 한-미 상무부 양자면담",
        "2. 한-OECD 양자면담",
    ]
    text = wait_preview(qtbot, dialog)
    part = results_part(text)
    at = 0
    for counterpart, person in BILATERALS:
        at = part.index(squash(counterpart), at)
        at = part.index(squash(person), at)
    assert squash("밀라-퀘벡 AI 연구소 현장방문") in text
    assert dialog.options() == ReportOptions()  # everything, by default
    assert set(dialog.section_boxes) == {
        "overview",
        "itinerary",
        "events",
        "meetings",
        "visits",
        "followups",
        "photos",
    }
    assert errors == []


def test_section_labels_are_korean(qtbot, db, trip, errors):
    i18n.set_language("ko")
    dialog = open_dialog(qtbot, db, trip.id)
    labels = [box.text() for box in dialog.section_boxes.values()]
    assert labels == ["출장 개요", "일정", "행사", "양자면담", "현장방문", "후속조치", "사진"]
    assert [b.text() for b in dialog.restricted_group.buttons()][1] == "[대외비]로 가림"


@pytest.mark.slow
def test_unchecking_a_meeting_removes_it_from_the_preview(qtbot, db, trip, errors):
    dialog = open_dialog(qtbot, db, trip.id)
    assert squash("Imakawa Takuo") in wait_preview(qtbot, dialog)
    dialog.meeting_item(4).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.options().meetings == (1, 2, 3, 5, 6, 7, 8)
    text = wait_preview(qtbot, dialog)
    part = results_part(text)
    for gone in ("Imakawa Takuo", JAPAN_POINT):
        assert squash(gone) not in text
    for _counterpart, person in BILATERALS[:3] + BILATERALS[4:]:
        assert squash(person) in part
    # checked again, it is back; all unchecked, the meetings table goes
    dialog.meeting_item(4).setCheckState(Qt.CheckState.Checked)
    assert dialog.options().meetings is None
    assert squash("Imakawa Takuo") in wait_preview(qtbot, dialog)
    dialog.check_all_meetings(False)
    text = wait_preview(qtbot, dialog)
    assert squash("주요 협력국가 양자면담") not in text and squash("William Kimmitt") not in text


def test_unchecking_sections_removes_them(qtbot, db, trip, errors):
    dialog = open_dialog(qtbot, db, trip.id)
    assert squash("1출장 개요") in wait_preview(qtbot, dialog)
    dialog.section_boxes["overview"].setChecked(False)
    dialog.section_boxes["itinerary"].setChecked(False)
    text = wait_preview(qtbot, dialog)
    assert squash("출장목적") not in text and squash("KE035") not in text
    assert squash("1출장주요결과") in text  # numbering closes up


def test_a_restricted_meeting_is_masked_included_or_omitted(qtbot, db, trip, errors):
    japan = next(m for m in dossier(db, trip.id).meetings if m.title == "한-일 총무성 양자면담")
    records.update(db, Meeting, japan.id, {"classification": "restricted"})
    dialog = open_dialog(qtbot, db, trip.id)
    assert dialog.meeting_item(4).text() == "4. 한-일 총무성 양자면담 (대외비)"

    dialog.restricted_buttons[Restricted.MASK].click()
    assert dialog.options().restricted is Restricted.MASK
    text = wait_preview(qtbot, dialog)
    part = results_part(text)
    assert squash(MASK) in part
    at = part.index(squash("Mark Schaan"))
    # the masked meeting keeps its place between the Canadian and the next meeting, and its
    # counterpart (Japan) is masked with the rest
    assert part.index(squash(MASK), at) < part.index(squash("Ian Murray"), at)
    assert "일본" not in part[at : part.index(squash("Ian Murray"), at)]
    for secret in ("Imakawa", JAPAN_POINT):
        assert squash(secret) not in text

    dialog.restricted_buttons[Restricted.OMIT].click()
    text = wait_preview(qtbot, dialog)
    assert squash(MASK) not in text and "Imakawa" not in text
    assert squash("Ian Murray") in text

    dialog.restricted_buttons[Restricted.INCLUDE].click()
    text = wait_preview(qtbot, dialog)
    assert "Imakawa" in text and text.startswith("대외비")  # the document is marked


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".md"])
def test_save_to_writes_the_file_in_the_format_of_its_extension(qtbot, db, trip, errors, tmp_path, suffix):
    dialog = open_dialog(qtbot, db, trip.id)
    dialog.meeting_item(4).setCheckState(Qt.CheckState.Unchecked)
    wait_preview(qtbot, dialog)
    path = tmp_path / f"출장 결과보고{suffix}"
    op = dialog.save_to(path)
    assert op is not None and op.wait(60)
    assert errors == []
    assert path.exists() and path.stat().st_size > 0
    if suffix == ".docx":
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        for table in Document(str(path)).tables:
            text += "\n".join(c.text for row in table.rows for c in row.cells)
    elif suffix == ".pdf":
        text = "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    else:
        text = path.read_text(encoding="utf-8")
    text = squash(text)
    assert squash("출장 결과보고") in text and "Kimmitt" in text
    assert "Imakawa" not in text  # written with the dialog's options
    assert path.name in dialog.note.text()


def test_save_as_asks_for_the_file_and_refuses_an_unknown_extension(
    qtbot, db, trip, errors, tmp_path, monkeypatch
):
    dialog = open_dialog(qtbot, db, trip.id)
    asked = []
    target = tmp_path / "report.html"
    monkeypatch.setattr(
        ReportDialog,
        "ask_save_path",
        classmethod(lambda cls, parent, suggested: asked.append(suggested) or target),
    )
    op = dialog.save_as()
    assert op is not None and op.wait(30)
    assert asked[0].name == "2025년 캐나다 ICT 협력 및 G7 디지털기술 장관회의 출장 결과보고.docx"
    assert "<!DOCTYPE html>" in target.read_text(encoding="utf-8")

    assert dialog.save_to(tmp_path / "report.txt") is None
    assert not (tmp_path / "report.txt").exists()
    assert "Unsupported file format: .txt" in errors[0][1]


def test_the_trip_can_be_picked_in_the_dialog(qtbot, db, trip, errors):
    dialog = open_dialog(qtbot, db)
    assert dialog.outline is None and not dialog.save_button.isEnabled()
    assert dialog.trip.choose_text("G7")
    text = wait_preview(qtbot, dialog)
    assert dialog.outline.trip_id == trip.id and dialog.save_button.isEnabled()
    assert squash("William Kimmitt") in text


def test_a_trip_picked_in_the_dialog_lists_each_meeting_once_and_space_unticks_it(qtbot, db, trip, errors):
    dialog = open_dialog(qtbot, db)
    dialog.trip.edit.setFocus()
    QTest.keyClicks(dialog.trip.edit, "G7")  # a user types part of the title and picks the match
    assert dialog.trip.choose_text(dialog.trip.edit.text())
    wait_preview(qtbot, dialog)
    qtbot.wait(300)  # a second load of the same trip would land here
    texts = [dialog.meeting_list.item(i).text() for i in range(dialog.meeting_list.count())]
    assert len(texts) == len(set(texts)) == len(dialog.outline.meetings) >= 7
    japan = dialog.meeting_item(4)
    dialog.meeting_list.setFocus()
    dialog.meeting_list.setCurrentItem(japan)
    QTest.keyClick(dialog.meeting_list, Qt.Key.Key_Space)
    assert japan.checkState() == Qt.CheckState.Unchecked
    text = wait_preview(qtbot, dialog)
    assert 4 not in dialog.options().meetings and squash(JAPAN_POINT) not in results_part(text)


def test_enter_in_the_trip_picker_presses_no_button(qtbot, db, trip, errors, monkeypatch):
    """Not Save as, and not "Select all" either (which would tick an unticked meeting back)."""
    asked: list[object] = []
    monkeypatch.setattr(ReportDialog, "ask_save_path", classmethod(lambda cls, *a: asked.append(a)))
    dialog = open_dialog(qtbot, db, trip.id)
    dialog.meeting_item(4).setCheckState(Qt.CheckState.Unchecked)
    dialog.trip.edit.setFocus()
    QTest.keyClick(dialog.trip.edit, Qt.Key.Key_Return)
    assert asked == [] and dialog.isVisible()
    assert dialog.meeting_item(4).checkState() == Qt.CheckState.Unchecked
