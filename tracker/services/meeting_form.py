"""What the meeting editor shows, holds, checks and sends, as plain data and without a widget.

`MeetingDraft` is a stored meeting as the editor shows it (read by `meeting_draft`, handed back
by `save_meeting`): the editor never holds a database row. `MeetingFormState` holds the editor's
lists as rows of plain values (both delegations, the key points, the follow-ups, the counterpart
organizations and topics, the files waiting to be stored); `payload` is what
`meeting_save.save_meeting` receives, `problems` what the rows cannot be saved with, and
`row_of_error` the row a refusal of the service comes from. The editor's widgets show the rows
and put every edit on its undo stack; nothing here needs Qt, so it is tested without it.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from tracker.db.engine import Database
from tracker.db.models import Meeting, Topic
from tracker.domain import vocabulary
from tracker.domain.dates import PrecisionDate, parse_precision_date
from tracker.domain.enums import ActionStatus, OwedBy, Side
from tracker.domain.errors import DomainError
from tracker.domain.i18n import language, pick
from tracker.services import directory, meeting_save, meetings, records

SECTIONS = ("us", "them", "key_points", "actions", "organizations", "topics", "files")
SIDE_NAMES = {Side.US: ("우리측", "Our side"), Side.THEM: ("상대측", "Counterpart side")}


def side_of(value: Side | str) -> Side:
    return value if isinstance(value, Side) else Side(value)


# ------------------------------------------------------------------ what the editor shows


@dataclass(frozen=True)
class Choice:
    """A record picked into one of the meeting's lists (an organization, a topic)."""

    id: uuid.UUID
    label: str


@dataclass(frozen=True)
class ParticipantDraft:
    id: uuid.UUID
    side: Side
    person_id: uuid.UUID | None
    name: str | None  # for someone without a person record
    label: str  # the person's name in the language of the moment, or the name written
    title: str | None  # as held on the meeting date
    organization_id: uuid.UUID | None
    organization_label: str | None
    is_head: bool


@dataclass(frozen=True)
class KeyPointDraft:
    id: uuid.UUID
    text: str
    party: str | None


@dataclass(frozen=True)
class ActionDraft:
    id: uuid.UUID
    version: int
    title: str
    owed_by: OwedBy
    owner_id: uuid.UUID | None
    owner_label: str | None
    due: PrecisionDate | None
    status: ActionStatus
    key_point_id: uuid.UUID | None


@dataclass(frozen=True)
class MeetingDraft:
    id: uuid.UUID
    version: int
    title: str
    values: dict[str, Any]  # the meeting's own columns, as the form loads them
    counterpart_label: str | None
    participants: list[ParticipantDraft]  # both sides, each in order of precedence
    key_points: list[KeyPointDraft]
    actions: list[ActionDraft]  # in the order they were recorded
    organizations: list[Choice]
    topics: list[Choice]
    attachments: list[str]  # the names of the files stored with it


def topic_label(topic: Topic) -> str:
    return pick(topic.name_ko, f"{topic.name_en} ({topic.name_ko})" if topic.name_en else topic.name_ko)


def _draft(db: Database, m: Meeting) -> MeetingDraft:
    lang = language()
    participants = [
        ParticipantDraft(
            id=p.id,
            side=p.side,
            person_id=p.person_id,
            name=p.name,
            label=p.person.display_name(lang) if p.person is not None else (p.name or ""),
            title=p.title,
            organization_id=p.organization_id,
            organization_label=p.organization.name_ko if p.organization is not None else None,
            is_head=p.is_head,
        )
        for p in m.participants
    ]
    actions = [
        ActionDraft(
            id=a.id,
            version=a.version,
            title=a.title,
            owed_by=a.owed_by,
            owner_id=a.owner_id,
            owner_label=a.owner.name_ko if a.owner is not None else None,
            due=a.due,
            status=a.status,
            key_point_id=a.key_point_id,
        )
        for a in meeting_save.meeting_actions(db, m.id)
    ]
    return MeetingDraft(
        id=m.id,
        version=m.version,
        title=m.title,
        values=records.row_of(m),
        counterpart_label=m.counterpart_label,
        participants=participants,
        key_points=[KeyPointDraft(kp.id, kp.text, kp.party) for kp in m.key_points],
        actions=actions,
        organizations=[Choice(o.id, o.name_ko) for o in m.organizations],
        topics=[Choice(t.id, topic_label(t)) for t in m.topics],
        attachments=[att.filename for att in meeting_save.meeting_attachments(db, m.id)],
    )


def meeting_draft(db: Database, meeting_id: uuid.UUID) -> MeetingDraft:
    return _draft(db, meetings.get_meeting(db, meeting_id))


def save_meeting(
    db: Database, meeting_id: uuid.UUID | None, payload: Mapping[str, Any], expected_version: int | None
) -> MeetingDraft:
    """`meeting_save.save_meeting` with what `MeetingFormState.payload` made, handing back what
    the editor shows next."""
    meeting = meeting_save.save_meeting(
        db,
        meeting_id,
        payload["fields"],
        participants=payload["participants"],
        key_points=payload["key_points"],
        organization_ids=payload["organization_ids"],
        topic_ids=payload["topic_ids"],
        actions=payload["actions"],
        expected_version=expected_version,
        removed_action_ids=payload["removed_action_ids"],
    )
    return _draft(db, meeting)


def topic_choices(db: Database) -> list[Choice]:
    """Every topic, for the topic picker."""
    return [Choice(t.id, topic_label(t)) for t in records.list_all(db, Topic, Topic.name_ko)]


def topic_choice(db: Database, name: str) -> Choice:
    """The topic of that name, created if new (topics are a vocabulary everyone shares)."""
    topic = directory.topic(db, name)
    return Choice(topic.id, topic_label(topic))


def due_text(due: PrecisionDate | None) -> str:
    if due is None:
        return ""
    return pick(due.korean_short(), due.iso())


# ------------------------------------------------------------------ what the editor holds


class MeetingFormState:
    """The meeting editor's lists, one list of rows per section (`SECTIONS`). A row is a dict
    with a `_key` that stays the same while it moves, and the `id` of the record it shows (None
    for a new one). A follow-up names the key point it comes from by that point's `_key`."""

    def __init__(self) -> None:
        self._keys = itertools.count(1)
        self.sections: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
        self.extra_fields: dict[str, Any] = {}  # values given for a new meeting the form does not show
        self.loaded_label = ""  # the counterpart label as loaded, to tell when it was changed
        self.loaded_actions: dict[uuid.UUID, tuple[Any, ...]] = {}
        self.saved_files: list[str] = []
        self.sent: dict[str, list[int]] = {}  # per section, the rows the last payload sent
        # The meeting as loaded, to merge with a colleague's newer version on save: the rows of
        # each list, and the form's fields (the editor puts them, as its form shows them).
        self.base_sections: dict[str, list[dict[str, Any]]] = {s: [] for s in SECTIONS}
        self.base_fields: dict[str, Any] = {}

    def row(self, **values: Any) -> dict[str, Any]:
        return {"_key": next(self._keys), "id": None, **values}

    def index(self, section: str, key: int) -> int:
        return next((i for i, r in enumerate(self.sections[section]) if r["_key"] == key), -1)

    @staticmethod
    def move(rows: list[dict[str, Any]], row: int, delta: int) -> int:
        target = row + delta
        if 0 <= row < len(rows) and 0 <= target < len(rows):
            rows[row], rows[target] = rows[target], rows[row]
            return target
        return row

    @staticmethod
    def mark_head(rows: list[dict[str, Any]], row: int, on: bool) -> None:
        for i, r in enumerate(rows):
            if i == row:
                r["is_head"] = on
            elif on:
                r["is_head"] = False

    # -- loading

    def start(self, values: Mapping[str, Any], shown: Iterable[str]) -> None:
        """A new meeting: the values its form does not show (a trip's id) are kept to be sent."""
        shown = set(shown)
        self.extra_fields = {k: v for k, v in values.items() if k not in shown}
        self.loaded_label = self.extra_fields.pop("counterpart_label", None) or ""

    def load(self, m: MeetingDraft, keep_files: Iterable[dict[str, Any]] = ()) -> None:
        self.extra_fields = {}
        self.loaded_label = m.counterpart_label or ""
        for side in Side:
            self.sections[side.value] = [
                self.row(
                    id=p.id,
                    person_id=p.person_id,
                    name=p.name,
                    label=p.label,
                    title=p.title,
                    organization_id=p.organization_id,
                    organization_label=p.organization_label,
                    is_head=p.is_head,
                )
                for p in m.participants
                if p.side is side
            ]
        kp_keys: dict[uuid.UUID, int] = {}
        self.sections["key_points"] = []
        for kp in m.key_points:
            row = self.row(id=kp.id, text=kp.text, party=kp.party)
            kp_keys[kp.id] = row["_key"]
            self.sections["key_points"].append(row)
        self.sections["actions"] = []
        for a in m.actions:
            row = self.row(
                id=a.id,
                version=a.version,
                title=a.title,
                owed_by=a.owed_by,
                owner_id=a.owner_id,
                owner_label=a.owner_label,
                due_text=due_text(a.due),
                status=a.status,
                kp_key=kp_keys.get(a.key_point_id),  # type: ignore[arg-type]
            )
            self.sections["actions"].append(row)
        self.loaded_actions = {r["id"]: self.action_signature(r) for r in self.sections["actions"]}
        self.sections["organizations"] = [self.row(id=o.id, label=o.label) for o in m.organizations]
        self.sections["topics"] = [self.row(id=t.id, label=t.label) for t in m.topics]
        self.sections["files"] = list(keep_files)
        self.saved_files = list(m.attachments)
        self.base_sections = {s: [dict(r) for r in rows] for s, rows in self.sections.items()}

    # -- what is sent

    def action_signature(self, row: dict[str, Any]) -> tuple[Any, ...]:
        kp_ref: Any = None
        if row.get("kp_key") is not None:
            i = self.index("key_points", row["kp_key"])
            if i >= 0:
                kp = self.sections["key_points"][i]
                kp_ref = kp["id"] or ("new", kp["_key"])
        return (
            (row.get("title") or "").strip(),
            OwedBy(row.get("owed_by") or OwedBy.US),
            row.get("owner_id"),
            (row.get("due_text") or "").strip(),
            ActionStatus(row.get("status") or ActionStatus.OPEN),
            kp_ref,
        )

    def payload(self, form_values: Mapping[str, Any], counterpart_label: str) -> dict[str, Any]:
        """What `save_meeting` receives. Rows left empty are not sent; follow-ups already stored
        and not changed here are sent by id only, so a colleague's edit of them is not undone."""
        self.sent = {"us": [], "them": [], "key_points": [], "actions": []}
        participants: list[dict[str, Any]] = []
        for side in Side:
            for r, row in enumerate(self.sections[side.value]):
                if row.get("person_id") is None and not (row.get("name") or "").strip():
                    continue
                participants.append(
                    {
                        "id": row["id"],
                        "side": side,
                        "person_id": row.get("person_id"),
                        "name": None if row.get("person_id") else row.get("name"),
                        "title": row.get("title"),
                        "organization_id": row.get("organization_id"),
                        "is_head": bool(row.get("is_head")),
                    }
                )
                self.sent[side.value].append(r)
        key_points: list[dict[str, Any]] = []
        kp_index: dict[int, int] = {}
        for r, row in enumerate(self.sections["key_points"]):
            if not (row.get("text") or "").strip() and not (row.get("party") or "").strip():
                continue
            kp_index[row["_key"]] = len(key_points)
            key_points.append({"id": row["id"], "text": row.get("text"), "party": row.get("party")})
            self.sent["key_points"].append(r)
        actions: list[dict[str, Any]] = []
        kept: set[uuid.UUID] = set()
        for r, row in enumerate(self.sections["actions"]):
            blank = not (
                (row.get("title") or "").strip() or row.get("owner_id") or (row.get("due_text") or "").strip()
            )
            if blank and row["id"] is None:
                continue
            self.sent["actions"].append(r)
            if row["id"] is not None:
                kept.add(row["id"])
                if self.loaded_actions.get(row["id"]) == self.action_signature(row):
                    actions.append({"id": row["id"]})
                    continue
            actions.append(
                {
                    "id": row["id"],
                    "version": row.get("version"),
                    "title": row.get("title"),
                    "owed_by": row.get("owed_by"),
                    "owner_id": row.get("owner_id"),
                    "due": row.get("due_text") or "",
                    "status": row.get("status"),
                    "key_point_index": kp_index.get(row.get("kp_key")),  # type: ignore[arg-type]
                }
            )
        return {
            "fields": {
                **self.extra_fields,
                **form_values,
                "counterpart_label": counterpart_label.strip() or None,
            },
            "participants": participants,
            "key_points": key_points,
            "organization_ids": [r["id"] for r in self.sections["organizations"]],
            "topic_ids": [r["id"] for r in self.sections["topics"]],
            "actions": [
                {k: v for k, v in a.items() if v is not None or k not in ("id", "version")} for a in actions
            ],
            "removed_action_ids": [i for i in self.loaded_actions if i not in kept],
        }

    # -- what is wrong, and where

    def problems(self) -> list[tuple[str, Side | None, int, str]]:
        """What the rows themselves cannot be saved with: a follow-up's due date that is not a
        date. (A name typed but not chosen from a list is known only to the field it is in.)"""
        out: list[tuple[str, Side | None, int, str]] = []
        for r, row in enumerate(self.sections["actions"]):
            text = (row.get("due_text") or "").strip()
            if text:
                try:
                    parse_precision_date(text)
                except DomainError as exc:
                    out.append(("actions", None, r, exc.message()))
        return out

    def row_of_error(self, exc: DomainError) -> tuple[str, Side | None, int] | None:
        """The row on screen a refusal of `save_meeting` comes from, as (section, side, row),
        row -1 when it is not one of those sent; None when the refusal names no row."""
        params: dict[str, Any] = exc.params
        section = params.get("section")
        if section == "participants" and params.get("side") is not None:
            side = Side(params["side"])
            return section, side, self._shown_row(side.value, params.get("row", 0))
        if section in ("key_points", "actions"):
            return section, None, self._shown_row(section, params.get("row", 0))
        return None

    def _shown_row(self, section: str, sent_row: int) -> int:
        rows = self.sent.get(section, [])
        return rows[sent_row] if 0 <= sent_row < len(rows) else -1

    @staticmethod
    def row_name(section: str, side: Side | None, row: int) -> str:
        """A row as a problem names it: '상대측 2', 'Key point 1', 'Follow-up 3'."""
        if section == "participants" and side is not None:
            return f"{pick(*SIDE_NAMES[side])} {row + 1}"
        if section == "key_points":
            return f"{vocabulary.KEY_POINT()} {row + 1}"
        return f"{vocabulary.FOLLOW_UP()} {row + 1}"
