"""Administrators see who is signed in and can end an account's sessions."""

from __future__ import annotations

from icc.storage import accounts, sessions, store
from tests.apptest import fresh_env, open_page

PASSWORD = "une phrase de passe solide"


def test_an_administrator_ends_the_sessions_of_an_account(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    engine = store.make_engine(url)
    open_page()  # seeds the database
    accounts.create(engine, "agent.culture", PASSWORD, accounts.EDITOR, by="test")
    cookie, _ = sessions.open_session(engine, "agent.culture", "secret", 8)
    assert sessions.user_for(engine, cookie, "secret", 8) == accounts.User("agent.culture", accounts.EDITOR)

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.session_state["icc_user"] = accounts.User("admin", accounts.ADMIN)
    at.run()
    at.switch_page("views/administration.py").run()
    assert not at.exception, at.exception
    shown = at.dataframe[1].value
    assert list(shown["Utilisateur"]) == ["agent.culture"]
    next(b for b in at.button if b.label == "Fermer toutes ses sessions").click().run()
    assert not at.exception, at.exception
    assert sessions.user_for(engine, cookie, "secret", 8) is None
    assert store.live_sessions(engine) == []
    log = store.audit_entries(engine)
    assert ((log["action"] == "fermeture de sessions") & (log["detail"] == "agent.culture")).any()
