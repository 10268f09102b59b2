"""Open and close every screen and dialog, run a whole meeting through the wizard, quit —
many times, in one process and as separate processes; any abort fails (issue 15).

    python tests/stress.py [--rounds 200] [--processes 50]

Each round works on a fresh copy of the demo data file (offscreen Qt unless QT_QPA_PLATFORM
is set). In one process the window is closed and deleted after each round; each separate
process starts the real app (ui.main.run_gui), does one round and quits with File ▸ Quit
(Ctrl+Q), and must exit with code 0. tests/test_stress.py runs a few rounds of each in the
suite (CHIBO_STRESS_ROUNDS / CHIBO_STRESS_PROCESSES, default 3 and 2).

Measured on 2 cores shared with other jobs (load 5), PySide6 6.12.0, Python 3.11: 50 processes
in 342 s and 200 rounds in one process in 329 s, every exit code 0, no Qt warning.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401  (first: its None-refcount guard)


def make_demo(folder: Path) -> Path:
    from app.demo import create_demo
    from app.store import open_store

    path = folder / "demo.sqlite"
    with open_store(path) as store:
        create_demo(store)
    return path


class _Bot:
    """The qtbot calls the wizard helpers use, without pytest."""

    @staticmethod
    def mouseClick(widget, button, *args, **kwargs):
        from PySide6.QtTest import QTest

        QTest.mouseClick(widget, button, *args, **kwargs)


def one_round(window, leave_open: bool = False) -> None:
    """Every section, every dialog opened and closed, a regular meeting finalised; with
    ``leave_open`` the wizard is left open on its third step for the quit (issue 15 saw a
    segfault there)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from test_ui_wizard_thematic import drive_regular
    from ui import widgets
    from ui.backups_dialog import BackupsDialog
    from ui.days_off_dialog import DaysOffDialog
    from ui.documents.documents_panel import DocumentsDialog
    from ui.export_dialog import ExportDialog
    from ui.office.evaluation import CellEvaluationDialog
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog

    widgets.answer_hook = lambda kind, title, text, choices: choices[0][0]   # yes to all
    widgets.file_hook = lambda title, name_filter: None
    store = window.store
    for section in ("home", "cell", "members", "calendar", "ehandbook", "meetings", "office",
                    "home"):
        window.shell.show_section(section)
        QApplication.processEvents()
    dialogs = [BackupsDialog(store, window), ExportDialog(store, window),
               RubricEditor(store, window), ScoreHistoryDialog(store, window),
               DaysOffDialog(store, 2026, window), CellEvaluationDialog(store, window)]
    view = window.shell.show_section("meetings")
    bot = _Bot()
    # The next month's regular meeting, made through the meeting service (the "start the next
    # meeting" button asks for a day when the plan gives none, a modal dialog no child answers),
    # then opened from the list with a click.
    import datetime as dt

    from app.meetings import list_meetings
    from app.rules.calendar import meeting_day
    from app.services.meetings import new_meeting

    dates = [dt.date.fromisoformat(m["date"]) for m in list_meetings(store)]
    last = max(dates) if dates else dt.date.today()
    year, month = (last.year + 1, 1) if last.month == 12 else (last.year, last.month + 1)
    mid = new_meeting(store, meeting_day(year, month).date or dt.date(year, month, 5),
                      reason="Thử tải")
    view.reload()
    [row] = [i for i in range(view.table.rowCount())
             if view.table.item(i, 0).data(Qt.UserRole) == mid]
    view.table.selectRow(row)
    bot.mouseClick(view.open_button, Qt.LeftButton)
    frame = view.wizard
    drive_regular(frame, bot, "14:00", "15:45")
    assert frame.read_only, "the meeting was not finalised"
    dialogs.append(DocumentsDialog(store, frame.meeting_id, window))
    for dialog in dialogs:
        dialog.show()
        QApplication.processEvents()
        dialog.close()
        dialog.deleteLater()
    if leave_open:
        frame.go_to("proceedings")
    else:
        view.close_wizard()
    QApplication.processEvents()


PROBLEMS: list[str] = []


def watch_problems() -> None:
    """Exceptions in slots and Qt warnings are counted (the allow-list of tests/conftest.py)."""
    import re
    import traceback

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from qt_noise import QT_NOISE

    noise = [re.compile(p) for p in QT_NOISE]

    def hook(kind, value, tb):
        PROBLEMS.append("".join(traceback.format_exception(kind, value, tb)))
        sys.stderr.write(PROBLEMS[-1])

    def handler(msg_type, context, message):
        if msg_type in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg) or \
                any(p.search(message) for p in noise):
            return
        PROBLEMS.append(f"Qt {msg_type.name}: {message}")
        sys.stderr.write(PROBLEMS[-1] + "\n")

    sys.excepthook = hook
    qInstallMessageHandler(handler)


def in_process(rounds: int, template: Path, work: Path) -> float:
    """``rounds`` rounds in this process; seconds taken."""
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.settings import load_settings
    from app.store import open_store
    from ui import style
    from ui.app_window import MainWindow

    app = QApplication.instance() or QApplication([])
    watch_problems()
    i18n.set_language("vi")
    style.apply(app, language="vi", large_text=False)
    start = time.perf_counter()
    for n in range(rounds):
        path = work / f"round-{n}.sqlite"
        shutil.copy(template, path)
        store = open_store(path)
        window = MainWindow(store, load_settings())
        window.resize(1366, 768)
        window.show()
        one_round(window, leave_open=n % 2 == 1)
        window.action_quit.trigger()
        window.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
        app.processEvents()
        store.close()
        path.unlink()
    return time.perf_counter() - start


def child(db: str, leave_open: bool) -> int:
    """One round in the real app, then File ▸ Quit: the process's exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from ui.app_window import MainWindow
    from ui.main import run_gui

    app = QApplication([sys.argv[0]])
    watch_problems()

    def go():
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        one_round(window, leave_open)
        window.action_quit.trigger()
    QTimer.singleShot(0, go)
    code = run_gui(Path(db), lang="vi")
    return code or (3 if PROBLEMS else 0)


def processes(count: int, template: Path, work: Path) -> tuple[float, list[int]]:
    """``count`` separate processes, each one round; (seconds, exit codes)."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               CHIBO_SETTINGS=str(work / "settings.json"),
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    codes = []
    start = time.perf_counter()
    for n in range(count):
        path = work / f"process-{n}.sqlite"
        shutil.copy(template, path)
        run = subprocess.run([sys.executable, str(Path(__file__)), "--child", str(path)]
                             + ["--leave-open"] * (n % 2),
                             env=env, capture_output=True, text=True, timeout=300)
        codes.append(run.returncode)
        if run.returncode != 0:
            sys.stderr.write(f"process {n} exit {run.returncode}:\n{run.stderr[-3000:]}\n")
        path.unlink(missing_ok=True)
    return time.perf_counter() - start, codes


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=200, help="rounds in this process")
    parser.add_argument("--processes", type=int, default=50, help="separate processes")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--leave-open", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.child, args.leave_open)
    os.environ.setdefault("CHIBO_SETTINGS", tempfile.mktemp(suffix=".json"))
    with tempfile.TemporaryDirectory(prefix="chibo-stress-") as tmp:
        work = Path(tmp)
        template = make_demo(work)
        if args.processes:
            seconds, codes = processes(args.processes, template, work)
            bad = [c for c in codes if c != 0]
            print(f"{args.processes} processes: {seconds:.1f} s, exit codes not 0: {bad}",
                  flush=True)
            if bad:
                return 1
        if args.rounds:
            seconds = in_process(args.rounds, template, work)
            print(f"{args.rounds} rounds in one process: {seconds:.1f} s, "
                  f"problems: {len(PROBLEMS)}", flush=True)
            if PROBLEMS:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
