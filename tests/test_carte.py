"""Carte: layers, colours, choropleth, basemap, tooltips as text, the card of a lieu, page."""

from __future__ import annotations

import json
import math
import urllib.parse

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.colors import FAMILY_COLORS, OTHER, rgb
from icc.datasets import geo
from icc.intake.seed import read_csv_text, seed_if_empty
from icc.prepared import filters, model
from icc.prepared.aggregations import communes as agg
from icc.prepared.aggregations import financements as fin
from icc.present import maps
from icc.storage import store
from tests.apptest import fresh_env, open_page, texts
from tests.conftest import DATA

PAGE_SCRIPT = "views/carte.py"
XSS = "<img src=x onerror=alert(1)>"
MARSEILLE, AIX, AUBAGNE, MARTIGUES = "13055", "13001", "13005", "13056"


def plain(value) -> str:
    """Babel separates thousands with a narrow no-break space: compare with plain spaces."""
    return str(value).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def bundle(default_frames):
    return model.Bundle(model.enrich(default_frames), {})


@pytest.fixture(scope="module")
def csv():
    return {name: read_csv_text(DATA / f"{name}.csv") for name in ("lieux", "evenements", "projets")}


def points(bundle, view=None):
    view = view or bundle
    lieux = maps.lieux_points(view["lieux"], model.drawn_positions(bundle["lieux"]))
    events, _ = maps.evenements_points(view["evenements"], bundle["communes"])
    projets, _ = maps.projets_points(view["projets"], bundle["lieux"])
    return lieux, events, projets


def spec(deck) -> dict:
    return json.loads(deck.to_json())


def layer(deck_or_spec, layer_id: str) -> dict:
    data = deck_or_spec if isinstance(deck_or_spec, dict) else spec(deck_or_spec)
    return next(lyr for lyr in data["layers"] if lyr["id"] == layer_id)


# --- layers ---------------------------------------------------------------------------


def overlapping(names, zoom: float = maps.VIEW["zoom"]) -> list[tuple[str, str]]:
    boxes = []
    for name, lon, lat in names.itertuples(index=False):
        x, y = maps.view_pixel(lon, lat, zoom)
        half = len(name) * maps.LABEL_CHAR_PX / 2
        boxes.append((name, x - half, y - maps.LABEL_PX / 2, x + half, y + maps.LABEL_PX / 2))
    return [
        (a[0], b[0])
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] and b[2] < a[4]
    ]


def test_commune_names_never_overlap_on_a_phone_s_wider_view(bundle, contours):
    phone = maps.fit(contours.geojson, 360, 620)
    assert phone["zoom"] < maps.VIEW["zoom"]
    names = maps.commune_labels(bundle["communes"], phone)
    everywhere = maps.commune_labels(bundle["communes"])
    assert overlapping(everywhere, phone["zoom"])  # the computer's names would pile up on a phone
    assert 5 <= len(names) < len(everywhere) and overlapping(names, phone["zoom"]) == []
    assert names["nom"].iloc[0] == "Marseille"  # the most populous first


def test_commune_names_never_overlap_at_the_initial_zoom(bundle):
    names = maps.commune_labels(bundle["communes"])
    assert 15 <= len(names) < 92 and names["nom"].is_unique
    assert overlapping(names) == []


def test_layers_follow_the_toggles_in_drawing_order(bundle, contours):
    lieux, events, projets = points(bundle)
    chart = maps.choropleth(agg.by_commune(bundle, agg.SITES), agg.SITES)
    geo = maps.communes_geojson(contours.geojson, chart)
    every = maps.layers(lieux=lieux, evenements=events, projets=projets, communes=geo)
    assert [lyr.id for lyr in every] == ["communes", "evenements", "projets", "lieux"]
    assert [lyr.id for lyr in maps.layers(lieux=lieux)] == ["lieux"]
    assert [lyr.id for lyr in maps.layers(projets=projets, communes=geo)] == ["communes", "projets"]
    assert maps.layers() == []
    # Points are pickable (click → card), and so are the contours (click → portrait).
    assert [lyr.pickable for lyr in every] == [True, True, True, True]


def test_one_point_per_lieu_after_the_filters(bundle, csv):
    lieux, _, _ = points(bundle)
    assert len(lieux) == len(csv["lieux"]) and lieux["id"].is_unique
    chosen = filters.Filters(familles=("jeux_video_esport",))
    view = filters.apply(bundle, chosen)
    filtered, _, _ = points(bundle, view)
    expected = bundle["lieux"][bundle["lieux"]["famille"] == "jeux_video_esport"]
    assert 0 < len(filtered) == len(expected) < len(lieux)
    assert sorted(filtered["id"]) == sorted(expected["id"])
    # Only what the layer draws reaches the browser.
    records = layer(maps.deck(maps.layers(lieux=filtered), maps.basemap("none")), "lieux")["data"]
    assert len(records) == len(expected)
    assert set(records[0]) == {"id", "lon", "lat", "fond", "trait", "infobulle"}


def test_colours_by_family_and_hollow_rings_for_a_position_at_the_commune(bundle):
    lieux, _, _ = points(bundle)
    src = bundle["lieux"].set_index("id").loc[lieux["id"]]
    for (_, point), famille, precision in zip(
        lieux.iterrows(), src["famille"], src["precision_localisation"], strict=True
    ):
        color = rgb(FAMILY_COLORS[famille])
        if precision == "commune":
            assert point["fond"] == [*color, 0] and point["trait"] == [*color, 255]
        else:
            assert point["fond"] == [*color, 230] and point["trait"] == [255, 255, 255, 255]
    # An unknown family gets the neutral colour rather than failing.
    odd = bundle["lieux"].head(1).assign(famille=None, precision_localisation="lieu")
    assert maps.lieux_points(odd)["fond"][0] == [*rgb(OTHER), 230]


def test_lieux_at_the_same_commune_centre_are_spread_around_it(bundle):
    lieux = bundle["lieux"]
    drawn = model.drawn_positions(lieux)
    at_marseille = lieux[(lieux["precision_localisation"] == "commune") & (lieux["code_insee"] == MARSEILLE)]
    positions = drawn.loc[at_marseille["id"]]
    assert len(positions.drop_duplicates()) == len(at_marseille) > 1
    centre = at_marseille[["latitude", "longitude"]].astype(float).iloc[0]
    assert (positions["lat"] - centre["latitude"]).abs().max() < 0.05
    precise = lieux[lieux["precision_localisation"] != "commune"].iloc[0]
    assert drawn.loc[precise["id"], "lat"] == round(float(precise["latitude"]), 5)
    # Positions do not move when a filter hides other lieux.
    subset = lieux[lieux["famille"] == "cinema_audiovisuel"]
    shown = maps.lieux_points(subset, drawn).set_index("id")
    assert shown.loc[subset["id"].iloc[0], "lat"] == drawn.loc[subset["id"].iloc[0], "lat"]


def test_events_sized_by_the_square_root_of_attendance_without_commune_counted(bundle, csv):
    assert maps.event_radius(150_000) == 30 and maps.event_radius(37_500) == 15
    assert maps.event_radius(None) == maps.MIN_RADIUS_PX == maps.event_radius(10)
    events, without = maps.evenements_points(bundle["evenements"], bundle["communes"])
    expected_without = int((csv["evenements"]["code_insee_commune"] == "").sum())
    assert without == expected_without > 0
    assert len(events) + without == len(csv["evenements"])
    assert list(events["rayon"]) == sorted(events["rayon"], reverse=True)  # small discs on top
    delta = events[events["id"] == "delta_festival"].iloc[0]
    centre = bundle["communes"].set_index("code_insee").loc[MARSEILLE]
    assert delta["rayon"] == 30 and (delta["lat"], delta["lon"]) == (centre["latitude"], centre["longitude"])
    assert "150 000 visiteurs" in plain(delta["infobulle"])
    jazz = events[events["id"] == "marseille_jazz_cinq_continents"].iloc[0]
    assert "env. 50 000" in plain(jazz["infobulle"])


def test_projects_are_drawn_at_their_lieu(bundle, csv):
    projets, without = maps.projets_points(bundle["projets"], bundle["lieux"])
    drawn = model.drawn_positions(bundle["lieux"])
    cinemabase = projets[projets["id"] == "cinemabase"].iloc[0]
    assert cinemabase["lieu"] == "cinemabase"
    assert (cinemabase["lon"], cinemabase["lat"]) == tuple(drawn.loc["cinemabase", ["lon", "lat"]])
    no_lieu = csv["projets"][csv["projets"]["lieu"] == ""]["id"]
    back = set(csv["lieux"]["projet"]) - {""}
    assert without == len(set(no_lieu) - back) > 0
    assert len(projets) + without == len(csv["projets"])


# --- choropleth -----------------------------------------------------------------------


def small_communes() -> pd.DataFrame:
    return pd.DataFrame({"code_insee": ["A", "B", "C"], "nom": ["Aa", "Bb", "Cc"]})


def test_funding_per_commune_counts_each_euro_once():
    projets = pd.DataFrame({"id": ["p1", "p2", "p3"], "code_insee_commune": ["A", "B", None]})
    fin_rows = pd.DataFrame(
        {
            "id": ["prog", "f1", "f1a", "f1b", "f2", "f3", "f4"],
            "projet": [None, "p1", "p1", "p1", "p2", "p3", "p2"],
            # f1 is a child of a national programme (no project): it counts for p1.
            "parent": [None, "prog", "f1", "f1", None, None, None],
            "montant_eur": [1e9, 100.0, 60.0, 40.0, 10.0, 5.0, 7.0],
            "recurrence": ["ponctuel", "ponctuel", "ponctuel", "ponctuel", "annuel", "ponctuel", "ponctuel"],
            "annee_debut": pd.array([None, None, None, None, 2023, None, None], dtype="Int64"),
            "annee_fin": pd.array([None, None, None, None, 2025, None, None], dtype="Int64"),
            "statut": ["acquis", "acquis", "acquis", "acquis", "acquis", "acquis", "non retenu"],
            "approximatif": pd.array([False, False, False, False, True, False, False], dtype="boolean"),
        }
    )
    out = agg.funding(small_communes(), fin_rows, projets, fin.MOBILISES).set_index("code_insee")
    # A: f1 only (its parts f1a + f1b are inside it); B: 10 € a year for 3 years; p3 has no commune.
    assert out["valeur"].to_dict() == {"A": 100.0, "B": 30.0, "C": 0.0}
    assert out["approximatif"].to_dict() == {"A": False, "B": True, "C": False}
    assert plain(maps.Choropleth(agg.FINANCEMENTS, out, []).detail(out.loc["B"])) == "env. 30 €"
    every = agg.funding(small_communes(), fin_rows, projets, ("acquis", "non retenu")).set_index("code_insee")
    assert every.loc["B", "valeur"] == 37.0


def test_sites_and_attendance_per_commune():
    lieux = pd.DataFrame({"code_insee": ["A", "A", "B"]})
    assert agg.sites(small_communes(), lieux)["valeur"].to_list() == [2.0, 1.0, 0.0]
    events = pd.DataFrame(
        {
            "code_insee_commune": ["A", "A", "A", None],
            "frequentation": pd.array([100, None, 50, 1000], dtype="Int64"),
            "approximatif": pd.array([True, False, False, False], dtype="boolean"),
        }
    )
    out = agg.frequentation(small_communes(), events).set_index("code_insee")
    assert out["valeur"].to_dict() == {"A": 150.0, "B": 0.0, "C": 0.0}
    assert out["evenements"].to_dict() == {"A": 3, "B": 0, "C": 0}
    assert out["sans_chiffre"].to_dict() == {"A": 1, "B": 0, "C": 0}
    detail = maps.Choropleth(agg.FREQUENTATION, out, []).detail
    assert detail(out.loc["A"]) == "env. 150 personnes (3 événements, dont 1 sans fréquentation connue)"
    assert detail(out.loc["B"]) == "aucun événement"
    unknown = events.assign(code_insee_commune=["B", "A", "A", None])  # B: one event, with a figure
    unknown.loc[0, "code_insee_commune"] = "C"
    unknown["frequentation"] = pd.array([None, 100, 50, 1000], dtype="Int64")
    out = agg.frequentation(small_communes(), unknown).set_index("code_insee")
    # An event without a figure is not « 0 personnes ».
    assert detail(out.loc["C"]) == "fréquentation non chiffrée (1 événement, dont 1 sans fréquentation connue)"


def test_quantile_classes_use_values_that_occur():
    values = pd.Series([0, 1, 1, 1, 2, 3, 5, 8, 13, 40], dtype=float)
    bounds = agg.classes(values)
    # Fifths of the 9 positive values; each class is bounded by values that occur.
    assert bounds == [(1, 1), (2, 2), (3, 5), (8, 13), (40, 40)]
    assert agg.class_of(values, bounds).to_list() == [-1, 0, 0, 0, 1, 2, 2, 3, 3, 4]
    assert agg.classes(pd.Series([0.0, 0.0])) == []
    assert agg.class_of(pd.Series([0.0]), []).to_list() == [-1]


@pytest.mark.parametrize("measure", list(agg.MEASURES))
def test_choropleth_colours_every_commune_from_the_aggregation(bundle, contours, measure):
    values = agg.by_commune(bundle, measure)
    chart = maps.choropleth(values, measure)
    geo = maps.communes_geojson(contours.geojson, chart)
    assert len(geo["features"]) == len(bundle["communes"]) == 92
    palette = maps.ramp(len(chart.bounds))
    idx = agg.class_of(values["valeur"], chart.bounds).set_axis(values["code_insee"])
    for feature in geo["features"]:
        code, color = feature["properties"]["code"], feature["properties"]["couleur"]
        expected = [*rgb(palette[idx[code]]), 170] if idx[code] >= 0 else [0, 0, 0, 0]
        assert color == expected, code
        assert set(feature["properties"]) == {"code", "couleur", "infobulle"}  # nothing else sent
        row = values.set_index("code_insee").loc[code]
        # The tooltip of a commune: its name and its value as the table of values reads it.
        assert feature["properties"]["infobulle"] == f"{row['commune']}\n{chart.detail(row)}"
    legend = chart.legend()
    assert legend["Communes"].sum() == 92 and legend["Valeurs"].iloc[0] == "Aucun"
    table = chart.table()
    assert len(table) == int((values["valeur"] > 0).sum())


def test_choropleth_values_on_the_default_data(bundle):
    sites = agg.by_commune(bundle, agg.SITES).set_index("code_insee")["valeur"]
    counts = bundle["lieux"]["code_insee"].value_counts()
    assert sites[sites > 0].to_dict() == counts.astype(float).to_dict()

    freq = agg.by_commune(bundle, agg.FREQUENTATION).set_index("code_insee")
    ev = bundle["evenements"]
    marseille = ev[ev["code_insee_commune"] == MARSEILLE]["frequentation"].dropna()
    assert freq.loc[MARSEILLE, "valeur"] == float(marseille.sum()) > 0
    assert freq.loc[MARSEILLE, "approximatif"]  # e.g. Marseille Jazz des cinq continents, « près de »

    money = agg.by_commune(bundle, agg.FINANCEMENTS).set_index("code_insee")
    rows = bundle["financements"].set_index("id")["montant_eur"]
    # Studios de Méditerranée: volets 1 and 3 won; the estimated envelope containing them is not counted.
    assert money.loc[MARTIGUES, "valeur"] == rows["studios_volet1_martigues"] + rows["studios_volet3_marseille"]
    assert money.loc[AUBAGNE, "valeur"] == rows["satis_grande_fabrique"]
    # Marseille: state envelopes of « Marseille en grand » per project, and the yearly amounts over their period.
    marseille_ids = ["cinefabrique_etat", "cinematheque_etat_investissement", "pole_media_etat"]
    yearly = 3 * rows["cinemabase_metropole"] + rows["cinefabrique_ville_locaux"]
    yearly += rows["cinefabrique_fonctionnement_region_etat"] + rows["kourtrajme_ville_locaux"]
    assert money.loc[MARSEILLE, "valeur"] == pytest.approx(rows[marseille_ids].sum() + yearly)
    chart = maps.choropleth(money.reset_index(), agg.FINANCEMENTS)
    assert plain(chart.legend()["Valeurs"].iloc[-1]) == "129,5 M€"


# --- basemap, tooltip -----------------------------------------------------------------


def test_basemap_settings():
    carto = spec(maps.deck([], maps.basemap("carto")))
    assert carto["mapProvider"] == "carto" and "mapStyle" not in carto  # Streamlit picks Positron
    assert carto["initialViewState"] == {"latitude": 43.45, "longitude": 5.3, "zoom": 8.75}
    none = spec(maps.deck([], maps.basemap("none")))
    assert "mapProvider" not in none and none["mapStyle"] == "__MAP_STYLE__"  # no base map at all
    xyz = maps.basemap("https://tuiles.example.org/{z}/{x}/{y}.png")
    assert xyz.kind == "xyz" and "tuiles.example.org" in xyz.note
    drawn = spec(maps.deck([], xyz))
    assert "mapProvider" not in drawn and drawn["mapStyle"].startswith("data:application/json,")
    style = json.loads(urllib.parse.unquote(drawn["mapStyle"].removeprefix("data:application/json,")))
    assert style["sources"]["fond"]["tiles"] == ["https://tuiles.example.org/{z}/{x}/{y}.png"]
    assert len(maps.basemap("https://{s}.tile.example.org/{z}/{x}/{y}.png").style) > 0
    odd = maps.basemap("javascript:alert(1)")
    assert odd.kind == "none" and "sans fond" in odd.note


def test_a_hostile_name_cannot_inject_html_in_a_tooltip(bundle):
    hostile = bundle["lieux"].head(1).assign(nom=XSS)
    deck = maps.deck(maps.layers(lieux=maps.lieux_points(hostile)), maps.basemap("carto"))
    # deck.gl sets a "text" tooltip with innerText; Streamlit sends the tooltip beside the spec.
    assert deck._tooltip == {"text": "{infobulle}"}
    data = spec(deck)
    assert "tooltip" not in data or "html" not in data["tooltip"]
    record = layer(data, "lieux")["data"][0]
    assert record["infobulle"].split("\n")[0] == XSS  # the literal string, not escaped, not markup


# --- the card -------------------------------------------------------------------------


def test_card_of_a_lieu_with_its_project_and_funding(bundle):
    card = maps.fiche(bundle, "cinemabase")
    fields = dict(zip(card.champs["Champ"], card.champs["Valeur"], strict=True))
    assert fields["Commune"] == "Marseille"
    assert fields["Précision de la position"] == "centre de la commune (position approximative)"
    assert fields["Famille"] == "Cinéma & audiovisuel" and fields["Statut"] == "existant"
    assert "Lieu" not in fields  # the name is shown above the table
    [projet] = card.projets
    assert projet.nom == "CinéMaBase Marseille"
    assert plain(projet.obtenu) == "240 000 €"  # 80 000 € a year over 2023–2025
    assert plain(projet.financements["Montant"].iloc[0]) == "80 000 €"
    studios = maps.fiche(bundle, "studios_mediterranee").projets[0]
    assert plain(studios.obtenu) == "129,5 M€"
    # Its parts say which envelope contains them (they are not added to it).
    assert set(studios.financements["Contenu dans"]) - {""} == {studios.financements["Bénéficiaire ou projet"][0]}
    assert maps.fiche(bundle, "friche_belle_de_mai").projets == []


# --- the page under AppTest -----------------------------------------------------------


def run(query: dict | None = None) -> AppTest:
    """The page inside the app (its links to other pages need the app's navigation)."""
    return open_page(PAGE_SCRIPT, query)


def deck_of(at: AppTest) -> tuple[dict, dict]:
    chart = at.get("deck_gl_json_chart")[0].proto
    return json.loads(chart.json), json.loads(chart.tooltip)


def test_page_without_filters(monkeypatch, tmp_path, csv):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ICC_BASEMAP", "carto")  # the default is none since #13: CARTO is opt-in
    at = run()
    assert not at.exception, at.exception
    data, tooltip = deck_of(at)
    assert tooltip == {"text": "{infobulle}"}
    # No setting, no network: the shipped contours draw the 92 communes, with their names.
    assert [lyr["id"] for lyr in data["layers"]] == ["communes", "noms", "projets", "lieux"]
    assert len(layer(data, "communes")["data"]["features"]) == 92
    names = layer(data, "noms")
    assert names["characterSet"] == "auto"  # accents drawn
    shown_names = [n["nom"] for n in names["data"]]
    assert shown_names[:3] == ["Marseille", "Aix-en-Provence", "Martigues"]  # most populous first
    assert {"Istres", "Salon-de-Provence", "Aubagne", "La Ciotat"} <= set(shown_names)
    assert len(layer(data, "lieux")["data"]) == len(csv["lieux"])
    shown = plain(texts(at))
    assert "Sans filtre : toutes les données" in shown
    assert f"Sur la carte : {len(csv['lieux'])} lieux" in shown
    assert "grands projets sans lieu connu ne sont pas sur la carte" in shown
    assert "Fond de carte : CARTO Positron" in shown
    assert f"Contours des communes : {geo.SHIPPED_ORIGIN}." in shown
    legend = at.dataframe[0].value
    assert legend.columns.to_list() == ["Couleur", "Filière"] and "Cinéma & audiovisuel" in legend["Filière"].to_list()
    scale = at.dataframe[1].value
    assert scale["Valeurs"].iloc[0] == "Aucun" and scale["Communes"].sum() == 92


def test_page_with_a_family_filter_and_the_events_layer(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ICC_BASEMAP", "none")
    at = run({"filiere": "musique_spectacle_vivant"})
    assert not at.exception, at.exception
    at.button_group(key="carte_couches").set_value(["lieux", "evenements", "communes"])
    at.selectbox(key="carte_mesure").set_value(agg.FREQUENTATION)
    at.run()
    assert not at.exception, at.exception
    data, _ = deck_of(at)
    assert [lyr["id"] for lyr in data["layers"]] == ["communes", "noms", "evenements", "lieux"]
    assert data["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in data
    lieux, events = bundle["lieux"], bundle["evenements"]
    music_lieux = lieux[lieux["famille"] == "musique_spectacle_vivant"]
    music_events = events[events["famille"] == "musique_spectacle_vivant"]
    placed = music_events[music_events["code_insee_commune"].notna()]
    assert len(layer(data, "lieux")["data"]) == len(music_lieux)
    assert len(layer(data, "evenements")["data"]) == len(placed)
    shown = plain(texts(at))
    assert "Filtres : filière : Musique & spectacle vivant" in shown
    missing = len(music_events) - len(placed)
    said = (
        f"{missing} événements sans commune connue ne sont" if missing > 1 else "1 événement sans commune connue n'est"
    )
    assert missing > 0 and f"{said} pas sur la carte." in shown
    assert "Sans fond de carte" in shown
    assert "« env. » : ordre de grandeur" in shown
    per_commune = next(d.value for d in at.dataframe if "Fréquentation des événements" in d.value.columns)
    aix = per_commune[per_commune["Commune"] == "Aix-en-Provence"]["Fréquentation des événements"]
    assert plain(aix.iloc[0]).startswith("env. 100 000 personnes")


def test_page_with_no_matching_data_says_so(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run({"commune": "13003"})  # Alleins: nothing cited there
    assert not at.exception, at.exception
    assert "Aucune donnée ne correspond aux filtres choisis" in at.info[0].value
    assert not at.get("deck_gl_json_chart")


def test_page_with_events_but_no_lieu(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    events = bundle["evenements"]
    communes = set(events["code_insee_commune"].dropna()) - set(bundle["lieux"]["code_insee"])
    commune = sorted(communes)[0]
    at = run({"commune": commune})
    assert not at.exception, at.exception
    assert any(i.value.startswith("Lieux : Aucune donnée ne correspond aux filtres choisis") for i in at.info)
    at.button_group(key="carte_couches").set_value(["evenements"]).run()
    assert not at.exception, at.exception
    data, _ = deck_of(at)
    assert len(layer(data, "evenements")["data"]) == int((events["code_insee_commune"] == commune).sum())
    assert "Fiche d'un lieu" not in [s.value for s in at.header]


def test_page_without_contours_shows_points_only(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setattr("icc.ui.data.contours", lambda: None)
    at = run()
    assert not at.exception, at.exception
    assert "Contours des communes indisponibles" in at.warning[0].value
    data, _ = deck_of(at)
    assert [lyr["id"] for lyr in data["layers"]] == ["projets", "lieux"]
    assert "communes" not in at.button_group(key="carte_couches").options


def test_card_through_the_selectbox(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = run()
    assert [t.value for t in at.text] == ["Communes : Nombre de lieux"]
    at.selectbox(key="carte_lieu").set_value("cinemabase").run()
    assert not at.exception, at.exception
    names = [t.value for t in at.text]
    assert "CinéMaBase" in names[1] and "CinéMaBase Marseille" in names
    card = at.dataframe[-3].value  # lieu, project, funding
    assert dict(zip(card["Champ"], card["Valeur"], strict=True))["Commune"] == "Marseille"
    assert [m.label for m in at.metric] == ["Financements acquis, lauréats ou en nature"]
    assert plain(at.metric[0].value) == "240 000 €"
    funding = at.dataframe[-1].value
    assert plain(funding["Montant"].iloc[0]) == "80 000 €" and funding["Récurrence"].iloc[0] == "annuel"
    assert "Grand projet lié" in [s.value for s in at.subheader]


def test_a_hostile_name_is_shown_as_text(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["lieux"]
    lieux = store.read_version(engine, current.id)
    lieux.loc[lieux["id"] == "friche_belle_de_mai", "nom"] = XSS
    store.publish(engine, "lieux", lieux, "test", "nom piégé", expected_version_id=current.id)

    at = run()
    assert not at.exception, at.exception
    data, tooltip = deck_of(at)
    assert tooltip == {"text": "{infobulle}"}
    record = next(r for r in layer(data, "lieux")["data"] if r["id"] == "friche_belle_de_mai")
    assert record["infobulle"].startswith(XSS + "\n")
    at.selectbox(key="carte_lieu").set_value("friche_belle_de_mai").run()
    assert not at.exception, at.exception
    assert XSS in [t.value for t in at.text]
    assert any(XSS in str(o) for o in at.selectbox(key="carte_lieu").options)
    assert XSS not in texts(at)  # never in markdown, captions, headings or metrics


# --- in a real browser: a click on the map opens the card ------------------------------


pixel = maps.view_pixel


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_click_on_a_lieu_opens_its_card(page, app_url, bundle):
    from tests.browser import errors_shown, human_click, open_page, wait_ready

    open_page(page, app_url, "carte")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(1500)
    box = canvas.bounding_box()
    cx, cy = pixel(maps.VIEW["longitude"], maps.VIEW["latitude"])
    drawn = model.drawn_positions(bundle["lieux"])
    halos, _ = maps.projets_points(bundle["projets"], bundle["lieux"])
    spots = [pixel(lon, lat) for lon, lat in zip(drawn["lon"], drawn["lat"], strict=True)]
    spots += [pixel(lon, lat) for lon, lat in zip(halos["lon"], halos["lat"], strict=True)]

    def isolated(i: int) -> float:
        x, y = spots[i]
        return min(math.dist((x, y), other) for j, other in enumerate(spots) if j != i)

    # A lieu well inside the map and far from any other point, so the click hits it alone.
    inside = [
        i
        for i, (x, y) in enumerate(spots[: len(drawn)])
        if abs(x - cx) < box["width"] / 2 - 40 and abs(y - cy) < box["height"] / 2 - 40
    ]
    target = max(inside, key=isolated)
    assert isolated(target) > 20
    x, y = spots[target]
    on_screen = (box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy)
    page.mouse.move(*on_screen)
    page.wait_for_timeout(500)
    # The communes under the points are clickable too (their portrait): picking them makes the press
    # slower than a tap on a software-rendered browser, so the click is stamped as a mouse's would be.
    human_click(page, *on_screen)
    wait_ready(page)
    name = bundle["lieux"].set_index("id").loc[drawn.index[target], "nom"]
    # The card: the chosen lieu in the selectbox, its name as text, then its table.
    page.wait_for_function(
        "t => [...document.querySelectorAll('[data-testid=\"stText\"]')].some(e => e.innerText.trim() === t)",
        arg=name,
        timeout=30_000,
    )
    assert page.locator('[data-testid="stSelectbox"] input').last.input_value().startswith(f"{name} – ")
    assert errors_shown(page) == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_unreachable_tiles_are_detected_and_said(page, tmp_path):
    """An XYZ basemap whose server does not answer: the browser tries, fails and the page says so."""
    from tests.browser import errors_shown, open_page
    from tests.pgserver import free_port
    from tests.server import running_app

    closed = f"http://127.0.0.1:{free_port()}/{{z}}/{{x}}/{{y}}.png"  # nothing listens there
    env = {"ICC_DATABASE_URL": f"sqlite:///{tmp_path / 'icc.db'}", "ICC_VAR_DIR": str(tmp_path), "ICC_BASEMAP": closed}
    with running_app(env) as url:
        open_page(page, url, "carte")
        line = page.locator("p.icc-fond")
        page.wait_for_function("() => document.querySelector('p.icc-fond').dataset.state !== 'test'", timeout=20_000)
        assert line.get_attribute("data-state") == "echec"
        text = line.inner_text()
        assert text.startswith("Fond de carte : tuiles de 127.0.0.1:")
        assert "n'ont pas pu être chargées" in text and "contours et les noms des communes" in text
        assert errors_shown(page) == []


def test_on_a_phone_the_map_opens_on_the_whole_metropole(monkeypatch, tmp_path, contours):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setattr("icc.ui.layout.on_phone", lambda: True)
    at = run()
    assert not at.exception, at.exception
    data, _ = deck_of(at)
    view = data["initialViewState"]
    assert view == maps.fit(contours.geojson, 360, 620) and view["zoom"] < maps.VIEW["zoom"] - 0.8
    # Every commune's contour lies inside the 360 × 620 px frame of that view.
    x0, y0 = maps.view_pixel(view["longitude"], view["latitude"], view["zoom"])
    for feature in contours.geojson["features"]:
        for lon, lat in maps.coordinates(feature["geometry"]["coordinates"]):
            x, y = maps.view_pixel(lon, lat, view["zoom"])
            assert abs(x - x0) <= 180 and abs(y - y0) <= 310
