"""The cell database: migrations from every schema, refusals, lock, backups and restore."""
import datetime as dt
import sqlite3
import subprocess
import sys
import textwrap
import hashlib
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.members import list_members, save_member
from app.model import Member
from app.store import (AlreadyOpenError, NewerSchemaError, NotChiboError,
                       open_store)
from app.store.backup import (backup_now, check_backup, daily_backup_if_due, list_backups,
                              restore, thin)
from app.store import blobs
from app.store.migrations import migrations, names


def _seed_0001(db):
    db["member"].insert({"id": "m-1", "full_name": "Nguyễn Văn Á", "party_status": "full",
                         "birth_date": "1970-01-02"})


def _seed_0002(db):
    db["meeting"].insert({"id": "mt-1", "series_id": "mt-1", "version": 1, "kind": "regular",
                          "status": "finalised", "date": "2024-04-03"})
    db["attendance"].insert({"meeting_id": "mt-1", "member_id": "m-1", "name": "Nguyễn Văn Á",
                             "presence": "present"})


def _seed_0003(db):
    db["org_day"].insert({"date": "2025-06-03", "name": "Nghỉ mát", "kind": "off"})
    db["plan_item"].insert({"id": "p-1", "year": 2024, "month": None, "kind": "thematic",
                            "planned_date": "2024-04-03", "title": "Học tập tư tưởng Hồ Chí Minh",
                            "topic_group": "ho_chi_minh", "drafter_id": "m-1", "status": "held",
                            "meeting_id": "mt-1", "combined": 1, "combined_order": 2})
    db["ehandbook_points"].insert({"member_id": "m-1", "year": 2024, "month": 3, "points": 22.5})


# The stored minutes and their signed copy (kept in "<name>-files/" before 0006_blobs).
UNSIGNED, SIGNED = b"%PDF-1.7 bien ban", b"%PDF-1.7 bien ban + chu ky so"


def _keep_file(db, data: bytes) -> str:
    """Keep bytes as the chibo of the seeded schema did: in the blob table from 0006_blobs on,
    else content-addressed in the folder beside the database."""
    digest = hashlib.sha256(data).hexdigest()
    if "blob" in db.table_names():
        blobs.put_bytes(db.conn, data)
    else:
        main = Path(db.execute("pragma database_list").fetchone()[2])
        target = blobs.legacy_files_dir(main) / digest[:2] / digest
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return digest


def _seed_0004(db):
    db["document"].insert({"id": "d-1", "meeting_id": "mt-1", "kind": "minutes", "year": 2024,
                           "version": 1, "number": "04-BB/CB", "name": "bien-ban-2024-04-03.pdf",
                           "sha256": _keep_file(db, UNSIGNED), "size": len(UNSIGNED),
                           "created_at": "2024-04-03T16:00:00", "signed": 0})
    db["document"].insert({"id": "d-2", "meeting_id": "mt-1", "kind": "minutes", "year": 2024,
                           "version": 1, "sha256": _keep_file(db, SIGNED), "size": len(SIGNED),
                           "created_at": "2024-04-03T16:05:00", "signed": 1,
                           "signer_fingerprint": "ef" * 32, "signed_at": "2024-04-03T16:05:00",
                           "supersedes": "d-1"})


def _seed_0005(db):
    db["export"].insert({"id": "e-1", "meeting_id": "mt-1", "series_id": "mt-1", "version": 1,
                         "file_name": "2024-04_chi-bo_regular_v1.zip", "sha256": "ab" * 32,
                         "exported_at": "2024-04-05T09:00:00"})


def _seed_0006(db):
    # An attachment whose bytes are already the signed minutes' (kept once).
    db["attachment"].insert({"id": "a-1", "meeting_id": "mt-1", "position": 0,
                             "name": "ban-ky.pdf", "sha256": _keep_file(db, SIGNED),
                             "size": len(SIGNED), "added_at": "2024-04-03T16:10:00"})


def _seed_0007(db):
    db["doc_number"].insert({"id": "n-1", "code": "KH", "term": "2024", "n": 1, "year": 2024,
                             "day": "2024-01-10", "issued_at": "2024-01-10T08:00:00"})
    db["agenda_item"].insert({"id": "a-1", "meeting_id": "mt-1", "position": 0, "key": "k1",
                              "title": "Công tác chính trị", "conclusion": "Thống nhất."})


def _seed_0008(db):
    db["document"].update("d-2", {"printed_name": "Lê Thị Lan", "mismatch_reason": "Ký thay"})


def _seed_0009(db):
    db["cell"].insert({"id": "c-1", "name": "Chi bộ A", "place_name": "Hưng Yên",
                       "created_at": "2024-01-01T00:00:00"})
    db["cell_name"].insert_all([
        {"id": "n-1", "valid_from": "0001-01-01", "name": "Chi bộ A", "place_name": "Thái Bình"},
        {"id": "n-2", "valid_from": "2025-07-01", "name": "Chi bộ A", "place_name": "Hưng Yên"}])


def _seed_0010(db):
    db["office_receipt"].insert({"bundle_sha256": "ab" * 32, "meeting_id": "mt-1",
                                 "receipt_id": "r-1", "status": "imported", "code": "imported",
                                 "params": "{}", "received_at": "2024-04-09T10:00:00",
                                 "imported_at": "2024-04-10T08:00:00"})


# What a database at each schema holds before the upgrade; each migration adds its seeder.
SEEDERS = {"0001_cell_members": _seed_0001, "0002_meetings": _seed_0002,
           "0003_calendar": _seed_0003, "0004_documents": _seed_0004,
           "0005_exports": _seed_0005, "0006_blobs": _seed_0006,
           "0007_doc_register": _seed_0007, "0008_signer_mismatch": _seed_0008,
           "0009_cell_names": _seed_0009, "0010_office_inbox": _seed_0010}


@pytest.mark.parametrize("upto", range(1, len(names()) + 1))
def test_upgrade_from_every_schema_keeps_data(tmp_path, upto):
    path = tmp_path / "old.sqlite"
    db = Database(path)
    stop = names()[upto] if upto < len(names()) else None
    migrations.apply(db, stop_before=stop) if stop else migrations.apply(db)
    for name in names()[:upto]:
        SEEDERS[name](db)
    db.conn.commit()
    db.conn.close()
    with open_store(path) as store:
        assert migrations.applied_names(store.conn) == names()
        assert [m.full_name for m in list_members(store)] == ["Nguyễn Văn Á"]
        if upto >= 2:
            assert store.db["attendance"].get(("mt-1", "m-1"))["name"] == "Nguyễn Văn Á"
        if upto >= 3:
            from app.ehandbook import points_grid
            from app.planning import days_off, plan_items

            assert days_off(store).reason(dt.date(2025, 6, 3)) == "Nghỉ mát"
            [item] = plan_items(store, 2024)
            assert (item.title, item.drafter_id, item.status, item.meeting_id) == (
                "Học tập tư tưởng Hồ Chí Minh", "m-1", "held", "mt-1")
            assert points_grid(store, 2024).cells[("m-1", 3)].points == 22.5
        if upto >= 4:
            from app.meeting_docs import document_bytes, documents_for

            docs = documents_for(store, "mt-1")
            assert [(d["id"], d["signed"], d["current"]) for d in docs] == [
                ("d-1", False, False), ("d-2", True, True)]
            assert docs[1]["supersedes"] == "d-1" and docs[1]["signer_fingerprint"] == "ef" * 32
            # The files are inside the database now, checked against their SHA-256.
            assert [document_bytes(store, d["id"]) for d in docs] == [UNSIGNED, SIGNED]
            assert store.get_setting("files_moved_in") is None or store.get_setting(
                "files_moved_in")["mismatched"] == []
            if upto < 6:   # moved in from the folder, which is left in place
                assert store.get_setting("files_moved_in")["stored"] == 2
                assert len(list(blobs.legacy_files_dir(path).glob("*/*"))) == 2
        else:
            # A database from before documents were stored gets the empty table.
            assert store.db["document"].count == 0
        from app.numbering import register

        numbers = [(r["code"], r["term"], r["number"]) for r in register(store)]
        if upto >= 7:
            assert ("KH", "2024", "01-KH/CB") in numbers
            assert store.db["agenda_item"].get("a-1")["conclusion"] == "Thống nhất."
        elif upto >= 4:
            # The numbers of documents stored before the register enter it on upgrade.
            assert numbers == [("BB", "2024", "04-BB/CB")]
        else:
            assert numbers == []
        if upto >= 4:
            signed = store.db["document"].get("d-2")
            # A signature from before the signer checks has no printed name or reason.
            assert (signed["printed_name"], signed["mismatch_reason"]) == (
                ("Lê Thị Lan", "Ký thay") if upto >= 8 else (None, None))
        from app.cell import name_history, names_on

        if upto >= 9:
            assert names_on(store, "2025-06-30")["place_name"] == "Thái Bình"
            assert names_on(store, "2025-07-01")["place_name"] == "Hưng Yên"
        else:
            assert name_history(store) == []
        if "0005_exports" in names()[:upto]:
            from app.exchange.export import last_exports

            assert last_exports(store)["mt-1"]["file_name"] == "2024-04_chi-bo_regular_v1.zip"
        # Receipts from the office: none before 0010 (the empty tables), kept after.
        from app.exchange.downlink import office_documents, receipts_by_bundle

        received = receipts_by_bundle(store)
        assert [r["received_at"] for r in received.values()] == (
            ["2024-04-09T10:00:00"] if upto >= 10 else [])
        assert office_documents(store) == []
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    if upto < len(names()):
        # Upgrading an older file backs it up first.
        assert [b.reason for b in list_backups(path)] == ["before-upgrade"]


def test_every_migration_has_a_seeder():
    assert set(SEEDERS) == set(names())


def test_newer_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "new.sqlite"
    open_store(path).close()
    db = Database(path)
    db["_sqlite_migrations"].insert({"migration_set": "chibo", "name": "9999_from_the_future",
                                      "applied_at": "2030-01-01"})
    db.conn.close()
    before = path.read_bytes()
    with pytest.raises(NewerSchemaError) as err:
        open_store(path)
    assert "phiên bản mới hơn" in str(err.value) and str(path) in str(err.value)
    assert path.read_bytes() == before
    # The lock is released: the file can be opened by a newer build later (here: again).
    with pytest.raises(NewerSchemaError):
        open_store(path)


def test_not_a_database_is_refused_with_message(tmp_path):
    path = tmp_path / "junk.sqlite"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NotChiboError) as err:
        open_store(path)
    assert "không phải tệp dữ liệu chibo" in str(err.value)
    assert path.read_bytes() == b"this is not sqlite" * 100


def test_second_instance_is_refused_naming_the_file(tmp_path):
    path = tmp_path / "cell.sqlite"
    code = textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent.parent)!r})
        from app.store import open_store
        s = open_store({str(path)!r})
        print("ready", flush=True)
        sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(AlreadyOpenError) as err:
            open_store(path)
        assert str(path) in str(err.value) and "đang mở" in str(err.value)
    finally:
        holder.communicate("\n", timeout=10)
    # Once the other process is gone (even killed), the file opens.
    open_store(path).close()


def test_lock_released_on_close_same_process(tmp_path):
    path = tmp_path / "cell.sqlite"
    store = open_store(path)
    with pytest.raises(AlreadyOpenError):
        open_store(path)
    store.close()
    open_store(path).close()


def test_backup_and_restore_bring_back_the_data(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        save_member(store, Member(full_name="Trần Thị Ánh", birth_date=dt.date(1980, 5, 6)))
        backup = backup_now(store.conn, store.path)
        save_member(store, Member(full_name="Lê Văn Bình", birth_date=dt.date(1985, 1, 1)))
        assert len(list_members(store)) == 2
        safety = restore(store, backup)
        assert [m.full_name for m in list_members(store)] == ["Trần Thị Ánh"]
        # The state before the restore was kept, so the restore can be undone.
        check_backup(safety)
        restore(store, safety)
        assert len(list_members(store)) == 2
    with open_store(path) as store:  # and it is really on disk
        assert len(list_members(store)) == 2


def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path):
    path = tmp_path / "cell.sqlite"
    bad = tmp_path / "backups" / "cell-20240101-000000-manual.sqlite"
    bad.parent.mkdir()
    bad.write_bytes(b"garbage" * 1000)
    with open_store(path) as store:
        save_member(store, Member(full_name="Trần Thị Ánh"))
        with pytest.raises(ValueError):
            restore(store, bad)
        assert len(list_members(store)) == 1


def test_daily_backup_at_most_once_a_day(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        assert daily_backup_if_due(store, today=dt.date(2024, 4, 3)) is not None
        assert daily_backup_if_due(store, today=dt.date(2024, 4, 3)) is None
        assert daily_backup_if_due(store, today=dt.date(2024, 4, 4)) is not None
    assert len(list_backups(path)) == 2


def test_thinning_keeps_7_daily_4_weekly_12_monthly(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        start = dt.datetime(2023, 1, 1, 9, 0)
        for i in range(500):  # one backup a day for 500 days
            backup_now(store.conn, store.path, reason="daily", when=start + dt.timedelta(days=i))
        last = (start + dt.timedelta(days=499)).date()
        manual = backup_now(store.conn, store.path, when=start)
        thin(store.path)
    kept = [b.created.date() for b in list_backups(path) if b.reason == "daily"]
    assert manual.exists()  # what the user asked for is never thinned
    daily = [last - dt.timedelta(days=i) for i in range(7)]
    assert all(d in kept for d in daily)
    months = {(d.year, d.month) for d in kept}
    assert len(months) == 12
    # 7 daily + up to 4 weekly + up to 12 monthly, with overlaps: well under 500.
    assert 12 <= len(kept) <= 7 + 4 + 12
    assert kept == sorted(kept, reverse=True)


def test_each_user_action_is_one_transaction(tmp_path):
    path = tmp_path / "cell.sqlite"
    with open_store(path) as store:
        with pytest.raises(RuntimeError):
            with store.atomic():
                store.db["member"].insert({"id": "x", "full_name": "A B", "party_status": "full"})
                raise RuntimeError("power cut in the middle of an action")
        assert store.db["member"].count == 0
    conn = sqlite3.connect(path)
    assert conn.execute("select count(*) from member").fetchone()[0] == 0


def test_moving_files_in_reports_changed_and_missing_files_and_keeps_the_folder(tmp_path):
    """A file whose bytes no longer hash to its name is not taken in (it would be stored under
    a false name) and is reported, as is a document no file supplied; nothing is deleted."""
    path = tmp_path / "old.sqlite"
    db = Database(path)
    migrations.apply(db, stop_before="0006_blobs")
    _seed_0001(db)
    _seed_0002(db)
    _seed_0004(db)
    db.conn.commit()
    db.conn.close()
    folder = blobs.legacy_files_dir(path)
    unsigned = folder / hashlib.sha256(UNSIGNED).hexdigest()[:2] / hashlib.sha256(
        UNSIGNED).hexdigest()
    unsigned.write_bytes(b"%PDF-1.7 bien ban DA SUA")          # changed after it was stored
    (folder / "zz").mkdir()
    (folder / "zz" / "notes.txt").write_bytes(b"not one of ours")  # ignored, left alone
    before = sorted((p.relative_to(folder), p.read_bytes()) for p in folder.rglob("*")
                    if p.is_file())
    with open_store(path) as store:
        report = store.get_setting("files_moved_in")
        assert report["stored"] == 1
        assert report["mismatched"] == [str(unsigned)]
        assert report["missing"] == [hashlib.sha256(UNSIGNED).hexdigest()]
        from app.meeting_docs import document_bytes

        assert document_bytes(store, "d-2") == SIGNED
        with pytest.raises(ValueError, match="không có trong tệp dữ liệu|not in the data file"):
            document_bytes(store, "d-1")
    after = sorted((p.relative_to(folder), p.read_bytes()) for p in folder.rglob("*")
                   if p.is_file())
    assert after == before


def test_large_file_is_stored_in_chunks_and_over_the_limit_refused(tmp_path, monkeypatch):
    with open_store(tmp_path / "c.sqlite") as store:
        big = tmp_path / "big.bin"
        data = bytes(range(256)) * (3 * blobs.CHUNK // 256 + 17)   # several chunks, a tail
        big.write_bytes(data)
        with store.atomic():
            digest, size = blobs.put_file(store, big)
        assert (digest, size) == (hashlib.sha256(data).hexdigest(), len(data))
        assert blobs.read_blob(store, digest) == data
        with store.atomic():   # the same bytes again: kept once
            assert blobs.put_file(store, big)[0] == digest
        assert store.conn.execute("select count(*) from blob").fetchone()[0] == 1
        monkeypatch.setattr(blobs, "MAX_ATTACHMENT_BYTES", len(data) - 1)
        with pytest.raises(blobs.FileTooLargeError):
            with store.atomic():
                blobs.put_file(store, big)


def test_changed_bytes_in_the_data_file_are_caught_on_reading(tmp_path):
    from app.meeting_docs import document_bytes

    path = tmp_path / "c.sqlite"
    db = Database(path)
    migrations.apply(db)
    _seed_0001(db)
    _seed_0002(db)
    _seed_0004(db)
    db.conn.commit()
    # Someone edits the stored signed minutes in place (same length, one byte changed).
    db.conn.execute("update blob set data = ? where sha256 = ?",
                    [SIGNED.replace(b"chu", b"CHU"), hashlib.sha256(SIGNED).hexdigest()])
    db.conn.commit()
    db.conn.close()
    with open_store(path) as store:
        assert document_bytes(store, "d-1") == UNSIGNED
        with pytest.raises(ValueError, match="SHA-256"):
            document_bytes(store, "d-2")


# --- the report of files not moved in, shown once (issue 14) -----------------------------------

RESOLUTION = b"%PDF-1.7 nghi quyet"


def old_file_with_a_broken_folder(folder: Path) -> tuple[Path, Path]:
    """A data file of a chibo before one-file storage whose "<name>-files/" folder has the
    minutes changed after they were stored and lacks the resolution's file; (file, the
    changed file)."""
    path = folder / "old.sqlite"
    db = Database(path)
    migrations.apply(db, stop_before="0006_blobs")
    _seed_0001(db)
    _seed_0002(db)
    _seed_0004(db)
    db["document"].insert({"id": "d-3", "meeting_id": "mt-1", "kind": "resolution", "year": 2024,
                           "version": 1, "number": "04-NQ/CB", "name": "nghi-quyet-2024-04-03.pdf",
                           "sha256": hashlib.sha256(RESOLUTION).hexdigest(),
                           "size": len(RESOLUTION), "created_at": "2024-04-03T16:01:00",
                           "signed": 0})
    db.conn.commit()
    db.conn.close()
    digest = hashlib.sha256(UNSIGNED).hexdigest()
    changed = blobs.legacy_files_dir(path) / digest[:2] / digest
    changed.write_bytes(b"%PDF-1.7 bien ban DA SUA")
    return path, changed


def test_files_not_moved_in_are_told_once_listed_again_and_the_advice_works(tmp_path):
    from app.meeting_docs import document_bytes
    from test_cli import chibo

    path, changed = old_file_with_a_broken_folder(tmp_path)
    folder = blobs.legacy_files_dir(path)
    first = chibo("--lang", "vi", "members", "list", "--db", str(path))   # upgrades the file
    assert "Nguyễn Văn Á" in first.stdout
    told = first.stderr
    assert told.startswith("Cảnh báo: Khi nâng cấp tệp dữ liệu này, chibo đã chuyển các tài "
                           f"liệu lưu trong thư mục {folder} vào tệp dữ liệu."), told
    assert f"• bien-ban-2024-04-03.pdf (03/04/2024): có tệp {changed} nhưng nội dung không còn " \
           "khớp (đã bị sửa hoặc hỏng sau khi lưu); tệp này không được đưa vào" in told
    resolution = hashlib.sha256(RESOLUTION).hexdigest()
    assert "• nghi-quyet-2024-04-03.pdf (03/04/2024): không có tệp tương ứng trong thư mục " \
           f"({folder / resolution[:2] / resolution})" in told
    assert "Cách xử lý:" in told and "Tệp ▸ Khôi phục bản sao lưu…" in told
    assert "Traceback" not in told
    # Told once: the next command is quiet; "chibo files-moved-in" lists it again.
    assert chibo("--lang", "vi", "members", "list", "--db", str(path)).stderr == ""
    listed = chibo("--lang", "vi", "files-moved-in", "--db", str(path), check=False)
    assert listed.returncode == 1 and listed.stderr == ""
    assert listed.stdout.strip() == told.removeprefix("Cảnh báo: ").strip()
    # The advice: the right files back into the folder, the backup made before the upgrade
    # restored; then nothing is missing and the documents read.
    changed.write_bytes(UNSIGNED)
    (folder / resolution[:2]).mkdir(exist_ok=True)
    (folder / resolution[:2] / resolution).write_bytes(RESOLUTION)
    [before] = [b for b in list_backups(path) if b.reason == "before-upgrade"]
    chibo("restore", str(before.path), "--db", str(path))
    done = chibo("--lang", "vi", "files-moved-in", "--db", str(path))
    assert done.stdout.strip() == "Không có gì cần báo: tệp dữ liệu không thiếu tệp nào của " \
                                  "thư mục phiên bản cũ."
    with open_store(path) as store:
        assert document_bytes(store, "d-1") == UNSIGNED
        assert document_bytes(store, "d-3") == RESOLUTION
