"""Property: under any filters, a headline reads the same on its pages, its presentation screen,
in the PowerPoint and in the Excel export.

Hypothesis draws combinations of filières, territories, communes, years and funding statuses
as a user would pick them in the sidebar (communes among the chosen territories), then opens
the pages the way a browser does (AppTest over the real app and database) and the files the
presentation page offers.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pptx import Presentation

from icc.intake.seed import load_default
from icc.prepared import filters, model
from icc.prepared.filters import Filters
from icc.present import deck
from icc.present.panels.figures import ACTIONS_LABEL, ATTENDANCE_LABEL, MUSEUMS_LABEL
from icc.storage import store
from tests.apptest import fresh_env, open_page
from tests.conftest import DATA

FIGURES_SLIDE = 1  # after the title slide


def plain(text) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def reference(contours):
    """The default data as a bundle, to draw filter values that exist."""
    frames = load_default(DATA, contours)
    at = __import__("datetime").datetime(2024, 10, 25)
    versions = {n: store.Version(i + 1, n, 1, at, "", "", "x", len(f)) for i, (n, f) in enumerate(frames.items())}
    return model.Bundle(model.enrich(frames), versions)


def chosen_filters(bundle: model.Bundle, low: int, high: int):
    names = filters.choices(bundle)
    communes = bundle["communes"]

    @st.composite
    def draw(pick) -> Filters:
        familles = pick(st.lists(st.sampled_from(sorted(names["familles"])), max_size=2, unique=True))
        conseils = pick(st.lists(st.sampled_from(sorted(names["conseils"])), max_size=2, unique=True))
        pool = communes[communes["conseil_de_territoire"].isin(conseils)] if conseils else communes
        codes = sorted(pool["code_insee"])
        picked = pick(st.lists(st.sampled_from(codes), max_size=2, unique=True))
        start = pick(st.integers(low, high))
        end = pick(st.integers(start, high))
        statuts = pick(st.lists(st.sampled_from(sorted(names["statuts"])), max_size=2, unique=True))
        # The sidebar's slider at an end of the range means no bound.
        return Filters(
            familles=tuple(familles),
            conseils=tuple(conseils),
            communes=tuple(c for c in names["communes"] if c in picked),
            annee_min=start if start > low else None,
            annee_max=end if end < high else None,
            statuts=tuple(statuts),
        )

    return draw()


def metrics(at, title: str) -> dict[str, str]:
    assert not at.exception, at.exception
    assert at.title[0].value == title  # the page asked for, not the default one
    return {m.label: plain(m.value) for m in at.metric}


def deck_figures(bundle, chosen) -> dict[str, str]:
    slide = list(Presentation(io.BytesIO(deck.pptx_bytes(bundle, chosen, ["chiffres"], template=""))).slides)[
        FIGURES_SLIDE
    ]
    out = {}
    for shape in slide.shapes:
        if shape.has_text_frame and len(shape.text_frame.paragraphs) >= 3:
            label, value = shape.text_frame.paragraphs[0].text, shape.text_frame.paragraphs[1].text
            out[label] = plain(value)
    return out


def excel_figures(bundle, chosen) -> dict[str, str]:
    sheet = load_workbook(io.BytesIO(deck.xlsx_bytes(bundle, chosen, ["chiffres"])))["Chiffres clés"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    i, v = header.index("Indicateur"), header.index("Valeur")
    return {row[i]: plain(row[v]) for row in rows[1:]}


def test_every_headline_reads_the_same_on_pages_screen_and_exports(monkeypatch, tmp_path, reference):
    url = fresh_env(monkeypatch, tmp_path)
    open_page()  # seeds the database
    engine = store.make_engine(url)
    bundle = model.load_bundle(engine)
    years = [int(y) for y in bundle["evenements"]["annee"].dropna()]
    years += [int(y) for c in ("annee_debut", "annee_fin") for y in bundle["financements"][c].dropna()]
    years += [int(y) for y in bundle["frequentation_lieux"]["annee"].dropna()]  # the museums' years, since 2001

    @settings(
        max_examples=int(__import__("os").environ.get("ICC_PROPERTY_EXAMPLES", "15")),
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(chosen_filters(reference, min(years), max(years)))
    def check(chosen: Filters) -> None:
        query = chosen.to_query()
        overview = metrics(
            open_page("views/vue_ensemble.py", query), "Industries culturelles et créatives – Vue d'ensemble"
        )
        screen = metrics(
            open_page("views/presentation.py", {**query, "ecrans": "chiffres", "ecran": "1"}), "Chiffres clés"
        )
        slides = deck_figures(bundle, chosen)
        excel = excel_figures(bundle, chosen)
        assert overview, chosen
        for label, value in overview.items():
            assert screen[label] == value, (chosen, label)
            assert slides[label] == value, (chosen, label)
            assert excel[label] == value, (chosen, label)
        roadmap = metrics(open_page("views/feuille_de_route.py", query), "Feuille de route : plan d'actions")
        if ACTIONS_LABEL in roadmap:  # else the page says the plan has nothing left
            assert roadmap[ACTIONS_LABEL] == overview[ACTIONS_LABEL], chosen
        festivals = metrics(open_page("views/festivals.py", query), "Festivals et événements")
        if festivals:
            assert festivals["Fréquentation cumulée"] == overview[ATTENDANCE_LABEL], chosen
        else:
            assert overview[ATTENDANCE_LABEL] == "non chiffrée", chosen
        museums = metrics(open_page("views/musees.py", query), "Musées et fréquentation")
        if museums:
            assert museums[MUSEUMS_LABEL] == overview[MUSEUMS_LABEL], chosen
        else:  # the page says no museum is left
            assert overview[MUSEUMS_LABEL] == "non chiffrées", chosen

    check()
    engine.dispose()
