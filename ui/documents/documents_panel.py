"""A meeting's documents: the stored minutes/resolution/topic with preview, print, sign, save,
verify; and the draft minutes (marked "DỰ THẢO") of a meeting not finalised yet.

API for the meetings wizard and the meetings view (everything else here is internal):

``open_documents(parent, shell_or_store, meeting_id) -> DocumentsDialog``
    Shows the meeting's documents in a dialog (modal; returns after it is closed). Accepts the
    shell (``shell.store`` is used) or the store itself.

``print_minutes_now(parent, store, meeting_id) -> int | None``
    For the read-back step ("the minutes are printed and signed by hand on the spot"): opens
    the minutes' preview with the system's print dialog straight away. A finalised meeting
    prints its stored minutes (the newest, signed copy if there is one); a draft prints the
    minutes rendered now, with the "DỰ THẢO" mark. Returns the pages printed, or None when
    nothing was printed. The preview stays open after printing until it is closed.

``DocumentsPanel(store, meeting_id)``: the same list as a widget to embed in a page;
``reload()`` re-reads it (e.g. after the meeting was finalised).
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app import handbook_pack, meeting_docs, meetings, numbering
from app.documents.keys import SigningError
from app.i18n import N_, _

from .. import widgets
from ..style import set_tone
from ..widgets import close_bar, inform
from .preview import PreviewDialog, save_pdf_as
from .printing import print_with_dialog
from .signing_dialog import format_when

KIND_LABELS = {"minutes": N_("Minutes"), "resolution": N_("Resolution"),
               "conclusion": N_("Conclusion"), "topic": N_("Topic document"),
               "plan": N_("Thematic meeting plan")}


def _kind_label(row: dict, record: dict | None) -> str:
    kind = row["kind"]
    if kind == "resolution" and record and meeting_docs.resolution_code(record) == "KL":
        kind = "conclusion"
    return _(KIND_LABELS.get(kind, kind))


class DocumentsPanel(QWidget):
    COLUMNS = (N_("Document"), N_("Number"), N_("Version"), N_("Signed by"), N_("Date"),
               N_("Status"))

    def __init__(self, store, meeting_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.meeting_id = meeting_id
        self.rows: list[dict] = []
        self.record: dict = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.PlainText)
        layout.addWidget(self.title)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in self.COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _i: self.preview())
        layout.addWidget(self.table, 1)
        self.empty_label = QLabel()
        set_tone(self.empty_label, "muted")
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        buttons = QHBoxLayout()
        self.draft_button = QPushButton(_("Preview the draft minutes"))
        self.draft_button.clicked.connect(self.preview_draft)
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_selected)
        self.sign_button = QPushButton(_("Sign…"))
        self.sign_button.clicked.connect(self.sign)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        self.verify_button = QPushButton(_("Check signatures"))
        self.verify_button.clicked.connect(self.verify)
        self.register_button = QPushButton(_("Number register"))
        self.register_button.clicked.connect(self.show_register)
        self.handbook_button = QPushButton(_("For the Sổ tay…"))
        self.handbook_button.setToolTip(_(
            "Write the files to upload to the Sổ tay đảng viên điện tử into a folder (agenda and "
            "materials before the meeting; final minutes and resolution after it) and record "
            "today as the upload"))
        self.handbook_button.clicked.connect(self.handbook_pack)
        for button in (self.draft_button, self.preview_button, self.print_button,
                       self.sign_button, self.save_button, self.verify_button,
                       self.register_button, self.handbook_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.reload()

    # --- data ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.record = meetings.meeting_record(self.store, self.meeting_id)
        self.rows = list(reversed(meeting_docs.documents_for(self.store, self.meeting_id)))
        self.rows.sort(key=lambda r: (not r["current"],))      # current copies first
        kind = _("Thematic meeting") if self.record["kind"] == "thematic" else _("Regular meeting")
        status = (_("finalised") if self.record["status"] == "finalised" else _("draft"))
        version = int(self.record.get("version") or 1)
        title = _("{kind} of {date} ({status})").format(
            kind=kind, date=format_when(self.record["date"]), status=status)
        if version > 1:
            title += " — " + _("correction {n}").format(n=version - 1)
        self.title.setText(title)
        self.table.setRowCount(len(self.rows))
        for i, row in enumerate(self.rows):
            signer = row["signer"] or ""
            if row["signer"] and row["signer_role"]:
                signer = f"{row['signer']} ({row['signer_role']})"
            values = (_kind_label(row, self.record), row["number"] or "",
                      str(row["version"] or 1), signer or _("not signed"),
                      format_when(row["signed_at"] or row["created_at"]),
                      _("current") if row["current"] else _("superseded by a signed copy"))
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if not row["current"]:
                    item.setForeground(Qt.gray)
                self.table.setItem(i, col, item)
        draft = self.record["status"] != "finalised"
        self.draft_button.setVisible(draft)
        if not self.rows:
            self.empty_label.setText(
                _("A draft meeting has no stored documents yet: they are made when the meeting "
                  "is finalised. The draft minutes can be previewed and printed.")
                if draft else _("This meeting has no stored document."))
        self.empty_label.setVisible(not self.rows)
        if self.rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> dict | None:
        rows = self.table.selectionModel().selectedRows()
        return self.rows[rows[0].row()] if rows else None

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.preview_button, self.print_button, self.save_button,
                       self.verify_button):
            button.setEnabled(row is not None)
        self.verify_button.setEnabled(bool(row and row["signed"]))
        superseded = self._superseded()
        self.sign_button.setEnabled(bool(row and row["current"] and not superseded
                                         and self.record["status"] == "finalised"))

    def _superseded(self) -> bool:
        return meeting_superseded(self.store, self.meeting_id)

    def _bytes(self, row: dict) -> bytes | None:
        return _document_bytes(self, self.store, row)

    # --- actions ------------------------------------------------------------------------

    def preview_dialog(self, row: dict | None = None) -> PreviewDialog | None:
        """The preview of a stored document (not shown yet)."""
        row = row or self.selected()
        return stored_preview(self, self.store, row, self.record,
                              on_signed=lambda _row: self.reload()) if row else None

    def preview(self) -> PreviewDialog | None:
        dialog = self.preview_dialog()
        if dialog is not None:
            dialog.exec()
        return dialog

    def draft_preview_dialog(self) -> PreviewDialog | None:
        return draft_preview(self, self.store, self.meeting_id)

    def preview_draft(self) -> PreviewDialog | None:
        dialog = self.draft_preview_dialog()
        if dialog is not None:
            dialog.exec()
        return dialog

    def handbook_pack(self) -> handbook_pack.Pack | None:
        """Ask for a folder, write the meeting's Sổ tay files there and record the upload
        (before the meeting for a draft, after it for a finalised one)."""
        phase = "after" if self.record["status"] == "finalised" else "before"
        folder = choose_folder(self, _("Folder for the Sổ tay files"))
        if folder is None:
            return None
        try:
            pack = handbook_pack.write_pack(self.store, self.meeting_id, folder, phase)
        except handbook_pack.PackError as exc:
            inform(self, _("Sổ tay đảng viên điện tử"), exc.message(), kind="error")
            return None
        text = _("Written to {folder}:").format(folder=folder) + "\n" + "\n".join(
            p.name for p in pack.files)
        if pack.recorded:
            text += "\n\n" + _("Recorded as put on the Sổ tay on {day}.").format(
                day=pack.recorded.strftime("%d/%m/%Y"))
        inform(self, _("Sổ tay đảng viên điện tử"), text)
        self.reload()
        return pack

    def print_selected(self) -> int | None:
        row = self.selected()
        data = self._bytes(row) if row else None
        return print_with_dialog(self, data, row["name"]) if data else None

    def save_as(self):
        row = self.selected()
        data = self._bytes(row) if row else None
        return save_pdf_as(self, data, row["name"]) if data else None

    def sign(self) -> dict | None:
        row = self.selected()
        signed = sign_stored(self, self.store, row) if row else None
        if signed:
            self.reload()
        return signed

    def show_register(self) -> RegisterDialog:
        dialog = RegisterDialog(self.store, self)
        dialog.open()
        return dialog

    def verify(self):
        from .verify_dialog import VerifyDialog

        row = self.selected()
        data = self._bytes(row) if row else None
        if data is None:
            return None
        dialog = VerifyDialog(self, self.store)
        dialog.check(data, row["name"])
        dialog.exec()
        return dialog


class RegisterDialog(QDialog):
    """The register of the document numbers issued (per type, from 01 per committee term)."""

    def __init__(self, store, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Number register"))
        layout = QVBoxLayout(self)
        rows = numbering.register(store)
        self.table = QTableWidget(len(rows), 4)
        self.table.setHorizontalHeaderLabels([_("Number"), _("Date"), _("Term"), _("Meeting")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        kinds = {"regular": _("regular"), "thematic": _("thematic")}
        for r, row in enumerate(rows):
            day = row["day"] or ""
            shown = f"{day[8:10]}/{day[5:7]}/{day[:4]}" if len(day) >= 10 else day
            term = row["term"]
            term = f"{term[8:10]}/{term[5:7]}/{term[:4]}" if len(term) >= 10 else term
            for c, value in enumerate((row["number"], shown, term,
                                       kinds.get(row["subject"] or "", row["subject"] or ""))):
                self.table.setItem(r, c, QTableWidgetItem(value))
        layout.addWidget(self.table, 1)
        self.empty = QLabel(_("No document number has been issued yet."))
        self.empty.setVisible(not rows)
        layout.addWidget(self.empty)
        close_bar(self)


def choose_folder(parent: QWidget | None, title: str):
    """A folder (``widgets.file_hook`` answers in tests); None when cancelled."""
    if widgets.file_hook is not None:
        chosen = widgets.file_hook(title, "")
        return Path(chosen) if chosen else None
    dialog = QFileDialog(parent, title)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.Directory)
    dialog.setOption(QFileDialog.ShowDirsOnly)
    dialog.setLabelText(QFileDialog.Accept, _("Choose"))
    dialog.setLabelText(QFileDialog.Reject, _("Cancel"))
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None


def meeting_superseded(store, meeting_id: str) -> bool:
    """True when a correction (a newer version) of the meeting exists."""
    return bool(store.conn.execute("select 1 from meeting where amends = ?",
                                   [meeting_id]).fetchone())


def _document_bytes(parent, store, row: dict) -> bytes | None:
    try:
        return meeting_docs.document_bytes(store, row["id"])
    except ValueError as exc:
        inform(parent, _("Documents"), str(exc), kind="error")
        return None


def sign_stored(parent: QWidget | None, store, row: dict) -> dict | None:
    """The signing dialog for a stored document; the signed copy's row, or None."""
    from .signing_dialog import sign_document

    try:
        return sign_document(parent, store, row["id"])
    except (SigningError, ValueError) as exc:
        inform(parent, _("Sign"), str(exc), kind="error")
        return None


def stored_preview(parent: QWidget | None, store, row: dict, record: dict | None = None,
                   on_signed=None) -> PreviewDialog | None:
    """The preview of a stored document, with "Sign…" while it can still be signed; after
    signing, the preview shows the signed copy."""
    data = _document_bytes(parent, store, row)
    if data is None:
        return None
    state = {"row": row}

    def sign(dialog: PreviewDialog) -> bytes | None:
        signed = sign_stored(dialog, store, state["row"])
        if signed is None:
            return None
        state["row"] = signed
        if on_signed:
            on_signed(signed)
        return _document_bytes(dialog, store, signed)

    finalised = record is None or record["status"] == "finalised"
    can_sign = bool(row["current"] and finalised and not (
        row["meeting_id"] and meeting_superseded(store, row["meeting_id"])))
    return PreviewDialog(data, f"{_kind_label(row, record)} — {row['name']}", parent,
                         file_name=row["name"], sign=sign if can_sign else None)


def draft_preview(parent: QWidget | None, store, meeting_id: str) -> PreviewDialog | None:
    """The minutes rendered now (a draft meeting's carry the "DỰ THẢO" mark)."""
    try:
        data = meeting_docs.render_minutes(store, meeting_id)
    except ValueError as exc:
        inform(parent, _("Documents"), str(exc), kind="error")
        return None
    record = meetings.meeting_record(store, meeting_id)
    draft = record["status"] != "finalised"
    name = f"bien-ban{'-du-thao' if draft else ''}-{record['date']}.pdf"
    title = _("Draft minutes") if draft else _("Minutes")
    return PreviewDialog(data, f"{title} — {name}", parent, file_name=name)


class DocumentsDialog(QDialog):
    def __init__(self, store, meeting_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Meeting documents"))
        layout = QVBoxLayout(self)
        self.panel = DocumentsPanel(store, meeting_id, self)
        layout.addWidget(self.panel, 1)
        close_bar(self)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 120, metrics.height() * 22)


def open_documents(parent: QWidget | None, shell_or_store, meeting_id: str) -> DocumentsDialog:
    """Show a meeting's documents (modal)."""
    store = getattr(shell_or_store, "store", shell_or_store)
    dialog = DocumentsDialog(store, meeting_id, parent)
    dialog.exec()
    return dialog


def minutes_preview(parent: QWidget | None, store, meeting_id: str) -> PreviewDialog | None:
    """The minutes' preview: the stored (newest) copy of a finalised meeting, else the draft."""
    record = meetings.meeting_record(store, meeting_id)
    if record["status"] == "finalised":
        row = meeting_docs.current_document(store, meeting_id, "minutes")
        if row is None:  # a meeting finalised before documents were stored
            row = next((d for d in meeting_docs.finalise_documents(store, meeting_id)
                        if d["kind"] == "minutes"), None)
        if row is not None:
            return stored_preview(parent, store, meeting_docs.get_document(store, row["id"]),
                                  record)
    return draft_preview(parent, store, meeting_id)


def print_minutes_now(parent: QWidget | None, store, meeting_id: str) -> int | None:
    """Preview the minutes with the print dialog opened straight away (read-back step)."""
    dialog = minutes_preview(parent, store, meeting_id)
    if dialog is None:
        return None
    QTimer.singleShot(0, dialog.print_document)
    dialog.exec()
    return dialog.pages_printed
