"""The IANA zone a calendar program means by a TZID: an IANA name itself, a Windows name
('Korea Standard Time') or a vendor-prefixed one ('/mozilla.org/20050126_1/Asia/Seoul').
"""

from __future__ import annotations

from tracker.domain.dates import zone
from tracker.domain.errors import ValidationError

# Windows zone names Outlook and Exchange write as TZID, for when icalendar's own table
# (from CLDR) is not there; it is tried first.
WINDOWS_ZONES = {
    "Korea Standard Time": "Asia/Seoul",
    "Tokyo Standard Time": "Asia/Tokyo",
    "China Standard Time": "Asia/Shanghai",
    "Taipei Standard Time": "Asia/Taipei",
    "Singapore Standard Time": "Asia/Singapore",
    "India Standard Time": "Asia/Kolkata",
    "SE Asia Standard Time": "Asia/Bangkok",
    "Arabian Standard Time": "Asia/Dubai",
    "AUS Eastern Standard Time": "Australia/Sydney",
    "New Zealand Standard Time": "Pacific/Auckland",
    "GMT Standard Time": "Europe/London",
    "Greenwich Standard Time": "Atlantic/Reykjavik",
    "W. Europe Standard Time": "Europe/Berlin",
    "Romance Standard Time": "Europe/Paris",
    "Central Europe Standard Time": "Europe/Budapest",
    "Central European Standard Time": "Europe/Warsaw",
    "E. Europe Standard Time": "Europe/Chisinau",
    "FLE Standard Time": "Europe/Kiev",
    "Russian Standard Time": "Europe/Moscow",
    "Eastern Standard Time": "America/New_York",
    "Central Standard Time": "America/Chicago",
    "Mountain Standard Time": "America/Denver",
    "Pacific Standard Time": "America/Los_Angeles",
    "Atlantic Standard Time": "America/Halifax",
    "SA Pacific Standard Time": "America/Bogota",
    "E. South America Standard Time": "America/Sao_Paulo",
    "UTC": "UTC",
}


def _valid_zone(name: str) -> str | None:
    try:
        zone(name)  # the one check of a zone name: "Asia" is a folder, not a zone
    except (ValidationError, TypeError):
        return None
    return name


def _windows_zones() -> tuple[str, ...]:
    """The zone Windows means by each of its names: the usual reading of an offset."""
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON
    except ImportError:  # pragma: no cover - the module moved in some version
        WINDOWS_TO_OLSON = {}
    return tuple(dict.fromkeys([*WINDOWS_ZONES.values(), *WINDOWS_TO_OLSON.values()]))


def resolve_tzid(tzid: str) -> str | None:
    """An IANA name for a TZID as calendar programs write it: an IANA name itself, a Windows
    name ('Korea Standard Time'), or a vendor-prefixed one ('/mozilla.org/20050126_1/Asia/Seoul').
    None when the zone cannot be known for sure."""
    name = tzid.strip().strip('"').strip()
    if not name:
        return None
    if "/" in name.strip("/") or name.upper() in ("UTC", "GMT", "Z"):
        found = _valid_zone(name.strip("/")) or ("UTC" if name.upper() in ("UTC", "GMT", "Z") else None)
        if found:
            return found
    windows: dict[str, str] = {}
    try:
        from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

        windows = dict(WINDOWS_TO_OLSON)
    except ImportError:  # pragma: no cover - the module moved in some version
        pass
    for table in (windows, WINDOWS_ZONES):
        if name in table and _valid_zone(table[name]):
            return table[name]
        folded = {k.casefold(): v for k, v in table.items()}
        if name.casefold() in folded and _valid_zone(folded[name.casefold()]):
            return folded[name.casefold()]
    if name.startswith("/"):  # /vendor/.../Area/City: the longest tail that names a zone
        parts = name.strip("/").split("/")
        for i in range(1, len(parts)):
            found = _valid_zone("/".join(parts[i:]))
            if found:
                return found
    return None
