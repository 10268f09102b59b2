"""Party-format page layout shared by every document (Hướng dẫn 36-HD/VPTW, 2018).

A4; top left the upper organisation (caps), the issuing cell (bold caps), a "*", the number
"Số 12-BB/CB"; top right "ĐẢNG CỘNG SẢN VIỆT NAM" (15 pt bold) with a solid rule under it and
the italic place-and-date line; the title in bold caps; a 14 pt body; page numbers at the top
centre from page 2; a "DỰ THẢO" mark on every page of a draft. Every string is NFC-normalised
and XML-escaped before it reaches reportlab.

Signature blocks leave an empty signature field (named e.g. ``ChuTri``) where the hand
signature goes, so a later digital signature can put its visible stamp there.
"""
from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak, Flowable, KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle,
)

from app.i18n import doc_date_line
from app.vntext import nfc

from . import fonts
from .formats import FormatProfile, format_profile

# Names of the empty signature fields the documents carry (used by signing.sign_pdf).
FIELD_CHAIR = "ChuTri"
FIELD_MINUTE_TAKER = "ThuKy"
FIELD_SECRETARY = "BiThu"
FIELD_DRAFTER = "NguoiXayDung"
# Each field also carries the role printed above its block (one line, its lines joined by
# ROLE_SEPARATOR), so a stamp and a verifier read the role the page shows under any profile.
ROLE_KEY = "/ChiboRole"
ROLE_SEPARATOR = " – "

PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"
DRAFT_MARK = "DỰ THẢO"


@dataclass
class DocOptions:
    """Layout and numbering options of one document (all have Party-format defaults)."""

    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0
    body_size: float = 14.0
    title_size: float = 16.0          # BIÊN BẢN, NGHỊ QUYẾT… (15–16 pt)
    table_size: float = 12.0
    number: str | None = None         # the full number, e.g. "04-NQ/CB" (wins over sequence)
    sequence: int | None = None       # per-cell, per-year sequence formatted with number_pattern
    number_pattern: str | None = None  # e.g. "{n:02d}-BB/CB"; None: the document's default
    draft: bool | None = None         # None: draft unless the input's status is "finalised"
    on_behalf_of: str = "CHI BỘ"      # "T/M CHI BỘ" (resolution of the cell) or "CHI ỦY"
    recipients: list[str] | None = None  # "Nơi nhận"; None: the document's default list
    signature_fields: bool = True     # leave empty signature fields in the signature blocks
    profile: FormatProfile | None = None  # the format profile (None: the default, HD 36 2018)

    @property
    def format(self) -> FormatProfile:
        return self.profile or format_profile(None)

    @classmethod
    def for_profile(cls, profile: FormatProfile, **values) -> "DocOptions":
        """Options with the profile's page setup (``values`` win)."""
        page = {k: getattr(profile, k) for k in ("margin_top_mm", "margin_bottom_mm",
                                                  "margin_left_mm", "margin_right_mm",
                                                  "body_size", "title_size")}
        return cls(**{**page, "profile": profile, **values})


# --- text helpers --------------------------------------------------------------------------


def esc(text) -> str:
    """NFC-normalise and XML-escape any value for a reportlab Paragraph."""
    return escape(nfc("" if text is None else str(text)))


def upper(text) -> str:
    return nfc("" if text is None else str(text)).upper()


def parse_date(value) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def short_date(value) -> str:
    day = parse_date(value)
    return day.strftime("%d/%m/%Y") if day else ""


def time_words(hhmm: str | None) -> str:
    """'14:05' -> '14 giờ 05 phút'."""
    if not hhmm:
        return "…"
    h, _, m = str(hhmm).partition(":")
    return f"{int(h)} giờ {int(m or 0):02d} phút"


def decimal_vi(value: float, places: int = 1) -> str:
    """Vietnamese decimal comma: 91.3 -> '91,3'."""
    text = f"{value:.{places}f}"
    return text.replace(".", ",")


def points_vi(value) -> str:
    if value is None:
        return ""
    value = float(value)
    return str(int(value)) if value == int(value) else decimal_vi(value, 1 if value * 10 == int(value * 10) else 2)


def roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def document_number(options: DocOptions, default_pattern: str, fallback: str | None) -> str | None:
    """The document number without "Số": explicit, from the sequence, or the input's own."""
    if options.number:
        return nfc(options.number)
    if options.sequence is not None:
        return nfc((options.number_pattern or default_pattern).format(n=options.sequence))
    return nfc(fallback) if fallback else None


def number_suffix(pattern: str) -> str:
    """'{n:02d}-BB/CB' -> '-BB/CB' (shown after a blank while a draft has no number yet)."""
    return re.sub(r"^\d+", "", pattern.format(n=0))


def is_draft(options: DocOptions, status: str | None) -> bool:
    if options.draft is not None:
        return options.draft
    return status != "finalised"


# --- styles --------------------------------------------------------------------------------


class Styles:
    """Paragraph styles for one body size."""

    def __init__(self, options: DocOptions):
        fonts.register()
        size = options.body_size
        lead = size * 1.25
        base = dict(fontName=fonts.SERIF, fontSize=size, leading=lead)
        self.body = ParagraphStyle("body", alignment=TA_JUSTIFY, firstLineIndent=10 * mm,
                                   spaceAfter=3, **base)
        self.plain = ParagraphStyle("plain", alignment=TA_JUSTIFY, spaceAfter=3, **base)
        self.item = ParagraphStyle("item", alignment=TA_JUSTIFY, leftIndent=10 * mm,
                                   firstLineIndent=0, spaceAfter=2, **base)
        self.heading = ParagraphStyle("heading", alignment=TA_LEFT, spaceBefore=6, spaceAfter=3,
                                      fontName=fonts.SERIF_BOLD, fontSize=size, leading=lead,
                                      keepWithNext=1)
        # A label line that introduces what follows ("2. Địa điểm:", "3. Ý kiến phát biểu…").
        self.lead = ParagraphStyle("lead", parent=self.plain, keepWithNext=1)
        self.center = ParagraphStyle("center", alignment=TA_CENTER, **base)
        self.header_left = ParagraphStyle("hl", alignment=TA_CENTER, fontName=fonts.SERIF,
                                          fontSize=14, leading=16.5)
        self.header_left_bold = ParagraphStyle("hlb", parent=self.header_left,
                                               fontName=fonts.SERIF_BOLD)
        self.date_line = ParagraphStyle("date", alignment=TA_CENTER, fontName=fonts.SERIF_ITALIC,
                                        fontSize=14, leading=16.5)
        self.title = ParagraphStyle("title", alignment=TA_CENTER, fontName=fonts.SERIF_BOLD,
                                    fontSize=options.title_size, leading=options.title_size * 1.3)
        self.subtitle = ParagraphStyle("subtitle", alignment=TA_CENTER, fontName=fonts.SERIF_BOLD,
                                       fontSize=size, leading=lead)
        self.subtitle_italic = ParagraphStyle("subtitle_i", parent=self.subtitle,
                                              fontName=fonts.SERIF_ITALIC)
        self.sign_role = ParagraphStyle("sign_role", alignment=TA_CENTER,
                                        fontName=fonts.SERIF_BOLD, fontSize=14, leading=16.5)
        self.sign_name = ParagraphStyle("sign_name", parent=self.sign_role)
        tsize = options.table_size
        self.cell = ParagraphStyle("cell", alignment=TA_LEFT, fontName=fonts.SERIF,
                                   fontSize=tsize, leading=tsize * 1.2)
        self.cell_center = ParagraphStyle("cellc", parent=self.cell, alignment=TA_CENTER)
        self.cell_head = ParagraphStyle("cellh", parent=self.cell, alignment=TA_CENTER,
                                        fontName=fonts.SERIF_BOLD)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=fonts.SERIF_BOLD)
        # "Nơi nhận:" 14 pt upright underlined, entries 12 pt (never the state style's 12 pt
        # bold italic).
        self.recipients_head = ParagraphStyle("rh", fontName=fonts.SERIF, fontSize=14,
                                              leading=16.5)
        self.recipients = ParagraphStyle("r", fontName=fonts.SERIF, fontSize=12, leading=14)


# --- flowables -----------------------------------------------------------------------------


class RuledText(Flowable):
    """Centred single-line text with a solid rule under it ("ĐẢNG CỘNG SẢN VIỆT NAM")."""

    def __init__(self, text: str, font: str, size: float, rule_width: float = 0.8):
        super().__init__()
        self.text, self.font, self.size, self.rule_width = upper(text), font, size, rule_width

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.height = self.size * 1.2 + 4
        return self.width, self.height

    def draw(self):
        from reportlab.pdfbase.pdfmetrics import stringWidth

        c = self.canv
        text_w = stringWidth(self.text, self.font, self.size)
        y = 4 + self.size * 0.25
        c.setFont(self.font, self.size)
        c.drawCentredString(self.width / 2, y, self.text)
        c.setLineWidth(self.rule_width)
        c.line((self.width - text_w) / 2, 1.5, (self.width + text_w) / 2, 1.5)


class SignatureSpace(Flowable):
    """The blank where the hand signature goes; records its place for a signature field."""

    def __init__(self, height: float, field_name: str | None, registry: list | None,
                 box_width: float = 62 * mm, printed_name: str = "", role: str = ""):
        super().__init__()
        self.space_height, self.field_name, self.registry = height, field_name, registry
        self.box_width, self.printed_name, self.role = box_width, printed_name, role

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        return avail_width, self.space_height

    def draw(self):
        if self.registry is None or not self.field_name:
            return
        w = min(self.box_width, self.width)
        x0 = (self.width - w) / 2
        ax, ay = self.canv.absolutePosition(x0, 2)
        bx, by = self.canv.absolutePosition(x0 + w, self.space_height - 2)
        page = self.canv.getPageNumber() - 1
        self.registry.append((self.field_name, page, (ax, ay, bx, by), self.printed_name,
                              self.role))


# --- building blocks -----------------------------------------------------------------------


def page_width(options: DocOptions) -> float:
    return A4[0] - (options.margin_left_mm + options.margin_right_mm) * mm


def header(styles: Styles, options: DocOptions, cell: dict, number: str | None,
           default_pattern: str, place: str | None, day) -> Table:
    """The two header blocks of a Party document."""
    width = page_width(options)
    parent = cell.get("parent_org") or cell.get("upper_committee") or ""
    # A draft's blank for the number is added after escaping: nfc() folds runs of spaces.
    prefix = options.format.number_prefix
    number_markup = (esc(f"{prefix} {number}") if number
                     else esc(prefix) + " " + "&nbsp;" * 8
                     + esc(number_suffix(options.number_pattern or default_pattern)))
    left = [
        Paragraph(esc(upper(parent)), styles.header_left),
        Paragraph(esc(upper(cell.get("name", ""))), styles.header_left_bold),
        Paragraph("*", styles.header_left),
        Paragraph(number_markup, styles.header_left),
    ]
    day = parse_date(day)
    date_text = doc_date_line(nfc(place or cell.get("place_name") or ""), day) if day else ""
    right = [RuledText(PARTY_NAME, fonts.SERIF_BOLD, 15), Spacer(1, 8),
             Paragraph(esc(date_text), styles.date_line)]
    # The right block is as wide as its widest line needs (up to 55%); the left gets the rest,
    # so long cell names wrap less.
    from reportlab.pdfbase.pdfmetrics import stringWidth

    right_w = max(stringWidth(PARTY_NAME, fonts.SERIF_BOLD, 15),
                  stringWidth(date_text, fonts.SERIF_ITALIC, 14)) + 12
    right_w = min(max(right_w, width * 0.42), width * 0.55)
    table = Table([[left, right]], colWidths=[width - right_w, right_w])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), fonts.SERIF, 14),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def title_block(styles: Styles, title: str, subtitles: Sequence[str] = (),
                italic_lines: Sequence[str] = ()) -> list[Flowable]:
    out: list[Flowable] = [Spacer(1, 14), Paragraph(esc(upper(title)), styles.title)]
    for line in subtitles:
        out.append(Paragraph(esc(line), styles.subtitle))
    for line in italic_lines:
        out.append(Paragraph(esc(line), styles.subtitle_italic))
    out.append(Spacer(1, 12))
    return out


def text_lines(text: str | None) -> list[str]:
    """The non-empty lines of free text, each NFC (``nfc`` alone would fold the line breaks)."""
    return [line for line in (nfc(raw) for raw in str(text or "").splitlines()) if line]


def text_paragraphs(text: str | None, style: ParagraphStyle) -> list[Paragraph]:
    """One paragraph per non-empty line of free text."""
    return [Paragraph(esc(line), style) for line in text_lines(text)]


def table_label(styles: Styles, markup: str) -> list[Flowable]:
    """A label above a table: starts a new page only when too little room is left for the
    label and the first rows (keepWithNext would push a whole one-page table over)."""
    return [CondPageBreak(35 * mm), Paragraph(markup, styles.plain)]


def labelled(styles: Styles, label: str, value, style: ParagraphStyle | None = None) -> Paragraph:
    """'<b>Label:</b> value' (value escaped)."""
    return Paragraph(f"<b>{esc(label)}:</b> {esc(value)}", style or styles.plain)


def data_table(styles: Styles, options: DocOptions, headers: Sequence[str],
               rows: Iterable[Sequence], col_fractions: Sequence[float],
               center_cols: Sequence[int] = (), bold_last_row: bool = False) -> Table:
    """A grid table whose header row repeats on every page it spans."""
    width = page_width(options)
    data = [[Paragraph(esc(h), styles.cell_head) for h in headers]]
    for row in rows:
        data.append([
            v if isinstance(v, Flowable) else
            Paragraph(esc(v), styles.cell_center if i in center_cols else styles.cell)
            for i, v in enumerate(row)
        ])
    table = Table(data, colWidths=[width * f for f in col_fractions], repeatRows=1,
                  splitByRow=1)
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONT", (0, 0), (-1, -1), fonts.SERIF, options.table_size),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    table.setStyle(TableStyle(style))
    return table


@dataclass
class SignBlock:
    lines: Sequence[str]          # bold caps lines, e.g. ("T/M CHI BỘ", "BÍ THƯ")
    name: str | None
    field_name: str | None = None


def block_role(lines: Sequence[str]) -> str:
    """The role a signature block prints, as one line: a mandate line ("T/M CHI BỘ", "T/L …",
    "K/T …") and the title after it are joined by ROLE_SEPARATOR ("T/M CHI BỘ – PHÓ BÍ THƯ");
    a title set on two lines reads as one ("NGƯỜI XÂY DỰNG CHUYÊN ĐỀ")."""
    parts = [nfc(upper(line)) for line in lines if nfc(line)]
    if len(parts) > 1 and _MANDATE.match(parts[0]):
        return parts[0] + ROLE_SEPARATOR + " ".join(parts[1:])
    return " ".join(parts)


_MANDATE = re.compile(r"^(T/M|T/L|K/T|TM\.|TL\.|KT\.)\s")


def signature_row(styles: Styles, options: DocOptions, left, right,
                  registry: list | None) -> Table:
    """Two columns at the end of a document; each side is a SignBlock or a list of flowables."""
    width = page_width(options)

    def column(block):
        if block is None:
            return ""
        if not isinstance(block, SignBlock):
            return block
        cells: list[Flowable] = [Paragraph(esc(upper(line)), styles.sign_role) for line in block.lines]
        cells.append(SignatureSpace(30 * mm, block.field_name if options.signature_fields else None,
                                    registry, printed_name=nfc(block.name or ""),
                                    role=block_role(block.lines)))
        cells.append(Paragraph(esc(block.name or ""), styles.sign_name))
        return cells

    table = Table([[column(left), column(right)]], colWidths=[width * 0.5, width * 0.5])
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONT", (0, 0), (-1, -1), fonts.SERIF, 14),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def recipients_block(styles: Styles, recipients: Sequence[str]) -> list[Flowable]:
    out: list[Flowable] = [Paragraph("<u>Nơi nhận:</u>", styles.recipients_head)]
    for i, line in enumerate(recipients):
        end = "." if i == len(recipients) - 1 else ";"
        out.append(Paragraph("- " + esc(line) + end, styles.recipients))
    return out


def default_recipients(cell: dict, options: DocOptions | None = None,
                       kind: str | None = None) -> list[str]:
    """The profile's "Nơi nhận" lines of a cell document kind ("resolution", "plan"); the
    last is "Lưu Chi bộ" (no "VT", no colon). Without a kind: the generic list."""
    upper_committee = nfc(cell.get("upper_committee") or cell.get("parent_org") or "")
    profile = options.format if options else format_profile(None)
    if kind in profile.recipients:
        return profile.recipient_lines(kind, upper_committee)
    return [f"{upper_committee or 'Cấp ủy cấp trên'} (để báo cáo)", "Các đồng chí đảng viên",
            "Lưu chi bộ"]


def keep_together(flowables: list[Flowable]) -> KeepTogether:
    return KeepTogether(flowables)


# --- the page template and the build -------------------------------------------------------


@dataclass
class Page:
    options: DocOptions
    draft: bool
    title: str = ""
    author: str = ""
    subject: str = ""
    registry: list = field(default_factory=list)

    def decorate(self, canvas, doc):
        width, height = A4
        canvas.saveState()
        page = canvas.getPageNumber()
        if page >= 2:
            canvas.setFont(fonts.SERIF, 14)
            canvas.drawCentredString(
                (self.options.margin_left_mm * mm + width - self.options.margin_right_mm * mm) / 2,
                height - self.options.margin_top_mm * mm / 2 - 4, str(page))
        if self.draft:
            size = 13
            text = DRAFT_MARK
            from reportlab.pdfbase.pdfmetrics import stringWidth

            tw = stringWidth(text, fonts.SERIF_BOLD, size)
            x1 = width - self.options.margin_right_mm * mm
            x0 = x1 - tw - 8
            y0 = height - self.options.margin_top_mm * mm / 2 - 7
            canvas.setLineWidth(1)
            canvas.rect(x0, y0, tw + 8, size + 6)
            canvas.setFont(fonts.SERIF_BOLD, size)
            canvas.drawString(x0 + 4, y0 + 4.5, text)
        canvas.restoreState()


def render(story: list[Flowable], options: DocOptions, *, draft: bool, title: str,
           author: str = "", subject: str = "", registry: list | None = None,
           keywords: str = "") -> bytes:
    """Lay the story out on A4 Party-format pages and return the PDF bytes.

    ``registry`` collects (field name, page index, box, printed name) from the signature
    blocks; each becomes an empty signature field in the file. ``keywords``: the document's
    binding to its meeting (``app.documents.binding``), signed with the document.
    """
    fonts.register()
    registry = [] if registry is None else registry
    page = Page(options, draft, nfc(title), nfc(author), nfc(subject), registry)
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=A4,
        leftMargin=options.margin_left_mm * mm, rightMargin=options.margin_right_mm * mm,
        topMargin=options.margin_top_mm * mm, bottomMargin=options.margin_bottom_mm * mm,
        title=page.title, author=page.author, subject=page.subject, creator="chibo",
        keywords=keywords,
        lang="vi-VN", initialFontName=fonts.SERIF, initialFontSize=options.body_size,
    )
    doc.build(story, onFirstPage=page.decorate, onLaterPages=page.decorate)
    pdf = buf.getvalue()
    if registry and options.signature_fields:
        pdf = _add_signature_fields(pdf, registry)
    return pdf


def _add_signature_fields(pdf: bytes, registry: list) -> bytes:
    """Each field's /TU (its user name) holds the name printed under it, so a verifier can
    set the signer against it, and ROLE_KEY the role printed above it (the stamp's role); the
    first signature covers both, later changes to them are refused."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    seen = {}
    for name, page, box, *rest in registry:
        if name in seen:
            continue
        seen[name] = (rest[0] if rest else "", rest[1] if len(rest) > 1 else "")
        append_signature_field(writer, SigFieldSpec(sig_field_name=name, on_page=page,
                                                    box=tuple(round(v, 2) for v in box)))
    for ref in writer.root["/AcroForm"]["/Fields"]:
        field = ref.get_object()
        printed, role = seen.get(str(field.get("/T", "")), ("", ""))
        if printed:
            field["/TU"] = generic.TextStringObject(printed)
        if role:
            field[ROLE_KEY] = generic.TextStringObject(role)
        if printed or role:
            writer.mark_update(ref)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
