"""« Modifier en ligne »: the edited table goes through the same check, preview, publication and audit as a file."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc import formatting as fr
from icc.datasets.schema import DATASETS, ORDER, STATUTS_ACTION
from icc.intake import edit, upload
from icc.intake.diff import changed_cells_frame
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage import accounts, store
from tests.apptest import fresh_env
from tests.conftest import DATA, ROOT

EVENTS = DATASETS["evenements"]
ACTIONS = DATASETS["actions"]


@pytest.fixture
def seeded(engine):
    seed_if_empty(engine, DATA)
    return engine


def cells(bundle, name: str) -> pd.DataFrame:
    ds = DATASETS[name]
    return edit.cells_of_version(ds, bundle.frames[name][ds.columns])


def line_of(table: pd.DataFrame, key_column: str, key: str) -> int:
    lines = table.index[table[key_column] == key]
    assert len(lines) == 1
    return int(lines[0])


def a_leaf_action_not_done(bundle) -> str:
    actions = bundle.frames["actions"]
    leaves = actions[~actions["code"].isin(actions["parent"].dropna()) & (actions["statut"] != "réalisé")]
    return str(leaves["code"].iloc[0])


# --- the same check as a file ------------------------------------------------------------------


def test_every_dataset_unchanged_checks_clean_with_nothing_to_publish(seeded):
    bundle = load_bundle(seeded)
    for name in ORDER:
        checked = edit.check(name, DATASETS[name], cells(bundle, name), bundle, None)
        assert [p.text() for p in checked.problems] == [], name
        assert checked.changes.empty, name


def test_numbers_are_shown_in_french_and_read_back(seeded):
    bundle = load_bundle(seeded)
    table = cells(bundle, "evenements")
    delta = line_of(table, "id", "delta_festival")
    expected = bundle.frames["evenements"].set_index("id").at["delta_festival", "frequentation"]
    assert table.at[delta, "frequentation"] == fr.nombre(expected)
    lieux = cells(bundle, "lieux")
    first = bundle.frames["lieux"].iloc[0]
    assert lieux.at[1, "latitude"] == fr.nombre(first["latitude"], 6)  # « 43,3106 »
    assert "," in lieux.at[1, "latitude"]


def test_beaucoup_in_the_attendance_column_is_refused_on_its_line_and_column(seeded):
    bundle = load_bundle(seeded)
    table = cells(bundle, "evenements")
    delta = line_of(table, "id", "delta_festival")
    table.at[delta, "frequentation"] = "beaucoup"
    checked = edit.check("evenements", EVENTS, table, bundle, None)
    assert [(p.row, p.column_label, p.value) for p in checked.errors] == [(delta, "Fréquentation", "beaucoup")]
    assert checked.errors[0].message.startswith("« beaucoup » n'est pas un nombre entier ; attendu : nombre entier")
    assert not checked.publishable


@pytest.mark.parametrize(
    ("column", "typed", "label"),
    [
        ("frequentation", "", None),  # an empty optional cell: fine
        ("nom", "", "Événement"),  # an empty required cell
        ("type_frequentation", "beaucoup de monde", "Type de fréquentation"),  # outside its list
        ("date_debut", "2025-02-30", "Date de début"),  # a day that does not exist
    ],
)
def test_bad_cells_get_the_usual_french_answer(seeded, column, typed, label):
    bundle = load_bundle(seeded)
    table = cells(bundle, "evenements")
    delta = line_of(table, "id", "delta_festival")
    table.at[delta, column] = typed
    checked = edit.check("evenements", EVENTS, table, bundle, None)
    if label is None:
        assert checked.errors == []
        return
    assert [(p.row, p.column_label, p.value) for p in checked.errors] == [(delta, label, typed)]


def test_each_editor_kind_comes_back_as_exactly_the_changed_cells(seeded):
    """What the table returns (text number, date, checkbox, choice) is checked like a file."""
    bundle = load_bundle(seeded)
    table = cells(bundle, "evenements")
    delta = line_of(table, "id", "delta_festival")
    shown = table.index
    edited = edit.editor_frame(EVENTS, table)
    edited.at[delta, "frequentation"] = "160 000"  # a number as typed, French spaces
    edited.at[delta, "date_debut"] = dt.date(2025, 10, 24)  # the date picker
    edited.at[delta, "soutien_metropole"] = True  # the checkbox
    edited.at[delta, "type_frequentation"] = "spectateurs"  # the choice list
    draft = edit.apply_edits(EVENTS, table, shown, edited).cells
    checked = edit.check("evenements", EVENTS, draft, bundle, None)
    assert checked.errors == []
    preview = changed_cells_frame(EVENTS, checked.changes, bundle.frames["evenements"][EVENTS.columns])
    old = bundle.frames["evenements"].set_index("id").loc["delta_festival"]
    assert preview[["Identifiant", "Ligne", "Colonne", "Après"]].values.tolist() == [
        ["delta_festival", delta, "Fréquentation", fr.nombre(160_000)],
        ["delta_festival", delta, "Type de fréquentation", "spectateurs"],
        ["delta_festival", delta, "Date de début", "2025-10-24"],
        ["delta_festival", delta, "Soutenu par la Métropole", "oui"],
    ]
    assert preview["Avant"].tolist()[:2] == [fr.nombre(old["frequentation"]), old["type_frequentation"]]


def test_rows_added_removed_and_identifiers_kept(seeded):
    bundle = load_bundle(seeded)
    table = cells(bundle, "actions")
    code = a_leaf_action_not_done(bundle)
    line = line_of(table, "code", code)
    page = table.index[:10]
    if line not in page:
        page = page.append(pd.Index([line]))
    edited = edit.editor_frame(ACTIONS, table.loc[page])
    removed = page[0]
    edited = edited.drop(index=removed)
    edited.at[line, "code"] = "autre"  # an existing row's identifier: put back
    edited.at[line, "statut"] = "réalisé"
    new = pd.DataFrame([{c: None for c in ACTIONS.columns}], index=pd.Index([int(page.max()) + 1]))
    new.at[new.index[0], "intitule"] = "Nouvelle action"
    edited = pd.concat([edited, new])
    applied = edit.apply_edits(ACTIONS, table, page, edited)
    assert applied.kept_keys == 1
    draft = applied.cells
    assert removed not in draft.index
    assert draft.at[line, "code"] == code
    assert draft.at[line, "statut"] == "réalisé"
    assert int(draft.index[-1]) == int(table.index.max()) + 1  # numbered after the last line
    assert draft.iloc[-1]["intitule"] == "Nouvelle action"
    assert len(draft) == len(table)  # one removed, one added
    checked = edit.check("actions", ACTIONS, draft, bundle, None)
    # The new row has no code, axe, statut, source yet: each named on its own line, by its French label.
    new_line = int(draft.index[-1])
    missing = [(p.row, p.column_label) for p in checked.errors if p.kind == "Valeur obligatoire"]
    assert missing == [(new_line, "Code"), (new_line, "Axe"), (new_line, "Statut"), (new_line, "Source")]


def test_search_and_filters(seeded):
    bundle = load_bundle(seeded)
    table = cells(bundle, "evenements")
    found = edit.search(EVENTS, table, "delta festival")
    assert "delta_festival" in set(table.loc[found, "id"])
    assert all("delta" in n.lower() for n in table.loc[found, "nom"])
    frame = bundle.frames["evenements"]
    unknown = edit.search(EVENTS, table, empty="frequentation")
    assert len(unknown) == int(frame["frequentation"].isna().sum())
    marseille = edit.search(EVENTS, table, equal={"code_insee_commune": "13055"})
    assert len(marseille) == int((frame["code_insee_commune"] == "13055").sum())
    assert list(edit.page_of(table.index, 2, 10)) == list(table.index[10:20])


# --- drafts, stale versions and publication ----------------------------------------------------


def test_drafts_are_kept_per_user_and_dataset(seeded):
    version = store.current_versions(seeded)["evenements"]
    table = cells(load_bundle(seeded), "evenements")
    assert store.draft_of(seeded, "agent", "evenements") is None
    store.save_draft(seeded, "agent", "evenements", version.id, edit.dump(table))
    first = store.draft_of(seeded, "agent", "evenements")
    table.iloc[0, 1] = "Nom corrigé"
    store.save_draft(seeded, "agent", "evenements", version.id, edit.dump(table))
    again = store.draft_of(seeded, "agent", "evenements")
    assert again.started_at == first.started_at and again.updated_at >= first.updated_at
    assert edit.load(EVENTS, again.content).equals(table)
    assert store.draft_of(seeded, "collegue", "evenements") is None
    assert store.draft_of(seeded, "agent", "actions") is None
    store.drop_draft(seeded, "agent", "evenements")
    assert store.draft_of(seeded, "agent", "evenements") is None


def test_a_publication_in_between_is_named_and_the_draft_rebased(seeded):
    bundle = load_bundle(seeded)
    base_id = bundle.versions["evenements"].id
    base = cells(bundle, "evenements")
    mine = base.copy()
    delta = line_of(mine, "id", "delta_festival")
    mine.at[delta, "frequentation"] = "160 000"
    checked = edit.check("evenements", EVENTS, mine, bundle, None)
    # Another account publishes first: Delta's attendance and another row's name.
    theirs_frame = bundle.frames["evenements"][EVENTS.columns].copy()
    at = theirs_frame.index[theirs_frame["id"] == "delta_festival"][0]
    theirs_frame.loc[at, "frequentation"] = 155_000
    other = theirs_frame.index[theirs_frame["id"] != "delta_festival"][0]
    other_id = theirs_frame.loc[other, "id"]
    theirs_frame.loc[other, "nom"] = "Nom publié entre-temps"
    newer = store.publish(seeded, "evenements", theirs_frame, "agent.deux", "fréquentations reçues", base_id)
    with pytest.raises(upload.NotPublishable) as refused:
        upload.publish(seeded, checked, "agent", "fréquentation 2025", True, action=edit.SOURCE_NAME)
    message = str(refused.value)
    assert f"la version {newer.number}, publiée par agent.deux le " in message
    assert "(« fréquentations reçues »)" in message
    assert store.current_versions(seeded)["evenements"].id == newer.id

    theirs = edit.cells_of_version(EVENTS, store.read_version(seeded, newer.id))
    merged, both = edit.rebase(EVENTS, base, mine, theirs)
    by_id = merged.set_index("id")
    assert by_id.at["delta_festival", "frequentation"] == "160 000"  # the draft's value, kept
    assert by_id.at[other_id, "nom"] == "Nom publié entre-temps"  # theirs, kept
    assert both.values.tolist() == [
        ["delta_festival", "Fréquentation", base.at[delta, "frequentation"], fr.nombre(155_000), "160 000"]
    ]
    bundle = load_bundle(seeded)
    rechecked = edit.check("evenements", EVENTS, merged, bundle, None)
    published = upload.publish(seeded, rechecked, "agent", "fréquentation 2025", True, action=edit.SOURCE_NAME)
    assert published.number == newer.number + 1
    log = store.audit_entries(seeded)
    assert (log["action"].iloc[0], log["user"].iloc[0], log["detail"].iloc[0]) == (
        "modification en ligne",
        "agent",
        "fréquentation 2025",
    )
    history = store.history(seeded, "evenements")
    assert (history[0].author, history[0].comment) == ("agent", "fréquentation 2025")


# --- the page (AppTest) ------------------------------------------------------------------------


def editor_page(monkeypatch, tmp_path, dataset: str) -> tuple[AppTest, object]:
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["icc_user"] = accounts.User("agent", accounts.EDITOR)
    at.run()
    at.switch_page("views/donnees.py").run()
    at.selectbox(key="upload_dataset").set_value(dataset).run()
    at.button_group(key=f"source_{dataset}").set_value("Modifier en ligne").run()
    assert not at.exception, at.exception
    return at, engine


def editor_of(at: AppTest):
    tables = [d for d in at.dataframe if d.proto.editing_mode]
    assert len(tables) == 1
    return tables[0], json.loads(tables[0].proto.columns)


def test_the_number_editor_shows_french_numbers(monkeypatch, tmp_path):
    at, engine = editor_page(monkeypatch, tmp_path, "evenements")
    table, columns = editor_of(at)
    assert columns["frequentation"]["label"] == "Fréquentation (personnes)"
    assert columns["frequentation"]["type_config"]["type"] == "text"  # read by the French number reader
    assert "150 000 ou 43,31" in columns["frequentation"]["help"]
    frame = load_bundle(engine).frames["evenements"].set_index("id")
    shown = table.value.set_index("id")
    assert shown.at["delta_festival", "frequentation"] == fr.nombre(frame.at["delta_festival", "frequentation"])
    assert columns["_index"]["label"] == "Ligne" and columns["_index"]["disabled"] is True
    # Foreign keys are chosen by name.
    communes = columns["code_insee_commune"]["type_config"]["options"]
    assert {"value": "13055", "label": "Marseille (13055)"} in communes


def test_the_choice_list_editor_offers_the_allowed_statuses(monkeypatch, tmp_path):
    at, _ = editor_page(monkeypatch, tmp_path, "actions")
    _, columns = editor_of(at)
    assert columns["statut"]["type_config"] == {"type": "selectbox", "options": list(STATUTS_ACTION)}
    assert columns["statut"]["label"] == "Statut"


def test_the_date_editor_is_a_date_picker(monkeypatch, tmp_path):
    at, _ = editor_page(monkeypatch, tmp_path, "comites")
    _, columns = editor_of(at)
    assert columns["date"]["type_config"] == {"type": "date", "format": "DD/MM/YYYY"}
    assert columns["date"]["label"] == "Date"


def test_the_boolean_editor_is_a_checkbox(monkeypatch, tmp_path):
    at, engine = editor_page(monkeypatch, tmp_path, "chiffres_cles")
    table, columns = editor_of(at)
    assert columns["approximatif"]["type_config"] == {"type": "checkbox"}
    frame = load_bundle(engine).frames["chiffres_cles"]
    shown = table.value["approximatif"].astype(bool).tolist()
    assert shown == frame["approximatif"].astype(bool).tolist()[: len(shown)]
    assert True in shown and False in shown


def test_a_stored_draft_is_shown_again_and_a_stale_one_names_who_published(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    bundle = load_bundle(engine)
    table = cells(bundle, "evenements")
    delta = line_of(table, "id", "delta_festival")
    table.at[delta, "frequentation"] = "160 000"
    store.save_draft(engine, "agent", "evenements", bundle.versions["evenements"].id, edit.dump(table))

    at, _ = editor_page(monkeypatch, tmp_path, "evenements")
    assert any(i.value.startswith("Brouillon du ") for i in at.info)
    shown, _ = editor_of(at)
    assert shown.value.set_index("id").at["delta_festival", "frequentation"] == "160 000"

    frame = bundle.frames["evenements"][EVENTS.columns].copy()
    frame.loc[frame.index[0], "nom"] = "Nom publié entre-temps"  # one name changed by a colleague
    newer = store.publish(engine, "evenements", frame, "agent.deux", "noms corrigés", bundle.versions["evenements"].id)
    at.run()
    assert not at.exception, at.exception
    refusal = at.error[0].value
    assert refusal.startswith("Publication impossible pour l'instant : depuis le début de votre brouillon, ")
    assert f"la version {newer.number}, publiée par agent.deux le " in refusal
    assert store.draft_of(engine, "agent", "evenements") is not None  # kept
    at.button(key="rebase_evenements").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value == f"Votre brouillon est repris sur la version {newer.number}."
    shown, _ = editor_of(at)
    by_id = shown.value.set_index("id")
    assert by_id.at["delta_festival", "frequentation"] == "160 000"
    assert "Nom publié entre-temps" in set(by_id["nom"])
    assert store.draft_of(engine, "agent", "evenements").base_version_id == newer.id
    at.button(key="verifier_evenements").click().run()
    assert not at.exception, at.exception
    assert at.success[-1].value == "Aucune erreur."


def test_an_editor_records_a_committee_and_the_page_compares_with_it(monkeypatch, tmp_path):
    from tests.test_evolutions import publish_three_dates

    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    store.init(engine)
    facts = publish_three_dates(engine, monkeypatch)  # the data changed on 30 June and on 4 November
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["icc_user"] = accounts.User("agent", accounts.EDITOR)
    at.run()
    at.switch_page("views/evolutions.py").run()
    assert not at.exception, at.exception
    assert "Aucun comité de pilotage n'est encore enregistré" in at.info[0].value
    submit = next(b for b in at.button if b.label == "Enregistrer le comité")

    at.text_input(key="comite_nom").set_value("Comité de pilotage ICC")
    at.date_input(key="comite_date").set_value(dt.date(2025, 6, 30))
    submit.click().run()  # no source
    assert not at.exception, at.exception
    assert at.error[0].value == "Le comité n'a pas été enregistré."
    assert "« Source » : cellule vide ; attendu : texte." in [t.value for t in at.text]
    assert store.current_versions(engine)["comites"].number == 1

    at.text_input(key="comite_source").set_value("Relevé de décisions du comité")
    next(b for b in at.button if b.label == "Enregistrer le comité").click().run()
    assert not at.exception, at.exception
    assert at.success[0].value.startswith("Comité enregistré (version 2 des comités)")
    assert at.selectbox(key="evolutions_comite").value == "Comité de pilotage ICC du 30 juin 2025"
    lines = [t.value for t in at.text]
    _, old_status, new_status = facts["action"]
    assert any(line.endswith(f" : statut : {old_status} → {new_status}") for line in lines)  # 4 November
    assert not any(line.startswith("Événement Delta Festival") for line in lines)  # 30 June: already in force
    stored = load_bundle(engine).frames["comites"]
    assert stored[["id", "nom", "date", "source"]].values.tolist() == [
        ["copil_2025_06_30", "Comité de pilotage ICC", "2025-06-30", "Relevé de décisions du comité"]
    ]
    log = store.audit_entries(engine)
    assert (log["action"].iloc[0], log["dataset"].iloc[0]) == ("modification en ligne", "comites")
