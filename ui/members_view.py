"""The member list: search without diacritics, filter by status, counts at the top."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
    QVBoxLayout, QWidget,
)

from app.i18n import N_, _
from app.importing import ImportFileError
from app.members import (STATUS_FILTERS, counts_by_status, delete_member, filter_by_status,
                         list_members, search)
from app.model import GENDERS, Member

from .import_dialog import ImportDialog
from .member_status import status_text
from .member_dialog import LeftDialog, MemberDialog
from .style import set_tone
from .widgets import SearchEdit, SectionPage, choose_file, confirm, format_ddmmyyyy, inform

STATUS_LABELS = {
    "all": N_("Current members"),
    "full": N_("Full members"),
    "probationary": N_("Probationary"),
    "exempted": N_("Exempted"),
    "elsewhere": N_("Meeting elsewhere temporarily"),
    "here": N_("Meeting here temporarily"),
    "left": N_("Left the cell"),
}


class MemberTableModel(QAbstractTableModel):
    COLUMNS = (N_("Full name"), N_("Gender"), N_("Date of birth"), N_("Position / unit"),
               N_("Status"))

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[Member] = []
        self._cache: dict[str, tuple] = {}
        self.today = dt.date.today()

    def set_rows(self, rows: list[Member]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def clear_cache(self) -> None:
        self._cache.clear()
        self.today = dt.date.today()

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.DisplayRole):
        if role == Qt.DisplayRole and orientation == Qt.Horizontal:
            return _(self.COLUMNS[section])
        return None

    def _display(self, m: Member) -> tuple:
        cached = self._cache.get(m.id)
        if cached is None:
            status, overdue = status_text(m, self.today)
            cached = (m.full_name, _(GENDERS.get(m.gender, "")) if m.gender else "",
                      format_ddmmyyyy(m.birth_date), m.position, status, overdue,
                      bool(m.left_on and m.left_on <= self.today))
            self._cache[m.id] = cached
        return cached

    def data(self, index, role=Qt.DisplayRole):
        if not index.isValid():
            return None
        shown = self._display(self.rows[index.row()])
        if role == Qt.DisplayRole:
            return shown[index.column()]
        if role == Qt.ForegroundRole:
            if shown[5] and index.column() == 4:
                return QBrush(QColor("#b00020"))
            if shown[6]:
                return QBrush(QColor("#777777"))
        if role == Qt.FontRole and shown[5] and index.column() == 4:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ToolTipRole and shown[5]:
            return _("The 12 months of probation are over: the cell must consider making "
                     "this member full.")
        return None

    def member(self, row: int) -> Member | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None


class MembersView(SectionPage, QWidget):
    """The "Members" section."""

    def __init__(self, shell=None, store=None):
        super().__init__()
        self.shell = shell
        self._store = store
        self.members: list[Member] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        self.counts = QLabel()
        set_tone(self.counts, "muted")
        self.counts.setWordWrap(True)
        layout.addWidget(self.counts)

        bar = QHBoxLayout()
        search_label = QLabel(_("&Search:"))
        self.search = SearchEdit()
        self.search.setPlaceholderText(_("name, position, card or phone — no accents needed"))
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.search.textChanged.connect(self.apply_filter)
        filter_label = QLabel(_("S&how:"))
        self.status_filter = QComboBox()
        filter_label.setBuddy(self.status_filter)
        for key in STATUS_FILTERS:
            self.status_filter.addItem(_(STATUS_LABELS[key]), key)
        self.status_filter.currentIndexChanged.connect(self.apply_filter)
        bar.addWidget(search_label)
        bar.addWidget(self.search, 3)
        bar.addWidget(filter_label)
        bar.addWidget(self.status_filter, 1)
        layout.addLayout(bar)

        self.model = MemberTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setSectionResizeMode(3, QHeaderView.Stretch)
        header.setHighlightSections(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.doubleClicked.connect(lambda _i: self.edit_member())
        layout.addWidget(self.table, 1)

        self.shown_label = QLabel()
        buttons = QHBoxLayout()
        buttons.addWidget(self.shown_label, 1)
        self.add_button = QPushButton(_("&Add…"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.left_button = QPushButton(_("Mark as &left…"))
        self.delete_button = QPushButton(_("&Delete"))
        self.import_button = QPushButton(_("&Import from a file…"))
        self.add_button.setToolTip(_("Add a member (Insert or Ctrl+N)"))
        self.edit_button.setToolTip(_("Edit the selected member (Enter)"))
        self.delete_button.setToolTip(_("Delete a member typed in by mistake (Delete)"))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_member)
        self.left_button.clicked.connect(self.mark_left)
        self.delete_button.clicked.connect(self.delete_selected)
        # clicked(bool) would pass its flag as the path: call without arguments.
        self.import_button.clicked.connect(lambda: self.import_file())
        for b in (self.add_button, self.edit_button, self.left_button, self.delete_button,
                  self.import_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        layout.addLayout(buttons)

        for keys, slot in (("Ctrl+F", self.focus_search), ("Ins", self.add_member),
                           ("Ctrl+N", self.add_member)):
            QShortcut(QKeySequence(keys), self, slot, context=Qt.WidgetWithChildrenShortcut)
        for keys, slot in (("Return", self.edit_member), ("Enter", self.edit_member),
                           ("Del", self.delete_selected)):
            QShortcut(QKeySequence(keys), self.table, slot, context=Qt.WidgetShortcut)
        self.search.returnPressed.connect(lambda: self.table.setFocus())
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.setTabOrder(self.search, self.status_filter)
        self.setTabOrder(self.status_filter, self.table)
        self.setTabOrder(self.table, self.add_button)
        self.reload()

    # --- data ----------------------------------------------------------------------------

    def reload(self) -> None:
        selected = self.selected()
        self.members = list_members(self.store)
        self.model.clear_cache()
        counts = counts_by_status(self.members)
        # each figure stays on one line (no break inside "Sinh hoạt tạm thời: 0"): the line
        # wraps only between figures
        self.counts.setText("   ·   ".join(
            f"{_(STATUS_LABELS[key])}: {counts[key]}".replace(" ", "\u00a0")
            for key in STATUS_FILTERS))
        for i, key in enumerate(STATUS_FILTERS):
            self.status_filter.setItemText(i, f"{_(STATUS_LABELS[key])} ({counts[key]})")
        self.apply_filter()
        for column in (0, 1, 2, 4):
            self.table.resizeColumnToContents(column)
        if selected:
            self.select_member(selected.id)

    def apply_filter(self, *args) -> None:
        status = self.status_filter.currentData() or "all"
        rows = search(filter_by_status(self.members, status, self.model.today),
                      self.search.text())
        self.model.set_rows(rows)
        self.shown_label.setText(_("{shown} of {total} shown").format(
            shown=len(rows), total=len(self.members)))
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected(self) -> Member | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.member(rows[0].row()) if rows else None

    def select_member(self, member_id: str) -> None:
        for row, m in enumerate(self.model.rows):
            if m.id == member_id:
                self.table.selectRow(row)
                self.table.scrollTo(self.model.index(row, 0))
                return

    def shown_names(self) -> list[str]:
        return [m.full_name for m in self.model.rows]

    def _update_buttons(self, *args) -> None:
        m = self.selected()
        for b in (self.edit_button, self.left_button, self.delete_button):
            b.setEnabled(m is not None)
        if m is not None:
            self.left_button.setEnabled(not m.left_on)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.ShortcutFocusReason)
        self.search.selectAll()

    def _changed(self, member_id: str | None = None) -> None:
        if self.shell is not None:
            self.shell.data_changed()
        else:
            self.reload()
        if member_id:
            self.select_member(member_id)

    # --- actions -------------------------------------------------------------------------

    def add_member(self) -> None:
        dialog = MemberDialog(self.store, None, self)
        if dialog.exec():
            self._changed(dialog.member.id)

    def edit_member(self) -> None:
        m = self.selected()
        if m is None:
            return
        dialog = MemberDialog(self.store, m, self)
        if dialog.exec():
            self._changed(dialog.member.id)

    def mark_left(self) -> None:
        m = self.selected()
        if m is None:
            return
        dialog = LeftDialog(self.store, m, self)
        if dialog.exec():
            self._changed(m.id)

    def delete_selected(self) -> None:
        m = self.selected()
        if m is None:
            return
        if not confirm(self, _("Delete a member"), _(
                "Delete {name}? Only do this for a member typed in by mistake; a member who "
                "moved away is marked as left instead.").format(name=m.full_name),
                _("Delete"), kind="warning"):
            return
        try:
            delete_member(self.store, m.id)
        except ValueError as exc:
            inform(self, _("Delete a member"), str(exc), kind="warning")
            return
        self._changed()

    def import_file(self, path=None) -> None:
        if path is None:
            path = choose_file(self, _("Import members"),
                               _("Member lists (*.csv *.xlsx)") + ";;" + _("All files (*)"))
        if path is None:
            return
        try:
            dialog = ImportDialog(self.store, path, self)
        except ImportFileError as exc:
            inform(self, _("Import members"), str(exc), kind="warning")
            return
        if dialog.exec() and dialog.imported:
            self._changed()
