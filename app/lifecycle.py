"""A meeting's life beyond its editing: finalising it.

Finalising touches the meeting (``app.meetings``), its documents (``app.meeting_docs``, which
reads the meeting), the year plan and the backups; it lives here, above all of them, so that
none of them imports another back (no import cycle). The wizard's session calls it, and so may
the service layer (app/services/, which sits above the session).
"""
from __future__ import annotations

import datetime as dt

from . import meetings
from .planning import get_plan_item, update_plan_item
from .store import Store
from .store.backup import backup_now


def finalise(store: Store, meeting_id: str) -> None:
    """Make the meeting read-only, give it its number, store its documents (minutes, and the
    resolution or conclusion), mark its plan item held and back the file up."""
    problems = meetings.finalise_problems(store, meeting_id)
    if problems:
        raise ValueError(" ".join(problems))
    # The document stack (reportlab, cryptography) loads here, not when the wizard opens.
    from . import meeting_docs

    with store.atomic():
        meeting = meetings.mark_finalised(store, meeting_id)
        # In the same transaction: if the documents cannot be made, the meeting stays a draft.
        meeting_docs.finalise_documents(store, meeting_id)
    _mark_plan_held(store, meeting)
    if not store.conn.in_transaction:
        backup_after_finalising(store)


def backup_after_finalising(store: Store) -> None:
    """The backup taken once a meeting is finalised. Inside a larger transaction (the demo,
    made whole or not at all) it is left to that action, after its commit: a backup taken
    earlier would hold its uncommitted half."""
    backup_now(store.conn, store.path, reason="finalised")


def _mark_plan_held(store: Store, meeting: dict) -> None:
    """The year plan follows: the planned item this meeting realises is now held."""
    ids = [r[0] for r in store.conn.execute(
        "select id from plan_item where meeting_id in "
        "(select id from meeting where series_id = ?)", [meeting["series_id"]])]
    topic_item = (meeting["topic"] or {}).get("plan_item_id")
    if topic_item and topic_item not in ids:
        ids.append(topic_item)
    for item_id in ids:
        item = get_plan_item(store, item_id)
        if item and item.status != "held":
            changes = {"status": "held"}
            if not item.planned_date:
                changes["planned_date"] = dt.date.fromisoformat(meeting["date"])
            update_plan_item(store, item_id, **changes)
