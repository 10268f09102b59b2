"""Starting the desktop app: settings and language first, then the store, then the window.

Start-up is kept fast: heavy modules (members, import, demo, dialogs) load when first used,
and the daily backup runs after the window is shown.
``CHIBO_EXIT_WHEN_SHOWN=1`` prints the seconds from process start (``CHIBO_T0``, a
``time.time()`` stamp, when the caller gives one) to the window being shown ("shown"), then
to the window being ready after its first paint ("ready", MainWindow.ready), then quits:
benchmarks/startup.py uses it.
"""
from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

_T_IMPORT = time.time()

# What the home page needs of app/ (plain Python, no Qt); see run_gui.
_FIRST_WINDOW_RULES = ("app.cell", "app.exchange.bundle", "app.exchange.inbox", "app.follow_up",
                       "app.planning", "app.rules.calendar", "app.services.store")


def resolve_db_path(db_path: Path | None, settings) -> Path:
    """The given path; else CHIBO_DB; else the file last opened in the app; else the default."""
    from app import paths

    if db_path is not None:
        return Path(db_path).expanduser()
    if not os.environ.get("CHIBO_DB") and settings.last_db and Path(settings.last_db).exists():
        return Path(settings.last_db)
    return paths.default_db_path()


def _explain_file_errors(window) -> None:
    """A disk that fills up, a stick pulled out, a file another program locks: whatever action
    meets it, the secretary reads what happened in a message box (never a traceback), and what
    was saved before stays saved (each action is one transaction)."""
    import sqlite3

    from app.i18n import _
    from app.services.store import StoreError, explain_error

    from .widgets import inform

    previous = sys.excepthook

    def hook(kind, value, tb):
        if not issubclass(kind, (sqlite3.Error, OSError, StoreError)):
            return previous(kind, value, tb)
        error = explain_error(value, getattr(value, "filename", None) or window.store.path)
        inform(window, _("Cannot save"), str(error), kind="error")

    sys.excepthook = hook


def _process_start() -> float:
    stamp = os.environ.get("CHIBO_T0")
    return float(stamp) if stamp else _T_IMPORT


def _use_holiday_cache() -> None:
    """The home page and the calendar need the year's public holidays at once: read them
    from the cache the last start wrote instead of running the holidays package."""
    import platformdirs

    from app import paths
    from app.rules.calendar import use_disk_cache

    use_disk_cache(Path(platformdirs.user_cache_dir(paths.APP_NAME, appauthor=False))
                   / "public-holidays.json")


def run_gui(db_path: Path | None = None, argv: list[str] | None = None,
            lang: str | None = None) -> int:
    """Open the desktop app on a data file (the default one when ``None``); the exit code.

    ``lang`` (``chibo --lang en``) overrides the saved language for this run only."""
    # The rules the first window (the home page) reads, imported before PySide6: once PySide6
    # is loaded, its import hook reads the source of every module imported after it (to see
    # whether it uses PySide6's __feature__), about 7 ms for these.
    for module in _FIRST_WINDOW_RULES:
        importlib.import_module(module)
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app import i18n
    from app.settings import load_settings

    from . import ime, style
    from .data_file import open_store_or_explain

    settings = load_settings()
    language = lang or settings.language
    i18n.set_language(language)
    _use_holiday_cache()
    if QApplication.instance() is None:
        ime.apply_im_fallback()   # before Qt picks its input method
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("chibo")
    # The IME tracker and the wheel guard go in after the window's first paint (MainWindow)
    style.apply(app, language=language, large_text=settings.large_text, wheel_guard=False)

    store = open_store_or_explain(resolve_db_path(db_path, settings))
    if store is None:
        return 1
    from .app_window import MainWindow

    window = MainWindow(store, settings)
    _explain_file_errors(window)
    window.show()
    if os.environ.get("CHIBO_EXIT_WHEN_SHOWN") == "1":
        def report() -> None:
            print(f"shown {time.time() - _process_start():.3f}", flush=True)
            window.when_ready(ready)

        def ready() -> None:
            print(f"ready {time.time() - _process_start():.3f}", flush=True)
            app.quit()
        QTimer.singleShot(0, report)
    else:
        QTimer.singleShot(1500, window.daily_backup)
    try:
        return app.exec()
    finally:
        tear_down(app, window)


def tear_down(app, window) -> None:
    """Delete the window while the application and Python are both still whole.

    Left to the interpreter's exit, Qt deleted the window from QApplication's destructor,
    after Python had begun to finalise: the Python overrides (event filters, hide events of
    the wizard) were then called on half-destroyed objects ("pure virtual method called",
    segmentation faults). Here the Python event filters go first, then the window is deleted
    and the deferred deletions are run, all before run_gui returns."""
    from PySide6.QtCore import QCoreApplication, QEvent

    from . import style

    style.remove_wheel_guard(app)
    window.hide()          # a wizard still shown commits what was typed
    window.store.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
    app.processEvents()


if __name__ == "__main__":
    sys.exit(run_gui(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
