"""Each rule threshold lives in one module (app/rules/cell_rules.py): a copy elsewhere fails.

The checker reads the source of app/ and ui/ (ast) and reports, outside the home module:
* a threshold number (90/120 minutes, 85 %, 20 points, the 3rd/5th, the reason streak of 3)
  compared with something, given as a default, assigned, passed as a keyword, used as the
  default of ``.get(key, …)`` or a dict value — when the name or key involved says what it
  is (minutes, duration, rate, threshold, points, day…), so widths and sample data pass;
* the majority rule written out: ``x * 2 > y``, ``x > y / 2``, ``y // 2 + 1``.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOME = Path("app/rules/cell_rules.py")

# value -> the words of a name that make the number that threshold
THRESHOLDS: dict[float, re.Pattern] = {
    90: re.compile(r"minute|duration|minimum|length", re.I),
    120: re.compile(r"minute|duration|minimum|combined|length", re.I),
    85: re.compile(r"rate|threshold|attendance|percent", re.I),
    20: re.compile(r"threshold|points|ehandbook", re.I),
    3: re.compile(r"base_day|streak", re.I),
    5: re.compile(r"latest_day|latest", re.I),
}


def _number(node: ast.AST) -> float | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) \
            and not isinstance(node.value, bool):
        return node.value
    return None


def _names(node: ast.AST) -> str:
    """The identifiers and string keys in an expression, joined (what it is about)."""
    out = []
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            out.append(sub.id)
        elif isinstance(sub, ast.Attribute):
            out.append(sub.attr)
        elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
            out.append(sub.value)
        elif isinstance(sub, ast.arg):
            out.append(sub.arg)
    return " ".join(out)


def _two(node: ast.AST) -> bool:
    return _number(node) == 2


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str):
        self.path = path
        self.found: list[tuple[str, int, str]] = []

    def _hit(self, value_node: ast.AST, context: str, line: int) -> None:
        if isinstance(value_node, ast.BoolOp):          # ``x or 20.0``
            for v in value_node.values:
                self._hit(v, context, line)
            return
        if isinstance(value_node, ast.IfExp):
            self._hit(value_node.body, context, line)
            self._hit(value_node.orelse, context, line)
            return
        if isinstance(value_node, ast.Call) and len(value_node.args) == 1:   # ``float(85)``
            self._hit(value_node.args[0], context, line)
            return
        value = _number(value_node)
        if value is None or value not in THRESHOLDS:
            return
        if THRESHOLDS[value].search(context):
            self.found.append((self.path, line, f"{value:g} ({context.strip()[:40]})"))

    def visit_Compare(self, node: ast.Compare) -> None:
        parts = [node.left, *node.comparators]
        context = " ".join(_names(p) for p in parts)
        for part in parts:
            self._hit(part, context, node.lineno)
        # the majority rule written out
        for left, op, right in zip(parts, node.ops, parts[1:]):
            if isinstance(op, (ast.Gt, ast.GtE, ast.Lt, ast.LtE)):
                for side in (left, right):
                    if isinstance(side, ast.BinOp) and (
                            (isinstance(side.op, ast.Mult) and (_two(side.left) or _two(side.right)))
                            or (isinstance(side.op, ast.Div) and _two(side.right))):
                        self.found.append((self.path, node.lineno, "majority (x*2 > base)"))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if (isinstance(node.op, ast.Add) and _number(node.right) == 1
                and isinstance(node.left, ast.BinOp) and isinstance(node.left.op, ast.FloorDiv)
                and _two(node.left.right)):
            self.found.append((self.path, node.lineno, "majority (base // 2 + 1)"))
        self.generic_visit(node)

    def visit_arguments(self, node: ast.arguments) -> None:
        positional = node.posonlyargs + node.args
        for arg, default in zip(positional[len(positional) - len(node.defaults):], node.defaults):
            self._hit(default, arg.arg, default.lineno)
        for arg, default in zip(node.kwonlyargs, node.kw_defaults):
            if default is not None:
                self._hit(default, arg.arg, default.lineno)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        self._hit(node.value, " ".join(_names(t) for t in node.targets), node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._hit(node.value, _names(node.target), node.lineno)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        for kw in node.keywords:
            if kw.arg:
                self._hit(kw.value, kw.arg, kw.value.lineno)
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("get", "get_setting") \
                and len(node.args) == 2:
            self._hit(node.args[1], _names(node.args[0]), node.lineno)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key, value in zip(node.keys, node.values):
            if key is not None:
                self._hit(value, _names(key), value.lineno)
        self.generic_visit(node)


def threshold_copies(files: list[Path], root: Path = ROOT) -> list[tuple[str, int, str]]:
    found = []
    for path in files:
        rel = path.relative_to(root) if path.is_absolute() and root in path.parents else path
        if Path(rel) == HOME:
            continue
        finder = _Finder(str(rel))
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        found.extend(finder.found)
    return found


def _sources() -> list[Path]:
    return sorted(p for sub in ("app", "ui") for p in (ROOT / sub).rglob("*.py"))


def test_each_threshold_is_written_in_one_module_only():
    assert threshold_copies(_sources()) == []


def test_the_home_module_holds_every_threshold():
    finder = _Finder(str(HOME))
    finder.visit(ast.parse((ROOT / HOME).read_text(encoding="utf-8")))
    values = {float(v.split()[0]) for _p, _l, v in finder.found if v[0].isdigit()}
    assert {90, 120, 85, 20, 3, 5} <= values
    assert any("majority" in v for _p, _l, v in finder.found)


PLANTED = '''
def duration_ok(minutes, minimum=90):
    return minutes >= 120

ATTENDANCE_THRESHOLD = 85.0

def passed(votes_for, base):
    return votes_for * 2 > base

def needed(base):
    return base // 2 + 1

rule = {"latest_day": 5}
points = settings.get("ehandbook_points", 20)
evaluate(ehandbook_threshold=threshold or 20.0)

WIDTH = 90              # a width: not a threshold
columns = (40, 8, 16, 90, 12)
'''


def test_the_checker_finds_planted_copies(tmp_path):
    planted = tmp_path / "copy.py"
    planted.write_text(PLANTED, encoding="utf-8")
    found = threshold_copies([planted], root=tmp_path)
    lines = sorted({line for _p, line, _v in found})
    assert lines == [2, 3, 5, 8, 11, 13, 14, 15]
