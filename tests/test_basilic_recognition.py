"""The Basilic import of ``lieux`` recognises the places it already knows (« Même lieu ? »), on the
same path as the festivals list (``icc.intake.recognition``).

No real Basilic export is available: the sample below is hand-made, with Basilic's documented
column names (``ministere.BASILIC_COLUMNS``). Its known places are places of ``data/lieux.csv``
written otherwise (case, articles, words added or dropped), at the positions that file gives
them; its new places are places of the territory, placed at a point of their commune taken
from ``data/lieux.csv`` (test rows, not data). Identifiers « LIEU_…_9901nn » are fictitious.
"""

from __future__ import annotations

import csv
import io

import pytest
from streamlit.testing.v1 import AppTest

from icc.intake import matching, recognition, upload
from icc.intake import ministere as imports
from icc.prepared.model import load_bundle
from icc.storage import accounts, store
from tests.apptest import fresh_env
from tests.conftest import ROOT

HEADERS = [
    "Identifiant_deps_a_partir_de_2022",
    "Nom",
    "Type équipement ou lieu",
    "Domaine",
    "Sous_domaine",
    "code_insee",
    "Adresse",
    "Latitude",
    "Longitude",
]
MARSEILLE, MARTIGUES = ("43.29397", "5.44838"), ("43.38398", "5.04815")
ROWS = [
    # Known places, written otherwise.
    ["LIEU_13001_990101", "THEATRE DU JEU DE PAUME", "Théâtre", "Arts du spectacle", "Théâtre", "13001",
     "rue de l'Opéra", "43.5277", "5.4515"],
    ["LIEU_13001_990102", "Pavillon Noir - Ballet Preljocaj", "Centre chorégraphique national", "Arts du spectacle",
     "Danse", "13001", "", "43.5258", "5.4408"],
    ["LIEU_13056_990103", "Théâtre des Salins", "Scène nationale", "Arts du spectacle", "Théâtre", "13056", "",
     *MARTIGUES],
    ["LIEU_13028_990104", "Eden Théâtre", "Cinéma", "Cinéma", "", "13028", "", "43.1899", "5.61648"],
    ["LIEU_13001_990105", "Le 6 MIC", "Salle de musiques actuelles", "Arts du spectacle", "Musique", "13001", "",
     "43.53618", "5.419"],
    ["LIEU_13055_990106", "La Friche Belle de Mai", "Lieu pluridisciplinaire", "Arts visuels", "", "13055", "",
     "43.3105", "5.3902"],
    # A name that alone says little, at the address our row gives: asked because of the address.
    ["LIEU_13055_990107", "CinéMaBase", "Base logistique", "Cinéma", "", "13203", "56 boulevard du Capitaine Gèze",
     *MARSEILLE],
    # New places; « Théâtre national de Marseille » is not the « Ballet national de Marseille ».
    ["LIEU_13055_990108", "Théâtre National de Marseille - La Criée", "Théâtre", "Arts du spectacle", "Théâtre",
     "13055", "", *MARSEILLE],
    ["LIEU_13056_990109", "Cinéma Jean Renoir", "Cinéma", "Cinéma", "", "13056", "", *MARTIGUES],
    ["LIEU_13055_990110", "Librairie Maupetit", "Librairie", "Livre et presse", "", "13055", "", *MARSEILLE],
    # Twice in the extract itself.
    ["LIEU_13055_990111", "Théâtre du Gymnase", "Théâtre", "Arts du spectacle", "Théâtre", "13055", "", *MARSEILLE],
    ["LIEU_13055_990112", "THEATRE DU GYMNASE ARMAND HAMMER", "Théâtre", "Arts du spectacle", "Théâtre", "13055", "",
     *MARSEILLE],
]  # fmt: skip
EXPECTED = {  # (our place, the extract's row) asked « Même lieu ? »
    ("Théâtre du Jeu de Paume", "THEATRE DU JEU DE PAUME"),
    ("Le Pavillon Noir – Centre chorégraphique national (Ballet Preljocaj)", "Pavillon Noir - Ballet Preljocaj"),
    ("Théâtre des Salins – scène nationale", "Théâtre des Salins"),
    ("Cinéma l'Eden (Eden Théâtre)", "Eden Théâtre"),
    ("6MIC", "Le 6 MIC"),
    ("Friche la Belle de Mai", "La Friche Belle de Mai"),
    ("CinéMaBase Marseille (base logistique d'accueil des tournages)", "CinéMaBase"),
    ("Théâtre du Gymnase", "THEATRE DU GYMNASE ARMAND HAMMER"),
}
NEW = ["Théâtre National de Marseille - La Criée", "Cinéma Jean Renoir", "Librairie Maupetit", "Théâtre du Gymnase"]
LIMITS = (10_000_000, 100_000)
DATE = "2026-02-18"
BASILIC_SOURCE = "Ministère de la Culture – Basilic (extrait du 18 févr. 2026)"


def sample(rows=ROWS) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def check(bundle, contours, answers=None, content=None) -> upload.Checked:
    content = sample() if content is None else content
    return imports.check_extract("lieux", content, "basilic.csv", bundle, contours, *LIMITS, DATE, answers=answers)


def pairs(checked: upload.Checked) -> set[tuple[str, str]]:
    return {(q.known.name, q.new.name) for q in checked.questions}


def test_the_sample_uses_the_documented_basilic_columns():
    documented = {alias for aliases in imports.BASILIC_COLUMNS.values() for alias in aliases}
    assert set(HEADERS) <= documented
    assert imports.detect_source(HEADERS) == imports.BASILIC


def test_known_places_written_otherwise_are_asked_about_and_nothing_is_published(seeded, contours):
    bundle = load_bundle(seeded)
    checked = check(bundle, contours)
    assert checked.errors == []
    assert pairs(checked) == EXPECTED
    assert {q.answer for q in checked.questions} == {None}
    # Different places with close names stay apart.
    assert not any(known == "Ballet national de Marseille" for known, _ in pairs(checked))
    assert not any(known == "Pôle Média de la Belle de Mai" for known, _ in pairs(checked))
    # Nothing of a place asked about is added; the new places are.
    assert sorted(checked.changes.added["nom"]) == sorted(NEW)
    assert checked.changes.changed.empty and checked.changes.removed.empty
    assert not checked.publishable
    description = checked.extra["description"]
    assert description.startswith("12 lignes lues, 12 retenues dans les 92 communes de la Métropole.")
    assert "0 lieu reconnu par l'identifiant Basilic, 0 fusionné sur votre réponse, 4 ajoutés" in description
    assert "8 lignes du fichier attendent votre réponse à la question « Même lieu ? »" in description
    with pytest.raises(upload.NotPublishable, match="8 question\\(s\\) « Même lieu \\? » attendent votre réponse"):
        upload.publish(seeded, checked, "agent.culture", "Import Basilic", True)


def test_a_question_shows_both_places_with_their_commune_type_and_address(seeded, contours):
    checked = check(load_bundle(seeded), contours)
    question = next(q for q in checked.questions if q.new.name == "THEATRE DU JEU DE PAUME")
    assert (question.known.where, question.new.where) == ("version en vigueur", "fichier, ligne 2")
    assert question.known.commune == question.new.commune == "Aix-en-Provence"
    assert question.known.details == (("Type de lieu", "Théâtre", "non précisé"), ("Adresse", "", "non précisée"))
    address = ("Adresse", "rue de l'Opéra", "non précisée")
    assert question.new.details == (("Type de lieu", "Théâtre", "non précisé"), address)
    gymnase = next(q for q in checked.questions if q.new.name == "THEATRE DU GYMNASE ARMAND HAMMER")
    assert (gymnase.known.where, gymnase.new.where) == ("fichier, ligne 12", "fichier, ligne 13")
    # Marseille's arrondissement (13203) is Marseille, as our places say it.
    base = next(q for q in checked.questions if q.new.name == "CinéMaBase")
    assert base.known.commune == base.new.commune == "Marseille"


def test_merged_places_are_updated_in_place_remembered_and_a_reimport_changes_nothing(seeded, contours):
    bundle = load_bundle(seeded)
    before = bundle["lieux"].set_index("id")
    asked = check(bundle, contours)
    answers = {q.key: recognition.MERGE for q in asked.questions}
    merged = check(bundle, contours, answers)
    assert merged.unanswered == [] and merged.publishable
    assert sorted(merged.changes.added["nom"]) == sorted(NEW)  # the Gymnase once
    assert len(merged.changes.changed) == 7
    # Seven with our places, the Gymnase's second row with its first.
    assert "8 fusionnés sur votre réponse, 4 ajoutés." in merged.extra["description"]
    version = upload.publish(seeded, merged, "agent.culture", "Import Basilic", True)
    assert version.row_count == len(before) + 4

    after = load_bundle(seeded)["lieux"].set_index("id")
    paume = after.loc["theatre_jeu_de_paume"]
    # Our place keeps what it says (name, type, position), gains the identifier, the address it lacked,
    # and a source that names both.
    assert paume["nom"] == "Théâtre du Jeu de Paume"
    assert paume["identifiants_basilic"] == "LIEU_13001_990101"
    assert paume["adresse"] == "rue de l'Opéra"
    position = ["latitude", "longitude"]
    assert paume[position].tolist() == before.loc["theatre_jeu_de_paume", position].tolist()
    assert paume["precision_localisation"] == before.loc["theatre_jeu_de_paume", "precision_localisation"]
    assert paume["source"] == f"{before.loc['theatre_jeu_de_paume', 'source']} ; {BASILIC_SOURCE}"
    base = after.loc["cinemabase"]
    assert base["adresse"] == before.loc["cinemabase", "adresse"]  # an address of ours is never replaced
    gymnase = after[after["nom"].str.startswith("Théâtre du Gymnase")]
    assert len(gymnase) == 1
    assert gymnase.iloc[0]["identifiants_basilic"] == "LIEU_13055_990111 ; LIEU_13055_990112"
    assert after["identifiants_basilic"].dropna().str.contains("LIEU_").sum() == 7 + 4

    again = check(load_bundle(seeded), contours)
    assert again.questions == () and again.changes.empty and not again.publishable
    assert (
        "12 lieux reconnus par l'identifiant Basilic, 0 fusionné sur votre réponse, 0 ajouté."
        in (again.extra["description"])
    )


def test_keeping_both_adds_the_place_and_remembers_it(seeded, contours):
    bundle = load_bundle(seeded)
    content = sample([ROWS[5]])  # « La Friche Belle de Mai »
    asked = check(bundle, contours, content=content)
    assert pairs(asked) == {("Friche la Belle de Mai", "La Friche Belle de Mai")}
    assert asked.changes.empty and not asked.publishable
    kept = check(bundle, contours, {asked.questions[0].key: recognition.KEEP}, content)
    assert kept.publishable and kept.changes.added["nom"].tolist() == ["La Friche Belle de Mai"]
    upload.publish(seeded, kept, "agent.culture", "Deux lieux distincts", True)
    after = load_bundle(seeded)["lieux"]
    assert after["nom"].isin(["Friche la Belle de Mai", "La Friche Belle de Mai"]).sum() == 2
    again = check(load_bundle(seeded), contours, content=content)
    assert again.questions == () and again.changes.empty


def test_a_later_extract_updates_a_basilic_place_in_place(seeded, contours):
    bundle = load_bundle(seeded)
    first = check(bundle, contours, content=sample([ROWS[8]]))  # « Cinéma Jean Renoir », new
    upload.publish(seeded, first, "agent.culture", "Import Basilic", True)
    renamed = [*ROWS[8][:1], "Cinéma municipal Jean Renoir", *ROWS[8][2:]]
    later = check(load_bundle(seeded), contours, content=sample([renamed]))
    assert later.questions == () and later.changes.added.empty
    assert len(later.changes.changed) == 1
    assert later.typed.set_index("identifiants_basilic").loc["LIEU_13056_990109", "nom"] == (
        "Cinéma municipal Jean Renoir"
    )


@pytest.mark.parametrize(
    ("ours", "theirs", "same"),
    [
        ("Le Silo", "Salle Le Silo", True),  # « salle » tells no place apart
        ("Ballet national de Marseille", "Théâtre national de Marseille", False),
        ("Pôle Média de la Belle de Mai", "La Friche Belle de Mai", False),
        ("Théâtre du Jeu de Paume", "Cinéma Jeu de Paume", False),  # the kind of place does
    ],
)
def test_place_names(ours, theirs, same):
    names = {"13055": "Marseille"}
    score = matching.score(
        matching.Row(ours, "13055", generic=matching.PLACE_GENERIC),
        matching.Row(theirs, "13055", generic=matching.PLACE_GENERIC),
        names,
    )
    assert (score is not None) is same


# --- the data page -------------------------------------------------------------------------------

PAGE = ROOT / "views" / "donnees.py"


def test_data_page_asks_same_place_then_publishes(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.session_state["icc_user"] = accounts.User("agent.culture", accounts.EDITOR)
    at.run()
    at.selectbox(key="upload_dataset").set_value("lieux").run()
    at.radio(key="mode_lieux").set_value("ministere").run()
    at.file_uploader(key="import_lieux").upload("basilic.csv", sample([ROWS[0], ROWS[8]]), "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header if h.value.startswith("Même")] == ["Même lieu ?"]
    # The same name re-typed, same commune: a sure pair, checked in its table and merged with one button.
    assert [h.value for h in at.subheader] == ["1 correspondance sûre"]
    table = next(d.value for d in at.dataframe if "Pourquoi c'est sûr" in d.value.columns)
    assert table[["Déjà connu", "Dans le fichier", "Commune"]].values.tolist() == [
        ["Théâtre du Jeu de Paume", "THEATRE DU JEU DE PAUME", "Aix-en-Provence"]
    ]
    assert table["Pourquoi c'est sûr"].iloc[0] == (
        "nom identique à la casse, aux accents et à la ponctuation près, même commune"
    )
    assert "Adresse : (vide) → rue de l'Opéra" in table["Ce que la fusion change"].iloc[0]
    assert any("« Même lieu ? » attendent votre réponse" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Publier la nouvelle version"]
    next(b for b in at.button if b.label == "Fusionner la correspondance sûre").click().run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Lignes ajoutées"], metrics["Lignes modifiées"]) == ("1", "1")
    assert not any(d.value.isin(["None", "nan", "<NA>", "True"]).any().any() for d in at.dataframe)
    known = store.current_versions(store.make_engine(url))["lieux"].row_count
    at.text_input[0].input("Import Basilic")
    next(b for b in at.button if b.label == "Publier la nouvelle version").click().run()
    assert f"Version 2 publiée ({known + 1} lignes) : elle est visible sur toutes les pages." in [
        s.value for s in at.success
    ]
