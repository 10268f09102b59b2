"""Importing a CSV/XLSX file (members, e-handbook points): a preview of what will be written
and of each row's problems; nothing is written until the user confirms."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _
from app.importing import ImportPreview, commit_members, preview_members

from .member_status import status_text
from .widgets import button_box, format_ddmmyyyy


def _table(headers: list[str], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setWordWrap(True)
    for i, values in enumerate(rows):
        for col, value in enumerate(values):
            table.setItem(i, col, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setStretchLastSection(True)
    table.resizeRowsToContents()
    return table


class PreviewImportDialog(QDialog):
    """The shared preview: a summary, optionally the rows to be written, the problems, and an
    Import button. Subclasses give the preview, the texts and ``commit``. Raises
    ImportFileError (from the preview) when the file cannot be read at all."""

    title = ""
    ok_text = ""            # with {count}
    row_headers: list[str] = []

    def __init__(self, store, path: str | Path, preview: ImportPreview,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.preview = preview
        self.imported = 0
        self.setWindowTitle(_(self.title))
        layout = QVBoxLayout(self)
        total, valid = len(preview.rows), len(preview.valid)
        self.summary = QLabel(_(
            "{file}: {total} rows read, {valid} can be imported, {bad} have problems "
            "(listed below; they will be skipped). Nothing is written until you confirm.")
            .format(file=Path(path).name, total=total, valid=valid, bad=total - valid))
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        notes = []
        if preview.converted_from:
            notes.append(_("The file was written in the old {encoding} encoding: its text has "
                           "been converted to Unicode; check the names below before importing.")
                         .format(encoding=preview.converted_from))
        if preview.unknown_columns:
            notes.append(_("Columns not read (chibo has no field for them): {columns}.").format(
                columns=", ".join(f"“{c}”" for c in preview.unknown_columns)))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))
        layout.addWidget(self.notes)
        if self.row_headers:
            self.rows_table = _table([_(h) for h in self.row_headers],
                                     [self.row_values(r.record) for r in preview.valid])
            layout.addWidget(QLabel(_("Rows to import:")))
            layout.addWidget(self.rows_table, 1)
        problems = preview.problems
        self.table = _table([_("Row"), _("Column"), _("Problem")],
                            [(str(p.row), p.column, p.reason) for p in problems])
        if problems:
            if self.row_headers:
                layout.addWidget(QLabel(_("Problems:")))
            layout.addWidget(self.table, 1)
        else:
            self.table.hide()
            layout.addWidget(QLabel(_("No problems found.")))
            if not self.row_headers:
                layout.addStretch(1)
        self.buttons, self.ok_button = button_box(_(self.ok_text).format(count=valid))
        self.ok_button.setEnabled(valid > 0)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 110,
                    self.fontMetrics().height() * (28 if self.row_headers else 24))

    def row_values(self, record) -> tuple[str, ...]:
        return ()

    def commit(self) -> int:
        raise NotImplementedError

    def accept(self) -> None:
        self.imported = self.commit()
        super().accept()


class ImportDialog(PreviewImportDialog):
    """Members from CSV/XLSX."""

    title = N_("Import members")
    ok_text = N_("&Import {count} members")
    row_headers = [N_("Full name"), N_("Date of birth"), N_("Status as it will be stored")]

    def __init__(self, store, path: str | Path, parent: QWidget | None = None):
        super().__init__(store, path, preview_members(store, path), parent)

    def row_values(self, record) -> tuple[str, ...]:
        return (record.full_name, format_ddmmyyyy(record.birth_date),
                status_text(record, dt.date.today())[0])

    def commit(self) -> int:
        return commit_members(self.store, self.preview)
