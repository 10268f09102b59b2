"""Scoring the regular part of a combined sitting before the sitting ends: the planned end of the
whole sitting stands in for the thematic part's end, is kept with the score, and the last part is
finalised only if the sitting's actual end keeps the score the cell voted on (real SQLite file,
driven through the procedure)."""
import datetime as dt
import re
import subprocess

import pytest

from app import lifecycle, meeting_score, meetings, thematic
from app.rules import scoring
from app.rules.scoring import vote as score_vote
from app.session import MeetingSession

from meeting_helpers import people, score_fully, store  # noqa: F401 (fixtures)
from pdf_checks import needs_pdf_tools
from test_thematic import run_thematic

DAY = dt.date(2024, 4, 3)
VOTE = {"for": 19, "against": 0, "abstain": 0}


def points(score: dict, crit_name_start: str) -> float:
    return next(c["points"] for g in score["groups"] for c in g["criteria"]
                if c["name"].startswith(crit_name_start))


def regular_part_at_scoring(store, people):
    """A combined sitting (regular part first, 14:00 to 15:35 as planned) with its regular part
    at the Scoring step: nothing of its end, the read-back or the thematic part recorded."""
    _sitting, regular, them = thematic.create_combined_sitting(
        store, DAY, title="Phòng chống suy thoái tư tưởng", group="degradation",
        drafter_id=people["Đinh Công Sơn"].id, rule_date=DAY)
    s = MeetingSession(store, regular)
    meetings.update(store, regular, preparation={
        "content_by": "Nguyễn Thị Hoa", "draft_done": True, "committee_met": "2024-04-01",
        "notice_sent": "2024-04-01", "documents_sent": "2024-04-01"})
    meetings.set_agenda(store, regular, s.default_agenda())
    assert s.accept().ok                                   # preparation -> opening
    meetings.update(store, regular, start="14:00", purpose=s.purpose_text(),
                    minute_taker_id=people["Lê Thị Lan"].id, agenda_approved=True)
    meetings.mark_all_present(store, regular)
    assert s.accept().ok                                   # opening -> proceedings
    meetings.update(store, regular, report="Báo cáo kết quả tháng 3.",
                    orientation="Định hướng tư tưởng.")
    meetings.add_item(store, regular, "speech", member_id=people["Phạm Đức Anh"].id,
                      kind="opinion", text="Đề nghị tăng cường nghiên cứu khoa học.")
    meetings.add_item(store, regular, "speech", member_id=people["Vũ Quang Huy"].id,
                      kind="self_criticism", text="Tôi còn chậm nộp báo cáo.")
    assert s.accept().ok                                   # proceedings -> closing
    meetings.update(store, regular, summary="Chi bộ thống nhất.", resolution_type="resolution",
                    resolution_text="Chi bộ quyết nghị …")
    meetings.add_item(store, regular, "task", member_id=people["Phạm Đức Anh"].id,
                      text="Nộp đề tài cấp trường", due="2024-04-30")
    fig = meetings.figures(store, regular)
    meetings.record_vote(store, regular, "Thông qua nghị quyết", fig.voting_present, 0, 0)
    assert s.accept().ok                                   # closing -> scoring
    return regular, them


def score_and_finalise_regular(store, people, sitting_end="16:40"):
    regular, them = regular_part_at_scoring(store, people)
    score_fully(store, regular, vote=dict.fromkeys(VOTE, 0))
    meeting_score.save_score(
        store, regular, meeting_score.draft_entries(store, regular)[0], VOTE,
        planned_facts={"end": "15:35", "read_back": True, "sitting_end": sitting_end})
    s = MeetingSession(store, regular)
    s.next()                                               # scoring -> readback
    meetings.update(store, regular, end="15:35", read_back=True)
    outcome = s.accept()
    assert outcome.ok and outcome.finalised, outcome.errors
    return regular, them


def rescored(store, mid):
    """The regular part's rubric and entries applied to its record as it is now."""
    entries, flags, _vote = meeting_score.draft_entries(store, mid)
    result = scoring.score(meeting_score.meeting_rubric(store, mid),
                           meetings.meeting_record(store, mid), entries, flags)
    return result.to_json()


def test_without_the_sitting_end_the_regular_part_is_not_finalised(store, people):
    regular, _them = regular_part_at_scoring(store, people)
    score_fully(store, regular, vote=VOTE)
    score = meetings.meeting_record(store, regular)["score"]
    assert points(score, "Thời gian sinh hoạt") == 0      # the sitting's total is unknown
    s = MeetingSession(store, regular)
    s.next()
    meetings.update(store, regular, end="15:35", read_back=True)
    outcome = s.accept()
    assert not outcome.finalised
    assert score_vote.SITTING_END_NOT_STATED in [e.code for e in outcome.errors]
    assert meeting_score.vote_problems(store, regular) == [
        score_vote.Problem(score_vote.SITTING_END_NOT_STATED, {"order": 1})]
    message = score_vote.describe(meeting_score.vote_problems(store, regular)[0])
    assert "cả phần chuyên đề" in message
    with pytest.raises(ValueError, match="cả phần chuyên đề"):
        lifecycle.finalise(store, regular)
    assert meetings.meeting_record(store, regular)["status"] == "draft"


def test_the_planned_sitting_end_gives_the_duration_points(store, people):
    regular, _them = regular_part_at_scoring(store, people)
    score_fully(store, regular, vote=dict.fromkeys(VOTE, 0))
    assert meetings.meeting_record(store, regular)["score"]["total"] == 85
    # 14:00 to 16:40: 160 minutes planned for the whole sitting, over the 120 of a sitting.
    meeting_score.save_score(
        store, regular, meeting_score.draft_entries(store, regular)[0], VOTE,
        planned_facts={"end": "15:35", "read_back": True, "sitting_end": "16:40"})
    record = meetings.meeting_record(store, regular)
    score = record["score"]
    assert points(score, "Thời gian sinh hoạt") == 5
    assert (score["total"], score["rating"]) == (90, "Tốt")
    assert score["voted_on"] == {"total": 90, "rating": "Tốt"}
    assert score["planned"] == {"end": "15:35", "read_back": True, "sitting_end": "16:40"}
    assert meeting_score.planned(store, regular)["sitting_end"] == "16:40"
    # The record tells the truth: the sitting's total is not known yet, its planned end is.
    assert record["sitting"]["total_minutes"] is None
    assert record["sitting"]["planned_end"] == "16:40"
    # 15:50: 110 minutes in all, short of 120: fewer points.
    low = meeting_score.preview(store, regular, meeting_score.draft_entries(store, regular)[0],
                                planned_facts={"end": "15:35", "read_back": True,
                                               "sitting_end": "15:50"})
    assert float(low.total) < 90


def test_an_actual_end_as_planned_keeps_the_score_of_the_final_record(store, people):
    regular, them = score_and_finalise_regular(store, people)
    # The thematic part, seen from its own record: the planned end the regular part kept.
    assert meetings.meeting_record(store, them)["sitting"]["planned_end"] == "16:40"
    run_thematic(store, people, them, start="15:45", end="16:40", roll=False)
    for mid in (regular, them):
        shown = meetings.meeting_record(store, mid)     # what meeting show --json prints
        assert shown["status"] == "finalised"
        assert shown["sitting"]["total_minutes"] == 160
        assert shown["sitting"]["planned_end"] == "16:40"
    score = meetings.meeting_record(store, regular)["score"]
    again = rescored(store, regular)
    assert (again["total"], again["rating"]) == (score["total"], score["rating"]) == (90, "Tốt")
    assert points(again, "Thời gian sinh hoạt") == points(score, "Thời gian sinh hoạt") == 5


def test_a_later_end_that_keeps_the_score_finalises(store, people):
    regular, them = score_and_finalise_regular(store, people)
    run_thematic(store, people, them, start="15:45", end="17:00", roll=False)
    assert meetings.meeting_record(store, them)["status"] == "finalised"
    assert rescored(store, regular)["total"] == 90


def test_an_actual_end_that_changes_the_voted_score_refuses_the_last_part(store, people):
    regular, them = score_and_finalise_regular(store, people)
    # The sitting ends at 15:50: 110 minutes in all, not 160; the regular part's duration
    # points, and its rating, would change.
    s = run_thematic(store, people, them, start="15:38", end="15:50", roll=False, finalise=False)
    meetings.update(store, them, short_reason="Mất điện")
    outcome = s.accept()
    assert not outcome.ok and not outcome.finalised
    again = rescored(store, regular)
    assert (again["total"], again["rating"]) != (90, "Tốt")
    problem = next(e for e in outcome.errors if e.code == score_vote.SITTING_END_CHANGES_SCORE)
    assert "15:50" in problem.message and "16:40" in problem.message
    assert "90" in problem.message and "Tốt" in problem.message
    assert again["rating"] in problem.message
    assert "sửa đổi" in problem.message                  # what to do
    [found] = meeting_score.vote_problems(store, them)
    assert found.code == score_vote.SITTING_END_CHANGES_SCORE
    assert found.params["minutes"] == 110 and found.params["end"] == "15:50"
    assert (found.params["voted_total"], found.params["total"]) == (90, again["total"])
    # The core refuses too; nothing changed.
    with pytest.raises(ValueError, match="15:50"):
        lifecycle.finalise(store, them)
    assert meetings.meeting_record(store, them)["status"] == "draft"
    assert meetings.meeting_record(store, regular)["score"]["total"] == 90

    # The end was typed wrongly: corrected, the sitting's score stands.
    meetings.update(store, them, end="16:45", short_reason=None)
    assert MeetingSession(store, them).accept().finalised


def test_the_regular_part_amended_on_the_actual_sitting_lets_the_last_part_finalise(store,
                                                                                    people):
    regular, them = score_and_finalise_regular(store, people)
    s = run_thematic(store, people, them, start="15:38", end="15:50", roll=False, finalise=False)
    meetings.update(store, them, short_reason="Mất điện")
    assert not s.accept().finalised
    # The remedy the message gives: correct the regular part, score it on the actual sitting,
    # the cell votes again; then the last part is finalised.
    amended = meetings.amend(store, regular, "Chấm lại điểm theo thời gian thực tế của buổi")
    a = MeetingSession(store, amended)
    while a.current != "scoring":
        assert a.accept().ok
    entries, flags, vote = meeting_score.draft_entries(store, amended)
    meeting_score.save_entries(store, amended, entries, vote, flags, revote=True)
    score = meetings.meeting_record(store, amended)["score"]
    assert score["total"] < 90 and score["voted_on"] == score_vote.stamp(score)
    a.next()
    meetings.update(store, amended, read_back=True)
    outcome = a.accept()
    assert outcome.finalised, outcome.errors
    assert MeetingSession(store, them).accept().finalised
    final = meetings.meeting_record(store, amended)
    assert final["sitting"]["total_minutes"] == 110
    again = rescored(store, amended)
    assert (again["total"], again["rating"]) == (final["score"]["total"],
                                                 final["score"]["rating"])


@needs_pdf_tools
def test_demo_october_combined_sitting_scores_its_duration(store):
    from app import meeting_docs
    from app.demo import add_demo_meetings, create_demo

    day = dt.date(2024, 11, 20)
    create_demo(store, today=day)
    add_demo_meetings(store, today=day, thematic=True)
    october = [meetings.meeting_record(store, m["id"]) for m in meetings.list_meetings(store)
               if m["date"].startswith("2024-10")]
    regular = next(r for r in october if r["kind"] == "regular")
    them = next(r for r in october if r["kind"] == "thematic")
    assert regular["status"] == them["status"] == "finalised"
    # 14:00 to 16:40 in all, as stated at the regular part's score step.
    assert regular["sitting"]["total_minutes"] == them["sitting"]["total_minutes"] == 160
    assert regular["sitting"]["planned_end"] == "16:40" and them["end"] == "16:40"
    score = regular["score"]
    assert points(score, "Thời gian sinh hoạt") == 5
    assert (score["total"], score["rating"]) == (87.5, "Khá")
    assert score["voted_on"] == {"total": 87.5, "rating": "Khá"}
    assert score["planned"]["sitting_end"] == "16:40"
    again = rescored(store, regular["id"])
    assert (again["total"], again["rating"]) == (87.5, "Khá")
    # The regular part's minutes print the score of the final record.
    doc = meeting_docs.current_document(store, regular["id"], "minutes")
    text = subprocess.run(["pdftotext", "-", "-"], input=meeting_docs.document_bytes(
        store, doc["id"]), capture_output=True, check=True).stdout.decode("utf-8")
    assert "Tổng điểm: 87,5 điểm; xếp loại: Khá." in re.sub(r"\s+", " ", text)
