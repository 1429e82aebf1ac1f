"""Funding panels: per programme or status and funder level, per funder level (overview)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from icc import formatting as fr
from icc.colors import LEVEL_COLORS, STATUS_COLORS
from icc.datasets.schema import NIVEAUX_FINANCEURS, STATUTS_FINANCEMENT
from icc.prepared import provenance
from icc.prepared.aggregations import financements as fin
from icc.prepared.aggregations import financements_annees as per_year
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import financements as charts
from icc.present.charts import overview as overview_charts
from icc.present.panels.base import (
    APPROX_NOTE,
    BAR,
    EUROS,
    STACKED_BAR,
    ChartSpec,
    Definition,
    Panel,
    empty_panel,
    none_if_missing,
    yes_no,
)

FUNDING_NOTE = (
    "Financements arrivant sur le territoire métropolitain, montants annuels cumulés sur leur période ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)
NATIONAL_NOTE = (
    "Enveloppes nationales ou européennes ; montants annuels cumulés sur leur période ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)
SCOPES = {fin.TERRITOIRE: "sur le territoire", fin.NATIONAL: "enveloppes nationales"}
TOP = 30  # categories drawn (programmes); the rest is one « Autres » bar, its exact sum: the browser gets a summary
OTHERS = "Autres"
PLURALS = {"programme": "programmes", "statut": "statuts"}


def top_and_others(agg: pd.DataFrame, key: str, n: int = TOP) -> tuple[pd.DataFrame, str | None, int]:
    """``agg`` (long: programme, funder level, amount; programmes ordered smallest first) with the
    programmes beyond the ``n`` largest added up, per funder level, into one « Autres (k …) »
    category placed last (smallest first: at the bottom of the chart). Returns it, the « Autres »
    label (None: nothing grouped) and how many categories it adds up."""
    order = list(agg["programme"].cat.categories)
    if len(order) <= n:
        return agg, None, 0
    kept, rest = order[-n:], len(order) - n
    label = f"{OTHERS} ({fr.nombre(rest)} {PLURALS.get(key, key)})"
    names = agg["programme"].astype(str)
    grouped = agg.assign(programme=names.where(names.isin(kept), label))
    summed = grouped.groupby(["programme", "financeur_niveau"], as_index=False, observed=True)["montant"].sum()
    summed["programme"] = pd.Categorical(summed["programme"], categories=[label, *kept], ordered=True)
    return summed.sort_values(["programme", "financeur_niveau"]).reset_index(drop=True), label, rest


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
        agg, others, rest = top_and_others(fin.by_programme(grouped, mode), key)
        wide = _levels_wide(agg, "programme")
        if others is not None:  # largest first, « Autres » last whatever its total
            wide = pd.concat([wide.drop(index=others), wide.loc[[others]]])
        table = wide.rename_axis(label).reset_index()
        beyond = (
            f"Au-delà des {TOP} premiers, « {OTHERS} » additionne {fr.nombre(rest)} autres {PLURALS.get(key, key)}. "
            if others
            else ""
        )
        return Panel(
            panel_id,
            title,
            table,
            caption,
            figure=charts.by_programme(agg, title),
            chart=_levels_chart(wide),
            formats=dict.fromkeys(table.columns[1:], EUROS),
            note=beyond + (FUNDING_NOTE if perimetre == fin.TERRITOIRE else NATIONAL_NOTE),
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


YEARS_NOTE = (
    "Un montant annuel compte dans chaque année de sa période, un montant ponctuel dans son année ; "
    "une enveloppe contenue dans une autre n'est pas comptée deux fois."
)


def by_year(view: Bundle, filters: Filters, perimetre: str = fin.TERRITOIRE) -> Panel:
    """Amounts year by year, per status: only what the data places on a year
    (icc.prepared.aggregations.financements_annees)."""
    definition = BY_ID["financements-annees"]
    rows = fin.scope(view["financements"], perimetre)
    title = _title("par année", perimetre, "cumule")
    caption = provenance.caption(view, rows, "financements")
    read = per_year.reading(rows)
    apart = int((read["place"] == per_year.APART).sum())
    long = per_year.by_year(read)
    if long.empty:
        return replace(
            empty_panel(definition, caption, title),
            empty_message="Aucun financement retenu n'a d'année renseignée : aucun montant ne peut être placé sur une "
            "année. Ils sont listés dans le tableau des financements hors calendrier annuel.",
        )
    wide = long.pivot_table(index="annee", columns="statut", values="montant", aggfunc="sum")
    wide = wide.reindex(columns=[s for s in STATUTS_FINANCEMENT if s in wide.columns]).astype(float)
    wide.columns.name = None
    wide["Total"] = wide.sum(axis=1)
    table = wide.rename_axis("Année").reset_index()
    table["Année"] = table["Année"].astype("int64")
    statuses = [c for c in wide.columns if c != "Total"]
    missing = (
        f" {fr.nombre(apart)} enveloppe{'s' if apart > 1 else ''} sans année ou sans répartition par année connue "
        f"n'y figure{'nt' if apart > 1 else ''} pas : voir le tableau des financements hors calendrier annuel."
        if apart
        else ""
    )
    return Panel(
        definition.id,
        title,
        table,
        caption,
        figure=charts.by_year(wide, title),
        chart=ChartSpec(
            STACKED_BAR,
            [str(y) for y in wide.index],
            {s: none_if_missing(wide[s]) for s in statuses},
            EUROS,
            series_colors={s: STATUS_COLORS.get(s, "#7F7F7F") for s in statuses},
        ),
        formats=dict.fromkeys(table.columns[1:], EUROS),
        note=YEARS_NOTE + missing,
    )


def off_calendar(view: Bundle, filters: Filters, perimetre: str = fin.TERRITOIRE) -> Panel:
    """The envelopes the per-year chart leaves out, or counts in one year only, and why."""
    definition = BY_ID["financements-hors-annees"]
    rows = fin.scope(view["financements"], perimetre)
    read = per_year.reading(rows)
    shown = read[(read["place"] == per_year.APART) | read["lecture"].str.contains("seul", regex=False)]
    caption = provenance.caption(view, rows, "financements")
    title = _title("hors calendrier annuel", perimetre, "cumule")
    if shown.empty:
        return replace(
            empty_panel(definition, caption, title),
            empty_message="Chaque financement retenu est placé en entier sur ses années.",
        )
    table = pd.DataFrame(
        {
            "Bénéficiaire ou projet": shown["beneficiaire"].to_numpy(),
            "Programme": shown["programme"].to_numpy(),
            "Montant": shown["montant_eur"].astype(float).to_numpy(),
            "Récurrence": shown["recurrence"].map({"annuel": "par an", "ponctuel": "au total"}).to_numpy(),
            "Statut": shown["statut"].to_numpy(),
            "Sur le calendrier par année": shown["lecture"].to_numpy(),
            "Approximatif": yes_no(shown["approximatif"]),
        }
    )
    return Panel(
        definition.id,
        title,
        table,
        caption,
        formats={"Montant": EUROS},
        approx={"Montant": "Approximatif"},
        note="Ces montants ne sont ni répartis ni estimés par année : la donnée ne le permet pas. " + APPROX_NOTE,
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
    Definition("financements-annees", "Financements sur le territoire, par année", "Financements par année", by_year),
    Definition(
        "financements-hors-annees",
        "Financements sur le territoire, hors calendrier annuel",
        "Financements hors calendrier",
        off_calendar,
    ),
]
BY_ID = {d.id: d for d in DEFINITIONS}
