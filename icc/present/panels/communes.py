"""The communes side by side, and how one compares: the 92 communes, the six conseils de territoire,
a commune against the metropole and the communes of its size, and a place's events as a list.

Every count is icc.prepared.aggregations.communes.table: the table of the communes and each
portrait read the same numbers (one computation).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.aggregations import communes as com
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present.panels.base import APPROX_NOTE, DECIMAL, EUROS, NOMBRE, Definition, Panel, empty_panel, yes_no
from icc.present.panels.portrait import chosen_communes, place_name

COMMUNES, TERRITOIRES = "communes", "territoires"
COMPARAISON, EVENEMENTS = "portrait-comparaison", "portrait-evenements"
PER_LABEL = "pour 10 000 habitants"
POPULATION = "Population"
CODE = "Code INSEE"
# Counts compared per inhabitant on a portrait (funding is stated in a sentence: euros are not counts).
COMPARED = ("lieux", "evenements", "chiffres", "projets")
# How a rank reads: « 3e des 92 communes pour les festivals et événements par habitant ».
RANKED = {
    "lieux": "les lieux",
    "evenements": "les festivals et événements",
    "chiffres": "les événements à fréquentation chiffrée",
    "projets": "les grands projets",
    "financements": "les financements publics mobilisés",
}


def per_label(column: str) -> str:
    """« Lieux pour 10 000 habitants »."""
    return f"{com.COUNTS[column]} {PER_LABEL}"


def ordinal(n: int) -> str:
    """« 1re », « 2e », « 92e »."""
    return f"{n}re" if n == 1 else f"{n}e"


def _sources(view: Bundle) -> str:
    frame = pd.concat([view[d][["source"]] for d in ("lieux", "evenements", "projets", "financements")])
    return provenance.caption(view, frame, "communes", "lieux", "evenements", "projets", "financements")


def _counts(rows: pd.DataFrame) -> tuple[dict[str, list], dict[str, str]]:
    """The count columns and their per-10 000 columns, with their formats."""
    columns, formats = {}, {}
    for column, label in com.COUNTS.items():
        columns[label] = rows[column].to_list()
        formats[label] = EUROS if column == "financements" else NOMBRE
    for column in com.COUNTS:
        columns[per_label(column)] = rows[f"{column}_par_hab"].to_list()
        formats[per_label(column)] = EUROS if column == "financements" else DECIMAL
    return columns, formats


FUNDING_NOTE = (
    "Financements : montants acquis, lauréats ou en nature des financeurs publics, rattachés à la commune du "
    "grand projet financé, sans double compte ; case vide : aucun montant chiffré."
)


def _museums_note(view: Bundle) -> str:
    year = com.museum_year(view)
    when = f"en {year}" if year else "la dernière année chiffrée"
    return (
        f"Musées : lieux dont le ministère de la Culture compte les entrées, et Musées de France. Entrées {when}, "
        "chaque entrée une fois (un musée compté avec un autre n'ajoute rien) ; case vide : aucun chiffre connu."
    )


def communes_table(view: Bundle, filters: Filters) -> Panel:
    """The communes of the metropole with what the data counts in each, and per 10 000 inhabitants."""
    definition = BY_ID[COMMUNES]
    rows = com.table(view)
    caption = _sources(view)
    if rows.empty:
        return empty_panel(definition, caption)
    columns, formats = _counts(rows)
    table = pd.DataFrame(
        {
            "Commune": rows["nom"].to_list(),
            CODE: rows["code_insee"].to_list(),
            "Conseil de territoire": rows["conseil"].to_list(),
            POPULATION: rows["population"].to_list(),
            **columns,
        }
    )
    return Panel(
        COMMUNES,
        f"Les {fr.nombre(len(rows))} communes de la Métropole",
        table,
        caption,
        formats={POPULATION: NOMBRE, **formats},
        note=f"Population municipale (INSEE). {FUNDING_NOTE} {_museums_note(view)}",
    )


def territoires_table(view: Bundle, filters: Filters) -> Panel:
    """The conseils de territoire, summed from the table of the communes."""
    definition = BY_ID[TERRITOIRES]
    rows = com.territoires(com.table(view))
    caption = _sources(view)
    if rows.empty:
        return empty_panel(definition, caption)
    columns, formats = _counts(rows)
    table = pd.DataFrame(
        {
            "Conseil de territoire": rows["conseil"].to_list(),
            "Communes": rows["communes"].to_list(),
            POPULATION: rows["population"].to_list(),
            **columns,
        }
    )
    return Panel(
        TERRITOIRES,
        f"Les {fr.nombre(len(rows))} conseils de territoire",
        table,
        caption,
        formats={"Communes": NOMBRE, POPULATION: NOMBRE, **formats},
        note=f"Sommes des communes de chaque conseil de territoire. {FUNDING_NOTE} {_museums_note(view)}",
    )


def _ratio(rows: pd.DataFrame, column: str) -> float | None:
    population = rows.loc[rows[column].notna(), "population"].sum()
    return None if not population else float(rows[column].sum()) * com.PER / float(population)


def rank_sentence(whole: pd.DataFrame, code: str, column: str) -> str:
    """« 3e des 92 communes pour les festivals et événements par habitant », in words."""
    found = com.rank(whole, f"{column}_par_hab", code)
    what = RANKED[column]
    if found is None:
        return f"non chiffré ici : pas de classement pour {what}."
    position, tied, ranked = found
    mine = whole.set_index("code_insee").loc[code, column]
    if not mine:
        others = tied - 1
        if not others:
            return f"aucun pour {what}."
        plural = "s" if others > 1 else ""
        return f"aucun pour {what}, comme {fr.nombre(others)} autre{plural} commune{plural}."
    among = f"des {fr.nombre(ranked)} communes" + ("" if column != "financements" else " où ils sont chiffrés")
    tie = f" ex aequo avec {fr.nombre(tied - 1)} autre{'s' if tied > 2 else ''}" if tied > 1 else ""
    return f"{ordinal(position)}{tie} {among} pour {what} par habitant."


def comparison(view: Bundle, filters: Filters) -> Panel:
    """A commune against the metropole and the communes of its size, per 10 000 inhabitants."""
    definition = BY_ID[COMPARAISON]
    place = place_name(view, filters)
    whole = com.table(view.whole)
    caption = _sources(view)
    chosen = chosen_communes(view, filters)
    title = f"{place} comparée à la Métropole et aux communes de sa taille"
    if len(chosen) != 1:
        return replace(
            empty_panel(definition, caption, title),
            empty_message="La comparaison se fait pour une commune : choisissez-en une.",
        )
    code = str(chosen["code_insee"].iloc[0])
    row = whole.set_index("code_insee").loc[code]
    band = row["tranche"]
    same = whole[whole["tranche"] == band] if band else whole.iloc[0:0]
    table = pd.DataFrame(
        {
            "Mesure": [com.COUNTS[c] for c in COMPARED],
            place: [row[c] for c in COMPARED],
            f"{place}, {PER_LABEL}": [row[f"{c}_par_hab"] for c in COMPARED],
            f"Métropole, {PER_LABEL}": [_ratio(whole, c) for c in COMPARED],
            f"Communes de sa taille, {PER_LABEL}": [_ratio(same, c) if len(same) else None for c in COMPARED],
            "Rang": [rank_sentence(whole, code, c) for c in COMPARED],
        }
    )
    funding = rank_sentence(whole, code, "financements")
    return Panel(
        COMPARAISON,
        title,
        table,
        caption,
        formats={
            place: NOMBRE,
            f"{place}, {PER_LABEL}": DECIMAL,
            f"Métropole, {PER_LABEL}": DECIMAL,
            f"Communes de sa taille, {PER_LABEL}": DECIMAL,
        },
        note=(
            f"Communes de sa taille : les {fr.nombre(len(same))} communes de {band.removeprefix('de ')}"
            if band
            else "Population non connue : pas de comparaison par taille"
        )
        + f" (population municipale, INSEE). Financements : {funding}",
    )


def events(view: Bundle, filters: Filters) -> Panel:
    """The festivals and events of a place, listed by name (every name findable as text)."""
    definition = BY_ID[EVENEMENTS]
    place = place_name(view, filters)
    rows = view["evenements"]
    caption = provenance.caption(view, rows, "evenements")
    title = f"Festivals et événements : {place}"
    if rows.empty:
        return replace(empty_panel(definition, caption, title), empty_message=f"Aucun événement cité à {place}.")
    ordered = rows.sort_values("nom", key=lambda s: s.astype(str).str.lower())
    table = pd.DataFrame(
        {
            "Événement": ordered["nom"].to_numpy(),
            "Commune": ordered["commune"].to_numpy(),
            "Filière": ordered["filiere_nom"].to_numpy(),
            "Année": ordered["annee"].to_numpy(),
            "Fréquentation": ordered["frequentation"].to_numpy(),
            "Nature de la fréquentation": ordered["type_frequentation"].to_numpy(),
            "Approximatif": yes_no(ordered["approximatif"].fillna(False)),
        }
    )
    return Panel(
        EVENEMENTS,
        title,
        table,
        caption,
        formats={"Fréquentation": NOMBRE},
        approx={"Fréquentation": "Approximatif"},
        note=f"Case vide : fréquentation non chiffrée. {APPROX_NOTE}",
    )


DEFINITIONS = [
    Definition(COMMUNES, "Les communes de la Métropole", "Communes en chiffres", communes_table),
    Definition(TERRITOIRES, "Les conseils de territoire", "Conseils de territoire", territoires_table),
    Definition(COMPARAISON, "La commune comparée", "Comparaison", comparison),
    Definition(EVENEMENTS, "Festivals et événements de la commune", "Événements de la commune", events),
]
BY_ID = {d.id: d for d in DEFINITIONS}
