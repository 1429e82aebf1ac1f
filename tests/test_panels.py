"""Panels as pages render them: a text alternative from the panel's numbers, its data as a table."""

from __future__ import annotations

import datetime as dt

import pytest

from icc.datasets.schema import ORDER
from icc.prepared import filters, model
from icc.prepared.filters import FILTERS, Filters
from icc.present import panels
from icc.present.panels.base import readable
from icc.storage import store
from tests.apptest import DATA_LABEL, chart_tables, fresh_env, open_page

AT = dt.datetime(2024, 10, 25, 12, 0)


def plain(text) -> str:
    return str(text).replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture(scope="module")
def bundle(default_frames) -> model.Bundle:
    versions = {n: store.Version(i + 1, n, 1, AT, "", "", "x", len(default_frames[n])) for i, n in enumerate(ORDER)}
    return model.Bundle(model.enrich(default_frames), versions)


def test_every_filter_reads_and_applies_from_its_one_definition(bundle):
    chosen = Filters(familles=("edition",), conseils=("Pays d'Aubagne et de l'Étoile",), annee_min=2024)
    assert [d.name for d in FILTERS if d.is_set(chosen)] == ["familles", "conseils", "annees"]
    assert chosen.describe(bundle) == (
        "Filtres : filière : Édition ; territoire : Pays d'Aubagne et de l'Étoile ; années : 2024 à …"
    )
    view = filters.apply(bundle, Filters(annee_max=2024))
    plan = bundle["actions"]
    kept = plan[plan["annee_prevue"].isna() | (plan["annee_prevue"] <= 2024)]
    assert view["actions"]["code"].tolist() == kept["code"].tolist()  # actions follow the years, undated stay
    assert filters.concerned("actions") == ["annees"]
    for definition in FILTERS:
        for dataset in definition.clauses:
            assert dataset in filters.FILTERED, (definition.name, dataset)


def test_text_alternative_states_the_largest_bar_from_the_numbers(bundle):
    panel = panels.build(bundle, Filters(), ["frequentation-filiere"])[0]
    top = panel.table.iloc[0]
    people = f"{top['Fréquentation']:,}".replace(",", " ")
    assert plain(panel.alt) == (
        f"Graphique en barres : Fréquentation par famille de filières, {len(panel.table)} barres. "
        f"La plus grande : {top['Famille']} ({people})."
    )


def test_overview_charts_have_their_text_and_their_data_table(monkeypatch, tmp_path):
    url = fresh_env(monkeypatch, tmp_path)
    at = open_page("views/vue_ensemble.py")
    assert not at.exception, at.exception
    charts = at.get("plotly_chart")
    data = chart_tables(at)
    assert len(charts) == 4 and len(data) == 4
    assert [e.label for e in at.expander].count(DATA_LABEL) == 4
    current = model.load_bundle(store.make_engine(url))
    shown = ["financements-niveau", "lieux-filiere", "feuille-de-route", "musees-tendance"]
    for panel_id, table in zip(shown, data, strict=True):
        panel = panels.build(current, Filters(), [panel_id])[0]
        # The table is the chart's own numbers, as read (a year is written « 2001 »).
        assert table.equals(readable(panel).astype(str)), panel_id
        assert any(
            plain(c.value) == plain(panel.alt.replace("(", "\\(").replace(")", "\\)"))
            or plain(c.value).replace("\\", "") == plain(panel.alt)
            for c in at.caption
        ), panel_id


def test_charts_read_without_colour_and_with_enough_contrast():
    import plotly.graph_objects as go

    from icc.present.charts.style import INK, legible

    fig = go.Figure()
    fig.add_bar(x=[1, 2], y=["a", "b"], marker_color=["#009e73", "#0072B2"], text=["1", "2"], orientation="h")
    fig.add_bar(x=[3, 4], y=["a", "b"], marker_color="#d55e00", text=["3", "4"], orientation="h")
    legible(fig)
    assert [t.marker.pattern.shape for t in fig.data] == ["", "/"]  # series told apart by pattern too
    assert list(fig.data[0].insidetextfont.color) == [INK, "#ffffff"]  # dark on green, white on blue
    assert fig.data[1].insidetextfont.color == INK and fig.layout.font.color == INK


def test_a_page_only_chart_reads_its_alternative_and_table_off_the_figure():
    import plotly.graph_objects as go

    from icc.present.charts import alternative

    fig = go.Figure(go.Treemap(labels=["PIA 4", "France 2030 &lt;ICC&gt;"], parents=["", ""], values=[400e6, 5e6]))
    fig.update_layout(title_text="Enveloppes")
    assert alternative.table(fig).to_dict("records") == [
        {"Élément": "PIA 4", "Valeur": 400e6},
        {"Élément": "France 2030 <ICC>", "Valeur": 5e6},  # as the user reads it, not plotly's escaping
    ]
    assert alternative.sentence(fig).startswith("Graphique en rectangles : Enveloppes, 2 valeurs")


def test_values_after_bars_are_never_clipped_and_the_toolbar_is_short():
    import plotly.graph_objects as go

    from icc.present.charts.style import PLOTLY_CONFIG, legible

    fig = go.Figure(go.Bar(x=[211.5e6], y=["Studios"], orientation="h", text=["211,5 M€"], textposition="outside"))
    fig.add_scatter(x=[1], y=["Studios"], mode="text", text=["total"])
    legible(fig)
    assert [t.cliponaxis for t in fig.data] == [False, False] and fig.layout.margin.r >= 90
    assert {"zoom2d", "pan2d", "autoScale2d", "resetScale2d"} <= set(PLOTLY_CONFIG["modeBarButtonsToRemove"])


def test_the_filters_choices_are_those_of_the_whole_data_computed_once(bundle):
    view = filters.apply(bundle, Filters(conseils=("Pays de Martigues",)))
    names = filters.choices(bundle)
    assert filters.choices(view) is names  # once per data version, whatever the view asking
    assert names["communes"]["13056"] == "Martigues"


def test_a_panels_figure_is_made_legible_where_it_is_built(bundle):
    from icc.present.charts.style import INK

    figure = panels.panel(bundle, Filters(), "financements-niveau").figure
    assert figure.layout.font.color == INK and figure.layout.margin.r >= 90  # pages draw it as it is
