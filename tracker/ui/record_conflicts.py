"""Saving a record a colleague saved meanwhile: instead of refusing ("reload and edit again",
losing what was typed), the form's values are merged with theirs. What only one side changed
is kept without asking; where both changed one field the user chooses per field (theirs,
mine, or for a text both). Nothing is lost: the colleague's version stays in the record's
history whichever is taken, and going back leaves the form as it was."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from tracker.db.engine import Database
from tracker.domain import vocabulary
from tracker.domain.errors import ConflictError, DomainError
from tracker.domain.i18n import pick
from tracker.domain.merge import Merged, merge_fields
from tracker.services import form_merge, history, record_forms
from tracker.services.form_merge import FormMerge, Item, Parts, clash_section
from tracker.ui.conflict_dialog import ConflictDialog


def changed_by(db: Database, kind: str, key: Any) -> str:
    """'한서윤 (14:02)': who saved the record last, and when in local time."""
    entries = history.record_history(db, record_forms.table(kind).name, key)
    if not entries:
        return pick("다른 사용자", "Another user")
    at = entries[0].at if entries[0].at.tzinfo else entries[0].at.replace(tzinfo=UTC)
    local = at.astimezone()
    when = (
        local.strftime("%H:%M")
        if local.date() == datetime.now().date()
        else local.strftime("%Y.%m.%d. %H:%M")
    )
    return f"{entries[0].actor} ({when})"


def decide(
    merged: Merged,
    label: Callable[[str], str],
    who: str,
    parent: QWidget | None,
    shown: Callable[[Any], str] | None = None,
) -> dict[str, Any] | None:
    """The user's choice for each clash of a merge (none asked when there is none), or None
    when they went back to the form."""
    if not merged.clashes:
        return {}
    extra = {} if shown is None else {"shown": shown}
    dialog = ConflictDialog(merged, label, who, parent=parent, **extra)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.choices()


def is_stale(exc: DomainError, key: Any) -> bool:
    """A save of a stored record refused because a colleague saved it first."""
    return key is not None and isinstance(exc, ConflictError) and exc.code == "stale"


class MergingSaver:
    """The save function of a record dialog that merges on a colleague's newer version.
    `base` is the form's values as loaded; `label` names a field as the form shows it."""

    def __init__(
        self,
        db: Database,
        kind: str,
        key: Any,
        version: int | None,
        base: dict[str, Any],
        label: Callable[[str], str],
        parent: Callable[[], QWidget | None],
    ) -> None:
        self.db, self.kind, self.key, self.version = db, kind, key, version
        self.base = base
        self.label = label
        self.parent = parent
        self.last_merge: Merged | None = None

    def __call__(self, values: dict[str, Any]) -> Any:
        try:
            return record_forms.save_record(self.db, self.kind, self.key, values, self.version)
        except ConflictError as exc:
            if self.key is None or exc.code != "stale":
                raise
            return self._merge_and_save(values, exc)

    def _merge_and_save(self, mine: dict[str, Any], refused: ConflictError) -> Any:
        theirs = record_forms.record_draft(self.db, self.kind, self.key)
        merged = merge_fields(self.base, mine, {name: theirs.values.get(name) for name in mine})
        self.last_merge = merged
        values = merged.values
        if merged.clashes:
            choices = decide(merged, self.label, changed_by(self.db, self.kind, self.key), self.parent())
            if choices is None:
                raise refused  # back to the form, as the user left it
            values = merged.resolve(choices)
        saved = record_forms.save_record(self.db, self.kind, self.key, values, theirs.version)
        self.version, self.base = saved.version, values
        return saved


def decide_merge(
    merge: FormMerge,
    field_label: Callable[[str], str],
    describe: Callable[[Mapping[str, Any]], str],
    lists: Mapping[str, str],
    who: str,
    parent: QWidget | None,
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]] | None:
    """A big editor's merge (`services.form_merge`) decided by the user: the fields and rows to
    save, or None when they went back. An item both changed is named by its list (`lists`, the
    list's name as the editor shows it) and by `describe` of the row as it was before."""

    def label(name: str) -> str:
        section = clash_section(name)
        if section is None:
            return field_label(name)
        _section, mine, theirs, base = merge.item_clashes[name]
        item = base or mine or theirs
        return f"{lists.get(section, section)}: {describe(item.row if item is not None else {})}"

    def shown(value: Any) -> str:
        if value is None:
            return vocabulary.REMOVED()
        return describe(value.row) if isinstance(value, Item) else str(value)

    choices = decide(merge.merged, label, who, parent, shown)
    return None if choices is None else merge.resolve(choices)


def merge_and_decide(
    editor: Any,
    kind: str,
    key: Any,
    versions: tuple[Parts, Parts, Parts],
    lists: Mapping[str, tuple[str, str]],
) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]] | None:
    """A big editor's (base, mine, theirs), each as fields and rows by list, merged and the
    clashes decided by the user; None when they went back. `lists` names each list (ko, en)."""
    return decide_merge(
        form_merge.merge_records(*versions),
        editor.form.field_label,
        form_merge.describe_row,
        {section: pick(*names) for section, names in lists.items()},
        changed_by(editor.db, kind, key),
        editor,
    )


def save_merged(
    editor: Any,
    kind: str,
    key: Any,
    versions: tuple[Parts, Parts, Parts],
    lists: Mapping[str, tuple[str, str]],
    refused: DomainError,
    save: Callable[[dict[str, Any], dict[str, list[dict[str, Any]]]], Any],
) -> Any:
    """`merge_and_decide`, then `save` of the fields and rows decided. None, with nothing saved
    and the editor as the user left it, when they go back (the first refusal, `refused`, is
    said again) or the merged record is refused (said through the editor's `_refused`)."""
    decided = merge_and_decide(editor, kind, key, versions, lists)
    if decided is None:
        editor._refused(refused)
        return None
    try:
        return save(*decided)
    except DomainError as exc:
        editor._refused(exc)
        return None
