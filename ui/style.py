"""Look of the app: the text size (normal or larger for projectors) and a small style sheet."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from .qt_vi import load_translator

LARGE_TEXT_SCALE = 1.3
_BASE_POINT_SIZE: float | None = None
_translator = None
_wheel_guard = None

# The side navigation's look. Only the navigation gets a style sheet: one set on the whole
# application makes Qt style every widget through it, which cost a tenth of the start-up.
NAV_STYLE_SHEET = """
QListWidget#nav { border: none; background: palette(alternate-base); outline: 0; }
QListWidget#nav::item { padding-left: 10px; }
QListWidget#nav::item:selected { background: palette(highlight); color: palette(highlighted-text); }
"""

TONES = {"error": "#b00020", "muted": "#444444", "ok": "#1e7a34"}


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour a label's text: "error" (red), "muted" (grey), "ok" (green), or None (normal)."""
    palette = QPalette()  # only the text colour is set: everything else follows the parent
    if tone is not None:
        palette.setColor(QPalette.WindowText, QColor(TONES[tone]))
    widget.setPalette(palette)


def base_point_size() -> float:
    global _BASE_POINT_SIZE
    if _BASE_POINT_SIZE is None:
        size = QApplication.font().pointSizeF()
        _BASE_POINT_SIZE = size if size > 0 else 10.0
    return _BASE_POINT_SIZE


def apply_text_size(app: QApplication, large: bool) -> None:
    font = QFont(app.font())
    font.setPointSizeF(base_point_size() * (LARGE_TEXT_SCALE if large else 1.0))
    app.setFont(font)


def apply_language(app: QApplication, lang: str) -> None:
    """Install Vietnamese for Qt's own texts when the UI is Vietnamese."""
    global _translator
    from PySide6.QtCore import QLocale

    QLocale.setDefault(QLocale(QLocale.Vietnamese, QLocale.Vietnam) if lang == "vi"
                       else QLocale(QLocale.English, QLocale.UnitedKingdom))
    if lang == "vi" and _translator is None:
        _translator = load_translator(app)
        if _translator is not None:
            app.installTranslator(_translator)
    elif lang != "vi" and _translator is not None:
        app.removeTranslator(_translator)
        _translator = None


def _make_wheel_guard(app: QApplication):
    """The wheel guard. Its Qt classes (QEvent with its hundreds of event types, the boxes, the
    wheel event) are loaded when it is made, after the first window's paint."""
    from PySide6.QtCore import QEvent, QObject, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QComboBox

    class WheelGuard(QObject):
        """Scrolling a page with the mouse wheel must never change a value by accident: over a
        combo box, spin box or date/time box inside a scroll area (a page, a table, a list) the
        wheel always scrolls the page, focused or not. Taking the wheel only when the box had
        the keyboard focus was not enough: a box focused when its step opened (or clicked long
        before) passed under the pointer while the page scrolled, and the wheel changed a score
        nobody meant to touch. Tracking "clicked into it and the pointer never left" would be
        more rules to get wrong; this audience changes values by typing, the arrow keys or the
        box's own buttons, so the simpler, safer rule wins. A box outside any scroll area (a
        small dialog) keeps the wheel. Installed once on the application.

        It sees every event of the application, so it first asks the cheapest question (is
        the object a guarded box? a C-level type check) and only then looks at the event."""

        guarded = (QComboBox, QAbstractSpinBox)

        @staticmethod
        def _scroll_area(widget: QWidget):
            parent = widget.parentWidget()
            while parent is not None:
                if isinstance(parent, QAbstractScrollArea):   # a page, a table, a list
                    return parent
                parent = parent.parentWidget()
            return None

        @staticmethod
        def keep_wheel_from_focusing(box: QWidget) -> None:
            if box.focusPolicy() == Qt.WheelFocus:   # the wheel must not give them focus
                box.setFocusPolicy(Qt.StrongFocus)

        def eventFilter(self, obj, event) -> bool:
            if not isinstance(obj, self.guarded):
                return False
            if isinstance(event, QWheelEvent):
                area = self._scroll_area(obj)
                if area is not None:
                    # the wheel scrolls the page the box is on, as if the box were not there
                    viewport = area.viewport()
                    pos = QPointF(obj.mapTo(viewport, event.position().toPoint()))
                    QApplication.sendEvent(viewport, QWheelEvent(
                        pos, event.globalPosition(), event.pixelDelta(), event.angleDelta(),
                        event.buttons(), event.modifiers(), event.phase(), event.inverted()))
                    event.accept()
                    return True
            elif event.type() == QEvent.Polish:
                self.keep_wheel_from_focusing(obj)
            return False

    return WheelGuard(app)   # owned by the application, deleted with it


def install_wheel_guard(app: QApplication) -> None:
    """Install the guard (once). The desktop app does so right after its first paint
    (ui/app_window.py): the boxes already polished by then get at once the focus policy the
    guard gives the others when they are polished."""
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _make_wheel_guard(app)
        app.installEventFilter(_wheel_guard)
        for widget in app.allWidgets():
            if isinstance(widget, _wheel_guard.guarded):
                _wheel_guard.keep_wheel_from_focusing(widget)


def wheel_guard_installed() -> bool:
    return _wheel_guard is not None


def remove_wheel_guard(app: QApplication) -> None:
    """Before the application goes: no Python filter may run while Qt tears widgets down."""
    global _wheel_guard
    if _wheel_guard is not None:
        app.removeEventFilter(_wheel_guard)
        _wheel_guard = None


def apply(app: QApplication, *, language: str, large_text: bool,
          wheel_guard: bool = True) -> None:
    """Language, text size and (unless ``wheel_guard=False``: the desktop app's start, which
    installs it after the first paint) the wheel guard."""
    apply_language(app, language)
    apply_text_size(app, large_text)
    if wheel_guard:
        install_wheel_guard(app)


def heading_font(widget, scale: float = 1.35, bold: bool = True) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(max(font.pointSizeF(), 1.0) * scale)
    font.setBold(bold)
    return font
