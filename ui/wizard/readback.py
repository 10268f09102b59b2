"""Step "Read-back": the whole draft minutes as large, clean text for the minute-taker to read
aloud (also full screen for a projector), the end time, the duration check, "read back and
approved", and Finalise.

The text is the minutes' own (``app.documents.minutes``, always Vietnamese), turned from the
PDF's paragraphs and tables into simple HTML, so what is read aloud is what gets printed.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QTextOption
from PySide6.QtWidgets import QCheckBox, QDialog, QLabel, QTextBrowser, QVBoxLayout

from app import meeting_score, meetings
from app.i18n import _
from app.rules.scoring import vote as score_vote
from app.rules.scoring.sources import fmt_num

from .base import (StepPage, TextBox, TimeEdit, add_row, button, error_label, form_group,
                   row, with_label)


def minutes_html(record: dict) -> str:
    """The draft minutes of the record as HTML (title, then the sections of the minutes)."""
    from reportlab.platypus import Paragraph, Spacer, Table

    from app.documents import minutes as m
    from app.documents.layout import DocOptions, Styles

    options = DocOptions()
    s = Styles(options)
    title, subtitles = m.minutes_title(record)
    body, closing = m.minutes_sections(s, options, record)
    story = body + closing

    out = [f"<h2 align='center'>{title}</h2>"]
    out += [f"<h3 align='center'>{line}</h3>" for line in subtitles + m.amendment_lines(record)]

    def walk(flowables):
        for f in flowables:
            if isinstance(f, Paragraph):
                indent = " style='margin-left:2em'" if f.style.name == "item" else ""
                out.append(f"<p{indent}>{f.text}</p>")
            elif isinstance(f, Table):
                out.append("<table border='1' cellspacing='0' cellpadding='4' width='100%'>")
                for r, cells in enumerate(f._cellvalues):
                    tag = "th" if r == 0 else "td"
                    out.append("<tr>" + "".join(
                        f"<{tag}>{c.text if isinstance(c, Paragraph) else c}</{tag}>"
                        for c in cells) + "</tr>")
                out.append("</table>")
            elif isinstance(f, Spacer):
                continue
            elif hasattr(f, "_content"):
                walk(f._content)
    walk(story)
    return "\n".join(out)


class FullScreenMinutes(QDialog):
    """The minutes alone on the screen (projector); Esc or F11 closes."""

    def __init__(self, html: str, font, parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Minutes — full screen"))
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        big = type(font)(font)
        big.setPointSizeF(font.pointSizeF() * 1.5)
        self.text.setFont(big)
        self.text.setHtml(html)
        layout.addWidget(self.text)
        hint = QLabel(_("Esc or F11: leave full screen"))
        layout.addWidget(hint)
        QShortcut(QKeySequence("F11"), self, self.accept)


class ReadbackPage(StepPage):
    def build(self) -> None:
        self.minutes = QTextBrowser()
        self.minutes.setObjectName("minutes")
        font = self.minutes.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        self.minutes.setFont(font)
        self.minutes.setMinimumHeight(self.fontMetrics().height() * 18)
        self.minutes.setAccessibleName(_("Draft minutes"))
        # the text wraps to the width, a long word (a file name, a fingerprint) too: in large
        # text the minutes scrolled sideways
        self.minutes.setLineWrapMode(QTextBrowser.WidgetWidth)
        self.minutes.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
        # everything wraps to the width (tables are 100% wide), yet Qt's rounding made the
        # document a pixel wider than the view: a scroll bar for nothing
        self.minutes.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.full_button = button(_("&Full screen"), _("Show the minutes alone on the screen "
                                                       "(F11)"))
        self.full_button.setProperty("keep_enabled", True)
        self.full_button.clicked.connect(self.full_screen)
        shortcut = QShortcut(QKeySequence("F11"), self)
        shortcut.setContext(Qt.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.full_screen)
        heading = _("The draft minutes, to read aloud")
        self.layout_.addWidget(row(QLabel(f"<b>{heading}</b>"),
                                   self.full_button))
        self.layout_.addWidget(self.minutes, 1)

        box, form = form_group(_("End of the meeting"))
        self.end = TimeEdit()
        self.end_error = error_label()
        self.bind_time(self.end, "end", lambda v: meetings.update(self.store, self.mid, end=v),
                       self.end_error)
        self.end_button = button(_("&End now"), _("Records the current time as the end (it can "
                                                  "be changed)"))
        self.end_button.clicked.connect(self._end_now)
        add_row(form, _("End &time:"), with_label(row(self.end, self.end_button),
                                                  self.end_error), self.end)
        self.duration = QLabel()
        self.duration.setWordWrap(True)
        self.duration.setObjectName("duration")
        form.addRow(_("Duration:"), self.duration)
        # The score was voted on before the read-back, on the end time planned then.
        self.score_note = QLabel()
        self.score_note.setWordWrap(True)
        self.score_note.setObjectName("score_note")
        self.score_label = QLabel(_("Score:"))
        form.addRow(self.score_label, self.score_note)
        self.short_reason = TextBox(2)
        self.short_reason.setPlaceholderText(_("Why the meeting was shorter than the minimum"))
        self.bind_text(self.short_reason, "short_reason", lambda t: meetings.update(
            self.store, self.mid, short_reason=t))
        self.short_label = add_row(form, _("Reason if &shorter:"), self.short_reason)
        self.read_back = QCheckBox(_("The minutes were &read back and approved"))
        self.read_back.toggled.connect(lambda on: self.commit_now(
            lambda: meetings.update(self.store, self.mid, read_back=on)))
        form.addRow("", self.read_back)
        self.finalise_button = button(_("F&inalise the minutes…"), _(
            "The minutes become read-only (Ctrl+Enter)"))
        self.finalise_button.clicked.connect(self.frame.finalise)
        # Printed on the spot and signed by hand; a draft prints marked "DỰ THẢO".
        self.print_button = button(_("&Print the minutes…"), _(
            "Preview and print the minutes now (a draft is marked DỰ THẢO)"))
        self.print_button.setProperty("keep_enabled", True)
        self.print_button.clicked.connect(self._print)
        self.documents_button = button(_("&Documents…"), _(
            "The stored minutes and resolution: preview, print, sign digitally"))
        self.documents_button.setProperty("keep_enabled", True)
        self.documents_button.clicked.connect(self._documents)
        form.addRow("", row(self.finalise_button, self.print_button, self.documents_button))
        self.layout_.addWidget(box)

    def _print(self) -> None:
        from ui.documents.documents_panel import print_minutes_now

        self.frame.flush()
        print_minutes_now(self, self.store, self.mid)

    def _documents(self) -> None:
        from ui.documents.documents_panel import open_documents

        self.frame.flush()
        open_documents(self, self.store, self.mid)

    def first_field(self):
        return self.end if not self.end.text() else self.read_back

    def load(self, record: dict) -> None:
        self.html = minutes_html(record)
        bar = self.minutes.verticalScrollBar().value()
        self.minutes.setHtml(self.html)
        self.minutes.verticalScrollBar().setValue(bar)
        if not self.end.hasFocus():
            self.end.setText(record.get("end") or "")
        if not self.short_reason.hasFocus():
            self.short_reason.setText(record.get("short_reason") or "")
        self.read_back.blockSignals(True)
        self.read_back.setChecked(bool(record.get("read_back")))
        self.read_back.blockSignals(False)
        self._duration(record)
        self.finalise_button.setVisible(not self.frame.read_only)

    def on_committed(self, record: dict) -> None:
        self._duration(record)
        self.html = minutes_html(record)
        bar = self.minutes.verticalScrollBar().value()
        self.minutes.setHtml(self.html)
        self.minutes.verticalScrollBar().setValue(bar)

    def _score_note(self, record: dict) -> None:
        scored = self.session.scoring_step is not None  # a thematic meeting is not scored
        self.score_label.setVisible(scored)
        self.score_note.setVisible(scored)
        if not scored:
            return
        score = record.get("score")
        if not score:
            self.score_note.setText(_("Not scored."))
            self.score_note.setStyleSheet("")
            return
        plan = meeting_score.planned(self.store, self.mid)
        text = _("{total} ({rating}), voted on with the end time planned at {end}.").format(
            total=fmt_num(score["total"]), rating=score["rating"], end=plan.get("end") or "—")
        problems = [] if self.frame.read_only else meeting_score.vote_problems(self.store,
                                                                                self.mid)
        if problems:
            text += "\n" + "\n".join(score_vote.describe(p) for p in problems)
        self.score_note.setText(text)
        self.score_note.setStyleSheet("color: #b00020;" if problems else "")

    def _duration(self, record: dict) -> None:
        self._score_note(record)
        if not (record.get("start") and record.get("end")):
            self.duration.setText(_("Record the start and end times."))
            self.duration.setStyleSheet("")
            return
        check = meetings.duration(self.store, record)
        text = check.message
        sitting = record.get("sitting")
        if sitting and sitting.get("total_minutes") is not None and sitting["last"]:
            text = _("This part: {minutes} minutes; the whole sitting: {total} minutes.").format(
                minutes=record.get("duration_minutes"), total=sitting["total_minutes"]) + " " + text
        elif sitting and not sitting["last"]:
            text = _("{minutes} minutes; the whole sitting is checked in its last part.").format(
                minutes=record.get("duration_minutes"))
        # The last part of a sitting: its end must keep the score voted for an earlier part.
        problems = [] if self.frame.read_only or not (sitting and sitting["last"]) else \
            meetings.sitting_score_problems(self.store, self.mid)
        text = "\n".join([text] + [score_vote.describe(p) for p in problems])
        self.duration.setText(text)
        self.duration.setStyleSheet("" if check.ok and not problems else "color: #b00020;")

    def _end_now(self) -> None:
        self.commit_now(self.session.end_now)
        self.reload()

    def full_screen(self) -> None:
        self.flush()
        dialog = FullScreenMinutes(minutes_html(self.session.record()), self.minutes.font(), self)
        self._full = dialog
        dialog.showFullScreen()
