"""Spreadsheets: any list out to XLSX or CSV; people, organizations and follow-ups in from them.

    cells              one value as a cell: formula neutralising, labels, widths
    writer             export_listing (streams the rows, writes atomically)
    reader             read_table (first sheet of an .xlsx; CSV in UTF-8, UTF-8 with BOM or CP949)
    read_xlsx          the first sheet of a workbook as a grid (merged cells filled, dates kept)
    read_csv           a CSV file's encoding, delimiter and rows, as Korean Excel writes them
    table              a file read as a table: heading row, data rows, limits, the grid trimmed
    fields             the importable fields of each kind, and suggest_mapping for the headings
    matching           cells read as values, and the records they name (countries, people …)
    import_plan        each row's plan (create, update, unchanged, rejected) and the preview
    row_planner        what every kind of row shares while an import is planned
    person_rows        the plan of a row of people (a new position is a rotation)
    organization_rows  the plan of a row of organizations (parent by row or record)
    action_rows        the plan of a row of follow-ups (deadline with its precision, owner)
    importer           preview_import and commit_import (all or nothing, one transaction)

`tracker.export.spreadsheet` is the public face of this package.
"""
