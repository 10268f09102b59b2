"""Model-cell ("chi bộ kiểu mẫu") evaluation of one cell's year (Kế hoạch 489-KH/ĐU ngày 22/3/2024).

Pure over a list of meeting records (the README's contract, as the cell's store or an imported
bundle gives them) and the e-handbook monthly summaries, so the cell and the party office
compute the same thing. Each criterion carries its evidence as text taken from the records.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass, field
from typing import Iterable

from app.i18n import N_, language, translator
from app.rules.attendance import assess_duration
from app.rules.cell_rules import CellRules, rate_good
from app.rules.messages import category_label
from app.rules.plan import quarter_compliance
from app.rules.scoring.history import DEFAULT_ORDER
from app.vntext import name_sort_key, nfc

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@dataclass(frozen=True)
class Settings:
    """The evaluation's own figures; the meeting thresholds are the cell's ``rules``."""

    rules: CellRules = CellRules()
    ehandbook_share: float = 100.0     # % of member-months at or above the points threshold
    min_rating: str = "Khá"
    rating_order: tuple[str, ...] = DEFAULT_ORDER

    @property
    def latest_day(self) -> int:       # a month's meeting is due after this day
        return self.rules.latest_day

    @property
    def duration_minutes(self) -> int:
        return self.rules.regular_minutes

    @property
    def combined_minutes(self) -> int:
        return self.rules.combined_minutes

    @property
    def attendance_rate(self) -> float:   # HD 12: more than this share present
        return self.rules.attendance_rate


# Where each cell criterion comes from (document numbers with dates; not translated: they are
# the documents' names). A criterion with no document is the cell's own (``OWN``).
_SEED = "Kế hoạch số 489-KH/ĐU ngày 22/3/2024"
SOURCES: dict[str, str] = {
    "monthly": f"Thông báo số 222-TB/TU ngày 20/02/2012 ({_SEED}, tiêu chí I.1)",
    "rule_day": f"Thông báo số 222-TB/TU ngày 20/02/2012 ({_SEED}, tiêu chí I.1)",
    "duration": ("Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018; Hướng dẫn số 42-HD/BTCTW ngày "
                 f"28/10/2025 ({_SEED}, tiêu chí I.1)"),
    "thematic": ("Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018; Hướng dẫn số 42-HD/BTCTW ngày "
                 f"28/10/2025 ({_SEED}, tiêu chí I.2)"),
    "attendance": "Hướng dẫn số 12-HD/BTCTW ngày 06/7/2018",
    "ehandbook": f"Quyết định số 614-QĐ/TU ngày 19/10/2022 ({_SEED}, tiêu chí I.1)",
    "rating": "Quy định số 28-QĐ/TU ngày 28/7/2019; Hướng dẫn số 24-HD/BTCTU ngày 19/8/2019",
    "records": f"{_SEED}, tiêu chí I.2, lưu ý",
    "registration": f"Đề án số 02-ĐA/TU ngày 20/4/2022; {_SEED}, mục 2.3",
    "member": f"{_SEED}, mục II (đối với đảng viên)",
}
OWN = "own"
OWN_LABEL = N_("The cell's own criterion")


def source_label(source: str, lang: str | None = None) -> str:
    """A criterion's source for display: the documents, or "the cell's own criterion"."""
    return translator(lang or language())(OWN_LABEL) if source == OWN else source


@dataclass
class Criterion:
    id: str
    name: str
    evidence: str
    met: bool
    source: str = OWN      # the document(s) it comes from, or OWN


@dataclass
class MemberEvaluation:
    """The seed's member criteria (2 general + 1 specific by unit type) for one member."""
    name: str
    criteria: list[Criterion] = field(default_factory=list)
    met: bool = False


@dataclass
class Evaluation:
    cell: dict
    year: int
    criteria: list[Criterion] = field(default_factory=list)
    met: bool = False
    members: list[MemberEvaluation] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"cell": self.cell, "year": self.year, "met": self.met,
                "criteria": [asdict(c) for c in self.criteria],
                "members": [asdict(m) for m in self.members]}


def current_versions(records: Iterable[dict], year: int | None = None) -> list[dict]:
    """The newest finalised version of each meeting (of ``year``), by date."""
    newest: dict[str, dict] = {}
    for r in records:
        if r.get("status") != "finalised" or (year and not str(r.get("date", "")).startswith(
                f"{year:04d}-")):
            continue
        key = r.get("series_id") or r["id"]
        if key not in newest or int(r.get("version") or 1) > int(newest[key].get("version") or 1):
            newest[key] = r
    return sorted(newest.values(), key=lambda r: (r["date"], (r.get("sitting") or {}).get(
        "order") or 0))


def _has_minimum(record: dict) -> bool:
    """A regular meeting, or the last part of a combined sitting (which counts as a whole);
    earlier parts and a thematic meeting on its own have no minimum."""
    sitting = record.get("sitting")
    if sitting:
        return bool(sitting.get("last"))
    return record.get("kind") == "regular"


def duration_ok(record: dict, settings: Settings = Settings()) -> bool | None:
    """Long enough? None when no minimum applies (``_has_minimum``) or the length is not
    recorded."""
    if not _has_minimum(record):
        return None
    check = assess_duration(record.get("kind") or "regular", record.get("start"),
                            record.get("end"), settings.rules,
                            minutes=record.get("duration_minutes"), sitting=record.get("sitting"))
    return check.ok if check.counted is not None else None


def _minutes(record: dict) -> int | None:
    sitting = record.get("sitting")
    if sitting and sitting.get("last"):
        return sitting.get("total_minutes")
    return record.get("duration_minutes")


def due_months(year: int, today: _dt.date | None, latest_day: int) -> list[int]:
    """Months whose meeting should have been held by ``today`` (all twelve without it)."""
    if today is None or today.year > year:
        return list(range(1, 13))
    if today.year < year:
        return []
    return [m for m in range(1, 13) if (m < today.month or (m == today.month
                                                            and today.day > latest_day))]


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _date(value: str) -> str:
    return _dt.date.fromisoformat(value).strftime("%d/%m")


def evaluate(records: Iterable[dict], year: int, *, ehandbook_months: Iterable[dict] = (),
             ehandbook_threshold: float | None = None, registration: dict | None | bool = False,
             settings: Settings = Settings(), today: _dt.date | None = None,
             lang: str | None = None, unit_type: str | None = None,
             member_points: dict[str, tuple[int, int]] | None = None,
             first_record: _dt.date | str | None = None) -> Evaluation:
    """Evaluate a cell's year.

    ``ehandbook_months``: ``{month, applicable, at_or_above}`` summaries of the year's months;
    ``registration``: the model-cell registration of the year (dict), None when there is none,
    False when unknown (the criterion is then left out); ``today`` limits the months due;
    ``first_record``: the date of the cell's first record ever: months before it are not due
    (the cell did not use chibo yet, so nothing can be missing).
    """
    _ = translator(lang or language())
    if ehandbook_threshold is None:
        ehandbook_threshold = settings.rules.ehandbook_points
    meetings = current_versions(records, year)
    cell = dict(meetings[-1]["cell"]) if meetings else {}
    due = due_months(year, today, settings.latest_day)
    if first_record:
        first = _dt.date.fromisoformat(str(first_record)[:10])
        due = [] if first.year > year else [m for m in due if (year, m) >= (first.year,
                                                                             first.month)]
    regular: dict[int, dict] = {}
    for r in meetings:
        if r["kind"] == "regular":
            regular.setdefault(int(r["date"][5:7]), r)
    held = [regular[m] for m in due if m in regular]
    criteria: list[Criterion] = []

    def month_list(months: Iterable[int]) -> str:
        return ", ".join(str(m) for m in months)

    # §1 a regular meeting every month
    missing = [m for m in due if m not in regular]
    text = _("{held}/{due} months with a regular meeting").format(held=len(due) - len(missing),
                                                                   due=len(due))
    if missing:
        text += "; " + _("none in month(s) {months}").format(months=month_list(missing))
    criteria.append(Criterion("monthly", _("Regular meeting every month"), text, not missing))

    # §1 the rule's day, or a recorded reason
    on_day, notes, ok = 0, [], True
    for r in held:
        month = int(r["date"][5:7])
        if r.get("rule_date") and r["date"] == r["rule_date"]:
            on_day += 1
            continue
        reason = nfc(r.get("off_rule_reason") or "")
        category = r.get("off_rule_category")
        late = int(r["date"][8:10]) > settings.latest_day and bool(r.get("rule_date"))
        if reason and late and not settings.rules.force_majeure(category):
            # After the latest day only force majeure excuses the date, not any typed reason.
            ok = False
            notes.append(_("month {month} held on {day}, after the {latest}th, without a "
                           "force-majeure category: reason {reason}").format(
                month=month, day=_date(r["date"]), latest=settings.latest_day, reason=reason))
        elif reason:
            note = _("month {month} moved to {day}: reason {reason}").format(
                month=month, day=_date(r["date"]), reason=reason)
            if category:
                note += " (" + category_label(category, lang) + ")"
            notes.append(note)
        else:
            ok = False
            notes.append(_("month {month} held on {day} without a recorded reason").format(
                month=month, day=_date(r["date"])))
    text = _("{on_day}/{held} meetings on the rule's day").format(on_day=on_day, held=len(held))
    criteria.append(Criterion("rule_day", _("Meetings on the rule's day"),
                              "; ".join([text] + notes), ok and bool(held)))

    # §2 duration
    long_enough, notes, ok = 0, [], True
    parts = [r for r in meetings if int(r["date"][5:7]) in due and _has_minimum(r)]
    for r in parts:
        good = duration_ok(r, settings)
        if good:
            long_enough += 1
            continue
        ok = False
        minutes = _minutes(r)
        note = _("month {month}: {minutes} minutes").format(
            month=int(r["date"][5:7]), minutes="?" if minutes is None else minutes)
        if r.get("short_reason"):
            note += ", " + _("reason {reason}").format(reason=nfc(r["short_reason"]))
        notes.append(note)
    text = _("{ok}/{total} meetings long enough (at least {minimum} minutes; a combined sitting "
             "at least {combined})").format(ok=long_enough, total=len(parts),
                                            minimum=settings.duration_minutes,
                                            combined=settings.combined_minutes)
    criteria.append(Criterion("duration", _("Meeting duration"), "; ".join([text] + notes),
                              ok and bool(parts)))

    # §6 a thematic meeting every quarter
    thematic_dates = [_dt.date.fromisoformat(r["date"]) for r in meetings
                      if r["kind"] == "thematic"]
    status = quarter_compliance(year, thematic_dates, today or _dt.date(year + 1, 1, 1))
    marks = []
    for q, state in status.items():
        mark = {"held": _("held"), "missing": _("none held")}.get(state, _("not yet due"))
        marks.append(_("Q{quarter}: {mark}").format(quarter=ROMAN[q], mark=mark))
    criteria.append(Criterion("thematic", _("Thematic meeting every quarter"), ", ".join(marks),
                              "missing" not in status.values()))

    # HD 12: attendance
    notes, ok, lowest = [], True, None
    for r in held:
        a = r.get("attendance") or {}
        month = int(r["date"][5:7])
        rate = a.get("rate")
        if rate is not None and (lowest is None or rate < lowest[0]):
            lowest = (rate, month)
        if not rate_good(a.get("present"), a.get("base"), settings.attendance_rate, rate):
            ok = False
        unexcused = a.get("absent_without_reason") or []
        if unexcused:
            ok = False
            notes.append(_("month {month} absent without reason: {names}").format(
                month=month, names=", ".join(nfc(n) for n in unexcused)))
    if lowest:
        text = _("lowest attendance {rate}% (month {month}); required above {minimum}%").format(
            rate=_pct(lowest[0]), month=lowest[1], minimum=_pct(settings.attendance_rate))
    else:
        text = _("no attendance recorded")
    if not notes:
        notes.append(_("no absence without reason"))
    criteria.append(Criterion("attendance", _("Attendance"), "; ".join([text] + notes),
                              ok and lowest is not None))

    # §3 e-handbook
    months = [m for m in ehandbook_months if int(m["month"]) in due and m.get("applicable")]
    total = sum(int(m["applicable"]) for m in months)
    good = sum(int(m["at_or_above"]) for m in months)
    threshold = f"{ehandbook_threshold:g}".replace(".", ",")
    entered = total - sum(int(m.get("missing") or 0) for m in months)
    if total and entered <= 0:
        # Members applicable but not one point entered: nothing measured, not "0%".
        text, met = _("e-handbook: no points entered"), False
    elif total:
        share = 100.0 * good / total
        text = _("e-handbook: {share}% of member-months at or above {threshold} points "
                 "({good}/{total}, {months} months)").format(
            share=_pct(share), threshold=threshold, good=good, total=total, months=len(months))
        met = share + 1e-9 >= settings.ehandbook_share
    else:
        text, met = _("e-handbook: no points recorded"), False
    criteria.append(Criterion("ehandbook", _("E-handbook use"), text, met))

    # §5 scores: months per rating
    order = settings.rating_order
    counts = {name: 0 for name in order}
    unscored, below = [], []
    limit = order.index(settings.min_rating) if settings.min_rating in order else len(order)
    for r in held:
        score = r.get("score")
        month = int(r["date"][5:7])
        if not score:
            unscored.append(month)
            continue
        rating = score.get("rating")
        counts[rating] = counts.get(rating, 0) + 1
        if rating not in order or order.index(rating) > limit:
            below.append(month)
    parts_text = [_("{rating}: {count} months").format(rating=k, count=v)
                  for k, v in counts.items() if v]
    text = ", ".join(parts_text) or _("no meeting scored")
    if unscored:
        text += "; " + _("not scored: month(s) {months}").format(months=month_list(unscored))
    if below:
        text += "; " + _("below {rating}: month(s) {months}").format(
            rating=settings.min_rating, months=month_list(below))
    criteria.append(Criterion("rating", _("Meeting quality (scores)"), text,
                              bool(held) and not unscored and not below))

    # §7 full records: minutes read back, a resolution or conclusion passed by vote
    complete, gaps = 0, []
    for r in [r for r in meetings if int(r["date"][5:7]) in due]:
        has_text = bool(((r.get("resolution") or {}).get("text") or "").strip()
                        or (r["kind"] == "thematic" and (r.get("conclusion") or "").strip()))
        passed = any(v.get("passed") for v in r.get("votes") or [])
        if r.get("read_back") and has_text and (passed or r["kind"] == "thematic"):
            complete += 1
        else:
            gaps.append(_date(r["date"]))
    counted = complete + len(gaps)
    text = _("{complete}/{total} minutes read back and approved, with a resolution or "
             "conclusion").format(complete=complete, total=counted)
    if gaps:
        text += "; " + _("incomplete: {days}").format(days=", ".join(gaps))
    criteria.append(Criterion("records", _("Full minutes and resolutions"), text,
                              counted > 0 and not gaps))

    # §8 registration
    if registration is not False:
        if registration:
            day = registration.get("registered_on")
            when = _dt.date.fromisoformat(day).strftime("%d/%m/%Y") if day else "?"
            text = _("registered on {day}: {content}").format(
                day=when, content=nfc(registration.get("content") or ""))
        else:
            text = _("no model-cell registration for {year}").format(year=year)
        criteria.append(Criterion("registration", _("Model-cell registration"), text,
                                  bool(registration)))

    for c in criteria:
        c.source = SOURCES.get(c.id, OWN)
    if unit_type is None:  # an exported record carries its cell's unit type
        unit_type = (meetings[-1].get("unit_type") if meetings else None) or "other"
    members = evaluate_members(meetings, due, unit_type=unit_type, member_points=member_points,
                               lang=lang)
    return Evaluation(cell, year, criteria, all(c.met for c in criteria), members)


# The seed's member criteria (plan 489-KH/ĐU, II): two general ones for every cell, one specific
# by the kind of unit. Texts are the documents' (Vietnamese, shown as they are).
MEMBER_GENERAL = (
    ("general_rules", "Chấp hành tốt chủ trương, đường lối của Đảng, chính sách, pháp luật của "
     "Nhà nước; nội quy, quy chế của chi bộ, cơ quan, đơn vị; tích cực, chủ động học tập nâng cao "
     "trình độ chuyên môn, kỹ năng, nghiệp vụ, lý luận chính trị"),
    ("general_criticism", "Thực hiện nghiêm nguyên tắc tự phê bình và phê bình trong sinh hoạt "
     "đảng; những điều đảng viên không được làm; nêu gương; đạo đức công vụ, đạo đức nghề "
     "nghiệp; giữ gìn đoàn kết nội bộ"),
)
MEMBER_SPECIFIC = {
    "education": "Đảng viên trong đơn vị sự nghiệp giáo dục, đào tạo: nêu cao tinh thần trách "
                 "nhiệm, đổi mới, sáng tạo, thi đua dạy tốt, học tốt; hoàn thành tốt nhiệm vụ "
                 "chuyên môn nghiệp vụ",
    "health": "Đảng viên trong đơn vị sự nghiệp y tế: nêu cao tinh thần trách nhiệm, y đức; đổi "
              "mới, sáng tạo, nâng cao chất lượng chăm sóc sức khỏe nhân dân; hoàn thành tốt "
              "nhiệm vụ chuyên môn nghiệp vụ",
}
# The seed has no specific criterion for other units: the cell's own wording, so labelled.
MEMBER_SPECIFIC_OWN = "Hoàn thành tốt nhiệm vụ chuyên môn nghiệp vụ được giao"


def evaluate_members(meetings: list[dict], due: list[int], *, unit_type: str = "other",
                     member_points: dict[str, tuple[int, int]] | None = None,
                     lang: str | None = None) -> list[MemberEvaluation]:
    """Each member's three criteria with evidence from the year's finalised records.

    * general 1: attended every regular meeting or was absent only with a reason, and (when
      points are known) at or above the e-handbook threshold every month counted;
    * general 2: made self-criticism at a meeting of the year (minuted);
    * specific: the tasks the cell assigned were reviewed as done at the next meeting.
    ``member_points``: name -> (months at or above the threshold, months counted).
    """
    _ = translator(lang or language())
    regular = [r for r in meetings if r["kind"] == "regular" and int(r["date"][5:7]) in due]
    names: set[str] = set()
    present: dict[str, int] = {}
    excused: dict[str, int] = {}
    unexcused: dict[str, list[str]] = {}
    for r in regular:
        a = r.get("attendance") or {}
        for n in a.get("present_names") or []:
            n = nfc(n)
            names.add(n)
            present[n] = present.get(n, 0) + 1
        for entry in a.get("absent_with_reason") or []:
            n = nfc(entry["name"] if isinstance(entry, dict) else entry)
            names.add(n)
            excused[n] = excused.get(n, 0) + 1
        for n in a.get("absent_without_reason") or []:
            n = nfc(n)
            names.add(n)
            unexcused.setdefault(n, []).append(_date(r["date"]))
    self_criticism: dict[str, int] = {}
    criticism: dict[str, int] = {}
    outcomes: dict[str, dict[str, int]] = {}
    for r in meetings:
        if int(r["date"][5:7]) not in due:
            continue
        for sp in r.get("speeches") or []:
            who = nfc(sp.get("speaker") or "")
            if sp.get("kind") == "self_criticism":
                self_criticism[who] = self_criticism.get(who, 0) + 1
            elif sp.get("kind") == "criticism":
                criticism[who] = criticism.get(who, 0) + 1
        for t in r.get("previous_tasks") or []:
            who = nfc(t.get("assignee") or "")
            counts = outcomes.setdefault(who, {})
            key = t.get("outcome") or "unreviewed"
            counts[key] = counts.get(key, 0) + 1
    specific_text = MEMBER_SPECIFIC.get(unit_type, MEMBER_SPECIFIC_OWN)
    specific_source = SOURCES["member"] if unit_type in MEMBER_SPECIFIC else OWN
    out = []
    for name in sorted(names, key=name_sort_key):
        crits = []
        # general 1: attendance and study (e-handbook)
        evidence = _("present at {present}/{held} regular meetings").format(
            present=present.get(name, 0), held=len(regular))
        ok = not unexcused.get(name)
        if excused.get(name):
            evidence += "; " + _("absent with a reason {count} times").format(
                count=excused[name])
        if unexcused.get(name):
            evidence += "; " + _("absent without a reason on {days}").format(
                days=", ".join(unexcused[name]))
        points = (member_points or {}).get(name)
        if points and points[1]:
            evidence += "; " + _("e-handbook at or above the threshold in {ok}/{months} "
                                 "months").format(ok=points[0], months=points[1])
            ok = ok and points[0] == points[1]
        crits.append(Criterion(MEMBER_GENERAL[0][0], MEMBER_GENERAL[0][1], evidence, ok,
                               SOURCES["member"]))
        # general 2: self-criticism and criticism
        own, others = self_criticism.get(name, 0), criticism.get(name, 0)
        evidence = _("self-criticism minuted {own} times, criticism of others {others} "
                     "times").format(own=own, others=others)
        crits.append(Criterion(MEMBER_GENERAL[1][0], MEMBER_GENERAL[1][1], evidence, own > 0,
                               SOURCES["member"]))
        # specific: the cell's tasks carried out
        counts = outcomes.get(name, {})
        total = sum(counts.values())
        if total:
            evidence = _("tasks reviewed: {done}/{total} done, {partly} partly, {not_done} not "
                         "done, {unreviewed} not reviewed").format(
                done=counts.get("done", 0), total=total, partly=counts.get("partly", 0),
                not_done=counts.get("not_done", 0), unreviewed=counts.get("unreviewed", 0))
        else:
            evidence = _("no task of the cell reviewed this year")
        crits.append(Criterion("specific", specific_text, evidence,
                               bool(total) and counts.get("done", 0) == total, specific_source))
        out.append(MemberEvaluation(name, crits, all(c.met for c in crits)))
    return out
