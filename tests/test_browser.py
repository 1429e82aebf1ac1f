"""What people see in a real browser (headless Chromium driven by Playwright)."""

import csv
import io
import re

import pytest

from icc.intake.seed import seed_if_empty
from icc.storage import accounts, store
from tests.browser import DASHBOARDS, errors_shown, open_page, sign_in, wait_ready
from tests.conftest import DATA
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


@pytest.mark.parametrize("path", list(DASHBOARDS))
def test_every_dashboard_opens_without_error(page, app_url, path):
    open_page(page, app_url, path)
    assert page.locator('[data-testid="stMain"] h1').first.inner_text() == DASHBOARDS[path]
    assert errors_shown(page) == []


def test_overview_shows_its_key_figures(page, app_url):
    open_page(page, app_url, "")
    metrics = page.locator('[data-testid="stMetric"]')
    text = " ".join(metrics.nth(i).inner_text() for i in range(metrics.count()))
    assert "Lieux recensés" in text
    assert re.search(r"Lieux recensés\s+93", text)


def test_a_charts_data_opens_as_a_table_in_french(page, app_url):
    open_page(page, app_url, "")
    assert page.locator('[data-testid="stMain"] table').count() == 0  # sent only once asked for
    page.get_by_text("Données du graphique").first.click()
    table = page.locator('[data-testid="stMain"] table').first
    table.wait_for(state="visible", timeout=30_000)
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    assert headers[:2] == ["Niveau de financeur", "Montant"]
    rows = {
        r.locator("td").nth(0).inner_text(): r.locator("td").nth(1).inner_text()
        for r in table.locator("tbody tr").all()
    }
    assert rows["État"].replace("\u202f", " ").replace("\xa0", " ") == "23,2 M€"  # as the chart and the exports say


def test_map_canvas_is_drawn(page, app_url):
    open_page(page, app_url, "carte")
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=30_000)
    box = canvas.bounding_box()
    assert box["width"] > 400 and box["height"] > 300


def test_filter_change_goes_into_the_url_and_the_charts(page, app_url):
    open_page(page, app_url, "festivals")
    before = page.locator('[data-testid="stMetric"]').first.inner_text()
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Filière").click()
    assert page.get_by_role("option").all_inner_texts()[0] == "Cinéma & audiovisuel"  # no English "Select all"
    page.get_by_role("option", name="Édition").click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"filiere=edition"), timeout=15_000)
    wait_ready(page)
    after = page.locator('[data-testid="stMetric"]').first.inner_text()
    assert after != before
    # The copied link opens the same view.
    url = page.url
    page.goto(url)
    wait_ready(page)
    assert "Édition" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert page.locator('[data-testid="stMetric"]').first.inner_text() == after


def test_upload_preview_publish_in_the_browser(page, tmp_path):
    db = tmp_path / "icc.db"
    engine = store.make_engine(f"sqlite:///{db}")
    seed_if_empty(engine, DATA)
    accounts.create(engine, "agent.culture", "mot de passe de test", accounts.EDITOR, by="test")
    # The default file with one attendance raised by 10 000 (the first row that has one): one modified row.
    lines = (DATA / "evenements.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    column = next(csv.reader(lines[:1])).index("frequentation")
    number = next(i for i, line in enumerate(lines[1:], 1) if next(csv.reader([line]))[column].isdigit())
    fields = next(csv.reader([lines[number]]))
    fields[column] = str(int(fields[column]) + 10_000)
    row = io.StringIO()
    csv.writer(row, lineterminator="\n").writerow(fields)
    lines[number] = row.getvalue()
    upload_file = tmp_path / "evenements.csv"
    upload_file.write_text("".join(lines), encoding="utf-8")
    env = {
        "ICC_DATABASE_URL": f"sqlite:///{db}",
        "ICC_VAR_DIR": str(tmp_path),
        "ICC_BASEMAP": "none",
    }
    with running_app(env) as url:
        sign_in(page, url, "agent.culture", "mot de passe de test")
        # The sign-in is in a cookie, not in the Streamlit session: a reload keeps it.
        page.reload()
        wait_ready(page)
        page.get_by_text("Connecté : agent.culture").wait_for(timeout=20_000)
        page.get_by_role("link", name=re.compile("Mise à jour des données")).click()
        wait_ready(page)
        page.locator('[data-testid="stSelectbox"]').first.click()
        page.get_by_role("option", name="Festivals et événements").click()
        wait_ready(page)
        page.locator('input[type="file"]').set_input_files(str(upload_file))
        page.get_by_text("Aperçu des changements").wait_for(timeout=30_000)
        modified = page.locator('[data-testid="stMetric"]', has_text="Lignes modifiées")
        assert modified.inner_text().split()[-1] == "1"
        page.get_by_label("Commentaire (obligatoire)").fill("Fréquentation 2025")
        page.get_by_role("button", name="Publier la nouvelle version").click()
        page.get_by_text("Version 2 publiée").wait_for(timeout=30_000)
        assert errors_shown(page) == []
    assert store.current_versions(engine)["evenements"].comment == "Fréquentation 2025"


def test_presentation_keyboard_navigation(page, app_url):
    open_page(page, app_url, "presentation", "ecrans=chiffres,festivals,feuille-de-route&ecran=1")
    body = page.locator('[data-testid="stMain"]')
    assert "1 / 3" in body.inner_text()
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"ecran=2"), timeout=15_000)
    wait_ready(page)
    assert "2 / 3" in body.inner_text()
    page.keyboard.press("PageDown")  # what presentation clickers send
    page.wait_for_url(re.compile(r"ecran=3"), timeout=15_000)
    wait_ready(page)
    assert "3 / 3" in body.inner_text()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(re.compile(r"ecran=2"), timeout=15_000)
    assert errors_shown(page) == []


def test_a_deep_link_right_after_start_opens_the_real_navigation(page, tmp_path):
    env = {
        "ICC_DATABASE_URL": f"sqlite:///{tmp_path / 'icc.db'}",
        "ICC_VAR_DIR": str(tmp_path),
        "ICC_BASEMAP": "none",
        "ICC_REQUIRE_LOGIN": "true",
    }
    with running_app(env) as url:
        page.goto(f"{url}/festivals")  # the very first visit of this server
        page.wait_for_selector('[data-testid="stMain"] h1', timeout=30_000)
        wait_ready(page)
        assert page.locator('[data-testid="stMain"] h1').first.inner_text() == "Connexion"
        assert page.get_by_text("Page not found").count() == 0
        assert "Festivals" not in page.locator('[data-testid="stMain"]').inner_text()
