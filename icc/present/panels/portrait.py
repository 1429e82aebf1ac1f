"""Portrait panels: a commune or a conseil de territoire, « and in my commune? ».

A portrait is the usual panels read with the commune (or territoire) filter, plus these: its
headline figures compared with the whole metropole, its sites, and the roadmap actions that
name it. Figures are the overview's own (icc.prepared.aggregations.overview): one computation.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

import pandas as pd

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.aggregations import overview
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present import visites
from icc.present.panels import figures as headlines
from icc.present.panels.base import NOMBRE, Definition, Panel, empty_panel
from icc.present.panels.chiffres import figures_table

PORTRAIT, LIEUX, ACTIONS = "portrait", "portrait-lieux", "portrait-actions"
MUSEES = "portrait-musees"
PER = 10_000  # sites per 10 000 inhabitants


def place_name(view: Bundle, filters: Filters) -> str:
    """« Martigues », « Pays de Martigues », or « la Métropole » when nothing is chosen."""
    names = view["communes"].set_index("code_insee")["nom"]
    if filters.communes:
        return ", ".join(str(names.get(c, c)) for c in filters.communes)
    if filters.conseils:
        return ", ".join(filters.conseils)
    return "la Métropole"


def chosen_communes(view: Bundle, filters: Filters) -> pd.DataFrame:
    communes = view["communes"]
    if filters.communes:
        return communes[communes["code_insee"].isin(filters.communes)]
    if filters.conseils:
        return communes[communes["conseil_de_territoire"].isin(filters.conseils)]
    return communes


def _density(sites: int, population) -> float | None:
    return None if pd.isna(population) or not population else sites * PER / float(population)


def summary(view: Bundle, filters: Filters) -> Panel:
    whole = view.whole
    communes = chosen_communes(view, filters)
    population = int(communes["population"].sum()) if communes["population"].notna().any() else None
    metro_population = whole["communes"]["population"].sum()
    conseils = sorted(communes["conseil_de_territoire"].dropna().unique())
    identity = headlines.Figure(
        "Population",
        population,
        (f"conseil de territoire : {', '.join(conseils)}" if len(communes) == 1 else f"{len(communes)} communes")
        + " ; population municipale (INSEE)",
    )
    sites = headlines.sites_figure(view)
    here, metro = _density(len(view["lieux"]), population), _density(len(whole["lieux"]), metro_population)
    if here is not None and metro is not None:
        sites = replace(
            sites,
            note=f"{sites.note} ; {fr.nombre(here, 1)} pour 10 000 habitants (Métropole : {fr.nombre(metro, 1)})",
        )
    attendance = headlines.attendance_figure(view, label="Fréquentation des événements")
    metro_people, _, _ = overview.attendance(whole["evenements"])
    if attendance.known and metro_people:
        share = fr.pourcentage(attendance.number / metro_people)
        attendance = replace(
            attendance, note=f"{attendance.note} ; {share} de la fréquentation chiffrée de la Métropole"
        )
    projects = headlines.Figure(
        "Grands projets",
        len(view["projets"]),
        f"sur {fr.nombre(len(whole['projets']))} dans la Métropole",
    )
    figures = [identity, sites, attendance, projects, headlines.funding_figure(view)]
    frame = pd.concat([view[d][["source"]] for d in ("communes", "lieux", "evenements", "projets", "financements")])
    caption = provenance.caption(view, frame, "communes", "lieux", "evenements", "projets", "financements")
    return Panel(
        PORTRAIT,
        f"Portrait : {place_name(view, filters)}",
        figures_table(figures),
        caption,
        figures=figures,
    )


def sites(view: Bundle, filters: Filters) -> Panel:
    definition = BY_ID[LIEUX]
    lieux = view["lieux"]
    caption = provenance.caption(view, lieux, "lieux")
    title = f"Lieux : {place_name(view, filters)}"
    if lieux.empty:
        return replace(
            empty_panel(definition, caption, title),
            empty_message=f"Les données ne citent aucun lieu des ICC à {place_name(view, filters)}.",
        )
    ordered = lieux.sort_values(["commune", "nom"], key=lambda s: s.astype(str).str.lower())
    table = pd.DataFrame(
        {
            "Lieu": ordered["nom"].to_numpy(),
            "Commune": ordered["commune"].to_numpy(),
            "Type": ordered["type_equipement_ou_lieu"].to_numpy(),
            "Filière": ordered["filiere_nom"].to_numpy(),
            "Statut": ordered["statut"].to_numpy(),
        }
    )
    return Panel(LIEUX, title, table, caption)


def museums(view: Bundle, filters: Filters) -> Panel:
    """The museums of a place: each one's latest figure (its year said) and its trend since its first
    year with a figure, in words; a museum without a figure in the latest year says why."""
    definition = BY_ID[MUSEES]
    place = place_name(view, filters)
    rows = view["frequentation_lieux"] if "frequentation_lieux" in view.frames else pd.DataFrame()
    lieux = view["lieux"]
    caption = provenance.caption(view, rows, "frequentation_lieux", "lieux")
    title = f"Musées : {place}"
    year = (
        visites.reference_year(view.whole["frequentation_lieux"], filters.annee_min, filters.annee_max)
        if len(rows)
        else None
    )
    names = view.whole["lieux"].set_index("id")["nom"]
    status = visites.status(rows, names, year) if len(rows) else None
    # A Musée de France the attendance file does not count is listed too, without a figure.
    listed = set(status["lieu"]) if status is not None else set()
    museofile = lieux["identifiant_museofile"] if "identifiant_museofile" in lieux.columns else pd.Series(dtype=str)
    uncounted = lieux[museofile.notna() & (museofile.astype(str).str.strip() != "") & ~lieux["id"].isin(listed)]
    if status is None and uncounted.empty:
        return replace(empty_panel(definition, caption, title), empty_message=f"Aucun musée de France à {place}.")
    shown = pd.concat(
        [
            status if status is not None else pd.DataFrame(columns=visites.COLUMNS),
            pd.DataFrame({"lieu": uncounted["id"], "lieu_nom": uncounted["nom"], "commune": uncounted["commune"]}),
        ],
        ignore_index=True,
    )
    shown = shown.sort_values(
        ["dernier_total", "lieu_nom"], ascending=[False, True], na_position="last", kind="stable", ignore_index=True
    )
    latest = pd.to_numeric(shown["derniere_annee"], errors="coerce")
    table = pd.DataFrame(
        {
            "Musée": shown["lieu_nom"].fillna("").to_numpy(),
            "Entrées": pd.to_numeric(shown["dernier_total"], errors="coerce").to_numpy(),
            "Année": latest.astype("Int64").to_numpy(),
            "Évolution": [visites.trend(r) for _, r in shown.iterrows()],
            "Commune": shown["commune"].fillna("").to_numpy(),
            f"En {year}" if year else "Situation": [
                "" if pd.isna(r["etat"]) or not pd.isna(r["total"]) else str(r["etat"]).removesuffix(f" en {year}")
                for _, r in shown.iterrows()
            ],
            "Première année chiffrée": pd.to_numeric(shown["premiere_annee"], errors="coerce")
            .astype("Int64")
            .to_numpy(),
            "Entrées la première année": pd.to_numeric(shown["premier_total"], errors="coerce").to_numpy(),
        }
    )
    counted = int(pd.to_numeric(shown["total"], errors="coerce").notna().sum())
    note = (
        "Entrées : total des entrées payantes et gratuites de la dernière année chiffrée de chaque musée, que le "
        "ministère de la Culture donne (colonne « Année ») ; évolution : ce chiffre comparé à celui de la première "
        "année chiffrée. "
        + (
            f"{fr.nombre(counted)} musée{'s' if counted > 1 else ''} sur {fr.nombre(len(shown))} chiffré"
            f"{'s' if counted > 1 else ''} en {year} ; "
            f"la colonne « En {year} » dit pourquoi un musée n'a pas de chiffre cette année-là "
            "(fermé, non communiqué, compté avec un autre musée). "
            if year
            else ""
        )
        + "Une case vide n'est jamais zéro : aucun chiffre n'est connu."
    )
    formats = {"Entrées": NOMBRE, "Entrées la première année": NOMBRE}
    return Panel(MUSEES, title, table, caption, formats=formats, note=note)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def naming(actions: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Actions whose wording or partners name one of ``names`` (whole words, accents and case ignored)."""
    if not names:
        return actions.iloc[0:0]
    pattern = re.compile(r"\b(" + "|".join(re.escape(_fold(n)) for n in names) + r")\b")
    text = (actions["intitule"].fillna("") + " " + actions["partenaires"].fillna("")).map(_fold)
    return actions[text.map(lambda t: bool(pattern.search(t)))]


def actions(view: Bundle, filters: Filters) -> Panel:
    definition = BY_ID[ACTIONS]
    place = place_name(view, filters)
    names = list(chosen_communes(view, filters)["nom"]) if (filters.communes or filters.conseils) else []
    names += list(filters.conseils)
    found = naming(view["actions"], names)
    caption = provenance.caption(view, found if len(found) else view["actions"], "actions")
    title = f"Actions de la feuille de route qui nomment {place}"
    if found.empty:
        return replace(
            empty_panel(definition, caption, title),
            empty_message=f"Aucune action de la feuille de route ne nomme {place}.",
        )
    table = pd.DataFrame(
        {
            "Code": found["code"].to_numpy(),
            "Action": found["intitule"].to_numpy(),
            "Partenaires": found["partenaires"].to_numpy(),
            "Statut": found["statut"].to_numpy(),
        }
    )
    return Panel(ACTIONS, title, table, caption, note="Actions dont l'intitulé ou les partenaires citent ce nom.")


DEFINITIONS = [
    Definition(PORTRAIT, "Portrait d'une commune", "Portrait", summary),
    Definition(LIEUX, "Lieux de la commune", "Lieux de la commune", sites),
    Definition(MUSEES, "Musées de la commune", "Musées de la commune", museums),
    Definition(ACTIONS, "Actions qui nomment la commune", "Actions de la commune", actions),
]
BY_ID = {d.id: d for d in DEFINITIONS}
