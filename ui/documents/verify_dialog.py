"""Check the digital signatures of any PDF: who signed, when, intact or modified, trusted, why.

One block per signature, green when it is intact, valid (and trusted when the cell has keys
of its own), red when not. The keys this cell made (``meeting_docs.local_keys``) are the trust
source: with any, every signer must be one of them, else the dialog warns "not trusted". Each
signer is set against the name printed under the block. ``verify_file(parent, store)`` asks for
a file.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget,
)

from app import meeting_docs
from app.documents.verify import CHANGE_LABELS, VerifyResult, slot_line, verify_pdf
from app.i18n import _

from ..widgets import choose_file, close_bar, fingerprint_text

GOOD, BAD, NEUTRAL = "#1b5e20", "#b00020", "#444444"
GOOD_BG, BAD_BG = "#e8f5e9", "#fdecea"


def trusted_fingerprints(store) -> list[str]:
    return [k["fingerprint"] for k in meeting_docs.local_keys(store)] if store else []


def _yes_no(ok: bool, yes: str, no: str) -> str:
    colour = GOOD if ok else BAD
    return f'<span style="color:{colour}"><b>{yes if ok else no}</b></span>'


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class VerifyDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, store=None, path: str | Path | None = None):
        super().__init__(parent)
        self.store = store
        self.path: Path | None = None
        self.result: VerifyResult | None = None
        self.setWindowTitle(_("Check digital signatures"))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.file_label = QLabel(_("Open a signed PDF to check its signatures."))
        self.file_label.setWordWrap(True)
        self.file_label.setTextFormat(Qt.PlainText)
        top.addWidget(self.file_label, 1)
        self.open_button = QPushButton(_("Open a PDF…"))
        self.open_button.clicked.connect(self.choose)
        top.addWidget(self.open_button, 0, Qt.AlignTop)
        layout.addLayout(top)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.RichText)
        layout.addWidget(self.summary)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.blocks_widget = QWidget()
        self.blocks = QVBoxLayout(self.blocks_widget)
        self.blocks.addStretch(1)
        self.scroll.setWidget(self.blocks_widget)
        layout.addWidget(self.scroll, 1)
        close_bar(self)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 100, metrics.height() * 32)
        if path is not None:
            self.check(path)

    def choose(self) -> None:
        path = choose_file(self, _("Choose a PDF to check"),
                           _("PDF files (*.pdf)") + ";;" + _("All files (*)"))
        if path:
            self.check(path)

    def check(self, path_or_bytes, name: str | None = None) -> VerifyResult:
        """Verify a file (or bytes, shown under ``name``) and show the result."""
        if isinstance(path_or_bytes, (bytes, bytearray)):
            self.path = None
            shown = name or ""
        else:
            self.path = Path(path_or_bytes)
            shown = str(self.path)
        self.file_label.setText(_("File: {path}").format(path=shown))
        result = verify_pdf(path_or_bytes, trusted_certs=trusted_fingerprints(self.store) or None)
        self.show_result(result)
        return result

    def show_result(self, result: VerifyResult) -> None:
        self.result = result
        while self.blocks.count() > 1:
            item = self.blocks.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        colour = GOOD if result.ok else BAD
        if result.signatures:
            headline = {
                "modified": _("The document was MODIFIED after it was signed."),
                "not_trusted": _("Warning: a signer is NOT trusted."),
            }.get(result.code, _("The signatures are valid.") if result.ok
                  else _("The signatures are NOT valid."))
            detail = "<br>" + _escape(result.reason)
            for warning in result.warnings:
                detail += f'<br><span style="color:{BAD}"><b>{_escape(warning)}</b></span>'
        else:  # no signature, or not a readable PDF: the reason says it all
            headline, detail = _escape(result.reason), ""
        self.summary.setText(f'<span style="color:{colour}; font-size:large"><b>{headline}</b>'
                             f'</span>{detail}')
        for i, signature in enumerate(result.signatures, 1):
            self.blocks.insertWidget(i - 1, self._block(i, signature))

    def block_texts(self) -> list[str]:
        """The plain text of each signature block (tests, screen readers)."""
        texts = []
        for i in range(self.blocks.count() - 1):
            label = self.blocks.itemAt(i).widget().findChild(QLabel)
            texts.append(label.text() if label else "")
        return texts

    def _block(self, n: int, s) -> QFrame:
        frame = QFrame()
        frame.setObjectName("signature")
        good = s.ok
        frame.setStyleSheet(
            f"QFrame#signature {{ border: 2px solid {GOOD if good else BAD}; border-radius: 4px;"
            f" background: {GOOD_BG if good else BAD_BG}; }}")
        box = QVBoxLayout(frame)
        when = (s.signing_time.astimezone().strftime("%d/%m/%Y %H:%M:%S")
                if s.signing_time else "?")
        intact = s.intact and not s.modified_after_signing
        rows = [
            "<b>" + _escape(_("Signature {n}: {name}").format(n=n, name=s.signer_name or "?"))
            + "</b> — " + _escape(s.role or _role(s.field_name)),
            _escape(_("Signed at: {when}").format(when=when)),
            _yes_no(s.name_matches is not False, _escape(slot_line(s)), _escape(slot_line(s))),
            _yes_no(intact, _("Intact: not changed after signing"),
                    _("MODIFIED after signing")),
            # a signature over changed content is not called valid, whatever its arithmetic
            _yes_no(s.valid and s.intact, _("Signature: valid"),
                    _("Signature: broken") if s.intact else
                    _("Signature: no longer matches the content")),
            (_yes_no(True, _("Trusted: yes"), "") if s.trusted else
             f'<span style="color:{BAD if s.trust_checked else NEUTRAL}">'
             + _escape(_("Trusted: no ({reason})").format(reason=_(s.trust_reason)))
             + "</span>"),
            _escape(_("Covers the whole document") if s.covers_whole_document else
                    _("Later changes: {what}").format(what=_later(s.later_changes))),
            '<span style="font-family:monospace">' + _escape(
                _("Signer certificate SHA-256: {fingerprint}").format(
                    fingerprint=fingerprint_text(s.signer_fingerprint, per_line=0)))
            + "</span>",
        ]
        if s.problems:
            rows.append(_yes_no(False, "", _escape(_("Problem: {problem}").format(
                problem="; ".join(s.problems)))))
        verdict = (_("This signature is valid.") if good
                   else _("This signature is NOT trusted.")
                   if {code for code, _params in s.codes} == {"not_trusted"}
                   else _("This signature is NOT valid."))
        rows.insert(1, _yes_no(good, verdict, verdict))
        label = QLabel("<br>".join(rows))
        label.setTextFormat(Qt.RichText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextSelectableByMouse)
        box.addWidget(label)
        return frame


def _role(field_name: str) -> str:
    """The signature block's printed role (CHỦ TRÌ, THƯ KÝ…), else the field's name."""
    for signers in meeting_docs.SIGNERS.values():
        for name, role in signers:
            if name == field_name:
                return role
    return _("field {field}").format(field=field_name)


def _later(code: str) -> str:
    return _(CHANGE_LABELS.get(code, code))


def verify_file(parent: QWidget | None, store=None, path: str | Path | None = None) -> VerifyDialog | None:
    """Ask for a PDF (unless ``path`` is given) and show its signatures."""
    if path is None:
        path = choose_file(parent, _("Choose a PDF to check"),
                           _("PDF files (*.pdf)") + ";;" + _("All files (*)"))
        if path is None:
            return None
    dialog = VerifyDialog(parent, store, path)
    dialog.exec()
    return dialog
