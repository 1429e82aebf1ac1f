"""What each dashboard page computes for one filter set, apart from its panels.

A page reads these through ``icc.ui.data.derived`` (cached by data version, filter set and
arguments); ``defaults`` lists the same calls, with the arguments a page opened without any
choice passes, so that ``icc.ui.data.prepare`` computes them before the first visitor comes.
Nothing here is formatted for a page that does not show it; tables keep the French headers of
``icc.present.tables``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.aggregations import communes as per_commune
from icc.prepared.aggregations import evenements as ev
from icc.prepared.aggregations import filieres as fil
from icc.prepared.aggregations import financements as fin
from icc.prepared.aggregations import frequentation as fq
from icc.prepared.aggregations import projets as proj
from icc.prepared.filters import Filters
from icc.prepared.model import Bundle
from icc.present import maps, tables, visites
from icc.present.panels import festivals as festival_counts
from icc.present.panels import figures as headlines
from icc.present.panels import musees as museum_panels

CALENDAR_ROWS = 60  # festival bars sent to the browser; the table lists every event
TREEMAP_NODES = 60  # envelopes drawn; the browser gets a summary, the totals stay whole
TREEMAP_PROGRAMMES = 30  # programmes drawn; the others are one « Autres » node, their exact sum
TIMELINE_ROWS = 30
LIEU_NOUN, EVENT_NOUN = ("lieu", "lieux"), ("événement", "événements")


# --- Festivals et événements ------------------------------------------------------------


def festivals(view: Bundle) -> dict:
    events = view["evenements"]
    missing = ev.without_attendance(events)
    dated = ev.calendar(events)
    ranked = tables.by_attendance(events)
    return {
        "events": len(events),
        "origins": festival_counts.origin_sentence(events),
        "caption": provenance.caption(view, events, "evenements", "filieres", "communes"),
        "head": ev.headline(events),
        "attendance": headlines.attendance_figure(view),
        "missing": len(missing),
        "missing_table": tables.Written(
            missing.assign(commune=ev.with_commune(missing)),
            partial(
                tables.display,
                "evenements",
                columns=["nom", "famille_nom", "discipline_dominante", "commune", "annee", "source"],
            ),
        ),
        "missing_codes": missing["code_insee_commune"].tolist(),  # row by row: the table keeps the order
        "dated": len(dated),
        "calendar": dated.head(CALENDAR_ROWS),
        "table": tables.Written(ranked, tables.events_text),
        "table_codes": ranked["code_insee_commune"].tolist(),
    }


# --- Financements -----------------------------------------------------------------------

DEFAULT_PERIMETRE, DEFAULT_MODE = fin.TERRITOIRE, next(iter(fin.MODES))


def financements(view: Bundle, perimetre: str, mode: str) -> dict:
    rows = fin.scope(view["financements"], perimetre)
    if rows.empty:
        return {"rows": 0}
    nodes, hidden, grouped = fin.largest_nodes(fin.hierarchy(rows, mode), TREEMAP_NODES, TREEMAP_PROGRAMMES)
    if grouped:
        nodes = nodes.assign(
            label=nodes["label"].where(nodes["node"] != fin.OTHERS_NODE, f"Autres ({fr.nombre(grouped)} programmes)")
        )
    periods = fin.timeline(rows)
    return {
        "rows": len(rows),
        "caption": provenance.caption(view, rows, "financements"),
        "roots": len(fin.roots(rows)),
        "total": fin.total(rows, mode),
        "mobilised": fin.total(rows[rows["statut"].isin(fin.MOBILISES)], mode),
        "nodes": nodes,
        "hidden": hidden,
        "drawn": int((nodes["tree_parent"] != "").sum()),
        "grouped": grouped,
        "periods": len(periods),
        "shown_periods": periods.nlargest(TIMELINE_ROWS, "montant_eur").sort_values(["debut", "fin"]),
        "table": tables.Written(rows, tables.financements_table),
    }


# --- Carte ------------------------------------------------------------------------------

DEFAULT_MEASURE = next(iter(per_commune.MEASURES))


def grouped(view: Bundle) -> dict[str, bool]:
    """Beyond a few thousand points the browser gets one symbol per commune, with its count."""
    return {
        maps.LIEUX: len(view["lieux"]) > maps.MAX_POINTS,
        maps.EVENEMENTS: len(view["evenements"]) > maps.MAX_POINTS,
    }


def map_events(view: Bundle, grouped_events: bool):
    if grouped_events:
        frame = view["evenements"]
        points = maps.grouped_points(frame, view["communes"], "code_insee_commune", EVENT_NOUN)
        return points, int(frame["code_insee_commune"].isna().sum())
    return maps.evenements_points(view["evenements"], view["communes"])


def museum_year(view: Bundle, first: int | None = None, last: int | None = None) -> int | None:
    """The year the museums' attendance is read for (icc.present.visites.reference_year): the latest
    with a figure within the years chosen, whatever place or family is chosen."""
    if "frequentation_lieux" not in view.frames:
        return None
    return visites.reference_year(view.whole["frequentation_lieux"], first, last)


def _museums(view: Bundle, year: int | None):
    """The museums' attendance in ``year`` (icc.present.visites.status)."""
    if "frequentation_lieux" not in view.frames:
        return visites.status(pd.DataFrame(columns=["lieu", "annee"]))
    return visites.status(view["frequentation_lieux"], view.whole["lieux"].set_index("id")["nom"], year)


def map_lieux(view: Bundle, grouped_lieux: bool, year: int | None = None):
    """The lieux' points (one symbol per commune beyond the limit); a museum's disc sized by its
    attendance in ``year`` (``museum_year``)."""
    if grouped_lieux:
        return maps.grouped_points(view["lieux"], view["communes"], "code_insee", LIEU_NOUN)
    return maps.lieux_points(view["lieux"], musees=_museums(view, year))


def map_museums(view: Bundle, year: int | None = None) -> dict:
    """The museums on the map and their attendance in ``year``, as the table under it reads them:
    the largest first, those without a figure that year last, saying why."""
    status = _museums(view, year)
    shown = status[status["lieu"].isin(view["lieux"]["id"])]
    if shown.empty:
        return {"musees": 0}
    shown = shown.sort_values(["total", "lieu_nom"], ascending=[False, True], na_position="last", kind="stable")
    precision = shown["lieu"].map(view["lieux"].drop_duplicates("id").set_index("id")["precision_localisation"])
    table = pd.DataFrame(
        {
            "Musée": shown["lieu_nom"].fillna("").to_numpy(),
            "Commune": shown["commune"].fillna("").to_numpy(),
            "Fréquentation": shown["etat"].to_numpy(),
            "Dernier chiffre connu": [visites.last_known(r) for _, r in shown.iterrows()],
            "Position": precision.map(maps.PRECISIONS).fillna("").to_numpy(),
        }
    )
    return {
        "musees": len(shown),
        "chiffres": int(shown["total"].notna().sum()),
        "annee": int(shown["annee_reference"].iloc[0]),
        "table": table,
        "codes": shown["commune_code"].tolist(),
    }


def map_projects(view: Bundle):
    # The whole lieux table: a project shown by the filters keeps its place.
    return maps.projets_points(view["projets"], view.whole["lieux"])


def map_communes(view: Bundle, mesure: str, statuts: tuple):
    return maps.choropleth(per_commune.by_commune(view, mesure, statuts), mesure)


# --- Filières ---------------------------------------------------------------------------


def family(view: Bundle, code: str) -> dict:
    """What one family's tab shows."""
    # Each dataset's rows of the family taken once (the sites: only what their panel reads).
    chiffres = fil.of_family(view["chiffres_cles"], code)
    events = fil.of_family(view["evenements"], code)
    fest = fil.festival_rows(events)
    lieux = fil.of_family(view["lieux"], code, fil.SITE_COLUMNS)
    money_rows = fil.of_family(view["financements"], code)
    return {
        "summary": fil.festivals(events),
        "counts": fil.sites_by_type(lieux),
        "money": fil.funding(money_rows),
        "chiffres": len(chiffres),
        "chiffres_table": tables.key_figures(chiffres) if len(chiffres) else None,
        "chiffres_caption": provenance.caption(view, chiffres, "chiffres_cles"),
        "chiffres_approx": bool(chiffres["approximatif"].any()),
        "festivals": len(fest),
        "festivals_caption": provenance.caption(view, fest, "evenements"),
        "counted": fil.attendance(fest),
        "festivals_table": tables.Written(fest, tables.festivals) if len(fest) else None,
        "lieux_caption": provenance.caption(view, lieux, "lieux"),
        "funding": len(money_rows),
        "funding_table": tables.Written(money_rows, tables.family_funding) if len(money_rows) else None,
        "funding_caption": provenance.caption(view, money_rows, "financements"),
        "transversal": fil.transversal(view["financements"]),
    }


# --- Grands projets ---------------------------------------------------------------------


def project_map(view: Bundle) -> tuple:
    """Points of the projects at their lieu (the whole lieux table), and how many have none."""
    lieux = view.whole["lieux"]
    return proj.map_points(view["projets"], lieux), proj.unplaced(view["projets"], lieux)


def project_funding(view: Bundle) -> dict:
    """Each project's funding table and caption."""
    out = {}
    for projet_id in view["projets"]["id"]:
        rows = proj.funding_rows(view["financements"], projet_id)
        if len(rows):
            out[projet_id] = (
                tables.Written(rows, tables.project_funding),
                provenance.caption(view, rows, "financements"),
            )
    return out


# --- Musées et fréquentation -------------------------------------------------------------


def musees(view: Bundle) -> dict:
    """The Musées page's headline and its years: the overview's figure, the Musées de France among the
    places shown, the museums the attendance follows, the years with a row and the year shown first."""
    rows = view["frequentation_lieux"]
    lieux = view["lieux"]
    museofile = lieux[lieux["identifiant_museofile"].notna()]
    latest = fq.latest(rows)
    return {
        "figure": headlines.museums_figure(view),
        "musees_de_france": len(museofile),
        "communes": int(museofile["code_insee"].nunique()),
        "suivis": int(rows["lieu"].nunique()),
        "premiere_annee": latest["premiere_annee"] if latest else None,
        "years": museum_panels.years(rows),
        "year": museum_panels.chosen_year(rows, None),
        "caption": museum_panels.caption(view, rows),
    }


def defaults(whole: Bundle, view: Bundle) -> list[tuple[Callable, tuple]]:
    """The calls the pages make when opened without any choice (``view``: ``whole`` unfiltered)."""
    shown = grouped(view)
    year = museum_year(view)
    calls: list[tuple[Callable, tuple]] = [
        (festivals, ()),
        (financements, (DEFAULT_PERIMETRE, DEFAULT_MODE)),
        (map_events, (shown[maps.EVENEMENTS],)),
        (museum_year, (None, None)),
        (map_lieux, (shown[maps.LIEUX], year)),
        (map_museums, (year,)),
        (map_projects, ()),
        (map_communes, (DEFAULT_MEASURE, tuple(fin.MOBILISES))),
        (project_map, ()),
        (project_funding, ()),
        (musees, ()),
    ]
    calls += [(family, (code,)) for code in fil.families(whole["filieres"], Filters().familles)["code"]]
    return calls
