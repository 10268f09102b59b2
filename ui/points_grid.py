"""Monthly e-handbook points (Sổ tay đảng viên điện tử): members × months for a year.

Points are typed straight into the cells; ``app.ehandbook.set_points`` parses and checks them, and a
refused value is shown with its Vietnamese message while the cell stays in editing. The import uses
the same preview-then-confirm steps as the member import.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton,
    QSpinBox, QStyledItemDelegate, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app import ehandbook, i18n
from app.i18n import N_, _
from app.importing import ImportFileError
from app.rules.ehandbook import PointsError

from .calendar_shared import month_name
from .import_dialog import PreviewImportDialog
from .style import set_tone
from .widgets import ErrorLabel, SectionPage, choose_file, inform

BG = {
    "below": QColor("#f6c9cc"),
    "missing": QColor("#ffe14d"),
    "not_applicable": QColor("#dcdcdc"),
}
FG_NA = QColor("#777777")
SUMMARY_BG = QColor("#eef3fb")


def points_text(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",") if i18n.language() == "vi" else text


def share_text(share: float | None) -> str:
    if share is None:
        return "—"
    text = f"{share:.1f}%"
    return text.replace(".", ",") if i18n.language() == "vi" else text


class PointsDelegate(QStyledItemDelegate):
    """Sends a typed value to the core; a refused value re-opens the editor with the text."""

    def __init__(self, grid: "PointsGrid"):
        super().__init__(grid.table)
        self.grid = grid
        self.pending: dict[tuple[int, int], str] = {}

    def createEditor(self, parent, option, index):  # noqa: N802 - Qt name
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignCenter)
        return editor

    def setEditorData(self, editor, index):  # noqa: N802 - Qt name
        key = (index.row(), index.column())
        if key in self.pending:
            editor.setText(self.pending.pop(key))
            editor.selectAll()
        else:
            editor.setText(index.data(Qt.EditRole) or "")

    def setModelData(self, editor, model, index):  # noqa: N802 - Qt name
        text = editor.text()
        if text == (index.data(Qt.EditRole) or ""):
            return
        if not self.grid.store_value(index.row(), index.column(), text):
            self.pending[(index.row(), index.column())] = text
            QTimer.singleShot(0, lambda: self.grid.reopen(index.row(), index.column()))


class PointsGrid(SectionPage, QWidget):
    """The "E-handbook points" section."""

    def __init__(self, shell=None, store=None, today: dt.date | None = None):
        super().__init__()
        self.shell = shell
        self._store = store
        self._today = today
        self.year = self.today.year
        self.grid = None
        self._filling = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        year_label = QLabel(_("&Year:"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2200)
        self.year_spin.setValue(self.year)
        year_label.setBuddy(self.year_spin)
        self.year_spin.valueChanged.connect(self.set_year)
        bar.addWidget(year_label)
        bar.addWidget(self.year_spin)
        bar.addSpacing(24)
        threshold_label = QLabel(_("Monthly &threshold (points):"))
        self.threshold = QLineEdit()
        self.threshold.setMaximumWidth(self.fontMetrics().averageCharWidth() * 10)
        threshold_label.setBuddy(self.threshold)
        self.threshold_button = QPushButton(_("&Save the threshold"))
        self.threshold_button.clicked.connect(self.save_threshold)
        self.threshold.returnPressed.connect(self.save_threshold)
        bar.addWidget(threshold_label)
        bar.addWidget(self.threshold)
        bar.addWidget(self.threshold_button)
        bar.addStretch(1)
        self.import_button = QPushButton(_("&Import from a file…"))
        self.import_button.clicked.connect(lambda: self.import_file())
        bar.addWidget(self.import_button)
        for b in (self.threshold_button, self.import_button):
            b.setAutoDefault(False)
        layout.addLayout(bar)
        self.error = ErrorLabel()
        layout.addWidget(self.error)

        self.table = QTableWidget(0, 12)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                   | QAbstractItemView.AnyKeyPressed)
        self.delegate = PointsDelegate(self)
        self.table.setItemDelegate(self.delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Stretch)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 3)
        layout.addWidget(self.table, 1)
        self.summary = QLabel()
        set_tone(self.summary, "muted")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.legend = QLabel(_("Pink: below the threshold · Yellow: missing for a month that has "
                               "ended · Grey: not counted (exempted, or not a member of the cell "
                               "for the whole month)"))
        self.legend.setWordWrap(True)
        set_tone(self.legend, "muted")
        layout.addWidget(self.legend)
        self.reload()

    def set_today(self, today: dt.date | None) -> None:
        """Fix "today" (tests, screenshots) and show its year."""
        self._today = today
        self.year = self.today.year
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(self.year)
        self.year_spin.blockSignals(False)
        self.reload()

    def set_year(self, year: int) -> None:
        self.year = year
        if self.year_spin.value() != year:
            self.year_spin.setValue(year)
        self.reload()

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.members = ehandbook.grid_members(self.store, self.year)
        self.grid = ehandbook.points_grid(self.store, self.year, self.today)
        self.threshold.setText(points_text(self.grid.threshold))
        self._fill()

    def _fill(self) -> None:
        self._filling = True
        t = self.table
        g = self.grid
        t.setRowCount(len(self.members) + 1)
        t.setVerticalHeaderLabels([m.full_name for m in self.members] + [
            _("At or above the threshold")])
        threshold = points_text(g.threshold)
        for col, summary in enumerate(g.months):
            # a short heading ("T10"), the month's name in the tooltip: twelve "Tháng 10"
            # did not fit the width in large text (cut, the last column off the edge)
            short = _("M{month}").format(month=col + 1)
            head = QTableWidgetItem(short)
            head.setToolTip(month_name(col + 1))
            if summary.incomplete:
                head.setText("⚠ " + short)
                head.setForeground(QBrush(QColor("#b35c00")))
                head.setToolTip(_("{month}: points missing for {count} members.").format(
                    month=month_name(col + 1), count=summary.missing))
            t.setHorizontalHeaderItem(col, head)
        for row, m in enumerate(self.members):
            below = []
            for col in range(12):
                cell = g.cells[(m.id, col + 1)]
                item = QTableWidgetItem(points_text(cell.points))
                item.setTextAlignment(Qt.AlignCenter)
                item.setData(Qt.UserRole, cell.status)
                if cell.status in BG:
                    item.setBackground(QBrush(BG[cell.status]))
                if cell.status == "below":
                    below.append(month_name(col + 1))
                    item.setToolTip(_("Below the threshold of {threshold} points.").format(
                        threshold=threshold))
                elif cell.status == "missing":
                    item.setToolTip(_("No points recorded for this month."))
                elif cell.status == "not_applicable":
                    item.setForeground(QBrush(FG_NA))
                    item.setToolTip(_("Not counted: exempted from party work or not a member "
                                      "of the cell for the whole month."))
                t.setItem(row, col, item)
            head = QTableWidgetItem(m.full_name)
            if below:
                head.setForeground(QBrush(QColor("#b00020")))
                font = QFont(self.font())
                font.setBold(True)
                head.setFont(font)
                head.setToolTip(_("Below the threshold in: {months}").format(
                    months=", ".join(below)))
            t.setVerticalHeaderItem(row, head)
        last = len(self.members)
        bold = QFont(self.font())
        bold.setBold(True)
        for col, s in enumerate(g.months):
            item = QTableWidgetItem(share_text(s.share) if s.applicable and s.due else "—")
            item.setFlags(Qt.ItemIsEnabled)
            item.setTextAlignment(Qt.AlignCenter)
            item.setFont(bold)
            item.setBackground(QBrush(BG["missing"] if s.incomplete else SUMMARY_BG))
            item.setToolTip(_("{ok} of {counted} members at or above {threshold} points; "
                              "{below} below, {missing} missing.").format(
                ok=s.at_or_above, counted=s.applicable, threshold=threshold, below=s.below,
                missing=s.missing))
            t.setItem(last, col, item)
        head = QTableWidgetItem(_("At or above the threshold"))
        head.setFont(bold)
        t.setVerticalHeaderItem(last, head)
        self.summary.setText(_("Year {year}: {share} of member-months (months that have ended) "
                               "at or above {threshold} points.").format(
            year=self.year, share=share_text(g.share), threshold=threshold))
        self._filling = False

    def cell_status(self, row: int, month: int) -> str:
        return self.table.item(row, month - 1).data(Qt.UserRole)

    def row_of(self, name: str) -> int:
        return next(i for i, m in enumerate(self.members) if m.full_name == name)

    def store_value(self, row: int, col: int, text: str) -> bool:
        """Record the typed points; False (and the message shown) when refused."""
        if row >= len(self.members):
            return True
        try:
            ehandbook.set_points(self.store, self.members[row].id, self.year, col + 1, text)
        except PointsError as exc:
            self.error.set_error(_("{name}, {month}: {error}").format(
                name=self.members[row].full_name, month=month_name(col + 1), error=exc))
            return False
        self.error.set_error(None)
        self.grid = ehandbook.points_grid(self.store, self.year, self.today)
        QTimer.singleShot(0, self._refill_keep_current)
        return True

    def _refill_keep_current(self) -> None:
        current = (self.table.currentRow(), self.table.currentColumn())
        self._fill()
        self.table.setCurrentCell(*current)

    def reopen(self, row: int, col: int) -> None:
        index = self.table.model().index(row, col)
        self.table.setCurrentIndex(index)
        self.table.setFocus()
        self.table.edit(index)

    def save_threshold(self) -> None:
        try:
            ehandbook.set_threshold(self.store, self.threshold.text())
        except PointsError as exc:
            self.error.set_error(str(exc))
            return
        self.error.set_error(None)
        self.reload()

    def import_file(self, path=None) -> None:
        if path is None:
            path = choose_file(self, _("Import e-handbook points"),
                               _("Points lists (*.csv *.xlsx)") + ";;" + _("All files (*)"))
        if path is None:
            return
        try:
            dialog = PointsImportDialog(self.store, path, self.year, self)
        except ImportFileError as exc:
            inform(self, _("Import e-handbook points"), str(exc), kind="warning")
            return
        if dialog.exec() and dialog.imported:
            self.reload()


class PointsImportDialog(PreviewImportDialog):
    """The preview of a points file: the rows to be written (and the values they replace) and
    every problem; nothing is written until confirmed."""

    title = N_("Import e-handbook points")
    ok_text = N_("&Import {count} values")
    row_headers = [N_("Member"), N_("Month"), N_("Points"), N_("Replaces")]

    def __init__(self, store, path, year: int, parent: QWidget | None = None):
        super().__init__(store, path, ehandbook.preview_points(store, path, year), parent)

    def row_values(self, rec) -> tuple[str, ...]:
        return (rec.member_name, f"{rec.month:02d}/{rec.year}", points_text(rec.points),
                points_text(rec.replaces))

    def commit(self) -> int:
        return ehandbook.commit_points(self.store, self.preview)
