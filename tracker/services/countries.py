"""The reference list of countries (ISO 3166) shipped in resources/data/countries.json."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import sqlalchemy as sa

from tracker import config
from tracker.db.engine import Database
from tracker.db.models import Country


@cache
def reference_countries() -> tuple[dict[str, Any], ...]:
    path = config.RESOURCES_DIR / "data" / "countries.json"
    with open(path, encoding="utf-8") as fh:
        return tuple(json.load(fh))


def seed_countries(db: Database) -> int:
    """Add every reference country the database lacks; return how many were added.
    Existing rows are left alone: a user may have renamed one."""
    with db.transaction() as s:
        have = set(s.scalars(sa.select(Country.code)))
        new = [
            {k: row.get(k) for k in ("code", "alpha3", "name_ko", "name_en", "region", "mark")}
            for row in reference_countries()
            if row["code"] not in have
        ]
        for row in new:
            s.add(Country(**row))
    return len(new)
