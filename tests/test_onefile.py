"""One file holds everything: a data file copied alone, or a backup restored into an empty
folder, still prints, verifies and exports every stored and signed document (real processes)."""
from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import zipfile

import pytest

from app import meetings, thematic
from app.store import blobs, open_store
from app.store.backup import list_backups

from pdf_checks import needs_pdf_tools
from test_cli import ROOT, chibo
from subprocess_env import python_path

pytestmark = needs_pdf_tools

_CLI_KIND = {"minutes": "minutes", "resolution": "resolution", "topic": "topic"}


def _documents(db) -> dict[str, bytes]:
    """Every stored document's bytes by id, read by the public reader."""
    from app.meeting_docs import document_bytes

    with open_store(db) as store:
        ids = [r[0] for r in store.conn.execute("select id from document order by id")]
        return {i: document_bytes(store, i) for i in ids}


def _current(db) -> list[dict]:
    with open_store(db, lock=False) as store:
        return store.rows("select d.id, d.meeting_id, d.kind, d.sha256, d.signed from document d "
                          "where d.meeting_id is not null and not exists (select 1 from "
                          "document s where s.supersedes = d.id)")


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """The demo with one meeting's minutes signed, a file attached to the meeting in progress
    and a typed topic version; no "<name>-files/" folder anywhere."""
    folder = tmp_path_factory.mktemp("onefile")
    db = folder / "cell.sqlite"
    chibo("demo", "--db", str(db))
    key, passfile = folder / "k.p12", folder / "pass.txt"
    passfile.write_text("bí mật chi bộ\n", encoding="utf-8")
    chibo("keys", "new", "--name", "Nguyễn Thị Hoa", "--out", str(key), "--passphrase-file",
          str(passfile), "--db", str(db))   # recorded in the file: "verify --db" trusts it
    status = json.loads(chibo("export", "--status", "--json", "--db", str(db)).stdout)
    signed_mid = status[0]["meeting_id"]
    signed = folder / "signed.pdf"
    chibo("minutes", signed_mid, "--db", str(db), "--out", str(signed), "--sign", str(key),
          "--passphrase-file", str(passfile))
    attachment = folder / "bao-cao.pdf"
    attachment.write_bytes(b"%PDF-1.4 bao cao kem theo " + bytes(range(256)) * 40)
    with open_store(db) as store:
        draft = store.conn.execute("select id from meeting where status = 'draft' and "
                                   "kind = 'regular'").fetchone()[0]
        meetings.attach_file(store, draft, attachment)
    attachment.unlink()
    chibo("backup", "--db", str(db))
    assert not list(folder.rglob("*-files"))
    return {"folder": folder, "db": db, "key": key, "pass": passfile,
            "signed_mid": signed_mid, "signed": signed.read_bytes(), "draft": draft,
            "documents": _documents(db), "current": _current(db)}


def _check_carried(home, db, tmp_path):
    """``db`` (a copy carried elsewhere) prints, verifies and exports every document."""
    assert _documents(db) == home["documents"]
    for doc in home["current"]:
        out = tmp_path / f"{doc['id']}.pdf"
        chibo(_CLI_KIND[doc["kind"]], doc["meeting_id"], "--db", str(db), "--out", str(out))
        assert out.read_bytes() == home["documents"][doc["id"]]
    # The signed minutes come out byte for byte as signed, and verify as trusted by the file.
    out = tmp_path / "again.pdf"
    chibo("minutes", home["signed_mid"], "--db", str(db), "--out", str(out))
    assert out.read_bytes() == home["signed"]
    verified = chibo("verify", str(out), "--db", str(db), check=False)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # The attachment is there too.
    with open_store(db) as store:
        [att] = meetings.meeting_record(store, home["draft"])["attachments"]
        assert meetings.attachment_bytes(store, att["sha256"]).startswith(b"%PDF-1.4 bao cao")
    # Exported: the bundle holds the stored signed minutes.
    usb = tmp_path / "usb"
    chibo("export", "--db", str(db), "--out", str(usb), "--meeting", home["signed_mid"],
          "--sign", str(home["key"]), "--passphrase-file", str(home["pass"]))
    [bundle] = list(usb.iterdir())
    with zipfile.ZipFile(bundle) as zf:
        assert zf.read("minutes.pdf") == home["signed"]


def test_a_data_file_copied_alone_keeps_every_document(home, tmp_path):
    usb = tmp_path / "usb-stick"
    usb.mkdir()
    shutil.copy2(home["db"], usb / "cell.sqlite")
    assert sorted(p.name for p in usb.iterdir()) == ["cell.sqlite"]
    _check_carried(home, usb / "cell.sqlite", tmp_path)


def test_a_backup_restored_into_an_empty_folder_keeps_every_document(home, tmp_path):
    backup = [b for b in list_backups(home["db"]) if b.reason == "manual"][0].path
    laptop = tmp_path / "new-laptop"
    laptop.mkdir()
    db = laptop / "cell.sqlite"
    shutil.copy2(backup, tmp_path / "from-usb.sqlite")
    result = chibo("restore", str(tmp_path / "from-usb.sqlite"), "--db", str(db), check=False)
    assert result.returncode == 0, result.stderr
    _check_carried(home, db, tmp_path)


def test_a_file_over_the_limit_is_refused_with_a_message_and_nothing_kept(home, tmp_path,
                                                                          monkeypatch):
    db = tmp_path / "c.sqlite"
    shutil.copy2(home["db"], db)
    big = tmp_path / "video.mp4"
    with open(big, "wb") as fh:   # sparse: over the limit without writing 50 MB
        fh.truncate(blobs.MAX_ATTACHMENT_BYTES + 1)
    with open_store(db) as store:
        before = store.conn.execute("select count(*) from blob").fetchone()[0]
        with pytest.raises(blobs.FileTooLargeError) as err:
            meetings.attach_file(store, home["draft"], big)
        assert str(err.value) == ("Tệp video.mp4 quá lớn (50 MB); tệp lưu kèm cuộc họp tối đa "
                                  "50 MB. Hãy rút gọn hoặc lưu ở nơi khác; chưa lưu gì.")
        mid = store.conn.execute("select id from meeting where kind = 'thematic' and "
                                 "status = 'finalised'").fetchone()[0]
        with pytest.raises(blobs.FileTooLargeError):
            thematic.add_version(store, mid, file=big, final=True)
        assert store.conn.execute("select count(*) from blob").fetchone()[0] == before
        assert len(meetings.meeting_record(store, home["draft"])["attachments"]) == 1


def test_restoring_an_old_backup_takes_its_files_from_the_old_folder(home, tmp_path):
    """A backup from before one-file storage (its documents only in the live file's
    "<name>-files/" folder) is restored with its documents."""
    db = tmp_path / "cell.sqlite"
    shutil.copy2(home["db"], db)
    old = tmp_path / "old.sqlite"
    shutil.copy2(home["db"], old)
    conn = sqlite3.connect(old)   # as a chibo before 0006_blobs made it
    folder = blobs.legacy_files_dir(db)
    for digest, data in conn.execute("select sha256, data from blob"):
        (folder / digest[:2]).mkdir(parents=True, exist_ok=True)
        (folder / digest[:2] / digest).write_bytes(data)
    conn.executescript("drop table blob; delete from meta where key = 'files_moved_in'; "
                       "delete from _sqlite_migrations where name = '0006_blobs';")
    conn.commit()
    conn.close()
    with open_store(db) as store:   # the live file: its documents were lost meanwhile
        store.conn.execute("delete from blob")
    chibo("restore", str(old), "--db", str(db))
    assert _documents(db) == home["documents"]


# --- "Save a copy…" (chibo save-copy; File ▸ Save a copy… in tests/test_ui_onefile.py) ---------

def _dump(db) -> list[str]:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_a_saved_copy_opened_alone_in_another_folder_keeps_every_document(home, tmp_path):
    db = tmp_path / "cell.sqlite"
    shutil.copy2(home["db"], db)
    out = tmp_path / "usb" / "ban-sao.sqlite"
    out.parent.mkdir()
    done = chibo("--lang", "vi", "save-copy", str(out), "--db", str(db))
    assert done.stdout.strip() == f"Đã ghi một bản sao đầy đủ của tệp dữ liệu (kèm mọi tài " \
                                  f"liệu) vào {out}."
    # One file, owner-only, no WAL or work file beside it.
    assert sorted(p.name for p in out.parent.iterdir()) == ["ban-sao.sqlite"]
    assert out.stat().st_mode & 0o777 == 0o600
    assert sqlite3.connect(out).execute("pragma journal_mode").fetchone()[0] == "delete"
    # Alone in another folder (the live file's folder is far away).
    laptop = tmp_path / "laptop"
    laptop.mkdir()
    shutil.move(out, laptop / "cell.sqlite")
    _check_carried(home, laptop / "cell.sqlite", tmp_path)
    # A folder as the target: the copy takes the data file's name.
    chibo("save-copy", str(out.parent), "--db", str(db))
    assert _dump(out.parent / "cell.sqlite") == _dump(db)


def test_save_copy_refuses_the_live_file_and_its_companions(home, tmp_path):
    db = tmp_path / "cell.sqlite"
    shutil.copy2(home["db"], db)
    before = db.read_bytes()
    (tmp_path / "link.sqlite").symlink_to(db)
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "same.sqlite").hardlink_to(db)
    for target in (db, tmp_path / "cell.sqlite-wal", tmp_path / "link.sqlite",
                   tmp_path / "other" / "same.sqlite", tmp_path / "cell.sqlite.lock"):
        refused = chibo("--lang", "vi", "save-copy", str(target), "--db", str(db), check=False)
        assert refused.returncode == 2, refused.stderr
        assert "chính là tệp dữ liệu đang mở" in refused.stderr and "chưa ghi gì" in \
            refused.stderr
        assert "Traceback" not in refused.stderr
    assert db.read_bytes() == before
    assert not (tmp_path / "cell.sqlite-wal").exists() or \
        (tmp_path / "cell.sqlite-wal").stat().st_size == 0
    missing = chibo("--lang", "vi", "save-copy", str(tmp_path / "khong-co" / "x.sqlite"), "--db",
                    str(db), check=False)
    assert missing.returncode == 2 and "không tồn tại; chưa ghi gì" in missing.stderr


def _in_own_mounts(script: str) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) in a user and mount namespace of its own, where it may mount small
    or read-only tmpfs folders; skipped where the system does not allow that."""
    import os
    import sys

    if shutil.which("unshare") is None or subprocess.run(
            ["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("no user namespaces here (unshare -rm)")
    env = {**os.environ, "PYTHONPATH": python_path(), "PY": sys.executable}
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=120)


def test_save_copy_on_a_full_or_read_only_disk_says_so_and_leaves_nothing(home, tmp_path):
    db = tmp_path / "cell.sqlite"
    shutil.copy2(home["db"], db)
    before = _dump(db)
    full, ro = tmp_path / "full", tmp_path / "ro"
    full.mkdir()
    ro.mkdir()
    result = _in_own_mounts(
        f'mount -t tmpfs -o size=256k tmpfs "{full}" && mount -t tmpfs -o ro tmpfs "{ro}" && '
        f'"$PY" -m app.cli --lang vi save-copy "{full}/ban-sao.sqlite" --db "{db}"; '
        f'echo "exit=$?"; ls -A "{full}"; echo ---; '
        f'"$PY" -m app.cli --lang vi save-copy "{ro}/ban-sao.sqlite" --db "{db}"; '
        f'echo "exit=$?"')
    assert "Traceback" not in result.stderr
    first, second = result.stdout.split("---")
    assert first.split() == ["exit=6"]          # DiskFullError's code; nothing left behind
    assert f"Ổ đĩa chứa {full}/ban-sao.sqlite đã đầy: chưa ghi được bản sao" in result.stderr
    assert second.split() == ["exit=5"]         # ReadOnlyError's code
    assert f"Không ghi được bản sao vào {ro}/ban-sao.sqlite: thư mục hoặc ổ đĩa chỉ cho " \
           "đọc" in result.stderr
    assert "tệp dữ liệu đang mở không bị thay đổi" in result.stderr
    assert _dump(db) == before
