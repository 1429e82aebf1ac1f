import pandas as pd
import pytest
from sqlalchemy import select

from icc.datasets.schema import DATASETS, ORDER
from icc.intake.seed import SEED_AUTHOR, seed_if_empty
from icc.storage import store
from tests.conftest import DATA


@pytest.mark.parametrize("name", ORDER)
def test_each_dataset_round_trips_unchanged(engine, default_frames, name):
    frame = default_frames[name]
    version = store.publish(engine, name, frame, "agent@amp", "essai", expected_version_id=None)
    back = store.read_version(engine, version.id)
    pd.testing.assert_frame_equal(back, frame.reset_index(drop=True))
    assert version.row_count == len(frame)
    assert store.current_versions(engine)[name].checksum == version.checksum


def test_empty_database_seeds_itself_once(engine, default_frames):
    seeded = seed_if_empty(engine, DATA)
    assert seeded == list(ORDER)
    versions = store.current_versions(engine)
    assert {v.number for v in versions.values()} == {1}
    assert versions["communes"].row_count == 92
    assert versions["communes"].author == SEED_AUTHOR
    assert seed_if_empty(engine, DATA) == []  # a second start does not seed again


def test_publish_keeps_history_and_moves_current(engine, default_frames):
    communes = default_frames["communes"]
    v1 = store.publish(engine, "communes", communes, "a", "v1", None)
    changed = communes.copy()
    changed.loc[0, "population"] = 1
    v2 = store.publish(engine, "communes", changed, "b", "population corrigée", v1.id)
    assert v2.number == 2
    assert store.current_versions(engine)["communes"].id == v2.id
    assert store.read_version(engine, v1.id).loc[0, "population"] == communes.loc[0, "population"]
    assert [v.number for v in store.history(engine, "communes")] == [2, 1]


def test_publish_prepared_on_an_old_version_is_refused_and_nothing_is_lost(engine, default_frames):
    communes = default_frames["communes"]
    v1 = store.publish(engine, "communes", communes, "a", "v1", None)
    v2 = store.publish(engine, "communes", communes.head(10), "b", "v2", v1.id)
    with pytest.raises(store.StaleVersion):
        store.publish(engine, "communes", communes.head(5), "c", "prepared on v1", v1.id)
    assert store.current_versions(engine)["communes"].id == v2.id
    assert [v.number for v in store.history(engine, "communes")] == [2, 1]
    with engine.connect() as conn:
        actions = conn.execute(select(store.audit.c.user, store.audit.c.action)).all()
    assert [tuple(a) for a in actions] == [("a", "publication"), ("b", "publication")]


def test_restore_publishes_the_old_version_as_a_new_one(engine, default_frames):
    communes = default_frames["communes"]
    v1 = store.publish(engine, "communes", communes, "a", "v1", None)
    v2 = store.publish(engine, "communes", communes.head(3), "b", "v2", v1.id)
    v3 = store.restore(engine, v1.id, "admin", v2.id)
    assert v3.number == 3 and v3.row_count == 92
    assert v3.checksum == v1.checksum
    assert v3.comment == "Restauration de la version 1"
    assert store.current_versions(engine)["communes"].id == v3.id


def test_canonical_csv_keeps_booleans_and_missing_values():
    ds = DATASETS["evenements"]
    frame = pd.DataFrame({f.name: pd.Series([None, None], dtype="object") for f in ds.fields})
    frame["id"], frame["nom"] = ["a", "b"], ["<img src=x onerror=alert(1)>", "=SOMME(A1)"]
    frame["approximatif"] = [True, False]
    typed = store.from_canonical_csv(ds, store.to_canonical_csv(ds, frame))
    assert typed["approximatif"].tolist() == [True, False]
    assert typed["nom"].tolist() == ["<img src=x onerror=alert(1)>", "=SOMME(A1)"]
    assert typed["frequentation"].isna().all()


def test_an_import_draft_keeps_its_file_and_answers_until_dropped(engine):
    """The Ministry import under way (issue #32): a reload finds the file and the answers given."""
    content = b"Nom du festival;Code Insee commune\nJOURS [ET NUITS] DE CIRQUE(S);13001\n"
    assert store.import_draft_of(engine, "agent", "evenements") is None
    store.save_import_draft(engine, "agent", "evenements", "liste é.csv", content, "", {})
    store.save_import_answers(engine, "agent", "evenements", {"a = b": "fusionner"}, "2024-05-01")
    draft = store.import_draft_of(engine, "agent", "evenements")
    assert (draft.filename, draft.content, draft.extrait_du) == ("liste é.csv", content, "2024-05-01")
    assert draft.answers == {"a = b": "fusionner"}
    assert store.import_draft_of(engine, "autre", "evenements") is None  # one's own
    store.save_import_draft(engine, "agent", "evenements", "autre.csv", b"x", "", {})  # a new file: no answer
    assert store.import_draft_of(engine, "agent", "evenements").answers == {}
    store.drop_import_draft(engine, "agent", "evenements")
    assert store.import_draft_of(engine, "agent", "evenements") is None
