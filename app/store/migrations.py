"""Numbered schema migrations. Never edit a released migration: add a new one.

Each migration runs in its own transaction (sqlite-utils ``Migrations``). A test upgrades a
database from every earlier schema (``stop_before``) and checks that data survives.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from .blobs import CREATE_TABLE, legacy_files_dir, move_files_in
from .steps import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "chibo"
migrations = MigrationSet(MIGRATION_SET)


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
    return migrations.names()


@migrations(name="0002_meetings")
def m0002(db: Database) -> None:
    """Meetings and everything recorded during one, each edit a row of its own."""
    db["meeting"].create(
        {
            "id": str, "series_id": str, "version": int, "amends": str, "amend_reason": str,
            "cell_id": str, "kind": str, "status": str, "procedure_id": str,
            "year": int, "month": int, "number": str,
            "date": str, "rule_date": str, "off_rule_reason": str, "place": str,
            "start": str, "end": str, "short_reason": str,
            "sitting_id": str, "sitting_order": int,
            "chair_id": str, "minute_taker_id": str,
            "purpose": str, "report": str, "orientation": str, "summary": str,
            "resolution_type": str, "resolution_text": str,
            "agenda_approved": int, "read_back": int,
            "preparation": str, "closing": str, "ticks": str, "wizard_state": str,
            "score": str, "rubric": str, "topic": str, "extra": str,
            "created_at": str, "updated_at": str, "finalised_at": str,
        },
        pk="id",
        not_null={"kind", "status", "series_id", "version"},
        foreign_keys=[("cell_id", "cell", "id"), ("amends", "meeting", "id")],
    )
    db["meeting"].create_index(["date"])
    db["meeting"].create_index(["series_id", "version"], unique=True)
    # The roll as it was at the meeting: names and statuses are copied, never looked up later.
    db["attendance"].create(
        {"meeting_id": str, "member_id": str, "position": int, "name": str,
         "party_status": str, "exempted": int, "elsewhere": int, "temporary_here": int,
         "excused": int, "presence": str, "reason": str, "late": str, "left_early": str},
        pk=("meeting_id", "member_id"),
        foreign_keys=[("meeting_id", "meeting", "id"), ("member_id", "member", "id")],
    )
    item_tables = {
        "guest": {"name": str, "title": str, "organisation": str},
        "agenda_item": {"key": str, "title": str},
        "speech": {"member_id": str, "speaker": str, "kind": str, "target_id": str,
                   "target": str, "text": str, "agenda_item": str, "seconds": int},
        "task": {"member_id": str, "assignee": str, "text": str, "due": str,
                 "agenda_item": str},
        "proposal": {"member_id": str, "member": str, "text": str, "handling": str,
                     "note": str},
        "vote": {"subject": str, "for_": int, "against": int, "abstain": int,
                 "base": int, "present": int, "passed": int, "reason": str},
        "task_review": {"task_id": str, "outcome": str, "note": str},
        "attachment": {"name": str, "sha256": str, "size": int, "added_at": str},
    }
    for table, columns in item_tables.items():
        db[table].create(
            {"id": str, "meeting_id": str, "position": int, **columns},
            pk="id", foreign_keys=[("meeting_id", "meeting", "id")],
        )
        db[table].create_index(["meeting_id", "position"])


@migrations(name="0003_calendar")
def m0003(db: Database) -> None:
    """The cell's own days off, the year plan and the monthly e-handbook points."""
    # kind "off": an extra day off; "working": a make-up working day (overrides a day off).
    db["org_day"].create(
        {"date": str, "name": str, "kind": str, "created_at": str},
        pk="date", not_null={"name", "kind"},
    )
    db["plan_item"].create(
        {
            "id": str, "year": int, "month": int, "kind": str,
            "planned_date": str, "time": str, "place": str, "quarter": int,
            "title": str, "topic_group": str, "drafter_id": str,
            "combined": int, "combined_order": int,
            "status": str, "cancel_reason": str, "off_rule_reason": str,
            "meeting_id": str, "created_at": str, "updated_at": str,
        },
        pk="id", not_null={"year", "kind", "status"},
        foreign_keys=[("drafter_id", "member", "id"), ("meeting_id", "meeting", "id")],
    )
    db["plan_item"].create_index(["year", "planned_date"])
    # One regular meeting per month of a year.
    db.execute("CREATE UNIQUE INDEX idx_plan_item_regular_month ON plan_item (year, month) "
               "WHERE kind = 'regular'")
    db["ehandbook_points"].create(
        {"member_id": str, "year": int, "month": int, "points": float, "updated_at": str},
        pk=("member_id", "year", "month"), not_null={"points"},
        foreign_keys=[("member_id", "member", "id")],
    )
    db["ehandbook_points"].create_index(["year", "month"])


@migrations(name="0004_documents")
def m0004(db: Database) -> None:
    """The documents made from meetings (and the year plan), each file kept unchanged.

    A row per stored file (content-addressed in the app's storage by its SHA-256). Signing makes
    a new file and a new row that ``supersedes`` the unsigned one; an amended meeting version
    gets rows of its own.
    """
    db["document"].create(
        {
            "id": str, "meeting_id": str, "kind": str, "year": int,
            "version": int,            # the meeting's version the document was made from
            "number": str, "name": str, "sha256": str, "size": int, "created_at": str,
            "signed": int, "signer": str, "signer_fingerprint": str, "signer_role": str,
            "signature_field": str, "signed_at": str, "supersedes": str,
            "source_sha256": str,      # what it was made from, e.g. the topic's final version
        },
        pk="id", not_null={"kind", "sha256", "size", "created_at", "signed"},
        defaults={"signed": 0},
        foreign_keys=[("meeting_id", "meeting", "id"), ("supersedes", "document", "id")],
    )
    db["document"].create_index(["meeting_id", "kind"])
    db["document"].create_index(["year", "kind"])
    db["document"].create_index(["sha256"])


@migrations(name="0005_exports")
def m0005(db: Database) -> None:
    """What was exported for the party office, when, and into which bundle."""
    db["export"].create(
        {"id": str, "meeting_id": str, "series_id": str, "version": int, "file_name": str,
         "sha256": str, "signer_fingerprint": str, "exported_at": str},
        pk="id", not_null={"meeting_id", "series_id", "version", "exported_at"},
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["export"].create_index(["meeting_id"])
    db["export"].create_index(["series_id", "version"])


@migrations(name="0006_blobs")
def m0006(db: Database) -> None:
    """Documents and attachments inside the database file (content-addressed BLOBs).

    The files an older chibo kept in ``<name>-files/`` beside the database are moved in, each
    checked against the SHA-256 it is named by; the folder is left in place (nothing is
    deleted) and what could not be moved in is recorded in ``meta`` under ``files_moved_in``.
    """
    db.execute(CREATE_TABLE)
    main = next((r[2] for r in db.execute("pragma database_list").fetchall() if r[1] == "main"),
                "")
    if not main:   # an in-memory database has no folder beside it
        return
    report = move_files_in(db.conn, legacy_files_dir(Path(main)))
    if not (report["stored"] or report["mismatched"] or report["missing"]):
        return
    db.execute("insert or replace into meta (key, value) values (?, ?)",
               ["files_moved_in", json.dumps(report, ensure_ascii=False)])


@migrations(name="0007_doc_register")
def m0007(db: Database) -> None:
    """The register of issued document numbers (per type, from 01 per committee term) and the
    chair's conclusion per agenda item."""
    db["doc_number"].create(
        {"id": str, "code": str, "term": str, "n": int, "series_id": str, "meeting_id": str,
         "year": int, "day": str, "subject": str, "issued_at": str},
        pk="id", not_null={"code", "term", "n", "issued_at"},
    )
    db["doc_number"].create_index(["code", "term", "n"], unique=True)
    db["agenda_item"].add_column("conclusion", str)
    # Numbers issued before the register: those of the stored documents (e.g. "04-BB/CB").
    seen = set()
    for row in db.query("select d.number, d.meeting_id, d.year, m.series_id, m.date, "
                        "d.created_at from document d left join meeting m on m.id = d.meeting_id "
                        "where d.number is not null order by d.created_at"):
        head = (row["number"] or "").split("/")[0]
        n, _, code = head.partition("-")
        if not (n.isdigit() and code):
            continue
        key = (code, f"{row['year']}", int(n))
        if key in seen:
            continue
        seen.add(key)
        db["doc_number"].insert({
            "id": f"{code}-{row['year']}-{int(n)}", "code": code, "term": f"{row['year']}",
            "n": int(n), "series_id": row["series_id"], "meeting_id": row["meeting_id"],
            "year": row["year"], "day": row["date"], "subject": None,
            "issued_at": row["created_at"] or ""})


@migrations(name="0008_signer_mismatch")
def m0008(db: Database) -> None:
    """A signature whose certificate names someone else than the person printed under its
    block keeps the printed name and the signer's reason with the signed document's row."""
    db["document"].add_column("printed_name", str)
    db["document"].add_column("mismatch_reason", str)


@migrations(name="0009_cell_names")
def m0009(db: Database) -> None:
    """The cell's names with the date each set took effect (a merger renames the cell, its
    upper organisations and the place): a document carries the names in force on its date."""
    db["cell_name"].create(
        {"id": str, "valid_from": str, "name": str, "parent_org": str,
         "upper_committee": str, "place_name": str, "note": str, "created_at": str},
        pk="id", not_null={"valid_from", "name"},
    )
    db["cell_name"].create_index(["valid_from"], unique=True)


@migrations(name="0010_office_inbox")
def m0010(db: Database) -> None:
    """What the party office sent back: receipts of the cell's bundles (matched by the
    bundle's SHA-256) and documents sent down (their bytes in ``blob``), and which office
    bundles were imported."""
    db["inbox"].create(
        {"sha256": str, "kind": str, "package_id": str, "file_name": str, "written_at": str,
         "imported_at": str},
        pk="sha256", not_null={"kind", "imported_at"},
    )
    db["office_receipt"].create(
        {"bundle_sha256": str, "meeting_id": str, "receipt_id": str, "status": str, "code": str,
         "params": str, "received_at": str, "imported_at": str, "office_fingerprint": str},
        pk="bundle_sha256", not_null={"meeting_id", "status", "received_at"},
        foreign_keys=[("meeting_id", "meeting", "id")],
    )
    db["office_receipt"].create_index(["meeting_id"])
    db["office_document"].create(
        {"id": str, "package_id": str, "position": int, "category": str, "title": str,
         "file_name": str, "sha256": str, "size": int, "sent_at": str, "imported_at": str,
         "office_fingerprint": str, "used_in_meeting": str},
        pk="id", not_null={"package_id", "category", "title", "sha256", "sent_at"},
    )
