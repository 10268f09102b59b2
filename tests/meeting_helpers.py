"""Shared set-up for meeting tests: the demo cell and a meeting driven through the session."""
import datetime as dt

import pytest

from app import meetings
from app.demo import create_demo
from app.members import list_members
from app.session import MeetingSession
from app.store import open_store

DEMO_TODAY = dt.date(2024, 4, 10)


@pytest.fixture
def store(tmp_path):
    """A real cell database file in the test's folder."""
    with open_store(tmp_path / "cell.sqlite") as s:
        yield s


@pytest.fixture
def people(store):
    """The demo cell in ``store``: its members by full name."""
    return demo_store(store)


def demo_store(store):
    create_demo(store, today=DEMO_TODAY)
    return {m.full_name: m for m in list_members(store)}


def run_meeting(store, people, day=dt.date(2024, 4, 3), absent=(), finalise=True,
                start="14:00", end="15:45", tasks=None):
    """Drive a whole regular meeting through the procedure; returns the meeting id."""
    mid = meetings.create_meeting(store, day, rule_date=day)
    s = MeetingSession(store, mid)
    meetings.update(store, mid, preparation={
        "content_by": "Nguyễn Thị Hoa", "draft_done": True, "committee_met": "2024-04-01",
        "notice_sent": "2024-04-01", "documents_sent": "2024-04-01"})
    meetings.set_agenda(store, mid, s.default_agenda())
    assert s.accept().ok                                   # preparation -> opening
    meetings.update(store, mid, start=start, purpose=s.purpose_text(),
                    minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
    meetings.mark_all_present(store, mid)
    for name, reason in absent:
        status = "absent_reason" if reason else "absent_no_reason"
        meetings.set_presence(store, mid, people[name].id, status, reason or "")
    assert s.accept().ok                                   # opening -> proceedings
    meetings.update(store, mid, report="Báo cáo kết quả tháng 3.",
                    orientation="Định hướng tư tưởng.")
    meetings.add_item(store, mid, "speech", member_id=people["Phạm Đức Anh"].id,
                      kind="opinion", text="Đề nghị tăng cường nghiên cứu khoa học.",
                      agenda_item="last-month")
    meetings.add_item(store, mid, "speech", member_id=people["Vũ Quang Huy"].id,
                      kind="self_criticism", text="Tôi còn chậm nộp báo cáo.")
    assert s.accept().ok                                   # proceedings -> closing
    meetings.update(store, mid, summary="Chi bộ thống nhất.", resolution_type="resolution",
                    resolution_text="Chi bộ quyết nghị …")
    for who, text in (tasks or [("Phạm Đức Anh", "Nộp đề tài cấp trường")]):
        meetings.add_item(store, mid, "task", member_id=people[who].id, text=text,
                          due="2024-04-30")
    fig = meetings.figures(store, mid)
    meetings.record_vote(store, mid, "Thông qua nghị quyết", fig.voting_present, 0, 0)
    assert s.accept().ok                                   # closing -> scoring
    s.next()                                               # scoring -> readback
    meetings.update(store, mid, end=end, read_back=True)
    if finalise:
        outcome = s.accept()
        assert outcome.ok and outcome.finalised, outcome.errors
    return mid


def score_fully(store, mid, vote=None):
    """Score with every computed suggestion accepted and the manual criteria at full marks."""
    from app import meeting_score
    from app.rules.scoring import Entry

    rubric = meeting_score.meeting_rubric(store, mid)
    entries = {}
    for crit in rubric.criteria():
        if crit.kind == "points":
            entries[crit.id] = Entry(points=crit.max)
        elif crit.kind == "yesno":
            entries[crit.id] = Entry(yes=True)
        elif crit.kind == "band":
            best = max(crit.bands, key=lambda b: b["points"])
            entries[crit.id] = Entry(choice=best["id"])
    return meeting_score.save_score(store, mid, entries, vote or {"for": 19, "against": 0,
                                                                  "abstain": 0})
