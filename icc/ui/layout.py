"""Layout helpers shared by the pages: charts with their caption, empty states, tables."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from icc.charts.style import PLOTLY_CONFIG
from icc.provenance import escape_markdown

EMPTY = "Aucune donnée ne correspond aux filtres choisis. Élargissez la sélection dans la barre latérale."


def chart(fig: go.Figure, caption: str, key: str | None = None) -> None:
    st.plotly_chart(fig, config=PLOTLY_CONFIG, key=key, width="stretch")
    st.caption(caption)


def empty(what: str = "") -> None:
    st.info(f"{what} : {EMPTY}" if what else EMPTY)


def table(frame: pd.DataFrame, caption: str, key: str | None = None, **column_config) -> None:
    """Data shown as text (never HTML), with its caption."""
    st.dataframe(frame, hide_index=True, width="stretch", column_config=column_config or None, key=key)
    st.caption(caption)


def note(text: str, container=None) -> None:
    """A caption whose text may contain data: escaped, since captions are markdown."""
    (container or st).caption(escape_markdown(text))
