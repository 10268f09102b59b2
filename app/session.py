"""A meeting being run: the procedure's wizard bound to one stored meeting.

The Qt wizard is a thin view over this class, and tests and the demo drive it headlessly.
Every call that changes something is stored at once (the meeting's data by ``app.meetings``,
the wizard's position here), so a crash loses nothing that was committed.
"""
from __future__ import annotations

import datetime as dt

from . import lifecycle, meeting_score, meetings
from .cell import cell_rules
from .procedure import engine
from .procedure.data import load_procedure
from .rules.facts import meeting_facts
from .rules.scoring import vote as score_vote
from .store import Store


class MeetingSession:
    def __init__(self, store: Store, meeting_id: str):
        self.store = store
        self.meeting_id = meeting_id
        row = meetings._row(store, meeting_id)
        self.procedure = load_procedure(row["procedure_id"])
        self.wizard = engine.Wizard(self.procedure, row["wizard_state"],
                                    checks={self.procedure.finalising_step: self._finalise_check})

    # --- reading ---------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return self.wizard.current

    def record(self) -> dict:
        return meetings.meeting_record(self.store, self.meeting_id)

    def facts(self, record: dict | None = None) -> dict[str, bool]:
        """The checklist facts of the meeting's assessment (``app.rules.assessment``)."""
        if record is None:
            return dict(meetings.assessment(self.store, self.meeting_id).facts)
        return meeting_facts(record, cell_rules(self.store))

    def checklist(self, step_id: str | None = None):
        return self.wizard.checklist(step_id, self.facts())

    def issues(self, step_id: str | None = None):
        return self.wizard.validate(self.facts(), step_id)

    @property
    def scoring_step(self) -> str | None:
        """The step the meeting is scored on (the one that asks for the score), if any."""
        return next((s.id for s in self.procedure.steps
                     if "scored" in s.require + s.recommend), None)

    @property
    def read_only(self) -> bool:
        return self.record()["status"] != "draft"

    # --- moving (each one stored) ----------------------------------------------------------
    def _save(self) -> None:
        meetings.save_wizard_state(self.store, self.meeting_id, self.wizard.state())

    def accept(self) -> engine.Outcome:
        """Check the current step and go on; accepting the finalising step finalises."""
        if self.current == self.procedure.finalising_step and not self.read_only:
            # The score computed on the final record is stored only if it is the one the cell
            # voted on; otherwise _finalise_check refuses until the vote is taken again.
            meeting_score.bring_up_to_date(self.store, self.meeting_id)
        outcome = self.wizard.accept(self.facts())
        if outcome.ok and outcome.finalised and not self.read_only:
            lifecycle.finalise(self.store, self.meeting_id)
        if outcome.ok:
            self._save()
        return outcome

    def next(self) -> str:
        step = self.wizard.next()
        self._save()
        return step

    def back(self) -> str:
        step = self.wizard.back()
        self._save()
        return step

    def goto(self, step_id: str) -> str:
        step = self.wizard.goto(step_id)
        self._save()
        return step

    def tick(self, item_id: str, value: bool | None) -> None:
        self.wizard.tick(item_id, value)
        self._save()

    # --- actions the wizard offers ---------------------------------------------------------
    def start_now(self, now: dt.datetime | None = None) -> str:
        """One click records the actual start time (editable afterwards)."""
        start = (now or dt.datetime.now()).strftime("%H:%M")
        meetings.update(self.store, self.meeting_id, start=start)
        return start

    def end_now(self, now: dt.datetime | None = None) -> str:
        end = (now or dt.datetime.now()).strftime("%H:%M")
        meetings.update(self.store, self.meeting_id, end=end)
        return end

    def default_agenda(self) -> list[tuple[str, str]]:
        return [(h.id, h.label()) for h in self.procedure.agenda]

    def purpose_text(self) -> str:
        record = self.record()
        day = dt.date.fromisoformat(record["date"])
        if "purpose" not in self.procedure.templates:
            return ""
        topic = (record.get("topic") or {}).get("title", "")
        quarter = ("I", "II", "III", "IV")[(day.month - 1) // 3]
        return self.procedure.render("purpose", cell=record["cell"]["name"], month=day.month,
                                     quarter=quarter, year=day.year, topic=topic)

    def _finalise_check(self, facts) -> list[engine.Issue]:
        if self.read_only:
            return []
        issues = [engine.Issue("finalise", p, blocking=True)
                  for p in meetings.finalise_problems(self.store, self.meeting_id, score=False)]
        return issues + [engine.Issue(p.code, score_vote.describe(p), blocking=True)
                         for p in meeting_score.vote_problems(self.store, self.meeting_id)]
