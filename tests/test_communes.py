"""Communes first: the 92 communes at a glance, a click on the map opens a commune, a portrait titled
by its place, and comparisons that mean something (issue 21)."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from icc import formatting as fr
from icc.datasets.exports import NUMBER_FORMATS
from icc.prepared.aggregations import communes as com
from icc.prepared.filters import Filters
from icc.present import deck, maps, panels
from icc.present.panels.base import readable
from icc.present.panels.communes import rank_sentence
from tests.apptest import fresh_env, open_page, texts
from tests.browser import human_click
from tests.test_screens import bundle_of

MARTIGUES = "13056"
FESTIVALS = "Festivals et événements"


@pytest.fixture(scope="module")
def bundle(default_frames):
    return bundle_of(default_frames)


@pytest.fixture(scope="module")
def table(bundle):
    return panels.build(bundle, Filters(), ["communes"])[0].table


def link_of(cell: str) -> tuple[str, str]:
    """(name, commune code) of a markdown link cell « [Martigues](communes?commune=13056) »."""
    found = re.fullmatch(r"\[(.*)\]\((.*)\)", cell)
    assert found, cell
    return found.group(1).replace("\\", ""), parse_qs(urlparse(found.group(2)).query)["commune"][0]


# --- the 92 communes ------------------------------------------------------------------------


def test_the_table_has_every_commune_with_its_counts(bundle, table):
    communes = bundle["communes"]
    assert len(table) == len(communes) and set(table["Code INSEE"]) == set(communes["code_insee"])
    assert table["Lieux"].sum() == bundle["lieux"]["code_insee"].notna().sum()
    placed = bundle["evenements"][bundle["evenements"]["code_insee_commune"].notna()]
    assert table[FESTIVALS].sum() == len(placed)
    assert table["Événements à fréquentation chiffrée"].sum() == placed["frequentation"].notna().sum()
    row = table.set_index("Code INSEE").loc[MARTIGUES]
    assert row["Commune"] == "Martigues" and row["Conseil de territoire"] == "Pays de Martigues"
    assert row["Lieux pour 10 000 habitants"] == pytest.approx(row["Lieux"] * 10_000 / row["Population"])


def test_the_conseils_de_territoire_add_up_their_communes(bundle, table):
    territoires = panels.build(bundle, Filters(), ["territoires"])[0].table
    conseils = bundle["communes"]["conseil_de_territoire"]
    assert sorted(territoires["Conseil de territoire"]) == sorted(conseils.unique())
    by = table.groupby("Conseil de territoire")
    for _, row in territoires.iterrows():
        mine = by.get_group(row["Conseil de territoire"])
        assert row["Communes"] == len(mine)
        assert row["Population"] == mine["Population"].sum()
        assert row[FESTIVALS] == mine[FESTIVALS].sum() and row["Lieux"] == mine["Lieux"].sum()


def test_per_inhabitant_figures_read_with_decimals(bundle):
    content = panels.build(bundle, Filters(), ["communes"])[0]
    shown = readable(content).set_index("Code INSEE").loc[MARTIGUES]
    row = content.table.set_index("Code INSEE").loc[MARTIGUES]
    assert shown["Lieux pour 10 000 habitants"] == fr.nombre(row["Lieux pour 10 000 habitants"], 2)
    assert "," in shown["Lieux pour 10 000 habitants"]  # 8 sites for 48 298 inhabitants: not rounded to 2


communes_codes = st.sampled_from(sorted(pd.read_csv("data/communes.csv", dtype=str)["code_insee"]))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(code=communes_codes)
def test_the_table_agrees_with_each_portrait(bundle, table, code):
    row = table.set_index("Code INSEE").loc[code]
    chosen = Filters(communes=(code,))
    summary, comparison, events = panels.build(
        bundle, chosen, ["portrait", "portrait-comparaison", "portrait-evenements"]
    )
    figures = {f.label: f for f in summary.figures}
    assert figures["Population"].number == row["Population"]
    assert figures["Lieux recensés"].number == row["Lieux"]
    assert figures["Grands projets"].number == row["Grands projets"]
    funding = figures["Financements publics mobilisés"].number
    assert (funding is None and pd.isna(row["Financements publics mobilisés"])) or funding == pytest.approx(
        row["Financements publics mobilisés"]
    )
    listed = 0 if events.empty else len(events.table)
    assert listed == row[FESTIVALS]
    quantified = 0 if events.empty else int(events.table["Fréquentation"].notna().sum())
    assert quantified == row["Événements à fréquentation chiffrée"]
    compared = comparison.table.set_index("Mesure")[comparison.table.columns[1]]
    assert compared["Lieux"] == row["Lieux"] and compared[FESTIVALS] == row[FESTIVALS]


# --- comparisons in words --------------------------------------------------------------------


def small_table() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "code_insee": ["a", "b", "c", "d"],
            "population": [10_000.0, 20_000.0, 10_000.0, 5_000.0],
            **{c: [0, 0, 0, 0] for c in com.COUNTS},
        }
    )
    frame["evenements"] = [3, 2, 1, 0]  # per 10 000: 3, 1, 1, 0
    frame["financements"] = [None, 1_000.0, None, 50.0]
    return com.per_inhabitant(frame)


def test_a_rank_is_said_in_words():
    frame = small_table()
    assert (
        rank_sentence(frame, "a", "evenements") == "1re des 4 communes pour les festivals et événements par habitant."
    )
    assert rank_sentence(frame, "b", "evenements") == (
        "2e ex aequo avec 1 autre des 4 communes pour les festivals et événements par habitant."
    )
    assert rank_sentence(frame, "d", "evenements") == "aucun pour les festivals et événements."
    assert rank_sentence(frame, "a", "lieux") == "aucun pour les lieux, comme 3 autres communes."
    assert rank_sentence(frame, "b", "financements") == (
        "1re des 2 communes où ils sont chiffrés pour les financements publics mobilisés par habitant."
    )
    assert rank_sentence(frame, "a", "financements").startswith("non chiffré ici")


def test_the_portrait_compares_with_the_metropole_and_communes_of_its_size(bundle, table):
    comparison = panels.build(bundle, Filters(communes=(MARTIGUES,)), ["portrait-comparaison"])[0]
    rows = comparison.table.set_index("Mesure")
    population = table.set_index("Code INSEE").loc[MARTIGUES, "Population"]
    band = com.band_of(population)
    same = table[table["Population"].map(com.band_of) == band]
    lieux = rows.loc["Lieux"]
    assert lieux["Métropole, pour 10 000 habitants"] == pytest.approx(
        table["Lieux"].sum() * 10_000 / table["Population"].sum()
    )
    assert lieux["Communes de sa taille, pour 10 000 habitants"] == pytest.approx(
        same["Lieux"].sum() * 10_000 / same["Population"].sum()
    )
    rates = table["Lieux pour 10 000 habitants"]
    position = int((rates > rates[table["Code INSEE"] == MARTIGUES].iloc[0]).sum()) + 1
    assert lieux["Rang"].startswith(f"{position}{'re' if position == 1 else 'e'} ")
    assert f"des {len(table)} communes pour les lieux par habitant" in lieux["Rang"]
    assert f"les {len(same)} communes de " in comparison.note


def test_a_territoire_has_no_commune_comparison(bundle):
    comparison = panels.build(bundle, Filters(conseils=("Pays de Martigues",)), ["portrait-comparaison"])[0]
    assert comparison.empty and "pour une commune" in comparison.empty_message


# --- the page ----------------------------------------------------------------------------------


def test_the_communes_page_opens_on_every_commune(monkeypatch, tmp_path, table):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py")
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Communes"]
    shown = at.table[0].value
    assert len(shown) == len(table)
    links = [link_of(c) for c in shown["Commune"]]
    codes = table.set_index("Commune")["Code INSEE"]
    assert all(codes[name] == code for name, code in links)
    assert "Les 6 conseils de territoire" in [h.value for h in at.header]
    # The map: every commune drawn, clickable, with its name and value in its tooltip.
    (spec,) = [e.proto.json for e in at.get("deck_gl_json_chart")]
    import json

    layers = {layer["id"]: layer for layer in json.loads(spec)["layers"]}
    features = layers[maps.COMMUNES]["data"]["features"]
    assert layers[maps.COMMUNES]["pickable"] is True and len(features) == len(table)
    tips = {f["properties"]["code"]: f["properties"]["infobulle"] for f in features}
    lieux = table.set_index("Code INSEE").loc[MARTIGUES, "Lieux"]
    assert tips[MARTIGUES] == f"Martigues\nLieux : {fr.nombre(lieux)}"

    # Sorted by festivals: the commune with the most comes first.
    at.selectbox(key="communes_tri").set_value(FESTIVALS).run()
    first = link_of(at.table[0].value["Commune"].iloc[0])
    most = table.sort_values([FESTIVALS, "Commune"], ascending=[False, True]).iloc[0]
    assert first == (most["Commune"], most["Code INSEE"])
    assert at.table[0].value[FESTIVALS].iloc[0] == fr.nombre(most[FESTIVALS])


def test_the_portrait_is_titled_by_its_place_and_lists_its_sites_as_text(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"commune": MARTIGUES})
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Martigues"]
    population = bundle["communes"].set_index("code_insee").loc[MARTIGUES, "population"]
    assert f"Conseil de territoire : Pays de Martigues · {fr.nombre(population)} habitants" in texts(at)
    lists = [t.value for t in at.table]
    (sites,) = [t for t in lists if "Lieu" in t.columns]
    assert any(n.startswith("Théâtre des Salins") for n in sites["Lieu"])
    assert any(n.startswith("The Next Stage") for n in sites["Lieu"])
    sentences = [t.value for t in at.get("text")]
    assert any(s.startswith("Martigues : ") and " des 92 communes pour les lieux par habitant" in s for s in sentences)


def test_a_territoire_portrait_is_titled_by_its_name(monkeypatch, tmp_path, bundle):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"territoire": "Pays de Martigues"})
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Pays de Martigues"]
    n = int((bundle["communes"]["conseil_de_territoire"] == "Pays de Martigues").sum())
    assert f"{fr.nombre(n)} communes · " in texts(at)


def test_a_festival_of_the_commune_is_listed_by_name(monkeypatch, tmp_path, bundle):
    events = bundle["evenements"].dropna(subset=["code_insee_commune"])
    code = events["code_insee_commune"].value_counts().index[0]  # the commune with the most events
    names = set(events.loc[events["code_insee_commune"] == code, "nom"])
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"commune": code})
    assert not at.exception, at.exception
    (listed,) = [t.value for t in at.table if "Événement" in t.value.columns]
    assert {n.replace("\\", "") for n in listed["Événement"]} == names


def test_a_click_on_a_commune_of_the_map_page_opens_its_portrait(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/carte.py")
    at.session_state["carte_commune_cliquee"] = maps.clicked_commune(
        {"type": "Feature", "properties": {"code": MARTIGUES, "infobulle": "Martigues"}}
    )
    at.run()
    assert not at.exception, at.exception
    assert [t.value for t in at.title] == ["Martigues"]


def test_the_communes_go_to_the_exports(bundle, table):
    data = deck.xlsx_bytes(bundle, Filters(), ids=["communes", "territoires"])
    book = load_workbook(io.BytesIO(data))
    sheet = book["Communes en chiffres"]
    header = [c.value for c in sheet[1]]
    assert "Lieux pour 10 000 habitants" in header and sheet.max_row == len(table) + 1
    column = header.index("Lieux pour 10 000 habitants") + 1
    assert sheet.cell(2, column).number_format == NUMBER_FORMATS["decimal"]


# --- in a real browser ---------------------------------------------------------------------------


def choose_option(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label`` (typed, then chosen)."""
    from tests.browser import wait_ready

    box = page.get_by_label(label)
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).click()
    wait_ready(page)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_from_the_table_sorted_by_festivals_to_a_portrait_in_the_browser(page, app_url, bundle, table):
    from tests.browser import errors_shown, open_page, wait_ready

    open_page(page, app_url, "communes")
    choose_option(page, "Trier le tableau par", FESTIVALS)
    most = table.sort_values([FESTIVALS, "Commune"], ascending=[False, True]).iloc[0]
    first = page.locator('[data-testid="stMain"] [data-testid="stTable"] tbody a').first
    assert first.inner_text().strip() == most["Commune"]
    with page.context.expect_page() as opened:  # Streamlit opens a table's links in a new tab
        first.click()
    portrait = opened.value
    wait_ready(portrait)
    main = portrait.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == most["Commune"]
    assert portrait.title().startswith(f"{most['Commune']} – Portrait – ")
    events = bundle["evenements"]
    names = events.loc[events["code_insee_commune"] == most["Code INSEE"], "nom"]
    assert len(names) == most[FESTIVALS] > 0
    text = main.inner_text()
    assert [n for n in names if n not in text] == []  # every festival findable as text
    assert errors_shown(portrait) == [] and errors_shown(page) == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_portrait_of_martigues_is_titled_and_findable_as_text(page, app_url):
    from tests.browser import errors_shown, open_page

    open_page(page, app_url, "communes", f"commune={MARTIGUES}")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").count() == 1 and main.locator("h1").inner_text().strip() == "Martigues"
    assert page.title().startswith("Martigues – Portrait – ")
    for name in ("Théâtre des Salins", "The Next Stage"):
        found = main.locator('[data-testid="stTable"]').get_by_text(name)
        assert found.count() >= 1 and found.first.is_visible(), name
    assert errors_shown(page) == []


def clickable_spot(bundle, contours, code: str) -> tuple[float, float]:
    """A pixel of the map page (initial view) inside commune ``code`` and away from every point."""
    import shapely

    from icc.prepared import model

    drawn = model.drawn_positions(bundle["lieux"])
    halos, _ = maps.projets_points(bundle["projets"], bundle["lieux"])
    points = [maps.view_pixel(x, y) for x, y in zip(drawn["lon"], drawn["lat"], strict=True)]
    points += [maps.view_pixel(x, y) for x, y in zip(halos["lon"], halos["lat"], strict=True)]
    centre = bundle["communes"].set_index("code_insee").loc[code]
    candidates = [
        (centre["longitude"] + dx * 0.005, centre["latitude"] + dy * 0.005)
        for dx in range(-12, 13)
        for dy in range(-12, 13)
    ]
    well_inside = contours.shapes[code].buffer(-0.01)  # about 1 km from its border
    spots = [maps.view_pixel(lon, lat) for lon, lat in candidates if shapely.contains_xy(well_inside, lon, lat)]

    def clear(spot) -> float:
        return min((abs(spot[0] - p[0]) + abs(spot[1] - p[1]) for p in points), default=1e9)

    best = max(spots, key=clear)
    assert clear(best) > 30
    return best


def click_on_commune(page, bundle, contours, code: str) -> None:
    """Click the map of the page (its initial view) inside commune ``code``, away from every point."""
    canvas = page.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(state="visible", timeout=30_000)
    canvas.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    box = canvas.bounding_box()
    cx, cy = maps.view_pixel(maps.VIEW["longitude"], maps.VIEW["latitude"])
    x, y = clickable_spot(bundle, contours, code)
    on_screen = (box["x"] + box["width"] / 2 + x - cx, box["y"] + box["height"] / 2 + y - cy)
    page.mouse.move(*on_screen)
    page.wait_for_timeout(500)
    human_click(page, *on_screen)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_click_on_martigues_on_the_map_page_opens_its_portrait(page, app_url, bundle, contours):
    from tests.browser import errors_shown, open_page

    open_page(page, app_url, "carte")
    click_on_commune(page, bundle, contours, MARTIGUES)
    try:
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === 'Martigues'",
            timeout=30_000,
        )
    finally:
        page.screenshot(path="/tmp/carte_click.png")
    assert f"/communes?commune={MARTIGUES}" in page.url
    assert errors_shown(page) == []


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_click_on_a_commune_of_the_communes_map_opens_its_portrait_in_the_browser(page, app_url, bundle, contours):
    from tests.browser import errors_shown, open_page

    open_page(page, app_url, "communes")
    click_on_commune(page, bundle, contours, MARTIGUES)
    try:
        page.wait_for_function(
            "() => document.querySelector('[data-testid=\"stMain\"] h1')?.innerText.trim() === 'Martigues'",
            timeout=30_000,
        )
    finally:
        page.screenshot(path="/tmp/communes_click.png")
    assert "commune=" + MARTIGUES in page.url
    assert errors_shown(page) == []
