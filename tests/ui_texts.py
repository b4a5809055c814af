"""Finds the texts of pages and components written as plain literals, i.e. not through `t()` (so not
translated): string literals that read as words in the positions where texts go."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

UI_DIRS = ("ebok_app/pages", "ebok_app/components")
MARKERS = {"t", "N_", "_", "gettext", "plural_forms", "plural"}  # their arguments are msgids
POLISH = re.compile(r"[ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]")
WORDS = re.compile(r"[A-Za-ząćęłńóśźżĄĆĘŁŃÓŚŹŻ]{2,}")
CAPITALISED = re.compile(r"^[A-ZĄĆĘŁŃÓŚŹŻ][a-ząćęłńóśźż]+")
ADDRESS = re.compile(r"^\?|^tel:|^https?:|^/")  # parts of a link, not texts
CODE_LIKE = re.compile(r"px|rem|rgba?\(|var\(--|#[0-9a-fA-F]{3}|=>|window\.|document\.|\{|\}|^[a-z_-]+$")
NOT_TEXT_ARGS = {  # keyword arguments that never carry a text a person reads
    "href",
    "id",
    "name",
    "type",
    "class_name",
    "data_testid",
    "key",
    "icon",
    "src",
    "lang",
    "role",
    "auto_complete",
    "input_mode",
    "pattern",
    "method",
    "target",
    "rel",
    "color",
    "color_scheme",
    "font_family",
    "font_size",
    "grid_template_columns",
    "custom_attrs",
    "style",
    "value",
    "default_value",
    "on_click",
    "route",
    "accept",
    "enter_key_hint",
}


# components whose plain arguments are shown, and properties a person reads or hears: any word there is
# a text, lower-case too ("lub", "wszystkie")
SHOWN = {
    "text",
    "heading",
    "button",
    "link",
    "badge",
    "span",
    "strong",
    "em",
    "label",
    "summary",
    "legend",
    "item",
    "cell",
    "column_header_cell",
    "row_header_cell",
    "success",
    "error",
    "info",
    "warning",
}
NEUTRAL = {
    "CSV",
    "XLSX",
    "VAT",
    "VAT 23%",
    "JSON",
    "CSV (zip)",
    "KSeF",
    "OFFLINE",
    "eBOK",
    "MilleKod",
    "Demo",
}  # every language
READ_ARGS = {"placeholder", "aria_label", "title", "label", "content", "alt", "description", "text", "lead"}
LABEL_PARAMS = {"label", "title", "text", "heading", "lead", "message", "hint", "empty"}


@dataclass(frozen=True)
class Literal:
    path: str
    line: int
    col: int
    end_line: int
    end_col: int
    text: str


def reads_as_text(value: str) -> bool:
    if not WORDS.search(value) or (CODE_LIKE.search(value) and not POLISH.search(value)):
        return False
    return bool(POLISH.search(value) or CAPITALISED.match(value) or re.search(r"[a-z]{2,} [a-z]{2,}", value))


def _call_name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def labelling_helpers(trees: list[ast.Module]) -> dict[str, list[int]]:
    """Our own helpers that show some of their arguments: name -> positions of those parameters."""
    helpers = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                shown = [n for n, arg in enumerate(node.args.args) if arg.arg in LABEL_PARAMS]
                if shown:
                    helpers[node.name] = shown
    return helpers


class _Finder(ast.NodeVisitor):
    def __init__(self, path: str, helpers: dict[str, list[int]]) -> None:
        self.path = path
        self.helpers = helpers
        self.found: list[Literal] = []
        self.skip: set[int] = set()  # ids of nodes that are not texts (docstrings, keys, msgids...)
        self.shown: set[int] = set()  # ids of literals in a place where any word is a text

    def _skip_tree(self, node: ast.AST | None) -> None:
        if node is not None:
            self.skip.update(id(n) for n in ast.walk(node))

    def visit_Module(self, node: ast.Module) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def _docstring(self, node: ast.AST) -> None:
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._skip_tree(body[0])

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._docstring(node)
        for default in [*node.args.defaults, *node.args.kw_defaults]:
            if default is not None and not (
                isinstance(default, ast.Constant) and reads_as_text(str(default.value))
            ):
                self._skip_tree(default)
        self._skip_tree(node.returns)
        self.generic_visit(node)

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._docstring(node)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        name = _call_name(node.func)
        if name in MARKERS:
            self._skip_tree(node)
        elif name in {"icon", "call_script", "redirect", "get", "Var", "startswith", "join", "format"}:
            for arg in node.args:
                self._skip_tree(arg)
        elif name in SHOWN:
            self.shown.update(id(arg) for arg in node.args)
        elif name in self.helpers:
            self.shown.update(id(node.args[n]) for n in self.helpers[name] if n < len(node.args))
        for keyword in node.keywords:
            if keyword.arg in NOT_TEXT_ARGS:
                self._skip_tree(keyword.value)
            elif keyword.arg in READ_ARGS or keyword.arg in LABEL_PARAMS:
                self.shown.add(id(keyword.value))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Add):  # glued to a value on the page: "strona " + page
            self.shown.update(id(side) for side in (node.left, node.right))
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        for key in node.keys:
            self._skip_tree(key)
        self.generic_visit(node)

    def visit_Subscript(self, node: ast.Subscript) -> None:
        self._skip_tree(node.slice)
        self.generic_visit(node)

    def visit_Compare(self, node: ast.Compare) -> None:
        self._skip_tree(node)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._skip_tree(node.annotation)
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        parts = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
        if id(node) not in self.skip and reads_as_text(parts):
            self._add(node, parts)
        self._skip_tree(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if id(node) in self.skip or not isinstance(node.value, str):
            return
        if {node.value, node.value.strip(" ·:,()")} & NEUTRAL or ADDRESS.search(node.value):
            return
        if reads_as_text(node.value) or (id(node) in self.shown and WORDS.search(node.value)):
            self._add(node, node.value)

    def _add(self, node: ast.expr, text: str) -> None:
        self.found.append(
            Literal(
                self.path, node.lineno, node.col_offset, node.end_lineno or 0, node.end_col_offset or 0, text
            )
        )


def untranslated(root: Path, dirs: tuple[str, ...] = UI_DIRS) -> Iterator[Literal]:
    paths = [path for folder in dirs for path in sorted((root / folder).glob("*.py"))]
    trees = [ast.parse(path.read_text(encoding="utf-8")) for path in paths]
    helpers = labelling_helpers(trees)
    for path, tree in zip(paths, trees, strict=True):
        finder = _Finder(str(path.relative_to(root)), helpers)
        finder.visit(tree)
        yield from finder.found
