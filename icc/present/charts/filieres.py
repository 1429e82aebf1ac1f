"""Charts of one filière family, in the family's colour."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.colors import family_color
from icc.present.charts.style import styled, text


def short(text: str, limit: int = 48) -> str:
    """Long names cut for an axis; the hover keeps the whole name."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _bars(labels, values, texts, hover, family: str, unit_label: str) -> go.Figure:
    fig = go.Figure(
        go.Bar(
            y=[text(short(str(v))) for v in labels],
            x=values,
            orientation="h",
            marker_color=family_color(family),
            text=texts,
            textposition="outside",
            cliponaxis=False,
            customdata=[text(v) for v in hover],
            hovertemplate="%{customdata}<br>%{text} " + unit_label + "<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")  # largest first, read from the top
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, max(values, default=1) * 1.3])
    return fig


def sites_by_type(agg: pd.DataFrame, family: str, title: str) -> go.Figure:
    """Horizontal bars: number of sites per type."""
    fig = _bars(
        agg["type"],
        agg["nombre"].astype(int).tolist(),
        [fr.nombre(v) for v in agg["nombre"]],
        agg["type"],
        family,
        "lieu(x)",
    )
    return styled(fig, title, height=max(260, 90 + 40 * len(agg)))


def attendance(agg: pd.DataFrame, family: str, title: str) -> go.Figure:
    """Horizontal bars: attendance per festival, approximate figures marked « env. »."""
    texts = [fr.approx(fr.nombre(v), a) for v, a in zip(agg["frequentation"], agg["approximatif"], strict=True)]
    fig = _bars(agg["nom"], agg["frequentation"].tolist(), texts, agg["nom"], family, "personnes")
    return styled(fig, title, height=max(260, 90 + 40 * len(agg)))
