"""The "Meeting calendar" section: the year view (twelve small months), the year plan tab,
year navigation and the days-off editor.

Everything shown comes from ``app.planning``; this module only gathers it per day and paints it.
The twelve months are painted (not built from widgets) so the view opens fast; the public holidays
are warmed in a background thread at start (``warm_holidays``).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QScrollArea, QSizePolicy, QSpinBox,
    QTabWidget, QToolTip, QVBoxLayout, QWidget,
)

from app import planning
from app.i18n import N_, _, format_long_date
from app.rules.calendar import explain
from .calendar_shared import QUARTER_COLORS, WEEKDAY_SHORT, item_label, month_name, quarter_text
from .days_off_dialog import DaysOffDialog
from .plan_editor import PlanEditor
from .style import set_tone
from .widgets import SectionPage

# Colours of the year view and its legend.
COLORS = {
    "regular": QColor("#1f5fbf"),
    "thematic": QColor("#1e8a3c"),
    "combined": QColor("#7b3fa8"),
    "public": QColor("#f6c9cc"),
    "org_off": QColor("#ffd9a8"),
    "weekend": QColor("#e4e4e4"),
    "working": QColor("#ffffff"),
    "conflict": QColor("#d40000"),
    "conflict_bg": QColor("#ffe14d"),
    "today": QColor("#000000"),
}

# --- the data of one year, per day ----------------------------------------------------------

@dataclass
class DayInfo:
    off: str | None = None          # why the day is off (None: a working day)
    kind: str = ""                  # "public" | "org_off" | "weekend" | "working" | ""
    names: list[str] = field(default_factory=list)   # holiday / organisation names
    items: list = field(default_factory=list)        # active plan items on that day

    @property
    def meeting(self) -> str | None:
        """"regular", "thematic" or "combined" when a meeting is planned that day."""
        kinds = {i.kind for i in self.items}
        if not kinds:
            return None
        if len(kinds) > 1 or any(i.combined for i in self.items):
            return "combined"
        return kinds.pop()


class YearData:
    """What the year view shows for ``year``: each day, the rule's schedule, the plan."""

    def __init__(self, store, year: int, today: dt.date):
        self.year = year
        self.today = today
        self.rule = planning.day_rule(store)
        off = planning.days_off(store)
        self.schedule = {m.month: m for m in planning.schedule(store, year)}
        # the plan with the meetings actually held (as the plan tab and the quarters' status)
        self.items = [i for i in planning.year_meetings(store, year) if i.active]
        self.planned = any(i.id for i in self.items)   # held outside a plan is no plan
        self.days: dict[dt.date, DayInfo] = {}
        day, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        one = dt.timedelta(days=1)
        while day <= last:
            why = off.reason(day)
            info = DayInfo(why)
            if why is not None:
                info.kind = "weekend" if day.weekday() >= 5 else "public"
            self.days[day] = info
            day += one
        for when, name, kind in off.year_entries(year):
            info = self.days[when]
            info.names.append(name)
            if kind == "public" and info.off is not None:
                info.kind = "public"
            elif kind == "org_off":
                info.kind = "org_off"
            elif kind in ("public_working", "org_working") and info.off is None:
                info.kind = "working"
        self.regular_by_month = {i.month: i for i in self.items if i.kind == "regular"}
        for item in self.items:
            if item.planned_date is not None and item.planned_date.year == year:
                self.days[item.planned_date].items.append(item)
        if not self.planned:  # no plan yet: show the rule's days
            for m in self.schedule.values():
                if m.date is not None:
                    self.days[m.date].items.append(_RuleDay(m.month))

    def conflict(self, month: int) -> bool:
        """The rule gives no day and the secretary has not recorded one yet."""
        if self.schedule[month].status != "conflict":
            return False
        item = self.regular_by_month.get(month)
        return item is None or item.planned_date is None

    def in_conflict_window(self, day: dt.date) -> bool:
        return self.conflict(day.month) and self.rule.base_day <= day.day <= self.rule.latest_day

    def conflicts(self) -> list[int]:
        return [m for m in range(1, 13) if self.conflict(m)]

    def meeting_days(self) -> dict[dt.date, str]:
        """{date: "regular" | "thematic" | "combined"} for every planned meeting day."""
        return {d: i.meeting for d, i in self.days.items() if i.meeting}

    def tooltip(self, day: dt.date) -> str:
        info = self.days[day]
        lines = [format_long_date(day)]
        if info.kind == "public":
            lines.append(_("Public holiday: {name}").format(name=", ".join(info.names)
                                                           or info.off))
        elif info.kind == "org_off":
            lines.append(_("Organisation's day off: {reason}").format(reason=info.off))
        elif info.kind == "weekend":
            lines.append(_("Weekend"))
        elif info.kind == "working":
            lines.append(_("Make-up working day: {name}").format(name=", ".join(info.names)))
        for item in sorted(info.items, key=lambda i: i.combined_order or 0):
            if isinstance(item, _RuleDay):
                lines.append(_("Regular meeting (the rule's day; the year plan is not made yet)"))
                continue
            text = item_label(item)
            if item.time:
                text += " — " + item.time
            if item.place:
                text += ", " + item.place
            lines.append(text)
            if item.combined:
                lines.append("   " + _("Combined sitting, part {order}").format(
                    order=item.combined_order))
            if item.kind == "regular" and item.off_rule:
                lines.append("   " + _("Not the rule's day; reason: {reason}").format(
                    reason=item.off_rule_reason or "—"))
        if self.in_conflict_window(day):
            lines.append(explain(self.schedule[day.month], self.rule))
        return "\n".join(lines)


@dataclass
class _RuleDay:
    """Stands in for a regular meeting when the year has no plan yet."""

    month: int
    kind: str = "regular"
    combined: bool = False
    combined_order: int | None = None


# --- one month, painted -----------------------------------------------------------------------

class MonthWidget(QWidget):
    """A small month calendar: weekday columns Monday–Sunday, up to six weeks."""

    day_activated = Signal(object)  # a date, on double-click

    def __init__(self, month: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.month = month
        self.data: YearData | None = None
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Expanding)

    def sizeHint(self) -> QSize:
        h = self.fontMetrics().height()
        return QSize(h * 14, h * 11)

    def minimumSizeHint(self) -> QSize:
        # Seven columns wide enough for a bold two-digit day or a weekday's short name, and
        # eight rows of text: it follows the text size, so that twelve months and the side
        # panel fit a 1280-px screen in large text too.
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        cell = metrics.horizontalAdvance("28") + 4   # weekday names shorten to fit (paint)
        return QSize(cell * 7, self.fontMetrics().height() * 8 + 4)

    def set_data(self, data: YearData) -> None:
        self.data = data
        self.update()

    def _geometry(self) -> tuple[float, float, float]:
        rows = 8  # title, weekday names, six weeks
        cw = self.width() / 7
        ch = self.height() / rows
        return cw, ch, 0.0

    def _first_col(self) -> int:
        return dt.date(self.data.year, self.month, 1).weekday()

    def day_rect(self, day: dt.date) -> QRect:
        cw, ch, _top = self._geometry()
        index = self._first_col() + day.day - 1
        row, col = divmod(index, 7)
        return QRect(int(col * cw), int((row + 2) * ch), int(cw), int(ch))

    def day_at(self, pos: QPoint) -> dt.date | None:
        if self.data is None:
            return None
        cw, ch, _top = self._geometry()
        row = int(pos.y() // ch) - 2
        col = int(pos.x() // cw)
        if row < 0 or not 0 <= col < 7:
            return None
        number = row * 7 + col - self._first_col() + 1
        try:
            return dt.date(self.data.year, self.month, number)
        except ValueError:
            return None

    def title_text(self) -> str:
        text = month_name(self.month)
        if self.data is not None and self.data.conflict(self.month):
            text += " — " + _("conflict!")
        return text

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        if self.data is None:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        cw, ch, _top = self._geometry()
        base = QFont(self.font())
        conflict = self.data.conflict(self.month)
        title = QFont(base)
        title.setBold(True)
        p.setFont(title)
        title_rect = QRect(0, 0, self.width(), int(ch))
        if conflict:
            p.fillRect(title_rect, COLORS["conflict"])
            p.setPen(QColor("white"))
        else:
            p.setPen(self.palette().windowText().color())
        p.drawText(title_rect, Qt.AlignCenter, self.title_text())
        p.setFont(base)
        p.setPen(QColor("#555555"))
        metrics = p.fontMetrics()
        for col in range(7):
            name = _(WEEKDAY_SHORT[col])
            if metrics.horizontalAdvance(name) > cw - 2:   # a narrow month: "Mo", "Tu"…
                name = name[:2]
            p.drawText(QRect(int(col * cw), int(ch), int(cw), int(ch)), Qt.AlignCenter, name)
        day = dt.date(self.data.year, self.month, 1)
        one = dt.timedelta(days=1)
        bold = QFont(base)
        bold.setBold(True)
        while day.month == self.month:
            self._paint_day(p, day, base, bold)
            day += one
        p.end()

    def _paint_day(self, p: QPainter, day: dt.date, base: QFont, bold: QFont) -> None:
        info = self.data.days[day]
        rect = self.day_rect(day).adjusted(1, 1, -1, -1)
        if self.data.in_conflict_window(day):
            p.fillRect(rect, COLORS["conflict_bg"])
            p.setPen(QPen(COLORS["conflict"], 2))
            p.drawRect(rect.adjusted(1, 1, -1, -1))
        elif info.kind in ("public", "org_off", "weekend"):
            p.fillRect(rect, COLORS[info.kind])
        elif info.kind == "working":
            p.setPen(QPen(COLORS["regular"], 1, Qt.DashLine))
            p.drawRect(rect.adjusted(1, 1, -1, -1))
        meeting = info.meeting
        text_color = self.palette().windowText().color()
        if meeting:
            size = min(rect.width(), rect.height()) - 2
            circle = QRect(0, 0, size, size)
            circle.moveCenter(rect.center())
            p.setPen(Qt.NoPen)
            p.setBrush(COLORS[meeting])
            p.drawEllipse(circle)
            p.setBrush(Qt.NoBrush)
            text_color = QColor("white")
            off_rule = any(getattr(i, "off_rule", False) for i in info.items)
            if off_rule:  # a small orange dot: not the rule's day (reason recorded)
                dot = QRect(rect.right() - 6, rect.top() + 1, 6, 6)
                p.setBrush(QColor("#ff8c00"))
                p.drawEllipse(dot)
                p.setBrush(Qt.NoBrush)
        elif info.kind == "public":
            text_color = QColor("#a00010")
        if day == self.data.today:
            p.setPen(QPen(COLORS["today"], 2))
            p.drawRect(rect)
        p.setFont(bold if meeting or info.kind == "public" else base)
        p.setPen(text_color)
        p.drawText(rect, Qt.AlignCenter, str(day.day))

    def event(self, event) -> bool:
        if event.type() == event.Type.ToolTip:
            day = self.day_at(event.pos())
            if day is not None:
                QToolTip.showText(event.globalPos(), self.data.tooltip(day), self)
            else:
                QToolTip.hideText()
                if self.data is not None and self.data.conflict(self.month):
                    QToolTip.showText(event.globalPos(), explain(
                        self.data.schedule[self.month], self.data.rule), self)
            return True
        return super().event(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt name
        day = self.day_at(event.position().toPoint())
        if day is not None:
            self.day_activated.emit(day)


# --- the legend -------------------------------------------------------------------------------

class Swatch(QWidget):
    def __init__(self, kind: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        h = self.fontMetrics().height()
        self.setFixedSize(h + 4, h + 2)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt name
        p = QPainter(self)
        p.setRenderHint(QPainter.Antialiasing)
        r = self.rect().adjusted(1, 1, -1, -1)
        if self.kind in ("regular", "thematic", "combined"):
            p.setPen(Qt.NoPen)
            p.setBrush(COLORS[self.kind])
            side = min(r.width(), r.height())
            c = QRect(0, 0, side, side)
            c.moveCenter(r.center())
            p.drawEllipse(c)
        elif self.kind == "conflict":
            p.fillRect(r, COLORS["conflict_bg"])
            p.setPen(QPen(COLORS["conflict"], 2))
            p.drawRect(r.adjusted(1, 1, -1, -1))
        elif self.kind == "working":
            p.setPen(QPen(COLORS["regular"], 1, Qt.DashLine))
            p.drawRect(r)
        else:
            p.fillRect(r, COLORS[self.kind])
        p.end()


LEGEND = (
    ("regular", N_("Regular meeting")),
    ("thematic", N_("Thematic meeting")),
    ("combined", N_("Regular and thematic in one sitting")),
    ("public", N_("Public holiday (hover for its name)")),
    ("org_off", N_("Organisation's day off")),
    ("weekend", N_("Saturday, Sunday")),
    ("working", N_("Make-up working day")),
    ("conflict", N_("Conflict: days {base}–{latest} all off")),
)


def legend_widget() -> QWidget:
    """The legend; its ``conflict_label`` is filled with the rule's days by the year view."""
    box = QWidget()
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setVerticalSpacing(2)
    for row, (kind, label) in enumerate(LEGEND):
        grid.addWidget(Swatch(kind), row, 0)
        text = QLabel(_(label))
        text.setWordWrap(True)
        if kind == "conflict":
            box.conflict_label = text
        grid.addWidget(text, row, 1)
    grid.setColumnStretch(1, 1)
    return box


# --- the year view ----------------------------------------------------------------------------

class YearView(QWidget):
    """Twelve months (4 × 3) with the quarters' thematic compliance, the conflicts to resolve
    and the legend beside them."""

    month_activated = Signal(int)  # open the regular meeting of that month in the plan editor

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.data: YearData | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        grid_box = QWidget()
        grid = QGridLayout(grid_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.months: list[MonthWidget] = []
        for m in range(1, 13):
            w = MonthWidget(m)
            w.day_activated.connect(lambda day: self.month_activated.emit(day.month))
            self.months.append(w)
            frame = QFrame()
            frame.setFrameShape(QFrame.StyledPanel)
            fl = QVBoxLayout(frame)
            fl.setContentsMargins(2, 2, 2, 2)
            fl.addWidget(w)
            grid.addWidget(frame, (m - 1) // 4, (m - 1) % 4)
        layout.addWidget(grid_box, 3)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(6, 0, 0, 0)
        heading = QLabel(_("Thematic meetings per quarter"))
        heading.setStyleSheet("font-weight: bold")
        heading.setWordWrap(True)
        side_layout.addWidget(heading)
        self.quarters: list[QLabel] = []
        for _q in range(4):
            label = QLabel()
            label.setWordWrap(True)
            self.quarters.append(label)
            side_layout.addWidget(label)
        self.todo_heading = QLabel(_("To resolve"))
        self.todo_heading.setStyleSheet("font-weight: bold; margin-top: 6px")
        self.todo_heading.setWordWrap(True)
        side_layout.addWidget(self.todo_heading)
        self.todo = QLabel()
        set_tone(self.todo, "error")
        self.todo.setWordWrap(True)
        self.todo.setTextFormat(Qt.PlainText)
        self.todo.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)   # the text wraps
        scroll.setWidget(self.todo)
        side_layout.addWidget(scroll, 1)
        legend_heading = QLabel(_("Legend"))
        legend_heading.setStyleSheet("font-weight: bold")
        side_layout.addWidget(legend_heading)
        self.legend = legend_widget()
        side_layout.addWidget(self.legend)
        em = self.fontMetrics().averageCharWidth()
        # The side panel keeps a readable width and scrolls up and down when the screen is
        # too low for it (large text on a 720-px screen), rather than squeezing its lines.
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 3)
        side_area = QScrollArea()
        side_area.setWidgetResizable(True)
        side_area.setFrameShape(QFrame.NoFrame)
        side_area.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        side_area.setWidget(side)
        side_area.setMinimumWidth(em * 20)
        side_area.setMaximumWidth(em * 44)
        layout.addWidget(side_area, 1)

    def set_data(self, data: YearData, compliance: dict[int, str]) -> None:
        self.data = data
        self.legend.conflict_label.setText(_("Conflict: days {base}–{latest} all off").format(
            base=data.rule.base_day, latest=data.rule.latest_day))
        for w in self.months:
            w.set_data(data)
        for q, label in enumerate(self.quarters, start=1):
            status = compliance[q]
            label.setText(quarter_text(q, status))
            label.setStyleSheet(f"color: {QUARTER_COLORS[status]}")
            label.setProperty("status", status)
        lines = []
        for m in data.conflicts():
            lines.append(month_name(m) + ": " + explain(data.schedule[m], data.rule))
        if not data.planned:
            lines.append(_("The plan of {year} is not made yet: the rule's meeting days are "
                           "shown. Open the “Year plan” tab to make it.").format(year=data.year))
        self.todo.setText("\n\n".join(lines) if lines else _("Nothing to resolve."))
        set_tone(self.todo, "error" if data.conflicts() else "ok")

    def month_widget(self, month: int) -> MonthWidget:
        return self.months[month - 1]


class CalendarPage(SectionPage, QWidget):
    """The "Meeting calendar" section: year navigation, the year view and the year plan."""

    def __init__(self, shell=None, store=None, today: dt.date | None = None):
        super().__init__()
        self.shell = shell
        self._store = store
        self._today = today
        self.year = self.today.year
        self.plan_editor = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.prev_button = QPushButton("◀")
        self.prev_button.setToolTip(_("Previous year"))
        self.year_spin = QSpinBox()
        self.year_spin.setRange(1900, 2200)
        self.year_spin.setValue(self.year)
        self.year_spin.setPrefix(_("Year") + " ")
        self.next_button = QPushButton("▶")
        self.next_button.setToolTip(_("Next year"))
        self.this_year_button = QPushButton(_("This &year"))
        self.days_off_button = QPushButton(_("&Days off and meeting-day rule…"))
        for b in (self.prev_button, self.next_button):
            b.setFixedWidth(b.fontMetrics().height() * 2 + 8)
        for b in (self.prev_button, self.next_button, self.this_year_button,
                  self.days_off_button):
            b.setAutoDefault(False)
        self.prev_button.clicked.connect(lambda: self.year_spin.setValue(self.year - 1))
        self.next_button.clicked.connect(lambda: self.year_spin.setValue(self.year + 1))
        self.this_year_button.clicked.connect(lambda: self.year_spin.setValue(self.today.year))
        self.year_spin.valueChanged.connect(self.set_year)
        self.days_off_button.clicked.connect(self.edit_days_off)
        bar.addWidget(self.prev_button)
        bar.addWidget(self.year_spin)
        bar.addWidget(self.next_button)
        bar.addWidget(self.this_year_button)
        bar.addStretch(1)
        bar.addWidget(self.days_off_button)
        layout.addLayout(bar)

        self.tabs = QTabWidget()
        self.year_view = YearView()
        self.year_view.month_activated.connect(self.open_month)
        self.tabs.addTab(self.year_view, _("Year view"))
        self._plan_holder = QWidget()
        QVBoxLayout(self._plan_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self._plan_holder, _("Year plan"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.reload()

    def set_today(self, today: dt.date | None) -> None:
        """Fix "today" (tests, screenshots) and show its year."""
        self._today = today
        if self.plan_editor is not None:
            self.plan_editor._today = today
        self.year = self.today.year
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(self.year)
        self.year_spin.blockSignals(False)
        self.reload()

    def set_year(self, year: int) -> None:
        if year == self.year:
            return
        self.year = year
        if self.year_spin.value() != year:
            self.year_spin.setValue(year)
        self.reload()

    def reload(self) -> None:
        data = YearData(self.store, self.year, self.today)
        self.year_view.set_data(data, planning.thematic_compliance(self.store, self.year,
                                                                   self.today))
        if self.plan_editor is not None:
            self.plan_editor.set_year(self.year)

    def _tab_changed(self, index: int) -> None:
        if index == 1:
            self.show_plan()

    def show_plan(self):
        """The year plan tab (built when first shown)."""
        if self.plan_editor is None:
            self.plan_editor = PlanEditor(self.store, self.year, today=self._today)
            self.plan_editor.changed.connect(self._plan_changed)
            self._plan_holder.layout().addWidget(self.plan_editor)
        self.tabs.setCurrentIndex(1)
        return self.plan_editor

    def _plan_changed(self) -> None:
        data = YearData(self.store, self.year, self.today)
        self.year_view.set_data(data, planning.thematic_compliance(self.store, self.year,
                                                                   self.today))
        if self.shell is not None:
            home = self.shell.pages.get("home")
            if home is not None and hasattr(home, "reload"):
                home.reload()

    def open_month(self, month: int) -> None:
        editor = self.show_plan()
        QTimer.singleShot(0, lambda: editor.edit_regular(month))

    def edit_days_off(self) -> None:
        dialog = DaysOffDialog(self.store, self.year, self)
        dialog.exec()
        if dialog.changed:
            self.reload()
            self._plan_changed()
