"""Every computed criterion from constructed meeting records: good and bad cases."""
import pytest

from app.rules.scoring import suggest
from test_scoring_records import MEMBERS, good_record, hd42, qd28, with_attendance  # noqa: F401


def sug(rubric, record, cid):
    return suggest(rubric, record)[cid]


def test_good_meeting_gets_every_computed_point(qd28, hd42):
    for rubric in (qd28, hd42):
        for cid, s in suggest(rubric, good_record()).items():
            assert s.points == rubric.criterion(cid).max, (rubric.id, cid, s.facts)


# --- attendance ------------------------------------------------------------------------

def test_attendance_good(qd28):
    s = sug(qd28, good_record(), "attendance_rate")
    assert (s.points, s.facts) == (5, "Có mặt 21/23 (91,3%), không ai vắng không lý do")


@pytest.mark.parametrize("base, present, points", [
    (20, 17, 3),     # exactly 85%: not above 85, so less than full points
    (100, 86, 5),    # 86%
    (20, 14, 3),     # 70%
    (100, 69, 1),    # 69%
    (20, 10, 1),     # 50%
    (100, 49, 0),
])
def test_attendance_bands(qd28, base, present, points):
    record = with_attendance(good_record(), base, present)
    assert sug(qd28, record, "attendance_rate").points == points


def test_attendance_absence_without_reason_in_facts(qd28):
    record = with_attendance(good_record(), 50, 43, unexcused=1)
    s = sug(qd28, record, "attendance_rate")
    assert s.points == 5   # the cap applies to the group when scoring, see test_scoring_engine
    assert s.facts == "Có mặt 43/50 (86%), vắng không lý do: 1 (Vắng Không Phép 0)"


# --- meeting day -----------------------------------------------------------------------

def test_meeting_day_on_rule(qd28):
    s = sug(qd28, good_record(), "meeting_day")
    assert (s.points, s.facts) == (5, "Sinh hoạt ngày 03/04/2024, đúng ngày quy định")


def test_meeting_day_moved_with_reason(qd28):
    record = good_record()
    record.update(date="2030-02-06", rule_date=None, off_rule_reason="Ngày 3–5/2/2030 đều nghỉ Tết")
    s = sug(qd28, record, "meeting_day")
    assert s.points == 5
    assert s.facts == ("Sinh hoạt ngày 06/02/2030; tháng này không có ngày đúng quy định; "
                       "lý do: Ngày 3–5/2/2030 đều nghỉ Tết")


def test_meeting_day_off_rule_without_reason(qd28):
    record = good_record()
    record["date"] = "2024-04-08"
    s = sug(qd28, record, "meeting_day")
    assert (s.points, s.facts) == (0, "Sinh hoạt ngày 08/04/2024; ngày quy định là 03/04/2024; không nêu lý do")


# --- duration --------------------------------------------------------------------------

@pytest.mark.parametrize("minutes, points", [(105, 5), (90, 5), (89, 2.5), (72, 2.5), (71, 0)])
def test_duration_alone(qd28, minutes, points):
    record = good_record()
    record["duration_minutes"] = minutes
    s = sug(qd28, record, "duration")
    assert s.points == points
    assert s.facts == f"Thời lượng {minutes} phút (tối thiểu 90 phút)"


@pytest.mark.parametrize("total, points", [(130, 5), (120, 5), (110, 2.5), (90, 0)])
def test_duration_combined_sitting_needs_120(qd28, total, points):
    record = good_record()
    record.update(duration_minutes=60, sitting={"id": "s1", "order": 1, "total_minutes": total})
    s = sug(qd28, record, "duration")
    assert s.points == points
    assert s.facts == f"Sinh hoạt kết hợp: tổng cộng {total} phút (tối thiểu 120 phút)"


def test_duration_short_reason_shown(qd28):
    record = good_record()
    record.update(duration_minutes=80, short_reason="Mất điện")
    assert sug(qd28, record, "duration").facts == "Thời lượng 80 phút (tối thiểu 90 phút); lý do: Mất điện"


# --- preparation -----------------------------------------------------------------------

def test_preparation_all_done(qd28):
    s = suggest(qd28, good_record())
    assert [s[c].points for c in ("prep_content", "prep_draft", "prep_committee", "prep_notice")] == [4, 4, 3, 4]
    assert s["prep_committee"].facts == "Đã thực hiện 1/1: họp chi ủy trước"


def test_preparation_committee_not_met_and_documents_not_sent(qd28):
    record = good_record()
    record["preparation"].update(committee_met=None, documents_sent=None)
    s = suggest(qd28, record)
    assert (s["prep_committee"].points, s["prep_committee"].facts) == (
        0, "Đã thực hiện 0/1; chưa thực hiện: họp chi ủy trước")
    assert (s["prep_notice"].points, s["prep_notice"].facts) == (
        2, "Đã thực hiện 1/2: thông báo cho đảng viên; chưa thực hiện: gửi trước tài liệu")


@pytest.mark.parametrize("sent, points", [("2024-04-02", 2), ("2024-04-03", 0), (None, 0)])
def test_2025_documents_at_least_one_day_before(hd42, sent, points):
    record = good_record()
    record["preparation"]["documents_sent"] = sent
    assert sug(hd42, record, "prep_documents").points == points


def test_2025_preparation_checklist_is_proportional(hd42):
    record = good_record()
    record["preparation"].update(draft_done=False)   # 3 of 4 → 2.25 → 2 (half points, rounded down)
    assert sug(hd42, record, "prep_steps").points == 2


# --- opening, proceedings, closing ------------------------------------------------------

def test_opening_steps_missing_minute_taker(qd28):
    record = good_record()
    record["minute_taker"] = ""
    s = sug(qd28, record, "opening_steps")
    assert s.points == 3.5   # 3 of 4 of 5 points = 3.75, half points rounded down
    assert s.facts.endswith("chưa thực hiện: cử thư ký")


def test_opening_steps_agenda_not_approved_and_no_attendance(qd28):
    record = good_record()
    record["agenda_approved"] = False
    record["attendance"]["present"] = None
    assert sug(qd28, record, "opening_steps").points == 2.5


def test_proceedings_without_orientation(qd28):
    record = good_record()
    record["orientation"] = ""
    assert sug(qd28, record, "proceedings_steps").points == 2


def test_closing_steps(qd28):
    record = good_record()
    record["closing"]["tasks_assigned"] = False
    s = sug(qd28, record, "closing_steps")
    assert s.points == 6
    assert s.facts.endswith("chưa thực hiện: phân công nhiệm vụ")


def test_minutes_not_read_back(qd28):
    record = good_record()
    record["read_back"] = False
    record["closing"]["minutes_read"] = False
    assert sug(qd28, record, "minutes_read").points == 0


# --- speakers --------------------------------------------------------------------------

def test_speakers_share_counts_members_once_and_not_guests(qd28):
    s = sug(qd28, good_record(), "speakers_share")
    assert (s.points, s.facts) == (8, "12/21 đảng viên có mặt phát biểu (57,1%)")


@pytest.mark.parametrize("speakers, points", [(10, 8), (9, 5), (6, 5), (5, 2), (2, 2), (1, 0), (0, 0)])
def test_speakers_share_bands(qd28, speakers, points):
    record = with_attendance(good_record(), 23, 20)   # 20 present: 10 = 50%, 6 = 30%, 2 = 10%
    record["speeches"] = [{"speaker": MEMBERS[i % speakers], "kind": "opinion", "target": None,
                           "text": "…", "agenda_item": "a1", "seconds": None}
                          for i in range(2 * speakers)]
    assert sug(qd28, record, "speakers_share").points == points


# --- principles ------------------------------------------------------------------------

@pytest.mark.parametrize("kinds, points, facts", [
    ({"self_criticism", "criticism"}, 4, "Có tự phê bình và phê bình"),
    ({"self_criticism"}, 2, "Có tự phê bình, chưa ghi nhận phê bình"),
    ({"criticism"}, 2, "Có phê bình, chưa ghi nhận tự phê bình"),
    (set(), 0, "Không ghi nhận tự phê bình, phê bình"),
])
def test_self_criticism(qd28, kinds, points, facts):
    record = good_record()
    record["speeches"] = [s for s in record["speeches"] if s["kind"] == "opinion" or s["kind"] in kinds]
    s = sug(qd28, record, "self_criticism")
    assert (s.points, s.facts) == (points, facts)


@pytest.mark.parametrize("yes, passed, points", [
    (19, True, 4), (11, True, 4),
    (10, True, 0),     # exactly half of 20 is not a majority
    (10, False, 4),
    (15, False, 0),    # a majority, yet recorded as failed
])
def test_majority_rule(qd28, yes, passed, points):
    record = good_record()
    record["votes"][0].update({"for": yes, "against": 19 - yes, "passed": passed})
    assert sug(qd28, record, "majority_rule").points == points


def test_majority_rule_uses_voting_base_not_present(qd28):
    record = good_record()
    record["votes"] = [{"subject": "Thông qua nghị quyết", "for": 10, "against": 0, "abstain": 0,
                        "passed": True}]    # no base on the vote: the cell's voting base (20) applies
    s = sug(qd28, record, "majority_rule")
    assert s.points == 0
    assert s.facts == "Kết quả không đúng nguyên tắc quá nửa: Thông qua nghị quyết"


def test_majority_rule_no_vote(qd28):
    record = good_record()
    record["votes"] = []
    s = sug(qd28, record, "majority_rule")
    assert (s.points, s.facts) == (0, "Chưa ghi kết quả biểu quyết")


def test_probationary_members_did_not_vote(qd28):
    s = sug(qd28, good_record(), "probationary_not_voting")
    assert (s.points, s.facts) == (3, "Số phiếu không vượt quá 19 đảng viên chính thức có mặt")


def test_probationary_members_voted(qd28):
    record = good_record()
    record["votes"][0].update({"for": 21})   # 21 ballots, only 19 full members present
    s = sug(qd28, record, "probationary_not_voting")
    assert (s.points, s.facts) == (0, "Số phiếu nhiều hơn 19 đảng viên chính thức có mặt: Thông qua nghị quyết")


# --- previous tasks --------------------------------------------------------------------

def test_previous_tasks_none_listed_gets_full_points(qd28):
    record = good_record()
    record["previous_tasks"] = []
    s = sug(qd28, record, "previous_tasks")
    assert (s.points, s.facts) == (15, "Kỳ trước không giao nhiệm vụ nào")


def test_previous_tasks_share(qd28, hd42):
    record = good_record()
    record["previous_tasks"] = [{"text": f"Việc {i}", "assignee": MEMBERS[i], "outcome": o, "note": ""}
                                for i, o in enumerate(["done", "done", "partly", "not_done"])]
    s = sug(qd28, record, "previous_tasks")
    assert s.points == 9       # 62.5% of 15 = 9.375
    assert s.facts == "Hoàn thành 2/4 nhiệm vụ, 1 hoàn thành một phần (62,5%)"
    assert sug(hd42, record, "previous_tasks").points == 12.5   # 62.5% of 20
