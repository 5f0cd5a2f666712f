from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db.base import Base, Stamped
from tracker.domain.i18n import pick


class Country(Stamped, Base):
    """A country, keyed by its ISO 3166-1 alpha-2 code."""

    __tablename__ = "countries"

    code: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    name_ko: Mapped[str] = mapped_column(sa.String(100))
    name_en: Mapped[str] = mapped_column(sa.String(100))
    alpha3: Mapped[str | None] = mapped_column(sa.String(3))
    region: Mapped[str | None] = mapped_column(sa.String(60))
    mark: Mapped[str | None] = mapped_column(sa.String(4))  # 韓, 美, 加 ... as in the reports
    notes: Mapped[str | None] = mapped_column(sa.Text)

    def label(self, lang: str = "ko") -> str:
        return pick(self.name_ko, self.name_en, lang)
