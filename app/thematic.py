"""Thematic meetings (sinh hoạt chuyên đề) and combined sittings.

A thematic meeting is a meeting of kind "thematic" run by the thematic procedure; its topic
(title, group, drafter, draft versions, approval and the dates it was sent) lives in the
meeting's ``topic``. A combined sitting is a regular and a thematic meeting held one after the
other in one sitting: one roll call serves both, each has its own minutes, and the sitting's
total length is checked against the combined minimum.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from . import meetings
from .i18n import _
from .planning import update_plan_item
from .rules.plan import TOPIC_GROUP_IDS
from .store import Store, blobs, new_id
from .store.db import now_iso
from .vntext import nfc

# Topic keys the secretary edits before and during the meeting (draft only).
_TOPIC_FIELDS = {"title", "group", "drafter_id", "briefing_date", "briefing_notes",
                 "approved", "sent", "plan_item_id"}
# What happens after the meeting; recorded on the finalised meeting too, since it does not
# change the minutes.
_FOLLOW_UP = {"final_sent", "reported"}


def _topic(store: Store, meeting_id: str) -> dict:
    return meetings._row(store, meeting_id)["topic"] or {}


def _check_topic(values: dict) -> None:
    if "title" in values and not nfc(values["title"]):
        raise ValueError(_("Enter the topic's title."))
    if values.get("group") and values["group"] not in TOPIC_GROUP_IDS:
        raise ValueError(_("Unknown topic group “{value}”.").format(value=values["group"]))


def create_thematic(store: Store, day: dt.date, *, title: str, group: str,
                    drafter_id: str | None = None, plan_item_id: str | None = None,
                    sitting_id: str | None = None, sitting_order: int | None = None) -> str:
    values = {"title": nfc(title), "group": group, "drafter_id": drafter_id,
              "plan_item_id": plan_item_id}
    _check_topic(values)
    mid = meetings.create_meeting(store, day, kind="thematic", sitting_id=sitting_id,
                                  sitting_order=sitting_order)
    meetings.update(store, mid, topic={**values, "versions": []})
    if plan_item_id:
        _link_plan(store, plan_item_id, mid)
    return mid


def _link_plan(store: Store, plan_item_id: str, meeting_id: str) -> None:
    update_plan_item(store, plan_item_id, meeting_id=meeting_id)


def set_topic(store: Store, meeting_id: str, **values: Any) -> None:
    """Change the topic's title, group, drafter, briefing, approval or sent dates (draft only)."""
    unknown = set(values) - _TOPIC_FIELDS
    if unknown:
        raise ValueError(f"unknown topic fields {sorted(unknown)}")
    for key, value in list(values.items()):
        if isinstance(value, dt.date):
            values[key] = value.isoformat()
        elif isinstance(value, str):
            values[key] = nfc(value) if key != "briefing_notes" else value.strip()
    _check_topic(values)
    topic = _topic(store, meeting_id)
    topic.update(values)
    meetings.update(store, meeting_id, topic=topic)


def add_version(store: Store, meeting_id: str, *, text: str | None = None, file=None,
                note: str = "", final: bool = False, day: dt.date | None = None) -> dict:
    """Keep a draft (or the final) version of the topic: typed text or a file, with its date
    and SHA-256. The final version may be added after the meeting is finalised."""
    if (text is None) == (file is None):
        raise ValueError(_("Give either the text of the version or a file."))
    row = meetings._row(store, meeting_id)
    if row["status"] != "draft" and not final:
        raise meetings.MeetingLockedError(meetings._locked_message())
    if file is not None:
        name = str(file).replace("\\", "/").rsplit("/", 1)[-1]
    else:
        data = nfc(text).encode("utf-8") if "\n" not in text else text.strip().encode("utf-8")
        name = "chuyen-de.txt"
    with store.atomic():   # the bytes commit with the topic that names them
        if file is not None:
            digest, size = blobs.put_file(store, file)
        else:
            digest, size = blobs.put_bytes(store, data), len(data)
        topic = row["topic"] or {}
        versions = list(topic.get("versions") or [])
        version = {"n": len(versions) + 1, "date": (day or dt.date.today()).isoformat(),
                   "name": name, "sha256": digest, "size": size, "note": nfc(note),
                   "final": bool(final), "added_at": now_iso()}
        versions.append(version)
        topic["versions"] = versions
        _write_topic(store, meeting_id, topic, follow_up=row["status"] != "draft")
    if final and row["status"] == "finalised":
        from .meeting_docs import store_topic_document

        store_topic_document(store, meeting_id)
    return version


def record_follow_up(store: Store, meeting_id: str, *, final_sent: dt.date | None = None,
                     reported: dt.date | None = None) -> None:
    """After the meeting: when the finished topic was sent to members and reported upward."""
    topic = _topic(store, meeting_id)
    if final_sent is not None:
        topic["final_sent"] = final_sent.isoformat()
    if reported is not None:
        topic["reported"] = reported.isoformat()
    _write_topic(store, meeting_id, topic, follow_up=True)


def _write_topic(store: Store, meeting_id: str, topic: dict, follow_up: bool) -> None:
    if not follow_up:
        meetings.update(store, meeting_id, topic=topic)
        return
    with store.atomic():
        store.db["meeting"].update(meeting_id, {
            "topic": json.dumps(topic, ensure_ascii=False), "updated_at": now_iso()})


def create_combined_sitting(store: Store, day: dt.date, *, title: str, group: str,
                            drafter_id: str | None = None, thematic_first: bool = False,
                            plan_item_id: str | None = None,
                            rule_date: dt.date | None = None) -> tuple[str, str, str]:
    """A regular and a thematic meeting in one sitting, in the chosen order.

    Returns (sitting id, regular meeting id, thematic meeting id).
    """
    sitting = new_id()
    regular_order, thematic_order = (2, 1) if thematic_first else (1, 2)
    regular = meetings.create_meeting(store, day, kind="regular", rule_date=rule_date,
                                      sitting_id=sitting, sitting_order=regular_order)
    thematic = create_thematic(store, day, title=title, group=group, drafter_id=drafter_id,
                               plan_item_id=plan_item_id, sitting_id=sitting,
                               sitting_order=thematic_order)
    return sitting, regular, thematic


def set_texts(store: Store, meeting_id: str, *, topic_purpose: str | None = None,
              drafter_response: str | None = None) -> None:
    """The secretary's statement of the topic's purpose; the drafter's response to comments.

    (The drafter's presentation goes in ``report``, the secretary's evaluation in
    ``orientation`` and the conclusion in ``summary``, as for every meeting.)
    """
    extra = meetings._row(store, meeting_id)["extra"] or {}
    if topic_purpose is not None:
        extra["topic_purpose"] = topic_purpose.strip()
    if drafter_response is not None:
        extra["drafter_response"] = drafter_response.strip()
    meetings.update(store, meeting_id, extra=extra)
