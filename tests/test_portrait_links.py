"""Portraits are reached from the map, from tables that name a commune and from the overview."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from icc.ui.layout import PORTRAIT_COLUMN
from tests.apptest import fresh_env, open_page, page_tables

MARTIGUES = "13056"
SALINS = "theatre_des_salins"  # Théâtre des Salins, Martigues


def portrait_links(at) -> list[tuple[str, str, dict]]:
    """(label, page, query) of every link to the Communes page."""
    return [
        (link.label, link.proto.page, parse_qs(link.proto.query_string))
        for link in at.get("page_link")
        if link.proto.page.split("/")[-1] == "communes"
    ]


def test_the_overview_links_to_the_portraits(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page()
    assert not at.exception, at.exception
    assert [label for label, _, _ in portrait_links(at)] == ["Le portrait de chaque commune"]


def test_choosing_a_commune_on_the_map_leads_to_its_portrait(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/carte.py", {"commune": MARTIGUES})
    assert not at.exception, at.exception
    assert portrait_links(at) == [("Portrait de Martigues", "communes", {"commune": [MARTIGUES]})]


def test_a_lieu_chosen_on_the_map_links_to_its_commune(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/carte.py")
    assert not at.exception, at.exception
    assert portrait_links(at) == []  # no commune chosen yet
    at = at.selectbox(key="carte_lieu").set_value(SALINS).run()
    assert not at.exception, at.exception
    assert portrait_links(at) == [("Portrait de Martigues", "communes", {"commune": [MARTIGUES]})]


def test_tables_naming_a_commune_link_to_its_portrait_by_its_code(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/grands_projets.py")
    assert not at.exception, at.exception
    (projets,) = [t for t in page_tables(at) if PORTRAIT_COLUMN in t.columns]
    links = dict(zip(projets["Projet"], projets[PORTRAIT_COLUMN], strict=True))
    martigues = next(p for p in links if "Provence Studios Martigues" in p)
    assert links[martigues] == f"communes?commune={MARTIGUES}"
    # Each link is the portrait of the commune the row names.
    from icc.intake.seed import load_default
    from tests.conftest import DATA

    codes = load_default(DATA)["communes"].set_index("nom")["code_insee"]
    for commune, link in zip(projets["Commune"], projets[PORTRAIT_COLUMN], strict=True):
        if commune:
            assert parse_qs(urlparse(link).query) == {"commune": [codes[commune]]}
        else:
            assert pd.isna(link)  # no commune, no link


def test_a_portrait_link_keeps_the_day_shown(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    today = dt.date.today().isoformat()
    at = open_page("views/festivals.py", {"au": today})
    assert not at.exception, at.exception
    tables = [t for t in page_tables(at) if PORTRAIT_COLUMN in t.columns]
    assert len(tables) == 2  # events without attendance, and every event
    linked = [link for t in tables for link in t[PORTRAIT_COLUMN] if isinstance(link, str)]
    assert linked and all(parse_qs(urlparse(link).query)["au"] == [today] for link in linked)


def _codes():
    from icc.intake.seed import load_default
    from tests.conftest import DATA

    return load_default(DATA)["communes"].set_index("nom")["code_insee"]


def test_the_events_table_and_the_map_values_link_each_commune(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    codes = _codes()
    at = open_page("views/festivals.py")
    assert not at.exception, at.exception
    events = next(t for t in page_tables(at) if PORTRAIT_COLUMN in t.columns and "Fréquentation" in t.columns)
    named = events[events["Commune"] != "Commune non précisée"]
    assert len(named) and named[PORTRAIT_COLUMN].map(lambda u: parse_qs(urlparse(u).query)["commune"][0]).tolist() == [
        codes[c] for c in named["Commune"]
    ]
    assert events.loc[events["Commune"] == "Commune non précisée", PORTRAIT_COLUMN].isna().all()
    at = open_page("views/carte.py")
    assert not at.exception, at.exception
    values, museums = [t for t in page_tables(at) if PORTRAIT_COLUMN in t.columns]  # museums: their own table
    assert values.iloc[0]["Commune"] == "Marseille"  # the most sites, first
    for table in (values, museums):
        assert [parse_qs(urlparse(u).query)["commune"][0] for u in table[PORTRAIT_COLUMN]] == [
            codes[c] for c in table["Commune"]
        ]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_from_the_map_to_the_portrait_in_the_browser(page, app_url):
    from tests.browser import errors_shown
    from tests.browser import open_page as open_in_browser

    open_in_browser(page, app_url, "carte", f"commune={MARTIGUES}")
    main = page.locator('[data-testid="stMain"]')
    main.get_by_role("link", name="Portrait de Martigues").click()
    page.wait_for_url(f"**/communes?*commune={MARTIGUES}*")
    heading = main.locator("h1").first
    heading.wait_for()
    assert heading.inner_text().strip() == "Martigues"
    assert errors_shown(page) == []
