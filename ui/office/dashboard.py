"""The office dashboard: cells × months of a year, coloured so a glance shows what is missing,
with a tooltip per cell-month and a drill-down into the meeting's record and PDFs.

A ``QTableView`` over ``DashboardModel`` (plain data from ``app.exchange.office.dashboard``);
the colours and texts of a cell-month depend on the aspect chosen (all at once, or one of the
rule's day, duration, score, e-handbook, export).
"""
from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSpinBox, QTableView, QTextBrowser, QVBoxLayout, QWidget,
)

from app import i18n
from app.exchange.office import (clash_message, dashboard, document_data, meeting_documents,
                                 meeting_record, mismatch_message)
from app.i18n import N_, _
from app.record import warnings_in
from app.rules.plan import QUARTER_STATUS_LABELS
from app.rules.scoring.history import DEFAULT_ORDER

from ..style import set_tone
from ..widgets import inform
from . import open_pdf

LEVEL_COLOURS = {"good": "#cfead0", "note": "#ffe9b0", "bad": "#f6c9c9", "pending": "#f2f2f2",
                 "none": "#ffffff"}
LEVEL_LABELS = {"good": N_("As required"), "note": N_("Done, with a note (reason, late)"),
                "bad": N_("Missing or not met"), "pending": N_("Not yet due")}
ASPECTS = [("overview", N_("Everything")), ("rule_day", N_("Rule's day")),
           ("duration", N_("Duration")), ("score", N_("Score and rating")),
           ("ehandbook", N_("E-handbook")), ("export", N_("Sent to the office"))]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
SEVERITY = {"none": 0, "pending": 0, "good": 1, "note": 2, "bad": 3}
CLASHES_SHOWN = 5           # meeting-id clashes listed above the grid (a flood stays short)
MIN_RATING = "Khá"          # a rating below this one reads as "not met"


def month_label(month: int) -> str:
    if i18n.language() == "vi":
        return f"T{month}"
    from babel.dates import get_month_names

    return get_month_names("abbreviated", locale="en")[month]


def _day(iso: str | None) -> str:
    return dt.date.fromisoformat(iso[:10]).strftime("%d/%m/%Y") if iso else ""


def _num(value: float | None) -> str:
    if value is None:
        return ""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",") if i18n.language() == "vi" else text


def _missing(cm):
    return ("—", "bad") if cm.due else ("", "pending")


def _rule_day(cm):
    if not cm.meeting_id:
        return _missing(cm)
    day = cm.date[8:10]
    if cm.on_rule_day:
        return day, "good"
    return (day + "*", "note") if cm.off_rule_reason else (day + "!", "bad")


def _duration(cm):
    if not cm.meeting_id:
        return _missing(cm)
    if cm.duration_ok is None:
        return ("?" if cm.duration_minutes is None else f"{cm.duration_minutes}'"), "none"
    text = f"{cm.duration_minutes}'"
    if cm.duration_ok:
        return text, "good"
    return (text + "*", "note") if cm.short_reason else (text + "!", "bad")


def _rating_ok(rating: str | None) -> bool:
    if rating not in DEFAULT_ORDER:
        return False
    return DEFAULT_ORDER.index(rating) <= DEFAULT_ORDER.index(MIN_RATING)


def _score(cm):
    if not cm.meeting_id:
        return _missing(cm)
    if cm.score is None:
        return "?", "note"
    return _num(cm.score), "good" if _rating_ok(cm.rating) else "bad"


def _ehandbook(cm):
    if cm.ehandbook_share is None:
        return "", "none" if cm.due else "pending"
    return f"{cm.ehandbook_share:.0f}%", "good" if cm.ehandbook_ok else "bad"


def _export(cm):
    if not cm.meeting_id or not cm.exported_at:
        return _missing(cm)
    days = (dt.date.fromisoformat(cm.exported_at[:10]) - dt.date.fromisoformat(cm.date)).days
    return f"+{days}", "note" if cm.exported_late else "good"


def _overview(cm):
    if not cm.meeting_id:
        return _missing(cm)
    levels = [f(cm)[1] for f in (_rule_day, _duration, _score, _ehandbook, _export)]
    if cm.signer_mismatches:
        levels.append("note")
    worst = max(levels, key=SEVERITY.get)
    text = cm.date[8:10]
    if cm.score is not None:
        text += " · " + f"{cm.score:.0f}"
    if cm.signer_mismatches:
        text += " ⚠"   # a signature by someone else than the printed name (see the tooltip)
    return text, worst if worst != "none" else "good"


CELL_TEXT = {"overview": _overview, "rule_day": _rule_day, "duration": _duration,
             "score": _score, "ehandbook": _ehandbook, "export": _export}


def month_tooltip(name: str, year: int, cm, late_days: int) -> str:
    """Every detail of a cell-month, one line each."""
    lines = [_("{cell} — month {month}/{year}").format(cell=name, month=cm.month, year=year)]
    if cm.meeting_id:
        line = _("Regular meeting on {day}").format(day=_day(cm.date))
        if cm.on_rule_day:
            line += " " + _("(the rule's day)")
        elif cm.rule_date:
            line += " " + _("(rule's day {day})").format(day=_day(cm.rule_date))
        lines.append(line)
        if not cm.on_rule_day:
            lines.append(_("Reason for the other day: {reason}").format(reason=cm.off_rule_reason)
                         if cm.off_rule_reason else _("No reason recorded for the other day"))
        if cm.duration_minutes is not None:
            line = _("Duration: {minutes} minutes").format(minutes=cm.duration_minutes)
            if cm.duration_ok is False:
                line += " — " + (_("too short; reason: {reason}").format(reason=cm.short_reason)
                                 if cm.short_reason else _("too short, no reason recorded"))
            lines.append(line)
        lines.append(_("Score: {score} — {rating}").format(score=_num(cm.score),
                                                           rating=cm.rating)
                     if cm.score is not None else _("Not scored"))
        if cm.exported_at:
            lines.append(_("Sent to the office on {day}").format(day=_day(cm.exported_at))
                         + (" — " + _("late (more than {days} days after the meeting)").format(
                             days=late_days) if cm.exported_late else ""))
    elif cm.due:
        lines.append(_("No regular meeting received for this month"))
    else:
        lines.append(_("The month's meeting is not yet due"))
    for m in cm.signer_mismatches:
        lines.append(_("Warning: {problem}").format(problem=mismatch_message(m)))
    if cm.thematic_ids:
        lines.append(_("Thematic meetings this month: {count}").format(
            count=len(cm.thematic_ids)))
    if cm.ehandbook_share is not None:
        lines.append(_("E-handbook: {share}% of members at or above the points threshold")
                     .format(share=_num(cm.ehandbook_share))
                     + ("" if cm.ehandbook_ok else " — " + _("below the required share")))
    if cm.meeting_id or cm.thematic_ids:
        lines.append(_("Double-click to open the meeting's record."))
    return "\n".join(lines)


QUARTER_MARKS = {"held": ("✓", "good"), "missing": ("✗", "bad"), "warn_last_month": ("!", "note"),
                 "pending": ("", "pending")}


class DashboardModel(QAbstractTableModel):
    """Rows: cells; columns: the name, twelve months, four quarters (thematic meetings)."""

    MONTH0 = 1
    QUARTER0 = 13

    def __init__(self, parent=None):
        super().__init__(parent)
        self.board = None
        self.aspect = "overview"
        self._cells: list[list[tuple[str, str]]] = []
        self._tips: dict[tuple[int, int], str] = {}
        self._bold = QFont()
        self._bold.setBold(True)

    def set_board(self, board, aspect: str | None = None) -> None:
        self.beginResetModel()
        self.board = board
        if aspect:
            self.aspect = aspect
        self._compute()
        self.endResetModel()

    def set_aspect(self, aspect: str) -> None:
        self.set_board(self.board, aspect)

    def _compute(self) -> None:
        self._tips = {}
        self._cells = []
        if self.board is None:
            return
        text_of = CELL_TEXT[self.aspect]
        for row in self.board.cells:
            values = [text_of(cm) for cm in row.months]
            values += [QUARTER_MARKS.get(row.quarters.get(q), ("", "none")) for q in (1, 2, 3, 4)]
            self._cells.append(values)

    # --- Qt model ------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() or self.board is None else len(self.board.cells)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 17

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if orientation != Qt.Horizontal:
            return None
        if role == Qt.DisplayRole:
            if section == 0:
                return _("Cell")
            if section < self.QUARTER0:
                return month_label(section)
            return _("Q{quarter}").format(quarter=ROMAN[section - self.QUARTER0 + 1])
        if role == Qt.ToolTipRole and section >= self.QUARTER0:
            return _("Thematic meeting in quarter {quarter}").format(
                quarter=ROMAN[section - self.QUARTER0 + 1])
        return None

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid() or self.board is None:
            return None
        row, col = index.row(), index.column()
        cell_row = self.board.cells[row]
        if col == 0:
            if role in (Qt.DisplayRole, Qt.ToolTipRole):
                return cell_row.name
            return None
        text, level = self._cells[row][col - 1]
        if role == Qt.DisplayRole:
            return text
        if role == Qt.BackgroundRole:
            return QColor(LEVEL_COLOURS[level])
        if role == Qt.ForegroundRole:
            return QColor("#222222")
        if role == Qt.TextAlignmentRole:
            return int(Qt.AlignCenter)
        if role == Qt.FontRole and level == "bad":
            return self._bold
        if role == Qt.ToolTipRole:
            key = (row, col)
            if key not in self._tips:
                self._tips[key] = self._tooltip(cell_row, col)
            return self._tips[key]
        return None

    def _tooltip(self, cell_row, col: int) -> str:
        if col < self.QUARTER0:
            return month_tooltip(cell_row.name, self.board.year, cell_row.months[col - 1],
                                 self.board.late_days)
        q = col - self.QUARTER0 + 1
        state = cell_row.quarters.get(q, "pending")
        return f"{cell_row.name} — " + _("Q{quarter}").format(quarter=ROMAN[q]) + "\n" + _(
            QUARTER_STATUS_LABELS[state])

    # --- drill-down --------------------------------------------------------------------------

    def meeting_at(self, index) -> tuple[str, str] | None:
        """(cell id, meeting id) of the meeting a double-click opens: the month's regular
        meeting (else its thematic one), or a quarter's first thematic meeting. A meeting id
        counts within its cell only (another cell may have brought the same id)."""
        if not index.isValid() or self.board is None or index.column() == 0:
            return None
        cell_row = self.board.cells[index.row()]
        col = index.column()
        if col < self.QUARTER0:
            cm = cell_row.months[col - 1]
            mid = cm.meeting_id or (cm.thematic_ids[0] if cm.thematic_ids else None)
            return (cell_row.cell_id, mid) if mid else None
        q = col - self.QUARTER0 + 1
        for cm in cell_row.months[(q - 1) * 3:q * 3]:
            if cm.thematic_ids:
                return cell_row.cell_id, cm.thematic_ids[0]
        return None


class Legend(QWidget):
    """The colours, then the marks on a line of their own: in large text one line was wider
    than the screen and pushed the main window past it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        layout = QHBoxLayout()
        outer.addLayout(layout)
        for level in ("good", "note", "bad", "pending"):
            swatch = QLabel()
            swatch.setFixedSize(self.fontMetrics().height(), self.fontMetrics().height())
            swatch.setStyleSheet(f"background: {LEVEL_COLOURS[level]}; border: 1px solid #999;")
            layout.addWidget(swatch)
            text = QLabel(_(LEVEL_LABELS[level]))
            text.setWordWrap(True)
            layout.addWidget(text, 1)
            layout.addSpacing(10)
        marks = QLabel(_("Day · score") + "   "
                       + _("* with a recorded reason   ! without a reason   — missing"))
        marks.setWordWrap(True)
        set_tone(marks, "muted")
        outer.addWidget(marks)


class DashboardView(QWidget):
    """Year and aspect choosers, the legend and the grid; ``meeting_requested(cell id, meeting
    id)`` on a double-click."""

    meeting_requested = Signal(str, str)     # cell id, meeting id

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = None
        self.today: dt.date | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Year:")))
        self.year_box = QSpinBox()
        self.year_box.setRange(2000, 2100)
        self.year_box.setValue(dt.date.today().year)
        self.year_box.setKeyboardTracking(False)
        bar.addWidget(self.year_box)
        bar.addSpacing(16)
        bar.addWidget(QLabel(_("Show:")))
        self.aspect_box = QComboBox()
        for key, label in ASPECTS:
            self.aspect_box.addItem(_(label), key)
        bar.addWidget(self.aspect_box)
        bar.addStretch(1)
        self.count_label = QLabel()
        set_tone(self.count_label, "muted")
        bar.addWidget(self.count_label)
        layout.addLayout(bar)
        # Meeting ids brought by two cells: a warning naming both (plain text: names come
        # from bundles).
        self.clash_label = QLabel()
        self.clash_label.setTextFormat(Qt.PlainText)
        self.clash_label.setWordWrap(True)
        set_tone(self.clash_label, "error")
        self.clash_label.hide()
        layout.addWidget(self.clash_label)
        layout.addWidget(Legend())
        self.model = DashboardModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectItems)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Fixed)
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        self._size_columns()
        self.table.viewport().installEventFilter(self)
        self.table.doubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        self.year_box.valueChanged.connect(lambda _v: self.reload())
        self.aspect_box.currentIndexChanged.connect(
            lambda _i: self.model.set_aspect(self.aspect_box.currentData()))

    def _size_columns(self) -> None:
        """Widths from the current font, headings in bold (measured again when the text size
        changes), narrowed to the table's width when it is short: in large text "Quý II" was
        cut and the table scrolled sideways. A cut cell's details are in its tooltip."""
        header = self.table.horizontalHeader()
        char = self.fontMetrics().averageCharWidth()
        bold = QFont(header.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        pad = char * 2

        def heading(col: int) -> int:
            return metrics.horizontalAdvance(self.model.headerData(col, Qt.Horizontal)) + pad

        header.setMinimumSectionSize(char * 3)
        month_least = max(heading(col) for col in range(1, 13))
        quarter = max(heading(col) for col in range(13, 17))
        month = max(month_least, self.fontMetrics().horizontalAdvance("00 · 00") + pad)
        room = self.table.viewport().width() - char * 14      # the cells' names
        if room > 0 and 12 * month + 4 * quarter > room:
            month = max(month_least, (room - 4 * quarter) // 12)
        for col in range(1, 13):
            header.resizeSection(col, month)
        for col in range(13, 17):
            header.resizeSection(col, quarter)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Resize and obj is self.table.viewport():
            self._size_columns()
        return super().eventFilter(obj, event)

    def changeEvent(self, event):  # noqa: N802 - Qt name
        super().changeEvent(event)
        if event.type() in (QEvent.FontChange, QEvent.StyleChange) and hasattr(self, "model"):
            self._size_columns()

    def set_office(self, office) -> None:
        self.office = office
        self.reload()

    def reload(self) -> None:
        if self.office is None:
            self.model.set_board(None)
            self.count_label.setText("")
            return
        board = dashboard(self.office, self.year_box.value(), today=self.today)
        self.model.set_board(board, self.aspect_box.currentData())
        if board.id_clashes:
            shown = board.id_clashes[:CLASHES_SHOWN]
            lines = ([_("Warning: a meeting id was brought by two cells:")]
                     + ["• " + clash_message(c) for c in shown])
            if len(board.id_clashes) > len(shown):
                lines.append(_("… and {n} more (“chibo office dashboard” lists them all)")
                             .format(n=len(board.id_clashes) - len(shown)))
            self.clash_label.setText("\n".join(lines))
        self.clash_label.setVisible(bool(board.id_clashes))
        self.count_label.setText(i18n.ngettext("{n} cell", "{n} cells", len(board.cells)).format(
            n=len(board.cells)))

    def _double_clicked(self, index) -> None:
        found = self.model.meeting_at(index)
        if found:
            self.meeting_requested.emit(*found)


# --- the meeting's record ---------------------------------------------------------------------

KIND_LABELS = {"regular": N_("Regular meeting"), "thematic": N_("Thematic meeting")}
SPEECH_LABELS = {"opinion": N_("opinions"), "self_criticism": N_("self-criticisms"),
                 "criticism": N_("criticisms"), "proposal": N_("proposals")}
DOCUMENT_LABELS = {"minutes.pdf": N_("Minutes (PDF)"), "resolution.pdf": N_("Resolution (PDF)"),
                   "topic.pdf": N_("Topic document (PDF)")}


def record_html(record: dict) -> str:
    """A readable summary of an imported meeting record."""
    e = html.escape
    cell = record.get("cell") or {}
    rows: list[tuple[str, str]] = []

    def add(label: str, value) -> None:
        if value not in (None, "", []):
            rows.append((label, value if isinstance(value, str) else str(value)))

    day = dt.date.fromisoformat(record["date"])
    add(_("Number"), e(record.get("number") or ""))
    add(_("Date"), e(f"{i18n.weekday_name(day)}, {day:%d/%m/%Y}"))
    if record.get("rule_date") and record["rule_date"] != record["date"]:
        add(_("Rule's day"), e(_day(record["rule_date"])) + " — " + e(
            record.get("off_rule_reason") or _("no reason recorded")))
    add(_("Place"), e(record.get("place") or ""))
    if record.get("start"):
        when = f"{record['start']}–{record.get('end') or '?'}"
        if record.get("duration_minutes") is not None:
            when += " (" + _("{minutes} minutes").format(minutes=record["duration_minutes"]) + ")"
        add(_("Time"), e(when))
    if record.get("short_reason"):
        add(_("Reason for a short meeting"), e(record["short_reason"]))
    add(_("Chair"), e(record.get("chair") or ""))
    add(_("Minute taker"), e(record.get("minute_taker") or ""))
    a = record.get("attendance") or {}
    if a:
        text = _("{present}/{base} present ({rate}%); {on_roll} on the roll").format(
            present=a.get("present"), base=a.get("base"), rate=_num(a.get("rate")),
            on_roll=a.get("on_roll"))
        add(_("Attendance"), e(text))
        excused = [f"{x['name']} ({x.get('reason') or ''})" for x in
                   a.get("absent_with_reason") or []]
        add(_("Absent with a reason"), e("; ".join(excused)))
        add(_("Absent without a reason"), e(", ".join(a.get("absent_without_reason") or [])))
    # Rendered here, in the office's language, from the codes the bundle carries.
    add(_("Warnings"), "<br>".join(e(w) for w in warnings_in(record)))
    guests = record.get("guests") or []
    add(_("Guests"), e(", ".join(g.get("name", "") for g in guests)))
    topic = record.get("topic") or {}
    add(_("Topic"), e(topic.get("title") or ""))
    speeches = record.get("speeches") or []
    if speeches:
        counts = {}
        for s in speeches:
            counts[s.get("kind")] = counts.get(s.get("kind"), 0) + 1
        parts = [f"{n} {_(SPEECH_LABELS.get(k, k or ''))}" for k, n in counts.items()]
        add(_("Speeches"), e(f"{len(speeches)}: " + ", ".join(parts)))
    add(_("Tasks assigned"), len(record.get("tasks") or []) or "")
    votes = record.get("votes") or []
    if votes:
        add(_("Votes"), "<br>".join(e(_("{subject}: {yes} for, {no} against, {abstain} "
                                        "abstaining of {base} — {result}").format(
            subject=v.get("subject", ""), yes=v.get("for"), no=v.get("against"),
            abstain=v.get("abstain"), base=v.get("base"),
            result=_("passed") if v.get("passed") else _("not passed"))) for v in votes))
    score = record.get("score")
    add(_("Score"), e(_("{total} points — {rating}").format(total=_num(score.get("total")),
                                                          rating=score.get("rating") or "")
                      if score else _("not scored")))
    add(_("Minutes read back"), _("yes") if record.get("read_back") else _("no"))
    version = _("version {version}").format(version=record.get("version", 1))
    if record.get("amend_reason"):
        version += " — " + _("correction: {reason}").format(reason=record["amend_reason"])
    add(_("Version"), e(version))
    add(_("Sent on"), e(_day(record.get("exported_at"))))
    # The long texts last, after the facts the office checks first.
    agenda = record.get("agenda") or []
    if agenda:
        add(_("Agenda"), "<br>".join(e(f"{i}. {item.get('title', '')}")
                                     for i, item in enumerate(agenda, 1)))
    resolution = (record.get("resolution") or {}).get("text") or ""
    if resolution.strip():
        add(_("Resolution") if (record.get("resolution") or {}).get("type") == "resolution"
            else _("Conclusion"), e(resolution).replace("\n", "<br>"))
    kind = _(KIND_LABELS.get(record.get("kind"), record.get("kind") or ""))
    head = (f"<h2>{e(cell.get('name', ''))}</h2><p><b>{e(kind)}</b> — "
            f"{e(_day(record['date']))}</p>")
    body = "".join(f"<tr><td style='padding:3px 12px 3px 0; color:#444;' valign='top'>"
                   f"{e(label)}</td><td style='padding:3px 0;'>{value}</td></tr>"
                   for label, value in rows)
    return head + f"<table>{body}</table>"


class MeetingRecordDialog(QDialog):
    """An imported meeting: its record in words, and buttons that open its PDFs."""

    def __init__(self, office, cell_id: str, meeting_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.office = office
        self.record = meeting_record(office, cell_id, meeting_id)
        cell = (self.record.get("cell") or {}).get("name", "")
        self.setWindowTitle(f"{cell} — {_day(self.record['date'])}")
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setHtml(record_html(self.record))
        layout.addWidget(self.browser, 1)
        buttons = QHBoxLayout()
        self.pdf_buttons: dict[str, QPushButton] = {}
        self.documents = meeting_documents(office, cell_id, meeting_id)
        for name in DOCUMENT_LABELS:
            if name in self.documents:
                button = QPushButton(_(DOCUMENT_LABELS[name]))
                button.clicked.connect(lambda _c=False, n=name: self.open_document(n))
                buttons.addWidget(button)
                self.pdf_buttons[name] = button
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        char = self.fontMetrics().averageCharWidth()
        self.resize(char * 100, self.fontMetrics().height() * 34)

    def open_document(self, name: str):
        """The PDF as stored inside the office file, checked against its SHA-256."""
        try:
            data = document_data(self.office, self.documents[name], name)
        except ValueError as exc:
            inform(self, _("Open document"), str(exc), kind="error")
            return None
        title = f"{self.windowTitle()} — {_(DOCUMENT_LABELS[name])}"
        return open_pdf(self, data, title)
