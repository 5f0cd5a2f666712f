"""The large demo's people: names by language (Korean, Latin, Japanese, Chinese), the titles
and ranks of each kind of organization, our staff's posts, and seniority for seating."""

from __future__ import annotations

from tracker.domain.enums import OrgKind, Rank

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
