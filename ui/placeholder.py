"""The page shown for a section that a later version fills."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from app.i18n import _

from .style import heading_font


class ComingPage(QWidget):
    def __init__(self, title: str, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        heading = QLabel(_(title))
        heading.setFont(heading_font(self))
        layout.addWidget(heading)
        text = QLabel(_(what) + "\n" + _("This part is coming in a later version of chibo."))
        text.setObjectName("coming")
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addStretch(1)
        self.setProperty("heading", heading.text())
