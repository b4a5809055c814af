"""DESIGN.md's layers: the pure modules never import Reflex, so they stay testable without a browser."""

import ast
from pathlib import Path

import pytest

from ebok_app.settings import PROJECT_ROOT

PURE = (
    "portfolio",
    "security",
    "accounts",
    "onboarding",
    "helpdesk",
    "contact",
    "sms",
    "notifications",
    "documents",
    "demo",
    "ingest",
    "client_requests",
)


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


def _imported_modules(path: Path) -> set[str]:
    """Every module a file imports, in full (`from ebok_app import db` counts as ebok_app.db)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


UI_AND_STATE = ("pages", "components", "state")
DATABASE = ("sqlmodel", "sqlalchemy", "ebok_app.db")
# the one module of the state layer that opens database work (the queries live in the domain services)
DATABASE_DOOR = PROJECT_ROOT / "ebok_app" / "state" / "transactions.py"


@pytest.mark.parametrize("package", UI_AND_STATE)
def test_pages_and_state_run_no_queries_of_their_own(package):
    files = sorted((PROJECT_ROOT / "ebok_app" / package).glob("*.py"))
    assert files
    for path in files:
        if path == DATABASE_DOOR:
            continue
        reached = {
            name
            for name in _imported_modules(path)
            if any(name == banned or name.startswith(banned + ".") for banned in DATABASE)
        }
        assert reached == set(), f"{path.relative_to(PROJECT_ROOT)} imports {sorted(reached)}"
