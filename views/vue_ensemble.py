"""Vue d'ensemble: where the ICC policy stands, at a glance, with links into each page."""

import streamlit as st

from icc import provenance
from icc.aggregations import actions as act
from icc.aggregations import financements as fin
from icc.aggregations import overview
from icc.charts import actions as action_charts
from icc.charts import overview as charts
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)
view = data.filtered(bundle, filters)

st.title("Industries culturelles et créatives – Vue d'ensemble")
st.caption(
    "Suivi de la feuille de route métropolitaine des industries culturelles et créatives, "
    "adoptée par la Métropole Aix-Marseille-Provence en octobre 2024."
)
layout.note(filters.describe(bundle))

figures = overview.headline(view)
for col, figure in zip(st.columns(len(figures)), figures, strict=True):
    col.metric(figure.label, figure.value, help=figure.help)
    layout.note(figure.note, col)

left, middle, right = st.columns(3)
with left:
    funding = fin.mobilised(view["financements"])
    if funding.empty:
        layout.empty("Financements")
    else:
        layout.chart(
            charts.funding_by_level(fin.by_level(funding), "Financements publics par financeur"),
            provenance.caption(bundle, funding, "financements"),
        )
    st.page_link("views/financements.py", label="Tous les financements", icon=":material/arrow_forward:")
with middle:
    lieux = view["lieux"]
    if lieux.empty:
        layout.empty("Lieux")
    else:
        layout.chart(
            charts.sites_by_family(overview.sites_by_family(lieux), "Lieux par filière"),
            provenance.caption(bundle, lieux, "lieux"),
        )
    st.page_link("views/carte.py", label="La carte des lieux", icon=":material/arrow_forward:")
with right:
    leaf = act.leaves(view["actions"])
    if leaf.empty:
        layout.empty("Plan d'actions")
    else:
        layout.chart(
            action_charts.progress(act.progress(leaf), "Avancement du plan d'actions"),
            provenance.caption(bundle, leaf, "actions"),
        )
    st.page_link("views/feuille_de_route.py", label="La feuille de route", icon=":material/arrow_forward:")

links = st.columns(3)
links[0].page_link("views/festivals.py", label="Festivals et événements", icon=":material/festival:")
links[1].page_link("views/filieres.py", label="Les six filières", icon=":material/palette:")
links[2].page_link("views/grands_projets.py", label="Grands projets", icon=":material/apartment:")

layout.note(overview.data_note(bundle))
