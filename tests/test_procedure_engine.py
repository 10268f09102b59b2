"""The wizard state machine, walked headlessly over the shipped procedures."""
import copy
import json

import pytest

from app import i18n
from app.procedure import FACTS, Issue, ProcedureError, Wizard, load_procedure, meeting_facts

REGULAR = ["preparation", "opening", "proceedings", "closing", "scoring", "readback"]
THEMATIC = ["before", "opening", "proceedings", "closing", "readback", "after"]
ALL = {f: True for f in FACTS}


@pytest.fixture
def regular():
    return load_procedure("regular-hd12-2018")


@pytest.fixture
def thematic():
    return load_procedure("thematic-hd12-2018")


def resumed(w: Wizard) -> Wizard:
    """What reopening the app does: the state went through JSON in the database."""
    return Wizard(w.procedure, json.loads(json.dumps(w.state())))


def test_walk_every_regular_step(regular):
    w = Wizard(regular)
    assert w.current == "preparation" and not w.can_go_back and not w.is_last
    seen = [w.current]
    while True:
        w = resumed(w)  # resume after every action, as after a crash
        out = w.accept(ALL)
        assert out.ok and out.errors == () and out.warnings == ()
        if out.finished:
            break
        seen.append(out.current)
        assert not out.finalised
    assert seen == REGULAR
    assert out.finalised and out.finished and w.finalised and w.finished and w.is_last
    assert w.done == REGULAR and w.current == "readback"
    assert w.state()["stack"] == REGULAR[:-1]


def test_walk_every_thematic_step_finalising_before_the_after_step(thematic):
    w = Wizard(thematic)
    outcomes = [w.accept(ALL) for _ in THEMATIC]
    assert [o.finalised for o in outcomes] == [False, False, False, False, True, False]
    assert [o.finished for o in outcomes] == [False] * 5 + [True]
    assert w.done == THEMATIC and w.finalised and w.finished


def test_warnings_never_block(regular):
    w = Wizard(regular)
    out = w.accept({})
    assert out.ok and out.current == "opening" and w.done == ["preparation"]
    codes = [i.code for i in out.warnings]
    assert "recommend:committee_met" in codes and "item:prep-content" in codes
    assert all(not i.blocking for i in out.warnings)
    msg = next(i.message for i in out.warnings if i.code == "recommend:committee_met")
    assert msg == "Chưa thực hiện: chi ủy đã họp trước"


def test_finalise_needs_read_back_end_time_and_a_reason_for_a_short_meeting(regular):
    w = Wizard(regular, {"current": "readback", "stack": REGULAR[:-1], "done": REGULAR[:-1]})
    out = w.accept({})
    assert not out.ok and out.current == "readback" and not w.finalised and "readback" not in w.done
    assert {e.code for e in out.errors} == {"require:end_time_set", "require:minutes_read",
                                            "require:duration_explained"}
    assert "Cần hoàn thành trước khi tiếp tục: biên bản đã được đọc lại và thông qua" in [
        e.message for e in out.errors]
    # a short meeting: finalising waits for a reason
    out = w.accept({"end_time_set": True, "minutes_read": True, "duration_ok": False})
    assert [e.code for e in out.errors] == ["require:duration_explained"]
    # with the reason it finalises, still warning that the meeting was short
    out = w.accept({"end_time_set": True, "minutes_read": True, "duration_ok": False,
                    "duration_explained": True})
    assert out.ok and out.finalised and w.finalised
    assert [i.code for i in out.warnings] == ["recommend:duration_ok"]


def test_back_and_next(regular):
    w = Wizard(regular)
    with pytest.raises(ProcedureError, match="không có bước nào để quay lại"):
        w.back()
    w.accept(ALL)
    w.accept(ALL)
    assert w.current == "proceedings" and w.can_go_back
    assert w.back() == "opening" and w.back() == "preparation" and not w.can_go_back
    # next() moves without accepting
    assert w.next() == "opening" and w.done == ["preparation", "opening"]
    w.next(), w.next()
    assert w.current == "closing" and "proceedings" not in w.done
    w.next(), w.next()
    assert w.is_last
    with pytest.raises(ProcedureError, match="đây là bước cuối cùng"):
        w.next()


def test_goto_only_visited_steps(regular):
    w = Wizard(regular)
    for _ in range(3):
        w.accept(ALL)
    assert w.current == "closing"
    with pytest.raises(ProcedureError, match="chưa đến bước “Chấm điểm”"):
        w.goto("scoring")
    with pytest.raises(ProcedureError, match="không có bước “lunch”"):
        w.goto("lunch")
    assert w.goto("opening") == "opening"
    assert w.state()["stack"] == ["preparation"]
    assert w.back() == "preparation"
    # forward again to a visited step: the path in between is on the stack
    assert w.goto("closing") == "closing"
    assert w.state()["stack"] == ["preparation", "opening", "proceedings"]
    assert w.goto("closing") == "closing"  # staying put is fine
    assert w.visited == ["preparation", "opening", "proceedings", "closing"]


def test_resume_from_a_stored_state(regular):
    w = Wizard(regular)
    w.accept(ALL)
    w.accept({"minute_taker_set": True})
    w.tick("proc-report", True)
    w.back()
    stored = json.dumps(w.state())
    again = Wizard(regular, json.loads(stored))
    assert again.state() == w.state()
    assert again.current == "opening" and again.can_go_back and again.done == ["preparation", "opening"]
    assert again.goto("proceedings") == "proceedings"  # visited before the crash
    assert again.checklist("proceedings")[0].ticked


def test_resume_from_the_brief_state_shape_without_visited(regular):
    state = {"current": "closing", "stack": ["preparation", "opening", "proceedings"],
             "done": ["preparation", "opening", "proceedings"], "ticks": {"close-resolution": True}}
    w = Wizard(regular, state)
    assert w.current == "closing" and w.visited == REGULAR[:4]
    assert w.back() == "proceedings"
    assert w.checklist("closing")[2].ticked and w.checklist("closing")[2].source == "manual"


def test_a_stored_state_with_unknown_steps_is_refused(regular):
    with pytest.raises(ProcedureError, match="trạng thái đã lưu có bước không tồn tại: lunch"):
        Wizard(regular, {"current": "lunch"})


def test_checklist_auto_ticks_and_manual_override(regular):
    w = Wizard(regular)
    opening = {e.item.id: e for e in w.checklist("opening", {"minute_taker_set": True, "agenda_approved": True})}
    assert opening["open-minute-taker"].ticked and opening["open-minute-taker"].source == "auto"
    assert not opening["open-purpose"].ticked and opening["open-purpose"].source is None
    # an item with several facts needs them all
    prep = {e.item.id: e for e in w.checklist("preparation", {"notice_sent": True})}
    assert not prep["prep-notice"].ticked
    prep = {e.item.id: e for e in w.checklist("preparation", {"notice_sent": True, "documents_sent": True})}
    assert prep["prep-notice"].ticked
    # a manual untick wins over the facts; None hands it back to the facts
    w.tick("open-minute-taker", False)
    e = w.checklist("opening", {"minute_taker_set": True})[1]
    assert (e.ticked, e.source, e.auto) == (False, "manual", True)
    w.tick("open-purpose", True)
    assert w.checklist("opening", {})[0].ticked
    w.tick("open-minute-taker", None)
    assert w.checklist("opening", {"minute_taker_set": True})[1].source == "auto"
    assert w.state()["ticks"] == {"open-purpose": True}
    with pytest.raises(KeyError):
        w.tick("no-such-item", True)


def test_manual_ticks_silence_item_warnings(regular):
    w = Wizard(regular)
    for item in regular.step("preparation").items:
        w.tick(item.id, True)
    out = w.accept({})
    assert not [i for i in out.warnings if i.code.startswith("item:")]


def test_pluggable_checks(regular):
    def closing_check(facts):
        if facts.get("vote_error"):
            yield Issue("vote_counts", "Tổng số phiếu vượt số đảng viên có mặt.", blocking=True)
        yield Issue("no_task", "Đồng chí A chưa được phân công nhiệm vụ.")

    w = Wizard(regular, {"current": "closing", "stack": REGULAR[:3], "done": REGULAR[:3]},
               checks={"closing": closing_check})
    out = w.accept(dict(ALL, vote_error=True))
    assert not out.ok and [e.code for e in out.errors] == ["vote_counts"]
    assert [i.code for i in out.warnings] == ["no_task"]
    out = w.accept(ALL)
    assert out.ok and out.current == "scoring" and [i.code for i in out.warnings] == ["no_task"]


def test_english_labels(regular):
    i18n.set_language("en")
    w = Wizard(regular)
    out = w.accept({})
    assert "Not done yet: the cell committee met beforehand" in [i.message for i in out.warnings]
    assert w.current_step.label() == "Opening"


# --- facts from a meeting record --------------------------------------------------------------

RECORD = {
    "id": "m1", "kind": "regular", "status": "draft", "date": "2024-04-03",
    "start": "14:00", "end": "15:45", "duration_minutes": 105, "sitting": None, "short_reason": None,
    "chair": "Nguyễn Thị Hoa", "minute_taker": "Lê Thị Lan", "purpose": "Thực hiện …",
    "preparation": {"content_by": "Nguyễn Thị Hoa", "draft_done": True, "committee_met": "2024-04-01",
                    "notice_sent": "2024-04-01", "documents_sent": "2024-04-01", "attachments": []},
    "attendance": {"on_roll": 25, "base": 23, "present": 21, "rate": 91.3},
    "voting": {"base": 20, "present": 19},
    "agenda": [{"id": "a1", "title": "Công tác chính trị, tư tưởng"}], "agenda_approved": True,
    "report": "Báo cáo", "speeches": [{"speaker": "Trần Văn Minh", "kind": "opinion", "text": "…"}],
    "orientation": "Định hướng", "summary": "Tổng hợp",
    "tasks": [{"assignee": "Trần Văn Minh", "text": "…", "due": "2024-04-30"}],
    "proposals": [{"member": "Lê Thị Lan", "text": "…", "handling": "forwarded"}],
    "resolution": {"type": "conclusion", "text": "…"},
    "votes": [{"subject": "Thông qua kết luận", "for": 19, "against": 0, "abstain": 0, "base": 20, "passed": True}],
    "previous_tasks": [{"text": "…", "assignee": "…", "outcome": "done"}],
    "closing": {}, "read_back": True, "score": {"total": 92.5, "rating": "Tốt"},
}


def test_meeting_facts_from_a_complete_record_drive_the_regular_meeting_to_the_end(regular):
    facts = meeting_facts(RECORD)
    regular_facts = {f for s in regular.steps for i in s.items for f in i.auto} | {
        f for s in regular.steps for f in (*s.require, *s.recommend)}
    assert {f for f in regular_facts if not facts[f]} == set()
    w = Wizard(regular)
    outs = [w.accept(facts) for _ in REGULAR]
    assert all(o.ok and not o.warnings for o in outs) and w.finalised


@pytest.mark.parametrize("change, fact, value", [
    ({"minute_taker": None}, "minute_taker_set", False),
    ({"minute_taker": "  "}, "minute_taker_set", False),
    ({"proposals": [{"member": "A", "text": "…", "handling": None}]}, "proposals_handled", False),
    ({"proposals": []}, "proposals_handled", True),
    ({"votes": [{"passed": False}]}, "resolution_passed", False),
    ({"end": None}, "end_time_set", False),
    ({"duration_minutes": 80}, "duration_ok", False),
    ({"duration_minutes": 80}, "duration_explained", False),
    ({"duration_minutes": 80, "short_reason": "Mất điện"}, "duration_explained", True),
    ({"duration_minutes": None, "end": "15:29"}, "duration_ok", False),
    ({"duration_minutes": None, "end": "15:30"}, "duration_ok", True),
    # a combined sitting is judged on its total against 120 minutes
    ({"sitting": {"id": "s", "order": 1, "total_minutes": 119}}, "duration_ok", False),
    ({"sitting": {"id": "s", "order": 1, "total_minutes": 120}, "duration_minutes": 60}, "duration_ok", True),
    ({"attendance": {}}, "attendance_reported", False),
    ({"attendance": {"base": 3, "not_recorded": ["A"]}}, "attendance_reported", False),
    ({"read_back": False}, "minutes_read", False),
    ({"score": None}, "scored", False),
    ({"previous_tasks": [{"text": "…", "outcome": None}]}, "previous_tasks_reviewed", False),
])
def test_meeting_facts_edges(change, fact, value):
    record = copy.deepcopy(RECORD)
    record.update(change)
    assert meeting_facts(record)[fact] is value


def test_meeting_facts_for_a_thematic_record(thematic):
    record = dict(copy.deepcopy(RECORD), kind="thematic",
                  topic={"title": "Học tập Bác", "group": "ho-chi-minh", "drafter": "Trần Văn Minh",
                         "in_plan": True, "briefing": {"date": "2024-05-01", "notes": "…"},
                         "versions": [{"date": "2024-05-02", "sha256": "ab", "final": False}],
                         "approved": "2024-05-03", "sent": "2024-05-03"},
                  topic_purpose="Mục đích", drafter_response="Tiếp thu", evaluation="Tốt", conclusion="Bổ sung")
    facts = meeting_facts(record)
    assert facts["draft_presented"]  # the drafter spoke
    assert not facts["final_version_saved"] and not facts["reported_upward"]
    w = Wizard(thematic)
    outs = [w.accept(facts) for _ in THEMATIC[:-1]]
    assert all(o.ok and not o.warnings for o in outs) and w.finalised and w.current == "after"
    out = w.accept(facts)
    assert out.finished and {i.code for i in out.warnings} >= {"recommend:final_version_saved",
                                                              "recommend:reported_upward"}


def test_a_step_passed_with_only_warnings_is_done_but_not_complete(regular):
    """The step list's ✓ reads ``complete``: Scoring passed unscored is done (passing never
    blocks on a warning) but not complete until the meeting is scored."""
    w = Wizard(regular, {"current": "scoring", "stack": REGULAR[:4], "done": REGULAR[:4]})
    unscored = {**ALL, "scored": False}
    out = w.accept(unscored)
    assert out.ok and "scoring" in w.done
    assert [i.code for i in out.warnings] == ["recommend:scored", "item:score-meeting"]
    assert not w.complete("scoring", unscored)
    assert w.complete("scoring", ALL)
    assert not w.complete("readback", ALL)          # not passed yet
    w.tick("score-meeting", True)                   # ticked by hand, still not scored
    assert not w.complete("scoring", unscored)
