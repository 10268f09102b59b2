"""The e-handbook pack: the files of one meeting to upload to the Sổ tay đảng viên điện tử, and
the checklist fact that records the upload (Hướng dẫn 42-HD/BTCTW, 28/10/2025).

Before the meeting: the agenda (rendered here) and the meeting's materials (its attachments and,
for a thematic meeting, the draft topic). After it: the final minutes and the resolution or
conclusion as stored (the signed copy when signed), byte for byte. Names are ASCII
("2026-09-03_bien-ban.pdf") so that no phone or upload form mangles the diacritics.

Writing the pack records its day: before → ``preparation.documents_on_handbook`` (while the
meeting is a draft), after → ``follow_up.record_final_on_handbook``. Errors are ``PackError``
with a code and params; the text is made at the edges.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from . import follow_up, meetings
from .i18n import N_, _
from .services.documents import current_document, document_bytes
from .store import Store

PHASES = ("before", "after")

MESSAGES = {
    "no_meeting": N_("No meeting with id {id}."),
    "not_final": N_("The meeting is not finalised yet: the final minutes and resolution are "
                    "made when it is finalised."),
    "no_documents": N_("The meeting has no stored final documents."),
    "out_not_dir": N_("{path} is not a folder."),
    "write_failed": N_("Could not write {path}: {error}"),
    "day_before_meeting": N_("The upload day {day} is before the meeting ({date})."),
    "day_in_future": N_("The upload day {day} is after today ({today})."),
}


class PackError(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code, self.params = code, params

    def message(self) -> str:
        return _(MESSAGES[self.code]).format(**self.params)

    def __str__(self) -> str:
        return self.message()


@dataclass
class Pack:
    meeting_id: str
    phase: str
    files: list[Path] = field(default_factory=list)
    recorded: dt.date | None = None     # the day recorded as the upload (None: not recorded)


def ascii_slug(text: str) -> str:
    """"Tài liệu học tập.docx" → "tai-lieu-hoc-tap" (đ → d, no marks, lowercase)."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "tai-lieu"


def _safe_ext(name: str) -> str:
    ext = Path(name).suffix.lower()
    return ext if re.fullmatch(r"\.[a-z0-9]{1,8}", ext) else ""


def _agenda_pdf(record: dict) -> bytes:
    """A one-page agenda in Vietnamese (the cell, the date, the agenda items)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    from .documents import fonts
    fonts.register()
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle("Chương trình sinh hoạt chi bộ")
    width, height = A4
    y = height - 30 * mm
    c.setFont(fonts.SERIF_BOLD, 13)
    c.drawCentredString(width / 2, y, (record.get("cell") or {}).get("name", "").upper())
    y -= 12 * mm
    c.setFont(fonts.SERIF_BOLD, 15)
    c.drawCentredString(width / 2, y, "CHƯƠNG TRÌNH SINH HOẠT CHI BỘ")
    y -= 8 * mm
    c.setFont(fonts.SERIF_ITALIC, 13)
    day = dt.date.fromisoformat(record["date"])
    c.drawCentredString(width / 2, y, f"Ngày {day.day:02d} tháng {day.month:02d} năm {day.year}")
    y -= 14 * mm
    c.setFont(fonts.SERIF, 13)
    topic = (record.get("topic") or {}).get("title")
    if topic:
        c.drawString(25 * mm, y, f"Chuyên đề: {topic}")
        y -= 9 * mm
    for n, item in enumerate(record.get("agenda") or [], 1):
        title = item.get("title") if isinstance(item, dict) else str(item)
        for k, line in enumerate(_wrap(f"{n}. {title}", 85)):
            c.drawString((25 if k == 0 else 30) * mm, y, line)
            y -= 7 * mm
            if y < 25 * mm:
                c.showPage()
                c.setFont(fonts.SERIF, 13)
                y = height - 25 * mm
    c.save()
    return buf.getvalue()


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return lines + ([line] if line else [])


def pack_files(store: Store, meeting_id: str, phase: str) -> list[tuple[str, bytes]]:
    """[(file name, bytes)] of the pack, in upload order; nothing is written."""
    if phase not in PHASES:
        raise ValueError(phase)
    rows = store.rows("select id, date, status from meeting where id = ?", [meeting_id])
    if not rows:
        raise PackError("no_meeting", id=meeting_id)
    day = rows[0]["date"]
    out: list[tuple[str, bytes]] = []
    if phase == "before":
        from .meeting_docs import document_record, render_topic
        record = document_record(store, meeting_id)
        out.append((f"{day}_chuong-trinh.pdf", _agenda_pdf(record)))
        if record.get("topic"):
            stored = current_document(store, meeting_id, "topic")
            data = document_bytes(store, stored["id"]) if stored else render_topic(store, meeting_id)
            out.append((f"{day}_du-thao-chuyen-de.pdf", data))
        for n, a in enumerate(meetings.items(store, meeting_id, "attachment"), 1):
            stem = ascii_slug(Path(a["name"]).stem)
            out.append((f"{day}_tai-lieu-{n:02d}_{stem}{_safe_ext(a['name'])}",
                        meetings.attachment_bytes(store, a["sha256"])))
        return out
    if rows[0]["status"] != "finalised":
        raise PackError("not_final")
    for kind in ("minutes", "resolution", "topic"):
        stored = current_document(store, meeting_id, kind)
        if stored is None:
            continue
        stem = {"minutes": "bien-ban", "topic": "chuyen-de"}.get(kind) or (
            "ket-luan" if "ket-luan" in stored["name"] else "nghi-quyet")
        out.append((f"{day}_{stem}.pdf", document_bytes(store, stored["id"])))
    if not out:
        raise PackError("no_documents")
    return out


def write_pack(store: Store, meeting_id: str, out_dir: str | Path, phase: str,
               day: dt.date | None = None, record: bool = True) -> Pack:
    """Write the pack into ``out_dir`` (made if missing) and record ``day`` (today by default)
    as the upload. Each file is written whole or not at all; a refusal writes nothing."""
    files = pack_files(store, meeting_id, phase)
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise PackError("out_not_dir", path=str(out_dir))
    day = day or dt.date.today()
    meeting_day = dt.date.fromisoformat(store.rows("select date from meeting where id = ?",
                                                   [meeting_id])[0]["date"])
    if phase == "after" and day < meeting_day:
        raise PackError("day_before_meeting", day=day.isoformat(), date=meeting_day.isoformat())
    if phase == "after" and day > dt.date.today():   # as follow_up.record_final_on_handbook
        raise PackError("day_in_future", day=day.isoformat(), today=dt.date.today().isoformat())
    pack = Pack(meeting_id, phase)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in files:
            target = out_dir / name
            tmp = target.with_name(target.name + ".part")
            tmp.write_bytes(data)
            os.replace(tmp, target)
            pack.files.append(target)
    except OSError as exc:
        raise PackError("write_failed", path=str(out_dir), error=exc.strerror or str(exc)) from exc
    if record:
        if phase == "after":
            follow_up.record_final_on_handbook(store, meeting_id, day)
            pack.recorded = day
        elif store.rows("select status from meeting where id = ?",
                        [meeting_id])[0]["status"] == "draft":
            meetings.update_preparation(store, meeting_id, {"documents_on_handbook": day.isoformat()})
            pack.recorded = day
    return pack
