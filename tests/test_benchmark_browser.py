"""The browser benchmark's clock: a page counts as open only once its charts are drawn."""

from __future__ import annotations

import pytest

from benchmarks.pages_browser import _open
from tests.conftest import ROOT
from tests.server import running_app

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def test_a_page_is_open_once_its_chart_is_drawn_not_when_its_script_ends(browser):
    """Streamlit draws a skeleton while an element's code loads: the bare page's script ended about
    1 s before its chart was drawn, and the benchmark once read that as the chart's time."""
    with running_app({}, script=ROOT / "benchmarks" / "bare_app.py") as url:
        times = _open(browser, url)
    assert times["charts"] == 1  # drawn when the page is said open
    assert times["figures_s"] is None  # no key figure on that page
    assert 0 < times["first_chart_s"] <= times["open_s"]
    assert times["open_s"] - times["first_chart_s"] < 0.5  # its one chart: open when it is drawn


def test_the_bare_page_served_as_the_app_is_gets_plotly_compressed(browser):
    """The second baseline: the same bare page behind the app's server settings."""
    with running_app({}, script=ROOT / "benchmarks" / "bare_server.py") as url:
        times = _open(browser, url)
        context = browser.new_context()
        page = context.new_page()
        page.goto(url)
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')
        plotly = page.evaluate(
            "() => performance.getEntriesByType('resource').filter(e => e.name.includes('/PlotlyChart.'))"
            ".map(e => [e.encodedBodySize, e.decodedBodySize])[0]"
        )
        context.close()
    assert times["charts"] == 1
    encoded, decoded = plotly
    assert 0 < encoded < decoded / 2


def _report(others_cpu: float, bare: dict) -> str:
    """The report of a run at 1× whose overview drew its first chart at 1,8 s."""
    from benchmarks.pages_browser import report

    page = {"open_s": 2.0, "first_chart_s": 1.8, "figures_s": 1.0, "cold_s": 2.1, "runs": [2.0]}
    return report(
        {
            "date": "02/12/2026 à 05:00",
            "machine": "test",
            "others_cpu": others_cpu,
            "own_cpu": 1.4,
            "runs": 1,
            "asked": [1],
            "bare": bare,
            "scales": [{"scale": 1, "rows": {}, "prepared_s": 0.5, "pages": {"vue-ensemble": page}}],
        }
    )


def test_the_report_gives_both_baselines():
    text = _report(0.05, {"first_chart_s": 1.6, "open_s": 1.6, "served": {"first_chart_s": 1.5, "open_s": 1.5}})
    assert "graphique dessiné en 1,6 s" in text
    assert "soit 1,12 fois la page témoin (budget 1,2 : tenu)" in text
    assert "son graphique est dessiné en 1,5 s ; le premier graphique de la vue d'ensemble en vaut 1,2 fois" in text
    assert "les autres programmes de la machine ont occupé en moyenne 0,05 processeur" in text
    assert "non concluant" not in text.lower()


def test_other_programs_busy_during_the_run_take_the_verdict_away():
    text = _report(0.6, {"first_chart_s": 1.6, "open_s": 1.6})
    assert "**Mesures non concluantes** : Pendant la mesure, les autres programmes" in text
    assert "(budget 1,2 : non concluant)" in text
