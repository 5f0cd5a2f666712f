"""The agreement editor: the agreement's fields (a signing date may be known only to the month,
"'25.10월"), its parties (the signing organizations) and its topics, saved whole in one
transaction (`services.event_save.save_agreement`).

Edits of the parties and topics count as unsaved changes, like the form's own fields.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import DomainError
from tracker.domain.i18n import pick
from tracker.services import agreement_form
from tracker.services.agreement_form import AgreementDraft, Choice
from tracker.ui.editors import build_form
from tracker.ui.event_topics import PickList, topic_label
from tracker.ui.forms import ERROR_STYLE, RecordDialog, RecordForm
from tracker.ui.row_widgets import ref_label


def organization_label(db: Database) -> Callable[[Any], str | None]:
    def label(key: Any) -> str | None:
        o = agreement_form.organization_choice(db, key)
        return _org_text(o) if o is not None else None

    return label


def _org_text(o: Choice) -> str:
    name = pick(o.name_ko, o.name_en or o.name_ko)
    return ref_label(name, o.acronym)


class AgreementEditor(RecordDialog):
    """An agreement with its parties and topics. `saved` holds the agreement once saved."""

    def __init__(
        self, db: Database, agreement_id: uuid.UUID | None = None, parent: QWidget | None = None
    ) -> None:
        form: RecordForm = build_form(db, "agreements")
        super().__init__("", form, self._not_used, parent=parent)
        self.db = db
        self.agreement_id = agreement_id
        self.version: int | None = None
        self._loading = False
        self._baseline: tuple[Any, ...] | None = None
        self.status = QLabel(styleSheet=ERROR_STYLE, wordWrap=True)
        self.status.hide()

        parties = QGroupBox(pick("서명 당사자(기관)", "Parties (organizations)"))
        self.parties = PickList(db, "organizations", organization_label(db))
        QVBoxLayout(parties).addWidget(self.parties)
        topics = QGroupBox(vocabulary.TOPICS())
        self.topics = PickList(db, "topics", topic_label(db))
        QVBoxLayout(topics).addWidget(self.topics)
        layout = self.layout()
        for widget in (parties, topics, self.status):
            layout.insertWidget(layout.count() - 1, widget)
        self.parties.changed.connect(self._changed)
        self.topics.changed.connect(self._changed)
        # a bound method, not a lambda: Qt drops the connection when the dialog goes away
        form.undo_stack.cleanChanged.connect(self._clean_changed)
        self.extra_dirty = lambda: self.parts_dirty
        self.resize(640, 720)
        self.load(agreement_form.agreement_draft(db, agreement_id) if agreement_id is not None else None)
        self.watch_record(
            "agreements",
            agreement_id,
            lambda: self.load(agreement_form.agreement_draft(db, self.agreement_id)),
        )

    def _clean_changed(self, _clean: bool) -> None:
        self._changed()

    @staticmethod
    def _not_used(_values: dict[str, Any]) -> Any:  # RecordDialog's saver: `save` is overridden
        raise NotImplementedError

    # -- loading
    def load(self, agreement: AgreementDraft | None) -> None:
        """Show an agreement (None: a new one). Not an edit: nothing is unsaved afterwards."""
        self._loading = True
        try:
            if agreement is None:
                self.form.load({})
            else:
                self.agreement_id, self.version = agreement.id, agreement.version
                self.form.load(agreement.values)
            self.parties.set_items([(o.id, _org_text(o)) for o in (agreement.parties if agreement else [])])
            self.topics.set_items(
                [
                    (t.id, pick(t.name_ko, t.name_en or t.name_ko))
                    for t in (agreement.topics if agreement else [])
                ]
            )
        finally:
            self._loading = False
        self._baseline = self._snapshot()
        self.form.undo_stack.setClean()
        self.setWindowTitle(self._title() + "[*]")
        self.status.hide()
        self._changed()

    def _title(self) -> str:
        if self.agreement_id is None:
            return pick("협정·MOU 새로 만들기", "New agreement")
        name = self.form.field("title_ko").value() or ""
        return pick(f"협정·MOU 수정 — {name}", f"Edit agreement — {name}")

    # -- parties and topics
    def add_party(self, org_id: Any) -> bool:
        return self.parties.add(org_id)

    def remove_party(self, org_id: Any = None) -> bool:
        return self.parties.remove(org_id)

    def party_ids(self) -> list[str]:
        return self.parties.ids()

    def add_topic(self, topic_id: Any) -> bool:
        return self.topics.add(topic_id)

    def remove_topic(self, topic_id: Any = None) -> bool:
        return self.topics.remove(topic_id)

    def topic_ids(self) -> list[str]:
        return self.topics.ids()

    # -- state
    def _snapshot(self) -> tuple[Any, ...]:
        return (self.parties.ids(), self.topics.ids())

    @property
    def parts_dirty(self) -> bool:
        return self._baseline is not None and self._snapshot() != self._baseline

    def _changed(self) -> None:
        if not self._loading:
            self.setWindowModified(self.dirty)

    def _show(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()

    # -- saving
    def save(self) -> bool:
        """Check the form, then save the agreement whole; True when saved (the dialog closes)."""
        self.status.hide()
        if not self.check():  # every problem at once, at the top and beside its field
            return False
        try:
            agreement = agreement_form.save_agreement(
                self.db,
                self.agreement_id,
                self.form.values(),
                party_ids=self.party_ids(),
                topic_ids=self.topic_ids(),
                expected_version=self.version,
            )
        except DomainError as exc:
            self.refused(exc)
            return False
        self.saved = agreement
        self.load(agreement)
        self.accept()
        return True


def open_agreement_editor(
    db: Database, agreement_id: uuid.UUID | None = None, parent: QWidget | None = None
) -> AgreementEditor:
    """Open the editor on an agreement (None: a new one), shown and not modal; `saved` holds
    the agreement once saved."""
    editor = AgreementEditor(db, agreement_id, parent)
    editor.show()
    return editor


__all__ = ["AgreementEditor", "open_agreement_editor"]
