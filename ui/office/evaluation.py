"""The model-cell evaluation shown as a table (criterion, evidence, met or not) with the overall
result, saved as the Party-format PDF report or as XLSX. Used by the office console (a cell of
the office's records) and by the cell itself (its own year, ``CellEvaluationDialog``)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSpinBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.exchange.bundle import slug
from app.exchange.office import evaluate_cell, list_cells
from app.exchange.report import evaluate_own_year, write_pdf, write_xlsx
from app.exchange.office_profile import get_profile, report_arguments
from app.i18n import _
from app.rules.model_cell import source_label

from ..style import set_tone
from ..widgets import choose_file, close_bar, inform

MET_COLOUR, NOT_MET_COLOUR = "#cfead0", "#f6c9c9"


class _RowsFitTable(QTableWidget):
    """Rows as tall as their wrapped evidence at the current width."""

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        # After the header has stretched the evidence column to the new width.
        QTimer.singleShot(0, self.resizeRowsToContents)


class EvaluationView(QWidget):
    """Shows what ``evaluate(lang)`` returns; the files are written from the Vietnamese
    evaluation (Party documents are always Vietnamese) with ``report_args`` for ``write_pdf``."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.evaluate: Callable | None = None
        self.report_args: dict = {}
        self.evaluation = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.setTextFormat(Qt.PlainText)
        layout.addWidget(self.verdict)
        self.table = _RowsFitTable(0, 3)
        self.table.setHorizontalHeaderLabels([_("Criterion"), _("Evidence from the records"),
                                              _("Result")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.table.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 34)
        layout.addWidget(self.table, 1)
        # The seed's member criteria (2 general + 1 specific by unit type), one row each.
        self.members_label = QLabel(_("Members: 2 general criteria and 1 specific by unit type"))
        layout.addWidget(self.members_label)
        self.members = _RowsFitTable(0, 4)
        self.members.setHorizontalHeaderLabels([_("Member"), _("Criterion"),
                                                _("Evidence from the records"), _("Result")])
        self.members.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.members.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.members.setWordWrap(True)
        self.members.verticalHeader().hide()
        header = self.members.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        self.members.setColumnWidth(1, self.fontMetrics().averageCharWidth() * 30)
        layout.addWidget(self.members, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.pdf_button = QPushButton(_("Save as PDF…"))
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button = QPushButton(_("Save as Excel (XLSX)…"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.xlsx_button)
        layout.addLayout(buttons)
        self._set_enabled(False)

    def _set_enabled(self, on: bool) -> None:
        self.pdf_button.setEnabled(on)
        self.xlsx_button.setEnabled(on)

    def set_source(self, evaluate: Callable | None, report_args=None) -> None:
        """``report_args``: keyword arguments of ``write_pdf``, or a function of the
        Vietnamese evaluation returning them."""
        self.evaluate, self.report_args = evaluate, report_args or {}
        self.refresh()

    def refresh(self) -> None:
        self.evaluation = self.evaluate(None) if self.evaluate else None
        e = self.evaluation
        self._set_enabled(e is not None)
        self.table.setRowCount(0 if e is None else len(e.criteria))
        member_rows = [] if e is None else [(m, c) for m in getattr(e, "members", [])
                                            for c in m.criteria]
        self.members.setRowCount(len(member_rows))
        self.members_label.setVisible(bool(member_rows))
        self.members.setVisible(bool(member_rows))
        if e is None:
            self.verdict.setText("")
            return
        met = sum(c.met for c in e.criteria)
        name = e.cell.get("name", "")
        self.verdict.setText(
            (_("{cell}, {year}: meets the model-cell criteria ({met}/{total}).") if e.met else
             _("{cell}, {year}: does not meet every model-cell criterion ({met}/{total} met)."))
            .format(cell=name, year=e.year, met=met, total=len(e.criteria)))
        self.verdict.setStyleSheet(
            f"font-weight: bold; padding: 6px; background: "
            f"{MET_COLOUR if e.met else NOT_MET_COLOUR};")
        for row, c in enumerate(e.criteria):
            result = QTableWidgetItem(("✓ " + _("Met")) if c.met else ("✗ " + _("Not met")))
            result.setBackground(QColor(MET_COLOUR if c.met else NOT_MET_COLOUR))
            name = QTableWidgetItem(c.name)
            for col, item in enumerate((name, QTableWidgetItem(c.evidence), result)):
                item.setToolTip(item.text())
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
                self.table.setItem(row, col, item)
            name.setToolTip(c.name + "\n" + _("Source: {source}").format(
                source=source_label(c.source)))
        self.table.resizeRowsToContents()
        for row, (m, c) in enumerate(member_rows):
            result = QTableWidgetItem(("✓ " + _("Met")) if c.met else ("✗ " + _("Not met")))
            result.setBackground(QColor(MET_COLOUR if c.met else NOT_MET_COLOUR))
            for col, item in enumerate((QTableWidgetItem(m.name), QTableWidgetItem(c.name),
                                        QTableWidgetItem(c.evidence), result)):
                item.setToolTip(item.text())
                item.setTextAlignment(Qt.AlignLeft | Qt.AlignTop)
                self.members.setItem(row, col, item)
        self.members.resizeRowsToContents()

    def default_name(self, suffix: str) -> str:
        e = self.evaluation
        return f"danh-gia-chi-bo-kieu-mau_{slug(e.cell.get('name', ''), 40)}_{e.year}.{suffix}"

    def save(self, kind: str) -> Path | None:
        if self.evaluation is None:
            return None
        name_filter = _("PDF files (*.pdf)") if kind == "pdf" else _("Excel files (*.xlsx)")
        path = choose_file(self, _("Save the evaluation as"), name_filter,
                           directory=str(Path.home() / self.default_name(kind)),
                           accept=_("Save"), may_create=True)
        if path is None:
            return None
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        vi = self.evaluate("vi")
        try:
            if kind == "pdf":
                args = (self.report_args(vi) if callable(self.report_args)
                        else self.report_args)
                write_pdf([vi], path, year=vi.year, **args)
            else:
                write_xlsx([vi], path)
        except OSError as exc:
            inform(self, _("Save the evaluation as"), _("Cannot write {path}: {error}").format(
                path=path, error=exc.strerror or exc), kind="error")
            return None
        inform(self, _("Save the evaluation as"), _("Saved to {path}.").format(path=path))
        return path


def year_box(year: int | None = None) -> QSpinBox:
    box = QSpinBox()
    box.setRange(2000, 2100)
    box.setValue(year or dt.date.today().year)
    box.setKeyboardTracking(False)
    return box


class OfficeEvaluation(QWidget):
    """The office's view: choose a cell of its records and a year."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = None
        self.today: dt.date | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Cell:")))
        self.cell_box = QComboBox()
        self.cell_box.setMinimumContentsLength(36)
        bar.addWidget(self.cell_box, 1)
        bar.addSpacing(16)
        bar.addWidget(QLabel(_("Year:")))
        self.year_box = year_box()
        bar.addWidget(self.year_box)
        layout.addLayout(bar)
        self.view = EvaluationView()
        layout.addWidget(self.view, 1)
        self.cell_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_box.valueChanged.connect(lambda _v: self.refresh())

    def set_office(self, office) -> None:
        self.office = office
        current = self.cell_box.currentData()
        self.cells = list_cells(office) if office is not None else []
        self.cell_box.blockSignals(True)
        self.cell_box.clear()
        for c in self.cells:
            self.cell_box.addItem(c["name"], c["id"])
        index = self.cell_box.findData(current)
        self.cell_box.setCurrentIndex(max(index, 0) if self.cells else -1)
        self.cell_box.blockSignals(False)
        self.refresh()

    def select_cell(self, cell_id: str) -> None:
        self.cell_box.setCurrentIndex(self.cell_box.findData(cell_id))

    def refresh(self) -> None:
        cell_id, year = self.cell_box.currentData(), self.year_box.value()
        if self.office is None or not cell_id:
            self.view.set_source(None)
            return
        office, today = self.office, self.today or dt.date.today()

        def evaluate(lang):
            return evaluate_cell(office, cell_id, year, today=today, lang=lang)

        self.view.set_source(evaluate, report_arguments(get_profile(office)))


class CellEvaluationDialog(QDialog):
    """The cell's own year, from its database (``evaluate_own_year``)."""

    def __init__(self, store, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        self.store = store
        self.today = today
        self.setWindowTitle(_("Model-cell evaluation"))
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Year:")))
        self.year_box = year_box((today or dt.date.today()).year)
        bar.addWidget(self.year_box)
        note = QLabel(_("The same rules the party office applies to the records you send."))
        set_tone(note, "muted")
        bar.addSpacing(16)
        bar.addWidget(note, 1)
        layout.addLayout(bar)
        self.view = EvaluationView()
        layout.addWidget(self.view, 1)
        close_bar(self)
        self.year_box.valueChanged.connect(lambda _v: self.refresh())
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 150, self.fontMetrics().height() * 36)
        self.refresh()

    def refresh(self) -> None:
        store, year, today = self.store, self.year_box.value(), self.today or dt.date.today()

        def evaluate(lang):
            return evaluate_own_year(store, year, today=today, lang=lang)

        # As ``chibo report``: the cell issues it, its secretary signs.
        self.view.set_source(evaluate, lambda vi: {
            "issuer": vi.cell, "sign_lines": None, "signer_name": vi.cell.get("secretary")})
