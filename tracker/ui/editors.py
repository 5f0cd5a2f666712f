"""Which fields each kind of record shows, and the dialogs that create and edit them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from tracker.db.engine import Database
from tracker.domain import enums
from tracker.domain.i18n import pick
from tracker.services import record_forms
from tracker.services.record_forms import MODELS
from tracker.ui.forms import FieldSpec, RecordDialog, RecordForm
from tracker.ui.record_conflicts import MergingSaver

S = FieldSpec

SPECS: dict[str, list[FieldSpec]] = {
    "countries": [
        S("code", "국가 코드 (ISO)", "Code (ISO)", required=True),
        S("name_ko", "국가명", "Korean name", required=True),
        S("name_en", "영문명", "English name", required=True),
        S("region", "지역", "Region"),
        S("mark", "약칭(韓·美 등)", "Mark (韓, 美 ...)"),
        S("notes", "메모", "Notes", "multiline"),
    ],
    "organizations": [
        S("name_ko", "기관명", "Korean name", required=True),
        S("name_en", "영문명", "English name"),
        S("name_original", "원어명", "Name in its own script"),
        S("acronym", "약칭", "Acronym"),
        S("kind", "유형", "Kind", "choice", enums.OrgKind),
        S("country_code", "국가", "Country", "ref", listing="countries"),
        S("parent_id", "상위기관", "Parent organization", "ref", listing="organizations"),
        S("website", "웹사이트", "Website"),
        S("notes", "메모", "Notes", "multiline"),
    ],
    "persons": [
        S("name_ko", "이름(한글)", "Name (Korean)"),
        S("name_original", "원어 이름", "Name in own script"),
        S("name_latin", "로마자 이름", "Latin name"),
        S("is_staff", "우리측 직원", "One of our staff", "bool"),
        S("country_code", "국가", "Country", "ref", listing="countries"),
        S("email", "이메일", "Email"),
        S("phone", "전화", "Phone"),
        S("mobile", "휴대전화", "Mobile"),
        S("notes", "메모", "Notes", "multiline"),
    ],
    "topics": [
        S("name_ko", "주제(한글)", "Topic (Korean)", required=True),
        S("name_en", "주제(영문)", "Topic (English)"),
    ],
    "trips": [
        S("title", "출장명", "Title", required=True),
        S("destination", "출장지", "Destination"),
        S("start_date", "출발일", "Start", "date", required=True),
        S("end_date", "귀국일", "End", "date", required=True),
        S("nights", "박 수", "Nights abroad", "count"),
        S("purpose", "출장목적", "Purpose", "multiline"),
        S("purpose_notes", "각주", "Footnotes", "multiline"),
        S("report_date", "보고일", "Report date", "date"),
        S("classification", "보안 등급", "Classification", "choice", enums.Classification),
        S("notes", "메모", "Notes", "multiline"),
    ],
    "meetings": [
        S("title", "면담명", "Title", required=True),
        S("kind", "유형", "Kind", "choice", enums.MeetingKind),
        S("date", "일자", "Date", "date", required=True),
        S("start_time", "시작", "Start", "time"),
        S("end_time", "종료", "End", "time"),
        S("timezone", "시간대", "Time zone", "zone", required=True),
        S("location", "장소", "Location"),
        S("country_code", "상대국", "Country", "ref", listing="countries"),
        S("trip_id", "출장", "Trip", "ref", listing="trips"),
        S("agenda", "의제", "Agenda", "multiline"),
        S("outcome", "결과", "Outcome", "multiline"),
        S("classification", "보안 등급", "Classification", "choice", enums.Classification),
    ],
    "actions": [
        S("title", "후속조치", "Follow-up", required=True),
        S("owed_by", "이행 주체", "Owed by", "choice", enums.OwedBy),
        S("owner_id", "담당자", "Owner", "ref", listing="persons"),
        S("counterpart_org_id", "상대 기관", "Counterpart organization", "ref", listing="organizations"),
        S("country_code", "국가", "Country", "ref", listing="countries"),
        S("due", "기한", "Due", "precision_date"),
        S("status", "상태", "Status", "choice", enums.ActionStatus),
        S("priority", "중요도", "Priority", "choice", enums.Priority),
        S("completion_note", "완료 메모", "Completion note", "multiline"),
        S("description", "내용", "Description", "multiline"),
    ],
    "events": [
        S("name_ko", "행사명", "Name (Korean)", required=True),
        S("name_en", "영문명", "Name (English)"),
        S("kind", "유형", "Kind", "choice", enums.EventKind),
        S("start_date", "시작일", "Start", "date", required=True),
        S("end_date", "종료일", "End", "date", required=True),
        S("country_code", "개최국", "Host country", "ref", listing="countries"),
        S("city", "도시", "City"),
        S("venue", "장소", "Venue"),
        S("timezone", "시간대", "Time zone", "zone", required=True),
        S("recurrence", "반복", "Repeats", "recurrence"),
        S("summary", "개요", "Summary", "multiline"),
    ],
    "agreements": [
        S("title_ko", "협정명", "Title (Korean)", required=True),
        S("title_en", "영문명", "Title (English)"),
        S("kind", "유형", "Kind", "choice", enums.AgreementKind),
        S("status", "상태", "Status", "choice", enums.AgreementStatus),
        S("country_code", "상대국", "Country", "ref", listing="countries"),
        S("signed", "서명일", "Signed", "precision_date"),
        S("signed_place", "서명 장소", "Signed at"),
        S("expires_on", "만료일", "Expires", "date"),
        S("summary", "주요 내용", "Summary", "multiline"),
    ],
    "channels": [
        S("name_ko", "채널명", "Name (Korean)", required=True),
        S("name_en", "영문명", "Name (English)"),
        S("kind", "유형", "Kind", "choice", enums.ChannelKind),
        S("country_code", "상대국", "Country", "ref", listing="countries"),
        S("recurrence", "개최 주기", "Recurrence", "recurrence"),
        S("notes", "메모", "Notes", "multiline"),
    ],
}

TITLES = {
    "countries": ("국가", "Country"),
    "organizations": ("기관", "Organization"),
    "persons": ("인사", "Person"),
    "topics": ("주제", "Topic"),
    "trips": ("출장", "Trip"),
    "meetings": ("면담", "Meeting"),
    "actions": ("후속조치", "Follow-up"),
    "events": ("행사", "Event"),
    "agreements": ("협정·MOU", "Agreement"),
    "channels": ("협력채널", "Cooperation channel"),
}

DEFAULTS: dict[str, dict[str, Any]] = {
    "meetings": {"timezone": "Asia/Seoul"},
    "events": {"timezone": "Asia/Seoul"},
}


def _saver(db: Database, kind: str, key: Any, version: int | None) -> Callable[[dict[str, Any]], Any]:
    def save(values: dict[str, Any]) -> Any:
        return record_forms.save_record(db, kind, key, values, version)

    return save


def build_form(db: Database, kind: str) -> RecordForm:
    return RecordForm(db, record_forms.rules(kind), SPECS[kind])


def record_dialog(
    db: Database,
    kind: str,
    key: Any = None,
    parent: QWidget | None = None,
    initial: dict[str, Any] | None = None,
) -> RecordDialog:
    """A dialog to create (key None) or edit one record."""
    form = build_form(db, kind)
    version = None
    if key is not None:
        draft = record_forms.record_draft(db, kind, key)
        version = draft.version
        form.load(draft.values)
    else:
        form.load({**DEFAULTS.get(kind, {}), **(initial or {})})
    ko, en = TITLES[kind]
    title = pick(
        f"{ko} {'수정' if key is not None else '새로 만들기'}",
        f"{'Edit' if key is not None else 'New'} {en.lower()}",
    )
    if key is None:
        return RecordDialog(title, form, _saver(db, kind, key, version), parent=parent)
    holder: list[RecordDialog] = []
    saver = MergingSaver(db, kind, key, version, form.values(), form.field_label, lambda: holder[0])

    def reload() -> None:
        """A colleague saved the record: show it as saved now, as if just opened, and save
        against that version from here on."""
        draft = record_forms.record_draft(db, kind, key)
        form.load(draft.values)
        saver.version, saver.base = draft.version, form.values()

    record = (record_forms.table(kind).name, key)
    holder.append(RecordDialog(title, form, saver, parent=parent, record=record, reload=reload))
    return holder[0]


__all__ = ["DEFAULTS", "MODELS", "SPECS", "TITLES", "build_form", "record_dialog"]
