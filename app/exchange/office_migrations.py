"""Schema of the party office's own database (migration set "office"), separate from a cell's.

Never edit a released migration: add a new one.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from app.store.blobs import CREATE_TABLE, legacy_files_dir, move_files_in
from app.store.steps import MigrationSet

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_SET = "office"
migrations = MigrationSet(MIGRATION_SET)


def names() -> list[str]:
    return migrations.names()


@migrations(name="0001_office")
def m0001(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["cell"].create(
        {"id": str, "name": str, "parent_org": str, "upper_committee": str, "place_name": str,
         "secretary": str, "first_import": str, "last_import": str},
        pk="id", not_null={"name"},
    )
    # Certificates the clerk confirmed, and which cell each was confirmed for.
    db["certificate"].create(
        {"fingerprint": str, "pem": str, "subject": str, "source": str, "added_at": str},
        pk="fingerprint",
    )
    db["cell_certificate"].create(
        {"cell_id": str, "fingerprint": str, "confirmed_at": str},
        pk=("cell_id", "fingerprint"),
        foreign_keys=[("cell_id", "cell", "id"), ("fingerprint", "certificate", "fingerprint")],
    )
    db["meeting"].create(
        {
            "id": str, "series_id": str, "cell_id": str, "version": int, "kind": str,
            "date": str, "year": int, "month": int, "number": str,
            "rule_date": str, "off_rule_reason": str, "duration_minutes": int,
            "sitting_minutes": int, "sitting_last": int, "short_reason": str,
            "score_total": float, "rating": str,
            "exported_at": str, "imported_at": str, "signer_fingerprint": str,
            "bundle_sha256": str, "current": int, "rules": str, "record": str,
        },
        pk="id", not_null={"series_id", "cell_id", "version", "kind", "date", "record"},
        foreign_keys=[("cell_id", "cell", "id")],
    )
    db["meeting"].create_index(["cell_id", "year", "month"])
    db["meeting"].create_index(["series_id", "version"], unique=True)
    db["bundle"].create(
        {"sha256": str, "file_name": str, "size": int, "meeting_id": str, "imported_at": str},
        pk="sha256", foreign_keys=[("meeting_id", "meeting", "id")],
    )
    # The meeting's PDFs, kept content-addressed in "<office db>-files/".
    db["document"].create(
        {"meeting_id": str, "name": str, "sha256": str, "size": int},
        pk=("meeting_id", "name"), foreign_keys=[("meeting_id", "meeting", "id")],
    )
    # The newest e-handbook summary the office has for each cell-month.
    db["ehandbook_month"].create(
        {"cell_id": str, "year": int, "month": int, "threshold": float, "applicable": int,
         "at_or_above": int, "below": int, "missing": int, "share": float, "as_of": str},
        pk=("cell_id", "year", "month"), foreign_keys=[("cell_id", "cell", "id")],
    )
    db["model_cell"].create(
        {"cell_id": str, "year": int, "content": str, "registered_on": str, "as_of": str},
        pk=("cell_id", "year"), foreign_keys=[("cell_id", "cell", "id")],
    )


@migrations(name="0002_document_signatures")
def m0002(db: Database) -> None:
    # Bundle format 2 carries the cell's stored PDFs as signed there: whether each is signed
    # and who signed it (JSON list of {field, role, signer, fingerprint, signed_at}).
    db["document"].add_column("signed", int)
    db["document"].add_column("signatures", str)


@migrations(name="0003_key_bindings")
def m0003(db: Database) -> None:
    # Trust is bound to (cell, key) with dates: a key counts for its cell from ``valid_from``
    # and, once retired, for bundles exported before ``valid_to`` only. A certificate recorded
    # with ``office trust --new-cell`` waits (``for_new_cell``) for the first bundle of a cell
    # the office does not know yet.
    db["cell_certificate"].add_column("valid_from", str)
    db["cell_certificate"].add_column("valid_to", str)
    db["certificate"].add_column("for_new_cell", int)
    db.execute("update cell_certificate set valid_from = substr(confirmed_at, 1, 10)")
    # A certificate file recorded without a cell (older ``office trust``) stays usable for a
    # new cell only, never for a cell already on record.
    db.execute("update certificate set for_new_cell = fingerprint not in "
               "(select fingerprint from cell_certificate)")


@migrations(name="0004_office_profile")
def m0004(db: Database) -> None:
    # The office's own identity for the documents it issues (one row): issuer, the body above
    # it, the number's issuer code, the signature block and the recipients (JSON list). An
    # older file gets the issuer and place its cells named as their upper committee.
    db["office_profile"].create(
        {"id": int, "issuer": str, "upper_body": str, "place_name": str, "number_code": str,
         "sign_mode": str, "sign_for": str, "sign_title": str, "signer_name": str,
         "recipients": str, "updated_at": str},
        pk="id",
    )
    row = db.execute(
        "select upper_committee, place_name, count(*) as n from cell "
        "where coalesce(upper_committee, '') != '' group by upper_committee "
        "order by n desc, upper_committee limit 1").fetchone()
    db["office_profile"].insert({
        "id": 1, "issuer": row[0] if row else "", "upper_body": "",
        "place_name": (row[1] or "") if row else "", "number_code": "ĐU",
        "sign_mode": "tm", "sign_for": "ĐẢNG ỦY", "sign_title": "BÍ THƯ", "signer_name": "",
        "recipients": '["Các đồng chí Đảng ủy viên", "Các chi bộ", "Lưu VPĐU"]',
        "updated_at": "",
    })


@migrations(name="0005_signer_mismatches")
def m0005(db: Database) -> None:
    # Signatures whose certificate names someone else than the person printed under the
    # block, found when the bundle was imported (JSON list of {document, field, printed,
    # signer}): flagged on the import result and the dashboard, never a rejection.
    db["meeting"].add_column("signer_mismatches", str)


@migrations(name="0006_outbox")
def m0006(db: Database) -> None:
    # What the office wrote for its cells: the signed receipt of each import run and each
    # package of documents sent down (``content``: its office.json).
    db["outbox"].create(
        {"id": str, "kind": str, "file_name": str, "written_at": str, "recipients": str,
         "content": str},
        pk="id", not_null={"kind", "written_at"},
    )


@migrations(name="0007_meeting_cell_keys")
def m0007(db: Database) -> None:
    # A meeting id belongs to one cell forever: the office keeps meetings by (cell, meeting id),
    # so a bundle of another cell that brings an id already on record (a squatter, or a cell's
    # bug) no longer blocks the genuine cell's bundle; both are kept, each under its own cell,
    # and the clash is recorded in ``meeting_id_clash``. Series and versions count per cell too.
    conn = db.conn
    for table in ("bundle", "document", "meeting"):
        conn.execute(f"alter table [{table}] rename to [{table}_0006]")
    for index in ("idx_meeting_cell_id_year_month", "idx_meeting_series_id_version"):
        conn.execute(f"drop index if exists [{index}]")
    conn.execute(
        "create table meeting (id text not null, series_id text not null, "
        "cell_id text not null references cell(id), version integer not null, "
        "kind text not null, date text not null, year integer, month integer, number text, "
        "rule_date text, off_rule_reason text, duration_minutes integer, "
        "sitting_minutes integer, sitting_last integer, short_reason text, score_total float, "
        "rating text, exported_at text, imported_at text, signer_fingerprint text, "
        "bundle_sha256 text, current integer, rules text, record text not null, "
        "signer_mismatches text, primary key (cell_id, id))")
    conn.execute("create index idx_meeting_cell_id_year_month on meeting (cell_id, year, month)")
    conn.execute("create unique index idx_meeting_cell_series_version on meeting "
                 "(cell_id, series_id, version)")
    conn.execute("create index idx_meeting_id on meeting (id)")
    conn.execute("create index idx_meeting_series_id on meeting (series_id)")
    conn.execute(
        "create table document (cell_id text not null, meeting_id text not null, "
        "name text not null, sha256 text, size integer, signed integer, signatures text, "
        "primary key (cell_id, meeting_id, name), "
        "foreign key (cell_id, meeting_id) references meeting(cell_id, id))")
    conn.execute(
        "create table bundle (sha256 text primary key, file_name text, size integer, "
        "cell_id text, meeting_id text, imported_at text, "
        "foreign key (cell_id, meeting_id) references meeting(cell_id, id))")
    columns = ("id, series_id, cell_id, version, kind, date, year, month, number, rule_date, "
               "off_rule_reason, duration_minutes, sitting_minutes, sitting_last, short_reason, "
               "score_total, rating, exported_at, imported_at, signer_fingerprint, "
               "bundle_sha256, current, rules, record, signer_mismatches")
    conn.execute(f"insert into meeting ({columns}) select {columns} from meeting_0006")
    # Until now a meeting id was on record for one cell only: each row takes its meeting's cell.
    conn.execute("insert into document (cell_id, meeting_id, name, sha256, size, signed, "
                 "signatures) select m.cell_id, d.meeting_id, d.name, d.sha256, d.size, "
                 "d.signed, d.signatures from document_0006 d join meeting_0006 m "
                 "on m.id = d.meeting_id")
    conn.execute("insert into bundle (sha256, file_name, size, cell_id, meeting_id, "
                 "imported_at) select b.sha256, b.file_name, b.size, m.cell_id, b.meeting_id, "
                 "b.imported_at from bundle_0006 b left join meeting_0006 m "
                 "on m.id = b.meeting_id")
    for table in ("bundle", "document", "meeting"):
        conn.execute(f"drop table [{table}_0006]")
    conn.execute(
        "create table meeting_id_clash (meeting_id text not null, cell_id text not null, "
        "other_cell_id text not null, bundle_sha256 text, found_at text not null, "
        "primary key (meeting_id, cell_id, other_cell_id))")


FILES_MOVED_IN = "files_moved_in"   # meta key: what 0008 moved in, and what it could not


@migrations(name="0008_office_blobs")
def m0008(db: Database) -> None:
    # One file holds everything at the office too: the imported PDFs become content-addressed
    # BLOBs inside the office database (``app.store.blobs``, as in a cell's file). The PDFs an
    # older chibo kept in "<office db>-files/<2 hex>/<sha256>.pdf" are moved in, each checked
    # against the SHA-256 it is named by; the folder is left in place (nothing is deleted) and
    # what could not be moved in (a file whose bytes do not match, a document no file supplied)
    # is recorded in ``meta`` under ``files_moved_in``.
    db.execute(CREATE_TABLE)
    main = next((r[2] for r in db.execute("pragma database_list").fetchall() if r[1] == "main"),
                "")
    if not main:   # an in-memory database has no folder beside it
        return
    referenced = {r[0] for r in db.execute("select sha256 from document where sha256 is not null")}
    report = move_files_in(db.conn, legacy_files_dir(Path(main)), suffix=".pdf",
                           referenced=referenced)
    if not (report["stored"] or report["mismatched"] or report["missing"]):
        return
    missing = set(report["missing"])
    report["missing_documents"] = [
        {"cell_id": c, "cell_name": name, "meeting_id": m, "name": n, "sha256": h}
        for c, name, m, n, h in db.execute(
            "select d.cell_id, c.name, d.meeting_id, d.name, d.sha256 from document d left join "
            "cell c on c.id = d.cell_id order by d.cell_id, d.meeting_id, d.name")
        if h in missing]
    db.execute("insert or replace into meta (key, value) values (?, ?)",
               [FILES_MOVED_IN, json.dumps(report, ensure_ascii=False)])
