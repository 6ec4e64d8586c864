"""The layer rule for the store and the run layer, read from the source (every import,
function-level ones included): the store imports nothing above the Document, run/ uses
only the store's public names, and no module of newsledger imports itself in a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import newsledger

ROOT = Path(newsledger.__file__).parent
ABOVE_THE_DOCUMENT = ("newsledger.pipeline", "newsledger.stages", "newsledger.run", "newsledger.ingest", "newsledger.web", "newsledger.cli")


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(module, names imported from it, line) for every import in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.module, [alias.name for alias in node.names], node.lineno))
    return found


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py")}


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def test_the_store_imports_nothing_above_the_document() -> None:
    bad = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for name, path in _modules().items()
        if _within(name, "newsledger.store")
        for module, _, line in _imports(path)
        if any(_within(module, above) for above in ABOVE_THE_DOCUMENT)
    ]
    assert not bad, bad


def test_run_uses_only_the_stores_public_names() -> None:
    bad = []
    for name, path in _modules().items():
        if not _within(name, "newsledger.run"):
            continue
        for module, names, line in _imports(path):
            if _within(module, "newsledger.store"):
                bad += [f"{path.relative_to(ROOT)}:{line} imports {module}.{n}" for n in names if n.startswith("_")]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        bad += [
            f"{path.relative_to(ROOT)}:{node.lineno} uses {ast.unparse(node)}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__")
            and isinstance(node.value, ast.Name) and node.value.id == "store"
        ]
    assert not bad, bad


def test_no_import_cycle_in_newsledger() -> None:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for module, names, _ in _imports(path):
            # `from package import module` imports the submodule; otherwise the module itself.
            targets = [f"{module}.{n}" for n in names if f"{module}.{n}" in modules] or [module]
            graph[name] |= {t for t in targets if t in modules and t != name}
    # Tarjan's strongly connected components, iteratively (no recursion limit to meet).
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    assert not cycles, f"import cycles: {cycles}"
