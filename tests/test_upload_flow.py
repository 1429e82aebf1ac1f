"""Staff update flow: anonymous refusal, errors reported, preview, publish, stale publish, restore."""

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from icc.datasets.schema import DATASETS
from icc.formatting import nombre
from icc.intake import upload
from icc.intake.seed import seed_if_empty
from icc.prepared.model import load_bundle
from icc.storage import accounts, store
from tests.apptest import fresh_env
from tests.conftest import DATA, ROOT

EDITOR = accounts.User("agent.culture", accounts.EDITOR)
ADMIN = accounts.User("admin", accounts.ADMIN)


def french_csv(frame: pd.DataFrame) -> bytes:
    """What French Excel saves: UTF-8 with BOM, semicolons, decimal commas."""
    return frame.to_csv(index=False, sep=";", decimal=",").encode("utf-8-sig")


def events() -> pd.DataFrame:
    return pd.read_csv(DATA / "evenements.csv", dtype=str, keep_default_na=False)


def page(path: str, user: accounts.User | None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "views" / path), default_timeout=60)
    if user is not None:
        at.session_state["icc_user"] = user
    return at.run()


def choose_events_and_upload(at: AppTest, content: bytes, filename: str = "festivals.csv") -> AppTest:
    at.selectbox(key="upload_dataset").set_value("evenements").run()
    at.file_uploader(key="file_evenements").upload(filename, content, "text/csv")
    return at.run()


def shown_frames(at: AppTest) -> list[pd.DataFrame]:
    return [d.value for d in at.dataframe]


def test_anonymous_user_is_refused(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = page("donnees.py", None)
    assert [w.value for w in at.warning] == [
        "Cette page est réservée aux comptes éditeurs. Connectez-vous depuis la page Connexion."
    ]
    assert len(at.file_uploader) == 0


def test_upload_with_errors_lists_every_problem_and_blocks_publishing(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    table = events()
    table.loc[0, "frequentation"] = "beaucoup"
    table.loc[3, "filiere"] = "peinture"
    at = choose_events_and_upload(page("donnees.py", EDITOR), french_csv(table))
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["2 erreur(s) à corriger dans le fichier avant de publier."]
    report = pd.concat([f for f in shown_frames(at) if "Problème et attendu" in f.columns])
    assert sorted(zip(report["Ligne"], report["Colonne"], report["Valeur trouvée"], strict=True)) == [
        ("2", "Fréquentation", "beaucoup"),
        ("5", "Filière", "peinture"),
    ]
    assert "Publier la nouvelle version" not in [b.label for b in at.button]
    text = "\n".join(t.value for t in at.text)
    assert "Fichier CSV : encodage" in text and "point-virgule" in text
    versions = store.current_versions(store.make_engine(url))
    assert versions["evenements"].number == 1  # nothing published


def test_upload_preview_publish_then_every_page_shows_it(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    table = events()
    delta = table.index[table["id"] == "delta_festival"][0]
    table.loc[delta, "frequentation"] = "160 000"
    at = choose_events_and_upload(page("donnees.py", EDITOR), french_csv(table))
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Lignes modifiées"] == "1" and metrics["Lignes ajoutées"] == "0"
    # Only the changed cell, with its French label, old and new side by side.
    [preview] = [f for f in shown_frames(at) if "Avant" in f.columns]
    assert preview.values.tolist() == [["delta_festival", delta + 2, "Fréquentation", "150\u202f000", "160\u202f000"]]
    assert list(preview.columns) == ["Identifiant", "Ligne", "Colonne", "Avant", "Après"]
    at.text_input[0].input("Fréquentation 2025 du Delta Festival")
    at.button[0].click().run()  # form submit
    assert [s.value for s in at.success][-1].startswith("Version 2 publiée (276 lignes)")
    engine = store.make_engine(url)
    current = store.current_versions(engine)["evenements"]
    assert (current.number, current.author, current.comment) == (
        2,
        "agent.culture",
        "Fréquentation 2025 du Delta Festival",
    )
    bundle = load_bundle(engine)
    assert bundle["evenements"].set_index("id").loc["delta_festival", "frequentation"] == 160_000
    log = store.audit_entries(engine)
    assert {"téléversement", "publication"} <= set(log["action"])


def test_publishing_on_an_outdated_version_is_refused_and_nothing_is_lost(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    bundle = load_bundle(engine)
    table = events()
    table.loc[0, "nom"] = "Nom corrigé"
    checked = upload.check("evenements", french_csv(table), "a.csv", bundle, None, 10**7, 10**5)
    other = bundle["evenements"][DATASETS["evenements"].columns].head(3)
    store.publish(engine, "evenements", other, "collègue", "autre publication", bundle.versions["evenements"].id)
    with pytest.raises(upload.NotPublishable) as refused:
        upload.publish(engine, checked, "agent", "correction", acknowledged=True)
    # Who published what and when, so the editor knows whom to ask.
    assert str(refused.value).startswith("Depuis votre vérification, la version 2, publiée par collègue le ")
    assert "(« autre publication »)" in str(refused.value)
    assert "vos données ne sont pas perdues" in str(refused.value)
    versions = store.history(engine, "evenements")
    assert [(v.number, v.author) for v in versions] == [(2, "collègue"), (1, "Données initiales")]


def test_large_drop_needs_acknowledgement(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    bundle = load_bundle(engine)
    table = events()
    delta = table.index[table["id"] == "delta_festival"][0]
    table.loc[delta, "frequentation"] = "1500"
    checked = upload.check("evenements", french_csv(table), "a.csv", bundle, None, 10**7, 10**5)
    assert [(p.row, p.column) for p in checked.warnings] == [(delta + 2, "frequentation")]
    assert f"en baisse de plus de moitié ({nombre(150_000)} → {nombre(1500)})" in checked.warnings[0].message
    with pytest.raises(upload.NotPublishable, match="avertissements"):
        upload.publish(engine, checked, "agent", "baisse", acknowledged=False)
    assert upload.publish(engine, checked, "agent", "baisse", acknowledged=True).number == 2


def test_file_of_another_dataset_is_recognised(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    content = (DATA / "financements.csv").read_bytes()
    checked = upload.check("evenements", content, "f.csv", load_bundle(engine), None, 10**7, 10**5)
    assert checked.resemblance.startswith("Ce fichier ressemble au jeu « Financements »")
    assert checked.errors


def test_restore_as_administrator(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    seed_if_empty(engine, DATA)
    v1 = store.current_versions(engine)["communes"]
    store.publish(engine, "communes", load_bundle(engine)["communes"].head(3), "agent", "erreur", v1.id)
    at = page("historique.py", ADMIN)
    at.selectbox(key="hist_dataset").set_value("communes").run()
    assert at.dataframe[0].value["Version"].tolist() == [2, 1]
    at.button[0].click().run()
    assert not at.exception, at.exception
    current = store.current_versions(engine)["communes"]
    assert (current.number, current.row_count, current.comment) == (3, 92, "Restauration de la version 1")


def test_editor_cannot_restore(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = page("historique.py", EDITOR)
    assert "La restauration est réservée aux administrateurs." in [c.value for c in at.caption]
    assert not [b for b in at.button if b.label.startswith("Restaurer")]


def test_sign_in_with_a_built_in_account_is_audited(tmp_path):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    store.init(engine)
    accounts.create(engine, "chargee.mission", "un mot de passe long", accounts.EDITOR, by="admin")
    assert accounts.authenticate(engine, "chargee.mission", "mauvais") is None
    user = accounts.authenticate(engine, "chargee.mission", "un mot de passe long")
    assert user == accounts.User("chargee.mission", accounts.EDITOR)
    log = store.audit_entries(engine)
    assert log[["user", "action"]].values.tolist()[:3] == [
        ["chargee.mission", "connexion"],
        ["chargee.mission", "échec de connexion"],
        ["admin", "création de compte"],
    ]
    with pytest.raises(accounts.AccountError, match="au moins 12 caractères"):
        accounts.create(engine, "x", "court", accounts.EDITOR, by="admin")


def test_downloaded_current_data_can_be_uploaded_again_unchanged(tmp_path):
    from icc.datasets import exports

    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    bundle = load_bundle(engine)
    content = exports.dataset_csv("evenements", bundle["evenements"])
    checked = upload.check("evenements", content, "e.csv", bundle, None, 10**7, 10**5)
    assert checked.errors == [] and checked.changes.empty, [p.text() for p in checked.problems]
    assert io.BytesIO(content).read(3) == b"\xef\xbb\xbf"


@pytest.mark.parametrize(
    ("filename", "content", "expected"),
    [
        ("vide.csv", b"", "Le fichier est vide."),
        ("gros.csv", b"id;nom\n" + b"x;" * (100 * 1024 * 1024), "la limite est de 20 Mo"),
        ("image.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10, "image (PNG)"),
    ],
    ids=["vide", "200-mo", "binaire"],
)
def test_bad_files_get_a_french_refusal_and_the_page_goes_on(monkeypatch, tmp_path, filename, content, expected):
    url = fresh_env(monkeypatch, tmp_path)
    at = choose_events_and_upload(page("donnees.py", EDITOR), content, filename)
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Le fichier n'a pas pu être lu."]
    assert expected in "\n".join(t.value for t in at.text)
    assert store.current_versions(store.make_engine(url))["evenements"].number == 1
    entry = audit(url).iloc[0]  # refused uploads are in the audit log too
    assert (entry["action"], entry["dataset"]) == ("téléversement refusé", "evenements")
    assert entry["detail"].startswith(f"{filename} : ") and expected in entry["detail"]
    # The page still answers: choosing another dataset works.
    at.selectbox(key="upload_dataset").set_value("communes").run()
    assert not at.exception


# --- the error boundary ---------------------------------------------------------------------


def audit(url: str) -> pd.DataFrame:
    return store.audit_entries(store.make_engine(url))


def test_a_file_of_a_crashing_class_gets_its_french_report_not_an_exception(monkeypatch, tmp_path):
    """An empty amount on a sub-envelope once crashed check_envelopes (« boolean value of NA is ambiguous »)."""
    url = fresh_env(monkeypatch, tmp_path)
    table = pd.read_csv(DATA / "financements.csv", dtype=str, keep_default_na=False)
    child = table.index[table["parent"] != ""][0]
    table.loc[child, "montant_eur"] = "n.c."
    at = page("donnees.py", EDITOR)
    at.selectbox(key="upload_dataset").set_value("financements").run()
    at.file_uploader(key="file_financements").upload("financements.csv", french_csv(table), "text/csv")
    at.run()
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["1 erreur(s) à corriger dans le fichier avant de publier."]
    report = pd.concat([f for f in shown_frames(at) if "Problème et attendu" in f.columns])
    assert report[["Ligne", "Colonne", "Valeur trouvée"]].values.tolist() == [[str(child + 2), "Montant", "n.c."]]
    assert report["Problème et attendu"].iloc[0].startswith("« n.c. » n'est pas un nombre ; attendu : nombre")
    assert audit(url)["action"].iloc[0] == "téléversement"


def test_an_unexpected_failure_is_a_french_message_logged_audited_and_the_file_kept(monkeypatch, tmp_path, caplog):
    url = fresh_env(monkeypatch, tmp_path)

    def broken(*args, **kwargs):
        raise TypeError("boolean value of NA is ambiguous")

    monkeypatch.setattr(upload, "check", broken)
    content = french_csv(events())
    at = choose_events_and_upload(page("donnees.py", EDITOR), content, "festivals 2025.csv")
    assert not at.exception, at.exception
    assert [e.value for e in at.error] == ["Le fichier n'a pas pu être traité."]
    message = "\n".join(t.value for t in at.text)
    assert message.startswith(
        "Une erreur inattendue est survenue pendant la vérification du fichier « festivals 2025.csv ». "
        "Rien n'a été publié : la version en vigueur reste inchangée. "
        "Votre fichier a été conservé sur le serveur sous la référence "
    )
    assert "boolean value" not in message  # no Python text for users
    kept = list((tmp_path / "depots").iterdir())
    assert [f.read_bytes() for f in kept] == [content]
    assert kept[0].name in message
    assert "TypeError: boolean value of NA is ambiguous" in caplog.text  # the traceback is in the server log
    entry = audit(url).iloc[0]
    assert (entry["action"], entry["dataset"], entry["user"]) == ("téléversement refusé", "evenements", "agent.culture")
    assert kept[0].name in entry["detail"]
    assert store.current_versions(store.make_engine(url))["evenements"].number == 1
    # The status box ended in error, its progress bar gone; the reason is outside it, visible.
    assert [(s.label, s.state) for s in at.status] == [("Fichier refusé", "error")]
    assert len(at.status[0].get("progress")) == 0
    # A rerun (any click) shows the same refusal without checking, keeping or auditing again.
    at.run()
    assert [e.value for e in at.error] == ["Le fichier n'a pas pu être traité."]
    assert len(list((tmp_path / "depots").iterdir())) == 1
    assert (audit(url)["action"] == "téléversement refusé").sum() == 1
