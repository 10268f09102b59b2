"""Rubrics as data: loading, validating, copying and saving the 100-point scoring scales.

A rubric is a plain dict (read from ``resources/rubrics/*.toml`` or from the editor) that
:func:`validate` checks and :func:`load_rubric` turns into a read-only :class:`Rubric`. The
meeting keeps ``rubric_to_dict(rubric)`` as its snapshot, so later edits never change a past
score. Texts are Vietnamese (the rubric is a Vietnamese document), ids are ascii.

Schema (TOML)::

    id, version, name, document, note         # note: e.g. "a default breakdown, check it"
    verified = false                          # optional: taken from secondary copies, not
                                              # checked against the official text
    [[ratings]]   id, name, min [, below]     # best first; from min up to the next one's min;
                                              # the last starts at 0; "below" is optional
    [[groups]]    id, name, max               # groups add up to 100
    [[groups.criteria]] id, name, kind, max [, note]   # criteria add up to their group
        kind = "yesno"                        # yes = max, no = 0
        kind = "points"                       # 0..max in half points
        kind = "band",     bands = [{id, name, points}, ...]
        kind = "computed", source = "<sources.SOURCES key>", params = {...},
                           bands = [{min|above = value on 0..100, points}, ...]  # highest first;
                           # without bands: points = max × value / 100, rounded down to half points
    [[caps]]      id, name, group|criterion, max, when = "<sources.FACTS key>"
    [[forced]]    id, name, when = "<sources.FACTS key>", at_most = "<rating id>"

All points are whole or half points and never negative.
"""
from __future__ import annotations

import copy
import math
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import paths
from app.i18n import _
from app.vntext import nfc

from .sources import CHECKLISTS, FACTS, PARAM_DEFAULTS, SOURCE_PARAMS, SOURCES, fmt_num

TOTAL = 100
KINDS = ("yesno", "band", "points", "computed")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


@dataclass(frozen=True)
class ValidationError:
    path: str      # where in the rubric (or the entries): "groups.attendance.criteria.rate.max"
    message: str   # translated, for the secretary
    code: str = ""  # what is wrong, for a reader that words it its own way ("missing"…)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class RubricError(ValueError):
    def __init__(self, errors: list[ValidationError]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass(frozen=True)
class Rating:
    id: str
    name: str
    min: float


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    kind: str
    max: float
    bands: tuple = ()          # band: ({id, name, points}); computed: ({min|above, points})
    source: str | None = None
    params: dict = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    max: float
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Cap:
    id: str
    name: str
    max: float
    when: str
    group: str | None = None
    criterion: str | None = None


@dataclass(frozen=True)
class ForcedRating:
    id: str
    name: str
    when: str
    at_most: str   # a rating id


@dataclass(frozen=True, eq=False)
class Rubric:
    id: str
    version: str
    name: str
    document: str
    note: str
    groups: tuple[Group, ...]
    ratings: tuple[Rating, ...]   # best first
    caps: tuple[Cap, ...]
    forced: tuple[ForcedRating, ...]
    data: dict                    # the normalised source dict (the snapshot)

    @property
    def verified(self) -> bool:
        """False when the rubric says it was not checked against its source document (a
        copy of it keeps saying so)."""
        return self.data.get("verified", True) is not False

    def criteria(self) -> list[Criterion]:
        return [c for g in self.groups for c in g.criteria]

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria():
            if c.id == cid:
                return c
        raise KeyError(cid)

    def rating(self, rid: str) -> Rating:
        for r in self.ratings:
            if r.id == rid:
                return r
        raise KeyError(rid)


# --- normalising -----------------------------------------------------------------------

def _normalise(value: Any) -> Any:
    """NFC every string, drop None values (TOML has no null), copy containers."""
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items() if v is not None}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    return value


def _read(source: str | Path | dict) -> dict:
    if isinstance(source, dict):
        data = source
    else:
        with open(source, "rb") as fh:
            data = tomllib.load(fh)
    data = _normalise(data)
    if "version" in data and not isinstance(data["version"], str):
        data["version"] = str(data["version"])
    return data


# --- validation ------------------------------------------------------------------------

def _is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _is_half(x) -> bool:
    return _is_number(x) and float(x * 2).is_integer()


def _fmt(x) -> str:
    return fmt_num(x, 2)


class _Checker:
    def __init__(self):
        self.errors: list[ValidationError] = []

    def add(self, path: str, message: str, code: str = "") -> None:
        self.errors.append(ValidationError(path, message, code))

    def text(self, obj: dict, key: str, path: str) -> bool:
        if not isinstance(obj.get(key), str) or not obj.get(key):
            self.add(f"{path}.{key}", _("“{key}” is missing or empty.").format(key=key),
                     "missing")
            return False
        return True

    def ident(self, obj: dict, path: str, seen: set) -> str | None:
        if not self.text(obj, "id", path):
            return None
        ident = obj["id"]
        if not _ID.match(ident):
            self.add(f"{path}.id", _("Id “{id}” may only use lower-case ascii letters, digits, "
                                     "“_”, “-” and “.”.").format(id=ident))
        if ident in seen:
            self.add(f"{path}.id", _("Duplicate id “{id}”.").format(id=ident))
        seen.add(ident)
        return ident

    def points(self, obj: dict, key: str, path: str) -> bool:
        """A points value: a number, not negative, in half points."""
        value = obj.get(key)
        if not _is_number(value):
            self.add(f"{path}.{key}", _("“{key}” must be a number of points.").format(key=key),
                     "not_points")
            return False
        if value < 0:
            self.add(f"{path}.{key}", _("Points cannot be negative ({value}).").format(value=_fmt(value)))
            return False
        if not _is_half(value):
            self.add(f"{path}.{key}", _("Points must be whole or half points ({value}).").format(
                value=_fmt(value)))
            return False
        return True


def validate(data: dict) -> list[ValidationError]:
    """Every problem of a rubric dict, with Vietnamese messages; empty when the rubric is usable."""
    ck = _Checker()
    if not isinstance(data, dict):
        ck.add("", _("A rubric must be a table of settings."))
        return ck.errors
    data = _normalise(data)
    ids: set[str] = set()
    ck.ident(data, "rubric", set())
    for key in ("version", "name"):
        if not (isinstance(data.get(key), (str, int, float)) and str(data.get(key)).strip()):
            ck.add(f"rubric.{key}", _("“{key}” is missing or empty.").format(key=key),
                   "missing")

    ratings = data.get("ratings")
    rating_ids: set[str] = set()
    if not isinstance(ratings, list) or not ratings:
        ck.add("ratings", _("The rubric needs at least one rating."))
        ratings = []
    _validate_ratings(ck, ratings, rating_ids)

    groups = data.get("groups")
    if not isinstance(groups, list) or not groups:
        ck.add("groups", _("The rubric needs at least one group of criteria."))
        groups = []
    maxima: dict[str, tuple[str, float]] = {}   # group/criterion id → (kind, max)
    group_sum = 0.0
    for gi, group in enumerate(groups):
        gpath = f"groups[{gi}]"
        if not isinstance(group, dict):
            ck.add(gpath, _("A group must be a table."))
            continue
        gid = ck.ident(group, gpath, ids)
        gpath = f"groups.{gid}" if gid else gpath
        ck.text(group, "name", gpath)
        gmax_ok = ck.points(group, "max", gpath)
        if gmax_ok:
            group_sum += group["max"]
            if gid:
                maxima[gid] = ("group", group["max"])
        criteria = group.get("criteria")
        if not isinstance(criteria, list) or not criteria:
            ck.add(f"{gpath}.criteria", _("Group “{group}” has no criteria.").format(
                group=group.get("name") or gid))
            continue
        crit_sum, crit_ok = 0.0, True
        for ci, crit in enumerate(criteria):
            cmax = _validate_criterion(ck, crit, f"{gpath}.criteria[{ci}]", ids, maxima)
            if cmax is None:
                crit_ok = False
            else:
                crit_sum += cmax
        if gmax_ok and crit_ok and not math.isclose(crit_sum, group["max"]):
            ck.add(f"{gpath}.criteria", _("The criteria of group “{group}” add up to {sum} points, "
                                         "not the group's {max}.").format(
                group=group.get("name") or gid, sum=_fmt(crit_sum), max=_fmt(group["max"])))
    if groups and not math.isclose(group_sum, TOTAL):
        ck.add("groups", _("The groups add up to {sum} points, not {total}.").format(
            sum=_fmt(group_sum), total=TOTAL))

    cap_ids: set[str] = set()
    for i, cap in enumerate(data.get("caps") or []):
        path = f"caps[{i}]"
        if not isinstance(cap, dict):
            ck.add(path, _("A cap must be a table."))
            continue
        ck.ident(cap, path, cap_ids)
        ck.text(cap, "name", path)
        _validate_when(ck, cap, path)
        targets = [k for k in ("group", "criterion") if cap.get(k)]
        if len(targets) != 1:
            ck.add(path, _("A cap applies to exactly one group or one criterion."))
            continue
        target = cap[targets[0]]
        kind = maxima.get(target, (None, None))[0]
        if kind is None or (kind == "group") != (targets[0] == "group"):
            ck.add(f"{path}.{targets[0]}", _("A cap refers to an unknown {what} “{id}”.").format(
                what=_("group") if targets[0] == "group" else _("criterion"), id=target))
        elif ck.points(cap, "max", path) and cap["max"] > maxima[target][1]:
            ck.add(f"{path}.max", _("The cap of {cap} points is above the {max} points of “{id}”.").format(
                cap=_fmt(cap["max"]), max=_fmt(maxima[target][1]), id=target))

    forced_ids: set[str] = set()
    for i, forced in enumerate(data.get("forced") or []):
        path = f"forced[{i}]"
        if not isinstance(forced, dict):
            ck.add(path, _("A forced rating must be a table."))
            continue
        ck.ident(forced, path, forced_ids)
        ck.text(forced, "name", path)
        _validate_when(ck, forced, path)
        if rating_ids and forced.get("at_most") not in rating_ids:
            ck.add(f"{path}.at_most", _("A forced rating refers to an unknown rating “{id}”.").format(
                id=forced.get("at_most")))
    return ck.errors


def _validate_when(ck: _Checker, obj: dict, path: str) -> None:
    if obj.get("when") not in FACTS:
        ck.add(f"{path}.when", _("Unknown condition “{when}”.").format(when=obj.get("when")))


def _validate_ratings(ck: _Checker, ratings: list, rating_ids: set) -> None:
    """Ratings best first, each from ``min`` up to the next one's ``min`` (optional ``below``)."""
    prev = None
    for i, rating in enumerate(ratings):
        path = f"ratings[{i}]"
        if not isinstance(rating, dict):
            ck.add(path, _("A rating must be a table."))
            return
        rid = ck.ident(rating, path, rating_ids)
        path = f"ratings.{rid}" if rid else path
        ck.text(rating, "name", path)
        low = rating.get("min")
        if not _is_number(low):
            ck.add(f"{path}.min", _("The threshold of rating “{name}” must be a number.").format(
                name=rating.get("name")))
            return
        if low < 0 or low > TOTAL:
            ck.add(f"{path}.min", _("The threshold {value} is outside 0–{total}.").format(
                value=_fmt(low), total=TOTAL))
        below = rating.get("below")
        if prev is None:
            if below is not None and (not _is_number(below) or below <= TOTAL):
                ck.add(f"{path}.below", _("The ratings do not cover the scores up to {total}.").format(
                    total=TOTAL))
        else:
            if low > prev["min"]:
                ck.add(f"{path}.min", _("Ratings must go from the best down: “{name}” starts at {low}, "
                                        "above “{prev}” at {prev_low}.").format(
                    name=rating.get("name"), low=_fmt(low), prev=prev.get("name"),
                    prev_low=_fmt(prev["min"])))
            elif low == prev["min"]:
                ck.add(f"{path}.min", _("Ratings “{prev}” and “{name}” overlap: both start at {low}.").format(
                    prev=prev.get("name"), name=rating.get("name"), low=_fmt(low)))
            if below is not None:
                if not _is_number(below) or below > prev["min"]:
                    ck.add(f"{path}.below", _("Ratings “{prev}” and “{name}” overlap: “{name}” runs to "
                                              "below {below}, “{prev}” starts at {prev_low}.").format(
                        prev=prev.get("name"), name=rating.get("name"), below=below,
                        prev_low=_fmt(prev["min"])))
                elif below < prev["min"]:
                    ck.add(f"{path}.below", _("Scores from {below} to below {prev_low} have no rating.").format(
                        below=_fmt(below), prev_low=_fmt(prev["min"])))
            if below is not None and _is_number(below) and below <= low:
                ck.add(f"{path}.below", _("Rating “{name}” is empty: it starts at {low} and runs to below "
                                          "{below}.").format(name=rating.get("name"), low=_fmt(low),
                                                             below=_fmt(below)))
        prev = rating
    if prev is not None and _is_number(prev.get("min")) and prev["min"] != 0:
        ck.add("ratings", _("The ratings do not cover scores below {low}: the last one must start at 0.").format(
            low=_fmt(prev["min"])))


def _validate_criterion(ck: _Checker, crit, path: str, ids: set, maxima: dict) -> float | None:
    """Check one criterion; returns its max (None when unusable)."""
    if not isinstance(crit, dict):
        ck.add(path, _("A criterion must be a table."))
        return None
    cid = ck.ident(crit, path, ids)
    path = f"{path[:path.rfind('[')]}.{cid}" if cid else path
    ck.text(crit, "name", path)
    if not ck.points(crit, "max", path):
        return None
    cmax = crit["max"]
    if cid:
        maxima[cid] = ("criterion", cmax)
    kind = crit.get("kind")
    if kind not in KINDS:
        ck.add(f"{path}.kind", _("Unknown kind of criterion “{kind}” (use yesno, band, points or "
                                 "computed).").format(kind=kind))
        return cmax
    bands = crit.get("bands") or []
    if kind == "band" and not bands:
        ck.add(f"{path}.bands", _("A criterion chosen by bands needs at least one band."))
    if kind in ("band", "computed"):
        band_ids: set[str] = set()
        prev_threshold = None
        for bi, band in enumerate(bands):
            bpath = f"{path}.bands[{bi}]"
            if not isinstance(band, dict):
                ck.add(bpath, _("A band must be a table."))
                continue
            if kind == "band":
                ck.ident(band, bpath, band_ids)
                ck.text(band, "name", bpath)
            else:
                keys = [k for k in ("min", "above") if k in band]
                if len(keys) != 1 or not _is_number(band[keys[0]]):
                    ck.add(bpath, _("A band of a computed criterion needs one threshold: "
                                    "“min” (at least) or “above”."), "band_threshold")
                else:
                    threshold = band[keys[0]]
                    if prev_threshold is not None and threshold > prev_threshold:
                        ck.add(bpath, _("Bands must go from the highest threshold down."))
                    prev_threshold = threshold
            if ck.points(band, "points", bpath) and band["points"] > cmax:
                ck.add(f"{bpath}.points", _("A band gives {points} points, above the criterion's "
                                            "{max}.").format(points=_fmt(band["points"]), max=_fmt(cmax)))
    elif bands:
        ck.add(f"{path}.bands", _("Only band and computed criteria have bands."))
    if kind == "computed":
        source = crit.get("source")
        if source not in SOURCES:
            ck.add(f"{path}.source", _("Unknown computation “{source}”.").format(source=source))
            return cmax
        params = crit.get("params") or {}
        allowed = SOURCE_PARAMS.get(source, set())
        for key in params:
            if key not in allowed:
                ck.add(f"{path}.params.{key}", _("Computation “{source}” has no parameter “{key}”.").format(
                    source=source, key=key))
        if "items" in params:
            items = params["items"]
            if not isinstance(items, list) or not items:
                ck.add(f"{path}.params.items", _("The checklist needs at least one item."))
            else:
                for item in items:
                    if item not in CHECKLISTS[source]:
                        ck.add(f"{path}.params.items", _("Unknown checklist item “{item}”.").format(item=item))
        for key in PARAM_DEFAULTS:
            if key in params and (not _is_number(params[key]) or params[key] < 0):
                ck.add(f"{path}.params.{key}", _("“{key}” must be a number, not negative.").format(key=key))
    elif crit.get("source") or crit.get("params"):
        ck.add(f"{path}.source", _("Only computed criteria have a computation."))
    return cmax


# --- loading and saving -------------------------------------------------------------------

def load_rubric(source: str | Path | dict) -> Rubric:
    """A validated rubric from a TOML file or a dict (e.g. a meeting's snapshot)."""
    data = _read(source)
    errors = validate(data)
    if errors:
        raise RubricError(errors)
    groups = tuple(
        Group(g["id"], g["name"], g["max"], tuple(
            Criterion(c["id"], c["name"], c["kind"], c["max"], tuple(c.get("bands") or ()),
                      c.get("source"), dict(c.get("params") or {}), c.get("note", ""))
            for c in g["criteria"]))
        for g in data["groups"])
    ratings = tuple(Rating(r["id"], r["name"], r["min"]) for r in data["ratings"])
    caps = tuple(Cap(c["id"], c["name"], c["max"], c["when"], c.get("group"), c.get("criterion"))
                 for c in data.get("caps") or [])
    forced = tuple(ForcedRating(f["id"], f["name"], f["when"], f["at_most"])
                   for f in data.get("forced") or [])
    return Rubric(data["id"], data["version"], data["name"], data.get("document", ""),
                  data.get("note", ""), groups, ratings, caps, forced, data)


def rubric_to_dict(rubric: Rubric | dict) -> dict:
    """A deep copy of the rubric's data: the snapshot a meeting keeps, or a start for an edited copy."""
    data = rubric.data if isinstance(rubric, Rubric) else rubric
    return copy.deepcopy(_normalise(data))


def to_toml(rubric: Rubric | dict) -> str:
    import tomli_w

    return tomli_w.dumps(rubric_to_dict(rubric))


def copy_rubric(rubric: Rubric | dict, new_id: str, new_name: str | None = None) -> dict:
    """The editor's "copy a rubric": same content under a new id, version reset to 1."""
    data = rubric_to_dict(rubric)
    data["copied_from"] = {"id": data.get("id", ""), "version": data.get("version", "")}
    data["id"] = new_id
    data["version"] = "1"
    if new_name:
        data["name"] = nfc(new_name)
    return data


def shipped_dir() -> Path:
    return paths.resources() / "rubrics"


def list_rubrics(folder: str | Path | None = None) -> list[Rubric]:
    """The rubrics shipped with the app (or in ``folder``), sorted by id."""
    folder = Path(folder) if folder else shipped_dir()
    return sorted((load_rubric(p) for p in folder.glob("*.toml")), key=lambda r: r.id)


def shipped_rubric(rubric_id: str) -> Rubric:
    for rubric in list_rubrics():
        if rubric.id == rubric_id:
            return rubric
    raise KeyError(rubric_id)
