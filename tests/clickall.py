"""Press every button and trigger every action of a screen, as a user would (issue 15).

``press_everything(root, qtbot)`` collects every visible, enabled QPushButton, QToolButton and
QAction under ``root`` (and the menu bar's actions when ``root`` is a main window), clicks each
with qtbot.mouseClick or triggers it (shortcut-less actions have no other way in), one at a
time, collecting again after each press because a press may rebuild the screen. Every box the
press opens is answered "no"/"cancel": the app's own seams (widgets.answer_hook, file_hook,
printing.print_hook, office.pdf_hook) and, for any other modal dialog or popup menu, a timer
that rejects the active modal widget. Exceptions and Qt warnings fail the test through the
hook in tests/conftest.py.
"""
from __future__ import annotations

import contextlib

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton, QApplication, QDialog, QMainWindow, QMenu, QPushButton, QToolButton, QWidget,
)


@contextlib.contextmanager
def answered_no(keep: tuple[QWidget, ...] = ()):
    """Every box, file, print and PDF request is declined; any other modal dialog rejected."""
    from ui import widgets
    from ui.documents import printing
    from ui import office

    asked: list[tuple] = []

    def answer(kind, title, text, choices):
        asked.append((kind, title, text))
        return choices[-1][0]             # the last choice is always the safe one (Cancel/No/OK)

    saved = (widgets.answer_hook, widgets.file_hook, printing.print_hook, office.pdf_hook)
    widgets.answer_hook = answer
    widgets.file_hook = lambda title, name_filter: asked.append(("file", title, "")) and None
    printing.print_hook = lambda printer: False
    office.pdf_hook = lambda data, title: asked.append(("pdf", title, ""))

    def dismiss() -> None:
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()
        modal = QApplication.activeModalWidget()
        if modal is not None and modal not in keep:
            asked.append(("modal", modal.windowTitle(), type(modal).__name__))
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()

    timer = QTimer()
    timer.setInterval(30)
    timer.timeout.connect(dismiss)
    timer.start()
    try:
        yield asked
    finally:
        timer.stop()
        widgets.answer_hook, widgets.file_hook, printing.print_hook, office.pdf_hook = saved


def _key(obj) -> tuple:
    """Who an item is for the user: its class, text and the texts of its parents."""
    names = []
    parent = obj.parent()
    while parent is not None and len(names) < 4:
        names.append(type(parent).__name__ + ":" + parent.objectName())
        parent = parent.parent()
    return (type(obj).__name__, obj.text().replace("&", ""), obj.objectName(), tuple(names))


def _menu_actions(actions, out: list) -> None:
    for action in actions:
        if action.isSeparator():
            continue
        if action.menu() is not None:
            _menu_actions(action.menu().actions(), out)
        else:
            out.append(action)


def pressable(root: QWidget) -> list:
    """The visible, enabled buttons and actions of ``root``, in tree order."""
    found: list = []
    for button in root.findChildren(QAbstractButton):
        if isinstance(button, (QPushButton, QToolButton)) and button.isVisible() \
                and button.isEnabled() and button.window() is root.window():
            found.append(button)
    actions: list = []
    if isinstance(root, QMainWindow):
        _menu_actions(root.menuBar().actions(), actions)
    for widget in [root, *root.findChildren(QWidget)]:
        if isinstance(widget, QMenu) or not widget.isVisible():
            continue
        _menu_actions(widget.actions(), actions)
    found.extend(a for a in dict.fromkeys(actions) if a.isEnabled() and a.isVisible())
    return found


def press(item, qtbot) -> None:
    if isinstance(item, QAction):
        item.trigger()
    elif isinstance(item, QToolButton) and item.menu() is not None \
            and item.popupMode() == QToolButton.InstantPopup:
        _menu_actions(item.menu().actions(), out := [])
        for action in out:
            if action.isEnabled():
                action.trigger()
                QApplication.processEvents()
    else:
        qtbot.mouseClick(item, Qt.LeftButton)
    QApplication.processEvents()


def press_everything(root_of, qtbot, *, skip=(), limit: int = 400) -> list[str]:
    """Press each button/action once (by ``_key``); ``root_of()`` gives the current root, since
    a press may rebuild it. ``skip``: texts (without '&') not to press, or a predicate on the
    text. The texts pressed."""
    skipped = skip if callable(skip) else (lambda text: text in skip)
    done: set = set()
    pressed: list[str] = []
    root = root_of()
    with answered_no(keep=(root.window(),)) as asked:
        for _ in range(limit):
            root = root_of()
            if root is None or not root.isVisible():
                break
            todo = [i for i in pressable(root)
                    if _key(i) not in done and not skipped(i.text().replace("&", ""))]
            if not todo:
                break
            item = todo[0]
            done.add(_key(item))
            pressed.append(item.text().replace("&", ""))
            press(item, qtbot)
        else:
            raise AssertionError(f"more than {limit} presses: {pressed[-10:]}")
    print(f"pressed {len(pressed)}: {pressed}\nanswered: {[a[:2] for a in asked]}")
    return pressed
