"""The action plan's panel: progress per axis (overview, Feuille de route, presentation, exports)."""

from __future__ import annotations

import pandas as pd

from icc.colors import STATUS_COLORS
from icc.prepared import provenance
from icc.prepared.aggregations import actions as act
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import actions as charts
from icc.present.panels.base import NOMBRE, POURCENTAGE, STACKED_BAR, ChartSpec, Definition, Panel, empty_panel

ACTIONS_NOTE = (
    "Actions de dernier niveau ; un axe sans action détaillée compte pour une action. Seul le filtre des années "
    "s'applique au plan d'actions. Statuts tels que saisis dans les données."
)


def progress(view: Bundle, filters: Filters) -> Panel:
    definition = DEFINITIONS[0]
    shown = view["actions"]
    leaf = act.leaves(shown)
    caption = provenance.caption(view, shown, "actions")
    if leaf.empty:
        return empty_panel(definition, caption)
    agg = act.progress(leaf)
    statuts = {s: s[0].upper() + s[1:] for s in act.STATUTS}
    table = pd.DataFrame(
        {
            "Axe": agg["libelle"],
            **{label: agg[s].astype("int64") for s, label in statuts.items()},
            "Total": agg["total"].astype("int64"),
            "Part réalisée": agg["part_realise"].astype(float),
        }
    )
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.progress(agg, definition.title),
        chart=ChartSpec(
            STACKED_BAR,
            [f"Axe {a}" for a in agg["axe"]],
            {s: [float(v) for v in agg[s]] for s in act.STATUTS},
            series_colors={s: STATUS_COLORS[s] for s in act.STATUTS},
        ),
        formats={**dict.fromkeys([*statuts.values(), "Total"], NOMBRE), "Part réalisée": POURCENTAGE},
        note=ACTIONS_NOTE,
    )


DEFINITIONS = [
    Definition("feuille-de-route", "Avancement du plan d'actions par axe", "Feuille de route", progress),
]
