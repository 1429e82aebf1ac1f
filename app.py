"""Entry point: page registry, theme and who may see which page."""

import streamlit as st

from icc.ui import data

st.set_page_config(
    page_title="ICC – Métropole Aix-Marseille-Provence",
    page_icon="🎬",
    layout="wide",
    initial_sidebar_state="expanded",
)

data.engine()  # first start on an empty database seeds it

pages = {
    "Tableau de bord": [
        st.Page("pages/vue_ensemble.py", title="Vue d'ensemble", icon="🏠", url_path="vue-ensemble", default=True),
    ],
}

st.navigation(pages).run()
