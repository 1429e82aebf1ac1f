"""RGAA 4.1: axe-core on every page at desktop and phone sizes, the statement, reflow at 390 px."""

from __future__ import annotations

import pytest

from icc.present import accessibility
from tests.apptest import fresh_env, open_page, texts
from tests.browser import DASHBOARDS, PHONE

PAGES = [*DASHBOARDS, "metropoles", "musees", "communes", "presentation", "evolutions", "connexion", "accessibilite"]
# The same pages in the states that draw their charts: a commune's portrait, a presentation screen with a chart.
STATES = [*PAGES, "communes?commune=13056", "communes?territoire=Pays de Martigues", "presentation?ecran=2"]
# A phone presents itself as one: the page it receives (charts, maps, presentation) is a phone's.
VIEWPORTS = {"ordinateur": {"viewport": {"width": 1440, "height": 900}}, "telephone": PHONE}
# What Streamlit draws a chart, a map and a data grid in, and where it puts their accessible name.
NAMED = {
    "stPlotlyChart": '[data-testid="stPlotlyChart"]',
    "stDeckGlJsonChart": '[data-testid="stDeckGlJsonChart"]',
    "stDataFrame": '[data-testid="stDataFrame"] [data-testid="stDataFrameResizable"]',
}
GENERIC = {"", "chart", "carte", "graphique", "map", "tableau", "table", "figure", "image", "grille", "data"}


def describe(violations: list[dict]) -> list[str]:
    return [f"{v['id']} ({v['impact']}) : {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations]


def generic(name: str | None) -> bool:
    """A name that says nothing of what the chart shows: missing, « graphique », « carte »…"""
    words = (name or "").strip().rstrip(".").lower()
    return words in GENERIC or len(words.split()) < 3


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _open(page, app_url: str, state: str) -> None:
    from tests.browser import open_page as open_in_browser

    path, _, query = state.partition("?")
    open_in_browser(page, app_url, path, query)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("size", VIEWPORTS)
def test_axe_finds_nothing_on_any_page_navigation_included(browser, app_url, axe, size):
    from tests.browser import errors_shown

    context = browser.new_context(locale="fr-FR", **VIEWPORTS[size])
    page = context.new_page()
    found = {}
    try:
        for state in STATES:
            _open(page, app_url, state)
            assert errors_shown(page) == [], state
            # The whole document: the app's content and Streamlit's chrome (sidebar, header, menus) alike.
            violations = axe.run(page).response["violations"]
            if violations:
                found[state] = describe(violations)
    finally:
        context.close()
    assert found == {}


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_every_chart_map_and_data_grid_has_a_name_of_its_own(browser, app_url):
    from tests.browser import errors_shown

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    unnamed, named, counted = {}, {}, {}
    try:
        for state in STATES:
            _open(page, app_url, state)
            assert errors_shown(page) == [], state
            for kind, selector in NAMED.items():
                elements = page.locator(selector)
                for i in range(elements.count()):
                    element = elements.nth(i)
                    label, role = element.get_attribute("aria-label"), element.get_attribute("role")
                    counted[state] = counted.get(state, 0) + 1
                    if generic(label) or role not in ("figure", "region"):
                        unnamed.setdefault(state, []).append((kind, role, label))
                        continue
                    # The name assistive technologies compute (Playwright's accessible name), not only the attribute.
                    found = page.get_by_role(role, name=label, exact=True, include_hidden=True)  # closed expanders too
                    assert found.count() >= 1, (state, label)
                    named.setdefault(state, []).append(label)
    finally:
        context.close()
    assert unnamed == {}
    # Every dashboard and every chart state draws charts, maps or grids: each of them was found and named.
    expected = [s for s in STATES if s in DASHBOARDS or s in ("metropoles", "musees") or "?" in s]
    assert [s for s in expected if not counted.get(s)] == []
    assert all(len(named[s]) == counted[s] for s in expected)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_menu_marks_the_page_shown_and_its_links_carry_the_filters(page, app_url):
    import re

    from icc.web import navigation
    from tests.browser import wait_ready

    _open(page, app_url, "festivals")
    menu = page.get_by_role("navigation", name=navigation.MENU_LABEL)
    public = [spec for spec in navigation.PAGES if spec.audience == "public"]
    # Sections as headings, each followed by its pages in a real list, in the registry's order.
    assert menu.get_by_role("heading").all_inner_texts() == list(dict.fromkeys(s.group for s in public))
    links = menu.locator("ul > li > a")
    assert [t.split("\n")[-1].strip() for t in links.all_inner_texts()] == [s.title for s in public]
    current = menu.locator('[aria-current="page"]')
    assert current.count() == 1 and "Festivals et événements" in current.inner_text()

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("combobox", name="Filière").click()
    page.get_by_role("option", name="Édition").click()
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"filiere=edition"), timeout=15_000)
    wait_ready(page)
    carte = menu.get_by_role("link", name="Carte", exact=True)
    assert "filiere=edition" in carte.get_attribute("href")
    carte.click()
    page.locator('[data-testid="stMain"] h1', has_text="Carte").first.wait_for()
    wait_ready(page)
    assert "filiere=edition" in page.url
    assert "Édition" in sidebar.inner_text()
    assert "Carte" in menu.locator('[aria-current="page"]').inner_text()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_menu_carries_the_day_asked_with_au(page, app_url):
    import datetime as dt

    from icc.web import navigation

    day = dt.date.today().isoformat()
    _open(page, app_url, f"financements?au={day}")
    menu = page.get_by_role("navigation", name=navigation.MENU_LABEL)
    hrefs = menu.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and all(f"au={day}" in h for h in hrefs), hrefs
    menu.get_by_role("link", name="Filières", exact=True).click()
    page.locator('[data-testid="stMain"] h1', has_text="Filières").first.wait_for()
    assert f"au={day}" in page.url
    # A portrait's « commune » is the page's own, not the commune filter: the menu does not carry it.
    _open(page, app_url, "communes?commune=13056")
    hrefs = menu.get_by_role("link").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert hrefs and not [h for h in hrefs if "commune=" in h], hrefs


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_on_a_phone_the_menu_opens_with_the_sidebar_and_leads_to_a_page(browser, app_url):
    from icc.web import navigation
    from tests.browser import wait_ready

    context = browser.new_context(locale="fr-FR", **PHONE)
    page = context.new_page()
    try:
        _open(page, app_url, "")
        sidebar = page.locator('[data-testid="stSidebar"]')
        assert sidebar.get_attribute("data-collapsed") == "true"
        page.locator('[data-testid="stExpandSidebarButton"]').click()
        menu = page.get_by_role("navigation", name=navigation.MENU_LABEL)
        link = menu.get_by_role("link", name="Grands projets", exact=True)
        link.wait_for(state="visible")
        link.click()
        page.locator('[data-testid="stMain"] h1', has_text="Grands projets").first.wait_for()
        wait_ready(page)
        assert "Grands projets" in menu.locator('[aria-current="page"]').inner_text()
        # The page opens onto its content: the sidebar, opened for the menu, is closed again.
        assert sidebar.get_attribute("data-collapsed") == "true"
        assert page.locator('[data-testid="stExpandSidebarButton"]').is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_pages_reflow_at_390_px_with_the_sidebar_closed(browser, app_url):
    from tests.browser import open_page as open_in_browser

    context = browser.new_context(locale="fr-FR", **PHONE)
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
        "views/musees.py",
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


def _menu(at) -> str:
    menus = [e.proto.body for e in at.sidebar.get("html") if 'class="icc-nav"' in e.proto.body]
    assert len(menus) <= 1
    return menus[0] if menus else ""


@pytest.mark.parametrize(
    ("role", "audiences"),
    [
        (None, {"public"}),
        ("editeur", {"public", "editeur"}),
        ("administrateur", {"public", "editeur", "administrateur"}),
    ],
)
def test_the_menu_lists_the_pages_each_visitor_may_open_in_the_registrys_order(monkeypatch, tmp_path, role, audiences):
    import html
    import re

    from streamlit.testing.v1 import AppTest

    from icc.storage import accounts
    from icc.web import navigation
    from tests.conftest import ROOT

    fresh_env(monkeypatch, tmp_path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if role:
        at.session_state["icc_user"] = accounts.User("agent", role)
    at.run()
    assert not at.exception, at.exception
    body = _menu(at)
    expected = [spec for spec in navigation.PAGES if spec.audience in audiences]
    titles = re.findall(r'<span class="icc-nav-icon" aria-hidden="true">[^<]*</span><span>([^<]*)</span>', body)
    assert titles == [html.escape(spec.title) for spec in expected]
    sections = re.findall(r'<h2 class="icc-nav-section">([^<]*)</h2>', body)
    assert sections == list(dict.fromkeys(spec.group for spec in expected))
    # Only the page shown is marked, and it is the first (default) page.
    marks = re.findall(r'<a class="icc-nav-link" href="[^"]*"( aria-current="page")?>', body)
    assert [bool(mark) for mark in marks] == [spec.path == "" for spec in expected]
    # Each section's links sit in their own list: no item outside a list, no list holding anything else.
    assert body.count("<ul") == body.count("</ul>") == len(set(s.group for s in expected))
    assert body.count("<li>") == body.count("</li>") == len(expected)


def test_no_menu_before_signing_in_when_reading_needs_an_account(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    monkeypatch.setenv("ICC_REQUIRE_LOGIN", "true")
    at = open_page()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Connexion"]
    assert _menu(at) == ""


def test_a_menu_label_is_written_as_text():
    from icc.web import navigation

    spec = navigation.PageSpec("x", "<b>Titre</b> & co", "views/x.py", ":material/map:", 'Groupe "A"')
    body = navigation.menu_html([spec], "x", "filiere=a&de=2024")
    assert "<b>" not in body and "&lt;b&gt;Titre&lt;/b&gt; &amp; co" in body
    assert '<h2 class="icc-nav-section">Groupe &quot;A&quot;</h2>' in body
    assert 'href="x?filiere=a&amp;de=2024" aria-current="page"' in body


def test_the_statement_states_the_last_audit_with_the_axe_core_that_ran_it(monkeypatch, tmp_path):
    import re
    from pathlib import Path

    import axe_playwright_python

    script = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text(encoding="utf-8")
    assert re.search(r"axe v([\d.]+)", script)[1] == accessibility.AXE_CORE  # a new axe-core: audit again
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/accessibilite.py")
    assert not at.exception, at.exception
    shown = texts(at)
    assert f"le {accessibility.DECLARED} avec axe-core {accessibility.AXE_CORE}, ne relève aucune erreur" in shown
    assert accessibility.AUDIT in shown
    items = [m.value for m in at.markdown if m.value.startswith("- ")]
    listed = [f"- {item}" for item in accessibility.NON_CONFORMITIES]
    assert listed and items[: len(listed)] == listed
    assert not [item for item in items if "navigation" in item]  # the menu is the app's own now: no longer listed


def test_the_pages_said_to_draw_the_filters_are_those_that_do():
    from icc.web import navigation
    from tests.conftest import ROOT

    drawing = {spec.path for spec in navigation.PAGES if "sidebar(bundle)" in (ROOT / spec.script).read_text("utf-8")}
    assert drawing == {spec.path for spec in navigation.PAGES if spec.filtered}


# --- the keyboard's focus, seen (RGAA 10.7, contrast as RGAA 3.3 asks of a component: 3:1) ------------

FOCUS_BAND = 6  # pixels around a focused element where its ring is drawn (outline 3 px, 2 px away)
FOCUS_CONTRAST = 3.0
FOCUS_SIDES = 0.6  # share of each side along which the ring must be seen
MAX_STOPS = 400

# What the keyboard is on, and where its focus shows: a field of a choice list or a text box is
# drawn inside its control, a radio button's or a slider's field is hidden in the button or thumb a
# person sees, a data grid's canvas is the grid.
FOCUSED = """
() => { const el = document.activeElement;
  if (!el || el === document.body) return null;
  const tiny = e => { const b = e.getBoundingClientRect(); return b.width <= 2 || b.height <= 2; };
  // A field hidden in a one-pixel box (a radio button's, a slider's): the button or thumb around it.
  let shown = el;
  if (el.parentElement && tiny(el.parentElement)) {
    shown = el.parentElement; while (shown.parentElement && tiny(shown)) shown = shown.parentElement; }
  const control = el.closest('.react-aria-ComboBox > [role="group"], [data-baseweb="select"], [data-baseweb="input"], '
    + '[data-baseweb="textarea"]') || (el.tagName === 'CANVAS' && el.closest('[data-testid="stDataFrame"]'));
  const r = (control || shown).getBoundingClientRect();
  const name = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
    .trim().split('\\n')[0].slice(0, 60);
  if (!el.dataset.iccStop) el.dataset.iccStop = String(Math.random());
  return {id: el.dataset.iccStop, tag: el.tagName.toLowerCase(), name,
          left: r.left, top: r.top, right: r.right, bottom: r.bottom,
          width: window.innerWidth, height: window.innerHeight}; }
"""


def _luminance(pixels):
    import numpy as np

    channels = pixels[..., :3] / 255.0
    linear = np.where(channels <= 0.03928, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return linear @ np.array([0.2126, 0.7152, 0.0722])


def ring_seen(focused, unfocused, inner: tuple[int, int, int, int], shown: dict[str, bool]) -> dict[str, float]:
    """For each side of the element (``inner``: its box in the images), the share of its length along
    which a pixel of the band astride that side (a ring drawn just outside or just inside it) changed
    with a contrast of 3:1 at least when it took the focus; ``shown``: the sides within the screen."""
    import numpy as np

    a, b = _luminance(focused), _luminance(unfocused)
    ratio = (np.maximum(a, b) + 0.05) / (np.minimum(a, b) + 0.05)
    changed = ratio >= FOCUS_CONTRAST
    left, top, right, bottom = inner
    inside = max(1, min(FOCUS_BAND, (bottom - top) // 3, (right - left) // 3))  # never the text of a link
    bands = {
        "haut": changed[max(0, top - FOCUS_BAND) : top + inside, left:right].any(axis=0),
        "bas": changed[max(0, bottom - inside) : bottom + FOCUS_BAND, left:right].any(axis=0),
        "gauche": changed[top:bottom, max(0, left - FOCUS_BAND) : left + inside].any(axis=1),
        "droite": changed[top:bottom, max(0, right - inside) : right + FOCUS_BAND].any(axis=1),
    }
    return {side: float(band.mean()) for side, band in bands.items() if shown[side] and band.size}


# Known, and said in the closing note of this change: in the presentation, the sliding sidebar's year
# slider measures its end thumb by its hidden field's box (129 px wide), not the thumb's ring; seen by eye
# at 1440 px, the ring is drawn all round. Kept as one exact line, so any other gap still fails.
KNOWN_FOCUS_GAPS = {"input « Années — end » : focus invisible (bas)"}


def focus_problems(page) -> tuple[int, list[str]]:
    """Walk every tab stop of the page with the keyboard; each one's focus must be seen all around it.
    Returns the number of stops walked and what was not seen."""
    import io

    import numpy as np
    from PIL import Image

    def shot(clip):
        return np.asarray(Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("RGB"), dtype=float)

    # What the focus shows is measured once shown: no fading in of a toolbar halfway through.
    page.add_style_tag(content="*, *::before, *::after { transition: none !important; animation: none !important; }")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")  # from the document's start
    seen, found = set(), []
    for _ in range(MAX_STOPS):
        page.keyboard.press("Tab")
        page.wait_for_timeout(60)
        stop = page.evaluate(FOCUSED)
        if stop is None or stop["id"] in seen:
            break  # back to the start: every stop walked
        seen.add(stop["id"])
        if stop["right"] - stop["left"] < 1 or stop["bottom"] - stop["top"] < 1:
            found.append(f"{stop['tag']} « {stop['name']} » : reçoit le focus sans être affiché")
            continue
        x0 = max(0, int(stop["left"]) - FOCUS_BAND - 2)
        y0 = max(0, int(stop["top"]) - FOCUS_BAND - 2)
        x1 = min(stop["width"], int(stop["right"]) + FOCUS_BAND + 3)
        y1 = min(stop["height"], int(stop["bottom"]) + FOCUS_BAND + 3)
        if x1 <= x0 or y1 <= y0:
            found.append(f"{stop['tag']} « {stop['name']} » : hors de l'écran quand il a le focus")
            continue
        clip = {"x": x0, "y": y0, "width": x1 - x0, "height": y1 - y0}
        focused = shot(clip)
        page.evaluate("() => document.activeElement.blur()")  # Tab goes on from here (its starting point)
        page.wait_for_timeout(60)
        unfocused = shot(clip)
        inner = (
            max(0, round(stop["left"]) - x0),
            max(0, round(stop["top"]) - y0),
            min(x1 - x0, round(stop["right"]) - x0),
            min(y1 - y0, round(stop["bottom"]) - y0),
        )
        # A side is judged where its ring, inside and out, is on the screen; a region as large as the
        # screen (a page's scrolling main region, which Chromium lets the keyboard reach) is not judged.
        within = {
            "haut": stop["top"] - FOCUS_BAND >= 0,
            "bas": stop["bottom"] + FOCUS_BAND <= stop["height"],
            "gauche": stop["left"] - FOCUS_BAND >= 0,
            "droite": stop["right"] + FOCUS_BAND <= stop["width"],
        }
        sides = ring_seen(focused, unfocused, inner, within)
        hidden = [side for side, share in sides.items() if share < FOCUS_SIDES]
        if hidden or (not sides and any(within.values())):
            problem = f"{stop['tag']} « {stop['name']} » : focus invisible ({', '.join(hidden) or 'partout'})"
            if problem not in KNOWN_FOCUS_GAPS:
                found.append(problem)
    return len(seen), found


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_keyboard_focus_is_seen_on_every_link_and_widget_of_every_page(browser, app_url):
    from tests.browser import errors_shown

    context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="fr-FR")
    page = context.new_page()
    found, walked = {}, {}
    try:
        for state in STATES:
            _open(page, app_url, state)
            assert errors_shown(page) == [], state
            walked[state], problems = focus_problems(page)
            if problems:
                found[state] = problems
    finally:
        context.close()
    assert found == {}, "\n".join(f"{state or '/'} : {problem}" for state, shown in found.items() for problem in shown)
    # The walk reached the end of each page: the communes table's 92 links among the Communes page's stops.
    assert walked["communes"] > 92 + 15 and min(walked.values()) > 10, walked
