"""The party office's console (import, dashboard, evaluation) and helpers the cell's export
dialog shares with it: choosing a folder and opening a PDF."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QFileDialog, QWidget

from app.exchange.bundle import slug
from app.i18n import _

from .. import widgets

# pdf_hook(data, title) -> anything: used instead of showing a PDF (tests).
pdf_hook: Callable[[bytes, str], object] | None = None


def choose_folder(parent: QWidget | None, title: str, directory: str = "") -> Path | None:
    """Qt's own folder dialog with our texts; ``widgets.file_hook`` answers it in tests."""
    if widgets.file_hook is not None:
        chosen = widgets.file_hook(title, "folder")
        return Path(chosen) if chosen else None
    dialog = widgets.file_dialog(parent, title, "", directory=directory, accept=_("Choose"))
    dialog.setFileMode(QFileDialog.Directory)
    dialog.setOption(QFileDialog.ShowDirsOnly, True)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None


def open_pdf(parent: QWidget | None, data: bytes, title: str):
    """Show a PDF in the app's own preview (print, save, verify from there)."""
    if pdf_hook is not None:
        return pdf_hook(data, title)
    from ui.documents.preview import PreviewDialog

    dialog = PreviewDialog(data, title, parent, file_name=_safe_name(title) + ".pdf")
    dialog.exec()
    return dialog


def _safe_name(title: str) -> str:
    return slug(title, 80)
