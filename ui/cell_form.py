"""The cell profile form, with the model-cell registrations by year."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
    QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea, QTableWidget, QTableWidgetItem,
    QVBoxLayout, QWidget,
)

from app.cell import (FIRST_DAY, NAME_FIELDS, add_name_change, name_history,
                      set_signer_mismatch_mode, signer_mismatch_mode, cell_rules, cell_rules_errors, committee_term_start,
                      delete_model_cell_registration, document_format, get_cell,
                      model_cell_registrations, save_cell, save_cell_rules,
                      save_model_cell_registration, save_switch_date, set_committee_term_start,
                      set_document_format)
from app import meeting_score
from app.documents.formats import format_profiles
from app.rules.messages import number
from app.i18n import _
from app.members import list_members
from app.model import (UNIT_TYPES, Cell, ModelCellRegistration, ValidationError, parse_date,
                       validate_cell)

from .widgets import DateEdit, ErrorLabel, format_ddmmyyyy, rubric_source_text, with_error

_TEXT_FIELDS = ("name", "parent_org", "upper_committee", "place_name", "upper_member_name",
                "upper_member_title", "default_time", "default_place")


class CellForm(QWidget):
    """Edit the one cell of the data file; ``saved`` after a successful save."""

    saved = Signal()
    cancelled = Signal()

    def __init__(self, store, cancel_text: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.cell = Cell()
        self.dirty = False
        self._loading = False
        self._removed_regs: list[str] = []
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)

        def line(name: str, placeholder: str = "") -> QWidget:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            edit.textChanged.connect(self._changed)
            self.edits[name] = edit
            box, self.errors[name] = with_error(edit)
            return box

        group = QGroupBox(_("The cell"))
        form = QFormLayout(group)
        form.addRow(_("Cell &name:"), line("name", _("e.g. Chi bộ Khoa Y tế công cộng")))
        form.addRow(_("&Parent organisation:"), line("parent_org", _("e.g. Đảng bộ Trường …")))
        form.addRow(_("&Upper committee:"), line("upper_committee", _("e.g. Đảng ủy Trường …")))
        form.addRow(_("Place name in &dates:"), line("place_name", _("e.g. Thái Bình")))
        self.unit_type = QComboBox()
        for key, label in UNIT_TYPES.items():
            self.unit_type.addItem(_(label), key)
        self.unit_type.currentIndexChanged.connect(self._changed)
        form.addRow(_("Unit &type:"), self.unit_type)
        self.has_committee = QCheckBox(_("The cell has a cell &committee (chi ủy)"))
        self.has_committee.toggled.connect(self._changed)
        form.addRow("", self.has_committee)
        self._label_buddies(form)
        grid.addWidget(group, 0, 0)

        group = QGroupBox(_("Leadership"))
        form = QFormLayout(group)
        self.secretary = QComboBox()
        self.deputy = QComboBox()
        for combo in (self.secretary, self.deputy):
            combo.currentIndexChanged.connect(self._changed)
        form.addRow(_("&Secretary:"), self.secretary)
        box, self.errors["deputy_id"] = with_error(self.deputy)
        form.addRow(_("De&puty secretary:"), box)
        form.addRow(_("Upper-level &member:"), line("upper_member_name",
                                                   _("assigned upper committee member")))
        form.addRow(_("Their t&itle:"), line("upper_member_title", _("e.g. Ủy viên Ban Thường vụ")))
        self._label_buddies(form)
        grid.addWidget(group, 1, 0)

        group = QGroupBox(_("Regular meetings"))
        form = QFormLayout(group)
        form.addRow(_("Usual start &time:"), line("default_time", "14:00"))
        self.edits["default_time"].setMaximumWidth(
            self.fontMetrics().horizontalAdvance("00:00") * 3)
        form.addRow(_("Usual p&lace:"), line("default_place", _("meeting room")))
        # The cell's rules (app.cell.save_cell_rules); not fields of the Cell record.
        self.rule_edits: dict[str, QLineEdit] = {}
        for key, label in (("regular_minutes", _("Minimum duration, regular meeting (minutes):")),
                           ("combined_minutes", _("Minimum duration, combined sitting (minutes):")),
                           ("attendance_rate", _("Attendance threshold (% present, more than):"))):
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setAccessibleName(label.rstrip(":"))
            edit.setMaximumWidth(self.fontMetrics().horizontalAdvance("0000") * 3)
            edit.textChanged.connect(self._changed)
            self.rule_edits[key] = edit
            box, self.errors[key] = with_error(edit)
            form.addRow(label, box)
        # Meetings from this date follow Hướng dẫn 42-HD/BTCTW (28/10/2025); empty: that date.
        self.switch_date = DateEdit()
        self.switch_date.setObjectName("switch_date")
        label = _("Procedure of Guidance 42-HD/BTCTW (28/10/2025) from:")
        self.switch_date.setAccessibleName(label.rstrip(":"))
        self.switch_date.setToolTip(_("Meetings dated from this day follow Guidance 42-HD/BTCTW "
                                      "of 28/10/2025; earlier ones Guidance 12-HD/BTCTW of "
                                      "06/7/2018. A meeting keeps the procedure it was created "
                                      "with."))
        self.switch_date.textChanged.connect(self._changed)
        box, self.errors["switch_date"] = with_error(self.switch_date)
        form.addRow(label, box)
        self._label_buddies(form)
        grid.addWidget(group, 0, 1)

        # The documents: the format profile and the committee term the numbers run in.
        group = QGroupBox(_("Documents"))
        form = QFormLayout(group)
        self.doc_format = QComboBox()
        self.doc_format.setObjectName("doc_format")
        for profile in format_profiles().values():
            self.doc_format.addItem(profile.name, profile.id)
        self.doc_format.currentIndexChanged.connect(self._changed)
        self.doc_format.currentIndexChanged.connect(self._show_format)
        form.addRow(_("Document &format:"), self.doc_format)
        self.format_note = QLabel()
        self.format_note.setWordWrap(True)
        form.addRow("", self.format_note)
        # The scoring rubric is the cell's choice: never switched by date (a newer rubric
        # applies once the cell chooses it); its source and status are shown.
        self.rubric = QComboBox()
        self.rubric.setObjectName("rubric")
        # Long rubric names must not widen the form on a small screen.
        self.rubric.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.rubric.setMinimumContentsLength(12)
        self.rubric.currentIndexChanged.connect(self._changed)
        self.rubric.currentIndexChanged.connect(self._show_rubric)
        form.addRow(_("Scoring &rubric:"), self.rubric)
        self.rubric_note = QLabel()
        self.rubric_note.setObjectName("rubric_note")
        self.rubric_note.setWordWrap(True)
        form.addRow("", self.rubric_note)
        self.term_start = QLineEdit()
        self.term_start.setObjectName("term_start")
        self.term_start.setPlaceholderText(_("dd/mm/yyyy"))
        self.term_start.setToolTip(_("Documents are numbered from 01 per type in each committee "
                                     "term."))
        self.term_start.textChanged.connect(self._changed)
        box, self.errors["term_start"] = with_error(self.term_start)
        form.addRow(_("Committee &term starts:"), box)
        self.signer_mismatch = QComboBox()
        self.signer_mismatch.setObjectName("signer_mismatch")
        self.signer_mismatch.addItem(_("allowed with a reason"), "reason")
        self.signer_mismatch.addItem(_("refused"), "refuse")
        self.signer_mismatch.setToolTip(_("When a certificate's owner is not the person printed "
                                          "under the signature block."))
        self.signer_mismatch.currentIndexChanged.connect(self._changed)
        form.addRow(_("Signing for &someone else:"), self.signer_mismatch)
        self._label_buddies(form)
        grid.addWidget(group, 2, 0)

        # Names with dates: a merger renames the cell, its upper bodies and the place; each
        # document keeps the names in force on its meeting's date.
        group = QGroupBox(_("Names with dates"))
        box = QVBoxLayout(group)
        self.names = QTableWidget(0, 5)
        self.names.setObjectName("name_history")
        self.names.setHorizontalHeaderLabels([_("Valid from"), _("Cell name"),
                                              _("Parent organisation"), _("Upper committee"),
                                              _("Place name")])
        self.names.verticalHeader().setVisible(False)
        self.names.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.names.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeToContents)
        box.addWidget(self.names)
        hint = QLabel(_("To record new names (e.g. after a merger): type them in the fields "
                        "above, enter the date they take effect, then record the change."))
        hint.setWordWrap(True)
        box.addWidget(hint)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Valid from:")))
        self.names_from = DateEdit()
        self.names_from.setObjectName("names_from")
        row.addWidget(self.names_from)
        self.add_names_button = QPushButton(_("Record the change of &names"))
        self.add_names_button.clicked.connect(self.add_name_change)
        row.addWidget(self.add_names_button)
        row.addStretch(1)
        box.addLayout(row)
        self.names_error = ErrorLabel()
        box.addWidget(self.names_error)
        grid.addWidget(group, 2, 1)

        group = QGroupBox(_("Model cell registrations"))
        box = QVBoxLayout(group)
        self.regs = QTableWidget(0, 3)
        self.regs.setHorizontalHeaderLabels([_("Year"), _("Registered content"),
                                             _("Registered on")])
        header = self.regs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeToContents)
        self.regs.verticalHeader().setVisible(False)
        self.regs.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.regs.setWordWrap(True)
        self.regs.itemChanged.connect(self._changed)
        box.addWidget(self.regs)
        buttons = QHBoxLayout()
        self.add_reg_button = QPushButton(_("&Add a year"))
        self.add_reg_button.clicked.connect(self.add_registration)
        self.remove_reg_button = QPushButton(_("Remo&ve the selected year"))
        self.remove_reg_button.clicked.connect(self.remove_registration)
        buttons.addWidget(self.add_reg_button)
        buttons.addWidget(self.remove_reg_button)
        buttons.addStretch(1)
        box.addLayout(buttons)
        self.reg_error = ErrorLabel()
        box.addWidget(self.reg_error)
        grid.addWidget(group, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        self._grid, self._scroll, self._columns = grid, scroll, 2
        self._places = {grid.itemAt(i).widget(): grid.getItemPosition(i)[:2]
                        for i in range(grid.count())}

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 6, 0, 0)
        self.status = QLabel()
        bar.addWidget(self.status, 1)
        self.cancel_button = QPushButton(cancel_text or _("&Undo changes"))
        self.cancel_button.clicked.connect(self._cancel)
        self.save_button = QPushButton(_("&Save"))
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        bar.addWidget(self.cancel_button)
        bar.addWidget(self.save_button)
        outer.addLayout(bar)
        self.load()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt name
        super().resizeEvent(event)
        self._fit_columns()

    def _fit_columns(self) -> None:
        """Two columns of groups when they fit, one under the other when not (large text on
        a 1280-px screen): the page never scrolls sideways."""
        grid = self._grid
        need = grid.contentsMargins().left() + grid.contentsMargins().right() + \
            grid.horizontalSpacing()
        for col in (0, 1):
            need += max(w.minimumSizeHint().width() for w, (_r, c) in self._places.items()
                        if c == col)
        free = self.width() - self._scroll.verticalScrollBar().sizeHint().width() - 4
        columns = 2 if free >= need else 1
        if columns == self._columns:
            return
        self._columns = columns
        for w in self._places:
            grid.removeWidget(w)
        for w, (r, c) in self._places.items():
            if columns == 2:
                grid.addWidget(w, r, c)
            else:
                grid.addWidget(w, r + 3 * c, 0)
        grid.setColumnStretch(1, 1 if columns == 2 else 0)
        grid.setRowStretch(3, 1 if columns == 2 else 0)
        grid.setRowStretch(6, 0 if columns == 2 else 1)

    @staticmethod
    def _label_buddies(form: QFormLayout) -> None:
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.LabelRole)
            field = form.itemAt(row, QFormLayout.FieldRole)
            if label and field and isinstance(label.widget(), QLabel):
                label.widget().setBuddy(field.widget())

    def focus_first(self) -> None:
        self.edits["name"].setFocus(Qt.OtherFocusReason)

    # --- loading -------------------------------------------------------------------------

    def load(self) -> None:
        self._loading = True
        try:
            self.cell = get_cell(self.store) or Cell()
            for name, edit in self.edits.items():
                edit.setText(getattr(self.cell, name))
            rules = cell_rules(self.store)
            for key, edit in self.rule_edits.items():
                edit.setText(number(getattr(rules, key)))
            self.switch_date.setDate(rules.switch_date)
            self.unit_type.setCurrentIndex(max(0, self.unit_type.findData(self.cell.unit_type)))
            self.has_committee.setChecked(self.cell.has_committee)
            self.doc_format.setCurrentIndex(max(0, self.doc_format.findData(
                document_format(self.store).id)))
            self.term_start.setText(format_ddmmyyyy(committee_term_start(self.store)))
            self.signer_mismatch.setCurrentIndex(max(0, self.signer_mismatch.findData(
                signer_mismatch_mode(self.store))))
            self._show_format()
            self.rubric.clear()
            self._rubrics = {r.id: r for r in meeting_score.available_rubrics(self.store)}
            for r in self._rubrics.values():
                self.rubric.addItem(r.name, r.id)
                self.rubric.setItemData(self.rubric.count() - 1, r.name, Qt.ToolTipRole)
            self.rubric.setCurrentIndex(max(0, self.rubric.findData(
                meeting_score.current_rubric(self.store).id)))
            self._show_rubric()
            members = list_members(self.store, include_left=False)
            for combo, current in ((self.secretary, self.cell.secretary_id),
                                   (self.deputy, self.cell.deputy_id)):
                combo.clear()
                combo.addItem(_("(not chosen)"), "")
                for m in members:
                    combo.addItem(m.full_name, m.id)
                combo.setCurrentIndex(max(0, combo.findData(current)))
            self._show_names()
            self.regs.setRowCount(0)
            self._removed_regs = []
            for reg in model_cell_registrations(self.store) if self.cell.id else []:
                self._append_reg(reg)
            self.regs.resizeRowsToContents()
        finally:
            self._loading = False
        self.dirty = False
        self.validate()

    def reload(self) -> None:
        if not self.dirty:
            self.load()

    def _append_reg(self, reg: ModelCellRegistration) -> None:
        row = self.regs.rowCount()
        self.regs.insertRow(row)
        year = QTableWidgetItem(str(reg.year) if reg.year else "")
        year.setData(Qt.UserRole, reg.id)
        self.regs.setItem(row, 0, year)
        content = QTableWidgetItem(reg.content)
        content.setToolTip(reg.content)
        self.regs.setItem(row, 1, content)
        self.regs.setItem(row, 2, QTableWidgetItem(format_ddmmyyyy(reg.registered_on)))

    def add_registration(self) -> None:
        years = [r.year for r in self.registrations()[0]]
        year = max(years) + 1 if years else dt.date.today().year
        self._append_reg(ModelCellRegistration(year=year))
        row = self.regs.rowCount() - 1
        self.regs.setCurrentCell(row, 1)
        self.regs.editItem(self.regs.item(row, 1))
        self._changed()

    def remove_registration(self) -> None:
        row = self.regs.currentRow()
        if row < 0:
            return
        reg_id = self.regs.item(row, 0).data(Qt.UserRole)
        if reg_id:
            self._removed_regs.append(reg_id)
        self.regs.removeRow(row)
        self._changed()

    # --- validation and saving -----------------------------------------------------------

    def current_cell(self) -> Cell:
        cell = Cell(id=self.cell.id)
        for name, edit in self.edits.items():
            setattr(cell, name, edit.text().strip())
        cell.unit_type = self.unit_type.currentData() or "other"
        cell.has_committee = self.has_committee.isChecked()
        cell.secretary_id = self.secretary.currentData() or ""
        cell.deputy_id = self.deputy.currentData() or ""
        return cell

    def rule_values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.rule_edits.items()}

    def registrations(self) -> tuple[list[ModelCellRegistration], str | None]:
        """The table's rows, and the first problem (Vietnamese) if any."""
        regs, problem, seen = [], None, set()
        for row in range(self.regs.rowCount()):
            def text(col: int) -> str:
                item = self.regs.item(row, col)
                return item.text().strip() if item else ""
            reg = ModelCellRegistration(id=self.regs.item(row, 0).data(Qt.UserRole) or "",
                                        content=text(1))
            where = _("Registration row {row}: ").format(row=row + 1)
            try:
                reg.year = int(text(0))
                if not 1990 <= reg.year <= 2100:
                    raise ValueError
            except ValueError:
                problem = problem or where + _("enter the year, e.g. {year}.").format(
                    year=dt.date.today().year)
            if reg.year in seen:
                problem = problem or where + _("the year {year} is listed twice.").format(
                    year=reg.year)
            seen.add(reg.year)
            if not reg.content:
                problem = problem or where + _("enter the registered content.")
            try:
                reg.registered_on = parse_date(text(2))
            except ValueError as exc:
                problem = problem or where + str(exc)
            regs.append(reg)
        return regs, problem

    def _changed(self, *args) -> None:
        if self._loading:
            return
        self.dirty = True
        self.validate()

    def validate(self) -> bool:
        errors = {}
        for error in validate_cell(self.current_cell()) + cell_rules_errors(
                self.store, **self.rule_values()):
            errors.setdefault(error.field, error.message)
        try:
            self.switch_date.date()
        except ValueError as exc:
            errors["switch_date"] = str(exc)
        try:
            parse_date(self.term_start.text())
        except ValueError as exc:
            errors["term_start"] = str(exc)
        for name, label in self.errors.items():
            label.set_error(errors.get(name))
        _regs, problem = self.registrations()
        self.reg_error.set_error(problem)
        ok = not errors and not problem
        self.save_button.setEnabled(ok)
        self.status.setText(_("Unsaved changes.") if self.dirty else "")
        return ok

    def _show_names(self) -> None:
        history = name_history(self.store)
        self.names.setRowCount(len(history))
        for r, h in enumerate(history):
            since = ("" if h["valid_from"] == FIRST_DAY
                     else format_ddmmyyyy(dt.date.fromisoformat(h["valid_from"])))
            for c, text in enumerate((since or _("(before)"), h["name"], h["parent_org"],
                                      h["upper_committee"], h["place_name"])):
                self.names.setItem(r, c, QTableWidgetItem(text or ""))

    def add_name_change(self) -> bool:
        """Record the names typed above as valid from the date typed (one transaction)."""
        self.names_error.set_error(None)
        try:
            day = self.names_from.date()
        except ValueError as exc:
            self.names_error.set_error(str(exc))
            return False
        names = {k: self.edits[k].text() for k in NAME_FIELDS}
        try:
            add_name_change(self.store, day, **names)
        except ValidationError as exc:
            self.names_error.set_error("; ".join(e.message for e in exc.errors))
            return False
        self.names_from.clear()
        self.load()
        self.dirty = False
        self.status.setText(_("The change of names is recorded."))
        return True

    def save(self) -> bool:
        if not self.validate():
            return False
        cell = self.current_cell()
        regs, _problem = self.registrations()
        try:
            with self.store.atomic():
                save_cell(self.store, cell)
                save_cell_rules(self.store, **self.rule_values())
                save_switch_date(self.store, self.switch_date.date())
                set_document_format(self.store, self.doc_format.currentData())
                set_committee_term_start(self.store, parse_date(self.term_start.text()))
                set_signer_mismatch_mode(self.store, self.signer_mismatch.currentData())
                if self.rubric.currentData():
                    meeting_score.set_current_rubric(self.store, self.rubric.currentData())
                for reg_id in self._removed_regs:
                    delete_model_cell_registration(self.store, reg_id)
                for reg in regs:
                    save_model_cell_registration(self.store, reg)
        except ValidationError as exc:
            for error in exc.errors:
                if error.field in self.errors:
                    self.errors[error.field].set_error(error.message)
            self.save_button.setEnabled(False)
            return False
        self.load()
        self.status.setText(_("Saved."))
        self.saved.emit()
        return True

    def _show_format(self, *args) -> None:
        """The chosen profile's source, and whether it is confirmed."""
        profile = format_profiles().get(self.doc_format.currentData())
        if profile is None:
            self.format_note.setText("")
            return
        note = profile.description
        if not profile.confirmed:
            note += " " + _("Taken from secondary copies until confirmed.")
        self.format_note.setText(note)

    def _show_rubric(self, *args) -> None:
        """Ask for the upper committee's rubric; the chosen one's source and status."""
        rubric = getattr(self, "_rubrics", {}).get(self.rubric.currentData())
        lines = [_("Choose the rubric the upper committee uses to score meetings; the app "
                   "never changes it by date.")]
        if rubric is not None:
            lines.append(rubric_source_text(rubric))
        self.rubric_note.setText("\n".join(line for line in lines if line))

    def _cancel(self) -> None:
        self.load()
        self.cancelled.emit()


class CellPage(CellForm):
    """The "Cell" section: the form, telling the shell when the cell changed."""

    def __init__(self, shell):
        super().__init__(shell.store)
        self.shell = shell
        self.saved.connect(shell.data_changed)
