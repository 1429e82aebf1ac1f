"""The métropoles compared on their museums (issue 31, part 5): towns matched to their commune, the table
derived from the Ministry's Muséofile and attendance files, its page, screens, PowerPoint and Excel."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation

from icc import formatting as fr
from icc.datasets import metropoles as mt
from icc.intake import comparaison as cmp
from icc.intake import comparaison_musees as cm
from icc.intake import villes
from icc.prepared.aggregations import metropoles as agg
from icc.prepared.filters import Filters
from icc.present import deck, panels
from icc.present.panels import metropoles as mp
from icc.present.panels.base import readable
from tests.apptest import chart_tables, fresh_env, open_page, texts
from tests.conftest import DATA, ROOT
from tests.test_deck import TODAY
from tests.test_screens import bundle_of, plain

MINISTERE = ROOT / "tests" / "fixtures" / "ministere"
MUSEOFILE = MINISTERE / "musees-de-france-base-museofile.csv"
ATTENDANCE = MINISTERE / "frequentation-des-musees-de-france.csv"


@pytest.fixture(scope="module")
def reference():
    return cm.reference(DATA)


@pytest.fixture(scope="module")
def communes(reference) -> villes.Communes:
    return reference[2]


# --- a town matched to its commune: names as the two files write them ---------------------


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("BOUCHES DU RHONE", "13"),  # early years of the attendance file
        ("Bouches-du-Rhône", "13"),
        ("Seine-St-Denis", "93"),
        ("SEINE SAINT-DENIS", "93"),
        ("Val d’Oise", "95"),  # a typographic apostrophe (Muséofile)
        ("CÔTE D’OR", "21"),
        ("Correze", "19"),
        ("ILE ET VILAINE", "35"),  # misspelt: a letter away from Ille-et-Vilaine only (Rennes' museums)
        ("Bretagne", None),
    ],
)
def test_a_departement_is_read_however_it_is_written(communes, written, expected):
    assert communes.departement(written) == expected


@pytest.mark.parametrize(
    ("departement", "town", "postcode", "code"),
    [
        ("13", "AIX-EN-PROVENCE", "", "13001"),
        ("13", "Aix-En-Provence", "", "13001"),
        ("13", "ST CHAMAS", "", "13092"),  # « St » is « Saint »
        ("13", "Saint-Rémy-de-Provence", "", "13100"),
        ("13", "Marseille", "13233", "13055"),  # a CEDEX postcode: the name decides
        ("13", "AUBAGNE/PUYLOUBIER", "", "13005"),  # one museum, two towns: the first one found
        ("13", "AUBAGNE & PUYLOUBIER", "", "13005"),
        ("13", "Aubagne et Puyloubier", "13400", "13005"),  # Muséofile's M9003, the Légion étrangère
        ("69", "LYON", "", "69123"),
        ("75", "PARIS", "", "75056"),
        ("67", "Woerth", "67360", "67550"),  # Wœrth: the ligature
        ("92", "Neuilly", "92200", "92051"),  # Neuilly-sur-Seine: its postcode's only commune
        ("93", "Saint-Ouen", "93400", "93070"),  # Saint-Ouen-sur-Seine
        ("94", "La Varenne-Saint-Hilaire", "94210", "94068"),  # a district of Saint-Maur-des-Fossés
        ("54", "Laneuveville", "54410", "54300"),  # Laneuveville-devant-Nancy
        ("76", "Elbeuf-sur-Seine", "76500", "76231"),  # Elbeuf: the start of the name
        ("93", "MONTREUIL-SOUS-BOIS", "", "93048"),  # Montreuil
        ("83", "LE POUVEREL LA GARDE", "", "83062"),  # La Garde: the end of the name
        ("34", "LE CAP D'AGDE", "", "34003"),  # Agde
    ],
)
def test_a_town_is_matched_to_its_commune(communes, departement, town, postcode, code):
    found = communes.match(departement, town, postcode)
    assert (found.code, found.reason) == (code, "")


def test_a_town_not_found_is_said_so_never_guessed(communes):
    # The Pavillon Flaubert: a hamlet whose postcode has several communes.
    assert communes.match("76", "Dieppedalle-Croisset", "76380") == villes.Match(None, villes.NO_TOWN)
    # Two communes of the Nord each fit (Fourmies, Trélon): neither is chosen.
    assert communes.match("59", "FOURMIES-TRELON").reason == villes.SEVERAL_TOWNS
    assert communes.match(None, "RENNES").reason == villes.NO_DEPARTMENT
    assert communes.match("13", "Atlantide").code is None


def test_names_are_compared_without_case_accents_articles_or_abbreviations():
    assert villes.normalise("L'Alpe d'Huez") == villes.normalise("ALPE D'HUEZ") == "alpe d huez"
    assert villes.normalise("ST-RÉMY-DE-PROVENCE") == villes.normalise("Saint-Rémy-de-Provence")
    assert villes.normalise("Marseille 6e Arrondissement") == "marseille"
    assert villes.normalise("AIME-EN-TARENTAISE Cedex") == "aime en tarentaise"
    assert villes.towns("Aubagne/Puyloubier") == ["Aubagne", "Puyloubier"]
    assert villes.towns("Moret-sur-Loing-et-Orvanne") == ["Moret-sur-Loing-et-Orvanne"]  # one town


# --- the derivation, on a hand-made sample placed with the shipped reference ---------------

MUSEOFILE_ROWS = [
    # ref, nomoff, ville_m, cp_m, dpt, dmaj
    ("M1", "musée un", "Marseille", "13002", "Bouches-du-Rhône", "2021-11-26"),
    ("M2", "musée deux", "Aix-en-Provence", "13100", "Bouches-du-Rhône", "2022-01-10"),
    ("M3", "musée trois", "Lyon", "69002", "Rhône", "2021-06-01"),
    ("M4", "musée hors métropole", "Arles", "13200", "Bouches-du-Rhône", ""),
    ("M5", "musée du Gers", "Auch", "32000", "Gers", ""),
    ("M6", "musée perdu", "Atlantide", "13999", "Bouches-du-Rhône", ""),
]
ATTENDANCE_ROWS = [
    # ref_musee, nom_du_musee, annee, ville, nomdep, total, note, id_museofile
    ("1300001", "Musée un", "2021", "MARSEILLE", "Bouches-du-Rhône", "1000", "", "M1"),
    ("1300002", "Musée deux", "2021", "Aix-En-Provence", "Bouches-du-Rhône", "", "F", "M2"),
    ("1300003", "Musée trois", "2021", "MARSEILLE", "Bouches-du-Rhône", "500", "R", ""),  # counted with another
    ("1300004", "Musée quatre", "2021", "Aubagne/Puyloubier", "Bouches-du-Rhône", "", "NC", ""),
    ("1300005", "Musée cinq", "2021", "Marseille", "Bouches-du-Rhône", "", "", ""),  # no figure, no note
    ("6900001", "Musée de Lyon", "2021", "LYON", "RHÔNE", "", "F", "M3"),
    ("1300001", "Musée un", "2019", "MARSEILLE", "BOUCHES DU RHONE", "3 000", "", ""),
    ("1300006", "Musée six", "2019", "ST CHAMAS", "BOUCHES DU RHONE", "200", "", ""),
    ("1300001", "Musée un", "2010", "MARSEILLE", "BOUCHES DU RHONE", "9999", "", ""),  # neither year: unused
    ("1300009", "Musée perdu", "2021", "Atlantide", "Bouches-du-Rhône", "70", "", ""),
]


def csv_bytes(header: list[str], rows) -> bytes:
    return ("\n".join([";".join(header), *(";".join(r) for r in rows)]) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def sample(reference) -> mt.Museums:
    epci, codes, communes = reference
    museofile = cm.read_museofile(
        csv_bytes(["ref", "nomoff", "ville_m", "cp_m", "dpt", "dmaj"], MUSEOFILE_ROWS), "museofile.csv"
    )
    attendance = cm.read_attendance(
        csv_bytes(
            ["REF_MUSEE", "Nom du musee", "annee", "ville", "nomdep", "total", "note", "id_museofile"],
            ATTENDANCE_ROWS,
        ),
        "frequentation.csv",
    )
    return cm.derive(museofile, attendance, epci, codes, communes)


def test_each_museum_counts_for_the_metropole_of_its_commune(sample):
    table = sample.table.set_index("code_epci")
    amp, lyon = table.loc[mt.AMP], table.loc["200046977"]
    assert (amp["musees_de_france"], lyon["musees_de_france"]) == (2, 1)  # Arles and Auch are in no métropole
    assert table["musees_de_france"].sum() == 3
    assert len(sample.table) == 22


def test_closed_and_uncounted_museums_add_nothing_and_are_counted(sample):
    amp = sample.table.set_index("code_epci").loc[mt.AMP]
    assert amp["annee"] == 2021
    assert amp["visites"] == 1000  # the « R » museum's 500 adds nothing
    assert (amp["musees_chiffres"], amp["musees_fermes"], amp["musees_sans_chiffre"]) == (1, 1, 2)
    assert amp["musees_comptes_avec_un_autre"] == 1
    assert amp["visites_pour_100000"] == round(1000 / amp["population"] * 100_000)
    assert (amp["visites_2019"], amp["musees_chiffres_2019"]) == (3200, 2)  # « 3 000 » read, 2010 not used
    lyon = sample.table.set_index("code_epci").loc["200046977"]
    # Lyon's only museum was closed: its visits are unknown (« non chiffré »), never 0.
    assert pd.isna(lyon["visites"]) and pd.isna(lyon["visites_pour_100000"]) and lyon["musees_fermes"] == 1


def test_the_towns_not_matched_are_listed(sample):
    lost = sample.unmatched
    assert set(zip(lost["fichier"], lost["identifiant"], lost["ville"], strict=True)) == {
        (cm.MUSEOFILE, "M6", "Atlantide"),
        (cm.ATTENDANCE, "1300009", "Atlantide"),
    }
    assert set(lost["raison"]) == {villes.NO_TOWN}


def test_the_sources_say_the_files_and_their_licence(sample):
    row = sample.table.iloc[0]
    assert row["source_musees"].endswith("fiches mises à jour jusqu'en janvier 2022 (Licence Ouverte 2.0)")
    assert row["source_frequentation"].endswith(
        "« Fréquentation des musées de France », 2010 à 2021 (Licence Ouverte 2.0)"
    )


def test_a_file_that_is_not_the_attendance_gets_a_french_message():
    with pytest.raises(cmp.ComparisonError) as caught:
        cm.read_attendance(b"ref_musee;annee\n1;2021\n", "autre.csv")
    assert caught.value.message.startswith("Ce fichier n'est pas « Fréquentation des musées de France » : il y manque")
    assert "la colonne « ville »" in caught.value.message


def test_the_communes_names_are_read_from_the_npm_package(tmp_path):
    (tmp_path / "data").mkdir()
    epci = [
        {
            "code": "200054807",
            "nom": "Métropole d'Aix-Marseille-Provence",
            "type": "METRO",
            "membres": [{"code": "13005", "nom": "Aubagne"}],
        },
        {"code": "200000009", "nom": "CC Voisine", "type": "CC", "membres": [{"code": "32013", "nom": "Auch"}]},
    ]
    communes = [
        {"code": "13005", "nom": "Aubagne", "departement": "13", "type": "commune-actuelle", "codesPostaux": ["13400"]},
        {"code": "13004", "nom": "Arles", "departement": "13", "type": "commune-actuelle", "codesPostaux": ["13200"]},
        {"code": "13055", "nom": "Marseille", "departement": "13", "type": "commune-actuelle"},
        {"code": "13201", "nom": "Marseille 1er", "commune": "13055", "type": "arrondissement-municipal"},
        {"code": "13999", "nom": "Ancienne", "departement": "13", "type": "commune-deleguee", "chefLieu": "13004"},
        {"code": "32013", "nom": "Auch", "departement": "32", "type": "commune-actuelle"},
    ]
    departements = [{"code": "13", "nom": "Bouches-du-Rhône"}, {"code": "32", "nom": "Gers"}]
    for name, content in (("epci", epci), ("communes", communes), ("departements", departements)):
        (tmp_path / "data" / f"{name}.json").write_text(json.dumps(content))
    table, names = cmp.names_from_package(tmp_path)
    assert table.to_dict("records") == departements
    # Only the départements where a métropole has a commune; arrondissements are their city.
    assert names.to_dict("records") == [
        {"code": "13004", "nom": "Arles", "departement": "13", "ancienne": "", "codes_postaux": "13200"},
        {"code": "13005", "nom": "Aubagne", "departement": "13", "ancienne": "", "codes_postaux": "13400"},
        {"code": "13055", "nom": "Marseille", "departement": "13", "ancienne": "", "codes_postaux": ""},
        {"code": "13999", "nom": "Ancienne", "departement": "13", "ancienne": "oui", "codes_postaux": ""},
    ]


# --- the shipped tables ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> mt.Museums:
    return mt.read_museums(DATA)


@pytest.fixture(scope="module")
def derived(reference) -> mt.Museums:
    epci, codes, communes = reference
    museofile = cm.read_museofile(MUSEOFILE.read_bytes(), MUSEOFILE.name)
    attendance = cm.read_attendance(ATTENDANCE.read_bytes(), ATTENDANCE.name)
    return cm.derive(museofile, attendance, epci, codes, communes)


def test_the_shipped_tables_are_what_the_command_derives_from_the_national_files(shipped, derived):
    pd.testing.assert_frame_equal(derived.table, shipped.table, check_dtype=False)
    pd.testing.assert_frame_equal(derived.unmatched, shipped.unmatched, check_dtype=False)


def test_the_command_rewrites_the_tables(tmp_path, capsys, shipped):
    (tmp_path / "reference").mkdir()
    for name in (mt.REFERENCE_EPCI, mt.REFERENCE_CODES, mt.REFERENCE_NAMES, mt.REFERENCE_DEPARTEMENTS):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    assert cm.main([str(MUSEOFILE), str(ATTENDANCE), "--dossier", str(tmp_path)]) == 0
    assert (tmp_path / mt.MUSEUMS).read_bytes() == (DATA / mt.MUSEUMS).read_bytes()
    assert (tmp_path / mt.UNMATCHED).read_bytes() == (DATA / mt.UNMATCHED).read_bytes()
    out = plain(capsys.readouterr().out)
    assert "Aix-Marseille-Provence : 30 musées de France, 784 783 visites en 2021 (22 musées chiffrés)." in out


def test_the_command_refuses_another_file_in_french(tmp_path, capsys):
    (tmp_path / "reference").mkdir()
    for name in (mt.REFERENCE_EPCI, mt.REFERENCE_CODES, mt.REFERENCE_NAMES, mt.REFERENCE_DEPARTEMENTS):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    other = tmp_path / "autre.csv"
    other.write_text("Nom;Ville\nA;B\n", encoding="utf-8")
    assert cm.main([str(other), str(ATTENDANCE), "--dossier", str(tmp_path)]) == 1
    assert "« Musées de France : base Muséofile » : il y manque la colonne « ref »" in capsys.readouterr().err
    assert not (tmp_path / mt.MUSEUMS).exists()


def test_the_territorys_museums_recounted_another_way(shipped):
    """The Muséofile rows whose town is written as one of the 92 communes of data/communes.csv (29, as issue 31
    counts them), and the Légion étrangère's « Aubagne et Puyloubier »; their 2021 visits through the
    attendance file's Muséofile identifiers."""
    museofile = cm.read_museofile(MUSEOFILE.read_bytes(), MUSEOFILE.name)
    ours = set(pd.read_csv(DATA / "communes.csv")["nom"])
    exact = museofile[(museofile["dpt"] == "Bouches-du-Rhône") & museofile["ville_m"].isin(ours)]
    assert len(exact) == 29
    refs = {*exact["ref"], "M9003"}
    amp = shipped.table.set_index("code_epci").loc[mt.AMP]
    assert amp["musees_de_france"] == len(refs) == 30
    attendance = cm.read_attendance(ATTENDANCE.read_bytes(), ATTENDANCE.name)
    year = attendance[(attendance["annee"] == "2021") & attendance["id_museofile"].isin(refs)]
    figures = year[(year["note"] == "") & (year["total"] != "")]
    assert amp["visites"] == figures["total"].astype(int).sum() == 784_783
    assert amp["musees_chiffres"] == len(figures) == 22
    assert amp["musees_fermes"] == (year["note"] == "F").sum() == 3
    assert amp["visites_2019"] == 1_354_670  # « 1,35 million in 2019 » (issue 31)


def test_no_museum_of_a_metropoles_departement_is_dropped_silently(shipped, communes):
    """Each Muséofile museum of a département where a métropole has a commune is matched to a commune, or listed."""
    museofile = cm.read_museofile(MUSEOFILE.read_bytes(), MUSEOFILE.name)
    listed = set(shipped.unmatched.loc[shipped.unmatched["fichier"] == cm.MUSEOFILE, "identifiant"])
    covered = 0
    for ref, town, postcode, dpt in museofile[["ref", "ville_m", "cp_m", "dpt"]].itertuples(index=False):
        departement = communes.departement(dpt)
        assert departement is not None, dpt  # every Muséofile département is read
        if communes.covers(departement):
            covered += 1
            assert (communes.match(departement, town, postcode).code is None) == (ref in listed), (ref, town)
    assert covered > 400 and listed


def test_the_unmatched_are_few_and_each_is_listed_once(shipped):
    lost = shipped.unmatched
    assert not lost.duplicated(["fichier", "identifiant"]).any()
    assert "Dieppedalle-Croisset" in set(lost["ville"])
    assert len(lost) <= 10


# --- what the page, the screens and the slides say ------------------------------------------


def strictly_ahead(values: pd.Series, value) -> int:
    return int((values > value).sum())


@pytest.mark.parametrize(("panel_id", "measure"), [(mp.MUSEES, agg.MUSEES), (mp.VISITES, agg.VISITES_PER_100K)])
def test_the_museum_ranks_shown_match_the_table(shipped, panel_id, measure):
    content = panels.panel(None, Filters(), panel_id)
    by_name = shipped.table.set_index("nom")[measure]
    for rank, name in zip(content.table["Rang"], content.table["Métropole"], strict=True):
        assert rank.split()[0] == mp.ordinal(1 + strictly_ahead(by_name, by_name[name]))
    amp = shipped.table.set_index("code_epci").loc[mt.AMP, measure]
    assert f"{mp.ordinal(1 + strictly_ahead(shipped.table[measure], amp))} des 22 métropoles" in content.title


def test_aix_marseille_provences_museum_ranks_in_words(shipped):
    assert mp.museum_sentence(shipped) == (
        "Aix-Marseille-Provence : 2e des 22 métropoles pour le nombre de musées de France, "
        f"12e pour les visites de musées pour {mp.HUNDRED_K} habitants en 2021."
    )


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 100), st.one_of(st.none(), st.integers(0, 5_000_000)), st.integers(100_000, 8_000_000)
        ),
        min_size=2,
        max_size=22,
    )
)
def test_the_museum_sentence_matches_any_table(rows):
    """Property: the ranks said are 1 + the métropoles strictly ahead; a métropole whose visits are unknown has no
    rank on them (« non classée »), and is never ahead of another."""
    table = pd.DataFrame(
        {
            "code_epci": [mt.AMP, *(f"2{i:08d}" for i in range(1, len(rows)))],
            "nom": [f"Métropole {i}" for i in range(len(rows))],
            "musees_de_france": [n for n, _, _ in rows],
            "visites": pd.array([v for _, v, _ in rows], dtype="Int64"),
            "population": [p for _, _, p in rows],
            "annee": 2021,
        }
    )
    table["visites_pour_100000"] = (table["visites"] / table["population"] * 100_000).astype("float64").round(0)
    data = mt.Museums(table, pd.DataFrame(columns=mt.UNMATCHED_COLUMNS))
    words = []
    for measure in agg.MUSEUM_MEASURES:
        mine = table[measure].iloc[0]
        if pd.isna(mine):
            words.append("non classée")
            continue
        tied = int((table[measure] == mine).sum()) > 1
        words.append(mp.rank_words(1 + strictly_ahead(table[measure], mine), tied))
    assert mp.museum_sentence(data) == (
        f"Aix-Marseille-Provence : {words[0]} des {fr.nombre(len(rows))} métropoles pour le nombre de musées de "
        f"France, {words[1]} pour les visites de musées pour {mp.HUNDRED_K} habitants en 2021."
    )


def test_the_visits_note_says_2021_is_no_ordinary_year_and_what_each_figure_covers(shipped):
    content = panels.panel(None, Filters(), mp.VISITES)
    note = plain(content.note)
    assert "2021 n'est pas une année ordinaire : la crise sanitaire a fermé les musées" in note
    assert "Aix-Marseille-Provence : 22 musées chiffrés, 3 fermés, 1 sans chiffre." in note
    assert "En 2019, Aix-Marseille-Provence était 14e avec 69 862 visites pour 100 000 habitants" in note
    assert "n'ajoute rien : il n'est pas compté pour 0" in note
    assert "Dieppedalle-Croisset" in note
    sources = plain(content.sources)
    assert "« Fréquentation des musées de France », 2001 à 2021 (Licence Ouverte 2.0)" in sources
    assert "« Musées de France : base Muséofile »" in sources


@pytest.fixture(scope="module")
def bundle(default_frames):
    return bundle_of(default_frames)


def test_the_screens_the_powerpoint_and_the_excel_show_the_museums(bundle, shipped):
    ids = [mp.MUSEES, mp.VISITES]
    contents = panels.build(bundle, Filters(), ids)
    slides = list(Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ids, today=TODAY, template=""))).slides)
    charts = []
    for content, slide in zip(contents, slides[2:], strict=True):
        assert slide.shapes.title.text_frame.text == content.title
        (chart,) = [s.chart for s in slide.shapes if s.has_chart]  # a native chart, not a picture
        charts.append(dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=True)))
    by_name = shipped.table.set_index("nom")
    assert charts[0] == {n: float(v) for n, v in by_name["musees_de_france"].items()}
    assert charts[0]["Métropole d'Aix-Marseille-Provence"] == 30
    assert charts[1]["Métropole d'Aix-Marseille-Provence"] == 40_472
    workbook = load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, Filters(), ids, today=TODAY)))
    rows = list(workbook["Métropoles musées"].iter_rows(values_only=True))
    assert rows[0][:3] == ("Rang", "Métropole", "Musées de France")
    assert {r[1]: r[2] for r in rows[1:]} == by_name["musees_de_france"].to_dict()


def test_the_page_shows_the_museums_ranks_and_the_towns_not_matched(monkeypatch, tmp_path, shipped):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/metropoles.py")
    assert not at.exception, at.exception
    assert mp.museum_sentence(shipped) in [t.value for t in at.text]
    shown = plain(texts(at))
    assert "Les musées" in shown and "2021 n'est pas une année ordinaire" in shown
    assert "Aix-Marseille-Provence, 2e des 22 métropoles pour le nombre de musées de France" in shown
    tables = chart_tables(at)
    museums = next(t for t in tables if "Musées de France" in t.columns)
    amp = museums[museums["Métropole"] == "Métropole d'Aix-Marseille-Provence"].iloc[0]
    assert (amp["Rang"], amp["Musées de France"]) == ("2e", "30")
    visits = next(t for t in tables if "Visites en 2021" in t.columns)
    amp = visits[visits["Métropole"] == "Métropole d'Aix-Marseille-Provence"].iloc[0]
    assert (amp["Rang"], amp["Visites en 2021"], amp["Musées chiffrés"]) == ("12e", fr.nombre(784_783), "22")
    assert readable(panels.panel(None, Filters(), mp.VISITES))["Métropole"].tolist() == visits["Métropole"].tolist()
    lost = [t.value for t in at.table if "Ville écrite dans le fichier" in t.value.columns]
    assert lost and "Dieppedalle-Croisset" in lost[0]["Ville écrite dans le fichier"].tolist()
    assert [b.label for b in at.get("download_button")] == ["Télécharger la liste (CSV)"]


def test_without_the_museums_table_the_page_says_how_to_make_it(monkeypatch, tmp_path):
    monkeypatch.setenv("ICC_DATA_DIR", str(tmp_path))
    for panel_id in (mp.MUSEES, mp.VISITES):
        content = panels.panel(None, Filters(), panel_id)
        assert content.empty and content.empty_message == mp.MISSING_MUSEUMS
    assert "python -m icc.intake.comparaison_musees" in mp.MISSING_MUSEUMS
