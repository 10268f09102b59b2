"""Members of the cell: saving with history, listing in Vietnamese order, searching."""
from __future__ import annotations

import datetime as dt
import json

from .i18n import _
from .model import Member, ValidationError, validate_member, FieldError
from .store import Store, new_id
from .store.db import now_iso
from .vntext import fold, matches, name_sort_key

# Tables whose rows name a member; a member named in any of them is never deleted.
MEMBER_REFERENCES: list[tuple[str, str]] = [
    ("attendance", "member_id"), ("speech", "member_id"), ("speech", "target_id"),
    ("task", "member_id"), ("proposal", "member_id"), ("plan_item", "drafter_id"),
    ("ehandbook_points", "member_id"),
]


def _load(rows) -> list[Member]:
    return [Member.from_row(r) for r in rows]


def list_members(store: Store, *, include_left: bool = True) -> list[Member]:
    members = _load(store.rows("select * from member"))
    if not include_left:
        today = dt.date.today()
        members = [m for m in members if m.is_member_on(today)]
    return sorted(members, key=lambda m: name_sort_key(m.full_name))


def get_member(store: Store, member_id: str) -> Member | None:
    rows = store.rows("select * from member where id = ?", [member_id])
    return Member.from_row(rows[0]) if rows else None


def find_duplicate(store: Store, member: Member) -> Member | None:
    """Another member with the same name (diacritics and case aside) and date of birth."""
    key = fold(member.full_name)
    for other in _load(store.rows("select * from member")):
        if other.id != member.id and fold(other.full_name) == key and \
                other.birth_date == member.birth_date:
            return other
    return None


def save_member(store: Store, member: Member, *, effective_on: dt.date | None = None,
                change: str = "edit", today: dt.date | None = None) -> Member:
    """Validate and save a member in one transaction, recording the change in the history."""
    member.normalised()
    errors = validate_member(member, today)
    duplicate = find_duplicate(store, member)
    if duplicate:
        errors.append(FieldError("full_name", _(
            "A member with the same name and date of birth already exists.")))
    if errors:
        raise ValidationError(errors)
    is_new = not member.id
    member.id = member.id or new_id()
    row = member.to_row()
    stamp = now_iso()
    row["updated_at"] = stamp
    with store.atomic():
        if is_new:
            row["created_at"] = stamp
            store.db["member"].insert(row)
        else:
            store.db["member"].update(member.id, row)
        _record_history(store, member, effective_on, "add" if is_new else change, stamp)
    return member


def _record_history(store: Store, member: Member, effective_on: dt.date | None,
                    change: str, stamp: str) -> None:
    effective = effective_on or member.joined_on or dt.date.today()
    if change == "add" and member.joined_on is None:
        effective = dt.date.min
    store.db["member_history"].insert({
        "member_id": member.id,
        "effective_on": effective.isoformat(),
        "changed_at": stamp,
        "change": change,
        "snapshot": json.dumps(member.to_row(), ensure_ascii=False),
    })


def mark_left(store: Store, member_id: str, left_on: dt.date, reason: str) -> Member:
    member = get_member(store, member_id)
    if member is None:
        raise KeyError(member_id)
    member.left_on, member.left_reason = left_on, reason
    return save_member(store, member, effective_on=left_on, change="left")


def is_referenced(store: Store, member_id: str) -> bool:
    for table, column in MEMBER_REFERENCES:
        if store.db[table].exists() and store.conn.execute(
                f"select 1 from [{table}] where [{column}] = ? limit 1", [member_id]).fetchone():
            return True
    return False


def delete_member(store: Store, member_id: str) -> None:
    """Delete a member typed in by mistake; one who appears in any meeting is only marked as left."""
    if is_referenced(store, member_id):
        raise ValueError(_("This member appears in a meeting record and cannot be deleted; "
                           "mark them as left instead."))
    with store.atomic():
        store.db["member_history"].delete_where("member_id = ?", [member_id])
        store.db["member"].delete_where("id = ?", [member_id])


def members_as_of(store: Store, day: dt.date) -> list[Member]:
    """The cell as it was on a day: each member's latest recorded state effective by then."""
    rows = store.conn.execute(
        "select member_id, snapshot from member_history where effective_on <= ? "
        "order by member_id, effective_on, changed_at, id", [day.isoformat()]).fetchall()
    latest: dict[str, dict] = {}
    for member_id, snapshot in rows:
        latest[member_id] = json.loads(snapshot)
    members = [Member.from_row(r) for r in latest.values()]
    members = [m for m in members if m.is_member_on(day)]
    return sorted(members, key=lambda m: name_sort_key(m.full_name))


def search(members: list[Member], query: str) -> list[Member]:
    """Members whose name, position, card number or phone contain every word of the query,
    ignoring diacritics and case ("nguyen van a" finds "Nguyễn Văn Á")."""
    if not query.strip():
        return list(members)
    return [m for m in members if matches(query, m.full_name, m.position, m.card_no, m.phone)]


STATUS_FILTERS = ("all", "full", "probationary", "exempted", "elsewhere", "here", "left")


def status_tags(m: Member, today: dt.date) -> set[str]:
    if m.left_on and m.left_on <= today:
        return {"left"}
    tags = {m.party_status}
    if m.is_exempted_on(today):
        tags.add("exempted")
    if m.temp_status:
        tags.add(m.temp_status)
    return tags


def counts_by_status(members: list[Member], today: dt.date | None = None) -> dict[str, int]:
    today = today or dt.date.today()
    counts = {key: 0 for key in STATUS_FILTERS}
    for m in members:
        tags = status_tags(m, today)
        for tag in tags:
            counts[tag] += 1
        if "left" not in tags:
            counts["all"] += 1
    return counts


def filter_by_status(members: list[Member], status: str, today: dt.date | None = None
                     ) -> list[Member]:
    today = today or dt.date.today()
    if status == "all":
        return [m for m in members if "left" not in status_tags(m, today)]
    return [m for m in members if status in status_tags(m, today)]
