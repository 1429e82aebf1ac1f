"""Importing the Ministry's two museum files through the data page: Muséofile into ``lieux``, the
« Fréquentation des musées de France » into ``frequentation_lieux`` (icc.intake.musees, dispatched by
icc.intake.ministere.check_extract).

The national files of tests/fixtures/ministere/ are the default data's sources: re-imported, they
change nothing. Changed copies are made here (a museum re-typed, a reference removed, one more year
with other figures): test rows, not data.
"""

from __future__ import annotations

import io
from functools import cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.intake import ministere, musees, recognition, upload
from icc.intake.reading import read_upload
from icc.prepared.model import load_bundle
from icc.storage import accounts, store
from tests.apptest import fresh_env
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "ministere"
MUSEOFILE = FIXTURES / "musees-de-france-base-museofile.csv"
ATTENDANCE = FIXTURES / "frequentation-des-musees-de-france.csv"
LIMITS = (50_000_000, 200_000)
PAGE = ROOT / "views" / "donnees.py"
TERRITORY = ("BOUCHES DU RHONE", "Bouches-du-Rhône")


@cache
def national(path) -> pd.DataFrame:
    return read_upload(path.read_bytes(), path.name, *LIMITS).frame


def csv_bytes(frame: pd.DataFrame) -> bytes:
    out = io.StringIO()
    frame.to_csv(out, sep=";", index=False)
    return out.getvalue().encode("utf-8")


def shouted(path) -> bytes:
    """The same file, its headers in upper case with spaces (« NOM DU MUSEE », « VILLE M »)."""
    header, rest = path.read_bytes().decode("utf-8").split("\n", 1)
    return (" ; ".join(h.upper().replace("_", " ") for h in header.split(";")) + "\n" + rest).encode("utf-8")


def check(engine, dataset: str, content: bytes, answers=None, name="extrait.csv") -> upload.Checked:
    bundle = load_bundle(engine)
    return ministere.check_extract(dataset, content, name, bundle, None, *LIMITS, answers=answers)


def current(engine, dataset: str) -> pd.DataFrame:
    return store.read_version(engine, store.current_versions(engine)[dataset].id)


def museofile_territory() -> pd.DataFrame:
    frame = national(MUSEOFILE)
    return frame[frame["dpt"].isin(TERRITORY)].copy()


def ziem_retyped(frame: pd.DataFrame) -> pd.DataFrame:
    """The Musée Ziem (M0923) written otherwise, without its reference."""
    ziem = frame["ref"] == "M0923"
    assert ziem.sum() == 1
    frame.loc[ziem, ["ref", "nomoff"]] = ["", "MUSEE ZIEM"]
    return frame


# --- re-importing the shipped files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("dataset", "path", "counts"),
    [
        ("lieux", MUSEOFILE, "30 musées reconnus par l'identifiant Muséofile, 0 fusionné sur votre réponse, 0 ajouté."),
        (
            "frequentation_lieux",
            ATTENDANCE,
            "34 musées reconnus par la référence du musée, 0 par l'identifiant Muséofile, 0 rattaché à un lieu sur "
            "votre réponse, 0 nouveau lieu au centre de la commune.",
        ),
    ],
)
def test_reimporting_a_shipped_national_file_proposes_no_change(seeded, dataset, path, counts):
    checked = check(seeded, dataset, path.read_bytes(), name=path.name)
    assert checked.errors == [] and checked.questions == ()
    assert checked.changes.empty and not checked.publishable
    assert counts in checked.extra["description"]
    # The same file with other header spellings gives the same table.
    renamed = check(seeded, dataset, shouted(path), name=path.name)
    pd.testing.assert_frame_equal(renamed.typed, checked.typed)
    assert renamed.changes.empty and renamed.extra["description"] == checked.extra["description"]


def test_rows_outside_the_92_communes_are_counted_by_reason_and_downloadable(seeded):
    checked = check(seeded, "lieux", MUSEOFILE.read_bytes(), name=MUSEOFILE.name)
    assert checked.extra["description"].startswith(
        "1\u202f227 lignes lues, 30 retenues dans les communes de la Métropole, 1\u202f197 écartées : "
        "département hors de la Métropole (1\u202f149) ; commune hors de la Métropole (48)."
    )
    left_out = checked.extra["left_out"]
    assert left_out["Raison"].value_counts().to_dict() == {
        musees.OTHER_DEPARTEMENT: 1149,
        musees.OUTSIDE: 48,
    }
    assert "nomoff" in left_out.columns and "Ligne du fichier" in left_out.columns
    attendance = check(seeded, "frequentation_lieux", ATTENDANCE.read_bytes(), name=ATTENDANCE.name)
    assert attendance.extra["left_out"]["Raison"].value_counts().to_dict() == {
        musees.OTHER_DEPARTEMENT: 23_238,
        musees.OUTSIDE: 909,
    }


def test_a_file_is_refused_for_a_dataset_it_does_not_feed(seeded):
    with pytest.raises(ministere.ImportRefused) as refused:
        check(seeded, "lieux", ATTENDANCE.read_bytes())
    assert refused.value.message == (
        "Ce fichier est un extrait de « Ministère de la Culture – Fréquentation des musées de France » : il alimente "
        "le jeu « Fréquentation des musées ». Choisissez ce jeu puis déposez-le à nouveau."
    )
    with pytest.raises(ministere.ImportRefused, match="il alimente le jeu « Lieux »"):
        check(seeded, "frequentation_lieux", csv_bytes(museofile_territory()))


# --- a new Muséofile extract -----------------------------------------------------------------------


def test_a_new_museofile_extract_updates_museums_by_identifier_and_adds_new_ones(seeded):
    frame = museofile_territory()
    ziem, mucem = frame["ref"] == "M0923", frame["ref"] == "M5002"
    frame.loc[ziem, ["url_m", "nomoff"]] = ["https://www.ville-martigues.fr/musee-ziem", "Musée Félix Ziem"]
    frame.loc[mucem, ["nomoff", "latitude", "adrl1_m"]] = ["Mucem", "43.2970", "1 esplanade du J4"]
    new = frame[ziem].copy()
    new[["ref", "nomoff", "adrl1_m", "url_m", "latitude", "longitude"]] = [
        "M9999",
        "Maison d'essai des peintres",
        "1 quai d'essai",
        "",
        "43.4050",
        "5.0500",
    ]
    before = current(seeded, "lieux").set_index("id")
    checked = check(seeded, "lieux", csv_bytes(pd.concat([frame, new])))
    assert checked.errors == [] and checked.questions == ()
    assert (
        "30 musées reconnus par l'identifiant Muséofile, 0 fusionné sur votre réponse, 1 ajouté."
        in (checked.extra["description"])
    )
    assert checked.changes.added["id"].tolist() == ["museofile_m9999"]
    assert sorted(checked.changes.changed_cells) == ["mucem", "museofile_m0923"]
    assert checked.changes.changed_cells["museofile_m0923"] == {"nom", "site_internet"}
    # The roadmap's MuCEM keeps its name and position; it takes Muséofile's address.
    assert checked.changes.changed_cells["mucem"] == {"adresse"}
    upload.publish(seeded, checked, "agent.culture", "Muséofile", True)

    after = current(seeded, "lieux").set_index("id")
    assert after.loc["museofile_m0923", "nom"] == "Musée Félix Ziem"
    assert after.loc["mucem", "nom"] == "MuCEM"
    assert after.loc["mucem", "latitude"] == before.loc["mucem", "latitude"]
    assert after.loc["mucem", "source"] == before.loc["mucem", "source"]
    added = after.loc["museofile_m9999"]
    assert (added["filiere"], added["type_equipement_ou_lieu"], added["code_insee"]) == (
        "musees_patrimoine",
        "Musée de France",
        "13056",
    )
    assert added["precision_localisation"] == "adresse" and added["identifiant_museofile"] == "M9999"
    assert check(seeded, "lieux", csv_bytes(pd.concat([frame, new]))).changes.empty


@pytest.mark.parametrize("answer", [recognition.MERGE, recognition.KEEP])
def test_a_museum_without_identifier_but_a_close_name_asks_meme_lieu(seeded, answer):
    content = csv_bytes(ziem_retyped(museofile_territory()))
    asked = check(seeded, "lieux", content)
    assert [(q.known.name, q.new.name) for q in asked.questions] == [("Musée Ziem", "MUSEE ZIEM")]
    question = asked.questions[0]
    assert question.known.commune == question.new.commune == "Martigues"
    assert asked.unanswered and not asked.publishable and asked.changes.empty
    assert "1 ligne du fichier attend votre réponse à la question « Même lieu ? »" in asked.extra["description"]
    with pytest.raises(upload.NotPublishable, match="attendent votre réponse"):
        upload.publish(seeded, asked, "agent.culture", "Muséofile", True)

    answered = check(seeded, "lieux", content, {question.key: answer})
    assert answered.unanswered == []
    if answer == recognition.MERGE:
        # The museum stays one place, its name and identifier as they were.
        assert answered.changes.empty
        assert (
            "29 musées reconnus par l'identifiant Muséofile, 1 fusionné sur votre réponse"
            in (answered.extra["description"])
        )
    else:
        assert answered.changes.added["nom"].tolist() == ["MUSEE ZIEM"]
        assert answered.changes.added["identifiant_museofile"].isna().all()
        upload.publish(seeded, answered, "agent.culture", "Deux musées", True)
        again = check(seeded, "lieux", content)  # the place it became is recognised by its id
        assert again.questions == () and again.changes.empty


# --- a new attendance file ----------------------------------------------------------------------------


def test_a_file_with_one_more_year_adds_only_that_years_rows(seeded):
    frame = national(ATTENDANCE)
    ours = set(current(seeded, "frequentation_lieux")["ref_musee"])
    last = frame[frame["ref_musee"].isin(ours) & (frame["annee"] == "2021")].copy()
    assert len(last) == 26
    last["annee"] = "2022"
    figures = last["total"] != ""
    for column in ("payant", "total"):
        last.loc[figures, column] = (last.loc[figures, column].astype(int) + 1000).astype(str)
    content = csv_bytes(pd.concat([frame, last]))
    checked = check(seeded, "frequentation_lieux", content)
    assert checked.errors == [] and checked.questions == ()
    assert checked.changes.changed.empty and checked.changes.removed.empty
    added = checked.changes.added
    assert len(added) == 26 and set(added["annee"]) == {2022}
    assert "Année(s) nouvelle(s) : 2022." in checked.extra["description"]
    mucem = added.set_index("id").loc["mucem_2022"]
    assert (mucem["total"], mucem["ref_musee"]) == (int(last.set_index("ref_musee").loc["1320201", "total"]), "1320201")
    upload.publish(seeded, checked, "agent.culture", "Fréquentation 2022", True)
    assert check(seeded, "frequentation_lieux", content).changes.empty


def ziem_renumbered(frame: pd.DataFrame, ref: str, name: str, years=None) -> pd.DataFrame:
    """The Musée Ziem's rows under another reference, without their Muséofile identifier."""
    rows = frame[frame["ref_musee"] == "1305601"].copy()
    if years is not None:
        rows = rows[rows["annee"].isin(years)]
    rows[["ref_musee", "nom_du_musee", "id_museofile"]] = [ref, name, ""]
    return rows


def test_an_unknown_museum_merged_on_answer_keeps_its_place_and_the_answer_is_remembered(seeded):
    frame = national(ATTENDANCE)
    renumbered = ziem_renumbered(frame, "1305698", "MUSEE ZIEM")
    content = csv_bytes(pd.concat([frame[frame["ref_musee"] != "1305601"], renumbered]))
    asked = check(seeded, "frequentation_lieux", content)
    assert [(q.known.key, q.new.key) for q in asked.questions] == [("museofile_m0923", "1305698")]
    assert asked.questions[0].new.where == "fichier, musée 1305698"
    assert dict((label, value) for label, value, _ in asked.questions[0].new.details)["Fréquentation"] == (
        "2001 à 2021 (21 années)"
    )
    assert asked.extra["asked_about"] == "lieux" and not asked.publishable
    assert "21 lignes du fichier attendent votre réponse à la question « Même lieu ? »" in asked.extra["description"]

    merged = check(seeded, "frequentation_lieux", content, {asked.questions[0].key: recognition.MERGE})
    assert merged.publishable and "places" not in merged.extra
    assert merged.changes.added.empty and len(merged.changes.changed) == 21
    assert {c for cells in merged.changes.changed_cells.values() for c in cells} == {"ref_musee", "nom_dans_la_source"}
    ministere.publish(seeded, merged, "agent.culture", "Nouvelle référence du Musée Ziem", True)
    rows = current(seeded, "frequentation_lieux")
    assert set(rows.loc[rows["lieu"] == "museofile_m0923", "ref_musee"]) == {"1305698"}
    again = check(seeded, "frequentation_lieux", content)
    assert again.questions == () and again.changes.empty


def test_an_unknown_museum_kept_apart_becomes_a_place_at_its_communes_centre(seeded):
    frame = national(ATTENDANCE)
    annex = ziem_renumbered(frame, "1305699", "Musée Ziem - annexe", years=["2020", "2021"])
    content = csv_bytes(pd.concat([frame, annex]))
    asked = check(seeded, "frequentation_lieux", content)
    assert [(q.known.name, q.new.name) for q in asked.questions] == [("Musée Ziem", "Musée Ziem - annexe")]
    kept = check(seeded, "frequentation_lieux", content, {asked.questions[0].key: recognition.KEEP})
    assert kept.publishable
    assert "1 nouveau lieu au centre de la commune" in kept.extra["description"]
    assert sorted(kept.changes.added["id"]) == ["frequentation_1305699_2020", "frequentation_1305699_2021"]
    place = kept.extra["places"].changes.added.set_index("id").loc["frequentation_1305699"]
    assert (place["nom"], place["code_insee"], place["precision_localisation"], place["filiere"]) == (
        "Musée Ziem - annexe",
        "13056",
        "commune",
        "musees_patrimoine",
    )
    assert (place["latitude"], place["longitude"]) == (43.38398, 5.04815)  # Martigues' centre
    places_before = store.current_versions(seeded)["lieux"].number
    ministere.publish(seeded, kept, "agent.culture", "Annexe du Musée Ziem", True)
    assert store.current_versions(seeded)["lieux"].number == places_before + 1
    assert current(seeded, "frequentation_lieux").set_index("id").loc["frequentation_1305699_2021", "lieu"] == (
        "frequentation_1305699"
    )
    again = check(seeded, "frequentation_lieux", content)
    assert again.questions == () and again.changes.empty and "places" not in again.extra


def test_an_unknown_museum_with_no_close_name_in_its_commune_becomes_a_place_without_a_question(seeded):
    frame = national(ATTENDANCE)
    other = ziem_renumbered(frame, "1305697", "Maison des peintres de l'étang", years=["2021"])
    checked = check(seeded, "frequentation_lieux", csv_bytes(pd.concat([frame, other])))
    assert checked.questions == () and checked.publishable
    assert checked.extra["places"].changes.added["id"].tolist() == ["frequentation_1305697"]
    assert checked.changes.added["id"].tolist() == ["frequentation_1305697_2021"]


def test_nothing_is_published_while_a_question_is_open_even_the_new_places(seeded):
    frame = national(ATTENDANCE)
    annex = ziem_renumbered(frame, "1305699", "Musée Ziem - annexe", years=["2021"])
    asked = check(seeded, "frequentation_lieux", csv_bytes(pd.concat([frame, annex])))
    before = store.current_versions(seeded)
    with pytest.raises(upload.NotPublishable):
        ministere.publish(seeded, asked, "agent.culture", "Trop tôt", True)
    assert store.current_versions(seeded) == before


# --- the data page --------------------------------------------------------------------------------


def page(monkeypatch, tmp_path, dataset: str) -> AppTest:
    fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.session_state["icc_user"] = accounts.User("agent.culture", accounts.EDITOR)
    at.run()
    at.selectbox(key="upload_dataset").set_value(dataset).run()
    at.radio(key=f"mode_{dataset}").set_value("ministere").run()
    return at


def test_data_page_reimports_the_shipped_museofile_file_without_change(monkeypatch, tmp_path):
    at = page(monkeypatch, tmp_path, "lieux")
    assert "Basilic ou Muséofile" in at.radio(key="mode_lieux").options[1]
    at.file_uploader(key="import_lieux").upload(MUSEOFILE.name, MUSEOFILE.read_bytes(), "text/csv")
    at.run()
    assert not at.exception, at.exception
    shown = "\n".join(t.value for t in at.text)
    assert "30 musées reconnus par l'identifiant Muséofile" in shown
    assert [i.value for i in at.info] == ["Le fichier est identique à la version en vigueur : rien à publier."]
    assert any(
        "Lignes écartées, avec leur raison (CSV, 1\u202f197 lignes)" in b.label for b in at.get("download_button")
    )


def test_data_page_adds_a_new_year_of_attendance_then_publishes_it(monkeypatch, tmp_path):
    frame = national(ATTENDANCE)
    last = frame[(frame["annee"] == "2021") & frame["nomdep"].isin(TERRITORY)].copy()
    last["annee"] = "2022"
    at = page(monkeypatch, tmp_path, "frequentation_lieux")
    assert not [d for d in at.date_input]  # the attendance file has no extract date to cite
    at.file_uploader(key="import_frequentation_lieux").upload("frequentation.csv", csv_bytes(pd.concat([frame, last])))
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Lignes ajoutées"], metrics["Lignes modifiées"], metrics["Lignes supprimées"]) == ("26", "0", "0")
    at.text_input[0].input("Fréquentation 2022")
    next(b for b in at.button if b.label == "Publier la nouvelle version").click().run()
    assert "Version 2 publiée (648 lignes) : elle est visible sur toutes les pages." in [s.value for s in at.success]


def test_data_page_asks_meme_lieu_for_an_unknown_museum_and_publishes_its_new_place(monkeypatch, tmp_path):
    frame = national(ATTENDANCE)
    annex = ziem_renumbered(frame, "1305699", "Musée Ziem - annexe", years=["2021"])
    at = page(monkeypatch, tmp_path, "frequentation_lieux")
    at.file_uploader(key="import_frequentation_lieux").upload("frequentation.csv", csv_bytes(pd.concat([frame, annex])))
    at.run()
    assert not at.exception, at.exception
    assert [h.value for h in at.header if h.value == "Même lieu ?"] == ["Même lieu ?"]
    assert any("« Même lieu ? » attendent votre réponse : rien n'est publié avant" in w.value for w in at.warning)
    assert not [b for b in at.button if b.label == "Publier la nouvelle version"]
    # A doubtful pair, asked on its own (not in the sure group): « Garder les deux ».
    next(b for b in at.button if b.label.startswith("Garder les deux : ce sont deux")).click().run()
    assert not at.exception, at.exception
    assert "**Nouveaux lieux du jeu Lieux**, publiés avec ce fichier" in [m.value for m in at.markdown]
    at.text_input[0].input("Annexe du Musée Ziem")
    next(b for b in at.button if b.label == "Publier la nouvelle version").click().run()
    assert "Les nouveaux lieux sont publiés dans le jeu Lieux, avant ce fichier." in [s.value for s in at.success]
