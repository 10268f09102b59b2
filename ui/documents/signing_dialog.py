"""Sign a stored document: a key file (.p12/.pfx), a new local key, a USB token (PKCS#11), or
a remote signing provider (CSC API, "Ký từ xa": the only network use, when chosen here).

The passphrase or PIN is typed each time and only handed to the core for this one signature;
it is never stored (the fields are cleared when the dialog closes). The signature field is
chosen among the document's still empty fields (``signing.signature_fields``). The token's
module path is a cell setting (``PKCS11_MODULE_KEY``), chosen here once. Remote providers
(base URL, client id, credential id) are cell settings too; their access token and PIN are
typed each time. While the provider waits for the signer's confirmation a progress dialog with
a Cancel button is shown; the remote tab also signs every document waiting in the signing queue.
"""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
    QProgressDialog, QPushButton, QTabWidget, QVBoxLayout, QWidget,
)

from app import meeting_docs, meetings
from app.cell import get_cell
from app.documents import remote
from app.documents.keys import SigningError
from app.documents.layout import FIELD_CHAIR, FIELD_DRAFTER, FIELD_MINUTE_TAKER, FIELD_SECRETARY
from app.documents.signing import printed_names, signature_fields
from app.i18n import _
from app.vntext import fold

from ..style import set_tone
from ..widgets import ErrorLabel, choose_file, fingerprint_text, with_button

PKCS11_MODULE_KEY = "pkcs11_module"
TAB_FILE, TAB_NEW, TAB_TOKEN, TAB_REMOTE = range(4)


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
        self.tabs.addTab(self._remote_tab(), _("Remote signing"))
        self.progress: QProgressDialog | None = None
        layout.addWidget(self.tabs, 1)

        note = QLabel(_("The passphrase or PIN is asked each time and never stored."))
        set_tone(note, "muted")
        note.setWordWrap(True)
        layout.addWidget(note)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        # Shown when the core says the certificate is someone else's than the printed name
        # (SignerMismatch "reason_needed"): the reason is stored with the signature.
        self.mismatch_label = QLabel(_("Reason for signing a block printed for someone else:"))
        self.mismatch_edit = QLineEdit()
        self.mismatch_edit.setPlaceholderText(_("e.g. the minute-taker was ill; signed in her "
                                                "place"))
        layout.addWidget(self.mismatch_label)
        layout.addWidget(self.mismatch_edit)
        self.mismatch_label.hide()
        self.mismatch_edit.hide()
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
        self.find_tokens_button = QPushButton(_("Find tokens"))
        self.find_tokens_button.clicked.connect(self.find_tokens)
        self.token_box = QComboBox()
        self.token_box.setEnabled(False)
        self.token_box.activated.connect(self._token_chosen)
        form.addRow(_("Plugged-in tokens:"),
                    self._row(self.token_box, self.find_tokens_button))
        self.token_label_edit = QLineEdit()
        form.addRow(_("Token label:"), self.token_label_edit)
        self.key_label_edit = QLineEdit()
        self.key_label_edit.setPlaceholderText(_("(the token's only certificate)"))
        form.addRow(_("Key label:"), self.key_label_edit)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("PIN:"), self.pin_edit)
        hint = QLabel(_("The module is the .so or .dll file installed with the token's software "
                        "(from the certificate authority). It is kept in this cell's settings."))
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        form.addRow(hint)
        return page

    @staticmethod
    def _row(*widgets) -> QWidget:
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for i, widget in enumerate(widgets):
            row.addWidget(widget, 1 if i == 0 else 0)
        return box

    def find_tokens(self) -> list:
        """List the tokens the module sees and their certificates (no PIN needed)."""
        from app.documents.tokens import list_tokens

        self.error.set_error(None)
        self.token_box.clear()
        try:
            tokens = list_tokens(self.module_edit.text().strip())
        except SigningError as exc:
            self.error.set_error(str(exc))
            self.token_box.setEnabled(False)
            return []
        for token in tokens:
            state = _(" (locked)") if token.locked else ""
            for cert in token.certificates or [{"label": "", "subject": ""}]:
                text = f"{token.label} — {cert['label']}" if cert["label"] else token.label
                self.token_box.addItem(text + state, (token.label, cert["label"]))
        if not tokens:
            self.error.set_error(_("No USB token is plugged in (module {path}).").format(
                path=self.module_edit.text().strip()))
        self.token_box.setEnabled(bool(tokens))
        if tokens:
            self._token_chosen()
        return tokens

    def _token_chosen(self, *_args) -> None:
        data = self.token_box.currentData()
        if data:
            self.token_label_edit.setText(data[0])
            self.key_label_edit.setText(data[1])

    def _remote_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.provider_box = QComboBox()
        form.addRow(_("Provider:"), self.provider_box)
        self.provider_name_edit = QLineEdit()
        form.addRow(_("Name:"), self.provider_name_edit)
        self.provider_url_edit = QLineEdit()
        self.provider_url_edit.setPlaceholderText("https://…")
        form.addRow(_("Service address (CSC):"), self.provider_url_edit)
        self.client_id_edit = QLineEdit()
        form.addRow(_("Client id:"), self.client_id_edit)
        self.credential_edit = QLineEdit()
        form.addRow(_("Credential id:"), self.credential_edit)
        self.save_provider_button = QPushButton(_("Save the provider"))
        self.save_provider_button.clicked.connect(self.save_provider)
        form.addRow("", self.save_provider_button)
        self.access_token_edit = QLineEdit()
        self.access_token_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Access token:"), self.access_token_edit)
        self.remote_pin_edit = QLineEdit()
        self.remote_pin_edit.setEchoMode(QLineEdit.Password)
        form.addRow(_("Signing PIN (if asked):"), self.remote_pin_edit)
        self.sign_queue_button = QPushButton()
        self.sign_queue_button.clicked.connect(self.sign_waiting)
        form.addRow("", self.sign_queue_button)
        hint = QLabel(_("Signing remotely needs the Internet: the document's fingerprint is sent "
                        "to the provider, who asks the signer to confirm on the phone. Nothing "
                        "else leaves this computer; the token and PIN are not stored."))
        hint.setWordWrap(True)
        set_tone(hint, "muted")
        form.addRow(hint)
        self._fill_providers()
        self.provider_box.currentIndexChanged.connect(self._provider_chosen)
        self._provider_chosen()
        return page

    def _fill_providers(self, select: str | None = None) -> None:
        self.provider_box.blockSignals(True)
        self.provider_box.clear()
        for provider in remote.providers(self.store):
            self.provider_box.addItem(provider.name, provider)
        self.provider_box.addItem(_("New provider…"), None)
        if select is not None:
            self.provider_box.setCurrentIndex(self.provider_box.findText(select))
        self.provider_box.blockSignals(False)
        self._update_queue_button()

    def _provider_chosen(self) -> None:
        provider = self.provider_box.currentData()
        for edit, value in ((self.provider_name_edit, provider and provider.name),
                            (self.provider_url_edit, provider and provider.base_url),
                            (self.client_id_edit, provider and provider.client_id),
                            (self.credential_edit, provider and provider.credential_id)):
            edit.setText(value or "")

    def _update_queue_button(self) -> None:
        try:
            count = len(meeting_docs.signing_queue(self.store, self.row["kind"]))
        except (SigningError, ValueError):
            count = 0
        self.sign_queue_button.setText(
            _("Sign every document waiting ({count})").format(count=count))
        self.sign_queue_button.setEnabled(count > 0)

    def save_provider(self) -> remote.Provider | None:
        self.error.set_error(None)
        try:
            provider = remote.save_provider(self.store, remote.Provider(
                self.provider_name_edit.text(), self.provider_url_edit.text(),
                self.client_id_edit.text(), self.credential_edit.text()))
        except (SigningError, ValueError) as exc:
            self.error.set_error(str(exc))
            return None
        self._fill_providers(select=provider.name)
        self._provider_chosen()
        return provider

    def _remote_signer(self):
        provider = self.provider_box.currentData()
        if provider is None:
            provider = self.save_provider()
            if provider is None:
                raise SigningError(self.error.text())
        return remote.RemoteSigner(provider, access_token=self.access_token_edit.text(),
                                   pin=self.remote_pin_edit.text(), progress=self._progress)

    def _progress(self, stage: str, seconds: float) -> bool:
        """Shown while the provider works; False when the secretary pressed Cancel."""
        if self.progress is None:
            self.progress = QProgressDialog(self)
            self.progress.setWindowTitle(_("Remote signing"))
            self.progress.setCancelButtonText(_("Cancel"))
            self.progress.setRange(0, 0)
            self.progress.setMinimumDuration(0)
            self.progress.setWindowModality(Qt.WindowModal)
            self.progress.show()
        self.progress.setLabelText(_(remote.STAGES[stage]) + "\n" + _(
            "{seconds} s").format(seconds=int(seconds)))
        QApplication.processEvents()
        return not self.progress.wasCanceled()

    def _end_progress(self) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None

    def sign_waiting(self) -> list[dict]:
        """Sign every document of this kind waiting in the signing queue with the chosen
        provider; each through the core's sign_document, a failure leaving its copy as it was."""
        self.error.set_error(None)
        items = meeting_docs.signing_queue(self.store, self.row["kind"])
        self._queue_token = self.access_token_edit.text()
        self._queue_pin = self.remote_pin_edit.text()
        try:
            if not items:
                return []
            first = self._remote_signer()
            made = [first]

            def make_signer():
                if made:
                    return made.pop()
                return self._remote_signer_like(first)

            results = meeting_docs.sign_queue(
                self.store, items, make_signer, mismatch_reason=(
                    None if self.mismatch_edit.isHidden() else self.mismatch_edit.text()))
        except SigningError as exc:
            self.error.set_error(str(exc))
            return []
        finally:
            self._end_progress()
            self._queue_token = self._queue_pin = None
        signed = [r for r in results if r["row"] is not None]
        failed = [r for r in results if r["error"] is not None]
        if failed:
            self.error.set_error(_("{count} document(s) not signed; they stay in the signing "
                                   "queue unchanged.").format(count=len(failed)) + " "
                                 + str(failed[-1]["error"]))
        mine = next((r["row"] for r in signed if r["item"]["document_id"] == self.row["id"]),
                    None)
        if mine is not None:
            self.signed = mine
            self.sign_button.setEnabled(False)
        self.result.setText(_("{count} document(s) signed remotely; the signed copies are stored "
                              "and the unsigned ones kept unchanged.").format(count=len(signed)))
        self.result.show()
        self._forget_secrets()
        self._update_queue_button()
        return results

    def _remote_signer_like(self, first):
        """The next signer of a queue: the same provider and certificate, secrets typed once
        for this one action."""
        return remote.RemoteSigner(first.provider, access_token=self._queue_token,
                                   pin=self._queue_pin, progress=self._progress,
                                   credential=first.credential)

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
        # The name printed under each block (the deputy's, when the deputy signs for the cell).
        people.update(printed_names(data))
        for name, role in meeting_docs.document_signers(self.store, self.row, data):
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
        # A weak passphrase is refused by make_local_key (the rule's one place), said below.
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
            reason = (self.mismatch_edit.text() if not self.mismatch_edit.isHidden()
                      else None)
            row = meeting_docs.sign_document(self.store, self.row["meeting_id"], self.row["kind"],
                                             field_name, signer, document_id=self.row["id"],
                                             mismatch_reason=reason)
        except meeting_docs.SignerMismatch as exc:
            self.error.set_error(str(exc))
            if exc.code == "reason_needed":
                self.mismatch_label.show()
                self.mismatch_edit.show()
                self.mismatch_edit.setFocus()
            return None
        except (SigningError, ValueError, KeyError) as exc:
            self.error.set_error(str(exc.args[0] if isinstance(exc, KeyError) else exc))
            return None
        finally:
            self._end_progress()
        self.signed = row
        self._forget_secrets()
        self.sign_button.setEnabled(False)
        self.result.setText(_("Signed by {name} ({role}) at {when}. The signed copy is stored; "
                              "the unsigned one is kept unchanged.").format(
            name=row["signer"], role=row["signer_role"],
            when=format_when(row["signed_at"])))
        self.result.show()
        self.close_button.setText(_("Close"))
        self._update_queue_button()
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
        if tab == TAB_REMOTE:
            return self._remote_signer()
        module = self.module_edit.text().strip()
        if module and module != (self.store.get_setting(PKCS11_MODULE_KEY, "") or ""):
            self.store.set_setting(PKCS11_MODULE_KEY, module)
        return TokenSigner(module, self.token_label_edit.text().strip(), self.pin_edit.text(),
                           key_label=self.key_label_edit.text().strip() or None)

    def _forget_secrets(self, *_args) -> None:
        for edit in (self.passphrase_edit, self.new_pass_edit, self.new_pass2_edit,
                     self.pin_edit, self.access_token_edit, self.remote_pin_edit):
            edit.clear()


def sign_document(parent: QWidget | None, store, document_id: str,
                  slot: str | None = None) -> dict | None:
    """Show the signing dialog; the signed document's row, or None."""
    dialog = SignDialog(store, document_id, parent, slot=slot)
    dialog.exec()
    return dialog.signed
