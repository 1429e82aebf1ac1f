"""Funding charts."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.colors import LEVEL_COLORS, STATUS_COLORS
from icc.present.charts.style import styled, text


def by_programme(agg: pd.DataFrame, title: str) -> go.Figure:
    """Horizontal bars per programme, stacked by funder level."""
    fig = go.Figure()
    for level, rows in agg.groupby("financeur_niveau", sort=False, observed=True):
        fig.add_bar(
            y=[text(p) for p in rows["programme"].astype(str)],
            x=rows["montant"],
            name=level,
            orientation="h",
            marker_color=LEVEL_COLORS.get(level),
            customdata=[fr.euros(v) for v in rows["montant"]],
            hovertemplate="%{y}<br>" + level + " : %{customdata}<extra></extra>",
        )
    totals = agg.groupby("programme", observed=True)["montant"].sum()
    fig.add_scatter(
        y=[text(p) for p in totals.index.astype(str)],
        x=totals.values,
        mode="text",
        text=[f"  {fr.euros(v)}" for v in totals.values],
        textposition="middle right",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15})
    # Room on the right for the total written after each bar.
    fig.update_xaxes(showticklabels=False, showgrid=False, range=[0, float(totals.max()) * 1.22])
    fig = styled(fig, title, height=max(360, 60 + 42 * len(totals)))
    return fig


def treemap(nodes: pd.DataFrame, title: str) -> go.Figure:
    fig = go.Figure(
        go.Treemap(
            ids=nodes["node"],
            parents=nodes["tree_parent"],
            labels=[text(label) for label in nodes["label"]],
            values=nodes["value"],
            branchvalues="total",
            customdata=[[fr.euros(v), s] for v, s in zip(nodes["value"], nodes["statut"], strict=True)],
            texttemplate="%{label}<br>%{customdata[0]}",
            hovertemplate="%{label}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            marker={"colors": [STATUS_COLORS.get(s, "#DDE3EA") for s in nodes["statut"]]},
        )
    )
    return styled(fig, title, height=560)


def timeline(rows: pd.DataFrame, title: str) -> go.Figure:
    fig = go.Figure()
    labels = [f"{text(p)} – {text(b)}" for p, b in zip(rows["programme"], rows["beneficiaire"], strict=True)]
    for status, part in rows.assign(label=labels).groupby("statut", sort=False):
        fig.add_bar(
            y=part["label"],
            x=part["duree"],
            base=part["debut"] - 0.5,  # centre each year on its tick
            orientation="h",
            name=status,
            marker_color=STATUS_COLORS.get(status),
            customdata=[
                [f"{d}–{f}" if d != f else str(d), fr.euros(m), "par an" if r == "annuel" else "au total"]
                for d, f, m, r in zip(part["debut"], part["fin"], part["montant_eur"], part["recurrence"], strict=True)
            ],
            hovertemplate="%{y}<br>%{customdata[0]} : %{customdata[1]} %{customdata[2]}<extra></extra>",
        )
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.12})
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(autorange="reversed")
    return styled(fig, title, height=max(360, 80 + 28 * len(rows)))


def by_year(wide: pd.DataFrame, title: str) -> go.Figure:
    """Amounts per year (columns), stacked by status, the total written above each year."""
    fig = go.Figure()
    years = [str(y) for y in wide.index]
    for status in [c for c in wide.columns if c != "Total"]:
        values = wide[status]
        fig.add_bar(
            x=years,
            y=values.fillna(0),
            name=status,
            marker_color=STATUS_COLORS.get(status),
            customdata=[fr.euros(v) if pd.notna(v) else "" for v in values],
            hovertemplate="%{x}<br>" + status + " : %{customdata}<extra></extra>",
        )
    fig.add_scatter(
        x=years,
        y=wide["Total"],
        mode="text",
        text=[fr.euros(v) for v in wide["Total"]],
        textposition="top center",
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.2})
    fig.update_xaxes(type="category", title="Année")
    fig.update_yaxes(showticklabels=False, showgrid=False, range=[0, float(wide["Total"].max()) * 1.2])
    return styled(fig, title, height=400)
