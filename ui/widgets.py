"""Shared helpers: dates typed as dd/mm/yyyy, error labels, our own button texts,
message boxes and file dialogs that tests can answer.

Qt has no Vietnamese catalog, so every button text here comes from our catalog.
Tests set ``answer_hook`` / ``file_hook`` instead of letting a box block in ``exec()``.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.i18n import N_, _, language
from app.model import parse_date

from . import ime
from .style import set_tone

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox

# answer_hook(kind, title, text, choices) -> chosen key; used instead of showing the box.
answer_hook: Callable[[str, str, str, list[tuple[str, str]]], str | None] | None = None
# file_hook(title, filter) -> path or None; used instead of showing a file dialog.
file_hook: Callable[[str, str], str | None] | None = None


def ask(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]],
        *, kind: str = "question", default: str | None = None,
        escape: str | None = None) -> str | None:
    """A message box whose buttons are (key, label) pairs; returns the key chosen."""
    if answer_hook is not None:
        return answer_hook(kind, title, text, choices)
    box, buttons = message_box(parent, title, text, choices, kind=kind, default=default,
                               escape=escape)
    box.exec()
    clicked = box.clickedButton()
    for key, button in buttons.items():
        if button is clicked:
            return key
    return None


def message_box(parent: QWidget | None, title: str, text: str, choices: list[tuple[str, str]],
                *, kind: str = "question", default: str | None = None,
                escape: str | None = None) -> tuple[QMessageBox, dict[str, QPushButton]]:
    """The box ``ask`` shows (built separately so it can be looked at in screenshots)."""
    from PySide6.QtWidgets import QMessageBox  # dialog classes load when first used (start-up)

    icons = {"question": QMessageBox.Question, "information": QMessageBox.Information,
             "warning": QMessageBox.Warning, "error": QMessageBox.Critical}
    box = QMessageBox(icons.get(kind, QMessageBox.NoIcon), title, text, QMessageBox.NoButton,
                      parent)
    box.setTextFormat(Qt.PlainText)
    buttons = {}
    for i, (key, label) in enumerate(choices):
        role = QMessageBox.AcceptRole if i == 0 else QMessageBox.RejectRole
        buttons[key] = box.addButton(label, role)
    if default in buttons:
        box.setDefaultButton(buttons[default])
    escape = escape or (choices[-1][0] if choices else None)
    if escape in buttons:
        box.setEscapeButton(buttons[escape])
    return box, buttons


def inform(parent: QWidget | None, title: str, text: str, *, kind: str = "information") -> None:
    ask(parent, title, text, [("ok", _("OK"))], kind=kind)


def confirm(parent: QWidget | None, title: str, text: str, yes: str, no: str | None = None,
            *, kind: str = "question") -> bool:
    return ask(parent, title, text, [("yes", yes), ("no", no or _("Cancel"))], kind=kind,
               default="no") == "yes"


def decimal_text(value: float, places: int = 1) -> str:
    """A number as the UI language writes it: a decimal comma in Vietnamese (79,5), a point in
    English (79.5); trailing zeros dropped."""
    text = f"{value:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") if language() == "vi" else text


# The rubrics name their ratings in Vietnamese (the documents quote them): shown translated.
RATING_WORDS = {"Tốt": N_("Good"), "Khá": N_("Fairly good"), "Trung bình": N_("Average"),
                "Kém": N_("Poor"), "Yếu": N_("Weak"),
                "Hoàn thành xuất sắc nhiệm vụ": N_("Excellently completed its tasks"),
                "Hoàn thành tốt nhiệm vụ": N_("Well completed its tasks"),
                "Hoàn thành nhiệm vụ": N_("Completed its tasks"),
                "Không hoàn thành nhiệm vụ": N_("Did not complete its tasks")}


def rubric_source_text(rubric) -> str:
    """A scoring rubric's source document and, when it was not checked against it, that it
    is unverified."""
    parts = []
    if rubric.document:
        parts.append(_("Source: {document}.").format(document=rubric.document))
    if not rubric.verified:
        parts.append(_("Unverified: taken from secondary copies, not checked against the "
                       "original document."))
    return " ".join(parts)


def rating_text(name: str | None) -> str:
    """A rating's name in the UI language (the rubric's own name when it is not a known one)."""
    if not name:
        return ""
    word = RATING_WORDS.get(name)
    return _(word) if word else name


def fingerprint_text(fingerprint: str, per_line: int = 8) -> str:
    """A certificate's SHA-256 fingerprint as every dialog shows it, so the secretary and the
    office read out the same thing: "AB12 CD34 …" in groups of four, ``per_line`` groups a
    line (0: one line)."""
    text = "".join(ch for ch in fingerprint if ch.isalnum()).upper()
    groups = [text[i:i + 4] for i in range(0, len(text), 4)]
    if per_line <= 0:
        return " ".join(groups)
    return "\n".join(" ".join(groups[i:i + per_line]) for i in range(0, len(groups), per_line))


def size_text(size: int) -> str:
    """A file size for people: "850 B", "1,3 KB", "2,4 MB"."""
    if size < 1024:
        return _("{n} B").format(n=size)
    if size < 1024 * 1024:
        return _("{n} KB").format(n=decimal_text(size / 1024))
    return _("{n} MB").format(n=decimal_text(size / (1024 * 1024)))


def choose_file(parent: QWidget | None, title: str, name_filter: str, *,
                directory: str = "", accept: str | None = None, may_create: bool = False
                ) -> Path | None:
    """Qt's own (non-native) file dialog with our texts; ``None`` when cancelled."""
    if file_hook is not None:
        chosen = file_hook(title, name_filter)
        return Path(chosen) if chosen else None
    dialog = file_dialog(parent, title, name_filter, directory=directory, accept=accept,
                         may_create=may_create)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None


def file_dialog(parent: QWidget | None, title: str, name_filter: str, *, directory: str = "",
                accept: str | None = None, may_create: bool = False) -> QFileDialog:
    from PySide6.QtWidgets import QFileDialog, QHeaderView, QSplitter, QTreeView

    dialog = QFileDialog(parent, title, directory, name_filter)
    dialog.setOption(QFileDialog.DontUseNativeDialog)
    dialog.setFileMode(QFileDialog.AnyFile if may_create else QFileDialog.ExistingFile)
    dialog.setLabelText(QFileDialog.LookIn, _("Look in:"))
    dialog.setLabelText(QFileDialog.FileName, _("File name:"))
    dialog.setLabelText(QFileDialog.FileType, _("File type:"))
    dialog.setLabelText(QFileDialog.Accept, accept or _("Open"))
    dialog.setLabelText(QFileDialog.Reject, _("Cancel"))
    dialog.resize(dialog.fontMetrics().averageCharWidth() * 120,
                  dialog.fontMetrics().height() * 30)
    splitter = dialog.findChild(QSplitter, "splitter")
    if splitter is not None:
        splitter.setSizes([dialog.fontMetrics().averageCharWidth() * 18, dialog.width()])
    tree = dialog.findChild(QTreeView, "treeView")
    if tree is not None:
        tree.header().setSectionResizeMode(QHeaderView.ResizeToContents)
    return dialog


def button_box(ok_text: str, cancel_text: str | None = None) -> tuple[QDialogButtonBox, QPushButton]:
    """A button box with our texts (accept + reject); returns it and the accept button."""
    from PySide6.QtWidgets import QDialogButtonBox

    ime.install()
    box = QDialogButtonBox()
    box.accepted.connect(ime.commit_pending)   # before the dialog's own accept slot
    ok = box.addButton(ok_text, QDialogButtonBox.AcceptRole)
    ok.setDefault(True)
    box.addButton(cancel_text or _("Cancel"), QDialogButtonBox.RejectRole)
    return box, ok


def record_table(headers: list[str]):
    """A read-only table of records: whole rows, one at a time, no row numbers; the columns fit
    their contents and the last one takes the rest of the width. ``headers`` are shown as given
    (already translated)."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget

    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectRows)
    table.setSelectionMode(QAbstractItemView.SingleSelection)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def with_button(field: QWidget, text: str, slot) -> QWidget:
    """The field with a button at its right (e.g. "Choose…" beside a file path)."""
    from PySide6.QtWidgets import QHBoxLayout

    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(field, 1)
    button = QPushButton(text)
    button.clicked.connect(slot)
    row.addWidget(button)
    return box


def format_ddmmyyyy(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


class DateEdit(QLineEdit):
    """A date typed as dd/mm/yyyy (3/4/2024 and 2024-04-03 also accepted); empty is allowed."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText(_("dd/mm/yyyy"))
        self.setMaxLength(10)
        metrics = self.fontMetrics()
        self.setFixedWidth(max(metrics.horizontalAdvance("00/00/00000"),
                               metrics.horizontalAdvance(self.placeholderText() + "0")) + 24)

    def date(self) -> dt.date | None:
        """The date typed, ``None`` when empty; ValueError (Vietnamese) when not a date."""
        return parse_date(self.text())

    def setDate(self, day: dt.date | None) -> None:
        self.setText(format_ddmmyyyy(day))


class ErrorLabel(QLabel):
    """The red explanation under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        set_tone(self, "error")
        self.setWordWrap(True)
        self.setTextFormat(Qt.PlainText)
        self.hide()

    def set_error(self, message: str | None) -> None:
        self.setText(message or "")
        self.setVisible(bool(message))


def with_error(field: QWidget) -> tuple[QWidget, ErrorLabel]:
    """The field with its error label underneath, as one widget for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    label = ErrorLabel()
    layout.addWidget(label)
    box.setFocusProxy(field)
    return box, label


class SearchEdit(QLineEdit):
    """A search box; Escape clears it."""

    cleared = Signal()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key_Escape and self.text():
            self.clear()
            self.cleared.emit()
            return
        super().keyPressEvent(event)


class SectionPage:
    """Mixin for a section's page: the store is read through the shell (which may reopen
    another data file) or given directly (tests), and "today" can be fixed (tests,
    screenshots). Set ``self.shell``, ``self._store`` and ``self._today`` in ``__init__``."""

    shell = None
    _store = None
    _today: dt.date | None = None

    @property
    def store(self):
        return self.shell.store if self.shell is not None else self._store

    @property
    def today(self) -> dt.date:
        return self._today or dt.date.today()


def close_bar(dialog) -> QPushButton:
    """A row with our own "Close" button at the right, closing ``dialog``; added to its
    layout. Returns the button."""
    from PySide6.QtWidgets import QHBoxLayout

    bar = QHBoxLayout()
    bar.addStretch(1)
    close = QPushButton(_("Close"))
    close.clicked.connect(dialog.accept)
    bar.addWidget(close)
    dialog.layout().addLayout(bar)
    return close
