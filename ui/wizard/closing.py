"""Step "Closing": the summary, tasks (and who present has none), proposals and how each was
handled, the resolution or conclusion, and the vote checked live against the voting members
present (nothing stored while the counts are impossible). The thematic meeting's version has
the secretary's evaluation and the conclusion."""
from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication, QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QSpinBox, QVBoxLayout,
    QWidget,
)

from app import meetings
from app.i18n import N_, _
from app.model import parse_date
from app.rules import attendance as rules

from ..widgets import DateEdit
from .base import (MemberPicker, ResolutionTypeBox, StepPage, TextBox, add_row, bind_date, button,
                   error_label, form_group, note_label, roll_people, row)
from .proceedings import agenda_combo, fill_agenda

HANDLING = (("", N_("— not handled yet —")), ("resolved", N_("Resolved by the cell")),
            ("forwarded", N_("Forwarded to the upper level")))


class ItemRows:
    """A list of editable rows (tasks or proposals) rebuilt only when rows come or go."""

    def __init__(self, page: StepPage, table: str, grid: QGridLayout):
        self.page, self.table, self.grid = page, table, grid
        self.rows: dict[str, dict] = {}
        self.add_button: QWidget | None = None   # gets the focus when a focused row goes

    def sync(self, items: list[dict], make) -> bool:
        if list(self.rows) == [i["id"] for i in items]:
            return False
        focus = QApplication.focusWidget()
        if focus is not None and any(
                (w := self.grid.itemAt(i).widget()) is not None
                and (w is focus or w.isAncestorOf(focus)) for i in range(self.grid.count())):
            self.page.refocus_hint = self.add_button
        while self.grid.count():
            w = self.grid.takeAt(0).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self.rows = {}
        for n, item in enumerate(items):
            self.rows[item["id"]] = make(n, item)
        return True


class ClosingPage(StepPage):
    def build(self) -> None:
        box, form = form_group(_("Summary"))
        self.summary = TextBox(5)
        self.summary.setPlaceholderText(_("The summary of the opinions and what is taken in"))
        self.bind_text(self.summary, "summary",
                       lambda t: meetings.update(self.store, self.mid, summary=t))
        add_row(form, _("S&ummary of opinions:"), self.summary)
        self.layout_.addWidget(box)

        box = QGroupBox(_("Tasks"))
        layout = QVBoxLayout(box)
        self.task_grid = QGridLayout()
        self.task_grid.setColumnStretch(1, 1)
        self.task_grid.setColumnStretch(2, 1)
        layout.addLayout(self.task_grid)
        self.tasks = ItemRows(self, "task", self.task_grid)
        self.add_task = button(_("Add a &task"))
        self.add_task.clicked.connect(self._add_task)
        self.tasks.add_button = self.add_task
        layout.addWidget(row(self.add_task))
        self.without_task = note_label()
        layout.addWidget(self.without_task)
        self.layout_.addWidget(box)

        box = QGroupBox(_("Members' proposals"))
        layout = QVBoxLayout(box)
        self.proposal_grid = QGridLayout()
        self.proposal_grid.setColumnStretch(1, 1)
        self.proposal_grid.setColumnStretch(2, 1)
        layout.addLayout(self.proposal_grid)
        self.proposals = ItemRows(self, "proposal", self.proposal_grid)
        self.add_proposal = button(_("Add a &proposal"))
        self.add_proposal.clicked.connect(self._add_proposal)
        self.proposals.add_button = self.add_proposal
        layout.addWidget(row(self.add_proposal))
        self.layout_.addWidget(box)

        box, form = form_group(_("Resolution or conclusion"))
        self.resolution_type = ResolutionTypeBox(self)
        self.resolution_type.currentIndexChanged.connect(self._type_changed)
        add_row(form, _("The meeting ends with a:"), self.resolution_type)
        self.resolution = TextBox(6)
        self.bind_text(self.resolution, "resolution", lambda t: meetings.update(
            self.store, self.mid, resolution_text=t))
        add_row(form, _("&Text:"), self.resolution)
        # Who signs it for the cell (T/M CHI BỘ): chosen, not assumed.
        self.signer = QComboBox()
        self.signer.setObjectName("resolution_signer")
        self.signer.addItem(_("Secretary"), "secretary")
        self.signer.addItem(_("Deputy secretary"), "deputy")
        self.signer.currentIndexChanged.connect(self._signer_changed)
        add_row(form, _("Si&gned for the cell by:"), self.signer)
        self.layout_.addWidget(box)

        box, form = form_group(_("Vote"))
        self.subject = QLineEdit()
        self.subject.textChanged.connect(lambda _t: self._vote_changed())
        self.subject.editingFinished.connect(self.committer.flush)
        add_row(form, _("Su&bject:"), self.subject)
        self.spins: dict[str, QSpinBox] = {}
        for key, label in (("for", _("&For:")), ("against", _("A&gainst:")),
                           ("abstain", _("Abs&tained:"))):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.valueChanged.connect(lambda _v: self._vote_changed())
            spin.editingFinished.connect(self.committer.flush)
            self.spins[key] = spin
            add_row(form, label, spin)
        self.vote_base = note_label()
        form.addRow("", self.vote_base)
        self.vote_result = QLabel()
        self.vote_result.setWordWrap(True)
        self.vote_result.setObjectName("vote_result")
        # Room for two lines whatever it says: a vote that passes reads in one line, one that
        # does not in two, and the page must not get shorter (and slide under the cursor,
        # scrolled to its end) while the secretary types the numbers.
        self.vote_result.setMinimumHeight(2 * self.vote_result.fontMetrics().lineSpacing())
        self.vote_result.setAlignment(Qt.AlignLeft | Qt.AlignTop)
        form.addRow(_("Result:"), self.vote_result)
        self.vote_error = error_label()
        form.addRow("", self.vote_error)
        self.layout_.addWidget(box)

    def first_field(self):
        return self.summary

    def _signer_changed(self, *_args) -> None:
        role = self.signer.currentData()
        if role:
            self.commit_now(lambda: meetings.set_resolution_signer(self.store, self.mid, role))

    # --- loading ----------------------------------------------------------------------------
    def load(self, record: dict) -> None:
        if not self.summary.hasFocus():
            self.summary.setText(record.get("summary") or "")
        res = record.get("resolution") or {}
        self.resolution_type.load(record)
        if not self.resolution.hasFocus():
            self.resolution.setText(res.get("text") or "")
        cell = record.get("cell") or {}
        for i, key in enumerate(("secretary", "deputy")):
            label = _("Secretary") if key == "secretary" else _("Deputy secretary")
            self.signer.setItemText(i, f"{label} ({cell.get(key)})" if cell.get(key) else label)
        self.signer.setCurrentIndex(max(0, self.signer.findData(
            meetings.resolution_signer(self.store, self.mid))))
        self.people = roll_people(meetings.roll(self.store, self.mid))
        if self.tasks.sync(meetings.items(self.store, self.mid, "task"), self._task_row):
            self.set_read_only(self.frame.read_only)
        for item in meetings.items(self.store, self.mid, "task"):
            self._fill_task(self.tasks.rows[item["id"]], item, record)
        if self.proposals.sync(meetings.items(self.store, self.mid, "proposal"),
                               self._proposal_row):
            self.set_read_only(self.frame.read_only)
        for item in meetings.items(self.store, self.mid, "proposal"):
            self._fill_proposal(self.proposals.rows[item["id"]], item)
        votes = meetings.items(self.store, self.mid, "vote")
        self.vote_id = votes[0]["id"] if votes else None
        vote = votes[0] if votes else {}
        if not self.subject.hasFocus():
            subject = vote.get("subject") or ""
            if not subject or subject in self._default_subjects():
                subject = self._default_subject(res.get("type"))
            self.subject.setText(subject)
        for key, column in (("for", "for_"), ("against", "against"), ("abstain", "abstain")):
            if not self.spins[key].hasFocus():
                self.spins[key].setValue(int(vote.get(column) or 0))
        self._update_live(record)

    def on_committed(self, record: dict) -> None:
        self._update_live(record)

    def _update_live(self, record: dict) -> None:
        assigned = {t["assignee"] for t in record.get("tasks") or []}
        missing = [n for n in (record.get("attendance") or {}).get("present_names", [])
                   if n not in assigned]
        self.without_task.setText(
            _("Present members without a task: {names}").format(names=", ".join(missing))
            if missing else _("Every member present has a task."))
        fig = meetings.figures(self.store, self.mid)
        self.vote_base.setText(_("Voting base {base}; voting members present {present}; "
                                 "at least {needed} votes for are needed.").format(
            base=fig.voting_base, present=fig.voting_present, needed=fig.votes_needed))
        self._show_result(fig)

    def _show_result(self, fig) -> rules.VoteResult:
        result = rules.vote_result(self.spins["for"].value(), self.spins["against"].value(),
                                   self.spins["abstain"].value(), fig.voting_base,
                                   fig.voting_present)
        was = (self.vote_error.isVisibleTo(self), self.vote_error.text(),
               self.vote_result.text())
        if result.errors:
            self.vote_result.setText("")
            self.vote_error.setText(_("Not recorded: {why}").format(why=result.reason))
            self.vote_error.show()
        else:
            self.vote_error.hide()
            self.vote_result.setText(("✔ " if result.passed else "✘ ") + result.reason)
            self.vote_result.setStyleSheet("color: #1b5e20;" if result.passed else
                                           "color: #b00020;")
        now = (self.vote_error.isVisibleTo(self), self.vote_error.text(), self.vote_result.text())
        if now != was and not self._loading and any(
                spin.hasFocus() for spin in self.spins.values()):
            # the message comes below the fields being typed in: bring it into view, once
            # the layout has made room for it
            shown = self.vote_error if result.errors else self.vote_result
            QTimer.singleShot(0, self, lambda: self.scroll.ensureWidgetVisible(shown, 0, 8))
        return result

    # --- rows -------------------------------------------------------------------------------
    def _task_row(self, n: int, item: dict) -> dict:
        who = MemberPicker(empty=_("— member —"))
        who.set_people(self.people)
        who.setAccessibleName(_("Member"))
        text = QLineEdit()
        text.setPlaceholderText(_("The task"))
        due = DateEdit()
        due.setToolTip(_("Deadline (dd/mm/yyyy)"))
        err = error_label()
        agenda = agenda_combo(self.record, _("— agenda item —"))
        remove = button(_("Remove"))
        tid = item["id"]
        who.currentIndexChanged.connect(lambda _i: self.commit_now(lambda: meetings.update_item(
            self.store, "task", tid, member_id=who.currentData())) and self._refresh_live())
        agenda.currentIndexChanged.connect(lambda _i: self.commit_now(
            lambda: meetings.update_item(self.store, "task", tid, agenda_item=agenda.currentData())))
        text.textChanged.connect(lambda t: None if self._loading else self.committer.later(
            f"task:{tid}", lambda: meetings.update_item(self.store, "task", tid, text=text.text())))
        text.editingFinished.connect(self.committer.flush)
        bind_date(self, due, f"task-due:{tid}", lambda day: meetings.update_item(
            self.store, "task", tid, due=day.isoformat() if day else None), err)
        remove.clicked.connect(lambda: self.commit_now(
            lambda: meetings.remove_item(self.store, "task", tid)) and self.reload())
        # two lines per task (who and what; deadline, agenda item, remove): one line of five
        # fields would not fit a narrow page (large text on a 1280-px screen)
        grid = self.task_grid
        grid.addWidget(who, 3 * n, 0)
        grid.addWidget(text, 3 * n, 1, 1, 3)
        grid.addWidget(due, 3 * n + 1, 0)
        grid.addWidget(agenda, 3 * n + 1, 1, 1, 2)
        grid.addWidget(remove, 3 * n + 1, 3)
        grid.addWidget(err, 3 * n + 2, 0, 1, 4)
        return {"who": who, "text": text, "due": due, "agenda": agenda, "remove": remove}

    def _fill_task(self, widgets: dict, item: dict, record: dict) -> None:
        widgets["who"].select(item["member_id"])
        fill_agenda(widgets["agenda"], record, _("— agenda item —"))
        widgets["agenda"].blockSignals(True)
        widgets["agenda"].setCurrentIndex(max(0, widgets["agenda"].findData(item["agenda_item"])))
        widgets["agenda"].blockSignals(False)
        for key, value in (("text", item["text"] or ""),):
            if not widgets[key].hasFocus():
                widgets[key].blockSignals(True)
                widgets[key].setText(value)
                widgets[key].blockSignals(False)
        if not widgets["due"].hasFocus():
            widgets["due"].blockSignals(True)
            widgets["due"].setDate(parse_date(item["due"]) if item["due"] else None)
            widgets["due"].blockSignals(False)

    def _proposal_row(self, n: int, item: dict) -> dict:
        who = MemberPicker(empty=_("— member —"))
        who.set_people(self.people)
        text = QLineEdit()
        text.setPlaceholderText(_("The proposal"))
        handling = QComboBox()
        for key, label in HANDLING:
            handling.addItem(_(label), key)
        note = QLineEdit()
        note.setPlaceholderText(_("Note"))
        remove = button(_("Remove"))
        pid = item["id"]
        who.currentIndexChanged.connect(lambda _i: self.commit_now(lambda: meetings.update_item(
            self.store, "proposal", pid, member_id=who.currentData())))
        handling.currentIndexChanged.connect(lambda _i: self.commit_now(
            lambda: meetings.update_item(self.store, "proposal", pid,
                                         handling=handling.currentData())))
        for key, edit in (("text", text), ("note", note)):
            edit.textChanged.connect(lambda _t, key=key, edit=edit: None if self._loading else
                                     self.committer.later(f"proposal:{pid}:{key}", lambda: (
                                         meetings.update_item(self.store, "proposal", pid,
                                                              **{key: edit.text()}))))
            edit.editingFinished.connect(self.committer.flush)
        remove.clicked.connect(lambda: self.commit_now(
            lambda: meetings.remove_item(self.store, "proposal", pid)) and self.reload())
        grid = self.proposal_grid   # two lines per proposal, as for tasks
        grid.addWidget(who, 2 * n, 0)
        grid.addWidget(text, 2 * n, 1, 1, 3)
        grid.addWidget(handling, 2 * n + 1, 0)
        grid.addWidget(note, 2 * n + 1, 1, 1, 2)
        grid.addWidget(remove, 2 * n + 1, 3)
        return {"who": who, "text": text, "handling": handling, "note": note, "remove": remove}

    def _fill_proposal(self, widgets: dict, item: dict) -> None:
        widgets["who"].select(item["member_id"])
        widgets["handling"].blockSignals(True)
        widgets["handling"].setCurrentIndex(max(0, widgets["handling"].findData(
            item["handling"] or "")))
        widgets["handling"].blockSignals(False)
        for key in ("text", "note"):
            if not widgets[key].hasFocus():
                widgets[key].blockSignals(True)
                widgets[key].setText(item[key] or "")
                widgets[key].blockSignals(False)

    def _refresh_live(self) -> None:
        self._update_live(self.session.record())

    # --- actions ------------------------------------------------------------------------------
    def _add_task(self) -> None:
        self.commit_now(lambda: meetings.add_item(self.store, self.mid, "task", text=""))
        self.reload()
        rows = list(self.tasks.rows.values())
        if rows:
            rows[-1]["who"].setFocus()

    def _add_proposal(self) -> None:
        self.commit_now(lambda: meetings.add_item(self.store, self.mid, "proposal", text=""))
        self.reload()
        rows = list(self.proposals.rows.values())
        if rows:
            rows[-1]["who"].setFocus()

    @staticmethod
    def _default_subject(kind: str | None) -> str:
        return _("Passing the resolution") if kind == "resolution" else \
            _("Passing the conclusion")

    def _default_subjects(self) -> set[str]:
        return {self._default_subject(k) for k in ("resolution", "conclusion")}

    def _type_changed(self, *_args) -> None:
        """The vote's subject follows the choice of resolution or conclusion, unless the
        secretary wrote a subject of their own."""
        if self._loading or self.subject.text().strip() not in self._default_subjects() | {""}:
            return
        self.subject.setText(self._default_subject(self.resolution_type.currentData()))

    def unsaved_problem(self):
        if self.frame.read_only:
            return None
        result = self._show_result(meetings.figures(self.store, self.mid))
        if result.errors:
            return (_("The vote is not recorded: {why} Correct the numbers before going on.")
                    .format(why=result.reason), self.spins["for"])
        return None

    def _vote_changed(self) -> None:
        if self._loading:
            return
        fig = meetings.figures(self.store, self.mid)
        result = self._show_result(fig)
        if result.errors:
            self.committer.pending.pop("vote", None)
            return
        values = (self.subject.text().strip() or _("Passing the conclusion"),
                  self.spins["for"].value(), self.spins["against"].value(),
                  self.spins["abstain"].value())

        def commit():
            meetings.record_vote(self.store, self.mid, *values, vote_id=self.vote_id)
            if self.vote_id is None:
                votes = meetings.items(self.store, self.mid, "vote")
                self.vote_id = votes[0]["id"] if votes else None
        self.committer.later("vote", commit)


class ThematicClosingPage(StepPage):
    """The secretary's evaluation (stored as ``orientation``) and the conclusion (``summary``)."""

    def build(self) -> None:
        box, form = form_group(_("Evaluation and conclusion"))
        self.evaluation = TextBox(6)
        self.evaluation.setPlaceholderText(_("The preparation and quality of the topic and its "
                                             "value for the cell and its members"))
        self.bind_text(self.evaluation, "orientation",
                       lambda t: meetings.update(self.store, self.mid, orientation=t))
        add_row(form, _("Secretary's &evaluation:"), self.evaluation)
        self.conclusion = TextBox(6)
        self.conclusion.setPlaceholderText(_("What must be added to complete the topic"))
        self.bind_text(self.conclusion, "summary",
                       lambda t: meetings.update(self.store, self.mid, summary=t))
        add_row(form, _("&Conclusion:"), self.conclusion)
        self.layout_.addWidget(box)

    def first_field(self):
        return self.evaluation

    def load(self, record: dict) -> None:
        if not self.evaluation.hasFocus():
            self.evaluation.setText(record.get("orientation") or "")
        if not self.conclusion.hasFocus():
            self.conclusion.setText(record.get("summary") or "")
