from icc import store
from tests.apptest import fresh_env, open_page, texts


def test_app_starts_on_an_empty_database_and_seeds_itself(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    at = open_page()
    assert not at.exception, at.exception
    assert at.title[0].value == "Industries culturelles et créatives – Vue d'ensemble"
    versions = store.current_versions(store.make_engine(url))
    assert len(versions) == 8 and versions["communes"].row_count == 92
    shown = texts(at)
    assert "Lieux recensés" in shown
    assert "par Données initiales" in shown
