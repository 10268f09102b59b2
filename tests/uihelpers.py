"""Shared fixtures and helpers for the pytest-qt tests of the desktop shell (tests/test_ui_*)."""
from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app import i18n


@pytest.fixture
def ui_env(tmp_path, monkeypatch, qapp):
    """Settings in a tmp file, Vietnamese UI, no message box left to block a test."""
    from ui import style, widgets

    monkeypatch.setenv("CHIBO_SETTINGS", str(tmp_path / "settings.json"))
    monkeypatch.delenv("CHIBO_DB", raising=False)
    i18n.set_language("vi")
    style.apply(qapp, language="vi", large_text=False)
    answers: list = []

    def unexpected(kind, title, text, choices):
        answers.append((kind, title, text))
        return choices[-1][0]

    widgets.answer_hook = unexpected
    yield answers
    widgets.answer_hook = None
    widgets.file_hook = None
    i18n.set_language("vi")
    style.apply(qapp, language="vi", large_text=False)


@pytest.fixture
def store(tmp_path):
    from app.store import open_store

    s = open_store(tmp_path / "cell.sqlite")
    yield s
    s.close()


@pytest.fixture
def demo_store(store):
    from app.demo import create_demo

    create_demo(store)
    return store


@pytest.fixture
def scored_store(store):
    """The demo cell as of 20/11/2024: its meetings of August–October 2024 are scored."""
    from app.demo import add_demo_meetings, create_demo

    day = dt.date(2024, 11, 20)
    create_demo(store, today=day)
    add_demo_meetings(store, today=day)
    return store


@pytest.fixture
def window(ui_env, demo_store, qtbot):
    from app.settings import load_settings
    from ui.app_window import MainWindow

    w = MainWindow(demo_store, load_settings())
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    return w


# Each test's waits for a dialog end with the test (tests/conftest.py calls end_modal_waits):
# a wait left over from an earlier test must never take a later test's dialog.
_test_generation = [0]


def end_modal_waits() -> None:
    _test_generation[0] += 1


def on_modal(handler, errors: list, tries: int = 1000) -> None:
    """Run ``handler(dialog)`` on the next modal dialog, from inside its exec() loop.

    An exception in the handler is recorded in ``errors`` and the dialog rejected, so a
    failing test fails instead of hanging.
    """
    generation = _test_generation[0]

    def check(left: int = tries) -> None:
        if generation != _test_generation[0]:
            return          # its test is over
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if left:
                QTimer.singleShot(10, lambda: check(left - 1))
            else:
                errors.append("no modal dialog appeared")
            return
        try:
            handler(dialog)
        except Exception:  # noqa: BLE001 - reported by the test
            errors.append(traceback.format_exc())
            dialog.reject()

    QTimer.singleShot(0, check)


def type_text(widget, text: str) -> None:
    """Type text key by key, Vietnamese letters included (QTest.keyClicks is ASCII-only)."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    for ch in text:
        for kind in (QEvent.KeyPress, QEvent.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key_unknown, Qt.NoModifier, ch))


# --- screenshots to look at (tests/test_ui_*shots.py, test_ui_*screenshots.py) ---------------

SHOTS = os.environ.get("CHIBO_SHOTS")
needs_shots = pytest.mark.skipif(not SHOTS, reason="set CHIBO_SHOTS=/folder to save screenshots")
FULL = (1366, 768)  # the laptop screen the app is made for


def save_shot(widget, name: str, size: tuple[int, int] | None = None, *, folder: str = "",
              settle_ms: int = 0) -> None:
    """Show ``widget`` (resized to ``size``), let it paint (``settle_ms`` for views that render
    asynchronously), and save it as $CHIBO_SHOTS/``folder``/``name``.png."""
    if size:
        widget.resize(*size)
    widget.show()
    if settle_ms:
        QTest.qWait(settle_ms)
    for _ in range(3):
        QApplication.processEvents()
    out = Path(SHOTS) / folder
    out.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(out / f"{name}.png"))
