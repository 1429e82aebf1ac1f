"""Grands projets: the structuring projects of annexe 3, their money, status, surface and place."""

import streamlit as st

from icc import formatting as fr
from icc import settings
from icc.prepared import provenance
from icc.prepared.aggregations import projets as agg
from icc.prepared.aggregations.filieres import APPROX_NOTE, is_approx, literal
from icc.present import maps, pagedata, tables
from icc.present.charts import projets as charts
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)
view = data.filtered(bundle, filters)


st.title("Grands projets")
layout.note(filters.describe(bundle))
st.caption(
    "Les projets structurants de l'annexe 3 de la feuille de route, soutenus par l'État (« Marseille en grand », "
    "« La grande fabrique de l'image »)."
)

projets = view["projets"]
caption = provenance.caption(bundle, projets, "projets")
if projets.empty:
    layout.empty("Grands projets")
    st.stop()

approx = projets["approximatif"].any()
c1, c2, c3 = st.columns(3)
c1.metric("Projets", fr.nombre(len(projets)))
support = agg.support_total(projets)
c2.metric(
    "Soutien de l'État cumulé",
    fr.approx(fr.euros(support.value), support.approximatif),
    help=f"Somme des soutiens de l'État indiqués par l'annexe 3 pour {fr.nombre(support.count)} projet(s).",
)
c3.metric("Lauréats ou réalisés", fr.nombre(int(projets["statut"].isin(["lauréat", "réalisé"]).sum())))

st.header("Budget et soutien de l'État")
layout.panel(data.panel(bundle, filters, "grands-projets"), key="gp_budget")
missing = agg.without_amount(projets)
if missing:
    st.text("Sans montant dans l'annexe 3 (ni budget ni soutien de l'État) : " + ", ".join(missing) + ".")

left, right = st.columns(2)
with left:
    st.subheader("Statut")
    layout.chart(charts.by_status(agg.by_status(projets), "Projets par statut"), caption, key="gp_statut")
with right:
    st.subheader("Surface")
    areas = agg.surfaces(projets)
    if areas.empty:
        layout.empty("Surfaces")
    else:
        layout.chart(charts.surfaces(areas, "Surface des projets (m²)"), caption, key="gp_surface")

st.header("Carte des projets")
points, unplaced = data.derived(bundle, filters, pagedata.project_map)
if points.empty:
    layout.empty("Carte des projets")
else:
    base = maps.basemap(settings.load().basemap)
    plural = "s" if len(points) > 1 else ""
    alt = (
        f"Carte des grands projets : {fr.nombre(len(points))} projet{plural} placé{plural} sur leur lieu, couleur "
        "selon la famille de la filière ; ils sont repris dans le tableau des projets."
    )
    st.pydeck_chart(charts.project_map(points, base), height=380, key="gp_carte", alt=alt)
    note = "Chaque projet est placé sur son lieu ; couleur : famille de la filière."
    if points["decale"].any():
        note += " Les projets d'un même lieu sont disposés en cercle autour de lui."
    if unplaced:
        s_ = "s" if unplaced > 1 else ""
        note += f" {fr.nombre(unplaced)} projet{s_} sans lieu connu n'y figure{'nt' if unplaced > 1 else ''} pas."
    st.caption(f"{note} {provenance.caption(bundle, projets, 'projets', 'lieux')}")

st.header("Tableau des projets")
layout.table_with_portraits(
    tables.projects(projets), projets["code_insee_commune"], caption, key="gp_table", title="Grands projets"
)
if approx:
    st.caption(APPROX_NOTE)

st.header("Fiches projets")
funding = data.derived(bundle, filters, pagedata.project_funding)
for _, projet in projets.iterrows():  # the order of annexe 3
    with st.expander(literal(projet["nom"])):
        cols = st.columns(4)
        for col, (label, value) in zip(cols, tables.project_facts(projet), strict=True):
            col.metric(label, literal(value))
        st.text(tables.project_details(projet), width="stretch")
        if isinstance(projet["description"], str):
            st.text(projet["description"], width="stretch")
        if projet["id"] not in funding:
            st.info(
                "Aucun financement ne correspond aux filtres choisis pour ce projet."
                if filters.active
                else "La feuille de route ne détaille aucun financement pour ce projet."
            )
        else:
            table, table_caption = funding[projet["id"]]
            name = f"Financements du projet {projet['nom']}"
            layout.table(table, table_caption, key=f"gp_fin_{projet['id']}", title=name)
        if is_approx(projet["approximatif"]):
            st.caption(APPROX_NOTE)
