"""RGAA 4.1: axe-core on every page at desktop and phone sizes, the statement, reflow at 390 px."""

from __future__ import annotations

import pytest

from icc.present import accessibility
from tests.apptest import fresh_env, open_page, texts
from tests.browser import DASHBOARDS

PAGES = [*DASHBOARDS, "communes", "presentation", "evolutions", "connexion", "accessibilite"]
VIEWPORTS = {"ordinateur": (1440, 900), "telephone": (390, 844)}
CONTENT = '[data-testid="stMain"]'  # the app's own content, as opposed to Streamlit's navigation chrome


def describe(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}) : {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations]


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("size", VIEWPORTS)
def test_axe_finds_nothing_in_the_app_content(browser, app_url, axe, size):
    from tests.browser import errors_shown
    from tests.browser import open_page as open_in_browser

    width, height = VIEWPORTS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    found, chrome = {}, {}
    try:
        for path in PAGES:
            open_in_browser(page, app_url, path)
            assert errors_shown(page) == [], path
            content = axe.run(page, context={"include": [[CONTENT]]}).response["violations"]
            if content:
                found[path] = describe(content)
            whole = axe.run(page).response["violations"]
            content_ids = {v["id"] for v in content}
            rest = [v for v in whole if v["id"] not in content_ids]
            if rest:
                chrome[path] = describe(rest)
    finally:
        context.close()
    # What remains belongs to Streamlit's own chrome (navigation list markup): listed in the statement.
    for path, items in chrome.items():
        print(f"[{size}] /{path} (interface de Streamlit) :", *items, sep="\n  ")
    assert found == {}


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pages_reflow_at_390_px_with_the_sidebar_closed(browser, app_url):
    from tests.browser import open_page as open_in_browser

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR", is_mobile=True)
    page = context.new_page()
    overflowing = {}
    try:
        for path in PAGES:
            open_in_browser(page, app_url, path)
            sidebar = page.locator('[data-testid="stSidebar"]')
            assert sidebar.get_attribute("data-collapsed") == "true", path
            width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if width[0] > width[1]:
                overflowing[path] = width
    finally:
        context.close()
    assert overflowing == {}


def test_the_statement_follows_the_rgaa_model(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.delenv("ICC_ACCESSIBILITY_CONTACT", raising=False)
    at = open_page("views/accessibilite.py")
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ]
    shown = texts(at)
    assert f"est **{accessibility.CONFORMITY}** avec le référentiel général" in shown
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in shown
    assert "ICC_ACCESSIBILITY_CONTACT" in at.warning[0].value  # no invented contact

    monkeypatch.setenv("ICC_ACCESSIBILITY_CONTACT", "Direction de la culture – [accessibilite](http://x)")
    at = open_page("views/accessibilite.py")
    assert "Direction de la culture – [accessibilite](http://x)" in [t.value for t in at.text]  # as text
    assert not at.warning


def test_the_home_page_states_the_conformity_and_links_the_statement(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page()
    assert not at.exception, at.exception
    links = [(link.label, link.proto.page) for link in at.get("page_link")]
    assert ("Accessibilité : partiellement conforme", "accessibilite") in [(lbl, p.split("/")[-1]) for lbl, p in links]


@pytest.mark.parametrize(
    "script",
    [
        "views/vue_ensemble.py",
        "views/financements.py",
        "views/festivals.py",
        "views/filieres.py",
        "views/feuille_de_route.py",
        "views/grands_projets.py",
        "views/presentation.py",
    ],
)
def test_every_chart_has_a_text_alternative_and_its_data_as_a_table(monkeypatch, tmp_path, script):
    from tests.apptest import DATA_LABEL, open_chart_data

    fresh_env(monkeypatch, tmp_path)
    at = open_page(script, {"ecran": "2"} if script.endswith("presentation.py") else None)  # screen 1: figures
    assert not at.exception, at.exception
    charts = at.get("plotly_chart")
    tables = [e for e in at.expander if e.label == DATA_LABEL]
    assert len(charts) >= 1 and len(tables) == len(charts)
    alternatives = [c.value for c in at.caption if c.value.startswith("Graphique ")]
    assert len(alternatives) >= len(charts)
    open_chart_data(at)  # a visitor opening each: its table, with rows
    assert all(len(e.table) == 1 and len(e.table[0].value) > 0 for e in at.expander if e.label == DATA_LABEL)
