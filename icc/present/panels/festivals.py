"""How many festivals, and where: counts per commune, family and decade of creation.

Every festival counts here, with or without a known attendance (the attendance panels add up
only those that have one); the Ministry's list and the roadmap are both sources.
"""

from __future__ import annotations

import pandas as pd

from icc import formatting as fr
from icc.colors import family_color
from icc.prepared import provenance
from icc.prepared.aggregations import evenements as ev
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.charts import evenements as charts
from icc.present.panels.base import BAR, NOMBRE, ChartSpec, Definition, Panel, empty_panel

TOP = 30
COUNT = "Festivals et événements"
WHAT = (
    "Chaque festival compte une fois, qu'il vienne de la « Liste des festivals en France » du ministère de la "
    "Culture, de la feuille de route, ou des deux ; sa fréquentation, connue ou non, n'y change rien. La liste du "
    "ministère recense les festivals qui lui ont répondu : elle n'est pas exhaustive."
)


def origin_sentence(events: pd.DataFrame) -> str:
    """« 276 festivals et événements : 261 de la liste du ministère, 35 cités par la feuille de route… »."""
    found = ev.origins(events)
    text = (
        f"{fr.nombre(len(events))} festivals et événements : {fr.nombre(found['liste'])} de la « Liste des festivals "
        f"en France » du ministère de la Culture, {fr.nombre(found['feuille_de_route'])} cités par la feuille de route"
        f" (dont {fr.nombre(found['les_deux'])} aussi dans la liste)"
    )
    if found["autres"]:
        text += f", {fr.nombre(found['autres'])} d'autres sources"
    return text + "."


def _panel(
    definition: Definition, caption: str, label: str, labels: list[str], values: list[int], colors=None, note=""
) -> Panel:
    table = pd.DataFrame({label: labels, COUNT: values})
    return Panel(
        definition.id,
        definition.title,
        table,
        caption,
        figure=charts.counts(labels, values, definition.title, colors),
        chart=ChartSpec(BAR, labels, {COUNT: [float(v) for v in values]}, point_colors=colors),
        formats={COUNT: NOMBRE},
        note=f"{note}{WHAT}",
    )


def by_commune(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["festivals-communes"]
    caption = provenance.caption(view, events, "evenements", "communes")
    counted = ev.count_by_commune(events)
    if counted.empty:
        return empty_panel(definition, caption)
    shown, rest = counted.iloc[:TOP], counted.iloc[TOP:]
    labels, values = list(shown["commune"]), [int(v) for v in shown["nombre"]]
    note = ""
    if len(rest):
        labels.append(f"Autres ({fr.nombre(len(rest))} communes)")
        values.append(int(rest["nombre"].sum()))
        note = f"Au-delà des {TOP} premières, les autres communes sont additionnées. "
    return _panel(definition, caption, "Commune", labels, values, note=note)


def by_family(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["festivals-familles"]
    caption = provenance.caption(view, events, "evenements", "filieres")
    counted = ev.count_by_family(events)
    if counted.empty:
        return empty_panel(definition, caption)
    labels = [str(n) if pd.notna(n) else "Famille non précisée" for n in counted["famille_nom"]]
    colors = [family_color(f if pd.notna(f) else None) for f in counted["famille"]]
    return _panel(definition, caption, "Famille", labels, [int(v) for v in counted["nombre"]], colors)


def by_decade(view: Bundle, filters: Filters) -> Panel:
    events = view["evenements"]
    definition = BY_ID["festivals-decennies"]
    caption = provenance.caption(view, events, "evenements")
    counted = ev.count_by_decade(events)
    if counted.empty:
        return empty_panel(definition, caption)
    return _panel(
        definition, caption, "Décennie de création", list(counted["decennie"]), [int(v) for v in counted["nombre"]]
    )


DEFINITIONS = [
    Definition("festivals-communes", "Nombre de festivals par commune", "Festivals par commune", by_commune),
    Definition("festivals-familles", "Nombre de festivals par famille", "Festivals par famille", by_family),
    Definition(
        "festivals-decennies", "Nombre de festivals par décennie de création", "Festivals par décennie", by_decade
    ),
]
BY_ID = {d.id: d for d in DEFINITIONS}
