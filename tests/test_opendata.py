"""Open-data routes on the running server, checked against the store."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from sqlalchemy import select

from icc.datasets.exports import FORMULA_STARTS
from icc.datasets.schema import DATASETS, ORDER, TEXT
from icc.intake.seed import seed_if_empty
from icc.storage import accounts, store
from tests import stclient
from tests.conftest import DATA
from tests.server import running_app

PLANTED = '=HYPERLINK("http://pirate.example";"clic")'


def _engine(tmp):
    engine = store.make_engine(f"sqlite:///{tmp / 'icc.db'}")
    seed_if_empty(engine, DATA)
    return engine


def _env(tmp, **extra):
    return {"ICC_DATABASE_URL": f"sqlite:///{tmp / 'icc.db'}", "ICC_VAR_DIR": str(tmp), "ICC_BASEMAP": "none", **extra}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("opendata")
    engine = _engine(tmp)
    # A second version of the festivals, one name holding a formula.
    v1 = store.current_versions(engine)["evenements"]
    events = store.read_version(engine, v1.id)
    events.loc[0, "nom"] = PLANTED
    store.publish(engine, "evenements", events, "agent.culture", "Nom piégé", v1.id)
    with running_app(_env(tmp)) as url:
        yield url, engine


def stored_text(engine, version_id: int) -> pd.DataFrame:
    """The stored canonical CSV, every cell as text."""
    with engine.connect() as conn:
        content = conn.execute(select(store.versions.c.content).where(store.versions.c.id == version_id)).scalar()
    return pd.read_csv(io.StringIO(content), dtype=str, keep_default_na=False)


def served_csv(answer) -> pd.DataFrame:
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/csv")
    return pd.read_csv(io.BytesIO(answer.body), dtype=str, keep_default_na=False)


def expected_csv(engine, v: store.Version) -> pd.DataFrame:
    frame = stored_text(engine, v.id)
    for f in DATASETS[v.dataset].fields:
        if f.kind == TEXT:
            frame[f.name] = frame[f.name].map(lambda s: "'" + s if s.startswith(FORMULA_STARTS) else s)
    return frame


def test_the_catalogue_lists_every_dataset_at_its_current_version(server):
    url, engine = server
    answer = stclient.request(url, "GET", "/donnees-ouvertes/")
    assert answer.status == 200
    catalogue = json.loads(answer.body)
    current = store.current_versions(engine)
    assert [j["nom"] for j in catalogue["jeux"]] == list(ORDER)
    for entry in catalogue["jeux"]:
        v = current[entry["nom"]]
        assert entry["version_en_vigueur"]["version"] == v.number
        assert entry["version_en_vigueur"]["commentaire"] == v.comment
        assert entry["version_en_vigueur"]["lignes"] == v.row_count


@pytest.mark.parametrize("name", ORDER)
def test_each_current_csv_and_json_is_the_stored_version(server, name):
    url, engine = server
    v = store.current_versions(engine)[name]
    csv = served_csv(stclient.request(url, "GET", f"/donnees-ouvertes/{name}.csv"))
    pd.testing.assert_frame_equal(csv, expected_csv(engine, v))
    records = json.loads(stclient.request(url, "GET", f"/donnees-ouvertes/{name}.json").body)
    frame = store.read_version(engine, v.id)
    assert len(records) == v.row_count == len(frame)
    assert list(csv.columns) == DATASETS[name].columns  # also for a dataset with no row yet (comites)
    assert all(list(r) == DATASETS[name].columns for r in records)
    key = DATASETS[name].key[0] if isinstance(DATASETS[name].key, list) else DATASETS[name].key
    assert [r[key] for r in records] == frame[key].tolist()


def test_formulas_are_neutralised_in_csv_and_kept_as_written_in_json(server):
    url, _ = server
    csv = served_csv(stclient.request(url, "GET", "/donnees-ouvertes/evenements.csv"))
    assert csv.loc[0, "nom"] == "'" + PLANTED
    assert not [c for col in csv.columns for c in csv[col] if c.startswith(("=", "+", "@"))]
    records = json.loads(stclient.request(url, "GET", "/donnees-ouvertes/evenements.json").body)
    assert records[0]["nom"] == PLANTED


def test_versions_are_listed_with_date_and_comment_and_each_can_be_read(server):
    url, engine = server
    listed = json.loads(stclient.request(url, "GET", "/donnees-ouvertes/evenements/versions").body)
    history = store.history(engine, "evenements")
    assert [(v["version"], v["commentaire"], v["lignes"]) for v in listed["versions"]] == [
        (h.number, h.comment, h.row_count) for h in history
    ]
    assert [v["version"] for v in listed["versions"]] == [2, 1]
    assert all(v["date"].endswith("+00:00") for v in listed["versions"])
    first = history[-1]
    old = stclient.request(url, "GET", "/donnees-ouvertes/evenements/versions/1.csv")
    pd.testing.assert_frame_equal(served_csv(old), expected_csv(engine, first))
    assert PLANTED not in old.text
    assert old.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    package = json.loads(stclient.request(url, "GET", "/donnees-ouvertes/evenements/versions/1/datapackage.json").body)
    assert [r["name"] for r in package["resources"]] == ["evenements"]
    assert package["resources"][0]["path"] == "1.csv"
    assert package["resources"][0]["version"]["version"] == 1


def test_the_data_package_describes_the_current_versions(server):
    url, engine = server
    package = json.loads(stclient.request(url, "GET", "/donnees-ouvertes/datapackage.json").body)
    current = store.current_versions(engine)
    assert [r["name"] for r in package["resources"]] == list(ORDER)
    for r in package["resources"]:
        assert r["path"] == f"{r['name']}.csv"
        assert r["version"]["version"] == current[r["name"]].number
        assert [f["name"] for f in r["schema"]["fields"]] == DATASETS[r["name"]].columns
    one = json.loads(stclient.request(url, "GET", "/donnees-ouvertes/lieux/datapackage.json").body)
    assert [r["name"] for r in one["resources"]] == ["lieux"]


def test_cache_headers_and_conditional_requests(server):
    url, _ = server
    current = stclient.request(url, "GET", "/donnees-ouvertes/lieux.csv")
    assert current.headers["Cache-Control"] == "public, max-age=300"
    etag = current.headers["ETag"]
    assert etag and current.headers["Last-Modified"].endswith("GMT")
    again = stclient.request(url, "GET", "/donnees-ouvertes/lieux.csv", headers={"If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    other = stclient.request(url, "GET", "/donnees-ouvertes/lieux.json")
    assert other.headers["ETag"] != etag


def test_unknown_addresses_answer_404_in_french(server):
    url, _ = server
    for path in ["/donnees-ouvertes/inconnu.csv", "/donnees-ouvertes/lieux/versions/99.csv", "/donnees-ouvertes/x/y"]:
        answer = stclient.request(url, "GET", path)
        assert answer.status == 404
        assert json.loads(answer.body)["erreur"].startswith(("Jeu de données inconnu", "Le jeu", "Adresse inconnue"))


def test_open_data_needs_an_account_when_reading_does(tmp_path):
    engine = _engine(tmp_path)
    accounts.create(engine, "agent.culture", "une phrase de passe solide", accounts.EDITOR, by="test")
    with running_app(_env(tmp_path, ICC_REQUIRE_LOGIN="true")) as url:
        anonymous = stclient.request(url, "GET", "/donnees-ouvertes/lieux.csv")
        assert anonymous.status == 401 and "demande un compte" in anonymous.text
        assert stclient.request(url, "GET", "/donnees-ouvertes/").status == 401
        cookie = stclient.sign_in(url, "agent.culture", "une phrase de passe solide").cookie("icc_session")
        signed = stclient.request(url, "GET", "/donnees-ouvertes/lieux.csv", cookies={"icc_session": cookie})
        assert signed.status == 200 and signed.headers["Cache-Control"] == "private, no-cache"
