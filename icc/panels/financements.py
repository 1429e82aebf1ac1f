"""Funding panels: per programme or status and funder level, per funder level (overview)."""

from __future__ import annotations

import pandas as pd

from icc import provenance
from icc.aggregations import financements as fin
from icc.charts import financements as charts
from icc.charts import overview as overview_charts
from icc.colors import LEVEL_COLORS
from icc.filters import Filters
from icc.model import Bundle
from icc.panels.base import BAR, EUROS, STACKED_BAR, ChartSpec, Definition, Panel, empty_panel, none_if_missing
from icc.schema import NIVEAUX_FINANCEURS

FUNDING_NOTE = (
    "Financements arrivant sur le territoire métropolitain, montants annuels cumulés sur leur période ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)
NATIONAL_NOTE = (
    "Enveloppes nationales ou européennes ; montants annuels cumulés sur leur période ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)
SCOPES = {fin.TERRITOIRE: "sur le territoire", fin.NATIONAL: "enveloppes nationales"}


def _levels_wide(long: pd.DataFrame, key: str) -> pd.DataFrame:
    """Long (category, funder level, amount) -> one row per category, one column per level, a total."""
    wide = long.pivot_table(index=key, columns="financeur_niveau", values="montant", aggfunc="sum", observed=True)
    levels = [lv for lv in NIVEAUX_FINANCEURS if lv in wide.columns] + sorted(
        set(wide.columns) - set(NIVEAUX_FINANCEURS)
    )
    wide = wide.reindex(columns=levels).astype(float)
    wide["Total"] = wide.sum(axis=1)
    wide = wide.sort_values("Total", ascending=False)
    wide.index = wide.index.astype(str)
    wide.columns.name = None
    return wide


def _levels_chart(wide: pd.DataFrame) -> ChartSpec:
    levels = [c for c in wide.columns if c != "Total"]
    return ChartSpec(
        STACKED_BAR,
        list(wide.index),
        {lv: none_if_missing(wide[lv]) for lv in levels},
        EUROS,
        series_colors={lv: LEVEL_COLORS.get(lv, "#7F7F7F") for lv in levels},
    )


def _title(base: str, perimetre: str, mode: str) -> str:
    scope = "Financements sur le territoire" if perimetre == fin.TERRITOIRE else "Enveloppes nationales"
    suffix = "" if mode == "cumule" else " (moyenne par an)"
    return f"{scope}, {base}{suffix}"


def _by(key: str, label: str, panel_id: str, base: str):
    def build(view: Bundle, filters: Filters, perimetre: str = fin.TERRITOIRE, mode: str = "cumule") -> Panel:
        rows = fin.scope(view["financements"], perimetre)
        title = _title(base, perimetre, mode)
        caption = provenance.caption(view, rows, "financements")
        if rows.empty:
            return empty_panel(BY_ID[panel_id], caption, title)
        grouped = rows if key == "programme" else rows.assign(programme=rows[key])
        # Same roots, same amounts whatever the grouping: the per-programme aggregation.
        agg = fin.by_programme(grouped, mode)
        wide = _levels_wide(agg, "programme")
        table = wide.rename_axis(label).reset_index()
        return Panel(
            panel_id,
            title,
            table,
            caption,
            figure=charts.by_programme(agg, title),
            chart=_levels_chart(wide),
            formats=dict.fromkeys(table.columns[1:], EUROS),
            note=FUNDING_NOTE if perimetre == fin.TERRITOIRE else NATIONAL_NOTE,
        )

    return build


def by_level(view: Bundle, filters: Filters) -> Panel:
    """Public funding mobilised per funder level (the overview's chart, same total as its headline)."""
    funding = fin.mobilised(view["financements"])
    definition = BY_ID["financements-niveau"]
    caption = provenance.caption(view, funding, "financements")
    if funding.empty:
        return empty_panel(definition, caption)
    levels = fin.by_level(funding)
    table = pd.DataFrame({"Niveau de financeur": list(levels.index), "Montant": levels.astype(float).to_numpy()})
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=overview_charts.funding_by_level(levels, definition.title),
        chart=ChartSpec(
            BAR,
            list(levels.index),
            {"Montant": none_if_missing(levels)},
            EUROS,
            point_colors=[LEVEL_COLORS.get(lv, "#7F7F7F") for lv in levels.index],
        ),
        formats={"Montant": EUROS},
        note="Montants acquis, lauréats ou en nature des financeurs publics, sans double compte. " + FUNDING_NOTE,
    )


DEFINITIONS = [
    Definition(
        "financements-programme",
        "Financements sur le territoire, par programme",
        "Financements par programme",
        _by("programme", "Programme", "financements-programme", "par programme"),
    ),
    Definition(
        "financements-statut",
        "Financements sur le territoire, par statut",
        "Financements par statut",
        _by("statut", "Statut", "financements-statut", "par statut"),
    ),
    Definition(
        "financements-niveau",
        "Financements publics mobilisés par financeur",
        "Financements par financeur",
        by_level,
    ),
]
BY_ID = {d.id: d for d in DEFINITIONS}
