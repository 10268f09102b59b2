"""The demo reads as a real cell's months (issue 16): each month its own tasks, reviewed at the
next meeting; the names of the merger (Thái Bình into Hưng Yên, 1/7/2025) on the documents of
each date; e-handbook points entered, a few below the threshold; thematic speeches on the
topic; the quarters before the demo's records are not "missed"."""
from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from app import meeting_docs, meetings
from app.cell import get_cell, name_history
from app.demo import add_demo_meetings, create_demo
from app.demo_months import MONTHS, THEMATIC_SPEECHES
from app.ehandbook import points_grid, threshold
from app.exchange.report import evaluate_own_year
from app.planning import records_start, thematic_compliance
from app.store import open_store

from pdf_checks import needs_pdf_tools

LATE_2026 = dt.date(2026, 11, 29)       # meetings of Aug, Sep, Oct (finalised) and Nov
MID_2025 = dt.date(2025, 8, 12)         # meetings of May, Jun (before the merger), Jul, Aug


def _demo(path, today):
    with open_store(path) as store:
        create_demo(store, today=today)
        add_demo_meetings(store, today=today, thematic=True)
    return path


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    return _demo(tmp_path_factory.mktemp("late") / "cell.sqlite", LATE_2026)


@pytest.fixture(scope="module")
def mid(tmp_path_factory):
    return _demo(tmp_path_factory.mktemp("mid") / "cell.sqlite", MID_2025)


def _regular(store):
    rows = store.rows("select id, date, status from meeting where kind = 'regular' "
                      "order by date")
    return [(r["date"], meetings.meeting_record(store, r["id"])) for r in rows]


def test_each_month_has_its_own_tasks_reviewed_at_the_next_meeting(late):
    with open_store(late) as store:
        regular = _regular(store)
    assert [d for d, _r in regular] == ["2026-08-03", "2026-09-03", "2026-10-05", "2026-11-03"]
    task_sets = [{t["text"] for t in r["tasks"]} for _d, r in regular[:3]]
    assert all(len(s) == 5 for s in task_sets)
    for (_d, record), this, following in zip(regular, task_sets, task_sets[1:]):
        # only a task left unfinished is given again the next month
        late_ones = {t for a, t, _due, o, _n in MONTHS[int(record["date"][5:7])]["tasks"]
                     if o != "done"}
        assert this & following <= late_ones and len(this & following) <= 1
    assert "Thu đảng phí quý IV năm của đảng viên" in task_sets[1]           # September
    # the next meeting reviews them as the month's table says
    for (_d, before), (_d2, after) in zip(regular, regular[1:]):
        month = int(before["date"][5:7])
        expected = {(a, t): (o, n) for a, t, _due, o, n in MONTHS[month]["tasks"]}
        reviewed = {(t["assignee"], t["text"]): (t["outcome"], t["note"])
                    for t in after["previous_tasks"]}
        assert reviewed == expected
    sept = regular[1][1]
    assert ("Đinh Công Sơn", "partly") in {(t["assignee"], t["outcome"])
                                           for t in sept["previous_tasks"]}
    assert "4/5 nhiệm vụ giao đảng viên tháng trước hoàn thành" in sept["report"]
    assert "đồng chí Đinh Công Sơn khẩn trương hoàn thành" in next(
        a["conclusion"] for a in sept["agenda"] if a["id"] == "last-month")
    # dues within the meeting's month, after the meeting
    for day, record in regular[:3]:
        assert all(day < t["due"] <= day[:8] + "31" for t in record["tasks"])
    # resolutions differ from month to month
    assert len({r["resolution"]["text"] for _d, r in regular[:3]}) == 3


def test_each_meeting_has_criticism_and_self_criticism_and_month_speeches(late):
    with open_store(late) as store:
        regular = _regular(store)
    for _day, record in regular[:3]:
        kinds = {s["kind"] for s in record["speeches"]}
        assert {"criticism", "self_criticism"} <= kinds
        speakers = {s["speaker"] for s in record["speeches"]}
        assert len(speakers) >= 7
        month = int(record["date"][5:7])
        assert MONTHS[month]["speeches"][0][2] in {s["text"] for s in record["speeches"]}


def test_thematic_speeches_are_on_the_topic(late):
    with open_store(late) as store:
        for row in store.rows("select id from meeting where kind = 'thematic'"):
            record = meetings.meeting_record(store, row["id"])
            title = record["topic"]["title"]
            expected = next(v for k, v in THEMATIC_SPEECHES.items() if title.startswith(k))
            assert [(s["speaker"], s["text"]) for s in record["speeches"]] == expected


def test_the_names_change_on_the_day_of_the_merger(mid, late):
    with open_store(mid) as store:
        history = name_history(store)
        assert [(h["valid_from"], h["place_name"]) for h in history] == [
            ("0001-01-01", "Thái Bình"), ("2025-07-01", "Hưng Yên")]
        assert "202/2025/QH15" in history[1]["note"]
        assert get_cell(store).place_name == "Hưng Yên"
        places = {d: r["cell"]["place_name"] for d, r in _regular(store)}
    assert places == {"2025-05-05": "Thái Bình", "2025-06-03": "Thái Bình",
                      "2025-07-03": "Hưng Yên", "2025-08-04": "Hưng Yên"}


def test_a_demo_dated_before_the_merger_has_no_name_change(tmp_path):
    with open_store(tmp_path / "cell.sqlite") as store:
        create_demo(store, today=dt.date(2024, 4, 10))
        assert name_history(store) == [] and get_cell(store).place_name == "Thái Bình"


@needs_pdf_tools
def test_june_2025_documents_print_the_old_names_and_july_the_new(mid, tmp_path):
    def text(data, name):
        path = tmp_path / name
        path.write_bytes(data)
        out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                             capture_output=True, text=True).stdout
        return " ".join(out.split())

    with open_store(mid) as store:
        ids = {r["date"]: r["id"] for r in store.rows(
            "select id, date from meeting where kind = 'regular'")}
        june = text(meeting_docs.render_minutes(store, ids["2025-06-03"]), "bb6.pdf")
        july = text(meeting_docs.render_resolution(store, ids["2025-07-03"]), "nq7.pdf")
    assert "Thái Bình, ngày 03 tháng 6 năm 2025" in june and "Hưng Yên" not in june
    assert "Hưng Yên, ngày 03 tháng 7 năm 2025" in july
    assert "DƯỢC THÁI BÌNH" in july                 # the university kept its name


def test_e_handbook_points_of_the_ended_months_a_few_below_the_threshold(late):
    with open_store(late) as store:
        grid = points_grid(store, 2026, LATE_2026)
        limit = threshold(store)
        rows = store.rows("select year, month, points from ehandbook_points")
        evaluation = evaluate_own_year(store, 2026, today=LATE_2026, lang="vi")
    assert {(r["year"], r["month"]) for r in rows} == {(2026, 8), (2026, 9), (2026, 10)}
    assert len(rows) == 3 * 24                         # every member but the exempted one
    for month in (8, 9, 10):
        low = [r for r in rows if r["month"] == month and r["points"] < limit]
        assert 1 <= len(low) <= 3
    shares = {m.month: m.share for m in grid.months}
    assert all(80 < shares[m] < 100 for m in (8, 9, 10))
    text = next(c.evidence for c in evaluation.criteria if c.id == "ehandbook")
    assert "0,0%" not in text and "(66/72, 3 tháng)" in text


def test_quarters_before_the_demo_records_are_not_missed(late):
    with open_store(late) as store:
        assert records_start(store, LATE_2026) == dt.date(2026, 8, 1)
        assert thematic_compliance(store, 2026, LATE_2026) == {
            1: "before_records", 2: "before_records", 3: "held", 4: "held"}
