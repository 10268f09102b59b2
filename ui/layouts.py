"""Layout helpers so that every screen fits a 1280×720 laptop in large text (issue 15):
a row of buttons that wraps onto the next line instead of widening the page, and dialogs
sized to the screen's available geometry with their content scrollable inside."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import (
    QDialog, QFrame, QLayout, QScrollArea, QSizePolicy, QStyle, QWidget,
)


class FlowLayout(QLayout):
    """Widgets left to right, wrapping onto a new line when the width runs out (the row of
    buttons under a list, the choices of a speech); its minimum width is its widest widget."""

    def __init__(self, parent: QWidget | None = None, spacing: int = -1):
        super().__init__(parent)
        self._items: list = []
        self._spacing = spacing

    def addItem(self, item) -> None:  # noqa: N802 - Qt name
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):  # noqa: N802 - Qt name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):  # noqa: N802 - Qt name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):  # noqa: N802 - Qt name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt name
        return self._do_layout(QRect(0, 0, width, 0), test=True)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt name
        super().setGeometry(rect)
        self._do_layout(rect, test=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt name
        width = height = 0
        for item in self._visible():
            hint = item.sizeHint()
            width += hint.width() + self._gap()
            height = max(height, hint.height())
        m = self.contentsMargins()
        return QSize(max(0, width - self._gap()) + m.left() + m.right(),
                     height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt name
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _visible(self) -> list:
        return [i for i in self._items if not (i.widget() and i.widget().isHidden())]

    def _gap(self) -> int:
        if self._spacing >= 0:
            return self._spacing
        parent = self.parentWidget()
        style = parent.style() if parent is not None else None
        return style.pixelMetric(QStyle.PM_LayoutHorizontalSpacing) if style else 6

    def _do_layout(self, rect: QRect, test: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        gap = max(self._gap(), 0)
        for item in self._visible():
            hint = item.sizeHint()
            width = min(hint.width(), area.width()) if area.width() > 0 else hint.width()
            width = max(width, item.minimumSize().width())
            if x > area.x() and x + width > area.right() + 1:
                x, y, line = area.x(), y + line + gap, 0
            if not test:
                item.setGeometry(QRect(QPoint(x, y), QSize(width, hint.height())))
            x += width + gap
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()


def flow_row(*widgets) -> QWidget:
    """A row of widgets that wraps onto a second line on a narrow page."""
    box = QWidget()
    layout = FlowLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    policy = box.sizePolicy()
    policy.setHeightForWidth(True)
    box.setSizePolicy(policy)
    return box


def _available(widget: QWidget) -> QRect:
    screen = widget.screen() if widget.screen() is not None else None
    if screen is None:
        from PySide6.QtGui import QGuiApplication

        screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def scroll_body(dialog: QDialog, body: QWidget) -> QScrollArea:
    """Put a dialog's content in a scroll area that keeps it the dialog's width: on a small
    screen the dialog stays on the screen and its content scrolls up and down."""
    area = QScrollArea(dialog)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarAsNeeded)
    area.setWidget(body)
    area.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)
    return area


def fit_to_screen(dialog: QWidget, wanted: QSize | None = None) -> None:
    """Size a dialog to what it wants, but never beyond the screen's available geometry
    (a 1280×720 laptop has about 1280×680 once the task bar is off)."""
    free = _available(dialog)
    frame = 40     # title bar and borders the window manager adds
    most = QSize(free.width() - 16, free.height() - frame)
    wanted = wanted or dialog.sizeHint()
    dialog.resize(wanted.boundedTo(most).expandedTo(dialog.minimumSizeHint().boundedTo(most)))



class _ColumnFitter(QObject):
    """Keeps a table's columns within its width (see ``fit_columns``)."""

    def __init__(self, table, stretch: int, floor: int):
        super().__init__(table)
        self.table, self.stretch, self.floor = table, stretch, floor
        self.natural: list[int] = []
        table.viewport().installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Resize and self.natural:
            self.apply()
        return False

    def measure(self) -> None:
        from PySide6.QtWidgets import QHeaderView

        header = self.table.horizontalHeader()
        for col in range(header.count()):
            header.setSectionResizeMode(col, QHeaderView.Interactive)
        self.table.resizeColumnsToContents()
        self.natural = [self.table.columnWidth(c) for c in range(header.count())]
        self.apply()

    def apply(self) -> None:
        from PySide6.QtWidgets import QHeaderView

        header = self.table.horizontalHeader()
        room = self.table.viewport().width()
        if room <= 0:
            return
        widths = list(self.natural)
        # the text column takes what is left (at least its share): the others get their
        # contents' width, the widest of them narrowed first when the width runs short
        others = [c for c in range(len(widths)) if c != self.stretch]
        text_least = max(self.floor * 2, min(widths[self.stretch], room // 3))
        cap = max((widths[c] for c in others), default=0)
        while cap > self.floor and sum(min(widths[c], cap) for c in others) + text_least > room:
            cap -= 4
        for c in others:
            header.setSectionResizeMode(c, QHeaderView.Interactive)
            self.table.setColumnWidth(c, max(self.floor, min(widths[c], cap)))
        header.setSectionResizeMode(self.stretch, QHeaderView.Stretch)


def fit_columns(table, stretch: int, floor_chars: int = 6) -> None:
    """Columns as wide as their contents, but never wider together than the table: column
    ``stretch`` (the text) takes the rest of the width; when the width runs short the widest
    other columns are narrowed (their cells elided, the whole text in their tooltips) rather
    than the table scrolling sideways. Call again after filling the table."""
    fitter = table.findChild(_ColumnFitter)
    if fitter is None:
        floor = table.fontMetrics().averageCharWidth() * floor_chars
        fitter = _ColumnFitter(table, stretch, floor)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        table.horizontalHeader().setStretchLastSection(False)
    fitter.measure()
