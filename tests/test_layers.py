"""The import graph: layers point down only, and no module or sub-package imports itself back.

Layers (DESIGN.md): manifests/ at the bottom, anonymise/ and metadata/ in the middle,
deposit/ on top. Imports inside functions count too: a cycle hidden in a function is
still a cycle a reader has to hold in their head.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYER = {"manifests": 0, "anonymise": 1, "metadata": 1, "deposit": 2}


def _modules() -> dict[str, Path]:
    out = {}
    for package in LAYER:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """module -> project modules it imports (a package import counts as its __init__)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _collapse(graph: dict[str, set[str]], depth: int) -> dict[str, set[str]]:
    """The same graph between sub-packages (`depth` leading name parts)."""
    out: dict[str, set[str]] = defaultdict(set)
    for source, targets in graph.items():
        for target in targets:
            a, b = ".".join(source.split(".")[:depth]), ".".join(target.split(".")[:depth])
            if a != b and not b.startswith(a + ".") and not a.startswith(b + "."):
                out[a].add(b)
    return out


def test_imports_point_down_only():
    graph = _imports(_modules())
    upward = sorted(f"{source} -> {target}" for source, targets in graph.items() for target in targets
                    if LAYER[target.split(".")[0]] > LAYER[source.split(".")[0]])
    assert upward == []


def test_no_import_cycles_between_modules():
    assert _cycles(_imports(_modules())) == []


def test_no_import_cycles_between_sub_packages():
    graph = _imports(_modules())
    for depth in (1, 2, 3):
        assert _cycles(_collapse(graph, depth)) == [], f"cycle between packages at depth {depth}"
