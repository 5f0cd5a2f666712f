"""What the parts of a report share while it is built: country marks and what restricted
(대외비) text may show (`Naming`), the dossier and options, and the meetings chosen.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.db.models import Country, Meeting
from tracker.domain.enums import Classification
from tracker.export.report.model import Photo, ReportOptions, Restricted
from tracker.services.confidentiality import is_restricted, shown
from tracker.services.trips import TripDossier

# the parts


class Naming:
    """Country marks and names, and what restricted (대외비) text may show. Needs `countries`,
    `mode` and a `shows_restricted` flag on the class that uses it (every document builder)."""

    countries: dict[str, Country]
    mode: Restricted
    shows_restricted: bool

    def mark(self, code: str | None) -> str:
        if not code:
            return ""
        country = self.countries.get(code)
        return (country.mark or country.name_ko) if country is not None else code

    def country_name(self, code: str | None) -> str:
        country = self.countries.get(code or "")
        return country.name_ko if country is not None else (code or "")

    def restricted_text(self, text: str, classification: Classification) -> str | None:
        """The text as it may be shown: itself, [대외비], or None (leave it out)."""
        restricted = is_restricted(classification)
        if restricted and self.mode is Restricted.INCLUDE:
            self.shows_restricted = True
        return shown(text, restricted, self.mode)


@dataclass
class ReportContext(Naming):
    d: TripDossier
    options: ReportOptions
    countries: dict[str, Country]
    photos: dict[uuid.UUID | None, list[Photo]]  # meeting id -> photos; None -> the trip's
    meetings: list[Meeting] = field(default_factory=list)  # chosen, in report order
    masked: set[uuid.UUID] = field(default_factory=set)  # meetings shown with their content masked
    omitted: set[uuid.UUID] = field(default_factory=set)  # restricted meetings left out
    shows_restricted: bool = False

    @property
    def mode(self) -> Restricted:
        return self.options.restricted


def meeting_number(meetings: Sequence[Meeting]) -> dict[uuid.UUID, int]:
    """The 순번 a user picks meetings by: the stored `seq` where the trip's meetings have
    distinct ones, otherwise the position in the trip's order."""
    seqs = [m.seq for m in meetings]
    if all(seqs) and len(set(seqs)) == len(seqs):
        return {m.id: m.seq for m in meetings}
    return {m.id: i for i, m in enumerate(meetings, start=1)}


def choose_meetings(ctx: ReportContext) -> None:
    numbers = meeting_number(ctx.d.meetings)
    wanted = set(ctx.options.meetings) if ctx.options.meetings is not None else None
    for m in ctx.d.meetings:
        if wanted is not None and numbers[m.id] not in wanted:
            continue
        if m.classification == Classification.RESTRICTED:
            if ctx.mode is Restricted.OMIT:
                ctx.omitted.add(m.id)
                continue
            if ctx.mode is Restricted.MASK:
                ctx.masked.add(m.id)
            else:
                ctx.shows_restricted = True
        ctx.meetings.append(m)
    # a restricted meeting left out by --meetings is still not to leak through the itinerary
    if ctx.mode is Restricted.OMIT:
        ctx.omitted.update(m.id for m in ctx.d.meetings if m.classification == Classification.RESTRICTED)
