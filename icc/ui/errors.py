"""What a visitor sees when a page fails: a French message with a reference, never a traceback.

Registered as ``st.App(on_script_error=…)``. The traceback goes to the server's log under the
same reference, so support can find it. The session and its widgets, including a file being
uploaded on the data page, stay as they were: the next action reruns the page normally.
"""

from __future__ import annotations

import logging
import secrets

import streamlit as st

log = logging.getLogger("icc.erreurs")


def reference() -> str:
    return secrets.token_hex(4).upper()


def show_error_page(exc: Exception) -> bool:
    ref = reference()
    log.error("Erreur de page, référence %s", ref, exc_info=(type(exc), exc, exc.__traceback__))
    st.error(
        "Cette page a rencontré une erreur et n'a pas pu s'afficher entièrement. "
        f"Référence de l'incident : **{ref}**. "
        "Rechargez la page ou réessayez dans un instant ; si l'erreur persiste, "
        "transmettez cette référence à l'équipe du tableau de bord.",
        icon=":material/error:",
    )
    return True  # Streamlit's own (English) exception box is not shown
