"""The layering holds and stays so: the domain package never reaches for the interface or the build, and no two
modules of the project import each other, directly or through others.

Every import counts, at module level or inside a function, and ``if TYPE_CHECKING:`` ones too: a cycle hidden behind
a type hint is still two modules that cannot be understood apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

from emile.config import PROJECT_ROOT

PACKAGES = ("emile", "ui", "loaders", "pages", "harness", "benchmarks")
# What the domain must never import: the web framework, the Streamlit-side helpers, the build step, the pages.
FORBIDDEN_IN_DOMAIN = ("streamlit", "ui", "loaders", "pages", "harness", "benchmarks")
FORBIDDEN_IN_BUILD = ("streamlit", "ui", "pages")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    files = [PROJECT_ROOT / "app.py"]
    for package in PACKAGES:
        files += sorted(p for p in (PROJECT_ROOT / package).rglob("*.py") if "migrations" not in p.parts)
    return {_module_name(path): path for path in files}


def imported_names(path: Path) -> set[str]:
    """Every module name an import statement of ``path`` names (``from a.b import c`` gives ``a.b`` and ``a.b.c``:
    the second is kept only when it is a module of the project)."""
    names: set[str] = set()
    module = _module_name(path)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative import: resolve against the importing module's package
                parts = module.split(".")
                package = parts if path.name == "__init__.py" else parts[:-1]
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {
        name: {target for target in imported_names(path) if target in modules} - {name}
        for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def _offending(package: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    offending = {}
    for name, path in project_modules().items():
        if name.split(".")[0] != package:
            continue
        bad = sorted(i for i in imported_names(path) if i.split(".")[0] in forbidden)
        if bad:
            offending[name] = bad
    return offending


def test_the_domain_never_imports_streamlit_the_interface_or_the_build():
    assert _offending("emile", FORBIDDEN_IN_DOMAIN) == {}


def test_the_build_never_imports_the_interface():
    assert _offending("loaders", FORBIDDEN_IN_BUILD) == {}


def test_no_import_cycle_between_the_project_modules():
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    """The check above could pass on a broken finder: this one cannot."""
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_imports_it_must():
    graph = import_graph()
    assert "emile.maps.classes" in graph["emile.maps.overlay"]
    assert "emile.config" in graph["emile.geography"]
    assert "ui.data" in graph["pages.carte"]
