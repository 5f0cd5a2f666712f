"""The demo data: the 2025 G7 Montreal trip and the cooperation channels around it."""

from __future__ import annotations

from tracker import config
from tracker.db.engine import Database
from tracker.export.interchange import import_json
from tracker.services.countries import seed_countries

# Import order matters: later files refer to records of earlier ones.
DEMO_FILES = ("g7_montreal_2025.json", "cooperation_2025.json")


def load_demo(db: Database) -> dict[str, int]:
    """Load the demo records (again: loading twice updates, never duplicates)."""
    totals: dict[str, int] = {"countries": seed_countries(db)}
    for name in DEMO_FILES:
        path = config.RESOURCES_DIR / "demo" / name
        if path.exists():
            for section, n in import_json(db, path).items():
                totals[section] = totals.get(section, 0) + n
    return totals
