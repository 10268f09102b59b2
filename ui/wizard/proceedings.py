"""Step "Proceedings": the secretary's report, the speakers list (a speaker is added with two
keystrokes: a letter of the name, then Enter), an optional timer per speech, the orientation.
The thematic meeting's version has the topic's purpose, the drafter's presentation, the
contributions and the drafter's response."""
from __future__ import annotations

import time

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QGroupBox, QLabel, QVBoxLayout

from app import meetings, thematic
from app.i18n import N_, _

from .base import (MemberPicker, StepPage, TextBox, add_row, button, form_group, note_label,
                   present_people, roll_people, row)

SPEECH_KINDS = (("opinion", N_("Opinion")), ("self_criticism", N_("Self-criticism")),
                ("criticism", N_("Criticism of a member")), ("proposal", N_("Proposal")))


def agenda_combo(record: dict, empty: str) -> QComboBox:
    combo = QComboBox()
    fill_agenda(combo, record, empty)
    return combo


def fill_agenda(combo: QComboBox, record: dict, empty: str) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(empty, None)
    for a in record.get("agenda") or []:
        title = a["title"]
        combo.addItem(title if len(title) < 60 else title[:57] + "…", a["id"])
        combo.setItemData(combo.count() - 1, title, Qt.ToolTipRole)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def _clock(seconds: int) -> str:
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class SpeechRow(QFrame):
    def __init__(self, page: "ProceedingsPage", speech: dict, record: dict, people):
        super().__init__()
        self.page = page
        self.speech_id = speech["id"]
        self.seconds = speech["seconds"] or 0
        self.started: float | None = None
        self.setFrameShape(QFrame.StyledPanel)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.speaker = QLabel(f"<b>{speech['speaker']}</b>")
        self.speaker.setWordWrap(True)
        grid.addWidget(self.speaker, 0, 0, 1, 2)
        self.kind = QComboBox()
        for key, label in SPEECH_KINDS:
            self.kind.addItem(_(label), key)
        self.kind.setAccessibleName(_("Kind of speech"))
        grid.addWidget(self.kind, 1, 0)
        self.target = MemberPicker(empty=_("— whom —"))
        self.target.set_people(people)
        self.target.setAccessibleName(_("Member criticised"))
        grid.addWidget(self.target, 1, 1)
        self.agenda = agenda_combo(record, _("— agenda item —"))
        self.agenda.setAccessibleName(_("Agenda item"))
        grid.addWidget(self.agenda, 1, 2, 1, 2)
        self.timer_button = button("◷ " + _clock(self.seconds), _("Start / stop the timer of "
                                                                  "this speech"))
        self.timer_button.clicked.connect(self.toggle_timer)
        grid.addWidget(self.timer_button, 0, 2)
        self.remove = button(_("Remove"))
        self.remove.clicked.connect(lambda: page.remove_speech(self.speech_id))
        grid.addWidget(self.remove, 0, 3)
        self.text = TextBox(2)
        self.text.setPlaceholderText(_("What was said (summary)"))
        self.text.setAccessibleName(_("Summary of the speech by {name}").format(
            name=speech["speaker"]))
        grid.addWidget(self.text, 2, 0, 1, 4)
        # two lines of choices, so that a speech fits a narrow page (large text, 1280 px)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        self.fill(speech, record)
        self.kind.currentIndexChanged.connect(lambda _i: self._commit_choice())
        self.target.currentIndexChanged.connect(lambda _i: self._commit_choice())
        self.agenda.currentIndexChanged.connect(lambda _i: self._commit_choice())
        page.bind_text(self.text, f"speech:{self.speech_id}", lambda t: meetings.update_item(
            page.store, "speech", self.speech_id, text=t))

    def fill(self, speech: dict, record: dict) -> None:
        for combo, value in ((self.kind, speech["kind"] or "opinion"),
                             (self.agenda, speech["agenda_item"])):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.blockSignals(False)
        self.target.select(speech.get("target_id"))
        self.target.setVisible(self.kind.currentData() == "criticism")
        if not self.text.hasFocus():
            self.text.blockSignals(True)
            self.text.setText(speech["text"] or "")
            self.text.blockSignals(False)

    def _commit_choice(self) -> None:
        self.target.setVisible(self.kind.currentData() == "criticism")
        target = self.target.currentData() if self.kind.currentData() == "criticism" else None
        self.page.commit_now(lambda: meetings.update_item(
            self.page.store, "speech", self.speech_id, kind=self.kind.currentData(),
            target_id=target, agenda_item=self.agenda.currentData()))

    def toggle_timer(self) -> None:
        if self.started is None:
            self.started = time.monotonic()
            self.page.tick_timer.start()
            self.timer_button.setText("■ " + _clock(self.seconds))
            return
        self.seconds += int(time.monotonic() - self.started)
        self.started = None
        self.timer_button.setText("◷ " + _clock(self.seconds))
        seconds = self.seconds
        self.page.commit_now(lambda: meetings.update_item(self.page.store, "speech",
                                                          self.speech_id, seconds=seconds))

    def tick(self) -> bool:
        if self.started is None:
            return False
        self.timer_button.setText("■ " + _clock(self.seconds + int(time.monotonic() - self.started)))
        return True


class ProceedingsPage(StepPage):
    thematic = False

    def build(self) -> None:
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(1000)
        self.tick_timer.timeout.connect(self._tick)
        box, form = form_group(self._texts_title())
        self.texts: dict[str, TextBox] = {}
        for key, label, placeholder in self._text_fields():
            edit = TextBox(5)
            edit.setPlaceholderText(placeholder)
            self.bind_text(edit, key, lambda t, key=key: self._commit_text(key, t))
            self.texts[key] = edit
            if key in self._before_speeches():
                add_row(form, label, edit)
        self.layout_.addWidget(box)

        box = QGroupBox(self._speeches_title())
        layout = QVBoxLayout(box)
        layout.addWidget(note_label(_(
            "Add a speaker with two keys: the first letter of the given name (again for the "
            "next match), then Enter. The summary field then has the focus.")))
        self.speaker = MemberPicker()
        self.speaker.setAccessibleName(_("New speaker"))
        self.speaker.setToolTip(_("Type a letter of the name, then Enter"))
        self.speaker.chosen.connect(self.add_speech)
        self.speaker_label = QLabel(_("New &speaker:"))
        self.speaker_label.setBuddy(self.speaker)
        self.add_button = button(_("Add"))
        self.add_button.clicked.connect(lambda: self.speaker.currentData() and
                                        self.add_speech(self.speaker.currentData()))
        self.default_agenda = agenda_combo({}, _("— agenda item —"))
        self.default_agenda.setToolTip(_("The agenda item under discussion: new speeches "
                                         "are filed under it"))
        layout.addWidget(row(self.speaker_label, self.speaker, self.add_button,
                             self.default_agenda))
        self.speech_box = QVBoxLayout()
        layout.addLayout(self.speech_box)
        self.no_speech = note_label(_("No speech yet."))
        layout.addWidget(self.no_speech)
        self.speech_rows: dict[str, SpeechRow] = {}
        self.layout_.addWidget(box)

        after = [f for f in self._text_fields() if f[0] not in self._before_speeches()]
        if after:
            box, form = form_group(_("After the discussion"))
            for key, label, _placeholder in after:
                add_row(form, label, self.texts[key])
            if not self.thematic:
                # The chair's conclusion on each agenda item, printed under it in the minutes.
                self.conclusion_item = QComboBox()
                self.conclusion_item.setObjectName("conclusion_item")
                self.conclusion_item.currentIndexChanged.connect(self._conclusion_item_changed)
                add_row(form, _("Agenda &item:"), self.conclusion_item)
                self.conclusion = TextBox(3)
                self.conclusion.setObjectName("conclusion")
                self.conclusion.setPlaceholderText(_("The chair's conclusion on this item"))
                self.conclusion.textChanged.connect(self._conclusion_changed)
                self.conclusion.focus_out.connect(self.committer.flush)
                add_row(form, _("Chair's &conclusion:"), self.conclusion)
            self.layout_.addWidget(box)

    # The regular meeting's fields; the thematic page changes these four.
    def _texts_title(self) -> str:
        return _("The secretary's report")

    def _speeches_title(self) -> str:
        return _("Speakers")

    def _text_fields(self):
        return (("report", _("&Report:"), _("The secretary's report and points for discussion")),
                ("orientation", _("&Orientation:"),
                 _("The secretary's information and orientation")))

    def _before_speeches(self) -> tuple[str, ...]:
        return ("report",)

    def _commit_text(self, key: str, text: str) -> None:
        meetings.update(self.store, self.mid, **{key: text})

    def _text_values(self, record: dict) -> dict[str, str]:
        return {key: record.get(key) or "" for key, _l, _p in self._text_fields()}

    def first_field(self):
        return self.speaker if self.texts[self._before_speeches()[0]].toPlainText() else \
            self.texts[self._before_speeches()[0]]

    # --- loading ----------------------------------------------------------------------------
    def load(self, record: dict) -> None:
        for key, value in self._text_values(record).items():
            if not self.texts[key].hasFocus():
                self.texts[key].setText(value)
        roll = meetings.roll(self.store, self.mid)
        people = present_people(record, roll) or roll_people(roll)
        self.people = roll_people(roll)
        self.speaker.set_people(people)
        fill_agenda(self.default_agenda, record, _("— agenda item —"))
        if not self.thematic:
            current = self.conclusion_item.currentData()
            self.conclusion_item.clear()
            for item in record.get("agenda") or []:
                self.conclusion_item.addItem(item.get("title") or "", item.get("id"))
            self.conclusion_item.setCurrentIndex(max(0, self.conclusion_item.findData(current)))
            if not self.conclusion.hasFocus():
                self.conclusion.setText(self._conclusion_of(record))
        speeches = meetings.items(self.store, self.mid, "speech")
        if list(self.speech_rows) != [s["id"] for s in speeches]:
            for r in self.speech_rows.values():
                if r.started is not None:
                    r.toggle_timer()
                r.setParent(None)
                r.deleteLater()
            self.speech_rows = {}
            for s in speeches:
                r = SpeechRow(self, s, record, self.people)
                self.speech_rows[s["id"]] = r
                self.speech_box.addWidget(r)
            self.set_read_only(self.frame.read_only)
        else:
            for s in speeches:
                self.speech_rows[s["id"]].fill(s, record)
        self.no_speech.setVisible(not speeches)

    def _conclusion_of(self, record: dict) -> str:
        key = self.conclusion_item.currentData()
        return next((a.get("conclusion") or "" for a in record.get("agenda") or []
                     if a.get("id") == key), "")

    def _conclusion_item_changed(self, *_args) -> None:
        if self._loading:
            return
        self.committer.flush()
        self.record = self.session.record()
        self._loading = True
        try:
            self.conclusion.setText(self._conclusion_of(self.record))
        finally:
            self._loading = False

    def _conclusion_changed(self) -> None:
        key = self.conclusion_item.currentData()
        if self._loading or not key:
            return
        self.committer.later(f"conclusion:{key}", lambda: meetings.set_agenda_conclusion(
            self.store, self.mid, key, self.conclusion.text()))

    # --- actions -----------------------------------------------------------------------------
    def add_speech(self, member_id: str) -> None:
        if self.frame.read_only:
            return
        agenda = self.default_agenda.currentData()
        self.commit_now(lambda: meetings.add_item(self.store, self.mid, "speech",
                                                  member_id=member_id, kind="opinion",
                                                  text="", agenda_item=agenda))
        self.reload()
        rows = list(self.speech_rows.values())
        if rows:
            rows[-1].text.setFocus(Qt.OtherFocusReason)
            self.scroll.ensureWidgetVisible(rows[-1])

    def remove_speech(self, speech_id: str) -> None:
        self.commit_now(lambda: meetings.remove_item(self.store, "speech", speech_id))
        self.reload()
        self.speaker.setFocus()

    def _tick(self) -> None:
        running = [r.tick() for r in self.speech_rows.values()]
        if not any(running):
            self.tick_timer.stop()


class ThematicProceedingsPage(ProceedingsPage):
    """The thematic meeting: purpose, the drafter's presentation, contributions, response."""

    thematic = True

    def _texts_title(self) -> str:
        return _("Purpose and presentation")

    def _speeches_title(self) -> str:
        return _("Members' contributions")

    def _text_fields(self):
        return (("topic_purpose", _("&Purpose stated by the secretary:"),
                 _("The purpose and requirements of the thematic meeting")),
                ("report", _("Drafter's &presentation:"), _("What the drafter presented")),
                ("drafter_response", _("Drafter's &response:"),
                 _("What the drafter will take in to finish the topic")))

    def _before_speeches(self) -> tuple[str, ...]:
        return ("topic_purpose", "report")

    def _commit_text(self, key: str, text: str) -> None:
        if key == "report":
            meetings.update(self.store, self.mid, report=text)
        else:
            thematic.set_texts(self.store, self.mid, **{key: text})
