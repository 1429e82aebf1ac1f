"""Who is signed in: Streamlit's OpenID Connect login when configured, else built-in accounts.

Built-in accounts sign in through the server's own route (``POST /compte/connexion``), which
sets a signed, HttpOnly session cookie. Every script run reads that cookie from the request
(``st.context.cookies``) and checks its record in the store: a reload or a second tab stays
signed in, a sign-out anywhere ends it, and a Streamlit session id alone carries no identity.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st
from streamlit import config

from icc import settings
from icc.storage import accounts, sessions, store
from icc.ui import data
from icc.web import forms

# Read only when the session has no HTTP client at all (AppTest): a real browser's session
# always has one, and the app never writes this key.
TEST_USER_KEY = "icc_user"


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:
        return False


def cookie_secret() -> str:
    return str(config.get_option("server.cookieSecret"))


def current_user() -> accounts.User | None:
    if oidc_configured():
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or st.user.get("sub") or "")
        # The identity provider says who; the accounts table says what they may do.
        role = accounts.role_of(data.engine(), email)
        return accounts.User(email, role or "lecteur")
    if not st.context.headers:
        user = st.session_state.get(TEST_USER_KEY)
        return user if isinstance(user, accounts.User) else None
    cookie = st.context.cookies.get(sessions.COOKIE)
    return sessions.user_for(data.engine(), cookie, cookie_secret(), settings.load().session_hours)


def _current_path() -> str:
    """This page's address with its filters, so signing in comes back to the same view."""
    path = urlsplit(st.context.url or "").path.rstrip("/") or "/"
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return f"{path}?{query}" if query else path


def login_form() -> None:
    if oidc_configured():
        if st.button("Se connecter avec le compte de la Métropole", type="primary"):
            st.login()
        return
    # A plain HTML form posted to the server: its answer sets the cookie and comes back here.
    st.html(forms.sign_in_form(_current_path()))


def logout() -> None:
    user = current_user()
    if user is not None:
        with data.engine().begin() as conn:
            store.log(conn, user.username, "déconnexion")
    st.logout()


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
        if oidc_configured():
            if st.button("Se déconnecter"):
                logout()
        else:
            st.html(forms.sign_out_form())
