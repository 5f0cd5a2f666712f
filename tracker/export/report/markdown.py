"""The report as Markdown (CommonMark with GitHub tables), for the in-app preview and for
pasting into mail or a wiki. Merged cells cannot be written in Markdown: a cell that spans
rows is written in its first row and left empty below."""

from __future__ import annotations

import re

from tracker.export.report.model import Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

INDENT = "\u3000"  # an ideographic space: Markdown keeps it, where it strips ASCII spaces

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")


def md_escape(text: str) -> str:
    """Escape what Markdown would read as markup: emphasis, links, tables, strikethrough."""
    text = _SPECIAL.sub(r"\\\1", text)
    # A line starting like a list item would become one: the mark is escaped ('\-', '2025\.'),
    # never the number before it (a backslash before a digit is shown as it is).
    text = re.sub(r"^(\s*)([-+])(\s)", r"\1\\\2\3", text)
    return re.sub(r"^(\s*)(\d+)([.)])(\s)", r"\1\2\\\3\4", text)


def unescape(text: str) -> str:
    """Markdown text back to plain text (for tests and quick reading)."""
    return re.sub(r"\\([\\`*_\[\]<>|~#+\-.)])", r"\1", text)


def _line(line: Line) -> str:
    text = f"{line.marker} {line.text}" if line.marker else line.text
    body = md_escape(text)
    if line.bold:
        body = f"**{body}**"
    return INDENT * line.level + body


def _table(table: Table) -> list[str]:
    out = ["| " + " | ".join(md_escape(c.title) for c in table.columns) + " |"]
    out.append("|" + "|".join(":---:" if c.align == "center" else "---" for c in table.columns) + "|")
    for row in table.rows:
        cells = []
        for cell in row:
            if cell is None:
                cells.append(" ")
            else:
                cells.append("<br>".join(md_escape(x.plain) for x in cell.lines) or " ")
        out.append("| " + " | ".join(cells) + " |")
    return out


def render_markdown(report: Report) -> str:
    report = safe_report(report)
    out: list[str] = []
    if report.marking:
        out += [f"**{md_escape(report.marking)}**", ""]
    out += [f"# {md_escape(report.title)}", "", md_escape(report.destination_line), ""]
    label = md_escape(report.period_label)
    pad = INDENT * (len(report.period_label.replace("    ", " ")) // 2 + 2)
    lines = [f"{label} {md_escape(report.periods[0])}"] + [f"{pad}{md_escape(p)}" for p in report.periods[1:]]
    out += ["  \n".join(lines), "", md_escape(report.date_line), ""]
    for block in report.blocks:
        if isinstance(block, Heading):
            out += [f"## {md_escape(block.number)} {md_escape(block.text)}", ""]
        elif isinstance(block, SubHeading):
            out += [f"### {md_escape(block.text)}", ""]
        elif isinstance(block, Para):
            out += [_line(block.line), ""]
        elif isinstance(block, Table):
            out += [*_table(block), ""]
        elif isinstance(block, Photos):
            out += [md_escape(f"<  {block.title} >"), ""]
            for photo in block.photos:
                out += [
                    f"![{md_escape(photo.caption)}]({photo.path.as_uri()})",
                    "",
                    md_escape(photo.caption),
                    "",
                ]
    return "\n".join(out).rstrip() + "\n"
