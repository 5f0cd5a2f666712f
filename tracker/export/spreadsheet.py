"""Spreadsheets in and out (the functions the UI and the command line call).

Export: `export_listing(db, listing, path, text=..., where=..., sort=..., descending=...)`
writes what a list view shows to .xlsx or .csv.

Import of people, organizations and follow-ups, in two steps:
    table = read_table(path)                          # headings and rows, or ImportRejected
    table = read_table(path, encoding="cp932")       # a CSV read again in the encoding chosen
    mapping = suggest_mapping(kind, table.headers)    # {heading: field}; the user corrects it
    preview = preview_import(db, kind, path, mapping) # what each row would do; writes nothing
    counts = commit_import(db, preview)               # one transaction, all rows or none
`kind` is "persons", "organizations" or "actions" (the list names of services.listing).
"""

from __future__ import annotations

from tracker.export.interchange import ImportRejected
from tracker.export.sheets.cells import neutralise, unneutralise
from tracker.export.sheets.fields import (
    ACTIONS,
    KINDS,
    ORGANIZATIONS,
    PERSONS,
    Field,
    fields,
    suggest_mapping,
)
from tracker.export.sheets.import_plan import (
    CREATE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    Change,
    ImportPreview,
    RowPlan,
    RowsRejected,
)
from tracker.export.sheets.importer import commit_import, import_file, preview_import
from tracker.export.sheets.reader import ENCODINGS, CellError, Table, read_table
from tracker.export.sheets.writer import FORMATS, export_filename, export_listing

__all__ = [
    "ACTIONS",
    "ENCODINGS",
    "CREATE",
    "FORMATS",
    "KINDS",
    "ORGANIZATIONS",
    "PERSONS",
    "REJECTED",
    "UNCHANGED",
    "UPDATE",
    "CellError",
    "Change",
    "Field",
    "ImportPreview",
    "ImportRejected",
    "RowPlan",
    "RowsRejected",
    "Table",
    "commit_import",
    "export_filename",
    "export_listing",
    "fields",
    "import_file",
    "neutralise",
    "preview_import",
    "read_table",
    "suggest_mapping",
    "unneutralise",
]
