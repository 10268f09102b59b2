"""A dialog showing a PDF (bytes or a file) with QtPdf: pages, zoom, print, save, sign.

``PreviewDialog(pdf_bytes, title, parent, file_name=..., sign=callback)``: ``sign`` (optional)
is called with the dialog when "Sign…" is pressed and returns the new (signed) bytes or None;
without it the Sign button is hidden. ``preview_file(parent, path)`` opens a file from disk.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QPointF, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QButtonGroup, QDialog, QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget,
)

from app.i18n import _

from ..widgets import choose_file, inform
from .printing import PrintError, load_document, print_with_dialog


class PreviewDialog(QDialog):
    def __init__(self, pdf_bytes: bytes, title: str, parent: QWidget | None = None, *,
                 file_name: str = "document.pdf",
                 sign: Callable[["PreviewDialog"], bytes | None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.title = title
        self.file_name = file_name
        self.sign_callback = sign
        self.pdf_bytes = b""
        self.document: QPdfDocument | None = None
        self.pages_printed: int | None = None

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.previous_button = QPushButton(_("◀ Previous page"))
        self.previous_button.clicked.connect(lambda: self.go_to(self.current_page() - 1))
        self.next_button = QPushButton(_("Next page ▶"))
        self.next_button.clicked.connect(lambda: self.go_to(self.current_page() + 1))
        self.page_box = QSpinBox()
        self.page_box.setMinimum(1)
        self.page_box.setKeyboardTracking(False)
        self.page_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000") + 40)
        self.page_box.valueChanged.connect(lambda n: self.go_to(n - 1))
        self.page_count_label = QLabel()
        bar.addWidget(self.previous_button)
        bar.addWidget(QLabel(_("Page")))
        bar.addWidget(self.page_box)
        bar.addWidget(self.page_count_label)
        bar.addWidget(self.next_button)
        bar.addSpacing(24)
        self.fit_width_button = QPushButton(_("Fit width"))
        self.fit_page_button = QPushButton(_("Whole page"))
        self.zoom_group = QButtonGroup(self)
        for button, mode in ((self.fit_width_button, QPdfView.ZoomMode.FitToWidth),
                             (self.fit_page_button, QPdfView.ZoomMode.FitInView)):
            button.setCheckable(True)
            self.zoom_group.addButton(button)
            button.clicked.connect(lambda _c=False, m=mode: self.set_zoom(m))
            bar.addWidget(button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setPageSpacing(12)
        layout.addWidget(self.view, 1)
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)

        buttons = QHBoxLayout()
        self.print_button = QPushButton(_("Print…"))
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton(_("Save as…"))
        self.save_button.clicked.connect(self.save_as)
        self.sign_button = QPushButton(_("Sign…"))
        self.sign_button.clicked.connect(self.sign)
        self.sign_button.setVisible(sign is not None)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.accept)
        for button in (self.print_button, self.save_button, self.sign_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)

        self.set_pdf(pdf_bytes)
        self.fit_width_button.setChecked(True)
        self.set_zoom(QPdfView.ZoomMode.FitToWidth)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 110, metrics.height() * 40)

    # --- content ------------------------------------------------------------------------

    def set_pdf(self, pdf_bytes: bytes) -> None:
        """Show other bytes (e.g. the signed copy), keeping the page shown."""
        page = self.current_page() if self.document else 0
        document = load_document(pdf_bytes, self)   # PrintError for an unreadable file
        old, self.document, self.pdf_bytes = self.document, document, bytes(pdf_bytes)
        self.view.setDocument(document)
        if old is not None:
            old.close()
            old.deleteLater()
        count = document.pageCount()
        self.page_box.blockSignals(True)
        self.page_box.setMaximum(count)
        self.page_box.blockSignals(False)
        self.page_count_label.setText(_("of {count}").format(count=count))
        self.go_to(min(page, count - 1))

    def page_count(self) -> int:
        return self.document.pageCount() if self.document else 0

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        if not self.document or not 0 <= page < self.page_count():
            return
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())
        self._page_changed(page)
        self._pending_page = None if self.isVisible() else page   # re-done once laid out

    def showEvent(self, event) -> None:
        super().showEvent(event)
        page = getattr(self, "_pending_page", None)
        if page:
            QTimer.singleShot(0, lambda: self.go_to(page))

    def _page_changed(self, page: int) -> None:
        self.page_box.blockSignals(True)
        self.page_box.setValue(page + 1)
        self.page_box.blockSignals(False)
        self.previous_button.setEnabled(page > 0)
        self.next_button.setEnabled(page < self.page_count() - 1)

    def set_zoom(self, mode) -> None:
        self.view.setZoomMode(mode)

    # --- actions ------------------------------------------------------------------------

    def print_document(self) -> int | None:
        self.pages_printed = print_with_dialog(self, self.pdf_bytes, self.title)
        return self.pages_printed

    def save_as(self) -> Path | None:
        return save_pdf_as(self, self.pdf_bytes, self.file_name)

    def sign(self) -> None:
        if self.sign_callback is None:
            return
        signed = self.sign_callback(self)
        if signed:
            self.set_pdf(signed)


def save_pdf_as(parent: QWidget | None, pdf_bytes: bytes, file_name: str) -> Path | None:
    """Ask where to save a copy of the PDF and write it; the path, or None."""
    path = choose_file(parent, _("Save the document as"), _("PDF files (*.pdf)"),
                       directory=str(Path.home() / file_name), accept=_("Save"), may_create=True)
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        path.write_bytes(pdf_bytes)
    except OSError as exc:
        inform(parent, _("Save as"), _("Cannot write {path}: {error}").format(
            path=path, error=exc.strerror or exc), kind="error")
        return None
    return path


def preview_file(parent: QWidget | None, path: str | Path | None = None) -> PreviewDialog | None:
    """Choose (or take) a PDF file and show it."""
    if path is None:
        path = choose_file(parent, _("Open a PDF file"), _("PDF files (*.pdf)") + ";;"
                           + _("All files (*)"))
        if path is None:
            return None
    path = Path(path)
    try:
        dialog = PreviewDialog(path.read_bytes(), path.name, parent, file_name=path.name)
    except (OSError, PrintError) as exc:
        inform(parent, _("Preview"), _("Cannot open {path}: {error}").format(
            path=path, error=getattr(exc, "strerror", None) or exc), kind="error")
        return None
    dialog.exec()
    return dialog
