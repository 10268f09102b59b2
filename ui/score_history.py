"""A year of meeting scores: the monthly totals drawn over the rating bands, and the summary.

The chart is painted with QPainter (Qt Charts is not part of PySide6-Essentials). The bands
come from the current rubric's rating thresholds; the points are the stored totals of the
year's finalised regular meetings (``meeting_score.year_scores``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout,
    QWidget,
)

from app import i18n, meeting_score, meetings
from app.i18n import _, ngettext
from app.rules import scoring
from app.rules.scoring.history import DEFAULT_ORDER
from app.rules.scoring.sources import fmt_num

from .layouts import fit_to_screen, scroll_body
from .style import set_tone
from .widgets import close_bar

# Background and point colours of the rating bands, best first (green, blue, amber, red).
BAND_COLOURS = ("#d4eed4", "#d6e6f7", "#fbeccb", "#f6d2d2")
POINT_COLOURS = ("#2e7d32", "#1f5fa8", "#b26a00", "#b00020")
BELOW = "Khá"   # the summary lists the months rated below this rating (when the rubric has it)


@dataclass(frozen=True)
class Band:
    name: str
    low: float
    high: float
    colour: str
    point_colour: str


def rating_bands(rubric: scoring.Rubric) -> list[Band]:
    """The rubric's ratings as horizontal bands on the 0–100 scale, best first."""
    bands, high = [], float(scoring.rubric.TOTAL)
    for i, rating in enumerate(rubric.ratings):
        j = min(i, len(BAND_COLOURS) - 1)
        bands.append(Band(rating.name, float(rating.min), high, BAND_COLOURS[j], POINT_COLOURS[j]))
        high = float(rating.min)
    return bands


def month_label(month: int) -> str:
    """T1…T12 in Vietnamese, Jan…Dec in English."""
    if i18n.language() == "vi":
        return f"T{month}"
    from babel.dates import get_month_names

    return get_month_names("abbreviated", locale=i18n.language())[month]


class ScoreChart(QWidget):
    """Monthly totals (0–100) of one year over the coloured rating bands."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.points: list[tuple[int, float, str]] = []   # (month, total, rating)
        self.bands: list[Band] = []
        self.year = dt.date.today().year
        self.setMinimumSize(480, 260)

    def set_data(self, year: int, points: list[tuple[int, float, str]], bands: list[Band]) -> None:
        self.year, self.points, self.bands = year, sorted(points), bands
        self.update()

    # --- geometry (also used by tests) -------------------------------------------------------

    def plot_rect(self) -> QRectF:
        fm = self.fontMetrics()
        left = fm.horizontalAdvance("100") + 14
        label_w = max([fm.horizontalAdvance(b.name) for b in self.bands] + [0]) + 16
        top = fm.height() * 1.6
        bottom = fm.height() * 2
        return QRectF(left, top, max(10.0, self.width() - left - label_w - 8),
                      max(10.0, self.height() - top - bottom))

    def y_for(self, value: float) -> float:
        r = self.plot_rect()
        return r.bottom() - r.height() * value / scoring.rubric.TOTAL

    def x_for(self, month: int) -> float:
        r = self.plot_rect()
        return r.left() + r.width() * (month - 0.5) / 12

    def point_at(self, month: int, total: float) -> QPointF:
        return QPointF(self.x_for(month), self.y_for(total))

    def band_for(self, total: float) -> Band | None:
        for band in self.bands:
            if total >= band.low:
                return band
        return self.bands[-1] if self.bands else None

    # --- painting --------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        r = self.plot_rect()
        fm = self.fontMetrics()
        text_pen = QPen(self.palette().text().color())
        for band in self.bands:
            top, bottom = self.y_for(band.high), self.y_for(band.low)
            p.fillRect(QRectF(r.left(), top, r.width(), bottom - top), QColor(band.colour))
            p.setPen(QColor(band.point_colour))
            p.drawText(QRectF(r.right() + 8, top, self.width() - r.right() - 8, bottom - top),
                       Qt.AlignLeft | Qt.AlignVCenter, band.name)
        # Axis: 0, the thresholds and 100.
        p.setPen(text_pen)
        ticks = sorted({0.0, float(scoring.rubric.TOTAL)} | {b.low for b in self.bands})
        for value in ticks:
            y = self.y_for(value)
            p.setPen(QPen(QColor("#9e9e9e"), 1, Qt.DotLine))
            p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y))
            p.setPen(text_pen)
            p.drawText(QRectF(0, y - fm.height() / 2, r.left() - 6, fm.height()),
                       Qt.AlignRight | Qt.AlignVCenter, fmt_num(value))
        p.setPen(QPen(QColor("#616161"), 1))
        p.drawRect(r)
        for month in range(1, 13):
            x = self.x_for(month)
            p.drawText(QRectF(x - 30, r.bottom() + 4, 60, fm.height() * 1.5),
                       Qt.AlignHCenter | Qt.AlignTop, month_label(month))
        # The year's totals: a line through the months, each point with its value.
        if self.points:
            p.setPen(QPen(QColor("#424242"), 2))
            for (m1, t1, _r1), (m2, t2, _r2) in zip(self.points, self.points[1:]):
                p.drawLine(self.point_at(m1, t1), self.point_at(m2, t2))
            bold = QFont(self.font())
            bold.setBold(True)
            p.setFont(bold)
            for month, total, _rating in self.points:
                band = self.band_for(total)
                colour = QColor(band.point_colour if band else "#424242")
                pt = self.point_at(month, total)
                p.setPen(QPen(QColor("white"), 1.5))
                p.setBrush(colour)
                p.drawEllipse(pt, 6, 6)
                p.setPen(colour)
                above = pt.y() - fm.height() - 8 >= r.top() - fm.height()
                y = pt.y() - fm.height() - 6 if above else pt.y() + 8
                p.drawText(QRectF(pt.x() - 40, y, 80, fm.height()), Qt.AlignCenter,
                           fmt_num(total))
            p.setFont(self.font())
        else:
            p.setPen(text_pen)
            p.drawText(r, Qt.AlignCenter | Qt.TextWordWrap,
                       _("No meeting of {year} has been scored yet.").format(year=self.year))
        p.setPen(text_pen)
        p.drawText(QRectF(r.left(), 0, r.width(), r.top()), Qt.AlignLeft | Qt.AlignVCenter,
                   _("Meeting scores, {year} (points out of 100)").format(year=self.year))
        p.end()


class ScoreHistory(QWidget):
    """Year chooser, the chart and the year summary."""

    def __init__(self, store, year: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("&Year:")))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(2000, 2100)
        top.itemAt(0).widget().setBuddy(self.year_spin)
        top.addWidget(self.year_spin)
        self.rubric_label = QLabel()
        set_tone(self.rubric_label, "muted")
        self.rubric_label.setWordWrap(True)
        top.addWidget(self.rubric_label, 1)
        layout.addLayout(top)
        body = QHBoxLayout()
        self.chart = ScoreChart()
        body.addWidget(self.chart, 3)
        box = QGroupBox(_("Year summary"))
        self.summary_form = QFormLayout(box)
        body.addWidget(box, 1)
        layout.addLayout(body, 1)
        self.summary_labels: dict[str, QLabel] = {}
        self.summary: scoring.YearSummary | None = None
        self.year_spin.setValue(year or self.default_year())
        self.year_spin.valueChanged.connect(lambda _v: self.reload())
        self.reload()

    def default_year(self) -> int:
        """The latest year with a scored meeting (this year when there is none)."""
        years = sorted({int(m["date"][:4]) for m in meetings.list_meetings(self.store)
                        if m["status"] == "finalised" and m["date"]}, reverse=True)
        for year in years:
            if meeting_score.year_scores(self.store, year):
                return year
        return dt.date.today().year

    def reload(self) -> None:
        year = self.year_spin.value()
        rubric = meeting_score.current_rubric(self.store)
        scores = meeting_score.year_scores(self.store, year)
        names = tuple(r.name for r in rubric.ratings)
        seen = {rating for _m, _t, rating in scores}
        order = names + tuple(n for n in DEFAULT_ORDER if n not in names and n in seen)
        threshold = BELOW if BELOW in order else order[min(1, len(order) - 1)]
        self.summary = scoring.year_summary(scores, order, threshold)
        self.threshold = threshold
        self.chart.set_data(year, scores, rating_bands(rubric))
        self.rubric_label.setText(_("Bands: the rating thresholds of the current rubric, "
                                    "“{name}”.").format(name=rubric.name))
        self._fill_summary()

    def _fill_summary(self) -> None:
        form, s = self.summary_form, self.summary
        while form.rowCount():
            form.removeRow(0)
        self.summary_labels = {}

        def row(key: str, label: str, value: str) -> None:
            widget = QLabel(value)
            widget.setWordWrap(True)
            self.summary_labels[key] = widget
            form.addRow(label, widget)

        row("months", _("Months scored:"), str(s.months))
        for name, count in s.counts.items():
            row(f"count:{name}", _("Rated “{rating}”:").format(rating=name),
                ngettext("{n} month", "{n} months", count).format(n=count))
        row("average", _("Average:"),
            fmt_num(s.average, 2) if s.average is not None else "—")
        below = ", ".join(month_label(m) for m in s.below) if s.below else _("none")
        row("below", _("Months below “{rating}”:").format(rating=self.threshold), below)


class ScoreHistoryDialog(QDialog):
    def __init__(self, store, parent=None, year: int | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Meeting scores by year"))
        layout = QVBoxLayout(self)
        self.history = ScoreHistory(store, year)
        # on a small screen (large text, 1280×720) the chart and table scroll inside
        layout.addWidget(scroll_body(self, self.history), 1)
        close_bar(self)
        fm = self.fontMetrics()
        fit_to_screen(self, QSize(fm.averageCharWidth() * 170, fm.height() * 34))
