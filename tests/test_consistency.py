"""One truth about a meeting: the demo plus 50+ generated meetings, each read in every form it
takes — the stored minutes PDF, ``chibo meeting show --json``, the score's sources recomputed
from the final record, the exported ``meeting.json`` and the office database after import — must
agree on attendance, voting base, vote counts and result, duration, score and rating; and every
PDF in a bundle must be the stored signed document, byte for byte."""
from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import subprocess
import zipfile

import pytest

from app import meeting_docs, meeting_score, meetings
from app.cli import main as cli_main
from app.demo import add_demo_meetings
from app.documents.keys import new_local_key
from app.documents.signing import KeyFileSigner
from app.exchange import office as office_mod
from app.exchange.export import export_meeting
from app.rules import scoring
from app.store import open_store
from tests.generated_meetings import generate_cell
from tests.meeting_helpers import DEMO_TODAY, demo_store
from tests.pdf_checks import needs_pdf_tools

PASS = "mật khẩu thử"
CELLS = 6            # × 9 months, plus combined sittings: well over 50 meetings
MONTHS = 9


def _show_json(db, meeting_id: str) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli_main(["meeting", "show", meeting_id, "--json", "--db", str(db)]) == 0
    return json.loads(out.getvalue())


def _pdf_text(data: bytes) -> str:
    text = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", " ", text)


def _num(text: str) -> float:
    return float(text.replace(",", "."))


def _facts_from_pdf(text: str) -> dict:
    """What a reader of the minutes learns about the figures (regular minutes)."""
    facts = {}
    m = re.search(r"Có mặt: (\d+)/(\d+) đồng chí", text)
    if m:
        facts["present"], facts["base"] = int(m[1]), int(m[2])
    m = re.search(r"có quyền biểu quyết: (\d+) đồng chí \(có mặt: (\d+)\)", text)
    if m:
        facts["voting_base"], facts["voting_present"] = int(m[1]), int(m[2])
    facts["votes"] = [(int(f), int(b), int(a), int(c)) for f, b, a, c in re.findall(
        r"tán thành: (\d+)/(\d+) \([\d,]+%\); không tán thành: (\d+); không biểu quyết: (\d+)",
        text)]
    facts["passed"] = [not bool(neg) for neg in re.findall(r"Kết quả: (không )?được thông qua",
                                                           text)]
    m = re.search(r"thời gian sinh hoạt: (\d+) phút", text)
    if m:
        facts["duration"] = int(m[1])
    m = re.search(r"Tổng điểm: ([\d,]+) điểm; xếp loại: ([^.]+)\.", text)
    if m:
        facts["total"], facts["rating"] = _num(m[1]), m[2].strip()
    return facts


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """The demo cell and CELLS generated cells, every finalised meeting signed as the
    minute-taker would, exported, and imported at one office."""
    root = tmp_path_factory.mktemp("consistency")
    office = office_mod.open_office(root / "office.sqlite")
    cells = []
    for index in range(CELLS + 1):
        db = root / f"cell{index}.sqlite"
        store = open_store(db)
        if index == 0:
            demo_store(store)
            add_demo_meetings(store, today=DEMO_TODAY, thematic=True)
            ids = [m["id"] for m in meetings.list_meetings(store) if m["status"] == "finalised"]
        else:
            ids = generate_cell(store, seed=1000 + index, count=MONTHS)
        key = root / f"key{index}.p12"
        new_local_key(f"Thư ký {index}", key, PASS)
        out = root / f"usb{index}"
        bundles = {}
        for mid in ids:
            # The minute-taker signs the stored minutes in the THƯ KÝ block, as at finalisation
            # (the test key is not named after the printed minute-taker: a reason is given).
            meeting_docs.sign_document(store, mid, "minutes", None, KeyFileSigner(key, PASS),
                                       mismatch_reason="Khóa thử nghiệm")
            bundles[mid] = export_meeting(store, mid, out, p12_path=key, passphrase=PASS).path
        results = office_mod.import_folder(office, out, trust_new=True)
        assert [r.status for r in results] == ["imported"] * len(ids), \
            [(r.status, r.message) for r in results]
        store.close()   # the CLI below opens the file itself (one chibo per file)
        cells.append({"db": db, "ids": ids, "bundles": bundles})
    yield {"office": office, "cells": cells}
    office.close()


def _each(world):
    """(cell, open store, meeting id) for every meeting; one cell's file open at a time."""
    for cell in world["cells"]:
        with open_store(cell["db"]) as store:
            for mid in cell["ids"]:
                yield cell, store, mid


def test_enough_meetings(world):
    kinds = [meetings.meeting_record(store, mid)["kind"] for _c, store, mid in _each(world)]
    assert len(kinds) >= 55
    assert set(kinds) == {"regular", "thematic"}


@needs_pdf_tools
def test_minutes_json_export_and_office_agree(world):
    office = world["office"]
    checked = 0
    shown = {mid: _show_json(cell["db"], mid) for cell in world["cells"] for mid in cell["ids"]}
    for cell, store, mid in _each(world):
        record = shown[mid]
        with zipfile.ZipFile(cell["bundles"][mid]) as zf:
            exported = json.loads(zf.read("meeting.json"))
        row = office.conn.execute(
            "select duration_minutes, score_total, rating, record from meeting where id = ?",
            [mid]).fetchone()
        assert row is not None, mid
        office_record = json.loads(row[3])
        # The exported and office copies hold the same record as the cell's own file.
        for other in (exported, office_record):
            for key in ("attendance", "voting", "votes", "duration_minutes", "sitting", "score",
                        "start", "end", "read_back"):
                assert other[key] == record[key], (mid, key)
        assert row[0] == record["duration_minutes"]
        score = record["score"]
        if record["kind"] != "regular":
            continue
        assert (row[1], row[2]) == (score["total"], score["rating"])
        # The minutes say the same.
        text = _pdf_text(meeting_docs.document_bytes(
            store, meeting_docs.current_document(store, mid, "minutes")["id"]))
        pdf = _facts_from_pdf(text)
        att, voting = record["attendance"], record["voting"]
        assert (pdf["present"], pdf["base"]) == (att["present"], att["base"]), mid
        assert (pdf["voting_base"], pdf["voting_present"]) == (voting["base"], voting["present"])
        assert pdf["votes"] == [(v["for"], v["base"], v["against"], v["abstain"])
                                for v in record["votes"]]
        assert pdf["passed"] == [v["passed"] for v in record["votes"]]
        for v in record["votes"]:
            assert v["base"] == voting["base"]
            assert v["passed"] == (v["for"] > v["base"] / 2)
        if record["sitting"] is None:
            assert pdf["duration"] == record["duration_minutes"]
        assert (pdf["total"], pdf["rating"]) == (score["total"], score["rating"]), mid
        checked += 1
    assert checked >= 45


def test_score_is_what_the_final_record_gives(world):
    """The stored score equals the rubric applied to the final record: no computed criterion
    (duration, read-back, attendance, vote) was scored on facts that later changed."""
    for cell, store, mid in _each(world):
        record = meetings.meeting_record(store, mid)
        if record["kind"] != "regular":
            continue
        draft = meeting_score.draft_entries(store, mid)
        entries, flags = (draft[0], draft[1]) if draft else (
            meeting_score.stored_entries(store, mid), meeting_score.flags(store, mid))
        rubric = meeting_score.meeting_rubric(store, mid)
        again = scoring.score(rubric, record, entries, flags)
        assert (float(again.total), again.rating.name) == (
            float(record["score"]["total"]), record["score"]["rating"]), mid
        stored = {c["name"]: c for g in record["score"]["groups"] for c in g["criteria"]}
        for group in again.groups:
            for crit in group.criteria:
                assert float(stored[crit.name]["points"]) == float(crit.points), (mid, crit.name)


def test_bundle_pdfs_are_the_stored_signed_documents(world):
    for cell, store, mid in _each(world):
        stored = {}
        for kind in ("minutes", "resolution", "topic"):
            doc = meeting_docs.current_document(store, mid, kind)
            if doc:
                stored[hashlib.sha256(meeting_docs.document_bytes(store, doc["id"])).hexdigest()] = doc
        with zipfile.ZipFile(cell["bundles"][mid]) as zf:
            pdfs = {n: zf.read(n) for n in zf.namelist() if n.endswith(".pdf")}
        assert pdfs, mid
        for name, data in pdfs.items():
            assert hashlib.sha256(data).hexdigest() in stored, (mid, name)
        minutes = meeting_docs.current_document(store, mid, "minutes")
        assert minutes["signed"]
