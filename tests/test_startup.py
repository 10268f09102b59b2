"""What the start of the desktop app loads, and the short way the command line takes to it.

Start-up speed itself is measured in benchmarks/startup.py; these tests keep the heavy parts
(sqlite-utils, the meeting-recording module, the whole argument parser) off the start path."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import cli, meetings, planning
from app.store import open_store
from meeting_helpers import people, run_meeting, store  # noqa: F401,F811
from subprocess_env import python_path

ROOT = Path(__file__).resolve().parent.parent


def _start_app(tmp_path, *args) -> str:
    """Start the app as `chibo ARGS` on a demo cell until its window is shown; what it printed,
    then the UI language and the modules it had loaded."""
    db = tmp_path / "cell.sqlite"
    env = {**os.environ, "PYTHONPATH": python_path(), "QT_QPA_PLATFORM": "offscreen",
           "CHIBO_SETTINGS": str(tmp_path / "settings.json")}
    if not db.exists():
        subprocess.run([sys.executable, "-m", "app.cli", "--db", str(db), "demo"], env=env,
                       cwd=ROOT, check=True, capture_output=True, timeout=120)
    script = ("import atexit, runpy, sys\n"
              "from app import i18n\n"
              "atexit.register(lambda: print('language', i18n.language(), "
              "'loaded', *sorted(sys.modules)))\n"
              f"sys.argv = ['chibo', '--db', {str(db)!r}, *{list(args)!r}]\n"
              "runpy.run_module('app.cli', run_name='__main__')\n")
    shown = subprocess.run([sys.executable, "-c", script],
                           env={**env, "CHIBO_EXIT_WHEN_SHOWN": "1"}, cwd=ROOT,
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("shown ")
    return shown.stdout


def test_the_app_starts_on_the_home_page_without_sqlite_utils(tmp_path):
    printed = _start_app(tmp_path)
    # shown, then ready: the app-wide event filters go in after the first paint (MainWindow)
    assert [line.split()[0] for line in printed.splitlines()[:2]] == ["shown", "ready"]
    loaded = set(printed.split("loaded", 1)[1].split())
    assert "ui.home" in loaded and "app.planning" in loaded      # the home page was built
    assert "sqlite_utils" not in loaded
    assert "app.meetings" not in loaded
    assert "ui.calendar_view" not in loaded
    # The wizard (its pages are bound as classes) loads with the Meetings section; the
    # documents' stack when a document is made or shown.
    assert not {"ui.wizard", "ui.wizard_pages", "app.session", "app.meeting_docs",
                "reportlab", "cryptography", "pyhanko"} & loaded


def test_lang_on_the_command_line_opens_the_app_in_that_language_this_time_only(tmp_path):
    assert "\nlanguage vi " in _start_app(tmp_path)
    assert "\nlanguage en " in _start_app(tmp_path, "--lang", "en")
    assert "\nlanguage vi " in _start_app(tmp_path)               # the saved choice stays


def test_an_up_to_date_file_gets_sqlite_utils_only_when_written(store, tmp_path):
    store.close()
    reopened = open_store(store.path)
    try:
        assert reopened._db is None                               # opened with plain sqlite3
        assert reopened.rows("select count(*) as n from member") == [{"n": 0}]
        reopened.set_setting("probe", {"ok": True})               # a write loads it
        assert reopened._db is not None
        assert reopened.get_setting("probe") == {"ok": True}
    finally:
        reopened.close()


def test_the_home_page_lists_only_meetings_still_being_recorded(store, people):
    finalised = run_meeting(store, people, day=dt.date(2024, 4, 3))
    draft = meetings.create_meeting(store, dt.date(2024, 5, 3), rule_date=dt.date(2024, 5, 3))
    assert [m["id"] for m in planning.meetings_being_recorded(store)] == [draft]
    assert finalised != draft


@pytest.fixture
def gui_calls(monkeypatch):
    """Record what the command line hands to the desktop app instead of opening it; building
    the full parser fails the test (the app's start does not need it)."""
    import ui.main

    calls = []
    monkeypatch.setattr(ui.main, "run_gui",
                        lambda db=None, lang=None: calls.append((db, lang)) or 0)
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("full parser built"))
    return calls


@pytest.mark.parametrize("argv, db, lang", [
    ([], None, None),
    (["--db", "/tmp/x/cell.sqlite"], Path("/tmp/x/cell.sqlite"), None),
    (["--lang", "en", "--db=/tmp/y.sqlite"], Path("/tmp/y.sqlite"), "en"),
])
def test_opening_the_app_skips_the_verb_parser(gui_calls, argv, db, lang):
    assert cli.main(argv) == 0
    assert gui_calls == [(db, lang)]


def test_a_verb_still_goes_through_the_full_parser(tmp_path, capsys):
    db = tmp_path / "cell.sqlite"
    assert cli.main(["--db", str(db), "members", "list", "--json"]) == 0
    assert capsys.readouterr().out.strip() == "[]"
