"""What the accessibility statement says: the team's own audit, kept next to the code it describes.

Update it with every audit: the level shown on every page and the list of what is not yet accessible.
"""

from icc import formatting as fr

CONFORMITY = "partiellement conforme"  # "non conforme", "partiellement conforme" or "totalement conforme"
MENTION = f"Accessibilité : {CONFORMITY}"
DECLARED = "1er décembre 2026"

AUDIT = (
    "L'équipe de développement a évalué le tableau de bord elle-même : tests automatiques axe-core sur chaque "
    "page, à 1440 × 900 et à 390 × 844 pixels, à chaque modification du code, et vérifications à la main "
    "(clavier seul, ordre des titres, alternatives des graphiques, affichage sur téléphone). Ce n'est pas un "
    "audit complet des 106 critères du RGAA 4.1 par un organisme indépendant : le taux de conformité n'est donc "
    "pas calculé."
)

NON_CONFORMITIES = (
    "La liste de navigation de Streamlit n'a pas la structure de liste attendue (éléments de liste hors de leur "
    "liste, critère 9.3) ; elle est produite par le cadriciel et ne peut pas être corrigée par l'application.",
    "Certains noms de commandes produits par Streamlit et Plotly restent en anglais (barre d'outils des "
    "graphiques et des tableaux, « Page not found »), critère 8.7 ; la barre d'outils de chaque graphique "
    "ajoute plusieurs arrêts de tabulation.",
    "La carte interactive (deck.gl) ne se parcourt pas au clavier point par point (critère 7.3) ; son contenu est "
    "repris dans des tableaux (lieux et événements par commune, fiche d'un lieu choisie dans une liste).",
    "La carte s'ouvre sur toute la Métropole quand le navigateur se dit mobile ; une fenêtre étroite d'un "
    "ordinateur garde la vue large, qui coupe l'ouest (Istres, Martigues) : il faut alors dézoomer la carte.",
    "Sur téléphone, les titres longs des graphiques et les libellés longs de leurs axes peuvent être coupés ; "
    "leurs données restent lisibles dans « Données du graphique » (critère 10.11).",
)

ENVIRONMENT = (
    "Chromium (version Debian) piloté par Playwright, sous Linux ; lecture au clavier dans Chromium. Les lecteurs "
    "d'écran NVDA, JAWS et VoiceOver n'ont pas encore été utilisés."
)

TOOLS = "axe-core (par axe-playwright-python), contrôles de contraste et d'ordre des titres dans les tests."


def grid_name(columns, rows: int, title: str = "") -> str:
    """The accessible name of a data grid (``alt`` of ``st.dataframe``): what it holds, never a
    generic « tableau ». « Tableau : Lieux de la commune, 12 lignes ; colonnes : Nom, Type. »"""
    labels = [str(c) for c in columns]
    head = f"Tableau : {title}, " if title else "Tableau de "
    count = f"{fr.nombre(rows)} ligne{'s' if rows > 1 else ''}"
    return f"{head}{count} ; colonnes : {', '.join(labels)}." if labels else f"{head}{count}."
