import os
from pathlib import Path

import pytest

from icc.datasets.geo import load_contours
from icc.intake.seed import load_default, seed_if_empty
from icc.storage import store
from tests import pgserver

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
IN_CI = os.environ.get("CI", "").lower() == "true"


def skip_or_fail(reason: str):
    """Locally a missing tool skips with its reason; in CI it is a failure."""
    if IN_CI:
        pytest.fail(f"CI=true mais {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def contours():
    loaded = load_contours()
    assert loaded is not None, "data/communes.geojson manque au dépôt"
    return loaded


@pytest.fixture(scope="session")
def default_frames(contours):
    return load_default(DATA, contours)


@pytest.fixture(scope="session")
def postgres_url():
    if pgserver.binaries() is None:
        skip_or_fail("PostgreSQL n'est pas installé (apt-get install postgresql)")
    with pgserver.temporary_server() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    if request.param == "sqlite":
        eng = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    else:
        url = request.getfixturevalue("postgres_url")
        eng = store.make_engine(url)
        store.metadata.drop_all(eng)
    store.init(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def browser():
    from tests.server import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        skip_or_fail(f"Chromium absent ({CHROMIUM}) : apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """The app served as the README does, shared by the browser tests: its URL and its log."""
    from tests.server import running_app

    tmp = tmp_path_factory.mktemp("app")
    env = {
        "ICC_DATABASE_URL": f"sqlite:///{tmp / 'icc.db'}",
        "ICC_VAR_DIR": str(tmp),
        "ICC_BASEMAP": "none",  # no network in tests
    }
    log = tmp / "server.log"
    with running_app(env, log=log) as url:
        yield url, log


@pytest.fixture(scope="session")
def app_url(app_server):
    return app_server[0]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def seeded(tmp_path):
    """A SQLite store of its own, seeded with the default data."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    yield engine
    engine.dispose()
