"""Exports for steering committees: PowerPoint with native charts, Excel, CSV, and formula injection."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.chart.chart import Chart
from pptx.enum.chart import XL_CHART_TYPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from icc.datasets import exports
from icc.intake.seed import seed_if_empty
from icc.prepared import model
from icc.prepared.aggregations import financements as fin
from icc.prepared.filters import Filters
from icc.present import deck, screens
from icc.storage import store
from tests.conftest import DATA
from tests.test_screens import bundle_of, plain

TODAY = dt.date(2024, 11, 5)
HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]


@pytest.fixture(scope="module")
def bundle(default_frames) -> model.Bundle:
    return bundle_of(default_frames)


@pytest.fixture(scope="module")
def slides(bundle):
    return list(Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), today=TODAY, template=""))).slides)


@pytest.fixture(scope="module")
def workbook(bundle):
    return load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, Filters(), today=TODAY)))


def title(slide) -> str:
    return slide.shapes.title.text_frame.text


def texts(slide) -> list[str]:
    return [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def chart_of(slide) -> Chart:
    (chart,) = [s.chart for s in slide.shapes if s.has_chart]
    return chart


def footer(slide, height) -> str:
    """The text box at the bottom of the slide."""
    (box,) = [s for s in slide.shapes if s.has_text_frame and s.top > height * 0.75]
    return box.text_frame.text


def label_formats(chart: Chart) -> set[str]:
    return {n.get("formatCode") for n in chart._chartSpace.iter(qn("c:numFmt"))}


# --- PowerPoint -----------------------------------------------------------------------


def test_deck_has_a_title_slide_the_headline_figures_then_one_slide_per_screen(slides):
    assert len(slides) == 1 + len(screens.IDS)
    assert title(slides[0]) == "Industries culturelles et créatives"
    first = "\n".join(texts(slides[0]))
    assert "Comité de pilotage" in first and "5 nov. 2024" in first and "Sans filtre : toutes les données" in first
    assert "Financements v1 du 25 oct. 2024" in first  # data versions
    assert [title(s) for s in slides[1:]] == [s.title for s in screens.SCREENS]
    for slide in slides[1:]:
        assert "Sans filtre : toutes les données" in texts(slide)


def test_headline_slide_shows_the_overview_figures(bundle, slides):
    shown = "\n".join(texts(slides[1]))
    for figure in screens.build(bundle, Filters(), ["chiffres"])[0].figures:
        assert figure.label in shown and figure.value in shown


def test_every_slide_states_its_sources_in_its_footer(slides):
    for slide in slides[1:]:
        text = footer(slide, Inches(7.5))
        assert text.startswith("Source : "), title(slide)
        assert "Feuille de route ICC" in text or "Liste des festivals en France" in text, title(slide)
        assert "Données : " in text and "v1 du 25 oct. 2024" in text
        assert "\\" not in text  # plain text, not markdown


def test_charts_are_native_with_the_aggregations_inside(bundle, slides):
    by_title = {title(s): s for s in slides}
    programme = chart_of(by_title["Financements sur le territoire, par programme"])
    assert programme.chart_type == XL_CHART_TYPE.BAR_STACKED
    rows = fin.scope(bundle["financements"], fin.TERRITOIRE)
    agg = fin.by_programme(rows, "cumule")
    categories = list(programme.plots[0].categories)
    assert set(categories) == set(agg["programme"].astype(str))
    series = {s.name: s.values for s in programme.plots[0].series}
    assert list(series) == ["État", "Région", "Métropole", "Ville", "privé", deck.TOTAL]
    for level in ("État", "Métropole", "privé"):
        want = agg[agg["financeur_niveau"] == level].set_index("programme")["montant"]
        got = {c: v for c, v in zip(categories, series[level], strict=True) if v is not None}
        assert got == pytest.approx({str(k): float(v) for k, v in want.items()})
    assert sum(series[deck.TOTAL]) == pytest.approx(fin.total(rows))
    assert label_formats(programme) == {deck.EUROS_FORMAT}
    assert programme._chartSpace.find(qn("c:lang")).get("val") == "fr-FR"

    festivals = chart_of(by_title["Fréquentation des festivals et événements"])
    assert festivals.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert festivals.plots[0].categories[0] == "Delta Festival"
    assert festivals.plots[0].series[0].values[0] == 150_000
    assert label_formats(festivals) == {"#,##0"}
    approx_labels = [
        plain("".join(t.text or "" for t in p.iter(qn("a:t")))) for p in festivals._chartSpace.iter(qn("a:p"))
    ]
    assert "env. 100 000" in approx_labels

    roadmap = chart_of(by_title["Avancement du plan d'actions par axe"])
    assert roadmap.chart_type == XL_CHART_TYPE.BAR_STACKED
    assert list(roadmap.plots[0].categories) == ["Axe 1", "Axe 2", "Axe 3", "Axe 4", "Axe 5"]
    values = {s.name: s.values for s in roadmap.plots[0].series}
    assert values["réalisé"] == (0, 2, 0, 0, 0) and values[deck.TOTAL] == (5, 19, 8, 4, 1)

    projects = chart_of(by_title["Grands projets : budget et soutien de l'État"])
    assert projects.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    assert [s.name for s in projects.plots[0].series] == ["Budget total", "Soutien de l'État"]
    assert projects.plots[0].series[0].values[0] == 211_500_000


def test_map_slide_is_a_table_of_communes(bundle, slides):
    slide = next(s for s in slides if title(s) == "Lieux et événements par commune")
    (table,) = [s.table for s in slide.shapes if s.has_table]
    header = [c.text for c in table.rows[0].cells]
    assert header == ["Commune", "Conseil de territoire", "Lieux", "Événements", "Fréquentation des événements"]
    first = [plain(c.text) for c in table.rows[1].cells]
    assert first == ["Marseille", "Marseille Provence", "50", "118", "env. 290 000"]  # 36 roadmap places, 14 museums
    full = screens.build(bundle, Filters(), ["carte"])[0].table
    assert len(table.rows) == 1 + min(len(full), deck.TABLE_ROWS)
    if len(full) > deck.TABLE_ROWS:
        assert "tableau complet dans l'export Excel" in footer(slide, Inches(7.5))


def test_deck_follows_the_filters_and_says_when_nothing_is_left(bundle):
    aubagne = Filters(communes=("13005",))
    slides = list(
        Presentation(
            io.BytesIO(deck.pptx_bytes(bundle, aubagne, ["festivals", "carte"], today=TODAY, template=""))
        ).slides
    )
    assert [title(s) for s in slides] == [
        "Industries culturelles et créatives",
        "Chiffres clés",  # always second
        "Fréquentation des festivals et événements",
        "Lieux et événements par commune",
    ]
    assert "Filtres : commune : Aubagne" in "\n".join(texts(slides[0]))
    assert deck.EMPTY in texts(slides[2])
    assert not [s for s in slides[2].shapes if s.has_chart]


def test_the_metropole_template_replaces_the_built_in_one(bundle, tmp_path, monkeypatch):
    template = Presentation()  # 4:3, with an example slide that must not be kept
    template.slides.add_slide(template.slide_layouts[0]).shapes.title.text = "Exemple du modèle"
    path = tmp_path / "modele-metropole.pptx"
    template.save(path)
    monkeypatch.setenv("ICC_PPTX_TEMPLATE", str(path))
    assert deck.template_setting() == str(path)
    prs = Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ["festivals"], today=TODAY)))
    assert (prs.slide_width, prs.slide_height) == (template.slide_width, template.slide_height)
    assert [title(s) for s in list(prs.slides)] == [
        "Industries culturelles et créatives",
        "Chiffres clés",
        "Fréquentation des festivals et événements",
    ]
    assert list(prs.slides)[2].slide_layout.name == "Title Only"
    monkeypatch.setenv("ICC_PPTX_TEMPLATE", str(tmp_path / "absent.pptx"))
    assert deck.template_setting() is None  # the built-in template, rather than no slides at all
    monkeypatch.delenv("ICC_PPTX_TEMPLATE")
    wide = Presentation(io.BytesIO(deck.pptx_bytes(bundle, Filters(), ["festivals"], today=TODAY)))
    assert wide.slide_width == Inches(13.333)


# --- Excel and CSV --------------------------------------------------------------------


def test_excel_has_one_sheet_per_screen_and_the_sources(workbook):
    assert workbook.sheetnames == [s.sheet for s in screens.SCREENS] + ["Sources"]
    ws = workbook["Financements par programme"]
    assert [c.value for c in ws[1]] == ["Programme", "État", "Région", "Métropole", "Ville", "privé", "Total"]
    assert ws["A2"].value == "Studios de la Méditerranée"
    assert ws["G2"].value == 211_500_000 and ws["G2"].data_type == "n"
    assert ws["G2"].number_format == '#,##0 "€"'
    festivals = workbook["Festivals"]
    assert [c.value for c in festivals[1]][:3] == ["Événement", "Famille", "Fréquentation"]
    assert festivals["C2"].value == 150_000 and festivals["C2"].number_format == "#,##0"
    roadmap = workbook["Feuille de route"]
    assert roadmap["F3"].value == pytest.approx(2 / 19) and roadmap["F3"].number_format == "0%"


def test_excel_sources_sheet_states_sources_versions_filters_and_date(workbook):
    rows = {r[0]: r[1] for r in workbook["Sources"].iter_rows(min_row=2, values_only=True)}
    assert rows["Date de l'export"] == "5 nov. 2024"
    assert rows["Filtres"] == "Sans filtre : toutes les données"
    assert rows["Source : Fréquentation des festivals et événements"].startswith("Source : ")
    assert "Feuille de route ICC" in rows["Source : Fréquentation des festivals et événements"]
    assert "Liste des festivals en France" in rows["Source : Fréquentation des festivals et événements"]
    assert rows["Données : Financements"] == "version 1 du 25 oct. 2024 (Données initiales)"


def test_csv_of_every_table_in_french_excel_dialect_or_plain_commas(bundle):
    archive = zipfile.ZipFile(io.BytesIO(deck.csv_zip(bundle, Filters(), today=TODAY)))
    names = archive.namelist()
    assert names == [f"{k:02d}-{i}.csv" for k, i in enumerate(screens.IDS, 1)] + ["sources.csv"]
    raw = archive.read("02-financements-programme.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Programme;État;Région;Métropole;Ville;privé;Total"
    assert lines[1] == "Studios de la Méditerranée;;;;;211500000;211500000"
    roadmap = archive.read("06-feuille-de-route.csv").decode("utf-8-sig").splitlines()
    assert roadmap[2].endswith(";2;6;11;19;0,10526315789473684")  # decimal comma for French Excel
    comma = zipfile.ZipFile(io.BytesIO(deck.csv_zip(bundle, Filters(), french_excel=False, today=TODAY)))
    plain_csv = comma.read("02-financements-programme.csv")
    assert not plain_csv.startswith(b"\xef\xbb\xbf")
    assert plain_csv.decode().splitlines()[0] == "Programme,État,Région,Métropole,Ville,privé,Total"
    assert deck.screen_csv(bundle, Filters(), "festivals") == archive.read("04-festivals.csv")


# --- formula injection ----------------------------------------------------------------


@pytest.fixture
def hostile_bundle(tmp_path) -> model.Bundle:
    """Default data plus festivals named like spreadsheet formulas, and a commune renamed so."""
    engine = store.make_engine(f"sqlite:///{tmp_path / 'icc.db'}")
    seed_if_empty(engine, DATA)
    current = store.current_versions(engine)
    old = store.read_version(engine, current["evenements"].id)
    rows = [
        {c: None for c in old.columns}
        | {
            "id": f"piege_{k}",
            "nom": name,
            "filiere": "edition",
            "code_insee_commune": "13055",
            "frequentation": 900_000 - k,
            "type_frequentation": "visiteurs",
            "approximatif": False,
            "source": name,
        }
        for k, name in enumerate(HOSTILE)
    ]
    new = pd.concat([old, pd.DataFrame(rows).astype(old.dtypes.to_dict())], ignore_index=True)
    store.publish(engine, "evenements", new, "test", "noms piégés", expected_version_id=current["evenements"].id)
    communes = store.read_version(engine, current["communes"].id)
    communes.loc[communes["code_insee"] == "13055", "nom"] = "=1+1"
    store.publish(engine, "communes", communes, "test", "commune piégée", expected_version_id=current["communes"].id)
    bundle = model.load_bundle(engine)
    engine.dispose()
    return bundle


def test_formula_like_names_are_neutralised_in_every_export(hostile_bundle):
    quoted = ["'" + name for name in HOSTILE]
    ids = ["festivals", "carte"]

    archive = zipfile.ZipFile(io.BytesIO(deck.csv_zip(hostile_bundle, Filters(), ids, today=TODAY)))
    text = archive.read("01-festivals.csv").decode("utf-8-sig")
    cells = [line.split(";")[0] for line in text.splitlines()[1:5]]
    assert cells == ['"\'=HYPERLINK(""http://x"")"', "'+1", "'-2", "'@SUM(A1)"]
    assert "'=1+1" in archive.read("02-carte.csv").decode("utf-8-sig")

    wb = load_workbook(io.BytesIO(deck.xlsx_bytes(hostile_bundle, Filters(), ids, today=TODAY)))
    # .xlsx: typed text cells, shown as written (no apostrophe), never formulas.
    column = [c.value for c in wb["Festivals"]["A"][1:5]]
    assert column == HOSTILE
    assert all(c.data_type == "s" and c.quotePrefix for c in wb["Festivals"]["A"][1:5])
    assert wb["Communes"]["A2"].value == "=1+1" and wb["Communes"]["A2"].data_type == "s"

    pptx = deck.pptx_bytes(hostile_bundle, Filters(), ids, today=TODAY, template="")
    slides = list(Presentation(io.BytesIO(pptx)).slides)
    chart = chart_of(slides[2])
    assert list(chart.plots[0].categories)[:4] == quoted
    # The chart's data also lives in an embedded workbook, opened by « Modifier les données ».
    embedded = load_workbook(io.BytesIO(chart.part.chart_workbook.xlsx_part.blob))
    assert [c.value for c in embedded.active["A"][1:5]] == quoted
    assert all(c.data_type == "s" for c in embedded.active["A"][1:5])
    (table,) = [s.table for s in slides[3].shapes if s.has_table]
    assert table.cell(1, 0).text == "'=1+1"


def test_neutralise_helpers_on_small_tables():
    frame = pd.DataFrame({"Nom": ["\tx", "\rx", "ok", "-"], "Valeur": [1.0, 2.5, 3.0, None]})
    assert exports.neutralised(frame)["Nom"].tolist() == ["'\tx", "'\rx", "ok", "'-"]
    text = exports.table_csv(frame).decode("utf-8-sig")
    assert text.splitlines()[0] == "Nom;Valeur" and "ok;3,0" in text
    assert deck.safe("=A1\x01") == "'=A1" and deck.safe(None) == ""
