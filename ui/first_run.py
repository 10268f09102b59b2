"""The screen shown when the data file has no cell yet: create it, or open the demo."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QPushButton, QStackedWidget, QVBoxLayout, QWidget,
)

from app.i18n import _

from .cell_form import CellForm
from .style import heading_font
from .widgets import inform


class FirstRunPage(QStackedWidget):
    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.cell_form = None
        welcome = QWidget()
        outer = QVBoxLayout(welcome)
        outer.addStretch(1)
        box = QVBoxLayout()
        title = QLabel(_("Welcome to chibo"))
        title.setFont(heading_font(self, 1.6))
        box.addWidget(title)
        self.intro = QLabel(_(
            "The data file {path} has no cell yet. Enter your cell's details, or open the demo "
            "cell to try chibo out (the demo fills this file with made-up records).")
            .format(path=window.store.path))
        self.intro.setWordWrap(True)
        box.addWidget(self.intro)
        buttons = QHBoxLayout()
        self.create_button = QPushButton(_("&Create the cell"))
        self.create_button.setDefault(True)
        self.create_button.clicked.connect(self.start_cell_form)
        self.demo_button = QPushButton(_("Open the &demo cell"))
        self.demo_button.clicked.connect(self.open_demo)
        self.open_button = QPushButton(_("Open another data &file…"))
        self.open_button.clicked.connect(lambda: window.open_other_file())
        for b in (self.create_button, self.demo_button, self.open_button):
            b.setMinimumHeight(b.sizeHint().height() + 12)
            buttons.addWidget(b)
        buttons.addStretch(1)
        box.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        inner = QWidget()
        inner.setLayout(box)
        inner.setMaximumWidth(inner.fontMetrics().averageCharWidth() * 90)
        row.addWidget(inner, 4)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)
        self.addWidget(welcome)
        self.create_button.setFocus(Qt.OtherFocusReason)

    def start_cell_form(self) -> None:
        self.cell_form = CellForm(self.window_.store, cancel_text=_("Back"))
        self.cell_form.saved.connect(self.window_.cell_created)
        self.cell_form.cancelled.connect(lambda: self.setCurrentIndex(0))
        self.addWidget(self.cell_form)
        self.setCurrentWidget(self.cell_form)
        self.cell_form.focus_first()

    def open_demo(self) -> None:
        from app.demo import make_demo

        try:
            make_demo(self.window_.store)  # as `chibo demo`: one transaction
        except ValueError as exc:
            inform(self, _("Demo cell"), str(exc), kind="warning")
            return
        self.window_.cell_created()
