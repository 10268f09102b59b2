"""Printing through a real CUPS queue: ``chibo-pdf``, a cups-pdf printer that writes PDFs.

``.ci/run`` starts cupsd and creates the queue; on a computer without it the test is skipped
(with the reason), so the rest of the suite runs anywhere.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from app import meeting_docs, meetings

from pdf_checks import looks_alike, page_size_pts, pdf_pages, write
from uihelpers import store, ui_env  # noqa: F401

QUEUE = "chibo-pdf"
CUPS_PDF_CONF = Path("/etc/cups/cups-pdf.conf")
WAIT_SECONDS = 60


def _queue_exists() -> bool:
    if not shutil.which("lpstat"):
        return False
    done = subprocess.run(["lpstat", "-p", QUEUE], capture_output=True, text=True,
                          env={**os.environ, "LC_ALL": "C"})
    return done.returncode == 0 and QUEUE in done.stdout


def cups_pdf_output_dir() -> Path:
    """cups-pdf's ``Out`` directory (``${HOME}`` is the printing user's home)."""
    out = "${HOME}/PDF"
    if CUPS_PDF_CONF.exists():
        for line in CUPS_PDF_CONF.read_text(errors="replace").splitlines():
            m = re.match(r"\s*Out\s+(\S+)", line)
            if m:
                out = m.group(1)
    return Path(out.replace("${HOME}", str(Path.home())).replace("${USER}",
                                                                  os.environ.get("USER", "")))


pytestmark = pytest.mark.skipif(not _queue_exists(), reason=(
    f"no CUPS queue named {QUEUE} (the cups-pdf printer that .ci/run sets up)"))


def _wait_for_output(folder: Path, token: str) -> Path:
    """The finished cups-pdf file whose name holds ``token`` (size stable and readable as a
    whole PDF: on a loaded machine cups-pdf pauses while writing), within 60 s."""
    deadline = time.monotonic() + WAIT_SECONDS
    last_size = -1
    while time.monotonic() < deadline:
        found = sorted(folder.glob(f"*{token}*.pdf")) if folder.is_dir() else []
        if found:
            size = found[0].stat().st_size
            if size == last_size and size > 0 and subprocess.run(
                    ["pdfinfo", str(found[0])], capture_output=True).returncode == 0:
                return found[0]
            last_size = size
        time.sleep(0.5)
    jobs = subprocess.run(["lpstat", "-o", QUEUE], capture_output=True, text=True).stdout
    raise AssertionError(f"no cups-pdf output with {token} in {folder} after {WAIT_SECONDS} s; "
                         f"jobs: {jobs!r}")


def test_minutes_printed_through_cups_have_every_page(ui_env, store, tmp_path):
    from app.demo import add_demo_meetings, create_demo
    from ui.documents.printing import a4_printer, print_pdf

    create_demo(store)
    add_demo_meetings(store)
    mid = next(m["id"] for m in meetings.list_meetings(store) if m["status"] == "finalised")
    data = meeting_docs.document_bytes(store, meeting_docs.current_document(
        store, mid, "minutes")["id"])
    original = write(tmp_path / "bien-ban.pdf", data)
    pages = pdf_pages(original)
    assert pages >= 2

    assert QUEUE in QPrinterInfo.availablePrinterNames()     # Qt sees the CUPS queue
    token = "chibotest" + uuid.uuid4().hex[:12]
    printer = a4_printer()
    printer.setPrinterName(QUEUE)
    printer.setDocName(token)                                  # cups-pdf names the file by it
    assert printer.isValid() and printer.outputFormat() == QPrinter.NativeFormat
    assert print_pdf(data, printer) == pages

    printed = _wait_for_output(cups_pdf_output_dir(), token)
    try:
        assert pdf_pages(printed) == pages
        width, height = page_size_pts(printed)
        assert abs(width - 595) < 2 and abs(height - 842) < 2      # A4 portrait
        # The print is a 300 dpi raster (no text to find): it must look like the original.
        for page in (1, pages):
            assert looks_alike(original, printed, page), page
        keep = os.environ.get("CHIBO_KEEP_PRINT")
        if keep:
            shutil.copy(printed, keep)
    finally:
        printed.unlink(missing_ok=True)
