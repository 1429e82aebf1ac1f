"""The folders show the flow (intake → storage → prepared model → numbers → panels → pages and
deck): a lower layer never imports a higher one, nor another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

ICC = ROOT / "icc"


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import of ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            out.append((node.module, names))
            # ``from icc import panels``: the submodule is what is imported.
            out += [(f"{node.module}.{name}", []) for name in names]
    return out


FILES = sorted(ICC.rglob("*.py"))

# What each layer must never import (prefixes of module names).
HIGHER = {
    "icc.aggregations": [
        "icc.tables",
        "icc.charts",
        "icc.maps",
        "icc.panels",
        "icc.pagedata",
        "icc.deck",
        "icc.screens",
        "icc.ui",
        "icc.web",
        "streamlit",
    ],
    "icc.model": ["icc.aggregations", "icc.charts", "icc.maps", "icc.panels", "icc.ui", "icc.web", "streamlit"],
    "icc.filters": ["icc.aggregations", "icc.charts", "icc.maps", "icc.panels", "icc.ui", "icc.web", "streamlit"],
    "icc.store": ["icc.model", "icc.aggregations", "icc.panels", "icc.ui", "icc.web", "streamlit"],
    "icc.intake": ["icc.model", "icc.aggregations", "icc.panels", "icc.ui", "icc.web", "streamlit"],
    "icc.charts": ["icc.panels", "icc.pagedata", "icc.deck", "icc.screens", "icc.ui", "icc.web", "streamlit"],
    "icc.tables": ["icc.charts", "icc.maps", "icc.panels", "icc.pagedata", "icc.ui", "icc.web", "streamlit"],
    "icc.panels": ["icc.pagedata", "icc.deck", "icc.screens", "icc.ui", "icc.web", "streamlit"],
    "icc.pagedata": ["icc.deck", "icc.screens", "icc.ui", "icc.web", "streamlit"],
    "icc.deck": ["icc.ui", "icc.web", "streamlit"],
}


def _rule(module: str) -> list[str]:
    return next((banned for layer, banned in HIGHER.items() if module == layer or module.startswith(layer + ".")), [])


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_higher_layer(path):
    module, banned = _module(path), _rule(_module(path))
    wrong = [
        imported for imported, _ in _imports(path) if any(imported == b or imported.startswith(b + ".") for b in banned)
    ]
    assert not wrong, f"{module} importe {wrong}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_takes_private_names_of_another(path):
    private = [
        f"{imported}.{name}"
        for imported, names in _imports(path)
        if imported.startswith("icc")
        for name in names
        if name.startswith("_") and not name.startswith("__")
    ]
    assert not private, f"{_module(path)} importe des noms privés : {private}"
    # ``module._name`` through an imported icc module is the same reach into another's privates.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    modules = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("icc")
        for alias in node.names
    }
    reached = [
        f"{node.value.id}.{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in modules
        and node.attr.startswith("_")
        and not node.attr.startswith("__")
    ]
    assert not reached, f"{_module(path)} lit des noms privés : {reached}"


NUMBER_WRITERS = ("fr.nombre", "fr.euros", "fr.approx", "fr.pourcentage", "fr.date")


@pytest.mark.parametrize("path", sorted((ICC / "aggregations").glob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_aggregations_return_numbers_not_french_text(path):
    """Formatting happens when a panel, a table or a chart is read (icc.panels, icc.tables, icc.charts)."""
    source = path.read_text(encoding="utf-8")
    assert not [w for w in NUMBER_WRITERS if w + "(" in source]
