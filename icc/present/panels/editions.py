"""Editions over time: the attendance of an event that the data gives for several years."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts.style import PATTERNS, styled, text
from icc.present.panels.base import (
    APPROX_NOTE,
    CLUSTERED_BAR,
    NOMBRE,
    ChartSpec,
    Definition,
    Panel,
    empty_panel,
    yes_no,
)

EDITIONS = "editions"
# Okabe–Ito colours with a distinct pattern each (icc.present.charts.style), so years are told apart without colour too.
YEAR_COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")


def editions(events: pd.DataFrame) -> pd.DataFrame:
    """Rows of events named alike with a known attendance in at least two different years."""
    known = events[events["frequentation"].notna() & events["annee"].notna()]
    years = known.groupby("nom")["annee"].nunique()
    return known[known["nom"].isin(years[years >= 2].index)].sort_values(["nom", "annee"])


def build(view: Bundle, filters: Filters) -> Panel:
    definition = BY_ID[EDITIONS]
    rows = editions(view["evenements"])
    caption = provenance.caption(view, rows if len(rows) else view["evenements"], "evenements")
    if rows.empty:
        return replace(
            empty_panel(definition, caption),
            empty_message="Aucun événement n'a de fréquentation chiffrée pour plusieurs éditions dans les données.",
        )
    table = pd.DataFrame(
        {
            "Événement": rows["nom"].to_numpy(),
            "Année": rows["annee"].astype("int64").to_numpy(),
            "Fréquentation": rows["frequentation"].astype("int64").to_numpy(),
            "Approximatif": yes_no(rows["approximatif"]),
        }
    )
    names = list(dict.fromkeys(table["Événement"]))
    years = sorted(table["Année"].unique())
    series = {
        str(y): [
            float(v.iloc[0])
            if len(v := table.loc[(table["Événement"] == n) & (table["Année"] == y), "Fréquentation"])
            else None
            for n in names
        ]
        for y in years
    }
    fig = go.Figure()
    for k, (year, values) in enumerate(series.items()):
        fig.add_bar(
            name=year,
            y=[text(n) for n in names],
            x=values,
            orientation="h",
            marker={"color": YEAR_COLORS[k % len(YEAR_COLORS)], "pattern": {"shape": PATTERNS[k % len(PATTERNS)]}},
            text=[f"{year} : {fr.nombre(v)}" if v is not None else f"{year} : non chiffrée" for v in values],
            textposition="auto",
            hovertemplate="%{y} : %{x:,.0f} personnes<extra>" + year + "</extra>",
        )
    fig.update_layout(barmode="group", yaxis={"autorange": "reversed"})
    return Panel(
        EDITIONS,
        definition.title,
        table,
        caption,
        figure=styled(fig, definition.title, height=max(300, 120 + 60 * len(names))),
        chart=ChartSpec(CLUSTERED_BAR, names, series, series_colors=dict(zip(series, YEAR_COLORS, strict=False))),
        formats={"Fréquentation": NOMBRE},
        approx={"Fréquentation": "Approximatif"},
        note=f"Événements cités pour plusieurs années, chaque barre est une édition. {APPROX_NOTE}",
    )


DEFINITIONS = [Definition(EDITIONS, "Fréquentation au fil des éditions", "Éditions", build)]
BY_ID = {d.id: d for d in DEFINITIONS}
