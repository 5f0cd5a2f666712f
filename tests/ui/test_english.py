"""English dates never show Korean month names, even where the process locale is Korean (Qt sets
it from the system, and strftime's %b follows it: "8 12월 2025")."""

from __future__ import annotations

import locale
import os
import shutil
import subprocess
from datetime import date

import pytest

from tracker.domain import i18n
from tracker.domain.dates import PrecisionDate
from tracker.domain.enums import DatePrecision
from tracker.services import holidays
from tracker.ui.fields import DateField
from tracker.ui.format import display, due_text, format_date


@pytest.fixture
def korean_system_locale(tmp_path_factory, monkeypatch):
    """LC_TIME in Korean, as on a Korean desktop (compiled here when the system lacks it)."""
    if shutil.which("localedef") is None:
        pytest.skip("localedef is not available")
    folder = tmp_path_factory.mktemp("locale")
    made = subprocess.run(
        ["localedef", "-i", "ko_KR", "-f", "UTF-8", str(folder / "ko_KR.UTF-8")], capture_output=True
    )
    if made.returncode not in (0, 1) or not (folder / "ko_KR.UTF-8").exists():
        pytest.skip("the Korean locale cannot be compiled here")
    monkeypatch.setenv("LOCPATH", str(folder))
    before = locale.setlocale(locale.LC_TIME)
    locale.setlocale(locale.LC_TIME, "ko_KR.UTF-8")
    assert date(2025, 12, 8).strftime("%b") == "12월"  # the trap is really set
    yield
    locale.setlocale(locale.LC_TIME, before)
    os.environ.pop("LOCPATH", None)


@pytest.fixture
def english():
    before = i18n.language()
    i18n.set_language("en")
    yield
    i18n.set_language(before)


def test_english_dates_use_english_month_names_on_a_korean_system(korean_system_locale, english, qtbot):
    day = date(2025, 12, 8)
    assert format_date(day) == "8 Dec 2025 (Mon)"
    assert display(day) == "8 Dec 2025 (Mon)"
    assert due_text(PrecisionDate(date(2026, 10, 1), DatePrecision.MONTH)) == "Oct 2026"
    assert (
        PrecisionDate(date(2026, 3, 15), DatePrecision.DAY, date(2026, 3, 16)).english()
        == "15 Mar 2026 – 16 Mar 2026"
    )
    assert holidays.warnings_for(date(2025, 12, 25), "CA") and all(
        "월" not in w for w in holidays.warnings_for(date(2025, 12, 25), "CA")
    )
    field = DateField()  # a date typed in English and tidied on leaving the field
    qtbot.addWidget(field)
    field.setText("2025.12.08.")
    field._tidy()
    assert "월" not in field.text()
