"""Who is signed in: Streamlit's OpenID Connect login when configured, else built-in accounts."""

from __future__ import annotations

import streamlit as st

from icc import accounts, settings, store
from icc.ui import data

_KEY = "icc_user"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def current_user() -> accounts.User | None:
    if oidc_configured():
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or st.user.get("sub") or "")
        # The identity provider says who; the accounts table says what they may do.
        role = accounts.role_of(data.engine(), email)
        return accounts.User(email, role or "lecteur")
    return st.session_state.get(_KEY)


def login_form() -> None:
    if oidc_configured():
        if st.button("Se connecter avec le compte de la Métropole", type="primary"):
            st.login()
        return
    with st.form("connexion"):
        username = st.text_input("Nom d'utilisateur")
        password = st.text_input("Mot de passe", type="password")
        submitted = st.form_submit_button("Se connecter", type="primary")
    if submitted:
        user = accounts.authenticate(data.engine(), username, password)
        if user is None:
            st.error("Nom d'utilisateur ou mot de passe incorrect.")
        else:
            st.session_state[_KEY] = user
            st.rerun()


def logout() -> None:
    user = current_user()
    if user is not None:
        with data.engine().begin() as conn:
            store.log(conn, user.username, "déconnexion")
    if oidc_configured():
        st.logout()
    st.session_state.pop(_KEY, None)
    st.rerun()


def sign_in_panel() -> None:
    """The sign-in page's content (also shown in place of any page when reading needs an account)."""
    st.title("Connexion")
    user = current_user()
    if user is None:
        if settings.load().require_login:
            st.write("La consultation des tableaux de bord demande un compte : connectez-vous.")
        else:
            st.write("La consultation des tableaux de bord est libre ; la mise à jour des données demande un compte.")
        login_form()
    else:
        st.text(f"Connecté : {user.username} ({accounts.ROLES.get(user.role, 'lecture seule')})")
        if st.button("Se déconnecter"):
            logout()
