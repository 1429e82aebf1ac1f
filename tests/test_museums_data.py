"""The territory's Musées de France and their yearly attendance in the default data (Muséofile and
« Fréquentation des musées de France », ministère de la Culture)."""

import pandas as pd
import pytest

from icc.intake import musees
from icc.intake.reading import read_upload
from icc.prepared.aggregations import frequentation as fq
from icc.prepared.model import enrich
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ministere"
MUSEOFILE = FIXTURES / "musees-de-france-base-museofile.csv"
ATTENDANCE = FIXTURES / "frequentation-des-musees-de-france.csv"


def _read(path, content=None):
    data = content if content is not None else path.read_bytes()
    return read_upload(data, path.name, 500 * 1024 * 1024, 1_000_000).frame


@pytest.fixture(scope="module")
def museofile():
    return _read(MUSEOFILE)


@pytest.fixture(scope="module")
def enriched(default_frames):
    return enrich(default_frames)


def test_every_musee_de_france_of_the_92_communes_is_a_place_once(default_frames, museofile):
    communes = default_frames["communes"]
    lieux = default_frames["lieux"]
    kept = musees.museofile_to_lieux(museofile, communes.astype(str)).frame
    # The issue counted 29 by town name; Muséofile writes the Légion étrangère's town « Aubagne et
    # Puyloubier » (postcode 13400, its point in Aubagne): a 30th museum of the territory.
    assert len(kept) == 30
    ids = lieux["identifiant_museofile"].dropna()
    assert sorted(ids) == sorted(kept["identifiant_museofile"]) and ids.is_unique
    towns = lieux[lieux["identifiant_museofile"].notna()]["code_insee"].value_counts()
    assert (towns["13055"], towns["13001"], towns["13005"]) == (12, 8, 1)  # Marseille, Aix, Aubagne
    for code in ("13056", "13028", "13047", "13022", "13050", "13092", "13091"):
        assert towns[code] == 1  # Martigues, La Ciotat, Istres, Cassis, Lambesc, Saint-Chamas, Saint-Cannat
    assert towns["13103"] == 2  # Salon-de-Provence: the Empéri and the musée de Salon et de la Crau


def test_the_roadmap_museums_keep_their_rows_and_gain_their_museofile_record(default_frames):
    lieux = default_frames["lieux"].set_index("id")
    mucem = lieux.loc["mucem"]
    assert (mucem["nom"], mucem["identifiant_museofile"], mucem["filiere"]) == ("MuCEM", "M5002", "arts_visuels")
    assert (round(mucem["latitude"], 4), round(mucem["longitude"], 4)) == (43.2969, 5.3611)
    assert mucem["precision_localisation"] == "adresse" and mucem["site_internet"] == "www.mucem.org/"
    assert "Feuille de route" in mucem["source"] and "Muséofile" in mucem["source"]
    granet = lieux.loc["musee_granet"]
    assert (granet["identifiant_museofile"], granet["filiere"]) == ("M0894", "arts_visuels")
    assert "Place Saint-Jean-de-Malte" in granet["adresse"]
    others = lieux[lieux["identifiant_museofile"].notna() & ~lieux.index.isin(["mucem", "musee_granet"])]
    assert set(others["filiere"]) == {"musees_patrimoine"} and set(others["precision_localisation"]) == {"adresse"}


def test_a_museum_only_the_attendance_file_knows_is_a_place_at_its_commune(default_frames):
    lieux = default_frames["lieux"].set_index("id")
    only = lieux[lieux.index.str.startswith("frequentation_")]
    assert sorted(only["nom"]) == [
        "Musée de l'Uniforme - Musée de la Légion Etrangère",
        "Musée de la Faïence",
        "Musée de la Mode",
        "Musée du Vieux Marseille",
    ]
    assert set(only["precision_localisation"]) == {"commune"}
    assert only.loc["frequentation_1307901", "code_insee"] == "13079"  # Puyloubier


def test_attendance_2001_to_2021_of_34_museums_and_the_mucem_2019_total(default_frames):
    rows = default_frames["frequentation_lieux"]
    assert len(rows) == 622 and rows["ref_musee"].nunique() == 34 and rows["lieu"].nunique() == 34
    assert (rows["annee"].min(), rows["annee"].max()) == (2001, 2021)
    mucem = rows.set_index("id").loc["mucem_2019"]
    assert (mucem["total"], mucem["payant"], mucem["gratuit"]) == (470_486, 241_812, 228_674)
    assert mucem["ref_musee"] == "1320201"


def test_a_missing_figure_says_why_and_is_never_zero(default_frames):
    rows = default_frames["frequentation_lieux"]
    missing = rows[rows["total"].isna()]
    assert missing["chiffre_manquant"].notna().all()
    assert set(missing["chiffre_manquant"]) == {"fermé", "non communiqué", "compté avec un autre musée"}
    assert rows.loc[rows["total"].notna(), "chiffre_manquant"].isna().all()
    granet_2003 = rows.set_index("id").loc["musee_granet_2003"]
    assert pd.isna(granet_2003["total"]) and granet_2003["chiffre_manquant"] == "fermé"
    # The MAAOA's visits of 2012 are in the musée d'Archéologie méditerranéenne's (same building).
    maaoa = rows.set_index("id").loc["museofile_m0920_2012"]
    assert maaoa["chiffre_manquant"] == "compté avec un autre musée" and maaoa["compte_avec"] == "museofile_m0919"


def test_the_territory_totals_the_officials_quote(enriched):
    years = fq.by_year(enriched["frequentation_lieux"]).set_index("annee")
    assert years.loc[2012, "total"] == 616_041  # « 0,62 million »
    assert years.loc[2013, "total"] == 1_877_457  # the MuCEM's first year, Marseille-Provence 2013
    assert years.loc[2019, "total"] == 1_354_670
    assert years.loc[2020, "total"] == 561_390
    assert years.loc[2019, "musees_chiffres"] == 21
    # Every museum of a year is either counted or said missing, once.
    counts = years[["musees_chiffres", "fermes", "non_communiques", "comptes_avec"]].sum(axis=1)
    per_year = enriched["frequentation_lieux"].groupby("annee")["lieu"].nunique()
    assert counts.tolist() == per_year.tolist()


def test_a_museum_counted_with_another_adds_nothing_to_the_total(enriched):
    rows = enriched["frequentation_lieux"]
    before = fq.by_year(rows).set_index("annee").loc[2012]
    # Give the MAAOA (counted with the MAM in 2012) a figure: the total would count it twice.
    doubled = rows.copy()
    doubled.loc[doubled["id"] == "museofile_m0920_2012", "total"] = 999
    assert fq.by_year(doubled).set_index("annee").loc[2012, "total"] == before["total"] + 999
    assert before["comptes_avec"] == 2 and rows.loc[rows["id"] == "museofile_m0920_2012", "total"].isna().all()


def test_the_same_files_with_other_header_spellings_give_the_same_tables(default_frames, museofile):
    communes = default_frames["communes"].astype(str)
    text = ATTENDANCE.read_bytes().decode("utf-8")
    header, rest = text.split("\n", 1)
    shouted = (" ; ".join(h.upper().replace("_", " ") for h in header.split(";")) + "\n" + rest).encode("utf-8")
    plain = musees.frequentation_rows(_read(ATTENDANCE), communes)
    other = musees.frequentation_rows(_read(ATTENDANCE, shouted), communes)
    pd.testing.assert_frame_equal(plain.frame, other.frame)
    assert plain.excluded == other.excluded
    assert plain.excluded == {"département hors de la Métropole": 23_238, "commune hors de la Métropole": 909}


def test_towns_are_read_within_their_departement_whatever_their_spelling():
    assert musees.fold_town("LES-BAUX-DE-PROVENCE") == musees.fold_town("Les Baux de Provence")
    assert musees.fold_town("St Chamas") == musees.fold_town("SAINT-CHAMAS") == "saint chamas"
    assert musees.first_town("AUBAGNE/PUYLOUBIER") == "AUBAGNE"
    assert musees.first_town("Aubagne et Puyloubier") == "Aubagne"
    assert musees.first_town("AUBAGNE & PUYLOUBIER") == "AUBAGNE"
    assert musees.departement_code("BOUCHES DU RHONE") == musees.departement_code("Bouches-du-Rhône") == "13"
