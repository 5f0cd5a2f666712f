"""The large demo's words: meeting summaries, outcomes and key points, follow-up actions,
trip purposes and duties, event sessions and series, channel kinds, venues and airlines."""

from __future__ import annotations

from tracker.domain.enums import ChannelKind, EventKind, OwedBy

MEETING_SUMMARIES = (
    "양국 {t} 협력 강화 방안 논의",
    "{t} 분야 공동연구 및 인력교류 확대 협의",
    "차기 공동위 개최 일정 협의",
    "{t} 정책 동향 공유 및 협력 아젠다 발굴",
    "{c}측 {t} 전략 청취 및 협력 방안 모색",
    "MOU 이행 점검 및 후속조치 논의",
    "{t} 분야 국제규범 논의 공조 방안 협의",
)
MEETING_OUTCOMES = (
    "{t} 분야 MOU 체결 추진에 공감",
    "차기 회의를 '{yy}년 하반기 {city}에서 개최하기로 합의",
    "실무협의체 구성에 합의",
    "후속 실무협의를 통해 세부 협력과제를 구체화하기로 함",
    "{t} 공동연구 과제 발굴을 위한 전문가 회의 개최 합의",
)
KEY_POINTS_KO = (
    "양국 간 {t} 협력 성과를 평가하고 협력 확대 필요성에 공감",
    "{t} 분야 공동연구 및 인력교류 확대 방안 논의",
    "韓 {t} 정책 및 주요 성과 소개, {m} 측 높은 관심 표명",
    "{c}측, 한국의 {t} 정책 경험 공유 요청",
    "{t} 관련 규제 동향 및 정책 방향 공유",
    "차기 공동위원회를 '{yy}년 하반기 {city}에서 개최하기로 합의",
    "韓 기업의 {c} {t} 시장 진출 지원 요청",
    "{t} 표준화 및 국제규범 논의에서 긴밀히 공조하기로 함",
    "{t} 분야 MOU 체결을 위한 실무 협의 진행 합의",
    "청년 연구자 교류 프로그램 신설 검토",
)
KEY_POINTS_EN = (
    "Both sides agreed to explore joint research in {te}.",
    "The {ce} side expressed interest in Korea's experience in {te}.",
    "Agreed to hold the next joint committee in {year}.",
    "Discussed cooperation on {te} standards and global governance.",
    "Shared recent policy developments on {te}.",
)
# title, owed by
ACTIONS = (
    ("{c}측에 {t} 관련 자료 송부", OwedBy.US),
    ("{t} 공동연구 과제 후보 발굴", OwedBy.BOTH),
    ("차기 공동위 개최 일정 협의", OwedBy.BOTH),
    ("{t} 협력 MOU 초안 검토", OwedBy.US),
    ("{o} {t} 정책 자료 회신", OwedBy.THEM),
    ("면담 결과 보고서 작성 및 관계부처 공유", OwedBy.US),
    ("{t} 전문가 워크숍 개최 검토", OwedBy.BOTH),
    ("{c}측 방한 일정 조율", OwedBy.BOTH),
    ("{t} 관련 국내 기업 수요 조사", OwedBy.US),
    ("{o} 실무 담당자 지정 및 연락채널 구축", OwedBy.THEM),
    ("{c}측 {t} 전략 보고서 공유", OwedBy.THEM),
    ("공동성명 문안 협의", OwedBy.BOTH),
    ("{t} 인력교류 프로그램 세부 계획 수립", OwedBy.US),
    ("후속 화상회의 개최", OwedBy.BOTH),
    ("{t} 국제표준 공동 제안 검토", OwedBy.BOTH),
)
DONE_NOTES = ("조치 완료, 결과 보고", "관계부처 회람 완료", "상대측 회신 접수", "자료 송부 완료")
DROPPED_NOTES = ("상대측 사정으로 중단", "정책 방향 변경으로 추진 중단", "타 협력채널로 이관")
PURPOSES = (
    "o {t} 분야 협력 강화를 위한 고위급 면담 및 협력 아젠다 발굴",
    "o {c} 주요 기관과 {t2} 협력 현황 점검 및 후속조치 논의",
    "o 한-{s} {t} 공동연구 및 인력교류 확대 방안 협의",
    "o 현지 연구기관·기업 방문을 통한 {t2} 정책 동향 파악",
)
DUTIES = (
    "o {t} 협력 면담 총괄\n - 양자면담, 현장방문 등 협력 아젠다 발굴, 대표단 지원 총괄",
    "o 면담 자료 작성 및 결과 정리\n - 면담 발언자료, 결과보고서 작성",
    "o 현지 일정 및 의전 지원\n - 차량, 숙소, 면담 장소 확인",
    "o {t} 분야 실무 협의\n - 후속조치 목록 정리 및 상대측 실무자 협의",
)
MEMBER_ROLES = ("실무", "면담 지원", "의전", "자료 작성", "통역 및 기록")
SESSIONS = (
    ("개회식", "Opening ceremony"),
    ("기조연설", "Keynote speeches"),
    ("세션 {n}: {t} 정책 동향", "Session {n}: {te} policy"),
    ("장관급 라운드테이블", "Ministerial roundtable"),
    ("업무 만찬", "Working dinner"),
    ("공동선언문 채택", "Adoption of the joint declaration"),
    ("폐회식", "Closing ceremony"),
)
# name_ko, name_en, kind, organizer acronym, RRULE, host countries (empty: anywhere)
SERIES = (
    (
        "G20 디지털경제장관회의",
        "G20 Digital Economy Ministers' Meeting",
        EventKind.MINISTERIAL,
        None,
        "FREQ=YEARLY",
        (),
    ),
    (
        "OECD 디지털정책위원회(DPC) 정례회의",
        "OECD Committee on Digital Policy",
        EventKind.COMMITTEE,
        "OECD",
        "FREQ=MONTHLY;INTERVAL=6",
        ("FR",),
    ),
    ("ITU 이사회", "ITU Council", EventKind.COMMITTEE, "ITU", "FREQ=YEARLY", ("CH",)),
    (
        "APEC 디지털·AI 장관회의",
        "APEC Digital and AI Ministerial Meeting",
        EventKind.MINISTERIAL,
        "APEC",
        "FREQ=YEARLY",
        ("SG", "VN", "TH", "MY", "PH", "CL", "AU", "NZ", "JP", "US", "CN", "MX"),
    ),
    ("MWC 바르셀로나", "MWC Barcelona", EventKind.EXHIBITION, "GSMA", "FREQ=YEARLY;BYMONTH=2", ("ES",)),
    (
        "세계경제포럼 연차총회",
        "World Economic Forum Annual Meeting",
        EventKind.FORUM,
        "WEF",
        "FREQ=YEARLY;BYMONTH=1",
        ("CH",),
    ),
    ("인터넷거버넌스포럼(IGF)", "Internet Governance Forum", EventKind.FORUM, None, "FREQ=YEARLY", ()),
    (
        "G7 디지털·기술 장관회의",
        "G7 Digital and Tech Ministers' Meeting",
        EventKind.MINISTERIAL,
        None,
        "FREQ=YEARLY",
        ("US", "JP", "DE", "GB", "FR", "IT", "CA"),
    ),
    (
        "아세안 디지털장관회의(ADGMIN)",
        "ASEAN Digital Ministers' Meeting",
        EventKind.MINISTERIAL,
        "ASEAN",
        "FREQ=YEARLY",
        ("SG", "VN", "ID", "TH", "MY", "PH"),
    ),
    ("GPAI 총회", "GPAI Summit", EventKind.SUMMIT, "GPAI", "FREQ=YEARLY", ("FR", "CA", "JP", "IN", "GB")),
    (
        "ITU 전권회의",
        "ITU Plenipotentiary Conference",
        EventKind.CONFERENCE,
        "ITU",
        "FREQ=YEARLY;INTERVAL=4",
        (),
    ),
    (
        "OECD 과학기술정책위원회(CSTP) 회의",
        "OECD Committee for Scientific and Technological Policy",
        EventKind.COMMITTEE,
        "OECD",
        "FREQ=MONTHLY;INTERVAL=6",
        ("FR",),
    ),
    (
        "국제 6G 표준화 워크숍",
        "International 6G Standardization Workshop",
        EventKind.WORKSHOP,
        None,
        None,
        (),
    ),
)
# kind, name_ko, name_en, recurrence
CHANNEL_KINDS = (
    (
        ChannelKind.JOINT_COMMITTEE,
        "한-{s} 과학기술공동위원회",
        "Korea–{C} Joint Committee on Science and Technology",
        "FREQ=YEARLY;INTERVAL=2",
    ),
    (
        ChannelKind.JOINT_COMMITTEE,
        "한-{s} ICT 협력위원회",
        "Korea–{C} ICT Cooperation Committee",
        "FREQ=YEARLY",
    ),
    (ChannelKind.POLICY_FORUM, "한-{s} 디지털 정책포럼", "Korea–{C} Digital Policy Forum", "FREQ=YEARLY"),
    (ChannelKind.DIALOGUE, "한-{s} 디지털 대화", "Korea–{C} Digital Dialogue", "FREQ=YEARLY"),
    (
        ChannelKind.MINISTERIAL,
        "한-{s} 디지털 장관회의",
        "Korea–{C} Digital Ministers' Meeting",
        "FREQ=YEARLY;INTERVAL=2",
    ),
    (ChannelKind.WORKING_GROUP, "한-{s} AI 작업반", "Korea–{C} AI Working Group", "FREQ=MONTHLY;INTERVAL=6"),
    (ChannelKind.PARTNERSHIP, "한-{s} 디지털 파트너십", "Korea–{C} Digital Partnership", "FREQ=YEARLY"),
    (
        ChannelKind.WORKING_GROUP,
        "한-{s} 양자기술 협력 작업반",
        "Korea–{C} Quantum Working Group",
        "FREQ=YEARLY",
    ),
)
CHANNEL_EVENT_KIND = {
    ChannelKind.JOINT_COMMITTEE: EventKind.COMMITTEE,
    ChannelKind.POLICY_FORUM: EventKind.FORUM,
    ChannelKind.DIALOGUE: EventKind.COMMITTEE,
    ChannelKind.MINISTERIAL: EventKind.MINISTERIAL,
    ChannelKind.WORKING_GROUP: EventKind.WORKSHOP,
    ChannelKind.PARTNERSHIP: EventKind.COMMITTEE,
    ChannelKind.OTHER: EventKind.OTHER,
}
SEOUL_VENUES = (
    "정부과천청사 4동 대회의실",
    "정부세종청사 4동 회의실",
    "서울 광화문 포시즌스 호텔",
    "서울 중구 롯데호텔",
    "정부서울청사 별관 회의실",
    "코엑스 컨퍼런스룸",
)
KOREA_SITES = ("판교 제2테크노밸리", "대덕연구개발특구", "한국전자통신연구원(대전)", "국가슈퍼컴퓨팅센터")
CALL_PLACES = ("화상회의 (Zoom)", "화상회의 (Webex)", "화상회의 (Teams)", "전화 협의")
AIRLINES = ("AC", "LH", "AF", "BA", "UA", "JL", "SQ", "EK", "QR", "TK")
