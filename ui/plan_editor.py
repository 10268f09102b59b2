"""The year plan: the twelve regular meetings and the thematic meetings, with the plan's warnings.

Every check is ``app.planning``'s: the dialogs pass what was typed and show its Vietnamese errors.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QRadioButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app import planning
from app.i18n import N_, _, format_date, weekday_name
from app.members import list_members
from app.rules.calendar import explain
from app.rules.plan import TOPIC_GROUPS

from .calendar_shared import item_label, month_name
from .layouts import fit_columns
from .reason_dialog import ReasonDialog
from .style import set_tone
from .widgets import (DateEdit, ErrorLabel, button_box, confirm, format_ddmmyyyy, inform,
                      record_table)

STATUS_LABELS = {
    "planned": N_("Planned"),
    "draft_sent": N_("Draft sent to members"),
    "held": N_("Held"),
    "cancelled": N_("Cancelled"),
}
CONFLICT_BG = QColor("#ffe14d")
OFF_RULE_BG = QColor("#ffe9cc")
CANCELLED_FG = QColor("#777777")


def _status_combo(statuses=tuple(STATUS_LABELS)) -> QComboBox:
    combo = QComboBox()
    for key in statuses:
        combo.addItem(_(STATUS_LABELS[key]), key)
    return combo


class RegularDialog(QDialog):
    """Edit one regular meeting: date, time, place, status. A date other than the rule's day
    needs the reason (force majeure); the store refuses it otherwise."""

    def __init__(self, store, item, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.item = item
        self.setWindowTitle(_("Regular meeting, month {month}/{year}").format(
            month=item.month, year=item.year))
        layout = QVBoxLayout(self)
        scheduled = next(m for m in planning.schedule(store, item.year) if m.month == item.month)
        self.rule_label = QLabel(explain(scheduled, planning.day_rule(store)))
        self.rule_label.setWordWrap(True)
        if scheduled.status == "conflict":
            set_tone(self.rule_label, "error")
        layout.addWidget(self.rule_label)
        form = QFormLayout()
        self.date = DateEdit()
        self.date.setDate(item.planned_date)
        self.date.textChanged.connect(self._date_changed)
        form.addRow(_("&Date:"), self.date)
        self.time = QLineEdit(item.time)
        self.time.setPlaceholderText("14:00")
        self.time.setMaximumWidth(self.fontMetrics().averageCharWidth() * 10)
        form.addRow(_("&Time:"), self.time)
        self.place = QLineEdit(item.place)
        form.addRow(_("&Place:"), self.place)
        self.reason = QLineEdit(item.off_rule_reason or "")
        self.reason.setPlaceholderText(_("e.g. the whole unit on a field trip (force majeure)"))
        self.reason_label = QLabel(_("&Reason for another day:"))
        self.reason_label.setBuddy(self.reason)
        form.addRow(self.reason_label, self.reason)
        self.status = _status_combo(("planned", "held", "cancelled"))
        self.status.setCurrentIndex(max(0, self.status.findData(item.status)))
        self.status.currentIndexChanged.connect(self._status_changed)
        form.addRow(_("Meeting &status:"), self.status)
        self.cancel_reason = QLineEdit(item.cancel_reason or "")
        self.cancel_label = QLabel(_("Reason for cancelling:"))
        form.addRow(self.cancel_label, self.cancel_reason)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #b35c00")
        layout.addWidget(self.hint)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.buttons, self.ok_button = button_box(_("&Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())
        self._date_changed()
        self._status_changed()

    def _date_changed(self, *args) -> None:
        try:
            day = self.date.date()
        except ValueError as exc:
            self.hint.setText(str(exc))
            return
        other = day is not None and day != self.item.rule_date
        self.reason.setEnabled(other)
        self.reason_label.setEnabled(other)
        if other:
            self.hint.setText(_("This is not the rule's day: record the reason (force majeure)."))
        else:
            self.hint.setText("")

    def _status_changed(self, *args) -> None:
        cancelled = self.status.currentData() == "cancelled"
        self.cancel_reason.setVisible(cancelled)
        self.cancel_label.setVisible(cancelled)

    def accept(self) -> None:
        try:
            day = self.date.date()
            self.item = planning.update_plan_item(
                self.store, self.item.id, planned_date=day, time=self.time.text(),
                place=self.place.text(),
                off_rule_reason=self.reason.text() if self.reason.isEnabled() else None,
                status=self.status.currentData(), cancel_reason=self.cancel_reason.text())
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        super().accept()


class ThematicDialog(QDialog):
    """Add or edit a thematic meeting: title, topic group, drafter, date (own day, combined
    with a regular meeting in one sitting, or only the quarter), status."""

    def __init__(self, store, year: int, item=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.year = year
        self.item = item
        self.setWindowTitle(_("Edit a thematic meeting") if item else
                            _("Add a thematic meeting"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.title = QLineEdit(item.title if item else "")
        self.title.setPlaceholderText(_("e.g. Học tập và làm theo tư tưởng Hồ Chí Minh về …"))
        form.addRow(_("T&itle:"), self.title)
        self.group = QComboBox()
        for g in TOPIC_GROUPS:
            self.group.addItem(_(g.name), g.id)
        if item and item.topic_group:
            self.group.setCurrentIndex(max(0, self.group.findData(item.topic_group)))
        form.addRow(_("Topic &group:"), self.group)
        self.drafter = QComboBox()
        self.drafter.addItem(_("— not assigned —"), None)
        today = dt.date.today()
        for m in list_members(store):
            current = not (m.left_on and m.left_on <= today)
            if current or (item and item.drafter_id == m.id):
                self.drafter.addItem(m.full_name, m.id)
        if item and item.drafter_id:
            self.drafter.setCurrentIndex(max(0, self.drafter.findData(item.drafter_id)))
        form.addRow(_("&Drafter (member):"), self.drafter)

        self.mode_own = QRadioButton(_("On its own day"))
        self.mode_combined = QRadioButton(_("Combined with a regular meeting in one sitting"))
        self.mode_quarter = QRadioButton(_("Only the quarter (date not known yet)"))
        self.modes = QButtonGroup(self)
        for b in (self.mode_own, self.mode_combined, self.mode_quarter):
            self.modes.addButton(b)
            b.toggled.connect(self._mode_changed)
        own_row = QHBoxLayout()
        own_row.addWidget(self.mode_own)
        self.date = DateEdit()
        own_row.addWidget(self.date)
        own_row.addStretch(1)
        form.addRow(_("When:"), own_row)
        comb_row = QHBoxLayout()
        comb_row.addWidget(self.mode_combined)
        self.sitting = QComboBox()
        self._regular = [i for i in planning.plan_items(store, year) if i.kind == "regular"]
        for r in self._regular:
            when = format_date(r.planned_date) if r.planned_date else _("no date yet")
            self.sitting.addItem(f"{month_name(r.month)} — {when}", r.month)
        self.order = QComboBox()
        self.order.addItem(_("after the regular meeting"), 2)
        self.order.addItem(_("before the regular meeting"), 1)
        comb_row.addWidget(self.sitting)
        comb_row.addWidget(self.order)
        comb_row.addStretch(1)
        form.addRow("", comb_row)
        q_row = QHBoxLayout()
        q_row.addWidget(self.mode_quarter)
        self.quarter = QComboBox()
        for q, name in enumerate(("I", "II", "III", "IV"), start=1):
            self.quarter.addItem(_("Quarter {q}").format(q=name), q)
        q_row.addWidget(self.quarter)
        q_row.addStretch(1)
        form.addRow("", q_row)
        self.time = QLineEdit(item.time if item else "")
        self.time.setPlaceholderText(_("as the cell's default"))
        self.time.setMaximumWidth(self.fontMetrics().averageCharWidth() * 22)
        form.addRow(_("&Time:"), self.time)
        self.place = QLineEdit(item.place if item else "")
        self.place.setPlaceholderText(_("as the cell's default"))
        form.addRow(_("&Place:"), self.place)
        self.status = _status_combo()
        form.addRow(_("Meeting &status:"), self.status)
        self.cancel_reason = QLineEdit(item.cancel_reason or "" if item else "")
        self.cancel_label = QLabel(_("Reason for cancelling:"))
        form.addRow(self.cancel_label, self.cancel_reason)
        self.status.currentIndexChanged.connect(self._status_changed)
        layout.addLayout(form)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.buttons, self.ok_button = button_box(_("&Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        if item is None:
            self.mode_own.setChecked(True)
        elif item.combined and item.planned_date:
            self.mode_combined.setChecked(True)
            self.sitting.setCurrentIndex(max(0, self.sitting.findData(item.planned_date.month)))
            self.order.setCurrentIndex(max(0, self.order.findData(item.combined_order or 2)))
        elif item.planned_date:
            self.mode_own.setChecked(True)
            self.date.setDate(item.planned_date)
        else:
            self.mode_quarter.setChecked(True)
            self.quarter.setCurrentIndex(max(0, (item.quarter or 1) - 1))
        if item is not None:
            self.status.setCurrentIndex(max(0, self.status.findData(item.status)))
        self._mode_changed()
        self._status_changed()
        self.resize(self.fontMetrics().averageCharWidth() * 110, self.sizeHint().height())

    def _mode_changed(self, *args) -> None:
        self.date.setEnabled(self.mode_own.isChecked())
        self.sitting.setEnabled(self.mode_combined.isChecked())
        self.order.setEnabled(self.mode_combined.isChecked())
        self.quarter.setEnabled(self.mode_quarter.isChecked())

    def _status_changed(self, *args) -> None:
        cancelled = self.status.currentData() == "cancelled"
        self.cancel_reason.setVisible(cancelled)
        self.cancel_label.setVisible(cancelled)

    def values(self) -> dict:
        values = dict(title=self.title.text(), topic_group=self.group.currentData(),
                      drafter_id=self.drafter.currentData(), combined=False,
                      combined_order=None, quarter=None, planned_date=None)
        if self.mode_own.isChecked():
            values["planned_date"] = self.date.date()  # none: the core asks for it
        elif self.mode_combined.isChecked():
            month = self.sitting.currentData()
            regular = next((r for r in self._regular if r.month == month), None)
            if regular is None or regular.planned_date is None:
                raise ValueError(_("The regular meeting of that month has no date yet: record "
                                   "its date first."))
            values.update(planned_date=regular.planned_date, combined=True,
                          combined_order=self.order.currentData())
        else:
            values["quarter"] = self.quarter.currentData()
        return values

    def accept(self) -> None:
        try:
            values = self.values()
            status = self.status.currentData()
            extra = dict(time=self.time.text() or None, place=self.place.text() or None)
            if self.item is None:
                item = planning.add_thematic(self.store, self.year, **values, **extra)
                if status != "planned" or self.cancel_reason.text():
                    item = planning.update_plan_item(self.store, item.id, status=status,
                                                     cancel_reason=self.cancel_reason.text())
            else:
                item = planning.update_plan_item(
                    self.store, self.item.id, **values, time=self.time.text(),
                    place=self.place.text(), status=status,
                    cancel_reason=self.cancel_reason.text())
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        self.item = item
        super().accept()


class PlanEditor(QWidget):
    """The year plan tab: regular meetings above, thematic meetings below, warnings beside."""

    changed = Signal()
    REGULAR_COLUMNS = (N_("Month"), N_("Date"), N_("Weekday"), N_("Time"), N_("Place"),
                       N_("Rule's day"), N_("Status"), N_("Notes"))
    THEMATIC_COLUMNS = (N_("Title"), N_("Topic group"), N_("Drafter"), N_("Date"),
                        N_("Sitting"), N_("Status"))

    def __init__(self, store, year: int, today: dt.date | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.year = year
        self._today = today
        self.regular: list = []
        self.thematic: list = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.empty_box = QWidget()
        empty_layout = QHBoxLayout(self.empty_box)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.create_plan)
        empty_layout.addWidget(self.empty_label, 1)
        empty_layout.addWidget(self.create_button)
        layout.addWidget(self.empty_box)

        # the warnings below the tables, not beside: the tables need the whole width (in large
        # text they scrolled sideways while the warnings took a third of it)
        splitter = QSplitter(Qt.Vertical)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("<b>" + _("Regular meetings") + "</b>"))
        self.regular_table = self._table(self.REGULAR_COLUMNS)
        self.regular_table.doubleClicked.connect(lambda _i: self.edit_regular())
        left_layout.addWidget(self.regular_table, 3)
        row = QHBoxLayout()
        self.edit_regular_button = QPushButton(_("&Edit the regular meeting…"))
        self.edit_regular_button.clicked.connect(lambda: self.edit_regular())
        row.addStretch(1)
        row.addWidget(self.edit_regular_button)
        left_layout.addLayout(row)
        left_layout.addWidget(QLabel("<b>" + _("Thematic meetings (at least one per quarter)")
                                     + "</b>"))
        self.thematic_table = self._table(self.THEMATIC_COLUMNS)
        self.thematic_table.doubleClicked.connect(lambda _i: self.edit_thematic())
        left_layout.addWidget(self.thematic_table, 2)
        row = QHBoxLayout()
        self.add_button = QPushButton(_("&Add a thematic meeting…"))
        self.edit_button = QPushButton(_("E&dit…"))
        self.cancel_button = QPushButton(_("&Cancel the meeting…"))
        self.delete_button = QPushButton(_("De&lete"))
        self.add_button.clicked.connect(self.add_thematic)
        self.edit_button.clicked.connect(lambda: self.edit_thematic())
        self.cancel_button.clicked.connect(self.cancel_thematic)
        self.delete_button.clicked.connect(self.delete_thematic)
        row.addStretch(1)
        for b in (self.add_button, self.edit_button, self.cancel_button, self.delete_button):
            b.setAutoDefault(False)
            row.addWidget(b)
        left_layout.addLayout(row)
        splitter.addWidget(left)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 6, 0, 0)
        right_layout.addWidget(QLabel("<b>" + _("Warnings") + "</b>"))
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        right_layout.addWidget(self.warnings, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        line = self.fontMetrics().lineSpacing()
        splitter.setSizes([line * 30, line * 5])
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)
        self.reload()

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def set_today(self, today: dt.date | None) -> None:
        self._today = today
        self.reload()

    def set_year(self, year: int) -> None:
        self.year = year
        self.reload()

    def _table(self, columns) -> QTableWidget:
        table = record_table([_(c) for c in columns])
        table.setWordWrap(False)
        table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        return table

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        items = planning.year_meetings(self.store, self.year)   # as the calendar shows it
        self.regular = [i for i in items if i.kind == "regular"]
        self.thematic = [i for i in items if i.kind == "thematic"]
        self.empty_box.setVisible(not self.regular)
        self.empty_label.setText(_("There is no plan for {year} yet. Making it lists the twelve "
                                   "regular meetings on the rule's days, with the cell's time "
                                   "and place.").format(year=self.year))
        self.create_button.setText(_("&Make the plan of {year}").format(year=self.year))
        self._fill_regular()
        self._fill_thematic()
        self.warnings.clear()
        warnings = planning.plan_warnings_for(self.store, self.year, self.today) \
            if self.regular else []
        for w in warnings:
            item = QListWidgetItem(("• " if w.level == "info" else "⚠ ") + w.message)
            item.setData(Qt.UserRole, w.code)
            if w.level != "info":
                item.setForeground(QBrush(QColor("#b00020")))
            self.warnings.addItem(item)
        if self.warnings.count() == 0:
            self.warnings.addItem(_("No warnings.") if self.regular else
                                  _("The plan of {year} is not made yet.").format(year=self.year))

    def warning_texts(self) -> list[str]:
        return [self.warnings.item(i).text() for i in range(self.warnings.count())]

    def _fill_regular(self) -> None:
        t = self.regular_table
        t.setRowCount(len(self.regular))
        for row, item in enumerate(self.regular):
            conflict = item.rule_status == "conflict"
            day = item.planned_date
            rule = format_date(item.rule_date) if item.rule_date else _("Conflict: all days off")
            notes = []
            if day is None and conflict:
                notes.append(_("Choose a date and record the reason (force majeure)."))
            if item.off_rule:
                notes.append(_("Other day: {reason}").format(reason=item.off_rule_reason or "—"))
            if item.combined:
                partner = next((p for p in self.thematic if p.combined and p.active
                                and p.planned_date == day), None)
                if partner is not None:
                    notes.append(_("One sitting with “{title}” (part {order})").format(
                        title=partner.title, order=item.combined_order))
            if item.status == "cancelled":
                notes.append(_("Cancelled: {reason}").format(reason=item.cancel_reason))
            values = (month_name(item.month), format_ddmmyyyy(day),
                      weekday_name(day) if day else "", item.time, item.place, rule,
                      _(STATUS_LABELS[item.status]), "; ".join(notes))
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                if conflict and day is None:
                    cell.setBackground(QBrush(CONFLICT_BG))
                    cell.setToolTip(_("Days {base} to {latest} are all days off: choose a date "
                                      "and record the reason (force majeure).").format(
                        base=planning.day_rule(self.store).base_day,
                        latest=planning.day_rule(self.store).latest_day))
                elif item.off_rule:
                    cell.setBackground(QBrush(OFF_RULE_BG))
                if item.status == "cancelled":
                    cell.setForeground(QBrush(CANCELLED_FG))
                if value and not cell.toolTip():
                    cell.setToolTip(value)      # the whole text of a cell cut short
                t.setItem(row, col, cell)
        fit_columns(t, stretch=7)                   # the notes take the rest

    def _fill_thematic(self) -> None:
        t = self.thematic_table
        t.setRowCount(len(self.thematic))
        names = {m.id: m.full_name for m in list_members(self.store)}
        for row, item in enumerate(self.thematic):
            if item.planned_date:
                when = format_date(item.planned_date)
            else:
                when = _("Quarter {q}").format(q=("I", "II", "III", "IV")[(item.quarter or 1) - 1])
            sitting = (_("with the regular meeting, part {order}").format(
                order=item.combined_order) if item.combined
                else _("own day") if item.planned_date else "")
            group = next((_(g.name) for g in TOPIC_GROUPS if g.id == item.topic_group), "")
            status = _(STATUS_LABELS[item.status])
            if not item.id:
                status = _("Held outside the plan")
            if item.status == "cancelled":
                status += ": " + (item.cancel_reason or "")
            values = (item.title, group, names.get(item.drafter_id, _("— not assigned —")),
                      when, sitting, status)
            for col, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setToolTip(value)
                if item.status == "cancelled":
                    cell.setForeground(QBrush(CANCELLED_FG))
                t.setItem(row, col, cell)
        fit_columns(t, stretch=0)                   # the title takes the rest

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    # --- actions -------------------------------------------------------------------------

    def create_plan(self) -> None:
        planning.ensure_year_plan(self.store, self.year)
        self._changed()

    def selected_thematic(self):
        rows = self.thematic_table.selectionModel().selectedRows()
        item = self.thematic[rows[0].row()] if rows else None
        if item is not None and not item.id:   # held outside the plan: not a plan line
            inform(self, _("Held outside the plan"), _(
                "This thematic meeting was held without a line in the year plan; it is kept "
                "in its meeting's record (Meetings) and cannot be edited here."))
            return None
        return item

    def edit_regular(self, month: int | None = None) -> None:
        if not self.regular:
            self.create_plan()
        if month is None:
            rows = self.regular_table.selectionModel().selectedRows()
            if not rows:
                return
            item = self.regular[rows[0].row()]
        else:
            item = next((i for i in self.regular if i.month == month), None)
            if item is None:
                return
            self.regular_table.selectRow(self.regular.index(item))
        dialog = RegularDialog(self.store, item, self)
        if dialog.exec():
            self._changed()

    def add_thematic(self) -> None:
        if not self.regular:
            planning.ensure_year_plan(self.store, self.year)
        dialog = ThematicDialog(self.store, self.year, None, self)
        if dialog.exec():
            self._changed()

    def edit_thematic(self, item=None) -> None:
        item = item or self.selected_thematic()
        if item is None:
            return
        dialog = ThematicDialog(self.store, self.year, item, self)
        if dialog.exec():
            self._changed()

    def cancel_thematic(self) -> None:
        item = self.selected_thematic()
        if item is None:
            return
        dialog = ReasonDialog(_("Cancel a thematic meeting"), _(
            "Why is “{title}” cancelled? The reason stays in the plan.").format(title=item.title),
            lambda reason: planning.update_plan_item(self.store, item.id, status="cancelled",
                                                     cancel_reason=reason),
            _("Cancel the &meeting"), _("&Back"), parent=self)
        if dialog.exec():
            self._changed()

    def delete_thematic(self) -> None:
        item = self.selected_thematic()
        if item is None:
            return
        if not confirm(self, _("Delete a thematic meeting"), _(
                "Delete “{title}” from the plan? Only do this for a meeting entered by mistake; "
                "otherwise cancel it with a reason.").format(title=item.title), _("Delete"),
                kind="warning"):
            return
        try:
            planning.delete_plan_item(self.store, item.id)
        except ValueError as exc:
            inform(self, _("Delete a thematic meeting"), str(exc), kind="warning")
            return
        self._changed()


__all__ = ["PlanEditor", "RegularDialog", "ThematicDialog", "item_label"]
