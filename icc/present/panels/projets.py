"""The structuring projects' panel: total budget and State support per project."""

from __future__ import annotations

import pandas as pd

from icc.colors import LEVEL_COLORS
from icc.prepared import provenance
from icc.prepared.aggregations import projets as proj
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import projets as charts
from icc.present.charts.filieres import short
from icc.present.panels.base import (
    APPROX_NOTE,
    CLUSTERED_BAR,
    EUROS,
    ChartSpec,
    Definition,
    Panel,
    empty_panel,
    none_if_missing,
    yes_no,
)


def budgets(view: Bundle, filters: Filters) -> Panel:
    projets = view["projets"]
    definition = DEFINITIONS[0]
    caption = provenance.caption(view, projets, "projets")
    money = proj.budgets(projets)
    if money.empty:
        return empty_panel(definition, caption)
    approx = money["id"].map(projets.set_index("id")["approximatif"])
    table = pd.DataFrame(
        {
            "Projet": money["nom"],
            "Budget total": money["budget"],
            "Soutien de l'État": money["soutien"],
            "Approximatif": yes_no(approx),
        }
    )
    missing = int(money["budget"].isna().sum())
    note = "Budget total et soutien de l'État tels que les donne l'annexe 3 ; case vide : montant non précisé."
    if missing:
        note += (
            f" {missing} projet{'s' if missing > 1 else ''} sans budget total dans l'annexe 3 : seul le soutien "
            "de l'État est représenté (« budget total non précisé »)."
        )
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.budget_vs_support(money, definition.title),
        chart=ChartSpec(
            CLUSTERED_BAR,
            [short(n) for n in money["nom"]],  # as on the chart; the table has the whole names
            {"Budget total": none_if_missing(money["budget"]), "Soutien de l'État": none_if_missing(money["soutien"])},
            EUROS,
            series_colors={"Budget total": charts.BUDGET_COLOR, "Soutien de l'État": LEVEL_COLORS["État"]},
        ),
        formats={"Budget total": EUROS, "Soutien de l'État": EUROS},
        approx={"Budget total": "Approximatif", "Soutien de l'État": "Approximatif"},
        note=f"{note} {APPROX_NOTE}" if approx.any() else note,
    )


DEFINITIONS = [
    Definition("grands-projets", "Grands projets : budget et soutien de l'État", "Grands projets", budgets),
]
