"""Importing Ministry of Culture extracts (festivals, Basilic): mapping, 92-commune filter, merge, flow.

The extracts of tests/corpus/ministere/ carry the Ministry's real column names and
fictitious test rows (see make_samples.py there).
"""

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.datasets.schema import DATASETS
from icc.intake import ministere as imports
from icc.intake import upload
from icc.intake.reading import read_upload
from icc.intake.validation import ERROR, validate_all, validate_table
from icc.prepared.model import load_bundle
from icc.storage import accounts, store
from tests.apptest import fresh_env
from tests.conftest import DATA, ROOT

CORPUS = Path(__file__).resolve().parent / "corpus" / "ministere"
NATIONAL = "festivals-liste-nationale.csv"
FESTIVALS_TECH = "festivals-champs-techniques.csv"
BASILIC = "basilic-extrait.csv"
BASILIC_TECH = "basilic-champs-techniques.csv"
XSS = "<img src=x onerror=alert(1)>"


def extract(name: str) -> pd.DataFrame:
    """The sample read exactly as an upload is read (text cells)."""
    content = (CORPUS / name).read_bytes()
    return read_upload(content, name, 10_000_000, 100_000).frame


def festivals(default_frames, name: str = NATIONAL, **kwargs) -> imports.ImportResult:
    frames = default_frames
    return imports.festivals_to_evenements(extract(name), frames["communes"], frames["filieres"], **kwargs)


def basilic(default_frames, name: str = BASILIC, **kwargs) -> imports.ImportResult:
    frames = default_frames
    return imports.basilic_to_lieux(extract(name), frames["communes"], frames["filieres"], **kwargs)


def errors(problems) -> list[str]:
    return [p.text() for p in problems if p.severity == ERROR]


# --- recognising the files --------------------------------------------------------------------


def test_detect_source_on_labels_and_field_names():
    assert imports.detect_source(extract(NATIONAL).columns) == imports.FESTIVALS
    assert imports.detect_source(extract(FESTIVALS_TECH).columns) == imports.FESTIVALS
    assert imports.detect_source(extract(BASILIC).columns) == imports.BASILIC
    assert imports.detect_source(extract(BASILIC_TECH).columns) == imports.BASILIC
    assert list(extract(NATIONAL).columns) == list(imports.FESTIVALS_HEADERS)


def test_detect_source_refuses_our_templates_and_partial_headers():
    assert imports.detect_source(DATASETS["evenements"].columns) is None
    assert imports.detect_source(DATASETS["lieux"].columns) is None
    assert imports.detect_source(["Nom du festival", "Discipline dominante"]) is None  # no commune
    assert imports.detect_source(["Nom", "Type équipement ou lieu", "Domaine"]) is None  # no INSEE code


# --- festivals ---------------------------------------------------------------------------------


def test_festival_columns_are_mapped_to_ours(default_frames):
    result = festivals(default_frames, extrait_du="2026-02-18")
    assert result.source == imports.FESTIVALS and result.dataset == "evenements"
    frame = result.frame
    assert list(frame.columns) == DATASETS["evenements"].columns
    assert frame.map(type).eq(str).all().all()  # text cells only
    first = frame.iloc[0].to_dict()
    assert first == {
        "id": "min_fest_13055_90001",
        "nom": "Festival d'essai des musiques actuelles",
        "identifiants_ministere": "FEST_13055_90001",
        "filiere": "musique",
        "discipline_dominante": "Musique",
        "code_insee_commune": "13055",
        "edition": "",
        "annee": "",
        "annee_de_creation_du_festival": "2008",
        "frequentation": "",
        "type_frequentation": "",
        "date_debut": "",
        "date_fin": "",
        "soutien_metropole": "",
        "site_internet": "",
        "approximatif": "false",
        "source": "Ministère de la Culture – Liste des festivals en France (extrait du 18 févr. 2026)",
    }
    by_id = frame.set_index("id")
    assert by_id["filiere"].to_dict() == {
        "min_fest_13055_90001": "musique",
        "min_fest_13001_90002": "cinema_audiovisuel",
        "min_fest_13005_90003": "edition",
        "min_fest_13202_90004": "arts_visuels",
        "min_fest_13056_90005": "spectacle_vivant",
        "min_fest_13047_90006": "pluridisciplinaire",  # kept, in its own family
        "min_festival_d_essai_sans_identifiant_13028": "musique",
    }
    # A Marseille arrondissement (13202) is Marseille; « vers 1995 » is not a year.
    assert by_id.loc["min_fest_13202_90004", "code_insee_commune"] == "13055"
    assert by_id.loc["min_fest_13202_90004", "annee_de_creation_du_festival"] == ""
    assert result.notes == ("1 année de création illisible (« vers 1995 ») : laissée vide.",)


def test_festival_source_without_a_date():
    frames = {
        "communes": pd.DataFrame({"code_insee": ["13055"]}),
        "filieres": pd.DataFrame({"code": ["musique"]}),
    }
    raw = pd.DataFrame(
        {"Nom du festival": ["Festival d'essai"], "Code Insee commune": ["13055"], "Discipline dominante": ["Musique"]}
    )
    result = imports.festivals_to_evenements(raw, frames["communes"], frames["filieres"])
    assert result.frame.loc[0, "source"] == "Ministère de la Culture – Liste des festivals en France"
    assert result.frame.loc[0, "id"] == "min_festival_d_essai_13055"  # no identifier: name and commune


def test_festivals_are_kept_to_the_92_communes_with_counts(default_frames):
    result = festivals(default_frames)
    assert (result.rows_read, result.kept, result.communes) == (10, 7, 92)
    assert result.excluded == {
        "commune hors de la Métropole": 2,  # Arles, Paris
        "code INSEE de la commune absent": 1,
    }
    assert result.summary == (
        "10 lignes lues, 7 retenues dans les 92 communes de la Métropole, 3 écartées : "
        "commune hors de la Métropole (2) ; code INSEE de la commune absent (1)."
    )
    assert not result.frame["nom"].str.contains("hors Métropole|parisien|sans commune").any()
    # Every row left out is there to check, with its reason and its line in the file.
    assert result.left_out[["Raison", "Ligne du fichier", "Nom du festival"]].values.tolist() == [
        ["commune hors de la Métropole", "8", "Festival d'essai hors Métropole"],
        ["commune hors de la Métropole", "9", "Festival d'essai parisien"],
        ["code INSEE de la commune absent", "11", "Festival d'essai sans commune"],
    ]


def test_festival_field_names_of_the_open_data_portals(default_frames):
    result = festivals(default_frames, FESTIVALS_TECH)
    assert result.summary == (
        "3 lignes lues, 2 retenues dans les 92 communes de la Métropole, 1 écartée : commune hors de la Métropole (1)."
    )
    assert result.frame[["id", "filiere", "code_insee_commune", "annee_de_creation_du_festival"]].values.tolist() == [
        ["min_fest_13117_90011", "musique", "13117", "2011"],
        ["min_fest_13103_90012", "spectacle_vivant", "13103", "2006"],
    ]


def test_unmapped_disciplines_are_reported_never_guessed(default_frames):
    raw = extract(NATIONAL)
    raw["Discipline dominante"] = [
        "Domaines divers",
        "Transdisciplinaire",
        "Transdisciplinaire",
        "Musiques actuelles",  # older domain: mapped explicitly
        "Cirque et Arts de la rue",  # case and accents do not matter
        "",
        "Musique",
        "Musique",
        "Cinéma et audiovisuel",
        "Musique",
    ]
    result = imports.festivals_to_evenements(raw, default_frames["communes"], default_frames["filieres"])
    assert result.excluded == {
        "commune hors de la Métropole": 2,
        "discipline « Domaines divers » sans correspondance": 1,
        "discipline absente": 1,
        "code INSEE de la commune absent": 1,
    }
    assert result.frame[["id", "filiere"]].values.tolist() == [
        ["min_fest_13001_90002", "pluridisciplinaire"],  # « Transdisciplinaire »: no single family
        ["min_fest_13005_90003", "pluridisciplinaire"],
        ["min_fest_13202_90004", "musique"],
        ["min_fest_13056_90005", "spectacle_vivant"],
        ["min_festival_d_essai_sans_identifiant_13028", "cinema_audiovisuel"],
    ]


def test_a_filiere_missing_from_the_filieres_dataset_is_reported(default_frames):
    filieres = default_frames["filieres"][default_frames["filieres"]["code"] != "edition"]
    result = imports.festivals_to_evenements(extract(NATIONAL), default_frames["communes"], filieres)
    assert result.excluded["filière « edition » absente du jeu Filières"] == 1
    assert "edition" not in set(result.frame["filiere"])


def test_repeated_identifiers_get_a_suffix_and_a_note(default_frames):
    raw = extract(NATIONAL)
    raw["Identifiant"] = "FEST__7265"  # the real list has such repeated identifiers
    result = imports.festivals_to_evenements(raw, default_frames["communes"], default_frames["filieres"])
    assert result.frame["id"].tolist()[:3] == ["min_fest_7265", "min_fest_7265_2", "min_fest_7265_3"]
    assert result.frame["id"].is_unique
    assert result.notes[-1] == (
        "Identifiant(s) en double dans l'extrait : « min_fest_7265 » ; les suivants ont reçu un suffixe (_2, _3…)."
    )


# --- Basilic -----------------------------------------------------------------------------------


def test_basilic_columns_are_mapped_to_ours(default_frames):
    result = basilic(default_frames, extrait_du="2026-02-18")
    assert result.source == imports.BASILIC and result.dataset == "lieux"
    frame = result.frame
    assert list(frame.columns) == DATASETS["lieux"].columns
    assert frame.iloc[0].to_dict() == {
        "id": "min_cine_13055_990001",
        "nom": "Cinéma d'essai du Vieux-Port",
        "identifiant_museofile": "",
        "identifiants_basilic": "CINE_13055_990001",
        "type_equipement_ou_lieu": "Cinéma",
        "filiere": "cinema",
        "code_insee": "13055",
        "adresse": "1 rue de l'Essai",
        "site_internet": "",
        "latitude": "43.29397",
        "longitude": "5.44838",
        "precision_localisation": "adresse",
        "statut": "existant",
        "projet": "",
        "source": "Ministère de la Culture – Basilic (extrait du 18 févr. 2026)",
    }
    rows = frame.set_index("id")[["filiere", "code_insee", "precision_localisation"]].to_dict("index")
    assert rows == {
        "min_cine_13055_990001": {"filiere": "cinema", "code_insee": "13055", "precision_localisation": "adresse"},
        # No address: the point is not claimed to be at an address.
        "min_libr_13001_990002": {"filiere": "edition", "code_insee": "13001", "precision_localisation": "commune"},
        # Arrondissement 13203 is Marseille; « Musique » sub-domain of « Arts du spectacle ».
        "min_smac_13203_990003": {"filiere": "musique", "code_insee": "13055", "precision_localisation": "adresse"},
        "min_thea_13005_990004": {
            "filiere": "spectacle_vivant",
            "code_insee": "13005",
            "precision_localisation": "adresse",
        },
        "min_cart_13047_990005": {
            "filiere": "arts_visuels",
            "code_insee": "13047",
            "precision_localisation": "adresse",
        },
        "min_scen_13056_990010": {
            "filiere": "spectacle_vivant",
            "code_insee": "13056",
            "precision_localisation": "adresse",
        },
        # Any other sub-domain of the performing arts: the family.
        "min_oper_13117_990011": {
            "filiere": "musique_spectacle_vivant",
            "code_insee": "13117",
            "precision_localisation": "adresse",
        },
    }


def test_basilic_filter_counts_without_contours(default_frames):
    result = basilic(default_frames)
    assert (result.rows_read, result.kept) == (11, 7)
    assert result.excluded == {
        "domaine « Patrimoine » sans correspondance": 1,
        "domaine « Lecture publique » sans correspondance": 1,
        "commune hors de la Métropole": 1,
        "coordonnées absentes ou illisibles": 1,
    }


def test_basilic_point_outside_its_commune_is_left_out_with_contours(default_frames, contours):
    result = basilic(default_frames, contours=contours)
    assert result.kept == 6
    assert result.excluded["position hors de sa commune"] == 1
    assert "Scène d'essai mal placée" not in set(result.frame["nom"])
    assert result.summary.startswith("11 lignes lues, 6 retenues dans les 92 communes de la Métropole, 5 écartées : ")


def test_basilic_field_names_and_combined_coordinates(default_frames, contours):
    result = basilic(default_frames, BASILIC_TECH, contours=contours)
    assert result.summary == "2 lignes lues, 2 retenues dans les 92 communes de la Métropole."
    assert result.frame[["id", "filiere", "code_insee", "latitude", "longitude", "adresse"]].values.tolist() == [
        ["min_org990012", "cinema", "13117", "43.45164", "5.26162", "12 rue de l'Essai"],
        ["min_org990013", "spectacle_vivant", "13055", "43.29397", "5.44838", "13 rue de l'Essai"],
    ]


# --- merge ---------------------------------------------------------------------------------------


def test_merge_replaces_same_ids_in_place_adds_new_ones_and_keeps_the_rest():
    current = pd.DataFrame(
        {
            "id": ["roadmap_a", "min_x", "roadmap_b"],
            "nom": ["A", "X (ancien)", "B"],
            "edition": pd.array([10, pd.NA, 3], dtype="Int64"),
            "approximatif": pd.array([False, False, True], dtype="boolean"),
            "latitude": pd.array([43.3105, pd.NA, 43.5], dtype="Float64"),
        }
    )
    imported = pd.DataFrame(
        {
            "id": ["min_y", "min_x", "min_y"],
            "nom": ["Y (premier)", "X (nouveau)", "Y"],
            "edition": ["", "2", ""],
            "approximatif": ["false", "false", "false"],
            "latitude": ["", "43.29", "43.3"],
        }
    )
    merged = imports.merge(current, imported, "id")
    assert merged.values.tolist() == [
        ["roadmap_a", "A", "10", "false", "43.3105"],
        ["min_x", "X (nouveau)", "2", "false", "43.29"],
        ["roadmap_b", "B", "3", "true", "43.5"],
        ["min_y", "Y", "", "false", "43.3"],  # a key repeated in the import: its last row wins
    ]
    assert list(merged.index) == [0, 1, 2, 3]


def test_merge_of_an_empty_import_is_the_current_table_as_text(default_frames):
    ds = DATASETS["evenements"]
    current = default_frames["evenements"][ds.columns]
    merged = imports.merge(current, pd.DataFrame(columns=ds.columns), ds.key)
    assert len(merged) == len(current)
    typed, problems = validate_table(ds, merged)
    assert errors(problems) == []
    pd.testing.assert_frame_equal(typed.reset_index(drop=True), current.reset_index(drop=True))


def test_importing_twice_replaces_instead_of_duplicating(default_frames):
    ds = DATASETS["evenements"]
    first = imports.merge(default_frames["evenements"][ds.columns], festivals(default_frames).frame, ds.key)
    again = festivals(default_frames, extrait_du="2027-01-15").frame
    second = imports.merge(first, again, ds.key)
    assert len(second) == len(first) == len(default_frames["evenements"]) + 7
    row = second.set_index("id").loc["min_fest_13055_90001"]
    assert row["source"].endswith("(extrait du 15 janv. 2027)")


# --- end to end ----------------------------------------------------------------------------------


def test_festival_extract_merged_with_the_default_events_validates(default_frames, contours):
    ds = DATASETS["evenements"]
    result = festivals(default_frames)
    merged = imports.merge(default_frames["evenements"][ds.columns], result.frame, ds.key)
    typed, problems = validate_table(ds, merged)
    assert errors(problems) == []
    assert problems == []  # no unknown column either
    known = len(default_frames["evenements"])
    assert len(typed) == known + 7
    frames = {**default_frames, "evenements": typed}
    assert errors(validate_all(frames, contours)) == []
    assert typed["id"].iloc[:known].tolist() == default_frames["evenements"]["id"].tolist()  # current rows first
    assert typed.set_index("id").loc["min_fest_13001_90002", "annee_de_creation_du_festival"] == 2012


def test_basilic_extract_merged_with_the_default_places_validates(default_frames, contours):
    ds = DATASETS["lieux"]
    result = basilic(default_frames, contours=contours)
    merged = imports.merge(default_frames["lieux"][ds.columns], result.frame, ds.key)
    typed, problems = validate_table(ds, merged)
    assert errors(problems) == []
    assert len(typed) == 93 + 6  # 61 roadmap places and 32 museums, 6 imported
    assert errors(validate_all({**default_frames, "lieux": typed}, contours)) == []
    assert typed.set_index("id").loc["min_cine_13055_990001", "latitude"] == pytest.approx(43.29397)


def test_check_extract_then_publish_versions_the_import(seeded, contours):
    bundle = load_bundle(seeded)
    known = len(bundle["evenements"])
    content = (CORPUS / NATIONAL).read_bytes()
    checked = imports.check_extract("evenements", content, NATIONAL, bundle, contours, 10_000_000, 100_000)
    assert checked.errors == [] and checked.warnings == []
    # « Biennale d'essai des arts numériques » may be the roadmap's « Biennale des arts numériques »: asked, held.
    assert [(q.known.name, q.new.name) for q in checked.questions] == [
        ("Biennale des arts numériques", "Biennale d'essai des arts numériques")
    ]
    assert not checked.publishable and len(checked.changes.added) == 6
    description = checked.extra["description"]
    assert description.startswith("10 lignes lues, 7 retenues dans les 92 communes de la Métropole, 3 écartées : ")
    assert "1 ligne du fichier attend votre réponse à la question « Même festival ? »" in description
    answers = {checked.questions[0].key: imports.recognition.KEEP}
    checked = imports.check_extract("evenements", content, NATIONAL, bundle, contours, 10**7, 10**5, answers=answers)
    assert checked.publishable
    assert len(checked.changes.added) == 7 and checked.changes.removed.empty and checked.changes.changed.empty
    assert checked.changes.unchanged == known
    assert f"Table fusionnée : {known + 7} lignes" in checked.extra["description"]
    version = upload.publish(seeded, checked, "agent.culture", "Import des festivals du ministère", True)
    assert (version.number, version.row_count) == (2, known + 7)
    after = load_bundle(seeded)["evenements"].set_index("id")
    assert after.loc["min_fest_13005_90003", "nom"] == "Salon d'essai du livre jeunesse"
    assert after.loc["fidmarseille", "nom"] == "Festival international de cinéma – FIDMarseille"  # roadmap row kept
    # Importing the same extract again changes nothing and asks nothing: the rows are recognised.
    republished = load_bundle(seeded)
    again = imports.check_extract("evenements", content, NATIONAL, republished, contours, 10**7, 10**5)
    assert again.changes.empty and not again.publishable and again.questions == ()
    assert again.base_version_id == republished.versions["evenements"].id


def test_check_extract_of_basilic_for_places(seeded, contours):
    bundle = load_bundle(seeded)
    content = (CORPUS / BASILIC).read_bytes()
    checked = imports.check_extract("lieux", content, BASILIC, bundle, contours, 10**7, 10**5, "2026-02-18")
    assert checked.errors == []
    assert sorted(checked.changes.added["id"]) == [
        "min_cart_13047_990005",
        "min_cine_13055_990001",
        "min_libr_13001_990002",
        "min_oper_13117_990011",
        "min_smac_13203_990003",
        "min_thea_13005_990004",
    ]


@pytest.mark.parametrize(
    ("dataset", "name", "message"),
    [
        (
            "lieux",
            NATIONAL,
            "Ce fichier est un extrait de « Ministère de la Culture – Liste des festivals en France » : il alimente "
            "le jeu « Festivals et événements ». Choisissez ce jeu puis déposez-le à nouveau.",
        ),
        (
            "evenements",
            BASILIC,
            "Ce fichier est un extrait de « Ministère de la Culture – Basilic » : il alimente le jeu « Lieux ». "
            "Choisissez ce jeu puis déposez-le à nouveau.",
        ),
        (
            "financements",
            NATIONAL,
            "Le jeu « Financements » ne s'alimente pas depuis un extrait du ministère : choisissez "
            "« Festivals et événements », « Lieux » ou « Fréquentation des musées ».",
        ),
    ],
)
def test_check_extract_refuses_the_wrong_dataset(seeded, dataset, name, message):
    bundle = load_bundle(seeded)
    with pytest.raises(imports.ImportRefused) as refused:
        imports.check_extract(dataset, (CORPUS / name).read_bytes(), name, bundle, None, 10**7, 10**5)
    assert refused.value.message == message


def test_check_extract_refuses_a_file_in_our_own_format(seeded):
    bundle = load_bundle(seeded)
    content = (DATA / "evenements.csv").read_bytes()
    with pytest.raises(imports.ImportRefused) as refused:
        imports.check_extract("evenements", content, "evenements.csv", bundle, None, 10**7, 10**5)
    assert refused.value.message.startswith("Les colonnes de ce fichier ne sont pas celles de la « Liste des festivals")


def test_names_stay_literal_through_import_merge_and_publish(seeded, contours):
    raw = extract(NATIONAL)
    raw.loc[0, "Nom du festival"] = XSS
    raw.loc[1, "Nom du festival"] = "**Festival d'essai** _souligné_ [lien](javascript:alert(1))"
    bundle = load_bundle(seeded)
    result = imports.festivals_to_evenements(raw, bundle["communes"], bundle["filieres"])
    assert result.frame.loc[0, "nom"] == XSS
    ds = DATASETS["evenements"]
    merged = imports.merge(bundle["evenements"][ds.columns], result.frame, ds.key)
    checked = imports.check_import("evenements", merged, bundle, contours, "essai.csv", result.description)
    assert checked.errors == []
    upload.publish(seeded, checked, "agent.culture", "Import d'essai", True)
    names = set(load_bundle(seeded)["evenements"]["nom"])
    assert XSS in names
    assert "**Festival d'essai** _souligné_ [lien](javascript:alert(1))" in names


# --- the data page (active once pages/donnees.py has the import section) ---------------------

PAGE = ROOT / "views" / "donnees.py"


def test_data_page_imports_an_extract_then_publishes_it(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.session_state["icc_user"] = accounts.User("agent.culture", accounts.EDITOR)
    at.run()
    at.selectbox(key="upload_dataset").set_value("evenements").run()
    at.radio(key="mode_evenements").set_value("ministere").run()
    content = (CORPUS / NATIONAL).read_bytes().replace(b"Festival d'essai des musiques actuelles", XSS.encode())
    at.file_uploader(key="import_evenements").upload(NATIONAL, content, "text/csv")
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(t.value for t in at.text)
    assert "10 lignes lues, 7 retenues dans les 92 communes de la Métropole, 3 écartées : " in shown
    assert [s.value for s in at.success] == ["Aucune erreur."]
    # One question « Même festival ? », side by side; nothing can be published before it is answered.
    assert "Biennale des arts numériques\nCommune : non précisée" in shown
    assert "Biennale d'essai des arts numériques\nCommune : Marseille" in shown
    assert any("attendent votre réponse" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Publier la nouvelle version"]
    # A doubtful pair (one commune unknown), asked alone with the evidence for and against.
    assert [h.value for h in at.subheader] == ["1 question à examiner une à une"]
    assert "Contre : commune non précisée d'un côté" in shown
    next(b for b in at.button if b.label == "Garder les deux : ce sont deux festivals").click().run()
    assert not at.exception, at.exception
    assert {m.label: m.value for m in at.metric}["Lignes ajoutées"] == "7"
    assert any((d.value == XSS).any().any() for d in at.dataframe)  # the name, literally, in the preview
    assert not any(XSS in m.value for m in at.markdown)
    assert not any(
        d.value.isin(["None", "nan", "<NA>", "True"]).any().any() for d in at.dataframe
    )  # empty cells read empty
    known = store.current_versions(store.make_engine(url))["evenements"].row_count
    at.text_input[0].input("Import des festivals du ministère")
    publish = next(b for b in at.button if b.label == "Publier la nouvelle version")
    publish.click().run()
    assert f"Version 2 publiée ({known + 7} lignes) : elle est visible sur toutes les pages." in [
        s.value for s in at.success
    ]
    assert store.current_versions(store.make_engine(url))["evenements"].row_count == known + 7


def test_data_page_refuses_an_extract_for_the_wrong_dataset(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.session_state["icc_user"] = accounts.User("agent.culture", accounts.EDITOR)
    at.run()
    at.selectbox(key="upload_dataset").set_value("lieux").run()
    at.radio(key="mode_lieux").set_value("ministere").run()
    at.file_uploader(key="import_lieux").upload(NATIONAL, (CORPUS / NATIONAL).read_bytes(), "text/csv")
    at.run()
    assert [e.value for e in at.error] == ["Ce fichier n'est pas l'extrait du ministère attendu pour ce jeu."]
    assert [t.value for t in at.text] == [
        "Ce fichier est un extrait de « Ministère de la Culture – Liste des festivals en France » : il alimente "
        "le jeu « Festivals et événements ». Choisissez ce jeu puis déposez-le à nouveau."
    ]
