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
