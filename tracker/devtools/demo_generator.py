"""The large demo's generator state: the seeded draws, the rows so far, and the small pieces
every part of the generation uses (a topic, a country's name, a city, a working day)."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from tracker.devtools.demo_basics import FIRST_DAY, _days, _Out, _Rng, _scaled, _Weighted
from tracker.devtools.demo_places import KOREA_CITIES, PARTNERS
from tracker.domain.enums import Rank


class _GenBase:
    def __init__(self, seed: int, scale: float, countries: list[dict[str, Any]]) -> None:
        self.rng = _Rng(seed)
        self.n = _scaled(scale)
        self.out = _Out()
        self.countries = {c["code"]: c for c in countries}
        self.partner_pick = _Weighted(
            (code, w) for code, (w, _, _) in PARTNERS.items() if code in self.countries
        )
        self.topic_ids: list[uuid.UUID] = []
        self.topic_names: list[tuple[str, str]] = []
        # organizations
        self.orgs: list[dict[str, Any]] = []
        self.orgs_by_country: dict[str, list[int]] = {}
        self.intl_orgs: list[int] = []
        self.our_ministry = -1
        self.our_units: list[int] = []
        self.our_agencies: list[int] = []
        # persons: positions as (start, end, title_ko, title_en, org index, rank)
        self.persons: list[dict[str, Any]] = []
        self.careers: list[list[tuple[date, date | None, str, str, int, Rank]]] = []
        self.people_by_org: dict[int, list[int]] = {}
        self.staff: list[int] = []
        self.head_chains: list[list[tuple[date, date, int]]] = []  # per head post: (from, to, person)
        self.channels: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.sessions_by_event: dict[int, list[dict[str, Any]]] = {}
        self.meetings: list[dict[str, Any]] = []
        self.meeting_info: list[tuple[int, list[int], list[int], list[uuid.UUID], int]] = []

    # -- small pieces ------------------------------------------------------------------------

    def topic(self) -> int:
        return int(self.rng.random() * len(self.topic_ids))

    def topics(self, lo: int, hi: int) -> list[int]:
        return self.rng.sample(range(len(self.topic_ids)), self.rng.randint(lo, hi))

    def cname(self, code: str | None) -> str:
        return self.countries[code]["name_ko"] if code else "국제기구"

    def short(self, code: str) -> str:
        return PARTNERS[code][1] if code in PARTNERS else self.countries[code]["name_ko"]

    def city(self, code: str) -> tuple[str, str, str, float]:
        if code == "KR":
            return KOREA_CITIES[0]
        return self.rng.pick(PARTNERS[code][2])

    def random_day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, _days(start, end)))

    def busy_day(self, last: date = date(2026, 6, 30)) -> date:
        """A working day, fewer in the pandemic years."""
        while True:
            d = self.random_day(FIRST_DAY, last)
            if d.weekday() >= 5 or (d.month, d.day) in ((1, 1), (12, 25)):
                continue
            if d.year in (2020, 2021) and self.rng.random() < 0.7:
                continue
            return d
