"""The packages of ebok_app form layers: no package imports another that imports it back, directly or
through others. The graph is read from the source (every import, also one inside a function), one node per
package or top-level module of ebok_app."""

import ast
from collections import defaultdict
from pathlib import Path

from ebok_app.settings import PROJECT_ROOT

APP = PROJECT_ROOT / "ebok_app"


def _module_of(path: Path) -> list[str]:
    parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
    return parts[:-1] if parts[-1] == "__init__" else parts


def _targets(node: ast.AST, module: list[str], is_package: bool) -> list[list[str]]:
    """The modules an import statement names, in full (`from ebok_app import db` names ebok_app.db)."""
    if isinstance(node, ast.Import):
        return [alias.name.split(".") for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    if node.level:
        base = module if is_package else module[:-1]
        base = base[: len(base) - node.level + 1]
        source = base + (node.module.split(".") if node.module else [])
    else:
        source = node.module.split(".") if node.module else []
    return [[*source, alias.name] for alias in node.names]


def package_graph() -> dict[str, dict[str, set[str]]]:
    """package -> imported package -> the imports that make the edge (for the failure message)."""
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in sorted(APP.rglob("*.py")):
        module = _module_of(path)
        for node in ast.walk(ast.parse(path.read_text())):
            for target in _targets(node, module, path.name == "__init__.py"):
                if target[0] == "ebok_app" and len(target) > 1 and len(module) > 1 and target[1] != module[1]:
                    graph[module[1]][target[1]].add(f"{'.'.join(module)} imports {'.'.join(target)}")
    return graph


def cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """The strongly connected components with more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph.get(node, {}):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in list(graph):
        if node not in index:
            visit(node)
    return found


def test_no_package_imports_one_that_imports_it_back():
    graph = package_graph()
    assert "accounts" in graph["state"], "the graph reads the imports"
    problems = []
    for component in cycles(graph):
        edges = [f"  {sorted(graph[a][b])[0]}" for a in component for b in component if b in graph.get(a, {})]
        problems.append(f"cycle between {component}:\n" + "\n".join(edges))
    assert not problems, "\n".join(problems)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": {"a.x imports b"}}, "b": {"c": {"b imports c"}}, "c": {"a": {"c imports a"}}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": set()}, "b": {}}) == []


def test_domain_packages_stay_below_the_user_interface():
    """The domain never imports Reflex's layer (state, pages, components) nor the app that wires it."""
    graph = package_graph()
    ui = {"state", "pages", "components", "ebok_app"}
    domain = (
        "security",
        "accounts",
        "onboarding",
        "helpdesk",
        "contact",
        "sms",
        "notifications",
        "portfolio",
    )
    for package in domain:
        assert not ui & set(graph.get(package, {})), f"{package} imports {ui & set(graph[package])}"
