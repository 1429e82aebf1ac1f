"""Feuille de route: the five axes, progress of their actions, what is late."""

import datetime

import streamlit as st

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.aggregations import actions as act
from icc.present.charts import actions as charts
from icc.present.panels import figures as headlines
from icc.present.tables import display
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)
today = datetime.date.today()

st.title("Feuille de route : plan d'actions")
layout.note(filters.describe(bundle))
st.caption(
    "Seul le filtre des années s'applique au plan d'actions : une action est retenue si son année prévue est "
    "dans la période choisie, et les actions sans année prévue restent toujours affichées. Les filtres de filière, "
    "de territoire, de commune et de statut des financements ne concernent pas les actions."
)

view = data.filtered(bundle, filters)
shown = view["actions"]
leaf = act.leaves(shown)
caption = provenance.caption(bundle, shown, "actions")
if leaf.empty:
    layout.empty("Plan d'actions")
    st.stop()

progress = act.progress(leaf)
late = act.late(leaf, today)
counts = leaf["statut"].value_counts()
done = headlines.actions_figure(view)
c1, c2, c3, c4 = st.columns(4)
c1.metric(done.label, done.value, help=done.help)
c2.metric("En cours", fr.nombre(int(counts.get("en cours", 0))))
c3.metric("À lancer", fr.nombre(int(counts.get("à lancer", 0))))
c4.metric(
    "En retard",
    fr.nombre(len(late)),
    help=f"Prévues avant {today.year} et pas encore réalisées (au {fr.date(today)}).",
)

layout.panel(data.panel(bundle, filters, "feuille-de-route"), key="fdr_progress")

st.header("Ce qui est en retard")
if late.empty:
    st.success(f"Aucune action prévue avant {today.year} n'est en attente de réalisation.")
else:
    layout.table(
        display("actions", late, ["code", "axe", "intitule", "annee_prevue", "partenaires", "statut"]),
        f"{fr.nombre(len(late))} actions prévues avant {today.year} (date du jour : {fr.date(today)}) "
        f"et dont le statut n'est pas « réalisé ». {caption}",
        key="fdr_late",
        title="Actions en retard",
    )

years = act.by_year(leaf)
undated = int(leaf["annee_prevue"].isna().sum())
if not years.empty:
    layout.chart(
        charts.by_year(years, "Actions par année prévue"),
        f"{fr.nombre(len(leaf) - undated)} actions ont une année prévue ; {fr.nombre(undated)} n'en ont pas "
        f"et n'apparaissent pas sur ce graphique. {caption}",
        key="fdr_years",
    )

st.header("Les cinq axes")
for _, row in progress.iterrows():
    axe = int(row["axe"])
    rows = act.of_axis(shown, axe)
    note = f"{fr.nombre(len(rows))} actions et sous-actions."
    if rows.empty:
        # An axis the roadmap does not break down is followed as one action.
        rows = shown[act.is_axis(shown) & (shown["axe"] == axe)]
        note = "La feuille de route ne détaille pas d'action pour cet axe : il est suivi comme une seule action."
    done = charts.done_label(row[act.REALISE], row["total"], row["part_realise"])
    with st.expander(f"{provenance.escape_markdown(str(row['libelle']))} : {done}"):  # the axis's name as typed
        if rows.empty:
            st.caption("Aucune action de cet axe ne correspond aux années choisies.")
        else:
            layout.table(
                display("actions", rows, act.TABLE_COLUMNS),
                f"{note} {caption}",
                key=f"fdr_axe_{axe}",
                title=f"Actions, {row['libelle']}",
            )
