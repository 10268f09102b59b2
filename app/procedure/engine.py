"""The wizard: a small state machine over a ``Procedure`` (after Electrum's wizard).

Each step has a *next* (the following step in the file), an *accept* (the step's checks, then
move on) and a *last* flag; a stack of the steps walked lets the user go back. The wizard holds
no meeting data: the caller passes *facts* (``app.rules.facts``) and stores ``state()``
after every action, so a meeting reopened after a crash resumes at the same step::

    {"current": "opening", "stack": ["preparation"], "done": ["preparation"],
     "visited": ["preparation", "opening"], "ticks": {"open-agenda": true},
     "finalised": false, "finished": false}

Checks: each step's ``require`` facts block ``accept`` when false, its ``recommend`` facts and
unticked checklist items only warn; extra per-step checks can be plugged in
(``checks={"readback": fn}``, ``fn(facts) -> iterable of Issue``). Warnings never block.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from app.i18n import _
from app.rules.facts import fact_label

from .data import Item, Procedure, ProcedureError, Step

Facts = Mapping[str, Any]


@dataclass(frozen=True)
class Issue:
    """A finding about a step: ``blocking`` ones stop ``accept``, the others are warnings."""
    code: str
    message: str
    blocking: bool = False


Check = Callable[[Facts], Iterable[Issue]]


@dataclass(frozen=True)
class Outcome:
    """What ``accept`` did: ``ok`` False means nothing moved (see ``errors``)."""
    ok: bool
    current: str
    errors: tuple[Issue, ...] = ()
    warnings: tuple[Issue, ...] = ()
    finalised: bool = False   # this accept finalised the minutes
    finished: bool = False    # this accept completed the last step


@dataclass(frozen=True)
class ChecklistEntry:
    item: Item
    ticked: bool
    source: str | None  # "manual" (a click, overrides facts), "auto" (facts) or None
    auto: bool = field(default=False)  # what the facts alone say


class Wizard:
    def __init__(self, procedure: Procedure, state: Mapping[str, Any] | None = None,
                 checks: Mapping[str, Check] | None = None):
        self.procedure = procedure
        self.checks = dict(checks or {})
        ids = procedure.step_ids
        state = dict(state or {})
        self._current = state.get("current") or ids[0]
        self._stack = list(state.get("stack") or [])
        self._done = list(state.get("done") or [])
        self._visited = list(state.get("visited") or [])
        self._ticks = {str(k): bool(v) for k, v in (state.get("ticks") or {}).items()}
        self._finalised = bool(state.get("finalised", False))
        self._finished = bool(state.get("finished", False))
        unknown = [s for s in [self._current, *self._stack, *self._done, *self._visited] if s not in ids]
        if unknown:
            raise ProcedureError(procedure.id, [_("the stored state names unknown steps: {steps}").format(
                steps=", ".join(sorted(set(unknown))))])
        # States written before "visited" existed: everything on the stack, done or current.
        for s in [*self._stack, *self._done, self._current]:
            if s not in self._visited:
                self._visited.append(s)

    # --- where we are ------------------------------------------------------------------------
    @property
    def current(self) -> str:
        return self._current

    @property
    def current_step(self) -> Step:
        return self.procedure.step(self._current)

    @property
    def can_go_back(self) -> bool:
        return bool(self._stack)

    @property
    def is_last(self) -> bool:
        return self.procedure.index(self._current) == len(self.procedure.steps) - 1

    @property
    def finalised(self) -> bool:
        return self._finalised

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def visited(self) -> list[str]:
        return [s for s in self.procedure.step_ids if s in self._visited]

    @property
    def done(self) -> list[str]:
        return [s for s in self.procedure.step_ids if s in self._done]

    def next_step(self, step_id: str | None = None) -> str | None:
        """The step after ``step_id`` (default: the current one), None after the last."""
        ids = self.procedure.step_ids
        i = ids.index(step_id or self._current)
        return ids[i + 1] if i + 1 < len(ids) else None

    def state(self) -> dict[str, Any]:
        """JSON-serialisable; store it after every action."""
        return {"current": self._current, "stack": list(self._stack), "done": self.done,
                "visited": self.visited, "ticks": dict(sorted(self._ticks.items())),
                "finalised": self._finalised, "finished": self._finished}

    # --- moving --------------------------------------------------------------------------------
    def _move_to(self, step_id: str) -> None:
        self._stack.append(self._current)
        self._current = step_id
        if step_id not in self._visited:
            self._visited.append(step_id)

    def next(self) -> str:
        """Go on without accepting (nothing is checked or marked done)."""
        nxt = self.next_step()
        if nxt is None:
            raise ProcedureError(self.procedure.id, [_("this is the last step")])
        self._move_to(nxt)
        return self._current

    def back(self) -> str:
        if not self._stack:
            raise ProcedureError(self.procedure.id, [_("there is no step to go back to")])
        self._current = self._stack.pop()
        return self._current

    def goto(self, step_id: str) -> str:
        """Jump to a step already visited (backwards pops the stack, forwards pushes the path)."""
        if step_id not in self.procedure.step_ids:
            raise ProcedureError(self.procedure.id, [_("no step “{step}”").format(step=step_id)])
        if step_id not in self._visited:
            raise ProcedureError(self.procedure.id, [
                _("the step “{step}” has not been reached yet").format(step=self.procedure.step(step_id).label())])
        if step_id == self._current:
            return step_id
        if step_id in self._stack:
            self._current = step_id
            del self._stack[self._stack.index(step_id):]
            return step_id
        ids = self.procedure.step_ids
        for s in ids[ids.index(self._current) + 1: ids.index(step_id) + 1]:
            self._move_to(s)
        return step_id

    # --- checks and accepting --------------------------------------------------------------------
    def validate(self, facts: Facts, step_id: str | None = None) -> list[Issue]:
        """The step's findings for these facts: blocking errors first, then warnings."""
        step = self.procedure.step(step_id or self._current)
        issues: list[Issue] = []
        for fact in step.require:
            if not facts.get(fact):
                issues.append(Issue(f"require:{fact}", _("Required before going on: {what}").format(
                    what=fact_label(fact)), blocking=True))
        for fact in step.recommend:
            if not facts.get(fact):
                issues.append(Issue(f"recommend:{fact}", _("Not done yet: {what}").format(
                    what=fact_label(fact))))
        for entry in self.checklist(step.id, facts):
            if not entry.ticked:
                issues.append(Issue(f"item:{entry.item.id}", _("Checklist item not ticked: {item}").format(
                    item=entry.item.label())))
        check = self.checks.get(step.id)
        if check is not None:
            issues.extend(check(facts))
        return sorted(issues, key=lambda i: not i.blocking)

    def accept(self, facts: Facts | None = None) -> Outcome:
        """Check the current step; unless an error blocks, mark it done and move on."""
        facts = facts or {}
        issues = self.validate(facts)
        errors = tuple(i for i in issues if i.blocking)
        warnings = tuple(i for i in issues if not i.blocking)
        if errors:
            return Outcome(False, self._current, errors, warnings)
        step = self.current_step
        if step.id not in self._done:
            self._done.append(step.id)
        finalised = step.id == self.procedure.finalising_step and not self._finalised
        self._finalised = self._finalised or finalised
        finished = False
        nxt = self.next_step()
        if nxt is None:
            finished = not self._finished
            self._finished = True
        else:
            self._move_to(nxt)
        return Outcome(True, self._current, (), warnings, finalised, finished)

    def complete(self, step_id: str, facts: Facts | None = None) -> bool:
        """The step was passed and everything it asks for is done: its required and
        recommended facts hold and every checklist item is ticked. A step passed with only
        warnings (e.g. the Scoring step left unscored) is passed, not complete."""
        if step_id not in self._done:
            return False
        facts = facts or {}
        step = self.procedure.step(step_id)
        return (all(facts.get(f) for f in (*step.require, *step.recommend))
                and all(e.ticked for e in self.checklist(step_id, facts)))

    # --- checklist -------------------------------------------------------------------------------
    def tick(self, item_id: str, value: bool | None) -> None:
        """A manual tick (True/False) overriding the facts; None returns the item to the facts."""
        self.procedure.item(item_id)  # KeyError for an unknown item
        if value is None:
            self._ticks.pop(item_id, None)
        else:
            self._ticks[item_id] = bool(value)

    def checklist(self, step_id: str | None = None, facts: Facts | None = None) -> list[ChecklistEntry]:
        facts = facts or {}
        out = []
        for item in self.procedure.step(step_id or self._current).items:
            auto = bool(item.auto) and all(facts.get(f) for f in item.auto)
            if item.id in self._ticks:
                out.append(ChecklistEntry(item, self._ticks[item.id], "manual", auto))
            else:
                out.append(ChecklistEntry(item, auto, "auto" if auto else None, auto))
        return out
