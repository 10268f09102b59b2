"""The offline user guide: HTML pages in resources/help/<language>/, shown in a QTextBrowser.

F1 in the meeting wizard opens the page of the step shown (``step-<step id>.html``); Help ▸
User guide opens the index. No web engine and no network: links between pages and the
screen pictures (resources/help/img, made by ``python -m ui.help_shots``) are local files.
"""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout

from app import i18n, paths
from app.i18n import _

INDEX = "index.html"
TROUBLE = "problems.html"


def help_root() -> Path:
    return paths.resources() / "help"


def language_dir(lang: str | None = None) -> Path:
    """The guide in ``lang`` (the app's language), else the Vietnamese one."""
    folder = help_root() / (lang or i18n.language())
    return folder if (folder / INDEX).is_file() else help_root() / "vi"


def step_page(step_id: str) -> str:
    """The page of a wizard step; the index when the guide has none for it."""
    name = f"step-{step_id}.html"
    return name if (language_dir() / name).is_file() else INDEX


class HelpDialog(QDialog):
    """The guide: back / forward / contents; links to other pages open here."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowFlag(Qt.WindowContextHelpButtonHint, False)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._outside_link)
        self.browser.sourceChanged.connect(self._retitle)
        buttons = QHBoxLayout()
        self.back_button = QPushButton(_("&Back"))
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.contents_button = QPushButton(_("&Contents"))
        self.contents_button.clicked.connect(lambda: self.open_page(INDEX))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        close.setShortcut(QKeySequence(Qt.Key_Escape))
        for b in (self.back_button, self.contents_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addLayout(buttons)
        self.resize(860, 640)

    def open_page(self, name: str) -> None:
        folder = language_dir()
        self.browser.setSearchPaths([str(folder), str(help_root())])
        self.browser.setSource(QUrl.fromLocalFile(str(folder / name)))

    def title(self) -> str:
        return self.browser.documentTitle()

    def _retitle(self, _url) -> None:
        self.setWindowTitle(_("User guide") + " — " + self.title())

    def _outside_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            # The guide has no web links; should one appear, it opens outside, never here.
            self.browser.setSource(self.browser.source())
            QDesktopServices.openUrl(url)


def show_help(parent, page: str = INDEX) -> HelpDialog:
    """Open (or raise) the window's guide at ``page``; returns the dialog."""
    window = parent.window() if parent is not None else None
    dialog = getattr(window, "_help_dialog", None) if window is not None else None
    if dialog is None:
        dialog = HelpDialog(window)
        if window is not None:
            window._help_dialog = dialog
    dialog.open_page(page)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
