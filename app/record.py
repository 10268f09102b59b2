"""The typed meeting record: what was recorded about one meeting, read once from the store.

``app.meetings.read_record`` builds a ``MeetingRecord`` (the only builder); ``as_dict()`` is the
plain dict of the README's contract that ``chibo meeting show --json`` prints and bundles carry
(every documented key kept; keys may be added, never renamed). ``MeetingRecord.from_dict``
reads such a dict back (an imported ``meeting.json``), so the cell and the office assess the
same structure with ``app.rules.assessment.assess``. Pure: no store here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import cached_property
from typing import Any, Mapping

from app.rules.assessment import Assessment, assess
from app.rules.attendance import Figures, RuleWarning, duration_check
from app.rules.cell_rules import CellRules
from app.rules.messages import Problem, parse_stored, render


def _from(cls, data: Mapping[str, Any] | None):
    """A plain part of the record from its dict (keys equal to the field names)."""
    data = data if isinstance(data, Mapping) else {}
    return cls(**{f.name: data[f.name] for f in fields(cls) if f.name in data})


@dataclass(frozen=True)
class CellInfo:
    id: str | None = None
    name: str = ""
    parent_org: str = ""
    upper_committee: str = ""
    place_name: str = ""
    has_committee: bool = False
    secretary: str = ""
    deputy: str = ""


@dataclass(frozen=True)
class Guest:
    name: str = ""
    title: str = ""
    organisation: str = ""


@dataclass(frozen=True)
class AgendaItem:
    id: str = ""
    title: str = ""
    conclusion: str = ""      # the chair's conclusion on this item


@dataclass(frozen=True)
class Proposal:
    member: str = ""
    text: str = ""
    handling: str = ""         # "resolved" | "forwarded" | ""
    note: str = ""


@dataclass(frozen=True)
class PreviousTask:
    """Last meeting's task with this meeting's review of it."""
    text: str = ""
    assignee: str = ""
    due: str | None = None
    outcome: str = ""          # "done" | "partly" | "not_done" | ""
    note: str = ""


@dataclass(frozen=True)
class Resolution:
    type: str = "conclusion"   # "resolution" | "conclusion"
    text: str = ""


@dataclass(frozen=True)
class RollEntry:
    """A member as of the meeting's date, with their presence (None: not called yet)."""
    member_id: str
    name: str
    party_status: str
    exempted: bool = False
    elsewhere: bool = False
    temporary_here: bool = False
    excused: bool = False
    presence: str | None = None
    reason: str = ""
    late: str | None = None
    left_early: str | None = None


@dataclass(frozen=True)
class Speech:
    speaker: str
    kind: str
    target: str | None
    text: str
    agenda_item: str | None
    seconds: int | None

    def as_dict(self) -> dict:
        return {"speaker": self.speaker, "kind": self.kind, "target": self.target,
                "text": self.text, "agenda_item": self.agenda_item, "seconds": self.seconds}


@dataclass(frozen=True)
class Task:
    assignee: str
    text: str
    due: str | None
    agenda_item: str | None

    def as_dict(self) -> dict:
        return {"assignee": self.assignee, "text": self.text, "due": self.due,
                "agenda_item": self.agenda_item}


@dataclass(frozen=True)
class Vote:
    subject: str
    votes_for: int
    against: int
    abstain: int
    base: int
    passed: bool
    reason: Problem | None = None      # the result's code (None: an older row's sentence)
    reason_text: str = ""              # that older row's sentence, shown as it is

    def reason_in(self, lang: str | None = None) -> str:
        return self.reason.text(lang) if self.reason else self.reason_text

    def as_dict(self) -> dict:
        out = {"subject": self.subject, "for": self.votes_for, "against": self.against,
               "abstain": self.abstain, "base": self.base, "passed": self.passed,
               "reason": self.reason_in()}
        if self.reason:
            out["reason_code"] = self.reason.as_json()
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "Vote":
        code = d.get("reason_code")
        reason = Problem.from_json(code) if isinstance(code, Mapping) else parse_stored(
            d.get("reason"))
        return cls(d.get("subject") or "", int(d.get("for") or 0), int(d.get("against") or 0),
                   int(d.get("abstain") or 0), int(d.get("base") or 0), bool(d.get("passed")),
                   reason, "" if reason else (d.get("reason") or ""))


@dataclass(frozen=True)
class SittingPart:
    id: str
    kind: str
    order: int | None
    start: str | None
    end: str | None

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind, "order": self.order, "start": self.start,
                "end": self.end}


@dataclass(frozen=True)
class Sitting:
    """A regular and a thematic meeting held in one sitting, one after the other."""
    id: str
    order: int | None
    parts: tuple[SittingPart, ...]
    total_minutes: int | None
    last: bool
    interleaved: bool
    # The end of the whole sitting as planned on the Scoring step of a part scored before the
    # sitting ended (kept with that part's score).
    planned_end: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "order": self.order, "total_minutes": self.total_minutes,
                "planned_end": self.planned_end, "last": self.last,
                "interleaved": self.interleaved, "parts": [p.as_dict() for p in self.parts]}


@dataclass(frozen=True)
class StoredDocument:
    """A document stored for this meeting version (the newest copy of each; signed when it
    was signed)."""
    kind: str               # "minutes" | "resolution" | "topic"
    name: str
    sha256: str
    size: int
    signed: bool
    signer_role: str | None = None

    def as_dict(self) -> dict:
        return {"kind": self.kind, "name": self.name, "sha256": self.sha256, "size": self.size,
                "signed": self.signed, "signer_role": self.signer_role}


@dataclass(frozen=True)
class MeetingRecord:
    id: str
    kind: str
    status: str
    version: int
    series_id: str
    date: str
    figures: Figures                    # attendance and voting base from the roll call
    rules: CellRules = field(default_factory=CellRules)
    roll: tuple[RollEntry, ...] = ()    # members as of the date (empty when read from a dict)
    start: str | None = None
    end: str | None = None
    stored_minutes: int | None = None   # a length given without times (None from the store)
    sitting: Sitting | None = None
    short_reason: str | None = None
    minute_taker: str = ""
    read_back: bool = False
    speeches: tuple[Speech, ...] = ()
    tasks: tuple[Task, ...] = ()
    votes: tuple[Vote, ...] = ()
    attachments: tuple[Mapping[str, Any], ...] = ()
    score: Mapping[str, Any] | None = None
    documents: tuple[StoredDocument, ...] = ()
    amends: str | None = None
    amend_reason: str | None = None
    procedure: str | None = None
    cell: CellInfo = CellInfo()
    number: str | None = None
    rule_date: str | None = None
    off_rule_reason: str | None = None
    place: str = ""
    chair: str = ""
    purpose: str = ""
    guests: tuple[Guest, ...] = ()
    preparation: Mapping[str, Any] = field(default_factory=dict)
    agenda: tuple[AgendaItem, ...] = ()
    agenda_approved: bool = False
    report: str = ""
    orientation: str = ""
    summary: str = ""
    proposals: tuple[Proposal, ...] = ()
    resolution: Resolution = Resolution()
    previous_tasks: tuple[PreviousTask, ...] = ()
    closing: Mapping[str, bool] = field(default_factory=dict)   # closing steps done
    topic: Mapping[str, Any] | None = None                        # thematic meetings
    finalised_at: str | None = None
    # Keys beyond these: a thematic meeting's texts (topic_purpose, drafter_response,
    # evaluation, conclusion) and, read from a dict, keys of a newer version.
    extra: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def assessment(self) -> Assessment:
        """The record judged under the rules it was read with."""
        return assess(self, self.rules)

    @property
    def duration_minutes(self) -> int | None:
        if self.stored_minutes is not None:
            return self.stored_minutes
        if not (self.start and self.end):
            return None
        return duration_check(self.start, self.end).minutes

    def sitting_view(self) -> dict | None:
        return self.sitting.as_dict() if self.sitting else None

    def as_dict(self) -> dict[str, Any]:
        """The contract dict (README, "The meeting record"). Texts made from codes (vote
        reasons, warnings) are rendered in the UI language; ``warning_codes`` and each
        vote's ``reason_code`` carry the codes for a reader in another language."""
        part = self.figures.as_record()
        out: dict[str, Any] = {
            "id": self.id, "kind": self.kind, "status": self.status, "version": self.version,
            "series_id": self.series_id, "amends": self.amends, "amend_reason": self.amend_reason,
            "procedure": self.procedure, "cell": asdict(self.cell), "number": self.number,
            "date": self.date, "rule_date": self.rule_date,
            "off_rule_reason": self.off_rule_reason, "place": self.place,
            "start": self.start, "end": self.end, "duration_minutes": self.duration_minutes,
            "sitting": self.sitting_view(), "short_reason": self.short_reason,
            "chair": self.chair, "minute_taker": self.minute_taker, "purpose": self.purpose,
            "guests": [asdict(g) for g in self.guests],
            "preparation": dict(self.preparation),
            "attendance": part["attendance"], "voting": part["voting"],
            "warnings": [w.message for w in self.figures.warnings],
            "warning_codes": [w.as_json() for w in self.figures.warnings],
            "agenda": [asdict(a) for a in self.agenda],
            "agenda_approved": self.agenda_approved,
            "report": self.report,
            "speeches": [s.as_dict() for s in self.speeches],
            "orientation": self.orientation, "summary": self.summary,
            "tasks": [t.as_dict() for t in self.tasks],
            "proposals": [asdict(p) for p in self.proposals],
            "resolution": asdict(self.resolution),
            "votes": [v.as_dict() for v in self.votes],
            "previous_tasks": [asdict(t) for t in self.previous_tasks],
            "closing": dict(self.closing),
            "read_back": self.read_back,
            "attachments": [dict(a) for a in self.attachments],
            "score": dict(self.score) if isinstance(self.score, Mapping) else self.score,
            "topic": dict(self.topic) if isinstance(self.topic, Mapping) else self.topic,
            "finalised_at": self.finalised_at,
            "documents": [d.as_dict() for d in self.documents],
        }
        out.update(self.extra)
        return out

    @classmethod
    def from_dict(cls, d: Mapping[str, Any], rules: CellRules | None = None) -> "MeetingRecord":
        """A record from its contract dict (e.g. an imported ``meeting.json``)."""
        typed = {f.name for f in fields(cls)}
        known = typed | {"duration_minutes", "attendance", "voting", "warnings",
                         "warning_codes"}
        sitting = None
        if d.get("sitting"):
            s = d["sitting"]
            sitting = Sitting(s.get("id") or "", s.get("order"), tuple(
                SittingPart(p.get("id") or "", p.get("kind") or "", p.get("order"),
                            p.get("start"), p.get("end")) for p in s.get("parts") or ()),
                s.get("total_minutes"), bool(s.get("last", True)), bool(s.get("interleaved")),
                s.get("planned_end"))
        return cls(
            id=d.get("id") or "", kind=d.get("kind") or "regular",
            status=d.get("status") or "draft", version=int(d.get("version") or 1),
            series_id=d.get("series_id") or "", date=d.get("date") or "",
            figures=figures_from_dict(d), rules=rules or CellRules(),
            start=d.get("start"), end=d.get("end"), stored_minutes=d.get("duration_minutes"),
            sitting=sitting, short_reason=d.get("short_reason"),
            minute_taker=d.get("minute_taker") or "", read_back=bool(d.get("read_back")),
            speeches=tuple(Speech(s.get("speaker") or "", s.get("kind") or "", s.get("target"),
                                  s.get("text") or "", s.get("agenda_item"), s.get("seconds"))
                           for s in d.get("speeches") or ()),
            tasks=tuple(Task(t.get("assignee") or "", t.get("text") or "", t.get("due"),
                             t.get("agenda_item")) for t in d.get("tasks") or ()),
            votes=tuple(Vote.from_dict(v) for v in d.get("votes") or ()),
            attachments=tuple(d.get("attachments") or ()), score=d.get("score"),
            documents=tuple(StoredDocument(x.get("kind") or "", x.get("name") or "",
                                           x.get("sha256") or "", int(x.get("size") or 0),
                                           bool(x.get("signed")), x.get("signer_role"))
                            for x in d.get("documents") or () if isinstance(x, Mapping)),
            amends=d.get("amends"), amend_reason=d.get("amend_reason"),
            procedure=d.get("procedure"), cell=_from(CellInfo, d.get("cell")),
            number=d.get("number"), rule_date=d.get("rule_date"),
            off_rule_reason=d.get("off_rule_reason"), place=d.get("place") or "",
            chair=d.get("chair") or "", purpose=d.get("purpose") or "",
            guests=tuple(_from(Guest, g) for g in d.get("guests") or ()),
            preparation=dict(d.get("preparation") or {}),
            agenda=tuple(_from(AgendaItem, a) for a in d.get("agenda") or ()),
            agenda_approved=bool(d.get("agenda_approved")), report=d.get("report") or "",
            orientation=d.get("orientation") or "", summary=d.get("summary") or "",
            proposals=tuple(_from(Proposal, p) for p in d.get("proposals") or ()),
            resolution=_from(Resolution, d.get("resolution")),
            previous_tasks=tuple(_from(PreviousTask, t) for t in d.get("previous_tasks") or ()),
            closing=dict(d.get("closing") or {}), topic=d.get("topic"),
            finalised_at=d.get("finalised_at"),
            extra={k: v for k, v in d.items() if k not in known})


def figures_from_dict(d: Mapping[str, Any]) -> Figures:
    """The attendance figures a contract dict carries (its warnings from ``warning_codes``)."""
    a = d.get("attendance") or {}
    v = d.get("voting") or {}
    warnings = tuple(RuleWarning(w.get("code") or "", dict(w.get("params") or {}))
                     for w in d.get("warning_codes") or () if isinstance(w, Mapping))
    return Figures(
        on_roll=int(a.get("on_roll") or 0), base=int(a.get("base") or 0),
        present=int(a.get("present") or 0), rate=a.get("rate"), full=int(a.get("full") or 0),
        probationary=int(a.get("probationary") or 0), temporary=int(a.get("temporary") or 0),
        voting_base=int(v.get("base") or 0), voting_present=int(v.get("present") or 0),
        present_names=tuple(a.get("present_names") or ()),
        present_not_counted=tuple(a.get("present_not_counted") or ()),
        absent_with_reason=tuple((x.get("name") or "", x.get("reason") or "")
                                 for x in a.get("absent_with_reason") or ()),
        absent_without_reason=tuple(a.get("absent_without_reason") or ()),
        not_recorded=tuple(a.get("not_recorded") or ()),
        exempted=tuple(a.get("exempted") or ()), elsewhere=tuple(a.get("elsewhere") or ()),
        late=tuple((x.get("name") or "", x.get("time") or "") for x in a.get("late") or ()),
        left_early=tuple((x.get("name") or "", x.get("time") or "")
                         for x in a.get("left_early") or ()),
        warnings=warnings)


def warnings_in(record: Mapping[str, Any], lang: str | None = None) -> list[str]:
    """A record dict's warnings in ``lang``: from its codes, or its stored texts (older data)."""
    codes = record.get("warning_codes")
    if codes:
        return [render(w.get("code") or "", w.get("params") or {}, lang) for w in codes]
    return list(record.get("warnings") or [])
