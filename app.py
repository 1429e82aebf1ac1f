"""Entry point: page registry, theme and who may see which page."""

import streamlit as st

from icc import settings
from icc.ui import auth, data

st.set_page_config(
    page_title="ICC – Métropole Aix-Marseille-Provence",
    page_icon=":material/theater_comedy:",
    layout="wide",
    initial_sidebar_state="expanded",
)

data.engine()  # first start on an empty database seeds it
user = auth.current_user()

connexion = st.Page("pages/connexion.py", title="Connexion", icon=":material/login:", url_path="connexion")
dashboards = [
    st.Page("pages/vue_ensemble.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
    st.Page("pages/financements.py", title="Financements", icon=":material/euro:", url_path="financements"),
    st.Page("pages/festivals.py", title="Festivals et événements", icon=":material/festival:", url_path="festivals"),
    st.Page("pages/carte.py", title="Carte", icon=":material/map:", url_path="carte"),
    st.Page("pages/filieres.py", title="Filières", icon=":material/palette:", url_path="filieres"),
    st.Page("pages/feuille_de_route.py", title="Feuille de route", icon=":material/flag:", url_path="feuille-de-route"),
    st.Page("pages/grands_projets.py", title="Grands projets", icon=":material/apartment:", url_path="grands-projets"),
]
presentation = [
    st.Page("pages/presentation.py", title="Mode présentation", icon=":material/slideshow:", url_path="presentation"),
]

if settings.load().require_login and user is None:
    # Reading needs an account when the setting says so: only the sign-in page is reachable.
    pages = {"Compte": [st.Page("pages/connexion.py", title="Connexion", icon=":material/login:", default=True)]}
else:
    pages = {"Tableau de bord": dashboards, "Comités de pilotage": presentation}
    if user is not None and user.can_edit:
        editing = [
            st.Page(
                "pages/donnees.py", title="Mise à jour des données", icon=":material/upload_file:", url_path="donnees"
            ),
            st.Page("pages/historique.py", title="Historique", icon=":material/history:", url_path="historique"),
        ]
        if user.is_admin:
            editing.append(
                st.Page(
                    "pages/administration.py",
                    title="Administration",
                    icon=":material/admin_panel_settings:",
                    url_path="admin",
                )
            )
        pages["Données"] = editing
    pages["Compte"] = [connexion]

st.navigation(pages).run()
