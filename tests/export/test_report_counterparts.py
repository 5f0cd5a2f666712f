"""What the report says about a meeting's counterpart and parties is true: each party under
its own organization's country mark (a Korean company's head gets 韓 wherever the meeting is),
등 only where more people attended than are listed, and the counterpart named as the officer
wrote it when the country and organization do not say it rightly."""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest
import sqlalchemy as sa

from tracker.db.models import Meeting
from tracker.db.store import open_database
from tracker.domain.enums import OrgKind
from tracker.export.demo import load_demo
from tracker.export.report import ReportOptions, build_report, write_report
from tracker.export.report.briefing import BriefingOptions, build_meeting_briefing
from tracker.export.report.model import Table
from tracker.services import directory, meeting_save
from tracker.services.trips import resolve_trip

DEMO_TRIP = "G7 디지털기술 장관회의"


@pytest.fixture(scope="module")
def template(tmp_path_factory):  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("counterparts") / "demo.sqlite3"
    db, _ = open_database(path)
    load_demo(db)
    db.dispose()
    return path


@pytest.fixture
def demo(template, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "demo.sqlite3"
    shutil.copy(template, path)
    db, _ = open_database(path)
    yield db
    db.dispose()


def _companies_meeting(db, label: str | None = None):  # type: ignore[no-untyped-def]
    """In Montreal (Canada), a Canadian official and the heads of two Korean companies."""
    trip = resolve_trip(db, DEMO_TRIP)
    samsung = directory.create_organization(
        db, {"name_ko": "삼성전자", "kind": OrgKind.COMPANY, "country_code": "KR"}
    )
    lg = directory.create_organization(
        db, {"name_ko": "LG전자", "kind": OrgKind.COMPANY, "country_code": "KR"}
    )
    ised = directory.create_organization(db, {"name_ko": "캐나다 혁신부", "country_code": "CA"})
    return meeting_save.save_meeting(
        db,
        None,
        {
            "title": "현지 진출 기업 간담회",
            "date": date(2025, 12, 9),
            "timezone": "America/Toronto",
            "country_code": "CA",
            "trip_id": trip.id,
            "counterpart_label": label,
        },
        participants=[
            {"side": "us", "name": "제2차관", "is_head": True},
            {
                "side": "them",
                "name": "Jane Doe",
                "title": "국장",
                "organization_id": ised.id,
                "is_head": True,
            },
            {"side": "them", "name": "김삼성", "title": "사장", "organization_id": samsung.id},
            {"side": "them", "name": "이엘지", "title": "대표", "organization_id": lg.id},
        ],
        key_points=["현지 애로사항 청취"],
        organization_ids=[samsung.id, lg.id],
        topic_ids=[],
        actions=[],
    )


def _row(db, title: str) -> list[str]:  # type: ignore[no-untyped-def]
    report = build_report(db, resolve_trip(db, DEMO_TRIP).id, ReportOptions())
    table = next(b for b in report.blocks if isinstance(b, Table) and b.key == "meetings")
    for row in table.rows:
        if any(
            title in line.text for cell in row if cell is not None for line in cell.lines
        ) or "현지 애로사항 청취" in (row[3].text if row[3] else ""):
            return [cell.text if cell is not None else "" for cell in row]
    raise AssertionError(f"no row for {title}")


def test_each_party_gets_its_own_countrys_mark_and_no_false_etc(demo) -> None:  # type: ignore[no-untyped-def]
    _companies_meeting(demo)
    _, target, who, _ = _row(demo, "현지 진출 기업 간담회")
    ours, theirs = who.split("\n")
    assert ours == "韓 제2차관"  # one attendee: no 등
    assert theirs == "加 Jane Doe 국장, 韓 김삼성 사장 등"  # three attendees, two shown
    # The counterpart is the Korean companies, not Canada's part of them.
    assert target in ("삼성전자", "LG전자")  # the meeting's first organization (stored in no order)


def test_the_officers_counterpart_label_is_what_every_document_says(demo, tmp_path) -> None:  # type: ignore[no-untyped-def]
    m = _companies_meeting(demo, label="현지 진출 우리 기업 대표단")
    _, target, _, _ = _row(demo, "현지 진출 기업 간담회")
    assert target == "현지 진출 우리 기업 대표단"
    report = build_report(demo, resolve_trip(demo, DEMO_TRIP).id, ReportOptions())
    text = re.sub(r"\s+", "", write_report(report, tmp_path / "r.md").read_text(encoding="utf-8"))
    assert "현지진출우리기업대표단" in text and "캐나다(삼성전자)" not in text
    briefing = build_meeting_briefing(demo, m.id, BriefingOptions())
    assert any("면담대상 : 현지 진출 우리 기업 대표단" in line for line in briefing.text_lines())


def test_without_a_label_the_report_builds_it_as_before(demo) -> None:  # type: ignore[no-untyped-def]
    with demo.read() as s:
        assert s.scalars(sa.select(Meeting.counterpart_label)).all()  # the column exists
        assert set(s.scalars(sa.select(Meeting.counterpart_label))) == {None}
    report = build_report(demo, resolve_trip(demo, DEMO_TRIP).id, ReportOptions())
    table = next(b for b in report.blocks if isinstance(b, Table) and b.key == "meetings")
    assert [row[1].text for row in table.rows][:3] == ["미국(상무부)", "OECD", "캐나다"]
