"""The Scoring step: the rubric's groups and criteria with an input per kind, the running
total and rating, caps and forced ratings, the cell's vote on the score.

Nothing to save by hand: what is entered is kept at once (``extra["score_draft"]``, so a
half-scored meeting reopens as it was left), and whenever the entries are complete and valid
the score is stored with its rubric (``meeting_score.save_score``); while they are not, the
meeting has no score and the page says why.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QSpinBox,
    QWidget,
)

from app import meeting_score
from app.i18n import _
from app.rules.scoring import Entry
from app.rules.scoring import vote as score_vote
from app.rules.scoring.sources import fmt_num

from . import style
from .widgets import rating_text
from .wizard.base import (StepPage, TimeEdit, add_row, button, error_label, form_group,
                          note_label, row, with_label)

NOT_SCORED = -0.5


class CriterionInput:
    """The widgets of one criterion, by kind; ``entry()`` is what the secretary entered."""

    def __init__(self, page: "ScorePage", grid: QGridLayout, n: int, crit):
        self.page, self.crit = page, crit
        self.suggested: float | None = None
        name = QLabel(crit.name + (f"\n{crit.note}" if crit.note else ""))
        name.setWordWrap(True)
        grid.addWidget(name, 2 * n, 0)
        self.points = QLabel()
        self.points.setMinimumWidth(self.points.fontMetrics().horizontalAdvance("= 00,5 / 00") + 8)
        self.points.setAlignment(Qt.AlignRight | Qt.AlignVCenter)
        self.reason = None
        self.facts = None
        if crit.kind == "yesno":
            self.input = QComboBox()
            self.input.addItem(_("— not scored —"), None)
            self.input.addItem(_("Yes ({points})").format(points=fmt_num(crit.max)), True)
            self.input.addItem(_("No (0)"), False)
            self.input.currentIndexChanged.connect(lambda _i: page.changed(now=True))
        elif crit.kind == "band":
            self.input = QComboBox()
            self.input.addItem(_("— not scored —"), None)
            for band in crit.bands:
                self.input.addItem(f"{band['name']} ({fmt_num(band['points'])})", band["id"])
            self.input.currentIndexChanged.connect(lambda _i: page.changed(now=True))
        else:
            self.input = QDoubleSpinBox()
            self.input.setDecimals(1)
            self.input.setSingleStep(0.5)
            self.input.setRange(NOT_SCORED if crit.kind == "points" else 0.0, crit.max)
            if crit.kind == "points":
                self.input.setSpecialValueText(_("— not scored —"))
                self.input.setValue(NOT_SCORED)
            self.input.setSuffix(" " + _("pts"))
            self.input.valueChanged.connect(lambda _v: page.changed())
            self.input.editingFinished.connect(page.committer.flush)
        self.input.setAccessibleName(crit.name)
        self.input.setToolTip(_("Maximum {max} points").format(max=fmt_num(crit.max)))
        grid.addWidget(self.input, 2 * n, 1)
        grid.addWidget(self.points, 2 * n, 2)
        if crit.kind == "computed":
            self.facts = note_label()
            self.reason = QLineEdit()
            self.reason.setPlaceholderText(_("Reason for changing the suggested points"))
            self.reason.setAccessibleName(_("Reason for changing: {name}").format(name=crit.name))
            self.reason.textChanged.connect(lambda _t: page.changed())
            self.reason.editingFinished.connect(page.committer.flush)
            extra = QWidget()
            from PySide6.QtWidgets import QVBoxLayout

            v = QVBoxLayout(extra)
            v.setContentsMargins(16, 0, 0, 4)
            v.addWidget(self.facts)
            v.addWidget(self.reason)
            grid.addWidget(extra, 2 * n + 1, 0, 1, 3)

    def entry(self) -> Entry | None:
        kind = self.crit.kind
        if kind == "yesno":
            value = self.input.currentData()
            return None if value is None else Entry(yes=value)
        if kind == "band":
            value = self.input.currentData()
            return None if value is None else Entry(choice=value)
        if kind == "points":
            value = self.input.value()
            return None if value <= NOT_SCORED else Entry(points=value)
        reason = self.reason.text().strip() or None
        value = self.input.value()
        if self.suggested is not None and abs(value - self.suggested) < 1e-9 and not reason:
            return None
        return Entry(points=value, override_reason=reason)

    def set_entry(self, entry: Entry | None) -> None:
        kind = self.crit.kind
        self.input.blockSignals(True)
        if kind == "yesno":
            value = None
            if entry is not None:
                value = entry.yes if entry.yes is not None else (
                    None if entry.points is None else entry.points >= self.crit.max)
            self.input.setCurrentIndex(max(0, self.input.findData(value)))
        elif kind == "band":
            choice = entry.choice if entry else None
            if entry is not None and choice is None and entry.points is not None:
                choice = next((b["id"] for b in self.crit.bands
                               if b["points"] == entry.points), None)
            self.input.setCurrentIndex(max(0, self.input.findData(choice)))
        elif kind == "points":
            self.input.setValue(NOT_SCORED if entry is None or entry.points is None
                                else entry.points)
        else:
            points = entry.points if entry is not None and entry.points is not None \
                else self.suggested
            self.input.setValue(points or 0.0)
            if not self.reason.hasFocus():
                self.reason.blockSignals(True)
                self.reason.setText((entry.override_reason if entry else None) or "")
                self.reason.blockSignals(False)
        self.input.blockSignals(False)

    def show_result(self, scored) -> None:
        self.points.setText(f"= {fmt_num(scored.points)} / {fmt_num(self.crit.max)}")
        if self.crit.kind == "computed":
            follows = (self.suggested is not None and not self.reason.text().strip()
                       and abs(self.input.value() - self.suggested) < 1e-9)
            self.suggested = scored.suggested
            if follows and scored.suggested is not None:
                # Not overridden: the input follows the suggestion (e.g. a planned end typed).
                self.input.blockSignals(True)
                self.input.setValue(scored.suggested)
                self.input.blockSignals(False)
            overridden = bool(self.reason.text().strip()) or (
                scored.suggested is not None and abs(self.input.value() - scored.suggested) > 1e-9)
            self.reason.setVisible(overridden)
            self.facts.setText(_("Suggested {points} points: {facts}").format(
                points=fmt_num(scored.suggested), facts=scored.facts or ""))


class ScorePage(StepPage):
    def build(self) -> None:
        self.rubric = None
        self.inputs: dict[str, CriterionInput] = {}
        self.group_labels: dict[str, QGroupBox] = {}
        self.rubric_label = QLabel()
        self.rubric_label.setWordWrap(True)
        self.rubric_label.setFont(style.heading_font(self, 1.05))
        self.layout_.addWidget(self.rubric_label)
        self.note = note_label(object_name="rubric_note")
        self.note.setStyleSheet("color: #8a5a00; font-style: italic;")
        self.layout_.addWidget(self.note)
        self.total = QLabel()
        self.total.setObjectName("score_total")
        self.total.setFont(style.heading_font(self, 1.3))
        self.layout_.addWidget(self.total)
        self.adjustments = note_label()
        self.adjustments.setStyleSheet("color: #8a5a00;")
        self.layout_.addWidget(self.adjustments)
        self.problems = note_label(object_name="error")
        self.layout_.addWidget(self.problems)

        # Scored before the read-back: on the end time and the read-back as planned here.
        box, form = form_group(_("The end of the meeting, as planned"))
        box.setObjectName("planned_box")
        form.addRow(note_label(_(
            "The score counts on the minutes as they will be: the end time and the read-back "
            "as planned here. If what happens changes the score, the cell votes again before "
            "the minutes are finalised.")))
        self.planned_end = TimeEdit()
        self.planned_end.setAccessibleName(_("Planned end time"))
        self.planned_end.setToolTip(_("The end time the duration is scored on until the "
                                      "actual one is recorded at the read-back"))
        self.planned_end_error = error_label()
        self.planned_end.textChanged.connect(self._planned_end_changed)
        self.planned_end.editingFinished.connect(self.committer.flush)
        self.actual_end = note_label()
        add_row(form, _("Planned &end time:"),
                with_label(row(self.planned_end, self.actual_end), self.planned_end_error),
                self.planned_end)
        self.planned_read_back = QCheckBox(_("The minutes will be &read back and approved"))
        self.planned_read_back.toggled.connect(lambda _on: self.changed(now=True))
        form.addRow("", self.planned_read_back)
        # A part of a combined sitting followed by another part: the duration counts the whole
        # sitting, which has not ended yet; its planned end is kept with this part's score.
        self.planned_sitting_end = TimeEdit()
        self.planned_sitting_end.setObjectName("planned_sitting_end")
        self.planned_sitting_end.setAccessibleName(_("Planned end of the whole sitting"))
        self.planned_sitting_end.setToolTip(_(
            "The sitting's total is scored on this end until its last part ends; if the "
            "sitting's actual end changes this score, its last part is not finalised until "
            "this part's minutes are corrected"))
        self.planned_sitting_end_error = error_label()
        self.planned_sitting_end.textChanged.connect(self._planned_sitting_end_changed)
        self.planned_sitting_end.editingFinished.connect(self.committer.flush)
        self.actual_sitting_end = note_label()
        self.sitting_label = add_row(
            form, _("Planned end of the whole &sitting (with the thematic part):"),
            with_label(row(self.planned_sitting_end, self.actual_sitting_end),
                       self.planned_sitting_end_error), self.planned_sitting_end)
        self.planned_form = form
        self.in_sitting = False
        form.setRowVisible(self.sitting_label, False)
        self.layout_.addWidget(box)
        self.disciplined = QCheckBox(_("A member was &disciplined this month"))
        self.disciplined.setToolTip(_("The rubric may cap the rating in that case"))
        self.disciplined.toggled.connect(lambda _on: self.changed(now=True))
        self.layout_.addWidget(self.disciplined)
        self.groups_box = QWidget()
        from PySide6.QtWidgets import QVBoxLayout

        self.groups_layout = QVBoxLayout(self.groups_box)
        self.groups_layout.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.groups_box)

        box, form = form_group(_("The cell's vote on the score"))
        self.vote: dict[str, QSpinBox] = {}
        for key, label in (("for", _("&For:")), ("against", _("A&gainst:")),
                           ("abstain", _("Abs&tained:"))):
            spin = QSpinBox()
            spin.setRange(0, 999)
            spin.valueChanged.connect(lambda _v: self.changed())
            spin.editingFinished.connect(self.committer.flush)
            self.vote[key] = spin
            add_row(form, label, spin)
        # The score changed since the cell voted (later entries, or the end time recorded at
        # the read-back): say so, and record the new vote.
        self.vote_problem = note_label(object_name="error")
        self.vote_problem.setObjectName("vote_problem")
        self.vote_problem.setStyleSheet("color: #b00020; font-weight: bold;")
        form.addRow(self.vote_problem)
        self.revote_button = button(_("The cell has &voted again on this score"), _(
            "Record that the cell voted on the score shown (change the counts if they changed)"))
        self.revote_button.clicked.connect(self._revote)
        form.addRow("", row(self.revote_button))
        self.layout_.addWidget(box)

    def first_field(self):
        first = next(iter(self.inputs.values()), None)
        return first.input if first else self.disciplined

    # --- building and loading ---------------------------------------------------------------
    def _build_rubric(self, rubric) -> None:
        while self.groups_layout.count():
            w = self.groups_layout.takeAt(0).widget()
            if w is not None:
                w.setParent(None)
                w.deleteLater()
        self.inputs, self.group_labels = {}, {}
        for group in rubric.groups:
            box = QGroupBox()
            grid = QGridLayout(box)
            grid.setColumnStretch(0, 1)
            for n, crit in enumerate(group.criteria):
                self.inputs[crit.id] = CriterionInput(self, grid, n, crit)
            self.group_labels[group.id] = box
            self.groups_layout.addWidget(box)
        self.rubric = rubric
        self.set_read_only(self.frame.read_only)


    def load(self, record: dict) -> None:
        rubric = meeting_score.meeting_rubric(self.store, self.mid)
        if self.rubric is None or (rubric.id, rubric.version, rubric.data) != (
                self.rubric.id, self.rubric.version, self.rubric.data):
            self._build_rubric(rubric)
        self.rubric_label.setText(f"{rubric.name} — {rubric.document}")
        self.note.setText(_("Default rubric, to check: {note}").format(note=rubric.note)
                          if rubric.note else "")
        self.note.setVisible(bool(rubric.note))
        draft = meeting_score.draft_entries(self.store, self.mid)
        if draft is not None:
            entries, flags, vote = draft
            entries = {cid: e for cid, e in entries.items() if cid in self.inputs}
        else:
            entries = meeting_score.stored_entries(self.store, self.mid)
            flags = meeting_score.flags(self.store, self.mid)
            vote = (record.get("score") or {}).get("vote") or {}
        self.disciplined.setChecked(bool(flags.get("member_disciplined")))
        self._load_planned(record)
        for key, spin in self.vote.items():
            spin.setValue(int(vote.get(key) or 0))
        # Suggestions first (computed criteria start from them), then the entries.
        result = meeting_score.preview(self.store, self.mid, {}, flags, rubric,
                                       self.planned_now())
        for g in result.groups:
            for c in g.criteria:
                self.inputs[c.id].show_result(c)
        for cid, widget in self.inputs.items():
            widget.set_entry(entries.get(cid))
        result = self.update_preview()
        stored = record.get("score")
        if (not self.frame.read_only and result.complete and draft is not None
                and (not stored or stored.get("total") != result.to_json().get("total"))):
            self._store()  # suggestions moved since (e.g. the end time was recorded)
        self._show_vote_problem()

    def _load_planned(self, record: dict) -> None:
        """The planned end and read-back; once the record has its own, they are shown (and
        scored) instead, and the planned ones cannot be changed."""
        plan = meeting_score.planned(self.store, self.mid)
        end = record.get("end")
        if not self.planned_end.hasFocus():
            self.planned_end.setText(end or plan.get("end") or "")
        self.planned_end.setEnabled(not end and not self.frame.read_only)
        self.actual_end.setText(_("recorded at the read-back") if end else "")
        self.planned_end_error.hide()
        read = bool(record.get("read_back"))
        self.planned_read_back.setChecked(read or bool(plan.get("read_back")))
        self.planned_read_back.setEnabled(not read and not self.frame.read_only)
        self._load_planned_sitting(record, plan)

    def _load_planned_sitting(self, record: dict, plan: dict) -> None:
        """The planned end of the whole sitting, for a part that is not the last; once the
        last part's end is recorded, that end is shown (the sitting's total is known)."""
        sitting = record.get("sitting")
        self.in_sitting = bool(sitting and not sitting.get("last"))
        self.planned_form.setRowVisible(self.sitting_label, self.in_sitting)
        if not self.in_sitting:
            return
        ended = sitting.get("total_minutes") is not None
        actual = (sitting.get("parts") or [{}])[-1].get("end")
        if not self.planned_sitting_end.hasFocus():
            self.planned_sitting_end.setText(
                (actual if ended else None) or plan.get("sitting_end")
                or sitting.get("planned_end") or "")
        self.planned_sitting_end.setEnabled(not ended and not self.frame.read_only)
        self.actual_sitting_end.setText(
            _("the sitting ended: {minutes} minutes in all").format(
                minutes=sitting["total_minutes"]) if ended else "")
        self.planned_sitting_end_error.hide()

    def planned_now(self) -> dict:
        plan = meeting_score.planned(self.store, self.mid)
        end = self.planned_end.value()
        if end is None or not self.planned_end.isEnabled():  # invalid, or the record's own
            end = plan.get("end")
        now = {"end": end or None, "read_back": self.planned_read_back.isChecked()}
        if self.in_sitting:
            sitting_end = self.planned_sitting_end.value()
            if sitting_end is None or not self.planned_sitting_end.isEnabled():
                sitting_end = plan.get("sitting_end")
            now["sitting_end"] = sitting_end or None
        return now

    def _planned_sitting_end_changed(self, _text: str) -> None:
        if self._loading:
            return
        valid = self.planned_sitting_end.value() is not None
        self.planned_sitting_end_error.setText(
            "" if valid else _("Enter the time as HH:MM, e.g. 14:00."))
        self.planned_sitting_end_error.setVisible(not valid)
        if valid:
            self.changed()

    def _planned_end_changed(self, _text: str) -> None:
        if self._loading:
            return
        valid = self.planned_end.value() is not None
        self.planned_end_error.setText("" if valid else _("Enter the time as HH:MM, e.g. 14:00."))
        self.planned_end_error.setVisible(not valid)
        if valid:
            self.changed()

    def _show_vote_problem(self) -> None:
        problems = [] if self.frame.read_only else meeting_score.vote_problems(self.store, self.mid)
        self.vote_problem.setText("\n".join(score_vote.describe(p) for p in problems))
        self.vote_problem.setVisible(bool(problems))
        # Voting again helps only when the score moved since the vote (not, e.g., when the
        # planned end of the sitting is missing).
        self.revote_button.setVisible(any(p.code in (score_vote.SCORE_CHANGED,
                                                     score_vote.VOTE_NOT_ON_SCORE)
                                           for p in problems))

    def _revote(self) -> None:
        self.flush()
        self.commit_now(lambda: meeting_score.save_entries(
            self.store, self.mid, self.entries(), self.vote_now(), self.flags_now(), self.rubric,
            planned_facts=self.planned_now(), revote=True))

    # --- live total and committing ---------------------------------------------------------
    def entries(self) -> dict[str, Entry]:
        return {cid: e for cid, w in self.inputs.items() if (e := w.entry()) is not None}

    def flags_now(self) -> dict:
        return {"member_disciplined": self.disciplined.isChecked()}

    def vote_now(self) -> dict:
        return {key: spin.value() for key, spin in self.vote.items()}

    def update_preview(self):
        result = meeting_score.preview(self.store, self.mid, self.entries(), self.flags_now(),
                                       self.rubric, self.planned_now())
        for g in result.groups:
            box = self.group_labels[g.id]
            text = _("{name} — {points} of {max} points").format(
                name=g.name, points=fmt_num(g.points), max=fmt_num(g.max))
            box.setTitle(text)
            for c in g.criteria:
                self.inputs[c.id].show_result(c)
        self.total.setText(_("Total {total} / 100 — rating: {rating}").format(
            total=fmt_num(result.total), rating=rating_text(result.rating.name)))
        self.adjustments.setText("\n".join("⚠ " + a.text for a in result.adjustments))
        self.adjustments.setVisible(bool(result.adjustments))
        problems = [e.message for e in result.errors]
        if result.missing:
            names = [self.rubric.criterion(cid).name for cid in result.missing]
            problems.append(_("Not scored yet: {names}").format(names="; ".join(names)))
        if problems:
            problems.insert(0, _("The score is not recorded until this is settled:"))
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))
        self.result = result
        return result

    def changed(self, now: bool = False) -> None:
        if self._loading:
            return
        self.update_preview()
        if now:
            self.commit_now(self._store)
        else:
            self.committer.later("score", self._store)

    def _store(self) -> None:
        meeting_score.save_entries(self.store, self.mid, self.entries(), self.vote_now(),
                                   self.flags_now(), self.rubric, planned_facts=self.planned_now())

    def on_committed(self, record: dict) -> None:
        self._show_vote_problem()
