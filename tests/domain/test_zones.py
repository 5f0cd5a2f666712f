"""The zone catalogue: zones found by city or country in Korean or English, the IANA name kept."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.domain.dates import zone
from tracker.domain.errors import ValidationError
from tracker.domain.zones import ZoneCatalogue
from tracker.services.countries import reference_countries


@pytest.fixture(scope="module")
def zones() -> ZoneCatalogue:
    return ZoneCatalogue(reference_countries())


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("Tokyo", "Asia/Tokyo"),
        ("도쿄", "Asia/Tokyo"),
        ("일본", "Asia/Tokyo"),  # a country with one zone
        ("몬트리올", "America/Toronto"),
        ("Montreal", "America/Toronto"),
        ("워싱턴", "America/New_York"),
        ("new york", "America/New_York"),
        ("베이징", "Asia/Shanghai"),
        ("Asia/Seoul", "Asia/Seoul"),
        ("도쿄 · 일본 (UTC+09:00) — Asia/Tokyo", "Asia/Tokyo"),  # the label the picker shows
    ],
)
def test_a_city_or_country_in_either_language_names_its_zone(zones, typed, meant):
    assert zones.resolve(typed) == meant


@pytest.mark.parametrize("typed", ["Asia", "America", "Europe", "Asi", "캐나다", ""])
def test_a_region_or_a_country_of_many_zones_is_not_one_zone(zones, typed):
    assert zones.resolve(typed) is None


def test_the_counterpart_countrys_zones_come_first(zones):
    found = [c.name for c in zones.search("", country="CA")]
    assert found[0] == "America/Toronto" and "America/Vancouver" in found[:3]
    assert all(zones.get(n).country_code == "CA" for n in found[:5])
    # typing narrows, and the country still leads: "to" finds Toronto before Tokyo
    named = [c.name for c in zones.search("to", country="CA")]
    assert named.index("America/Toronto") < named.index("Asia/Tokyo")
    assert [c.name for c in zones.search("to", country="JP")][0] == "Asia/Tokyo"


def test_a_region_lists_its_zones(zones):
    names = [c.name for c in zones.search("Europe", limit=100)]
    assert "Europe/Paris" in names and all(n.startswith("Europe/") for n in names[:20])


def test_labels_in_both_languages_with_the_offset_of_the_day():
    zones = ZoneCatalogue(reference_countries())
    winter, summer = datetime(2025, 12, 8, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)
    toronto = zones.get("America/Toronto")
    assert toronto.label("ko", winter) == "토론토 · 캐나다 (UTC-05:00) — America/Toronto"
    assert toronto.label("en", summer) == "Toronto · Canada (UTC-04:00) — America/Toronto"
    assert zones.get("Asia/Kolkata").label("en", winter).startswith("Kolkata · India (UTC+05:30)")


def test_every_catalogue_zone_is_a_real_zone(zones):
    assert len(zones.choices) > 300
    for name in zones.choices:
        zone(name)


@pytest.mark.parametrize("name", ["Asia", "America/", "Asi"])
def test_a_folder_of_the_zone_database_is_refused_as_an_unknown_zone(name):
    with pytest.raises(ValidationError):
        zone(name)
