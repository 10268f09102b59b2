"""The days-off editor: the organisation's own days off and make-up working days for a year,
the public holidays beside them (read-only), the meeting-day rule, and the meeting days they give."""
from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
    QPushButton, QSpinBox, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app import planning
from app.i18n import N_, _, weekday_name
from app.rules.calendar import explain

from .calendar_shared import month_name
from .layouts import FlowLayout, fit_to_screen, scroll_body
from .widgets import DateEdit, ErrorLabel, format_ddmmyyyy, record_table

KIND_LABELS = {"off": N_("Day off"), "working": N_("Make-up working day")}
PUBLIC_LABELS = {"public": N_("Public holiday"), "public_working": N_("Make-up working day")}


class DaysOffDialog(QDialog):
    """``changed`` is True after any change (the caller re-reads the calendar)."""

    def __init__(self, store, year: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.year = year
        self.changed = False
        self.setWindowTitle(_("Days off and the meeting-day rule"))
        outer = QVBoxLayout(self)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        # on a small screen (large text, 1280×720) the content scrolls inside the dialog
        outer.addWidget(scroll_body(self, body), 1)

        top = year_row = QHBoxLayout()
        top.addWidget(QLabel(_("&Year:")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2200)
        self.year_spin.setValue(year)
        self.year_spin.valueChanged.connect(self.set_year)
        top.itemAt(0).widget().setBuddy(self.year_spin)
        top.addWidget(self.year_spin)
        top.addSpacing(24)
        rule_box = QWidget()            # the rule wraps onto a second line on a small screen
        rule_row = FlowLayout(rule_box)
        rule_row.setContentsMargins(0, 0, 0, 0)
        policy = rule_box.sizePolicy()
        policy.setHeightForWidth(True)
        rule_box.setSizePolicy(policy)
        top.addWidget(rule_box, 1)
        top = rule_row
        rule = planning.day_rule(store)
        top.addWidget(QLabel(_("Meeting on day")))
        self.base_day = QSpinBox()
        self.base_day.setRange(1, 31)
        self.base_day.setValue(rule.base_day)
        top.addWidget(self.base_day)
        top.addWidget(QLabel(_("of each month; if it is a day off, the next working day, at the "
                               "latest day")))
        self.latest_day = QSpinBox()
        self.latest_day.setRange(1, 31)
        self.latest_day.setValue(rule.latest_day)
        top.addWidget(self.latest_day)
        self.rule_button = QPushButton(_("Save the &rule"))
        self.rule_button.setAutoDefault(False)
        self.rule_button.clicked.connect(self.save_rule)
        top.addWidget(self.rule_button)
        layout.addLayout(year_row)
        self.rule_error = ErrorLabel()
        layout.addWidget(self.rule_error)

        columns = QHBoxLayout()
        own = QGroupBox(_("The organisation's own days"))
        own_layout = QVBoxLayout(own)
        self.own_table = record_table([_("Date"), _("Weekday"), _("Kind"), _("Reason")])
        own_layout.addWidget(self.own_table, 1)
        form = QGridLayout()
        self.date = DateEdit()
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("e.g. Nghỉ mát của cơ quan"))
        self.kind = QComboBox()
        for key, label in KIND_LABELS.items():
            self.kind.addItem(_(label), key)
        date_label = QLabel(_("D&ate:"))
        date_label.setBuddy(self.date)
        reason_label = QLabel(_("Rea&son:"))
        reason_label.setBuddy(self.reason)
        form.addWidget(date_label, 0, 0)
        form.addWidget(self.date, 0, 1)
        form.addWidget(self.kind, 0, 2)
        form.addWidget(reason_label, 1, 0)
        form.addWidget(self.reason, 1, 1, 1, 2)
        form.setColumnStretch(2, 1)
        own_layout.addLayout(form)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("&Add"))
        self.remove_button = QPushButton(_("Re&move the selected day"))
        self.add_button.clicked.connect(self.add_day)
        self.remove_button.clicked.connect(self.remove_day)
        self.reason.returnPressed.connect(self.add_day)
        for b in (self.add_button, self.remove_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        own_layout.addLayout(buttons)
        self.error = ErrorLabel()
        own_layout.addWidget(self.error)
        columns.addWidget(own, 4)

        public = QGroupBox(_("Public holidays (read-only)"))
        public_layout = QVBoxLayout(public)
        self.public_table = record_table([_("Date"), _("Weekday"), _("Name")])
        self.public_table.setWordWrap(True)
        public_layout.addWidget(self.public_table)
        columns.addWidget(public, 4)

        days = QGroupBox(_("Regular meeting days"))
        days_layout = QVBoxLayout(days)
        self.schedule_table = record_table([_("Month"), _("Meeting day")])
        self.schedule_table.setWordWrap(True)
        days_layout.addWidget(self.schedule_table)
        columns.addWidget(days, 6)
        layout.addLayout(columns, 1)

        box = QDialogButtonBox()
        close = box.addButton(_("&Close"), QDialogButtonBox.AcceptRole)
        close.setAutoDefault(False)
        box.accepted.connect(self.accept)
        outer.addWidget(box)
        fit_to_screen(self, QSize(self.fontMetrics().averageCharWidth() * 190,
                                  self.fontMetrics().height() * 34))
        self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        for table in (self.public_table, self.schedule_table):
            table.resizeRowsToContents()

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def reload(self) -> None:
        own = planning.org_days(self.store, self.year)
        self.own_days = own
        t = self.own_table
        t.setRowCount(len(own))
        for row, d in enumerate(own):
            for col, value in enumerate((format_ddmmyyyy(d.date), weekday_name(d.date),
                                         _(KIND_LABELS[d.kind]), d.name)):
                t.setItem(row, col, QTableWidgetItem(value))
        if not own:
            t.setRowCount(1)
            item = QTableWidgetItem(_("None yet."))
            item.setFlags(Qt.NoItemFlags)
            t.setItem(0, 0, item)
            t.setSpan(0, 0, 1, 4)
        else:
            t.clearSpans()
        t.resizeColumnsToContents()
        self.remove_button.setEnabled(bool(own))

        public = [e for e in planning.year_days(self.store, self.year)
                  if e[2] in ("public", "public_working")]
        t = self.public_table
        t.setRowCount(len(public))
        for row, (day, name, kind) in enumerate(public):
            label = name if kind == "public" else _(PUBLIC_LABELS[kind])
            for col, value in enumerate((format_ddmmyyyy(day), weekday_name(day), label)):
                item = QTableWidgetItem(value)
                item.setToolTip(label)
                t.setItem(row, col, item)
        t.resizeColumnsToContents()

        rule = planning.day_rule(self.store)
        sched = planning.schedule(self.store, self.year)
        t = self.schedule_table
        t.setRowCount(len(sched))
        for row, m in enumerate(sched):
            text = explain(m, rule)
            for col, value in enumerate((month_name(m.month), text)):
                item = QTableWidgetItem(value)
                item.setToolTip(text)
                if m.status == "conflict":
                    item.setBackground(QBrush(QColor("#ffe14d")))
                    item.setForeground(QBrush(QColor("#b00020")))
                t.setItem(row, col, item)
        t.resizeColumnToContents(0)
        t.resizeRowsToContents()

    def meeting_day_text(self, month: int) -> str:
        return self.schedule_table.item(month - 1, 1).text()

    def add_day(self) -> None:
        try:
            day = self.date.date()
            planning.add_org_day(self.store, day if day is not None else self.date.text(),
                                 self.reason.text(), working=self.kind.currentData() == "working")
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        self.error.set_error(None)
        if day is not None and day.year != self.year:
            self.year_spin.setValue(day.year)
        self.date.clear()
        self.reason.clear()
        self.changed = True
        self.reload()

    def remove_day(self) -> None:
        rows = self.own_table.selectionModel().selectedRows()
        if not rows or not self.own_days:
            self.error.set_error(_("Select a day in the list first."))
            return
        try:
            planning.remove_org_day(self.store, self.own_days[rows[0].row()].date)
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        self.error.set_error(None)
        self.changed = True
        self.reload()

    def save_rule(self) -> None:
        try:
            planning.set_day_rule(self.store, self.base_day.value(), self.latest_day.value())
        except ValueError as exc:
            self.rule_error.set_error(str(exc))
            return
        self.rule_error.set_error(None)
        self.changed = True
        self.reload()
