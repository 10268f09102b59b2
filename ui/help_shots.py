"""Pictures of the screens for the user guide: ``python -m ui.help_shots resources/help/img``.

Runs offscreen on a fresh demo data file (in a temporary folder), grabs each section, each
wizard step of a finalised regular and thematic meeting and the export and backup dialogs
with ``QWidget.grab()``, and stores them as small palette PNGs (scaled to 760 px wide, at
most 60 KB each) named ``<lang>-<screen>.png``.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from app import i18n
from app.demo import make_demo
from app.settings import load_settings

from . import style
from .app_window import MainWindow
from .backups_dialog import BackupsDialog
from .data_file import open_store_or_explain
from .export_dialog import ExportDialog

MAX_BYTES = 60_000
WIDTH = 760
THEMATIC_ONLY = ("before", "proceedings", "after")


def save_small(pixmap, path: Path) -> int:
    """Scale and quantise until the PNG is at most MAX_BYTES; its size."""
    image = pixmap.toImage()
    width = min(WIDTH, image.width())
    while True:
        scaled = image.scaledToWidth(width, Qt.SmoothTransformation)
        small = scaled.convertToFormat(QImage.Format_Indexed8, Qt.ThresholdDither
                                       | Qt.AvoidDither)
        small.save(str(path), "PNG", 9)
        size = path.stat().st_size
        if size <= MAX_BYTES or width < 300:
            return size
        width = int(width * 0.85)


def shoot(out: Path, lang: str) -> list[Path]:


    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.set_language(lang)
    style.apply(app, language=lang, large_text=False)
    made: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["CHIBO_SETTINGS"] = str(Path(tmp) / "settings.json")
        store = open_store_or_explain(Path(tmp) / "demo.sqlite")
        make_demo(store, thematic=True)
        settings = load_settings()
        settings.language = lang
        window = MainWindow(store, settings)
        window.resize(1280, 720)
        window.show()

        def grab(widget, name: str) -> None:
            app.processEvents()
            path = out / f"{lang}-{name}.png"
            save_small(widget.grab(), path)
            made.append(path)

        for section in ("home", "members", "calendar", "meetings"):
            window.shell.show_section(section)
            grab(window, f"section-{section}")
        view = window.shell.show_section("meetings")
        for kind in ("regular", "thematic"):
            rows = [r for r in view.rows if r["status"] == "finalised"
                    and r.get("kind", "regular") == kind]
            if not rows:
                continue
            frame = view.open_meeting(rows[-1]["id"])
            for step in frame.procedure.step_ids:
                if kind == "thematic" and step not in THEMATIC_ONLY:
                    continue    # the same screens as a regular meeting's
                frame.go_to(step)
                name = f"step-{step}" if kind == "regular" else f"thematic-{step}"
                grab(window, name)
            frame.close_wizard()

        for name, dialog in (("export", ExportDialog(store, window)),
                             ("backups", BackupsDialog(store, window))):
            dialog.show()
            grab(dialog, f"dialog-{name}")
            dialog.close()
            dialog.deleteLater()
        window.close()
        store.close()
    return made


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(argv[0]) if argv else Path("resources/help/img")
    out.mkdir(parents=True, exist_ok=True)
    for lang in ("vi", "en"):
        for path in shoot(out, lang):
            print(f"{path} {path.stat().st_size} B")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
