"""Évolutions: what changed since a steering committee (or any day), in plain French."""

import datetime as dt

import pandas as pd
import streamlit as st

from icc import asof, evolutions, model, store
from icc.schema import DATASETS
from icc.ui import data

engine = data.engine()
current = data.bundle()
comites = current["comites"].dropna(subset=["date"]).sort_values("date", ascending=False)

st.title("Évolutions depuis un comité de pilotage")

choices = {f"{row['nom']} du {asof.long_date(row['date'])}": row["date"] for _, row in comites.iterrows()}
OTHER = "Une autre date…"
if choices:
    picked = st.selectbox("Comparer aujourd'hui avec", [*choices, OTHER], key="evolutions_comite")
else:
    st.info(
        "Aucun comité de pilotage n'est encore enregistré : les agents les ajoutent dans le jeu « Comités de "
        "pilotage » (page Mise à jour des données). En attendant, choisissez une date."
    )
    picked = OTHER
if picked == OTHER:
    day = st.date_input("Date de référence", value=dt.date.today() - dt.timedelta(days=90), format="DD/MM/YYYY")
else:
    day = dt.date.fromisoformat(str(choices[picked]))


@st.cache_resource(show_spinner=False, max_entries=8)
def _then(key: tuple[int, ...], _versions: dict[str, store.Version]) -> dict[str, pd.DataFrame]:
    return {name: store.read_version(engine, v.id) for name, v in _versions.items()}


versions = store.versions_at(engine, asof.end_of_day(day))
missing = [DATASETS[n].title for n in DATASETS if n not in versions]
if len(missing) == len(DATASETS):
    st.warning(f"Aucune donnée n'était publiée le {asof.long_date(day)} : rien à comparer.")
    st.stop()
then = _then(model.version_key(versions), versions)
st.caption(asof.banner(day, versions) + " ; comparées aux versions en vigueur aujourd'hui.")
if missing:
    st.caption(
        "Jeux qui n'existaient pas encore ce jour-là (toutes leurs lignes sont nouvelles) : " + ", ".join(missing)
    )

st.header("Les chiffres clés, alors et aujourd'hui")
figures = evolutions.headline_changes(data.bundle_of(data.versions_shown(day)), current)
st.dataframe(figures.drop(columns="Écart (nombre)"), hide_index=True, width="stretch")

found = evolutions.between(then, current.frames)
if not found:
    st.success(f"Aucune donnée n'a changé depuis le {asof.long_date(day)}.")
    st.stop()

summary = pd.DataFrame(
    [
        {
            "Jeu de données": DATASETS[name].title,
            "Ajouts": sum(c.kind == "ajout" for c in group),
            "Retraits": sum(c.kind == "retrait" for c in group),
            "Modifications": sum(c.kind == "modification" for c in group),
        }
        for name in DATASETS
        if (group := [c for c in found if c.dataset == name])
    ]
)
st.header("En résumé")
st.dataframe(summary, hide_index=True, width="stretch")

st.header("Le détail")
for name in DATASETS:
    group = [c for c in found if c.dataset == name]
    if not group:
        continue
    st.subheader(DATASETS[name].title)
    for change in group:
        st.text(change.sentence)  # data: shown as text, never markdown
