"""The pages of the app: address, title, script, icon and who sees them.

``app.py`` registers them with ``st.navigation`` (hidden) and shows the app's own navigation
menu (``menu_html``): Streamlit 1.67's sectioned navigation puts ``<li>`` outside ``<ul>`` (axe
rules ``list`` and ``listitem``, RGAA 9.3). The server's middleware names each page's HTML
document from this list (``<title>``), before the script runs in the browser.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

SITE = "Tableau de bord ICC – Métropole Aix-Marseille-Provence"


@dataclass(frozen=True)
class PageSpec:
    path: str  # url_path ("" for the default page)
    title: str
    script: str
    icon: str
    group: str
    audience: str = "public"  # "public", "editeur" or "administrateur"

    @property
    def filtered(self) -> bool:
        """The page draws the shared filters (the filter keys of its address are theirs)."""
        return self.path in FILTERED

    @property
    def symbol(self) -> str:
        """The Material Symbols name of the icon (« dashboard » for ``:material/dashboard:``)."""
        return self.icon.removeprefix(":material/").removesuffix(":")


# The pages that draw the shared sidebar filters (icc.ui.filters.sidebar).
FILTERED = (
    "",
    "financements",
    "festivals",
    "carte",
    "filieres",
    "feuille-de-route",
    "grands-projets",
    "metropoles",
    "musees",
    "presentation",
)

PAGES = [
    PageSpec("", "Vue d'ensemble", "views/vue_ensemble.py", ":material/dashboard:", "Tableau de bord"),
    PageSpec("financements", "Financements", "views/financements.py", ":material/euro:", "Tableau de bord"),
    PageSpec("festivals", "Festivals et événements", "views/festivals.py", ":material/festival:", "Tableau de bord"),
    PageSpec("carte", "Carte", "views/carte.py", ":material/map:", "Tableau de bord"),
    PageSpec("filieres", "Filières", "views/filieres.py", ":material/palette:", "Tableau de bord"),
    PageSpec("feuille-de-route", "Feuille de route", "views/feuille_de_route.py", ":material/flag:", "Tableau de bord"),
    PageSpec("grands-projets", "Grands projets", "views/grands_projets.py", ":material/apartment:", "Tableau de bord"),
    PageSpec("communes", "Communes", "views/communes.py", ":material/location_city:", "Tableau de bord"),
    PageSpec("musees", "Musées et fréquentation", "views/musees.py", ":material/museum:", "Tableau de bord"),
    PageSpec(
        "metropoles",
        "La Métropole parmi les métropoles",
        "views/metropoles.py",
        ":material/leaderboard:",
        "Tableau de bord",
    ),
    PageSpec(
        "presentation",
        "Mode présentation",
        "views/presentation.py",
        ":material/slideshow:",
        "Comités de pilotage",
    ),
    PageSpec("evolutions", "Évolutions", "views/evolutions.py", ":material/compare_arrows:", "Comités de pilotage"),
    PageSpec(
        "donnees",
        "Mise à jour des données",
        "views/donnees.py",
        ":material/upload_file:",
        "Données",
        "editeur",
    ),
    PageSpec("historique", "Historique", "views/historique.py", ":material/history:", "Données", "editeur"),
    PageSpec(
        "admin",
        "Administration",
        "views/administration.py",
        ":material/shield_person:",
        "Données",
        "administrateur",
    ),
    PageSpec("connexion", "Connexion", "views/connexion.py", ":material/login:", "Compte"),
    PageSpec(
        "accessibilite",
        "Déclaration d'accessibilité",
        "views/accessibilite.py",
        ":material/accessibility:",
        "Informations",
    ),
]


def document_title(page_title: str | None) -> str:
    """« Carte – Tableau de bord ICC – Métropole Aix-Marseille-Provence »."""
    return f"{page_title} – {SITE}" if page_title else SITE


# A portrait's address names its place: ``communes?commune=13056`` or ``communes?territoire=…``.
PORTRAIT_PATH, COMMUNE_PARAM, TERRITOIRE_PARAM = "communes", "commune", "territoire"

# The places a portrait can be titled by, from the current data: set by the preparer thread at each
# new data version (``remember_places``), read by the middleware. Replaced whole, never mutated.
_places: dict[str, dict[str, str]] = {COMMUNE_PARAM: {}, TERRITOIRE_PARAM: {}}


def remember_places(communes: dict[str, str], conseils: Iterable[str]) -> None:
    """INSEE code → name of the communes, and the conseils de territoire, of the current data."""
    global _places
    _places = {COMMUNE_PARAM: dict(communes), TERRITOIRE_PARAM: {c: c for c in conseils}}


def portrait_title(place: str) -> str:
    """« Martigues – Portrait – Tableau de bord ICC – … »."""
    return document_title(f"{place} – Portrait")


def title_for_path(path: str, query: dict[str, str] | None = None) -> str:
    """The document title of an address (the page's own, a portrait's place, or the site's)."""
    wanted = path.strip("/").split("/")[0]
    if wanted == PORTRAIT_PATH and query:
        places = _places
        # Only a known place names the document: the address is the visitor's text, not ours.
        for param in (COMMUNE_PARAM, TERRITOIRE_PARAM) if COMMUNE_PARAM in query else (TERRITOIRE_PARAM,):
            name = places[param].get(query.get(param, ""))
            if name:
                return portrait_title(name)
    for page in PAGES:
        if page.path == wanted:
            return document_title(page.title)
    return document_title(None)


MENU_LABEL = "Pages du tableau de bord"


def href(spec: PageSpec, query: str = "") -> str:
    """A page's address, relative (the app's own base path), with the query it carries."""
    return (spec.path or "./") + (f"?{query}" if query else "")


def page(path: str) -> PageSpec | None:
    """The page of a ``url_path`` (None for an unknown one)."""
    return next((spec for spec in PAGES if spec.path == path), None)


def menu_html(pages: Iterable[PageSpec], current: str, query: str = "") -> str:
    """The navigation menu: one heading per section, its pages in a real list, the page shown
    marked ``aria-current="page"``; ``query`` (filters, ``au``) is carried by every link. Labels
    are the app's constants, escaped all the same; the icon is decorative (``aria-hidden``)."""
    sections: dict[str, list[PageSpec]] = {}
    for spec in pages:
        sections.setdefault(spec.group, []).append(spec)
    parts = [f'<nav class="icc-nav" aria-label="{html.escape(MENU_LABEL)}">']
    for group, specs in sections.items():
        parts.append(f'<h2 class="icc-nav-section">{html.escape(group)}</h2>')
        parts.append('<ul class="icc-nav-list">')
        for spec in specs:
            mark = ' aria-current="page"' if spec.path == current else ""
            parts.append(
                f'<li><a class="icc-nav-link" href="{html.escape(href(spec, query))}"{mark}>'
                f'<span class="icc-nav-icon" aria-hidden="true">{html.escape(spec.symbol)}</span>'
                f"<span>{html.escape(spec.title)}</span></a></li>"
            )
        parts.append("</ul>")
    parts.append("</nav>")
    return "".join(parts)
