"""A follow-up's due date written the way tracker writes it to CSV ("2025-11" for a month,
"2025" for a year) is read from a JSON file as that month or year; a full date with no
precision stays a day; a short form that contradicts the precision given is refused."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tracker.db.models import Action
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision
from tracker.export.interchange import ImportRejected, import_json
from tracker.export.sheets.cells import csv_text


def _file(path: Path, due: dict[str, Any]) -> Path:
    """A file as a colleague's script writes it from a follow-up list: only some fields."""
    records = {
        "persons": [{"id": "person:kim", "name_ko": "김민준", "is_staff": True}],
        "actions": [{"id": "action:mou", "title": "MOU 초안 송부", "owner_id": "person:kim", **due}],
    }
    path.write_text(
        json.dumps(
            {"format": "tracker-interchange", "version": 1, "records": records}, ensure_ascii=False, indent=1
        ),
        encoding="utf-8",
    )
    return path


def _due(db) -> tuple[str, DatePrecision]:  # type: ignore[no-untyped-def]
    with db.read() as s:
        action = s.query(Action).one()
        return action.due_date.isoformat(), action.due_precision


def test_the_month_tracker_writes_to_csv_is_a_month(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    month = csv_text(PrecisionDate.month(2025, 11))  # what the follow-up list's CSV holds
    assert month == "2025-11"
    import_json(db, _file(tmp_path / "a.json", {"due_date": month}))
    assert _due(db) == ("2025-11-01", DatePrecision.MONTH)


def test_a_year_alone_is_a_year(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_json(db, _file(tmp_path / "a.json", {"due_date": "2026", "due_precision": "year"}))
    assert _due(db) == ("2026-01-01", DatePrecision.YEAR)


def test_a_full_date_without_precision_stays_a_day(db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import_json(db, _file(tmp_path / "a.json", {"due_date": "2025-11-01"}))
    assert _due(db) == ("2025-11-01", DatePrecision.DAY)


@pytest.mark.parametrize(
    "due",
    [
        {"due_date": "2025-11", "due_precision": "day"},
        {"due_date": "2025", "due_precision": "month"},
        {"due_date": "2025-13"},
    ],
)
def test_a_short_date_that_cannot_be_meant_is_refused(db, tmp_path, due) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ImportRejected) as info:
        import_json(db, _file(tmp_path / "a.json", due))
    assert "records.actions[0] (id action:mou): due_date" in str(info.value)
    assert due["due_date"] in str(info.value)
    with db.read() as s:
        assert s.query(Action).count() == 0
