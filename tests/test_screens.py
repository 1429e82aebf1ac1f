"""Screens of the presentation mode and the exports: each shows the aggregations' own figures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from icc.colors import LEVEL_COLORS, family_color
from icc.datasets.schema import ORDER
from icc.prepared import model
from icc.prepared.aggregations import actions as act
from icc.prepared.aggregations import communes as com
from icc.prepared.aggregations import evenements as ev
from icc.prepared.aggregations import financements as fin
from icc.prepared.aggregations import projets as proj
from icc.prepared.filters import Filters
from icc.prepared.filters import apply as apply_filters
from icc.present import screens
from icc.present.charts.filieres import short
from icc.present.panels import base
from icc.present.panels import figures as headlines
from icc.storage import store

AT = dt.datetime(2024, 10, 25, 12, 0)


def plain(text: str) -> str:
    """Babel separates thousands with a narrow no-break space: compare with plain spaces."""
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def bundle_of(frames: dict[str, pd.DataFrame]) -> model.Bundle:
    versions = {
        name: store.Version(i + 1, name, 1, AT, "Données initiales", "", "x", len(frames[name]))
        for i, name in enumerate(ORDER)
    }
    return model.Bundle(model.enrich(frames), versions)


@pytest.fixture(scope="module")
def bundle(default_frames) -> model.Bundle:
    return bundle_of(default_frames)


def content(bundle, screen_id: str, filters: Filters | None = None) -> base.Panel:
    return screens.build(bundle, filters or Filters(), [screen_id])[0]


# --- the registry and the query string ------------------------------------------------


def test_registry_has_every_screen_once_with_french_titles_and_sheet_names():
    assert screens.IDS == [
        "chiffres",
        "financements-programme",
        "financements-statut",
        "festivals",
        "frequentation-filiere",
        "feuille-de-route",
        "grands-projets",
        "carte",
    ]
    assert all(i == i.lower() and " " not in i for i in screens.IDS)
    sheets = [s.sheet for s in screens.SCREENS]
    assert len(set(sheets)) == len(sheets) and all(len(s) <= 31 for s in sheets)
    assert screens.SCREENS_BY_ID["festivals"].title == "Fréquentation des festivals et événements"


def test_parse_keeps_the_order_and_drops_unknown_or_repeated_ids():
    assert screens.parse("festivals,inconnu,chiffres,festivals") == ["festivals", "chiffres"]
    assert screens.parse(["carte,chiffres"]) == ["carte", "chiffres"]
    assert screens.parse(None) == [] and screens.parse("") == []


def test_query_state_reopens_the_same_screens_and_filters(bundle):
    chosen = Filters(familles=("edition",), annee_min=2022)
    query = screens.query_state(["carte", "festivals"], 2, chosen)
    assert query["ecrans"] == "carte,festivals" and query["ecran"] == "2"
    assert screens.parse(query["ecrans"]) == ["carte", "festivals"]
    assert Filters.from_query(query, bundle) == chosen


def test_every_screen_builds_with_its_source_caption(bundle):
    built = screens.build(bundle, Filters())
    assert [c.id for c in built] == screens.IDS
    for c in built:
        assert not c.empty, c.id
        assert "Données : " in c.caption and "v1 du 25 oct. 2024" in c.caption
        assert "\\" not in c.sources  # plain text for the files
    charts = {c.id: c.chart.kind for c in built if c.chart}
    assert charts == {
        "financements-programme": base.STACKED_BAR,
        "financements-statut": base.STACKED_BAR,
        "festivals": base.BAR,
        "frequentation-filiere": base.BAR,
        "feuille-de-route": base.STACKED_BAR,
        "grands-projets": base.CLUSTERED_BAR,
    }
    assert {c.id for c in built if c.figure is None} == {"chiffres", "carte"}


# --- each screen's figures ------------------------------------------------------------


def test_chiffres_are_the_overview_headline(bundle):
    c = content(bundle, "chiffres")
    assert c.figures == headlines.headline(bundle)
    assert c.table["Indicateur"].tolist() == [f.label for f in c.figures]
    assert c.table["Valeur"].tolist() == [f.value for f in c.figures]


def test_funding_by_programme_counts_each_euro_once(bundle):
    rows = fin.scope(bundle["financements"], fin.TERRITOIRE)
    agg = fin.by_programme(rows, "cumule")
    c = content(bundle, "financements-programme")
    table = c.table.set_index("Programme")
    expected = agg.groupby("programme", observed=True)["montant"].sum()
    assert table["Total"].to_dict() == pytest.approx({str(k): float(v) for k, v in expected.items()})
    assert table["Total"].sum() == pytest.approx(fin.total(rows))
    assert list(table.index) == list(table["Total"].sort_values(ascending=False).index)  # largest first
    assert c.chart.categories == list(table.index)
    for level, values in c.chart.series.items():
        want = agg[agg["financeur_niveau"] == level].set_index("programme")["montant"]
        got = {p: v for p, v in zip(c.chart.categories, values, strict=True) if v is not None}
        assert got == pytest.approx({str(k): float(v) for k, v in want.items()})
        assert c.chart.series_colors[level] == LEVEL_COLORS[level]
    assert c.chart.value_kind == base.EUROS
    assert set(c.formats.values()) == {base.EUROS}
    assert all(pd.api.types.is_float_dtype(c.table[col]) for col in c.table.columns[1:])  # numbers stay numbers
    assert c.figure.layout.title.text == c.title  # the Financements page's own builder


def test_funding_by_status_adds_up_to_the_status_and_level_totals(bundle):
    rows = fin.scope(bundle["financements"], fin.TERRITOIRE)
    c = content(bundle, "financements-statut")
    table = c.table.set_index("Statut")
    by_status = fin.by_status(rows, "cumule").set_index("statut")["montant"]
    assert table["Total"].to_dict() == pytest.approx(by_status.to_dict())
    by_level = fin.by_level(rows)
    levels = [col for col in table.columns if col != "Total"]
    assert {lv: table[lv].sum() for lv in levels} == pytest.approx(by_level.to_dict())
    assert table.loc["acquis", "Total"] == pytest.approx(23_590_000)


def test_festivals_ranked_with_their_kind_and_approximations(bundle):
    rows = ev.ranked(bundle["evenements"])
    c = content(bundle, "festivals")
    assert c.table["Événement"].tolist() == rows["libelle"].tolist()
    assert c.table["Fréquentation"].tolist() == rows["frequentation"].tolist()
    assert c.table["Fréquentation"].dtype == "int64"
    assert c.chart.categories == rows["libelle"].tolist()
    assert c.chart.series == {"Fréquentation": [float(v) for v in rows["frequentation"]]}
    assert c.chart.point_colors == [family_color(f) for f in rows["famille"]]
    labels = dict(zip(c.chart.categories, c.chart.labels, strict=True))
    assert labels["Delta Festival"] is None  # exact: the number format writes it
    assert plain(labels["Festival d'art lyrique d'Aix-en-Provence"]) == "env. 100 000"
    assert list(c.chart.point_legend) == ["Musique & spectacle vivant", "Jeux vidéo & e-sport", "Édition"]
    shown = base.readable(c).set_index("Événement")
    assert "Approximatif" not in shown.columns
    assert plain(shown.loc["Festival d'art lyrique d'Aix-en-Provence", "Fréquentation"]) == "env. 100 000"
    assert plain(shown.loc["Delta Festival", "Fréquentation"]) == "150 000"


def test_attendance_by_family(bundle):
    agg = ev.by_family(bundle["evenements"])
    c = content(bundle, "frequentation-filiere")
    assert c.table["Famille"].tolist() == agg["famille_nom"].tolist()
    assert c.table["Fréquentation"].tolist() == agg["frequentation"].tolist()
    assert c.table["Visiteurs"].tolist() == agg["visiteurs"].tolist()
    assert c.chart.series["Fréquentation"] == [float(v) for v in agg["frequentation"]]
    assert c.table.set_index("Famille").loc["Musique & spectacle vivant", "Fréquentation"] == 430_000


def test_roadmap_progress_per_axis_follows_the_years_filter(bundle):
    plan = bundle["actions"]
    c = content(bundle, "feuille-de-route")
    agg = act.progress(act.leaves(plan))
    assert c.table["Total"].tolist() == agg["total"].tolist()
    assert c.chart.categories == ["Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe 5"]
    assert c.chart.series["réalisé"] == [float(v) for v in agg["réalisé"]]
    assert c.formats["Part réalisée"] == base.POURCENTAGE
    until = content(bundle, "feuille-de-route", Filters(annee_max=2024))
    expected = act.progress(act.leaves(plan, act.in_years(plan, None, 2024)))
    assert until.table["Total"].tolist() == expected["total"].tolist()


def test_projects_budget_and_state_support(bundle):
    money = proj.budgets(bundle["projets"])
    c = content(bundle, "grands-projets")
    assert c.table["Projet"].tolist() == money["nom"].tolist()
    assert c.chart.categories == [short(n) for n in money["nom"]]
    budget = c.chart.series["Budget total"]
    assert budget == [None if pd.isna(v) else float(v) for v in money["budget"]]
    assert c.chart.series["Soutien de l'État"][1] == 15_000_000
    assert c.table["Budget total"].iloc[0] == 211_500_000


def test_map_screen_is_a_table_of_communes(bundle):
    c = content(bundle, "carte")
    assert c.figure is None and c.chart is None
    table = c.table.set_index("Commune")
    lieux, events = bundle["lieux"], bundle["evenements"]
    assert table.loc["Marseille", "Lieux"] == int((lieux["code_insee"] == "13055").sum())
    assert table.loc["Marseille", "Événements"] == int((events["code_insee_commune"] == "13055").sum())
    attendance = com.frequentation(bundle["communes"], events).set_index("commune")["valeur"]
    assert table.loc["Marseille", "Fréquentation des événements"] == attendance["Marseille"]
    assert pd.isna(table.loc["Martigues", "Fréquentation des événements"])  # nothing counted: empty, not 0
    assert ((table["Lieux"] > 0) | (table["Événements"] > 0)).all()
    assert table["Lieux"].sum() == len(lieux)
    assert plain(base.readable(c).set_index("Commune").loc["Marseille", "Fréquentation des événements"]) == (
        "env. 290 000"
    )


def test_filters_reach_every_screen(bundle):
    chosen = Filters(familles=("edition",))
    view = apply_filters(bundle, chosen)
    c = content(bundle, "festivals", chosen)
    assert c.table["Événement"].tolist() == ev.ranked(view["evenements"])["libelle"].tolist()
    assert set(c.table["Famille"]) == {"Édition"}


def test_a_filter_that_leaves_nothing_gives_empty_screens(bundle):
    aubagne = Filters(communes=("13005",))  # no event cited in Aubagne
    for screen_id in ("festivals", "frequentation-filiere"):
        c = content(bundle, screen_id, aubagne)
        assert c.empty and c.figure is None and c.chart is None
        assert "Données : " in c.caption


def test_projected_figure_has_larger_type_and_no_inner_title(bundle):
    c = content(bundle, "festivals")
    big = base.projected(c.figure)
    assert big.layout.font.size == round(c.figure.layout.font.size * 1.5)
    assert big.layout.yaxis.tickfont.size == round(c.figure.layout.font.size * 1.5)
    assert big.layout.height > c.figure.layout.height
    assert not big.layout.title.text
    assert c.figure.layout.title.text == c.title  # the original is left as it was
