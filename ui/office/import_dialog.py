"""Importing a folder of bundles at the office: the clerk confirms a new (or changed) signer
certificate by its fingerprint, and the results are listed one row per bundle, colour-coded."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QDialog, QHeaderView, QLabel, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.i18n import N_, _, ngettext

from ..widgets import button_box, fingerprint_text

STATUS_LABELS = {"imported": N_("Imported"), "duplicate": N_("Already in (duplicate)"),
                 "superseded": N_("New version (superseded)"), "rejected": N_("Rejected")}
STATUS_COLOURS = {"imported": "#cfead0", "duplicate": "#e8e8e8", "superseded": "#d6e6f7",
                  "rejected": "#f6c9c9"}


def grouped_fingerprint(fingerprint: str, per_line: int = 8) -> str:
    """The fingerprint as every dialog shows it (``widgets.fingerprint_text``)."""
    return fingerprint_text(fingerprint, per_line)


class FingerprintDialog(QDialog):
    """Trust a cell's certificate? Shows the cell's name and the fingerprint in groups.

    A changed key of a known cell (``question.kind == "changed"``, decided by the cell's id in
    the core) is a louder decision: a red warning, the keys on record, and the trust button
    stays disabled until the clerk ticks that the cell told them about the new key."""

    def __init__(self, cell_name: str, fingerprint: str, *, changed: bool = False,
                 question=None, parent: QWidget | None = None):
        super().__init__(parent)
        if question is not None:
            changed = question.kind == "changed"
            cell_name = question.known_name if changed and question.known_name else cell_name
        self.cell_name, self.fingerprint, self.changed = cell_name, fingerprint, changed
        self.setWindowTitle(_("The cell's certificate has CHANGED") if changed
                            else _("Confirm the cell's certificate"))
        layout = QVBoxLayout(self)
        self.warning_label = None
        if changed:
            self.warning_label = QLabel(_("WARNING: a known cell arrives with another signing "
                                          "key."))
            self.warning_label.setWordWrap(True)
            self.warning_label.setFont(_bold(self.font(), 1.3))
            self.warning_label.setStyleSheet("color: #b00020;")
            layout.addWidget(self.warning_label)
        intro = QLabel(
            _("The signing certificate of this cell has changed. Trust the new one only if the "
              "cell told you about the change.") if changed else
            _("This is the first bundle from this cell. Trust its signing certificate only if "
              "the fingerprint below is the one the cell secretary gave you."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.name_label = QLabel(cell_name)
        self.name_label.setFont(_bold(self.font(), 1.15))
        self.name_label.setTextFormat(Qt.PlainText)
        layout.addWidget(self.name_label)
        notes = []
        if question is not None:
            notes.append(_("Cell id: {id}").format(id=question.cell_id))
            if changed:
                notes += [_("Key on record: {fingerprint}").format(
                    fingerprint=grouped_fingerprint(fp, 16)) for fp in question.known_fingerprints]
                if question.cell_name != cell_name:
                    notes.append(_("The bundle now calls the cell: {name}").format(
                        name=question.cell_name))
            if question.lookalikes:
                notes.append(_("Its name looks like another cell's: {names}").format(
                    names=", ".join(question.lookalikes)))
            if question.rivals:
                notes.append(_("{count} other keys claim this cell in this folder").format(
                    count=question.rivals))
        self.notes_label = QLabel("\n".join(notes))
        self.notes_label.setTextFormat(Qt.PlainText)
        self.notes_label.setWordWrap(True)
        if notes:
            layout.addWidget(self.notes_label)
        layout.addWidget(QLabel(_("New SHA-256 fingerprint:") if changed
                                else _("SHA-256 fingerprint:")))
        self.fingerprint_label = QLabel(grouped_fingerprint(fingerprint))
        mono = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.15)
        self.fingerprint_label.setFont(mono)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.fingerprint_label.setStyleSheet("padding: 6px; background: palette(base);")
        layout.addWidget(self.fingerprint_label)
        hint = QLabel(_("Compare every group, for example by telephone. A bundle whose "
                        "certificate you refuse is rejected and nothing of it is kept."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.told_box = None
        if changed:
            self.told_box = QCheckBox(_("The cell told me it has a new key, and every group "
                                        "above matches what they said"))
            layout.addWidget(self.told_box)
        box, self.trust_button = button_box(
            _("Trust the NEW certificate") if changed else _("Trust this certificate"),
            _("Refuse"))
        if self.told_box is not None:
            self.trust_button.setEnabled(False)
            self.told_box.toggled.connect(self.trust_button.setEnabled)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        layout.addWidget(box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)


def _bold(font: QFont, scale: float = 1.0) -> QFont:
    font = QFont(font)
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * scale)
    return font


class ResultsTable(QTableWidget):
    """One row per bundle: file, cell, result, details."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(0, 4, parent)
        self.results = []
        self.setHorizontalHeaderLabels([_("Bundle file"), _("Cell"), _("Result"), _("Details")])
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.setWordWrap(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        char = self.fontMetrics().averageCharWidth()
        self.setColumnWidth(1, char * 30)

    def set_results(self, results) -> None:
        self.results = list(results)
        self.setRowCount(len(self.results))
        for row, r in enumerate(self.results):
            details = r.reason
            if r.new_certificate:
                note = _("new certificate trusted: SHA-256 {fingerprint}").format(
                    fingerprint=fingerprint_text(r.fingerprint, per_line=0))
                details = f"{details}; {note}" if details else note
            for warning in r.warnings:   # a signer who is not the printed name: flagged
                note = _("Warning: {problem}").format(problem=warning)
                details = f"{details}; {note}" if details else note
            values = [r.path.name, r.cell_name or "", _(STATUS_LABELS[r.status]), details]
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if column == 2:
                    item.setBackground(QColor(STATUS_COLOURS[r.status]))
                    item.setFont(_bold(self.font()))
                self.setItem(row, column, item)
        self.resizeRowsToContents()

    def statuses(self) -> list[str]:
        return [r.status for r in self.results]


def summary_text(results) -> str:
    counts = {s: sum(r.status == s for r in results) for s in STATUS_LABELS}
    parts = [ngettext("{n} bundle imported", "{n} bundles imported", counts["imported"]),
             ngettext("{n} new version", "{n} new versions", counts["superseded"]),
             ngettext("{n} already in", "{n} already in", counts["duplicate"]),
             ngettext("{n} rejected", "{n} rejected", counts["rejected"])]
    values = [counts["imported"], counts["superseded"], counts["duplicate"], counts["rejected"]]
    text = ", ".join(p.format(n=v) for p, v in zip(parts, values)) + "."
    clashes = sum(bool(r.id_clashes) for r in results)
    if clashes:
        text += " " + ngettext(
            "Warning: {n} bundle brings a meeting id another cell already has (both are kept, "
            "each under its own cell; see the details).",
            "Warning: {n} bundles bring a meeting id another cell already has (both are kept, "
            "each under its own cell; see the details).", clashes).format(n=clashes)
    return text
