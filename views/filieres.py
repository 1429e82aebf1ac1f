"""Filières: for each family, the roadmap's diagnostic, key figures, festivals, sites and funding."""

import pandas as pd
import streamlit as st

from icc import formatting as fr
from icc.prepared import provenance
from icc.prepared.aggregations import filieres as agg
from icc.prepared.filters import choices
from icc.present import pagedata, tables
from icc.present.charts import filieres as charts
from icc.ui import data, layout
from icc.ui.filters import sidebar

CHART_BARS = 15  # festivals drawn per family (six tabs drawn at once); the table lists them all


bundle = data.bundle()
filters = sidebar(bundle)

st.title("Filières")
layout.note(filters.describe(bundle))
st.caption(
    "Pour chaque famille des industries culturelles et créatives et ses sous-filières : le diagnostic de la "
    "feuille de route (atouts, faiblesses, perspectives), ses chiffres clés, ses festivals, ses lieux et ses "
    "financements."
)


def family_name(code: str) -> str:
    """A family's name (data: it names a grid for assistive technologies, as text)."""
    return choices(bundle)["familles"].get(code, code)


def none(what: str, dataset: str, code: str) -> None:
    """Nothing to show: because the roadmap cites nothing for the family, or because of the filters."""
    if not agg.cites(bundle[dataset], code):
        st.info(f"{what} : la feuille de route ne cite aucune donnée pour cette famille.")
    else:
        layout.empty(what)


def diagnostic(code: str) -> None:
    st.header("Diagnostic de la feuille de route")
    points = agg.diagnostic(bundle["filieres"], code)
    for col, (section, label) in zip(st.columns(len(agg.SECTIONS)), agg.SECTIONS.items(), strict=True):
        col.subheader(label)
        part = points[points["section"] == section]
        if part.empty:
            col.text("Non renseigné par la feuille de route.")
        for (name, priority), items in part.groupby(["nom", "priorite"], sort=False):
            col.markdown(f"**{agg.literal(name)}** · {agg.literal(priority)}")
            col.text(agg.bullet_text(items["point"]), width="stretch")
    st.caption(provenance.caption(bundle, agg.members(bundle["filieres"], code), "filieres"))


def key_figures(code: str, part: dict) -> None:
    st.header("Chiffres clés")
    if not part["chiffres"]:
        none("Chiffres clés", "chiffres_cles", code)
        return
    name = f"Chiffres clés, {family_name(code)}"
    layout.table(part["chiffres_table"], part["chiffres_caption"], key=f"fil_{code}_ch", title=name)
    if part["chiffres_approx"]:
        st.caption(agg.APPROX_NOTE)


def festivals(code: str, summary: agg.Festivals, part: dict) -> None:
    st.header("Festivals et événements")
    if not part["festivals"]:
        none("Festivals", "evenements", code)
        return
    caption = part["festivals_caption"]
    counted = part["counted"]
    if not counted.empty:
        more = len(counted) - CHART_BARS
        layout.chart(
            charts.attendance(counted.head(CHART_BARS), code, "Fréquentation par festival (dernière édition chiffrée)"),
            f"Les {CHART_BARS} plus fréquentés ; les {fr.nombre(more)} autres sont dans le tableau. {caption}"
            if more > 0
            else caption,
            key=f"fil_{code}_fest_chart",
        )
    layout.table(part["festivals_table"], caption, key=f"fil_{code}_fest", title=f"Festivals, {family_name(code)}")
    if summary.approximatif:
        st.caption(agg.APPROX_NOTE)


def sites(code: str, counts: pd.DataFrame, caption: str) -> None:
    st.header("Lieux")
    if counts.empty:
        none("Lieux", "lieux", code)
        return
    layout.chart(charts.sites_by_type(counts, code, "Lieux recensés par type"), caption, key=f"fil_{code}_sites")


def funding(code: str, money: agg.Funding, part: dict) -> None:
    st.header("Financements")
    if not part["funding"]:
        none("Financements", "financements", code)
    else:
        c1, c2, c3 = st.columns(3)
        c1.metric(
            "Sur le territoire, sans double compte",
            fr.approx(fr.euros(money.territoire), money.territoire_approx),
            help="Enveloppes qui arrivent sur la Métropole, tous statuts ; une enveloppe contenue dans une autre "
            "n'est comptée qu'une fois ; montants annuels cumulés sur leur période.",
        )
        c2.metric("Dont acquis, lauréats ou en nature", fr.euros(money.mobilise))
        c3.metric(
            "Enveloppes nationales",
            fr.approx(fr.euros(money.national), money.national_approx),
            help="Programmes nationaux ou européens fléchés vers cette famille, sans double compte.",
        )
        name = f"Financements, {family_name(code)}"
        layout.table(part["funding_table"], part["funding_caption"], key=f"fil_{code}_fin", title=name)
    transversal = part["transversal"]
    if transversal:
        st.caption(
            f"{fr.nombre(transversal)} enveloppe{'s' if transversal > 1 else ''} pour l'ensemble des ICC, sans "
            f"filière, n'entre{'nt' if transversal > 1 else ''} dans aucune famille : voir la page Financements."
        )


def family_view(family: pd.Series) -> None:
    code = family["code"]
    part = data.derived(bundle, filters, pagedata.family, code)
    summary, counts, money = part["summary"], part["counts"], part["money"]
    cols = st.columns(5)
    cols[0].metric(
        "Priorité",
        agg.literal(family["priorite"]) or "non citée",
        help="Ce que la feuille de route fait de la famille ; « non citée » : elle ne cite pas cette famille.",
    )
    cols[1].metric("Chiffres clés", fr.nombre(part["chiffres"]))
    cols[2].metric(
        "Festivals cités",
        fr.nombre(summary.count),
        help=f"dont {fr.nombre(summary.with_figure)} avec une fréquentation chiffrée",
    )
    cols[3].metric(
        "Fréquentation cumulée",
        tables.attendance_text(summary.attendance, summary.approximatif, summary.with_figure),
        help="Somme des fréquentations citées (visiteurs, spectateurs, participants ou publics attendus).",
    )
    cols[4].metric("Lieux recensés", fr.nombre(int(counts["nombre"].sum())))
    diagnostic(code)
    key_figures(code, part)
    festivals(code, summary, part)
    sites(code, counts, part["lieux_caption"])
    funding(code, money, part)


shown = agg.families(bundle["filieres"], filters.familles)
if shown.empty:
    layout.empty("Filières")
    st.stop()

for tab, (_, row) in zip(st.tabs([agg.literal(n) for n in shown["nom"]]), shown.iterrows(), strict=True):
    with tab:
        family_view(row)
