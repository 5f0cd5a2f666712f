"""Names of enum values in Korean and English, as the users say them (see the glossary)."""

from __future__ import annotations

from enum import Enum

from tracker.domain.i18n import pick

LABELS: dict[str, tuple[str, str]] = {
    # OrgKind
    "government": ("정부", "Government"),
    "ministry": ("부처", "Ministry"),
    "agency": ("기관", "Agency"),
    "international": ("국제기구", "International organization"),
    "institute": ("연구기관", "Institute"),
    "company": ("기업", "Company"),
    "embassy": ("공관", "Embassy"),
    "association": ("협회·단체", "Association"),
    # Side / OwedBy
    "us": ("우리측", "Us"),
    "them": ("상대측", "Them"),
    "both": ("양측", "Both"),
    # ActionStatus
    "open": ("미착수", "Open"),
    "in_progress": ("진행 중", "In progress"),
    "done": ("완료", "Done"),
    "dropped": ("중단", "Dropped"),
    # Priority
    "low": ("낮음", "Low"),
    "normal": ("보통", "Normal"),
    "high": ("높음", "High"),
    # MeetingKind
    "bilateral": ("양자면담", "Bilateral meeting"),
    "site_visit": ("현장방문", "Site visit"),
    "multilateral": ("다자회의", "Multilateral"),
    "call": ("화상·전화", "Call"),
    # Classification
    "none": ("일반", "Unclassified"),
    "restricted": ("대외비", "Restricted"),
    # ItineraryKind
    "flight": ("항공", "Flight"),
    "transfer": ("이동", "Transfer"),
    "meeting": ("면담", "Meeting"),
    "session": ("회의 세션", "Session"),
    "reception": ("리셉션", "Reception"),
    "meal": ("오찬·만찬", "Meal"),
    "preparation": ("준비", "Preparation"),
    # EventKind / ChannelKind
    "ministerial": ("장관회의", "Ministerial meeting"),
    "summit": ("정상회의", "Summit"),
    "forum": ("포럼", "Forum"),
    "conference": ("콘퍼런스", "Conference"),
    "committee": ("위원회", "Committee"),
    "workshop": ("워크숍", "Workshop"),
    "exhibition": ("전시회", "Exhibition"),
    "joint_committee": ("공동위원회", "Joint committee"),
    "policy_forum": ("정책포럼", "Policy forum"),
    "dialogue": ("정책대화", "Dialogue"),
    "working_group": ("작업반", "Working group"),
    "partnership": ("파트너십", "Partnership"),
    # AgreementKind / Status
    "mou": ("양해각서(MOU)", "MOU"),
    "joint_statement": ("공동성명", "Joint statement"),
    "agreement": ("협정", "Agreement"),
    "arrangement": ("약정", "Arrangement"),
    "declaration": ("선언", "Declaration"),
    "negotiating": ("협의 중", "Negotiating"),
    "signed": ("서명", "Signed"),
    "in_force": ("발효", "In force"),
    "expired": ("만료", "Expired"),
    "terminated": ("종료", "Terminated"),
    # Rank
    "head_of_state": ("국가원수", "Head of state"),
    "prime_minister": ("총리", "Prime minister"),
    "minister": ("장관", "Minister"),
    "vice_minister": ("차관", "Vice minister"),
    "deputy_minister": ("차관보", "Deputy minister"),
    "director_general": ("실·국장", "Director-general"),
    "deputy_director_general": ("심의관", "Deputy director-general"),
    "director": ("과장·팀장", "Director"),
    "deputy_director": ("서기관·사무관", "Deputy director"),
    "officer": ("주무관", "Officer"),
    "ambassador": ("대사", "Ambassador"),
    "executive": ("기관장·임원", "Executive"),
    "senior_staff": ("수석·책임", "Senior staff"),
    "staff": ("직원", "Staff"),
    "other": ("기타", "Other"),
    # DatePrecision
    "day": ("일", "Day"),
    "month": ("월", "Month"),
    "year": ("연", "Year"),
}


def label(value: Enum | str | None) -> str:
    if value is None:
        return ""
    key = value.value if isinstance(value, Enum) else str(value)
    ko, en = LABELS.get(key, (key, key))
    return pick(ko, en)
