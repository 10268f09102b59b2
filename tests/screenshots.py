"""Screenshots of every screen and dialog, to look at (issue 15): one command,

    python tests/screenshots.py OUTDIR [--sizes 1280x720,1366x768]

writes OUTDIR/<W>x<H>-<vi|en>-<normal|large>/NN-<screen>.png for each screen size (an offscreen
screen of exactly that size, one process per size), language and text size, and
OUTDIR/problems.txt: what a program can see — a window or dialog larger than the screen, a
horizontal scroll bar in a scroll area (the wizard must have none), a label or button whose
text does not fit. The rest (English in Vietnamese, crowding, glyph boxes) needs eyes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(ROOT), str(HERE)):
    if p not in sys.path:
        sys.path.insert(0, p)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sizes", default="1280x720,1366x768")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        return child(args.outdir, *map(int, args.child.split("x")))
    problems = args.outdir / "problems.txt"
    problems.write_text("", encoding="utf-8")
    code = 0
    with tempfile.TemporaryDirectory(prefix="chibo-shots-") as tmp:
        for size in args.sizes.split(","):
            w, h = map(int, size.split("x"))
            config = Path(tmp) / f"screen-{size}.json"
            config.write_text(json.dumps({"screens": [{
                "name": "laptop", "x": 0, "y": 0, "width": w, "height": h,
                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
            env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
                       CHIBO_SETTINGS=str(Path(tmp) / "settings.json"),
                       PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
            run = subprocess.run([sys.executable, str(Path(__file__)), str(args.outdir),
                                  "--child", size], env=env)
            code = code or run.returncode
    count = sum(1 for _ in args.outdir.rglob("*.png"))
    print(f"{count} screenshots in {args.outdir}; problems seen by the program: "
          f"{len(problems.read_text(encoding='utf-8').splitlines())} (problems.txt)")
    return code


# --- one screen size, in its own process --------------------------------------------------------

class Shooter:
    def __init__(self, outdir: Path, size: tuple[int, int]):
        self.outdir, self.size = outdir, size
        self.folder: Path | None = None
        self.n = 0
        self.problems: list[str] = []

    def start(self, variant: str) -> None:
        self.variant = variant
        self.folder = self.outdir / variant
        self.folder.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def shot(self, widget, name: str) -> None:
        from PySide6.QtWidgets import QApplication

        widget.show()
        for _ in range(4):
            QApplication.processEvents()
        self.n += 1
        file = f"{self.n:02d}-{name}.png"
        widget.grab().save(str(self.folder / file))
        self.check(widget, f"{self.variant}/{file}")

    def check(self, top, where: str) -> None:
        from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea

        w, h = self.size
        if top.width() > w or top.height() > h:
            self.problems.append(f"{where}: {type(top).__name__} is {top.width()}×{top.height()}, "
                                 f"larger than the screen {w}×{h}")
        for area in top.findChildren(QScrollArea):
            if area.isVisible() and area.horizontalScrollBar().isVisible():
                self.problems.append(f"{where}: horizontal scroll bar in {_path(area)}")
        for label in top.findChildren(QLabel):
            text = label.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
            if not label.isVisible() or not text.strip() or label.pixmap() and not text:
                continue
            if label.wordWrap():
                need = label.heightForWidth(label.width())
                if need > label.height() + 2:
                    self.problems.append(f"{where}: label cut at the bottom ({label.height()} of "
                                         f"{need} px): {_short(text)}")
            elif "<" not in text and label.width() + 2 < label.fontMetrics().horizontalAdvance(
                    max(text.splitlines() or [""], key=len)):
                self.problems.append(f"{where}: label cut on the right ({label.width()} px): "
                                     f"{_short(text)}")
        for button in top.findChildren(QPushButton):
            if button.isVisible() and button.text() and \
                    button.width() + 2 < button.fontMetrics().horizontalAdvance(
                        button.text().replace("&", "")):
                self.problems.append(f"{where}: button text cut: {_short(button.text())}")


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "…"


def _path(widget) -> str:
    names = []
    while widget is not None and len(names) < 4:
        names.append(type(widget).__name__)
        widget = widget.parent()
    return " < ".join(names)


def make_data(folder: Path) -> tuple[Path, Path, str, str, str]:
    """The demo cell of 10/04/2024 with a finalised meeting (03/2024), a regular one typed up to
    its read-back (04/2024) and a thematic one begun; an empty file for the first-run screen."""
    import meeting_helpers as mh
    from app import thematic
    from app.store import open_store

    path = folder / "demo.sqlite"
    with open_store(path) as store:
        people = mh.demo_store(store)
        done = mh.run_meeting(store, people, day=dt.date(2024, 3, 6))
        draft = mh.run_meeting(store, people, finalise=False)
        theme = thematic.create_thematic(store, dt.date(2024, 4, 17),
                                         title="Học tập tấm gương đạo đức Hồ Chí Minh",
                                         group="ho_chi_minh")
    empty = folder / "empty.sqlite"
    return path, empty, done, draft, theme


def child(outdir: Path, w: int, h: int) -> int:
    import ui  # noqa: F401  (first: its None-refcount guard)
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.settings import load_settings
    from app.store import open_store
    from ui import style, widgets

    app = QApplication([sys.argv[0]])
    widgets.answer_hook = lambda kind, title, text, choices: choices[-1][0]
    widgets.file_hook = lambda title, name_filter: None
    shooter = Shooter(outdir, (w, h))
    with tempfile.TemporaryDirectory(prefix="chibo-shots-data-") as tmp:
        template, empty, done, draft, theme = make_data(Path(tmp))
        for lang in ("vi", "en"):
            for large in (False, True):
                shooter.start(f"{w}x{h}-{lang}-{'large' if large else 'normal'}")
                i18n.set_language(lang)
                style.apply(app, language=lang, large_text=large)
                settings = load_settings()
                settings.language, settings.large_text = lang, large
                path = Path(tmp) / f"{lang}-{large}.sqlite"
                shutil.copy(template, path)
                store = open_store(path)
                try:
                    screens(shooter, store, settings, Path(tmp), empty, done, draft, theme)
                except Exception:  # noqa: BLE001 - reported, the other variants still run
                    shooter.problems.append(f"{shooter.variant}: FAILED\n{traceback.format_exc()}")
                for top in app.topLevelWidgets():
                    top.close()
                    top.deleteLater()
                app.processEvents()
                store.close()
    with open(outdir / "problems.txt", "a", encoding="utf-8") as f:
        f.writelines(p + "\n" for p in shooter.problems)
    return 0


def screens(shooter: Shooter, store, settings, tmp: Path, empty: Path, done: str, draft: str,
            theme: str) -> None:
    from PySide6.QtWidgets import QTabWidget

    from app import i18n
    from app.members import list_members
    from app.store import open_store
    from ui.app_window import MainWindow
    from ui.backups_dialog import BackupsDialog
    from ui.days_off_dialog import DaysOffDialog
    from ui.documents.documents_panel import DocumentsDialog
    from ui.export_dialog import ExportDialog
    from ui.import_dialog import ImportDialog
    from ui.meetings_view import NewMeetingDialog
    from ui.member_dialog import LeftDialog, MemberDialog
    from ui.office.evaluation import CellEvaluationDialog
    from ui.rubric_editor import RubricEditor
    from ui.score_history import ScoreHistoryDialog
    from ui.widgets import message_box

    size = shooter.size
    with open_store(empty.with_name(f"empty-{shooter.variant}.sqlite")) as blank:
        first = MainWindow(blank, settings)
        first.resize(*size)
        shooter.shot(first, "first-run")
        first.first_run.start_cell_form()
        shooter.shot(first, "first-run-cell-form")
        first.close()

    window = MainWindow(store, settings)
    window.resize(*size)
    for section in ("home", "cell", "members", "calendar", "ehandbook", "meetings", "office"):
        page = window.shell.show_section(section)
        shooter.shot(window, section)
        if section == "office":
            tabs = page.findChild(QTabWidget)
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                shooter.shot(window, f"office-tab{index + 1}")
    view = window.shell.show_section("meetings")
    for name, mid in (("regular", draft), ("thematic", theme)):
        frame = view.open_meeting(mid)
        for row in range(frame.steps.count()):
            step = frame.steps.item(row).data(0x0100)   # Qt.UserRole
            frame.show_step(step)                        # screenshots only: no rule checks
            shooter.shot(window, f"wizard-{name}-{row + 1}-{step}")
        view.close_wizard()

    from app.services.store import backup_now

    backup_now(store, reason="manual")        # the backups dialog lists this file's backups
    member = list_members(store)[0]
    csv = tmp / "members.csv"
    csv.write_text("Họ và tên,Ngày sinh,Giới tính,Đảng viên\nPhan Thị Thu,03/04/1990,Nữ,"
                   "chính thức\nLại Văn Nam,31/02/1991,Nam,chính thức\n", encoding="utf-8")
    dialogs = [
        ("member-add", lambda: MemberDialog(store, None, window)),
        ("member-edit", lambda: MemberDialog(store, member, window)),
        ("member-left", lambda: LeftDialog(store, member, window)),
        ("members-import", lambda: ImportDialog(store, csv, window)),
        ("new-regular", lambda: NewMeetingDialog(store, "regular", window)),
        ("new-thematic", lambda: NewMeetingDialog(store, "thematic", window)),
        ("new-combined", lambda: NewMeetingDialog(store, "combined", window)),
        ("documents", lambda: DocumentsDialog(store, done, window)),
        ("export", lambda: ExportDialog(store, window)),
        ("backups", lambda: BackupsDialog(store, window)),
        ("days-off", lambda: DaysOffDialog(store, 2024, window)),
        ("rubric-editor", lambda: RubricEditor(store, window)),
        ("score-history", lambda: ScoreHistoryDialog(store, window)),
        ("model-cell-evaluation", lambda: CellEvaluationDialog(store, window)),
        ("message-box", lambda: message_box(window, i18n._("Delete a member"), i18n._(
            "Delete {name}? Only do this for a member typed in by mistake; a member who moved "
            "away is marked as left instead.").format(name=member.full_name),
            [("yes", i18n._("Delete")), ("no", i18n._("Cancel"))], kind="warning")[0]),
    ]
    for name, make in dialogs:
        try:
            dialog = make()
        except Exception:  # noqa: BLE001
            shooter.problems.append(f"{shooter.variant}: {name} not shown:\n"
                                    f"{traceback.format_exc()}")
            continue
        shooter.shot(dialog, f"dialog-{name}")
        dialog.close()
        dialog.deleteLater()
    window.close()


if __name__ == "__main__":
    sys.exit(main())
