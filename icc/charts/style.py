"""Shared look of every chart: French separators, large type for projectors."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

FONT = "Marianne, Arial, sans-serif"

# Modebar: PNG at presentation resolution from the chart's own menu.
PLOTLY_CONFIG = {
    "displaylogo": False,
    "locale": "fr",
    "toImageButtonOptions": {"format": "png", "scale": 3, "filename": "graphique-icc"},
    "modeBarButtonsToRemove": ["select2d", "lasso2d"],
}


def styled(fig: go.Figure, title: str, height: int = 460) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 20}},
        font={"family": FONT, "size": 15},
        separators=", ",  # decimal comma, space for thousands
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        legend={"title": {"text": ""}},
        hoverlabel={"font_size": 15},
    )
    return fig


def euros_axis(fig: go.Figure, axis: str = "x") -> go.Figure:
    # SI suffixes give "211,5M" rather than "211,5 M€"; keep full numbers with a € suffix.
    getattr(fig, f"update_{axis}axes")(ticksuffix=" €", tickformat=",.0f")
    return fig


def text(value) -> str:
    """Data shown inside a chart: plotly reads <, > and & as markup, so escape them (shown literally)."""
    return (
        "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html.escape(str(value), quote=False)
    )
