"""Words and phrases the interface says in more than one place, in Korean and English.

A text written once stays where it is used, as ``pick(ko, en)``; a text the code repeats lives
here once, so that a button, a column and a report say it the same way, and the Korean words are
the glossary's (docs: ../shared/design/GLOSSARY.md, checked by tests/domain/test_vocabulary.py).
Each entry is called for the text in the current language: ``vocabulary.SAVE()``.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.i18n import pick


@dataclass(frozen=True)
class Term:
    """A text in both languages; calling it gives the one for the current language."""

    ko: str
    en: str

    def __call__(self) -> str:
        return pick(self.ko, self.en)


# Buttons and commands
ADD = Term("추가", "Add")
REMOVE = Term("삭제", "Remove")
CANCEL = Term("취소", "Cancel")
CLOSE = Term("닫기", "Close")
IMPORT = Term("가져오기", "Import")
IMPORTING = Term("가져오는 중…", "Importing…")
UNDO = Term("실행 취소", "Undo")
REDO = Term("다시 실행", "Redo")
MOVE_UP = Term("위로", "Move up")
MOVE_DOWN = Term("아래로", "Move down")
TODAY = Term("오늘", "Today")
YES = Term("예", "Yes")
NO = Term("아니요", "No")

# Records and their parts (the glossary's words)
COUNTRY = Term("국가", "Country")
ORGANIZATION = Term("기관", "Organization")
EDIT_ORGANIZATION = Term("기관 수정", "Edit organization")
POSITION = Term("직위", "Position")
# A person's title at an organization: the glossary's 직위, said "Title" next to a name.
PERSON_TITLE = Term("직위", "Title")
TRIP = Term("출장", "Trip")
SESSIONS = Term("세션", "Sessions")
TOPICS = Term("주제", "Topics")
KEY_POINT = Term("주요 내용", "Key point")
SET_HEAD_OF_DELEGATION = Term("수석대표 지정", "Set head of delegation")
FOLLOW_UP = Term("후속조치", "Follow-up")
EDIT_FOLLOW_UP = Term("후속조치 수정", "Edit follow-up")
FOLLOW_UP_REMINDER = Term("후속조치 알림", "Follow-up reminder")
OWNER = Term("담당자", "Owner")
STATUS = Term("상태", "Status")
DUE = Term("기한", "Due")
RESTRICTED_ITEMS = Term("대외비 항목", "Restricted (대외비) items")

# Columns of lists and tables
TITLE = Term("제목", "Title")
UNTITLED = Term("(제목 없음)", "(untitled)")
KIND = Term("종류", "Kind")
RECORD = Term("기록", "Record")
FIELD = Term("항목", "Field")
ACTION = Term("처리", "Action")
REMOVED = Term("(지움)", "(removed)")

# Places, servers and settings
SEOUL = Term("서울", "Seoul")
TEAM_SERVER = Term("팀 서버", "Team server")
MY_NAME = Term("내 이름", "My name")
MY_NAME_HELP = Term(
    "알림은 이 사람이 담당한 후속조치만 알려 줍니다. 비워 두면 우리측 후속조치 전체를 알립니다.",
    "Reminders cover this person's follow-ups. Leave it empty for all of ours.",
)
SNOOZE_DAY = Term("하루 미루기", "Snooze a day")
SNOOZE_WEEK = Term("일주일 미루기", "Snooze a week")

# Help of the report commands on the command line
MASK_RESTRICTED_HELP = Term(
    "대외비 항목을 [대외비]로 가림", "replace restricted (대외비) items with [대외비]"
)
OMIT_RESTRICTED_HELP = Term("대외비 항목을 뺌", "leave restricted (대외비) items out")
TRIP_QUERY_HELP = Term(
    "출장 ID(앞부분) 또는 제목에 든 낱말", "the trip's id (or its first characters) or words of its title"
)
