"""The wizard frame: the procedure's steps on the left, the step's page in the middle, its
checklist and findings on the right, Back / Next at the bottom.

Pages are attached by step id (the ``pages`` table, ``ui.wizard_pages.PAGES[kind][step_id]``),
so a new procedure file with the same step ids needs no code; a step id without a page gets a
checklist-only page.
The current step is stored by the session after every move; everything typed is committed
by the pages (flushed here on every step change, when the frame is hidden and when the
window closes).
"""
from __future__ import annotations

import datetime as dt
from typing import Mapping

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy,
    QStackedWidget, QStyle, QStyledItemDelegate, QStyleOptionViewItem,
    QVBoxLayout, QWidget,
)

from app import meetings
from app.i18n import _, weekday_name
from app.rules.scoring import vote as score_vote
from app.session import MeetingSession

from .. import help as help_viewer
from .. import ime, style
from ..widgets import ask, confirm, format_ddmmyyyy
from .base import StepPage, note_label

NEXT_KEYS = ("Ctrl+Return", "Ctrl+Enter", "Alt+Right")
# Finalisation problems that need the cell's vote on the score again.
VOTE_AGAIN = (score_vote.SCORE_CHANGED, score_vote.VOTE_NOT_ON_SCORE)
BACK_KEYS = ("Alt+Left",)


def wrapped_text_rect(view, option) -> QRect:
    """Where a list item's wrapped text is drawn: the item less its check box and margins."""
    style = view.style()
    rect = style.subElementRect(QStyle.SE_ItemViewItemText, option, view)
    margin = style.pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1
    return rect.adjusted(margin, 0, -margin, 0)


CHECKLIST_CHARS = 24


class WrappingDelegate(QStyledItemDelegate):
    """Checklist items as tall as their text wrapped at the list's width: Qt's own measure
    forgets the check box, so the last line was cut with "…" in large text."""

    def sizeHint(self, option, index):  # noqa: N802 - Qt name
        view = self.parent()
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.rect = QRect(0, 0, view.viewport().width() - 2 * view.spacing(), 100000)
        text = wrapped_text_rect(view, opt)
        height = opt.fontMetrics.boundingRect(QRect(0, 0, text.width(), 100000),
                                              Qt.TextWordWrap, opt.text).height()
        return QSize(opt.rect.width(), max(height + 6, opt.fontMetrics.height() + 6))


class ChecklistOnlyPage(StepPage):
    """A step this version has no page for: its checklist (on the right) is the page."""

    def build(self) -> None:
        self.layout_.addWidget(note_label(_(
            "Tick the items of this step in the checklist on the right as they are done.")))


def meeting_title(record: dict) -> str:
    day = dt.date.fromisoformat(record["date"])
    when = f"{weekday_name(day)}, {format_ddmmyyyy(day)}"
    if record["kind"] == "thematic":
        title = (record.get("topic") or {}).get("title") or ""
        text = _("Thematic meeting “{title}” — {when}").format(title=title, when=when)
    else:
        text = _("Regular meeting of {month}/{year} — {when}").format(
            month=day.month, year=day.year, when=when)
    sitting = record.get("sitting")
    if sitting:
        text += " — " + _("part {order} of {total} of a combined sitting").format(
            order=sitting["order"], total=len(sitting["parts"]))
    if record.get("version", 1) > 1:
        text += " — " + _("corrected version {n}").format(n=record["version"] - 1)
    return text


class WizardFrame(QWidget):
    """One meeting's wizard. Signals: ``closed`` (back to the list), ``amend_requested(id)``
    (make a corrected version), ``open_meeting(id)`` (the other part of a sitting)."""

    closed = Signal()
    amend_requested = Signal(str)
    open_meeting = Signal(str)
    finalised = Signal(str)

    def __init__(self, store, meeting_id: str, parent: QWidget | None = None, *,
                 pages: Mapping[str, Mapping[str, type[StepPage]]]):
        super().__init__(parent)
        ime.install()
        self.store = store
        self.meeting_id = meeting_id
        self.session = MeetingSession(store, meeting_id)
        self.procedure = self.session.procedure
        self.pages: dict[str, StepPage] = {}
        self.shown: str | None = None
        self._filtered_window = None
        record = self.session.record()
        self.kind = record["kind"]
        self.page_classes = pages.get(self.kind, {})
        self.read_only = record["status"] != "draft"

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setFont(style.heading_font(self, 1.1))
        self.title.setWordWrap(True)
        top.addWidget(self.title, 1)
        self.list_button = QPushButton(_("Meeting &list"))
        self.list_button.setAutoDefault(False)
        self.list_button.setToolTip(_("Back to the list of meetings (everything typed is kept)"))
        self.list_button.clicked.connect(self.close_wizard)
        top.addWidget(self.list_button)
        outer.addLayout(top)

        self.banner = QFrame()
        self.banner.setObjectName("banner")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(8, 4, 8, 4)
        self.banner_text = note_label()
        banner_layout.addWidget(self.banner_text, 1)
        self.amend_button = QPushButton(_("Make a &corrected version…"))
        self.amend_button.setAutoDefault(False)
        self.amend_button.clicked.connect(lambda: self.amend_requested.emit(self.meeting_id))
        banner_layout.addWidget(self.amend_button)
        self.next_part_button = QPushButton(_("Open the &next part"))
        self.next_part_button.setAutoDefault(False)
        self.next_part_button.clicked.connect(self._open_next_part)
        banner_layout.addWidget(self.next_part_button)
        outer.addWidget(self.banner)

        middle = QHBoxLayout()
        em = self.fontMetrics().averageCharWidth()
        self.steps = QListWidget()
        self.steps.setObjectName("steps")
        self.steps.setAccessibleName(_("Steps"))
        # The step names wrap onto a second line rather than widen the list (large text on a
        # 1280-px screen); each row has room for two lines and shows the full name on hover.
        self.steps.setWordWrap(True)
        self.steps.setTextElideMode(Qt.ElideRight)
        self.steps.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        bold = QFont(self.font())
        bold.setBold(True)                  # the step shown is in bold
        metrics = QFontMetrics(bold)
        mark = metrics.horizontalAdvance("✓  9. ")
        width = max(metrics.horizontalAdvance(s.label()) for s in self.procedure.steps)
        # at most an eighth of the screen: the page needs the width more (large text, 1280 px)
        screen = self.screen().availableGeometry().width() if self.screen() else 1280
        self.steps.setFixedWidth(min(width + mark, max(em * 14, screen // 8)) + em * 3)
        for n, step in enumerate(self.procedure.steps, 1):
            item = QListWidgetItem(step.label())
            item.setData(Qt.UserRole, step.id)
            item.setSizeHint(QSize(0, self.fontMetrics().lineSpacing() * 2 + 10))
            item.setToolTip(step.label() + "\n" +
                            _("Ctrl+{n}: go to this step (once reached)").format(n=n))
            self.steps.addItem(item)
        self.steps.itemActivated.connect(self._step_clicked)
        self.steps.itemClicked.connect(self._step_clicked)
        middle.addWidget(self.steps)

        self.stack = QStackedWidget()
        middle.addWidget(self.stack, 3)

        right = QVBoxLayout()
        self.checklist_label = QLabel(_("Checklist of this step"))
        self.checklist_label.setFont(style.heading_font(self, 1.0))
        self.checklist_label.setWordWrap(True)
        right.addWidget(self.checklist_label)
        self.checklist = QListWidget()
        self.checklist.setWordWrap(True)
        # wrapped items are laid out again when the list's width changes (else they overlap)
        self.checklist.setResizeMode(QListWidget.Adjust)
        self.checklist.setSpacing(2)   # wrapped items apart from each other
        self.checklist.setItemDelegate(WrappingDelegate(self.checklist))
        self.checklist.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        # the width the items are wrapped for must not change when a scroll bar comes (the
        # last lines were cut with "…")
        self.checklist.setVerticalScrollBarPolicy(Qt.ScrollBarAlwaysOn)
        self.checklist.setAccessibleName(_("Checklist of this step"))
        self.checklist.setToolTip(_("Ticked automatically from what was recorded; Space or a "
                                    "click ticks an item by hand."))
        self.checklist.itemChanged.connect(self._tick)
        right.addWidget(self.checklist, 2)
        self.issues_label = QLabel(_("To check"))
        self.issues_label.setFont(style.heading_font(self, 1.0))
        self.issues_label.setWordWrap(True)
        right.addWidget(self.issues_label)
        self.issues = QLabel()
        self.issues.setWordWrap(True)
        self.issues.setTextFormat(Qt.RichText)
        self.issues.setAlignment(Qt.AlignTop | Qt.AlignLeft)
        self.issues.setObjectName("issues")
        from PySide6.QtWidgets import QScrollArea

        issues_scroll = QScrollArea()
        issues_scroll.setWidgetResizable(True)
        issues_scroll.setFrameShape(QFrame.NoFrame)
        issues_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        issues_scroll.setWidget(self.issues)
        right.addWidget(issues_scroll, 2)
        right_box = QWidget()
        right_box.setLayout(right)
        right.setContentsMargins(0, 0, 0, 0)
        # The checklist gives way to the page on a narrow screen or in large text.
        # It keeps room for CHECKLIST_CHARS average characters a line beside its tick box
        # and scroll bar (in large text each item took 4–8 lines on a narrow strip).
        style_ = self.checklist.style()
        tick = (style_.pixelMetric(QStyle.PM_IndicatorWidth) +
                4 * style_.pixelMetric(QStyle.PM_FocusFrameHMargin) + 12)
        bar = style_.pixelMetric(QStyle.PM_ScrollBarExtent)
        least = em * CHECKLIST_CHARS + tick + bar + 2 * self.checklist.frameWidth() + 8
        right_box.setMinimumWidth(least)
        right_box.setMaximumWidth(max(least, min(em * 42, 330 + em * 12)))
        right_box.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Preferred)
        middle.addWidget(right_box, 1)
        outer.addLayout(middle, 1)

        bottom = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.PlainText)
        bottom.addWidget(self.status, 1)
        self.back_button = QPushButton(_("Back"))
        self.back_button.setAutoDefault(False)
        self.back_button.setToolTip(_("Previous step (Alt+←)"))
        self.back_button.clicked.connect(self.go_back)
        bottom.addWidget(self.back_button)
        self.next_button = QPushButton(_("Continue"))
        self.next_button.setAutoDefault(False)
        self.next_button.setToolTip(_("Check this step and go on (Ctrl+Enter or Alt+→)"))
        self.next_button.clicked.connect(self.go_next)
        bottom.addWidget(self.next_button)
        outer.addLayout(bottom)

        for keys, slot in ((NEXT_KEYS, self.go_next), (BACK_KEYS, self.go_back)):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)
        help_key = QShortcut(QKeySequence(Qt.Key_F1), self)   # the guide's page of this step
        help_key.setContext(Qt.WidgetWithChildrenShortcut)
        help_key.activated.connect(self.show_help)
        for n in range(1, min(9, len(self.procedure.steps)) + 1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{n}"), self)
            shortcut.setContext(Qt.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda n=n: self.go_to(self.procedure.steps[n - 1].id))

        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.timeout.connect(lambda: self.status.setText(""))
        self.title.setText(meeting_title(record))
        self._update_banner(record)
        self.show_step(self.session.current)

    # --- pages ------------------------------------------------------------------------------
    def page(self, step_id: str) -> StepPage:
        page = self.pages.get(step_id)
        if page is None:
            page = self.page_classes.get(step_id, ChecklistOnlyPage)(self, step_id)
            self.pages[step_id] = page
            self.stack.addWidget(page)
            page.set_read_only(self.read_only)
        return page

    def current_page(self) -> StepPage | None:
        return self.pages.get(self.shown) if self.shown else None

    def flush(self) -> None:
        """Commit whatever is still waiting in any page (step change, hide, close), a
        half-typed Vietnamese word first."""
        ime.commit_pending()
        for page in self.pages.values():
            page.flush()

    def show_step(self, step_id: str, focus: bool = True) -> None:
        self.flush()
        page = self.page(step_id)
        page.reload()
        self.shown = step_id
        self.stack.setCurrentWidget(page)
        self.refresh(page.record)
        if focus:
            target = page.first_field()
            if target is not None and target.isEnabled():
                target.setFocus(Qt.OtherFocusReason)

    # --- moving -----------------------------------------------------------------------------
    def _index(self, step_id: str) -> int:
        return self.procedure.index(step_id)

    def _view_only(self) -> bool:
        """Finalised minutes: moving only changes what is shown (nothing to accept)."""
        page = self.current_page()
        return self.read_only and not (page and page.editable_when_final)

    def _cannot_leave(self) -> bool:
        """The page shown holds typed values that cannot be stored: say why, stay there."""
        page = self.current_page()
        problem = page.unsaved_problem() if page is not None else None
        if problem is None:
            return False
        message, field = problem
        self.show_error(message)
        field.setFocus(Qt.OtherFocusReason)
        return True

    def go_next(self) -> None:
        if self.shown is None:
            return
        self.flush()
        if self._cannot_leave():
            return
        ids = self.procedure.step_ids
        if self._view_only() or self.shown != self.session.current:
            i = self._index(self.shown)
            if i + 1 < len(ids):
                self.show_step(ids[i + 1])
            return
        if self.shown == self.procedure.finalising_step and not self.read_only:
            self.finalise()
            return
        outcome = self.session.accept()
        if not outcome.ok:
            self.show_error(" ".join(e.message for e in outcome.errors))
            self.refresh()
            return
        if outcome.finished:
            self.show_message(_("Every step is done."))
            self.refresh()
            return
        if outcome.warnings:
            self.show_message(_("Step accepted with {n} point(s) still open (see “To check”).")
                              .format(n=len(outcome.warnings)))
        self.show_step(self.session.current)

    def go_back(self) -> None:
        if self.shown is None:
            return
        self.flush()
        if self._cannot_leave():
            return
        if self.read_only or self.shown != self.session.current:
            i = self._index(self.shown)
            if i > 0:
                self.show_step(self.procedure.step_ids[i - 1])
            return
        if self.session.wizard.can_go_back:
            self.show_step(self.session.back())

    def go_to(self, step_id: str) -> None:
        if step_id == self.shown:
            return
        if self.read_only:
            self.show_step(step_id)
            return
        if step_id not in self.session.wizard.visited:
            self.show_error(_("The step “{step}” has not been reached yet.").format(
                step=self.procedure.step(step_id).label()))
            self.refresh_steps()
            return
        self.flush()
        if self._cannot_leave():
            self.refresh_steps()
            return
        self.show_step(self.session.goto(step_id))

    def _step_clicked(self, item: QListWidgetItem) -> None:
        self.go_to(item.data(Qt.UserRole))

    def finalise(self) -> bool:
        """Finalise the minutes (asks first); the meeting becomes read-only."""
        self.flush()
        issues = [i for i in self.session.issues(self.procedure.finalising_step) if i.blocking]
        if self._vote_again([i for i in issues if i.code in VOTE_AGAIN]):
            return False
        problems = [i.message for i in issues]
        if problems:
            self.show_error(" ".join(problems))
            self.refresh()
            return False
        if not confirm(self, _("Finalise the minutes"), _(
                "Finalise the minutes now? They become read-only: a later correction is made "
                "as a new version with its reason."), _("Finalise"), _("Not yet")):
            return False
        outcome = self.session.accept()
        if not outcome.ok:
            self.show_error(" ".join(e.message for e in outcome.errors))
            self.refresh()
            return False
        self.set_read_only(True)
        self.finalised.emit(self.meeting_id)
        if outcome.finished:
            self.show_step(self.shown)
        else:
            self.show_step(self.session.current)
        self.show_message(_("The minutes are finalised."))
        return True

    def _vote_again(self, issues) -> bool:
        """The score the cell voted on is not the one the final record gives: say so, old and
        new score, and offer to go back to the Scoring step for the vote."""
        if not issues:
            return False
        text = "\n\n".join(i.message for i in issues)
        self.show_error(text)
        self.refresh()
        step = self.session.scoring_step
        if step and ask(self, _("The cell must vote again on the score"), text, [
                ("go", _("Go to the Scoring step")), ("stay", _("Stay here"))],
                kind="warning", default="go", escape="stay") == "go":
            self.go_to(step)
        return True

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for page in self.pages.values():
            page.set_read_only(read_only)
        record = self.session.record()
        self.title.setText(meeting_title(record))
        self._update_banner(record)

    # --- status -----------------------------------------------------------------------------
    def _update_banner(self, record: dict) -> None:
        other = self._next_part(record)
        if self.read_only:
            text = _("These minutes were finalised (no. {number}): they can be read but not "
                     "changed. To correct them, make a corrected version.").format(
                number=record.get("number") or "—")
            if "after" in self.procedure.step_ids:
                text += " " + _("The step “{step}” can still be recorded.").format(
                    step=self.procedure.step("after").label())
            self.banner_text.setText(text)
            superseded = bool(self.store.conn.execute(
                "select 1 from meeting where amends = ?", [self.meeting_id]).fetchone())
            self.amend_button.setVisible(not superseded)
        elif record.get("amends"):
            self.banner_text.setText(_("Corrected version {n}; reason: {reason}").format(
                n=record["version"] - 1, reason=record.get("amend_reason") or ""))
            self.amend_button.hide()
        else:
            self.banner_text.setText("")
            self.amend_button.hide()
        self.next_part_button.setVisible(bool(other) and self.read_only)
        self.banner.setVisible(bool(self.banner_text.text()) or self.next_part_button.isVisible())

    def _next_part(self, record: dict) -> str | None:
        sitting = record.get("sitting")
        if not sitting:
            return None
        status = {m["id"]: m["status"] for m in meetings.list_meetings(self.store)}
        for part in sitting["parts"]:
            if part["id"] != self.meeting_id and status.get(part["id"]) == "draft":
                return part["id"]
        return None

    def _open_next_part(self) -> None:
        other = self._next_part(self.session.record())
        if other:
            self.open_meeting.emit(other)

    def show_error(self, message: str) -> None:
        style.set_tone(self.status, "error")
        self.status.setText(message)
        self._status_timer.start(15000)

    def show_message(self, message: str) -> None:
        style.set_tone(self.status, None)
        self.status.setText(message)
        self._status_timer.start(8000)

    def data_changed(self, page: StepPage | None = None) -> None:
        """A page committed something: the checklist and findings follow at once."""
        self.refresh(page.record if page is not None else None)

    def refresh(self, record: dict | None = None) -> None:
        record = record or self.session.record()
        step = self.shown or self.session.current
        facts = self.session.facts(record)
        self.refresh_steps(facts)
        self.checklist.blockSignals(True)
        self.checklist.clear()
        for entry in self.session.wizard.checklist(step, facts):
            item = QListWidgetItem(entry.item.label())
            item.setData(Qt.UserRole, entry.item.id)
            item.setData(Qt.UserRole + 1, entry.auto)
            flags = Qt.ItemIsEnabled | Qt.ItemIsSelectable
            if not self.read_only:
                flags |= Qt.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.Checked if entry.ticked else Qt.Unchecked)
            tip = _("Ticked by hand") if entry.source == "manual" else (
                _("Ticked from what was recorded") if entry.source == "auto" else
                _("Not done yet: tick it by hand when done"))
            if entry.item.ref and not entry.item.ref.startswith("derived:"):
                # "derived: …" refs record the procedure file's own provenance, not a source
                tip += "\n" + _("Source: {ref}").format(ref=entry.item.ref)
            item.setToolTip(entry.item.label() + "\n" + tip)
            self.checklist.addItem(item)
        self.checklist.blockSignals(False)
        issues = self.session.wizard.validate(facts, step)
        if self.read_only and step == self.procedure.finalising_step:
            issues = []
        lines = []
        for issue in issues:
            color = "#b00020" if issue.blocking else "#8a5a00"
            mark = "✖" if issue.blocking else "⚠"  # glyphs DejaVu Sans has
            lines.append(f"<p style='color:{color}; margin:0 0 4px 0'>{mark} "
                         f"{_escape(issue.message)}</p>")
        self.issues.setText("".join(lines) or _escape(_("Nothing to check on this step.")))
        self._update_buttons()

    def refresh_steps(self, facts: dict | None = None) -> None:
        """✓ only for a step whose required items are all done (``complete``); a step passed
        with something still missing shows ⚠, as its checklist and findings do."""
        visited = set(self.session.wizard.visited)
        done = set(self.session.wizard.done)
        if facts is None:
            facts = self.session.facts()
        for i in range(self.steps.count()):
            item = self.steps.item(i)
            step_id = item.data(Qt.UserRole)
            step = self.procedure.step(step_id)
            tip = step.label() + "\n" + _("Ctrl+{n}: go to this step (once reached)").format(
                n=i + 1)
            if step_id in done:
                complete = self.session.wizard.complete(step_id, facts)
                mark = "✓" if complete else "⚠"
                if not complete:
                    tip += "\n" + _("Passed, but not everything in this step is done yet")
            else:
                mark = "●" if step_id == self.session.current else "○"
            item.setToolTip(tip)
            item.setText(f"{mark}  {i + 1}. {step.label()}")
            reachable = self.read_only or step_id in visited
            item.setFlags(Qt.ItemIsEnabled | Qt.ItemIsSelectable if reachable else Qt.NoItemFlags)
            item.setForeground(QBrush(QColor("#888888")) if not reachable else QBrush())
            font = item.font()
            font.setBold(step_id == self.shown)
            item.setFont(font)
        if self.shown:
            self.steps.blockSignals(True)
            self.steps.setCurrentRow(self._index(self.shown))
            self.steps.blockSignals(False)

    def _update_buttons(self) -> None:
        i = self._index(self.shown) if self.shown else 0
        last = i == len(self.procedure.steps) - 1
        if self._view_only() or self.shown != self.session.current:
            self.next_button.setText(_("Next step"))
            self.next_button.setEnabled(not last)
        elif self.shown == self.procedure.finalising_step and not self.read_only:
            self.next_button.setText(_("Finalise the minutes…"))
            self.next_button.setEnabled(True)
        else:
            self.next_button.setText(_("Continue") if not last else _("Finish"))
            self.next_button.setEnabled(not (last and self.session.wizard.finished))
        if self.read_only or self.shown != self.session.current:
            self.back_button.setEnabled(i > 0)
        else:
            self.back_button.setEnabled(self.session.wizard.can_go_back)

    def _tick(self, item: QListWidgetItem) -> None:
        if self.read_only:
            return
        value = item.checkState() == Qt.Checked
        auto = bool(item.data(Qt.UserRole + 1))
        # Back to what the facts say: the manual tick is dropped.
        self.session.tick(item.data(Qt.UserRole), None if value == auto else value)
        QTimer.singleShot(0, self.refresh)

    def show_help(self):
        """F1: the user guide at this step's page."""
        return help_viewer.show_help(self, help_viewer.step_page(self.shown or ""))

    # --- closing ----------------------------------------------------------------------------
    def close_wizard(self) -> None:
        self.flush()
        self.closed.emit()

    def showEvent(self, event):
        super().showEvent(event)
        window = self.window()
        if window is not self._filtered_window:
            if self._filtered_window is not None:
                self._filtered_window.removeEventFilter(self)
            window.installEventFilter(self)
            self._filtered_window = window

    def hideEvent(self, event):
        self.flush()
        super().hideEvent(event)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Close and obj is self._filtered_window:
            self.flush()
        return False

    def closeEvent(self, event):
        self.flush()
        super().closeEvent(event)


def _escape(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
