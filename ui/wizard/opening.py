"""Step "Opening": the start time in one click, the purpose, guests, the roll call with live
figures and warnings (never blocking), the minute-taker and the agenda approved."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QToolButton,
    QVBoxLayout, QWidget,
)

from app import meetings
from app.i18n import N_, _, language

from .base import (MemberPicker, StepPage, TextBox, TimeEdit, add_row, button, error_label,
                   form_group, note_label, present_people, row, with_label)

PRESENCE = ((None, N_("— not called —")), ("present", N_("Present")),
            ("absent_reason", N_("Absent with a reason")),
            ("absent_no_reason", N_("Absent without a reason")))


REASON_CHARS = 12
GUEST_CHARS = 16


def reason_width(edit: QLineEdit) -> int:
    """The least width of a reason field: REASON_CHARS average characters and its frame."""
    return edit.fontMetrics().averageCharWidth() * REASON_CHARS + 12


def _pct(rate) -> str:
    if rate is None:
        return "—"
    text = f"{rate:.1f}".rstrip("0").rstrip(".")
    return (text.replace(".", ",") if language() == "vi" else text) + "%"


class RollRow:
    """One member's line of the roll call."""

    def __init__(self, page: "OpeningPage", grid: QGridLayout, n: int, member: dict, counted: bool):
        self.page = page
        self.member_id = member["member_id"]
        tags = []
        if member["party_status"] == "probationary":
            tags.append(_("probationary"))
        if member["exempted"]:
            tags.append(_("exempted"))
        if member["elsewhere"]:
            tags.append(_("meeting elsewhere"))
        if member["temporary_here"]:
            tags.append(_("meeting here temporarily"))
        self.name = QLabel(member["name"] + (f"  ({', '.join(tags)})" if tags else ""))
        self.name.setWordWrap(True)   # a long name with its tags takes two lines
        self.status = QComboBox()
        for key, label in PRESENCE:
            self.status.addItem(_(label), key)
        # narrow enough to leave the name and the reason room (the longest choices are cut
        # and shown whole in the tooltip)
        self.status.setMinimumContentsLength(9)
        self.status.setAccessibleName(_("Presence of {name}").format(name=member["name"]))
        self.status.setToolTip(_("Type C for present, V for absent (again for without a reason)"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(_("Reason"))
        # room for a short reason ("Đi công tác") in any text size; the name wraps instead
        self.reason.setMinimumWidth(reason_width(self.reason))
        self.reason.setAccessibleName(_("Reason of {name}").format(name=member["name"]))
        self.late = TimeEdit()
        self.late.setToolTip(_("Arrived late at (HH:MM)"))
        self.left = TimeEdit()
        self.left.setToolTip(_("Left early at (HH:MM)"))
        for col, w in enumerate((self.name, self.status, self.reason, self.late, self.left)):
            grid.addWidget(w, n, col)
        self.status.currentIndexChanged.connect(lambda _i: self.commit(now=True))
        for edit in (self.reason, self.late, self.left):
            edit.textChanged.connect(lambda _t: self.commit())
            edit.editingFinished.connect(page.committer.flush)

    def fill(self, member: dict) -> None:
        self.status.blockSignals(True)
        self.status.setCurrentIndex(max(0, self.status.findData(member["presence"])))
        self.status.blockSignals(False)
        for edit, value in ((self.reason, member["reason"]), (self.late, member["late"]),
                            (self.left, member["left_early"])):
            if not edit.hasFocus():
                edit.blockSignals(True)
                edit.setText(value or "")
                edit.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        status = self.status.currentData()
        ro = self.page.frame.read_only
        self.reason.setEnabled(status == "absent_reason" and not ro)
        self.late.setEnabled(status == "present" and not ro)
        self.left.setEnabled(status == "present" and not ro)

    def commit(self, now: bool = False) -> None:
        if self.page._loading:
            return
        self._enable()
        status = self.status.currentData()
        late, left = self.late.value(), self.left.value()
        if late is None or left is None:
            self.page.frame.show_error(_("Enter the time as HH:MM, e.g. 14:00."))
            return

        def fn():
            meetings.set_presence(self.page.store, self.page.mid, self.member_id, status,
                                  self.reason.text(), late or None, left or None)
        if now:
            self.page.commit_now(fn)
        else:
            self.page.committer.later(f"presence:{self.member_id}", fn)


class OpeningPage(StepPage):
    def build(self) -> None:
        box, form = form_group(_("Opening"))
        self.start = TimeEdit()
        self.start_error = error_label()
        self.bind_time(self.start, "start", lambda v: meetings.update(self.store, self.mid,
                                                                      start=v), self.start_error)
        self.start_button = button(_("&Start now"), _("Records the current time as the start "
                                                      "(it can be changed)"))
        self.start_button.clicked.connect(self._start_now)
        add_row(form, _("Start &time:"), with_label(row(self.start, self.start_button),
                                                    self.start_error), self.start)
        # Compact, so that the roll call below shows as many members as possible at once:
        # the template button beside the purpose, the guests a row of this form, the figures
        # summed up in one line above the roll call (the full table on demand).
        self.purpose = TextBox(3)
        self.bind_text(self.purpose, "purpose",
                       lambda t: meetings.update(self.store, self.mid, purpose=t))
        self.template_button = button(_("Use the &template"))
        self.template_button.clicked.connect(self._template)
        purpose_box = QWidget()
        h = QHBoxLayout(purpose_box)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(self.purpose, 1)
        h.addWidget(self.template_button, 0, Qt.AlignTop)
        purpose_box.setFocusProxy(self.purpose)
        add_row(form, _("P&urpose:"), purpose_box, self.purpose)

        self.guests_box = QWidget()
        gl = QVBoxLayout(self.guests_box)
        gl.setContentsMargins(0, 0, 0, 0)
        self.guest_grid = QGridLayout()
        gl.addLayout(self.guest_grid)
        self.add_guest = button(_("Add a &guest"))
        self.add_guest.clicked.connect(self._add_guest)
        gl.addWidget(row(self.add_guest))
        self.guest_rows: dict[str, tuple] = {}
        # the guests take the page's whole width, under their label: beside the column of
        # labels three fields were left too narrow for a name in large text
        for col in range(3):
            self.guest_grid.setColumnStretch(col, 1)
        guests_label = QLabel(_("Guests:"))
        guests_label.setBuddy(self.add_guest)
        form.addRow(guests_label)
        form.addRow(self.guests_box)
        self.layout_.addWidget(box)

        box = QGroupBox(_("Roll call"))
        layout = QVBoxLayout(box)
        layout.setSpacing(4)
        self.sitting_note = note_label()
        layout.addWidget(self.sitting_note)
        self.all_present = button(_("&All present"), _("Everyone not yet called is present"))
        self.all_present.clicked.connect(
            lambda: self.commit_now(lambda: meetings.mark_all_present(self.store, self.mid))
            and self.reload())
        self.figures_summary = QLabel()
        self.figures_summary.setObjectName("figures_summary")
        self.figures_summary.setWordWrap(True)
        self.figures_button = QToolButton()
        self.figures_button.setText(_("All &figures"))
        self.figures_button.setCheckable(True)
        self.figures_button.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        self.figures_button.setArrowType(Qt.RightArrow)
        self.figures_button.setToolTip(_("Show or hide the attendance figures in full"))
        self.figures_button.setProperty("keep_enabled", True)
        self.figures_button.toggled.connect(self._show_figures)
        top = QHBoxLayout()
        top.addWidget(self.all_present)
        top.addWidget(self.figures_summary, 1)
        top.addWidget(self.figures_button, 0, Qt.AlignTop)
        layout.addLayout(top)

        self.figures_box = QWidget()
        grid = QGridLayout(self.figures_box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.figures: dict[str, QLabel] = {}
        labels = (("on_roll", _("Members on the roll")), ("base", _("Attendance base")),
                  ("present", _("Present")), ("rate", _("Attendance rate")),
                  ("voting_base", _("Voting base")), ("voting_present", _("Voting members present")))
        for i, (key, text) in enumerate(labels):
            name = QLabel(text + ":")
            name.setWordWrap(True)
            grid.addWidget(name, i // 2, (i % 2) * 2)
            value = QLabel()
            value.setObjectName(f"figure_{key}")
            font = value.font()
            font.setBold(True)
            value.setFont(font)
            self.figures[key] = value
            grid.addWidget(value, i // 2, (i % 2) * 2 + 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self.figures_box.hide()
        layout.addWidget(self.figures_box)
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setObjectName("warnings")
        layout.addWidget(self.warnings)

        self.grid = QGridLayout()
        self.grid.setVerticalSpacing(2)
        for col, text in enumerate((_("Member"), _("Presence"), _("Reason for absence"),
                                    _("Late"), _("Left early"))):
            head = QLabel(f"<b>{text}</b>")
            head.setWordWrap(True)
            self.grid.addWidget(head, 0, col)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(2, 1)
        layout.addLayout(self.grid)
        apart = _("Not counted (exempted or meeting elsewhere)")
        self.apart_label = QLabel(f"<b>{apart}</b>")
        self.apart_label.setWordWrap(True)
        layout.addWidget(self.apart_label)
        self.apart_grid = QGridLayout()
        self.apart_grid.setVerticalSpacing(2)
        self.apart_grid.setColumnStretch(0, 1)
        self.apart_grid.setColumnStretch(2, 1)
        layout.addLayout(self.apart_grid)
        self.rows: dict[str, RollRow] = {}
        self.layout_.addWidget(box)

        box, form = form_group(_("Minute-taker and agenda"))
        self.minute_taker = MemberPicker(empty=_("— choose —"))
        self.minute_taker.setToolTip(_("Chosen from the members present"))
        self.minute_taker.currentIndexChanged.connect(
            lambda: self.commit_now(lambda: meetings.update(
                self.store, self.mid, minute_taker_id=self.minute_taker.currentData())))
        add_row(form, _("&Minute-taker:"), self.minute_taker)
        self.agenda_text = note_label()
        add_row(form, _("Agenda:"), self.agenda_text)
        self.agenda_approved = QCheckBox(_("The agenda was appr&oved"))
        self.agenda_approved.toggled.connect(
            lambda on: self.commit_now(lambda: meetings.update(self.store, self.mid,
                                                               agenda_approved=on)))
        form.addRow("", self.agenda_approved)
        self.layout_.addWidget(box)

    def first_field(self):
        return self.start if not self.start.text() else self.all_present

    # --- loading --------------------------------------------------------------------------
    def load(self, record: dict) -> None:
        if not self.start.hasFocus():
            self.start.setText(record.get("start") or "")
        self.purpose.setText(record.get("purpose") or "")
        self._fill_guests()
        roll = meetings.roll(self.store, self.mid)
        if set(self.rows) != {m["member_id"] for m in roll}:
            self._build_roll(roll)
        for m in roll:
            self.rows[m["member_id"]].fill(m)
        self.agenda_text.setText("\n".join(f"{i}. {a['title']}" for i, a in
                                           enumerate(record.get("agenda") or [], 1))
                                 or _("(no agenda yet: see the Preparation step)"))
        self.agenda_approved.setChecked(bool(record.get("agenda_approved")))
        sitting = record.get("sitting")
        if sitting:
            others = [p for p in sitting["parts"] if p["id"] != self.mid]
            text = _("Combined sitting: one roll call serves every part; what is recorded here "
                     "is recorded in the other part too.")
            if any(m["presence"] for m in roll) and sitting["order"] > 1:
                text += " " + _("The roll call was already taken in part {order}; change it here "
                                "only if someone came or left.").format(
                    order=others[0]["order"] if others else 1)
            self.sitting_note.setText(text)
        self.sitting_note.setVisible(bool(sitting))
        self._update_live(record, roll)

    def _build_roll(self, roll: list[dict]) -> None:
        for grid in (self.grid, self.apart_grid):
            for i in reversed(range(grid.count())):
                if grid is self.grid and grid.getItemPosition(i)[0] == 0:
                    continue
                w = grid.takeAt(i).widget()
                if w is not None:
                    w.deleteLater()
        self.rows = {}
        counted = [m for m in roll if not m["exempted"] and not m["elsewhere"]]
        apart = [m for m in roll if m["exempted"] or m["elsewhere"]]
        for n, m in enumerate(counted, 1):
            self.rows[m["member_id"]] = RollRow(self, self.grid, n, m, True)
        for n, m in enumerate(apart):
            self.rows[m["member_id"]] = RollRow(self, self.apart_grid, n, m, False)
        self.apart_label.setVisible(bool(apart))
        self.set_read_only(self.frame.read_only)

    def _fill_guests(self) -> None:
        guests = meetings.items(self.store, self.mid, "guest")
        if list(self.guest_rows) != [g["id"] for g in guests]:
            while self.guest_grid.count():
                w = self.guest_grid.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
            self.guest_rows = {}
            for n, g in enumerate(guests):
                edits = []
                for col, (key, placeholder) in enumerate((
                        ("name", _("Full name")), ("title", _("Position")),
                        ("organisation", _("Organisation")))):
                    edit = QLineEdit()
                    edit.setPlaceholderText(placeholder)
                    # a name or a position of GUEST_CHARS average characters shows whole
                    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * GUEST_CHARS
                                         + 12)
                    edit.textChanged.connect(
                        lambda text, gid=g["id"], key=key: self._guest_changed(gid, key, text))
                    edit.editingFinished.connect(self.committer.flush)
                    self.guest_grid.addWidget(edit, n, col)
                    edits.append(edit)
                remove = button(_("Remove"))
                remove.clicked.connect(lambda _c=False, gid=g["id"]: self._remove_guest(gid))
                self.guest_grid.addWidget(remove, n, 3)
                self.guest_rows[g["id"]] = tuple(edits)
            self.set_read_only(self.frame.read_only)
        for g in guests:
            for edit, key in zip(self.guest_rows[g["id"]], ("name", "title", "organisation")):
                if not edit.hasFocus():
                    edit.blockSignals(True)
                    edit.setText(g[key] or "")
                    edit.blockSignals(False)

    # --- live figures ----------------------------------------------------------------------
    def on_committed(self, record: dict) -> None:
        self._update_live(record, meetings.roll(self.store, self.mid))

    def _update_live(self, record: dict, roll: list[dict]) -> None:
        fig = meetings.figures(self.store, self.mid)
        values = {"on_roll": fig.on_roll, "base": fig.base, "present": fig.present,
                  "rate": _pct(fig.rate), "voting_base": fig.voting_base,
                  "voting_present": fig.voting_present}
        for key, value in values.items():
            self.figures[key].setText(str(value))
        self.figures_summary.setText(_(
            "Present {present} of {base} ({rate}); voting members present {voting_present} "
            "of {voting_base}").format(**{k: values[k] for k in (
                "present", "base", "rate", "voting_present", "voting_base")}))
        self.warnings.setText("\n".join("⚠ " + w.message for w in fig.warnings))
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.minute_taker.set_people(present_people(record, roll))
        taker = next((r["member_id"] for r in roll if r["name"] == record.get("minute_taker")),
                     None)
        self.minute_taker.select(taker)
        self.all_present.setEnabled(not self.frame.read_only and
                                    any(r["presence"] is None for r in roll
                                        if not r["exempted"] and not r["elsewhere"]))

    def _show_figures(self, shown: bool) -> None:
        self.figures_box.setVisible(shown)
        self.figures_button.setArrowType(Qt.DownArrow if shown else Qt.RightArrow)

    # --- actions ---------------------------------------------------------------------------
    def _start_now(self) -> None:
        self.commit_now(self.session.start_now)
        self.reload()

    def _template(self) -> None:
        text = self.session.purpose_text()
        self.commit_now(lambda: meetings.update(self.store, self.mid, purpose=text))
        self.reload()

    def _add_guest(self) -> None:
        self.commit_now(lambda: meetings.add_item(self.store, self.mid, "guest", name=""))
        self.reload()
        last = list(self.guest_rows.values())[-1:]
        if last:
            last[0][0].setFocus()

    def _remove_guest(self, guest_id: str) -> None:
        self.commit_now(lambda: meetings.remove_item(self.store, "guest", guest_id))
        self.reload()

    def _guest_changed(self, guest_id: str, key: str, text: str) -> None:
        if self._loading:
            return
        self.committer.later(f"guest:{guest_id}:{key}", lambda: meetings.update_item(
            self.store, "guest", guest_id, **{key: text}))
