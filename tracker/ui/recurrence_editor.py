"""The recurrence of an event or a channel, chosen in words: every N days, weeks (on which
weekdays), months (on the start's day, or "the last Monday") or years; until a day or a number
of times; with the rule said in plain Korean or English underneath ("매월 마지막 월요일,
2026.12.31.까지"). No rule text is shown. A rule this editor cannot express (from another
program's file) is kept exactly as it came, said in words as far as they go, until the officer
chooses another.

A form field like the others: `changed`, `value()` (the rule text, or None), `set_value()`,
`error()`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.i18n import pick
from tracker.domain.recurrence import WEEKDAYS, SimpleRule, describe, simple_rule
from tracker.ui import fields as f

FREQS = (None, "DAILY", "WEEKLY", "MONTHLY", "YEARLY")
ORDINALS = (None, 1, 2, 3, 4, -1)
ENDS = ("never", "until", "count")


class RecurrenceEditor(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.start: date | None = None
        self._kept: str | None = None  # a rule beyond this editor, kept as it came
        self._loading = False

        self.freq = QComboBox()
        self.freq.addItems(
            [pick("반복 안 함", "Does not repeat"), pick("매일", "Daily"), pick("매주", "Weekly"),
             pick("매월", "Monthly"), pick("매년", "Yearly")]
        )  # fmt: skip
        self.freq.setAccessibleName(pick("반복", "Repeats"))
        self.every_label = QLabel(pick("간격", "Every"))
        self.interval = QSpinBox()
        self.interval.setRange(1, 99)
        self.interval.setAccessibleName(pick("반복 간격", "Repeat every"))
        self.unit = QLabel()
        self.days = [
            QCheckBox(pick(ko, en))
            for ko, en in zip(
                "월화수목금토일", ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"), strict=True
            )
        ]
        self.ordinal = QComboBox()
        self.ordinal.addItems(
            [pick("시작일과 같은 날", "On the start's day"), pick("첫째", "First"), pick("둘째", "Second"),
             pick("셋째", "Third"), pick("넷째", "Fourth"), pick("마지막", "Last")]
        )  # fmt: skip
        self.ordinal.setAccessibleName(pick("몇째 주", "Which week"))
        self.weekday = QComboBox()
        self.weekday.addItems([pick(ko + "요일", en) for ko, en in zip("월화수목금토일", ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)])  # fmt: skip
        self.weekday.setAccessibleName(pick("요일", "Weekday"))
        self.end = QComboBox()
        self.end.addItems(
            [pick("끝 없음", "No end"), pick("날짜까지", "Until a date"), pick("횟수", "A number of times")]
        )
        self.end.setAccessibleName(pick("반복 끝", "Ends"))
        self.until = f.DateField()
        self.count = QSpinBox()
        self.count.setRange(1, 999)
        self.count.setValue(10)
        self.count.setSuffix(pick("회", " times"))
        self.summary = QLabel(wordWrap=True)
        self.summary.setAccessibleName(pick("반복 요약", "Recurrence in words"))

        row1 = QHBoxLayout()
        for w in (self.freq, self.every_label, self.interval, self.unit):
            row1.addWidget(w)
        row1.addStretch(1)
        self.days_row = QWidget()
        row2 = QHBoxLayout(self.days_row)
        row2.setContentsMargins(0, 0, 0, 0)
        for box in self.days:
            row2.addWidget(box)
        row2.addStretch(1)
        self.month_row = QWidget()
        row3 = QHBoxLayout(self.month_row)
        row3.setContentsMargins(0, 0, 0, 0)
        row3.addWidget(self.ordinal)
        row3.addWidget(self.weekday)
        row3.addStretch(1)
        self.end_row = QWidget()
        row4 = QHBoxLayout(self.end_row)
        row4.setContentsMargins(0, 0, 0, 0)
        for w in (self.end, self.until, self.count):
            row4.addWidget(w)
        row4.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row1)
        for w in (self.days_row, self.month_row, self.end_row, self.summary):
            layout.addWidget(w)

        for combo in (self.freq, self.ordinal, self.weekday, self.end):
            combo.currentIndexChanged.connect(self._edited)
        for spin in (self.interval, self.count):
            spin.valueChanged.connect(self._edited)
        for box in self.days:
            box.toggled.connect(self._edited)
        self.until.changed.connect(self._edited)
        self._show()

    # -- the field protocol
    def value(self) -> str | None:
        if self._kept is not None:
            return self._kept
        rule = self.rule()
        return rule.text() if rule is not None else None

    def set_value(self, value: Any) -> None:
        """Show a stored rule (loading, not an edit)."""
        text = str(value).strip() if value else None
        rule = simple_rule(text)
        self._loading = True
        try:
            self._kept = text if text and rule is None else None
            rule = rule or SimpleRule()
            freq = rule.freq
            if self._kept:  # the frequency of a rule kept as it came, shown for what it is
                named = dict(p.partition("=")[::2] for p in self._kept.upper().split(";")).get("FREQ")
                freq = named if named in FREQS else freq
            self.freq.setCurrentIndex(FREQS.index(freq) if text else 0)
            self.interval.setValue(rule.interval)
            for code, box in zip(WEEKDAYS, self.days, strict=True):
                box.setChecked(code in rule.weekdays)
            self.ordinal.setCurrentIndex(ORDINALS.index(rule.ordinal) if rule.ordinal in ORDINALS else 0)
            self.weekday.setCurrentIndex(WEEKDAYS.index(rule.weekday) if rule.weekday else 0)
            self.end.setCurrentIndex(1 if rule.until else 2 if rule.count else 0)
            self.until.set_value(rule.until)
            if rule.count:
                self.count.setValue(rule.count)
        finally:
            self._loading = False
        self._show()

    def error(self) -> str:
        if self._kept is None and self.freq.currentIndex() and self.end.currentIndex() == 1:
            if self.until.error():
                return self.until.error()
            if self.until.value() is None:
                return pick("반복이 끝나는 날짜를 입력하세요.", "Enter the day the series ends.")
            if self.start is not None and self.until.value() < self.start:
                return pick("반복이 끝나는 날짜가 시작일보다 앞섭니다.", "The series ends before it starts.")
        return ""

    # -- the rest
    def set_start(self, start: date | None) -> None:
        """The event's first day: the summary says "매월 13일" from it."""
        self.start = start
        self._show()

    def rule(self) -> SimpleRule | None:
        """The rule as chosen on screen (None: does not repeat)."""
        freq = FREQS[self.freq.currentIndex()]
        if freq is None:
            return None
        ordinal = ORDINALS[self.ordinal.currentIndex()] if freq == "MONTHLY" else None
        end = ENDS[self.end.currentIndex()]
        until = self.until.value() if end == "until" and not self.until.error() else None
        return SimpleRule(
            freq,
            self.interval.value(),
            tuple(code for code, box in zip(WEEKDAYS, self.days, strict=True) if box.isChecked())
            if freq == "WEEKLY"
            else (),
            ordinal,
            WEEKDAYS[self.weekday.currentIndex()] if ordinal is not None else None,
            until,
            self.count.value() if end == "count" else None,
        )

    def summary_text(self) -> str:
        return self.summary.text()

    def _edited(self, *_args: Any) -> None:
        if self._loading:
            return
        self._kept = None  # the officer chose: the imported rule gives way
        self._show()
        self.changed.emit()

    def _show(self) -> None:
        freq = FREQS[self.freq.currentIndex()]
        kept = self._kept is not None
        repeats = freq is not None and not kept
        for w in (self.every_label, self.interval, self.unit):
            w.setVisible(repeats)
        self.unit.setText(
            {"DAILY": pick("일마다", "days"), "WEEKLY": pick("주마다", "weeks"),
             "MONTHLY": pick("개월마다", "months"), "YEARLY": pick("년마다", "years")}.get(freq or "", "")
        )  # fmt: skip
        self.days_row.setVisible(repeats and freq == "WEEKLY")
        self.month_row.setVisible(repeats and freq == "MONTHLY")
        self.weekday.setEnabled(self.ordinal.currentIndex() > 0)
        self.end_row.setVisible(repeats)
        self.until.setVisible(self.end.currentIndex() == 1)
        self.count.setVisible(self.end.currentIndex() == 2)
        text = describe(self.value(), self.start)
        if kept:
            text += "\n" + pick(
                "다른 프로그램에서 가져온 규칙이라 그대로 둡니다. 위에서 고르면 새 규칙으로 바뀝니다.",
                "A rule from another program, kept as it is; choosing above replaces it.",
            )
        self.summary.setText(text)


__all__ = ["RecurrenceEditor"]
