import os
import sys
import tempfile

import pytest

import ui  # noqa: F401  (first: its PySide6 6.12 / Python 3.11 None-refcount guard, see ui/__init__)

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never read or write the real user's settings or data file.
_scratch = tempfile.mkdtemp(prefix="chibo-tests-")
os.environ["CHIBO_SETTINGS"] = os.path.join(_scratch, "settings.json")
os.environ.pop("CHIBO_DB", None)

# One "today" for the whole run, in this process and in every Python subprocess it starts (see
# tests/frozen_clock/sitecustomize.py): the demo and the calendar depend on the date, and the
# suite must not start failing when the real month turns. A Monday morning in Hà Nội, late in
# the demo's year (its meeting of 03/11/2026 in progress, 03/12/2026 next). The clock is
# shifted, not stopped: time runs on from there.
TEST_NOW = "2026-11-30T09:00:00+07:00"
import datetime as _dt  # noqa: E402
import time as _time  # noqa: E402

import time_machine  # noqa: E402

os.environ["CHIBO_TEST_CLOCK_SHIFT"] = repr(
    _dt.datetime.fromisoformat(TEST_NOW).timestamp() - _time.time())
_clock_dir = os.path.join(os.path.dirname(__file__), "frozen_clock")
os.environ["PYTHONPATH"] = os.pathsep.join(
    p for p in (_clock_dir, os.environ.get("PYTHONPATH")) if p)
time_machine.travel(_dt.datetime.fromisoformat(TEST_NOW), tick=True).start()


@pytest.fixture(autouse=True)
def _modal_waits_end_with_their_test():
    """A test's pending wait for a dialog (uihelpers.on_modal) ends with it; left running, it
    took the next test's dialog when tests ran in parallel under load."""
    yield
    helpers = sys.modules.get("uihelpers")
    if helpers is not None:
        helpers.end_modal_waits()


@pytest.fixture(autouse=True)
def _vietnamese_ui():
    """Every test starts in Vietnamese, the default language, and leaves it so."""
    from app import i18n

    i18n.set_language("vi")
    yield
    i18n.set_language("vi")


# --- UI tests fail on any exception raised in a slot and on any Qt warning ------------------
# Every test that uses Qt (the qapp or qtbot fixture, directly or through window/ui_env) gets
# a sys.excepthook and a Qt message handler for its whole run. PySide6 hands an exception
# raised in a slot to sys.excepthook and carries on, so without the hook a button that
# raises (issue 15: "Nhập từ tệp…" passed clicked(bool) as the path) only prints to stderr.
# A test that provokes a Qt message on purpose marks itself @pytest.mark.qt_noise("regex").

import re  # noqa: E402
import sys  # noqa: E402
import traceback  # noqa: E402

from qt_noise import QT_NOISE  # noqa: E402  (also used by tests/stress.py)


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "qt_noise(*regexes): Qt messages this UI test provokes on purpose")


class _QtProblems:
    """What went wrong in Qt during one test: exceptions in slots and Qt messages."""

    def __init__(self, allowed: list[str], previous=None):
        self.allowed = [re.compile(p) for p in allowed]
        self.previous = previous            # pytest-qt's capture: its report keeps the messages
        self.problems: list[str] = []

    def except_hook(self, kind, value, tb):
        text = "".join(traceback.format_exception(kind, value, tb))
        sys.stderr.write(text)
        self.problems.append("exception in a slot:\n" + text)

    def message(self, msg_type, context, message):
        from PySide6.QtCore import QtMsgType

        if self.previous is not None:
            self.previous(msg_type, context, message)
        if msg_type in (QtMsgType.QtDebugMsg, QtMsgType.QtInfoMsg):
            return
        if any(p.search(message) for p in self.allowed):
            return
        where = f" ({context.file}:{context.line})" if context and context.file else ""
        self.problems.append(f"Qt {msg_type.name}: {message}{where}")

    def take(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems


@pytest.fixture(autouse=True)
def _qt_fails_on_problems(request):
    if not {"qapp", "qtbot"} & set(request.fixturenames):
        yield None
        return
    from PySide6.QtCore import qInstallMessageHandler

    allowed = list(QT_NOISE)
    for mark in request.node.iter_markers("qt_noise"):
        allowed.extend(mark.args)
    watch = _QtProblems(allowed)
    request.node.qt_problems = watch
    old_hook = sys.excepthook
    sys.excepthook = watch.except_hook
    previous = qInstallMessageHandler(watch.message)
    watch.previous = previous

    yield watch
    try:
        from PySide6.QtWidgets import QApplication

        QApplication.processEvents()        # slots queued by the test run (and may raise) now
    finally:
        sys.excepthook = old_hook
        qInstallMessageHandler(previous)
    problems = watch.take()
    if problems:
        pytest.fail("Qt problems after the test:\n" + "\n".join(problems), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail the test itself (not only its teardown) on a problem raised while it ran."""
    watch = getattr(item, "qt_problems", None)
    try:
        result = yield
    except BaseException:
        if watch is not None:
            watch.take()        # already on stderr; the test fails with its own error
        raise
    problems = watch.take() if watch else []
    if problems:
        pytest.fail("Qt problems during the test:\n" + "\n".join(problems), pytrace=False)
    return result
