"""Numbered schema migrations. Never edit a released migration: add a new one.

Each migration runs in its own transaction (sqlite-utils ``Migrations``). A test upgrades a
database from every earlier schema (``stop_before``) and checks that data survives.
"""
from __future__ import annotations

from sqlite_utils import Database, Migrations

MIGRATION_SET = "chibo"
migrations = Migrations(MIGRATION_SET)


@migrations(name="0001_cell_members")
def m0001(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["cell"].create(
        {
            "id": str, "name": str, "parent_org": str, "upper_committee": str,
            "place_name": str, "unit_type": str, "has_committee": int,
            "secretary_id": str, "deputy_id": str,
            "upper_member_name": str, "upper_member_title": str,
            "default_time": str, "default_place": str,
            "created_at": str, "updated_at": str,
        },
        pk="id",
    )
    db["model_cell"].create(
        {"id": str, "cell_id": str, "year": int, "content": str, "registered_on": str},
        pk="id", foreign_keys=[("cell_id", "cell", "id")],
    )
    db["member"].create(
        {
            "id": str, "full_name": str, "gender": str, "birth_date": str, "position": str,
            "party_status": str, "admitted_on": str, "full_on": str,
            "exempt_from": str, "exempt_to": str, "exempt_reason": str,
            "temp_status": str, "card_no": str, "phone": str,
            "joined_on": str, "left_on": str, "left_reason": str,
            "created_at": str, "updated_at": str,
        },
        pk="id",
        not_null={"full_name", "party_status"},
    )
    db["member"].create_index(["full_name"])
    # One row per change of a member: the whole record as it became, from a date on.
    db["member_history"].create(
        {"id": int, "member_id": str, "effective_on": str, "changed_at": str,
         "change": str, "snapshot": str},
        pk="id", foreign_keys=[("member_id", "member", "id")],
    )
    db["member_history"].create_index(["member_id", "effective_on"])


def names() -> list[str]:
    return [m.name for m in migrations._migrations]
