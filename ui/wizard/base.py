"""What every wizard page shares: commits as you type (no Save button), read-only mode,
small field widgets (multi-line text, time, member choice) and form helpers.

Text edits are committed after a short idle (``COMMIT_DELAY_MS``) and at once on focus-out,
on a step change and when the window closes (``flush``); choices and clicks commit at once.
A commit that the core refuses (a ValueError in Vietnamese) is shown, never lost silently.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QAbstractButton, QAbstractSpinBox, QCheckBox, QComboBox, QFormLayout, QFrame, QGroupBox,
    QHBoxLayout, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QScrollArea,
    QStyle, QStyleOptionComboBox, QTableWidget, QVBoxLayout, QWidget,
)

from app import meetings
from app.i18n import N_, _
from app.rules.attendance import TimeError, parse_clock
from app.vntext import fold, name_sort_key

from ..layouts import flow_row
from ..style import set_tone

COMMIT_DELAY_MS = 400


class Committer(QObject):
    """Pending text commits, keyed so that a field typed into again replaces its own."""

    committed = Signal()
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, delay: int = COMMIT_DELAY_MS):
        super().__init__(parent)
        self.pending: dict[str, Callable[[], None]] = {}
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay)
        self.timer.timeout.connect(self.flush)

    def later(self, key: str, fn: Callable[[], None]) -> None:
        self.pending[key] = fn
        self.timer.start()

    def now(self, fn: Callable[[], None]) -> bool:
        """Commit everything typed so far, then this action; False when it was refused.

        The views refresh once, after both (a refresh in between would reset the widget
        whose value ``fn`` is about to read)."""
        self._run_pending()
        ok = self._run(fn)
        self.committed.emit()
        return ok

    def flush(self) -> None:
        if self._run_pending():
            self.committed.emit()

    def _run_pending(self) -> bool:
        self.timer.stop()
        if not self.pending:
            return False
        pending, self.pending = self.pending, {}
        for fn in pending.values():
            self._run(fn)
        return True

    def _run(self, fn: Callable[[], None]) -> bool:
        try:
            fn()
        except meetings.MeetingLockedError as exc:
            self.failed.emit(str(exc))
            return False
        except ValueError as exc:
            self.failed.emit(str(exc))
            return False
        return True


class TextBox(QPlainTextEdit):
    """Multi-line text: Tab moves on (keyboard use), focus-out flushes the pending commit."""

    focus_out = Signal()

    def __init__(self, lines: int = 4, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        if text != self.toPlainText():
            self.setPlainText(text)

    def focusOutEvent(self, event):
        super().focusOutEvent(event)
        self.focus_out.emit()


class TimeEdit(QLineEdit):
    """A time typed as HH:MM (empty allowed); ``value()`` is None when not a valid time.
    "1600", "16h", "16.00", "16g" are read as 16:00 and shown so once typing is finished."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("HH:MM"))
        self.setMaxLength(10)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("00:000") + 24)
        self.editingFinished.connect(self._show_normalised)

    def value(self) -> str | None:
        """"" when empty, "HH:MM" when valid, None when not a time."""
        try:
            return parse_clock(self.text())
        except TimeError:
            return None

    def _show_normalised(self) -> None:
        value = self.value()
        if value and value != self.text():
            self.setText(value)


RESOLUTION_TYPES = (("conclusion", N_("Conclusion")), ("resolution", N_("Resolution")))


class ResolutionTypeBox(QComboBox):
    """Whether the meeting ends with a resolution or a conclusion: chosen while preparing and
    confirmed at closing (the same field); a change is saved at once."""

    def __init__(self, page: "StepPage"):
        super().__init__()
        for key, label in RESOLUTION_TYPES:
            self.addItem(_(label), key)
        self.currentIndexChanged.connect(lambda: page.commit_now(lambda: meetings.update(
            page.store, page.mid, resolution_type=self.currentData())))

    def load(self, record: dict) -> None:
        kind = (record.get("resolution") or {}).get("type") or "conclusion"
        self.setCurrentIndex(max(0, self.findData(kind)))


class MemberPicker(QComboBox):
    """Choose a member of the meeting's roll; typing letters of the given name (or any part
    of the name, without diacritics) jumps to the member, Enter emits ``chosen``."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None, empty: str | None = None):
        super().__init__(parent)
        self._buffer = ""
        self._empty = empty
        self._reset = QTimer(self)
        self._reset.setSingleShot(True)
        self._reset.setInterval(1200)
        self._reset.timeout.connect(self._clear_buffer)
        self.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)

    def set_people(self, people: list[tuple[str, str]]) -> None:
        """(member id, name) pairs, shown in Vietnamese name order; keeps the current choice."""
        current = self.currentData()
        self.blockSignals(True)
        self.clear()
        if self._empty is not None:
            self.addItem(self._empty, None)
        for member_id, name in sorted(people, key=lambda p: name_sort_key(p[1])):
            self.addItem(name, member_id)
        index = self.findData(current)
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def select(self, member_id: str | None) -> None:
        self.blockSignals(True)
        index = self.findData(member_id)
        self.setCurrentIndex(index if index >= 0 else 0)
        self.blockSignals(False)

    def _clear_buffer(self) -> None:
        self._buffer = ""

    def search(self, typed: str) -> int:
        """Index of the first member whose given name, then any word, then the name, starts
        with what was typed (diacritics ignored); -1 when none."""
        query = fold(typed).strip()
        if not query:
            return -1
        names = [(i, fold(self.itemText(i))) for i in range(self.count())
                 if self.itemData(i) is not None]
        for test in (lambda n: n.split()[-1].startswith(query) if n.split() else False,
                     lambda n: any(w.startswith(query) for w in n.split()),
                     lambda n: query in n):
            for i, name in names:
                if test(name):
                    return i
        return -1

    def keyPressEvent(self, event):
        if event.key() in (Qt.Key_Return, Qt.Key_Enter) and not event.modifiers() & (
                Qt.ControlModifier | Qt.AltModifier):
            self._buffer = ""
            if self.currentData() is not None:
                self.chosen.emit(self.currentData())
            return
        text = event.text()
        if text and text.isprintable() and not event.modifiers() & (
                Qt.ControlModifier | Qt.AltModifier):
            self._buffer += text
            self._reset.start()
            index = self.search(self._buffer)
            if index < 0 and len(self._buffer) > 1:
                self._buffer = text
                index = self.search(self._buffer)
            if index >= 0:
                self.setCurrentIndex(index)
            return
        super().keyPressEvent(event)


class _FullTextTip(QObject):
    """Keeps a combo box's tooltip carrying its whole current text when the box is too
    narrow to show it (a long agenda title in large text), before any help it had."""

    def __init__(self, combo: QComboBox):
        super().__init__(combo)
        self.combo = combo
        self.help = combo.toolTip()
        combo.installEventFilter(self)
        combo.currentIndexChanged.connect(lambda _i: self.update())
        self.update()

    def eventFilter(self, obj, event):  # noqa: N802 - Qt name
        if event.type() == QEvent.Resize:
            self.update()
        return False

    def update(self) -> None:
        combo, text = self.combo, self.combo.currentText()
        room = combo.style().subControlRect(QStyle.CC_ComboBox, _combo_option(combo),
                                            QStyle.SC_ComboBoxEditField, combo).width()
        cut = bool(text) and combo.fontMetrics().horizontalAdvance(text) > room
        tip = "\n".join(t for t in ((text if cut else ""), self.help) if t)
        if combo.toolTip() != tip:
            combo.setToolTip(tip)


def _combo_option(combo: QComboBox) -> QStyleOptionComboBox:
    option = QStyleOptionComboBox()
    option.initFrom(combo)
    option.editable = combo.isEditable()
    return option


def full_text_tip(combo: QComboBox) -> None:
    """Give ``combo`` a tooltip with its full current text whenever that text is cut."""
    if combo.property("full_text_tip"):
        return
    combo.setProperty("full_text_tip", True)
    _FullTextTip(combo)


def hline() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.HLine)
    line.setFrameShadow(QFrame.Sunken)
    return line


def note_label(text: str = "", object_name: str = "note") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.PlainText)
    label.setObjectName(object_name)
    return label


class StepPage(QWidget):
    """One step of the wizard. Subclasses build their fields in ``build`` and fill them from
    the meeting record in ``load``; ``frame`` is the wizard frame (session, store, status)."""

    title_hint = ""
    # Widgets that stay editable on a finalised meeting (the "after" step of a thematic one).
    editable_when_final = False

    def __init__(self, frame, step_id: str):
        super().__init__()
        self.frame = frame
        self.step_id = step_id
        self.session = frame.session
        self.store = frame.store
        self.mid = frame.meeting_id
        self.record: dict = {}
        self._loading = False
        self.committer = Committer(self)
        self.committer.committed.connect(self._after_commit)
        self.committer.failed.connect(self.frame.show_error)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.body = QWidget()
        self.layout_ = QVBoxLayout(self.body)
        self.layout_.setContentsMargins(4, 4, 12, 12)
        self.scroll.setWidget(self.body)
        outer.addWidget(self.scroll)
        self.build()
        self.layout_.addStretch(1)

    def minimumSizeHint(self):  # noqa: N802 - Qt name
        """As wide as the body needs (and its scroll bar): the wizard gives the width to the
        page before the checklist, so that the page never scrolls sideways (a scroll area
        alone asks for no width)."""
        hint = super().minimumSizeHint()
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        hint.setWidth(max(hint.width(), self.body.minimumSizeHint().width() + bar))
        return hint

    # --- to override ----------------------------------------------------------------------
    def build(self) -> None:
        raise NotImplementedError

    def load(self, record: dict) -> None:
        """Fill the fields from the record (signals from the fields are ignored meanwhile)."""

    def first_field(self) -> QWidget | None:
        """Where the keyboard focus goes when the step is shown."""
        return None

    # --- committing -----------------------------------------------------------------------
    def reload(self) -> None:
        """Fill the page again, keeping where the secretary was: the scroll position, and the
        keyboard focus on the page when the focused row was removed (Qt would otherwise hand
        it to the next widget, scrolling there or leaving the page)."""
        bar = self.scroll.verticalScrollBar()
        kept = bar.value()
        had_focus = self.body.isAncestorOf(QApplication.focusWidget())
        self.record = self.session.record()
        self._loading = True
        try:
            self.load(self.record)
        finally:
            self._loading = False
        now = QApplication.focusWidget()
        if had_focus and not self.body.isAncestorOf(now):
            target = self.refocus_target()
            if target is not None and target.isVisible() and target.isEnabled():
                target.setFocus(Qt.OtherFocusReason)
        self.refocus_hint = None
        bar.setValue(kept)
        # the layout settles after this event: put the position back then too
        QTimer.singleShot(0, bar, lambda: bar.setValue(kept))

    def unsaved_problem(self) -> tuple[str, QWidget] | None:
        """Values typed on this page that cannot be stored (the reason and the field): the
        step must not be left, or they would be lost without a word."""
        return None

    def refocus_target(self) -> QWidget | None:
        """Where the keyboard focus goes when the focused widget was removed by a reload."""
        return getattr(self, "refocus_hint", None)

    def flush(self) -> None:
        self.committer.flush()

    def _after_commit(self) -> None:
        self.record = self.session.record()
        self.on_committed(self.record)
        self.frame.data_changed(self)

    def on_committed(self, record: dict) -> None:
        """After a commit: refresh what is computed from the record (figures, results)."""

    def commit_now(self, fn: Callable[[], None]) -> bool:
        if self._loading:
            return False
        return self.committer.now(fn)

    def bind_text(self, widget, key: str, commit: Callable[[str], None]) -> None:
        """Commit ``commit(text)`` after an idle moment and on focus-out."""
        def changed(*_args):
            if not self._loading:
                self.committer.later(key, lambda: commit(widget.text()))
        if isinstance(widget, TextBox):
            widget.textChanged.connect(changed)
            widget.focus_out.connect(self.committer.flush)
        else:
            widget.textChanged.connect(changed)
            widget.editingFinished.connect(self.committer.flush)

    def bind_time(self, widget: TimeEdit, key: str, commit: Callable[[str | None], None],
                  error: QLabel | None = None) -> None:
        """A time field: committed when valid (or emptied); an invalid time is only shown."""
        def changed(*_args):
            if self._loading:
                return
            value = widget.value()
            if error is not None:
                error.setText("" if value is not None else _("Enter the time as HH:MM, e.g. 14:00."))
                error.setVisible(value is None)
            if value is not None:
                self.committer.later(key, lambda: commit(value or None))
        widget.textChanged.connect(changed)
        widget.editingFinished.connect(self.committer.flush)

    # --- read-only ------------------------------------------------------------------------
    def set_read_only(self, read_only: bool) -> None:
        """Finalised minutes: every input is read-only (text can still be selected)."""
        if self.editable_when_final:
            read_only = False
        for combo in self.body.findChildren(QComboBox):
            # Long agenda titles or names must not widen the page past the window.
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(min(combo.minimumContentsLength() or 12, 14))
            full_text_tip(combo)
        for w in self.body.findChildren(QWidget):
            if w.property("keep_enabled"):
                continue
            if isinstance(w, (QLineEdit, QPlainTextEdit)):
                w.setReadOnly(read_only)
            elif isinstance(w, (QComboBox, QAbstractSpinBox, QCheckBox, QAbstractButton,
                                QTableWidget, QListWidget)):
                w.setEnabled(not read_only)


def form_group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
    form.setRowWrapPolicy(QFormLayout.WrapLongRows)
    return box, form


def add_row(form: QFormLayout, text: str, field: QWidget, buddy: QWidget | None = None) -> QLabel:
    """A form row whose label's mnemonic (&) focuses the field."""
    label = QLabel(text)
    label.setBuddy(buddy or field)
    # One line: QFormLayout gives a label the height of its field, so a label wrapped onto
    # two lines beside a one-line field was cut at the bottom. The field goes below the
    # label instead when the page is too narrow for both (WrapLongRows).
    if isinstance(field, QPlainTextEdit):
        # a text of several lines takes the page's whole width, under its label (beside a
        # column of long labels it was left a narrow strip in large text)
        form.addRow(label)
        form.addRow(field)
    else:
        form.addRow(label, field)
    return label


def row(*widgets, stretch: bool = True) -> QWidget:
    """Widgets side by side; on a narrow page (large text, 1280 px) they wrap onto the next
    line instead of widening the page past the window."""
    if stretch:
        return flow_row(*widgets)
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    if stretch:
        layout.addStretch(1)
    return box


def button(text: str, tooltip: str = "") -> QPushButton:
    b = QPushButton(text)
    b.setAutoDefault(False)
    if tooltip:
        b.setToolTip(tooltip)
    return b


def present_people(record: dict, roll: list[dict]) -> list[tuple[str, str]]:
    """(member id, name) of members marked present."""
    return [(r["member_id"], r["name"]) for r in roll if r["presence"] == "present"]


def roll_people(roll: list[dict]) -> list[tuple[str, str]]:
    return [(r["member_id"], r["name"]) for r in roll]


def bind_date(page: StepPage, widget, key: str, commit: Callable, error: QLabel) -> None:
    """A dd/mm/yyyy field: committed when it is a date (or emptied); a bad date is shown."""
    def changed(*_args):
        if page._loading:
            return
        try:
            value = widget.date()
        except ValueError as exc:
            error.setText(str(exc))
            error.show()
            return
        error.hide()
        page.committer.later(key, lambda: commit(value))
    widget.textChanged.connect(changed)
    widget.editingFinished.connect(page.committer.flush)


def error_label() -> QLabel:
    label = QLabel()
    set_tone(label, "error")
    label.setWordWrap(True)
    label.hide()
    return label


def with_label(field: QWidget, label: QLabel) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(label)
    box.setFocusProxy(field)
    return box
