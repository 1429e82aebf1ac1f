"""The museums on the map (at their Muséofile position, sized by their latest attendance, a museum
without a figure saying why) and in a commune's portrait (its museums, latest figure and trend)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from icc.prepared.filters import Filters
from icc.present import maps, pagedata, panels, visites
from tests.apptest import fresh_env, open_page, page_tables, texts
from tests.test_scale import in_memory

MARTIGUES, ALLAUCH = "13056", "13002"
ZIEM, MUCEM, ARBAUD, ARTS_AFRICAINS = "museofile_m0923", "mucem", "museofile_m0899", "museofile_m0920"


def plain(value) -> str:
    return str(value).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def bundle(default_frames):
    return in_memory(default_frames)


def lieux_layer(at) -> list[dict]:
    drawn = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    return next(layer for layer in drawn["layers"] if layer["id"] == maps.LIEUX)["data"]


# --- numbers and words --------------------------------------------------------------------


def test_each_museum_reads_its_2021_figure_or_why_it_has_none(bundle):
    status = visites.status(bundle["frequentation_lieux"], bundle["lieux"].set_index("id")["nom"]).set_index("lieu")
    assert len(status) == 34 and set(status["annee_reference"]) == {2021}
    assert status.loc[ZIEM, "total"] == 6249 and plain(status.loc[ZIEM, "etat"]) == "6 249 entrées en 2021"
    assert status.loc[MUCEM, "total"] == 311787
    assert status.loc[ARBAUD, "etat"] == "fermé en 2021" and pd.isna(status.loc[ARBAUD, "total"])
    assert status.loc[ARTS_AFRICAINS, "etat"] == "compté avec Musée d'archéologie méditerranéenne en 2021"
    # A museum whose file stops in 2018: no figure in 2021, never 0, and its last one is said.
    emperi = status[status["lieu_nom"] == "Musée de l'Emperi"].iloc[0]
    assert emperi["etat"] == "pas de chiffre en 2021"
    assert plain(visites.last_known(emperi)) == "dernier chiffre : 29 699 entrées en 2018"
    # The 22 museums with a 2021 figure add up to the territory's 2021 total.
    assert status["total"].notna().sum() == 22 and status["total"].sum() == 784_783


def test_the_year_read_follows_the_years_chosen_not_the_place(bundle):
    rows = bundle["frequentation_lieux"]
    assert visites.reference_year(rows) == 2021
    assert visites.reference_year(rows, last=2013) == 2013
    salon = rows[rows["commune"] == "Salon-de-Provence"]  # figures until 2018 only
    status = visites.status(salon, year=visites.reference_year(rows))
    assert set(status["etat"]) == {"pas de chiffre en 2021"}


def test_a_museum_s_disc_grows_with_its_visits_and_one_without_a_figure_is_the_smallest(bundle):
    points = pagedata.map_lieux(bundle, False, 2021).set_index("id")
    assert points.loc[MUCEM, "rayon"] == round(maps.museum_radius(311787), 1) > points.loc[ZIEM, "rayon"]
    assert points.loc[ZIEM, "rayon"] == round(maps.museum_radius(6249), 1) > maps.MUSEE_NO_FIGURE_PX
    assert points.loc[ARBAUD, "rayon"] == maps.MUSEE_NO_FIGURE_PX
    assert plain(points.loc[ZIEM, "infobulle"]).endswith("Fréquentation : 6 249 entrées en 2021")
    assert "Fréquentation : fermé en 2021\ndernier chiffre : " in plain(points.loc[ARBAUD, "infobulle"])
    # A lieu that is not a museum keeps its usual disc.
    theatre = bundle["lieux"].loc[bundle["lieux"]["nom"].str.startswith("Théâtre des Salins"), "id"].iloc[0]
    assert points.loc[theatre, "rayon"] == maps.LIEU_RADIUS_PX
    # Small discs drawn last, over the large ones.
    assert points["rayon"].is_monotonic_decreasing


# --- the map page -------------------------------------------------------------------------


def test_the_map_shows_the_musee_ziem_at_its_position_sized_by_its_2021_figure(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/carte.py")
    assert not at.exception, at.exception
    drawn = {p["id"]: p for p in lieux_layer(at)}
    ziem = bundle["lieux"].set_index("id").loc[ZIEM]
    assert (drawn[ZIEM]["lon"], drawn[ZIEM]["lat"]) == pytest.approx((ziem["longitude"], ziem["latitude"]), abs=1e-5)
    assert drawn[ZIEM]["rayon"] == round(maps.museum_radius(6249), 1)
    assert drawn[ZIEM]["fond"][3] == 230  # exact position: a filled disc
    assert plain(drawn[MUCEM]["infobulle"]).endswith("Fréquentation : 311 787 entrées en 2021")
    # A museum placed at its commune's centre (only the attendance file knows it) is a hollow ring.
    approx = bundle["lieux"].loc[bundle["lieux"]["id"].str.startswith("frequentation_"), "id"].iloc[0]
    assert drawn[approx]["fond"][3] == 0
    shown = plain(texts(at))
    assert "Musées : surface du disque proportionnelle aux entrées de 2021" in shown
    assert "34 musées sur la carte, 22 chiffrés en 2021" in shown
    (table,) = [t for t in page_tables(at) if "Musée" in t.columns]
    rows = table.set_index("Musée")
    assert plain(rows.loc["Musée Ziem", "Fréquentation"]) == "6 249 entrées en 2021"
    assert rows.loc["Musée Paul Arbaud", "Fréquentation"] == "fermé en 2021"
    assert rows.loc["Musée des Arts Africains, Océaniens et Amérindiens", "Fréquentation"].startswith("compté avec")
    assert table["Musée"].iloc[0] == "MuCEM"  # the most visited first
    alt = at.get("deck_gl_json_chart")[0].proto.alt  # the map's text alternative
    assert "34 musées dont le disque croît avec la fréquentation de 2021" in alt


def test_the_map_reads_the_last_year_chosen(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/carte.py", {"de": "2010", "a": "2013"})
    assert not at.exception, at.exception
    drawn = {p["id"]: p for p in lieux_layer(at)}
    assert plain(drawn[MUCEM]["infobulle"]).endswith("Fréquentation : 592 749 entrées en 2013")
    assert "Musées : surface du disque proportionnelle aux entrées de 2013" in plain(texts(at))
    year = pagedata.museum_year(bundle, 2010, 2013)
    assert year == 2013
    drawn = pagedata.map_lieux(bundle, False, year).set_index("id")
    assert plain(drawn.loc[MUCEM, "infobulle"]).endswith("Fréquentation : 592 749 entrées en 2013")
    museums = pagedata.map_museums(bundle, year)
    assert museums["annee"] == 2013 and museums["musees"] == 34


# --- portraits ----------------------------------------------------------------------------


def test_martigues_portrait_lists_the_musee_ziem_with_its_latest_figure_and_trend(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"commune": MARTIGUES})
    assert not at.exception, at.exception
    assert "Musées" in [h.value for h in at.header]
    (museums,) = [t.value for t in at.table if "Musée" in t.value.columns]
    assert museums["Musée"].to_list() == ["Musée Ziem"]
    ziem = museums.iloc[0]
    assert ziem["Année"] == "2021" and plain(ziem["Entrées"]) == "6 249"
    assert plain(ziem["Évolution"]) == "−15 % depuis 2002"
    assert ziem["Première année chiffrée"] == "2002" and plain(ziem["Entrées la première année"]) == "7 321"
    assert "1 musée sur 1 chiffré en 2021" in plain(texts(at))
    # The portrait's map draws it sized by its attendance too.
    assert next(p for p in lieux_layer(at) if p["id"] == ZIEM)["rayon"] == round(maps.museum_radius(6249), 1)


def test_a_commune_without_a_museum_says_so_never_zero_visits(bundle):
    view = Filters(communes=(ALLAUCH,))
    (panel,) = panels.build(bundle, view, ["portrait-musees"])
    assert panel.empty and panel.empty_message == "Aucun musée de France à Allauch."


def test_a_territoire_portrait_lists_the_museums_of_its_communes(bundle):
    (panel,) = panels.build(bundle, Filters(conseils=("Pays d'Aix",)), ["portrait-musees"])
    table = panel.table.set_index("Musée")
    assert set(table["Commune"]) >= {"Aix-en-Provence", "Lambesc", "Saint-Cannat"}
    assert table.loc["Musée Granet", "Entrées"] == 105012 and table.loc["Musée Granet", "Année"] == 2021
    assert plain(table.loc["Musée Granet", "Évolution"]) == "−79 % depuis 2006"
    assert table.loc["Musée Paul Arbaud", "En 2021"] == "fermé"
    assert table.loc["Musée Paul Arbaud", "Année"] == 2009
    assert table.loc["Fondation Vasarély", "Évolution"] == "un seul chiffre"


# --- the communes side by side --------------------------------------------------------------

VISITS = "Entrées dans les musées (dernière année)"


def test_each_commune_counts_its_museums_and_their_latest_visits_each_ticket_once(bundle):
    from icc.prepared.aggregations import communes as com

    rows = com.table(bundle).set_index("code_insee")
    assert rows.loc[MARTIGUES, "musees"] == 1 and rows.loc[MARTIGUES, "entrees_musees"] == 6249
    assert rows.loc[ALLAUCH, "musees"] == 0 and pd.isna(rows.loc[ALLAUCH, "entrees_musees"])  # not 0
    salon = rows[rows["nom"] == "Salon-de-Provence"].iloc[0]  # two museums, no 2021 figure
    assert salon["musees"] == 2 and pd.isna(salon["entrees_musees"])
    assert rows["musees"].sum() == 34 and rows["entrees_musees"].sum() == 784_783  # the territory's 2021 total
    territoires = com.territoires(com.table(bundle)).set_index("conseil")
    assert territoires["entrees_musees"].sum() == 784_783


def test_the_communes_page_says_a_commune_has_no_museum_rather_than_zero_visits(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py")
    at.selectbox(key="communes_tri").set_value(VISITS).run()
    assert not at.exception, at.exception
    shown = at.table[0].value
    names = shown["Commune"].str.extract(r"^\[([^\]]+)\]")[0].str.replace("\\", "", regex=False)
    visits = dict(zip(names, shown[VISITS], strict=True))
    assert names.iloc[0] == "Marseille" and plain(visits["Martigues"]) == "6 249"
    assert visits["Allauch"] == "aucun musée de France"
    assert visits["Salon-de-Provence"] == "non chiffré"
    at.selectbox(key="communes_mesure").set_value("entrees_musees").run()
    (spec,) = [e.proto.json for e in at.get("deck_gl_json_chart")]
    features = next(lyr for lyr in json.loads(spec)["layers"] if lyr["id"] == maps.COMMUNES)["data"]["features"]
    tips = {f["properties"]["code"]: f["properties"]["infobulle"] for f in features}
    assert tips[ALLAUCH] == f"Allauch\n{VISITS} : aucun musée de France"
    assert plain(tips[MARTIGUES]) == f"Martigues\n{VISITS} : 6 249"
    assert "Entrées en 2021, chaque entrée une fois" in plain(texts(at))


def test_the_communes_table_and_each_portrait_count_the_same_museums_and_visits(bundle):
    from icc.prepared.aggregations import communes as com

    rows = com.table(bundle).set_index("code_insee")
    for code in [*rows.index[rows["musees"] > 0], ALLAUCH, "13003"]:
        (panel,) = panels.build(bundle, Filters(communes=(code,)), ["portrait-musees"])
        listed = 0 if panel.empty else len(panel.table)
        assert listed == rows.loc[code, "musees"], code
        if panel.empty:
            continue
        year = next(c for c in panel.table.columns if c.startswith("En ")).removeprefix("En ")  # « En 2021 »
        that_year = panel.table[panel.table["Année"] == int(year)]
        visits = that_year["Entrées"].sum(min_count=1)
        assert (pd.isna(visits) and pd.isna(rows.loc[code, "entrees_musees"])) or visits == rows.loc[
            code, "entrees_musees"
        ], code
