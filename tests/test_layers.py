"""DESIGN.md's layers: the pure modules never import Reflex, so they stay testable without a browser."""

import ast
from pathlib import Path

import pytest

from ebok_app.settings import PROJECT_ROOT

PURE = ("portfolio", "security", "notifications", "documents", "demo", "ingest")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", PURE)
def test_pure_layers_do_not_import_reflex(package):
    files = sorted((PROJECT_ROOT / "ebok_app" / package).glob("*.py"))
    assert files
    for path in files:
        assert "reflex" not in _imports(path), f"{path.relative_to(PROJECT_ROOT)} imports reflex"
