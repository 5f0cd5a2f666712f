"""Three-way merge of a record that a colleague saved while this user was editing it.

`base` is the record as the editor loaded it, `mine` what the user has now, `theirs` what the
database holds now. A field only one side changed takes that side's value without asking; a
field both changed to different values is a clash the user decides. Lists of items (a
meeting's key points, its follow-ups) merge item by item, so two people adding points to one
meeting both keep theirs. Nothing here decides for the user where both sides changed one
thing: the clash keeps both values."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Clash:
    """One field (or one item of a list) that both sides changed, differently."""

    field: str
    base: Any
    mine: Any
    theirs: Any

    @property
    def text_merge(self) -> str | None:
        """Both texts' changes together, when they touched different lines; else None."""
        if all(isinstance(v, str) or v is None for v in (self.base, self.mine, self.theirs)):
            return merge_text(self.base or "", self.mine or "", self.theirs or "")
        return None


@dataclass
class Merged:
    """The values both sides agree on (or only one changed), and the clashes left to decide."""

    values: dict[str, Any]
    clashes: list[Clash] = field(default_factory=list)
    taken_from_theirs: list[str] = field(default_factory=list)  # fields a colleague changed, kept

    def resolve(self, choices: Mapping[str, Any]) -> dict[str, Any]:
        """The record to save: the agreed values plus the user's choice for each clash."""
        missing = [c.field for c in self.clashes if c.field not in choices]
        if missing:
            raise ValueError(f"undecided: {missing}")
        return {**self.values, **{c.field: choices[c.field] for c in self.clashes}}


def merge_fields(base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]) -> Merged:
    merged = Merged(values={})
    for name in dict.fromkeys([*base, *mine, *theirs]):
        was, now_mine, now_theirs = base.get(name), mine.get(name, base.get(name)), theirs.get(name)
        if now_mine == now_theirs or now_theirs == was:
            merged.values[name] = now_mine
        elif now_mine == was:
            merged.values[name] = now_theirs
            merged.taken_from_theirs.append(name)
        else:  # both changed it: the user decides, even where the texts would merge cleanly
            merged.clashes.append(Clash(name, was, now_mine, now_theirs))
    return merged


def merge_items(
    base: Sequence[T], mine: Sequence[T], theirs: Sequence[T], key: Callable[[T], Hashable]
) -> tuple[list[T], list[Clash]]:
    """Merge two edited lists of items that carry a stable key. Items added on either side are
    kept (theirs first, then mine, each in its own order); an item removed on one side and left
    alone on the other goes; one changed on both sides differently is a clash (the user's own
    version stays in the list until they decide)."""
    was = {key(i): i for i in base}
    by_mine = {key(i): i for i in mine}
    by_theirs = {key(i): i for i in theirs}
    result: list[T] = []
    clashes: list[Clash] = []
    for k in dict.fromkeys([*by_theirs, *by_mine]):
        old, a, b = was.get(k), by_mine.get(k), by_theirs.get(k)
        if a is None or b is None:  # one side has no such item
            present = a if a is not None else b
            if old is None:  # added on one side
                result.append(present)  # type: ignore[arg-type]
            elif present != old:  # removed on one side, changed on the other: keep the change
                clashes.append(Clash(str(k), old, a, b))
                result.append(present)  # type: ignore[arg-type]
            continue
        if a == b or b == old:
            result.append(a)
        elif a == old:
            result.append(b)
        else:
            clashes.append(Clash(str(k), old, a, b))
            result.append(a)
    return result, clashes


def merge_text(base: str, mine: str, theirs: str) -> str | None:
    """A line-wise three-way merge: both sides' edits when they touch different lines (and
    are not next to each other), else None for the user to decide."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    old = base.splitlines(keepends=False)
    ours = _edits(old, mine.splitlines())
    their = _edits(old, theirs.splitlines())
    for a_start, a_end, _ in ours:
        for b_start, b_end, _ in their:
            if a_start <= b_end and b_start <= a_end:  # overlapping or touching: ambiguous
                return None
    lines = list(old)
    for start, end, new in sorted(ours + their, key=lambda e: e[0], reverse=True):
        lines[start:end] = new
    return "\n".join(lines)


def _edits(old: list[str], new: list[str]) -> list[tuple[int, int, list[str]]]:
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    return [(i1, i2, new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]
