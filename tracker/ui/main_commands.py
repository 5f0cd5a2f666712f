"""The main window's commands that open a dialog or write a file: search, the trip report,
briefing and handover packs, calendars and records in and out, a copy into another database,
history, settings, the team server, the data folder and About."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.domain.i18n import pick

if TYPE_CHECKING:  # this module loads before the window shows; these when a command runs
    from PySide6.QtWidgets import QDialog


class MainCommands:
    """The commands of MainWindow (a part of it) that its menus call."""

    db: Any
    _search: Any
    current_record: tuple[str, Any] | None
    read_only: bool

    def open_settings(self) -> QDialog:
        from tracker.ui.settings_dialog import open_settings

        return open_settings(self.db, self)

    def show_about(self) -> QDialog:
        from tracker.ui.about_dialog import AboutDialog

        dialog = AboutDialog(self.db, self)
        from PySide6.QtCore import Qt

        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def open_data_folder(self) -> bool:
        from tracker import config
        from tracker.ui.about_dialog import open_folder

        path = self.db.sqlite_path
        return open_folder(path.parent if path is not None else config.data_dir())

    def open_search(self) -> Any:
        """One search window, kept between uses so the last search stays."""
        from tracker.ui.search_dialog import SearchDialog

        if self._search is None:
            self._search = SearchDialog(self.db, self)
            self._search.open_record.connect(self.open_record)
        self._search.show()
        self._search.raise_()
        self._search.activateWindow()
        return self._search

    def open_trip_report(self) -> QDialog:
        from tracker.ui.report_dialog import open_report_dialog

        trip_id = None
        if self.current_section() == "trips" and self.selected_ids():
            trip_id = self.selected_ids()[0]
        elif self.current_record and self.current_record[0] == "trips":
            trip_id = self.current_record[1]
        return open_report_dialog(self.db, trip_id, self)

    def pack_target(self) -> tuple[str, Any] | None:
        """The meeting, trip or person a briefing or handover pack would be about."""
        kind = self.current_section()
        if kind in ("meetings", "trips", "persons") and self.selected_ids():
            return kind, self.selected_ids()[0]
        if self.current_record and self.current_record[0] in ("meetings", "trips", "persons"):
            kind, key = self.current_record
            import uuid

            return kind, key if isinstance(key, uuid.UUID) else uuid.UUID(str(key))
        return None

    def write_pack(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import write_pack

        target = self.pack_target()
        if target is None:
            self.inform(
                self,
                pick("사전 브리핑 자료", "Briefing pack"),
                pick(
                    "면담·출장(브리핑) 또는 인사(인수인계)를 먼저 고르세요.",
                    "Select a meeting or trip (briefing) or a person (handover) first.",
                ),
            )
            return None
        return write_pack(self, self.db, target[0], target[1], path)

    def export_calendar(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import export_calendar

        return export_calendar(self, self.db, path)

    def import_calendar(self, path: Any = None) -> Any:
        from tracker.ui.exchange_actions import import_calendar

        return import_calendar(self, self.db, path)

    def show_history(self) -> QDialog | None:
        """The history of the record whose page is open."""
        from tracker.ui.history_dialog import HistoryDialog

        if self.db is None or self.current_record is None:
            self.statusBar().showMessage(
                pick("이력을 볼 기록의 페이지를 먼저 여세요", "Open a record's page first"), 5000
            )
            return None
        dialog = HistoryDialog(self.db, *self.current_record, parent=self)
        dialog.open()
        return dialog

    def show_deleted_records(self) -> QDialog | None:
        from tracker.ui.history_dialog import DeletedRecordsDialog

        if self.db is None:
            return None
        dialog = DeletedRecordsDialog(self.db, self, read_only=self.read_only)
        dialog.open()
        return dialog

    def open_team_server(self) -> None:
        from tracker.ui.connect_dialog import ConnectDialog

        ConnectDialog(self).exec()

    def copy_to_database(self) -> QDialog | None:
        """Every record and attachment into the team server or another SQLite file."""
        from tracker.ui.copy_dialog import open_copy_dialog

        if self.db is None:
            return None
        return open_copy_dialog(self.db, self)

    def import_records(self, path: Any = None) -> Any:
        from tracker.ui.interchange_import import import_records

        return import_records(self, self.db, path)

    def export_current_list(self) -> Any:
        from tracker.ui.list_export import export_list
        from tracker.ui.pages import ListPage

        page = self.stack.currentWidget()
        source = getattr(page, "export_source", None)  # the follow-ups view
        if source is not None:
            return export_list(self, self.db, source())
        if not isinstance(page, ListPage):
            return None
        if page.filter.text() != (page.model.text or ""):
            page.apply_filter()  # typed but not yet applied: export what the box says
        return export_list(self, self.db, page.model)

    def open_import(self) -> QDialog:
        from tracker.ui.import_dialog import open_import_dialog

        kind = self.current_section()
        return open_import_dialog(
            self.db, kind if kind in ("persons", "organizations", "actions") else "persons", self
        )


__all__ = ["MainCommands"]
