"""Vue d'ensemble: where the ICC policy stands, at a glance, with links into each page."""

import streamlit as st

from icc.present import accessibility
from icc.present.panels import figures as headlines
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)

st.title("Industries culturelles et créatives – Vue d'ensemble")
st.caption(
    "Suivi de la feuille de route métropolitaine des industries culturelles et créatives, "
    "adoptée par la Métropole Aix-Marseille-Provence en octobre 2024."
)
layout.note(filters.describe(bundle))

# The presentation's first screen and the deck's figures slide: the same panel.
layout.figures(data.panel(bundle, filters, "chiffres"))

left, middle, right = st.columns(3)
with left:
    layout.panel(data.panel(bundle, filters, "financements-niveau"), key="ve_financements", narrow=True)
    st.page_link("views/financements.py", label="Tous les financements", icon=":material/arrow_forward:")
with middle:
    layout.panel(data.panel(bundle, filters, "lieux-filiere"), key="ve_lieux", narrow=True)
    st.page_link("views/carte.py", label="La carte des lieux", icon=":material/arrow_forward:")
with right:
    layout.panel(data.panel(bundle, filters, "feuille-de-route"), key="ve_actions", narrow=True)
    st.page_link("views/feuille_de_route.py", label="La feuille de route", icon=":material/arrow_forward:")

# The museums' attendance since 2001, the headline's « Entrées dans les musées » year by year.
layout.panel(data.panel(bundle, filters, "musees-tendance"), key="ve_musees")
st.page_link("views/musees.py", label="Les musées et leur fréquentation", icon=":material/arrow_forward:")

links = st.columns(4)
links[0].page_link("views/festivals.py", label="Festivals et événements", icon=":material/festival:")
links[1].page_link("views/filieres.py", label="Les six filières", icon=":material/palette:")
links[2].page_link("views/grands_projets.py", label="Grands projets", icon=":material/apartment:")
links[3].page_link("views/communes.py", label="Le portrait de chaque commune", icon=":material/location_city:")

layout.note(headlines.data_note(bundle))
# The mention the law requires on the home page (article 47 of law 2005-102, RGAA).
st.page_link("views/accessibilite.py", label=accessibility.MENTION, icon=":material/accessibility:")
