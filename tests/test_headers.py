"""Security headers on every answer of the server, the French index page, the upload limit."""

from __future__ import annotations

import re
import socket
import urllib.parse

import pytest

from icc.intake.seed import seed_if_empty
from icc.storage import accounts, store
from tests import stclient
from tests.conftest import DATA
from tests.server import running_app

EDITOR, PASSWORD = "agent.culture", "une phrase de passe solide"
LIMIT_MB = 3


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("headers")
    engine = store.make_engine(f"sqlite:///{tmp / 'icc.db'}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, EDITOR, PASSWORD, accounts.EDITOR, by="test")
    env = {
        "ICC_DATABASE_URL": f"sqlite:///{tmp / 'icc.db'}",
        "ICC_VAR_DIR": str(tmp),
        "ICC_BASEMAP": "none",
        "ICC_MAX_UPLOAD_MB": str(LIMIT_MB),
    }
    with running_app(env) as url:
        yield url


def _script_bundle(url: str) -> str:
    index = stclient.request(url, "GET", "/").text
    return re.search(r'src="\./(static/js/index\.[^"]+\.js)"', index).group(1)


def routes(url: str) -> list[tuple[str, str, dict | None]]:
    return [
        ("GET", "/", None),
        ("GET", "/carte", None),
        ("GET", "/connexion", None),
        ("GET", "/donnees", None),
        ("GET", "/page-inconnue", None),
        ("GET", "/_stcore/health", None),
        ("GET", "/_stcore/host-config", None),
        ("GET", "/_stcore/metrics", None),
        ("GET", "/" + _script_bundle(url), None),
        ("GET", "/favicon.png", None),
        ("GET", "/compte/connexion", None),
        ("POST", "/compte/connexion", {"utilisateur": EDITOR, "mot_de_passe": "faux"}),
        ("POST", "/compte/deconnexion", {}),
        ("GET", "/donnees-ouvertes/", None),
        ("GET", "/donnees-ouvertes/evenements.csv", None),
        ("PUT", "/_stcore/upload_file/inconnue/fichier", None),
    ]


def test_every_route_sends_the_security_headers(server):
    seen = {}
    for method, path, body in routes(server):
        answer = stclient.request(server, method, path, body)
        seen[method, path] = answer.status
        h = answer.headers
        csp = h["Content-Security-Policy"] or ""
        assert "frame-ancestors 'none'" in csp, path
        assert "default-src 'self'" in csp and "object-src 'none'" in csp, path
        assert "'unsafe-eval'" not in csp and "script-src 'self' 'sha256-" in csp, path
        assert h["X-Frame-Options"] == "DENY", path
        assert h["X-Content-Type-Options"] == "nosniff", path
        assert h["Referrer-Policy"] == "same-origin", path
    # The list really covers pages, Streamlit's routes, files, ours, and errors.
    assert {seen["GET", p] for p in ("/", "/carte", "/_stcore/health", "/favicon.png", "/compte/connexion")} == {200}
    assert seen["GET", "/_stcore/metrics"] == 403 and seen["POST", "/compte/connexion"] == 401
    assert 400 <= seen["PUT", "/_stcore/upload_file/inconnue/fichier"] < 500


def test_no_third_party_host_is_allowed_without_a_basemap(server):
    csp = stclient.request(server, "GET", "/").headers["Content-Security-Policy"]
    sources = {s for directive in csp.split(";") for s in directive.split()[1:]}
    assert not [s for s in sources if "." in s or s.startswith("http")], csp


def test_the_index_page_is_french_with_each_page_title(server):
    for path, title in [
        ("/", "Vue d'ensemble"),
        ("/carte", "Carte"),
        ("/feuille-de-route", "Feuille de route"),
        ("/connexion", "Connexion"),
    ]:
        index = stclient.request(server, "GET", path, headers={"Accept-Encoding": "gzip"})
        assert index.headers.get("Content-Encoding") is None
        assert '<html lang="fr">' in index.text
        assert f"<title>{title} – Tableau de bord ICC – Métropole Aix-Marseille-Provence</title>" in index.text
        assert "Streamlit</title>" not in index.text


def test_a_portrait_document_is_titled_by_its_place_before_the_script_runs(server):
    """The HTML the server sends names the commune or the conseil de territoire of the address,
    once the data is prepared; an unknown place, the visitor's own text, keeps the page's title."""
    import time

    import pandas as pd

    communes = pd.read_csv(DATA / "communes.csv", dtype=str)
    code, name = communes.loc[communes["nom"] != "Marseille"].iloc[0][["code_insee", "nom"]]
    conseil = communes["conseil_de_territoire"].dropna().iloc[-1]

    def title(query: str) -> str:
        text = stclient.request(server, "GET", f"/communes?{query}").text
        return re.search(r"<title>(.*?)</title>", text).group(1)

    site = "Tableau de bord ICC – Métropole Aix-Marseille-Provence"
    deadline = time.monotonic() + 120  # the preparer names the places once it has read the data
    while title(f"commune={code}") == f"Communes – {site}" and time.monotonic() < deadline:
        time.sleep(0.5)
    assert title(f"commune={code}") == f"{name} – Portrait – {site}"
    assert title(f"commune={code}&au=2025-01-01") == f"{name} – Portrait – {site}"
    assert title(urllib.parse.urlencode({"territoire": conseil})) == f"{conseil} – Portrait – {site}"
    for unknown in ("commune=99999", "territoire=%3Cscript%3E", "commune="):
        assert title(unknown) == f"Communes – {site}", unknown


def test_the_favicon_is_served_by_the_app(server):
    icon = stclient.request(server, "GET", "/favicon.png")
    assert icon.status == 200 and icon.body.startswith(b"\x89PNG")


def test_the_uploader_states_the_configured_limit(server):
    cookie = stclient.sign_in(server, EDITOR, PASSWORD).cookie("icc_session")
    run = stclient.run_page(server, "donnees", cookies={"icc_session": cookie})
    uploaders = [e.file_uploader for e in run.elements if e.WhichOneof("type") == "file_uploader"]
    assert uploaders and {u.max_upload_size_mb for u in uploaders} == {LIMIT_MB}


def test_an_oversized_upload_is_refused_before_its_body_is_read(server):
    health = stclient.request(server, "GET", "/_stcore/health")
    xsrf = health.cookie("_streamlit_xsrf")
    assert xsrf
    cookie = stclient.sign_in(server, EDITOR, PASSWORD).cookie("icc_session")
    with stclient.open_session(server, "donnees", cookies={"icc_session": cookie}) as run:
        parts = urllib.parse.urlsplit(server)
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
            # Announce a body larger than the limit, send none of it: the answer must come anyway.
            conn.sendall(
                (
                    f"PUT /_stcore/upload_file/{run.session_id}/fichier HTTP/1.1\r\n"
                    f"Host: {parts.netloc}\r\nCookie: _streamlit_xsrf={xsrf}; icc_session={cookie}\r\n"
                    f"X-Xsrftoken: {xsrf}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    f"Content-Length: {LIMIT_MB * 1024 * 1024 + 1}\r\n\r\n"
                ).encode()
            )
            status_line = conn.recv(4096).split(b"\r\n", 1)[0]
    assert b" 413 " in status_line, status_line


def test_only_a_configured_basemap_opens_the_policy_to_its_tile_host():
    from icc.web import middleware

    assert middleware.tile_origins("none") == [] and middleware.tile_origins("") == []
    assert middleware.tile_origins("carto") == ["https://basemaps.cartocdn.com", "https://*.basemaps.cartocdn.com"]
    assert middleware.tile_origins("https://{s}.tuiles.example.org/{z}/{x}/{y}.png") == ["https://*.tuiles.example.org"]
    csp = middleware.content_security_policy([], middleware.tile_origins("https://tuiles.example.org/{z}/{x}/{y}.png"))
    assert "img-src 'self' data: blob: https://tuiles.example.org;" in csp
    assert "connect-src 'self' https://tuiles.example.org;" in csp


def test_the_default_basemap_is_none(monkeypatch):
    from icc import settings

    monkeypatch.delenv("ICC_BASEMAP", raising=False)
    assert settings.load().basemap == "none"


def test_the_public_server_watches_no_source_file():
    """With a file watcher, Streamlit walked every loaded module on its event loop at each script
    event: every page's messages and code files came about 0,3 s later (docs/PERFORMANCE.md)."""
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parent.parent / ".streamlit" / "config.toml").read_text())
    assert config["server"]["fileWatcherType"] == "none" and config["server"]["runOnSave"] is False
