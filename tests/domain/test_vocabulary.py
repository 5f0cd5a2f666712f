"""The shared vocabulary: a text the interface repeats is written once, in both languages."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

from tracker.domain import i18n, vocabulary

TRACKER = Path(__file__).resolve().parents[2] / "tracker"

# Files whose own repeated texts wait for their current editors to fold them into the vocabulary.
NOT_YET_FOLDED = {"tracker/ui/history_dialog.py", "tracker/ui/copy_dialog.py", "tracker/export/sync_cli.py"}


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
