"""Évolutions: what changed since a steering committee (or any day), in plain French."""

import datetime as dt

import streamlit as st

from icc import settings
from icc.datasets.schema import DATASETS
from icc.intake import boundary
from icc.prepared.filters import Filters
from icc.present import evolutions
from icc.storage import asof
from icc.ui import auth, data, editing, layout

current = data.bundle()
au = data.as_of_day()
shown_day = f"en vigueur le {asof.long_date(au)}" if au else "en vigueur aujourd'hui"
comites = current["comites"].dropna(subset=["date"]).sort_values("date", ascending=False)

st.title("Évolutions depuis un comité de pilotage")
user = auth.current_user()
if user is not None and user.can_edit:
    # Recorded through the same check and publication as a file; the choice below then compares with it.
    keep_dir = settings.load().var_dir / boundary.KEPT_DIR
    editing.committee_form(data.engine(), user.username, data.bundle(as_of=False), data.contours(), keep_dir)

choices = {f"{row['nom']} du {asof.long_date(row['date'])}": row["date"] for _, row in comites.iterrows()}
OTHER = "Une autre date…"
if choices:
    compared = f"le {asof.long_date(au)}" if au else "aujourd'hui"
    if st.session_state.get(editing.COMMITTEE_CHOICE) not in [*choices, OTHER]:
        st.session_state.pop(editing.COMMITTEE_CHOICE, None)  # e.g. a committee not in force on ?au=
    picked = st.selectbox(f"Comparer {compared} avec", [*choices, OTHER], key=editing.COMMITTEE_CHOICE)
else:
    st.info(
        "Aucun comité de pilotage n'est encore enregistré : les agents l'ajoutent ici (« Enregistrer un comité de "
        "pilotage ») ou dans le jeu « Comités de pilotage » (page Mise à jour des données). En attendant, "
        "choisissez une date."
    )
    picked = OTHER
if picked == OTHER:
    day = st.date_input("Date de référence", value=dt.date.today() - dt.timedelta(days=90), format="DD/MM/YYYY")
else:
    day = dt.date.fromisoformat(str(choices[picked]))

then_versions, later = data.in_force(day)
if len(later) == len(then_versions):
    st.warning(f"Aucune donnée n'était publiée le {asof.long_date(day)} : rien à comparer.")
    st.stop()
then = data.bundle_of(then_versions)
published = {name: v for name, v in then_versions.items() if name not in later}
st.caption(asof.banner(day, published) + " ; comparées aux versions " + shown_day + ".")
if later:
    st.caption(
        "Jeux qui n'existaient pas encore ce jour-là (toutes leurs lignes sont nouvelles) : "
        + ", ".join(DATASETS[n].title for n in later if n in DATASETS)
    )

# The same panels as the presentation's « Évolutions » screens and their exports: one computation.
options = {"then": then, "depuis": day.isoformat(), "au": au.isoformat() if au else None}
st.header("Les chiffres clés, alors et aujourd'hui")
layout.panel(data.panel(current, Filters(), "evolutions", **options), key="evolutions_chiffres")

found = evolutions.since(then, current, day)
if not found:
    st.success(f"Aucune donnée n'a changé depuis le {asof.long_date(day)}.")
    st.stop()

st.header("En résumé")
layout.panel(data.panel(current, Filters(), "evolutions-jeux", **options), key="evolutions_jeux")

st.header("Le détail")
for name in DATASETS:
    group = [c for c in found if c.dataset == name]
    if not group:
        continue
    st.subheader(DATASETS[name].title)
    for change in group:
        st.text(change.sentence)  # data: shown as text, never markdown
