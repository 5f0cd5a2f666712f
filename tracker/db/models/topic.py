"""Topic tags and the tables that attach them to meetings, events, actions and agreements."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from tracker.db.base import Base, Record
from tracker.domain.i18n import pick


class Topic(Record, Base):
    __tablename__ = "topics"

    name_ko: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(80))

    def label(self, lang: str = "ko") -> str:
        return pick(self.name_ko, self.name_en or self.name_ko, lang)


def _tag_table(name: str, owner: str) -> sa.Table:
    return sa.Table(
        name,
        Base.metadata,
        sa.Column(f"{owner}_id", sa.ForeignKey(f"{owner}s.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("topic_id", sa.ForeignKey("topics.id", ondelete="CASCADE"), primary_key=True, index=True),
    )


meeting_topics = _tag_table("meeting_topics", "meeting")
event_topics = _tag_table("event_topics", "event")
action_topics = _tag_table("action_topics", "action")
agreement_topics = _tag_table("agreement_topics", "agreement")
