"""The large demo's world: topics, partner countries with their cities, and the organizations
of each kind (ministries, agencies, institutes, companies, international bodies, our side)."""

from __future__ import annotations

from tracker.devtools.demo_basics import SEOUL
from tracker.domain.enums import OrgKind

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
