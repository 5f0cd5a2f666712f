"""A long trip for measuring and checking the documents: the demo's G7 trip given more
bilateral meetings, modelled on its own, each with three long key points (the report bench
times it, the HWPX layout test renders it)."""

from __future__ import annotations

import uuid
from datetime import time

from tracker.db.engine import Database
from tracker.domain.enums import MeetingKind
from tracker.services.meetings import create_meeting
from tracker.services.trips import dossier

DEMO_TRIP = "G7 디지털기술 장관회의"
LONG_POINT = (
    "양측은 디지털 전환, 인공지능 안전, 반도체 공급망, 양자기술 공동연구와 인력 교류를 포함한 "
    "협력 의제 전반을 점검하고 차기 회의까지 실무 협의를 이어가기로 함"
)


def add_meetings(db: Database, trip_id: uuid.UUID, count: int) -> None:
    """Add `count` bilateral meetings to the trip, copies of its own with their attendees and
    organizations, an hour apart, each with three long key points."""
    trip = dossier(db, trip_id)
    models = [m for m in trip.meetings if m.kind == MeetingKind.BILATERAL]
    seq = max(m.seq or 0 for m in trip.meetings)
    for i in range(count):
        model = models[i % len(models)]
        seq += 1
        create_meeting(
            db,
            {
                "kind": "bilateral",
                "title": f"{model.title} 후속 {i + 1}",
                "trip_id": trip_id,
                "seq": seq,
                "country_code": model.country_code,
                "date": model.date,
                "start_time": time(8 + i % 10, 0),
                "end_time": time(8 + i % 10, 30),
                "timezone": model.timezone,
                "location": model.location,
            },
            participants=[
                {
                    "side": p.side.value,
                    "person_id": p.person_id,
                    "name": p.name,
                    "title": p.title,
                    "organization_id": p.organization_id,
                }
                for p in model.participants
            ],
            key_points=[f"후속{i + 1}-{k} {LONG_POINT}" for k in range(1, 4)],
            organization_ids=[o.id for o in model.organizations],
        )
