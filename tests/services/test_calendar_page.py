"""The calendar page's country filter gets the countries as plain values, in Korean order."""

from __future__ import annotations

import dataclasses

from tracker.services.calendar_page import CountryName, country_names
from tracker.services.countries import seed_countries


def test_country_names_are_plain_values_in_korean_order(db) -> None:
    seed_countries(db)
    names = country_names(db)
    assert names and all(dataclasses.is_dataclass(n) and type(n) is CountryName for n in names)
    assert [n.name_ko for n in names] == sorted(n.name_ko for n in names)
    canada = next(n for n in names if n.code == "CA")
    assert (canada.name_ko, canada.name_en) == ("캐나다", "Canada")
