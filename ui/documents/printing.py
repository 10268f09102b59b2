"""Printing a PDF through Qt: each page rendered by QtPdf at the printer's resolution.

``print_pdf(pdf_bytes, printer)`` prints without any dialog (tests, scripts);
``print_with_dialog(parent, pdf_bytes, title)`` asks with the system's print dialog (printer,
copies, page range; A4 portrait preset) and then prints. The page is drawn as an image: QtPdf
has no vector output, and at 300 dpi a rasterised page prints as sharp as the original.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

from app.i18n import _

from ..widgets import inform

MAX_DPI = 300          # a print never needs more; 1200 dpi pages would take 0.5 GB each

# print_hook(printer) -> bool; used instead of showing the print dialog (tests). Return False
# for "cancelled"; the hook may set the printer (name, copies, output file) before printing.
print_hook: Callable[[QPrinter], bool] | None = None


class PrintError(Exception):
    """The PDF could not be printed; the message is for the user."""


def with_visible_signatures(pdf_bytes: bytes) -> bytes:
    """A copy for showing and printing only, with each signature stamp drawn into its page.

    QtPdf (PDFium) does not draw form-field widgets, and a signature stamp is one: without
    this a signed document would preview and print without its stamps. The stored and saved
    bytes are never this copy (it would break the signature). Unsigned input is returned as is.
    """
    if b"/Sig" not in pdf_bytes:
        return pdf_bytes
    try:
        import io

        from pyhanko.pdf_utils import generic
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        writer = IncrementalPdfFileWriter(io.BytesIO(bytes(pdf_bytes)), strict=False)
        pages = int(writer.root["/Pages"]["/Count"])
        drawn = 0
        for index in range(pages):
            page_ref, _resources = writer.find_page_for_modification(index)
            page = page_ref.get_object()
            for number, annot_ref in enumerate(page.get("/Annots") or []):
                annot = annot_ref.get_object()
                field = annot
                if "/FT" not in annot and "/Parent" in annot:
                    field = annot["/Parent"]
                if annot.get("/Subtype") != "/Widget" or field.get("/FT") != "/Sig" \
                        or "/V" not in field or "/AP" not in annot:
                    continue
                appearance = annot["/AP"].raw_get("/N")
                stream = appearance.get_object()
                # the appearance's BBox (corners in any order; pyHanko writes [0 h w 0]) is
                # mapped onto the widget's Rect, as a viewer does (its /Matrix is identity)
                rect, box = annot["/Rect"], stream["/BBox"]
                x0, x1 = sorted(float(rect[i]) for i in (0, 2))
                y0, y1 = sorted(float(rect[i]) for i in (1, 3))
                bx0, bx1 = sorted(float(box[i]) for i in (0, 2))
                by0, by1 = sorted(float(box[i]) for i in (1, 3))
                sx = (x1 - x0) / ((bx1 - bx0) or 1)
                sy = (y1 - y0) / ((by1 - by0) or 1)
                name = f"/ChiboStamp{number}"
                content = (f"q {sx:.5f} 0 0 {sy:.5f} {x0 - bx0 * sx:.3f} {y0 - by0 * sy:.3f} cm "
                           f"{name} Do Q\n").encode()
                ref = writer.add_object(generic.StreamObject(stream_data=content))
                writer.add_stream_to_page(index, ref, resources=generic.DictionaryObject({
                    generic.pdf_name("/XObject"): generic.DictionaryObject(
                        {generic.pdf_name(name): appearance})}))
                drawn += 1
        if not drawn:
            return pdf_bytes
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception:  # showing the page without its stamp beats not showing it
        return pdf_bytes


def load_document(pdf_bytes: bytes, parent=None) -> QPdfDocument:
    """A QPdfDocument reading from memory (the buffer lives as the document's child); signature
    stamps are drawn into their pages (``with_visible_signatures``)."""
    document = QPdfDocument(parent)
    buffer = QBuffer(document)
    buffer.setData(QByteArray(with_visible_signatures(bytes(pdf_bytes))))
    buffer.open(QIODevice.ReadOnly)
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        raise PrintError(_("The file is not a readable PDF."))
    return document


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    """A printer (a new one or the one given) set to A4 portrait, drawing on the whole sheet."""
    printer = printer or QPrinter(QPrinter.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.A4), QPageLayout.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    return printer


def _page_image(document: QPdfDocument, page: int, target: QRectF, dpi: int) -> tuple[QImage, QRectF]:
    """The page rendered at ``dpi`` on white, and where it goes in ``target`` (aspect kept)."""
    points = document.pagePointSize(page)
    scale = min(target.width() / points.width(), target.height() / points.height())
    width, height = points.width() * scale, points.height() * scale
    place = QRectF(target.x() + (target.width() - width) / 2,
                   target.y() + (target.height() - height) / 2, width, height)
    pixels = QSize(round(points.width() / 72 * dpi), round(points.height() / 72 * dpi))
    image = QImage(pixels, QImage.Format_RGB32)
    image.fill(Qt.white)
    page_image = document.render(page, pixels)
    painter = QPainter(image)
    painter.drawImage(0, 0, page_image)
    painter.end()
    return image, place


def print_pdf(pdf_bytes: bytes, printer: QPrinter) -> int:
    """Print the PDF on ``printer`` (its name, copies, page range and output file as set);
    returns the number of pages drawn (each copy counted when Qt cannot make the copies
    itself, as with a PDF file output). Raises PrintError."""
    document = load_document(pdf_bytes)
    try:
        count = document.pageCount()
        first, last = 1, count
        if printer.printRange() == QPrinter.PageRange and printer.fromPage() > 0:
            first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
        pages = list(range(first - 1, last))
        if not pages:
            raise PrintError(_("The page range chosen is outside the document (1–{count}).")
                             .format(count=count))
        copies = 1 if printer.supportsMultipleCopies() else max(1, printer.copyCount())
        if copies > 1 and printer.collateCopies():
            sequence = pages * copies
        else:
            sequence = [p for p in pages for _ in range(copies)]
        printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintError(_("The printer {name} cannot be opened.").format(
                name=printer.printerName() or printer.outputFileName()))
        try:
            dpi = min(printer.resolution(), MAX_DPI)
            target = QRectF(printer.paperRect(QPrinter.DevicePixel))
            target.moveTo(0, 0)
            for i, page in enumerate(sequence):
                if i and not printer.newPage():
                    raise PrintError(_("The printer stopped after {n} pages.").format(n=i))
                image, place = _page_image(document, page, target, dpi)
                painter.setRenderHint(QPainter.SmoothPixmapTransform, True)
                painter.drawImage(place, image)
        finally:
            painter.end()
        return len(sequence)
    finally:
        document.close()


def print_dialog(parent: QWidget | None, printer: QPrinter, pages: int) -> QPrintDialog:
    """The system's print dialog for ``printer`` (copies, page range, printer choice)."""
    dialog = QPrintDialog(printer, parent)
    dialog.printer_ = printer          # Qt keeps only a pointer: the printer must outlive it
    dialog.setWindowTitle(_("Print"))
    dialog.setOption(QAbstractPrintDialog.PrintToFile, False)   # "Save as…" writes the PDF
    dialog.setOption(QAbstractPrintDialog.PrintPageRange, True)
    dialog.setOption(QAbstractPrintDialog.PrintCollateCopies, True)
    dialog.setMinMax(1, max(1, pages))
    dialog.setFromTo(1, max(1, pages))
    return dialog


def print_with_dialog(parent: QWidget | None, pdf_bytes: bytes, title: str) -> int | None:
    """Ask with the print dialog, then print; the pages drawn, or None when cancelled.
    A printing problem is shown to the user (and None returned)."""
    try:
        pages = load_document(pdf_bytes)
        count = pages.pageCount()
        pages.close()
    except PrintError as exc:
        inform(parent, _("Print"), str(exc), kind="error")
        return None
    printer = a4_printer()
    printer.setDocName(title)
    if print_hook is not None:
        if not print_hook(printer):
            return None
    else:
        dialog = print_dialog(parent, printer, count)
        if not dialog.exec():
            return None
    try:
        return print_pdf(pdf_bytes, printer)
    except PrintError as exc:
        inform(parent, _("Print"), str(exc), kind="error")
        return None
