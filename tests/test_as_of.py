"""``?au=AAAA-MM-JJ`` on every dashboard page and in the exports: a store seeded with three versions
at three dates (tests.test_evolutions) shows, on each date, that version's own figures."""

from __future__ import annotations

import io

import pandas as pd
import pytest
import streamlit as st
from openpyxl import load_workbook
from pptx import Presentation

from icc import formatting as fr
from icc.datasets.schema import DATASETS
from icc.prepared.filters import Filters
from icc.present import deck
from icc.storage import asof, store
from icc.web import navigation
from tests.apptest import chart_tables, fresh_env, open_page
from tests.test_evolutions import DAYS, publish_three_dates

pytestmark = pytest.mark.xdist_group("as_of")  # one store for the module, on one worker

DASHBOARD = [p for p in navigation.PAGES if p.group == "Tableau de bord"]
ALLAUCH = "13002"  # the commune of the lieu closed on day 3
SATIS = "Aix-Marseille Université – école SATIS (part de l'investissement de 300 K€)"  # acquired on day 3


@pytest.fixture(scope="module")
def replay(tmp_path_factory):
    """The three-dates store, and what changed on each day."""
    with pytest.MonkeyPatch.context() as env:
        url = fresh_env(env, tmp_path_factory.mktemp("au"))
        eng = store.make_engine(url)
        store.init(eng)
        with pytest.MonkeyPatch.context() as clock:  # store.now back to the real clock once published
            facts = publish_three_dates(eng, clock)
        yield facts
        eng.dispose()


@pytest.fixture
def fresh_caches(replay):
    st.cache_resource.clear()  # another module's test may have cached its own engine
    return replay


def expected(facts: dict, k: int) -> dict:
    """What day ``k`` (0, 1, 2) shows: attendance corrected on day 2, lieu gone, action and funding changed on day 3."""
    _, old_status, new_status = facts["action"]
    return {
        "attendance": facts["delta_before"] + (10_000 if k >= 1 else 0),
        "lieu": k < 2,
        "action": new_status if k == 2 else old_status,
        "satis": "acquis" if k == 2 else "en suspens",
        "done": facts["done_before"] + (1 if k == 2 else 0),
        "versions": {"evenements": 2 if k >= 1 else 1, "lieux": 2 if k == 2 else 1, "actions": 2 if k == 2 else 1},
    }


def rows_with(at, value: str, column: str | None = None) -> list[dict]:
    """Every row of every table on the page (with a ``column``) that has a cell ``value``."""
    out = []
    for element in [*at.dataframe, *at.table]:  # grids, and the plain tables of short lists
        frame = element.value
        if not isinstance(frame, pd.DataFrame) or (column and column not in frame.columns):
            continue
        for _, row in frame.astype(str).iterrows():
            if value in row.to_numpy():
                out.append(row.to_dict())
    return out


def check_banner(at, day, want: dict) -> None:
    banner = at.warning[0].value
    assert banner.startswith(f"Données au {asof.long_date(day)} (versions : "), banner
    for name, number in want["versions"].items():
        assert f"{DATASETS[name].title} v{number}" in banner, banner


def check_page(path: str, at, facts: dict, want: dict) -> None:
    """The figures of this version as the page shows them."""
    code = facts["action"][0]
    delta = rows_with(at, "Delta Festival", "Fréquentation")
    if path == "":
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Lieux recensés"] == fr.nombre(len(facts["lieux_before"]) - (0 if want["lieu"] else 1))
        assert metrics["Actions réalisées"].startswith(f"{fr.nombre(want['done'])} / ")
        people = int("".join(ch for ch in metrics["Fréquentation des festivals cités"] if ch.isdigit()))
        assert people == facts["people_before"] + want["attendance"] - facts["delta_before"]
    elif path in ("festivals", "filieres"):
        assert delta, "Delta Festival absent des tableaux"
        assert all(fr.nombre(want["attendance"]) in r.values() for r in delta), delta
    elif path in ("financements", "grands-projets"):
        rows = rows_with(at, SATIS, "Statut")
        assert rows and {r["Statut"] for r in rows} == {want["satis"]}
    elif path == "feuille-de-route":
        rows = rows_with(at, code, "Statut")
        assert rows and {r["Statut"] for r in rows} == {want["action"]}
    elif path == "carte":
        options = at.selectbox(key="carte_lieu").options
        assert any(o.startswith(facts["gone"]) for o in options) == want["lieu"]
    elif path == "communes":
        assert bool(rows_with(at, facts["gone"])) == want["lieu"]
    elif path == "musees":  # the museums' attendance, not edited over the three days
        metrics = {m.label: m.value for m in at.metric}
        assert metrics["Entrées dans les musées"] == fr.nombre(784_783)
        assert metrics["Musées de France"] == fr.nombre(30)
    elif path == "metropoles":  # a national comparison shipped in data/, the same whatever the day
        assert any(t.value.startswith("Aix-Marseille-Provence : ") for t in at.text)
    else:
        raise AssertionError(f"page du tableau de bord sans vérification : {path}")


def query(path: str, day) -> dict:
    return {"au": day.isoformat(), **({"commune": ALLAUCH} if path == "communes" else {})}


@pytest.mark.parametrize("page", DASHBOARD, ids=[p.path or "vue-ensemble" for p in DASHBOARD])
def test_every_dashboard_page_shows_the_versions_of_the_day(page, fresh_caches):
    facts = fresh_caches
    for k, day in enumerate(DAYS):
        want = expected(facts, k)
        at = open_page(page.script if page.path else None, query(page.path, day))
        assert not at.exception, at.exception
        check_banner(at, day, want)
        check_page(page.path, at, facts, want)


def test_the_presentation_and_its_exports_read_the_day(fresh_caches):
    from icc.ui import data

    facts = fresh_caches
    for k, day in enumerate(DAYS):
        want = expected(facts, k)
        at = open_page("views/presentation.py", {"au": day.isoformat(), "ecrans": "festivals", "ecran": "1"})
        assert not at.exception, at.exception
        check_banner(at, day, want)
        shown = chart_tables(at)[0].set_index("Événement")  # the screen's chart data
        assert shown.loc["Delta Festival", "Fréquentation"] == fr.nombre(want["attendance"])

        # The presentation's files are built from the data of that day (icc.ui.data.bundle with ``au``).
        bundle = data.bundle_of(data.versions_shown(day))
        ids = ["chiffres", "festivals", "feuille-de-route"]
        prs = Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ids, DAYS[2], "", as_of=day)))
        title = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
        assert f"Données au {asof.long_date(day)}" in title
        charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
        festivals = charts[0].plots[0]
        values = dict(zip(festivals.categories, next(iter(festivals.series)).values, strict=True))
        assert values["Delta Festival"] == want["attendance"]
        footers = " ".join(s.text_frame.text for slide in prs.slides for s in slide.shapes if s.has_text_frame)
        assert f"{DATASETS['evenements'].title} v{want['versions']['evenements']} du " in footers
        book = load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, Filters(), ids, DAYS[2], as_of=day)))
        sheet = [
            [c.value for c in row] for row in book[deck.sheet_names(deck.build(bundle, Filters(), ["festivals"]))[0]]
        ]
        header = sheet[0]
        (delta,) = [r for r in sheet if r[header.index("Événement")] == "Delta Festival"]
        assert delta[header.index("Fréquentation")] == want["attendance"]
        sources = {row[0].value: row[1].value for row in book["Sources"].iter_rows()}
        assert sources["Données au"] == asof.long_date(day)
        lieux = sources[f"Données : {DATASETS['lieux'].title}"]
        assert lieux.startswith(f"version {want['versions']['lieux']} du "), lieux


def test_the_evolutions_page_compares_with_the_day_shown(fresh_caches):
    at = open_page("views/evolutions.py", {"au": DAYS[1].isoformat()})
    assert not at.exception, at.exception
    at.date_input[0].set_value(DAYS[0]).run()
    assert not at.exception, at.exception
    figures = at.dataframe[0].value.set_index("Indicateur")
    assert figures.loc["Fréquentation des festivals cités", "Écart"] == "hausse de " + fr.nombre(10_000)
    assert figures.loc["Lieux recensés", "Écart"] == "inchangé"  # closed on day 3, after the day shown
    assert "Au 30 juin 2025" in figures.columns
    assert [t.value for t in at.text] == [
        f"Événement Delta Festival : fréquentation : {fr.nombre(fresh_caches['delta_before'])} → "
        f"{fr.nombre(fresh_caches['delta_before'] + 10_000)}"
    ]
