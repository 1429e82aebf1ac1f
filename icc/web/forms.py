"""The sign-in and sign-out forms: plain HTML posted to the server's own routes.

The same markup is shown inside the Connexion page (``st.html``) and, after a refused
attempt, as a small page of its own. Every value is HTML-escaped: text, never markup.
"""

from __future__ import annotations

import re
from html import escape

SIGN_IN_PATH = "/compte/connexion"
SIGN_OUT_PATH = "/compte/deconnexion"
# Where a form may send the browser back: a page of the app (with its filters), never another site.
_LOCAL_PAGE = re.compile(r"/[a-z0-9-]*(\?[A-Za-z0-9_.,%=&+-]*)?")


def safe_next(path: str | None, default: str = "/connexion") -> str:
    return path if path and _LOCAL_PAGE.fullmatch(path) else default


_FIELD = "display:block;width:100%;max-width:22rem;padding:.45rem;margin:.2rem 0 .8rem;font:inherit"
_BUTTON = "padding:.45rem 1rem;font:inherit;color:#fff;background:#0B5394;border:0;border-radius:.4rem;cursor:pointer"


def sign_in_form(next_page: str, message: str = "") -> str:
    alert = f'<p role="alert" style="color:#9b1c1c;font-weight:600">{escape(message)}</p>' if message else ""
    return (
        f'<form method="post" action="{SIGN_IN_PATH}" style="max-width:24rem">{alert}'
        f'<label for="icc-utilisateur">Nom d\'utilisateur</label>'
        f'<input id="icc-utilisateur" name="utilisateur" autocomplete="username" required style="{_FIELD}">'
        f'<label for="icc-mot-de-passe">Mot de passe</label>'
        f'<input id="icc-mot-de-passe" name="mot_de_passe" type="password" autocomplete="current-password" '
        f'required style="{_FIELD}">'
        f'<input type="hidden" name="suite" value="{escape(safe_next(next_page))}">'
        f'<button type="submit" style="{_BUTTON}">Se connecter</button></form>'
    )


def sign_out_form() -> str:
    button = f'<button type="submit" style="{_BUTTON}">Se déconnecter</button>'
    return f'<form method="post" action="{SIGN_OUT_PATH}">{button}</form>'


def page(title: str, body: str) -> str:
    """A standalone page in the app's language and colours (refused sign-in, open-data index)."""
    return (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)} – Tableau de bord ICC – Métropole Aix-Marseille-Provence</title>"
        '<link rel="icon" href="/favicon.png"></head>'
        '<body style="font-family:sans-serif;color:#1B1B1B;margin:2rem auto;max-width:40rem;padding:0 1rem">'
        f"<h1>{escape(title)}</h1>{body}"
        '<p><a href="/">Retour au tableau de bord</a></p></body></html>'
    )
