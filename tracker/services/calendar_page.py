"""What the calendar page's filters offer, as plain data: the screen holds no database rows."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from tracker.db.engine import Database
from tracker.db.models import Country


@dataclass(frozen=True)
class CountryName:
    code: str
    name_ko: str
    name_en: str | None


def country_names(db: Database) -> list[CountryName]:
    """Every country of the reference list, in Korean alphabetical order (the filter's order)."""
    stmt = sa.select(Country.code, Country.name_ko, Country.name_en).order_by(Country.name_ko)
    with db.read() as s:
        return [CountryName(code, name_ko, name_en) for code, name_ko, name_en in s.execute(stmt)]
