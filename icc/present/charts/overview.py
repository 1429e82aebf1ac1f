"""Small charts of the overview page."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.colors import LEVEL_COLORS, family_color
from icc.present.charts.style import styled, text


def funding_by_level(levels: pd.Series, title: str) -> go.Figure:
    """Horizontal bars: public funding mobilised per funder level."""
    levels = levels.sort_values()
    fig = go.Figure(
        go.Bar(
            y=list(levels.index),
            x=levels.values,
            orientation="h",
            marker_color=[LEVEL_COLORS.get(level) for level in levels.index],
            text=[fr.euros(v) for v in levels.values],
            textposition="auto",
            hovertemplate="%{y} : %{text}<extra></extra>",
        )
    )
    fig.update_xaxes(showticklabels=False, showgrid=False)
    return styled(fig, title, height=320)


def sites_by_family(counts: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars: sites per filière family, in the family's colour."""
    counts = counts.sort_values("lieux")
    fig = go.Figure(
        go.Bar(
            y=[text(n) for n in counts["famille_nom"]],
            x=counts["lieux"],
            orientation="h",
            marker_color=[family_color(c) for c in counts["famille"]],
            text=[fr.nombre(v) for v in counts["lieux"]],
            textposition="auto",
            hovertemplate="%{y} : %{text} lieux<extra></extra>",
        )
    )
    fig.update_xaxes(showticklabels=False, showgrid=False)
    return styled(fig, title, height=320)
