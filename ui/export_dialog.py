"""Export the cell's finalised meetings as signed bundles for the party office (a USB stick).

Lists every finalised meeting with its export state (new, corrected since the last export,
exported on a date); the key file's passphrase is asked each time and never stored (the field
is cleared after each export).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView, QApplication, QDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QListWidget, QProgressBar, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app import meeting_docs
from app.cell import get_cell
from app.documents.keys import SigningError
from app.exchange.export import MINUTES_UNSIGNED, ExportRefused, export_meeting, export_status
from app.members import list_members
from app.i18n import N_, _

from .office import choose_folder
from .widgets import ErrorLabel, button_box, choose_file, inform, with_button

KIND_LABELS = {"regular": N_("Regular meeting"), "thematic": N_("Thematic meeting")}
STATE_COLOURS = {"new": "#fff0c2", "amended": "#fde0c8", "exported": "#cfead0"}


def state_text(state) -> str:
    if state.state == "new":
        return _("New: not sent yet")
    if state.state == "amended":
        return _("Corrected since the last export")
    day = dt.date.fromisoformat(state.exported_at[:10]).strftime("%d/%m/%Y")
    text = _("Exported on {day}").format(day=day)
    if state.office_received:
        received = dt.date.fromisoformat(state.office_received).strftime("%d/%m/%Y")
        text += " — " + _("Office received on {day}").format(day=received)
    elif state.office_rejected:
        text += " — " + state.office_rejected
    return text


class NewKeyDialog(QDialog):
    """Make the secretary's local signing key (the same as the signing window's new-key tab)."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.path: Path | None = None
        self.setWindowTitle(_("Create a new key"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        cell = get_cell(store)
        secretary = next((m.full_name for m in list_members(store)
                          if cell is not None and m.id == cell.secretary_id), "")
        self.name_edit = QLineEdit(secretary)
        form.addRow(_("Signer's full name:"), self.name_edit)
        self.file_edit = QLineEdit(str(Path.home() / "chibo-khoa-ky.p12"))
        form.addRow(_("Save the key file as:"), self.file_edit)
        self.pass_edit = QLineEdit()
        self.pass_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Passphrase:"), self.pass_edit)
        self.pass2_edit = QLineEdit()
        self.pass2_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Passphrase again:"), self.pass2_edit)
        layout.addLayout(form)
        self.error = ErrorLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        self.buttons, self.ok_button = button_box(_("&Create the key"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        passphrase = self.pass_edit.text()
        if passphrase != self.pass2_edit.text():
            self.error.set_error(_("The two passphrases are not the same."))
            return
        # A weak passphrase is refused by make_local_key (the rule's one place), said below.
        path = Path(self.file_edit.text().strip()).expanduser()
        if path.suffix.lower() not in (".p12", ".pfx"):
            path = path.with_name(path.name + ".p12")
        cell = get_cell(self.store)
        try:
            meeting_docs.make_local_key(self.store, self.name_edit.text(), path, passphrase,
                                        organisation=cell.name if cell else None)
        except (SigningError, OSError) as exc:
            self.error.set_error(str(exc))
            return
        self.path = path.resolve()
        super().accept()


def newest_key_file(store) -> str:
    """The key file made last in this data file (still on disk), to save looking for it."""
    for key in reversed(meeting_docs.local_keys(store)):
        if key.get("file") and Path(key["file"]).is_file():
            return key["file"]
    return ""


class ExportDialog(QDialog):
    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.states = []
        self.written: list[Path] = []
        self.setWindowTitle(_("Export bundles for the party office"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Each finalised meeting is exported as one signed .zip bundle. Copy "
                         "the bundles to a USB stick and give it to the party office. A "
                         "corrected meeting is exported again as a new version."))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Date"), _("Meeting"), _("Version"),
                                              _("Export state")])
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for col in (0, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.table.itemChanged.connect(lambda _i: self._update_buttons())

        form = QFormLayout()
        self.folder_edit = QLineEdit()
        self.folder_edit.setPlaceholderText(_("for example the USB stick"))
        form.addRow(_("Save the bundles in:"), with_button(
            self.folder_edit, _("Choose…"), self.choose_folder))
        self.key_edit = QLineEdit()
        self.key_edit.setPlaceholderText(_("the .p12 key file (none yet? “{button}”)").format(
            button=_("Create a &new key…").replace("&", "")))
        self.key_edit.setText(newest_key_file(store))
        key_row = with_button(self.key_edit, _("Choose…"), self.choose_key)
        self.new_key_button = QPushButton(_("Create a &new key…"))
        self.new_key_button.setAutoDefault(False)
        self.new_key_button.clicked.connect(lambda: self.create_key())
        key_row.layout().addWidget(self.new_key_button)
        form.addRow(_("Signing key file:"), key_row)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.Password)
        self.passphrase_edit.setPlaceholderText(_("asked each time, never stored"))
        form.addRow(_("Passphrase of the key:"), self.passphrase_edit)
        layout.addLayout(form)
        for edit in (self.folder_edit, self.key_edit, self.passphrase_edit):
            edit.textChanged.connect(lambda _t: self._update_buttons())

        self.progress = QProgressBar()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.written_label = QLabel(_("Bundles written:"))
        self.written_label.hide()
        layout.addWidget(self.written_label)
        self.written_list = QListWidget()
        self.written_list.hide()
        self.written_list.setMaximumHeight(self.fontMetrics().height() * 6)
        layout.addWidget(self.written_list)
        # Meetings refused because their stored minutes are not signed: said here, with the
        # signing dialog one click away (the export never signs a block itself).
        self.refused: list = []
        self.unsigned_label = ErrorLabel()
        self.unsigned_label.setWordWrap(True)
        layout.addWidget(self.unsigned_label)
        self.sign_minutes_button = QPushButton(_("Sign the minutes…"))
        self.sign_minutes_button.clicked.connect(self.sign_refused)
        self.sign_minutes_button.hide()
        layout.addWidget(self.sign_minutes_button, 0, Qt.AlignLeft)

        buttons = QHBoxLayout()
        self.selected_button = QPushButton(_("Export the ticked meetings"))
        self.selected_button.clicked.connect(lambda: self.export(self.checked_ids()))
        self.new_button = QPushButton(_("Export all new and corrected"))
        self.new_button.clicked.connect(lambda: self.export(self.new_ids()))
        self.new_button.setDefault(True)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.selected_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 120, self.fontMetrics().height() * 34)
        self.reload()

    # --- the list ----------------------------------------------------------------------------

    def reload(self) -> None:
        self.states = export_status(self.store)
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.states))
        for row, s in enumerate(self.states):
            day = dt.date.fromisoformat(s.date)
            date_item = QTableWidgetItem(day.strftime("%d/%m/%Y"))
            date_item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsUserCheckable | Qt.ItemIsSelectable)
            date_item.setCheckState(Qt.Unchecked if s.state == "exported" else Qt.Checked)
            what = _(KIND_LABELS.get(s.kind, s.kind))
            if s.number:
                what += f" — {s.number}"
            state = QTableWidgetItem(state_text(s) if s.minutes_signed or s.state == "exported"
                                     else state_text(s) + " — " + _("minutes not signed"))
            state.setBackground(QColor(STATE_COLOURS[s.state]))
            if s.file_name:
                state.setToolTip(s.file_name)
            for col, item in enumerate((date_item, QTableWidgetItem(what),
                                        QTableWidgetItem(str(s.version)), state)):
                self.table.setItem(row, col, item)
        self.table.blockSignals(False)
        self._update_buttons()

    def checked_ids(self) -> list[str]:
        return [s.meeting_id for row, s in enumerate(self.states)
                if self.table.item(row, 0).checkState() == Qt.Checked]

    def new_ids(self) -> list[str]:
        return [s.meeting_id for s in self.states if s.state != "exported"]

    def _ready(self) -> bool:
        return bool(self.folder_edit.text().strip() and self.key_edit.text().strip()
                    and self.passphrase_edit.text())

    def _update_buttons(self) -> None:
        ready = self._ready()
        self.selected_button.setEnabled(ready and bool(self.checked_ids()))
        self.new_button.setEnabled(ready and bool(self.new_ids()))

    # --- choosing -----------------------------------------------------------------------------

    def choose_folder(self) -> None:
        folder = choose_folder(self, _("Folder for the bundles"),
                               self.folder_edit.text() or str(Path.home()))
        if folder:
            self.folder_edit.setText(str(folder))

    def create_key(self) -> None:
        """A secretary without a key makes one here; its file is filled in."""
        dialog = NewKeyDialog(self.store, self)
        if dialog.exec() and dialog.path is not None:
            self.key_edit.setText(str(dialog.path))
            self.passphrase_edit.setFocus()

    def choose_key(self) -> None:
        path = choose_file(self, _("Signing key file"),
                           _("Key files (*.p12 *.pfx)") + ";;" + _("All files (*)"),
                           directory=str(Path(self.key_edit.text()).parent
                                         if self.key_edit.text() else Path.home()))
        if path:
            self.key_edit.setText(str(path))

    # --- exporting ------------------------------------------------------------------------------

    def export(self, meeting_ids: list[str]) -> list:
        from app.documents.signing import open_key_file

        if not meeting_ids or not self._ready():
            return []
        folder = Path(self.folder_edit.text().strip())
        key = Path(self.key_edit.text().strip())
        passphrase = self.passphrase_edit.text()
        self.passphrase_edit.clear()        # asked again next time
        title = _("Export bundles for the party office")
        try:
            key_file = open_key_file(key, passphrase)   # a wrong passphrase: said before any work
        except SigningError as exc:
            inform(self, title, str(exc), kind="error")
            return []
        self.progress.setMaximum(len(meeting_ids))
        self.progress.setValue(0)
        self.progress.show()
        results, refused = [], []
        try:
            for i, mid in enumerate(meeting_ids):
                self.progress.setFormat(_("{done}/{total} bundles").format(
                    done=i, total=len(meeting_ids)))
                QApplication.processEvents()
                try:
                    results.append(export_meeting(self.store, mid, folder, key_file=key_file))
                except ExportRefused as exc:
                    refused.append(exc)
                self.progress.setValue(i + 1)
        except (SigningError, ValueError, KeyError) as exc:
            inform(self, title, str(exc.args[0] if exc.args else exc), kind="error")
        except OSError as exc:
            inform(self, title, _("Cannot write to {folder}: {error}").format(
                folder=folder, error=exc.strerror or exc), kind="error")
        finally:
            passphrase = ""
        self.progress.setFormat(_("{done}/{total} bundles").format(
            done=len(results), total=len(meeting_ids)))
        self.written.extend(r.path for r in results)
        self.written_list.clear()
        self.written_list.addItems([str(p) for p in self.written])
        self.written_label.setVisible(bool(self.written))
        self.written_list.setVisible(bool(self.written))
        self._show_refused(refused)
        self.reload()
        return results

    def _show_refused(self, refused: list) -> None:
        # Every refusal is said; the signing dialog is offered only for unsigned minutes (a
        # refused certificate is not mended by signing).
        self.refused = [r for r in refused if r.code == MINUTES_UNSIGNED]
        if refused:
            text = "\n".join(str(r) for r in refused)
            self.unsigned_label.set_error(
                _("Not exported:") + "\n" + text)
        else:
            self.unsigned_label.set_error(None)
        self.sign_minutes_button.setVisible(bool(self.refused))

    def sign_refused(self) -> dict | None:
        """Open the signing dialog on the first refused meeting's minutes, in the block the
        refusal names; after a signature the meeting can be exported again."""
        from .documents.signing_dialog import sign_document

        if not self.refused:
            return None
        first = self.refused[0]
        try:
            row = sign_document(self, self.store, first.params["document_id"],
                                slot=first.params.get("slot"))
        except ValueError as exc:
            inform(self, _("Sign"), str(exc), kind="error")
            return None
        if row is not None:
            self._show_refused(self.refused[1:])
            self.reload()
        return row
