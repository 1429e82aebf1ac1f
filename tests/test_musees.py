"""The Musées et fréquentation page, the overview's museum figure, and the museum screens in the
presentation, PowerPoint and Excel, on the default data (« Fréquentation des musées de France »,
ministère de la Culture)."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn

from icc import formatting as fr
from icc.prepared.aggregations import frequentation as fq
from icc.prepared.filters import Filters
from icc.prepared.filters import apply as apply_filters
from icc.present import deck, screens
from icc.present.panels import base
from icc.present.panels import figures as headlines
from tests.apptest import chart_tables, chart_titles, figures, fresh_env, open_page, texts
from tests.test_screens import bundle_of

PAGE = "views/musees.py"
TITLE = "Musées et fréquentation"
OVERVIEW = "views/vue_ensemble.py"
ZIEM = "museofile_m0923"


def plain(text) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


def metrics(at) -> dict[str, str]:
    assert not at.exception, at.exception
    return {m.label: plain(m.value) for m in at.metric}


def bars(at) -> list[dict]:
    """The per-museum chart's bars as the browser gets them: name, paying, free, total written after."""
    spec = figures(at)[0]["data"]
    paid, free, totals = spec[0], spec[1], spec[-1]
    return [
        {"musee": name.strip(), "payant": p, "gratuit": g, "total": plain(t).strip()}
        for name, p, g, t in zip(paid["y"], paid["x"], free["x"], totals["text"], strict=True)
    ]


def missing_table(at):
    """The plain table of the museums without a figure in the year shown."""
    (table,) = [t.value for t in at.table if "Pourquoi" in t.value.columns]
    return table


@pytest.fixture(scope="module")
def bundle(default_frames):
    return bundle_of(default_frames)


# --- the page ---------------------------------------------------------------------------


def test_the_page_reads_the_latest_year_its_museums_and_its_source(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE)
    assert at.title[0].value == TITLE
    shown = metrics(at)
    assert shown["Entrées dans les musées"] == "784 783"
    assert shown["Musées de France"] == "30"
    text = plain(texts(at))
    assert "22 musées, 2021" in text
    assert "« Fréquentation des musées de France », ministère de la Culture, Licence Ouverte 2.0" in text
    assert "Fréquentation des musées v1 du" in text  # the data version
    # Which filters concern the page.
    assert "« Commune » et « Années » s'appliquent aux musées" in text
    assert "« Statut des financements » ne les concerne pas" in text
    assert at.selectbox[0].value == 2021
    assert chart_titles(at)[:3] == [
        "Entrées par musée en 2021",
        "Entrées de chaque musée, année par année",
        "Entrées dans les musées du territoire, année par année",
    ]
    ranked = bars(at)
    assert len(ranked) == 22 and ranked[0]["musee"] == "MuCEM"
    # The two museums named alike are told apart by their commune.
    names = [b["musee"] for b in ranked]
    assert "Muséum d'Histoire naturelle (Marseille)" in names
    assert "Muséum d'histoire naturelle (Aix-en-Provence)" in names


def test_mucem_leads_2019_and_the_year_is_kept_in_the_address(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE)
    at.selectbox[0].set_value(2019).run()
    assert not at.exception, at.exception
    assert at.query_params["annee"] == "2019"
    assert chart_titles(at)[0] == "Entrées par musée en 2019"
    first = bars(at)[0]
    assert first == {"musee": "MuCEM", "payant": 241812.0, "gratuit": 228674.0, "total": "470 486"}
    table = chart_tables(at)[0]
    assert table.iloc[0][["Musée", "Entrées payantes", "Entrées gratuites", "Entrées totales"]].map(plain).tolist() == [
        "MuCEM",
        "241 812",
        "228 674",
        "470 486",
    ]
    # A link copied with the year reopens it.
    again = open_page(PAGE, {"annee": "2019"})
    assert again.selectbox[0].value == 2019 and bars(again)[0]["total"] == "470 486"


def test_a_closed_year_reads_ferme_and_a_museum_counted_with_another_names_it(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE, {"annee": "2003"})
    assert not at.exception, at.exception
    missing = missing_table(at)
    row = missing[missing["Musée"] == "Musée Granet"]
    assert row["Pourquoi"].tolist() == ["fermé"]
    assert "Musée Granet" not in [b["musee"] for b in bars(at)]  # no bar, never 0
    # 2021: the Musée des Arts Africains is counted with the Musée d'archéologie, by its name.
    at = open_page(PAGE, {"annee": "2021"})
    missing = missing_table(at)
    arts = missing[missing["Musée"] == "Musée des Arts Africains, Océaniens et Amérindiens"]
    assert arts["Pourquoi"].tolist() == ["compté avec le musée « Musée d'archéologie méditerranéenne »"]


def test_a_filter_on_martigues_shows_only_the_musee_ziem(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE, {"commune": "13056"})
    shown = metrics(at)
    assert shown["Entrées dans les musées"] == "6 249" and shown["Musées de France"] == "1"
    assert "1 musée, 2021" in plain(texts(at))
    assert [b["musee"] for b in bars(at)] == ["Musée Ziem"]
    tables = chart_tables(at)
    assert set(tables[0]["Musée"]) == {"Musée Ziem"}
    assert set(tables[1]["Musée"]) == {"Musée Ziem"}  # one line, no « Autres musées »


def test_the_years_filter_chooses_the_latest_year_shown(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE, {"de": "2005", "a": "2013"})
    shown = metrics(at)
    assert shown["Entrées dans les musées"] == "1 877 457"
    assert "24 musées, 2013" in plain(texts(at))
    assert at.selectbox[0].options == [str(y) for y in range(2013, 2004, -1)]


def test_a_filter_without_museums_says_so_in_french(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(PAGE, {"filiere": "edition"})
    assert not at.exception, at.exception
    assert "Aucun musée ne correspond aux filtres choisis." in " ".join(i.value for i in at.info)
    assert not at.get("plotly_chart")


# --- the overview -----------------------------------------------------------------------


def test_the_overview_gives_the_museums_latest_year_and_its_trend(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page(OVERVIEW)
    assert metrics(at)[headlines.MUSEUMS_LABEL] == "784 783"
    text = plain(texts(at))
    assert "22 musées, 2021" in text
    assert "Entrées dans les musées du territoire, 2001–2021" in chart_titles(at)
    # The trend's text alternative says where it starts and ends.
    assert "De 307 726 en 2001 (21 musées) à 784 783 en 2021 (22 musées)." in text
    trend = chart_tables(at)[-1]
    assert [plain(v) for v in trend.iloc[-1]] == ["2021", "784 783", "22"]
    assert "musees" in [link.proto.page.split("/")[-1].removesuffix(".py") for link in at.get("page_link")]


def test_the_overview_figure_is_not_quantified_when_no_museum_is_left(bundle):
    figure = headlines.museums_figure(apply_filters(bundle, Filters(familles=("edition",))))
    assert figure.number is None and figure.value == "non chiffrées"


# --- screens, PowerPoint, Excel ----------------------------------------------------------


def test_the_museum_screens_are_the_pages_panels(bundle):
    built = screens.build(bundle, Filters(), screens.MUSEES_IDS)
    assert [c.chart.kind for c in built] == [base.STACKED_BAR, base.LINE, base.LINE]
    for c in built:
        assert "Fréquentation des musées de France" in c.sources and "Licence Ouverte 2.0" in c.sources
        assert "Fréquentation des musées v1 du 25 oct. 2024" in c.sources
    per_museum, lines, total = built
    assert per_museum.title == "Entrées par musée en 2021"
    assert sum(sum(v) for v in per_museum.chart.series.values()) == 784_783
    years = fq.by_year(bundle["frequentation_lieux"])
    assert total.chart.series["Entrées"] == years["total"].tolist()
    assert total.table["Musées chiffrés"].tolist() == years["musees_chiffres"].tolist()
    assert "2021 : 784 783 (22 musées)" in plain(total.alt) and "2013 : 1 877 457 (24 musées)" in plain(total.alt)
    # The largest museums as lines, the others grouped, a closed year a gap.
    names = list(lines.chart.series)
    assert names[0] == "MuCEM" and names[-1] == "Autres musées (28)"
    granet = lines.chart.series["Musée Granet"]
    assert granet[lines.chart.categories.index("2003")] is None
    assert granet[lines.chart.categories.index("2019")] == 175_096


def test_a_year_counted_with_another_adds_nothing_and_the_year_option_reaches_the_screen(bundle):
    c = screens.build(bundle, Filters(), ["musees-annee"], {"musees-annee": {"annee": 2019}})[0]
    assert c.title == "Entrées par musée en 2019" and c.chart.categories[0] == "MuCEM"
    assert c.table["Entrées totales"].sum() == 1_354_670  # the territory's 2019 total: no ticket twice
    counted_with = c.table[c.table["Remarque"].str.startswith("compté avec")]
    assert len(counted_with) and counted_with["Entrées totales"].isna().all()


def test_powerpoint_draws_native_line_and_stacked_charts_and_excel_keeps_the_numbers(bundle):
    data = deck.pptx_bytes(bundle, Filters(), screens.MUSEES_IDS, template="")
    slides = list(Presentation(io.BytesIO(data)).slides)
    by_title = {s.shapes.title.text_frame.text: s for s in slides}
    charts = {
        t: next(s.chart for s in slide.shapes if s.has_chart)
        for t, slide in by_title.items()
        if any(s.has_chart for s in slide.shapes)
    }
    stacked = charts["Entrées par musée en 2021"]
    assert stacked.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert stacked.plots[0].categories[0] == "MuCEM"
    lines = charts["Entrées de chaque musée, année par année"]
    assert lines.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert lines.plots[0].series[0].name == "MuCEM"
    total = charts["Entrées dans les musées du territoire, année par année"]
    assert total.chart_type == XL_CHART_TYPE.LINE_MARKERS
    years = list(total.plots[0].categories)
    assert years[0] == "2001" and years[-1] == "2021"
    assert total.plots[0].series[0].values[-1] == 784_783
    assert total._chartSpace.find(qn("c:chart")).find(qn("c:dispBlanksAs")).get("val") == "gap"
    labels = [plain("".join(t.text or "" for t in p.iter(qn("a:t")))) for p in total._chartSpace.iter(qn("a:p"))]
    assert "784 783 (22 musées)" in labels and "1 877 457 (24 musées)" in labels
    mucem = lines.plots[0].series[0].values
    assert mucem[0] is None  # before the MuCEM opened: a gap, not 0
    book = load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, Filters(), screens.MUSEES_IDS)))
    assert book.sheetnames == ["Musées une année", "Musées année par année", "Musées total par année", "Sources"]
    rows = list(book["Musées total par année"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Année", "Entrées totales") and rows[-1][:2] == (2021, 784783)


def test_beyond_thirty_museums_a_year_the_others_are_one_bar_adding_up_exactly(bundle):
    from dataclasses import replace

    rows = bundle["frequentation_lieux"]
    year = rows[(rows["annee"] == 2021) & rows["total"].notna()]
    copies = [year.assign(lieu=year["lieu"] + f"_{k}", lieu_nom=year["lieu_nom"] + f" {k}") for k in range(2)]
    many = replace(bundle, frames={**bundle.frames, "frequentation_lieux": pd.concat(copies, ignore_index=True)})
    c = screens.build(many, Filters(), ["musees-annee"])[0]
    assert len(c.table) == 44 and len(c.chart.categories) == 31
    assert c.chart.categories[-1] == "Autres musées (14)"
    assert sum(sum(v) for v in c.chart.series.values()) == 2 * 784_783  # every visit drawn once
    assert plain(c.figure.data[-1].text[-1]).strip() == plain(fr.nombre(c.table["Entrées totales"].iloc[30:].sum()))


def test_the_museum_screens_can_be_chosen_with_sheets_of_their_own():
    assert set(screens.MUSEES_IDS) <= set(screens.SCREENS_BY_ID)
    sheets = [d.sheet for d in screens.SCREENS_BY_ID.values()]
    assert len(set(sheets)) == len(sheets) and all(len(s) <= 31 for s in sheets)
    assert screens.parse("musees-total,musees-annee") == ["musees-total", "musees-annee"]
