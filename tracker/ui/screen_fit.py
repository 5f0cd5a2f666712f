"""Windows that fit the screen: at a scale factor of 2 (QT_SCALE_FACTOR=2, or 200 % in the
system's display settings) a 1920×1080 screen has 960×540 logical pixels, less than the size
the main window and the record editors ask for. Every window and dialog is fitted to the
available part of its screen when it is shown; a dialog whose smallest layout is still too big
scrolls; a saved window geometry is restored only if it fits the screen it is on now."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QObject, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog, QListWidget, QMainWindow, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QScrollArea

log = logging.getLogger(__name__)

MARGIN = 8  # logical pixels kept free around a window fitted to the screen


def available(widget: QWidget) -> QRect:
    """The part of the widget's screen (or the primary one) that windows may use."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)


def fits(widget: QWidget, rect: QRect | None = None) -> bool:
    area = available(widget)
    rect = rect or widget.frameGeometry()
    return area.contains(rect)


def fit_to_screen(widget: QWidget) -> None:
    """Shrink `widget` (a window) to the available screen and move it fully onto it; make a
    dialog's contents scroll when even its smallest layout is taller or wider than that."""
    area = available(widget).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
    frame = widget.frameGeometry().size() - widget.geometry().size()  # title bar and borders
    room = QSize(max(area.width() - frame.width(), 100), max(area.height() - frame.height(), 100))
    if isinstance(widget, QDialog) and _too_big(widget.minimumSizeHint(), room):
        scroll_contents(widget)
    size = widget.size().boundedTo(room)
    if size != widget.size():
        QWidget.resize(widget, size)  # QWidget's own: a dialog may name a method of its own so
    geometry = widget.frameGeometry()
    x = min(max(geometry.x(), area.x()), area.right() - geometry.width() + 1)
    y = min(max(geometry.y(), area.y()), area.bottom() - geometry.height() + 1)
    if (x, y) != (geometry.x(), geometry.y()):
        QWidget.move(widget, max(x, area.x()), max(y, area.y()))


def _too_big(size: QSize, room: QSize) -> bool:
    return size.width() > room.width() or size.height() > room.height()


def scroll_contents(dialog: QDialog) -> QScrollArea | None:
    """Put everything but the dialog's last row (its buttons) in a scroll area, once."""
    # Imported here, as in the event filter: the main window is fitted before it first shows,
    # and each PySide type named builds its enums then.
    from PySide6.QtWidgets import QBoxLayout, QFrame, QScrollArea, QVBoxLayout

    layout = dialog.layout()
    if not isinstance(layout, QBoxLayout) or dialog.property("scrolls") or layout.count() < 2:
        return None
    dialog.setProperty("scrolls", True)
    problems = dialog.findChild(QWidget, "problem-list")  # stays in sight, above the scrolling part
    if problems is not None and layout.indexOf(problems) >= 0:
        layout.removeWidget(problems)
    else:
        problems = None
    inner = QWidget()
    box = QVBoxLayout(inner)
    box.setContentsMargins(0, 0, 0, 0)
    moved = []
    while layout.count() > 1:
        stretch = layout.stretch(0)
        moved.append((layout.takeAt(0), stretch))
    # Moving a widget to a new parent hides it, and Qt shows it again only on the next turn of
    # the event loop: the dialog would open blank for a moment and code that reads it at once
    # (a Save pressed right away, a test) would find nothing shown. Show them again here.
    shown = [w for w in _widgets_in(item for item, _ in moved) if not _explicitly_hidden(w)]
    for item, stretch in moved:
        if item.widget() is not None:
            box.addWidget(item.widget(), stretch)
        elif item.layout() is not None:
            sub = item.layout()
            sub.setParent(None)
            box.addLayout(sub, stretch)
        else:
            box.addItem(item)
    scroll = QScrollArea()
    scroll.setObjectName("fit-scroll")
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(inner)
    layout.insertWidget(0, scroll, 1)
    if problems is not None:
        layout.insertWidget(0, problems)
    if dialog.isVisible():
        scroll.show()
        for widget in shown:
            widget.show()
    layout.invalidate()
    layout.activate()  # the dialog's minimum size is now the scroll area's, not its contents'
    return scroll


def _explicitly_hidden(widget: QWidget) -> bool:
    from PySide6.QtCore import Qt  # here: see scroll_contents

    return widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


def _widgets_in(items) -> list[QWidget]:
    """The widgets a list of layout items holds, those of nested layouts too."""
    found: list[QWidget] = []
    for item in items:
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            sub = item.layout()
            found.extend(_widgets_in(sub.itemAt(i) for i in range(sub.count())))
    return found


def sidebar_width(nav: QListWidget) -> int:
    """The width the sidebar needs to show its longest label whole, from its font."""
    metrics = nav.fontMetrics()
    longest = max((metrics.horizontalAdvance(nav.item(i).text()) for i in range(nav.count())), default=80)
    icon = nav.iconSize().width() if nav.iconSize().isValid() else 16
    # The scroll bar's own width (the style's PM_ScrollBarExtent): asking the style by name
    # would make PySide build QStyle's enums before the window first shows.
    scrollbar = nav.verticalScrollBar().sizeHint().width()
    width = longest + max(icon, 16) + 2 * nav.frameWidth() + 3 * 8 + scrollbar
    nav.setMinimumWidth(width)
    return width


def restore_geometry(window: QMainWindow, saved: Any, default: QSize) -> bool:
    """Restore a saved geometry if it fits the screen now; else the default size, fitted.
    True when the saved one was used."""
    if isinstance(saved, QByteArray) and window.restoreGeometry(saved) and fits(window, window.geometry()):
        return True
    if window.isMaximized() or window.isFullScreen():
        window.showNormal()
    window.resize(default)
    fit_to_screen(window)
    return False


class ScreenFit(QObject):
    """Fits every window and dialog of the application to its screen as it is shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        from PySide6.QtCore import QEvent  # the type of the event asked about: made already

        if event.type() != QEvent.Type.Show or not isinstance(watched, (QDialog, QMainWindow)):
            return False
        from PySide6.QtCore import Qt  # here, not for every event: see scroll_contents

        if watched.isWindow() and watched.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
            try:
                fit_to_screen(watched)
            except Exception as exc:  # a window that cannot be fitted still opens
                log.warning("could not fit %s to the screen: %s", type(watched).__name__, exc)
        return False


_installed: list[ScreenFit] = []


def install_screen_fit() -> None:
    """Once per application: every window and dialog shown from now on fits its screen."""
    app = QApplication.instance()
    if app is None or _installed:
        return
    fitter = ScreenFit(app)
    app.installEventFilter(fitter)
    _installed.append(fitter)
