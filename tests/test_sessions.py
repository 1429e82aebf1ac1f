"""Sign-in sessions against the running server, with a raw HTTP/WebSocket client (no browser).

A Streamlit session id is visible to anyone who sees an upload URL: it must carry no identity.
Identity is the signed ``icc_session`` cookie and its record in the store.
"""

from __future__ import annotations

import time

import pytest

from icc.intake.seed import seed_if_empty
from icc.storage import accounts, store
from tests import stclient
from tests.conftest import DATA
from tests.server import running_app

EDITOR, ADMIN = "agent.culture", "admin.icc"
PASSWORD = "une phrase de passe solide"
EDITING = "Mise à jour des données"


def _server(tmp_path, **env):
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, EDITOR, PASSWORD, accounts.EDITOR, by="test")
    accounts.create(engine, ADMIN, PASSWORD, accounts.ADMIN, by="test")
    base = {"ICC_DATABASE_URL": f"sqlite:///{tmp_path / 'icc.db'}", "ICC_VAR_DIR": str(tmp_path), "ICC_BASEMAP": "none"}
    return engine, running_app({**base, **env})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    engine, app = _server(tmp_path_factory.mktemp("sessions"))
    with app as url:
        yield url, engine


def signed_in_cookie(url: str, username: str = EDITOR) -> str:
    answer = stclient.sign_in(url, username, PASSWORD)
    assert answer.status == 303, answer.text
    cookie = answer.cookie("icc_session")
    assert cookie
    return cookie


def test_sign_in_sets_a_strict_httponly_cookie_with_an_expiry(server):
    url, _ = server
    answer = stclient.sign_in(url, EDITOR, PASSWORD, next_page="/festivals")
    assert answer.status == 303
    assert answer.headers["Location"] == "/festivals"
    raw = next(c for c in answer.set_cookies() if c.startswith("icc_session="))
    attributes = {a.strip().split("=")[0].lower() for a in raw.split(";")[1:]}
    assert {"httponly", "max-age", "expires", "path", "samesite"} <= attributes
    assert "samesite=strict" in raw.lower()
    assert "secure" not in attributes  # plain HTTP here…
    # …and Secure behind a TLS proxy (uvicorn trusts X-Forwarded-Proto from loopback).
    behind_tls = stclient.sign_in(url, EDITOR, PASSWORD, headers={"X-Forwarded-Proto": "https"})
    raw_tls = next(c for c in behind_tls.set_cookies() if c.startswith("icc_session="))
    assert "secure" in {a.strip().split("=")[0].lower() for a in raw_tls.split(";")[1:]}


def test_a_session_id_without_the_cookie_is_anonymous(server):
    url, _ = server
    cookie = signed_in_cookie(url)
    editor = stclient.run_page(url, "connexion", cookies={"icc_session": cookie})
    assert f"Connecté : {EDITOR}" in editor.text
    assert EDITING in editor.pages
    # An attacker who read the session id (e.g. in an upload URL) presents it without the cookie.
    attacker = stclient.run_page(url, "connexion", existing_session_id=editor.session_id)
    assert attacker.session_id == editor.session_id  # Streamlit did resume that session…
    assert "Connecté" not in attacker.text  # …but nobody is signed in there
    assert "Se connecter" in attacker.text
    assert EDITING not in attacker.pages
    assert "donnees" not in stclient.run_page(url, "donnees", existing_session_id=editor.session_id).text.lower()


def test_the_cookie_survives_a_reload_and_a_second_tab(server):
    url, _ = server
    cookie = signed_in_cookie(url)
    first = stclient.run_page(url, "connexion", cookies={"icc_session": cookie})
    reload = stclient.run_page(url, "connexion", cookies={"icc_session": cookie})  # a new WebSocket
    assert reload.session_id != first.session_id
    assert f"Connecté : {EDITOR}" in reload.text and EDITING in reload.pages


def test_a_forged_or_tampered_cookie_is_anonymous(server):
    url, _ = server
    cookie = signed_in_cookie(url)
    for forged in [cookie[:-2] + ("AA" if not cookie.endswith("AA") else "BB"), "bonjour", ""]:
        run = stclient.run_page(url, "connexion", cookies={"icc_session": forged})
        assert "Connecté" not in run.text and EDITING not in run.pages


def test_sign_out_invalidates_the_session_everywhere(server):
    url, engine = server
    cookie = signed_in_cookie(url)
    assert EDITING in stclient.run_page(url, "connexion", cookies={"icc_session": cookie}).pages
    answer = stclient.request(url, "POST", "/compte/deconnexion", {}, cookies={"icc_session": cookie})
    assert answer.status == 303 and answer.headers["Location"] == "/connexion"
    cleared = next(c for c in answer.set_cookies() if c.startswith("icc_session="))
    assert "max-age=0" in cleared.lower()
    # A tab that still holds the old cookie value is signed out at its next run.
    after = stclient.run_page(url, "connexion", cookies={"icc_session": cookie})
    assert "Connecté" not in after.text and EDITING not in after.pages
    log = store.audit_entries(engine)
    assert ((log["user"] == EDITOR) & (log["action"] == "déconnexion")).any()


def test_sign_in_from_another_site_is_refused(server):
    url, _ = server
    answer = stclient.sign_in(url, EDITOR, PASSWORD, headers={"Origin": "https://pirate.example"})
    assert answer.status == 403 and answer.cookie("icc_session") is None


def test_an_oversized_sign_in_form_is_refused(server):
    url, _ = server
    answer = stclient.sign_in(url, EDITOR, "x" * 100_000)
    assert answer.status == 413 and answer.cookie("icc_session") is None


def test_sign_in_redirects_only_inside_the_app(server):
    url, _ = server
    for target in ["https://pirate.example/", "//pirate.example", "/\\pirate.example", "/a?b=<script>"]:
        answer = stclient.sign_in(url, EDITOR, PASSWORD, next_page=target)
        assert answer.status == 303 and answer.headers["Location"] == "/connexion"
    # A page of the app keeps its filters.
    kept = stclient.sign_in(url, EDITOR, PASSWORD, next_page="/festivals?filiere=edition&de=2020")
    assert kept.headers["Location"] == "/festivals?filiere=edition&de=2020"


def test_metrics_answer_administrators_only(server):
    url, _ = server
    assert stclient.request(url, "GET", "/_stcore/metrics").status == 403
    editor = stclient.request(url, "GET", "/_stcore/metrics", cookies={"icc_session": signed_in_cookie(url)})
    assert editor.status == 403
    admin = stclient.request(url, "GET", "/_stcore/metrics", cookies={"icc_session": signed_in_cookie(url, ADMIN)})
    assert admin.status == 200 and b"session" in admin.body.lower()


def test_unknown_and_known_users_cost_the_same_argon2_work(seeded, monkeypatch):
    """A wrong password and an unknown name cost the same argon2 work (no enumeration by timing):
    each attempt verifies exactly one hash, made with the same parameters. Counted, not timed: a
    shared machine's load made the timing flaky, the work it stood for is what is checked."""
    from argon2 import PasswordHasher, extract_parameters

    from icc.storage import signin

    accounts.create(seeded, EDITOR, PASSWORD, accounts.EDITOR, by="test")
    verified: list[str] = []
    real = PasswordHasher.verify

    def counting(self, hash, password):
        verified.append(hash)
        return real(self, hash, password)

    monkeypatch.setattr(PasswordHasher, "verify", counting)
    policy = signin.Policy(max_failures=1000, lock_seconds=60)
    work = {}
    for name in (EDITOR, "inconnu.1"):
        verified.clear()
        outcome = signin.sign_in(seeded, name, "mauvais mot de passe", "198.51.100.7", policy)
        assert outcome.user is None and outcome.message == signin.WRONG  # the same answer
        assert len(verified) == 1, name
        work[name] = extract_parameters(verified[0])
    assert work[EDITOR] == work["inconnu.1"]
    assert work[EDITOR].time_cost >= 2 and work[EDITOR].memory_cost >= 19_456  # argon2 really runs


def test_throttling_and_lock_engage_and_release(tmp_path):
    engine, app = _server(tmp_path, ICC_LOGIN_MAX_FAILURES="6", ICC_LOGIN_LOCK_SECONDS="3")
    with app as url:
        for _ in range(3):  # the first half of the allowed failures: no delay
            answer = stclient.sign_in(url, EDITOR, "mauvais")
            assert answer.status == 401 and "Retry-After" not in answer.headers
        fourth = stclient.sign_in(url, EDITOR, "mauvais")
        assert fourth.status == 401 and fourth.headers["Retry-After"] == "1"
        time.sleep(1.2)
        fifth = stclient.sign_in(url, EDITOR, "mauvais")
        assert fifth.status == 401 and fifth.headers["Retry-After"] == "2"  # the delay grows
        # During the delay even the right password is not checked.
        early = stclient.sign_in(url, EDITOR, PASSWORD)
        assert early.status == 429 and "patientez" in early.text and early.cookie("icc_session") is None
        time.sleep(2.2)
        sixth = stclient.sign_in(url, EDITOR, "mauvais")
        assert sixth.status == 429 and "Trop d'échecs" in sixth.text
        locked = stclient.sign_in(url, EDITOR, PASSWORD)
        assert locked.status == 429 and "nouvel essai possible dans 1 minute" in locked.text
        assert locked.cookie("icc_session") is None
        assert int(locked.headers["Retry-After"]) <= 3
        time.sleep(3.2)
        released = stclient.sign_in(url, EDITOR, PASSWORD)
        assert released.status == 303 and released.cookie("icc_session")
    log = store.audit_entries(engine)
    mine = log[log["user"] == EDITOR]
    assert (mine["action"] == "échec de connexion").sum() == 6
    assert (mine["action"] == "connexion refusée").sum() == 2
    assert (mine["action"] == "connexion").sum() == 1


def test_sessions_expire(tmp_path):
    _, app = _server(tmp_path, ICC_SESSION_HOURS="0.003")  # 10.8 seconds
    with app as url:
        answer = stclient.sign_in(url, EDITOR, PASSWORD)
        assert "max-age=10" in next(c for c in answer.set_cookies() if c.startswith("icc_session=")).lower()
        cookie = answer.cookie("icc_session")
        assert EDITING in stclient.run_page(url, "connexion", cookies={"icc_session": cookie}).pages
        time.sleep(11.5)
        expired = stclient.run_page(url, "connexion", cookies={"icc_session": cookie})
        assert "Connecté" not in expired.text and EDITING not in expired.pages
