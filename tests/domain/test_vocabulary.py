"""The shared vocabulary: a text the interface repeats is written once, in both languages."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

from tracker.domain import i18n, vocabulary
from tracker.domain.labels import LABELS

TRACKER = Path(__file__).resolve().parents[2] / "tracker"

# Files whose own repeated texts wait for their current editors to fold them into the vocabulary.
NOT_YET_FOLDED: set[str] = set()


def literal_pairs() -> dict[tuple[str, str], list[str]]:
    """Every pick(ko, en) of two string literals in tracker/, with where it is written."""
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(TRACKER.rglob("*.py")):
        where = path.relative_to(TRACKER.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and len(node.args) == 2):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            ko, en = node.args
            if (
                name == "pick"
                and isinstance(ko, ast.Constant)
                and isinstance(ko.value, str)
                and isinstance(en, ast.Constant)
                and isinstance(en.value, str)
            ):
                found[(ko.value, en.value)].append(f"{where}:{node.lineno}")
    return found


def terms() -> dict[str, vocabulary.Term]:
    return {name: t for name, t in vars(vocabulary).items() if isinstance(t, vocabulary.Term)}


def test_a_term_speaks_the_current_language() -> None:
    i18n.set_language("ko")
    assert vocabulary.FOLLOW_UP() == "후속조치"
    i18n.set_language("en")
    assert vocabulary.FOLLOW_UP() == "Follow-up"


def test_no_text_is_written_out_twice() -> None:
    repeated = {
        pair: places
        for pair, places in literal_pairs().items()
        if len([p for p in places if p.split(":")[0] not in NOT_YET_FOLDED]) >= 2
    }
    assert repeated == {}, "use or add a tracker.domain.vocabulary entry"


def test_no_vocabulary_entry_is_written_out_inline() -> None:
    known = {(t.ko, t.en) for t in terms().values()}
    inline = {
        pair: places
        for pair, places in literal_pairs().items()
        if pair in known and any(p.split(":")[0] not in NOT_YET_FOLDED for p in places)
    }
    assert inline == {}, "say it as the tracker.domain.vocabulary entry"


def test_each_entry_is_said_once() -> None:
    pairs = [(t.ko, t.en) for t in terms().values()]
    assert len(pairs) == len(set(pairs))


def test_one_thing_is_said_in_the_singular() -> None:
    assert i18n.plural(1, "1 record", "1 records") == "1 record"
    assert i18n.plural(0, "1 record", "0 records") == "0 records"
    assert i18n.plural(2, "1 record", "2 records") == "2 records"


def test_pick_follows_a_language_asked_for_over_the_current_one() -> None:
    i18n.set_language("en")
    assert i18n.pick("국가", "Country", "ko") == "국가"
    assert i18n.pick(("한글", "Latin"), ("Latin", "한글")) == ("Latin", "한글")  # names in English order


# --- The glossary (docs/GLOSSARY.md, the design note's words) is what the interface says ---

GLOSSARY = TRACKER.parent / "docs" / "GLOSSARY.md"

# Short English forms the interface uses for a glossary term.
SHORT_FORMS = {"follow-up": "follow-up action", "bilateral": "bilateral meeting"}

# English glossary words the interface also uses in another, real sense, with the Korean it says then.
OTHER_SENSES = {
    # An agreement record's kind 'agreement' is a 협정; the record type is '협정·MOU'.
    "agreement": ("협정",),
    # iCalendar's VEVENT: a calendar entry (일정), not an event record (행사).
    "event": ("일정(VEVENT)",),
    # An organization of the kind 'international organization' is a 국제기구, as Korean says it.
    "organization": ("국제기구",),
}

# Labels and short phrases (up to five words) are checked; a sentence may say a thing another way.
SHORT_TEXT = 5

# One English label said with two Korean words on purpose, because the senses differ.
SAME_WORD_OTHER_SENSE = {
    "title": {"제목", "직위"},  # a record's title (제목) / a person's title at an organization (직위)
    "kind": {"구분", "종류"},  # an itinerary or agenda line's category (구분) / a record's kind (종류)
    "sections": {"구역", "넣을 항목"},  # the window's sections (구역) / a report's parts to include
    "new person": {"새 인사", "인사 — 새로 만들기"},  # the quick add beside a field / the full editor
    "no name": {"이름이 없습니다", "기관명이 없습니다"},  # a person's row / an organization's row
}


def glossary_words() -> dict[str, tuple[str, ...]]:
    """English term (lower case) -> the Korean words the glossary's Records table gives for it."""
    records = GLOSSARY.read_text(encoding="utf-8").split("## Records")[1].split("\n## ")[0]
    words: dict[str, tuple[str, ...]] = {}
    for line in records.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("", "Korean") or set(cells[0]) <= {"-"}:
            continue
        korean = [re.sub(r"\s*\(.*?\)", "", k).strip() for k in cells[0].split(",")]
        english_cell = re.sub(r"\s*\(.*?\)", "", cells[1]).replace(":", ",").replace("/", ",")
        english = [e.strip().lower() for e in english_cell.split(",") if e.strip()]
        for i, term in enumerate(english):
            # 'position, rank' / '직위, 직급' pair up in order; 'event' / '행사, 회의' takes either
            words[term] = (korean[i],) if len(korean) == len(english) else tuple(korean)
    for short, term in SHORT_FORMS.items():
        words[short] = words[term]
    return words


def glossary_mentions(english: str) -> list[str]:
    """The glossary terms an English text says, longest first ('head of delegation', not
    'delegation' inside it)."""
    text, found = english.lower(), []
    for term in sorted(glossary_words(), key=len, reverse=True):
        pattern = r"(?<![\w-])" + re.escape(term) + r"(?:s|es)?(?![\w-])"
        if re.search(pattern, text):
            found.append(term)
            text = re.sub(pattern, "#", text)
    return found


def says_glossary_word(term: str, korean: str) -> bool:
    return any(w in korean for w in glossary_words()[term] + OTHER_SENSES.get(term, ()))


def test_the_glossary_table_is_read() -> None:
    words = glossary_words()
    assert words["follow-up"] == ("후속조치",) and words["restricted"] == ("대외비",)
    assert words["counterpart official"] == ("상대측 인사",) and words["event"] == ("행사", "회의")


def test_vocabulary_uses_the_glossary_words() -> None:
    entries = [(t.ko, t.en) for t in terms().values()] + list(LABELS.values())
    wrong = [
        (ko, en)
        for ko, en in entries
        if len(en.split()) <= SHORT_TEXT
        for term in glossary_mentions(en)
        if not says_glossary_word(term, ko)
    ]
    assert wrong == []


def test_interface_labels_say_glossary_terms_with_the_glossary_words() -> None:
    wrong = {
        (ko, en): places[0]
        for (ko, en), places in literal_pairs().items()
        if len(en.split()) <= SHORT_TEXT
        for term in glossary_mentions(en)
        if not says_glossary_word(term, ko)
    }
    assert wrong == {}


def test_one_english_label_has_one_korean_word() -> None:
    said: dict[str, set[str]] = defaultdict(set)
    for ko, en in literal_pairs():
        if len(en.split()) <= 3:
            said[en.lower().replace("&", "").strip(" .…:")].add(re.sub(r"\(&\w\)", "", ko).strip(" .…:"))
    several = {en: kos for en, kos in said.items() if len(kos) > 1 and SAME_WORD_OTHER_SENSE.get(en) != kos}
    assert several == {}
