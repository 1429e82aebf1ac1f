"""Action plan charts: progress per axis, actions per planned year."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.colors import STATUS_COLORS
from icc.prepared.aggregations.actions import REALISE, STATUTS
from icc.present.charts.style import styled


def step(top: int) -> int:
    """Whole-number ticks, about eight of them."""
    return max(1, math.ceil(top / 8))


def done_label(done: int, total: int, share) -> str:
    """« 1 / 6 réalisée (17 %) »."""
    if not total:
        return "aucune action"
    plural = "s" if done > 1 else ""
    return f"{fr.nombre(done)} / {fr.nombre(total)} réalisée{plural} ({fr.pourcentage(share)})"


def progress(agg: pd.DataFrame, title: str) -> go.Figure:
    """One horizontal bar per axis, stacked by status, with the share done at the end."""
    fig = go.Figure()
    names = [f"Axe {a}" for a in agg["axe"]]
    for statut in STATUTS:
        fig.add_bar(
            y=names,
            x=agg[statut],
            name=statut,
            orientation="h",
            marker_color=STATUS_COLORS.get(statut),
            customdata=[[t, fr.nombre(n)] for t, n in zip(agg["libelle"], agg[statut], strict=True)],
            hovertemplate="%{customdata[0]}<br>" + statut + " : %{customdata[1]}<extra></extra>",
        )
    fig.add_scatter(
        y=names,
        x=agg["total"],
        mode="text",
        text=[
            f"  {done_label(d, t, s)}" for d, t, s in zip(agg[REALISE], agg["total"], agg["part_realise"], strict=True)
        ],
        textposition="middle right",
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15, "traceorder": "normal"})
    fig.update_yaxes(autorange="reversed")
    top = max(1, int(agg["total"].max()))
    fig.update_xaxes(title="Nombre d'actions", tickformat=",d", dtick=step(top), range=[0, top * 1.6])
    return styled(fig, title, height=max(340, 120 + 56 * len(agg)))


def by_year(agg: pd.DataFrame, title: str) -> go.Figure:
    """Actions per planned year, stacked by status."""
    fig = go.Figure()
    for statut in STATUTS:
        part = agg[agg["statut"] == statut]
        if part.empty:
            continue
        fig.add_bar(
            x=part["annee"].astype(str),
            y=part["actions"],
            name=statut,
            marker_color=STATUS_COLORS.get(statut),
            customdata=[fr.nombre(n) for n in part["actions"]],
            hovertemplate="Prévues en %{x}<br>" + statut + " : %{customdata}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.2, "traceorder": "normal"})
    fig.update_xaxes(type="category", categoryorder="category ascending", title="Année prévue")
    fig.update_yaxes(title="Actions", tickformat=",d", dtick=step(int(agg.groupby("annee")["actions"].sum().max())))
    return styled(fig, title, height=360)
