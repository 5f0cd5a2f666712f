"""A big editor's save met a colleague's newer version: its fields and its lists of rows merged
three ways (as loaded, as the user has them, as the database holds them now), without Qt.

Fields merge with `merge_fields`; each list merges item by item with `merge_items`, an item
being a row known by its record id (a row not stored yet by its place in the form, so it can
never match a colleague's). A clash of a field is named by the field; a clash of an item by
`section<SEP>key`, so the conflict dialog shows the two together and `resolve` puts each
choice back where it belongs. Nothing is decided for the user where both changed one thing."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.domain.merge import Clash, Merged, merge_fields, merge_items

SEP = "\x1f"  # between a section and an item's key in a clash's name


@dataclass(frozen=True)
class Item:
    """One row of a list: compared by `key` and `value` (what the user can change), carried
    with its `row` as the form holds it."""

    key: Hashable
    value: dict[str, Any]
    row: dict[str, Any] = field(compare=False, hash=False)


def blank_is_none(values: Mapping[str, Any]) -> dict[str, Any]:
    """An empty text and no value are the same thing to a user (a form gives "", a row None)."""
    return {k: (None if v == "" else v) for k, v in values.items()}


@dataclass
class FormMerge:
    """The merged fields and lists, and the clashes (fields and items) left to decide."""

    merged: Merged
    lists: dict[str, list[Item]]
    text_of: dict[str, str] = field(default_factory=dict)  # per section, the row's text to merge
    item_clashes: dict[str, tuple[str, Item | None, Item | None, Item | None]] = field(default_factory=dict)

    @property
    def clashes(self) -> list[Clash]:
        return self.merged.clashes

    def resolve(self, choices: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
        """The fields and the rows of each list to save, with the user's choice for each clash:
        an item, None (the item removed) or, for a text both changed, the text to keep."""
        resolved = self.merged.resolve(choices)  # raises while any clash is undecided
        fields = {k: v for k, v in resolved.items() if k not in self.item_clashes}
        lists: dict[str, list[dict[str, Any]]] = {}
        for section, items in self.lists.items():
            rows: list[dict[str, Any]] = []
            for item in items:
                name = f"{section}{SEP}{item.key}"
                if name not in self.item_clashes:
                    rows.append(dict(item.row))
                    continue
                chosen = choices[name]
                if isinstance(chosen, Item):
                    rows.append(dict(chosen.row))
                elif isinstance(chosen, str):  # the text of both, merged or as the user wrote it
                    mine = self.item_clashes[name][1]
                    rows.append(
                        {**(mine.row if mine is not None else item.row), self.text_of[section]: chosen}
                    )
            lists[section] = rows
        return fields, lists


def merge_form(
    base: tuple[Mapping[str, Any], Mapping[str, Iterable[Item]]],
    mine: tuple[Mapping[str, Any], Mapping[str, Iterable[Item]]],
    theirs: tuple[Mapping[str, Any], Mapping[str, Iterable[Item]]],
    text_of: Mapping[str, str] | None = None,
) -> FormMerge:
    """Merge (fields, lists by section) three ways. `text_of` names, per section, the row's
    text a user may want both versions of (a key point's text): a clash of such an item that
    differs only in that text is offered as the two texts."""
    text_of = dict(text_of or {})
    names = list(mine[0])
    merged = merge_fields(
        blank_is_none({n: base[0].get(n) for n in names}),
        blank_is_none({n: mine[0].get(n) for n in names}),
        blank_is_none({n: theirs[0].get(n) for n in names}),
    )
    result = FormMerge(merged, {}, text_of)
    for section in mine[1]:
        items, clashes = merge_items(
            list(base[1].get(section, ())),
            list(mine[1][section]),
            list(theirs[1].get(section, ())),
            key=lambda i: i.key,
        )
        result.lists[section] = items
        for clash in clashes:
            name = f"{section}{SEP}{clash.field}"
            result.item_clashes[name] = (section, clash.mine, clash.theirs, clash.base)
            merged.clashes.append(_as_text(name, clash, text_of.get(section)))
    return result


Parts = tuple[Mapping[str, Any], Mapping[str, Sequence[Mapping[str, Any]]]]  # fields, rows by list


def row_items(rows: Sequence[Mapping[str, Any]], key: str = "id") -> list[Item]:
    """Rows as items known by their record id; a row not stored yet by its place in the form."""
    return [
        Item(r.get(key) if r.get(key) is not None else ("new", i), blank_is_none(r), dict(r))
        for i, r in enumerate(rows)
    ]


def merge_records(base: Parts, mine: Parts, theirs: Parts) -> FormMerge:
    """`merge_form` of a record's fields and lists of rows with ids, as an editor sends them."""

    def as_items(parts: Parts) -> tuple[Mapping[str, Any], dict[str, list[Item]]]:
        return parts[0], {section: row_items(rows) for section, rows in parts[1].items()}

    return merge_form(as_items(base), as_items(mine), as_items(theirs))


def _as_text(name: str, clash: Clash, text: str | None) -> Clash:
    """The clash of an item as the dialog shows it: the two texts where only they differ."""
    base, mine, theirs = clash.base, clash.mine, clash.theirs
    if text is not None and mine is not None and theirs is not None:
        others = [{k: v for k, v in i.value.items() if k != text} for i in (mine, theirs)]
        if others[0] == others[1]:
            return Clash(
                name, base.value.get(text) if base else None, mine.value.get(text), theirs.value.get(text)
            )
    return Clash(name, base, mine, theirs)


def clash_section(name: str) -> str | None:
    """The list a clash's item belongs to; None for a field."""
    section, sep, _key = name.partition(SEP)
    return section if sep else None


# What names a row to a reader, in the order read: when, then what.
NAMING = ("date", "start_date", "start_time", "description", "title", "title_ko", "text", "name", "city")


def _word(value: Any) -> str:
    value = getattr(value, "value", value)  # an enum as its code
    if hasattr(value, "strftime"):
        return value.strftime("%H:%M") if not hasattr(value, "year") else value.isoformat()
    return str(value)


def describe_row(row: Mapping[str, Any], limit: int = 60) -> str:
    """A row in a few words for the conflict dialog: the values that name it (its date and
    description, a position's title ...), else every value a user reads (not ids)."""
    names = [n for n in NAMING if row.get(n) not in (None, "")] or [
        n for n in row if not (n == "id" or n.endswith(("_id", "_key")) or n.startswith("_"))
    ]
    text = " · ".join(_word(row[n]) for n in names if row.get(n) not in (None, ""))
    return text if len(text) <= limit else text[: limit - 1] + "…"
