"""Entry point: page registry, theme and who may see which page."""

import streamlit as st

from icc import settings
from icc.ui import auth, chrome, data

st.set_page_config(
    page_title="ICC – Métropole Aix-Marseille-Provence",
    page_icon=":material/theater_comedy:",
    layout="wide",
    initial_sidebar_state="auto",  # collapsed on phones, where it would cover the page
)
chrome.apply_style()

data.engine()  # first start on an empty database seeds it
user = auth.current_user()

connexion = st.Page("views/connexion.py", title="Connexion", icon=":material/login:", url_path="connexion")
dashboards = [
    st.Page("views/vue_ensemble.py", title="Vue d'ensemble", icon=":material/dashboard:", default=True),
    st.Page("views/financements.py", title="Financements", icon=":material/euro:", url_path="financements"),
    st.Page("views/festivals.py", title="Festivals et événements", icon=":material/festival:", url_path="festivals"),
    st.Page("views/carte.py", title="Carte", icon=":material/map:", url_path="carte"),
    st.Page("views/filieres.py", title="Filières", icon=":material/palette:", url_path="filieres"),
    st.Page("views/feuille_de_route.py", title="Feuille de route", icon=":material/flag:", url_path="feuille-de-route"),
    st.Page("views/grands_projets.py", title="Grands projets", icon=":material/apartment:", url_path="grands-projets"),
    st.Page("views/communes.py", title="Communes", icon=":material/location_city:", url_path="communes"),
]
presentation = [
    st.Page("views/presentation.py", title="Mode présentation", icon=":material/slideshow:", url_path="presentation"),
    st.Page("views/evolutions.py", title="Évolutions", icon=":material/compare_arrows:", url_path="evolutions"),
]

pages = {"Tableau de bord": dashboards, "Comités de pilotage": presentation}
if user is not None and user.can_edit:
    editing = [
        st.Page("views/donnees.py", title="Mise à jour des données", icon=":material/upload_file:", url_path="donnees"),
        st.Page("views/historique.py", title="Historique", icon=":material/history:", url_path="historique"),
    ]
    if user.is_admin:
        editing.append(
            st.Page(
                "views/administration.py", title="Administration", icon=":material/shield_person:", url_path="admin"
            )
        )
    pages["Données"] = editing
pages["Compte"] = [connexion]
pages["Informations"] = [
    st.Page(
        "views/accessibilite.py",
        title="Déclaration d'accessibilité",
        icon=":material/accessibility:",
        url_path="accessibilite",
    )
]

# When reading needs an account, an anonymous visitor gets the sign-in page whatever the link
# (the link's page then opens after signing in) and sees no navigation.
locked = settings.load().require_login and user is None
selected = st.navigation(pages, position="hidden" if locked else "sidebar")
if locked:
    auth.sign_in_panel()
    st.stop()
selected.run()
