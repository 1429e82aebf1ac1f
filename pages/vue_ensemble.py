"""Vue d'ensemble: where the ICC policy stands, at a glance."""

import streamlit as st

from icc.aggregations import overview
from icc.ui import data

bundle = data.bundle()
st.title("Industries culturelles et créatives – Vue d'ensemble")
st.caption("Feuille de route métropolitaine ICC, Métropole Aix-Marseille-Provence (octobre 2024)")

figures = overview.headline(bundle)
cols = st.columns(len(figures))
for col, figure in zip(cols, figures, strict=True):
    col.metric(figure.label, figure.value, help=figure.help)
    col.caption(figure.note)

st.caption(overview.data_note(bundle))
