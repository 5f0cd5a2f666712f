"""What can be imported for each kind of record, and which column heading means which field.

Headings are compared after normalising: NFC, case folded, spaces and punctuation removed, so
'E-mail', 'e mail' and 'EMAIL' are one heading, and '성명 (국문)' is '성명국문'.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.domain.i18n import pick

PERSONS = "persons"
ORGANIZATIONS = "organizations"
ACTIONS = "actions"
KINDS = (PERSONS, ORGANIZATIONS, ACTIONS)


@dataclass(frozen=True)
class Field:
    key: str
    ko: str
    en: str
    headings: tuple[str, ...]  # heading names that mean this field (normalised when compared)

    @property
    def label(self) -> str:
        return pick(self.ko, self.en)


def _field(key: str, ko: str, en: str, headings: str) -> Field:
    return Field(key, ko, en, tuple(headings.split()))


# Heading names, one string per field, separated by spaces (a heading itself never has one
# once normalised: '원어 이름' is written 원어이름 here).
_NAMES = "이름 성명 성함 국문이름 한글이름 국문성명 한글성명 이름국문 이름한글 성명국문 성명한글 name fullname koreanname namekorean nameko"
_COUNTRY = "국가 국가명 나라 국가코드 국가지역 country countryname countrycode"
_NOTES = "비고 메모 참고 참고사항 특이사항 notes note remarks remark memo comments comment"

# fmt: off
FIELDS: dict[str, tuple[Field, ...]] = {
    PERSONS: (
        _field("name_ko", "이름", "Name (Korean)", _NAMES),
        _field("name_original", "원어 이름", "Name (original)", "원어이름 원어명 원어성명 원문이름 현지어이름 nameoriginal originalname nativename"),
        _field("name_latin", "영문명", "Name (English)", "영문명 영문이름 영문성명 이름영문 성명영문 englishname nameenglish nameen latinname romanizedname romanisedname romanization romanisation"),
        _field("organization", "기관", "Organization", "기관 소속 소속기관 기관명 소속기관명 부처 회사 회사명 organization organisation org affiliation institution agency company employer"),
        _field("department", "부서", "Department", "부서 부서명 소속부서 department dept division"),
        _field("title", "직위", "Title", "직위 직급 직책 직함 현직위 직위직급 직위직책 title position currenttitle jobtitle rank"),
        _field("title_en", "영문 직위", "Title (English)", "영문직위 직위영문 영문직함 영문직책 englishtitle titleenglish titleen"),
        _field("country", "국가", "Country", _COUNTRY + " 국적 nationality"),
        _field("email", "이메일", "Email", "이메일 이메일주소 전자우편 메일 e메일 email emailaddress mail"),
        _field("phone", "전화", "Phone", "전화 전화번호 연락처 사무실전화 유선전화 phone tel telephone phonenumber officephone contact"),
        _field("mobile", "휴대전화", "Mobile", "휴대폰 휴대전화 핸드폰 휴대폰번호 휴대전화번호 모바일 mobile cell cellphone mobilephone"),
        _field("is_staff", "우리측", "Our staff", "우리측 우리측여부 직원여부 내부직원 ourstaff staff isstaff"),
        _field("notes", "비고", "Notes", _NOTES),
    ),
    ORGANIZATIONS: (
        _field("name_ko", "기관명", "Name", "기관명 기관 국문명 한글명 기관명국문 국문기관명 명칭 이름 name organization organisation namekorean koreanname nameko"),
        _field("name_en", "영문명", "English name", "영문명 영문기관명 기관명영문 영문명칭 englishname nameenglish nameen"),
        _field("name_original", "원어명", "Name (original)", "원어명 원어기관명 원어명칭 originalname nameoriginal nativename"),
        _field("acronym", "약칭", "Acronym", "약칭 약어 영문약칭 약자 acronym abbreviation abbr shortname"),
        _field("kind", "유형", "Kind", "유형 구분 기관유형 종류 kind type category orgtype"),
        _field("country", "국가", "Country", _COUNTRY + " 소재국"),
        _field("parent", "상위기관", "Parent", "상위기관 상위기관명 상위 모기관 parent parentorganization parentorganisation parentorg"),
        _field("website", "웹사이트", "Website", "웹사이트 홈페이지 누리집 website url homepage web site"),
        _field("notes", "비고", "Notes", _NOTES),
    ),
    ACTIONS: (
        _field("title", "후속조치", "Follow-up", "후속조치 후속조치사항 후속조치내용 조치사항 후속과제 과제 과제명 제목 내용 followup followups followupaction title action task item"),
        _field("description", "세부 내용", "Description", "세부내용 상세내용 설명 상세 세부사항 description details detail"),
        _field("due", "기한", "Due", "기한 마감 마감일 기한일 완료기한 목표일 이행기한 처리기한 추진기한 시한 due duedate deadline dueby"),
        _field("due_precision", "기한 단위", "Due precision", "기한단위 기한정밀도 정밀도 dueprecision precision"),
        _field("owner", "담당자", "Owner", "담당자 담당 우리측담당자 담당직원 담당자명 owner responsible assignee assignedto personincharge"),
        _field("owed_by", "이행 주체", "Owed by", "이행주체 주체 이행측 owedby side responsibleside"),
        _field("status", "상태", "Status", "상태 진행상황 진행상태 이행상태 추진상황 추진현황 status state progress"),
        _field("priority", "우선순위", "Priority", "우선순위 중요도 priority importance"),
        _field("counterpart_org", "상대 기관", "Counterpart", "상대기관 상대측기관 상대측 상대 상대기관명 counterpart counterpartorganization counterpartorganisation counterpartorg organization organisation"),
        _field("country", "국가", "Country", _COUNTRY + " 상대국"),
        _field("source", "면담·출장", "Meeting or trip", "면담 회의 출처 관련면담 관련회의 면담명 계기 출장 면담출장 source meeting origin meetingortrip"),
        _field("completed_on", "완료일", "Completed on", "완료일 완료일자 이행일 completed completedon completiondate donedate doneon"),
        _field("notes", "비고", "Notes", _NOTES),
    ),
}
# fmt: on

# A file must map at least one of these (persons: any name; the others: the one).
REQUIRED: dict[str, tuple[str, ...]] = {
    PERSONS: ("name_ko", "name_original", "name_latin"),
    ORGANIZATIONS: ("name_ko",),
    ACTIONS: ("title",),
}

_PUNCT = re.compile(r"[\s\-_.·•/\\()\[\]{}<>:;,*#'\"’‘“”※|?!~]+")


def normalise_heading(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text).casefold())


def fields(kind: str) -> tuple[Field, ...]:
    """The fields of a kind, in the order an import dialog lists them."""
    try:
        return FIELDS[kind]
    except KeyError:
        raise ValueError(f"unknown import kind {kind!r} (one of {', '.join(KINDS)})") from None


def field_labels(kind: str) -> dict[str, str]:
    return {f.key: f.label for f in fields(kind)}


def suggest_mapping(kind: str, headers: Iterable[str]) -> dict[str, str]:
    """{heading: field} for the headings recognised; each field at most once. An exact name
    wins over a heading that only begins with one ('이메일 주소(업무용)' is still email)."""
    specs = fields(kind)
    exact: dict[str, str] = {}
    for f in specs:
        for name in f.headings:
            exact.setdefault(normalise_heading(name), f.key)
    heads = [(h, normalise_heading(h)) for h in headers if h and h.strip()]
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for head, norm in heads:
        key = exact.get(norm)
        if key and key not in taken:
            mapping[head] = key
            taken.add(key)
    prefixes = sorted(((n, k) for n, k in exact.items() if len(n) >= 2), key=lambda nk: -len(nk[0]))
    for head, norm in heads:
        if head in mapping:
            continue
        for name, key in prefixes:
            if norm.startswith(name) and key not in taken:
                mapping[head] = key
                taken.add(key)
                break
    return mapping
