"""Every page's charts fit their columns, on a computer and on a phone: no title, label or legend
cut or overlapping (issue 21), and no text of a chart written over another (issue 33)."""

from __future__ import annotations

import pytest

from tests.browser import DASHBOARDS, PHONE

SIZES = {"ordinateur": {"viewport": {"width": 1440, "height": 900}}, "telephone": PHONE}
# Every page that draws plotly charts with the default data (the map draws none), two portraits
# included; then every presentation screen that draws a chart (``chart_screens``).
PAGES = [
    *(p for p in DASHBOARDS if p != "carte"),
    "communes?commune=13001",
    "communes?commune=13056",
    "metropoles",
    "musees",
]


def chart_screens(frames) -> list[str]:
    """Every presentation screen that draws a chart with the default data, as one presentation's
    addresses: a new screen is measured as soon as it exists."""
    from icc.prepared.filters import Filters
    from icc.present import screens
    from tests.test_screens import bundle_of

    shown = screens.build(bundle_of(frames), Filters(), list(screens.SCREENS_BY_ID))
    ids = [c.id for c in shown if c.figure is not None and not c.empty]
    return [f"presentation?ecrans={','.join(ids)}&ecran={k}" for k in range(1, len(ids) + 1)]


# Every text a chart draws, each with the box of its chart; the legend and the axis titles' boxes.
# A label on several lines (plotly's <tspan class="line">) is measured line by line: the box of the
# whole label would cover the blank beside its shorter lines. ``corners``: the four corners of each
# text as drawn, turned with it (a slanted tick label's upright box covers its neighbour's, its letters do not).
MEASURE = """
() => [...document.querySelectorAll('[data-testid="stMain"] .js-plotly-plot')].map((plot, k) => {
  const box = plot.querySelector('.main-svg').getBoundingClientRect();
  const shown = el => el.textContent.trim() && el.getClientRects().length;
  const corners = el => { const b = el.getBBox(), m = el.getScreenCTM();
    return [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]]
      .map(([x, y]) => [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]); };
  const texts = [...plot.querySelectorAll('.main-svg text')].filter(shown).flatMap((t, n) => {
    const lines = [...t.querySelectorAll('tspan.line')].filter(shown);
    return (lines.length ? lines : [t]).map(part => { const r = part.getBoundingClientRect();
      return {text: part.textContent.trim(), label: n, left: r.left, right: r.right, top: r.top,
              bottom: r.bottom, corners: corners(part), legend: !!t.closest('.legend')}; });
  });
  const rect = el => { if (!el) return null; const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {chart: k, box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom}, texts,
          legend: rect(plot.querySelector('.legend')), xtitle: rect(plot.querySelector('.xtitle')),
          ytitle: rect(plot.querySelector('.ytitle'))};
})
"""


def overlap(a, b, margin: float = 0) -> bool:
    """Two boxes share ground (more than ``margin`` pixels each way: a glyph's box has room above and
    below its letters, so two lines set one under the other touch without any letter touching)."""
    return (
        bool(a and b)
        and a["left"] + margin < b["right"]
        and b["left"] + margin < a["right"]
        and a["top"] + margin < b["bottom"]
        and b["top"] + margin < a["bottom"]
    )


TOUCH = 2  # pixels two texts' boxes may share: the blank above and below the letters


def written_over(a: list, b: list, margin: float = TOUCH) -> bool:
    """Two texts' turned boxes (four corners each) overlap by more than ``margin`` pixels along every
    direction of their sides (separating axes: a gap along one of them and they do not touch)."""
    for poly in (a, b):
        for k in range(4):
            (x0, y0), (x1, y1) = poly[k], poly[(k + 1) % 4]
            axis = (y0 - y1, x1 - x0)
            length = (axis[0] ** 2 + axis[1] ** 2) ** 0.5
            if not length:
                continue
            on_a = [(x * axis[0] + y * axis[1]) / length for x, y in a]
            on_b = [(x * axis[0] + y * axis[1]) / length for x, y in b]
            if min(max(on_a), max(on_b)) - max(min(on_a), min(on_b)) <= margin:
                return False
    return True


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
        texts = chart["texts"]
        for i, a in enumerate(texts):
            for b in texts[i + 1 :]:
                if a["label"] != b["label"] and overlap(a, b) and written_over(a["corners"], b["corners"]):
                    found.append(f"graphique {chart['chart'] + 1} : « {a['text']} » est écrit sur « {b['text']} »")
    return found


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
@pytest.mark.parametrize("size", SIZES)
def test_every_chart_fits_its_column(browser, app_url, size, default_frames):
    from tests.browser import errors_shown, open_page

    context = browser.new_context(locale="fr-FR", **SIZES[size])
    page = context.new_page()
    found, drawn = [], {}
    presented = chart_screens(default_frames)
    try:
        for address in PAGES + presented:
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
            shown = "presentation?ecran=" + address.rpartition("=")[2] if address in presented else address or "/"
            found += [f"{shown} : {p}" for p in problems(charts)]
    finally:
        context.close()
    assert found == [], "\n".join(found)
    assert drawn["/"] == 4 and drawn["financements"] >= 3 and drawn["metropoles"] == 6 and drawn["musees"] == 3
    assert min(drawn.values()) >= 1
    assert len(presented) >= 19  # the default screens' charts, the festivals', fundings', métropoles' and museums'


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
    labels = list(fig.data[-1].text)  # written after the bars by a text trace: on one line, as they were
    assert labels == list(content.figure.data[-1].text) and not [t for t in labels if "<br>" in t]
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


def test_values_wider_than_their_column_are_left_to_the_table_and_names_under_columns_stand_level():
    import plotly.graph_objects as go

    from icc.present.charts.style import NARROW, WIDE, fitted

    years = ["2022", "2023", "2024", "2025"]
    fig = go.Figure(go.Bar(x=years, y=[5e4, 8e4, 8.3e5, 8e4]))
    fig.add_scatter(
        x=years, y=[5e4, 8e4, 8.3e5, 8e4], mode="text", text=["50 000 €", "80 000 €", "830 000 €", "80 000 €"]
    )
    phone, computer = fitted(fig, NARROW), fitted(fig, WIDE)
    assert phone.data[1].visible is False and phone.layout.yaxis.showticklabels  # the scale says it instead
    assert computer.data[1].visible is not False  # room enough: written above the columns

    statuses = ["réalisé", "en cours", "lauréat", "à l'étude", "non retenu"]
    shown = fitted(go.Figure(go.Bar(x=statuses, y=[1, 1, 5, 2, 1], text=["1", "1", "5", "2", "1"])), NARROW)
    assert list(shown.data[0].x) == ["réalisé", "en<br>cours", "lauréat", "à<br>l'étude", "non<br>retenu"]
    assert shown.layout.xaxis.tickangle == 0 and shown.data[0].textposition != "none"
