"""File › Settings… (Ctrl+,): the interface language, my name (whose follow-ups the reminders
cover, and the author the documents carry), how often reminders are checked, the format the
trip report suggests and the font size. OK or Apply stores them (tracker/ui/settings.py) and
applies them at once: the window switches language, the font changes size, the reminder timer
takes its new interval."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.db.engine import Database
from tracker.domain import i18n, vocabulary
from tracker.domain.i18n import pick
from tracker.ui import settings
from tracker.ui.accessibility import name_inputs
from tracker.ui.fields import RefField

LANGUAGES = (("ko", "한국어"), ("en", "English"))
REPORT_FORMAT_NAMES = {
    "docx": ("Word 문서 (.docx)", "Word document (.docx)"),
    "pdf": ("PDF (.pdf)", "PDF (.pdf)"),
    "hwpx": ("한글 문서 (.hwpx)", "Hangul document (.hwpx)"),
    "md": ("Markdown (.md)", "Markdown (.md)"),
    "html": ("웹 페이지 (.html)", "Web page (.html)"),
}
SYSTEM_FONT = settings.FONT_SIZES.start - 1  # the spin box's lowest step reads "system"


class SettingsDialog(QDialog):
    """The settings, read when the dialog opens; `applied` after OK or Apply stored them."""

    applied = Signal()

    def __init__(self, db: Database, window: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent if parent is not None else window)
        self.setObjectName("settings-dialog")
        self.setWindowTitle(pick("설정", "Settings"))
        self.window_ = window

        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.language())))

        self.person = RefField(db, "persons", (0, 1))
        person = settings.MY_PERSON.get()
        if person is not None and db is not None:
            self.person.set_value(person)
        self.author = QLineEdit(settings.MY_NAME.get())
        self.author.setPlaceholderText(pick("비워 두면 작성자 없이 저장", "Empty: documents carry no author"))
        self._suggested = self.author.text()
        self.person.changed.connect(self._suggest_author)

        self.interval = QSpinBox()
        self.interval.setRange(1, 24 * 60)
        self.interval.setSuffix(pick("분마다", " min"))
        self.interval.setValue(settings.REMINDER_INTERVAL.get())

        self.report_format = QComboBox()
        for fmt in settings.REPORT_FORMATS:
            self.report_format.addItem(pick(*REPORT_FORMAT_NAMES[fmt]), fmt)
        self.report_format.setCurrentIndex(max(0, self.report_format.findData(settings.REPORT_FORMAT.get())))

        self.font_size = QSpinBox()
        self.font_size.setRange(SYSTEM_FONT, settings.FONT_SIZES.stop - 1)
        self.font_size.setSpecialValueText(pick("시스템 기본", "System default"))
        self.font_size.setSuffix(" pt")
        self.font_size.setValue(settings.FONT_SIZE.get() or SYSTEM_FONT)

        form = QFormLayout()
        form.addRow(pick("언어(&L)", "&Language"), self.language)
        form.addRow(pick("내 이름(&N)", "My &name"), self.person)
        form.addRow(pick("문서 작성자(&A)", "Document &author"), self.author)
        form.addRow(pick("후속조치 알림 확인(&R)", "Check &reminders every"), self.interval)
        form.addRow(pick("결과보고 기본 형식(&F)", "Report &format"), self.report_format)
        form.addRow(pick("글자 크기(&S)", "Font &size"), self.font_size)
        self.person.setToolTip(vocabulary.MY_NAME_HELP())
        self.author.setToolTip(
            pick(
                "보고서와 자료 파일에 작성자로 기록되는 이름",
                "The name reports and packs carry as their author",
            )
        )
        self.note = QLabel(wordWrap=True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.Apply
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        name_inputs(self)

    def _suggest_author(self) -> None:
        """Choosing "my name" fills the author with that person's name, unless one was typed."""
        if self.person.value() is None or self.author.text() not in ("", self._suggested):
            return
        self._suggested = self.person.edit.text().split(" · ")[0].strip()
        self.author.setText(self._suggested)

    # ------------------------------------------------------------------ storing
    def accept(self) -> None:
        if self.apply():
            super().accept()

    def apply(self) -> bool:
        """Store every setting and apply it now; False (and a note) if "my name" is not one
        of the list."""
        problem = self.person.error()
        if problem:
            self.note.setText(f"{vocabulary.MY_NAME()}: {problem}")
            self.person.setFocus()
            return False
        self.note.clear()
        language = str(self.language.currentData())
        settings.LANGUAGE.set(language)
        settings.MY_PERSON.set(self.person.value())
        settings.MY_NAME.set(" ".join(self.author.text().split()))
        settings.name_the_actor(getattr(self.window_, "db", None))
        settings.REMINDER_INTERVAL.set(self.interval.value())
        settings.REPORT_FORMAT.set(str(self.report_format.currentData()))
        size = self.font_size.value()
        settings.FONT_SIZE.set(0 if size == SYSTEM_FONT else size)

        settings.apply_font_size()
        window = self.window_
        reminders = getattr(window, "_reminders", None)  # only if they run: never started here
        if reminders is not None:
            reminders.reconfigure()
        if language != i18n.language():
            if window is not None and hasattr(window, "set_language"):
                window.set_language(language)  # keeps the section and the record on view
            else:
                i18n.set_language(language)
        self.applied.emit()
        return True


def open_settings(db: Database, window: Any = None) -> SettingsDialog:
    """Show the dialog (window-modal); it is deleted when closed."""
    from PySide6.QtCore import Qt

    dialog = SettingsDialog(db, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
