"""A personal database as the copy tests start from: the demo, with a photo attached to its
first meeting so that a copy must carry attachment files as well as rows."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tracker.db.models import Meeting
from tracker.export.demo import load_demo
from tracker.services.attachments import add_attachment

PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


def load_demo_with_photo(db, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Load the demo into `db` and attach a photo (written in `folder`) to the earliest meeting."""
    load_demo(db)
    with db.read() as s:
        meeting_id = s.scalars(sa.select(Meeting.id).order_by(Meeting.date)).first()
    photo = folder / "회담 사진.png"
    photo.write_bytes(PHOTO)
    add_attachment(db, photo, meeting_id=meeting_id, caption="면담 사진")
