"""Step "Preparation": who prepared the content, the draft, the committee meeting, the notice
and documents sent (files copied with their SHA-256), the agenda, last meeting's tasks."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit,
    QListWidget, QListWidgetItem, QVBoxLayout,
)

from app import handbook_pack, meetings
from app.exchange import inbox
from app.i18n import N_, _
from app.model import parse_date

from ..inbox_texts import office_document_text
from ..office import choose_folder
from ..widgets import DateEdit, choose_file, inform, size_text
from .base import (MemberPicker, ResolutionTypeBox, StepPage, TextBox, add_row, bind_date, button,
                   error_label, form_group, note_label, roll_people, row, with_label)

OUTCOMES = (("", N_("— not reviewed —")), ("done", N_("Done")), ("partly", N_("Partly done")),
            ("not_done", N_("Not done")))
DATE_FIELDS = (("committee_met", N_("Cell &committee met on:")),
               ("notice_sent", N_("&Notice of time, place and content sent on:")),
               ("documents_sent", N_("&Documents sent to members on:")),
               ("upper_notified", N_("&Upper-committee member notified on:")),
               ("documents_on_handbook", N_("Documents put on the Sổ tay (e-&handbook) on:")))


class PreparationPage(StepPage):
    def build(self) -> None:
        box, form = form_group(_("Content and draft"))
        self.content_by = MemberPicker(empty=_("— choose —"))
        self.content_by.currentIndexChanged.connect(self._content_by)
        add_row(form, _("Content &prepared by:"), self.content_by)
        self.resolution_type = ResolutionTypeBox(self)
        add_row(form, _("The meeting ends with a:"), self.resolution_type)
        self.draft = TextBox(5)
        self.draft.setPlaceholderText(_("The draft resolution or the expected conclusion"))
        self.bind_text(self.draft, "draft", self._draft)
        add_row(form, _("D&raft text:"), self.draft)
        self.dates: dict[str, DateEdit] = {}
        for key, label in DATE_FIELDS:
            edit = DateEdit()
            err = error_label()
            bind_date(self, edit, key, lambda day, key=key: self._set_prep(
                **{key: day.isoformat() if day else None}), err)
            self.dates[key] = edit
            add_row(form, _(label), with_label(edit, err), edit)
        # several lines under its label: the report is a sentence, cut in a one-line field
        self.fee_report = TextBox(2)
        self.fee_report.setPlaceholderText(_("Collected and paid party fees, to report at the "
                                             "opening"))
        self.bind_text(self.fee_report, "fee_report",
                       lambda text: self._set_prep(fee_report=text.strip()))
        add_row(form, _("Party-&fee report:"), self.fee_report)
        self.layout_.addWidget(box)

        box = QGroupBox(_("Documents sent in advance"))
        layout = QVBoxLayout(box)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(self.fontMetrics().height() * 5)
        self.attachments.setAccessibleName(_("Attached documents"))
        layout.addWidget(self.attachments)
        self.attach_button = button(_("&Attach a document…"), _(
            "The file is copied into the app's storage with its SHA-256 fingerprint."))
        self.attach_button.clicked.connect(self._attach)
        self.handbook_button = button(_("Files for the &Sổ tay…"), _(
            "Writes the agenda and the attached documents into a folder, named for upload to the "
            "Sổ tay đảng viên điện tử, and records today as the day they were put there."))
        self.handbook_button.clicked.connect(self._handbook_pack)
        layout.addWidget(row(self.attach_button, self.handbook_button))
        self.office_label = QLabel(_("From the party office:"))
        layout.addWidget(self.office_label)
        self.office_docs = QListWidget()
        self.office_docs.setMaximumHeight(self.fontMetrics().height() * 5)
        self.office_docs.setAccessibleName(_("Documents sent down by the party office"))
        layout.addWidget(self.office_docs)
        self.layout_.addWidget(box)

        box = QGroupBox(_("Agenda"))
        layout = QVBoxLayout(box)
        layout.addWidget(note_label(_("F2 or a double click edits an item; the default agenda "
                                      "comes from the procedure.")))
        self.agenda = QListWidget()
        self.agenda.setAccessibleName(_("Agenda"))
        self.agenda.setEditTriggers(QAbstractItemView.DoubleClicked | QAbstractItemView.EditKeyPressed
                                    | QAbstractItemView.SelectedClicked)
        self.agenda.setMinimumHeight(self.fontMetrics().height() * 9)
        self.agenda.itemChanged.connect(self._agenda_edited)
        layout.addWidget(self.agenda)
        self.add_item = button(_("Add an item"))
        self.add_item.clicked.connect(self._agenda_add)
        self.remove_item = button(_("Remove"))
        self.remove_item.clicked.connect(self._agenda_remove)
        self.up_item = button(_("Up"))
        self.up_item.clicked.connect(lambda: self._agenda_move(-1))
        self.down_item = button(_("Down"))
        self.down_item.clicked.connect(lambda: self._agenda_move(1))
        self.default_agenda = button(_("Default agenda"))
        self.default_agenda.clicked.connect(self._agenda_default)
        layout.addWidget(row(self.add_item, self.remove_item, self.up_item, self.down_item,
                             self.default_agenda))
        self.layout_.addWidget(box)

        self.previous_box = QGroupBox(_("Last meeting's tasks"))
        self.previous_layout = QGridLayout(self.previous_box)
        self.previous_rows: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.layout_.addWidget(self.previous_box)

    def _load_office_documents(self) -> None:
        """What the office sent down (checked against its key when imported)."""
        docs = inbox.office_documents(self.store)
        self.office_docs.clear()
        for d in docs:
            self.office_docs.addItem(office_document_text(d))
        self.office_label.setVisible(bool(docs))
        self.office_docs.setVisible(bool(docs))

    def first_field(self):
        return self.content_by

    # --- loading --------------------------------------------------------------------------
    def load(self, record: dict) -> None:
        prep = record.get("preparation") or {}
        self._load_office_documents()
        self.content_by.set_people(roll_people(meetings.roll(self.store, self.mid)))
        index = self.content_by.findText(prep.get("content_by") or "")
        self.content_by.setCurrentIndex(max(index, 0))
        self.resolution_type.load(record)
        self.draft.setText((record.get("resolution") or {}).get("text") or "")
        for key, edit in self.dates.items():
            if not edit.hasFocus():
                edit.setDate(parse_date(prep.get(key)) if prep.get(key) else None)
        if not self.fee_report.hasFocus():
            self.fee_report.setText(prep.get("fee_report") or "")
        self.attachments.clear()
        for a in record.get("attachments") or []:
            self.attachments.addItem(f"{a['name']}  ({size_text(a['size'])})")
            self.attachments.item(self.attachments.count() - 1).setToolTip(
                _("Fingerprint (SHA-256): {fingerprint}").format(fingerprint=a["sha256"]))
        self._fill_agenda(record)
        self._fill_previous()

    def _fill_agenda(self, record: dict) -> None:
        levels = {h.id: h.level for h in self.session.procedure.agenda}
        self.agenda.blockSignals(True)
        current = self.agenda.currentRow()
        self.agenda.clear()
        for a in record.get("agenda") or []:
            item = QListWidgetItem(a["title"])
            item.setData(Qt.UserRole, a["id"])
            item.setFlags(item.flags() | Qt.ItemIsEditable)
            if levels.get(a["id"], 1) == 2:
                item.setText("      " + a["title"])  # an item under the heading above
            else:
                font = item.font()
                font.setBold(a["id"] in levels)
                item.setFont(font)
            self.agenda.addItem(item)
        self.agenda.setCurrentRow(min(current, self.agenda.count() - 1))
        self.agenda.blockSignals(False)

    def _fill_previous(self) -> None:
        tasks = meetings.previous_tasks(self.store, self.mid)
        if set(self.previous_rows) != {t["id"] for t in tasks}:
            while self.previous_layout.count():
                w = self.previous_layout.takeAt(0).widget()
                if w is not None:
                    w.deleteLater()
            self.previous_rows = {}
            if not tasks:
                self.previous_layout.addWidget(note_label(_("No tasks from the last meeting.")),
                                               0, 0)
            for n, t in enumerate(tasks):
                text = QLabel(f"{t['text']} — {t['assignee']}")
                text.setWordWrap(True)
                combo = QComboBox()
                for key, label in OUTCOMES:
                    combo.addItem(_(label), key)
                combo.setAccessibleName(_("Outcome of: {task}").format(task=t["text"]))
                combo.currentIndexChanged.connect(lambda _i, tid=t["id"]: self._review(tid, now=True))
                note = QLineEdit()
                note.setPlaceholderText(_("Note"))
                note.textChanged.connect(lambda _t, tid=t["id"]: self._review(tid))
                note.editingFinished.connect(self.committer.flush)
                self.previous_layout.addWidget(text, n, 0)
                self.previous_layout.addWidget(combo, n, 1)
                self.previous_layout.addWidget(note, n, 2)
                self.previous_rows[t["id"]] = (combo, note)
            self.previous_layout.setColumnStretch(0, 3)
            self.previous_layout.setColumnStretch(2, 2)
            self.set_read_only(self.frame.read_only)
        for t in tasks:
            combo, note = self.previous_rows[t["id"]]
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(t["outcome"] or "")))
            combo.blockSignals(False)
            if not note.hasFocus():
                note.blockSignals(True)
                note.setText(t["note"] or "")
                note.blockSignals(False)

    # --- committing ---------------------------------------------------------------------------
    def _set_prep(self, **values) -> None:
        meetings.update_preparation(self.store, self.mid, values)

    def _content_by(self) -> None:
        name = self.content_by.currentText() if self.content_by.currentData() else ""
        self.commit_now(lambda: self._set_prep(content_by=name))

    def _draft(self, text: str) -> None:
        meetings.update_preparation(self.store, self.mid, {"draft_done": bool(text.strip())},
                                    resolution_text=text)

    def _review(self, task_id: str, now: bool = False) -> None:
        if self._loading:
            return
        combo, note = self.previous_rows[task_id]

        def commit():
            meetings.review_previous_task(self.store, self.mid, task_id, combo.currentData(),
                                          note.text())
        if now:
            self.commit_now(commit)
        else:
            self.committer.later(f"review:{task_id}", commit)

    def _attach(self) -> None:
        path = choose_file(self, _("Attach a document"), _("All files (*)"))
        if path is None:
            return
        self.commit_now(lambda: meetings.attach_file(self.store, self.mid, path))
        self.reload()

    def _handbook_pack(self) -> None:
        folder = choose_folder(self, _("Folder for the Sổ tay files"))
        if folder is None:
            return
        self.committer.flush()
        try:
            pack = handbook_pack.write_pack(self.store, self.mid, folder, "before")
        except handbook_pack.PackError as exc:
            inform(self, _("Sổ tay đảng viên điện tử"), exc.message(), kind="error")
            return
        self.reload()
        inform(self, _("Sổ tay đảng viên điện tử"),
               _("Written to {folder}:").format(folder=folder) + "\n"
               + "\n".join(p.name for p in pack.files))

    def _agenda_titles(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.agenda.count()):
            item = self.agenda.item(i)
            title = item.text().strip()
            if title:
                out.append((item.data(Qt.UserRole) or "", title))
        return out

    def _save_agenda(self, titles: list[tuple[str, str]] | None = None, select: int | None = None):
        self.commit_now(lambda: meetings.set_agenda(self.store, self.mid,
                                                    titles if titles is not None
                                                    else self._agenda_titles()))
        self.reload()
        if select is not None and self.agenda.count():
            self.agenda.setCurrentRow(max(0, min(select, self.agenda.count() - 1)))

    def _agenda_edited(self, _item) -> None:
        if not self._loading:
            self._save_agenda(select=self.agenda.currentRow())

    def _agenda_add(self) -> None:
        titles = self._agenda_titles()
        at = self.agenda.currentRow() + 1 if self.agenda.currentRow() >= 0 else len(titles)
        titles.insert(at, ("", _("New item")))
        self._save_agenda(titles, select=at)
        self.agenda.setFocus()
        self.agenda.editItem(self.agenda.item(at))

    def _agenda_remove(self) -> None:
        i = self.agenda.currentRow()
        titles = self._agenda_titles()
        if 0 <= i < len(titles):
            del titles[i]
            self._save_agenda(titles, select=i)

    def _agenda_move(self, delta: int) -> None:
        i = self.agenda.currentRow()
        titles = self._agenda_titles()
        j = i + delta
        if 0 <= i < len(titles) and 0 <= j < len(titles):
            titles[i], titles[j] = titles[j], titles[i]
            self._save_agenda(titles, select=j)

    def _agenda_default(self) -> None:
        self._save_agenda(self.session.default_agenda(), select=0)
