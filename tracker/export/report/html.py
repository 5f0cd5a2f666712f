"""The report as one self-contained HTML page (styles inline, photos as data: URIs), for the
in-app preview and for sending by mail."""

from __future__ import annotations

import base64
import mimetypes
from html import escape

from tracker.export.report.model import Heading, Line, Para, Photos, Report, SubHeading, Table
from tracker.export.report.safe_text import safe_report

CSS = """
body { margin: 0; background: #f4f4f4; }
.report { font-family: "맑은 고딕", "Malgun Gothic", "NanumGothic", "Apple SD Gothic Neo", sans-serif;
  font-size: 11pt; line-height: 1.55; color: #111; background: #fff; max-width: 210mm;
  margin: 0 auto; padding: 16mm 20mm; box-sizing: border-box;
  word-break: keep-all; overflow-wrap: anywhere; }
.marking { text-align: right; color: #c00000; font-weight: bold; }
header { text-align: center; margin-bottom: 10mm; }
header h1 { font-size: 18pt; margin: 0 0 6px; padding: 8px 0; border-top: 3px solid #1f3864;
  border-bottom: 3px solid #1f3864; }
header .dest { margin: 6px 0; font-size: 12pt; }
header .periods { display: inline-grid; grid-template-columns: auto auto; column-gap: .4em;
  text-align: left; margin: 6px 0; }
header .date { text-align: right; font-size: 12pt; margin-top: 8px; }
h2.section { display: flex; align-items: stretch; margin: 18px 0 8px; font-size: 14pt; }
h2.section .num { background: #1f3864; color: #fff; min-width: 2em; text-align: center; padding: 2px 6px; }
h2.section .text { flex: 1; padding: 2px 10px; border-bottom: 2px solid #1f3864; }
h3.part { font-size: 12pt; margin: 14px 0 6px; padding: 4px 10px; background: #e8eef7;
  border-left: 6px solid #1f3864; }
p.line { margin: 2px 0; }
p.footnote { font-size: 9.5pt; color: #333; }
p.line.bold { font-weight: bold; }
table.grid { border-collapse: collapse; width: 100%; margin: 6px 0 10px; table-layout: fixed; }
table.grid th { background: #d9e1ee; border: 1px solid #555; padding: 4px; font-weight: bold; }
table.grid th, table.grid td { font-size: 9.5pt; }
table.grid td { border: 1px solid #555; padding: 4px 5px; vertical-align: middle; }
table.grid td p { margin: 0; }
td.center, th.center { text-align: center; }
.photos { display: grid; grid-template-columns: 1fr 1fr; gap: 8px; margin: 6px 0 12px; }
.photos .title { grid-column: 1 / span 2; text-align: center; font-weight: bold; }
.photos figure { margin: 0; text-align: center; }
.photos img { max-width: 100%; max-height: 70mm; }
.photos figcaption { font-size: 9.5pt; }
"""

INDENT_EM = 1.1


def _line(line: Line, cls: str = "line", tag: str = "p") -> str:
    hang = (1.6 if line.marker == "**" else 1.0) * INDENT_EM if line.marker else 0.0
    pad = line.level * INDENT_EM + hang
    style = f' style="padding-left:{pad:.2f}em;text-indent:-{hang:.2f}em"' if pad else ""
    classes = cls + (" bold" if line.bold else "")
    mark = f"{escape(line.marker)} " if line.marker else ""
    return f'<{tag} class="{classes}"{style}>{mark}{escape(line.text)}</{tag}>'


def _cell_line(line: Line) -> str:
    if not line.marker:
        return f"<p>{escape(line.text)}</p>"
    return _line(line, "cl")


def _table(table: Table) -> str:
    total = sum(c.width for c in table.columns) or 1
    out = [f'<table class="grid" data-kind="{escape(table.key)}"><colgroup>']
    out += [f'<col style="width:{c.width / total * 100:.1f}%">' for c in table.columns]
    out.append("</colgroup><thead><tr>")
    out += [f'<th class="center">{escape(c.title)}</th>' for c in table.columns]
    out.append("</tr></thead><tbody>")
    for row in table.rows:
        out.append("<tr>")
        for cell in row:
            if cell is None:
                continue
            span = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
            cls = ' class="center"' if cell.align == "center" else ""
            out.append(f"<td{span}{cls}>{''.join(_cell_line(x) for x in cell.lines)}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _data_uri(path) -> str:  # type: ignore[no-untyped-def]
    media = mimetypes.guess_type(str(path))[0] or "image/png"
    return f"data:{media};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _photos(block: Photos) -> str:
    out = [f'<div class="photos"><div class="title">&lt;  {escape(block.title)} &gt;</div>']
    for photo in block.photos:
        out.append(
            f'<figure><img src="{_data_uri(photo.path)}" alt="{escape(photo.caption)}">'
            f"<figcaption>{escape(photo.caption)}</figcaption></figure>"
        )
    out.append("</div>")
    return "".join(out)


def render_html(report: Report) -> str:
    report = safe_report(report)
    body: list[str] = ['<article class="report">']
    if report.marking:
        body.append(f'<div class="marking">{escape(report.marking)}</div>')
    body.append(f"<header><h1>{escape(report.title)}</h1>")
    body.append(f'<p class="dest">{escape(report.destination_line)}</p>')
    body.append('<div class="periods">')
    for i, period in enumerate(report.periods):
        label = escape(report.period_label) if i == 0 else ""
        body.append(f"<span>{label}</span><span>{escape(period)}</span>")
    body.append(f'</div><p class="date">{escape(report.date_line)}</p></header>')
    for block in report.blocks:
        if isinstance(block, Heading):
            body.append(
                f'<h2 class="section" id="section-{escape(block.key)}"><span class="num">{escape(block.number)}</span>'
                f'<span class="text">{escape(block.text)}</span></h2>'
            )
        elif isinstance(block, SubHeading):
            body.append(f'<h3 class="part">{escape(block.text)}</h3>')
        elif isinstance(block, Para):
            body.append(_line(block.line, f"line {block.style}"))
        elif isinstance(block, Table):
            body.append(_table(block))
        elif isinstance(block, Photos):
            body.append(_photos(block))
    body.append("</article>")
    return (
        '<!DOCTYPE html>\n<html lang="ko">\n<head>\n<meta charset="utf-8">\n'
        + (f'<meta name="author" content="{escape(report.author)}">\n' if report.author else "")
        + f"<title>{escape(report.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )
