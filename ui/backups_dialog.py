"""The backups of the open data file: back up now, or restore one (after confirmation)."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
    QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services.store import REASONS, backup_dir, backup_now, list_backups, restore

from .widgets import confirm, inform

def size_text(size: int) -> str:
    return _("{size} KB").format(size=max(1, round(size / 1024)))


class BackupsDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.restored = False
        self.setWindowTitle(_("Backups"))
        layout = QVBoxLayout(self)
        info = QLabel(_("Backups of {file} are kept in {folder} (7 daily, 4 weekly, 12 monthly).")
                      .format(file=store.path.name, folder=backup_dir(store.path)))
        info.setWordWrap(True)
        layout.addWidget(info)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Made on"), _("Why"), _("Size")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.buttons = QDialogButtonBox()
        self.backup_button = self.buttons.addButton(_("&Back up now"),
                                                    QDialogButtonBox.ActionRole)
        self.restore_button = self.buttons.addButton(_("&Restore the selected backup…"),
                                                     QDialogButtonBox.ActionRole)
        close = self.buttons.addButton(_("&Close"), QDialogButtonBox.RejectRole)
        close.setAutoDefault(False)
        self.backup_button.clicked.connect(self.backup)
        self.restore_button.clicked.connect(self.restore_selected)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.resize(self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 22)
        self.load()

    def load(self) -> None:
        self.backups = list_backups(self.store.path)
        self.table.setRowCount(len(self.backups))
        for row, b in enumerate(self.backups):
            reason = REASONS.get(b.reason)
            values = (b.created.strftime("%d/%m/%Y %H:%M:%S"), _(reason) if reason else _("Other ({reason})").format(reason=b.reason),
                      size_text(b.size))
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        if self.backups:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def backup(self) -> None:
        try:
            backup_now(self.store, reason="manual")
        except OSError as exc:
            inform(self, _("Backups"), _("The backup failed: {error}").format(error=exc),
                   kind="error")
        self.load()

    def restore_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        b = self.backups[rows[0].row()]
        when = b.created.strftime("%d/%m/%Y %H:%M")
        if not confirm(self, _("Restore a backup"), _(
                "Replace all the data in {file} with the backup made on {when}? The current "
                "data is backed up first, so this can be undone.").format(
                    file=self.store.path.name, when=when), _("&Restore"), kind="warning"):
            return
        try:
            restore(self.store, b.path)
        except ValueError as exc:
            inform(self, _("Restore a backup"), str(exc), kind="error")
            return
        self.restored = True
        inform(self, _("Restore a backup"),
               _("The data of {when} was restored.").format(when=when))
        self.accept()
