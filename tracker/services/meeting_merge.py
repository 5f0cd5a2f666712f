"""A meeting saved by a colleague while this user was editing it, merged without Qt.

The meeting's own fields merge field by field; both delegations, the key points, the
follow-ups and the organizations and topics merge item by item (see `form_merge`): a key point
each of two officers added is kept, one removed here and untouched there goes, one both edited
differently is asked. The merged rows go into a fresh `MeetingFormState` loaded from the
colleague's version, so the next save sends their follow-ups' versions and removes only what
the merge removed; the editor's own state is left as it was until the user has decided."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tracker.domain import vocabulary
from tracker.domain.enums import Side
from tracker.domain.i18n import pick
from tracker.services.form_merge import FormMerge, Item, blank_is_none, clash_section, merge_form
from tracker.services.meeting_form import SIDE_NAMES, MeetingDraft, MeetingFormState

LISTS = ("us", "them", "key_points", "actions", "organizations", "topics")
COUNTERPART = "counterpart_label"  # the one meeting field kept beside the form, in the state


def _ref(row: Mapping[str, Any]) -> Any:
    """A row as every version names it: its id once stored, else its row key in this form."""
    return row["id"] or ("new", row["_key"])


def _key_point_ref(sections: Mapping[str, list[dict[str, Any]]], kp_key: Any) -> Any:
    """The key point a follow-up comes from, as every version names it."""
    for kp in sections["key_points"]:
        if kp["_key"] == kp_key:
            return _ref(kp)
    return None


def _value(
    section: str, row: Mapping[str, Any], sections: Mapping[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    """What a user can change in a row: what two versions of it are compared by."""
    keys: tuple[str, ...]
    if section in ("us", "them"):
        keys = ("person_id", "name", "title", "organization_id", "is_head")
    elif section == "key_points":
        keys = ("text", "party")
    elif section == "actions":
        keys = ("title", "owed_by", "owner_id", "due_text", "status")
    else:
        keys = ()
    value = blank_is_none({k: row.get(k) for k in keys})
    if "is_head" in value:
        value["is_head"] = bool(value["is_head"])
    if section == "actions":
        value["key_point"] = _key_point_ref(sections, row.get("kp_key"))
    return value


def items(sections: Mapping[str, list[dict[str, Any]]]) -> dict[str, list[Item]]:
    """Each list's rows as items; a follow-up's row carries the key point it comes from."""
    out: dict[str, list[Item]] = {}
    for section in LISTS:
        out[section] = []
        for r in sections[section]:
            value = _value(section, r, sections)
            row = {**r, "_kp_ref": value["key_point"]} if section == "actions" else r
            out[section].append(Item(_ref(r), value, row))
    return out


def theirs_state(state: MeetingFormState, theirs: MeetingDraft) -> MeetingFormState:
    """The colleague's version as form rows; its row keys never meet the editor's."""
    other = MeetingFormState()
    other._keys = state._keys
    other.load(theirs)
    return other


def merge_meeting(
    state: MeetingFormState, mine_fields: Mapping[str, Any], theirs: MeetingDraft
) -> tuple[FormMerge, MeetingFormState]:
    """The merge of the editor's meeting (`state` with the form's `mine_fields`, the counterpart
    label among them) with the colleague's, and their version as rows to put the result in."""
    other = theirs_state(state, theirs)
    theirs_fields = {**theirs.values, COUNTERPART: theirs.counterpart_label}
    merged = merge_form(
        (state.base_fields, items(state.base_sections)),
        (mine_fields, items(state.sections)),
        (theirs_fields, items(other.sections)),
        text_of={"key_points": "text"},
    )
    return merged, other


def apply(
    merged: FormMerge, choices: Mapping[str, Any], state: MeetingFormState, other: MeetingFormState
) -> dict[str, Any]:
    """Put the merged rows (with the user's choices) into `other`, keeping the editor's files
    waiting to be stored, and return the fields to save."""
    fields, lists = merged.resolve(choices)
    versions = {r["id"]: r.get("version") for r in other.sections["actions"]}
    for section, rows in lists.items():
        other.sections[section] = rows
    other.sections["files"] = list(state.sections["files"])
    # A follow-up names its key point by row key: the merged list's row for that point.
    by_ref = {_ref(kp): kp["_key"] for kp in other.sections["key_points"]}
    for row in other.sections["actions"]:
        row["kp_key"] = by_ref.get(row.pop("_kp_ref", None))
        if row["id"] in versions:  # merged with their version of it: that is the one replaced
            row["version"] = versions[row["id"]]
    return fields


def clash_label(merged: FormMerge, name: str, field_label: Any) -> str:
    """Which field or which item a clash is about: '주요 내용: 5G 협력 …', an
    item named as it was before both changed it."""
    section = clash_section(name)
    if section is None:
        return (
            pick("면담대상 보고서 표기", "Counterpart, in reports")
            if name == COUNTERPART
            else field_label(name)
        )
    _section, mine, theirs, base = merged.item_clashes[name]
    shown_item = base or mine or theirs
    row = shown_item.row if shown_item is not None else {}
    if section in ("us", "them"):
        who = row.get("label") or row.get("name") or ""
        return f"{pick(*SIDE_NAMES[Side(section)])} {pick('참석자', 'participant')}: {who}"
    if section == "key_points":
        return f"{vocabulary.KEY_POINT()}: {_short(row.get('text'))}"
    if section == "actions":
        return f"{vocabulary.FOLLOW_UP()}: {_short(row.get('title'))}"
    return section


def shown(value: Any) -> str:
    """A clash's value in the dialog: an item as its words, a removed item said so."""
    if value is None:
        return vocabulary.REMOVED()
    if not isinstance(value, Item):
        return str(value)
    v = value.value
    if "text" in v:
        return " — ".join(t for t in (v.get("party"), v.get("text")) if t)
    if "due_text" in v:
        status = getattr(v.get("status"), "value", v.get("status"))
        return " · ".join(str(t) for t in (v.get("title"), v.get("due_text"), status) if t)
    return " · ".join(str(t) for t in (value.row.get("label") or v.get("name"), v.get("title")) if t)


def _short(text: Any, limit: int = 30) -> str:
    text = str(text or "")
    return text if len(text) <= limit else text[: limit - 1] + "…"
