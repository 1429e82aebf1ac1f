"""Every page's charts fit their columns, on a computer and on a phone: no title, label or legend
cut or overlapping (issue 21)."""

from __future__ import annotations

import pytest

from tests.browser import DASHBOARDS, PHONE

SIZES = {"ordinateur": {"viewport": {"width": 1440, "height": 900}}, "telephone": PHONE}
# Every page that draws plotly charts with the default data (the map draws none), two portraits and
# the presentation's screens included.
PAGES = [
    *(p for p in DASHBOARDS if p != "carte"),
    "communes?commune=13001",
    "communes?commune=13056",
    "metropoles",
    "musees",
    *(f"presentation?ecran={k}" for k in range(2, 8)),  # the default screens that draw a chart
    # The museum screens (chosen on demand): per museum, each museum's years, the territory's years.
    *(f"presentation?ecrans=musees-annee,musees-lignes,musees-total&ecran={k}" for k in range(1, 4)),
]

# Every text a chart draws, each with the box of its chart; the legend and the axis titles' boxes.
MEASURE = """
() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map((plot, k) => {
  const box = plot.querySelector('.main-svg').getBoundingClientRect();
  const texts = [...plot.querySelectorAll('.main-svg text')]
    .filter(t => t.textContent.trim() && t.getClientRects().length)
    .map(t => { const r = t.getBoundingClientRect();
      return {text: t.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              legend: !!t.closest('.legend')}; });
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
        for t in chart["texts"]:
            if not t["legend"] and overlap(chart["legend"], t):
                found.append(f"graphique {chart['chart'] + 1} : la légende recouvre « {t['text']} »")
    return found


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("size", SIZES)
def test_every_chart_fits_its_column(browser, app_url, size):
    from tests.browser import errors_shown, open_page

    context = browser.new_context(locale="fr-FR", **SIZES[size])
    page = context.new_page()
    found, drawn = [], {}
    try:
        for address in PAGES:
            path, _, query = address.partition("?")
            open_page(page, app_url, path, query)
            page.wait_for_function(
                """() => document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot .main-svg').length >= 1""",
                timeout=30_000,
            )
            page.wait_for_timeout(1000)
            assert errors_shown(page) == [], address
            charts = [c for c in page.evaluate(MEASURE) if c["texts"]]  # a hidden tab's charts draw nothing
            drawn[address or "/"] = len(charts)
            found += [f"{address or '/'} : {p}" for p in problems(charts)]
    finally:
        context.close()
    assert found == []
    assert drawn["/"] == 4 and drawn["financements"] >= 3 and drawn["metropoles"] == 6 and drawn["musees"] == 3
    assert min(drawn.values()) >= 1


def test_a_narrow_chart_keeps_its_numbers_and_wraps_its_words(default_frames):
    from icc.prepared.filters import Filters
    from icc.present import panels
    from icc.present.charts.style import NARROW, fitted
    from tests.test_screens import bundle_of

    content = panels.build(bundle_of(default_frames), Filters(), ["feuille-de-route"])[0]
    fig = fitted(content.figure, NARROW)
    assert not fig.layout.title.text  # the page writes it above the chart, as text that wraps
    for before, after in zip(content.figure.data, fig.data, strict=True):
        assert list(before.x) == list(after.x)  # the same values
        assert [str(y).replace("<br>", " ") for y in after.y] == [str(y).strip() for y in before.y]
    labels = list(fig.data[-1].text)
    assert all(len(part) <= 13 for t in labels for part in t.strip().split("<br>"))
    assert " ".join(labels[1].split()).replace("<br>", " ") == " ".join(content.figure.data[-1].text[1].split())
    top = float(fig.layout.xaxis.range[1])
    assert top / fig.layout.xaxis.dtick <= 5
    assert fig.layout.legend.yref == "container" and fig.layout.legend.y == 0
    assert content.figure.layout.legend.yref is None  # the page's own figure is left as it was
    assert content.figure.layout.title.text == content.title


def test_a_wrapped_name_is_cut_as_read_never_inside_an_entity():
    from icc.present.charts.style import text, wrapped

    name = text("Arts & Métiers <Pôle> numérique de la Belle de Mai à Marseille")
    lines = wrapped(name, 18, 3).split("<br>")
    assert len(lines) == 3 and lines[-1].endswith("…")
    assert lines[0] == "Arts &amp; Métiers" and "&lt;Pôle&gt;" in lines[1]  # whole entities, still escaped
    assert wrapped("Marsatac", 18, 3) == "Marsatac" and wrapped(2024, 18, 3) == 2024


def test_two_names_cut_alike_stay_two_bars_in_their_order():
    import plotly.graph_objects as go

    from icc.present.charts.style import NARROW, fitted

    names = [
        "Marseille en grand – École CinéFabrique Marseille (fonctionnement)",
        "Marseille en grand – École CinéFabrique Marseille (investissement)",
        "FACAMM",
    ]
    fig = go.Figure(go.Bar(x=[3, 2, 1], y=names, orientation="h", text=["3", "2", "1"]))
    fig.update_yaxes(categoryorder="array", categoryarray=names[::-1])
    shown = fitted(fig, NARROW)
    categories = list(shown.data[0].y)
    assert len(set(categories)) == 3  # never merged into one bar
    assert [c.replace("<br>", " ") for c in categories[:2]] == names[:2]  # told apart: whole
    assert list(shown.layout.yaxis.categoryarray) == categories[::-1]  # the order follows the names
