"""Driven by test_ui_issue15's exit test: the real desktop app (``ui.main.run_gui``, offscreen)
opens the meetings, starts the next meeting, clicks "Continue" through the wizard steps, then
quits with Ctrl+Q; the process's exit code is the test's verdict."""
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import ui  # noqa: E402,F401
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def drive() -> None:
    from ui import widgets
    from ui.app_window import MainWindow

    widgets.answer_hook = lambda kind, title, text, choices: choices[0][0]
    window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    view = window.shell.show_section("meetings")
    button = view.resume_button if view.resume_button.isVisible() else view.next_button
    QTest.mouseClick(button, Qt.LeftButton)
    frame = view.wizard
    steps = int(os.environ.get("CHIBO_EXIT_STEPS", "3"))
    for _ in range(steps):
        QTest.mouseClick(frame.next_button, Qt.LeftButton)
    print(f"at {frame.shown}", flush=True)
    window.activateWindow()
    for _ in range(200):                  # activation arrives as an event
        if QApplication.activeWindow() is window:
            break
        QTest.qWait(10)
    QTest.keyClick(QApplication.focusWidget() or window, Qt.Key_Q, Qt.ControlModifier)
    print("quit sent", flush=True)


if __name__ == "__main__":
    from ui.main import run_gui

    app = QApplication(sys.argv[:1])
    QTimer.singleShot(0, drive)
    sys.exit(run_gui(Path(sys.argv[1])))
