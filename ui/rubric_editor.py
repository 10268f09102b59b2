"""The scoring rubrics: list them, choose the cell's current one, copy one and edit the copy.

The dialog edits a plain rubric dict and asks the core (``scoring.validate``) after every
change; each error is shown beside what it concerns (a red row in the tree or a table and a
red explanation under it) and Save stays disabled while any remains. Shipped rubrics are
read-only. Past scores keep their own copy of the rubric, so saving never changes them.
"""
from __future__ import annotations

import copy
import re

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit, QPushButton,
    QSplitter, QStyledItemDelegate, QTableWidget, QTableWidgetItem, QTabWidget, QTreeWidget, QTreeWidgetItem,
    QVBoxLayout, QWidget,
)

from app import meeting_score
from app.i18n import N_, _, ngettext
from app.rules import scoring
from app.rules.scoring.sources import CHECKLISTS, PARAM_DEFAULTS, fmt_num
from app.vntext import nfc

from .layouts import fit_to_screen, scroll_body
from .style import set_tone
from .widgets import ErrorLabel, ask, button_box, confirm, inform, with_error

KIND_LABELS = {
    "yesno": N_("Yes / no"),
    "points": N_("Points (half points allowed)"),
    "band": N_("Choose one band"),
    "computed": N_("Computed from the record"),
}
SOURCE_LABELS = {
    "attendance_rate": N_("the attendance rate and absences without reason"),
    "meeting_day": N_("the meeting day against the rule"),
    "duration": N_("the duration"),
    "preparation": N_("the preparation checklist"),
    "opening_steps": N_("the opening steps"),
    "proceedings_steps": N_("the steps of the proceedings"),
    "closing_steps": N_("the closing steps"),
    "speakers_share": N_("the share of present members who spoke"),
    "self_criticism": N_("self-criticism and criticism"),
    "previous_tasks": N_("the share of last month's tasks done"),
    "majority_rule": N_("votes passed by the majority rule"),
    "probationary_excluded": N_("probationary members not voting"),
}
# Numeric parameters the editor offers: key → (label, maximum); when a rubric does not set
# one, the editor shows the value the computation uses (PARAM_DEFAULTS).
PARAMS = {
    "min_minutes": (N_("Minimum duration (minutes):"), 600),
    "combined_min_minutes": (N_("Minimum for a combined sitting (minutes):"), 600),
    "documents_days_before": (N_("Documents sent at least this many days before:"), 30),
    "reason_share": (N_("Share of the points when off the day with a reason (%):"), 100),
}
SHORT_KIND_LABELS = {"yesno": N_("Yes/no"), "points": N_("Points"), "band": N_("Bands"),
                     "computed": N_("Computed")}
EDITABLE_KINDS = ("yesno", "points", "band")
ERROR_BRUSH = QBrush(QColor("#b00020"))
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


def parse_number(text: str) -> float | int | None:
    """"4", "2,5" or "2.5" → a number (int when whole); None when it is not one."""
    try:
        value = float(nfc(text).strip().replace(",", "."))
    except ValueError:
        return None
    return int(value) if value.is_integer() else value


def num(value) -> str:
    return fmt_num(value, 2) if isinstance(value, (int, float)) else str(value or "")


def _bump(version: str) -> str:
    """"1" → "2", "2019.1" → "2019.2"; anything else gets ".1" appended."""
    head, _sep, last = str(version).rpartition(".")
    if last.isdigit():
        return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)
    return f"{version}.1"


def friendly(error: scoring.ValidationError) -> str:
    """The core's message, or a plainer one where it names a data key (“max”, “name”)."""
    key = error.path.rsplit(".", 1)[-1]
    if error.code == "missing" and key == "name":
        return _("Enter a name.")
    if error.code == "not_points":
        return _("Enter a number of points, e.g. 4 or 2,5.")
    if error.code == "band_threshold":
        return _("Enter the band's threshold as a number from 0 to 100.")
    return error.message


class _NameAndPointsDelegate(QStyledItemDelegate):
    """Only the name (column 0) and the points (column 2) of a tree row can be edited."""

    def createEditor(self, parent, option, index):
        if index.column() not in (0, 2):
            return None
        return super().createEditor(parent, option, index)


class CopyDialog(QDialog):
    """Ask the new id and name of a copy."""

    def __init__(self, rubric: scoring.Rubric, taken: set[str], parent=None):
        super().__init__(parent)
        self.taken = taken
        self.setWindowTitle(_("Copy a rubric"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The copy gets its own id and name; you can then edit it.\n"
                         "Copied from: {name}").format(name=rubric.name))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        base = f"{rubric.id}-chibo"
        new_id, n = base, 2
        while new_id in taken:
            new_id, n = f"{base}-{n}", n + 1
        self.name = QLineEdit(_("{name} (cell's copy)").format(name=rubric.name))
        self.ident = QLineEdit(new_id)
        box, self.name_error = with_error(self.name)
        form.addRow(_("&Name:"), box)
        box, self.id_error = with_error(self.ident)
        form.addRow(_("&Id (letters a–z, digits, “-”, “_”):"), box)
        layout.addLayout(form)
        buttons, self.ok = button_box(_("&Copy"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for edit in (self.name, self.ident):
            edit.textChanged.connect(self.validate)
        self.resize(self.fontMetrics().averageCharWidth() * 90, self.sizeHint().height())
        self.validate()

    def validate(self) -> bool:
        ident = self.ident.text().strip()
        if not ident:
            id_error = _("Enter an id.")
        elif not ID_PATTERN.match(ident):
            id_error = _("Use only lower-case letters a–z without accents, digits, “-”, “_” and “.”.")
        elif ident in self.taken:
            id_error = _("A rubric with the id “{id}” already exists.").format(id=ident)
        else:
            id_error = None
        name_error = None if self.name.text().strip() else _("Enter a name.")
        self.id_error.set_error(id_error)
        self.name_error.set_error(name_error)
        ok = not id_error and not name_error
        self.ok.setEnabled(ok)
        return ok

    def accept(self) -> None:
        if self.validate():
            super().accept()


class RubricEditor(QDialog):
    """The "Scoring criteria" dialog."""

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(_("Scoring criteria"))
        self.rubrics: list[scoring.Rubric] = []
        self.shipped_ids = {r.id for r in scoring.list_rubrics()}
        self.rubric: scoring.Rubric | None = None   # the one selected, as stored
        self.data: dict = {}                        # what the editor shows (edited)
        self.errors: list[scoring.ValidationError] = []
        self.dirty = False
        self._loading = False
        self._criterion: tuple[int, int] | None = None   # (group index, criterion index)
        self._build()
        fit_to_screen(self, QSize(min(1340, self.fontMetrics().averageCharWidth() * 190),
                                  self.fontMetrics().height() * 44))
        self.reload_list(meeting_score.current_rubric(store).id)

    # --- building -----------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        split = QSplitter()
        # on a small screen (large text, 1280×720) the editor scrolls inside the dialog
        outer.addWidget(scroll_body(self, split), 1)

        left = QWidget()
        lay = QVBoxLayout(left)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(QLabel(_("Rubrics:")))
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(self._row_changed)
        lay.addWidget(self.list, 1)
        self.use_button = QPushButton(_("&Use for the cell"))
        self.use_button.clicked.connect(self.use_selected)
        self.copy_button = QPushButton(_("Co&py…"))
        self.copy_button.clicked.connect(self.copy_selected)
        self.delete_button = QPushButton(_("&Delete this copy"))
        self.delete_button.clicked.connect(self.delete_selected)
        for button in (self.use_button, self.copy_button, self.delete_button):
            lay.addWidget(button)
        split.addWidget(left)

        right = QWidget()
        lay = QVBoxLayout(right)
        lay.setContentsMargins(6, 0, 0, 0)
        self.title = QLabel()
        self.title.setWordWrap(True)
        font = QFont(self.title.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        lay.addWidget(self.title)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextFormat(Qt.PlainText)
        lay.addWidget(self.source)
        self.snapshot_note = QLabel(_(
            "Editing a rubric never changes a past score: each scored meeting keeps a copy of "
            "the rubric it was scored with."))
        set_tone(self.snapshot_note, "muted")
        self.snapshot_note.setWordWrap(True)
        lay.addWidget(self.snapshot_note)

        self.header_box = QWidget()
        form = QFormLayout(self.header_box)
        form.setContentsMargins(0, 0, 0, 0)
        self.name_edit = QLineEdit()
        self.name_edit.textEdited.connect(lambda t: self._set_top("name", t))
        box, self.name_error = with_error(self.name_edit)
        form.addRow(_("&Name:"), box)
        self.document_edit = QLineEdit()
        self.document_edit.textEdited.connect(lambda t: self._set_top("document", t))
        form.addRow(_("Issuing &document:"), self.document_edit)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setFixedHeight(self.fontMetrics().height() * 2 + 12)
        self.note_edit.textChanged.connect(
            lambda: self._set_top("note", self.note_edit.toPlainText()))
        form.addRow(_("N&ote:"), self.note_edit)
        lay.addWidget(self.header_box)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_groups_tab(), "")
        self.tabs.addTab(self._build_ratings_tab(), "")
        lay.addWidget(self.tabs, 1)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([self.fontMetrics().averageCharWidth() * 38, 1000])

        bar = QHBoxLayout()
        self.status = QLabel()
        self.status.setWordWrap(True)
        bar.addWidget(self.status, 1)
        self.undo_button = QPushButton(_("&Undo changes"))
        self.undo_button.clicked.connect(self._undo)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(_("Close"))
        self.close_button.clicked.connect(self.reject)
        for button in (self.undo_button, self.save_button, self.close_button):
            bar.addWidget(button)
        outer.addLayout(bar)

    def _build_groups_tab(self) -> QWidget:
        page = QWidget()
        lay = QHBoxLayout(page)
        col = QVBoxLayout()
        self.tree = QTreeWidget()
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels([_("Group / criterion"), _("Kind"), _("Points"),
                                   _("Criteria add up to")])
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.Stretch)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeToContents)
        header.setStretchLastSection(False)
        self.tree.setWordWrap(True)
        self.tree.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                  | QAbstractItemView.SelectedClicked)
        self.tree.setItemDelegate(_NameAndPointsDelegate(self.tree))
        self.tree.itemChanged.connect(self._tree_changed)
        self.tree.currentItemChanged.connect(self._tree_current)
        col.addWidget(self.tree, 1)
        self.total_label = QLabel()
        col.addWidget(self.total_label)
        self.tree_error = ErrorLabel()
        col.addWidget(self.tree_error)
        buttons = QHBoxLayout()
        self.add_criterion_button = QPushButton(_("&Add a criterion"))
        self.add_criterion_button.clicked.connect(self.add_criterion)
        self.remove_criterion_button = QPushButton(_("&Remove the criterion"))
        self.remove_criterion_button.clicked.connect(self.remove_criterion)
        buttons.addWidget(self.add_criterion_button)
        buttons.addWidget(self.remove_criterion_button)
        buttons.addStretch(1)
        col.addLayout(buttons)
        lay.addLayout(col, 3)

        self.detail = QGroupBox(_("Selected criterion"))
        dl = QVBoxLayout(self.detail)
        self.criterion_name = QLabel()
        self.criterion_name.setWordWrap(True)
        self.criterion_name.setTextFormat(Qt.PlainText)
        font = QFont(self.criterion_name.font())
        font.setBold(True)
        self.criterion_name.setFont(font)
        dl.addWidget(self.criterion_name)
        form = QFormLayout()
        self.kind_combo = QComboBox()
        for kind in EDITABLE_KINDS:
            self.kind_combo.addItem(_(KIND_LABELS[kind]), kind)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.kind_label = QLabel(_("Kind:"))
        form.addRow(self.kind_label, self.kind_combo)
        self.computed_label = QLabel()
        self.computed_label.setWordWrap(True)
        form.addRow(self.computed_label)
        self.param_spins: dict[str, QDoubleSpinBox] = {}
        self.param_labels: dict[str, QLabel] = {}
        for key, (label, top) in PARAMS.items():
            spin = QDoubleSpinBox()
            spin.setDecimals(0)
            spin.setRange(0, top)
            spin.valueChanged.connect(lambda v, k=key: self._param_changed(k, v))
            self.param_spins[key] = spin
            self.param_labels[key] = QLabel(_(label))
            self.param_labels[key].setWordWrap(True)
            form.addRow(self.param_labels[key], spin)
        dl.addLayout(form)
        self.bands_label = QLabel(_("Bands:"))
        dl.addWidget(self.bands_label)
        self.bands = QTableWidget(0, 3)
        self.bands.verticalHeader().setVisible(False)
        self.bands.itemChanged.connect(self._band_changed)
        dl.addWidget(self.bands, 1)
        row = QHBoxLayout()
        self.add_band_button = QPushButton(_("Add a &band"))
        self.add_band_button.clicked.connect(self.add_band)
        self.remove_band_button = QPushButton(_("Remove the band"))
        self.remove_band_button.clicked.connect(self.remove_band)
        row.addWidget(self.add_band_button)
        row.addWidget(self.remove_band_button)
        row.addStretch(1)
        dl.addLayout(row)
        self.bands_error = ErrorLabel()
        dl.addWidget(self.bands_error)
        lay.addWidget(self.detail, 2)
        return page

    def _build_ratings_tab(self) -> QWidget:
        page = QWidget()
        lay = QVBoxLayout(page)
        lay.addWidget(QLabel(_("Ratings, best first (a score from the threshold up to the "
                               "next rating's threshold):")))
        self.ratings = QTableWidget(0, 3)
        self.ratings.setHorizontalHeaderLabels([_("Rating"), _("From (points)"),
                                                _("Up to below")])
        self.ratings.verticalHeader().setVisible(False)
        h = self.ratings.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.ratings.itemChanged.connect(self._rating_changed)
        lay.addWidget(self.ratings, 2)
        self.ratings_error = ErrorLabel()
        lay.addWidget(self.ratings_error)
        lay.addWidget(QLabel(_("Caps (highest points when a condition holds):")))
        self.caps = QTableWidget(0, 3)
        self.caps.setHorizontalHeaderLabels([_("Cap"), _("Applies to"), _("At most (points)")])
        self.caps.verticalHeader().setVisible(False)
        h = self.caps.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        h.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.caps.setWordWrap(True)
        self.caps.itemChanged.connect(self._cap_changed)
        lay.addWidget(self.caps, 1)
        self.caps_error = ErrorLabel()
        lay.addWidget(self.caps_error)
        self.forced_label = QLabel()
        self.forced_label.setWordWrap(True)
        lay.addWidget(self.forced_label)
        return page

    # --- the list of rubrics ----------------------------------------------------------------

    @property
    def editable(self) -> bool:
        return self.rubric is not None and self.rubric.id not in self.shipped_ids

    def reload_list(self, select: str | None = None) -> None:
        self.rubrics = meeting_score.available_rubrics(self.store)
        current = meeting_score.current_rubric(self.store).id
        self._loading = True
        self.list.clear()
        for rubric in self.rubrics:
            kind = _("shipped, read-only") if rubric.id in self.shipped_ids else _("cell's copy")
            text = f"{rubric.name}\n({kind})"
            if rubric.id == current:
                text = "✔ " + text + "\n" + _("in use for the cell")
            item = QListWidgetItem(text)
            item.setData(Qt.UserRole, rubric.id)
            if rubric.id == current:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.list.addItem(item)
        self._loading = False
        ids = [r.id for r in self.rubrics]
        row = ids.index(select) if select in ids else 0
        self.list.setCurrentRow(row)
        self._row_changed(row, force=True)

    def _row_changed(self, row: int, force: bool = False) -> None:
        if self._loading or row < 0:
            return
        rubric = self.rubrics[row]
        if not force and self.rubric is not None and rubric.id == self.rubric.id:
            return
        if self.dirty and not self._may_discard():
            self._loading = True
            self.list.setCurrentRow([r.id for r in self.rubrics].index(self.rubric.id))
            self._loading = False
            return
        self.show_rubric(rubric)

    def _may_discard(self) -> bool:
        answer = ask(self, _("Unsaved changes"),
                     _("The rubric “{name}” has unsaved changes.").format(name=self.data.get("name")),
                     [("discard", _("&Discard the changes")), ("stay", _("&Keep editing"))],
                     kind="warning", default="stay")
        return answer == "discard"

    def select(self, rubric_id: str) -> None:
        self.list.setCurrentRow([r.id for r in self.rubrics].index(rubric_id))

    def use_selected(self) -> None:
        if self.rubric is None or self.dirty:
            return
        meeting_score.set_current_rubric(self.store, self.rubric.id)
        self.reload_list(self.rubric.id)
        self.status.setText(_("“{name}” is now used to score the cell's meetings.").format(
            name=self.rubric.name))

    def copy_selected(self) -> str | None:
        if self.rubric is None or (self.dirty and not self._may_discard()):
            return None
        dialog = CopyDialog(self.rubric, {r.id for r in self.rubrics}, self)
        if not dialog.exec():
            return None
        return self.make_copy(dialog.ident.text().strip(), dialog.name.text().strip())

    def make_copy(self, new_id: str, name: str) -> str:
        """Store a copy of the selected rubric and select it for editing."""
        data = scoring.copy_rubric(self.rubric, new_id, name)
        meeting_score.save_custom_rubric(self.store, data)
        self.dirty = False
        self.reload_list(new_id)
        self.status.setText(_("Copied. Edit the copy, then save it."))
        return new_id

    def delete_selected(self) -> None:
        if not self.editable:
            return
        if not confirm(self, _("Delete a rubric"),
                       _("Delete the rubric “{name}”? Meetings already scored with it keep "
                         "their scores.").format(name=self.rubric.name),
                       _("&Delete"), kind="warning"):
            return
        was_current = meeting_score.current_rubric(self.store).id == self.rubric.id
        meeting_score.delete_custom_rubric(self.store, self.rubric.id)
        self.dirty = False
        self.rubric = None
        self.reload_list(meeting_score.current_rubric(self.store).id)
        if was_current:
            inform(self, _("Delete a rubric"), _("The cell now uses “{name}” again.").format(
                name=meeting_score.current_rubric(self.store).name))

    # --- showing one rubric ---------------------------------------------------------------

    def show_rubric(self, rubric: scoring.Rubric) -> None:
        self.rubric = rubric
        self.data = scoring.rubric_to_dict(rubric)
        self.dirty = False
        self._criterion = None
        self.title.setText(rubric.name)
        lines = []
        if rubric.document and not self.editable:
            lines.append(_("Issued by: {document}").format(document=rubric.document))
        if not rubric.verified:
            lines.append(_("Unverified: taken from secondary copies, not checked against the "
                           "original document."))
        copied = rubric.data.get("copied_from") or {}
        if copied.get("id"):
            lines.append(_("Copied from “{id}”, version {version}.").format(
                id=copied["id"], version=copied.get("version", "")))
        if rubric.id in self.shipped_ids:
            if rubric.note:
                lines.append(_("Note: {note}").format(note=rubric.note))
            lines.append(_("Shipped with the app: it cannot be edited. Copy it to make the "
                           "cell's own version."))
        lines.append(_("Version: {version}").format(version=rubric.version))
        self.source.setText("\n".join(lines))
        self.header_box.setVisible(self.editable)
        self._loading = True
        self.name_edit.setText(self.data.get("name", ""))
        self.document_edit.setText(self.data.get("document", ""))
        self.note_edit.setPlainText(self.data.get("note", ""))
        self._loading = False
        self._fill_tree()
        self._fill_ratings()
        self._fill_caps()
        triggers = (QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                    | QAbstractItemView.SelectedClicked)
        for view in (self.tree, self.bands, self.ratings, self.caps):
            view.setEditTriggers(triggers if self.editable else QAbstractItemView.NoEditTriggers)
        for w in (self.add_criterion_button, self.remove_criterion_button):
            w.setVisible(self.editable)
        self.delete_button.setEnabled(self.editable)
        first = self.tree.topLevelItem(0)
        self.tree.setCurrentItem(first.child(0) if first and first.childCount() else first)
        self.refresh()

    def _item(self, texts: list[str]) -> QTreeWidgetItem:
        item = QTreeWidgetItem(texts)
        if self.editable:
            item.setFlags(item.flags() | Qt.ItemIsEditable)
        return item

    def _fill_tree(self) -> None:
        self._loading = True
        self.tree.clear()
        for gi, group in enumerate(self.data.get("groups", [])):
            g = self._item([group.get("name", ""), "", num(group.get("max")), ""])
            g.setData(0, Qt.UserRole, (gi, None))
            font = g.font(0)
            font.setBold(True)
            g.setFont(0, font)
            self.tree.addTopLevelItem(g)
            for ci, crit in enumerate(group.get("criteria", [])):
                c = self._item([crit.get("name", ""), self._kind_text(crit),
                                num(crit.get("max")), ""])
                c.setData(0, Qt.UserRole, (gi, ci))
                c.setToolTip(0, crit.get("name", ""))
                g.addChild(c)
            g.setExpanded(True)
        self._loading = False

    @staticmethod
    def _kind_text(crit: dict) -> str:
        return _(SHORT_KIND_LABELS.get(crit.get("kind"), N_("Points")))

    def _fill_ratings(self) -> None:
        self._loading = True
        ratings = self.data.get("ratings", [])
        self.ratings.setRowCount(len(ratings))
        for i, rating in enumerate(ratings):
            self.ratings.setItem(i, 0, QTableWidgetItem(rating.get("name", "")))
            self.ratings.setItem(i, 1, QTableWidgetItem(num(rating.get("min"))))
            upper = QTableWidgetItem()
            upper.setFlags(Qt.ItemIsEnabled)
            self.ratings.setItem(i, 2, upper)
        self._update_uppers()
        self._loading = False

    def _update_uppers(self) -> None:
        ratings = self.data.get("ratings", [])
        for i in range(len(ratings)):
            text = (_("{total} (the top)").format(total=scoring.rubric.TOTAL) if i == 0
                    else num(ratings[i - 1].get("min")))
            self.ratings.item(i, 2).setText(text)

    def _fill_caps(self) -> None:
        self._loading = True
        caps = self.data.get("caps", [])
        self.caps.setRowCount(len(caps))
        names = {}
        for g in self.data.get("groups", []):
            names[g.get("id")] = g.get("name", "")
            for c in g.get("criteria", []):
                names[c.get("id")] = c.get("name", "")
        for i, cap in enumerate(caps):
            self.caps.setItem(i, 0, QTableWidgetItem(cap.get("name", "")))
            target = cap.get("group") or cap.get("criterion") or ""
            item = QTableWidgetItem(names.get(target, target))
            item.setFlags(Qt.ItemIsEnabled)
            self.caps.setItem(i, 1, item)
            self.caps.setItem(i, 2, QTableWidgetItem(num(cap.get("max"))))
        self.caps.resizeRowsToContents()
        forced = ["• " + f.get("name", "") for f in self.data.get("forced", [])]
        self.forced_label.setText(_("Forced ratings:") + "\n" + "\n".join(forced) if forced else "")
        self._loading = False

    # --- the selected criterion --------------------------------------------------------------

    def _tree_current(self, item, _previous=None) -> None:
        where = item.data(0, Qt.UserRole) if item else None
        self._criterion = where if where and where[1] is not None else None
        self._show_criterion()

    def current_criterion(self) -> dict | None:
        if self._criterion is None:
            return None
        gi, ci = self._criterion
        try:
            return self.data["groups"][gi]["criteria"][ci]
        except (KeyError, IndexError):
            return None

    def _show_criterion(self) -> None:
        crit = self.current_criterion()
        self._loading = True
        kind = crit.get("kind") if crit else None
        self.criterion_name.setText(crit.get("name", "") if crit else
                                    _("Choose a criterion to see how it is scored."))
        self.kind_combo.setVisible(kind in EDITABLE_KINDS)
        self.kind_combo.setEnabled(self.editable)
        if kind in EDITABLE_KINDS:
            self.kind_combo.setCurrentIndex(EDITABLE_KINDS.index(kind))
        self.kind_label.setVisible(kind in EDITABLE_KINDS)
        if kind == "computed":
            source = crit.get("source", "")
            text = _("Computed from {what}; the secretary may override the suggestion with a "
                     "reason.").format(what=_(SOURCE_LABELS.get(source, source)))
            items = (crit.get("params") or {}).get("items")
            if items:
                labels = CHECKLISTS.get(source, {})
                text += "\n" + _("Checklist: {items}.").format(
                    items="; ".join(_(labels[i][0]) if i in labels else i for i in items))
            if crit.get("bands"):
                text += "\n" + _("Points by the value computed (0–100), highest band first.")
            elif source != "meeting_day":
                text += "\n" + _("Without bands: the points are in proportion to the value, "
                                 "rounded down to half points.")
            self.computed_label.setText(text)
        elif kind == "yesno":
            self.computed_label.setText(_("Yes gives the full points, no gives 0."))
        elif kind == "points":
            self.computed_label.setText(_("The secretary gives 0 up to the full points, in half "
                                          "points."))
        else:
            self.computed_label.setText("")
        self.computed_label.setVisible(bool(self.computed_label.text()))
        allowed = scoring.rubric.SOURCE_PARAMS.get(crit.get("source"), set()) if kind == "computed" else set()
        params = (crit.get("params") or {}) if crit else {}
        if "documents" not in (params.get("items") or []):
            allowed = allowed - {"documents_days_before"}   # only the documents item uses it
        for key, spin in self.param_spins.items():
            shown = key in allowed
            spin.setVisible(shown)
            self.param_labels[key].setVisible(shown)
            spin.setEnabled(self.editable)
            if shown:
                value = params.get(key, PARAM_DEFAULTS[key])
                spin.setValue(float(value) if isinstance(value, (int, float)) else 0)
        self._fill_bands(crit)
        self._loading = False
        self._decorate()

    def _fill_bands(self, crit: dict | None) -> None:
        kind = crit.get("kind") if crit else None
        has_bands = kind in ("band", "computed")
        for w in (self.bands_label, self.bands, self.add_band_button, self.remove_band_button):
            w.setVisible(has_bands)
        for w in (self.add_band_button, self.remove_band_button):
            w.setVisible(has_bands and self.editable)
        self.bands.setRowCount(0)
        if not has_bands:
            return
        bands = crit.get("bands") or []
        if kind == "band":
            self.bands.setColumnCount(2)
            self.bands.setHorizontalHeaderLabels([_("Band"), _("Points")])
            self.bands.horizontalHeader().setSectionResizeMode(0, QHeaderView.Stretch)
            self.bands.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeToContents)
        else:
            self.bands.setColumnCount(3)
            self.bands.setHorizontalHeaderLabels([_("Condition"), _("Value (0–100)"), _("Points")])
            for c in range(3):
                self.bands.horizontalHeader().setSectionResizeMode(
                    c, QHeaderView.Stretch if c == 0 else QHeaderView.ResizeToContents)
        self.bands.setRowCount(len(bands))
        for i, band in enumerate(bands):
            if kind == "band":
                self.bands.setItem(i, 0, QTableWidgetItem(band.get("name", "")))
                self.bands.setItem(i, 1, QTableWidgetItem(num(band.get("points"))))
            else:
                combo = QComboBox()
                combo.addItem(_("at least"), "min")
                combo.addItem(_("above"), "above")
                combo.setCurrentIndex(1 if "above" in band else 0)
                combo.setEnabled(self.editable)
                combo.currentIndexChanged.connect(lambda _i, row=i: self._band_condition(row))
                self.bands.setCellWidget(i, 0, combo)
                self.bands.setItem(i, 0, QTableWidgetItem())
                self.bands.item(i, 0).setFlags(Qt.ItemIsEnabled)
                self.bands.setItem(i, 1, QTableWidgetItem(num(band.get("above", band.get("min")))))
                self.bands.setItem(i, 2, QTableWidgetItem(num(band.get("points"))))

    # --- editing -------------------------------------------------------------------------

    def _edited(self) -> None:
        self.dirty = True
        self.refresh()

    def _set_top(self, key: str, text: str) -> None:
        if self._loading or not self.editable:
            return
        self.data[key] = nfc(text)
        self._edited()

    def _tree_changed(self, item: QTreeWidgetItem, column: int) -> None:
        if self._loading or not self.editable:
            return
        gi, ci = item.data(0, Qt.UserRole)
        target = self.data["groups"][gi] if ci is None else self.data["groups"][gi]["criteria"][ci]
        if column == 0:
            target["name"] = nfc(item.text(0)).strip()
            if ci is not None:
                item.setToolTip(0, target["name"])
        elif column == 2:
            value = parse_number(item.text(2))
            target["max"] = item.text(2) if value is None else value
        else:
            return
        self._edited()

    def _kind_changed(self, index: int) -> None:
        crit = self.current_criterion()
        if self._loading or crit is None or not self.editable:
            return
        kind = EDITABLE_KINDS[index]
        crit["kind"] = kind
        if kind == "band" and not crit.get("bands"):
            crit["bands"] = [{"id": "dat", "name": "Đạt", "points": crit.get("max", 0)},
                             {"id": "khong_dat", "name": "Không đạt", "points": 0}]
        elif kind != "band":
            crit.pop("bands", None)
        item = self.tree.currentItem()
        self._loading = True
        item.setText(1, self._kind_text(crit))
        self._loading = False
        self._show_criterion()
        self._edited()

    def _param_changed(self, key: str, value: float) -> None:
        crit = self.current_criterion()
        if self._loading or crit is None or not self.editable:
            return
        crit.setdefault("params", {})[key] = int(value)
        self._edited()

    def _band_changed(self, item: QTableWidgetItem) -> None:
        crit = self.current_criterion()
        if self._loading or crit is None or not self.editable:
            return
        band = crit["bands"][item.row()]
        col = item.column()
        if crit.get("kind") == "band":
            if col == 0:
                band["name"] = nfc(item.text()).strip()
            else:
                value = parse_number(item.text())
                band["points"] = item.text() if value is None else value
        elif col in (1, 2):
            value = parse_number(item.text())
            value = item.text() if value is None else value
            if col == 1:
                band["above" if "above" in band else "min"] = value
            else:
                band["points"] = value
        self._edited()

    def _band_condition(self, row: int) -> None:
        crit = self.current_criterion()
        if self._loading or crit is None or not self.editable:
            return
        band = crit["bands"][row]
        value = band.pop("above", band.pop("min", 0))
        key = self.bands.cellWidget(row, 0).currentData()
        band[key] = value
        self._edited()

    def add_band(self) -> None:
        crit = self.current_criterion()
        if crit is None or not self.editable:
            return
        bands = crit.setdefault("bands", [])
        if crit.get("kind") == "band":
            taken = {b.get("id") for b in bands}
            n = len(bands) + 1
            while f"muc_{n}" in taken:
                n += 1
            bands.append({"id": f"muc_{n}", "name": _("New band"), "points": 0})
        else:
            bands.append({"min": 0, "points": 0})
        self._show_criterion()
        self._edited()

    def remove_band(self) -> None:
        crit = self.current_criterion()
        row = self.bands.currentRow()
        if crit is None or not self.editable or row < 0:
            return
        del crit["bands"][row]
        self._show_criterion()
        self._edited()

    def add_criterion(self) -> None:
        item = self.tree.currentItem()
        if not self.editable or item is None:
            return
        gi, _ci = item.data(0, Qt.UserRole)
        taken = {c.get("id") for g in self.data["groups"] for c in g.get("criteria", [])}
        n = 1
        while f"tieu_chi_{n}" in taken:
            n += 1
        criteria = self.data["groups"][gi].setdefault("criteria", [])
        criteria.append({"id": f"tieu_chi_{n}", "name": _("New criterion"), "kind": "points",
                         "max": 0})
        self._fill_tree()
        self.tree.setCurrentItem(self.tree.topLevelItem(gi).child(len(criteria) - 1))
        self._edited()

    def remove_criterion(self) -> None:
        if not self.editable or self._criterion is None:
            return
        gi, ci = self._criterion
        crit = self.data["groups"][gi]["criteria"][ci]
        if not confirm(self, _("Remove a criterion"),
                       _("Remove the criterion “{name}”?").format(name=crit.get("name")),
                       _("&Remove")):
            return
        del self.data["groups"][gi]["criteria"][ci]
        self._fill_tree()
        self.tree.setCurrentItem(self.tree.topLevelItem(gi))
        self._edited()

    def _rating_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or not self.editable:
            return
        ratings = self.data["ratings"]
        i = item.row()
        if item.column() == 0:
            ratings[i]["name"] = nfc(item.text()).strip()
        elif item.column() == 1:
            value = parse_number(item.text())
            ratings[i]["min"] = item.text() if value is None else value
            if i + 1 < len(ratings) and value is not None:
                ratings[i + 1]["below"] = value   # the next rating runs up to this threshold
            self._loading = True
            self._update_uppers()
            self._loading = False
        else:
            return
        self._edited()

    def _cap_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or not self.editable:
            return
        cap = self.data["caps"][item.row()]
        if item.column() == 0:
            cap["name"] = nfc(item.text()).strip()
        elif item.column() == 2:
            value = parse_number(item.text())
            cap["max"] = item.text() if value is None else value
        else:
            return
        self._edited()

    # --- validation ---------------------------------------------------------------------

    def refresh(self) -> None:
        """Validate the edited rubric and show each error beside what it concerns."""
        self.errors = scoring.validate(self.data) if self.editable else []
        self._decorate()
        total = sum(g.get("max") for g in self.data.get("groups", [])
                    if isinstance(g.get("max"), (int, float)))
        self.total_label.setText(_("Groups add up to {sum} of {total} points.").format(
            sum=num(total), total=scoring.rubric.TOTAL))
        n = len(self.errors)
        self.save_button.setVisible(self.editable)
        self.undo_button.setVisible(self.editable)
        self.save_button.setEnabled(self.editable and self.dirty and n == 0)
        self.undo_button.setEnabled(self.dirty)
        self.use_button.setEnabled(not self.dirty)
        if n:
            self.status.setText(ngettext("{n} problem to fix before saving.",
                                         "{n} problems to fix before saving.", n).format(n=n))
            set_tone(self.status, "error")
        else:
            self.status.setText(_("Unsaved changes.") if self.dirty else "")
            set_tone(self.status, None)

    def _split(self) -> dict:
        """Errors sorted by where they are shown."""
        out = {"name": [], "tree": {}, "tree_all": [], "bands": {}, "ratings": {},
               "ratings_all": [], "caps": {}, "caps_all": [], "other": []}
        groups = self.data.get("groups", [])
        for error in self.errors:
            path = error.path
            error = scoring.ValidationError(path, friendly(error))
            if path.startswith("rubric."):
                out["name" if path == "rubric.name" else "other"].append(error.message)
            elif path.startswith("groups"):
                key = None
                for gi, g in enumerate(groups):
                    gp = f"groups.{g.get('id')}"
                    if not (path == gp or path.startswith(gp + ".") or path.startswith(f"groups[{gi}]")):
                        continue
                    key = (gi, None)
                    for ci, c in enumerate(g.get("criteria", [])):
                        cp = f"{gp}.criteria.{c.get('id')}"
                        if path == cp or path.startswith(cp + ".") or path.startswith(
                                f"{gp}.criteria[{ci}]"):
                            key = (gi, ci)
                            if ".bands" in path[len(cp):]:
                                out["bands"].setdefault(key, []).append(error.message)
                    break
                out["tree"].setdefault(key, []).append(error.message)
                out["tree_all"].append(error.message)
            elif path.startswith("ratings"):
                row = None
                for i, r in enumerate(self.data.get("ratings", [])):
                    if path.startswith(f"ratings.{r.get('id')}.") or path.startswith(f"ratings[{i}]"):
                        row = i
                out["ratings"].setdefault(row, []).append(error.message)
                out["ratings_all"].append(error.message)
            elif path.startswith(("caps", "forced")):
                m = re.match(r"caps\[(\d+)\]", path)
                out["caps"].setdefault(int(m.group(1)) if m else None, []).append(error.message)
                out["caps_all"].append(error.message)
            else:
                out["other"].append(error.message)
        return out

    def _decorate(self) -> None:
        split = self._split()
        self._loading = True
        self.name_error.set_error("\n".join(split["name"]) or None)
        normal = self.tree.palette().text()
        for gi in range(self.tree.topLevelItemCount()):
            g = self.tree.topLevelItem(gi)
            group = self.data["groups"][gi]
            sums = [c.get("max") for c in group.get("criteria", [])]
            ok_sums = all(isinstance(s, (int, float)) for s in sums)
            g.setText(3, num(sum(sums)) if ok_sums else "?")
            for item, key in [(g, (gi, None))] + [(g.child(ci), (gi, ci))
                                                   for ci in range(g.childCount())]:
                messages = split["tree"].get(key, [])
                for col in range(4):
                    item.setForeground(col, ERROR_BRUSH if messages else normal)
                item.setToolTip(2, "\n".join(messages))
                if key[1] is None:
                    item.setText(1, "⚠" if messages else "")
        self.tree_error.set_error("\n".join("• " + m for m in split["tree_all"]) or None)
        self.bands_error.set_error(
            "\n".join(split["bands"].get(self._criterion, [])) if self._criterion else None)
        for i in range(self.ratings.rowCount()):
            bad = i in split["ratings"]
            for col in range(2):
                if self.ratings.item(i, col):
                    self.ratings.item(i, col).setForeground(ERROR_BRUSH if bad else normal)
                    self.ratings.item(i, col).setToolTip("\n".join(split["ratings"].get(i, [])))
        self.ratings_error.set_error("\n".join(split["ratings_all"]) or None)
        for i in range(self.caps.rowCount()):
            bad = i in split["caps"]
            for col in range(3):
                if self.caps.item(i, col):
                    self.caps.item(i, col).setForeground(ERROR_BRUSH if bad else normal)
        self.caps_error.set_error("\n".join(split["caps_all"]) or None)
        tree_bad = bool(split["tree_all"])
        rating_bad = bool(split["ratings_all"] or split["caps_all"])
        self.tabs.setTabText(0, ("⚠ " if tree_bad else "") + _("Groups and criteria"))
        self.tabs.setTabText(1, ("⚠ " if rating_bad else "") + _("Ratings and caps"))
        self._loading = False

    # --- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        if not self.editable:
            return False
        self.refresh()
        if self.errors:
            return False
        data = copy.deepcopy(self.data)
        data["version"] = _bump(self.rubric.version)
        try:
            rubric = meeting_score.save_custom_rubric(self.store, data)
        except (scoring.RubricError, ValueError) as exc:
            inform(self, _("Scoring criteria"), str(exc), kind="error")
            return False
        self.dirty = False
        self.reload_list(rubric.id)
        self.status.setText(_("Saved as version {version}.").format(version=rubric.version))
        return True

    def _undo(self) -> None:
        if self.rubric is not None:
            self.show_rubric(self.rubric)

    def reject(self) -> None:
        if self.dirty and not self._may_discard():
            return
        super().reject()
