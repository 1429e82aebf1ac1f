"""The hardened server in Chromium: no request to a third party, no CSP violation, French
document with each page's title (directly and behind the documented nginx), the uploader's limit."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from icc.intake.seed import seed_if_empty
from icc.storage import accounts, store
from icc.web import navigation
from tests import nginx
from tests.browser import errors_shown, fill_sign_in, wait_ready
from tests.conftest import DATA, skip_or_fail
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]
ADMIN, PASSWORD = "admin.icc", "une phrase de passe solide"


def _env(tmp_path) -> dict[str, str]:
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, ADMIN, PASSWORD, accounts.ADMIN, by="test")
    return {
        "ICC_DATABASE_URL": f"sqlite:///{tmp_path / 'icc.db'}",
        "ICC_VAR_DIR": str(tmp_path),
        "ICC_BASEMAP": "none",
        "ICC_MAX_UPLOAD_MB": "3",
    }


def _watch(page, base_url: str) -> tuple[list[str], list[str]]:
    """Requests leaving for another host (aborted, as on a closed network) and CSP violations."""
    outside, violations = [], []

    def route(r):
        if urlsplit(r.request.url).netloc == urlsplit(base_url).netloc:
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route(re.compile(r"^(https?|wss?)://"), route)
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return outside, violations


def test_every_page_is_french_titled_and_stays_on_the_server(page, tmp_path):
    with running_app(_env(tmp_path)) as url:
        outside, violations = _watch(page, url)
        page.goto(f"{url}/connexion")
        wait_ready(page)
        fill_sign_in(page, ADMIN, PASSWORD)
        page.get_by_text(f"Connecté : {ADMIN}").wait_for(timeout=20_000)
        for spec in navigation.PAGES:  # every page, editor and administrator ones included
            page.goto(f"{url}/{spec.path}")
            wait_ready(page)
            page.wait_for_timeout(1000)  # maps and charts finish drawing (and fetching)
            assert page.evaluate("document.documentElement.lang") == "fr"
            assert page.title() == f"{spec.title} – Tableau de bord ICC – Métropole Aix-Marseille-Provence"
            assert errors_shown(page) == [], spec.path
            if spec.path == "donnees":
                uploader = page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.inner_text()
                assert "3MB" in uploader and "250MB" not in uploader and "200MB" not in uploader
        icon = page.evaluate("[...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert icon and all(urlsplit(h).netloc == urlsplit(url).netloc or h.startswith("data:") for h in icon), icon
    assert outside == []
    assert violations == []


def test_the_grands_projets_map_requests_no_tiles_without_a_basemap(page, tmp_path):
    with running_app(_env(tmp_path)) as url:
        outside, violations = _watch(page, url)
        page.goto(f"{url}/grands-projets")
        wait_ready(page)
        page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(state="visible", timeout=30_000)
        page.wait_for_timeout(1500)
    assert outside == [], outside
    assert violations == []  # not even attempted: the map follows ICC_BASEMAP


def test_lang_and_titles_behind_nginx(page, tmp_path):
    if nginx.binary() is None:
        skip_or_fail("nginx n'est pas installé (apt-get install nginx)")
    with running_app(_env(tmp_path)) as url, nginx.running_nginx([urlsplit(url).netloc], diagnostics=False) as lb:
        for spec in [s for s in navigation.PAGES if s.audience == "public"]:
            page.goto(f"{lb}/{spec.path}")
            wait_ready(page)
            assert page.evaluate("document.documentElement.lang") == "fr"
            assert page.title() == navigation.document_title(spec.title)
        response = page.request.get(f"{lb}/carte")
        assert "<title>Carte – Tableau de bord ICC – Métropole Aix-Marseille-Provence</title>" in response.text()
        assert response.headers["content-security-policy"].endswith("frame-ancestors 'none'")


def test_signing_in_from_a_deep_link_opens_that_view_and_a_reload_keeps_it(page, tmp_path):
    with running_app({**_env(tmp_path), "ICC_REQUIRE_LOGIN": "true"}) as url:
        page.goto(f"{url}/festivals?filiere=edition")
        wait_ready(page)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Connexion"
        fill_sign_in(page, ADMIN, PASSWORD)
        page.wait_for_url(re.compile(r"/festivals\?filiere=edition$"), timeout=20_000)
        wait_ready(page)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Festivals et événements"
        assert "Édition" in page.locator('[data-testid="stSidebar"]').inner_text()
        page.reload()
        wait_ready(page)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Festivals et événements"
        # The cookie is out of the page's reach (HttpOnly).
        assert "icc_session" not in page.evaluate("document.cookie")
