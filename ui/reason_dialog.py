"""A dialog that asks for the reason of an action (cancelling a planned meeting, correcting
finalised minutes) and runs it."""
from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QVBoxLayout, QWidget

from .widgets import ErrorLabel, button_box


class ReasonDialog(QDialog):
    """``action(reason)`` runs on OK; what it returns is kept in ``result_value``. A ValueError's
    message (e.g. "give a reason") is shown and the dialog stays open."""

    def __init__(self, title: str, prompt: str, action: Callable[[str], Any], ok_text: str,
                 cancel_text: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.action = action
        self.result_value = None
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        label = QLabel(prompt)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.reason = QLineEdit()
        label.setBuddy(self.reason)
        layout.addWidget(self.reason)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        self.buttons, self.ok_button = button_box(ok_text, cancel_text)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 70, self.sizeHint().height())

    def accept(self) -> None:
        try:
            self.result_value = self.action(self.reason.text())
        except ValueError as exc:
            self.error.set_error(str(exc))
            return
        super().accept()
