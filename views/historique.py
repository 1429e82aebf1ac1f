"""Historique: versions of each dataset, download, compare, restore."""

import pandas as pd
import streamlit as st

from icc import formatting
from icc.datasets import exports
from icc.datasets.schema import DATASETS, ORDER
from icc.intake import diff
from icc.present.accessibility import grid_name
from icc.storage import store
from icc.ui import auth, data
from icc.ui.review import changes_view

user = auth.current_user()
st.title("Historique des versions")
if user is None or not user.can_edit:
    st.warning("Cette page est réservée aux comptes éditeurs. Connectez-vous depuis la page Connexion.")
    st.stop()

engine = data.engine()
name = st.selectbox("Jeu de données", ORDER, format_func=lambda n: DATASETS[n].title, key="hist_dataset")
ds = DATASETS[name]
versions = store.history(engine, name)
current_id = store.current_versions(engine)[name].id
by_number = {v.number: v for v in versions}

versions_frame = pd.DataFrame(
    {
        "Version": [v.number for v in versions],
        "En vigueur": ["oui" if v.id == current_id else "" for v in versions],
        "Date": [formatting.date_heure(v.created_at) for v in versions],
        "Auteur": [v.author for v in versions],
        "Commentaire": [v.comment for v in versions],
        "Lignes": [v.row_count for v in versions],
        "Empreinte": [v.checksum[:12] for v in versions],
    }
)
st.dataframe(
    versions_frame,
    hide_index=True,
    width="stretch",
    alt=grid_name(versions_frame.columns, len(versions_frame), f"Versions du jeu {ds.title}"),
)

st.header("Télécharger une version")
number = st.selectbox("Version", list(by_number), key="hist_download")
chosen = by_number[number]
frame = store.read_version(engine, chosen.id)
st.download_button(
    f"Télécharger la version {number} (CSV)", exports.dataset_csv(name, frame), f"{name}-v{number}.csv", "text/csv"
)

st.header("Comparer deux versions")
if len(versions) < 2:
    st.info("Ce jeu n'a qu'une version : rien à comparer.")
else:
    left, right = st.columns(2)
    a = left.selectbox("Version de référence", list(by_number), index=1, key="hist_a")
    b = right.selectbox("Version comparée", list(by_number), index=0, key="hist_b")
    old = store.read_version(engine, by_number[a].id)
    new = store.read_version(engine, by_number[b].id)
    changes = diff.compare(ds, old, new)
    st.caption(f"De la version {a} à la version {b} : {changes.summary()}.")
    changes_view(ds, changes, old)

st.header("Restaurer une version")
if not user.is_admin:
    st.caption("La restauration est réservée aux administrateurs.")
else:
    older = [n for n, v in by_number.items() if v.id != current_id]
    if not older:
        st.info("Aucune autre version à restaurer.")
    else:
        target = st.selectbox("Version à restaurer", older, key="hist_restore")
        st.caption("La version choisie est publiée à nouveau comme une nouvelle version : l'historique reste complet.")
        if st.button(f"Restaurer la version {target}", type="primary"):
            try:
                restored = store.restore(engine, by_number[target].id, user.username, current_id)
            except store.StaleVersion:
                st.error("Une autre version a été publiée entre-temps : rechargez la page, rien n'a été modifié.")
            else:
                st.success(f"Version {target} restaurée comme version {restored.number}.")
                st.rerun()
