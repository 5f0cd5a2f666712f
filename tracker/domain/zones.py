"""Time zones as officers look for them: by city or country, in Korean or English ("도쿄",
"Tokyo", "일본", "Canada"), with the IANA name (Asia/Tokyo) underneath.

The catalogue is every IANA zone of the tz database, each tied to its country by the database's
own zone.tab, named by its city; a small hand-made table gives the Korean names of the cities
officers travel to and the capitals a zone is named after another city for (Washington is
America/New_York, Ottawa and Montreal are America/Toronto, Beijing is Asia/Shanghai).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from tracker.domain.i18n import pick

# The regions of real zone names; legacy names ("EST", "Japan", "Etc/GMT+9") are left out.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)

# zone -> (Korean city name, other names in either language people search by)
CITIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Asia/Seoul": ("서울", ("세종", "Sejong")),
    "Asia/Tokyo": ("도쿄", ("동경", "오사카", "Osaka")),
    "Asia/Shanghai": ("상하이", ("베이징", "북경", "Beijing")),
    "Asia/Hong_Kong": ("홍콩", ()),
    "Asia/Taipei": ("타이베이", ()),
    "Asia/Ulaanbaatar": ("울란바토르", ()),
    "Asia/Singapore": ("싱가포르", ()),
    "Asia/Bangkok": ("방콕", ()),
    "Asia/Ho_Chi_Minh": ("호찌민", ("하노이", "Hanoi")),
    "Asia/Jakarta": ("자카르타", ()),
    "Asia/Manila": ("마닐라", ()),
    "Asia/Kuala_Lumpur": ("쿠알라룸푸르", ()),
    "Asia/Kolkata": ("콜카타", ("뉴델리", "New Delhi", "델리", "Delhi", "뭄바이", "Mumbai")),
    "Asia/Dubai": ("두바이", ("아부다비", "Abu Dhabi")),
    "Asia/Riyadh": ("리야드", ()),
    "Asia/Jerusalem": ("예루살렘", ("텔아비브", "Tel Aviv")),
    "Asia/Tashkent": ("타슈켄트", ()),
    "Asia/Almaty": ("알마티", ("아스타나", "Astana")),
    "Europe/Istanbul": ("이스탄불", ("앙카라", "Ankara")),
    "Europe/London": ("런던", ()),
    "Europe/Paris": ("파리", ()),
    "Europe/Berlin": ("베를린", ("본", "Bonn")),
    "Europe/Brussels": ("브뤼셀", ()),
    "Europe/Amsterdam": ("암스테르담", ("헤이그", "The Hague")),
    "Europe/Zurich": ("취리히", ("제네바", "Geneva", "베른", "Bern")),
    "Europe/Rome": ("로마", ()),
    "Europe/Madrid": ("마드리드", ()),
    "Europe/Lisbon": ("리스본", ()),
    "Europe/Vienna": ("빈", ("비엔나", "Vienna")),
    "Europe/Stockholm": ("스톡홀름", ()),
    "Europe/Helsinki": ("헬싱키", ()),
    "Europe/Oslo": ("오슬로", ()),
    "Europe/Copenhagen": ("코펜하겐", ()),
    "Europe/Warsaw": ("바르샤바", ()),
    "Europe/Prague": ("프라하", ()),
    "Europe/Budapest": ("부다페스트", ()),
    "Europe/Tallinn": ("탈린", ()),
    "Europe/Kyiv": ("키이우", ("Kiev",)),
    "Europe/Moscow": ("모스크바", ()),
    "Africa/Cairo": ("카이로", ()),
    "Africa/Nairobi": ("나이로비", ()),
    "Africa/Johannesburg": ("요하네스버그", ("프리토리아", "Pretoria")),
    "Africa/Lagos": ("라고스", ("아부자", "Abuja")),
    "Australia/Sydney": ("시드니", ("캔버라", "Canberra")),
    "Australia/Melbourne": ("멜버른", ()),
    "Pacific/Auckland": ("오클랜드", ("웰링턴", "Wellington")),
    "America/New_York": ("뉴욕", ("워싱턴", "Washington", "워싱턴 D.C.", "보스턴", "Boston")),
    "America/Chicago": ("시카고", ()),
    "America/Denver": ("덴버", ()),
    "America/Los_Angeles": ("로스앤젤레스", ("샌프란시스코", "San Francisco", "시애틀", "Seattle")),
    "America/Toronto": ("토론토", ("오타와", "Ottawa", "몬트리올", "Montreal", "퀘벡", "Quebec")),
    "America/Vancouver": ("밴쿠버", ()),
    "America/Mexico_City": ("멕시코시티", ()),
    "America/Sao_Paulo": ("상파울루", ("브라질리아", "Brasilia")),
    "America/Argentina/Buenos_Aires": ("부에노스아이레스", ()),
    "America/Santiago": ("산티아고", ()),
    "America/Lima": ("리마", ()),
    "America/Bogota": ("보고타", ()),
    "Pacific/Honolulu": ("호놀룰루", ("하와이", "Hawaii")),
}


def _fold(text: str) -> str:
    """What a search compares: NFC, case-folded, without spaces, underscores, dots or hyphens."""
    text = unicodedata.normalize("NFC", text).casefold()
    return "".join(ch for ch in text if ch not in " _.-'·/")


@dataclass(frozen=True)
class ZoneChoice:
    name: str  # the IANA name, what is stored
    city_en: str
    city_ko: str
    country_code: str | None
    country_en: str
    country_ko: str
    aliases: tuple[str, ...] = ()

    def city(self, lang: str) -> str:
        return pick(self.city_ko or self.city_en, self.city_en, lang)

    def country(self, lang: str) -> str:
        return pick(self.country_ko or self.country_en, self.country_en, lang)

    def offset(self, at: datetime | None = None) -> str:
        """UTC+09:00 (at `at`, now by default: summer time moves it)."""
        delta = (at or datetime.now(ZoneInfo("UTC"))).astimezone(ZoneInfo(self.name)).utcoffset()
        minutes = int(delta.total_seconds() // 60) if delta is not None else 0
        sign = "+" if minutes >= 0 else "-"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def label(self, lang: str, at: datetime | None = None) -> str:
        """도쿄 · 일본 (UTC+09:00) — Asia/Tokyo"""
        place = " · ".join(p for p in (self.city(lang), self.country(lang)) if p)
        return f"{place} ({self.offset(at)}) — {self.name}"

    def keys(self) -> tuple[str, ...]:
        return tuple(_fold(k) for k in (self.city_en, self.city_ko, *self.aliases) if k)

    def country_keys(self) -> tuple[str, ...]:
        return tuple(_fold(k) for k in (self.country_en, self.country_ko) if k)


def _zone_tab() -> dict[str, str]:
    """zone -> country code, from the tz database's zone.tab (the tzdata package, else the system's)."""
    try:
        text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        system = Path("/usr/share/zoneinfo/zone.tab")
        text = system.read_text(encoding="utf-8") if system.exists() else ""
    out: dict[str, str] = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            parts = line.split("\t")
            if len(parts) >= 3:
                out[parts[2]] = parts[0]
    return out


class ZoneCatalogue:
    """Every zone officers may need, searchable by city and country names in both languages."""

    def __init__(self, countries: Iterable[Mapping[str, str]]) -> None:
        names = {c["code"]: (c.get("name_en") or c["code"], c.get("name_ko") or "") for c in countries}
        owner = _zone_tab()
        self.choices: dict[str, ZoneChoice] = {}
        for name in sorted(available_timezones()):
            if name.split("/")[0] not in REGIONS and name != "UTC":
                continue
            # Links such as America/Montreal are kept only when zone.tab lists them (it lists
            # the canonical zones); the hand-made names find the canonical one instead.
            code = owner.get(name)
            if code is None and name != "UTC":
                continue
            country_en, country_ko = names.get(code or "", ("", ""))
            city_ko, aliases = CITIES.get(name, ("", ()))
            self.choices[name] = ZoneChoice(
                name,
                name.rsplit("/", 1)[-1].replace("_", " "),
                city_ko,
                code,
                country_en,
                country_ko,
                aliases,
            )

    def get(self, name: str) -> ZoneChoice | None:
        return self.choices.get(name)

    def of_country(self, code: str | None) -> list[ZoneChoice]:
        """The country's zones, the ones named in the city table (capitals, big cities) first."""
        if not code:
            return []
        found = [c for c in self.choices.values() if c.country_code == code.upper()]
        return sorted(found, key=lambda c: (not c.city_ko, c.name))

    def search(self, text: str, country: str | None = None, limit: int = 40) -> list[ZoneChoice]:
        """Zones whose city, other names, country or IANA name contain `text`; exact and
        leading matches first, and the counterpart `country`'s zones before all others."""
        query = _fold(text)
        if not query:
            return (self.of_country(country) + [c for c in (self.get("Asia/Seoul"),) if c])[:limit]
        ranked: list[tuple[tuple[int, int, str], ZoneChoice]] = []
        for choice in self.choices.values():
            rank = self._rank(choice, query)
            if rank is not None:
                other = 0 if country and choice.country_code == country.upper() else 1
                ranked.append(((other, rank, choice.name), choice))
        ranked.sort(key=lambda pair: pair[0])
        return [choice for _, choice in ranked[:limit]]

    @staticmethod
    def _rank(choice: ZoneChoice, query: str) -> int | None:
        keys, countries, iana = choice.keys(), choice.country_keys(), _fold(choice.name)
        if query in keys or query == iana:
            return 0
        if any(k.startswith(query) for k in keys):
            return 1
        if query in countries:
            return 2 if choice.city_ko else 3  # a country's main cities before its other zones
        if iana.startswith(query) or iana.split("/")[-1].startswith(query):
            return 4
        if any(query in k for k in keys) or any(k.startswith(query) for k in countries):
            return 5
        if query in iana:
            return 6
        return None

    def resolve(self, text: str) -> str | None:
        """The zone meant by what was typed or shown: an IANA name anywhere in it ("도쿄 · 일본 —
        Asia/Tokyo"), else a city or other name that fits exactly one zone best ("Tokyo",
        "몬트리올"). None when it is unknown or ambiguous ("Asia", "America")."""
        for word in reversed(text.replace("—", " ").split()):
            if word in self.choices or (word in available_timezones() and "/" in word):
                return word
        query = _fold(text)
        if not query:
            return None
        exact = [c for c in self.choices.values() if query in c.keys()]
        if len(exact) == 1:
            return exact[0].name
        # a country with one zone ("일본", "France") means that zone
        country = [c for c in self.choices.values() if query in c.country_keys()]
        if not exact and len(country) == 1:
            return country[0].name
        return None
