"""The shape of the code: the layers import one way, nothing imports in a circle, and no
module grows past what a reader can hold.

* The headless core (rules, domain, store, services, documents, CLI) never imports Textual.
* The store imports nothing of the services, the UI or the command line; the services
  nothing of the UI or the command line; the UI and the command line nothing of the store's
  modules but its package (``entrytui.store``, what its ``__init__`` names).  Screens and
  dialogs do not even use that: they call the services.
* No import circle among entrytui's modules, counting imports inside function bodies (an
  import in a function is allowed only with a comment on its line that says why).
* No module over 400 lines.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
PACKAGE = SRC / "entrytui"
UI = ("entrytui.tui", "entrytui.__main__")
MAX_LINES = 400


def module_files() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = module_files()


def imports_of(name: str) -> list[tuple[str, int, bool]]:
    """(imported entrytui module, line, inside a function) for every import in a module."""
    path = MODULES[name]
    tree = ast.parse(path.read_text(), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((a.name, child.lineno, in_function) for a in child.names if a.name.startswith("entrytui"))
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    base = ".".join(package.split(".")[: len(package.split(".")) - child.level + 1] + [base]).strip(".")
                if base.startswith("entrytui"):
                    for alias in child.names:  # "from entrytui.store import journal" imports a submodule
                        target = f"{base}.{alias.name}"
                        found.append((target if target in MODULES else base, child.lineno, in_function))
            visit(child, nested)

    visit(tree, False)
    return found


def layer(name: str) -> str:
    for prefix, which in (
        ("entrytui.store", "store"),
        ("entrytui.services", "services"),
        ("entrytui.tui", "tui"),
        ("entrytui.cli", "cli"),
        ("entrytui.__main__", "cli"),
        ("entrytui.documents", "documents"),
    ):
        if name == prefix or name.startswith(prefix + "."):
            return which
    return "core"  # rules, domain, errors, codes, passwords, paths, files


# What each layer may import (besides itself).
ALLOWED = {
    "core": {"core"},
    "documents": {"core"},
    "store": {"core"},
    "services": {"core", "store", "documents"},
    "cli": {"core", "store", "services", "documents", "tui"},  # tui: only to open the UI, in main()
    "tui": {"core", "store", "services", "documents"},
}


def test_every_module_is_found():
    for name in (
        "entrytui.rules",
        "entrytui.store",
        "entrytui.store.core",
        "entrytui.services.entries",
        "entrytui.cli",
        "entrytui.tui.app",
        "entrytui.tui.keys",
        "entrytui.tui.workers",
    ):
        assert name in MODULES


def test_the_layers_import_one_way():
    wrong = [
        f"{name} imports {target} (line {line})"
        for name in MODULES
        for target, line, _ in imports_of(name)
        if layer(target) not in ALLOWED[layer(name)] | {layer(name)}
    ]
    assert not wrong, "\n".join(wrong)


def test_only_the_store_package_is_used_outside_the_store():
    wrong = [
        f"{name} imports {target} (line {line})"
        for name in MODULES
        if layer(name) != "store"
        for target, line, _ in imports_of(name)
        if target.startswith("entrytui.store.")
    ]
    assert not wrong, "\n".join(wrong)


def test_screens_dialogs_and_widgets_never_touch_the_store():
    """The app holds the Store and hands it to the services; everything it shows comes from them."""
    wrong = [
        f"{name} imports {target} (line {line})"
        for name in MODULES
        if name.startswith(("entrytui.tui.screens", "entrytui.tui.dialogs", "entrytui.tui.widgets"))
        for target, line, _ in imports_of(name)
        if layer(target) == "store"
    ]
    assert not wrong, "\n".join(wrong)


def test_imports_inside_functions_say_why():
    """Any import in a function body (entrytui's, the standard library's or a package's)."""
    wrong = []
    for name, path in MODULES.items():
        lines = path.read_text().splitlines()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)) and "#" not in lines[inner.lineno - 1]:
                        wrong.append(f"{name} line {inner.lineno}: an import in a function, without a comment why")
    assert not wrong, "\n".join(wrong)


def find_circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle a depth-first walk of ``graph`` (module -> the modules it imports) meets."""
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                circles.append(path[path.index(target) :] + [target])
            elif target not in state:
                walk(target)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            walk(name)
    return circles


def test_no_import_circle():
    # A package's __init__ counts as a module: a submodule importing its own package's
    # __init__ (which imports the submodule) is a circle too.
    graph = {name: {t for t, _, _ in imports_of(name) if t in MODULES and t != name} for name in MODULES}
    circles = find_circles(graph)
    assert not circles, "\n".join(" -> ".join(c) for c in circles)


def test_the_circle_check_finds_a_circle():
    assert find_circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert find_circles({"a": {"b"}, "b": set(), "c": {"b"}}) == []


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_module_over_400_lines(name):
    lines = len(MODULES[name].read_text().splitlines())
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines"


def core_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages([str(PACKAGE)], prefix="entrytui.")]
    return sorted(m for m in found if not m.startswith(UI))


def test_the_core_is_found():
    core = core_modules()
    for name in ("entrytui.rules", "entrytui.store", "entrytui.services.entries", "entrytui.cli"):
        assert name in core


def test_core_modules_do_not_import_textual():
    """In a fresh interpreter, so that no other test has imported Textual first."""
    code = (
        "import sys\n"
        f"for name in {core_modules()!r}: __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(bad)\n"
        "sys.exit(1 if bad else 0)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={"PYTHONPATH": str(SRC)})
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_layout_names_every_module():
    """The README's Layout section is the package tree: every module and package is on it."""
    readme = (SRC.parent / "README.md").read_text()
    layout = readme[readme.index("## Layout") :]
    layout = layout[: layout.index("```", layout.index("```") + 3)]
    missing = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py"
        and path.stem not in layout
        or path.name == "__init__.py"
        and path.parent.name + "/" not in layout
        and path.parent != PACKAGE
    ]
    assert not missing, f"add to the README's Layout: {missing}"
