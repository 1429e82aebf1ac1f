"""What the accessibility statement says: the team's own audit, kept next to the code it describes.

Update it with every audit: the level shown on every page and the list of what is not yet accessible.
"""

from icc import formatting as fr

CONFORMITY = "partiellement conforme"  # "non conforme", "partiellement conforme" or "totalement conforme"
MENTION = f"Accessibilité : {CONFORMITY}"
DECLARED = "4 décembre 2026"  # the day of the last audit below
AXE_CORE = "4.12.1"  # the axe-core of that audit (tests/test_accessibility.py checks it is the one installed)

AUDIT = (
    f"Dernier audit automatique : le {DECLARED}, avec axe-core {AXE_CORE} (règles WCAG 2.0 et 2.1 des niveaux A "
    "et AA, et bonnes pratiques) dans Chromium, sur chaque page publique (les tableaux de bord, le portrait "
    "d'une commune et d'un conseil de territoire, le mode présentation, les évolutions, la connexion et cette "
    "déclaration), à 1440 × 900 et à 390 × 844 pixels, navigation et interface comprises : aucune erreur relevée. "
    "Chaque graphique, chaque carte et chaque tableau de données porte un nom accessible qui dit ce qu'il montre "
    "(par exemple « Graphique en barres : …, 5 barres. La plus grande : … »), la même phrase que la légende "
    "affichée au-dessus ; ses données sont dans le tableau « Données du graphique » qui le suit. Ces tests sont "
    "rejoués à chaque modification du code. L'équipe de développement a aussi vérifié à la main le parcours au "
    "clavier, l'ordre des titres et l'affichage sur téléphone. Ce n'est pas un audit complet des 106 critères du "
    "RGAA 4.1 par un organisme indépendant : le taux de conformité n'est donc pas calculé, et les non-conformités "
    "ci-dessous restent connues."
)

NON_CONFORMITIES = (
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

TOOLS = (
    f"axe-core {AXE_CORE} (par axe-playwright-python) dans Chromium ; tests du nom accessible de chaque graphique, "
    "carte et tableau de données, et de la structure du menu de navigation (titres de sections, listes, page "
    "en cours) ; contrôles de contraste et d'ordre des titres dans les tests."
)


def grid_name(columns, rows: int, title: str = "") -> str:
    """The accessible name of a data grid (``alt`` of ``st.dataframe``): what it holds, never a
    generic « tableau ». « Tableau : Lieux de la commune, 12 lignes ; colonnes : Nom, Type. »"""
    labels = [str(c) for c in columns]
    head = f"Tableau : {title}, " if title else "Tableau de "
    count = f"{fr.nombre(rows)} ligne{'s' if rows > 1 else ''}"
    return f"{head}{count} ; colonnes : {', '.join(labels)}." if labels else f"{head}{count}."
