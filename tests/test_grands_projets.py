"""Grands projets: budgets and State support, status, surfaces, map, table, cards, page."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc import formatting as fr
from icc.colors import LEVEL_COLORS, STATUS_COLORS, family_color
from icc.intake.seed import read_csv_text, seed_if_empty
from icc.prepared import model
from icc.prepared.aggregations import projets as agg
from icc.present import tables
from icc.present.charts import projets as charts
from icc.storage import store
from tests.apptest import fresh_env, page_expanders
from tests.conftest import DATA, ROOT

PAGE = str(ROOT / "views" / "grands_projets.py")
XSS = "<img src=x onerror=alert(1)>"
ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
STUDIOS = "Les Studios de la Méditerranée (Provence Studios Martigues et Provence Studios Marseille)"


def plain(value) -> str:
    """Babel separates thousands with a narrow no-break space: compare with plain spaces."""
    return str(value).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def frames(default_frames):
    return model.enrich(default_frames)


@pytest.fixture(scope="module")
def projets_csv():
    return read_csv_text(DATA / "projets.csv")


# --- aggregations -----------------------------------------------------------------------


def test_budgets_keep_projects_with_an_amount_largest_first(frames, projets_csv):
    money = agg.budgets(frames["projets"])
    with_amount = projets_csv[(projets_csv["budget_total_eur"] != "") | (projets_csv["soutien_etat_eur"] != "")]
    assert len(money) == len(with_amount)
    first = money.iloc[0]
    assert first["nom"] == STUDIOS and first["budget"] == 211_500_000 and pd.isna(first["soutien"])
    satis = money[money["id"] == "satis"].iloc[0]
    assert (satis["budget"], satis["soutien"], satis["approximatif"]) == (740_000, 700_000, False)
    # The chart writes them in French; a missing support says so.
    fig = charts.budget_vs_support(money, "t")
    labels = dict(zip(money["id"], zip(fig.data[0].text, fig.data[1].text, strict=True), strict=True))
    assert [plain(t) for t in labels["satis"]] == ["740 000 €", "700 000 €"]
    assert (plain(labels[first["id"]][0]), labels[first["id"]][1]) == ("211,5 M€", "non précisé")
    assert pd.isna(money[money["id"] == "cinefabrique"].iloc[0]["budget"])


def test_projects_without_any_amount_are_named(frames, projets_csv):
    none = projets_csv[(projets_csv["budget_total_eur"] == "") & (projets_csv["soutien_etat_eur"] == "")]
    assert agg.without_amount(frames["projets"]) == sorted(none["nom"])


def test_support_total_adds_each_project_once(frames):
    support = agg.support_total(frames["projets"])
    assert plain(fr.euros(support.value)) == "22,2 M€"  # 15 + 5 + 1,5 + 0,7 M€
    assert support.count == 4 and support.approximatif is False


def test_status_counts_in_the_schema_order(frames, projets_csv):
    counts = agg.by_status(frames["projets"])
    expected = projets_csv["statut"].value_counts()
    assert dict(zip(counts["statut"], counts["nombre"], strict=True)) == expected.to_dict()
    order = ["réalisé", "en cours", "lauréat", "à l'étude", "non retenu"]
    assert list(counts["statut"]) == [s for s in order if s in expected]


def test_surfaces_in_square_metres_largest_first(frames):
    areas = agg.surfaces(frames["projets"])
    assert areas["surface"].to_list() == [4800, 4000, 2500, 600]
    fig = charts.surfaces(areas, "t")
    assert sorted(plain(t) for trace in fig.data for t in trace.text) == sorted(
        ["4 800 m²", "4 000 m²", "2 500 m²", "600 m²"]
    )
    assert areas.iloc[0]["nom"] == "Équipement mutualisé MedAnim"


def test_map_places_each_project_at_its_lieu_apart_from_the_others(frames, projets_csv):
    lieux = read_csv_text(DATA / "lieux.csv").set_index("id")
    placed = projets_csv[projets_csv["lieu"].isin(lieux.index)]
    points = agg.map_points(frames["projets"], frames["lieux"])
    assert len(points) == len(placed)
    assert agg.unplaced(frames["projets"], frames["lieux"]) == len(projets_csv) - len(placed)
    assert not points.duplicated(["latitude", "longitude"]).any()
    original = lieux.loc[placed["lieu"], ["latitude", "longitude"]].astype(float).to_numpy()
    assert (abs(points[["latitude", "longitude"]].to_numpy() - original) < 0.01).all()
    satis = points[points["nom"].str.startswith("Développement de l'école SATIS")].iloc[0]
    assert (satis["budget"], satis["soutien"]) == (740_000, 700_000)
    assert plain(charts.amounts_text(points[points["nom"] == satis["nom"]])[0]) == (
        "Budget total : 740 000 € ; Soutien de l'État : 700 000 €"
    )
    assert satis["commune"] == "Aubagne" and satis["couleur"] == [0, 114, 178]


def test_table_marks_approximate_figures(frames):
    rows = frames["projets"][frames["projets"]["id"] == "satis"].assign(approximatif=True)
    rows["approximatif"] = rows["approximatif"].astype("boolean")
    table = tables.projects(rows)
    assert [plain(table.iloc[0][c]) for c in ("Budget total", "Soutien de l'État", "Surface")] == [
        "env. 740 000 €",
        "env. 700 000 €",
        "env. 600 m²",
    ]
    assert table.iloc[0]["Commune"] == "Aubagne" and table.iloc[0]["Filière"] == "Cinéma"


def test_card_facts_and_funding_rows(frames):
    cinefabrique = frames["projets"][frames["projets"]["id"] == "cinefabrique"].iloc[0]
    assert [(label, plain(value)) for label, value in tables.project_facts(cinefabrique)] == [
        ("Budget total", "non précisé"),
        ("Soutien de l'État", "15 M€"),
        ("Surface", "non précisée"),
        ("Statut", "en cours"),
    ]
    funding = tables.project_funding(agg.funding_rows(frames["financements"], "cinefabrique"))
    assert len(funding) == 3
    locaux = funding[funding["Niveau du financeur"] == "Ville"].iloc[0]
    assert (plain(locaux["Montant"]), locaux["Récurrence"], locaux["Statut"]) == (
        "env. 52 500 €",
        "par an",
        "en nature",
    )


# --- charts -----------------------------------------------------------------------------


def test_budget_chart_groups_budget_and_support_and_says_when_a_budget_is_missing(frames):
    fig = charts.budget_vs_support(agg.budgets(frames["projets"]), "t")
    budget, support = fig.data
    assert (budget.name, support.name) == ("Budget total", "Soutien de l'État")
    assert fig.layout.barmode == "group" and support.marker.color == LEVEL_COLORS["État"]
    labels = list(budget.y)
    studios = labels.index(next(y for y in labels if y.startswith("Les Studios de la Méditerranée")))
    assert plain(budget.text[studios]) == "211,5 M€" and support.text[studios] == "non précisé"
    cine = labels.index(next(y for y in labels if y.startswith("École CinéFabrique")))
    assert budget.x[cine] == 0 and budget.text[cine] == charts.NO_BUDGET and plain(support.text[cine]) == "15 M€"
    assert budget.customdata[studios] == STUDIOS  # whole name in the hover, cut one on the axis
    assert labels[studios].endswith("…")


def test_status_chart_counts_with_status_colours(frames):
    fig = charts.by_status(agg.by_status(frames["projets"]), "t")
    bar = fig.data[0]
    colours = dict(zip(bar.x, bar.marker.color, strict=True))
    assert colours["lauréat"] == STATUS_COLORS["lauréat"] and colours["à l'étude"] == charts.OTHER_STATUS
    assert dict(zip(bar.x, bar.text, strict=True))["lauréat"] == "5"


def test_surface_chart_in_family_colours(frames):
    fig = charts.surfaces(agg.surfaces(frames["projets"]), "t")
    assert fig.data[0].marker.color == family_color("cinema_audiovisuel")
    assert plain(fig.data[0].text[0]) == "4 800 m²"


def test_names_are_shown_literally_in_charts_and_map():
    rows = pd.DataFrame(
        {
            "id": ["x"],
            "nom": [XSS],
            "budget": [1000.0],
            "soutien": [float("nan")],
            "approximatif": [False],
        }
    )
    fig = charts.budget_vs_support(rows, "t")
    assert list(fig.data[0].y) == [ESCAPED] and list(fig.data[0].customdata) == [ESCAPED]
    points = pd.DataFrame(
        {
            "nom": [XSS],
            "commune": ["A"],
            "statut": ["lauréat"],
            "budget": [float("nan")],
            "soutien": [1000.0],
            "approximatif": [False],
            "latitude": [43.3],
            "longitude": [5.4],
            "couleur": [[0, 0, 0]],
        }
    )
    deck = json.loads(charts.project_map(points).to_json())
    assert deck["layers"][0]["@@type"] == "ScatterplotLayer"
    assert XSS in json.dumps(deck, ensure_ascii=False)  # data as written: deck.gl shows text tooltips as text
    assert set(charts.project_map(points)._tooltip) == {"text"}  # never "html"


# --- page -------------------------------------------------------------------------------


def run(monkeypatch, tmp_path, query: dict | None = None) -> AppTest:
    fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(PAGE, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: plain(m.value) for m in at.metric}


def table_of(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Porteur" in d.value.columns)


def test_page_without_filter_shows_every_project(monkeypatch, tmp_path, projets_csv):
    at = run(monkeypatch, tmp_path)
    assert not at.exception, at.exception
    assert at.title[0].value == "Grands projets"
    shown = metrics(at)
    assert shown["Projets"] == str(len(projets_csv))
    assert shown["Soutien de l'État cumulé"] == "22,2 M€"
    table = table_of(at)
    assert len(table) == len(projets_csv)
    assert plain(table.loc[table["Projet"] == STUDIOS, "Budget total"].iloc[0]) == "211,5 M€"
    assert [e.label.replace("\\", "") for e in page_expanders(at)] == list(projets_csv["nom"])
    assert any("3 projets sans budget total" in c.value for c in at.caption)
    assert any(t.value.startswith("Sans montant dans l'annexe 3") for t in at.text)
    assert len(at.get("plotly_chart")) == 3 and len(at.get("deck_gl_json_chart")) == 1
    assert any("Données : Grands projets v1 du" in c.value for c in at.caption)
    # The CinéMaBase card lists the Métropole's 80 000 € a year.
    card = page_expanders(at)[0]
    funding = card.dataframe[0].value
    assert plain(funding.iloc[0]["Montant"]) == "80 000 €" and funding.iloc[0]["Récurrence"] == "par an"


def test_page_filtered_on_a_territory(monkeypatch, tmp_path):
    at = run(monkeypatch, tmp_path, {"territoire": "Pays de Martigues"})
    assert not at.exception, at.exception
    assert metrics(at)["Projets"] == "1"
    assert list(table_of(at)["Projet"]) == [STUDIOS]
    funding = page_expanders(at)[0].dataframe[0].value
    assert len(funding) == 4  # the whole project and its three volets
    assert set(funding["Statut"]) == {"estimé", "lauréat", "non retenu"}


def test_page_with_a_funding_status_filter_narrows_the_cards(monkeypatch, tmp_path):
    at = run(monkeypatch, tmp_path, {"statut": "lauréat", "territoire": "Pays de Martigues"})
    assert not at.exception, at.exception
    funding = page_expanders(at)[0].dataframe[0].value
    assert set(funding["Statut"]) == {"lauréat"} and len(funding) == 2


def test_page_says_when_no_project_matches(monkeypatch, tmp_path):
    at = run(monkeypatch, tmp_path, {"filiere": "edition"})
    assert not at.exception, at.exception
    assert at.info[0].value.startswith("Grands projets : Aucune donnée ne correspond aux filtres choisis")
    assert not at.dataframe and not at.expander


def test_a_hostile_project_name_is_shown_literally_never_as_markdown(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)["projets"]
    projets = store.read_version(engine, current.id)
    hostile = projets[projets["id"] == "satis"].assign(id="xss", nom=XSS, description=f"Texte {XSS} **gras**")
    store.publish(engine, "projets", pd.concat([projets, hostile]), "test", "nom hostile", current.id)

    at = AppTest.from_file(PAGE, default_timeout=60).run()
    assert not at.exception, at.exception
    assert XSS in list(table_of(at)["Projet"])
    assert f"Texte {XSS} **gras**" in [t.value for t in at.text]
    assert r"\<img src=x onerror=alert(1)\>" in [e.label for e in at.expander]
    for chart in at.get("plotly_chart"):
        spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        assert XSS not in spec
    assert ESCAPED in json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    deck = at.get("deck_gl_json_chart")[0].proto
    assert XSS in json.dumps(json.loads(deck.json), ensure_ascii=False)
    assert set(json.loads(deck.tooltip)) == {"text"}
    markdown = [e.value for e in [*at.markdown, *at.caption, *at.title, *at.header, *at.subheader, *at.info]]
    markdown += [e.label for e in at.expander] + [f"{m.label} {m.value}" for m in at.metric]
    assert not [m for m in markdown if XSS in m]
