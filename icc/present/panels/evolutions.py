"""« Évolutions » since a steering committee or a date, as panels: the headline figures then and
now with their difference, and the rows added, removed and changed per dataset.

A panel never reads the store: the data in force on the day compared with (``then``, an
icc.prepared.model.Bundle of icc.ui.data.in_force) and that day (``depuis``, AAAA-MM-JJ) are given to
its builder by the page, the presentation or the exports.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import plotly.graph_objects as go

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.filters import Filters
from icc.prepared.filters import apply as apply_filters
from icc.prepared.model import Bundle
from icc.present import evolutions
from icc.present.charts.style import PATTERNS, styled, text
from icc.present.panels import chiffres
from icc.present.panels.base import NOMBRE, STACKED_BAR, ChartSpec, Definition, Panel, empty_panel
from icc.storage import asof

CHIFFRES, JEUX = "evolutions", "evolutions-jeux"
IDS = [CHIFFRES, JEUX]
HEADLINE = chiffres.DATASETS  # the datasets of the headline figures
KINDS = {"Ajouts": "#009E73", "Retraits": "#D55E00", "Modifications": "#0072B2"}  # Okabe–Ito
NO_DAY = (
    "Aucune date de comparaison : enregistrez un comité de pilotage (jeu « Comités de pilotage ») "
    "ou choisissez une date."
)


def _day(then: Bundle | None, depuis: str | None):
    day = asof.parse(depuis)
    return day if then is not None and day is not None else None


def _nothing_then(then: Bundle, day) -> bool:
    return not any(evolutions.published_by(v, day) for v in then.versions.values())


def _caption(then: Bundle, now: Bundle, day, datasets) -> str:
    before = provenance.version_note(then, *datasets).removeprefix("Données : ")
    after = provenance.version_note(now, *datasets).removeprefix("Données : ")
    return f"Données en vigueur le {asof.long_date(day)} : {before} · comparées à : {after}"


def _now_label(au: str | None) -> str:
    day = asof.parse(au)
    return f"Au {asof.long_date(day)}" if day else "Aujourd'hui"


def headline(
    view: Bundle, filters: Filters, then: Bundle | None = None, depuis: str | None = None, au: str | None = None
) -> Panel:
    """The overview's figures on ``depuis`` and now (``au`` when the dashboard shows a past day), same filters."""
    definition = BY_ID[CHIFFRES]
    day = _day(then, depuis)
    if day is None:
        return replace(empty_panel(definition, ""), empty_message=NO_DAY)
    title = f"Les chiffres clés depuis le {asof.long_date(day)}"
    caption = _caption(then, view, day, HEADLINE)
    if _nothing_then(then, day):
        return replace(
            empty_panel(definition, caption, title),
            empty_message=f"Aucune donnée n'était publiée le {asof.long_date(day)} : rien à comparer.",
        )
    figures = evolutions.headline_changes(apply_filters(then, filters), view)
    table = figures.drop(columns="Écart (nombre)").rename(
        columns={"Alors": f"Le {asof.long_date(day)}", "Aujourd'hui": _now_label(au)}
    )
    return Panel(
        CHIFFRES,
        title,
        table,
        caption,
        note="Écart : du chiffre de la date choisie à celui d'aujourd'hui, avec les mêmes filtres ; "
        "« non chiffré » quand l'un des deux n'est pas connu.",
    )


def _figure(table: pd.DataFrame, title: str) -> go.Figure:
    fig = go.Figure()
    for k, (kind, color) in enumerate(KINDS.items()):
        fig.add_bar(
            name=kind,
            y=[text(n) for n in table["Jeu de données"]],
            x=table[kind].astype(float),
            orientation="h",
            marker={"color": color, "pattern": {"shape": PATTERNS[k % len(PATTERNS)]}},
            text=[fr.nombre(v) if v else "" for v in table[kind]],
            textposition="inside",
            hovertemplate="%{y} : %{x} " + kind.lower() + "<extra></extra>",
        )
    fig.update_layout(barmode="stack", yaxis={"autorange": "reversed"}, legend={"orientation": "h", "y": -0.15})
    fig.update_xaxes(tickformat="d")
    return styled(fig, title, height=max(300, 140 + 50 * len(table)))


def by_dataset(
    view: Bundle, filters: Filters, then: Bundle | None = None, depuis: str | None = None, au: str | None = None
) -> Panel:
    """How many rows were added, removed and changed in each dataset since ``depuis``."""
    definition = BY_ID[JEUX]
    day = _day(then, depuis)
    if day is None:
        return replace(empty_panel(definition, ""), empty_message=NO_DAY)
    title = f"Ce qui a changé depuis le {asof.long_date(day)}, jeu par jeu"
    datasets = [name for name in view.versions if name in then.versions]
    caption = _caption(then, view, day, datasets)
    found = evolutions.since(apply_filters(then, filters), view, day)
    if not found:
        return replace(
            empty_panel(definition, caption, title),
            empty_message=f"Aucune donnée n'a changé depuis le {asof.long_date(day)}.",
        )
    table = evolutions.counts(found)
    return Panel(
        JEUX,
        title,
        table,
        caption,
        figure=_figure(table, title),
        chart=ChartSpec(
            STACKED_BAR,
            list(table["Jeu de données"]),
            {kind: [float(v) for v in table[kind]] for kind in KINDS},
            series_colors=dict(KINDS),
        ),
        formats=dict.fromkeys(KINDS, NOMBRE),
        note="Lignes ajoutées, retirées ou modifiées dans chaque jeu de données ; le détail, ligne par ligne, "
        "est dans la page Évolutions. Un jeu créé après cette date compte toutes ses lignes comme des ajouts.",
    )


DEFINITIONS = [
    Definition(CHIFFRES, "Évolutions : les chiffres clés, alors et aujourd'hui", "Évolutions chiffres clés", headline),
    Definition(JEUX, "Évolutions : ce qui a changé, jeu par jeu", "Évolutions par jeu", by_dataset),
]
BY_ID = {d.id: d for d in DEFINITIONS}
