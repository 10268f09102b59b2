"""Meeting procedures as data: loading and validating ``resources/procedures/*.toml``.

A procedure file (one per guidance document and meeting kind) has these keys::

    id = "regular-hd12-2018"          # ascii: a-z, 0-9, '-' or '_'; the file is <id>.toml
    kind = "regular"                  # "regular" | "thematic"
    name = "…"                        # Vietnamese; name_en optional
    source = "Hướng dẫn 12-HD/BTCTW ngày 06/7/2018"
    version = "2018"                  # optional
    [templates]                       # Vietnamese texts for the minutes; "purpose" and "readback"
    purpose = "… {cell} … {month} … {year} …"   # placeholders: see PLACEHOLDERS
    [[agenda]]                        # default agenda: id, title, title_en?, level (1 heading | 2)
    [[topic_groups]]                  # optional (thematic): id, title, title_en?
    [[steps]]                         # in order; at least one
    id, title, title_en?              # step id ascii; titles Vietnamese / English
    require = ["fact", …]             # optional: facts that must hold to accept the step (blocking)
    recommend = ["fact", …]           # optional: facts whose absence only warns
    finalises = true                  # optional, at most one step: accepting it finalises the minutes
    [[steps.items]]                   # the checklist
    id, text, text_en?, ref?          # item id ascii, unique in the whole file; text Vietnamese
    auto = "fact" | ["fact", …]       # optional: ticks the item when all these facts hold

Facts are the names in ``app.rules.facts.FACTS``. Unknown keys, missing keys, wrong types,
duplicate ids, unknown facts or placeholders and an empty step list are reported together, in
Vietnamese, by ``ProcedureError``.
"""
from __future__ import annotations

import re
import string
import tomllib
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from app import paths
from app.i18n import N_, _, language
from app.rules.facts import FACTS
from app.vntext import nfc

KINDS = ("regular", "thematic")
REQUIRED_TEMPLATES = ("purpose", "readback")
# Values a template may use; render() is given those it needs.
PLACEHOLDERS = ("cell", "month", "quarter", "year", "date", "start", "end", "place", "topic")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class ProcedureError(ValueError):
    """A procedure file or id that cannot be used; ``problems`` lists every finding."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join([f"{source}:"] + [f"  - {p}" for p in problems]))


def _pick(vi: str, en: str, lang: str | None) -> str:
    return en if (lang or language()) == "en" and en else vi


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    text_en: str = ""
    auto: tuple[str, ...] = ()
    ref: str = ""

    def label(self, lang: str | None = None) -> str:
        return _pick(self.text, self.text_en, lang)


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    title_en: str = ""
    items: tuple[Item, ...] = ()
    require: tuple[str, ...] = ()
    recommend: tuple[str, ...] = ()
    finalises: bool = False

    def label(self, lang: str | None = None) -> str:
        return _pick(self.title, self.title_en, lang)


@dataclass(frozen=True)
class Heading:
    """An agenda heading (level 1) or item (level 2), or a topic group (level 1)."""
    id: str
    title: str
    title_en: str = ""
    level: int = 1
    conclusion: bool = False      # the chair's conclusion on this item is due before finalising

    def label(self, lang: str | None = None) -> str:
        return _pick(self.title, self.title_en, lang)


@dataclass(frozen=True)
class Procedure:
    id: str
    kind: str
    name: str
    source: str
    steps: tuple[Step, ...]
    templates: Mapping[str, str]
    name_en: str = ""
    version: str = ""
    agenda: tuple[Heading, ...] = ()
    topic_groups: tuple[Heading, ...] = ()
    path: Path | None = field(default=None, compare=False)

    def label(self, lang: str | None = None) -> str:
        return _pick(self.name, self.name_en, lang)

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.steps]

    def step(self, step_id: str) -> Step:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        return self.step_ids.index(step_id)

    def item(self, item_id: str) -> Item:
        for s in self.steps:
            for i in s.items:
                if i.id == item_id:
                    return i
        raise KeyError(item_id)

    @property
    def finalising_step(self) -> str:
        """The step whose acceptance finalises the minutes (the last one unless marked)."""
        for s in self.steps:
            if s.finalises:
                return s.id
        return self.steps[-1].id

    def render(self, template: str, **values: Any) -> str:
        """Fill a template, e.g. ``render("purpose", cell="Chi bộ …", month=4, year=2024)``."""
        text = self.templates[template]
        missing = [n for n in _placeholders(text) if n not in values]
        if missing:
            raise ProcedureError(self.id, [_("Template “{name}” needs a value for {fields}").format(
                name=template, fields=", ".join(missing))])
        return unicodedata.normalize("NFC", text.format(**{k: str(v) for k, v in values.items()}))


def _placeholders(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None]


# --- validation ---------------------------------------------------------------------------

_STR, _BOOL, _INT, _LIST, _STR_OR_LIST, _TABLE, _TABLES = (
    "str", "bool", "int", "list", "str|list", "table", "tables")
_TOP = {"id": (_STR, True), "kind": (_STR, True), "name": (_STR, True), "name_en": (_STR, False),
        "source": (_STR, True), "version": (_STR, False), "templates": (_TABLE, True),
        "agenda": (_TABLES, False), "topic_groups": (_TABLES, False), "steps": (_TABLES, True)}
_STEP = {"id": (_STR, True), "title": (_STR, True), "title_en": (_STR, False),
         "items": (_TABLES, False), "require": (_LIST, False), "recommend": (_LIST, False),
         "finalises": (_BOOL, False)}
_ITEM = {"id": (_STR, True), "text": (_STR, True), "text_en": (_STR, False),
         "auto": (_STR_OR_LIST, False), "ref": (_STR, False)}
_HEADING = {"id": (_STR, True), "title": (_STR, True), "title_en": (_STR, False), "level": (_INT, False),
            "conclusion": (_BOOL, False)}
_TYPE_NAMES = {_STR: N_("non-empty text"), _BOOL: N_("true/false value"), _INT: N_("whole number"),
               _LIST: N_("list of texts"), _STR_OR_LIST: N_("text or list of texts"),
               _TABLE: N_("table"), _TABLES: N_("list of tables")}


def _type_ok(kind: str, value: Any) -> bool:
    if kind == _STR:
        return isinstance(value, str) and bool(value.strip())
    if kind == _BOOL:
        return isinstance(value, bool)
    if kind == _INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == _LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if kind == _STR_OR_LIST:
        return _type_ok(_STR, value) or _type_ok(_LIST, value)
    if kind == _TABLE:
        return isinstance(value, dict)
    if kind == _TABLES:
        return isinstance(value, list) and all(isinstance(v, dict) for v in value)
    raise AssertionError(kind)


def _check_table(table: Mapping[str, Any], spec: Mapping[str, tuple[str, bool]], where: str,
                 problems: list[str]) -> bool:
    """Report unknown, missing and mistyped keys; True when the table is usable."""
    ok = True
    for key in table:
        if key not in spec:
            problems.append(_("{where}: unknown key “{key}”").format(where=where, key=key))
    for key, (kind, required) in spec.items():
        if key not in table:
            if required:
                problems.append(_("{where}: missing key “{key}”").format(where=where, key=key))
                ok = False
        elif not _type_ok(kind, table[key]):
            problems.append(_("{where}: “{key}” must be a {type}").format(
                where=where, key=key, type=_(_TYPE_NAMES[kind])))
            ok = False
    if "id" in table and isinstance(table["id"], str) and not _ID.match(table["id"]):
        problems.append(_("{where}: id “{id}” may use only a-z, 0-9, '-' and '_'").format(
            where=where, id=table["id"]))
    return ok


def _check_facts(names: Iterable[str], where: str, problems: list[str]) -> None:
    for name in names:
        if name not in FACTS:
            problems.append(_("{where}: unknown fact “{fact}”").format(where=where, fact=name))


def _check_unique(ids: list[str], message: str, problems: list[str]) -> None:
    """``message`` is a translated text with an {id} placeholder."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            problems.append(message.format(id=i))
        seen.add(i)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _headings(tables: list[dict], where: str, problems: list[str]) -> tuple[Heading, ...]:
    out = []
    for n, t in enumerate(tables, 1):
        w = f"{where}[{n}]"
        if not _check_table(t, _HEADING, w, problems):
            continue
        level = t.get("level", 1)
        if level not in (1, 2):
            problems.append(_("{where}: level must be 1 or 2").format(where=w))
        out.append(Heading(t["id"], nfc(t["title"]), nfc(t.get("title_en", "")), level,
                           bool(t.get("conclusion", False))))
    return tuple(out)


def parse_procedure(data: Mapping[str, Any], source: str = "<procedure>",
                    path: Path | None = None) -> Procedure:
    """Validate a decoded procedure table; raise ``ProcedureError`` listing every problem."""
    problems: list[str] = []
    if not _check_table(data, _TOP, _("procedure file"), problems):
        raise ProcedureError(source, problems)
    if data["kind"] not in KINDS:
        problems.append(_("kind must be one of: {kinds}").format(kinds=", ".join(KINDS)))

    templates = {}
    for name in REQUIRED_TEMPLATES:
        if name not in data["templates"]:
            problems.append(_("templates: missing template “{name}”").format(name=name))
    for name, text in data["templates"].items():
        if not isinstance(text, str):
            problems.append(_("templates: “{name}” must be a text").format(name=name))
            continue
        try:
            unknown = [p for p in _placeholders(text) if p not in PLACEHOLDERS]
        except ValueError:
            problems.append(_("templates: “{name}” has unbalanced braces").format(name=name))
            continue
        for p in unknown:
            problems.append(_("templates: “{name}” uses unknown placeholder {{{field}}}").format(
                name=name, field=p))
        templates[name] = unicodedata.normalize("NFC", text)

    agenda = _headings(data.get("agenda", []), "agenda", problems)
    groups = _headings(data.get("topic_groups", []), "topic_groups", problems)

    if not data["steps"]:
        problems.append(_("the procedure has no steps"))
    steps = []
    for n, st in enumerate(data["steps"], 1):
        where = _("step no. {n}").format(n=n) + (f" ({st['id']})" if isinstance(st.get("id"), str) else "")
        if not _check_table(st, _STEP, where, problems):
            continue
        _check_facts(st.get("require", []), where, problems)
        _check_facts(st.get("recommend", []), where, problems)
        items = []
        for m, it in enumerate(st.get("items", []), 1):
            w = _("{step}, item {n}").format(step=where, n=m)
            if not _check_table(it, _ITEM, w, problems):
                continue
            auto = _as_tuple(it.get("auto"))
            _check_facts(auto, w, problems)
            items.append(Item(it["id"], nfc(it["text"]), nfc(it.get("text_en", "")), auto,
                              it.get("ref", "")))
        steps.append(Step(st["id"], nfc(st["title"]), nfc(st.get("title_en", "")), tuple(items),
                          _as_tuple(st.get("require")), _as_tuple(st.get("recommend")),
                          st.get("finalises", False)))

    _check_unique([s.id for s in steps], _("two steps have the id “{id}”"), problems)
    _check_unique([i.id for s in steps for i in s.items],
                  _("two checklist items have the id “{id}”"), problems)
    _check_unique([h.id for h in agenda], _("two agenda items have the id “{id}”"), problems)
    _check_unique([h.id for h in groups], _("two topic groups have the id “{id}”"), problems)
    if sum(s.finalises for s in steps) > 1:
        problems.append(_("only one step may finalise the minutes"))
    if problems:
        raise ProcedureError(source, problems)
    return Procedure(
        id=data["id"], kind=data["kind"], name=nfc(data["name"]), source=nfc(data["source"]),
        steps=tuple(steps), templates=templates, name_en=nfc(data.get("name_en", "")),
        version=data.get("version", ""), agenda=agenda, topic_groups=groups, path=path)


def read_procedure_file(path: str | Path) -> Procedure:
    path = Path(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise ProcedureError(str(path), [_("cannot read the file: {error}").format(
            error=exc.strerror or exc)]) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ProcedureError(str(path), [_("not a valid TOML file: {error}").format(error=exc)]) from exc
    return parse_procedure(data, str(path), path)


def check_file(path: str | Path) -> list[str]:
    """Every problem of a procedure file, [] when it is valid (for a CLI check command)."""
    try:
        read_procedure_file(path)
    except ProcedureError as exc:
        return exc.problems
    return []


# --- finding procedures -----------------------------------------------------------------------

def procedure_dirs() -> list[Path]:
    """Shipped procedures, then the user's own folder (a new guidance document dropped in)."""
    return [paths.resources() / "procedures", paths.data_dir() / "procedures"]


def list_procedures(kind: str | None = None, dirs: Iterable[Path] | None = None,
                    strict: bool = True) -> list[Procedure]:
    """All procedures (of one kind), sorted by id. ``strict=False`` skips invalid files."""
    found: dict[str, Procedure] = {}
    for folder in (procedure_dirs() if dirs is None else dirs):
        folder = Path(folder)
        if not folder.is_dir():
            continue
        for file in sorted(folder.glob("*.toml")):
            try:
                proc = read_procedure_file(file)
            except ProcedureError:
                if strict:
                    raise
                continue
            if proc.id in found:
                if strict:
                    raise ProcedureError(str(file), [_("another file already has the id “{id}”: {other}").format(
                        id=proc.id, other=found[proc.id].path)])
                continue
            found[proc.id] = proc
    return [found[k] for k in sorted(found) if kind is None or found[k].kind == kind]


def load_procedure(id_or_path: str | Path, dirs: Iterable[Path] | None = None) -> Procedure:
    """A procedure by id (searched in ``procedure_dirs()``) or by the path of its file."""
    text = str(id_or_path)
    if isinstance(id_or_path, Path) or text.endswith(".toml") or "/" in text or "\\" in text:
        return read_procedure_file(id_or_path)
    for folder in (procedure_dirs() if dirs is None else dirs):
        candidate = Path(folder) / f"{text}.toml"
        if candidate.is_file():
            proc = read_procedure_file(candidate)
            if proc.id == text:
                return proc
    for proc in list_procedures(dirs=dirs, strict=False):
        if proc.id == text:
            return proc
    raise ProcedureError(text, [_("no procedure with the id “{id}”").format(id=text)])
