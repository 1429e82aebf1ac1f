"""The default dataset drawn from the roadmap: valid, faithful, cross-referenced."""

import json

from icc.datasets import datapackage
from icc.datasets.geo import SHIPPED
from icc.datasets.schema import DATASETS, ORDER
from icc.intake.seed import read_csv_text
from icc.intake.validation import validate_all, validate_table
from tests.conftest import DATA


def test_every_default_csv_validates_with_no_problem_at_all(contours):
    frames = {}
    for name in ORDER:
        frames[name], problems = validate_table(DATASETS[name], read_csv_text(DATA / f"{name}.csv"))
        assert [p.text() for p in problems] == [], name
    assert [p.text() for p in validate_all(frames, contours)] == []


def test_the_92_communes_of_the_metropole(default_frames):
    communes = default_frames["communes"]
    assert len(communes) == 92
    assert communes["conseil_de_territoire"].value_counts().to_dict() == {
        "Pays d'Aix": 36,
        "Marseille Provence": 18,
        "Pays Salonais": 17,
        "Pays d'Aubagne et de l'Étoile": 12,
        "Istres-Ouest Provence": 6,
        "Pays de Martigues": 3,
    }


def test_every_row_says_its_source(default_frames):
    for name, frame in default_frames.items():
        assert frame["source"].str.strip().str.len().gt(0).all(), name


def test_the_six_families_of_the_roadmap_the_pluridisciplinary_festivals_and_the_museums(default_frames):
    families = default_frames["filieres"]
    cited = families["priorite"].notna()  # the roadmap says what it makes of each family it cites
    assert sorted(families.loc[families["famille"].isna() & ~cited, "nom"]) == [
        "Musées et patrimoine",
        "Pluridisciplinaire",
    ]
    assert sorted(families.loc[families["famille"].isna() & cited, "code"]) == [
        "arts_visuels",
        "cinema_audiovisuel",
        "edition",
        "jeux_video_esport",
        "mode_creation",
        "musique_spectacle_vivant",
    ]


def test_studios_de_la_mediterranee_volets_add_up_to_its_211_5_million(default_frames):
    fin = default_frames["financements"]
    parent = fin[(fin["projet"] == "studios_mediterranee") & fin["parent"].isna()]
    assert parent["montant_eur"].tolist() == [211_500_000]
    volets = fin[fin["parent"] == parent["id"].iloc[0]]
    assert sorted(volets["montant_eur"]) == [30_000_000, 82_000_000, 99_500_000]


def test_approximate_figures_stay_marked(default_frames):
    events = default_frames["evenements"].set_index("nom")
    lyrique = events[events.index.str.contains("art lyrique d'Aix")]
    assert lyrique["frequentation"].tolist() == [100_000] and lyrique["approximatif"].tolist() == [True]
    delta = default_frames["evenements"].set_index("id").loc["delta_festival"]
    assert (delta["frequentation"], delta["type_frequentation"], delta["approximatif"]) == (150_000, "visiteurs", False)
    jazz = default_frames["evenements"].set_index("id").loc["marseille_jazz_cinq_continents"]
    assert (jazz["frequentation"], jazz["approximatif"]) == (50_000, True)  # « + de 50 000 visiteurs »


def test_datapackage_is_generated_from_the_schema():
    committed = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert committed == datapackage.render(), "régénérer avec : python -m icc.datasets.datapackage"
    resources = json.loads(committed)["resources"]
    assert [r["name"] for r in resources] == [*ORDER, "contours_communes"]
    assert resources[-1]["path"] == "communes.geojson" and resources[-1]["licenses"][0]["name"] == "etalab-2.0"
    assert [f["name"] for f in resources[0]["schema"]["fields"]] == DATASETS["communes"].columns


def test_the_shipped_contours_are_exactly_the_92_communes_of_epci_200054807(default_frames):
    shipped = json.loads(SHIPPED.read_text(encoding="utf-8"))
    codes = [f["properties"]["code"] for f in shipped["features"]]
    assert len(codes) == len(set(codes)) == 92
    assert sorted(codes) == sorted(default_frames["communes"]["code_insee"])
    assert {"13055", "13001", "13056", "13047"} <= set(codes)  # Marseille, Aix, Martigues, Istres
    assert "Licence Ouverte" in shipped["licence"] and "Admin Express" in shipped["source"]
    assert SHIPPED.stat().st_size < 300_000  # simplified: small enough to ship and to send


def test_every_default_point_lies_in_its_commune_on_the_shipped_contours(contours, default_frames):
    from icc.datasets.geo import points_in_communes

    assert contours.origin.startswith("IGN Admin Express")
    for name in ("lieux", "communes"):
        frame = default_frames[name].dropna(subset=["latitude", "longitude"])
        inside = points_in_communes(frame["code_insee"], frame["latitude"], frame["longitude"], contours)
        assert len(frame) > 0 and inside.all(), frame.loc[~inside, "code_insee"].tolist()
