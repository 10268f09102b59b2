"""Meetings: every edit is its own transaction, a finalised meeting is never changed in place.

The meeting record (``meeting_record``) is the plain dict that ``chibo meeting show --json``
prints and that documents, scoring and exports read (documented in the README).
"""
from __future__ import annotations

import datetime as dt
import json
import unicodedata
from pathlib import Path
from typing import Any

from . import numbering
from . import record as rec
from .cell import cell_rules, get_cell, names_on
from .i18n import _
from .members import members_as_of
from .procedure.data import ProcedureError, load_procedure
from .record import MeetingRecord
from .rules import attendance as rules
from .rules import scoring
from .rules.assessment import Assessment
from .rules.cell_rules import PROCEDURES, CellRules
from .rules.messages import Problem, parse_stored, stored
from .rules.plan import topic_group_name
from .rules.scoring import vote as score_vote
from .store import Store, blobs, new_id
from .store.db import now_iso
from .vntext import name_sort_key, nfc

KINDS = ("regular", "thematic")
SPEECH_KINDS = ("opinion", "self_criticism", "criticism", "proposal")
PROPOSAL_HANDLING = ("resolved", "forwarded", "")
TASK_OUTCOMES = ("done", "partly", "not_done", "")
DEFAULT_PROCEDURE = dict(PROCEDURES)

# Scalar columns a user action may change, and those stored as JSON.
_FIELDS = {"date", "rule_date", "off_rule_reason", "place", "start", "end", "short_reason",
           "chair_id", "minute_taker_id", "purpose", "report", "orientation", "summary",
           "resolution_type", "resolution_text", "agenda_approved", "read_back",
           "preparation", "closing", "ticks", "topic", "extra", "sitting_id", "sitting_order"}
_JSON = {"preparation", "closing", "ticks", "wizard_state", "score", "rubric", "topic", "extra"}
ITEM_TABLES = ("guest", "agenda_item", "speech", "task", "proposal", "vote", "task_review",
               "attachment")


class MeetingLockedError(ValueError):
    """A finalised meeting is read-only; a correction is a new version."""


def _locked_message() -> str:
    return Problem("locked").message


# --- reading ----------------------------------------------------------------------------------

def _row(store: Store, meeting_id: str) -> dict:
    rows = store.rows("select * from meeting where id = ?", [meeting_id])
    if not rows:
        raise KeyError(_("No meeting with id {id}.").format(id=meeting_id))
    row = rows[0]
    for key in _JSON:
        row[key] = json.loads(row[key]) if row.get(key) else None
    return row


def _items(store: Store, table: str, meeting_id: str) -> list[dict]:
    return store.rows(f"select * from {table} where meeting_id = ? order by position", [meeting_id])


def roll(store: Store, meeting_id: str) -> list[dict]:
    """The meeting's roll (copied at creation), in Vietnamese name order."""
    rows = store.rows("select * from attendance where meeting_id = ?", [meeting_id])
    return sorted(rows, key=lambda r: name_sort_key(r["name"]))


def _rule_members(rows: list[dict]) -> tuple[list[rules.Member], dict[str, rules.Presence]]:
    members, presence = [], {}
    for r in rows:
        members.append(rules.Member(
            id=r["member_id"], name=r["name"], party_status=r["party_status"],
            exempted=bool(r["exempted"]), elsewhere=bool(r["elsewhere"]),
            temporary_here=bool(r["temporary_here"]), excused=bool(r["excused"])))
        if r["presence"]:
            presence[r["member_id"]] = rules.Presence(
                r["presence"], r["reason"] or "", r["late"] or None, r["left_early"] or None)
    return members, presence


def _attendance_history(store: Store, meeting: dict) -> dict[str, list[str]]:
    """Each member's presence at the earlier finalised meetings of the same year, oldest first."""
    rows = store.conn.execute(
        "select a.member_id, a.presence from attendance a join meeting m on m.id = a.meeting_id "
        "where m.year = ? and m.date < ? and m.status = 'finalised' and m.kind = ? "
        "and m.id not in (select amends from meeting where amends is not null) "
        "order by m.date", [meeting["year"], meeting["date"], meeting["kind"]]).fetchall()
    history: dict[str, list[str]] = {}
    for member_id, presence in rows:
        history.setdefault(member_id, []).append(presence or "")
    return history


def _figures(store: Store, meeting: dict, rows: list[dict], cell: CellRules) -> rules.Figures:
    members, presence = _rule_members(rows)
    return rules.attendance_figures(members, presence, _attendance_history(store, meeting),
                                    min_rate=cell.attendance_rate,
                                    max_reason_streak=cell.max_reason_streak)


def figures(store: Store, meeting_id: str) -> rules.Figures:
    return _figures(store, _row(store, meeting_id), roll(store, meeting_id), cell_rules(store))


def previous_meeting_id(store: Store, meeting_id: str) -> str | None:
    """The last finalised meeting of the same kind before this one (its newest version)."""
    meeting = _row(store, meeting_id)
    row = store.conn.execute(
        "select id from meeting where kind = ? and status = 'finalised' and date < ? "
        "and series_id != ? and id not in (select amends from meeting where amends is not null) "
        "order by date desc, version desc limit 1",
        [meeting["kind"], meeting["date"], meeting["series_id"]]).fetchone()
    return row[0] if row else None


def previous_tasks(store: Store, meeting_id: str) -> list[dict]:
    """Last meeting's tasks with this meeting's review of each (outcome, note)."""
    prev = previous_meeting_id(store, meeting_id)
    if not prev:
        return []
    reviews = {r["task_id"]: r for r in _items(store, "task_review", meeting_id)}
    out = []
    for task in _items(store, "task", prev):
        review = reviews.get(task["id"], {})
        out.append({"id": task["id"], "text": task["text"], "assignee": task["assignee"],
                    "due": task["due"], "outcome": review.get("outcome") or "",
                    "note": review.get("note") or ""})
    return out


def _name_of(store: Store, meeting_id: str, member_id: str | None) -> str:
    if not member_id:
        return ""
    row = store.conn.execute("select name from attendance where meeting_id = ? and member_id = ?",
                             [meeting_id, member_id]).fetchone()
    if row:
        return row[0]
    row = store.conn.execute("select full_name from member where id = ?", [member_id]).fetchone()
    return row[0] if row else ""


def read_record(store: Store, meeting_id: str, in_force: CellRules | None = None,
                planned: dict | None = None) -> MeetingRecord:
    """The typed meeting record, read once (the only builder of the README's record).

    ``planned`` ({"end": "HH:MM", "read_back": bool, "sitting_end": "HH:MM" | None}, as
    stated on the Scoring step) stands in for the end time and the read-back while the record
    has none yet, and for a part of a combined sitting that is not the last, ``sitting_end``
    for the end of the sitting's last part: the record as it will be, which is what the
    meeting is scored on. ``sitting["planned_end"]`` is that planned end (from ``planned``,
    else as kept with an earlier part's score).
    """
    m = _row(store, meeting_id)
    if planned:
        m = dict(m)
        if not m["end"] and planned.get("end"):
            m["end"] = planned["end"]
        if not m["read_back"] and planned.get("read_back"):
            m["read_back"] = 1
    in_force = in_force or cell_rules(store)
    cell = get_cell(store)
    roll_rows = roll(store, meeting_id)
    fig = _figures(store, m, roll_rows, in_force)
    secretary = _name_of(store, meeting_id, cell.secretary_id) if cell else ""
    deputy = _name_of(store, meeting_id, cell.deputy_id) if cell else ""
    names = names_on(store, m["date"])
    sitting = None
    if m["sitting_id"]:
        parts = [m if p["id"] == m["id"] else p for p in store.rows(
            "select * from meeting where sitting_id = ? and id not in "
            "(select amends from meeting where amends is not null) order by sitting_order",
            [m["sitting_id"]])]
        last = m["sitting_order"] == parts[-1]["sitting_order"]
        planned_end = _planned_sitting_end(parts, planned if not last else None)
        total = None
        if all(p["start"] and p["end"] for p in parts):
            total = rules.duration_check(parts[0]["start"], parts[-1]["end"], combined=True).minutes
        elif planned and not last and planned_end and parts[0]["start"] \
                and not parts[-1]["end"]:
            # Scored before the sitting ends: its total as planned.
            total = rules.duration_check(parts[0]["start"], planned_end, combined=True).minutes
        sitting = rec.Sitting(
            m["sitting_id"], m["sitting_order"],
            tuple(rec.SittingPart(p["id"], p["kind"], p["sitting_order"], p["start"],
                                           p["end"]) for p in parts),
            total, last, _interleaved(parts), planned_end)
    more = m["extra"] or {}
    # After-the-meeting and off-rule facts kept in ``extra`` (app.handbook_follow_up).
    extra: dict[str, Any] = {k: more[k] for k in ("off_rule_category", "final_on_handbook")
                             if more.get(k)}
    topic = None
    if m["kind"] == "thematic":
        topic = topic_record(store, meeting_id, m["topic"] or {})
        topic["drafter_notes"] = more.get("drafter_response") or ""
        extra |= {"topic_purpose": more.get("topic_purpose") or "",
                 "drafter_response": more.get("drafter_response") or "",
                 "evaluation": m["orientation"] or "", "conclusion": m["summary"] or ""}
    return MeetingRecord(
        id=m["id"], kind=m["kind"], status=m["status"], version=m["version"],
        series_id=m["series_id"], date=m["date"], figures=fig, rules=in_force,
        roll=tuple(rec.RollEntry(
            r["member_id"], r["name"], r["party_status"], bool(r["exempted"]),
            bool(r["elsewhere"]), bool(r["temporary_here"]), bool(r["excused"]),
            r["presence"] or None, r["reason"] or "", r["late"] or None, r["left_early"] or None)
            for r in roll_rows),
        start=m["start"], end=m["end"], sitting=sitting, short_reason=m["short_reason"],
        minute_taker=_name_of(store, meeting_id, m["minute_taker_id"]),
        read_back=bool(m["read_back"]),
        speeches=tuple(rec.Speech(s["speaker"], s["kind"], s["target"] or None,
                                           s["text"] or "", s["agenda_item"], s["seconds"])
                       for s in _items(store, "speech", meeting_id)),
        tasks=tuple(rec.Task(t["assignee"], t["text"] or "", t["due"], t["agenda_item"])
                    for t in _items(store, "task", meeting_id)),
        votes=tuple(_vote(v) for v in _items(store, "vote", meeting_id)),
        attachments=tuple({"name": a["name"], "sha256": a["sha256"], "size": a["size"]}
                          for a in _items(store, "attachment", meeting_id)),
        score=m["score"], documents=_documents(store, meeting_id),
        amends=m["amends"], amend_reason=m["amend_reason"], procedure=m["procedure_id"],
        # The names in force on the meeting's date (a merger renames the cell and the place).
        cell=rec.CellInfo(cell.id, names["name"], names["parent_org"], names["upper_committee"],
                          names["place_name"], bool(cell.has_committee), secretary, deputy)
        if cell else rec.CellInfo(),
        number=format_number(store, m["number"]), rule_date=m["rule_date"],
        off_rule_reason=m["off_rule_reason"], place=m["place"] or "",
        chair=_name_of(store, meeting_id, m["chair_id"]), purpose=m["purpose"] or "",
        guests=tuple(rec.Guest(g["name"], g["title"] or "", g["organisation"] or "")
                     for g in _items(store, "guest", meeting_id)),
        preparation=m["preparation"] or {},
        agenda=tuple(rec.AgendaItem(a["key"] or a["id"], a["title"], a.get("conclusion") or "")
                     for a in _items(store, "agenda_item", meeting_id)),
        agenda_approved=bool(m["agenda_approved"]), report=m["report"] or "",
        orientation=m["orientation"] or "", summary=m["summary"] or "",
        proposals=tuple(rec.Proposal(p["member"], p["text"] or "", p["handling"] or "",
                                   p["note"] or "")
                        for p in _items(store, "proposal", meeting_id)),
        resolution=rec.Resolution(m["resolution_type"] or "conclusion", m["resolution_text"] or ""),
        previous_tasks=tuple(rec.PreviousTask(t["text"], t["assignee"], t["due"], t["outcome"],
                                            t["note"])
                             for t in previous_tasks(store, meeting_id)),
        closing=_closing_steps(m, store, meeting_id), topic=topic,
        finalised_at=m["finalised_at"], extra=extra)


def _documents(store: Store, meeting_id: str) -> tuple[rec.StoredDocument, ...]:
    """The newest copy of each stored document of this version (a signed copy supersedes)."""
    rows = store.rows("select * from document where meeting_id = ? and id not in "
                      "(select supersedes from document where supersedes is not null) "
                      "order by created_at, rowid", [meeting_id])
    newest = {r["kind"]: r for r in rows}
    return tuple(rec.StoredDocument(r["kind"], r["name"], r["sha256"], r["size"],
                                             bool(r["signed"]), r.get("signer_role"))
                 for r in newest.values())


def _vote(row: dict) -> rec.Vote:
    """A stored vote; its ``reason`` column holds the result's code as JSON (older rows hold
    a sentence in the language of the day, kept as it is)."""
    problem = parse_stored(row["reason"])
    return rec.Vote(row["subject"], row["for_"], row["against"], row["abstain"],
                             row["base"], bool(row["passed"]), problem,
                             "" if problem else (row["reason"] or ""))


def meeting_record(store: Store, meeting_id: str, planned: dict | None = None
                   ) -> dict[str, Any]:
    """The whole meeting as the plain dict of the README's contract (``planned``: see
    ``read_record``)."""
    return read_record(store, meeting_id, planned=planned).as_dict()


def topic_record(store: Store, meeting_id: str, topic: dict) -> dict | None:
    """The ``topic`` part of the record of a thematic meeting, with names resolved."""
    if not topic:
        return None
    return {
        "title": topic.get("title") or "",
        "group_id": topic.get("group"),
        "group": topic_group_name(topic["group"]) if topic.get("group") else "",
        "drafter": _name_of(store, meeting_id, topic.get("drafter_id")),
        "in_plan": bool(topic.get("plan_item_id")),
        "briefing": {"date": topic.get("briefing_date"), "notes": topic.get("briefing_notes")},
        "approved": topic.get("approved"), "sent": topic.get("sent"),
        "final_sent": topic.get("final_sent"), "reported": topic.get("reported"),
        "versions": topic.get("versions") or [],
    }


def _planned_sitting_end(parts: list[dict], planned: dict | None) -> str | None:
    """The planned end of a combined sitting: as given (the Scoring step of a part that is
    not the last), else as kept with the score of a part scored before the sitting ended."""
    if planned and planned.get("sitting_end"):
        return planned["sitting_end"]
    for p in parts:
        score = p["score"]
        if isinstance(score, str):
            try:
                score = json.loads(score)
            except ValueError:
                score = None
        end = ((score or {}).get("planned") or {}).get("sitting_end") \
            if isinstance(score, dict) else None
        if end:
            return end
    return None


def _interleaved(parts: list[dict]) -> bool:
    """True when a part of a sitting starts before the previous part ended."""
    for before, after in zip(parts, parts[1:]):
        if before["end"] and after["start"] and after["start"] < before["end"]:
            return True
        if before["start"] and after["start"] and after["start"] < before["start"]:
            return True
    return False


def sitting_parts(store: Store, meeting_id: str) -> list[str]:
    """Ids of the draft meetings sharing this meeting's sitting (itself included)."""
    row = _row(store, meeting_id)
    if not row["sitting_id"]:
        return [meeting_id]
    return [r[0] for r in store.conn.execute(
        "select id from meeting where sitting_id = ? and status = 'draft'", [row["sitting_id"]])]


def _closing_steps(m: dict, store: Store, meeting_id: str) -> dict[str, bool]:
    """The closing steps as done or not: derived from what was recorded, unless the
    secretary ticked them by hand (``m["closing"]``)."""
    votes = _items(store, "vote", meeting_id)
    proposals = _items(store, "proposal", meeting_id)
    derived = {
        "summary_done": bool((m["summary"] or "").strip()),
        "tasks_assigned": bool(_items(store, "task", meeting_id)),
        "orientation_done": bool((m["orientation"] or "").strip()),
        "proposals_handled": all(p["handling"] for p in proposals),
        "resolution_passed": any(v["passed"] for v in votes),
        "scored": m["score"] is not None,
        "minutes_read": bool(m["read_back"]),
    }
    derived.update({k: bool(v) for k, v in (m["closing"] or {}).items()})
    return derived


def format_number(store: Store, n: str | int | None, kind: str = "BB") -> str | None:
    """The document number from the per-cell, per-year sequence, e.g. ``04-BB/CB``."""
    if n in (None, ""):
        return None
    pattern = store.get_setting("number_pattern", "{n:02d}-{kind}/CB")
    return pattern.format(n=int(n), kind=kind)


def list_meetings(store: Store) -> list[dict]:
    rows = store.conn.execute(
        "select id, kind, status, date, version, series_id, number, sitting_id, sitting_order, "
        "amends, (select count(*) from meeting n where n.amends = m.id) as superseded, "
        "updated_at, score from meeting m order by date, sitting_order, version").fetchall()
    keys = ("id", "kind", "status", "date", "version", "series_id", "number", "sitting_id",
            "sitting_order", "amends", "superseded", "updated_at", "score")
    out = []
    for r in rows:
        d = dict(zip(keys, r))
        d["superseded"] = bool(d["superseded"])
        d["score"] = json.loads(d["score"]) if d["score"] else None
        d["number"] = format_number(store, d["number"])
        out.append(d)
    return out


MIN_ID_PREFIX = 4   # shorter prefixes of a meeting id are not looked up (too many matches)


def find_meetings(store: Store, ref: str) -> list[dict]:
    """The meetings ``ref`` names, as ``list_meetings`` rows: the full id; else the document
    number as printed (e.g. ``03-BB/CB``, any case and spaces; of an amended meeting its
    newest version); else a prefix of the id of at least ``MIN_ID_PREFIX`` characters. More
    than one row: ``ref`` is ambiguous; none: nothing is named."""
    ref = (ref or "").strip()
    if not ref:
        return []
    rows = list_meetings(store)
    exact = [r for r in rows if r["id"] == ref]
    if exact:
        return exact
    wanted = "".join(ref.split()).casefold()
    numbered = [r for r in rows if r["number"]
                and "".join(r["number"].split()).casefold() == wanted]
    if numbered:
        newest = [r for r in numbered if not r["superseded"]]
        return newest or numbered
    if len(ref) >= MIN_ID_PREFIX:
        return [r for r in rows if r["id"].startswith(ref.lower())]
    return []


# --- writing ----------------------------------------------------------------------------------

def _require_draft(store: Store, meeting_id: str) -> dict:
    row = _row(store, meeting_id)
    if row["status"] != "draft":
        raise MeetingLockedError(_locked_message())
    return row


def _touch(store: Store, meeting_id: str) -> None:
    store.db["meeting"].update(meeting_id, {"updated_at": now_iso()})


def create_meeting(store: Store, day: dt.date, *, kind: str = "regular",
                   procedure_id: str | None = None, rule_date: dt.date | None = None,
                   place: str | None = None, sitting_id: str | None = None,
                   sitting_order: int | None = None) -> str:
    """A new draft meeting with the roll copied from the cell as it is on that day."""
    if kind not in KINDS:
        raise ValueError(kind)
    cell = get_cell(store)
    if cell is None:
        raise ValueError(_("Create the cell first."))
    meeting_id = new_id()
    stamp = now_iso()
    with store.atomic():
        store.db["meeting"].insert({
            "id": meeting_id, "series_id": meeting_id, "version": 1, "cell_id": cell.id,
            "kind": kind, "status": "draft",
            "procedure_id": procedure_id or cell_rules(store).procedure_for(kind, day),
            "year": day.year, "month": day.month, "date": day.isoformat(),
            "rule_date": rule_date.isoformat() if rule_date else None,
            "place": place if place is not None else cell.default_place,
            "chair_id": cell.secretary_id or None,
            "sitting_id": sitting_id, "sitting_order": sitting_order,
            "resolution_type": "conclusion",
            "created_at": stamp, "updated_at": stamp,
        })
        rows = []
        for i, m in enumerate(members_as_of(store, day)):
            rows.append({
                "meeting_id": meeting_id, "member_id": m.id, "position": i, "name": m.full_name,
                "party_status": m.party_status, "exempted": int(m.is_exempted_on(day)),
                "elsewhere": int(m.temp_status == "elsewhere"),
                "temporary_here": int(m.temp_status == "here"), "excused": 0,
                "presence": None, "reason": "", "late": None, "left_early": None,
            })
        if rows:
            store.db["attendance"].insert_all(rows)
    return meeting_id


def update(store: Store, meeting_id: str, **fields: Any) -> None:
    """Change scalar fields of a draft meeting (one user action, one transaction)."""
    unknown = set(fields) - _FIELDS
    if unknown:
        raise ValueError(f"unknown meeting fields {sorted(unknown)}")
    values = {}
    for key, value in fields.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = nfc(value) if key not in ("purpose", "report", "orientation", "summary",
                                              "resolution_text") else _nfc_text(value)
        elif isinstance(value, bool):
            value = int(value)
        if key in _JSON and value is not None:
            value = json.dumps(value, ensure_ascii=False)
        values[key] = value
    if "date" in values and values["date"]:
        day = dt.date.fromisoformat(values["date"])
        values["year"], values["month"] = day.year, day.month
    with store.atomic():
        _require_draft(store, meeting_id)
        values["updated_at"] = now_iso()
        store.db["meeting"].update(meeting_id, values)


def update_preparation(store: Store, meeting_id: str, changes: dict, **fields: Any) -> None:
    """Change some keys of the meeting's preparation (the others kept), and any other
    ``fields`` with them, in one transaction."""
    with store.atomic():
        preparation = dict(_row(store, meeting_id)["preparation"] or {})
        preparation.update(changes)
        update(store, meeting_id, preparation=preparation, **fields)


def _nfc_text(text: str) -> str:
    """NFC for free text, keeping its line breaks."""
    return unicodedata.normalize("NFC", text)


def set_presence(store: Store, meeting_id: str, member_id: str, presence: str | None,
                 reason: str = "", late: str | None = None, left_early: str | None = None) -> None:
    """Record one member's presence; in a combined sitting the one roll call serves every part."""
    if presence not in (None, *rules.STATUSES):
        raise ValueError(presence)
    with store.atomic():
        _require_draft(store, meeting_id)
        for part in sitting_parts(store, meeting_id):
            store.db["attendance"].update((part, member_id), {
                "presence": presence,
                "reason": nfc(reason) if presence == rules.ABSENT_REASON else "",
                "late": late or None if presence == rules.PRESENT else None,
                "left_early": left_early or None if presence == rules.PRESENT else None,
            })
            _touch(store, part)


def mark_all_present(store: Store, meeting_id: str) -> None:
    """Everyone not yet called is present (exempted members and those elsewhere excepted)."""
    with store.atomic():
        _require_draft(store, meeting_id)
        for part in sitting_parts(store, meeting_id):
            store.conn.execute(
                "update attendance set presence = 'present' where meeting_id = ? "
                "and presence is null and exempted = 0 and elsewhere = 0", [part])
            _touch(store, part)


def add_item(store: Store, meeting_id: str, table: str, **values: Any) -> str:
    """Append a guest, agenda item, speech, task, proposal, vote, review or attachment row."""
    if table not in ITEM_TABLES:
        raise ValueError(table)
    item_id = new_id()
    with store.atomic():
        _require_draft(store, meeting_id)
        position = store.conn.execute(
            f"select coalesce(max(position), -1) + 1 from [{table}] where meeting_id = ?",
            [meeting_id]).fetchone()[0]
        store.db[table].insert({"id": item_id, "meeting_id": meeting_id, "position": position,
                                **_clean(store, meeting_id, table, values)})
        _touch(store, meeting_id)
    return item_id


def update_item(store: Store, table: str, item_id: str, **values: Any) -> None:
    if table not in ITEM_TABLES:
        raise ValueError(table)
    row = store.db[table].get(item_id)
    with store.atomic():
        _require_draft(store, row["meeting_id"])
        store.db[table].update(item_id, _clean(store, row["meeting_id"], table, values))
        _touch(store, row["meeting_id"])


def remove_item(store: Store, table: str, item_id: str) -> None:
    if table not in ITEM_TABLES:
        raise ValueError(table)
    row = store.db[table].get(item_id)
    with store.atomic():
        _require_draft(store, row["meeting_id"])
        store.db[table].delete(item_id)
        _touch(store, row["meeting_id"])


def items(store: Store, meeting_id: str, table: str) -> list[dict]:
    if table not in ITEM_TABLES:
        raise ValueError(table)
    return _items(store, table, meeting_id)


def _clean(store: Store, meeting_id: str, table: str, values: dict) -> dict:
    out = {}
    for key, value in values.items():
        if isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, str):
            value = _nfc_text(value).strip()
        out[key] = value
    # Names are copied from the roll, so the record reads the same after a member's rename.
    if "member_id" in out:
        name = _name_of(store, meeting_id, out["member_id"])
        key = {"speech": "speaker", "task": "assignee", "proposal": "member"}.get(table)
        if key:
            out[key] = name
    if "target_id" in out:
        out["target"] = _name_of(store, meeting_id, out["target_id"]) or None
    if table == "speech" and out.get("kind") and out["kind"] not in SPEECH_KINDS:
        raise ValueError(out["kind"])
    if table == "proposal" and out.get("handling") not in (None, *PROPOSAL_HANDLING):
        raise ValueError(out["handling"])
    return out


def set_agenda(store: Store, meeting_id: str, titles: list[tuple[str, str]]) -> None:
    """Replace the agenda with (key, title) pairs."""
    with store.atomic():
        _require_draft(store, meeting_id)
        # The chair's conclusions stay with their items (by key).
        kept = {r["key"]: r["conclusion"] for r in _items(store, "agenda_item", meeting_id)}
        store.db["agenda_item"].delete_where("meeting_id = ?", [meeting_id])
        store.db["agenda_item"].insert_all([
            {"id": new_id(), "meeting_id": meeting_id, "position": i, "key": key,
             "title": nfc(title), "conclusion": kept.get(key)}
            for i, (key, title) in enumerate(titles)])
        _touch(store, meeting_id)


def set_agenda_conclusion(store: Store, meeting_id: str, item_key: str, text: str) -> None:
    """The chair's conclusion on one agenda item ("Đồng chí chủ trì kết luận nội dung này")."""
    with store.atomic():
        _require_draft(store, meeting_id)
        rows = [r for r in _items(store, "agenda_item", meeting_id)
                if (r["key"] or r["id"]) == item_key]
        if not rows:
            raise KeyError(item_key)
        lines = [nfc(line) for line in str(text or "").splitlines()]
        store.db["agenda_item"].update(rows[0]["id"],
                                       {"conclusion": "\n".join(filter(None, lines)) or None})
        _touch(store, meeting_id)


SIGNER_ROLES = ("secretary", "deputy")


def set_resolution_signer(store: Store, meeting_id: str, role: str) -> None:
    """Who signs the resolution or conclusion for the cell (T/M CHI BỘ): the secretary or the
    deputy secretary."""
    if role not in SIGNER_ROLES:
        raise ValueError(role)
    extra = dict(_row(store, meeting_id)["extra"] or {})
    extra["resolution_signer"] = role
    update(store, meeting_id, extra=extra)


def resolution_signer(store: Store, meeting_id: str) -> str:
    """The chosen signer's role; when none was chosen, the deputy if the deputy chaired the
    meeting, else the secretary."""
    row = _row(store, meeting_id)
    chosen = (row["extra"] or {}).get("resolution_signer")
    if chosen in SIGNER_ROLES:
        return chosen
    cell = get_cell(store)
    if cell and cell.deputy_id and row["chair_id"] == cell.deputy_id:
        return "deputy"
    return "secretary"


def record_vote(store: Store, meeting_id: str, subject: str, for_: int, against: int,
                abstain: int, vote_id: str | None = None) -> rules.VoteResult:
    """Check a vote against the voting members present and store it with its result."""
    fig = figures(store, meeting_id)
    result = rules.vote_result(for_, against, abstain, fig.voting_base, fig.voting_present)
    if result.errors:
        raise ValueError(" ".join(result.errors))
    values = {"subject": subject, "for_": for_, "against": against, "abstain": abstain,
              "base": fig.voting_base, "present": fig.voting_present,
              "passed": int(result.passed),
              "reason": stored(Problem(result.code, dict(result.params)))}
    if vote_id:
        update_item(store, "vote", vote_id, **values)
    else:
        add_item(store, meeting_id, "vote", **values)
    return result


def review_previous_task(store: Store, meeting_id: str, task_id: str, outcome: str,
                         note: str = "") -> None:
    if outcome not in TASK_OUTCOMES:
        raise ValueError(outcome)
    existing = [r for r in _items(store, "task_review", meeting_id) if r["task_id"] == task_id]
    if existing:
        update_item(store, "task_review", existing[0]["id"], outcome=outcome, note=note)
    else:
        add_item(store, meeting_id, "task_review", task_id=task_id, outcome=outcome, note=note)


def attach_file(store: Store, meeting_id: str, source: str | Path) -> str:
    """Keep a copy of a file with the meeting, inside the data file (content-addressed by
    SHA-256, read in chunks), and record it; a file over the size limit is refused
    (``FileTooLargeError``) and nothing is saved."""
    source = Path(source)
    with store.atomic():
        digest, size = blobs.put_file(store, source)
        return add_item(store, meeting_id, "attachment", name=source.name, sha256=digest,
                        size=size, added_at=now_iso())


def attachment_bytes(store: Store, sha256: str) -> bytes:
    """A kept file's bytes (an attachment or a topic version), checked against its SHA-256:
    KeyError when the data file holds no such file, ValueError when its bytes were changed."""
    return blobs.read_blob(store, sha256)


def save_wizard_state(store: Store, meeting_id: str, state: dict) -> None:
    """The wizard's position; stored even on a finalised meeting (it only records navigation)."""
    with store.atomic():
        store.db["meeting"].update(meeting_id, {
            "wizard_state": json.dumps(state, ensure_ascii=False), "updated_at": now_iso()})


def wizard_state(store: Store, meeting_id: str) -> dict | None:
    return _row(store, meeting_id)["wizard_state"]


def set_score(store: Store, meeting_id: str, score: dict | None, rubric: dict | None) -> None:
    """Store the score with the full copy of the rubric it was computed with."""
    with store.atomic():
        _require_draft(store, meeting_id)
        store.db["meeting"].update(meeting_id, {
            "score": json.dumps(score, ensure_ascii=False) if score is not None else None,
            "rubric": json.dumps(rubric, ensure_ascii=False) if rubric is not None else None,
            "updated_at": now_iso()})


def assessment(store: Store, meeting_id: str) -> Assessment:
    """The meeting judged under the cell's rules (``app.rules.assessment``)."""
    return read_record(store, meeting_id).assessment


def finalise_problem_codes(store: Store, meeting_id: str, score: bool = True
                           ) -> tuple[Problem, ...]:
    """What stops finalisation, as codes with parameters (empty when it can be finalised).
    With ``score``, also the stored score's: it must be the one the cell voted on, computed on
    this record's end time and read-back (the wizard checks the score itself:
    ``meeting_score.vote_problems``)."""
    record = read_record(store, meeting_id)
    problems = tuple(record.assessment.missing) + conclusion_problems(store, meeting_id)
    if score:
        problems += tuple(score_vote.stored_score_problems(record.as_dict())
                          + sitting_score_problems(store, meeting_id))
    return problems


def conclusion_problems(store: Store, meeting_id: str) -> tuple[Problem, ...]:
    """The agenda items whose procedure requires the chair's conclusion (``conclusion =
    true`` in its agenda) and that have none yet."""
    row = _row(store, meeting_id)
    try:
        procedure = load_procedure(row["procedure_id"]) if row["procedure_id"] else None
    except ProcedureError:
        return ()
    required = {h.id for h in procedure.agenda if h.conclusion} if procedure else set()
    missing = [a["title"] for a in _items(store, "agenda_item", meeting_id)
               if (a["key"] or a["id"]) in required and not (a["conclusion"] or "").strip()]
    return (Problem("agenda_conclusion_missing", {"items": "; ".join(missing)}),) \
        if missing else ()


def sitting_score_problems(store: Store, meeting_id: str) -> list[Problem]:
    """For the last part of a combined sitting, once its end is recorded: the finalised
    score of each earlier part (scored on the sitting's planned end, voted on, read-only)
    must be what its rubric gives on the sitting as it actually ended."""
    record = meeting_record(store, meeting_id)
    sitting = record["sitting"]
    if not sitting or not sitting["last"] or not record["end"]:
        return []
    problems = []
    for part in sitting["parts"]:
        if part["id"] == meeting_id:
            continue
        row = _row(store, part["id"])
        score_data = row["score"] or {}
        draft = (row["extra"] or {}).get("score_draft") or {}
        # Scores kept before votes recorded their score are not checked (nor unscored parts).
        if (row["status"] != "finalised" or "voted_on" not in score_data or not row["rubric"]
                or draft.get("entries") is None):
            continue
        part_record = meeting_record(store, part["id"])
        again = scoring.score(
            scoring.load_rubric(row["rubric"]), part_record,
            {cid: scoring.Entry(**e) for cid, e in draft["entries"].items()},
            draft.get("flags") or {})
        if not again.complete:
            continue
        problems += score_vote.earlier_part_problems(
            part_record, again.to_json(), {**sitting, "end": record["end"]})
    return problems


def finalise_problems(store: Store, meeting_id: str, score: bool = True) -> list[str]:
    """Why the meeting cannot be finalised yet, in the UI language (empty when it can)."""
    return [p.message for p in finalise_problem_codes(store, meeting_id, score)]


def duration(store: Store, record: dict) -> rules.Duration:
    """The length check that applies to a record dict (``rules.assess_duration``)."""
    return rules.assess_duration(record["kind"], record.get("start"), record.get("end"),
                                 cell_rules(store), sitting=record.get("sitting"),
                                 short_reason=record.get("short_reason"))


def mark_finalised(store: Store, meeting_id: str) -> dict:
    """Make the meeting read-only and give it its number; the stored row as it was before.

    Runs inside the caller's transaction: ``app.lifecycle.finalise`` checks the
    meeting first and stores its documents in the same transaction."""
    meeting = _row(store, meeting_id)
    number = meeting["number"]
    if not number:
        # Minutes (BB) are numbered in their own sequence; the resolution or conclusion gets
        # its NQ/KL number when its document is stored (app.numbering).
        number = numbering.issue(store, "BB", dt.date.fromisoformat(meeting["date"]),
                                 series_id=meeting["series_id"], meeting_id=meeting_id,
                                 subject=meeting["kind"])
    store.db["meeting"].update(meeting_id, {
        "status": "finalised", "number": str(number), "finalised_at": now_iso(),
        "updated_at": now_iso()})
    return meeting


def amend(store: Store, meeting_id: str, reason: str) -> str:
    """A corrected version of a finalised meeting ("sửa đổi lần N"); the old one is kept."""
    reason = nfc(reason)
    if not reason:
        raise ValueError(_("Give the reason for the correction."))
    old = _row(store, meeting_id)
    if old["status"] != "finalised":
        raise ValueError(_("Only a finalised meeting can be corrected; edit the draft directly."))
    if store.conn.execute("select 1 from meeting where amends = ?", [meeting_id]).fetchone():
        raise ValueError(_("This version was already corrected; correct the newest version."))
    new = new_id()
    stamp = now_iso()
    with store.atomic():
        row = dict(store.db["meeting"].get(meeting_id))
        row.update({"id": new, "version": old["version"] + 1, "amends": meeting_id,
                    "amend_reason": reason, "status": "draft", "finalised_at": None,
                    "wizard_state": None, "read_back": 0, "created_at": stamp,
                    "updated_at": stamp})
        store.db["meeting"].insert(row)
        attendance = [dict(r, meeting_id=new) for r in
                      store.db["attendance"].rows_where("meeting_id = ?", [meeting_id])]
        store.db["attendance"].insert_all(attendance)
        for table in ITEM_TABLES:
            rows = [dict(r, id=new_id(), meeting_id=new) for r in _items(store, table, meeting_id)]
            if rows:
                store.db[table].insert_all(rows)
    return new
