"""The overview's charts fit their columns: no title, label or legend cut or overlapping (issue 21)."""

from __future__ import annotations

import pytest

WIDTHS = {"ordinateur": (1440, 900), "telephone": (390, 844)}

# Every text a chart draws, each with the box of its chart; the legend and the axis titles' boxes.
MEASURE = """
() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map((plot, k) => {
  const box = plot.querySelector('.main-svg').getBoundingClientRect();
  const texts = [...plot.querySelectorAll('.main-svg text')]
    .filter(t => t.textContent.trim() && t.getClientRects().length)
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              kind: t.getAttribute('class') || t.parentElement.getAttribute('class') || ''}; });
  const rect = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {chart: k, box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts,
          legend: rect(plot.querySelector('.legend')), xtitle: rect(plot.querySelector('.xtitle')),
          ytitle: rect(plot.querySelector('.ytitle'))};
})
"""


def overlap(a, b) -> bool:
    return (
        bool(a and b)
        and a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


def problems(charts: list[dict]) -> list[str]:
    found = []
    for chart in charts:
        box = chart["box"]
        for t in chart["texts"]:
            if (
                t["left"] < box["left"] - 1
                or t["right"] > box["right"] + 1
                or t["top"] < box["top"] - 1
                or t["bottom"] > box["bottom"] + 1
            ):
                found.append(f"graphique {chart['chart'] + 1} : « {t['text']} » dépasse son cadre")
        for title in ("xtitle", "ytitle"):
            if overlap(chart["legend"], chart[title]):
                found.append(f"graphique {chart['chart'] + 1} : la légende recouvre le titre d'axe")
    return found


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("size", WIDTHS)
def test_the_overview_charts_fit_their_columns(browser, app_url, size):
    from tests.browser import errors_shown, open_page

    width, height = WIDTHS[size]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    page = context.new_page()
    try:
        open_page(page, app_url, "")
        page.wait_for_function(
            """() => document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg').length >= 3""",
            timeout=30_000,
        )
        page.wait_for_timeout(1000)
        charts = page.evaluate(MEASURE)
        page.screenshot(path=f"/tmp/overview-{size}.png", full_page=True)
        assert len(charts) >= 3 and errors_shown(page) == []
        assert problems(charts) == []
    finally:
        context.close()


def test_a_fitted_chart_keeps_its_numbers_and_breaks_its_words(default_frames):
    from icc.prepared.filters import Filters
    from icc.present import panels
    from icc.present.charts.style import fitted
    from tests.test_screens import bundle_of

    content = panels.build(bundle_of(default_frames), Filters(), ["feuille-de-route"])[0]
    fig = fitted(content.figure)
    lines = fig.layout.title.text.split("<br>")
    assert " ".join(lines) == content.figure.layout.title.text and all(len(line) <= 28 for line in lines)
    for before, after in zip(content.figure.data, fig.data, strict=True):
        assert list(before.x) == list(after.x)  # the same values
        assert [str(y).replace("<br>", " ") for y in after.y] == [str(y).strip() for y in before.y]
    labels = [t for t in fig.data[-1].text]
    assert all(len(part) <= 20 for t in labels for part in t.split("<br>"))
    top = float(fig.layout.xaxis.range[1])
    assert top / fig.layout.xaxis.dtick <= 5
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert content.figure.layout.legend.yref is None  # the page's own figure is left as it was
