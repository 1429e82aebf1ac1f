"""Sign in and out."""

import streamlit as st

from icc.accounts import ROLES
from icc.ui import auth

st.title("Connexion")
user = auth.current_user()
if user is None:
    st.write("La consultation des tableaux de bord est libre ; la mise à jour des données demande un compte.")
    auth.login_form()
else:
    st.text(f"Connecté : {user.username} ({ROLES.get(user.role, 'lecture seule')})")
    if st.button("Se déconnecter"):
        auth.logout()
