"""Ordinary file trouble and hostile files: each gets its own message, nothing is called damage
that is not, and the live data file is never hurt (issue: trust nothing, lose nothing)."""
import hashlib
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from app.members import list_members, save_member
from app.model import Member
from app.store import (BusyError, CorruptDatabaseError, DiskFullError, NotChiboError,
                       ReadOnlyError, explain_error, open_store)
from app.store.backup import backup_now, check_backup, list_backups, restore, restore_file
from app.store.migrations import migrations
from subprocess_env import python_path

ROOT = Path(__file__).resolve().parent.parent
needs_root_mount = pytest.mark.skipif(
    os.name == "nt" or os.geteuid() != 0 or not shutil.which("mount"),
    reason="mounting a small tmpfs needs root")
posix_only = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _cell_file(path: Path, names=("Trần Thị Ánh",)) -> Path:
    with open_store(path) as store:
        for name in names:
            save_member(store, Member(full_name=name))
    return path


@contextmanager
def _tmpfs(folder: Path, size: str = "2m"):
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                   check=True)
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


# --- opening: foreign, damaged, up to date ---------------------------------------------------

def test_another_programs_database_is_refused_and_left_alone(tmp_path):
    path = tmp_path / "firefox-places.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table moz_places (id integer primary key, url text)")
    conn.execute("insert into moz_places (url) values ('https://example.org')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotChiboError) as err:
        open_store(path)
    assert "không phải tệp dữ liệu chibo" in str(err.value)
    assert _digest(path) == before
    conn = sqlite3.connect(path)
    assert [r[0] for r in conn.execute("select name from sqlite_master")] == ["moz_places"]
    conn.close()


def test_real_damage_is_called_damage(tmp_path):
    names = [f"{a} {b} {c}" for a in ("Nguyễn", "Trần", "Lê", "Phạm") for b in ("Văn", "Thị")
             for c in ("An", "Bình", "Cường", "Dung", "Giang", "Hà", "Khánh", "Lan", "Minh",
                       "Nam", "Oanh", "Phúc", "Quang", "Sơn", "Tâm", "Uyên", "Vinh", "Yến")]
    path = _cell_file(tmp_path / "cell.sqlite", names)
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page:6 * page] = b"\x17" * (3 * page)     # pages of the member table scrambled
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptDatabaseError) as err:
        open_store(path)
    assert "bị hỏng" in str(err.value)


def test_opening_an_up_to_date_file_writes_nothing(tmp_path):
    path = _cell_file(tmp_path / "cell.sqlite")
    before, mtime = _digest(path), path.stat().st_mtime_ns
    with open_store(path) as store:
        assert [m.full_name for m in list_members(store)] == ["Trần Thị Ánh"]
    assert _digest(path) == before and path.stat().st_mtime_ns == mtime


def test_the_lock_file_goes_away_on_close(tmp_path):
    path = _cell_file(tmp_path / "cell.sqlite")
    with open_store(path):
        assert (tmp_path / "cell.sqlite.lock").exists()
    assert not (tmp_path / "cell.sqlite.lock").exists()


def test_a_database_held_by_another_program_is_busy_not_damaged(tmp_path):
    path = _cell_file(tmp_path / "cell.sqlite")
    code = ("import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None); "
            "c.execute('pragma locking_mode = exclusive'); c.execute('begin exclusive'); "
            "c.execute('select count(*) from member').fetchone(); "
            "print('held', flush=True); sys.stdin.readline()")
    holder = subprocess.Popen([sys.executable, "-c", code, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(BusyError) as err:
            open_store(path)
        assert "đang được một chương trình khác sử dụng" in str(err.value)
    finally:
        holder.communicate("\n", timeout=10)
    with open_store(path) as store:
        assert len(list_members(store)) == 1


@needs_root_mount
def test_a_read_only_medium_is_named_as_such(tmp_path):
    with _tmpfs(tmp_path / "stick") as stick:
        _cell_file(stick / "cell.sqlite")
        subprocess.run(["mount", "-o", "remount,ro", str(stick)], check=True)
        with pytest.raises(ReadOnlyError) as err:
            open_store(stick / "cell.sqlite")
        assert "chỉ đọc" in str(err.value)
        result = subprocess.run([sys.executable, "-m", "app.cli", "members", "list", "--db",
                                 str(stick / "cell.sqlite")], capture_output=True, text=True,
                                env={**os.environ, "PYTHONPATH": python_path()}, cwd=ROOT)
        assert result.returncode == ReadOnlyError.exit_code
        assert "Traceback" not in result.stderr and "chỉ đọc" in result.stderr


@needs_root_mount
def test_a_full_disk_is_not_damage_and_loses_nothing(tmp_path):
    with _tmpfs(tmp_path / "small", size="1m") as small:
        path = _cell_file(small / "cell.sqlite")
        with open_store(path) as store:
            fd = os.open(small / "filler", os.O_WRONLY | os.O_CREAT)
            try:                          # fill the disk to the last block
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError:
                pass
            finally:
                os.close(fd)
            with pytest.raises(sqlite3.OperationalError) as raw:
                save_member(store, Member(full_name="Lê Văn Bình", position="x" * 200_000))
            error = explain_error(raw.value, path)
            assert isinstance(error, DiskFullError) and "đầy" in str(error)
        try:                              # opening on the full disk: never called damage
            open_store(path).close()
        except Exception as exc:  # noqa: BLE001 — the kind of error is the point
            assert isinstance(exc, DiskFullError), exc
        (small / "filler").unlink()
        with open_store(path) as store:
            assert [m.full_name for m in list_members(store)] == ["Trần Thị Ánh"]


# --- private files ---------------------------------------------------------------------------

@posix_only
def test_data_files_are_private(tmp_path):
    os.umask(0o022)
    folder = tmp_path / "new-folder"
    path = _cell_file(folder / "cell.sqlite")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    with open_store(path) as store:
        backup = backup_now(store.conn, store.path)
        assert stat.S_IMODE((folder / "cell.sqlite.lock").stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert stat.S_IMODE(backup.parent.stat().st_mode) == 0o700
    # A file made readable by everyone (copied from elsewhere) is made private on open.
    path.chmod(0o644)
    open_store(path).close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- restore that cannot hurt ----------------------------------------------------------------

def _backup_copy(store, tmp_path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(backup_now(store.conn, store.path), target)
    return target


def _hostile_backups(tmp_path, store) -> dict[str, Path]:
    out = {}
    trigger = _backup_copy(store, tmp_path, "trigger.sqlite")
    conn = sqlite3.connect(trigger)
    conn.execute("create trigger wipe after insert on member begin delete from member; end")
    conn.commit()
    conn.close()
    out["trigger"] = trigger
    newer = _backup_copy(store, tmp_path, "newer.sqlite")
    conn = sqlite3.connect(newer)
    conn.execute("insert into _sqlite_migrations (migration_set, name, applied_at) "
                 "values (?, '9999_from_the_future', '2030-01-01')", [migrations.name])
    conn.commit()
    conn.close()
    out["newer"] = newer
    table = _backup_copy(store, tmp_path, "table.sqlite")
    conn = sqlite3.connect(table)
    conn.execute("create table payload (x)")
    conn.commit()
    conn.close()
    out["table"] = table
    foreign = tmp_path / "foreign.sqlite"
    conn = sqlite3.connect(foreign)
    conn.execute("create table member (id, full_name)")
    conn.commit()
    conn.close()
    out["foreign"] = foreign
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    out["junk"] = junk
    return out


def test_a_hostile_backup_is_refused_and_the_live_file_keeps_working(tmp_path):
    path = _cell_file(tmp_path / "cell.sqlite")
    with open_store(path) as store:
        hostile = _hostile_backups(tmp_path, store)
        save_member(store, Member(full_name="Lê Văn Bình"))
        count = len(list_backups(path))
        messages = {}
        for kind, backup in hostile.items():
            with pytest.raises(ValueError) as err:
                restore(store, backup)
            messages[kind] = str(err.value)
            assert len(list_members(store)) == 2, kind
        assert "phiên bản chibo mới hơn" in messages["newer"]
        assert "không tạo" in messages["trigger"] and "trigger wipe" in messages["trigger"]
        assert "table payload" in messages["table"]
        assert len(list_backups(path)) == count          # no safety copy for a refused file
        save_member(store, Member(full_name="Phạm Văn Cường"))   # the live file still works
    with open_store(path) as store:
        assert len(list_members(store)) == 3
    # The same checks guard restoring a file that will not open.
    before = _digest(path)
    for backup in hostile.values():
        with pytest.raises(ValueError):
            restore_file(path, backup)
        assert _digest(path) == before


def test_an_older_backup_is_migrated_in_a_work_copy_then_restored(tmp_path):
    from sqlite_utils import Database

    old = tmp_path / "old.sqlite"
    db = Database(old)
    first = migrations.names()[1]
    migrations.apply(db, stop_before=first)
    db["member"].insert({"id": "m-1", "full_name": "Nguyễn Văn Á", "party_status": "full"})
    db.conn.close()
    check_backup(old)
    path = _cell_file(tmp_path / "cell.sqlite")
    with open_store(path) as store:
        restore(store, old)
        assert [m.full_name for m in list_members(store)] == ["Nguyễn Văn Á"]
        applied = migrations.applied_names(store.conn)
        assert applied == migrations.names()
    assert not list((tmp_path / "backups").glob("*.partial"))


# --- settings ---------------------------------------------------------------------------------

@pytest.mark.parametrize("content", ["null", "[1, 2]", "\"vi\"", "{\"language\": 5, "
                                     "\"large_text\": \"yes\", \"last_db\": null}", "{"])
def test_a_strange_settings_file_gives_the_defaults(tmp_path, monkeypatch, content):
    from app.settings import Settings, load_settings

    settings = tmp_path / "settings.json"
    settings.write_text(content, encoding="utf-8")
    monkeypatch.setenv("CHIBO_SETTINGS", str(settings))
    assert load_settings() == Settings()


# --- inputs -----------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["Nguyễn\u200bVăn An", "Nguyễn Văn\u202e An", "Nguyễn Văn An\x07",
                                  "Nguyễn\u2060 Văn An"])
def test_names_with_invisible_characters_are_refused(tmp_path, name):
    from app.cell import save_cell
    from app.model import Cell, ValidationError

    with open_store(tmp_path / "cell.sqlite") as store:
        with pytest.raises(ValidationError) as err:
            save_member(store, Member(full_name=name))
        assert "ký tự ẩn hoặc ký tự điều khiển" in str(err.value)
        with pytest.raises(ValidationError):
            save_cell(store, Cell(name="Chi bộ " + name, parent_org="Đảng bộ A", place_name="Huế"))
        save_member(store, Member(full_name="Nguyễn Văn An"))   # the clean name is fine
        assert [m.full_name for m in list_members(store)] == ["Nguyễn Văn An"]
