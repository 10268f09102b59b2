"""Sign a stored document: a key file (.p12/.pfx), a new local key, or a USB token (PKCS#11).

The passphrase or PIN is typed each time and only handed to the core for this one signature;
it is never stored (the fields are cleared when the dialog closes). The signature field is
chosen among the document's still empty fields (``signing.signature_fields``). The token's
module path is a cell setting (``PKCS11_MODULE_KEY``), chosen here once.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTabWidget,
    QVBoxLayout, QWidget,
)

from app import meeting_docs, meetings
from app.cell import get_cell
from app.documents.keys import MIN_PASSPHRASE_CHARS, SigningError, passphrase_problem
from app.documents.layout import FIELD_CHAIR, FIELD_DRAFTER, FIELD_MINUTE_TAKER, FIELD_SECRETARY
from app.documents.signing import signature_fields
from app.i18n import _
from app.vntext import fold

from ..style import set_tone
from ..widgets import ErrorLabel, choose_file, fingerprint_text, with_button

PKCS11_MODULE_KEY = "pkcs11_module"
TAB_FILE, TAB_NEW, TAB_TOKEN = range(3)


def grouped_fingerprint(fingerprint: str) -> str:
    """The fingerprint as every dialog shows it (``widgets.fingerprint_text``)."""
    return fingerprint_text(fingerprint)


def format_when(iso: str | None) -> str:
    """'2024-04-03T14:05:09' -> '03/04/2024 14:05' (stored times are local)."""
    if not iso:
        return ""
    day, _t, time = iso.partition("T")
    y, m, d = day.split("-")
    return f"{d}/{m}/{y} {time[:5]}".strip()


def _key_file_name(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "khoa"
    return f"khoa-ky-so-{slug}.p12"


class SignDialog(QDialog):
    """Sign the stored document ``document_id``; ``signed`` is the new document row after."""

    def __init__(self, store, document_id: str, parent: QWidget | None = None,
                 slot: str | None = None):
        super().__init__(parent)
        self.store = store
        self.row = meeting_docs.get_document(store, document_id)
        self.signed: dict | None = None
        self.new_key: tuple[Path, str] | None = None     # (file, fingerprint) made here
        self.setWindowTitle(_("Sign the document digitally"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Document: {name}").format(name=self.row["name"]))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        field_row = QFormLayout()
        self.field_box = QComboBox()
        field_row.addRow(_("Sign in the block:"), self.field_box)
        layout.addLayout(field_row)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._file_tab(), _("Key file (.p12, .pfx)"))
        self.tabs.addTab(self._new_key_tab(), _("New key for a secretary who has none"))
        self.tabs.addTab(self._token_tab(), _("USB token (PKCS#11)"))
        layout.addWidget(self.tabs, 1)

        note = QLabel(_("The passphrase or PIN is asked each time and never stored."))
        set_tone(note, "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.PlainText)
        self.result.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.result.setStyleSheet("color: #1b5e20; font-weight: bold;")
        self.result.hide()
        layout.addWidget(self.result)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.sign_button = QPushButton(_("Sign"))
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(self.sign)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons.addWidget(self.sign_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.finished.connect(self._forget_secrets)

        self._fill_fields()
        if slot is not None:  # the block the caller asks for (the export: the minute-taker's)
            for i in range(self.field_box.count()):
                if self.field_box.itemData(i)[0] == slot:
                    self.field_box.setCurrentIndex(i)
        self.field_box.currentIndexChanged.connect(self._field_changed)
        self._field_changed()
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 95, metrics.height() * 26)

    # --- building -----------------------------------------------------------------------

    def _file_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.p12_edit = QLineEdit()
        form.addRow(_("Key file:"), with_button(self.p12_edit, _("Choose…"), self._choose_p12))
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Passphrase:"), self.passphrase_edit)
        return page

    def _new_key_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.new_name_edit = QLineEdit()
        form.addRow(_("Signer's full name:"), self.new_name_edit)
        self.new_file_edit = QLineEdit()
        form.addRow(_("Save the key file as:"),
                    with_button(self.new_file_edit, _("Choose…"), self._choose_new_file))
        self.new_pass_edit = QLineEdit()
        self.new_pass_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Passphrase:"), self.new_pass_edit)
        self.new_pass2_edit = QLineEdit()
        self.new_pass2_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Passphrase again:"), self.new_pass2_edit)
        self.create_key_button = QPushButton(_("Create the key"))
        self.create_key_button.clicked.connect(self.create_key)
        form.addRow("", self.create_key_button)
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setTextFormat(Qt.PlainText)
        self.fingerprint_label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.fingerprint_label.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.clicked.connect(self.copy_fingerprint)
        fp_box = QWidget()
        fp_row = QHBoxLayout(fp_box)
        fp_row.setContentsMargins(0, 0, 0, 0)
        fp_row.addWidget(self.fingerprint_label, 1)
        fp_row.addWidget(self.copy_button, 0, Qt.AlignTop)
        self.fingerprint_title = QLabel(_("SHA-256 fingerprint (give it to the party office):"))
        self.fingerprint_title.setWordWrap(True)
        form.addRow(self.fingerprint_title)
        form.addRow(fp_box)
        for widget in (self.fingerprint_title, fp_box):
            widget.hide()
        self._fingerprint_box = fp_box
        return page

    def _token_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.module_edit = QLineEdit(self.store.get_setting(PKCS11_MODULE_KEY, "") or "")
        form.addRow(_("Token module (PKCS#11):"),
                    with_button(self.module_edit, _("Choose…"), self._choose_module))
        self.token_label_edit = QLineEdit()
        form.addRow(_("Token label:"), self.token_label_edit)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("PIN:"), self.pin_edit)
        hint = QLabel(_("The module is the .so or .dll file installed with the token's software "
                        "(from the certificate authority). It is kept in this cell's settings."))
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        form.addRow(hint)
        return page

    def _fill_fields(self) -> None:
        data = meeting_docs.document_bytes(self.store, self.row["id"])
        fields = signature_fields(data)
        people: dict[str, str] = {}
        if self.row["meeting_id"]:
            record = meetings.meeting_record(self.store, self.row["meeting_id"])
            people = {FIELD_CHAIR: record.get("chair") or "",
                      FIELD_MINUTE_TAKER: record.get("minute_taker") or "",
                      FIELD_SECRETARY: record["cell"].get("secretary") or "",
                      FIELD_DRAFTER: (record.get("topic") or {}).get("drafter") or ""}
        for name, role in meeting_docs.SIGNERS.get(self.row["kind"], ()):
            if fields.get(name) is False:
                person = people.get(name, "")
                label = f"{role} — {person}" if person else role
                self.field_box.addItem(label, (name, role, person))
        if not self.field_box.count():
            self.error.set_error(_("Every signature field of this document is already signed."))
            self.sign_button.setEnabled(False)

    def _field_changed(self) -> None:
        data = self.field_box.currentData()
        if data and not self.new_name_edit.isModified():
            self.new_name_edit.setText(data[2])
            if not self.new_file_edit.isModified() and data[2]:
                self.new_file_edit.setText(str(Path.home() / _key_file_name(data[2])))

    # --- choosing files -----------------------------------------------------------------

    def _choose_p12(self) -> None:
        path = choose_file(self, _("Choose the key file"),
                           _("Key files (*.p12 *.pfx)") + ";;" + _("All files (*)"))
        if path:
            self.p12_edit.setText(str(path))

    def _choose_new_file(self) -> None:
        path = choose_file(self, _("Save the key file as"), _("Key files (*.p12 *.pfx)"),
                           directory=self.new_file_edit.text(), accept=_("Save"),
                           may_create=True)
        if path:
            self.new_file_edit.setText(str(path))
            self.new_file_edit.setModified(True)

    def _choose_module(self) -> None:
        path = choose_file(self, _("Choose the token's PKCS#11 module"),
                           _("PKCS#11 modules (*.so *.dll *.dylib)") + ";;" + _("All files (*)"))
        if path:
            self.module_edit.setText(str(path))

    # --- actions ------------------------------------------------------------------------

    def create_key(self) -> str | None:
        """Make the local key file; shows and returns its fingerprint (hex)."""
        self.error.set_error(None)
        name = self.new_name_edit.text().strip()
        target = self.new_file_edit.text().strip()
        if not target:
            self.error.set_error(_("Choose where to save the key file."))
            return None
        if self.new_pass_edit.text() != self.new_pass2_edit.text():
            self.error.set_error(_("The two passphrases are not the same."))
            return None
        weak = passphrase_problem(self.new_pass_edit.text())
        if weak is not None:
            self.error.set_error(_(
                "The passphrase must have at least {n} characters and not repeat a single "
                "character; a short sentence you remember is best.").format(
                    n=MIN_PASSPHRASE_CHARS))
            return None
        path = Path(target).expanduser()
        if path.suffix.lower() not in (".p12", ".pfx"):
            path = path.with_name(path.name + ".p12")
        try:
            fingerprint = meeting_docs.make_local_key(
                self.store, name, path, self.new_pass_edit.text(),
                organisation=self._organisation())
        except (SigningError, OSError) as exc:
            self.error.set_error(str(exc))
            return None
        self.new_key = (path, fingerprint)
        self.new_file_edit.setText(str(path))
        for widget in (self.new_name_edit, self.new_file_edit, self.create_key_button):
            widget.setEnabled(False)
        self.fingerprint_label.setText(grouped_fingerprint(fingerprint))
        self.fingerprint_title.show()
        self._fingerprint_box.show()
        return fingerprint

    def _organisation(self) -> str | None:
        cell = get_cell(self.store)
        return cell.name if cell else None

    def copy_fingerprint(self) -> None:
        if self.new_key:
            QGuiApplication.clipboard().setText(
                fingerprint_text(self.new_key[1], per_line=0))

    def sign(self) -> dict | None:
        """Sign with what the current tab holds; the new document row, or None (error shown).
        Every kind of key goes through the core's one signing function and its checks."""
        self.error.set_error(None)
        choice = self.field_box.currentData()
        if not choice:
            return None
        field_name, _role, _person = choice
        try:
            signer = self._signer()
            row = meeting_docs.sign_document(self.store, self.row["meeting_id"], self.row["kind"],
                                             field_name, signer, document_id=self.row["id"])
        except (SigningError, ValueError, KeyError) as exc:
            self.error.set_error(str(exc.args[0] if isinstance(exc, KeyError) else exc))
            return None
        self.signed = row
        self._forget_secrets()
        self.sign_button.setEnabled(False)
        self.result.setText(_("Signed by {name} ({role}) at {when}. The signed copy is stored; "
                              "the unsigned one is kept unchanged.").format(
            name=row["signer"], role=row["signer_role"],
            when=format_when(row["signed_at"])))
        self.result.show()
        self.close_button.setText(_("Close"))
        return row

    def _signer(self):
        """The Signer of the current tab (a wrong passphrase is said here)."""
        from app.documents.signing import KeyFileSigner, LocalKeySigner, TokenSigner

        tab = self.tabs.currentIndex()
        if tab == TAB_FILE:
            if not self.p12_edit.text().strip():
                raise SigningError(_("Choose the key file (.p12 or .pfx)."))
            return KeyFileSigner(self.p12_edit.text().strip(), self.passphrase_edit.text())
        if tab == TAB_NEW:
            if self.new_key is None:
                raise SigningError(_("Create the key first."))
            return LocalKeySigner(self.new_key[0], self.new_pass_edit.text())
        module = self.module_edit.text().strip()
        if module and module != (self.store.get_setting(PKCS11_MODULE_KEY, "") or ""):
            self.store.set_setting(PKCS11_MODULE_KEY, module)
        return TokenSigner(module, self.token_label_edit.text().strip(), self.pin_edit.text())

    def _forget_secrets(self, *_args) -> None:
        for edit in (self.passphrase_edit, self.new_pass_edit, self.new_pass2_edit,
                     self.pin_edit):
            edit.clear()


def sign_document(parent: QWidget | None, store, document_id: str,
                  slot: str | None = None) -> dict | None:
    """Show the signing dialog; the signed document's row, or None."""
    dialog = SignDialog(store, document_id, parent, slot=slot)
    dialog.exec()
    return dialog.signed
