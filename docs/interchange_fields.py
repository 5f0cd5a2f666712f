"""Rewrite the field reference at the end of docs/interchange.md from the models.

Run `python docs/interchange_fields.py` after changing a model; a test fails while the
document and the models disagree.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

import tracker.db.models  # noqa: F401
from tracker.db.types import UTCDateTime
from tracker.export.interchange import tables

DOC = Path(__file__).with_name("interchange.md")
MARKER = '"Required" marks fields an import must give; "key" marks the record\'s key.\n\n'
# Notes a reader of the table needs beside the references (keyed by table and field).
NOTES = {("attachments", "stored_name"): "`ab/<sha256>.ext`: the checksum's name, never a path"}


def _type(col: sa.Column) -> str:
    ty = col.type
    if isinstance(ty, sa.Enum):
        return "one of: " + ", ".join(f"`{e}`" for e in ty.enums)
    if isinstance(ty, sa.Uuid):
        return "id"
    if isinstance(ty, UTCDateTime):
        return "UTC timestamp `YYYY-MM-DDTHH:MM:SS.ffffffZ`"
    if isinstance(ty, sa.Date):
        return "date `YYYY-MM-DD`"
    if isinstance(ty, sa.Time):
        return "time `HH:MM`"
    if isinstance(ty, sa.Boolean):
        return "true/false"
    if isinstance(ty, sa.Integer):
        return "integer"
    if getattr(ty, "length", None):  # sa.String, or the text-policy types that wrap it
        return f"text (≤ {ty.length})"
    return "text"


def field_reference() -> str:
    out: list[str] = []
    for table in tables():  # the records; the audit trail is not exchanged
        out += [f"### `{table.name}`", "", "| field | type | required | notes |", "|---|---|---|---|"]
        for col in table.columns:
            if col.primary_key:
                req = "key"
            elif not col.nullable and col.default is None:
                req = "yes"
            else:
                req = ""
            refs = ", ".join(
                [f"→ `{fk.column.table.name}`" for fk in col.foreign_keys]
                + ([NOTES[table.name, col.name]] if (table.name, col.name) in NOTES else [])
            )
            out.append(f"| `{col.name}` | {_type(col)} | {req} | {refs} |")
        out.append("")
    return "\n".join(out) + "\n"


def rewritten(text: str) -> str:
    return text[: text.index(MARKER) + len(MARKER)] + field_reference()


if __name__ == "__main__":
    DOC.write_text(rewritten(DOC.read_text(encoding="utf-8")), encoding="utf-8")
