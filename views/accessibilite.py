"""Déclaration d'accessibilité, following the RGAA 4.1 model statement (article 47 of law 2005-102)."""

import streamlit as st

from icc import settings
from icc.present import accessibility

contact = settings.load().accessibility_contact

st.title("Déclaration d'accessibilité")
st.markdown(
    "La Métropole Aix-Marseille-Provence s'engage à rendre ses services numériques accessibles, conformément "
    "à l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique au "
    "**Tableau de bord des industries culturelles et créatives** (ICC)."
)

st.header("État de conformité")
st.markdown(
    f"Le Tableau de bord ICC est **{accessibility.CONFORMITY}** avec le référentiel général d'amélioration de "
    "l'accessibilité (RGAA), version 4.1, en raison des non-conformités énumérées ci-dessous (aucune dérogation). "
    f"Le dernier audit automatique, le {accessibility.DECLARED} avec axe-core {accessibility.AXE_CORE}, ne relève "
    "aucune erreur sur les pages publiques, navigation comprise."
)

st.header("Résultats des tests")
st.markdown(accessibility.AUDIT)

st.header("Contenus non accessibles")
st.subheader("Non-conformités")
for item in accessibility.NON_CONFORMITIES:
    st.markdown(f"- {item}")
st.subheader("Dérogations pour charge disproportionnée")
st.markdown("Aucune.")
st.subheader("Contenus non soumis à l'obligation d'accessibilité")
st.markdown(
    "- Le fond de carte, lorsqu'il est activé, est fourni par un tiers (réglage `ICC_BASEMAP`) ; les informations "
    "de la carte sont aussi données sous forme de tableaux."
)

st.header("Établissement de cette déclaration")
st.markdown(f"Cette déclaration a été établie le {accessibility.DECLARED}.")
st.subheader("Technologies utilisées")
st.markdown("HTML, CSS, JavaScript (Streamlit, Plotly, deck.gl), SVG, WebGL.")
st.subheader("Environnement de test")
st.markdown(accessibility.ENVIRONMENT)
st.subheader("Outils pour évaluer l'accessibilité")
st.markdown(accessibility.TOOLS)

st.header("Retour d'information et contact")
st.markdown(
    "Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter le responsable du "
    "Tableau de bord ICC pour être orienté vers une alternative accessible ou obtenir le contenu sous une autre "
    "forme (par exemple les tableaux de données, téléchargeables depuis le mode présentation)."
)
if contact:
    st.markdown("Contact :")
    st.text(contact)  # set by an administrator: shown as text
else:
    st.warning(
        "Aucun contact d'accessibilité n'est encore configuré : l'administrateur doit renseigner le réglage "
        "ICC_ACCESSIBILITY_CONTACT (adresse électronique ou postale du service responsable)."
    )

st.header("Voies de recours")
st.markdown(
    "Cette procédure est à utiliser dans le cas suivant : vous avez signalé au responsable du site internet un "
    "défaut d'accessibilité qui vous empêche d'accéder à un contenu ou à un des services du portail et vous "
    "n'avez pas obtenu de réponse satisfaisante.\n\n"
    "- Écrire un message au Défenseur des droits (formulaire en ligne sur le site du Défenseur des droits) ;\n"
    "- Contacter le délégué du Défenseur des droits dans votre région ;\n"
    "- Envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : Défenseur des droits, "
    "Libre réponse 71120, 75342 Paris CEDEX 07."
)
