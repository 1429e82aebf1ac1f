"""Commune portraits: « and in my commune? », as panels on the page, the presentation and PowerPoint."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation

from icc import formatting as fr
from icc.prepared.filters import Filters
from icc.present import deck, panels, screens
from icc.present.panels.portrait import naming
from tests.apptest import chart_tables, fresh_env, open_page, page_tables, texts
from tests.test_deck import TODAY
from tests.test_screens import bundle_of

MARTIGUES, ALLAUCH = "13056", "13002"


def test_the_portrait_of_martigues_lists_its_sites_and_its_grand_projet(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"commune": MARTIGUES})
    assert not at.exception, at.exception
    assert at.selectbox(key="portrait_commune").value == MARTIGUES
    assert [t.value for t in at.title] == ["Martigues"]
    figures = {m.label: m.value for m in at.metric}
    assert figures["Population"] == fr.nombre(48298)
    assert figures["Fréquentation des événements"] == "non chiffrée"  # unknown, not 0
    assert "dans 1 commune ; " in texts(at)
    shown = texts(at)
    assert "conseil de territoire : Pays de Martigues" in shown
    assert "pour 10 000 habitants (Métropole : " in shown
    (sites,) = [t.value for t in at.table if "Lieu" in t.value.columns]  # a plain table: names are text
    assert {"Théâtre des Salins – scène nationale"} <= set(sites["Lieu"])
    assert any(name.startswith("The Next Stage") for name in sites["Lieu"])
    assert set(sites["Commune"]) == {"Martigues"}
    projets = [d for d in [*page_tables(at), *chart_tables(at), *(t.value for t in at.table)] if "Projet" in d.columns]
    assert any(p["Projet"].str.contains("Provence Studios Martigues").any() for p in projets)
    (actions,) = [t.value for t in at.table if "Code" in t.value.columns]
    assert "4.5" in actions["Code"].to_list()  # « FAVAT à Martigues »
    assert len(at.get("deck_gl_json_chart")) == 1  # the commune's map with its contour


def test_a_commune_the_data_does_not_name_says_so(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"commune": "13003"})  # Alleins
    assert not at.exception, at.exception
    shown = texts(at)
    assert "ne citent encore aucun lieu, événement, financement ni grand projet à Alleins" in shown
    assert "Les données ne citent aucun lieu des ICC à Alleins." in shown
    assert "Aucune action de la feuille de route ne nomme Alleins." in shown
    assert {m.label: m.value for m in at.metric}["Lieux recensés"] == "0"


def test_a_territoire_portrait(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/communes.py", {"territoire": "Pays de Martigues"})
    assert not at.exception, at.exception
    assert at.radio(key="portrait_kind").value == "d'un conseil de territoire"
    assert [t.value for t in at.title] == ["Pays de Martigues"]
    assert "3 communes ; population municipale (INSEE)" in texts(at)
    (sites,) = [t.value for t in at.table if "Lieu" in t.value.columns]
    assert set(sites["Commune"]) >= {"Martigues"}


def test_actions_are_found_by_the_names_they_cite():
    import pandas as pd

    actions = pd.DataFrame(
        {
            "code": ["1", "2", "3"],
            "intitule": ["Site à Martigues", "Aix-en-Provence", "Martiguesien"],
            "partenaires": [None, None, "ville d'ISTRES"],
        }
    )
    assert naming(actions, ["Martigues"])["code"].to_list() == ["1"]
    assert naming(actions, ["Istres"])["code"].to_list() == ["3"]
    assert naming(actions, []).empty


def test_a_portrait_goes_to_powerpoint_with_native_charts(default_frames):
    bundle = bundle_of(default_frames)
    chosen = Filters(communes=(MARTIGUES,))
    ids = [*screens.PORTRAIT_IDS, "grands-projets"]
    prs = Presentation(io.BytesIO(deck.pptx_bytes(bundle, chosen, ids=ids, today=TODAY, template="")))
    texts_ = [" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame) for slide in prs.slides]
    assert any("Portrait : Martigues" in t and fr.nombre(48298) in t for t in texts_)
    assert any(
        "Théâtre des Salins"
        in " ".join(cell.text for s in slide.shapes if s.has_table for row in s.table.rows for cell in row.cells)
        for slide in prs.slides
    )
    charts = [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]
    assert charts and "Les Studios de la Méditerranée" in " ".join(charts[0].plots[0].categories)
    # The same figures as on the page: one computation.
    page = panels.build(bundle, chosen, ["portrait"])[0]
    assert page.figures[0].value == fr.nombre(48298)


def test_the_presentation_shows_a_portrait_screen(monkeypatch, tmp_path):
    fresh_env(monkeypatch, tmp_path)
    at = open_page("views/presentation.py", {"commune": MARTIGUES, "ecrans": "portrait,portrait-lieux", "ecran": "1"})
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Portrait : Martigues" in shown
    assert {m.label: m.value for m in at.metric}["Population"] == fr.nombre(48298)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_portrait_of_martigues_in_the_browser(page, app_url):
    from tests.browser import errors_shown
    from tests.browser import open_page as open_in_browser

    open_in_browser(page, app_url, "communes", f"commune={MARTIGUES}")
    main = page.locator('[data-testid="stMain"]')
    assert main.locator("h1").first.inner_text().strip() == "Martigues"
    metrics = main.locator('[data-testid="stMetric"]').all_inner_texts()
    assert any(m.startswith("Population") and fr.nombre(48298) in m for m in metrics)
    assert main.locator('[data-testid="stDeckGlJsonChart"]').count() == 1  # the commune's map
    assert page.url.endswith(f"commune={MARTIGUES}") and errors_shown(page) == []
