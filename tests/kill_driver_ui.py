"""Driven by test_kill_resume: the real Qt wizard (offscreen) types into a meeting and clicks
through its steps; each action is acknowledged on stdout only once the wizard has committed
it (as it does on its own after a short pause, on a step change or on closing)."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401  (PySide6 guard first)
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.settings import load_settings  # noqa: E402
from app.store import open_store  # noqa: E402


def main(db: str, start: int, count: int) -> None:
    from ui.app_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    store = open_store(db)
    window = MainWindow(store, load_settings())
    window.show()
    view = window.shell.show_section("meetings")
    if view.resume_button.isVisible():
        view.resume_button.click()
    else:
        view.next_button.click()
    frame = view.wizard
    print(f"resumed {frame.shown}", flush=True)
    for k in range(start, start + count):
        texts = getattr(frame.current_page(), "texts", None)
        key = "-"
        if k % 5 == 4 or not texts:                      # step change: on to closing, back
            (frame.next_button if frame.shown == "proceedings" else frame.back_button).click()
        else:                                            # type into one of the page's texts
            keys = sorted(texts)
            key = keys[k % len(keys)]
            field = texts[key]
            field.setFocus()
            field.setPlainText(f"Ghi chép số {k}")
            frame.flush()                                # what the idle timer would do
        app.processEvents()
        print(f"ok {k} {frame.shown} {key}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
