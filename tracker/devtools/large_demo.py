"""A large, realistic and reproducible test database: ten years (2016-2026) of a busy
international-cooperation division — organizations, people and their rotations, trips with
itineraries, bilateral meetings, follow-up actions, events, channels and agreements.

Everything comes from one `random.Random(seed)`: the same seed gives the same rows, ids and
timestamps. Rows are built as plain dicts and written with SQLAlchemy Core in large batches
inside one transaction, so a million rows take well under a minute on SQLite.
"""

from __future__ import annotations

import random
import time as _clock
import uuid
from bisect import bisect_right
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from tracker.db import models as m
from tracker.db.engine import Database
from tracker.domain.enums import (
    ActionStatus,
    AgreementKind,
    AgreementStatus,
    ChannelKind,
    Classification,
    DatePrecision,
    EventKind,
    ItineraryKind,
    MeetingKind,
    OrgKind,
    OwedBy,
    Priority,
    Rank,
    Side,
)
from tracker.domain.errors import ValidationError
from tracker.services.countries import reference_countries, seed_countries

Progress = Callable[[str], None]

FIRST_DAY = date(2016, 1, 1)
LAST_DAY = date(2026, 12, 31)
TODAY = date(2025, 12, 8)  # the dataset's "now": later meetings are planned, later actions open
SEOUL = "Asia/Seoul"

# Row counts at scale 1.0.
BASE = {
    "organizations": 3000,
    "persons": 20000,
    "staff": 300,
    "trips": 5000,
    "meetings": 50000,
    "actions": 150000,
    "events": 400,
    "channels": 150,
    "agreements": 600,
}

# Tables in foreign-key order: a table only refers to tables before it.
TABLES: tuple[sa.Table, ...] = (
    m.Topic.__table__,
    m.Organization.__table__,
    m.Person.__table__,
    m.Position.__table__,
    m.Channel.__table__,
    m.Event.__table__,
    m.EventSession.__table__,
    m.event_topics,
    m.Trip.__table__,
    m.TripDestination.__table__,
    m.TripMember.__table__,
    m.trip_events,
    m.Meeting.__table__,
    m.meeting_organizations,
    m.MeetingParticipant.__table__,
    m.KeyPoint.__table__,
    m.meeting_topics,
    m.ItineraryItem.__table__,
    m.Action.__table__,
    m.action_topics,
    m.Agreement.__table__,
    m.agreement_parties,
    m.agreement_topics,
)  # type: ignore[assignment]

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

TOPICS = (
    ("AI", "Artificial intelligence"),
    ("양자", "Quantum"),
    ("통신", "Telecommunications"),
    ("반도체", "Semiconductors"),
    ("디지털정부", "Digital government"),
    ("사이버보안", "Cybersecurity"),
    ("6G", "6G"),
    ("우주", "Space"),
    ("5G", "5G"),
    ("클라우드", "Cloud"),
    ("데이터", "Data"),
    ("개인정보보호", "Privacy"),
    ("디지털 포용", "Digital inclusion"),
    ("메타버스", "Metaverse"),
    ("블록체인", "Blockchain"),
    ("바이오", "Biotechnology"),
    ("탄소중립", "Carbon neutrality"),
    ("스마트시티", "Smart cities"),
    ("디지털 무역", "Digital trade"),
    ("공동연구", "Joint research"),
    ("인력교류", "Talent exchange"),
    ("스타트업", "Startups"),
    ("표준화", "Standardization"),
    ("전파", "Spectrum"),
    ("방송", "Broadcasting"),
    ("AI 안전", "AI safety"),
    ("공적개발원조", "Development cooperation"),
    ("과학기술외교", "Science diplomacy"),
    ("소프트웨어", "Software"),
    ("공급망", "Supply chains"),
)

# code: (weight, short name for '한-미', [(city_ko, city_en, timezone, flight hours from Seoul)])
PARTNERS: dict[str, tuple[float, str, list[tuple[str, str, str, float]]]] = {
    "US": (
        10,
        "미",
        [
            ("워싱턴DC", "Washington, D.C.", "America/New_York", 14),
            ("샌프란시스코", "San Francisco", "America/Los_Angeles", 11),
        ],
    ),
    "JP": (8, "일", [("도쿄", "Tokyo", "Asia/Tokyo", 2.5), ("오사카", "Osaka", "Asia/Tokyo", 2)]),
    "CN": (
        6,
        "중",
        [("베이징", "Beijing", "Asia/Shanghai", 2.5), ("상하이", "Shanghai", "Asia/Shanghai", 2)],
    ),
    "GB": (6, "영", [("런던", "London", "Europe/London", 14)]),
    "DE": (6, "독", [("베를린", "Berlin", "Europe/Berlin", 13.5), ("뮌헨", "Munich", "Europe/Berlin", 13)]),
    "FR": (5, "프", [("파리", "Paris", "Europe/Paris", 14)]),
    "CA": (
        5,
        "캐나다",
        [("오타와", "Ottawa", "America/Toronto", 15), ("몬트리올", "Montreal", "America/Toronto", 14)],
    ),
    "AU": (
        4,
        "호주",
        [("캔버라", "Canberra", "Australia/Sydney", 11), ("시드니", "Sydney", "Australia/Sydney", 10.5)],
    ),
    "SG": (4, "싱가포르", [("싱가포르", "Singapore", "Asia/Singapore", 6.5)]),
    "IN": (
        4,
        "인도",
        [("뉴델리", "New Delhi", "Asia/Kolkata", 8.5), ("벵갈루루", "Bengaluru", "Asia/Kolkata", 9)],
    ),
    "VN": (4, "베트남", [("하노이", "Hanoi", "Asia/Ho_Chi_Minh", 4.5)]),
    "ID": (3, "인니", [("자카르타", "Jakarta", "Asia/Jakarta", 7)]),
    "AE": (3, "UAE", [("아부다비", "Abu Dhabi", "Asia/Dubai", 10), ("두바이", "Dubai", "Asia/Dubai", 10)]),
    "SA": (3, "사우디", [("리야드", "Riyadh", "Asia/Riyadh", 11)]),
    "IL": (2, "이스라엘", [("텔아비브", "Tel Aviv", "Asia/Jerusalem", 12)]),
    "FI": (2, "핀란드", [("헬싱키", "Helsinki", "Europe/Helsinki", 13)]),
    "SE": (2, "스웨덴", [("스톡홀름", "Stockholm", "Europe/Stockholm", 13)]),
    "NL": (2, "네덜란드", [("암스테르담", "Amsterdam", "Europe/Amsterdam", 13.5)]),
    "ES": (2, "스페인", [("바르셀로나", "Barcelona", "Europe/Madrid", 14.5)]),
    "IT": (2, "이탈리아", [("로마", "Rome", "Europe/Rome", 13)]),
    "PL": (2, "폴란드", [("바르샤바", "Warsaw", "Europe/Warsaw", 12)]),
    "CH": (2, "스위스", [("제네바", "Geneva", "Europe/Zurich", 15)]),
    "BE": (2, "벨기에", [("브뤼셀", "Brussels", "Europe/Brussels", 15)]),
    "UZ": (2, "우즈벡", [("타슈켄트", "Tashkent", "Asia/Tashkent", 7.5)]),
    "KZ": (1, "카자흐", [("아스타나", "Astana", "Asia/Almaty", 7)]),
    "BR": (2, "브라질", [("브라질리아", "Brasília", "America/Sao_Paulo", 26)]),
    "MX": (1, "멕시코", [("멕시코시티", "Mexico City", "America/Mexico_City", 16)]),
    "CL": (1, "칠레", [("산티아고", "Santiago", "America/Santiago", 25)]),
    "EG": (1, "이집트", [("카이로", "Cairo", "Africa/Cairo", 13)]),
    "KE": (1, "케냐", [("나이로비", "Nairobi", "Africa/Nairobi", 14)]),
    "NZ": (1, "뉴질랜드", [("웰링턴", "Wellington", "Pacific/Auckland", 12)]),
    "TH": (2, "태국", [("방콕", "Bangkok", "Asia/Bangkok", 6)]),
    "MY": (2, "말레이시아", [("쿠알라룸푸르", "Kuala Lumpur", "Asia/Kuala_Lumpur", 6.5)]),
    "PH": (1, "필리핀", [("마닐라", "Manila", "Asia/Manila", 4)]),
}
KOREA_CITIES = [("서울", "Seoul", SEOUL, 0), ("세종", "Sejong", SEOUL, 0), ("부산", "Busan", SEOUL, 0)]

MINISTRIES = (
    ("과학기술부", "Ministry of Science and Technology"),
    ("디지털부", "Ministry of Digital Affairs"),
    ("정보통신부", "Ministry of Information and Communications"),
    ("산업부", "Ministry of Industry"),
    ("외교부", "Ministry of Foreign Affairs"),
    ("경제부", "Ministry of Economy"),
    ("혁신부", "Ministry of Innovation"),
    ("교육연구부", "Ministry of Education and Research"),
)
AGENCIES = (
    ("국가연구재단", "National Research Foundation"),
    ("통신규제청", "Communications Regulatory Authority"),
    ("우주청", "Space Agency"),
    ("사이버보안청", "Cybersecurity Agency"),
    ("표준원", "Standards Institute"),
    ("디지털청", "Digital Agency"),
    ("투자진흥청", "Investment Promotion Agency"),
)
INSTITUTES = (
    ("국립AI연구소", "National AI Institute"),
    ("전자통신연구원", "Electronics and Telecommunications Research Institute"),
    ("과학기술정책연구원", "Science and Technology Policy Institute"),
    ("{city}대학교", "University of {city}"),
    ("{city}공과대학", "{city} Institute of Technology"),
    ("양자연구센터", "Quantum Research Centre"),
)
UNITS = (
    ("국제협력국", "International Cooperation Bureau"),
    ("디지털정책실", "Digital Policy Office"),
    ("연구개발정책국", "R&D Policy Bureau"),
    ("통신정책국", "Telecommunications Policy Bureau"),
    ("AI정책과", "AI Policy Division"),
    ("사이버보안국", "Cybersecurity Bureau"),
)
COMPANY_A = (
    ("노바", "Nova"),
    ("퀀텀", "Quantum"),
    ("블루", "Blue"),
    ("오리온", "Orion"),
    ("하이퍼", "Hyper"),
    ("테라", "Terra"),
    ("시그마", "Sigma"),
    ("넥서스", "Nexus"),
)
COMPANY_B = (
    ("랩스", "Labs"),
    ("시스템즈", "Systems"),
    ("네트웍스", "Networks"),
    ("반도체", "Semiconductor"),
    ("로보틱스", "Robotics"),
    ("클라우드", "Cloud"),
    ("텔레콤", "Telecom"),
)
# acronym, Korean, English, seat
INTERNATIONAL = (
    ("OECD", "경제협력개발기구", "Organisation for Economic Co-operation and Development", "FR"),
    ("ITU", "국제전기통신연합", "International Telecommunication Union", "CH"),
    ("UNESCO", "유네스코", "United Nations Educational, Scientific and Cultural Organization", "FR"),
    ("WB", "세계은행", "World Bank", "US"),
    ("APEC", "APEC 사무국", "APEC Secretariat", "SG"),
    ("ASEAN", "아세안 사무국", "ASEAN Secretariat", "ID"),
    ("EC", "유럽연합 집행위원회", "European Commission", "BE"),
    ("GSMA", "세계이동통신사업자협회", "GSM Association", "GB"),
    ("WEF", "세계경제포럼", "World Economic Forum", "CH"),
    ("GPAI", "인공지능 글로벌 파트너십", "Global Partnership on AI", "FR"),
    ("UNDP", "유엔개발계획", "United Nations Development Programme", "US"),
    ("ADB", "아시아개발은행", "Asian Development Bank", "PH"),
)
INTL_UNITS = (
    ("사무국", "Secretariat"),
    ("디지털정책국", "Directorate for Digital Policy"),
    ("과학기술혁신국", "Directorate for Science, Technology and Innovation"),
)
# Our side: the ministry, its units, and the agencies that travel with us.
OUR_MINISTRY = ("과학기술정보통신부", "Ministry of Science and ICT", "MSIT", "https://www.msit.go.kr")
OUR_UNITS = (
    ("국제협력관", "Office of International Cooperation"),
    ("국제협력총괄과", "International Cooperation Division"),
    ("디지털국제협력과", "Digital International Cooperation Division"),
    ("과학기술협력과", "S&T Cooperation Division"),
    ("국제기구협력팀", "International Organizations Team"),
)
OUR_AGENCIES = (
    ("한국지능정보사회진흥원", "National Information Society Agency", "NIA", OrgKind.AGENCY),
    ("정보통신산업진흥원", "National IT Industry Promotion Agency", "NIPA", OrgKind.AGENCY),
    (
        "한국전자통신연구원",
        "Electronics and Telecommunications Research Institute",
        "ETRI",
        OrgKind.INSTITUTE,
    ),
    ("한국인터넷진흥원", "Korea Internet & Security Agency", "KISA", OrgKind.AGENCY),
    ("한국연구재단", "National Research Foundation of Korea", "NRF", OrgKind.AGENCY),
)

KO_SURNAMES = (
    ("김", "Kim"),
    ("이", "Lee"),
    ("박", "Park"),
    ("최", "Choi"),
    ("정", "Jung"),
    ("강", "Kang"),
    ("조", "Cho"),
    ("윤", "Yoon"),
    ("장", "Jang"),
    ("임", "Lim"),
    ("한", "Han"),
    ("오", "Oh"),
    ("서", "Seo"),
    ("신", "Shin"),
    ("권", "Kwon"),
    ("황", "Hwang"),
    ("안", "Ahn"),
    ("송", "Song"),
)
KO_GIVEN = (
    ("민", "min"),
    ("수", "su"),
    ("지", "ji"),
    ("현", "hyun"),
    ("영", "young"),
    ("준", "jun"),
    ("서", "seo"),
    ("연", "yeon"),
    ("호", "ho"),
    ("진", "jin"),
    ("성", "seong"),
    ("은", "eun"),
    ("재", "jae"),
    ("희", "hee"),
    ("우", "woo"),
    ("동", "dong"),
    ("혜", "hye"),
    ("경", "kyung"),
)
LATIN_FIRST = (
    ("Michael", "마이클"),
    ("David", "데이비드"),
    ("Sarah", "세라"),
    ("Anna", "안나"),
    ("Thomas", "토마스"),
    ("Maria", "마리아"),
    ("James", "제임스"),
    ("Laura", "로라"),
    ("Daniel", "대니얼"),
    ("Sophie", "소피"),
    ("Peter", "피터"),
    ("Elena", "엘레나"),
    ("Karsten", "카르스텐"),
    ("Julia", "율리아"),
    ("Ahmed", "아메드"),
    ("Priya", "프리야"),
    ("Lucas", "루카스"),
    ("Ingrid", "잉그리드"),
    ("Carlos", "카를로스"),
    ("Fatima", "파티마"),
)
LATIN_LAST = (
    ("Smith", "스미스"),
    ("Müller", "뮐러"),
    ("Martin", "마르탱"),
    ("Wilson", "윌슨"),
    ("Schmidt", "슈미트"),
    ("Dubois", "뒤부아"),
    ("Johnson", "존슨"),
    ("Rossi", "로시"),
    ("Novak", "노바크"),
    ("Kowalski", "코발스키"),
    ("Andersson", "안데르손"),
    ("Garcia", "가르시아"),
    ("Brown", "브라운"),
    ("Fischer", "피셔"),
    ("Silva", "실바"),
    ("Khan", "칸"),
    ("Bernard", "베르나르"),
    ("Nielsen", "닐센"),
    ("Lopez", "로페스"),
    ("Haddad", "하다드"),
)
JP_SURNAMES = (
    ("田中", "Tanaka", "다나카"),
    ("佐藤", "Sato", "사토"),
    ("鈴木", "Suzuki", "스즈키"),
    ("高橋", "Takahashi", "다카하시"),
    ("山本", "Yamamoto", "야마모토"),
    ("中村", "Nakamura", "나카무라"),
    ("小林", "Kobayashi", "고바야시"),
    ("今川", "Imagawa", "이마가와"),
    ("伊藤", "Ito", "이토"),
    ("加藤", "Kato", "가토"),
)
JP_GIVEN = (
    ("拓郎", "Takuro", "다쿠로"),
    ("健一", "Kenichi", "겐이치"),
    ("直樹", "Naoki", "나오키"),
    ("裕子", "Yuko", "유코"),
    ("美紀", "Miki", "미키"),
    ("大輔", "Daisuke", "다이스케"),
    ("誠", "Makoto", "마코토"),
    ("恵子", "Keiko", "게이코"),
)
CN_SURNAMES = (
    ("王", "Wang", "왕"),
    ("李", "Li", "리"),
    ("张", "Zhang", "장"),
    ("刘", "Liu", "류"),
    ("陈", "Chen", "천"),
    ("杨", "Yang", "양"),
    ("赵", "Zhao", "자오"),
    ("黄", "Huang", "황"),
)
CN_GIVEN = (
    ("伟", "Wei", "웨이"),
    ("敏", "Min", "민"),
    ("静", "Jing", "징"),
    ("磊", "Lei", "레이"),
    ("强", "Qiang", "창"),
    ("晓", "Xiao", "샤오"),
    ("明", "Ming", "밍"),
    ("海", "Hai", "하이"),
    ("涛", "Tao", "타오"),
    ("建", "Jian", "젠"),
    ("华", "Hua", "화"),
)

R = Rank
# (rank, Korean title, English title, weight) by kind of organization
TITLES: dict[str, tuple[tuple[Rank, str, str, float], ...]] = {
    "gov": (
        (R.MINISTER, "장관", "Minister", 0.3),
        (R.VICE_MINISTER, "차관", "Vice Minister", 1),
        (R.DEPUTY_MINISTER, "차관보", "Deputy Minister", 2),
        (R.DIRECTOR_GENERAL, "국장", "Director General", 6),
        (R.DEPUTY_DIRECTOR_GENERAL, "심의관", "Deputy Director General", 4),
        (R.DIRECTOR, "과장", "Director", 12),
        (R.DEPUTY_DIRECTOR, "사무관", "Deputy Director", 12),
        (R.OFFICER, "주무관", "Officer", 8),
        (R.SENIOR_STAFF, "선임보좌관", "Senior Advisor", 3),
    ),
    "agency": (
        (R.EXECUTIVE, "청장", "Administrator", 0.5),
        (R.DIRECTOR_GENERAL, "본부장", "Executive Director", 3),
        (R.DIRECTOR, "실장", "Head of Office", 6),
        (R.SENIOR_STAFF, "수석", "Principal Officer", 8),
        (R.STAFF, "책임", "Senior Officer", 8),
    ),
    "intl": (
        (R.EXECUTIVE, "사무총장", "Secretary-General", 0.3),
        (R.DIRECTOR_GENERAL, "국장", "Director", 3),
        (R.DIRECTOR, "과장", "Head of Division", 6),
        (R.SENIOR_STAFF, "선임정책분석관", "Senior Policy Analyst", 8),
        (R.STAFF, "정책분석관", "Policy Analyst", 6),
    ),
    "institute": (
        (R.EXECUTIVE, "원장", "President", 0.5),
        (R.DIRECTOR, "센터장", "Centre Director", 4),
        (R.SENIOR_STAFF, "책임연구원", "Principal Researcher", 8),
        (R.STAFF, "선임연구원", "Senior Researcher", 8),
        (R.OTHER, "교수", "Professor", 5),
    ),
    "company": (
        (R.EXECUTIVE, "대표이사", "CEO", 1),
        (R.EXECUTIVE, "부사장", "Vice President", 3),
        (R.DIRECTOR, "상무", "Managing Director", 5),
        (R.SENIOR_STAFF, "팀장", "Head of Team", 8),
        (R.STAFF, "매니저", "Manager", 6),
    ),
    "embassy": (
        (R.AMBASSADOR, "대사", "Ambassador", 1),
        (R.OTHER, "공사참사관", "Minister-Counsellor", 2),
        (R.DIRECTOR, "참사관", "Counsellor", 5),
        (R.DEPUTY_DIRECTOR, "1등서기관", "First Secretary", 6),
        (R.OFFICER, "2등서기관", "Second Secretary", 4),
    ),
}
TITLE_FAMILY = {
    OrgKind.GOVERNMENT: "gov",
    OrgKind.MINISTRY: "gov",
    OrgKind.AGENCY: "agency",
    OrgKind.INTERNATIONAL: "intl",
    OrgKind.INSTITUTE: "institute",
    OrgKind.COMPANY: "company",
    OrgKind.EMBASSY: "embassy",
    OrgKind.ASSOCIATION: "agency",
    OrgKind.OTHER: "agency",
}
# Our staff: single-holder posts (a chain of holders over the years), then the working ranks.
STAFF_HEADS = (
    (R.MINISTER, "장관", "Minister", 0),
    (R.VICE_MINISTER, "제1차관", "First Vice Minister", 0),
    (R.VICE_MINISTER, "제2차관", "Second Vice Minister", 0),
    (R.DIRECTOR_GENERAL, "국제협력관", "Director General for International Cooperation", 1),
)
STAFF_TITLES = (
    (R.DIRECTOR, "과장", "Director", 2),
    (R.DIRECTOR, "팀장", "Team Leader", 2),
    (R.DEPUTY_DIRECTOR, "서기관", "Deputy Director", 4),
    (R.DEPUTY_DIRECTOR, "사무관", "Deputy Director", 6),
    (R.OFFICER, "주무관", "Officer", 4),
)

# Seniority within a kind of organization (0 = the top), to seat a delegation in order.
SENIORITY: dict[tuple[str, str], int] = {
    **{(fam, t[1]): i for fam, titles in TITLES.items() for i, t in enumerate(titles)},
    **{("staff", t[1]): i for i, t in enumerate((*STAFF_HEADS, *STAFF_TITLES))},
}

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


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


class _Rng(random.Random):
    """random.Random with the handful of draws the generator needs."""

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.getrandbits(128), version=4)

    def pick(self, seq: Any) -> Any:
        return seq[int(self.random() * len(seq))]


class _Weighted:
    """A population with cumulative weights, for fast repeated draws."""

    def __init__(self, items: Iterable[tuple[Any, float]]) -> None:
        pairs = [(item, w) for item, w in items if w > 0]
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(w for _, w in pairs))
        self.total = self.cum[-1] if self.cum else 0.0

    def __bool__(self) -> bool:
        return bool(self.items)

    def draw(self, rng: random.Random) -> Any:
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _stamp(day: date, minutes: int = 0) -> datetime:
    """A creation time on `day` (office hours, Seoul) as an aware UTC datetime."""
    base = datetime(day.year, day.month, day.day, 0, 30, tzinfo=UTC)  # 09:30 KST
    return base + timedelta(minutes=minutes % 540)


def _add_minutes(t: time, minutes: int) -> time:
    total = t.hour * 60 + t.minute + minutes
    return time(min(total // 60, 23), total % 60 if total // 60 < 24 else 59)


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _days(a: date, b: date) -> int:
    return (b - a).days


class _Out:
    """Rows per table, every row with all the table's columns (executemany needs that)."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
        self.templates: dict[str, dict[str, Any]] = {}
        for t in TABLES:
            tpl = dict.fromkeys(c.name for c in t.columns)
            if "version" in tpl:
                tpl["version"] = 1
            for name in ("seq", "end_day_offset"):
                if name in tpl:
                    tpl[name] = 0
            self.templates[t.name] = tpl

    def add(self, table: str, **values: Any) -> dict[str, Any]:
        row = self.templates[table].copy()
        row.update(values)
        self.rows[table].append(row)
        return row

    def link(self, table: str, a: Any, b: Any) -> None:
        cols = list(self.templates[table])
        self.rows[table].append({cols[0]: a, cols[1]: b})


# Floors for a tiny database: a few foreign organizations and people to meet.
MINIMUM = {"organizations": 10, "persons": 30, "staff": 2}


def _scaled(scale: float) -> dict[str, int]:
    return {k: max(MINIMUM.get(k, 1), round(v * scale)) for k, v in BASE.items()}


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, scale: float, countries: list[dict[str, Any]]) -> None:
        self.rng = _Rng(seed)
        self.n = _scaled(scale)
        self.out = _Out()
        self.countries = {c["code"]: c for c in countries}
        self.partner_pick = _Weighted(
            (code, w) for code, (w, _, _) in PARTNERS.items() if code in self.countries
        )
        self.topic_ids: list[uuid.UUID] = []
        self.topic_names: list[tuple[str, str]] = []
        # organizations
        self.orgs: list[dict[str, Any]] = []
        self.orgs_by_country: dict[str, list[int]] = {}
        self.intl_orgs: list[int] = []
        self.our_ministry = -1
        self.our_units: list[int] = []
        self.our_agencies: list[int] = []
        # persons: positions as (start, end, title_ko, title_en, org index, rank)
        self.persons: list[dict[str, Any]] = []
        self.careers: list[list[tuple[date, date | None, str, str, int, Rank]]] = []
        self.people_by_org: dict[int, list[int]] = {}
        self.staff: list[int] = []
        self.head_chains: list[list[tuple[date, date, int]]] = []  # per head post: (from, to, person)
        self.channels: list[dict[str, Any]] = []
        self.events: list[dict[str, Any]] = []
        self.sessions_by_event: dict[int, list[dict[str, Any]]] = {}
        self.meetings: list[dict[str, Any]] = []
        self.meeting_info: list[tuple[int, list[int], list[int], list[uuid.UUID], int]] = []

    # -- small pieces ------------------------------------------------------------------------

    def topic(self) -> int:
        return int(self.rng.random() * len(self.topic_ids))

    def topics(self, lo: int, hi: int) -> list[int]:
        return self.rng.sample(range(len(self.topic_ids)), self.rng.randint(lo, hi))

    def cname(self, code: str | None) -> str:
        return self.countries[code]["name_ko"] if code else "국제기구"

    def short(self, code: str) -> str:
        return PARTNERS[code][1] if code in PARTNERS else self.countries[code]["name_ko"]

    def city(self, code: str) -> tuple[str, str, str, float]:
        if code == "KR":
            return KOREA_CITIES[0]
        return self.rng.pick(PARTNERS[code][2])

    def random_day(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, _days(start, end)))

    def busy_day(self, last: date = date(2026, 6, 30)) -> date:
        """A working day, fewer in the pandemic years."""
        while True:
            d = self.random_day(FIRST_DAY, last)
            if d.weekday() >= 5 or (d.month, d.day) in ((1, 1), (12, 25)):
                continue
            if d.year in (2020, 2021) and self.rng.random() < 0.7:
                continue
            return d

    # -- topics ------------------------------------------------------------------------------

    def gen_topics(self) -> None:
        for i, (ko, en) in enumerate(TOPICS):
            tid = self.rng.uid()
            self.topic_ids.append(tid)
            self.topic_names.append((ko, en))
            at = _stamp(FIRST_DAY, i)
            self.out.add("topics", id=tid, name_ko=ko, name_en=en, created_at=at, updated_at=at)

    # -- organizations -----------------------------------------------------------------------

    def add_org(
        self,
        name_ko: str,
        name_en: str | None,
        kind: OrgKind,
        code: str | None,
        parent: int | None = None,
        acronym: str | None = None,
        website: str | None = None,
    ) -> int:
        idx = len(self.orgs)
        at = _stamp(FIRST_DAY + timedelta(days=idx % 90), idx)
        row = self.out.add(
            "organizations",
            id=self.rng.uid(),
            name_ko=name_ko,
            name_en=name_en,
            acronym=acronym,
            kind=kind,
            country_code=code,
            parent_id=self.orgs[parent]["id"] if parent is not None else None,
            website=website,
            created_at=at,
            updated_at=at,
        )
        self.orgs.append(row)
        if code:
            self.orgs_by_country.setdefault(code, []).append(idx)
        return idx

    def gen_organizations(self) -> None:
        rng = self.rng
        target = self.n["organizations"]
        few = max(1, target // 100)  # fixed bodies, fewer in a small database
        ko, en, acr, web = OUR_MINISTRY
        self.our_ministry = self.add_org(ko, en, OrgKind.MINISTRY, "KR", acronym=acr, website=web)
        for uko, uen in OUR_UNITS[:few]:
            self.our_units.append(
                self.add_org(f"{ko} {uko}", f"{uen}, {en}", OrgKind.MINISTRY, "KR", parent=self.our_ministry)
            )
        for ako, aen, aacr, kind in OUR_AGENCIES[:few]:
            self.our_agencies.append(self.add_org(ako, aen, kind, "KR", acronym=aacr))
        for aacr, iko, ien, seat in INTERNATIONAL[: max(1, target // 250)]:
            i = self.add_org(iko, ien, OrgKind.INTERNATIONAL, seat, acronym=aacr)
            self.intl_orgs.append(i)
            for uko, uen in INTL_UNITS[: few // 10]:
                self.intl_orgs.append(
                    self.add_org(f"{aacr} {uko}", f"{ien} {uen}", OrgKind.INTERNATIONAL, seat, parent=i)
                )
        used: set[tuple[str, str]] = set()
        ministries: dict[str, list[int]] = {}

        def make(code: str, kind: OrgKind) -> None:
            cko, cen = self.countries[code]["name_ko"], self.countries[code]["name_en"]
            if kind is OrgKind.MINISTRY:
                mko, men = rng.pick(MINISTRIES)
                if (code, mko) in used and ministries.get(code):
                    parent = rng.pick(ministries[code])
                    uko, uen = rng.pick(UNITS)
                    p = self.orgs[parent]
                    if (code, p["name_ko"] + uko) in used:
                        return
                    used.add((code, p["name_ko"] + uko))
                    self.add_org(
                        f"{p['name_ko']} {uko}",
                        f"{uen}, {p['name_en']}",
                        OrgKind.MINISTRY,
                        code,
                        parent=parent,
                    )
                    return
                used.add((code, mko))
                ministries.setdefault(code, []).append(
                    self.add_org(f"{cko} {mko}", f"{men} ({cen})", kind, code)
                )
                return
            if kind is OrgKind.AGENCY:
                nko, nen = rng.pick(AGENCIES)
                nko, nen = f"{cko} {nko}", f"{nen} ({cen})"
            elif kind is OrgKind.INSTITUTE:
                c_ko, c_en = self.city(code)[:2] if code in PARTNERS else (cko, cen)
                tko, ten = rng.pick(INSTITUTES)
                if "{city}" in tko:
                    nko, nen = tko.format(city=c_ko), ten.format(city=c_en)
                else:
                    nko, nen = f"{cko} {tko}", f"{ten} ({cen})"
            elif kind is OrgKind.COMPANY:
                (ako, aen), (bko, ben) = rng.pick(COMPANY_A), rng.pick(COMPANY_B)
                nko, nen = f"{ako}{bko}", f"{aen} {ben}"
            elif kind is OrgKind.EMBASSY:
                if rng.random() < 0.5:
                    nko, nen = f"주한 {cko} 대사관", f"Embassy of {cen} in Korea"
                else:
                    nko, nen = f"주{cko} 대한민국 대사관", f"Embassy of the Republic of Korea in {cen}"
            elif kind is OrgKind.ASSOCIATION:
                nko, nen = f"{cko} ICT산업협회", f"{cen} ICT Industry Association"
            else:
                nko, nen = f"{cko} 정부", f"Government of {cen}"
            if (code, nko) in used:
                return
            used.add((code, nko))
            self.add_org(nko, nen, kind, code)

        # every partner gets a few ministries, an agency and an embassy first
        for code in self.partner_pick.items:
            for kind in (
                OrgKind.MINISTRY,
                OrgKind.MINISTRY,
                OrgKind.MINISTRY,
                OrgKind.AGENCY,
                OrgKind.EMBASSY,
            ):
                if len(self.orgs) < target:
                    make(code, kind)
        others = [(c, 0.06) for c in self.countries if c not in PARTNERS and c != "KR"]
        country_pick = _Weighted(
            [*((c, w) for c, (w, _, _) in PARTNERS.items() if c in self.countries), *others]
        )
        kind_pick = _Weighted(
            [
                (OrgKind.MINISTRY, 30),
                (OrgKind.AGENCY, 15),
                (OrgKind.INSTITUTE, 20),
                (OrgKind.COMPANY, 22),
                (OrgKind.EMBASSY, 6),
                (OrgKind.ASSOCIATION, 4),
                (OrgKind.GOVERNMENT, 3),
            ]
        )
        guard = 0
        while len(self.orgs) < target and guard < target * 20:
            guard += 1
            make(country_pick.draw(rng), kind_pick.draw(rng))
        del self.orgs[target:]  # small scales: keep the count in proportion
        self.out.rows["organizations"][target:] = []
        for code, lst in self.orgs_by_country.items():
            self.orgs_by_country[code] = [i for i in lst if i < target]
        self.intl_orgs = [i for i in self.intl_orgs if i < target]
        self.our_units = [i for i in self.our_units if i < target] or [self.our_ministry]
        self.our_agencies = [i for i in self.our_agencies if i < target]

    # -- persons and positions ---------------------------------------------------------------

    def person_name(self, code: str | None) -> dict[str, Any]:
        rng = self.rng
        if code == "KR":
            (s, sl), (g1, l1), (g2, l2) = rng.pick(KO_SURNAMES), rng.pick(KO_GIVEN), rng.pick(KO_GIVEN)
            if g2 == g1:
                g2, l2 = rng.pick(KO_GIVEN)
            return {
                "name_ko": s + g1 + g2,
                "name_original": None,
                "name_latin": f"{sl} {l1.capitalize()}{l2}",
            }
        if code == "JP":
            (s, sl, sk), (g, gl, gk) = rng.pick(JP_SURNAMES), rng.pick(JP_GIVEN)
            return {"name_ko": f"{sk} {gk}", "name_original": s + g, "name_latin": f"{gl} {sl}"}
        if code == "CN":
            (s, sl, sk), (g, gl, gk) = rng.pick(CN_SURNAMES), rng.pick(CN_GIVEN)
            if rng.random() < 0.6:  # most given names have two characters
                g2, gl2, gk2 = rng.pick(CN_GIVEN)
                g, gl, gk = g + g2, gl + gl2.lower(), gk + gk2
            return {"name_ko": sk + gk, "name_original": s + g, "name_latin": f"{sl} {gl}"}
        (f, fk), (last, lk) = rng.pick(LATIN_FIRST), rng.pick(LATIN_LAST)
        middle = f" {rng.pick('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        return {"name_ko": f"{fk} {lk}", "name_original": f"{f}{middle} {last}", "name_latin": None}

    def add_person(self, code: str | None, staff: bool) -> int:
        idx = len(self.persons)
        names = self.person_name("KR" if staff else code)
        email = phone = None
        latin = names["name_latin"] or names["name_original"]
        if staff:
            local = latin.lower().replace(" ", ".")
            email = f"{local}{idx % 97}@msit.example.kr"
            phone = f"044-202-{4000 + idx % 6000:04d}"
        elif self.rng.random() < 0.5:
            local = latin.lower().replace(". ", ".").replace(" ", ".").replace("ü", "ue")
            email = f"{local}@{(code or 'int').lower()}.example.org"
        row = self.out.add(
            "persons", id=self.rng.uid(), is_staff=staff, country_code=code, email=email, phone=phone, **names
        )
        self.persons.append(row)
        self.careers.append([])
        return idx

    def add_position(
        self,
        p: int,
        org: int,
        rank: Rank,
        ko: str,
        en: str,
        start: date,
        end: date | None,
        department: str | None = None,
    ) -> None:
        self.careers[p].append((start, end, ko, en, org, rank))
        lst = self.people_by_org.setdefault(org, [])
        if not lst or lst[-1] != p:
            lst.append(p)
        at = _stamp(max(start, FIRST_DAY), p)
        upd = _stamp(end, p) if end is not None and end >= start and end <= TODAY else at
        upd = max(upd, at)
        self.out.add(
            "positions",
            id=self.rng.uid(),
            person_id=self.persons[p]["id"],
            organization_id=self.orgs[org]["id"],
            title_ko=ko,
            title_en=en,
            department=department,
            rank=rank,
            start_date=start,
            end_date=end,
            created_at=at,
            updated_at=upd,
        )

    def gen_people(self) -> None:
        rng = self.rng
        n_staff = min(self.n["staff"], self.n["persons"])
        # single-holder posts: chains of holders over the whole period
        budget = n_staff // 4 if n_staff >= 4 * len(STAFF_HEADS) else 0  # a tiny database has no chains
        for rank, ko, en, unit in STAFF_HEADS if budget else ():
            chain: list[tuple[date, date, int]] = []
            d = date(2014, 6, 1) + timedelta(days=rng.randint(0, 480))
            while d <= LAST_DAY:
                p = self.add_person("KR", True)
                end = d + timedelta(days=rng.randint(450, 1100))
                if len(self.persons) >= budget * (len(self.head_chains) + 1) / len(STAFF_HEADS):
                    end = LAST_DAY  # the budget is spent: this one stays
                org = self.our_ministry if unit == 0 else self.our_units[0]
                self.add_position(p, org, rank, ko, en, d, end if end < TODAY else None)
                chain.append((d, end, p))
                d = end + timedelta(days=1)
            self.head_chains.append(chain)
            self.staff.extend(c[2] for c in chain)
        weights = _Weighted((t, t[3]) for t in STAFF_TITLES)
        while len(self.staff) < n_staff:
            p = self.add_person("KR", True)
            self.staff.append(p)
            level = STAFF_TITLES.index(weights.draw(rng))
            start = date(2012, 1, 1) + timedelta(days=rng.randint(0, 4700))
            for k in range(rng.randint(1, 4)):
                rank, ko, en, _ = STAFF_TITLES[level]
                end = start + timedelta(days=rng.randint(300, 1300))
                last = k == 3 or end >= TODAY or rng.random() < 0.15
                closed = end if end < TODAY and (not last or rng.random() < 0.3) else None
                unit = rng.pick(self.our_units)
                self.add_position(p, unit, rank, ko, en, start, closed, department=None)
                if closed is None or last:
                    break
                start = end + timedelta(days=1)
                if level > 0 and rng.random() < 0.5:
                    level -= 1
        # counterparts: every organization gets someone, the rest go where the work is
        family_weight = {
            "gov": 3.0,
            "agency": 2.0,
            "intl": 3.0,
            "institute": 1.3,
            "company": 1.0,
            "embassy": 1.5,
        }
        org_pick = _Weighted(
            (i, family_weight[TITLE_FAMILY[o["kind"]]] * (3 if o["country_code"] in PARTNERS else 1))
            for i, o in enumerate(self.orgs)
            if i != self.our_ministry and i not in self.our_units
        )
        title_pick = {fam: _Weighted((t, t[3]) for t in titles) for fam, titles in TITLES.items()}
        n_cp = self.n["persons"] - len(self.persons)
        orgs_in_order = org_pick.items
        for k in range(n_cp):
            org = orgs_in_order[k] if k < len(orgs_in_order) else org_pick.draw(rng)
            o = self.orgs[org]
            code = o["country_code"]
            if o["kind"] is OrgKind.INTERNATIONAL and rng.random() < 0.6:
                code = self.partner_pick.draw(rng)
            elif (
                o["kind"] is OrgKind.EMBASSY and o["name_ko"].startswith("주") and "대한민국" in o["name_ko"]
            ):
                code = "KR"
            p = self.add_person(code, False)
            fam = TITLE_FAMILY[o["kind"]]
            titles = TITLES[fam]
            level = titles.index(title_pick[fam].draw(rng))
            start = date(2010, 1, 1) + timedelta(days=rng.randint(0, 5200))
            siblings = self.orgs_by_country.get(o["country_code"] or "", [org])
            for k2 in range(rng.randint(1, 4)):
                rank, tko, ten, _ = titles[level]
                end = start + timedelta(days=rng.randint(365, 1500))
                last = k2 == 3 or end >= TODAY
                closed = end if end < TODAY and (not last or rng.random() < 0.35) else None
                self.add_position(p, org, rank, tko, ten, start, closed)
                if closed is None or last:
                    break
                start = end + timedelta(days=rng.randint(1, 60))
                if level > 0 and rng.random() < 0.5:
                    level -= 1
                if rng.random() < 0.3:  # rotation to another body of the same family and country
                    cand = rng.pick(siblings)
                    if TITLE_FAMILY[self.orgs[cand]["kind"]] == fam:
                        org = cand
        for p, row in enumerate(self.persons):
            first = self.careers[p][0][0] if self.careers[p] else FIRST_DAY
            row["created_at"] = row["updated_at"] = _stamp(max(first, FIRST_DAY), p)
        self.staff_pick = list(self.staff)
        heads = {p for chain in self.head_chains for _a, _b, p in chain}
        self.staff_by_year: dict[int, list[int]] = {}
        self.leads_by_year: dict[int, list[int]] = {}
        for p in self.staff:
            if p in heads:
                continue
            for start, end, _ko, _en, _org, rank in self.careers[p]:
                for y in range(max(start.year, FIRST_DAY.year), (end or LAST_DAY).year + 1):
                    if not self.staff_by_year.get(y) or self.staff_by_year[y][-1] != p:
                        self.staff_by_year.setdefault(y, []).append(p)
                    if rank is R.DIRECTOR and (
                        not self.leads_by_year.get(y) or self.leads_by_year[y][-1] != p
                    ):
                        self.leads_by_year.setdefault(y, []).append(p)
        self.orgs_with_people: dict[str, list[int]] = {}
        for org in self.people_by_org:
            code = self.orgs[org]["country_code"]
            if code and code != "KR" and "대한민국" not in self.orgs[org]["name_ko"]:
                self.orgs_with_people.setdefault(code, []).append(org)
        for lst in self.orgs_with_people.values():
            lst.sort()
        self.orgs_abroad = {
            c: [o for o in lst if self.orgs[o]["kind"] is not OrgKind.EMBASSY]
            for c, lst in self.orgs_with_people.items()
        }
        self.orgs_sites = {
            c: [o for o in lst if self.orgs[o]["kind"] in (OrgKind.INSTITUTE, OrgKind.COMPANY)]
            for c, lst in self.orgs_with_people.items()
        }
        self.meet_pick = _Weighted((c, w) for c, (w, _, _) in PARTNERS.items() if c in self.orgs_with_people)
        if not self.meet_pick:  # a tiny database: any country with people will do
            self.meet_pick = _Weighted((c, 1.0) for c in sorted(self.orgs_with_people))
        in_partners = self.meet_pick and all(c in PARTNERS for c in self.meet_pick.items)
        self.dest_pick = self.meet_pick if in_partners else self.partner_pick

    def held(self, p: int, on: date, org: int | None = None) -> tuple[date, date | None, str, str, int, Rank]:
        """The position `p` held on a day (at `org` if given), else the nearest one."""
        career = self.careers[p]
        if org is not None:
            at_org = [c for c in career if c[4] == org]
            career = at_org or career
        best = career[0]
        for c in career:
            if c[0] <= on:
                best = c
        return best

    def staff_on(self, on: date, senior: bool = False, lead: bool = False) -> int:
        """A staff member in office on a day: a head post holder if `senior`, a director or
        team leader if `lead`, else anyone of the working level."""
        rng = self.rng
        if senior and self.head_chains:
            chain = rng.pick(self.head_chains)
            for a, b, p in chain:
                if a <= on <= b:
                    return p
        pool = (
            (self.leads_by_year if lead else self.staff_by_year).get(on.year)
            or self.staff_by_year.get(on.year)
            or self.staff_pick
        )
        p = pool[0]
        for _ in range(8):
            p = rng.pick(pool)
            career = self.careers[p]
            if career[0][0] <= on and (career[-1][1] is None or career[-1][1] >= on):
                break
        return p

    # -- channels and events -----------------------------------------------------------------

    def gen_channels(self) -> None:
        rng = self.rng
        pairs = [(c, k) for c in self.partner_pick.items for k in range(len(CHANNEL_KINDS))]
        weights = [PARTNERS[c][0] / (1 + k) for c, k in pairs]
        chosen: list[tuple[str | None, int]] = []
        pool = list(zip(pairs, weights, strict=True))
        target = self.n["channels"]
        n_intl = min(len(INTERNATIONAL), max(0, target // 12))
        while len(chosen) < target - n_intl and pool:
            w = _Weighted((i, pw) for i, (_, pw) in enumerate(pool))
            i = w.draw(rng)
            chosen.append(pool.pop(i)[0])
        for j in range(n_intl):
            chosen.append((None, j))
        our = self.orgs[self.our_ministry]["id"]
        for code, k in chosen:
            est = rng.randint(2000, 2022)
            if code is None:
                acr, iko, ien, _seat = INTERNATIONAL[k]
                org = next((i for i in self.intl_orgs if self.orgs[i]["acronym"] == acr), None)
                kind, nko, nen, rule = (
                    ChannelKind.POLICY_FORUM,
                    f"한-{acr} 정책협의회",
                    f"Korea–{acr} Policy Consultation",
                    "FREQ=YEARLY",
                )
                cc = None
            else:
                kind, nko, nen, rule = CHANNEL_KINDS[k]
                nko, nen = nko.format(s=self.short(code)), nen.format(C=self.countries[code]["name_en"])
                cands = [
                    i for i in self.orgs_by_country.get(code, []) if self.orgs[i]["kind"] is OrgKind.MINISTRY
                ]
                org = cands[0] if cands else None
                cc = code
            at = _stamp(FIRST_DAY + timedelta(days=rng.randint(0, 60)), len(self.channels))
            row = self.out.add(
                "channels",
                id=rng.uid(),
                name_ko=nko,
                name_en=nen,
                kind=kind,
                country_code=cc,
                organization_id=self.orgs[org]["id"] if org is not None else None,
                our_organization_id=our,
                recurrence=rule,
                established_year=est,
                notes=rng.pick((None, None, f"주관: {self.orgs[rng.pick(self.our_units)]['name_ko']}")),
                created_at=at,
                updated_at=at,
            )
            self.channels.append(row)

    def add_event(
        self,
        name_ko: str,
        name_en: str,
        kind: EventKind,
        code: str,
        start: date,
        length: int,
        organizer: int | None,
        channel: dict[str, Any] | None,
        rule: str | None,
    ) -> None:
        rng = self.rng
        cko, cen, tz, _h = self.city(code)
        end = start + timedelta(days=length - 1)
        t1 = self.topics(1, 3)
        tnames = ", ".join(self.topic_names[t][0] for t in t1)
        host = self.cname(code)
        eid = rng.uid()
        at = _stamp(start - timedelta(days=rng.randint(20, 90)), len(self.events))
        row = self.out.add(
            "events",
            id=eid,
            name_ko=name_ko,
            name_en=name_en,
            kind=kind,
            channel_id=channel["id"] if channel else None,
            organizer_id=self.orgs[organizer]["id"] if organizer is not None else None,
            country_code=code,
            city=cko,
            venue=rng.pick((f"{cen} Convention Centre", f"{cen} Marriott Hotel", f"{cko} 국제회의장", None)),
            timezone=tz,
            start_date=start,
            end_date=end,
            recurrence=rule,
            summary=f"{start.year}년 {host} 개최. {tnames} 등 의제 논의.",
            notes=None if rng.random() < 0.8 else "결과보고서 별도 작성",
            created_at=at,
            updated_at=max(at, _stamp(min(end, TODAY), 7)),
        )
        idx = len(self.events)
        self.events.append(row)
        for t in t1:
            self.out.link("event_topics", eid, self.topic_ids[t])
        sessions = []
        n = rng.randint(2, 6)
        tnum = 0
        for s in range(n):
            day = start + timedelta(days=min(length - 1, s * length // n))
            ko, en = (
                SESSIONS[0]
                if s == 0
                else (SESSIONS[-1] if s == n - 1 and n > 2 else rng.pick(SESSIONS[1:-1]))
            )
            if "{n}" in ko:
                tnum += 1
                ti = rng.pick(t1)
                ko, en = (
                    ko.format(n=tnum, t=self.topic_names[ti][0]),
                    en.format(n=tnum, te=self.topic_names[ti][1]),
                )
            st = time(9 + (s * 7) % 9, 0)
            srow = self.out.add(
                "event_sessions",
                id=rng.uid(),
                event_id=eid,
                seq=s + 1,
                title_ko=ko,
                title_en=en,
                date=day,
                start_time=st,
                end_time=_add_minutes(st, rng.choice((60, 90, 120))),
                members_only=kind is EventKind.MINISTERIAL and rng.random() < 0.15,
                notes=None,
                created_at=at,
                updated_at=at,
            )
            sessions.append(srow)
        self.sessions_by_event[idx] = sessions

    def gen_events(self) -> None:
        rng = self.rng
        target = self.n["events"]
        intl_by_acr = {self.orgs[i]["acronym"]: i for i in self.intl_orgs if self.orgs[i]["acronym"]}
        plans: list[
            tuple[str, str, EventKind, str, date, int, int | None, dict[str, Any] | None, str | None]
        ] = []
        for ko, en, kind, org_acr, rule, hosts in SERIES:
            every = 4 if rule and "INTERVAL=4" in rule else 1
            per_year = 2 if rule and "MONTHLY" in rule else 1
            month = int(rule.split("BYMONTH=")[1]) if rule and "BYMONTH" in rule else rng.randint(3, 11)
            for year in range(2016 + rng.randint(0, every - 1), 2027, every):
                for half in range(per_year):
                    code = rng.pick(hosts) if hosts else self.partner_pick.draw(rng)
                    if code not in self.countries:
                        continue
                    mo = (month + 6 * half - 1) % 12 + 1
                    start = date(year, mo, rng.randint(1, 24))
                    length = 4 if kind is EventKind.EXHIBITION else rng.randint(1, 3)
                    nth = f"{year} " if per_year == 1 else f"제{(year - 2016) * 2 + half + 100}차 "
                    plans.append(
                        (
                            f"{nth}{ko}",
                            f"{en} {year}",
                            kind,
                            code,
                            start,
                            length,
                            intl_by_acr.get(org_acr),
                            None,
                            rule,
                        )
                    )
        n_series = min(len(plans), target // 2)
        rng.shuffle(plans)
        plans = plans[:n_series]
        # sessions of the cooperation channels, alternately in Seoul and abroad
        sessions: list[tuple[int, int, date]] = []
        for ci, ch in enumerate(self.channels):
            rule = ch["recurrence"] or "FREQ=YEARLY"
            months = 6 if "MONTHLY" in rule else (24 if "INTERVAL=2" in rule else 12)
            d = date(max(2016, ch["established_year"]), rng.randint(1, 12), 1)
            ordinal = (d.year - ch["established_year"]) * 12 // months + 1
            while d <= date(2026, 11, 1):
                sessions.append((ci, ordinal, d))
                ordinal += 1
                total = d.month - 1 + months
                d = date(d.year + total // 12, total % 12 + 1, 1)
        rng.shuffle(sessions)
        for ci, ordinal, d in sorted(sessions[: target - len(plans)], key=lambda s: (s[0], s[1])):
            ch = self.channels[ci]
            code = ch["country_code"]
            abroad = ordinal % 2 == 0 and code is not None
            host = code if abroad else "KR"
            org = (
                next((i for i, o in enumerate(self.orgs) if o["id"] == ch["organization_id"]), None)
                if abroad
                else self.our_ministry
            )
            start = d + timedelta(days=rng.randint(0, 25))
            plans.append(
                (
                    f"제{ordinal}차 {ch['name_ko']}",
                    f"{ch['name_en']} ({ordinal})",
                    CHANNEL_EVENT_KIND[ch["kind"]],
                    host,
                    start,
                    rng.randint(1, 2),
                    org,
                    ch,
                    None,
                )
            )
        plans.sort(key=lambda p: (p[4], p[0]))
        # Each stored event is one session. Only a series' latest session carries its rule, so
        # the calendar projects the sessions to come without repeating the ones on record.
        latest: dict[str, date] = {}
        for _ko, en, _kind, _code, start, _length, _org, _ch, rule in plans:
            if rule:
                series = en.rsplit(" ", 1)[0]
                latest[series] = max(start, latest.get(series, start))
        for ko, en, kind, code, start, length, org, ch, rule in plans:
            if rule and latest[en.rsplit(" ", 1)[0]] != start:
                rule = None
            self.add_event(ko, en, kind, code, start, length, org, ch, rule)

    # -- meetings ----------------------------------------------------------------------------

    def counterpart_org(self, code: str, site: bool = False, abroad: bool = False) -> int | None:
        """An organization of the country with people in it: an institute or company for a site
        visit, never an embassy in Seoul for a meeting abroad."""
        orgs = (
            (site and self.orgs_sites.get(code))
            or (abroad and self.orgs_abroad.get(code))
            or self.orgs_with_people.get(code)
        )
        return self.rng.pick(orgs) if orgs else None

    def add_meeting(
        self,
        *,
        kind: MeetingKind,
        code: str,
        day: date,
        start: time,
        tz: str,
        location: str,
        trip: dict[str, Any] | None = None,
        event: dict[str, Any] | None = None,
        seq: int = 0,
        senior: bool = False,
        org: int | None = None,
    ) -> dict[str, Any] | None:
        rng = self.rng
        if org is None:
            org = self.counterpart_org(code, site=kind is MeetingKind.SITE_VISIT, abroad=trip is not None)
        if org is None:
            org = self.counterpart_org(self.meet_pick.draw(rng)) if self.meet_pick else None
            if org is None:
                return None
            code = self.orgs[org]["country_code"]
        o = self.orgs[org]
        mid = rng.uid()
        # their side: people of that organization, in order of precedence
        people = self.people_by_org[org]
        fam = TITLE_FAMILY[o["kind"]]
        cand = []
        for p in rng.sample(people, min(len(people), 5)):
            pos = self.held(p, day, org)
            cand.append((SENIORITY.get((fam, pos[2]), 9), p, pos[2], pos[4]))
        cand.sort()
        k = rng.randint(1, 3)
        them_rows = cand[:k] if rng.random() < 0.6 else sorted(rng.sample(cand, min(k, len(cand))))
        # our side: a head who matches theirs, then the working level
        top = them_rows[0][0]
        us_people = [self.staff_on(day, senior=senior or (top <= 1 and rng.random() < 0.7), lead=top <= 3)]
        for _ in range(rng.randint(0, 2)):
            p = self.staff_on(day)
            if p not in us_people:
                us_people.append(p)
        us_rows = []
        for p in us_people:
            pos = self.held(p, day)
            us_rows.append((SENIORITY.get(("staff", pos[2]), 9), p, pos[2], pos[4]))
        us_rows.sort()
        t1 = self.topics(1, 3)
        tko, ten = self.topic_names[t1[0]]
        head_title = them_rows[0][2]
        cko = self.cname(code)
        org_short = o["name_ko"].removeprefix(cko).strip() or o["name_ko"]
        if kind is MeetingKind.SITE_VISIT:
            title = (
                rng.pick((f"{o['name_ko']} 방문", f"{o['name_ko']} 현장방문 및 간담회"))
                if trip
                else f"{o['name_ko']} 대표단 {location} 방문"
            )
        elif kind is MeetingKind.CALL:
            title = rng.pick((f"{o['name_ko']} 화상회의", f"한-{self.short(code)} {tko} 협력 화상회의"))
        elif top <= 1:
            receive = trip is None and us_rows[0][0] <= 2 and rng.random() < 0.6  # a minister receives
            title = f"{o['name_ko']} {head_title} {'접견' if receive else '면담'}"
        elif top >= 4 or o["kind"] is OrgKind.EMBASSY:
            title = rng.pick((f"{o['name_ko']} 실무협의", f"한-{self.short(code)} {tko} 실무협의"))
        elif o["name_ko"].startswith(cko) and rng.random() < 0.5:
            title = f"한-{self.short(code)} {org_short} 양자면담"
        else:
            title = f"{o['name_ko']} {head_title} 면담"
        minutes = rng.choice((30, 40, 60, 60, 90))
        end = _add_minutes(start, minutes)
        planned = day > TODAY
        city = location
        t2 = self.topic_names[rng.pick(t1)][0]
        summary = rng.pick(MEETING_SUMMARIES).format(t=tko, c=cko)
        agenda = f"o {tko} 협력 현황 및 향후 계획\no {t2} 분야 협력 과제 발굴"
        outcome = None
        if not planned and rng.random() < 0.6:
            outcome = rng.pick(MEETING_OUTCOMES).format(
                t=tko, yy=(day.year + 1) % 100, city=city.split(" ")[0]
            )
        created = day - timedelta(days=rng.randint(3, 20))
        updated = min(day + timedelta(days=rng.randint(1, 10)), max(TODAY, created))
        row = self.out.add(
            "meetings",
            id=mid,
            kind=kind,
            title=title,
            trip_id=trip["id"] if trip else None,
            event_id=event["id"] if event else None,
            country_code=code,
            seq=seq,
            date=day,
            start_time=start,
            end_time=end,
            timezone=tz,
            location=location,
            agenda=agenda,
            summary=summary,
            outcome=outcome,
            classification=Classification.RESTRICTED if rng.random() < 0.04 else Classification.NONE,
            notes="※ 순차통역" if rng.random() < 0.05 else None,
            created_at=_stamp(created, len(self.meetings)),
            updated_at=max(_stamp(created, len(self.meetings)), _stamp(max(updated, created), 400)),
        )
        self.out.link("meeting_organizations", mid, o["id"])
        for t in t1:
            self.out.link("meeting_topics", mid, self.topic_ids[t])
        at = row["created_at"]
        for side, rows in ((Side.US, us_rows), (Side.THEM, them_rows)):
            for s, (_prec, p, ptitle, porg) in enumerate(rows):
                self.out.add(
                    "meeting_participants",
                    id=rng.uid(),
                    meeting_id=mid,
                    person_id=self.persons[p]["id"],
                    name=None,
                    side=side,
                    title=ptitle,
                    organization_id=self.orgs[porg]["id"],
                    is_head=s == 0,
                    seq=s + 1,
                    created_at=at,
                    updated_at=at,
                )
        kp_ids = []
        mark = self.countries[code].get("mark") or cko
        for s in range(rng.randint(2, 5)):
            tk, te = self.topic_names[rng.pick(t1)]
            if rng.random() < 0.15:
                text = rng.pick(KEY_POINTS_EN).format(
                    te=te, ce=self.countries[code]["name_en"], year=day.year + 1
                )
            else:
                text = rng.pick(KEY_POINTS_KO).format(
                    t=tk, c=cko, m=mark, yy=(day.year + 1) % 100, city=city.split(" ")[0]
                )
            party = None
            if rng.random() < 0.3:
                party = "한국" if rng.random() < 0.5 else cko
            kid = rng.uid()
            kp_ids.append(kid)
            self.out.add(
                "key_points",
                id=kid,
                meeting_id=mid,
                seq=s + 1,
                text=text,
                party=party,
                classification=Classification.RESTRICTED if rng.random() < 0.02 else Classification.NONE,
                created_at=at,
                updated_at=at,
            )
        self.meetings.append(row)
        self.meeting_info.append((org, [r[1] for r in us_rows], [r[1] for r in them_rows], kp_ids, t1[0]))
        return row

    # -- trips -------------------------------------------------------------------------------

    def flight(self, day: date, dep: time, from_tz: str, to_tz: str, hours: float) -> tuple[time, int, date]:
        """Arrival wall-clock time, day offset and arrival date of a flight."""
        start = datetime.combine(day, dep, _zone(from_tz)).astimezone(UTC)
        arr = (start + timedelta(minutes=int(hours * 60))).astimezone(_zone(to_tz))
        return arr.time().replace(second=0, microsecond=0), (arr.date() - day).days, arr.date()

    def gen_trips(self) -> None:
        rng = self.rng
        n_trips = self.n["trips"]
        n_meet = self.n["meetings"]
        avg = max(1, round(n_meet * 0.5 / n_trips))
        year_weight = {
            2016: 1,
            2017: 1,
            2018: 1.05,
            2019: 1.1,
            2020: 0.25,
            2021: 0.35,
            2022: 0.8,
            2023: 1.15,
            2024: 1.2,
            2025: 1.2,
            2026: 0.45,
        }
        year_pick = _Weighted(year_weight.items())
        foreign_events = [i for i, e in enumerate(self.events) if e["country_code"] != "KR"]
        rng.shuffle(foreign_events)
        foreign_events = foreign_events[: round(n_trips * 0.15)]
        plans: list[tuple[date, int | None]] = []
        for i in range(n_trips):
            if i < len(foreign_events):
                ev = self.events[foreign_events[i]]
                plans.append((ev["start_date"], foreign_events[i]))
            else:
                y = year_pick.draw(rng)
                last = date(2026, 6, 30) if y == 2026 else date(y, 12, 20)
                plans.append((self.random_day(date(y, 1, 5), last), None))
        plans.sort(key=lambda p: p[0])
        for anchor, ev_idx in plans:
            self.one_trip(anchor, ev_idx, avg)

    def one_trip(self, anchor: date, ev_idx: int | None, avg: int) -> None:
        rng, out = self.rng, self.out
        event = self.events[ev_idx] if ev_idx is not None else None
        # destinations
        if event is not None:
            codes = [event["country_code"]]
            cities = [
                next(
                    (
                        c
                        for c in PARTNERS.get(codes[0], (0, "", [KOREA_CITIES[0]]))[2]
                        if c[0] == event["city"]
                    ),
                    self.city(codes[0]),
                )
            ]
        else:
            codes = [self.dest_pick.draw(rng)]
            cities = [self.city(codes[0])]
        n_dest = 1 if rng.random() < 0.72 else (2 if rng.random() < 0.85 else 3)
        while len(codes) < n_dest:
            c = self.dest_pick.draw(rng)
            if c not in codes:
                codes.append(c)
                cities.append(self.city(c))
            elif rng.random() < 0.3:
                break
        work_per = [rng.randint(2, 4)] if len(codes) == 1 else [rng.randint(1, 3) for _ in codes]
        # outbound
        dep_time = time(rng.choice((9, 10, 11, 13, 14, 17, 19, 21)), rng.choice((0, 5, 25, 35, 45, 55)))
        start = anchor - timedelta(days=1) if event is not None else anchor
        while True:
            arr_time, off, arr_day = self.flight(start, dep_time, SEOUL, cities[0][2], cities[0][3])
            if off >= 0 and (event is None or arr_day < event["start_date"]):
                break
            if off < 0:
                dep_time = time(min(dep_time.hour + 3, 23), dep_time.minute)
            else:
                start -= timedelta(days=1)
        trip_id = rng.uid()
        head = self.staff_on(start, senior=rng.random() < 0.15, lead=True)
        lines: list[dict[str, Any]] = []
        flights = rng.pick(("KE", "OZ"))
        ref = f"{flights}{rng.randint(1, 999):03d}"
        if cities[0][3] > 12 and rng.random() < 0.4:
            ref += f" {flights}{rng.randint(3000, 9999)}"
        lines.append(
            dict(
                date=start,
                start_time=dep_time,
                end_time=arr_time,
                end_day_offset=off,
                timezone=SEOUL,
                end_timezone=cities[0][2],
                kind=ItineraryKind.FLIGHT,
                description="출국 및 현지도착",
                detail=f"인천 → {cities[0][0]}",
                reference=ref,
            )
        )
        # working days per destination, meetings in slots
        days: list[tuple[date, int]] = []
        day = arr_day + timedelta(days=1) if arr_time >= time(15, 0) or event is not None else arr_day
        if event is not None:  # stay until the event ends
            work_per[0] = max(work_per[0], _days(day, event["end_date"]) + 1)
        for di, n in enumerate(work_per):
            if di > 0:
                dep = time(rng.choice((7, 8, 9)), rng.choice((0, 30)))
                hours = rng.choice((1.5, 2, 3, 4.5))
                a_t, a_off, a_day = self.flight(day, dep, cities[di - 1][2], cities[di][2], hours)
                if a_off < 0:
                    a_t, a_off, a_day = time(dep.hour + 1, 0), 0, day
                al = rng.pick(AIRLINES)
                lines.append(
                    dict(
                        date=day,
                        start_time=dep,
                        end_time=a_t,
                        end_day_offset=a_off,
                        timezone=cities[di - 1][2],
                        end_timezone=cities[di][2],
                        kind=ItineraryKind.FLIGHT,
                        description=f"{cities[di][0]} 이동",
                        detail=f"{cities[di - 1][0]} → {cities[di][0]}",
                        reference=f"{al}{rng.randint(10, 9999)}",
                    )
                )
                day = a_day
            for _ in range(n):
                days.append((day, di))
                day += timedelta(days=1)
        ret_day = day
        # return flight
        rdep = time(rng.choice((9, 11, 13, 15, 18, 21, 23)), rng.choice((0, 10, 30, 50)))
        rarr, roff, end = self.flight(ret_day, rdep, cities[-1][2], SEOUL, cities[-1][3])
        if roff < 0:
            rarr, roff, end = time(23, 0), 0, ret_day
        lines.append(
            dict(
                date=ret_day,
                start_time=rdep,
                end_time=rarr,
                end_day_offset=roff,
                timezone=cities[-1][2],
                end_timezone=SEOUL,
                kind=ItineraryKind.FLIGHT,
                description="현지출발 및 귀국",
                detail=f"{cities[-1][0]} → 인천",
                reference=f"{flights}{rng.randint(1, 999):03d}",
            )
        )
        year = start.year
        tk, tk2 = self.topic_names[self.topic()][0], self.topic_names[self.topic()][0]
        dest_text = ", ".join(f"{self.cname(c)}({ci[0]})" for c, ci in zip(codes, cities, strict=True))
        names = "·".join(self.cname(c) for c in codes)
        if event is not None:
            title = rng.pick(
                (
                    f"{year}년 {event['name_ko']} 참석 출장",
                    f"{year}년 {names} {tk} 협력 및 {event['name_ko']} 참석 출장",
                )
            )
        else:
            title = rng.pick(
                (
                    f"{year}년 {names} {tk} 협력 출장",
                    f"{names} 고위급 디지털 협력 면담 출장",
                    f"{year}년 {names} {tk}·{tk2} 협력 방안 협의 출장",
                )
            )
        purposes = rng.sample(PURPOSES, rng.randint(2, 3))
        purpose = "\n".join(
            p.format(t=tk, t2=tk2, c=self.cname(codes[0]), s=self.short(codes[0])) for p in purposes
        )
        if event is not None:
            purpose = (
                f"o {event['name_ko']}에 참석하여 우리 관심의제({tk}) 논의 주도 및 정책 홍보\n" + purpose
            )
        notes = None
        if rng.random() < 0.3:
            notes = f"* {', '.join(self.cname(c) for c in codes)} 등과 고위급 양자면담 추진"
        report = end + timedelta(days=rng.randint(3, 14))
        created = _stamp(start - timedelta(days=rng.randint(10, 40)), len(self.meetings))
        trip = out.add(
            "trips",
            id=trip_id,
            title=title,
            destination=dest_text,
            purpose=purpose,
            purpose_notes=notes,
            start_date=start,
            end_date=end,
            report_date=report if report <= TODAY else None,
            classification=Classification.RESTRICTED if rng.random() < 0.05 else Classification.NONE,
            notes=None,
            created_at=created,
            updated_at=max(created, _stamp(min(report, TODAY), 11)),
        )
        for s, (c, ci) in enumerate(zip(codes, cities, strict=True)):
            out.add(
                "trip_destinations",
                id=rng.uid(),
                trip_id=trip_id,
                seq=s + 1,
                country_code=c,
                city=ci[0],
                timezone=ci[2],
                created_at=created,
                updated_at=created,
            )
        if event is not None:
            out.link("trip_events", trip_id, event["id"])
        # members
        n_mem = rng.choices((1, 2, 3, 4, 5), (20, 35, 25, 12, 8))[0]
        members = [head]
        for _ in range(n_mem * 2):
            if len(members) >= n_mem:
                break
            p = self.staff_on(start)
            if p not in members:
                members.append(p)
        member_ids = []
        total_days = _days(start, end)
        for s, p in enumerate(members):
            pos = self.held(p, start)
            m_start, m_end, note = start, end, None
            if s > 0 and total_days >= 3 and rng.random() < 0.25:
                if rng.random() < 0.5:
                    m_start = start + timedelta(days=rng.randint(1, total_days // 2))
                    note = f"※ {m_start.month}.{m_start.day}. 현지 합류"
                else:
                    m_end = end - timedelta(days=rng.randint(1, total_days // 2))
                    note = f"※ {m_end.month}.{m_end.day}. 조기 귀국"
            mem_id = rng.uid()
            member_ids.append(mem_id)
            role = (
                ("수석대표" if pos[5].precedence <= R.DIRECTOR_GENERAL.precedence else "총괄")
                if s == 0
                else rng.pick(MEMBER_ROLES)
            )
            duty = DUTIES[0] if s == 0 else rng.pick(DUTIES[1:])
            out.add(
                "trip_members",
                id=mem_id,
                trip_id=trip_id,
                person_id=self.persons[p]["id"],
                seq=s + 1,
                title=pos[2],
                role=role,
                start_date=m_start,
                end_date=m_end,
                destination=dest_text
                if m_start == start and m_end == end
                else f"{self.cname(codes[0])}({cities[0][0]})",
                duties=duty.format(t=tk),
                note=note,
                created_at=created,
                updated_at=created,
            )
        # meetings in the working days
        slots = [
            (d, di, t)
            for d, di in days
            for t in (time(9, 30), time(11, 0), time(14, 0), time(15, 30), time(17, 0))
        ]
        k = min(len(slots), rng.randint(max(1, avg - 3), avg + 3))
        chosen = sorted(rng.sample(slots, k))
        meeting_lines = []
        for seq, (d, di, t) in enumerate(chosen, start=1):
            code = codes[di]
            at_event = event is not None and di == 0 and event["start_date"] <= d <= event["end_date"]
            kind = MeetingKind.SITE_VISIT if rng.random() < 0.15 and not at_event else MeetingKind.BILATERAL
            meet_code = code
            if at_event and rng.random() < 0.7:
                meet_code = self.meet_pick.draw(rng)  # sideline meetings with other delegations
            location = (event["venue"] or event["city"]) if at_event else f"{cities[di][0]} 소재 상대 기관"
            mrow = self.add_meeting(
                kind=kind,
                code=meet_code,
                day=d,
                start=t,
                tz=cities[di][2],
                location=location,
                trip=trip,
                event=event if at_event else None,
                seq=seq,
                senior=self.careers[head][-1][5].precedence <= R.DIRECTOR_GENERAL.precedence,
            )
            if mrow is not None:
                if not at_event:
                    o = self.orgs[self.meeting_info[-1][0]]
                    mrow["location"] = f"{o['name_ko']} ({cities[di][0]})"
                meeting_lines.append(
                    dict(
                        date=d,
                        start_time=t,
                        end_time=mrow["end_time"],
                        timezone=cities[di][2],
                        kind=ItineraryKind.SITE_VISIT
                        if kind is MeetingKind.SITE_VISIT
                        else ItineraryKind.MEETING,
                        description=mrow["title"],
                        detail=mrow["location"],
                        meeting_id=mrow["id"],
                    )
                )
        extras = []
        if event is not None:
            for srow in self.sessions_by_event.get(ev_idx, []):
                extras.append(
                    dict(
                        date=srow["date"],
                        start_time=srow["start_time"],
                        end_time=srow["end_time"],
                        timezone=event["timezone"],
                        kind=ItineraryKind.SESSION,
                        description=f"{event['name_ko']} {srow['title_ko']}",
                        event_id=event["id"],
                    )
                )
        for d, di in days:
            if rng.random() < 0.5:
                extras.append(
                    dict(
                        date=d,
                        start_time=time(12, 0),
                        end_time=time(13, 30),
                        timezone=cities[di][2],
                        kind=ItineraryKind.MEAL,
                        description=rng.pick(
                            (
                                "오찬 간담회",
                                f"주{self.cname(codes[di])} 대사관 오찬",
                                "현지 진출 기업 오찬 간담회",
                            )
                        ),
                    )
                )
        extras.append(
            dict(
                date=days[0][0],
                start_time=time(8, 0),
                end_time=time(9, 0),
                timezone=cities[0][2],
                kind=ItineraryKind.PREPARATION,
                description="대표단 사전 점검회의",
            )
        )
        extras.append(
            dict(
                date=days[-1][0],
                start_time=time(18, 30),
                end_time=time(20, 30),
                timezone=cities[-1][2],
                kind=ItineraryKind.RECEPTION,
                description=f"{cities[-1][0]} 한인 과학기술인 간담회",
            )
        )
        extras.append(
            dict(
                date=ret_day,
                start_time=_add_minutes(rdep, -150) if rdep.hour >= 3 else time(0, 30),
                end_time=_add_minutes(rdep, -60) if rdep.hour >= 3 else time(1, 0),
                timezone=cities[-1][2],
                kind=ItineraryKind.TRANSFER,
                description="공항 이동",
            )
        )
        rng.shuffle(extras)
        budget = rng.randint(6, 15)
        keep = lines + meeting_lines[: max(0, min(len(meeting_lines), 15 - len(lines)))]
        keep += extras[: max(0, budget - len(keep))]
        for mi, mem_id in enumerate(member_ids[1:], start=1):
            mrow = out.rows["trip_members"][-len(member_ids) + mi]
            if mrow["start_date"] != start and len(keep) < 15:
                keep.append(
                    dict(
                        date=mrow["start_date"],
                        start_time=time(10, 0),
                        end_time=time(11, 0),
                        timezone=cities[0][2],
                        kind=ItineraryKind.TRANSFER,
                        description="현지 합류",
                        member_id=mem_id,
                    )
                )
        keep.sort(key=lambda r: (r["date"], r["start_time"]))
        last_day, s = None, 0
        for line in keep:
            s = s + 1 if line["date"] == last_day else 1
            last_day = line["date"]
            out.add(
                "itinerary_items",
                id=rng.uid(),
                trip_id=trip_id,
                seq=s,
                created_at=created,
                updated_at=created,
                **line,
            )

    def gen_other_meetings(self) -> None:
        rng = self.rng
        remaining = self.n["meetings"] - len(self.meetings)
        kr_events = [e for e in self.events if e["country_code"] == "KR"]
        for _ in range(max(0, remaining)):
            if not self.meet_pick:
                return
            day = self.busy_day()
            code = self.meet_pick.draw(rng)
            r = rng.random()
            if day.year in (2020, 2021) and r >= 0.1 and rng.random() < 0.6:
                r = 0.2  # the pandemic years: mostly video calls
            event = None
            if r < 0.1 and kr_events:
                event = rng.pick(kr_events)
                day = self.random_day(event["start_date"], event["end_date"])
                kind, location = MeetingKind.BILATERAL, event["venue"] or event["city"]
            elif r < 0.3:
                kind, location = MeetingKind.CALL, rng.pick(CALL_PLACES)
            elif r < 0.35:
                kind, location = MeetingKind.SITE_VISIT, rng.pick(KOREA_SITES)
            else:
                kind, location = MeetingKind.BILATERAL, rng.pick(SEOUL_VENUES)
            start = time(rng.choice((9, 10, 11, 14, 15, 16, 17)), rng.choice((0, 0, 30)))
            if kind is MeetingKind.SITE_VISIT:
                org = self.counterpart_org(code)
                self.add_meeting(
                    kind=kind, code=code, day=day, start=start, tz=SEOUL, location=location, org=org
                )
            else:
                self.add_meeting(
                    kind=kind, code=code, day=day, start=start, tz=SEOUL, location=location, event=event
                )

    # -- actions -----------------------------------------------------------------------------

    def gen_actions(self) -> None:
        rng, out = self.rng, self.out
        n_meet = len(self.meetings)
        target = self.n["actions"]
        if not n_meet:
            return
        # spread the target over the meetings: a base share each, the remainder at random
        share, extra = divmod(target, n_meet)
        counts = [share] * n_meet
        for i in rng.sample(range(n_meet), extra):
            counts[i] += 1
        # uneven: move some actions from one meeting to another
        for _ in range(n_meet // 2):
            a, b = int(rng.random() * n_meet), int(rng.random() * n_meet)
            if counts[a] > 0 and counts[b] < 8:
                counts[a] -= 1
                counts[b] += 1
        # by how far the deadline is behind us: long past (mostly closed), just past, still ahead
        status_old = _Weighted(
            (
                (ActionStatus.DONE, 83),
                (ActionStatus.DROPPED, 14),
                (ActionStatus.OPEN, 1.5),
                (ActionStatus.IN_PROGRESS, 1.5),
            )
        )
        status_mid = _Weighted(
            (
                (ActionStatus.DONE, 55),
                (ActionStatus.DROPPED, 7),
                (ActionStatus.OPEN, 15),
                (ActionStatus.IN_PROGRESS, 23),
            )
        )
        status_new = _Weighted(
            (
                (ActionStatus.DONE, 15),
                (ActionStatus.DROPPED, 3),
                (ActionStatus.OPEN, 50),
                (ActionStatus.IN_PROGRESS, 32),
            )
        )
        priority = _Weighted(((Priority.NORMAL, 70), (Priority.HIGH, 20), (Priority.LOW, 10)))
        for mi, mrow in enumerate(self.meetings):
            org, us, them, kps, t0 = self.meeting_info[mi]
            day = mrow["date"]
            code = mrow["country_code"]
            cko = self.cname(code)
            o = self.orgs[org]
            for _ in range(counts[mi]):
                tmpl, owed = rng.pick(ACTIONS)
                ti = t0 if rng.random() < 0.6 else self.topic()
                tk = self.topic_names[ti][0]
                title = tmpl.format(c=cko, t=tk, o=o["name_ko"])
                kp = rng.pick(kps) if rng.random() < 0.5 else None
                description = None
                if rng.random() < 0.5:
                    description = (
                        f"{mrow['title']}({day.year % 100:02d}.{day.month}.{day.day}.) 논의사항 후속조치."
                    )
                due = due_end = None
                precision = DatePrecision.DAY
                r = rng.random()
                if r < 0.95:
                    due = day + timedelta(days=rng.randint(10, 180))
                    if r < 0.2:
                        precision, due = DatePrecision.MONTH, _month_start(due)
                    elif r < 0.25:
                        due_end = due + timedelta(days=rng.randint(1, 5))
                age = _days(day, TODAY)
                if due is None:
                    late = age - 180
                elif precision is DatePrecision.MONTH:
                    late = _days(_month_start(due + timedelta(days=31)) - timedelta(days=1), TODAY)
                else:
                    late = _days(due_end or due, TODAY)
                if day > TODAY:
                    status = ActionStatus.OPEN
                else:
                    status = (status_old if late > 90 else status_mid if late > 0 else status_new).draw(rng)
                completed = note = None
                if status.is_closed:
                    span = max(1, min(age, (due - day).days + 60 if due else 120))
                    completed = min(TODAY, day + timedelta(days=rng.randint(1, span)))
                    if rng.random() < 0.6:
                        note = rng.pick(DONE_NOTES if status is ActionStatus.DONE else DROPPED_NOTES)
                owner = rng.pick(us[1:]) if len(us) > 1 and rng.random() < 0.7 else us[0]
                created = _stamp(day + timedelta(days=1), mi)
                updated = (
                    _stamp(completed, mi + 60)
                    if completed
                    else (
                        _stamp(min(TODAY, day + timedelta(days=rng.randint(1, 30))), mi + 30)
                        if status is ActionStatus.IN_PROGRESS and day <= TODAY
                        else created
                    )
                )
                aid = rng.uid()
                out.add(
                    "actions",
                    id=aid,
                    title=title,
                    description=description,
                    owed_by=owed,
                    owner_id=self.persons[owner]["id"],
                    counterpart_id=self.persons[rng.pick(them)]["id"],
                    counterpart_org_id=o["id"],
                    country_code=code,
                    due_date=due,
                    due_precision=precision,
                    due_end=due_end,
                    status=status,
                    priority=priority.draw(rng),
                    meeting_id=mrow["id"],
                    key_point_id=kp,
                    trip_id=mrow["trip_id"],
                    event_id=mrow["event_id"],
                    completed_on=completed,
                    completion_note=note,
                    notes="※ 국장 보고 필요" if rng.random() < 0.03 else None,
                    created_at=created,
                    updated_at=max(created, updated),
                )
                out.link("action_topics", aid, self.topic_ids[ti])
                if rng.random() < 0.3:
                    t2 = self.topic()
                    if t2 != ti:
                        out.link("action_topics", aid, self.topic_ids[t2])

    # -- agreements --------------------------------------------------------------------------

    def gen_agreements(self) -> None:
        rng, out = self.rng, self.out
        kinds = _Weighted(
            (
                (AgreementKind.MOU, 60),
                (AgreementKind.JOINT_STATEMENT, 20),
                (AgreementKind.ARRANGEMENT, 10),
                (AgreementKind.AGREEMENT, 5),
                (AgreementKind.DECLARATION, 5),
            )
        )
        our = self.orgs[self.our_ministry]
        past_meetings = [
            i
            for i, mrow in enumerate(self.meetings)
            if mrow["date"] <= TODAY and mrow["kind"] is MeetingKind.BILATERAL
        ]
        for n in range(self.n["agreements"]):
            kind = kinds.draw(rng)
            meeting = event = None
            if past_meetings and rng.random() < 0.4:
                mi = rng.pick(past_meetings)
                meeting = self.meetings[mi]
                org = self.meeting_info[mi][0]
                code = meeting["country_code"]
                signed = meeting["date"]
                place = meeting["location"]
                event = (
                    next((e for e in self.events if e["id"] == meeting["event_id"]), None)
                    if meeting["event_id"]
                    else None
                )
            else:
                code = self.meet_pick.draw(rng)
                org = self.counterpart_org(code, abroad=True)
                if org is None:
                    continue
                signed = self.busy_day(date(2025, 11, 28))
                place = rng.pick(("서울", self.city(code)[0]))
            if self.orgs[org]["kind"] is OrgKind.EMBASSY:  # embassies witness, ministries sign
                org = self.counterpart_org(code, abroad=True) or org
            o = self.orgs[org]
            ti = self.topics(1, 3)
            tk, te = self.topic_names[ti[0]]
            s, cen = self.short(code), self.countries[code]["name_en"]
            if kind is AgreementKind.MOU:
                tko = f"{our['name_ko']}와 {o['name_ko']} 간 {tk} 분야 협력에 관한 양해각서(MOU)"
                ten = f"Memorandum of Understanding between {our['acronym']} and {o['name_en']} on Cooperation in {te}"
            elif kind is AgreementKind.JOINT_STATEMENT:
                tko, ten = f"한-{s} {tk} 협력 공동성명", f"Joint Statement on Korea–{cen} Cooperation in {te}"
            elif kind is AgreementKind.ARRANGEMENT:
                tko, ten = f"한-{s} {tk} 공동연구 약정", f"Implementing Arrangement on Joint Research in {te}"
            elif kind is AgreementKind.AGREEMENT:
                tko = f"대한민국 정부와 {self.cname(code)} 정부 간의 과학기술협력협정"
                ten = f"Agreement on Scientific and Technological Cooperation between Korea and {cen}"
            else:
                tko, ten = f"한-{s} 디지털 협력 선언", f"Korea–{cen} Declaration on Digital Cooperation"
            precision = DatePrecision.DAY
            expires = None
            status = AgreementStatus.SIGNED
            if meeting is None and rng.random() < 0.06:
                signed_date = None
                status = AgreementStatus.NEGOTIATING
            else:
                signed_date = signed
                if meeting is None and rng.random() < 0.1:
                    precision, signed_date = DatePrecision.MONTH, _month_start(signed)
                if kind in (AgreementKind.MOU, AgreementKind.ARRANGEMENT):
                    expires = date(
                        signed_date.year + rng.choice((3, 5)), signed_date.month, min(signed_date.day, 28)
                    ) - timedelta(days=1)
                if kind in (AgreementKind.AGREEMENT, AgreementKind.ARRANGEMENT):
                    status = AgreementStatus.IN_FORCE
                if expires is not None and expires < TODAY:
                    status = AgreementStatus.EXPIRED
                elif rng.random() < 0.02:
                    status = AgreementStatus.TERMINATED
            aid = rng.uid()
            base = signed_date or signed
            created = _stamp(base - timedelta(days=rng.randint(5, 60)), n)
            out.add(
                "agreements",
                id=aid,
                kind=kind,
                title_ko=tko,
                title_en=ten,
                country_code=code,
                signed_date=signed_date,
                signed_precision=precision,
                signed_place=place if signed_date else None,
                expires_on=expires,
                status=status,
                meeting_id=meeting["id"] if meeting else None,
                event_id=event["id"] if event else None,
                summary=f"{tk} 분야 공동연구, 인력교류, 정책 정보 공유 등 협력 추진 근거 마련.",
                notes=None,
                created_at=created,
                updated_at=max(created, _stamp(min(base, TODAY), n)),
            )
            out.link("agreement_parties", aid, our["id"])
            out.link("agreement_parties", aid, o["id"])
            if self.our_agencies and rng.random() < 0.1:
                out.link("agreement_parties", aid, self.orgs[rng.pick(self.our_agencies)]["id"])
            for t in ti:
                out.link("agreement_topics", aid, self.topic_ids[t])


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------

CHUNK = 5000


def _insert(conn: sa.Connection, table: sa.Table, rows: list[dict[str, Any]]) -> None:
    for i in range(0, len(rows), CHUNK):
        conn.execute(table.insert(), rows[i : i + CHUNK])


def generate(
    db: Database,
    *,
    seed: int = 20251208,
    scale: float = 1.0,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Fill a migrated, empty database with a large demo dataset; return rows per table."""
    if scale <= 0:
        raise ValidationError("bad_value", field="scale", value=scale)
    say = progress or (lambda _msg: None)
    with db.engine.connect() as conn:
        if conn.execute(sa.select(m.Meeting.id).limit(1)).first() is not None:
            raise ValidationError("bad_value", field="database", value="not empty")
    seed_countries(db)
    with db.engine.connect() as conn:
        known = set(conn.execute(sa.select(m.Country.code)).scalars())
    countries = [c for c in reference_countries() if c["code"] in known]
    gen = _Gen(seed, scale, countries)
    counts: dict[str, int] = {}
    phases: tuple[tuple[str, tuple[Callable[[], None], ...], tuple[str, ...]], ...] = (
        (
            "directory",
            (gen.gen_topics, gen.gen_organizations, gen.gen_people),
            ("topics", "organizations", "persons", "positions"),
        ),
        (
            "events",
            (gen.gen_channels, gen.gen_events),
            ("channels", "events", "event_sessions", "event_topics"),
        ),
        (
            "trips and meetings",
            (gen.gen_trips, gen.gen_other_meetings),
            (
                "trips",
                "trip_destinations",
                "trip_members",
                "trip_events",
                "meetings",
                "meeting_organizations",
                "meeting_participants",
                "key_points",
                "meeting_topics",
                "itinerary_items",
            ),
        ),
        ("actions", (gen.gen_actions,), ("actions", "action_topics")),
        ("agreements", (gen.gen_agreements,), ("agreements", "agreement_parties", "agreement_topics")),
    )
    by_name = {t.name: t for t in TABLES}
    with db.write() as conn:
        if db.is_sqlite:
            # Random UUID keys touch the whole of every index: give SQLite room to keep them in memory.
            old_cache = conn.exec_driver_sql("PRAGMA cache_size").scalar()
            conn.exec_driver_sql("PRAGMA cache_size=-524288")
        for label, steps, tables in phases:
            t0 = _clock.perf_counter()
            for step in steps:
                step()
            say(f"generated {label} ({_clock.perf_counter() - t0:.1f}s)")
            for name in tables:
                rows = gen.out.rows[name]
                t0 = _clock.perf_counter()
                _insert(conn, by_name[name], rows)
                counts[name] = len(rows)
                say(f"{name}: {len(rows):,} rows ({_clock.perf_counter() - t0:.1f}s)")
                if name not in (
                    "organizations",
                    "persons",
                    "events",
                    "event_sessions",
                    "meetings",
                    "trip_members",
                ):
                    gen.out.rows[name] = []  # no longer needed: free the memory
        if db.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA cache_size={int(old_cache)}")
    return counts
