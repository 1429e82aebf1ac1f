"""Who is signed in: Streamlit's OpenID Connect login when configured, else built-in accounts."""

from __future__ import annotations

import streamlit as st

from icc import accounts, store
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
