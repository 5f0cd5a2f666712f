"""Enumerations of the domain. Values are stable strings: they are stored in the database
and written to interchange files, so never rename a value without a migration."""

from __future__ import annotations

from enum import StrEnum


class OrgKind(StrEnum):
    GOVERNMENT = "government"  # a whole government, e.g. Government of Canada
    MINISTRY = "ministry"
    AGENCY = "agency"
    INTERNATIONAL = "international"  # international organization (OECD, ITU, World Bank)
    INSTITUTE = "institute"  # research institute, university, think tank
    COMPANY = "company"
    EMBASSY = "embassy"  # embassies and consulates
    ASSOCIATION = "association"
    OTHER = "other"


class Rank(StrEnum):
    """Protocol rank, highest first; used to order delegations by precedence."""

    HEAD_OF_STATE = "head_of_state"
    PRIME_MINISTER = "prime_minister"
    MINISTER = "minister"
    VICE_MINISTER = "vice_minister"
    AMBASSADOR = "ambassador"
    DEPUTY_MINISTER = "deputy_minister"
    EXECUTIVE = "executive"  # heads of institutes, companies, international organizations
    DIRECTOR_GENERAL = "director_general"
    DEPUTY_DIRECTOR_GENERAL = "deputy_director_general"
    DIRECTOR = "director"
    SENIOR_STAFF = "senior_staff"  # agency titles such as 수석, 책임
    DEPUTY_DIRECTOR = "deputy_director"
    OFFICER = "officer"
    STAFF = "staff"
    OTHER = "other"

    @property
    def precedence(self) -> int:
        return _RANK_ORDER.index(self)


_RANK_ORDER = list(Rank)


class Side(StrEnum):
    US = "us"  # 우리측
    THEM = "them"  # 상대측


class OwedBy(StrEnum):
    US = "us"
    THEM = "them"
    BOTH = "both"


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def is_closed(self) -> bool:
        return self in (ActionStatus.DONE, ActionStatus.DROPPED)


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Classification(StrEnum):
    NONE = "none"
    RESTRICTED = "restricted"  # 대외비


class EventKind(StrEnum):
    MINISTERIAL = "ministerial"
    SUMMIT = "summit"
    FORUM = "forum"
    CONFERENCE = "conference"
    COMMITTEE = "committee"
    WORKSHOP = "workshop"
    EXHIBITION = "exhibition"
    OTHER = "other"


class ChannelKind(StrEnum):
    JOINT_COMMITTEE = "joint_committee"  # 공동위원회
    POLICY_FORUM = "policy_forum"  # 정책포럼
    DIALOGUE = "dialogue"  # 디지털대화, 정책대화
    MINISTERIAL = "ministerial"  # 장관회의
    WORKING_GROUP = "working_group"
    PARTNERSHIP = "partnership"
    OTHER = "other"


class MeetingKind(StrEnum):
    BILATERAL = "bilateral"  # 양자면담
    SITE_VISIT = "site_visit"  # 현장방문
    MULTILATERAL = "multilateral"
    CALL = "call"  # video or phone call
    OTHER = "other"


class ItineraryKind(StrEnum):
    FLIGHT = "flight"
    TRANSFER = "transfer"
    MEETING = "meeting"
    SESSION = "session"
    RECEPTION = "reception"
    MEAL = "meal"
    SITE_VISIT = "site_visit"
    PREPARATION = "preparation"
    OTHER = "other"


class AgreementKind(StrEnum):
    MOU = "mou"  # 양해각서
    JOINT_STATEMENT = "joint_statement"  # 공동성명
    AGREEMENT = "agreement"  # 협정
    ARRANGEMENT = "arrangement"  # 약정
    DECLARATION = "declaration"
    OTHER = "other"


class AgreementStatus(StrEnum):
    NEGOTIATING = "negotiating"
    SIGNED = "signed"
    IN_FORCE = "in_force"
    EXPIRED = "expired"
    TERMINATED = "terminated"
