"""Financements: by programme and funder level, envelope hierarchy, periods, table."""

import streamlit as st

from icc import formatting as fr
from icc.prepared.aggregations import financements as fin
from icc.present import pagedata
from icc.present.charts import financements as charts
from icc.ui import data, layout
from icc.ui.filters import sidebar

bundle = data.bundle()
filters = sidebar(bundle)

st.title("Financements")
layout.note(filters.describe(bundle))

left, right = st.columns(2)
perimetre = left.radio(
    "Périmètre",
    [fin.TERRITOIRE, fin.NATIONAL],
    format_func={fin.TERRITOIRE: "Sur le territoire métropolitain", fin.NATIONAL: "Enveloppes nationales"}.get,
    horizontal=True,
    key="fin_perimetre",
)
mode = right.radio("Montants", list(fin.MODES), format_func=fin.MODES.get, horizontal=True, key="fin_mode")
st.caption(
    "Les montants annuels (ex. 80 000 € par an sur 3 ans) sont multipliés par leur nombre d'années dans la vue "
    "cumulée ; les montants ponctuels sont répartis sur leur période dans la vue par an. Une enveloppe contenue "
    "dans une autre n'est jamais comptée deux fois."
)


page = data.derived(bundle, filters, pagedata.financements, perimetre, mode)
if not page["rows"]:
    layout.empty("Financements")
    st.stop()
caption = page["caption"]
c1, c2, c3 = st.columns(3)
c1.metric("Total sans double compte", fr.euros(page["total"]))
c2.metric("Dont acquis, lauréats ou en nature", fr.euros(page["mobilised"]))
c3.metric("Enveloppes", fr.nombre(page["rows"]), help=f"dont {page['roots']} de premier niveau")

layout.panel(data.panel(bundle, filters, "financements-programme", perimetre=perimetre, mode=mode), key="fin_programme")
hidden, grouped = page["hidden"], page["grouped"]
summary = ""
if grouped:
    summary = (
        f"Les {fr.nombre(pagedata.TREEMAP_PROGRAMMES)} programmes aux montants les plus élevés ; « Autres » "
        f"additionne les {fr.nombre(grouped)} suivants. "
    )
if hidden:
    summary += (
        f"Les {fr.nombre(page['drawn'])} plus grandes enveloppes ; {fr.nombre(hidden)} autres restent comptées dans le "
        f"total de leur programme{' ou dans « Autres »' if grouped else ''}. "
    )
layout.chart(
    charts.treemap(page["nodes"], "Enveloppes imbriquées : programme → projet → volet"),
    summary + caption,
    key="fin_treemap",
)
if not page["periods"]:
    layout.empty("Calendrier des financements")
else:
    shown = page["shown_periods"]
    more = page["periods"] - len(shown)
    layout.chart(
        charts.timeline(shown, "Périodes de financement"),
        f"Les {fr.nombre(len(shown))} enveloppes aux montants les plus élevés sur {fr.nombre(page['periods'])} "
        f"datées ; toutes sont dans le tableau. {caption}"
        if more
        else caption,
        key="fin_timeline",
    )

st.header("Montants par année")
st.caption(
    "Seuls les montants que les données placent sur une année : un montant annuel dans chaque année de sa période, "
    "un montant ponctuel dans son année. Les autres sont listés sous le graphique, sans être répartis ni estimés. "
    "Ce graphique ne dépend pas du choix « Montants » ci-dessus."
)
layout.panel(data.panel(bundle, filters, "financements-annees", perimetre=perimetre), key="fin_annees")
layout.panel(data.panel(bundle, filters, "financements-hors-annees", perimetre=perimetre), key="fin_hors_annees")

st.header("Tableau des financements")
layout.table(page["table"], caption, key="fin_table", title="Financements")
