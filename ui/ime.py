"""Vietnamese typing: never lose a half-typed (pre-edit) word.

Telex/VNI input methods (ibus-unikey, ibus-bamboo, fcitx5) show a word as *pre-edit* text until
it is finished; Qt drops that text when focus moves or the window closes before the input
method commits it. ``commit_pending()`` asks the input method to commit
(``QInputMethod.commit``) and, when it does not (no input method plugin, an offscreen run),
commits the pre-edit text we saw ourselves. It runs on every step change, save, dialog accept,
section switch and close; a pending word is also committed when its field loses focus.
We never handle Backspace: Unikey on Windows types by sending backspaces and replacements.
"""
from __future__ import annotations

import sys
from typing import Iterable, Mapping

FCITX_MODULES = ("fcitx", "fcitx5")
FCITX_PLUGIN_HINT = "fcitx"   # libfcitxplatforminputcontextplugin.so, libfcitx5platform…


def im_module_fallback(env: Mapping[str, str], platform: str,
                       plugin_files: Iterable[str]) -> str | None:
    """The ``QT_IM_MODULE`` to set before the QApplication exists, or ``None`` to leave it.

    On Linux, when the module is unset or fcitx/fcitx5 but the PySide6 plugins folder has no
    fcitx input context plugin (the wheels ship only ibus and compose), Qt would type with no
    input method at all; ibus is what fcitx5 also answers to (its ibus frontend)."""
    if not platform.startswith("linux"):
        return None
    module = (env.get("QT_IM_MODULE") or "").strip().lower()
    if module not in ("",) + FCITX_MODULES:
        return None
    if any(FCITX_PLUGIN_HINT in name.lower() for name in plugin_files):
        return None
    return "ibus"


def input_context_plugins() -> list[str]:
    """File names in Qt's platforminputcontexts plugin folder (empty when unreadable)."""
    from pathlib import Path

    from PySide6.QtCore import QLibraryInfo

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / \
        "platforminputcontexts"
    try:
        return sorted(p.name for p in folder.iterdir())
    except OSError:
        return []


def apply_im_fallback(env=None) -> str | None:
    """Set ``QT_IM_MODULE`` in ``env`` (os.environ) when needed; the value set or ``None``."""
    import os

    env = os.environ if env is None else env
    module = im_module_fallback(env, sys.platform, input_context_plugins())
    if module:
        env["QT_IM_MODULE"] = module
    return module


_tracker = None


def install() -> None:
    """Watch pre-edit text application-wide (once; needs a QApplication)."""
    global _tracker
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None or (_tracker is not None and _tracker.parent() is app):
        return
    _tracker = _make_tracker(app)
    app.installEventFilter(_tracker)


def installed() -> bool:
    from PySide6.QtWidgets import QApplication

    return _tracker is not None and _tracker.parent() is QApplication.instance()


def remove() -> None:
    """Take the tracker off the application (tests start from an application without it)."""
    global _tracker
    if _tracker is not None:
        app = _tracker.parent()
        if app is not None:
            app.removeEventFilter(_tracker)
        _tracker = None


def commit_pending() -> None:
    """Commit any half-typed word: through the input method, else ourselves."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        return
    QGuiApplication.inputMethod().commit()
    if _tracker is not None:
        _tracker.commit_left_over()


def _make_tracker(app):
    from PySide6.QtCore import QObject
    from PySide6.QtGui import QFocusEvent, QGuiApplication, QInputMethodEvent
    from shiboken6 import isValid

    class PreeditTracker(QObject):
        """Remembers the widget that has pre-edit text and what the text is.

        It sees every event of the application: C-level type checks of the event (the
        wrapper PySide6 hands over is already of the event's class) instead of converting
        ``event.type()`` to its enum for each one."""

        def __init__(self, parent):
            super().__init__(parent)
            self.widget = None
            self.text = ""

        def eventFilter(self, obj, event):
            if isinstance(event, QInputMethodEvent):
                preedit = event.preeditString()
                if preedit:
                    self.widget, self.text = obj, preedit
                elif obj is self.widget:
                    self.widget, self.text = None, ""
            elif (obj is self.widget and self.text and isinstance(event, QFocusEvent)
                  and event.lostFocus()):
                self.commit_left_over()
            return False

        def commit_left_over(self) -> None:
            widget, text = self.widget, self.text
            self.widget, self.text = None, ""
            if widget is None or not text or not isValid(widget):
                return
            event = QInputMethodEvent("", [])
            event.setCommitString(text)
            QGuiApplication.sendEvent(widget, event)
            # The input method must forget the word it still holds, or it types it twice.
            QGuiApplication.inputMethod().reset()

    return PreeditTracker(app)
