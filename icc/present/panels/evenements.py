"""Festival panels: attendance ranked per event, per family, per commune."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from icc import formatting as fr
from icc.colors import family_color
from icc.prepared import provenance
from icc.prepared.aggregations import evenements as ev
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import evenements as charts
from icc.present.panels.base import (
    APPROX_NOTE,
    BAR,
    NOMBRE,
    ChartSpec,
    Definition,
    Panel,
    approx_labels,
    empty_panel,
    none_if_missing,
    yes_no,
)

MIXED_NOTE = "Totaux mêlant visiteurs, spectateurs, participants et publics attendus."
TOP = 30  # bars in a ranking; the rest is one « Autres » bar (exact sum), so the browser gets a summary
OTHERS = "Autres"
NO_ATTENDANCE = "Aucun des événements retenus n'a de fréquentation chiffrée."


def top_and_others(rows: pd.DataFrame, label: str, n: int = TOP) -> tuple[pd.DataFrame, int]:
    """The first ``n`` rows of a ranking and one « Autres (k) » row adding up the rest exactly."""
    if len(rows) <= n:
        return rows, 0
    head, rest = rows.iloc[:n], rows.iloc[n:]
    other = {c: None for c in rows.columns}
    other.update(
        {
            label: f"{OTHERS} ({fr.nombre(len(rest))})",
            "frequentation": int(rest["frequentation"].sum()),
            "approximatif": bool(rest["approximatif"].any()),
        }
    )
    for kind in ev.KINDS:
        if kind in rows.columns:
            other[kind] = int(rest[kind].sum())
    if "evenements" in rows.columns:
        other["evenements"] = int(rest["evenements"].sum())
    if "type_frequentation" in rows.columns:
        other["type_frequentation"] = "mesures mêlées"
    if "famille" in rows.columns:  # a family of its own, drawn in the neutral colour
        other.update(famille="", famille_nom=OTHERS)
    return pd.concat([head, pd.DataFrame([other])], ignore_index=True), len(rest)


def _families(rows: pd.DataFrame) -> dict[str, str]:
    """Family name -> its colour, in order of appearance."""
    pairs = rows[["famille", "famille_nom"]].drop_duplicates("famille")
    return {
        ("Autre" if pd.isna(n) else n): family_color(f)
        for f, n in zip(pairs["famille"], pairs["famille_nom"], strict=True)
    }


def _others_note(k: int, what: str) -> str:
    return f"Au-delà des {TOP} premiers, « {OTHERS} » additionne {fr.nombre(k)} {what}. " if k else ""


def ranked(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["festivals"]
    caption = provenance.caption(view, events, "evenements", "filieres", "communes")
    rows = ev.ranked(events)
    if rows.empty:
        panel = empty_panel(definition, caption)
        return panel if events.empty else _with_message(panel, NO_ATTENDANCE)
    rows, rest = top_and_others(rows, "libelle")
    table = pd.DataFrame(
        {
            "Événement": rows["libelle"],
            "Famille": rows["famille_nom"].fillna(""),
            "Fréquentation": rows["frequentation"].astype("int64"),
            "Type de fréquentation": rows["type_frequentation"],
            "Approximatif": yes_no(rows["approximatif"]),
        }
    )
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.ranked(rows, definition.title),
        chart=ChartSpec(
            BAR,
            list(rows["libelle"]),
            {"Fréquentation": none_if_missing(rows["frequentation"])},
            point_colors=[family_color(f) for f in rows["famille"]],
            labels=approx_labels(rows["frequentation"], rows["approximatif"]),
            point_legend=_families(rows),
        ),
        formats={"Fréquentation": NOMBRE},
        approx={"Fréquentation": "Approximatif"},
        note=f"Dernière édition citée ; chaque chiffre est suivi de ce qu'il mesure. "
        f"{_others_note(rest, 'autres événements chiffrés')}{APPROX_NOTE}",
    )


def _with_message(panel: Panel, message: str) -> Panel:
    return replace(panel, empty_message=message)


def _sums_table(agg: pd.DataFrame, label: str, names: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            label: names,
            "Fréquentation": agg["frequentation"].astype("int64"),
            "Événements chiffrés": agg["evenements"].astype("int64"),
            **{kind.capitalize(): agg[kind].astype("int64") for kind in ev.KINDS},
            "Approximatif": yes_no(agg["approximatif"]),
        }
    )


def by_family(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["frequentation-filiere"]
    caption = provenance.caption(view, events, "evenements", "filieres")
    agg = ev.by_family(events)
    if agg.empty:
        return empty_panel(definition, caption)
    table = _sums_table(agg, "Famille", agg["famille_nom"].fillna("Autre"))
    numeric = [c for c in table.columns if c not in ("Famille", "Approximatif")]
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.by_family(agg, definition.title),
        chart=ChartSpec(
            BAR,
            list(table["Famille"]),
            {"Fréquentation": none_if_missing(agg["frequentation"])},
            point_colors=[family_color(f) for f in agg["famille"]],
            labels=approx_labels(agg["frequentation"], agg["approximatif"]),
        ),
        formats=dict.fromkeys(numeric, NOMBRE),
        approx={"Fréquentation": "Approximatif"},
        note=f"{MIXED_NOTE} {APPROX_NOTE}",
    )


def by_commune(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["frequentation-commune"]
    caption = provenance.caption(view, events, "evenements", "communes")
    long = ev.by_commune(events)
    if long.empty:
        return empty_panel(definition, caption)
    sums = ["frequentation", "evenements", *ev.KINDS]
    totals = long.groupby("commune", sort=False).agg(
        **{c: (c, "sum") for c in sums}, approximatif=("approximatif", "any")
    )
    totals = totals.reset_index()
    shown, rest = top_and_others(totals, "commune")
    table = _sums_table(shown, "Commune", shown["commune"])
    numeric = [c for c in table.columns if c not in ("Commune", "Approximatif")]
    # The chart stacks families per commune; beyond the top communes, the rest is one bar.
    chart_rows = long[long["commune"].isin(shown["commune"].iloc[:TOP])]
    if rest:
        other = shown.iloc[[-1]].assign(famille="", famille_nom=OTHERS)
        chart_rows = pd.concat([chart_rows, other[chart_rows.columns]], ignore_index=True)
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.by_commune(chart_rows, definition.title),
        chart=ChartSpec(
            BAR,
            list(table["Commune"]),
            {"Fréquentation": none_if_missing(shown["frequentation"])},
            labels=approx_labels(shown["frequentation"], shown["approximatif"]),
        ),
        formats=dict.fromkeys(numeric, NOMBRE),
        approx={"Fréquentation": "Approximatif"},
        note=f"Sans commune connue : « {ev.NO_COMMUNE} ». {_others_note(rest, 'autres communes')}{MIXED_NOTE} "
        f"{APPROX_NOTE}",
    )


DEFINITIONS = [
    Definition("festivals", "Fréquentation des festivals et événements", "Festivals", ranked),
    Definition(
        "frequentation-filiere", "Fréquentation par famille de filières", "Fréquentation par filière", by_family
    ),
    Definition("frequentation-commune", "Fréquentation par commune", "Fréquentation par commune", by_commune),
]
BY_ID = {d.id: d for d in DEFINITIONS}
