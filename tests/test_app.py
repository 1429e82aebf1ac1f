import pytest

from icc.storage import store
from tests.apptest import fresh_env, open_page, texts


def test_app_starts_on_an_empty_database_and_seeds_itself(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    at = open_page()
    assert not at.exception, at.exception
    assert at.title[0].value == "Industries culturelles et créatives – Vue d'ensemble"
    versions = store.current_versions(store.make_engine(url))
    assert len(versions) == 10 and versions["communes"].row_count == 92 and versions["comites"].row_count == 0
    shown = texts(at)
    assert "Lieux recensés" in shown
    assert "par Données initiales" in shown


def test_reading_can_require_an_account(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ICC_REQUIRE_LOGIN", "true")
    at = open_page()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert not at.metric  # no dashboard figure before signing in


def test_editing_pages_appear_only_for_editors(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    from icc.storage import accounts
    from tests.conftest import ROOT

    fresh_env(monkeypatch, tmp_path)
    anonymous = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    with pytest.raises(Exception, match="Could not find a navigation page"):
        anonymous.switch_page("views/donnees.py").run()
    editor = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    editor.session_state["icc_user"] = accounts.User("agent", accounts.EDITOR)
    editor.run()
    editor.switch_page("views/donnees.py").run()
    assert [t.value for t in editor.title] == ["Mise à jour des données"]
