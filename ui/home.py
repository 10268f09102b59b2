"""The home screen: the next meeting with a countdown, what is still to prepare, a meeting being
recorded, the quarters' thematic meetings and the plan's warnings."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QScrollArea,
    QVBoxLayout, QWidget,
)

from app import follow_up, planning
from app.exchange import inbox
from app.i18n import _, format_date, format_long_date, ngettext

from .calendar_shared import QUARTER_COLORS, item_label, quarter_text, warm_holidays
from .style import heading_font, set_tone
from .office import choose_folder
from .widgets import DateEdit, SectionPage, inform, with_error
from .inbox_texts import office_document_text


def _label(text: str = "", *, wrap: bool = True) -> QLabel:
    """A plain-text label. Not selectable: a selectable label lays its text out as a rich-text
    document, which made the home page a quarter slower to build."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setTextFormat(Qt.PlainText)
    return label


class HomePage(SectionPage, QWidget):
    """The "Home" section (the default one). ``today`` can be fixed for tests."""

    def __init__(self, shell=None, store=None, today: dt.date | None = None):
        super().__init__()
        self.shell = shell
        self._store = store
        self._today = today
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll)
        grid = QGridLayout(body)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)

        box = QGroupBox(_("Next meeting"))
        layout = QVBoxLayout(box)
        self.countdown = _label()
        self.countdown.setFont(heading_font(self, 1.6))
        self.when = _label()
        self.when.setFont(heading_font(self, 1.15))
        self.place = _label()
        self.what = _label()
        for w in (self.countdown, self.when, self.place, self.what):
            layout.addWidget(w)
        self.prepare_heading = _label(_("Still to prepare"))
        self.prepare_heading.setFont(heading_font(self, 1.0))
        layout.addWidget(self.prepare_heading)
        self.to_prepare = _label()
        set_tone(self.to_prepare, "error")
        layout.addWidget(self.to_prepare)
        buttons = QHBoxLayout()
        self.calendar_button = QPushButton(_("Open the meeting &calendar"))
        self.calendar_button.clicked.connect(lambda: self._open("calendar"))
        self.plan_year: int | None = None    # the year the plan button makes
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(self.make_plan)
        buttons.addWidget(self.calendar_button)
        buttons.addWidget(self.plan_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        grid.addWidget(box, 0, 0)

        self.draft_box = QGroupBox(_("Meeting being recorded"))
        layout = QVBoxLayout(self.draft_box)
        self.draft = _label()
        layout.addWidget(self.draft)
        row = QHBoxLayout()
        self.draft_button = QPushButton(_("&Continue in Meetings"))
        self.draft_button.clicked.connect(lambda: self._open("meetings"))
        row.addWidget(self.draft_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        grid.addWidget(self.draft_box, 1, 0)

        box = QGroupBox()
        self.quarter_box = box
        layout = QVBoxLayout(box)
        self.quarters = [_label() for _q in range(4)]
        for label in self.quarters:
            layout.addWidget(label)
        layout.addStretch(1)
        grid.addWidget(box, 0, 1)

        box = QGroupBox(_("Plan warnings"))
        layout = QVBoxLayout(box)
        self.warnings = _label()
        layout.addWidget(self.warnings)
        layout.addStretch(1)
        grid.addWidget(box, 1, 1)

        # Hướng dẫn 42-HD/BTCTW (28/10/2025, per secondary copies): the final documents go onto
        # the Sổ tay đảng viên điện tử within 2 days after the meeting.
        self.handbook_box = QGroupBox(_("Final documents on the Sổ tay (e-handbook)"))
        layout = QVBoxLayout(self.handbook_box)
        self.handbook = _label()
        layout.addWidget(self.handbook)
        row = QHBoxLayout()
        self.handbook_date = DateEdit()
        self.handbook_date.setAccessibleName(_("Day the final documents were put on the "
                                               "Sổ tay"))
        date_box, self.handbook_error = with_error(self.handbook_date)
        self.handbook_button = QPushButton(_("Record the &upload"))
        self.handbook_button.clicked.connect(self.record_handbook)
        row.addWidget(date_box)
        row.addWidget(self.handbook_button)
        row.addStretch(1)
        layout.addLayout(row)
        grid.addWidget(self.handbook_box, 2, 0)

        # Issue 17: what the party office sent back (receipts, documents sent down).
        box = QGroupBox(_("Party office"))
        layout = QVBoxLayout(box)
        self.office_pending = _label()
        layout.addWidget(self.office_pending)
        self.office_docs = _label()
        layout.addWidget(self.office_docs)
        row = QHBoxLayout()
        self.office_fp_edit = QLineEdit()
        self.office_fp_edit.setPlaceholderText(_("SHA-256 fingerprint of the office's key"))
        self.office_fp_edit.setAccessibleName(_("Fingerprint of the office's key"))
        self.office_fp_button = QPushButton(_("&Set the office key"))
        self.office_fp_button.clicked.connect(self.set_office_key)
        self.office_fp_error = _label()
        set_tone(self.office_fp_error, "error")
        # the field has the box's whole width, its button below: beside the button the field
        # was too narrow for its placeholder in large text (cut "Dấu vân tay SH…")
        hint = self.office_fp_edit.placeholderText()
        self.office_fp_edit.setMinimumWidth(
            self.office_fp_edit.fontMetrics().horizontalAdvance(hint) + 16)
        layout.addWidget(self.office_fp_edit)
        row.addWidget(self.office_fp_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.office_fp_error)
        row = QHBoxLayout()
        self.inbox_button = QPushButton(_("&Import from the office…"))
        self.inbox_button.setToolTip(_("Receipts and documents the party office wrote to the "
                                       "USB stick, checked against the office's key"))
        self.inbox_button.clicked.connect(lambda: self.import_inbox())
        row.addWidget(self.inbox_button)
        row.addStretch(1)
        layout.addLayout(row)
        grid.addWidget(box, 2, 1)
        grid.setRowStretch(3, 1)
        self.reload()
        # The year view needs this year's public holidays: compute them while the user reads.
        QTimer.singleShot(0, lambda: warm_holidays((self.today.year, self.today.year + 1)))

    def set_today(self, today: dt.date | None) -> None:
        self._today = today
        self.reload()

    def _open(self, section: str):
        if self.shell is None:
            return None
        try:
            return self.shell.show_section(section)
        except (ValueError, KeyError):
            return None

    def make_plan(self) -> None:
        year = self.plan_year or self.today.year
        planning.ensure_year_plan(self.store, year)
        self.reload()
        page = self._open("calendar")
        if page is not None and hasattr(page, "show_plan"):
            if hasattr(page, "set_year"):
                page.set_year(year)
            page.reload()
            page.show_plan()

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        today, year = self.today, self.today.year
        self.plan_year = planning.plan_to_make(self.store, today)
        has_plan = self.plan_year != year
        nxt = planning.next_meeting(self.store, today)
        self.plan_button.setText(_("&Make the plan of {year}").format(
            year=self.plan_year or year))
        self.plan_button.setVisible(self.plan_year is not None)
        self._show_next(nxt, has_plan)
        self._show_draft()
        self._show_handbook()
        self._show_office()
        self.quarter_box.setTitle(_("Thematic meetings in {year}").format(year=year))
        for q, status in planning.thematic_compliance(self.store, year, today).items():
            label = self.quarters[q - 1]
            label.setText(quarter_text(q, status))
            label.setStyleSheet(f"color: {QUARTER_COLORS[status]}")
            label.setProperty("status", status)
        warnings = planning.plan_warnings_for(self.store, year, today) if has_plan else []
        lines = [("• " if w.level == "info" else "⚠ ") + w.message for w in warnings]
        self.warnings.setText("\n".join(lines) if lines else
                              _("No warnings.") if has_plan else
                              _("The plan of {year} is not made yet.").format(year=year))

    def _show_next(self, nxt, has_plan: bool) -> None:
        if nxt is None:
            self.countdown.setText(_("No meeting planned"))
            self.when.setText(
                _("Make the year plan to see the next meeting here.") if not has_plan else
                _("No further meeting in the plan of {year}: make the plan of {next} to see "
                  "the next meeting here.").format(year=self.today.year, next=self.plan_year)
                if self.plan_year else _("No further meeting in the plan."))
            self.place.hide()
            self.what.hide()
            self.prepare_heading.hide()
            self.to_prepare.hide()
            return
        self.place.show()
        self.what.show()
        if nxt.date is None:
            item = nxt.items[0]
            self.countdown.setText(_("Month {month}: the date is still to be chosen").format(
                month=item.month))
            self.when.setText(_("The rule gives no day this month."))
        else:
            if nxt.days_left == 0:
                self.countdown.setText(_("Today"))
            else:
                self.countdown.setText(ngettext("In {n} day", "In {n} days", nxt.days_left)
                                       .format(n=nxt.days_left))
            when = format_long_date(nxt.date)
            if nxt.time:
                when = _("{date} at {time}").format(date=when, time=nxt.time)
            self.when.setText(when)
        self.place.setText(_("Place: {place}").format(place=nxt.place or "—"))
        parts = []
        for item in nxt.items:
            text = item_label(item)
            if len(nxt.items) > 1:
                text = _("{order}. {what}").format(order=item.combined_order or "?", what=text)
            parts.append(text)
        if len(nxt.items) > 1:
            parts.insert(0, _("Regular and thematic meetings in one sitting, one after the "
                              "other:"))
        self.what.setText("\n".join(parts))
        self.prepare_heading.show()
        self.to_prepare.show()
        self.to_prepare.setText("\n".join("• " + t for t in nxt.to_prepare)
                                if nxt.to_prepare else _("Nothing left: everything is ready."))
        set_tone(self.to_prepare, "error" if nxt.to_prepare else "ok")

    def _show_handbook(self) -> None:
        self.reminders = follow_up.handbook_reminders(self.store, self.today)
        self.handbook_box.setVisible(bool(self.reminders))
        lines = []
        for r in self.reminders:
            kind = _("Thematic meeting") if r.kind == "thematic" else _("Regular meeting")
            text = _("{kind} of {date}: final documents due on the Sổ tay by {due}.").format(
                kind=kind, date=format_date(r.date), due=format_date(r.due))
            if r.overdue:
                text = "⚠ " + text + " " + _("Overdue.")
            lines.append(text)
        if self.reminders:
            lines.append(_("Record the day of the upload for the first one:"))
        self.handbook.setText("\n".join(lines))
        set_tone(self.handbook, "error" if any(r.overdue for r in self.reminders) else "ok")
        self.handbook_error.set_error(None)
        if self.reminders and not self.handbook_date.text():
            # today's date, never the deadline: an overdue upload pre-filled with its due day
            # was recorded as on time with one click
            self.handbook_date.setDate(self.today)

    def _show_office(self) -> None:
        pending = inbox.not_received_rows(self.store)
        exported = bool(pending) or inbox.any_export(self.store)
        if pending:
            lines = [_("Not yet received by the office:")]
            for st in pending:
                text = _("{kind} of {date}, version {version}").format(
                    kind=_("thematic meeting") if st["kind"] == "thematic" else
                    _("regular meeting"), date=format_date(dt.date.fromisoformat(st["date"])),
                    version=st["version"])
                if st["rejected"]:
                    text += " — " + st["rejected"]
                lines.append("• " + text)
            self.office_pending.setText("\n".join(lines))
        elif exported:
            self.office_pending.setText(_("The office has received everything exported."))
        else:
            self.office_pending.setText(_("No bundle exported yet."))
        set_tone(self.office_pending, "error" if pending else "ok" if exported else "muted")
        trusted = inbox.trusted_office(self.store)
        for w in (self.office_fp_edit, self.office_fp_button):
            w.setVisible(not trusted)
        self.office_fp_error.setText("")
        self.office_fp_error.setVisible(not trusted)
        self.inbox_button.setEnabled(bool(trusted))
        docs = inbox.office_documents(self.store)[:5]
        self.office_docs.setVisible(bool(docs))
        self.office_docs.setText("\n".join([_("Documents sent down by the office:")] + [
            "• " + office_document_text(d) for d in docs]))

    def set_office_key(self) -> None:
        """The office's key, set once by its fingerprint (read to the secretary by the office
        over another channel)."""
        try:
            inbox.trust_office(self.store, self.office_fp_edit.text())
        except ValueError as exc:
            self.office_fp_error.setText(str(exc))
            return
        self.office_fp_edit.clear()
        self.reload()

    def import_inbox(self, folder=None) -> list:
        """Import the office's receipts and documents of a folder (the USB stick)."""
        if folder is None:
            folder = choose_folder(self, _("Folder with the office's receipts and documents"))
            if folder is None:
                return []
        title = _("Import from the office")
        from app.exchange import downlink   # the exchange stack, loaded when used (start-up)

        try:
            results = downlink.import_inbox(self.store, folder)
        except ValueError as exc:
            inform(self, title, str(exc), kind="error")
            return []
        rejected = [r for r in results if r.status == "rejected"]
        if not results:
            inform(self, title, _("No receipt or office document in this folder."))
        elif rejected:
            inform(self, title, "\n".join(f"{r.path.name}: {r.reason}" for r in rejected),
                   kind="error")
        else:
            inform(self, title, _("Imported: {count} file(s) from the office.").format(
                count=len(results)))
        self.reload()
        return results

    def record_handbook(self) -> None:
        """Record the upload day of the oldest meeting in the reminder."""
        if not self.reminders:
            return
        try:
            day = self.handbook_date.date()
        except ValueError as exc:
            self.handbook_error.set_error(str(exc))
            return
        if day is None:
            self.handbook_error.set_error(_("Enter the day of the upload."))
            return
        first = self.reminders[0]
        try:
            follow_up.record_final_on_handbook(self.store, first.meeting_id, day,
                                               today=self.today)
        except follow_up.HandbookDayError as exc:
            self.handbook_error.set_error(exc.message())
            return
        self.handbook_date.clear()
        self.reload()

    def _show_draft(self) -> None:
        drafts = planning.meetings_being_recorded(self.store)
        self.draft_box.setVisible(bool(drafts))
        if not drafts:
            self.draft.setText("")
            return
        lines = []
        for m in drafts:
            day = dt.date.fromisoformat(m["date"]) if m["date"] else None
            kind = _("thematic meeting") if m["kind"] == "thematic" else _("regular meeting")
            lines.append(_("The {kind} of {date} is being recorded (draft, not finalised).")
                         .format(kind=kind, date=format_date(day) if day else "—"))
        self.draft.setText("\n".join(lines))
