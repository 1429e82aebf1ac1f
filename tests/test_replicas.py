"""Production layout: one PostgreSQL, two app processes, nginx with sticky sessions in front.

What docs/DEPLOYMENT.md promises is checked here: the first start seeds the database once
even when both processes start together, each browser stays on its process, and a version
published anywhere shows on every process at its next rerun, without a restart.
"""

from __future__ import annotations

import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import ExitStack
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from icc.datasets.schema import ORDER
from icc.prepared import model
from icc.present.panels import figures as headlines
from icc.storage import store
from tests import nginx
from tests.browser import errors_shown, wait_ready
from tests.conftest import ROOT, skip_or_fail
from tests.pgserver import free_port
from tests.server import running_app, wait_healthy

ATTENDANCE = "Fréquentation des festivals cités"


def fresh_database(server_url: str) -> str:
    """A new, empty database on the test server (other tests of the session use its default one)."""
    name = f"icc_replicas_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


def attendance_shown(page) -> str:
    return attendance_value(page).inner_text().strip()


def attendance_expected(engine) -> str:
    figures = headlines.headline(model.load_bundle(engine))
    return next(f.value for f in figures if f.label == ATTENDANCE)


def pinned_page(browser, base_url: str, route: str):
    """A browser context whose route cookie sends it to one process."""
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    host = urlsplit(base_url).hostname
    context.add_cookies([{"name": nginx.ROUTE_COOKIE, "value": route, "domain": host, "path": "/"}])
    return context, context.new_page()


def served_by(context, base_url: str) -> str:
    response = context.request.get(f"{base_url}/_stcore/health")
    return response.headers[nginx.UPSTREAM_HEADER.lower()]


def attendance_value(page):
    return page.locator('[data-testid="stMetric"]', has_text=ATTENDANCE).locator('[data-testid="stMetricValue"]')


def rerun(page) -> None:
    """Streamlit's R shortcut: the script runs again in the same session, over the same WebSocket."""
    page.locator("body").press("r")


@pytest.mark.postgres
@pytest.mark.browser
@pytest.mark.xdist_group("heavy")
def test_two_replicas_behind_nginx_share_one_postgresql(postgres_url, browser, tmp_path):
    if nginx.binary() is None:
        skip_or_fail("nginx n'est pas installé (apt-get install nginx)")
    db_url = fresh_database(postgres_url)
    common = {
        "ICC_DATABASE_URL": db_url,
        "ICC_BASEMAP": "none",
        # Same secret everywhere: a cookie signed by one process is valid on the other.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
    }
    with ExitStack() as stack:
        replica_a = stack.enter_context(ExitStack())
        url_a = replica_a.enter_context(running_app({**common, "ICC_VAR_DIR": str(tmp_path / "a")}))
        url_b = stack.enter_context(running_app({**common, "ICC_VAR_DIR": str(tmp_path / "b")}))
        upstreams = [urlsplit(url_a).netloc, urlsplit(url_b).netloc]
        lb = stack.enter_context(nginx.running_nginx(upstreams))

        # A browser without the cookie gets one from nginx.
        with urllib.request.urlopen(f"{lb}/_stcore/health", timeout=5) as response:
            cookies = response.headers.get_all("Set-Cookie")
        assert [c for c in cookies if c.startswith(f"{nginx.ROUTE_COOKIE}=")], cookies

        routes = nginx.routes_to_each(lb, upstreams)
        context_a, page_a = pinned_page(browser, lb, routes[upstreams[0]])
        context_b, page_b = pinned_page(browser, lb, routes[upstreams[1]])
        stack.callback(context_a.close)
        stack.callback(context_b.close)

        # Both processes get their first session at the same time, on an empty database.
        page_a.goto(lb)
        page_b.goto(lb)
        # The first run seeds the database and prepares the data: slow on a loaded 2-core machine.
        wait_ready(page_a, timeout=120_000)
        wait_ready(page_b, timeout=120_000)
        assert served_by(context_a, lb) == upstreams[0]
        assert served_by(context_b, lb) == upstreams[1]

        engine = store.make_engine(db_url)
        stack.callback(engine.dispose)
        # Seeded exactly once: one version 1 per dataset, whoever won the race.
        assert {name: [v.number for v in store.history(engine, name)] for name in ORDER} == {
            name: [1] for name in ORDER
        }
        before = attendance_expected(engine)
        assert attendance_shown(page_a) == before
        assert attendance_shown(page_b) == before

        # An editor publishes a new version of the festivals (through process A's database).
        current = store.current_versions(engine)["evenements"]
        events = store.read_version(engine, current.id)
        delta = events["id"] == "delta_festival"
        assert delta.sum() == 1
        events.loc[delta, "frequentation"] = events.loc[delta, "frequentation"] + 100_000
        store.publish(engine, "evenements", events, "agent.culture", "Fréquentation 2025", current.id)
        after = attendance_expected(engine)
        assert after != before

        # Process B shows it on its next rerun, in the same session…
        rerun(page_b)
        expect(attendance_value(page_b)).to_have_text(after, timeout=30_000)
        wait_ready(page_b)
        # …and process A on a reload, both without a restart.
        page_a.reload()
        wait_ready(page_a)
        assert served_by(context_a, lb) == upstreams[0]
        assert attendance_shown(page_a) == after
        assert errors_shown(page_a) == [] and errors_shown(page_b) == []

        # Process A stops: nginx sends its browsers to B, which serves the same data.
        replica_a.close()
        page_a.reload()
        wait_ready(page_a)
        assert served_by(context_a, lb) == upstreams[1]
        assert attendance_shown(page_a) == after
        assert errors_shown(page_a) == []


def test_nginx_delivers_large_files_whole_to_a_slow_browser(tmp_path):
    """Large responses (Streamlit's JavaScript chunks, exports) reach a slow browser whole through the proxy."""
    if nginx.binary() is None:
        skip_or_fail("nginx n'est pas installé (apt-get install nginx)")
    (tmp_path / "_stcore").mkdir()
    (tmp_path / "_stcore" / "health").write_text("ok")
    (tmp_path / "chunk.js").write_bytes(b"x" * 20_000_000)
    port = free_port()
    upstream = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout=20)
        with nginx.running_nginx([f"127.0.0.1:{port}"]) as lb:
            with socket.create_connection(("127.0.0.1", urlsplit(lb).port)) as conn:
                conn.sendall(b"GET /chunk.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                time.sleep(2)  # a busy browser: what the socket cannot hold, nginx buffers to its temp directory
                received = b""
                while chunk := conn.recv(1 << 16):
                    received += chunk
    finally:
        upstream.terminate()
        upstream.wait(10)
    assert received.split(b"\r\n\r\n", 1)[1] == b"x" * 20_000_000


def test_deployment_guide_shows_the_tested_nginx_settings():
    """docs/DEPLOYMENT.md's example is the configuration these tests run."""
    guide = (ROOT / "docs" / "DEPLOYMENT.md").read_text(encoding="utf-8")
    tested = nginx.config(["127.0.0.1:8501", "127.0.0.1:8502"], 8080)
    for directive in [
        "hash $icc_route consistent;",
        f'""      "{nginx.ROUTE_COOKIE}=$request_id; Path=/; HttpOnly; SameSite=Lax";',
        "add_header Set-Cookie $icc_route_cookie always;",
        "location /_stcore/stream {",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $http_host;",
        "proxy_read_timeout 86400;",
        "client_max_body_size 25m;",
    ]:
        assert directive in tested
        assert directive in guide, directive
    # The documented service starts the st.App entry point, whose middleware sets the headers.
    assert "streamlit run server.py" in guide and "streamlit run app.py" not in guide
