"""Musées et fréquentation: the territory's Musées de France and their visits each year since 2001."""

import streamlit as st

from icc import formatting as fr
from icc.prepared.filters import concerned
from icc.present import pagedata, screens
from icc.present.panels import musees as mu
from icc.present.panels.base import readable
from icc.ui import data, layout
from icc.ui.filters import sidebar

YEAR, YEAR_KEY = "annee", "mu_annee"  # the year shown, kept in the address (``?annee=2019``)
# The sidebar's labels (icc.ui.filters) of the filters (icc.prepared.filters.FILTERS).
FILTER_NAMES = {
    "familles": "Filière",
    "conseils": "Conseil de territoire",
    "communes": "Commune",
    "annees": "Années",
    "statuts": "Statut des financements",
}

bundle = data.bundle()
filters = sidebar(bundle)
page = data.derived(bundle, filters, pagedata.musees)

st.title("Musées et fréquentation")
layout.note(filters.describe(bundle))
applied = concerned(mu.DATASET)
named = [f"« {FILTER_NAMES[name]} »" for name in FILTER_NAMES if name in applied]
ignored = [f"« {FILTER_NAMES[name]} »" for name in FILTER_NAMES if name not in applied]
st.caption(
    "Les musées de France du territoire (Muséofile) et leurs entrées, année par année depuis 2001, telles que le "
    f"ministère de la Culture les publie. Les filtres {', '.join(named[:-1])} et {named[-1]} s'appliquent aux "
    f"musées ; {' et '.join(ignored)} ne les concerne pas."
)

if not page["suivis"] and not page["musees_de_france"]:
    st.info(f"Musées et fréquentation : {mu.NO_MUSEUM}")
    st.stop()

figure = page["figure"]
c1, c2, c3 = st.columns(3)
c1.metric(figure.label, figure.value, help=figure.help)
layout.note(figure.note, c1)
c2.metric(
    "Musées de France",
    fr.nombre(page["musees_de_france"]),
    help="Lieux portant l'appellation « Musée de France » (base Muséofile du ministère de la Culture).",
)
n = page["communes"]
layout.note(f"dans {fr.nombre(n)} commune{'s' if n > 1 else ''} (Muséofile)", c2)
c3.metric(
    "Musées suivis",
    fr.nombre(page["suivis"]),
    help="Musées dont « Fréquentation des musées de France » donne les entrées ou dit pourquoi elle n'en donne pas.",
)
if page["premiere_annee"]:
    layout.note(f"fréquentation publiée depuis {page['premiere_annee']}", c3)

st.header("Chaque musée, une année")
years = page["years"]
if not years:
    st.info(f"Entrées par musée : {mu.NO_MUSEUM}")
else:
    default = page["year"]
    asked = st.query_params.get(YEAR, "")
    if st.session_state.get(YEAR_KEY) not in years:  # first run, or the filters left that year out
        st.session_state[YEAR_KEY] = int(asked) if asked.isdigit() and int(asked) in years else default
    picker, _ = st.columns([1, 3])
    year = picker.selectbox("Année", years[::-1], key=YEAR_KEY, help="Par défaut, la dernière année chiffrée.")
    if year == default:
        st.query_params.pop(YEAR, None)
    elif st.query_params.get(YEAR) != str(year):
        st.query_params[YEAR] = str(year)
    # The default year is the panel prepared ahead of visitors (no option).
    ranked = data.panel(bundle, filters, mu.ANNEE, **({} if year == default else {"annee": year}))
    layout.panel(ranked, key="mu_annee_chart")
    missing = ranked.table[ranked.table["Entrées totales"].isna()]
    if len(missing):  # paged: at scale thousands of museums may lack a figure
        layout.paged_static_table(
            missing,
            f"Musées sans chiffre en {year}, et pourquoi : aucun n'ajoute d'entrées au total du territoire. "
            f"{ranked.caption}",
            "mu_sans_chiffre",
            lambda rows: readable(ranked, rows)[["Musée", "Commune", "Remarque"]].rename(
                columns={"Remarque": "Pourquoi"}
            ),
        )

st.header("Chaque musée, année par année")
layout.panel(data.panel(bundle, filters, mu.LIGNES), key="mu_lignes")

st.header("Le territoire, année par année")
layout.panel(data.panel(bundle, filters, mu.TOTAL), key="mu_total")

st.page_link(
    "views/presentation.py",
    label="Présenter ces graphiques en comité de pilotage",
    icon=":material/slideshow:",
    query_params={"ecrans": ",".join(["chiffres", *screens.MUSEES_IDS]), **filters.to_query()},
)
