"""Running the real app under streamlit.testing.v1.AppTest on a fresh database."""

from __future__ import annotations

import json

import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def fresh_env(monkeypatch, tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'icc.db'}"
    monkeypatch.setenv("ICC_DATABASE_URL", url)
    monkeypatch.setenv("ICC_VAR_DIR", str(tmp_path))
    monkeypatch.delenv("ICC_COMMUNES_GEOJSON", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    return url


def open_page(page: str | None = None, query: dict | None = None, timeout: float = 60) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    if page:
        # Before a first run AppTest finds a page by its file name, which misses pages whose
        # url_path differs (feuille-de-route): run the app once, then switch.
        at.run()
        at.switch_page(page)
    return at.run()


def texts(at: AppTest) -> str:
    """Everything the page shows as text, in one string."""
    parts = [e.value for e in at.title] + [e.value for e in at.header] + [e.value for e in at.subheader]
    parts += [e.value for e in at.markdown] + [e.value for e in at.caption] + [e.value for e in at.info]
    parts += [e.value for e in at.warning] + [e.value for e in at.success]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    parts += [e.proto.body for e in at.get("html")]  # markup: data must never reach it
    return "\n".join(str(p) for p in parts)


def figures(at: AppTest) -> list[dict]:
    """The plotly specs the page sends to the browser, each label read as a person reads it: a
    name wrapped on several lines (icc.present.charts.style.fitted) is the same words."""
    return [_joined(json.loads(e.proto.spec)) for e in at.get("plotly_chart")]


def _joined(node):
    if isinstance(node, str):
        return node.replace("<br>", " ")
    if isinstance(node, dict):
        return {k: _joined(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_joined(v) for v in node]
    return node


def chart_titles(at: AppTest) -> list[str]:
    """The charts' titles as the page writes them, in bold above each chart."""
    return [m.value[2:-2] for m in at.main.markdown if m.value.startswith("**") and m.value.endswith("**")]


def strings(node) -> list[str]:
    """Every string inside a chart spec."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


DATA_LABEL = "Données du graphique"  # icc.ui.layout.DATA_LABEL: a chart's numbers as a table


def page_expanders(at: AppTest) -> list:
    """The page's own expanders (not those holding a chart's data)."""
    return [e for e in at.expander if e.label != DATA_LABEL]


def open_chart_data(at: AppTest) -> AppTest:
    """Open every « Données du graphique » expander, as a visitor clicking each: their content is
    sent only once opened (icc.ui.layout.chart_data), by a rerun."""
    closed = [e.key for e in at.expander if e.label == DATA_LABEL and e.key and not e.table]
    for key in closed:
        at.session_state[key] = True
    return at.run() if closed else at


def chart_tables(at: AppTest) -> list:
    """The tables of charts' data, in page order, as read (French text), the expanders opened."""
    open_chart_data(at)
    return [t.value for e in at.expander if e.label == DATA_LABEL for t in e.table]


def page_tables(at: AppTest) -> list:
    """The page's own tables (a chart's data is a static table, never a data grid)."""
    return [d.value for d in at.dataframe]
