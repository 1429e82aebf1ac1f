"""La Métropole parmi les métropoles: the 22 métropoles ranked on the Ministry of Culture's festivals list,
and on its Musées de France and their attendance."""

import streamlit as st

from icc.datasets import exports
from icc.present.panels import metropoles as mp
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)

st.title("La Métropole parmi les métropoles")
st.caption(
    "Les 22 métropoles de France comparées sur la « Liste des festivals en France » du ministère de la Culture : "
    "nombre de festivals, festivals pour 100 000 habitants, disciplines et décennies de création ; puis sur les "
    "musées de France et leur fréquentation. "
    "Les filtres de la barre latérale ne s'appliquent pas à cette comparaison nationale."
)

comparison = mp.comparison()
if comparison is None or comparison.table.empty:
    st.info(mp.MISSING)
    st.stop()

# The rank in words, as the slides say it; data is text, never markdown.
st.header("Rang d'Aix-Marseille-Provence")  # after the h1: a subheader (h3) skipped a level (axe heading-order)
st.text(mp.sentence(comparison))
museums = mp.museums()
if museums is not None and not museums.table.empty:
    st.text(mp.museum_sentence(museums))

layout.panel(data.panel(bundle, filters, mp.FESTIVALS), key="mt_festivals")
layout.panel(data.panel(bundle, filters, mp.HABITANTS), key="mt_habitants")

st.header("Par discipline")
layout.panel(data.panel(bundle, filters, mp.DISCIPLINES), key="mt_disciplines")

st.header("Par décennie de création")
layout.panel(data.panel(bundle, filters, mp.DECENNIES), key="mt_decennies")

st.header("Les musées")
if museums is None or museums.table.empty:
    st.info(mp.MISSING_MUSEUMS)
    st.stop()
layout.panel(data.panel(bundle, filters, mp.MUSEES), key="mt_musees")
layout.panel(data.panel(bundle, filters, mp.VISITES), key="mt_visites")

st.subheader("Musées dont la ville n'est pas reconnue")
unmatched = mp.unmatched_table(museums)
if unmatched.empty:
    st.text("La ville de chaque musée des deux fichiers a été reconnue.")
else:
    layout.static_table(unmatched, mp.museum_caption(museums))
    st.download_button(
        "Télécharger la liste (CSV)",
        exports.csv_bytes(unmatched),  # French Excel's dialect, formulas neutralised
        "metropoles-musees-villes-non-reconnues.csv",
        "text/csv",
        key="mt_villes_csv",
    )
