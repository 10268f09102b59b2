"""The office's own profile (issuer, upper body, number code, signature block, recipients),
edited through ``app.exchange.office_profile`` and used by every office document."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget,
)

from app.exchange.office_profile import (
    ProfileError, get_profile, profile_message, set_profile,
)
from app.i18n import _

from ..style import set_tone


class OfficeProfileView(QWidget):
    saved = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("Đảng ủy Trường …")
        self.upper_body = QLineEdit()
        self.upper_body.setPlaceholderText("Đảng bộ Tỉnh …")
        self.place_name = QLineEdit()
        self.number_code = QLineEdit()
        self.sign_mode = QComboBox()
        self.sign_mode.addItem(_("T/M (on behalf of the committee)"), "tm")
        self.sign_mode.addItem(_("T/L (by order)"), "tl")
        self.sign_for = QLineEdit()
        self.sign_title = QLineEdit()
        self.signer_name = QLineEdit()
        self.recipients = QPlainTextEdit()
        self.recipients.setPlaceholderText(_("One recipient per line"))
        self.recipients.setMaximumHeight(110)
        form.addRow(_("Upper party organisation:"), self.upper_body)
        form.addRow(_("Issuing body:"), self.issuer)
        form.addRow(_("Place name (date line):"), self.place_name)
        form.addRow(_("Number code (…-BC/code):"), self.number_code)
        form.addRow(_("Signature:"), self.sign_mode)
        form.addRow(_("On behalf of:"), self.sign_for)
        form.addRow(_("Signer's title:"), self.sign_title)
        form.addRow(_("Signer's name:"), self.signer_name)
        form.addRow(_("Recipients:"), self.recipients)
        layout.addLayout(form)
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        set_tone(self.preview, "muted")
        layout.addWidget(self.preview)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.save_button = QPushButton(_("Save the office profile"))
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        self.setEnabled(False)

    def set_office(self, office) -> None:
        self.office = office
        self.setEnabled(office is not None)
        self.load()

    def load(self) -> None:
        if self.office is None:
            return
        p = get_profile(self.office)
        for name in ("issuer", "upper_body", "place_name", "number_code", "sign_for",
                     "sign_title", "signer_name"):
            getattr(self, name).setText(getattr(p, name))
        self.sign_mode.setCurrentIndex(max(0, self.sign_mode.findData(p.sign_mode)))
        self.recipients.setPlainText("\n".join(p.recipients))
        self._show(p)

    def _show(self, p) -> None:
        lines = " / ".join(p.sign_lines())
        self.preview.setText(_("Signature block: {lines}. Numbers: 01-BC/{code}.").format(
            lines=lines, code=p.number_code))
        missing = p.missing()
        self.message.setText(profile_message("missing", fields=", ".join(missing))
                             if missing else "")
        set_tone(self.message, "error" if missing else None)

    def save(self) -> bool:
        if self.office is None:
            return False
        changes = {name: getattr(self, name).text() for name in (
            "issuer", "upper_body", "place_name", "number_code", "sign_for", "sign_title",
            "signer_name")}
        changes["sign_mode"] = self.sign_mode.currentData()
        changes["recipients"] = self.recipients.toPlainText().splitlines()
        try:
            profile = set_profile(self.office, **changes)
        except ProfileError as exc:
            self.message.setText(profile_message(exc.code, **exc.params))
            set_tone(self.message, "error")
            return False
        self._show(profile)
        if not profile.missing():
            self.message.setText(_("Office profile saved."))
            set_tone(self.message, "ok")
        self.saved.emit()
        return True
