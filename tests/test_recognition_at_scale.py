"""« Même festival ? » at the size of a real file (issue #32): the territory's 270 festivals of the
Ministry's list, identifiers removed and names re-typed (``benchmarks.retyped``), imported into the
default data. The sure pairs are answered together, the few doubtful ones alone, and the published
table has the rows it had."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.retyped import retyped_export
from icc.intake import matching, recognition, upload
from icc.intake import ministere as imports
from icc.prepared.model import load_bundle
from icc.storage import accounts
from tests.apptest import fresh_env
from tests.conftest import ROOT

LIMITS = (50_000_000, 100_000)
IDS = "identifiants_ministere"
# Different festivals with close names (issue #32): never in the sure group.
APART = [
    ("Babel Music XP", "Babel minots"),
    ("art lyrique de Salon", "art lyrique d'Aix"),
    ("musicales de février", "musicales de la font de mai"),
]


def check(bundle, content: bytes, contours, answers=None) -> upload.Checked:
    return imports.check_extract("evenements", content, "retape.csv", bundle, contours, *LIMITS, answers=answers)


@pytest.fixture(scope="module")
def export(default_frames):
    """The re-typed file, and the identifier of the list each of its rows had (by its key in the import)."""
    rows, originals = retyped_export()
    mapped = imports.festivals_to_evenements(rows, default_frames["communes"], default_frames["filieres"]).frame
    assert len(mapped) == 270
    key_to_original = {key: originals[n] for n, key in enumerate(mapped["identifiants_ministere"])}
    return rows.to_csv(sep=";", index=False).encode("utf-8"), key_to_original


def owners(events) -> dict[str, str]:
    return {mid: row["id"] for _, row in events.iterrows() for mid in recognition.split_ids(row[IDS])}


def truly_same(question: recognition.Question, owner: dict[str, str], original: dict[str, str]) -> bool:
    """The pair is one festival: the row we have owns the file row's former identifier (or both file
    rows' former identifiers belong to one of our rows)."""
    mine = owner[original[question.new.key]]
    if question.known.where == "version en vigueur":
        return question.known.key == mine
    return owner[original[question.known.key]] == mine


def test_a_retyped_export_is_answered_in_one_click_and_a_few_questions(seeded, contours, export):
    content, original = export
    bundle = load_bundle(seeded)
    before = bundle["evenements"].copy()
    owner = owners(before)
    checked = check(bundle, content, contours)
    assert not checked.publishable
    first = recognition.plan(checked.questions, {})
    # Every sure pair is right, and at least 250 of the 270 festivals are in the sure group.
    assert all(truly_same(q, owner, original) for q in first.sure)
    assert len({q.new.key for q in first.sure}) >= 250
    for one, other in APART:
        for q in first.sure:
            names = matching.compact(f"{q.known.name} | {q.new.name}")
            assert not (matching.compact(one) in names and matching.compact(other) in names)
    # Reasons in plain French come with each pair.
    jours = next(q for q in first.sure if "jours [et nuits]" in q.known.name.lower())
    assert jours.known.name == "Jours [et nuits] de cirque(s)" and jours.new.name == "JOURS [ET NUITS] DE CIRQUE(S)"
    assert "nom identique à la casse, aux accents et à la ponctuation près" in jours.reasons
    assert "même commune" in jours.reasons and jours.against == ()

    # One click on the sure group, then the doubtful ones, alone, most doubtful first.
    answers = {q.key: recognition.MERGE for q in first.sure}
    separate = 0
    while True:
        checked = check(bundle, content, contours, answers)
        step = recognition.plan(checked.questions, answers)
        assert step.sure == ()
        if not step.doubtful or separate > 20:
            break
        doubts = [q.doubt for q in step.doubtful]
        assert doubts == sorted(doubts)
        question = step.doubtful[0]
        assert question.reasons and question.against  # evidence for and against, in French
        answers[question.key] = recognition.MERGE if truly_same(question, owner, original) else recognition.KEEP
        separate += 1
    assert separate <= 20
    assert checked.unanswered == [] and checked.publishable
    found = recognition.plan(checked.questions, answers)
    assert found.merged == 270 and found.unanswered == 0
    said = checked.extra["description"]
    assert "Rapprochements « Même festival ? » : 270 fusionnés, " in said and " séparé" in said
    assert said.endswith("0 sans réponse.") or "0 sans réponse. " in said
    version = upload.publish(seeded, checked, "agent", "Export retapé", True)
    assert version.comment.startswith("Export retapé — Rapprochements « Même festival ? » : 270 fusionnés, ")

    after = load_bundle(seeded)["evenements"]
    assert sorted(after["id"]) == sorted(before["id"])  # no festival twice, none lost
    names = after.set_index("id")["nom"]
    assert names.to_dict() == before.set_index("id")["nom"].to_dict()  # a re-typed name changes no name


def test_a_name_retyped_in_the_list_itself_leaves_our_name(seeded, contours):
    """A row of the list recognised by its identifier: the list's re-typed name is not a change."""
    bundle = load_bundle(seeded)
    from benchmarks.retyped import territory_rows

    rows = territory_rows()
    rows = rows[rows["Nom du festival"] == "Jours [et nuits] de cirque(s)"].copy()
    assert len(rows) == 1
    rows["Nom du festival"] = "JOURS [ET NUITS] DE CIRQUE(S)"
    checked = check(bundle, rows.to_csv(sep=";", index=False).encode("utf-8"), contours)
    assert checked.questions == () and checked.changes.empty


# --- the data page ---------------------------------------------------------------------------------


def open_import(url_env) -> AppTest:
    """The data page of a new session (a reload) with the festivals' Ministry import chosen."""
    at = AppTest.from_file(str(ROOT / "views" / "donnees.py"), default_timeout=120)
    at.session_state["icc_user"] = accounts.User("agent.culture", accounts.EDITOR)
    at.run()
    at.selectbox(key="upload_dataset").set_value("evenements").run()
    at.radio(key="mode_evenements").set_value("ministere").run()
    return at


def counted(at: AppTest, words: str) -> int:
    """The number in the subheader « 264 correspondances sûres », 0 when absent."""
    found = [h.value for h in at.subheader if words in h.value]
    return int(found[0].split()[0].replace("\u202f", "").replace("\u00a0", "")) if found else 0


def test_the_page_groups_the_sure_pairs_and_keeps_answers_across_reloads(monkeypatch, tmp_path, export):
    content, _ = export
    fresh_env(monkeypatch, tmp_path)
    at = open_import(None)
    at.file_uploader(key="import_evenements").upload("festivals-retapes.csv", content, "text/csv")
    at.run()
    assert not at.exception, at.exception
    sure, doubtful = counted(at, "correspondances sûres"), counted(at, "une à une")
    assert sure >= 250 and 0 < doubtful <= 20
    table = next(d.value for d in at.dataframe if "Pourquoi c'est sûr" in d.value.columns)
    assert len(table) == sure
    row = table[table["Déjà connu"] == "Jours [et nuits] de cirque(s)"].iloc[0]
    assert row["Dans le fichier"] == "JOURS [ET NUITS] DE CIRQUE(S)" and row["Commune"] == "Aix-en-Provence"
    assert row["Pourquoi c'est sûr"].startswith("nom identique à la casse, aux accents et à la ponctuation près")
    assert row["Score (sur 100)"] == "100"
    first = next(c.value for c in at.caption if c.value.startswith("Question 1 sur "))
    assert re.fullmatch(rf"Question 1 sur {doubtful}, la plus incertaine d'abord : score \d+ sur 100", first)
    assert any("attendent votre réponse : rien n'est publié avant" in w.value for w in at.warning)

    # One pair taken out of the group, the rest merged with one button.
    taken = at.multiselect(key=next(m.key for m in at.multiselect if m.key.startswith("question_evenements_retirer")))
    jours = next(o for o in taken.options if o.startswith("Jours [et nuits] de cirque(s) ↔"))
    taken.select(jours).run()
    button = next(b for b in at.button if b.label.startswith("Fusionner les ") and "restant dans le groupe" in b.label)
    assert button.label == f"Fusionner les {sure - 1} correspondances restant dans le groupe"
    button.click().run()
    assert not at.exception, at.exception
    assert counted(at, "correspondances sûres") == 0 and counted(at, "une à une") == doubtful + 1

    # A reload: the file and the answers are kept with the import.
    at = open_import(None)
    assert any("Import en cours repris : « festivals-retapes.csv »" in i.value for i in at.info)
    assert counted(at, "correspondances sûres") == 0 and counted(at, "une à une") == doubtful + 1
    shown = "\n".join(t.value for t in at.text)
    assert "Pour : " in shown and "Contre : " in shown
    next(b for b in at.button if b.label == "Fusionner : c'est le même festival").click().run()
    assert counted(at, "une à une") == doubtful

    at = open_import(None)
    assert counted(at, "une à une") == doubtful
    said = " ".join(m.value for m in at.markdown)
    assert f"{sure} fusionnés, 0 gardé séparé, {doubtful} sans réponse." in said

    # The rest « garder les deux » together, once the agent says they have looked.
    rest = next(b for b in at.button if b.label == f"Garder les deux pour les {doubtful} questions restantes")
    assert rest.disabled
    next(c for c in at.checkbox if c.label.startswith("J'ai examiné les ")).check().run()
    next(b for b in at.button if b.label == f"Garder les deux pour les {doubtful} questions restantes").click().run()
    assert not at.exception, at.exception
    assert counted(at, "une à une") == 0 and not any("attendent votre réponse" in w.value for w in at.warning)
    said = " ".join(m.value for m in at.markdown)
    assert f"{sure} fusionnés, {doubtful} gardés séparés, 0 sans réponse." in said
    assert [b for b in at.button if b.label == "Publier la nouvelle version"]


# --- the scoring, alone --------------------------------------------------------------------------

NAMES = {"13001": "Aix-en-Provence", "13055": "Marseille", "13103": "Salon-de-Provence", "13014": "Berre-l'Étang"}


def test_a_retyped_name_in_the_same_commune_is_sure_with_its_reasons():
    ours = matching.Row("Jours [et nuits] de cirque(s)", "13001", "www.joursetnuits.fr", year="2010")
    theirs = matching.Row("JOURS [ET NUITS] DE CIRQUE(S)", "13001", "joursetnuits.fr/", year="2010")
    found = matching.assess(ours, theirs, NAMES)
    assert found is not None and found.sure and found.score == 100
    assert found.reasons == (
        "nom identique à la casse, aux accents et à la ponctuation près",
        "même site internet",
        "même commune",
        "même année de création (2010)",
    )
    assert found.against == ()


@pytest.mark.parametrize(
    ("theirs", "against"),
    [
        (
            matching.Row("JOURS ET NUITS DE CIRQUE", "13001", year="2012"),
            "années de création différentes (2010 / 2012)",
        ),
        (matching.Row("JOURS ET NUITS DE CIRQUE", "", year="2010"), "commune non précisée d'un côté"),
        (
            matching.Row("JOURS ET NUITS DE CIRQUE", "13001", ids=("FEST_1",)),
            "identifiants différents dans la liste d'origine",
        ),
        (matching.Row("JOURS ET NUITS DE CIRQUE", "13001", "autre-site.fr"), "sites internet différents"),
    ],
)
def test_evidence_against_keeps_a_pair_out_of_the_sure_group(theirs, against):
    ours = matching.Row("Jours et nuits de cirque", "13001", "joursetnuits.fr", year="2010", ids=("FEST_2",))
    found = matching.assess(ours, theirs, NAMES)
    assert found is not None and not found.sure and against in found.against


def test_another_commune_is_a_question_only_with_the_same_site_and_a_close_name():
    ours = matching.Row("Festival les Élancées", "13014", "scenesetcines.fr", year="1999")
    found = matching.assess(ours, matching.Row("LES ELANCEES", "13047", "scenesetcines.fr"), NAMES)
    assert found is not None and not found.sure
    assert "communes différentes (Berre-l'Étang / 13047)" in found.against
    assert matching.assess(ours, matching.Row("LES ELANCEES", "13047", "autre.fr"), NAMES) is None


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("Babel Music XP", "13055"), ("Babel minots", "13055")),
        (("Festival international d'art lyrique d'Aix-en-Provence", "13001"), ("Art lyrique de Salon", "13103")),
        (("Les musicales de février", "13001"), ("Les musicales de la font de mai", "13001")),
    ],
)
def test_different_festivals_sharing_a_site_are_never_sure(one, other):
    """Even with one organiser's website in common, different names are never a sure pair."""
    site = "www.organisateur.fr"
    found = matching.assess(matching.Row(*one, site), matching.Row(*other, site), NAMES)
    assert found is None or not found.sure


def test_plan_puts_a_pair_taken_out_of_the_group_among_the_doubtful_ones():
    side = recognition.Side
    sure = recognition.Question(side("a", "A", "", ""), side("x", "A", "", ""), 100.0, sure=True)
    weaker = recognition.Question(side("b", "AB", "", ""), side("x", "A", "", ""), 60.0)
    other = recognition.Question(side("c", "C", "", ""), side("y", "C D", "", ""), 52.0)
    steps = recognition.plan([sure, weaker, other], {})
    assert steps.sure == (sure,) and steps.doubtful == (other,)  # « x » is settled by the group
    steps = recognition.plan([sure, weaker, other], {sure.key: recognition.ASK})
    assert steps.sure == () and steps.doubtful == (other, weaker, sure)  # most doubtful first
