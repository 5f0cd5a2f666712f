"""Help › About: the version, which database is open and its schema version, where the data and
the log are (each a link that opens the folder), and the licences of what the program carries."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from tracker import about, config, logs
from tracker.db.engine import Database
from tracker.domain.i18n import pick
from tracker.ui.accessibility import keep_named
from tracker.ui.icons import app_icon


def open_folder(path: Path) -> bool:
    """Show the folder in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class AboutDialog(QDialog):
    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keep_named(self)  # accessible names for its inputs (tracker/ui/accessibility.py)
        self.setObjectName("about-dialog")
        self.setWindowTitle(pick("tracker 정보", "About tracker"))
        self.version = about.app_version()
        self.facts = about.database_facts(db.engine, db.sqlite_path)
        self.data_folder = self.facts.folder or config.data_dir()
        self.log_folder = logs.log_dir()

        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(
            f"<h2>tracker {html.escape(self.version)}</h2>"
            + pick(
                "국제협력 업무 기록: 출장, 면담, 후속조치",
                "Records of international cooperation: trips, meetings, follow-ups",
            )
        )
        title.setWordWrap(True)
        head = QHBoxLayout()
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        head.addWidget(title, 1)

        self.facts_label = QLabel(self._facts_html())
        self.facts_label.setWordWrap(True)
        self.facts_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.facts_label.linkActivated.connect(self._open_link)

        self.licences = QTextBrowser()
        self.licences.setAccessibleName(
            pick("사용한 글꼴과 라이브러리의 라이선스", "Licences of bundled fonts and libraries")
        )
        self.licences.setHtml(self._licences_html())
        self.licences.setMinimumHeight(220)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(self.facts_label)
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        self.resize(620, 560)

    def _facts_html(self) -> str:
        f = self.facts
        schema = f.schema or pick("없음", "none")
        state = (
            pick("최신", "current")
            if f.schema == f.current_schema
            else pick(f"이 버전의 스키마: {f.current_schema}", f"this version's schema: {f.current_schema}")
        )
        rows = [
            (pick("데이터베이스", "Database"), html.escape(f.location)),
            (pick("스키마 버전", "Schema version"), f"{html.escape(schema)} ({html.escape(state)})"),
            (pick("데이터 폴더", "Data folder"), f'<a href="data">{html.escape(str(self.data_folder))}</a>'),
            (pick("로그 폴더", "Log folder"), f'<a href="log">{html.escape(str(self.log_folder))}</a>'),
        ]
        return (
            "<table>"
            + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )

    def _licences_html(self) -> str:
        def table(items: list[about.Licence]) -> str:
            return (
                "<table cellspacing=2>"
                + "".join(
                    f"<tr><td>{html.escape(i.name)}&nbsp;&nbsp;</td><td>{html.escape(i.version)}&nbsp;&nbsp;</td>"
                    f"<td>{html.escape(i.licence)}</td></tr>"
                    for i in items
                )
                + "</table>"
            )

        libraries = about.library_licences()
        parts = [
            f"<h4>{pick('글꼴', 'Fonts')}</h4>",
            table(about.font_licences()),
            f"<h4>{pick('라이브러리', 'Libraries')}</h4>",
            table(libraries) if libraries else pick("(정보 없음)", "(not recorded in this build)"),
            "<p>"
            + pick(
                "Qt 및 PySide6은 LGPL-3.0으로 사용합니다. 아이콘은 tracker를 위해 그렸습니다.",
                "Qt and PySide6 are used under the LGPL-3.0. The icons were drawn for tracker.",
            )
            + "</p>",
        ]
        return "".join(parts)

    def _open_link(self, link: str) -> None:
        open_folder(self.data_folder if link == "data" else self.log_folder)

    def open_data_folder(self) -> bool:
        return open_folder(self.data_folder)
