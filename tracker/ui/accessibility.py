"""Accessible names for every input of a window, from what a sighted user reads next to it.

    name_inputs(dialog)     # once the widgets are built: names what is there now
    keep_named(dialog)      # also names what appears later (rows added, pages built)

A screen reader says an input's accessible name when it gets the focus; without one it says
"edit text" or "combo box" and nothing else. The name is taken, in this order, from the
QFormLayout label of the row the input sits in (the label also becomes its buddy, so its
Alt+letter moves there), a QLabel whose buddy it is, the placeholder text, the tooltip, the
title of the group box around it, the label just before it in its layout, and a button's own
text. An input inside a composite field (the line edit of a person picker, the button beside
a date) takes the field's label, a button adding its own word ("Date: Today"). Names set by
hand are never replaced. The tooltip, or else the placeholder, becomes the description.
"""

from __future__ import annotations

import re
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QScrollArea,
    QScrollBar,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from tracker.domain.i18n import pick

_TAGS = re.compile(r"<[^>]+>")


def clean(text: str) -> str:
    """A label's text as a name: no mnemonic '&', no markup, no trailing ':' or '*'."""
    text = _TAGS.sub(" ", text or "")
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    text = re.sub(r"\(\s*\)", "", text)  # a Korean label's mnemonic left as "이름()"
    text = " ".join(text.split())
    return text.rstrip(" :：*").strip()


def is_input(widget: QWidget) -> bool:
    """Whether the keyboard can reach `widget` with Tab (a field, a table, a button …)."""
    if isinstance(widget, (QScrollBar, QLabel)) or widget.focusProxy() is not None:
        return False  # a widget that hands its focus on is named through the one that takes it
    if isinstance(widget, QAbstractScrollArea) and not isinstance(
        widget, (QAbstractItemView, QPlainTextEdit, QTextEdit)
    ):
        return False  # a scroll area around a form is no input itself
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def _widgets_of(layout: QLayout) -> list[QWidget]:
    """Every widget in `layout`, nested layouts included."""
    found: list[QWidget] = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item is None:
            continue
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_widgets_of(item.layout()))
    return found


def _key(widget: QWidget) -> int:
    return int(shiboken6.getCppPointer(widget)[0])


def _form_labels(root: QWidget) -> dict[int, tuple[QLabel, list[QWidget]]]:
    """For every widget that is (or holds) the field of a QFormLayout row: its label and the
    row's widgets; keyed by the widget's address."""
    labels: dict[int, tuple[QLabel, list[QWidget]]] = {}
    layouts = [w.layout() for w in [root, *root.findChildren(QWidget)] if w.layout() is not None]
    forms: list[QFormLayout] = []
    while layouts:
        layout = layouts.pop()
        if isinstance(layout, QFormLayout):
            forms.append(layout)
        layouts.extend(c for c in layout.children() if isinstance(c, QLayout))
    for form in forms:
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            label = label_item.widget() if label_item is not None else None
            if not isinstance(label, QLabel) or field_item is None or not clean(label.text()):
                continue
            if field_item.widget() is not None:
                fields = [field_item.widget()]
            elif field_item.layout() is not None:
                fields = [w for w in _widgets_of(field_item.layout()) if not isinstance(w, QLabel)]
            else:
                continue
            for w in fields:
                labels[_key(w)] = (label, fields)
    return labels


def _before_label(widget: QWidget) -> str:
    """What stands above `widget` (or a widget holding it): a QLabel just before it in its
    layout, the title of its group box, the text of its tab, the name of its page."""
    child: QWidget | None = widget
    while child is not None and child.parentWidget() is not None:
        parent = child.parentWidget()
        layout = parent.layout()
        if layout is not None:
            index, holder = layout.indexOf(child), layout
            if index < 0:
                for sub in layout.findChildren(QLayout):
                    if sub.indexOf(child) >= 0:
                        index, holder = sub.indexOf(child), sub
                        break
            item = holder.itemAt(index - 1) if index > 0 else None
            before = item.widget() if item is not None else None
            if isinstance(before, QLabel) and clean(before.text()) and before.buddy() is None:
                return clean(before.text())
        if isinstance(parent, QGroupBox) and clean(parent.title()):
            return clean(parent.title())
        tabs = parent.parentWidget()
        if isinstance(parent, QStackedWidget) and isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            return clean(tabs.tabText(tabs.indexOf(child)))
        if parent.accessibleName() and not is_input(parent):
            return parent.accessibleName()  # a page named after its section
        if parent.isWindow():
            return clean(parent.windowTitle())
        child = parent
    return ""


def _own_words(widget: QWidget) -> str:
    """What the widget itself says: a button's text, the placeholder, the tooltip."""
    text = clean(widget.text()) if isinstance(widget, QAbstractButton) else ""
    if any(ch.isalnum() for ch in text):
        return text  # a word, not a sign such as "▾" or "+"
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and clean(placeholder()):
        return clean(placeholder())
    if (
        isinstance(widget, QComboBox)
        and widget.lineEdit() is not None
        and clean(widget.lineEdit().placeholderText())
    ):
        return clean(widget.lineEdit().placeholderText())
    if clean(widget.toolTip()):
        return clean(widget.toolTip())
    if isinstance(widget, QComboBox) and widget.count() and ":" in widget.itemText(0):
        return clean(widget.itemText(0).split(":")[0])  # "Status: all" names the status filter
    return text


def _tab_name(bar: QTabBar) -> str:
    tabs = [clean(bar.tabText(i)) for i in range(bar.count())]
    return pick("탭", "Tabs") + (f": {', '.join(t for t in tabs if t)}" if any(tabs) else "")


def name_for(widget: QWidget, labels: dict[int, tuple[QLabel, list[QWidget]]], root: QWidget) -> str:
    """The accessible name `widget` should have, or "" when nothing around it says one."""
    if isinstance(widget, QTabBar):
        return _tab_name(widget)
    own = _own_words(widget)
    # the label of the form row the widget (or a field holding it) sits in
    holder: QWidget | None = widget
    while holder is not None and holder is not root:
        found = labels.get(_key(holder))
        if found is not None:
            label, fields = found
            if label.buddy() is None:
                target = widget if holder is widget else holder
                label.setBuddy(target.focusProxy() or target)
            text = clean(label.text())
            is_button = isinstance(widget, QAbstractButton) and not widget.isCheckable()
            if is_button and own and own != text:
                return f"{text}: {own}"
            if holder is not widget and holder.accessibleName() and holder.accessibleName() != text:
                return holder.accessibleName()
            return text
        if holder is not widget and holder.accessibleName() and widget is holder.focusProxy():
            return holder.accessibleName()
        holder = holder.parentWidget()
    for label in root.findChildren(QLabel):
        if label.buddy() is widget and clean(label.text()):
            return clean(label.text())
    if own:
        return own
    return _before_label(widget)


def name_inputs(root: QWidget) -> list[QWidget]:
    """Give every input under `root` an accessible name and description where it has none;
    returns the inputs that still have no name (nothing around them says one)."""
    labels = _form_labels(root)
    unnamed: list[QWidget] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not is_input(widget):
            continue
        if not widget.accessibleName():
            name = name_for(widget, labels, root)
            if name:
                widget.setAccessibleName(name)
            else:
                unnamed.append(widget)
                continue
        if not widget.accessibleDescription():
            description = clean(widget.toolTip())
            placeholder = getattr(widget, "placeholderText", None)
            if not description and callable(placeholder):
                description = clean(placeholder())
            if description and description != widget.accessibleName():
                widget.setAccessibleDescription(description)
    return unnamed


def buttons_last(dialog: QWidget) -> None:
    """Put the dialog's bottom row (its button box, and Undo/Redo beside it) at the end of the
    Tab order, in their order on screen: parts an editor adds after the base dialog made its
    buttons (tables, lists) otherwise come after Save and Cancel."""
    boxes = [
        b for b in dialog.findChildren(QDialogButtonBox) if b.window() is dialog and b.isVisibleTo(dialog)
    ]
    if not boxes:
        return
    box = max(boxes, key=lambda b: b.mapTo(dialog, QPoint(0, 0)).y())
    top = box.mapTo(dialog, QPoint(0, 0)).y() - 4
    row = [
        w
        for w in dialog.findChildren(QAbstractButton)
        if w.window() is dialog
        and w.isVisibleTo(dialog)
        and is_input(w)
        and w.mapTo(dialog, QPoint(0, 0)).y() >= top
    ]
    for w in sorted(row, key=lambda w: w.mapTo(dialog, QPoint(0, 0)).x()):
        last = dialog.previousInFocusChain()
        while last is not dialog and last.focusPolicy() == Qt.FocusPolicy.NoFocus:
            last = last.previousInFocusChain()  # setTabOrder takes only widgets that take focus
        if last is not w and last is not dialog:
            QWidget.setTabOrder(last, w)


def not_a_stop_when_holding_inputs(root: QWidget) -> None:
    """A scroll area around a form is no Tab stop of its own (a screen reader would say
    "scroll area" and nothing else); its inputs are, and it scrolls to the one with the focus."""
    for area in root.findChildren(QScrollArea):
        inner = area.widget()
        if (
            inner is not None
            and area.focusPolicy() != Qt.FocusPolicy.NoFocus
            and any(is_input(w) for w in inner.findChildren(QWidget))
        ):
            area.setFocusPolicy(Qt.FocusPolicy.NoFocus)


class _Keeper(QObject):
    """Names the inputs of its window when it is shown and whenever its layout changes (rows
    added, a page built), once per turn of the event loop."""

    def __init__(self, root: QWidget) -> None:
        super().__init__(root)  # no reference back to `root`: no cycle for the collector to break
        self._queued = False
        root.installEventFilter(self)

    def eventFilter(self, watched: Any, event: Any) -> bool:  # noqa: N802 - Qt API
        if event.type() in (QEvent.Type.Show, QEvent.Type.LayoutRequest, QEvent.Type.ChildAdded):
            if event.type() == QEvent.Type.Show:
                not_a_stop_when_holding_inputs(watched)
                if isinstance(watched, QDialog):
                    buttons_last(watched)
                name_inputs(watched)
            elif not self._queued:
                self._queued = True
                QTimer.singleShot(0, self, self._again)
        return False

    def _again(self) -> None:
        self._queued = False
        root = self.parent()
        if isinstance(root, QWidget):
            name_inputs(root)


def keep_named(root: QWidget, name: str | None = None) -> QWidget:
    """Name the inputs of `root` now, when it is shown, and again after its content changes;
    `name` names `root` itself (a page: its tables and lists take it when nothing else does)."""
    if name:
        root.setAccessibleName(name)
    if root.findChild(_Keeper) is None:
        _Keeper(root)
    if root.isVisible():
        name_inputs(root)  # else when it is shown, with everything in place
    return root


__all__ = ["clean", "is_input", "keep_named", "name_for", "name_inputs"]
