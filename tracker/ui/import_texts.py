"""What the import dialog says: the kinds of record and the actions of a row in Korean and
English, the counts of a preview and of an import, a row's summary, and a file's description
(its encoding, delimiter, heading row, size and what reading changed)."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.i18n import pick, plural
from tracker.export.spreadsheet import (
    ACTIONS,
    CREATE,
    ENCODINGS,
    KINDS,
    ORGANIZATIONS,
    PERSONS,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPreview,
    RowPlan,
    Table,
)

NOTES_SHOWN = 5  # merged ranges named under the file's description

KIND_LABELS: dict[str, tuple[str, str]] = {
    PERSONS: ("인사", "People"),
    ORGANIZATIONS: ("기관", "Organizations"),
    ACTIONS: ("후속조치", "Follow-ups"),
}
assert tuple(KIND_LABELS) == KINDS

ACTION_LABELS: dict[str, tuple[str, str]] = {
    CREATE: ("추가", "New"),
    UPDATE: ("수정", "Update"),
    UNCHANGED: ("변경 없음", "No change"),
    REJECTED: ("거부", "Rejected"),
}

DELIMITERS = {",": ("쉼표", "comma"), "\t": ("탭", "tab"), ";": ("세미콜론", "semicolon")}


def action_label(action: str) -> str:
    ko, en = ACTION_LABELS[action]
    return pick(ko, en)


def counts_text(preview: ImportPreview) -> str:
    c = preview.counts()
    parts = [
        pick(f"추가 {c['create']:,}", f"new {c['create']:,}"),
        pick(f"수정 {c['update']:,}", f"updated {c['update']:,}"),
        pick(f"변경 없음 {c['unchanged']:,}", f"unchanged {c['unchanged']:,}"),
        pick(f"거부 {c['rejected']:,}", f"rejected {c['rejected']:,}"),
    ]
    if c["organizations"]:
        parts.append(pick(f"새 기관 {c['organizations']:,}", f"new organizations {c['organizations']:,}"))
    return " · ".join(parts)


def result_text(counts: dict[str, int]) -> str:
    text = pick(
        f"가져왔습니다: 추가 {counts['created']:,}, 수정 {counts['updated']:,}, 변경 없음 {counts['unchanged']:,}",
        f"Imported: {counts['created']:,} new, {counts['updated']:,} updated, {counts['unchanged']:,} unchanged",
    )
    if counts.get("skipped"):
        text += pick(f", 건너뜀 {counts['skipped']:,}", f", {counts['skipped']:,} skipped")
    if counts.get("organizations"):
        text += pick(
            f", 새 기관 {counts['organizations']:,}", f", {counts['organizations']:,} new organizations"
        )
    return text + "."


def row_summary(row: RowPlan) -> str:
    if row.action == UPDATE and row.changes:
        return f"{row.label} — " + "; ".join(str(c) for c in row.changes)
    return row.label


def file_description(table: Table, path: Path) -> str:
    if table.encoding is None:
        kind = pick("Excel 통합 문서", "Excel workbook")
    else:
        name = ENCODINGS.get(table.encoding, table.encoding.upper())
        ko, en = DELIMITERS.get(table.delimiter or ",", (repr(table.delimiter), repr(table.delimiter)))
        kind = pick(f"CSV · 인코딩 {name} · 구분자 {ko}", f"CSV · encoding {name} · separated by {en}")
        if table.encoding_guessed:
            kind += pick(
                " (추정한 인코딩: 글자가 깨져 보이면 '인코딩'에서 바꾸세요)",
                " (a guess: if the text looks garbled, choose another encoding)",
            )
    rows = sum(1 for r in table.rows if any(v not in (None, "") for v in r))
    columns_en = plural(len(table.headers), "1 column", f"{len(table.headers)} columns")
    text = pick(
        f"{path.name}: {kind} · 머리글 {table.header_row}행 · 열 {len(table.headers)}개 · 데이터 {rows:,}행",
        f"{path.name}: {kind} · heading on row {table.header_row} · {columns_en} · "
        + plural(rows, "1 data row", f"{rows:,} data rows"),
    )
    notes = list(table.notes[:NOTES_SHOWN])
    if len(table.notes) > NOTES_SHOWN:
        more = len(table.notes) - NOTES_SHOWN
        notes.append(pick(f"그 밖에 {more}곳", f"and {more} more"))
    return "\n".join([text, *notes])
