"""Festivals et événements: attendance ranked, by family and commune, calendar, table."""

import streamlit as st

from icc import formatting as fr
from icc import provenance
from icc.aggregations import evenements as ev
from icc.aggregations import overview
from icc.charts import evenements as charts
from icc.tables import display
from icc.ui import data, layout
from icc.ui.filters import sidebar

APPROX_NOTE = f"{fr.APPROX_NOTE} Un total qui en contient un est lui-même approximatif."
KINDS_NOTE = (
    "La fréquentation est citée selon les cas en visiteurs, spectateurs, participants ou publics attendus : "
    "les totaux additionnent ces différentes mesures et ne donnent qu'un ordre de grandeur."
)

CALENDAR_ROWS = 60  # bars sent to the browser; the table below lists every event

bundle = data.bundle()
filters = sidebar(bundle)
view = data.filtered(bundle, filters)

st.title("Festivals et événements")
layout.note(filters.describe(bundle))

events = view["evenements"]
caption = provenance.caption(bundle, events, "evenements", "filieres", "communes")
if events.empty:
    layout.empty("Festivals et événements")
    st.stop()

head = ev.headline(events)
c1, c2, c3 = st.columns(3)
c1.metric(
    "Événements",
    fr.nombre(head.evenements),
    help=f"dont {fr.nombre(head.chiffres)} avec une fréquentation chiffrée",
)
c2.metric(
    "Fréquentation cumulée",
    overview.attendance_figure(view).value,
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

missing = ev.without_attendance(events)
st.subheader("Événements sans fréquentation chiffrée")
if missing.empty:
    st.caption("Tous les événements retenus ont une fréquentation chiffrée.")
else:
    layout.table(
        display(
            "evenements",
            missing.assign(commune=ev.with_commune(missing)),
            ["nom", "famille_nom", "discipline_dominante", "commune", "annee", "source"],
        ),
        f"{fr.nombre(len(missing))} événements cités par la feuille de route sans chiffre de fréquentation : "
        f"ils ne comptent dans aucun total. {caption}",
        key="ev_missing",
    )

st.subheader("Calendrier des événements")
dated = ev.calendar(events)
undated = len(events) - len(dated)
if dated.empty:
    layout.empty("Calendrier des événements (aucun événement daté)")
else:
    shown = dated.head(CALENDAR_ROWS)
    more = len(dated) - len(shown)
    first = f", les {fr.nombre(len(shown))} premiers dans l'ordre du calendrier (tous sont dans le tableau)"
    layout.chart(
        charts.calendar(shown, "Calendrier des événements datés (annexe 1 : évènements 2024)"),
        f"{fr.nombre(len(dated))} événements datés{first if more else ''} ; {fr.nombre(undated)} sans date n'y "
        f"figurent pas. {caption}",
        key="ev_calendar",
    )

st.subheader("Tableau des événements")
layout.table(ev.table(events), f"{APPROX_NOTE} {caption}", key="ev_table")
