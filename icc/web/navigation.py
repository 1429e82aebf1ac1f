"""The pages of the app: address, title, script, icon and who sees them.

``app.py`` builds ``st.navigation`` from this list; the server's middleware names each
page's HTML document from it (``<title>``), before the script runs in the browser.
"""

from __future__ import annotations

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


PAGES = [
    PageSpec("", "Vue d'ensemble", "views/vue_ensemble.py", ":material/dashboard:", "Tableau de bord"),
    PageSpec("financements", "Financements", "views/financements.py", ":material/euro:", "Tableau de bord"),
    PageSpec("festivals", "Festivals et événements", "views/festivals.py", ":material/festival:", "Tableau de bord"),
    PageSpec("carte", "Carte", "views/carte.py", ":material/map:", "Tableau de bord"),
    PageSpec("filieres", "Filières", "views/filieres.py", ":material/palette:", "Tableau de bord"),
    PageSpec("feuille-de-route", "Feuille de route", "views/feuille_de_route.py", ":material/flag:", "Tableau de bord"),
    PageSpec("grands-projets", "Grands projets", "views/grands_projets.py", ":material/apartment:", "Tableau de bord"),
    PageSpec("communes", "Communes", "views/communes.py", ":material/location_city:", "Tableau de bord"),
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


def title_for_path(path: str) -> str:
    """The document title of an address (the page's own, or the site's for an unknown one)."""
    wanted = path.strip("/").split("/")[0]
    for page in PAGES:
        if page.path == wanted:
            return document_title(page.title)
    return document_title(None)
