"""Places panels: lieux per filière family (overview), lieux and events per commune (map as a table)."""

from __future__ import annotations

import pandas as pd

from icc import formatting as fr
from icc.colors import family_color
from icc.prepared import provenance
from icc.prepared.aggregations import communes as com
from icc.prepared.aggregations import overview
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import overview as overview_charts
from icc.present.panels.base import APPROX_NOTE, BAR, NOMBRE, ChartSpec, Definition, Panel, empty_panel, yes_no


def by_family(view: Bundle, filters: Filters) -> Panel:
    lieux = view["lieux"]
    definition = BY_ID["lieux-filiere"]
    caption = provenance.caption(view, lieux, "lieux")
    if lieux.empty:
        return empty_panel(definition, caption)
    counts = overview.sites_by_family(lieux)
    table = pd.DataFrame({"Famille": counts["famille_nom"].to_numpy(), "Lieux": counts["lieux"].astype("int64")})
    return Panel(
        definition.id,
        definition.title,
        table.reset_index(drop=True),
        caption,
        figure=overview_charts.sites_by_family(counts, definition.title),
        chart=ChartSpec(
            BAR,
            list(counts["famille_nom"]),
            {"Lieux": [float(v) for v in counts["lieux"]]},
            point_colors=[family_color(f) for f in counts["famille"]],
        ),
        formats={"Lieux": NOMBRE},
    )


def per_commune(view: Bundle, filters: Filters) -> Panel:
    """The map as a table (the map itself is a pydeck canvas): lieux and events per commune."""
    communes = view["communes"]
    definition = BY_ID["carte"]
    lieux, events = view["lieux"], view["evenements"]
    sources = pd.concat([lieux[["source"]], events[["source"]]])
    caption = provenance.caption(view, sources, "lieux", "evenements", "communes")
    sites = com.sites(communes, lieux)
    # Events counted per commune the way lieux are: one per row with that commune code.
    counted = com.sites(communes, events.rename(columns={"code_insee_commune": "code_insee"}))
    attendance = com.frequentation(communes, events)
    quantified = events[events["frequentation"].notna()]["code_insee_commune"].dropna().unique()
    conseil = communes.set_index("code_insee")["conseil_de_territoire"]
    table = pd.DataFrame(
        {
            "Commune": sites["commune"],
            "Conseil de territoire": sites["code_insee"].map(conseil),
            "Lieux": sites["valeur"].astype("int64"),
            "Événements": counted["valeur"].astype("int64"),
            # No event with a figure: empty (« non chiffré »), never « 0 ».
            "Fréquentation des événements": attendance["valeur"].where(attendance["code_insee"].isin(quantified)),
            "Approximatif": yes_no(attendance["approximatif"]),
        }
    )
    table = table[(table["Lieux"] > 0) | (table["Événements"] > 0)]
    table = table.sort_values(["Lieux", "Événements", "Commune"], ascending=[False, False, True])
    if table.empty:
        return empty_panel(definition, caption)
    unplaced = int(events["code_insee_commune"].isna().sum())
    note = f"Communes ayant au moins un lieu ou un événement ; case vide : fréquentation non chiffrée. {APPROX_NOTE}"
    if unplaced:
        note = f"{fr.nombre(unplaced)} événement(s) sans commune connue ne sont pas comptés. {note}"
    return Panel(
        definition.id,
        definition.title,
        table.reset_index(drop=True),
        caption,
        formats=dict.fromkeys(["Lieux", "Événements", "Fréquentation des événements"], NOMBRE),
        approx={"Fréquentation des événements": "Approximatif"},
        note=note,
    )


DEFINITIONS = [
    Definition("lieux-filiere", "Lieux par filière", "Lieux par filière", by_family),
    Definition("carte", "Lieux et événements par commune", "Communes", per_commune),
]
BY_ID = {d.id: d for d in DEFINITIONS}
