"""The office's trust decisions (trusted, refused, retired, revoked) as a table, exportable
as CSV; the log is ``app.exchange.ca_trust``'s."""
from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.exchange import ca_trust
from app.i18n import N_, _

from ..style import set_tone
from ..widgets import choose_file, inform

DECISION_LABELS = {"trusted": N_("trusted"), "refused": N_("refused"), "retired": N_("retired"),
                   "revoked": N_("revoked")}
SOURCE_LABELS = {"key": N_("cell's key"), "ca": N_("certificate authority"),
                 "bundle": N_("bundle check")}


class DecisionsView(QWidget):
    COLUMNS = (N_("When"), N_("Decision"), N_("Cell"), N_("Trusted by"), N_("Bundle"),
               N_("Reason"))

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = None
        self.rows: list[dict] = []
        layout = QVBoxLayout(self)
        hint = QLabel(_("Every decision the office made on a bundle's signer: trusted, refused, "
                        "retired key or revoked certificate."))
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        layout.addWidget(hint)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(5, QHeaderView.Stretch)
        layout.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.export_button = QPushButton(_("Export as CSV…"))
        self.export_button.clicked.connect(self.export_csv)
        row.addWidget(self.export_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.reload()

    def set_office(self, office) -> None:
        self.office = office
        self.reload()

    def reload(self) -> None:
        self.rows = list(reversed(ca_trust.decisions(self.office))) if self.office else []
        self.table.setRowCount(len(self.rows))
        for i, r in enumerate(self.rows):
            values = (r["at"][:16].replace("T", " "),
                      _(DECISION_LABELS.get(r["decision"], r["decision"])),
                      r["cell_name"] or r["cell_id"] or "",
                      _(SOURCE_LABELS.get(r["source"], r["source"] or "")),
                      r["bundle"] or "", r["reason"] or "")
            for col, value in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(value))
        self.export_button.setEnabled(bool(self.rows))

    def export_csv(self):
        if self.office is None:
            return None
        path = choose_file(self, _("Export the decisions"), _("CSV files (*.csv)"),
                           directory="quyet-dinh-tin-cay.csv", accept=_("Save"), may_create=True)
        if path is None:
            return None
        if path.suffix.lower() != ".csv":
            path = path.with_name(path.name + ".csv")
        try:
            path.write_text(ca_trust.decisions_csv(self.office), encoding="utf-8")
        except OSError as exc:
            inform(self, _("Export the decisions"), _("Cannot write {path}: {error}").format(
                path=path, error=exc.strerror or exc), kind="error")
            return None
        return path
