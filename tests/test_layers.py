"""The folders show the flow: a lower layer never imports a higher one, no module imports itself
back through others, and none takes another module's private names.

The order is stated once, here, bottom first; the README's « Organisation » says it in French."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

ICC = ROOT / "icc"

# Bottom first: each layer may import the layers before it, and itself.
LAYERS = [
    ("icc.settings", "icc.formatting", "icc.frames", "icc.colors"),  # shared helpers
    ("icc.datasets",),  # what a dataset is
    ("icc.storage",),  # versions, as of a date, accounts, sessions
    ("icc.prepared",),  # the model prepared per version, filters, numbers
    ("icc.intake",),  # files in: read, checked against the data in force, published
    ("icc.present",),  # panels, charts, maps, tables, screens, exports, deck
    ("icc.web",),  # HTTP, no Streamlit
    ("icc.ui",),  # the only Streamlit
]
# Inside ``icc.present``, the same rule between its parts.
PRESENT = [
    ("icc.present.tables", "icc.present.visites"),  # French words for a museum's figures: maps and panels read them
    ("icc.present.maps",),
    ("icc.present.charts",),
    ("icc.present.panels", "icc.present.evolutions"),
    ("icc.present.pagedata", "icc.present.screens", "icc.present.accessibility"),
    ("icc.present.deck",),
]


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def _floor(module: str, layers: list[tuple[str, ...]]) -> int | None:
    return next((i for i, layer in enumerate(layers) for prefix in layer if _within(module, prefix)), None)


def _module(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def _imports_of(source: str) -> list[tuple[str, list[str]]]:
    """(module imported, names taken from it) for every import of ``source``."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [alias.name for alias in node.names]
            out.append((node.module, names))
            # ``from icc import panels``: the submodule is what is imported.
            out += [(f"{node.module}.{name}", []) for name in names]
    return out


def _modules_imported(source: str) -> set[str]:
    """The icc modules ``source`` imports: ``from icc.x import name`` is ``icc.x.name`` when that is a
    module (Python runs ``icc.x``'s ``__init__`` first, as for any package), else ``icc.x``."""
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                out.add(submodule if submodule in MODULES else node.module)
    return {m for m in out if m.startswith("icc.") and m in MODULES}


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    return _imports_of(path.read_text(encoding="utf-8"))


def upward_imports(module: str, source: str) -> list[str]:
    """The imports of ``source`` (module ``module``) that run back up the stated order."""
    wrong = []
    for imported, _ in _imports_of(source):
        if imported == "streamlit" or imported.startswith("streamlit."):
            if not _within(module, "icc.ui"):
                wrong.append(imported)
            continue
        for layers in (LAYERS, PRESENT):
            own, other = _floor(module, layers), _floor(imported, layers)
            if own is not None and other is not None and other > own:
                wrong.append(imported)
    return wrong


FILES = sorted(ICC.rglob("*.py"))
MODULES = {_module(path) for path in FILES}


def test_every_module_of_icc_sits_on_a_stated_layer():
    assert [m for m in sorted(MODULES) if m != "icc" and _floor(m, LAYERS) is None] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_module_imports_a_higher_layer(path):
    module = _module(path)
    wrong = upward_imports(module, path.read_text(encoding="utf-8"))
    assert not wrong, f"{module} importe {wrong}"


@pytest.mark.parametrize(
    ("module", "source", "wrong"),
    [
        ("icc.datasets.geo", "from icc.intake import problems", ["icc.intake", "icc.intake.problems"]),
        ("icc.prepared.model", "from icc.present.panels import figures", ["icc.present.panels"]),
        ("icc.web.preparer", "from icc.ui import data\n", ["icc.ui", "icc.ui.data"]),
        ("icc.present.maps", "from icc.present import panels", ["icc.present.panels"]),
        ("icc.present.tables", "import streamlit as st", ["streamlit"]),
        ("icc.ui.data", "from icc.present import deck\nimport streamlit", []),
    ],
)
def test_the_rule_sees_an_import_that_runs_back_up(module, source, wrong):
    assert upward_imports(module, source)[: len(wrong)] == wrong
    assert bool(upward_imports(module, source)) == bool(wrong)


def _graph() -> dict[str, set[str]]:
    """Module -> the icc modules it imports (``from icc.x import name`` is the module when ``name`` is one)."""
    return {_module(path): _modules_imported(path.read_text(encoding="utf-8")) - {_module(path)} for path in FILES}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_circle():
    assert circles(_graph()) == []


def test_a_circle_is_seen():
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


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


@pytest.mark.parametrize(
    "path", sorted((ICC / "prepared" / "aggregations").glob("*.py")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_aggregations_return_numbers_not_french_text(path):
    """Formatting happens when a panel, a table or a chart is read (icc.present)."""
    source = path.read_text(encoding="utf-8")
    assert not [w for w in NUMBER_WRITERS if w + "(" in source]
