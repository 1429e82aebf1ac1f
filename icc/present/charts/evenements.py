"""Festival charts: attendance ranked, by family, by commune, and the events calendar."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date

from icc import formatting as fr
from icc.colors import family_color
from icc.prepared.aggregations.evenements import KINDS
from icc.present.charts.style import styled, text


def figure(value: int, approximatif: bool) -> str:
    return fr.approx(fr.nombre(value), bool(approximatif))


def kinds_detail(row: pd.Series) -> str:
    """« visiteurs : 335 000 ; participants : 1 000 » for the kinds present in a total."""
    return " ; ".join(f"{kind} : {fr.nombre(row[kind])}" for kind in KINDS if row.get(kind, 0))


def ranked(rows: pd.DataFrame, title: str) -> go.Figure:
    """One horizontal bar per event, largest on top, coloured by family, labelled with the kind."""
    fig = go.Figure()
    for famille, part in rows.groupby("famille", sort=False):
        labels = [
            f"{figure(v, a)} {k}"
            for v, a, k in zip(part["frequentation"], part["approximatif"], part["type_frequentation"], strict=True)
        ]
        fig.add_bar(
            y=[text(n) for n in part["libelle"]],
            x=part["frequentation"],
            orientation="h",
            name=text(part["famille_nom"].iloc[0]),
            marker_color=family_color(famille),
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=labels,
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
        )
    fig.update_yaxes(categoryorder="array", categoryarray=[text(n) for n in rows["libelle"]][::-1])
    fig.update_xaxes(tickformat=",d", range=[0, float(rows["frequentation"].max()) * 1.7], title=None)
    fig.update_layout(legend={"orientation": "h", "y": -0.12})
    return styled(fig, title, height=max(360, 110 + 40 * len(rows)))


def _totals(agg: pd.DataFrame, key: str) -> pd.DataFrame:
    return agg.groupby(key, sort=False).agg(
        frequentation=("frequentation", "sum"), approximatif=("approximatif", "any")
    )


def by_family(agg: pd.DataFrame, title: str) -> go.Figure:
    """One bar per family, in its colour; the hover lists the kinds added up."""
    labels = [figure(v, a) for v, a in zip(agg["frequentation"], agg["approximatif"], strict=True)]
    fig = go.Figure(
        go.Bar(
            y=[text(n) for n in agg["famille_nom"]],
            x=agg["frequentation"],
            orientation="h",
            marker_color=[family_color(f) for f in agg["famille"]],
            text=labels,
            textposition="outside",
            cliponaxis=False,
            customdata=[
                [lab, fr.nombre(n), kinds_detail(row)]
                for lab, n, (_, row) in zip(labels, agg["evenements"], agg.iterrows(), strict=True)
            ],
            hovertemplate="%{y}<br>%{customdata[0]} (%{customdata[1]} événements chiffrés)"
            "<br>%{customdata[2]}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",d", range=[0, float(agg["frequentation"].max()) * 1.6], title=None)
    return styled(fig, title, height=max(300, 110 + 48 * len(agg)))


def by_commune(agg: pd.DataFrame, title: str) -> go.Figure:
    """Bars per commune stacked by family, the commune total written at the end of each bar."""
    fig = go.Figure()
    for famille, part in agg.groupby("famille", sort=False):
        fig.add_bar(
            y=[text(c) for c in part["commune"]],
            x=part["frequentation"],
            orientation="h",
            name=text(part["famille_nom"].iloc[0]),
            marker_color=family_color(famille),
            customdata=[
                [figure(v, a), kinds_detail(row)]
                for v, a, (_, row) in zip(part["frequentation"], part["approximatif"], part.iterrows(), strict=True)
            ],
            hovertemplate="%{y} – " + text(part["famille_nom"].iloc[0]) + "<br>%{customdata[0]}"
            "<br>%{customdata[1]}<extra></extra>",
        )
    totals = _totals(agg, "commune")
    fig.add_scatter(
        y=[text(c) for c in totals.index],
        x=totals["frequentation"],
        mode="text",
        text=[f"  {figure(v, a)}" for v, a in zip(totals["frequentation"], totals["approximatif"], strict=True)],
        textposition="middle right",
        cliponaxis=False,
        showlegend=False,
        hoverinfo="skip",
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[text(c) for c in totals.index][::-1])
    fig.update_xaxes(tickformat=",d", range=[0, float(totals["frequentation"].max()) * 1.6], title=None)
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": -0.15, "traceorder": "normal"})
    return styled(fig, title, height=max(320, 120 + 44 * len(totals)))


def month_label(day: dt.date) -> str:
    """« oct. 2024 »: Babel's French abbreviated month (fr.date gives whole days only)."""
    return format_date(day, format="MMM y", locale=fr.LOCALE)


def month_ticks(start: dt.date, end: dt.date) -> tuple[list[str], list[str]]:
    """First day of each month from ``start`` to ``end`` (one in n beyond a year), with French labels."""
    first = start.replace(day=1)
    months = (end.year - first.year) * 12 + end.month - first.month + 1
    step = max(1, math.ceil(months / 12))
    days = [
        dt.date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1)
        for i in range(0, months, step)
    ]
    return [d.isoformat() for d in days], [month_label(d) for d in days]


def _period(debut: pd.Timestamp, fin: pd.Timestamp) -> str:
    if debut == fin:
        return fr.date(debut.date())
    return f"du {fr.date(debut.date())} au {fr.date(fin.date())}"


def calendar(rows: pd.DataFrame, title: str) -> go.Figure:
    """One bar per event from its first to its last day, on a date axis with French months."""
    fig = go.Figure()
    one_day = pd.Timedelta(days=1)
    for famille, part in rows.groupby("famille", sort=False):
        fig.add_bar(
            y=[text(n) for n in part["nom"]],
            base=[d.isoformat() for d in part["debut"]],
            # On a date axis a bar's length is in milliseconds; the last day is included.
            x=[
                (f + one_day - d) / pd.Timedelta(milliseconds=1)
                for d, f in zip(part["debut"], part["fin"], strict=True)
            ],
            orientation="h",
            name=text(part["famille_nom"].iloc[0]),
            marker_color=family_color(famille),
            customdata=[
                [_period(d, f), text(c)] for d, f, c in zip(part["debut"], part["fin"], part["commune"], strict=True)
            ],
            hovertemplate="%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        )
    start = rows["debut"].min().date()
    end = (rows["fin"].max() + one_day).date()
    ticks, labels = month_ticks(start, end)
    # Show whole months around the events so that a one-day event is not a lone sliver.
    last = dt.date(end.year + end.month // 12, end.month % 12 + 1, 1)
    fig.update_xaxes(
        type="date",
        tickmode="array",
        tickvals=ticks,
        ticktext=labels,
        range=[start.replace(day=1).isoformat(), last.isoformat()],
        showgrid=True,
    )
    fig.update_yaxes(categoryorder="array", categoryarray=[text(n) for n in rows["nom"]][::-1])
    fig.update_layout(barmode="overlay", legend={"orientation": "h", "y": -0.15})
    return styled(fig, title, height=max(300, 120 + 40 * len(rows)))


def counts(labels: list[str], values: list[int], title: str, colors: list[str] | None = None) -> go.Figure:
    """One horizontal bar per label, the count written at its end, first on top."""
    fig = go.Figure(
        go.Bar(
            y=[text(label) for label in labels],
            x=values,
            orientation="h",
            marker_color=colors or "#0072B2",
            text=[fr.nombre(v) for v in values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y} : %{text}<extra></extra>",
            showlegend=False,
        )
    )
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickformat=",d", range=[0, max(values, default=1) * 1.25], title=None)
    return styled(fig, title, height=max(300, 110 + 28 * len(labels)))
