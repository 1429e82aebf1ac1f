"""Administration: accounts and the audit log."""

import streamlit as st

from icc import formatting
from icc.prepared.provenance import escape_markdown
from icc.present.accessibility import grid_name
from icc.storage import accounts, store
from icc.ui import auth, data

user = auth.current_user()
st.title("Administration")
if user is None or not user.is_admin:
    st.warning("Cette page est réservée aux administrateurs.")
    st.stop()

engine = data.engine()
st.header("Comptes")
users = accounts.list_users(engine)
st.dataframe(
    {"Utilisateur": [u.username for u in users], "Rôle": [accounts.ROLES[u.role] for u in users]},
    hide_index=True,
    alt=grid_name(["Utilisateur", "Rôle"], len(users), "Comptes"),
)
with st.form("nouveau_compte", clear_on_submit=True):
    st.markdown("**Créer un compte**")
    username = st.text_input("Nom d'utilisateur")
    password = st.text_input(
        f"Mot de passe ({accounts.MIN_PASSWORD} caractères au moins ; une phrase de plusieurs mots convient)",
        type="password",
    )
    role = st.selectbox("Rôle", list(accounts.ROLES), format_func=accounts.ROLES.get)
    if st.form_submit_button("Créer"):
        try:
            accounts.create(engine, username, password, role, by=user.username)
        except accounts.AccountError as exc:
            st.error(escape_markdown(str(exc)))  # the name as typed
        else:
            st.success("Compte créé.")
            st.rerun()

st.header("Sessions ouvertes")
open_sessions = store.live_sessions(engine)
if not open_sessions:
    st.info("Aucune session ouverte par un compte intégré.")
else:
    st.dataframe(
        {
            "Utilisateur": [s[0] for s in open_sessions],
            "Ouverte le": [formatting.date_heure(s[1]) for s in open_sessions],
            "Expire le": [formatting.date_heure(s[2]) for s in open_sessions],
        },
        hide_index=True,
        alt=grid_name(["Utilisateur", "Ouverte le", "Expire le"], len(open_sessions), "Sessions ouvertes"),
    )
    with st.form("fermer_sessions"):
        who = st.selectbox("Compte", sorted({s[0] for s in open_sessions}))
        if st.form_submit_button("Fermer toutes ses sessions"):
            store.close_sessions_of(engine, who)
            store.log_event(engine, user.username, "fermeture de sessions", who)
            st.toast(f"Sessions de {escape_markdown(who)} fermées : ce compte devra se reconnecter.")
            st.rerun()

st.header("Journal d'audit")
log = store.audit_entries(engine)
if log.empty:
    st.info("Le journal est vide.")
else:
    st.dataframe(
        {
            "Date": [formatting.date_heure(t) for t in log["at"]],
            "Utilisateur": log["user"],
            "Action": log["action"],
            "Jeu": log["dataset"].fillna(""),
            "Détail": log["detail"],
        },
        hide_index=True,
        width="stretch",
        alt=grid_name(["Date", "Utilisateur", "Action", "Jeu", "Détail"], len(log), "Journal d'audit"),
    )
