"""PDF checks with poppler's tools, shared by the document UI and printing tests."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

# The document tests read real PDFs with poppler-utils and qpdf (.ci/run installs them).
needs_pdf_tools = pytest.mark.skipif(
    not all(shutil.which(t) for t in ("pdftotext", "pdffonts", "pdfinfo", "pdfsig", "qpdf")),
    reason="poppler-utils and qpdf are needed")


def pdf_pages(path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def page_size_pts(path) -> tuple[float, float]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M)
    return float(m.group(1)), float(m.group(2))


def gray_page(path, page: int, dpi: int = 40) -> tuple[int, int, bytes]:
    """Page ``page`` (1-based) as 8-bit grey pixels: (width, height, data), via pdftoppm."""
    out = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l", str(page),
                          str(path)], capture_output=True, check=True).stdout
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", out)
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, out[match.end():match.end() + width * height]


def _blocks(path, page: int, size: int = 8) -> list[float]:
    """Mean grey of each size×size block at 40 dpi (about 5 mm): text antialiasing and
    sub-pixel placement average out; a missing or moved line does not."""
    w, h, d = gray_page(path, page)
    return [sum(d[(by + y) * w + bx + x] for y in range(size) for x in range(size)) / size ** 2
            for by in range(0, h - size + 1, size) for bx in range(0, w - size + 1, size)]


def page_difference(a, b, page: int, page_b: int | None = None) -> tuple[float, float]:
    """(mean, largest) grey difference (0..255) between 5 mm blocks of a page of two PDFs.
    The same page printed from a 300 dpi raster gives about (3, 20); another page (12, 80)."""
    x, y = _blocks(a, page), _blocks(b, page_b or page)
    assert len(x) == len(y), f"page {page}: {len(x)} vs {len(y)} blocks"
    diffs = [abs(i - j) for i, j in zip(x, y)]
    return sum(diffs) / len(diffs), max(diffs)


def looks_alike(a, b, page: int, page_b: int | None = None) -> bool:
    mean, largest = page_difference(a, b, page, page_b)
    return mean < 6 and largest < 45


def ink(path, page: int) -> float:
    """Share of pixels darker than mid-grey on a page (how much is printed there)."""
    _w, _h, data = gray_page(path, page)
    return sum(1 for x in data if x < 128) / len(data)


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def ink_in(path, page: int, rect_pts) -> float:
    """Share of dark pixels inside ``rect_pts`` (x0, y0, x1, y1 in PDF points, origin at the
    bottom left) on a page rendered at 72 dpi."""
    w, h, data = gray_page(path, page, dpi=72)
    x0, y0, x1, y1 = rect_pts
    rows = range(max(0, int(h - y1)), min(h, int(h - y0)))
    cols = range(max(0, int(x0)), min(w, int(x1)))
    dark = sum(1 for y in rows for x in cols if data[y * w + x] < 128)
    return dark / max(1, len(rows) * len(cols))


def signature_rect(path, field: str) -> tuple[float, float, float, float]:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(Path(path).read_bytes()), strict=False)
    for name, _value, ref in enumerate_sig_fields(reader):
        if name == field:
            x0, y0, x1, y1 = (float(v) for v in ref.get_object()["/Rect"])
            return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
    raise KeyError(field)
