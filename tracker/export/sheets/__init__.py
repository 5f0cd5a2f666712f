"""Spreadsheets: any list out to XLSX or CSV; people, organizations and follow-ups in from them.

    cells     one value as a cell: formula neutralising, labels, widths
    writer    export_listing (streams the rows, writes atomically)
    reader    read_table (first sheet of an .xlsx; CSV in UTF-8, UTF-8 with BOM or CP949)
    fields    the importable fields of each kind, and suggest_mapping for the headings
    importer  preview_import and commit_import (all or nothing, one transaction)

`tracker.export.spreadsheet` is the public face of this package.
"""
