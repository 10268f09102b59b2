"""Importing members from CSV/XLSX: a preview of each row's problems, nothing written until
the user confirms."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.importing import commit_members, preview_members

from .widgets import button_box


class ImportDialog(QDialog):
    """Raises ImportFileError (from the preview) when the file cannot be read at all."""

    def __init__(self, store, path: str | Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.preview = preview_members(store, path)
        self.imported = 0
        self.setWindowTitle(_("Import members"))
        layout = QVBoxLayout(self)
        total, valid = len(self.preview.rows), len(self.preview.valid)
        self.summary = QLabel(_(
            "{file}: {total} rows read, {valid} can be imported, {bad} have problems "
            "(listed below; they will be skipped). Nothing is written until you confirm.")
            .format(file=Path(path).name, total=total, valid=valid, bad=total - valid))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)

        problems = self.preview.problems
        self.table = QTableWidget(len(problems), 3)
        self.table.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        for i, p in enumerate(problems):
            for col, value in enumerate((str(p.row), p.column, p.reason)):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.table.resizeRowsToContents()
        self.table.setVisible(bool(problems))
        layout.addWidget(self.table, 1)
        if not problems:
            layout.addWidget(QLabel(_("No problems found.")))
            layout.addStretch(1)

        self.buttons, self.ok_button = button_box(
            _("&Import {count} members").format(count=valid))
        self.ok_button.setEnabled(valid > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 110,
                    self.fontMetrics().height() * 24)

    def accept(self) -> None:
        self.imported = commit_members(self.store, self.preview)
        super().accept()
