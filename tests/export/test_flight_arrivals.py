"""A flight that, as another program wrote it, lands before it leaves (a late-evening
departure arriving after midnight, with no day offset) is imported as arriving the next day,
printed '18:45+1' in the report and shown with its arrival in the calendar; a line stored
that way before is read the same way."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import sqlalchemy as sa

from tracker.db.models import ItineraryItem
from tracker.export.interchange import import_json
from tracker.export.report import ReportOptions, build_report, write_report
from tracker.export.report.markdown import unescape
from tracker.export.report.model import Table
from tracker.services.calendar import ITINERARY, items_between


def _file(path: Path) -> Path:
    """A file from a travel agent's converter: times at each airport, no day offsets."""
    records = {
        "trips": [
            {
                "id": "trip:paris",
                "title": "OECD 디지털경제정책위원회 출장",
                "start_date": "2025-12-06",
                "end_date": "2025-12-12",
            }
        ],
        "itinerary_items": [
            {
                "id": "line:out",
                "trip_id": "trip:paris",
                "date": "2025-12-06",
                "seq": 1,
                "start_time": "23:50",
                "end_time": "01:20",
                "timezone": "Asia/Seoul",
                "kind": "other",
                "description": "인천공항 집결 및 탑승 수속",
            },
            {
                "id": "line:back",
                "trip_id": "trip:paris",
                "date": "2025-12-11",
                "seq": 2,
                "start_time": "23:30",
                "end_time": "18:45",
                "timezone": "Europe/Paris",
                "end_timezone": "Asia/Seoul",
                "kind": "flight",
                "description": "파리 출발 및 인천 도착",
                "reference": "KE902",
            },
        ],
    }
    path.write_text(
        json.dumps({"format": "tracker-interchange", "version": 1, "records": records}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def _trip_id(db):  # type: ignore[no-untyped-def]
    with db.read() as s:
        return s.scalar(sa.select(ItineraryItem.trip_id).limit(1))


def _times(db) -> list[str]:  # type: ignore[no-untyped-def]
    report = build_report(db, _trip_id(db), ReportOptions())
    table = next(b for b in report.blocks if isinstance(b, Table) and b.key == "itinerary")
    return [row[1].text for row in table.rows]


def _arrival_in_calendar(db):  # type: ignore[no-untyped-def]
    (item,) = [
        i
        for i in items_between(db, date(2025, 12, 11), date(2025, 12, 13), "Asia/Seoul")
        if i.kind == ITINERARY and "파리" in i.title
    ]
    return item


def test_imported_night_flights_land_the_next_day(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_json(db, _file(tmp_path / "agent.json"))
    with db.read() as s:
        offsets = dict(s.execute(sa.select(ItineraryItem.description, ItineraryItem.end_day_offset)).all())
    assert offsets == {"인천공항 집결 및 탑승 수속": 1, "파리 출발 및 인천 도착": 1}
    assert _times(db) == ["23:50~01:20+1", "23:30~18:45+1"]
    item = _arrival_in_calendar(db)
    assert item.end is not None and item.local_end_date == date(2025, 12, 12)
    assert (item.end - item.start).total_seconds() == 11 * 3600 + 15 * 60
    text = write_report(build_report(db, _trip_id(db), ReportOptions()), tmp_path / "r.md").read_text("utf-8")
    assert "23:30~18:45+1" in unescape(text)


def test_a_line_stored_without_its_day_is_read_as_the_next_day(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_json(db, _file(tmp_path / "agent.json"))
    with db.transaction() as s:  # as an older tracker stored it
        s.execute(sa.update(ItineraryItem).values(end_day_offset=0))
    assert _times(db) == ["23:50~01:20+1", "23:30~18:45+1"]
    item = _arrival_in_calendar(db)
    assert item.end is not None and item.local_end_date == date(2025, 12, 12)
