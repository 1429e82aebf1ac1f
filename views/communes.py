"""Communes: the portrait of a commune (``?commune=<code INSEE>``) or of a conseil de territoire
(``?territoire=<nom>``), made of panels like every other page."""

from dataclasses import replace

import streamlit as st

from icc import settings
from icc.prepared.filters import Filters, choices
from icc.present import maps
from icc.present.panels.portrait import chosen_communes, place_name
from icc.ui import data, layout

COMMUNE, TERRITOIRE = "commune", "territoire"


def plainly(panel, message: str):
    """A portrait says what its place lacks, instead of asking to widen filters it has not set."""
    return replace(panel, empty_message=message) if panel.empty else panel


bundle = data.bundle()
opts = choices(bundle)
communes, conseils = opts["communes"], list(opts["conseils"])

st.title("Portraits des communes")
KINDS = ["d'une commune", "d'un conseil de territoire"]
kind = st.radio(
    "Portrait",
    KINDS,
    index=1 if TERRITOIRE in st.query_params and COMMUNE not in st.query_params else 0,
    horizontal=True,
    key="portrait_kind",
)


def choose(param: str, other: str, label: str, options: dict[str, str], placeholder: str, key: str) -> str | None:
    """A searchable choice mirrored in the address (``?commune=`` or ``?territoire=``)."""
    asked = st.query_params.get(param)
    picked = st.selectbox(
        label,
        list(options),
        index=list(options).index(asked) if asked in options else None,
        format_func=options.get,
        placeholder=placeholder,
        key=key,
    )
    st.query_params.pop(other, None)
    if picked:
        st.query_params[param] = picked
    return picked


if kind == KINDS[0]:
    code = choose(
        COMMUNE,
        TERRITOIRE,
        "Commune (tapez pour chercher)",
        communes,
        "Choisissez une des 92 communes",
        "portrait_commune",
    )
    chosen = Filters(communes=(code,)) if code else None
else:
    territoire = choose(
        TERRITOIRE,
        COMMUNE,
        "Conseil de territoire",
        {c: c for c in conseils},
        "Choisissez un conseil de territoire",
        "portrait_territoire",
    )
    chosen = Filters(conseils=(territoire,)) if territoire else None

if chosen is None:
    st.info("Choisissez une commune ou un conseil de territoire pour voir son portrait.")
    st.stop()

view = data.filtered(bundle, chosen)
place = place_name(view, chosen)
summary = data.panel(bundle, chosen, "portrait")
st.header(summary.title)
layout.figures(summary)
layout.note(summary.caption)

if view["lieux"].empty and view["evenements"].empty and view["projets"].empty and view["financements"].empty:
    st.info(
        f"Les données du tableau de bord ne citent encore aucun lieu, événement, financement ni grand projet "
        f"à {place}. Elles reprennent la feuille de route : une commune qu'elle ne nomme pas n'y figure pas."
    )

st.header("Lieux")
lieux = data.panel(bundle, chosen, "portrait-lieux")
layout.panel(lieux, key="portrait_lieux")
contours = data.contours()
if contours is not None and not view["lieux"].empty:
    shape = maps.outline(contours.geojson, set(chosen_communes(view, chosen)["code_insee"]))
    points = maps.lieux_points(view["lieux"])  # positions prepared with the data
    st.pydeck_chart(
        maps.deck(
            maps.layers(lieux=points, communes=shape),
            maps.basemap(settings.load().basemap),
            maps.fit(shape, 360 if layout.on_phone() else 700),
        ),
        height=420,
        alt=f"Carte de {place} : contour et lieux ({len(view['lieux'])}), repris dans le tableau ci-dessus.",
    )

st.header("Événements")
layout.panel(plainly(data.panel(bundle, chosen, "festivals"), f"Aucun événement cité à {place}."), key="portrait_ev")

st.header("Grands projets et financements")
layout.panel(plainly(data.panel(bundle, chosen, "grands-projets"), f"Aucun grand projet à {place}."), key="portrait_gp")
layout.panel(
    plainly(data.panel(bundle, chosen, "financements-programme"), f"Aucun financement rattaché à {place}."),
    key="portrait_fin",
)

st.header("Feuille de route")
layout.panel(data.panel(bundle, chosen, "portrait-actions"), key="portrait_actions")

st.page_link(
    "views/presentation.py",
    label="Présenter ce portrait en comité (mode présentation)",
    icon=":material/slideshow:",
    query_params={**chosen.to_query(), "ecrans": "portrait,portrait-lieux,grands-projets,portrait-actions"},
)
