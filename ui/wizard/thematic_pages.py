"""The thematic meeting's own steps: "Before" (topic, drafter, briefing, draft versions typed
or attached with their SHA-256, approval, sent) and "After" (the final version, sent to
members, reported upward: recorded on the finalised meeting too)."""
from __future__ import annotations


from PySide6.QtWidgets import QComboBox, QGroupBox, QLineEdit, QListWidget, QVBoxLayout

from app import follow_up, thematic
from app.i18n import _
from app.model import parse_date
from app.rules.plan import TOPIC_GROUPS

from app import meetings

from ..widgets import DateEdit, choose_file
from .base import (MemberPicker, StepPage, TextBox, add_row, bind_date, button, error_label,
                   form_group, note_label, roll_people, row, with_label)


def version_lines(topic: dict) -> list[str]:
    out = []
    for v in topic.get("versions") or []:
        day = parse_date(v["date"])
        label = _("final version") if v.get("final") else _("draft {n}").format(n=v["n"])
        out.append(f"{label} — {day.strftime('%d/%m/%Y') if day else ''} — {v['name']} "
                   f"(SHA-256 {v['sha256'][:12]}…)")
    return out


class VersionsBox(QGroupBox):
    """The versions kept so far, and adding one: typed text or an attached file."""

    def __init__(self, page: StepPage, title: str, final: bool):
        super().__init__(title)
        self.page, self.final = page, final
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setMaximumHeight(self.fontMetrics().height() * 5)
        self.list.setAccessibleName(_("Versions of the topic"))
        self.list.setProperty("keep_enabled", True)
        layout.addWidget(self.list)
        self.text = TextBox(3)
        self.text.setPlaceholderText(_("Type or paste the text of the version"))
        layout.addWidget(self.text)
        self.save = button(_("Keep the typed text as the final version") if final
                           else _("Keep the typed text as a &new draft"))
        self.save.clicked.connect(self._save_text)
        self.attach = button(_("Attach the final version's file…") if final
                             else _("Attach a draft &file…"))
        self.attach.clicked.connect(self._attach)
        layout.addWidget(row(self.save, self.attach))

    def fill(self, topic: dict) -> None:
        self.list.clear()
        self.list.addItems(version_lines(topic) or [_("No version yet.")])

    def _save_text(self) -> None:
        text = self.text.toPlainText()
        if not text.strip():
            self.page.frame.show_error(_("Type the text of the version first."))
            return
        if self.page.commit_now(lambda: thematic.add_version(
                self.page.store, self.page.mid, text=text, final=self.final)):
            self.text.clear()
        self.page.reload()

    def _attach(self) -> None:
        path = choose_file(self, _("Attach a version of the topic"), _("All files (*)"))
        if path is not None:
            self.page.commit_now(lambda: thematic.add_version(
                self.page.store, self.page.mid, file=path, final=self.final))
            self.page.reload()


class BeforePage(StepPage):
    def build(self) -> None:
        box, form = form_group(_("The topic"))
        self.title = QLineEdit()
        self.bind_text(self.title, "title", lambda t: thematic.set_topic(
            self.store, self.mid, title=t))
        add_row(form, _("T&itle:"), self.title)
        self.group = QComboBox()
        # the groups' long names must not widen the page (set before the form measures it)
        self.group.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.group.setMinimumContentsLength(14)
        for g in TOPIC_GROUPS:
            self.group.addItem(_(g.name), g.id)
        self.group.currentIndexChanged.connect(lambda _i: self.commit_now(
            lambda: thematic.set_topic(self.store, self.mid, group=self.group.currentData())))
        add_row(form, _("Topic &group:"), self.group)
        self.drafter = MemberPicker(empty=_("— choose —"))
        self.drafter.currentIndexChanged.connect(lambda _i: self.commit_now(
            lambda: thematic.set_topic(self.store, self.mid, drafter_id=self.drafter.currentData())))
        add_row(form, _("&Drafter:"), self.drafter)
        self.in_plan = note_label()
        form.addRow("", self.in_plan)
        self.layout_.addWidget(box)

        box, form = form_group(_("Briefing the drafter"))
        self.briefing_date = DateEdit()
        err = error_label()
        bind_date(self, self.briefing_date, "briefing_date", lambda d: thematic.set_topic(
            self.store, self.mid, briefing_date=d.isoformat() if d else None), err)
        add_row(form, _("&Briefed on:"), with_label(self.briefing_date, err), self.briefing_date)
        self.briefing_notes = TextBox(3)
        self.briefing_notes.setPlaceholderText(_("Purpose, requirements, content and method "
                                                 "agreed with the drafter"))
        self.bind_text(self.briefing_notes, "briefing_notes", lambda t: thematic.set_topic(
            self.store, self.mid, briefing_notes=t))
        add_row(form, _("&Notes:"), self.briefing_notes)
        self.layout_.addWidget(box)

        self.versions = VersionsBox(self, _("Draft versions"), final=False)
        self.layout_.addWidget(self.versions)

        box, form = form_group(_("Approval and sending"))
        self.dates = {}
        for key, label in (("approved", _("Draft &approved on:")),
                           ("sent", _("Draft s&ent to members on:"))):
            edit = DateEdit()
            err = error_label()
            bind_date(self, edit, key, lambda d, key=key: thematic.set_topic(
                self.store, self.mid, **{key: d.isoformat() if d else None}), err)
            self.dates[key] = edit
            add_row(form, label, with_label(edit, err), edit)
        # Hướng dẫn 42-HD/BTCTW (28/10/2025): notices and documents on the Sổ tay beforehand
        self.prep_dates = {}
        for key, label in (("upper_notified", _("&Upper-committee member notified on:")),
                           ("documents_on_handbook",
                            _("Documents put on the Sổ tay (e-&handbook) on:"))):
            edit = DateEdit()
            err = error_label()
            bind_date(self, edit, key, lambda d, key=key: meetings.update_preparation(
                self.store, self.mid, {key: d.isoformat() if d else None}), err)
            self.prep_dates[key] = edit
            add_row(form, label, with_label(edit, err), edit)
        self.layout_.addWidget(box)

    def first_field(self):
        return self.title

    def load(self, record: dict) -> None:
        topic = record.get("topic") or {}
        if not self.title.hasFocus():
            self.title.setText(topic.get("title") or "")
        self.group.blockSignals(True)
        self.group.setCurrentIndex(max(0, self.group.findData(topic.get("group_id"))))
        self.group.blockSignals(False)
        roll = meetings.roll(self.store, self.mid)
        self.drafter.set_people(roll_people(roll))
        drafter = next((r["member_id"] for r in roll if r["name"] == topic.get("drafter")), None)
        self.drafter.select(drafter)
        self.in_plan.setText(_("This topic is in the year plan.") if topic.get("in_plan")
                             else _("This topic is not linked to the year plan."))
        briefing = topic.get("briefing") or {}
        if not self.briefing_date.hasFocus():
            self.briefing_date.setDate(parse_date(briefing.get("date")))
        if not self.briefing_notes.hasFocus():
            self.briefing_notes.setText(briefing.get("notes") or "")
        for key, edit in self.dates.items():
            if not edit.hasFocus():
                edit.setDate(parse_date(topic.get(key)))
        prep = record.get("preparation") or {}
        for key, edit in self.prep_dates.items():
            if not edit.hasFocus():
                edit.setDate(parse_date(prep.get(key)))
        self.versions.fill(topic)


class AfterPage(StepPage):
    """After the meeting: allowed on the finalised meeting (it does not change the minutes)."""

    editable_when_final = True

    def build(self) -> None:
        self.layout_.addWidget(note_label(_(
            "What follows the meeting is recorded here, also after the minutes were finalised.")))
        self.versions = VersionsBox(self, _("Final version of the topic"), final=True)
        self.layout_.addWidget(self.versions)
        box, form = form_group(_("Sending and reporting"))
        self.dates = {}
        for key, label in (("final_sent", _("Final topic &sent to members on:")),
                           ("reported", _("&Reported to the upper committee on:"))):
            edit = DateEdit()
            err = error_label()
            bind_date(self, edit, key, lambda d, key=key: d and thematic.record_follow_up(
                self.store, self.mid, **{key: d}), err)
            self.dates[key] = edit
            add_row(form, label, with_label(edit, err), edit)
        self.final_handbook = DateEdit()
        err = error_label()
        bind_date(self, self.final_handbook, "final_on_handbook",
                  lambda d: d and follow_up.record_final_on_handbook(self.store, self.mid, d),
                  err)
        add_row(form, _("Final documents on the Sổ tay (e-&handbook) on:"),
                with_label(self.final_handbook, err), self.final_handbook)
        self.layout_.addWidget(box)

    def first_field(self):
        return self.versions.text

    def load(self, record: dict) -> None:
        topic = record.get("topic") or {}
        self.versions.fill(topic)
        for key, edit in self.dates.items():
            if not edit.hasFocus():
                edit.setDate(parse_date(topic.get(key)))
        if not self.final_handbook.hasFocus():
            self.final_handbook.setDate(parse_date(record.get("final_on_handbook")))
