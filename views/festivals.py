"""Festivals et événements: attendance ranked, by family and commune, calendar, table."""

import streamlit as st

from icc import formatting as fr
from icc.present import pagedata
from icc.present.charts import evenements as charts
from icc.ui import data, layout
from icc.ui.filters import sidebar

APPROX_NOTE = f"{fr.APPROX_NOTE} Un total qui en contient un est lui-même approximatif."
KINDS_NOTE = (
    "La fréquentation est citée selon les cas en visiteurs, spectateurs, participants ou publics attendus : "
    "les totaux additionnent ces différentes mesures et ne donnent qu'un ordre de grandeur."
)

bundle = data.bundle()
filters = sidebar(bundle)
page = data.derived(bundle, filters, pagedata.festivals)

st.title("Festivals et événements")
layout.note(filters.describe(bundle))

caption = page["caption"]
if not page["events"]:
    layout.empty("Festivals et événements")
    st.stop()

head = page["head"]
c1, c2, c3 = st.columns(3)
c1.metric(
    "Événements",
    fr.nombre(head.evenements),
    help=f"dont {fr.nombre(head.chiffres)} avec une fréquentation chiffrée",
)
c2.metric(
    "Fréquentation cumulée",
    page["attendance"].value,
    help="Somme de mesures différentes : "
    + (" ; ".join(f"{k} : {fr.nombre(v)}" for k, v in head.kinds.items()) or "aucune")
    + ". Dernière édition connue de chaque événement.",
)
c3.metric(
    "Soutenus par la Métropole",
    fr.nombre(head.soutenus),
    help=f"Selon la feuille de route ; non précisé pour {fr.nombre(head.soutien_inconnu)} événements.",
)
st.caption(f"{KINDS_NOTE} {APPROX_NOTE}")

st.header("Les festivals du territoire")
st.text(page["origins"])
layout.panel(data.panel(bundle, filters, "festivals-communes"), key="ev_count_commune")
left, right = st.columns(2)
with left:
    layout.panel(data.panel(bundle, filters, "festivals-familles"), key="ev_count_family")
with right:
    layout.panel(data.panel(bundle, filters, "festivals-decennies"), key="ev_count_decade")

st.header("Fréquentation des festivals cités")
st.caption(
    f"Seuls les {fr.nombre(head.chiffres)} festivals et événements dont la fréquentation est chiffrée comptent "
    "ici ; les autres ne changent aucun total."
)

ranked = data.panel(bundle, filters, "festivals")
if ranked.empty:
    st.info(f"{ranked.empty_message} Ils sont listés ci-dessous.")
else:
    layout.panel(ranked, key="ev_ranked")
    left, right = st.columns(2)
    with left:
        layout.panel(data.panel(bundle, filters, "frequentation-filiere"), key="ev_family")
    with right:
        layout.panel(data.panel(bundle, filters, "frequentation-commune"), key="ev_commune")

editions = data.panel(bundle, filters, "editions")
if not editions.empty:  # only where the data gives an event for several years
    st.header("Au fil des éditions")
    layout.panel(editions, key="ev_editions")

st.header("Événements sans fréquentation chiffrée")
if not page["missing"]:
    st.caption("Tous les événements retenus ont une fréquentation chiffrée.")
else:
    layout.table_with_portraits(
        page["missing_table"],
        page["missing_codes"],
        f"{fr.nombre(page['missing'])} festivals et événements sans chiffre de fréquentation : ils ne comptent "
        f"dans aucun total de fréquentation. {caption}",
        key="ev_missing",
        title="Événements sans fréquentation chiffrée",
    )

st.header("Calendrier des événements")
undated = page["events"] - page["dated"]
if not page["dated"]:
    layout.empty("Calendrier des événements (aucun événement daté)")
else:
    shown = page["calendar"]
    more = page["dated"] - len(shown)
    first = f", les {fr.nombre(len(shown))} premiers dans l'ordre du calendrier (tous sont dans le tableau)"
    layout.chart(
        charts.calendar(shown, "Calendrier des événements datés (annexe 1 : évènements 2024)"),
        f"{fr.nombre(page['dated'])} événements datés{first if more else ''} ; {fr.nombre(undated)} sans date n'y "
        f"figurent pas. {caption}",
        key="ev_calendar",
    )

st.header("Tableau des événements")
layout.table_with_portraits(
    page["table"], page["table_codes"], f"{APPROX_NOTE} {caption}", key="ev_table", title="Événements"
)
