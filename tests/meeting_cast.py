"""The people a bilateral-meeting test sets up: our ministry and Canada's, our vice-minister and
team lead, and their minister. Several meeting test files start from this same cast."""

from __future__ import annotations

from tracker.domain.enums import Rank
from tracker.services import directory


def meeting_cast(db, *, with_vice: bool = True) -> dict:
    """Create the cast in `db` (countries must already be seeded) and return it by role."""
    msit = directory.create_organization(db, {"name_ko": "과학기술정보통신부", "country_code": "KR"})
    ised = directory.create_organization(
        db, {"name_ko": "혁신과학경제개발부", "acronym": "ISED", "country_code": "CA"}
    )
    cast = {"db": db, "msit": msit, "ised": ised}
    if with_vice:
        cast["vice"] = directory.create_person(
            db,
            {"name_ko": "류제명", "is_staff": True},
            positions=[{"organization_id": msit.id, "title_ko": "제2차관", "rank": Rank.VICE_MINISTER}],
        )
    cast["lead"] = directory.create_person(
        db,
        {"name_ko": "박진홍", "is_staff": True},
        positions=[{"organization_id": msit.id, "title_ko": "팀장", "rank": Rank.DIRECTOR}],
    )
    cast["minister"] = directory.create_person(
        db,
        {"name_ko": "에반 솔로몬", "name_original": "Evan Solomon"},
        positions=[{"organization_id": ised.id, "title_ko": "AI·디지털혁신부 장관", "rank": Rank.MINISTER}],
    )
    return cast
