"""Carte: lieux, événements, grands projets and communes of the metropole, with a card per lieu."""

import pandas as pd
import streamlit as st

from icc import formatting as fr
from icc import settings
from icc.prepared import provenance
from icc.prepared.aggregations import communes as agg
from icc.prepared.aggregations import financements as fin
from icc.prepared.filters import Filters
from icc.present import maps, pagedata
from icc.present.accessibility import grid_name
from icc.ui import basemap, data, layout
from icc.ui.filters import sidebar

MAP_KEY, LIEU_KEY, CLICKED = "carte_map", "carte_lieu", "carte_commune_cliquee"


def _on_select() -> None:
    """A click on a lieu (or a project's halo) opens its card through the selectbox; a click on a
    commune's shape opens its portrait (after the callback: a page cannot be switched inside it)."""
    objects = st.session_state[MAP_KEY].selection.objects
    if objects.get(maps.LIEUX):
        st.session_state[LIEU_KEY] = objects[maps.LIEUX][0]["id"]
    elif objects.get(maps.PROJETS):
        st.session_state[LIEU_KEY] = objects[maps.PROJETS][0]["lieu"]
    elif objects.get(maps.COMMUNES):
        st.session_state[CLICKED] = maps.clicked_commune(objects[maps.COMMUNES][0])


if code := st.session_state.pop(CLICKED, None):
    st.switch_page(layout.PORTRAIT_PAGE, query_params=layout.portrait_query(code))


def _count(n: int, singular: str, plural: str) -> str:
    return f"{fr.nombre(n)} {singular if n <= 1 else plural}"


def _legend(frame: pd.DataFrame, title: str) -> None:
    """A legend table whose first column is the colour itself (data stays text)."""
    colors = frame["couleur"].to_list()
    shown = frame.drop(columns="couleur")
    shown.insert(0, "Couleur", "")
    styled = shown.style.apply(
        lambda _: [f"background-color: {c}" if c else "" for c in colors], subset=["Couleur"], axis=0
    )
    st.dataframe(styled, hide_index=True, width="stretch", alt=grid_name(shown.columns, len(shown), title))


bundle = data.bundle()
filters = sidebar(bundle)
view = data.filtered(bundle, filters)
contours = data.contours()
base = maps.basemap(settings.load().basemap)

st.title("Carte")
layout.note(filters.describe(bundle))
commune_names = bundle["communes"].set_index("code_insee")["nom"]
chosen = [c for c in filters.communes if c in commune_names.index]
if chosen:  # a commune chosen in the sidebar: its portrait is one click away
    for column, code in zip(st.columns(min(len(chosen), 4)), chosen[:4], strict=False):
        layout.portrait_link(code, commune_names[code], column)

if view["lieux"].empty and view["evenements"].empty and view["projets"].empty:
    layout.empty("Carte")
    st.stop()

available = [k for k in maps.LAYERS if k != maps.COMMUNES or contours is not None]
left, right = st.columns([3, 2])
couches = left.pills(
    "Couches affichées",
    available,
    selection_mode="multi",
    default=[k for k in (maps.LIEUX, maps.PROJETS, maps.COMMUNES) if k in available],
    format_func=maps.LAYERS.get,
    key="carte_couches",
)
mesure = right.selectbox(
    "Couleur des communes",
    list(agg.MEASURES),
    format_func=agg.MEASURES.get,
    key="carte_mesure",
    disabled=maps.COMMUNES not in couches,
)
if contours is None:
    st.warning(
        "Contours des communes indisponibles (le fichier indiqué par ICC_COMMUNES_GEOJSON est introuvable "
        "ou data/communes.geojson manque) : la carte montre seulement les points, sans carte des communes."
    )

lieux = view["lieux"]
grouped = pagedata.grouped(view)

# Points and values once per data version, filter set and layer choice: a rerun only reads them.
evenements, sans_commune = data.derived(bundle, filters, pagedata.map_events, grouped[maps.EVENEMENTS])
projets, sans_lieu = data.derived(bundle, filters, pagedata.map_projects)
statuts = filters.statuts or fin.MOBILISES
# The museums' discs are sized by their latest attendance (one symbol per commune beyond the limit).
year = data.derived(bundle, Filters(), pagedata.museum_year, filters.annee_min, filters.annee_max)
musees = (
    data.derived(bundle, filters, pagedata.map_museums, year)
    if maps.LIEUX in couches and not grouped[maps.LIEUX]
    else {"musees": 0}
)
chart = (
    data.derived(bundle, filters, pagedata.map_communes, mesure, tuple(statuts)) if maps.COMMUNES in couches else None
)

# On a phone the metropole's view is fitted to a 360 px wide map (Istres and Martigues included).
map_view = maps.fit(contours.geojson, 360, 620) if layout.on_phone() and contours else None
map_layers = maps.layers(
    lieux=data.derived(bundle, filters, pagedata.map_lieux, grouped[maps.LIEUX], year)
    if maps.LIEUX in couches
    else None,
    evenements=evenements if maps.EVENEMENTS in couches else None,
    projets=projets if maps.PROJETS in couches else None,
    communes=maps.communes_geojson(contours.geojson, chart) if chart is not None else None,
    noms=maps.commune_labels(bundle["communes"], map_view) if chart is not None else None,
)
drawn = []  # what the map shows, named in its text alternative (the tables below give the values)
if maps.LIEUX in couches:
    drawn.append(_count(len(lieux), "lieu", "lieux"))
if musees["musees"]:
    drawn.append(
        _count(musees["musees"], "musée", "musées")
        + f" dont le disque croît avec la fréquentation de {musees['annee']}, listés dans le tableau sous la carte"
    )
if maps.EVENEMENTS in couches:
    drawn.append("événements au centre de leur commune")
if maps.PROJETS in couches:
    drawn.append(_count(len(projets), "grand projet placé", "grands projets placés"))
if chart is not None:
    drawn.append(f"communes colorées selon : {agg.MEASURES[mesure]}")
map_alt = "Carte de la Métropole Aix-Marseille-Provence : " + (" ; ".join(drawn) or "aucune couche affichée") + "."
map_col, legend_col = st.columns([3, 1])
with map_col:
    st.pydeck_chart(
        maps.deck(map_layers, base, map_view),
        on_select=_on_select,
        selection_mode="single-object",
        key=MAP_KEY,
        height=620,
        alt=map_alt,
    )

with legend_col:
    st.header("Légende")
    shown = [f for k, f in ((maps.LIEUX, lieux), (maps.EVENEMENTS, view["evenements"])) if k in couches]
    families = maps.family_legend(*shown) if shown else pd.DataFrame()
    if len(families):
        _legend(families, "Légende des filières")
    if maps.LIEUX in couches:
        st.caption(
            "Lieux : disque plein = position précise (adresse ou site connu) ; cercle vide = position "
            "approximative, seule la commune est connue (cercles disposés autour du centre de la commune)."
        )
    if musees["musees"]:
        st.caption(
            f"Musées : surface du disque proportionnelle aux entrées de {musees['annee']} (le disque de "
            f"{maps.MUSEE_REF_RADIUS_PX} px de rayon vaut {fr.nombre(maps.MUSEE_REF_ATTENDANCE)} entrées) ; "
            f"plus petit disque = pas de chiffre en {musees['annee']} (fermé, non communiqué ou compté avec un "
            "autre musée : l'infobulle et le tableau sous la carte disent pourquoi)."
        )
    if maps.EVENEMENTS in couches:
        st.caption(
            f"Événements : au centre de leur commune ; surface du disque proportionnelle à la fréquentation "
            f"(le disque de {maps.REF_RADIUS_PX} px de rayon vaut {fr.nombre(maps.REF_ATTENDANCE)} personnes) ; "
            "plus petit disque = fréquentation non connue."
        )
    if maps.PROJETS in couches:
        st.caption("Grands projets : grand disque cerclé de noir, à l'emplacement de leur lieu.")
    if chart is not None:
        st.text(f"Communes : {agg.MEASURES[mesure]}")
        _legend(chart.legend(), f"Légende des communes, {agg.MEASURES[mesure]}")
        if mesure == agg.FINANCEMENTS:
            st.caption(
                f"Statuts comptés : {', '.join(statuts)}. Montants cumulés sur leur période, rattachés à la "
                "commune du projet financé ; une enveloppe contenue dans une autre n'est pas comptée deux fois."
            )
    approx_events = maps.EVENEMENTS in couches and view["evenements"]["approximatif"].any()
    if (chart is not None and chart.values["approximatif"].any()) or approx_events:
        st.caption(fr.APPROX_NOTE)

if chart is not None:
    with st.expander(f"Valeurs par commune : {agg.MEASURES[mesure]}"):
        values = chart.table()
        if values.empty:
            layout.empty(agg.MEASURES[mesure])
        else:
            layout.table_with_portraits(
                values,
                chart.counted()["code_insee"],
                "Communes où quelque chose est compté, de la plus grande valeur à la plus petite ; "
                "chacune ouvre son portrait.",
                key="carte_valeurs",
                title=f"Valeurs par commune, {agg.MEASURES[mesure]}",
            )

if musees["musees"]:
    with st.expander(f"Musées : fréquentation en {musees['annee']}"):
        layout.table_with_portraits(
            musees["table"],
            musees["codes"],
            f"{_count(musees['musees'], 'musée', 'musées')} sur la carte, "
            f"{_count(musees['chiffres'], 'chiffré', 'chiffrés')} en {musees['annee']}, du plus visité au "
            "moins visité ; ceux sans chiffre cette année-là disent pourquoi. "
            + provenance.caption(bundle, view["frequentation_lieux"], "frequentation_lieux"),
            key="carte_musees",
            title=f"Musées : fréquentation en {musees['annee']}",
        )

notes = []
if maps.EVENEMENTS in couches and sans_commune:
    notes.append(
        _count(sans_commune, "événement sans commune connue n'est", "événements sans commune connue ne sont")
        + " pas sur la carte."
    )
if maps.PROJETS in couches and sans_lieu:
    notes.append(
        _count(sans_lieu, "grand projet sans lieu connu n'est", "grands projets sans lieu connu ne sont")
        + " pas sur la carte."
    )
shown_events = int(evenements["nombre"].sum()) if grouped[maps.EVENEMENTS] else len(evenements)
counts = [_count(len(lieux), "lieu", "lieux")] if maps.LIEUX in couches else []
counts += [_count(shown_events, "événement", "événements")] if maps.EVENEMENTS in couches else []
for name, noun in ((maps.LIEUX, "lieux"), (maps.EVENEMENTS, "événements")):
    if name in couches and grouped[name]:
        notes.append(
            f"Plus de {fr.nombre(maps.MAX_POINTS)} {noun} : un symbole par commune, de surface croissante avec leur "
            "nombre (au survol, le nombre exact) ; resserrez les filtres pour voir chaque point."
        )
counts += [_count(len(projets), "grand projet", "grands projets")] if maps.PROJETS in couches else []
if counts:
    st.caption("Sur la carte : " + ", ".join(counts) + ". " + " ".join(notes))
elif not couches:
    st.info("Aucune couche n'est affichée : choisissez-en au moins une au-dessus de la carte.")
for name, frame in ((maps.LIEUX, lieux), (maps.EVENEMENTS, evenements), (maps.PROJETS, projets)):
    if name in couches and frame.empty:
        layout.empty(maps.LAYERS[name])

contour_note = f"Contours des communes : {contours.origin}." if contours is not None else ""
basemap.status(base, contour_note)
datasets = [d for d in ("lieux", "evenements", "projets") if d in couches]
if chart is not None:
    datasets += {agg.SITES: ["lieux"], agg.FREQUENTATION: ["evenements"], agg.FINANCEMENTS: ["financements"]}[mesure]
datasets = list(dict.fromkeys([*datasets, "communes"]))
sources = pd.concat([view[d][["source"]] for d in datasets if d != "communes"], ignore_index=True)
st.caption(provenance.caption(bundle, sources, *datasets))

if lieux.empty:
    st.stop()  # no lieu to show a card for (already said above)
if len(lieux) > maps.MAX_POINTS:
    st.header("Fiche d'un lieu")
    st.info(
        f"{fr.nombre(len(lieux))} lieux correspondent aux filtres : choisissez une commune ou une filière dans la "
        "barre latérale pour ouvrir la fiche d'un lieu."
    )
    st.stop()

st.header("Fiche d'un lieu")
options = lieux.sort_values("nom", key=maps.sort_key)["id"].to_list()
names = dict(zip(lieux["id"], lieux["nom"].astype(str) + " – " + lieux["commune"].fillna(""), strict=True))
if st.session_state.get(LIEU_KEY) not in options:
    st.session_state[LIEU_KEY] = None
choisi = st.selectbox(
    "Choisir un lieu",
    options,
    index=None,
    format_func=names.get,
    placeholder="Cliquez sur un lieu de la carte ou choisissez-le ici",
    key=LIEU_KEY,
)
if choisi is not None:
    card = maps.fiche(bundle, choisi)
    st.text(card.nom)
    layout.table(card.champs, provenance.caption(bundle, card.rows, "lieux"), title=f"Fiche du lieu {card.nom}")
    code = lieux.set_index("id").loc[choisi, "code_insee"]
    if isinstance(code, str) and code in commune_names.index:
        layout.portrait_link(code, commune_names[code])
    for projet in card.projets:
        st.subheader("Grand projet lié")
        st.text(projet.nom)
        name = grid_name(projet.champs.columns, len(projet.champs), f"Grand projet lié : {projet.nom}")
        st.dataframe(projet.champs, hide_index=True, width="stretch", alt=name)
        st.metric("Financements acquis, lauréats ou en nature", projet.obtenu)
        if projet.financements.empty:
            st.info("Aucun financement recensé pour ce projet.")
        else:
            layout.table(
                projet.financements,
                "Tous statuts ; le total ci-dessus ne compte pas deux fois une enveloppe contenue dans une autre. "
                + provenance.caption(bundle, projet.rows, "financements"),
                title=f"Financements du projet {projet.nom}",
            )
