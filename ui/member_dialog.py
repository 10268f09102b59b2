"""Adding and editing a member, and marking one as left: validated as you type."""
from __future__ import annotations

import copy
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.members import save_member, mark_left
from app.model import (GENDERS, PARTY_STATUSES, TEMP_STATUSES, Member, ValidationError,
                       validate_member)

from .widgets import DateEdit, ErrorLabel, button_box, with_error

_DATE_FIELDS = ("birth_date", "admitted_on", "full_on", "joined_on", "exempt_from", "exempt_to")
_TEXT_FIELDS = ("full_name", "position", "card_no", "phone", "exempt_reason")
_COMBOS = {"gender": GENDERS, "party_status": PARTY_STATUSES, "temp_status": TEMP_STATUSES}


class MemberDialog(QDialog):
    """Add (``member=None``) or edit a member; OK stays disabled until the record is valid."""

    def __init__(self, store, member: Member | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.original = copy.deepcopy(member) if member else None
        self.member = copy.deepcopy(member) if member else Member()
        self.setWindowTitle(_("Edit a member") if member else _("Add a member"))
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, ErrorLabel] = {}
        self.touched: set[str] = set()

        def add(form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
            self.fields[name] = widget
            box, self.errors[name] = with_error(widget)
            text = QLabel(label)
            text.setBuddy(widget)
            form.addRow(text, box)
            if isinstance(widget, QLineEdit):
                widget.textChanged.connect(lambda _t, n=name: self._edited(n))
            else:
                widget.currentIndexChanged.connect(lambda _i, n=name: self._edited(n))

        def combo(options: dict) -> QComboBox:
            box = QComboBox()
            for key, text in options.items():
                box.addItem(_(text), key)
            return box

        personal = QGroupBox(_("Personal details"))
        form = QFormLayout(personal)
        add(form, "full_name", _("Full &name:"), QLineEdit())
        self.fields["full_name"].setMinimumWidth(self.fontMetrics().averageCharWidth() * 32)
        add(form, "gender", _("&Gender:"), combo(GENDERS))
        add(form, "birth_date", _("Date of &birth:"), DateEdit())
        add(form, "position", _("&Position / unit:"), QLineEdit())
        add(form, "card_no", _("Party &card number:"), QLineEdit())
        add(form, "phone", _("P&hone:"), QLineEdit())

        party = QGroupBox(_("Party membership"))
        form2 = QFormLayout(party)
        add(form2, "party_status", _("&Status:"), combo(PARTY_STATUSES))
        add(form2, "admitted_on", _("&Admitted on:"), DateEdit())
        add(form2, "full_on", _("Made f&ull on:"), DateEdit())
        add(form2, "joined_on", _("&Joined this cell on:"), DateEdit())
        add(form2, "temp_status", _("&Temporary:"), combo(TEMP_STATUSES))
        add(form2, "exempt_from", _("E&xempted from:"), DateEdit())
        add(form2, "exempt_to", _("Exempted &until:"), DateEdit())
        add(form2, "exempt_reason", _("Exemption &reason:"), QLineEdit())
        self.fields["joined_on"].setToolTip(_("Leave empty for a member who was in the cell "
                                              "before chibo was used."))

        columns = QHBoxLayout()
        columns.addWidget(personal, 1)
        columns.addWidget(party, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.buttons, self.ok_button = button_box(_("&Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 120)
        self._fill()
        self.fields["full_name"].setFocus(Qt.OtherFocusReason)
        if self.original is not None:
            self.touched = set(self.fields)
        self.validate()

    def _fill(self) -> None:
        m = self.member
        for name in _TEXT_FIELDS:
            self.fields[name].setText(getattr(m, name))
        for name in _DATE_FIELDS:
            self.fields[name].setDate(getattr(m, name))
        for name in _COMBOS:
            widget = self.fields[name]
            widget.setCurrentIndex(max(0, widget.findData(getattr(m, name))))

    def _edited(self, name: str) -> None:
        self.touched.add(name)
        self.validate()

    def collect(self) -> tuple[Member, dict[str, str]]:
        """The member as typed, and the errors by field (dates that do not parse included)."""
        m = copy.deepcopy(self.member)
        errors: dict[str, str] = {}
        for name in _TEXT_FIELDS:
            setattr(m, name, self.fields[name].text().strip())
        for name in _COMBOS:
            setattr(m, name, self.fields[name].currentData())
        for name in _DATE_FIELDS:
            try:
                setattr(m, name, self.fields[name].date())
            except ValueError as exc:
                setattr(m, name, None)
                errors[name] = str(exc)
        for error in validate_member(m):
            errors.setdefault(error.field, error.message)
        return m, errors

    def validate(self) -> bool:
        _m, errors = self.collect()
        hidden = []
        for name, label in self.errors.items():
            shown = errors.get(name) if name in self.touched else None
            label.set_error(shown)
            if name in errors and name not in self.touched:
                hidden.append(errors[name])
        self.hint.setText(hidden[0] if hidden else "")
        self.ok_button.setEnabled(not errors)
        return not errors

    def accept(self) -> None:
        member, errors = self.collect()
        if errors:
            self.touched = set(self.fields)
            self.validate()
            return
        try:
            self.member = save_member(self.store, member)
        except ValidationError as exc:
            for error in exc.errors:
                if error.field in self.errors:
                    self.errors[error.field].set_error(error.message)
            self.ok_button.setEnabled(False)
            return
        super().accept()


class LeftDialog(QDialog):
    """Mark a member as left (moved to another cell, or otherwise no longer a member here)."""

    def __init__(self, store, member: Member, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.member = member
        self.setWindowTitle(_("Mark as left"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("{name} stays in the records of past meetings; from the leaving date "
                         "on they are no longer counted in this cell.").format(
                             name=member.full_name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.date = DateEdit()
        self.date.setDate(dt.date.today())
        box, self.date_error = with_error(self.date)
        label = QLabel(_("&Leaving date:"))
        label.setBuddy(self.date)
        form.addRow(label, box)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. moved to the cell of …"))
        label = QLabel(_("&Reason:"))
        label.setBuddy(self.reason)
        form.addRow(label, self.reason)
        layout.addLayout(form)
        self.buttons, self.ok_button = button_box(_("&Mark as left"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.date.textChanged.connect(self.validate)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        self.validate()

    def validate(self) -> bool:
        error = None
        try:
            day = self.date.date()
            if day is None:
                error = _("Enter the leaving date.")
            else:
                trial = copy.deepcopy(self.member)
                trial.left_on = day
                error = next((e.message for e in validate_member(trial)
                              if e.field == "left_on"), None)
        except ValueError as exc:
            error = str(exc)
        self.date_error.set_error(error)
        self.ok_button.setEnabled(error is None)
        return error is None

    def accept(self) -> None:
        if not self.validate():
            return
        try:
            mark_left(self.store, self.member.id, self.date.date(), self.reason.text().strip())
        except ValidationError as exc:
            self.date_error.set_error(exc.errors[0].message)
            return
        super().accept()
