"""The "Meetings" section: the list of meetings, starting a meeting (the next regular one from
the year plan, one on a chosen date, a thematic meeting or a combined sitting), resuming a
draft at its stored step, reading a finalised one, making a corrected version. The wizard
opens in place of the list."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QRadioButton, QStackedWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app import meetings, planning
from app.i18n import _
from app.members import members_as_of
from app.rules.cell_rules import OFF_RULE_CATEGORIES
from app.rules.messages import category_label
from app.rules.plan import TOPIC_GROUPS
from app.services.meetings import NewMeetingError, new_meeting
from app.vntext import name_sort_key

from .reason_dialog import ReasonDialog
from .widgets import (DateEdit, ErrorLabel, SectionPage, button_box, decimal_text,
                      format_ddmmyyyy, rating_text, record_table)
from .wizard import WizardFrame
from .wizard_pages import PAGES


def kind_text(row: dict) -> str:
    text = _("Regular") if row["kind"] == "regular" else _("Thematic")
    if row.get("sitting_id"):
        text += " " + _("(combined, part {order})").format(order=row["sitting_order"])
    return text


def status_text(row: dict) -> str:
    if row["status"] == "draft":
        return _("Draft")
    return _("Finalised, corrected later") if row.get("superseded") else _("Finalised")


class NewMeetingDialog(QDialog):
    """The date (and for a thematic meeting its topic; for a sitting the order) of a new meeting."""

    def __init__(self, store, kind: str, parent=None, day: dt.date | None = None):
        super().__init__(parent)
        self.store, self.kind = store, kind
        titles = {"regular": _("Regular meeting on a chosen date"),
                  "thematic": _("New thematic meeting"),
                  "combined": _("New combined sitting (regular and thematic)")}
        self.setWindowTitle(titles[kind])
        form = QFormLayout(self)
        self.date = DateEdit()
        self.date.setDate(day or dt.date.today())
        label = QLabel(_("&Date:"))
        label.setBuddy(self.date)
        form.addRow(label, self.date)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Only when it is not the rule's day"))
        # The category decides whether a date after the latest day is force majeure.
        self.category = QComboBox()
        self.category.addItem(_("— only when it is not the rule's day —"), None)
        for code in OFF_RULE_CATEGORIES:
            self.category.addItem(category_label(code), code)
        if kind != "thematic":
            label = QLabel(_("&Reason for another day:"))
            label.setBuddy(self.reason)
            form.addRow(label, self.reason)
            label = QLabel(_("Reason &category:"))
            label.setBuddy(self.category)
            form.addRow(label, self.category)
        self.plan_item = QComboBox()
        self.title = QLineEdit()
        self.group = QComboBox()
        self.drafter = QComboBox()
        self.order = QButtonGroup(self)
        if kind in ("thematic", "combined"):
            self.plan_item.addItem(_("— not from the plan —"), None)
            for year in (dt.date.today().year, dt.date.today().year + 1):
                for item in planning.plan_items(store, year):
                    if item.kind == "thematic" and not item.meeting_id and item.active:
                        when = format_ddmmyyyy(item.planned_date) if item.planned_date else \
                            _("quarter {q}").format(q=item.quarter)
                        self.plan_item.addItem(f"{item.title} ({when})", item.id)
            self.plan_item.currentIndexChanged.connect(self._from_plan)
            label = QLabel(_("From the &plan:"))
            label.setBuddy(self.plan_item)
            form.addRow(label, self.plan_item)
            label = QLabel(_("&Title of the topic:"))
            label.setBuddy(self.title)
            form.addRow(label, self.title)
            for g in TOPIC_GROUPS:
                self.group.addItem(_(g.name), g.id)
            label = QLabel(_("Topic &group:"))
            label.setBuddy(self.group)
            form.addRow(label, self.group)
            self.drafter.addItem(_("— choose —"), None)
            people = sorted(members_as_of(store, dt.date.today()),
                            key=lambda m: name_sort_key(m.full_name))
            for m in people:
                self.drafter.addItem(m.full_name, m.id)
            label = QLabel(_("D&rafter:"))
            label.setBuddy(self.drafter)
            form.addRow(label, self.drafter)
        if kind == "combined":
            box = QWidget()
            h = QHBoxLayout(box)
            h.setContentsMargins(0, 0, 0, 0)
            first = QRadioButton(_("Regular &first"))
            second = QRadioButton(_("T&hematic first"))
            first.setChecked(True)
            self.order.addButton(first, 0)
            self.order.addButton(second, 1)
            h.addWidget(first)
            h.addWidget(second)
            form.addRow(_("Order:"), box)
        self.error = ErrorLabel()
        form.addRow(self.error)
        box, self.ok = button_box(_("Start"))
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        form.addRow(box)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 80)
        self.created: str | None = None

    def _from_plan(self) -> None:
        item_id = self.plan_item.currentData()
        if not item_id:
            return
        item = planning.get_plan_item(self.store, item_id)
        self.title.setText(item.title)
        self.group.setCurrentIndex(max(0, self.group.findData(item.topic_group)))
        self.drafter.setCurrentIndex(max(0, self.drafter.findData(item.drafter_id)))
        if item.planned_date:
            self.date.setDate(item.planned_date)

    def accept(self) -> None:
        try:
            self.created = self.create()
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        super().accept()

    def create(self) -> str:
        topic = {}
        if self.kind != "regular":
            topic = dict(title=self.title.text(), group=self.group.currentData(),
                         drafter_id=self.drafter.currentData(),
                         thematic_first=self.kind == "combined" and self.order.checkedId() == 1)
        return new_meeting(self.store, self.date.date(), kind=self.kind,
                           reason=self.reason.text() if self.kind != "thematic" else None,
                           reason_category=self.category.currentData()
                           if self.kind != "thematic" and self.reason.text().strip() else None,
                           plan_item_id=self.plan_item.currentData(), **topic)


def next_sitting(store, today: dt.date | None = None) -> list:
    """The plan's lines of the next sitting not begun yet (planning.next_meeting decides, as
    for the home page): one regular line, one thematic line, or both for a combined sitting."""
    nxt = planning.next_meeting(store, today, unstarted=True)
    return list(nxt.items) if nxt is not None else []


def sitting_parts(sitting: list) -> tuple:
    """(regular line, thematic line) of a sitting; a thematic line on the same day as the
    regular one but not combined with it is a separate meeting (started from the list)."""
    regular = next((i for i in sitting if i.kind == "regular"), None)
    thematic = next((i for i in sitting if i.kind == "thematic"
                     and (i.combined or regular is None)), None)
    return regular, thematic


class MeetingsView(SectionPage, QWidget):
    """The "Meetings" section (list ↔ wizard)."""

    def __init__(self, shell=None, store=None):
        super().__init__()
        self.shell = shell
        self._store = store
        self.wizard: WizardFrame | None = None
        self.next_sitting: list = []
        self.next_item = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)

        self.list_page = QWidget()
        layout = QVBoxLayout(self.list_page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resume")
        self.resume_button.setAutoDefault(False)
        font = self.resume_button.font()
        font.setBold(True)
        self.resume_button.setFont(font)
        self.resume_button.clicked.connect(self.resume)
        layout.addWidget(self.resume_button)
        starts = QHBoxLayout()
        self.next_button = QPushButton()
        self.next_button.clicked.connect(self.start_next)
        self.date_button = QPushButton(_("Regular meeting on a &date…"))
        self.date_button.clicked.connect(lambda: self.start_dialog("regular"))
        self.thematic_button = QPushButton(_("&Thematic meeting…"))
        self.thematic_button.clicked.connect(lambda: self.start_dialog("thematic"))
        self.combined_button = QPushButton(_("&Combined sitting…"))
        self.combined_button.clicked.connect(lambda: self.start_dialog("combined"))
        for b in (self.next_button, self.date_button, self.thematic_button, self.combined_button):
            b.setAutoDefault(False)
            starts.addWidget(b)
        starts.addStretch(1)
        layout.addLayout(starts)
        self.table = record_table([
            _("Date"), _("Kind"), _("Status"), _("Version"), _("Number"), _("Score / rating")])
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.itemSelectionChanged.connect(self._selection)
        self.table.setAccessibleName(_("Meetings"))
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.open_button = QPushButton(_("&Open"))
        self.open_button.setToolTip(_("Open the selected meeting (Enter)"))
        self.open_button.clicked.connect(self.open_selected)
        self.amend_button = QPushButton(_("Make a co&rrected version…"))
        self.amend_button.clicked.connect(lambda: self.amend(self.selected_id()))
        self.documents_button = QPushButton(_("&Documents…"))
        self.documents_button.setToolTip(_(
            "The stored minutes and resolution: preview, print, sign digitally"))
        self.documents_button.clicked.connect(self.open_documents)
        for b in (self.open_button, self.amend_button, self.documents_button):
            b.setAutoDefault(False)
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        for key in ("Return", "Enter"):
            shortcut = QShortcut(QKeySequence(key), self.table)
            shortcut.setContext(Qt.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        self.stack.addWidget(self.list_page)
        self.rows: list[dict] = []
        self.reload()

    # --- the list ---------------------------------------------------------------------------
    def reload(self) -> None:
        if self.wizard is not None:
            return
        self.rows = list(reversed(meetings.list_meetings(self.store)))
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            score = row["score"]
            values = (format_ddmmyyyy(dt.date.fromisoformat(row["date"])), kind_text(row),
                      status_text(row), str(row["version"]), row["number"] or "",
                      f"{decimal_text(float(score['total']))} — {rating_text(score['rating'])}"
                      if score else "")
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.UserRole, row["id"])
                self.table.setItem(r, c, item)
        drafts = [r for r in self.rows if r["status"] == "draft"]
        if drafts:
            newest = max(drafts, key=lambda r: r["updated_at"])
            self.draft_id = newest["id"]
            self.resume_button.setText(_("Continue the meeting in progress: {kind}, {date}").format(
                kind=kind_text(newest), date=format_ddmmyyyy(dt.date.fromisoformat(newest["date"]))))
        else:
            self.draft_id = None
        self.resume_button.setVisible(bool(drafts))
        sitting = next_sitting(self.store)
        self.next_sitting = sitting
        regular, thematic = sitting_parts(sitting)
        item = self.next_item = regular or thematic
        if item is not None:
            when = format_ddmmyyyy(item.planned_date) if item.planned_date else \
                _("month {m}/{y}").format(m=item.month, y=item.year)
            if regular and thematic:
                text = _("Start the &next meeting, regular and thematic combined ({when})")
            elif thematic:
                text = _("Start the &next thematic meeting “{title}” ({when})")
            else:
                text = _("Start the &next regular meeting ({when})")
            self.next_button.setText(text.format(
                when=when, title=thematic.title if thematic else ""))
        self.next_button.setVisible(item is not None)
        if self.table.rowCount() and not self.table.selectedItems():
            self.table.selectRow(0)
        self._selection()

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.UserRole) if items else None

    def _selection(self) -> None:
        mid = self.selected_id()
        row = next((r for r in self.rows if r["id"] == mid), None)
        self.open_button.setEnabled(row is not None)
        self.documents_button.setEnabled(row is not None)
        self.amend_button.setEnabled(bool(row and row["status"] == "finalised"
                                          and not row["superseded"]))

    def open_documents(self) -> None:
        from ui.documents.documents_panel import open_documents

        if self.selected_id():
            open_documents(self, self.store, self.selected_id())

    # --- starting and opening ------------------------------------------------------------------
    def start_next(self) -> None:
        item = self.next_item
        if item is None:
            return
        if item.planned_date is None:
            self.start_dialog("regular", day=dt.date(item.year, item.month, 1))
            return
        regular, thematic = sitting_parts(self.next_sitting)
        kind = "combined" if regular and thematic else item.kind
        try:
            if thematic is None:
                mid = new_meeting(self.store, item.planned_date, plan_item_id=item.id)
            else:   # what the plan says: the thematic topic, alone or with the regular part
                mid = new_meeting(
                    self.store, item.planned_date, kind, plan_item_id=thematic.id,
                    reason=regular.off_rule_reason if regular else None,
                    title=thematic.title, group=thematic.topic_group,
                    drafter_id=thematic.drafter_id,
                    thematic_first=bool(regular and (thematic.combined_order or 2)
                                        < (regular.combined_order or 1)))
        except NewMeetingError:  # e.g. planned off the rule's day with no reason: ask for it
            self.start_dialog(kind, day=item.planned_date)
            return
        self.open_meeting(mid)

    def start_dialog(self, kind: str, day: dt.date | None = None) -> str | None:
        dialog = NewMeetingDialog(self.store, kind, self, day)
        if dialog.exec() and dialog.created:
            self.open_meeting(dialog.created)
            return dialog.created
        return None

    def resume(self) -> None:
        if self.draft_id:
            self.open_meeting(self.draft_id)

    def open_selected(self) -> None:
        mid = self.selected_id()
        if mid:
            self.open_meeting(mid)

    def open_meeting(self, meeting_id: str) -> WizardFrame:
        self.close_wizard()
        frame = WizardFrame(self.store, meeting_id, pages=PAGES)
        frame.closed.connect(self.close_wizard)
        frame.amend_requested.connect(self.amend)
        frame.open_meeting.connect(self.open_meeting)
        self.wizard = frame
        self.stack.addWidget(frame)
        self.stack.setCurrentWidget(frame)
        return frame

    def close_wizard(self) -> None:
        if self.wizard is None:
            return
        frame, self.wizard = self.wizard, None
        frame.flush()
        self.stack.setCurrentWidget(self.list_page)
        self.stack.removeWidget(frame)
        frame.deleteLater()
        self.reload()
        self.table.setFocus()

    def amend(self, meeting_id: str | None) -> str | None:
        if not meeting_id:
            return None
        dialog = ReasonDialog(_("Make a corrected version"), _(
            "The finalised minutes are kept as they are; a new version is made to correct. "
            "&Reason for the correction:"),
            lambda reason: meetings.amend(self.store, meeting_id, reason),
            _("Make the corrected version"), parent=self)
        if dialog.exec() and dialog.result_value:
            self.open_meeting(dialog.result_value)
            return dialog.result_value
        return None
