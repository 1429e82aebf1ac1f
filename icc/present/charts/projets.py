"""Charts of the structuring projects, and their map."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk

from icc import formatting as fr
from icc.colors import LEVEL_COLORS, STATUS_COLORS, family_color
from icc.present.charts.filieres import short
from icc.present.charts.style import styled, text
from icc.present.maps import Basemap, base_map, basemap
from icc.present.tables import amount, surface

BUDGET_COLOR = "#5A5A5A"  # neutral: a whole budget, all funders
NO_BUDGET = "budget total non précisé"
OTHER_STATUS = "#BBBBBB"


def budget_vs_support(agg: pd.DataFrame, title: str) -> go.Figure:
    """Grouped horizontal bars per project: total budget and State support, in euros.

    A project without a budget keeps an empty bar whose label says so, next to its support.
    """
    labels = [text(short(n)) for n in agg["nom"]]
    names = [text(n) for n in agg["nom"]]
    no_budget = agg["budget"].isna()
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=agg["budget"].fillna(0),
        name="Budget total",
        orientation="h",
        marker_color=BUDGET_COLOR,
        text=[
            NO_BUDGET if missing else amount(v, a)
            for missing, v, a in zip(no_budget, agg["budget"], agg["approximatif"], strict=True)
        ],
        customdata=names,
        hovertemplate="%{customdata}<br>Budget total : %{text}<extra></extra>",
    )
    fig.add_bar(
        y=labels,
        x=agg["soutien"].fillna(0),
        name="Soutien de l'État",
        orientation="h",
        marker_color=LEVEL_COLORS["État"],
        text=[
            "non précisé" if pd.isna(v) else amount(v, a)
            for v, a in zip(agg["soutien"], agg["approximatif"], strict=True)
        ],
        customdata=names,
        hovertemplate="%{customdata}<br>Soutien de l'État : %{text}<extra></extra>",
    )
    top = float(agg[["budget", "soutien"]].max().max()) if len(agg) else 1.0
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", legend={"orientation": "h", "y": -0.08})
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, top * 1.35])
    fig.update_yaxes(autorange="reversed")
    return styled(fig, title, height=max(340, 110 + 70 * len(agg)))


def by_status(agg: pd.DataFrame, title: str) -> go.Figure:
    """Vertical bars: number of projects per status."""
    fig = go.Figure(
        go.Bar(
            x=agg["statut"],
            y=agg["nombre"],
            marker_color=[STATUS_COLORS.get(s, OTHER_STATUS) for s in agg["statut"]],
            text=[fr.nombre(v) for v in agg["nombre"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x} : %{text} projet(s)<extra></extra>",
        )
    )
    fig.update_yaxes(showticklabels=False, showgrid=False, range=[0, max(agg["nombre"], default=1) * 1.25])
    return styled(fig, title, height=340)


def surfaces(agg: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars in m², one colour per filière family."""
    fig = go.Figure()
    for family, rows in agg.groupby("famille", sort=False):
        fig.add_bar(
            y=[text(short(n)) for n in rows["nom"]],
            x=rows["surface"],
            name=text(rows["famille_nom"].iloc[0] or "Autre"),
            orientation="h",
            marker_color=family_color(family),
            text=[surface(v, a) for v, a in zip(rows["surface"], rows["approximatif"], strict=True)],
            textposition="outside",
            cliponaxis=False,
            customdata=[text(n) for n in rows["nom"]],
            hovertemplate="%{customdata}<br>%{text}<extra></extra>",
        )
    # The legend stays even for one family: it says what the colour means.
    fig.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.08})
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, max(agg["surface"], default=1) * 1.45])
    # Category order of the data (largest first), read from the top.
    fig.update_yaxes(categoryorder="array", categoryarray=[text(short(n)) for n in agg["nom"]], autorange="reversed")
    return styled(fig, title, height=max(300, 110 + 50 * len(agg)))


def amounts_text(points: pd.DataFrame) -> list[str]:
    """The tooltip's line of amounts (« Budget total : 740 000 € ; Soutien de l'État : 700 000 € »)."""
    out = []
    for b, s, a in zip(points["budget"], points["soutien"], points["approximatif"], strict=True):
        named = (("Budget total", b), ("Soutien de l'État", s))
        parts = [f"{label} : {amount(v, a)}" for label, v in named if not pd.isna(v)]
        out.append(" ; ".join(parts) or "Montants non précisés")
    return out


def project_map(points: pd.DataFrame, base: Basemap | None = None) -> pdk.Deck:
    """The projects at their place; the tooltip is plain text (deck.gl never reads it as HTML).

    The base map is the one of ``ICC_BASEMAP``, as on the Carte page (none: no tile requested).
    """
    layer = pdk.Layer(
        "ScatterplotLayer",
        data=points.assign(montants=amounts_text(points)),
        get_position=["longitude", "latitude"],
        get_fill_color="couleur",
        get_line_color=[255, 255, 255],
        get_radius=600,
        radius_min_pixels=7,
        radius_max_pixels=18,
        stroked=True,
        line_width_min_pixels=1,
        pickable=True,
    )
    view = pdk.ViewState(
        latitude=float(points["latitude"].mean()),
        longitude=float(points["longitude"].mean()),
        zoom=9 if points["longitude"].max() - points["longitude"].min() > 0.1 else 11,
    )
    return pdk.Deck(
        layers=[layer],
        initial_view_state=view,
        tooltip={"text": "{nom}\n{commune} · {statut}\n{montants}"},
        **base_map(base or basemap("none")),
    )
