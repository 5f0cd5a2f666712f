"""The import dialog says which encoding a CSV was read in, lets the user read it again in
another one, and says when merged cells were filled down."""

from __future__ import annotations

import openpyxl

from tracker.ui.import_dialog import ImportDialog

ROWS = "組織名,略称,備考\r\n外務省,MOFA,東京都千代田区霞が関\r\n国際協力機構,JICA,開発協力の実施機関\r\n"


def open_file(qtbot, db, path) -> ImportDialog:
    dialog = ImportDialog(db, "organizations")
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.load_file(path).wait(30)
    return dialog


def first_value(dialog) -> str:
    return dialog.mapping_table.item(0, 2).text()


def test_the_user_picks_another_encoding_and_the_file_is_read_again(qtbot, db, tmp_path):
    path = tmp_path / "機関.csv"
    path.write_bytes(ROWS.encode("cp932"))  # Excel "CSV" on Japanese Windows
    dialog = open_file(qtbot, db, path)
    assert dialog.encoding_box.isEnabled()
    assert dialog.encoding is None  # detected
    assert "Shift-JIS (CP932)" in dialog.file_info.text() and "a guess" in dialog.file_info.text()
    assert first_value(dialog) == "外務省"

    dialog.choose_encoding("cp949")
    assert dialog.last_operation.wait(30)
    qtbot.waitUntil(lambda: "cannot be read as CP949" in dialog.message.text(), timeout=10_000)
    assert dialog.table is None and not dialog.import_button.isEnabled()

    dialog.choose_encoding("cp932")
    assert dialog.last_operation.wait(30)
    qtbot.waitUntil(lambda: dialog.table is not None, timeout=10_000)
    assert first_value(dialog) == "外務省"
    assert "a guess" not in dialog.file_info.text()  # chosen, not guessed


def test_a_workbook_says_which_merged_cells_were_filled(qtbot, db, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["상위기관", "기관명"])
    ws.append(["외교부", "국립외교원"])
    ws.append([None, "재외동포청"])
    ws.merge_cells("A2:A3")
    wb.save(tmp_path / "orgs.xlsx")
    dialog = open_file(qtbot, db, tmp_path / "orgs.xlsx")
    assert not dialog.encoding_box.isEnabled()
    assert "A2:A3: the merged value '외교부' was filled into the 1 row below" in dialog.file_info.text()
