"""Architecture checks over desktop/: no import circles, reports below services, no pandas at run time."""

from __future__ import annotations

import ast
from pathlib import Path

DESKTOP = Path(__file__).resolve().parent.parent / "desktop"


def _module(path: Path) -> str:
    parts = path.relative_to(DESKTOP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(path: Path, modules: set[str], typing_too: bool = False) -> set[str]:
    """Every desktop module this file imports, at module level or inside functions (under TYPE_CHECKING only
    with `typing_too`: such imports create no circle at run time, but are still a dependency)."""
    here = _module(path)
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if _type_checking(node) and not typing_too:
            return
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            assert not node.level, f"{path}: desktop/ uses absolute imports only"
            base = node.module or ""
            names = [base] + [f"{base}.{a.name}" for a in node.names]
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name and name != here:
                found.add(name)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _graph(typing_too: bool = False) -> dict[str, set[str]]:
    files = list(DESKTOP.rglob("*.py"))
    modules = {_module(p) for p in files}
    # importing a package's submodule runs the package's __init__ too, but that is no circle of ours to report
    return {_module(p): {m for m in _imports(p, modules, typing_too) if not _module(p).startswith(m + ".")}
            for p in files}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_no_import_circles_in_desktop():
    assert _cycles(_graph()) == []


def test_the_circle_finder_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_reports_never_import_services_or_views():
    upward = {m: sorted(d for d in deps if d.startswith(("desktop.services", "desktop.views")))
              for m, deps in _graph(typing_too=True).items() if m.startswith("desktop.reports")}
    assert {m: d for m, d in upward.items() if d} == {}


def test_nothing_in_desktop_imports_pandas_or_numpy():
    """pandas is a bench/test extra, not a runtime dependency: an office PC does not have it."""

    def names(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        return [node.module or ""] if isinstance(node, ast.ImportFrom) else []

    heavy = {str(p.relative_to(DESKTOP.parent)) for p in DESKTOP.rglob("*.py")
             for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
             if any(name.split(".")[0] in ("pandas", "numpy") for name in names(node))}
    assert heavy == set()
