"""The boundaries between the parts, held by tools rather than by review.

- The import contracts in pyproject.toml (``[tool.importlinter]``), checked with import-linter:
  app/ never imports Qt or ui/, app.rules is pure, ui/ does not open app.store, no cycles.
- ui/ uses only public names of app/ (an underscore name is the module's own business).
- Modules of the project import each other at the top; a function-level import of app/ or ui/
  is kept only at the entry points that load parts on demand (see LAZY_ENTRY_POINTS).
"""
from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from subprocess_env import python_path

ROOT = Path(__file__).resolve().parent.parent

# Underscore names that are not private: gettext's ``_`` and the marker ``N_``.
PUBLIC_UNDERSCORE = {"_", "N_"}

# ui/ files still allowed a private name of app/, with the reason.
PRIVATE_NAME_ALLOWED: dict[str, str] = {}

# Files where a function-level import of app/ or ui/ stays, with the reason. Anywhere else a
# module imports what it uses at its top.
LAZY_ENTRY_POINTS: dict[str, str] = {
    "app/cli.py": "the verb table: a verb loads only what it runs",
    "app/cli/": "the verb table: a verb loads only what it runs",
    "ui/main.py": "the desktop app's entry: settings and language before any window module",
    "ui/app_window.py": "menu actions load their dialog (and the first-run page) when used",
    "ui/sections.py": "the section loader: a section's page loads when first opened",
}

# Modules that anyone may load on demand, with the reason: they are heavy, and the start,
# the Meetings section and `chibo minutes` stay fast without them.
ON_DEMAND: dict[str, str] = {
    "app.documents": "the document stack: reportlab, cryptography, pyhanko",
    "app.meeting_docs": "the document stack: reportlab, cryptography, pyhanko",
    "ui.documents": "the document stack and QtPdf",
    "app.demo": "built on request; the first-run screen stays light",
    "app.exchange.downlink": "the office exchange stack (bundle checks, pyHanko): the home page "
                             "reads app.exchange.inbox and loads this only to import",
}


def _python_files(*parts: str):
    for part in parts:
        yield from sorted((ROOT / part).rglob("*.py"))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _allowed(rel: str, table: dict[str, str]) -> bool:
    return any(rel == key or (key.endswith("/") and rel.startswith(key)) for key in table)


def test_the_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts (run `lint-imports` to see them)."""
    code = ("import sys\n"
            "from importlinter.cli import lint_imports\n"
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, "
            "no_logo=True))\n")
    env = {**os.environ, "PYTHONPATH": python_path()}
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, "import contracts broken:\n" + run.stdout + run.stderr


def _private(name: str) -> bool:
    return (name.startswith("_") and name not in PUBLIC_UNDERSCORE
            and not (name.startswith("__") and name.endswith("__")))


def _is_app(module: str | None) -> bool:
    return module == "app" or (module or "").startswith("app.")


def private_names_used(source: str, filename: str = "<ui>") -> list[tuple[int, str]]:
    """(line, dotted name) of each private name of app/ the source uses: imported
    (``from app.x import _y``, ``app._x.y``) or reached as an attribute of a name imported
    from app/ (``meetings._row``, ``Store._db``)."""
    tree = ast.parse(source, filename)
    bound: dict[str, str] = {}
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and _is_app(node.module):
            if any(_private(part) for part in node.module.split(".")):
                found.append((node.lineno, node.module))
            for alias in node.names:
                if _private(alias.name):
                    found.append((node.lineno, f"{node.module}.{alias.name}"))
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_app(alias.name):
                    if any(_private(part) for part in alias.name.split(".")):
                        found.append((node.lineno, alias.name))
                    if alias.asname:
                        bound[alias.asname] = alias.name
                    else:
                        bound["app"] = "app"
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            chain, base = [node.attr], node.value
            while isinstance(base, ast.Attribute):
                chain.append(base.attr)
                base = base.value
            if isinstance(base, ast.Name) and base.id in bound:
                found.append((node.lineno, ".".join([bound[base.id], *reversed(chain)])))
    return sorted(found)


def test_the_private_names_check_sees_imports_and_attributes():
    source = ("from app import meetings\nfrom app.i18n import N_, _\nimport app.documents.minutes"
              " as m\nfrom app.x import _y\nfrom app.store import Store\n"
              "meetings._row(1); m._opening(); Store._db; meetings.update(); _('a'); x._p\n"
              "meetings.__name__\n")
    assert sorted(name for _line, name in private_names_used(source)) == [
        "app.documents.minutes._opening", "app.meetings._row", "app.store.Store._db", "app.x._y"]


def test_ui_uses_only_public_names_of_app():
    found, stale = [], set(PRIVATE_NAME_ALLOWED)
    for path in _python_files("ui"):
        rel = _rel(path)
        used = private_names_used(path.read_text("utf-8"), rel)
        if rel in PRIVATE_NAME_ALLOWED:
            if used:
                stale.discard(rel)
            continue
        found += [f"{rel}:{line}: {name}" for line, name in used]
    assert found == [], "ui/ uses private names of app/:\n" + "\n".join(found)
    assert not stale, f"no private name left in {sorted(stale)}: drop them from the allow-list"


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _project_modules(node: ast.AST, path: Path) -> list[str]:
    """The project modules (absolute names) an import statement loads."""
    if isinstance(node, ast.ImportFrom):
        if node.level:
            package = _module_of(path).split(".")
            if path.name != "__init__.py":
                package = package[:-1]
            base = ".".join(package[:len(package) - node.level + 1])
            module = f"{base}.{node.module}" if node.module else base
        else:
            module = node.module or ""
        names = [f"{module}.{alias.name}" if _exists(f"{module}.{alias.name}") else module
                 for alias in node.names]
    elif isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        return []
    return [name for name in names if name.split(".")[0] in ("app", "ui")]


def _on_demand(module: str) -> bool:
    return any(module == m or module.startswith(m + ".") for m in ON_DEMAND)


def test_the_import_resolution_of_the_lazy_check():
    tree = ast.parse("from . import meeting_docs, meetings\nfrom ..widgets import inform\n"
                     "from .store.backup import x\nimport app.demo\nimport json\n"
                     "from app import demo, __version__\nfrom . import frame\n")
    where = ROOT / "app" / "thematic.py"
    assert [_project_modules(n, where) for n in tree.body[:6]] == [
        ["app.meeting_docs", "app.meetings"], [], ["app.store.backup"], ["app.demo"], [],
        ["app.demo", "app"]]
    assert _project_modules(tree.body[1], ROOT / "ui" / "office" / "dashboard.py") == \
        ["ui.widgets"]
    assert _project_modules(tree.body[6], ROOT / "ui" / "wizard" / "__init__.py") == \
        ["ui.wizard.frame"]


def test_project_modules_import_each_other_at_the_top():
    found: dict[str, str] = {}
    for path in _python_files("app", "ui"):
        rel = _rel(path)
        if _allowed(rel, LAZY_ENTRY_POINTS):
            continue
        tree = ast.parse(path.read_text("utf-8"), rel)
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                late = [m for m in _project_modules(node, path) if not _on_demand(m)]
                if late:
                    found.setdefault(f"{rel}:{node.lineno}", f"{', '.join(late)} (in {func.name})")
    assert found == {}, ("function-level imports of project modules outside the entry points "
                         "(import at the top, or break the cycle that needed it):\n"
                         + "\n".join(f"{k}: {v}" for k, v in sorted(found.items())))
