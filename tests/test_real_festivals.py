"""The Ministry's real festivals list (May 2024 export): in the default data once each, and an
import that recognises what it already knows (« Même festival ? »)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from icc.intake import matching, recognition, upload
from icc.intake import ministere as imports
from icc.intake.reading import read_upload
from icc.prepared.model import load_bundle

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ministere"
NATIONAL = FIXTURES / "liste-des-festivals-en-france-2024-05.csv"
LIMITS = (50_000_000, 100_000)

# The festivals an earlier import counted twice or more (issue #26), by a word of their name and commune.
KNOWN = {
    "Marsatac": "13055",
    "Delta Festival": "13055",
    "Fiesta des Suds": "13055",
    "Jazz des Cinq Continents": "13055",
    "FIDMarseille": "13055",
    "Marseille Web Fest": "13055",
    "tous courts": "13001",
    "Music & Cinema": "13055",
    "Image de ville": "13001",
    "Séries Stories": "13055",
    "Charlie Jazz": "13117",
    "Jardin Sonores": "13117",
    "nuits d'Istres": "13047",
    "Piano de La Roque": "13084",
    "SMR 13": "13098",
    "CineHorizontes": "13055",
    "Élancées": None,
    "art lyrique d'Aix-en-Provence": "13001",
}
# Different festivals with close names stay two rows.
APART = [
    ("Babel Music XP", "Babel minots"),
    ("Festival d'art lyrique de Salon-De-Provence", "art lyrique d'Aix-en-Provence"),
    ("Les musicales de février", "Les musicales de la font de mai"),
]


@cache
def national_frame() -> pd.DataFrame:
    return read_upload(NATIONAL.read_bytes(), NATIONAL.name, *LIMITS).frame


def territory(default_frames) -> pd.DataFrame:
    frame = national_frame()
    return frame[frame["Code Insee commune"].isin(set(default_frames["communes"]["code_insee"]))]


def ids_in(frame: pd.DataFrame) -> list[str]:
    return [mid for cell in frame["identifiants_ministere"].fillna("") for mid in recognition.split_ids(cell)]


def rows_named(events: pd.DataFrame, words: str) -> pd.DataFrame:
    return events[events["nom"].str.contains(words, case=False, regex=False)]


# --- the default data ----------------------------------------------------------------------------


def test_the_default_data_holds_every_festival_of_the_territory_once(default_frames):
    events = default_frames["evenements"]
    listed = territory(default_frames)
    assert len(listed) == 270 and listed["Code Insee commune"].nunique() == 46
    found = ids_in(events)
    assert sorted(found) == sorted(listed["Identifiant"])  # each identifier on exactly one row
    assert events["id"].is_unique


@pytest.mark.parametrize("words", sorted(KNOWN))
def test_each_well_known_festival_is_one_row(default_frames, words):
    found = rows_named(default_frames["evenements"], words)
    assert len(found) == 1, found["nom"].tolist()
    if KNOWN[words]:
        assert found["code_insee_commune"].iloc[0] == KNOWN[words]


def test_the_festival_of_aix_listed_three_times_by_the_ministry_is_one_row_with_its_attendance(default_frames):
    row = rows_named(default_frames["evenements"], "art lyrique d'Aix").iloc[0]
    assert recognition.split_ids(row["identifiants_ministere"]) == ["FEST_13001_44", "FEST_13001_45", "FEST_13001_40"]
    assert row["frequentation"] == 100_000  # the roadmap's figure stays
    assert row["source"].startswith("Feuille de route ICC") and "Liste des festivals en France" in row["source"]


@pytest.mark.parametrize(("one", "other"), APART)
def test_different_festivals_with_close_names_stay_apart(default_frames, one, other):
    events = default_frames["evenements"]
    assert len(rows_named(events, one)) == 1 and len(rows_named(events, other)) == 1
    assert rows_named(events, one).index[0] != rows_named(events, other).index[0]


def test_every_pluridisciplinaire_festival_of_the_territory_is_kept(default_frames):
    listed = territory(default_frames)
    pluri = listed.loc[listed["Discipline dominante"] == "Pluridisciplinaire", "Identifiant"]
    assert len(pluri) == 20
    assert set(pluri) <= set(ids_in(default_frames["evenements"]))
    family = default_frames["filieres"].set_index("code").loc["pluridisciplinaire"]
    assert family["nom"] == "Pluridisciplinaire" and pd.isna(family["famille"])


# --- mapping fixes -------------------------------------------------------------------------------


def test_years_written_as_dates_and_codes_written_zero(default_frames):
    raw = territory(default_frames).head(3).copy()
    raw["Année de création du festival"] = ["01/01/2015 00:00", "2016-01-01", "2017.0"]
    raw.iloc[2, raw.columns.get_loc("Code Insee commune")] = "0"
    result = imports.festivals_to_evenements(raw, default_frames["communes"], default_frames["filieres"])
    assert result.frame["annee_de_creation_du_festival"].tolist() == ["2015", "2016"]
    assert result.excluded == {imports.NO_CODE: 1}
    assert result.left_out["Raison"].tolist() == [imports.NO_CODE]
    assert result.left_out["Ligne du fichier"].tolist() == [str(raw.index[2] + 2)]  # the line of the file


def test_the_national_file_keeps_270_and_says_why_the_others_are_left_out(default_frames):
    result = imports.festivals_to_evenements(national_frame(), default_frames["communes"], default_frames["filieres"])
    assert result.kept == 270
    assert result.excluded == {imports.OUTSIDE: 6990, imports.NO_CODE: 23}
    assert len(result.left_out) == 7013 and set(result.left_out["Raison"]) == {imports.OUTSIDE, imports.NO_CODE}
    assert (result.frame["filiere"] == "pluridisciplinaire").sum() == 20


# --- matching ------------------------------------------------------------------------------------


NAMES = {
    "13001": "Aix-en-Provence",
    "13005": "Aubagne",
    "13055": "Marseille",
    "13103": "Salon-de-Provence",
    "13028": "La Ciotat",
}


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Delta festival", "13055"), ("Delta Festival", "13055")),
        (("Festival international de cinéma de marseille - FID", "13055"), ("Cinéma – FIDMarseille", "13055")),
        (("Ciné horizontes", "13055"), ("Festival de cinéma espagnol CineHorizontes", "")),
        (("Smr13 - festival international du film indépendant", "13098"), ("SMR 13", "")),
        (("Marsatac", "13055"), ("MARSATAC !", "")),
    ],
)
def test_the_same_festival_written_otherwise_is_a_candidate(one, other):
    assert matching.score(matching.Row(*one), matching.Row(*other), NAMES) is not None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Babel Music XP", "13055"), ("Babel minots", "13055")),
        (("Festival international d'art lyrique d'Aix-en-Provence", "13001"), ("Art lyrique de Salon", "13103")),
        (("Les musicales de février", "13028"), ("Les musicales de la font de mai", "13005")),
        (("Les musicales de février", "13028"), ("Les musicales de la font de mai", "")),
        (("Festival de Marseille", "13055"), ("Marseille rock island", "13055")),
        (("Delta festival", "13055"), ("Festival de cinéma nouv.o.monte – Les films du Delta", "")),
    ],
)
def test_different_festivals_are_not_candidates(one, other):
    assert matching.score(matching.Row(*one), matching.Row(*other), NAMES) is None


def test_a_shared_site_makes_a_looser_name_a_candidate():
    aix = matching.Row("Festival d'Aix-en-provence", "13001", "festival-aix.com", "Place des Martyrs de la Résistance")
    lyric = matching.Row("Festival international d'art lyrique d'Aix-en-Provence", "13001", "https://festival-aix.com/")
    assert matching.score(aix, lyric, NAMES) is not None
    assert matching.score(aix, matching.Row(lyric.name, "13001"), NAMES) is None  # the name alone is not enough


# --- the import ----------------------------------------------------------------------------------


def check(bundle, content: bytes, contours, answers=None) -> upload.Checked:
    return imports.check_extract("evenements", content, "liste.csv", bundle, contours, *LIMITS, answers=answers)


def test_reimporting_the_national_export_proposes_no_change(seeded, contours):
    checked = check(load_bundle(seeded), NATIONAL.read_bytes(), contours)
    assert checked.errors == []
    assert checked.questions == ()
    assert checked.changes.empty, checked.changes.changed
    assert "270 festivals reconnus par l'identifiant du ministère" in checked.extra["description"]
    assert "0 fusionné sur votre réponse, 0 ajouté." in checked.extra["description"]


def snake(header: str) -> str:
    text = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def test_the_same_export_with_snake_case_headers_gives_the_same_table(seeded, contours):
    frame = national_frame().rename(columns=snake)
    assert "nom_du_festival" in frame.columns and "code_insee_commune" in frame.columns
    checked = check(load_bundle(seeded), frame.to_csv(sep=";", index=False).encode("utf-8"), contours)
    assert checked.questions == () and checked.changes.empty


def altered(name: str) -> str:
    """Case, accents, punctuation and word order changed."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = re.sub(r"[-'’,.!]", " ", plain).split()
    return " ".join(reversed(words)).upper() if len(words) > 1 else plain.upper() + " !"


def test_renamed_festivals_without_their_identifiers_are_asked_about_and_nothing_is_published(seeded, contours):
    bundle = load_bundle(seeded)
    events = bundle["evenements"]
    picked = ["Delta festival", "Charlie jazz festival", "Tous courts", "Marsatac"]
    frame = national_frame()
    copy = frame[frame["Nom du festival"].isin(picked)].copy()
    originals = dict(zip(copy["Identifiant"], copy["Nom du festival"], strict=True))
    copy["Identifiant"] = [f"NOUVEAU_{n}" for n in range(len(copy))]
    copy["Nom du festival"] = copy["Nom du festival"].map(altered)
    checked = check(bundle, copy.to_csv(sep=";", index=False).encode("utf-8"), contours)
    assert len(checked.unanswered) >= len(picked) and not checked.publishable
    with pytest.raises(upload.NotPublishable, match="Même festival"):
        upload.publish(seeded, checked, "agent", "essai", True)
    owner = {
        mid: row["nom"] for _, row in events.iterrows() for mid in recognition.split_ids(row["identifiants_ministere"])
    }
    expected = {owner[mid] for mid in originals}
    best = {}
    for q in checked.questions:
        best.setdefault(q.new.key, q)  # questions come best first
    assert {q.known.name for q in best.values()} == expected
    # Answering « fusionner » everywhere: nothing is added, the rows remember the new identifiers.
    answers = {q.key: recognition.MERGE for q in best.values()}
    merged = check(bundle, copy.to_csv(sep=";", index=False).encode("utf-8"), contours, answers)
    assert merged.unanswered == [] and merged.changes.added.empty and len(merged.changes.changed) == len(picked)
    upload.publish(seeded, merged, "agent", "Fusion", True)
    after = load_bundle(seeded)["evenements"]
    assert len(after) == len(events)
    remembered = [mid for cell in after["identifiants_ministere"].fillna("") for mid in recognition.split_ids(cell)]
    assert sorted(m for m in remembered if m.startswith("NOUVEAU_")) == sorted(copy["Identifiant"])
    # The same copy again: recognised by the identifiers just stored, no question.
    again = check(load_bundle(seeded), copy.to_csv(sep=";", index=False).encode("utf-8"), contours)
    assert again.questions == () and again.changes.empty


def test_keeping_both_adds_the_row_and_remembers_it(seeded, contours):
    bundle = load_bundle(seeded)
    frame = national_frame()
    copy = frame[frame["Nom du festival"] == "Delta festival"].copy()
    copy["Identifiant"] = "FEST_13055_99999"
    content = copy.to_csv(sep=";", index=False).encode("utf-8")
    asked = check(bundle, content, contours)
    assert [q.known.name for q in asked.questions] == ["Delta Festival"]
    kept = check(bundle, content, contours, {asked.questions[0].key: recognition.KEEP})
    assert len(kept.changes.added) == 1 and kept.publishable
    upload.publish(seeded, kept, "agent", "Deux festivals distincts", True)
    again = check(load_bundle(seeded), content, contours)
    assert again.questions == () and again.changes.empty


def test_importing_the_national_list_into_roadmap_data_asks_about_the_roadmap_festivals(seeded, contours):
    """Before any import (the roadmap's rows only), the list's festivals that the roadmap cites are
    questions, and duplicates inside the file too; nothing of theirs is added until answered."""
    bundle = load_bundle(seeded)
    roadmap = bundle["evenements"][~bundle["evenements"]["source"].str.startswith("Ministère")].copy()
    roadmap["identifiants_ministere"] = pd.NA
    frames = dict(bundle.frames)
    frames["evenements"] = roadmap
    bundle = type(bundle)(frames, bundle.versions)
    checked = check(bundle, NATIONAL.read_bytes(), contours)
    asked = {(q.known.name, q.new.name) for q in checked.questions}
    assert ("Delta Festival", "Delta festival") in asked
    assert ("Festival BD bulles électriques", "Bulles électriques") in asked  # twice in the file itself
    assert not checked.publishable
    added = set(checked.changes.added["nom"]) if not checked.changes.empty else set()
    assert "Delta festival" not in added
