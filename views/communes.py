"""Communes: the 92 communes at a glance (map and table, the six conseils de territoire), and the
portrait of a commune (``?commune=<code INSEE>``) or of a conseil de territoire (``?territoire=<nom>``),
titled by its place and made of panels like every other page."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from icc import formatting as fr
from icc import settings
from icc.prepared.aggregations import communes as com
from icc.prepared.filters import Filters, choices
from icc.prepared.provenance import escape_markdown
from icc.present import maps, pagedata
from icc.present.panels.base import readable
from icc.present.panels.communes import CODE, per_label
from icc.present.panels.portrait import chosen_communes, place_name
from icc.ui import data, layout
from icc.web import navigation

COMMUNE, TERRITOIRE = navigation.COMMUNE_PARAM, navigation.TERRITOIRE_PARAM
KIND_KEY, COMMUNE_KEY, TERRITOIRE_KEY = "portrait_kind", "portrait_commune", "portrait_territoire"
MAP_KEY, MEASURE_KEY, SORT_KEY = "communes_carte", "communes_mesure", "communes_tri"
KINDS = ["d'une commune", "d'un conseil de territoire"]


def plainly(panel, message: str):
    """A portrait says what its place lacks, instead of asking to widen filters it has not set."""
    return replace(panel, empty_message=message) if panel.empty else panel


def _on_map_click() -> None:
    """A click on a commune's shape opens its portrait: its address, the choosers drawn anew from it."""
    picked = st.session_state[MAP_KEY].selection.objects.get(maps.COMMUNES)
    code = maps.clicked_commune(picked[0]) if picked else None
    if code in communes:
        st.query_params.pop(TERRITOIRE, None)
        st.query_params[COMMUNE] = code
        for key in (KIND_KEY, COMMUNE_KEY):
            st.session_state.pop(key, None)


bundle = data.bundle()
opts = choices(bundle)
communes, conseils = opts["communes"], list(opts["conseils"])
head = st.container()  # the page's title: the place, once the choice below is known

kind = st.radio(
    "Portrait",
    KINDS,
    index=1 if TERRITOIRE in st.query_params and COMMUNE not in st.query_params else 0,
    horizontal=True,
    key=KIND_KEY,
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
    else:
        st.query_params.pop(param, None)
    return picked


if kind == KINDS[0]:
    code = choose(
        COMMUNE,
        TERRITOIRE,
        "Portrait d'une commune (tapez pour chercher)",
        communes,
        f"Choisissez une des {fr.nombre(len(communes))} communes",
        COMMUNE_KEY,
    )
    chosen = Filters(communes=(code,)) if code else None
else:
    territoire = choose(
        TERRITOIRE,
        COMMUNE,
        "Portrait d'un conseil de territoire",
        {c: c for c in conseils},
        "Choisissez un conseil de territoire",
        TERRITOIRE_KEY,
    )
    chosen = Filters(conseils=(territoire,)) if territoire else None


# --- no place chosen: the communes side by side ------------------------------------------

MEASURES = dict(com.COUNTS)
MEASURES.update({f"{column}{maps.PER_INHABITANT}": per_label(column) for column in com.COUNTS})


MUSEUMS = com.COUNTS["musees"]
VISITS = {"entrees_musees", f"entrees_musees{maps.PER_INHABITANT}", com.COUNTS["entrees_musees"]}
VISITS |= {per_label("entrees_musees")}
NO_MUSEUM = "aucun musée de France"


def _reading(value: str, museums, measure: str) -> str:
    """A value as read, museum visits said plainly: « aucun musée de France » where there is none,
    « non chiffré » where its museums have no figure that year (never 0)."""
    if value or measure not in VISITS:
        return value or "non chiffré"
    return NO_MUSEUM if not museums else "non chiffré"


MUSEUM_PHONE_COLUMNS = 4  # a museum, its latest figure, its year and its trend
PHONE_COLUMNS = 2  # on a phone a table shows its name and the figure it is sorted by (no sideways scrolling)


def _shown_columns(sort: str, first: str = "Commune") -> list[str]:
    """The columns the page shows (the exports carry them all): the name, the figure sorted by
    (the places' sites when sorted by name), population, conseil de territoire, the other counts."""
    primary = com.COUNTS["lieux"] if sort == first else sort
    columns = [first, primary, "Population", "Conseil de territoire", *com.COUNTS.values()]
    return list(dict.fromkeys(columns))


def overview() -> None:
    whole = Filters()
    table = data.panel(bundle, whole, "communes")
    territoires = data.panel(bundle, whole, "territoires")
    rows = data.derived(bundle, whole, com.table)  # the panel's own numbers, by code, for the map
    with head:
        st.title("Communes")
        layout.note(
            f"Les {fr.nombre(len(rows))} communes de la Métropole et ce que les données du tableau de bord "
            "comptent dans chacune. Cliquez une commune sur la carte, son nom dans le tableau ou choisissez-la "
            "ci-dessous pour ouvrir son portrait."
        )
    measure = st.selectbox(
        "Couleur des communes sur la carte", list(MEASURES), format_func=MEASURES.get, key=MEASURE_KEY
    )
    contours = data.contours()
    map_col, legend_col = st.columns([3, 1])
    if contours is not None:
        values = pd.DataFrame(
            {
                "code_insee": rows["code_insee"],
                "commune": rows["nom"],
                "valeur": rows[measure].fillna(0.0).astype(float),
                "approximatif": False,
                "evenements": 0,
                "sans_chiffre": 0,
            }
        )
        chart = maps.choropleth(values, measure)
        values_read = [
            _reading(chart.fmt(v) if not pd.isna(v) else "", museums, measure)
            for v, museums in zip(rows[measure], rows["musees"], strict=True)
        ]
        tips = {
            code: f"{name}\n{MEASURES[measure]} : {value}"
            for code, name, value in zip(rows["code_insee"], rows["nom"], values_read, strict=True)
        }
        map_view = maps.fit(contours.geojson, 360, 520) if layout.on_phone() else None
        with map_col:
            st.pydeck_chart(
                maps.deck(
                    maps.layers(
                        communes=maps.communes_geojson(contours.geojson, chart, tips),
                        noms=maps.commune_labels(bundle["communes"], map_view),
                    ),
                    maps.basemap(settings.load().basemap),
                    map_view,
                ),
                on_select=_on_map_click,
                selection_mode="single-object",
                key=MAP_KEY,
                height=520,
                alt=f"Carte des communes colorées par « {MEASURES[measure]} », reprise dans le tableau ci-dessous ; "
                "un clic sur une commune ouvre son portrait.",
            )
        with legend_col:
            st.text(f"Communes : {MEASURES[measure]}")
            layout.color_legend(chart.legend())
    else:
        st.warning("Contours des communes indisponibles : les communes sont dans le tableau ci-dessous.")

    st.header(table.title)
    orders = ["Commune", "Population", *MEASURES.values()]
    sort = st.selectbox("Trier le tableau par", orders, key=SORT_KEY)
    ordered = table.table
    if sort != "Commune":  # largest first; unknown last; equal values in alphabetical order
        ordered = ordered.sort_values(sort, ascending=False, kind="stable", na_position="last")
    shown = readable(table, ordered)
    for column in VISITS & set(shown.columns):  # no museum: no visits, rather than 0 or a blank
        shown[column] = [_reading(v, m, column) for v, m in zip(shown[column], ordered[MUSEUMS], strict=True)]
    urls = [layout.portrait_url(c) for c in ordered[CODE]]
    shown["Commune"] = [layout.linked(n, u) for n, u in zip(ordered["Commune"], urls, strict=True)]
    columns = _shown_columns(sort)
    cells = shown[columns].copy()
    for column in columns[1:]:  # data is text: escaped like the names
        cells[column] = [layout.linked(v if isinstance(v, str) else "", None) for v in cells[column]]
    with st.container(key="communes_liste"):
        layout.phone_columns("communes_liste", PHONE_COLUMNS)
        layout.link_table(cells, table.caption)
    layout.note(
        f"{table.note} Chaque nom ouvre le portrait de la commune (dans un nouvel onglet). Sur un téléphone, le "
        "tableau montre la commune et le chiffre du tri. Toutes les colonnes, y compris les chiffres pour 10 000 "
        "habitants, sont dans les exports de la présentation."
    )

    st.header(territoires.title)
    summary = readable(territoires)
    kept = [c for c in _shown_columns(sort, "Conseil de territoire") if c in summary.columns]
    with st.container(key="communes_territoires"):
        layout.phone_columns("communes_territoires", PHONE_COLUMNS)
        layout.static_table(summary[kept], territoires.caption)
    layout.note(territoires.note)
    st.page_link(
        "views/presentation.py",
        label="Présenter les communes en comité (mode présentation)",
        icon=":material/slideshow:",
        query_params={"ecrans": "communes,territoires"},
    )


if chosen is None:
    overview()
    st.stop()


# --- a portrait ---------------------------------------------------------------------------

view = data.filtered(bundle, chosen)
place = place_name(view, chosen)
st.set_page_config(page_title=navigation.portrait_title(place))
members = chosen_communes(view, chosen)
population = members["population"].sum() if members["population"].notna().any() else None
with head:
    st.title(place)
    where = (
        f"Conseil de territoire : {', '.join(sorted(members['conseil_de_territoire'].dropna().unique()))}"
        if chosen.communes
        else f"{fr.nombre(len(members))} communes"
    )
    people = (
        f"{fr.nombre(population)} habitants (population municipale, INSEE)" if population else "population non connue"
    )
    layout.note(f"{where} · {people}")
    st.page_link("views/communes.py", label="Toutes les communes", icon=":material/arrow_back:")

summary = data.panel(bundle, chosen, "portrait")
st.header("En chiffres")
layout.figures(summary)
layout.note(summary.caption)

if view["lieux"].empty and view["evenements"].empty and view["projets"].empty and view["financements"].empty:
    st.info(
        f"Les données du tableau de bord ne citent encore aucun lieu, événement, financement ni grand projet "
        f"à {escape_markdown(place)}. Elles reprennent la feuille de route : une commune qu'elle ne nomme pas "
        "n'y figure pas."
    )

if chosen.communes:
    comparison = data.panel(bundle, chosen, "portrait-comparaison")
    st.header("Comparée aux autres communes")
    if comparison.empty:
        layout.listing(comparison, key="portrait_comparaison")
    else:
        for sentence in comparison.table["Rang"]:
            st.text(f"{place} : {sentence}")
        # The ranks are read above, in words.
        layout.listing(replace(comparison, table=comparison.table.drop(columns="Rang")), key="portrait_comparaison")

st.header("Lieux")
lieux = data.panel(bundle, chosen, "portrait-lieux")
layout.listing(lieux, key="portrait_lieux")
contours = data.contours()
if contours is not None and not view["lieux"].empty:
    shape = maps.outline(contours.geojson, set(members["code_insee"]))
    year = data.derived(bundle, Filters(), pagedata.museum_year, None, None)
    # Museums sized by their attendance; beyond the map's limit one symbol per commune, as on the Carte.
    many = pagedata.grouped(view)[maps.LIEUX]
    points = data.derived(bundle, chosen, pagedata.map_lieux, many, year)
    st.pydeck_chart(
        maps.deck(
            maps.layers(lieux=points, communes=shape),
            maps.basemap(settings.load().basemap),
            maps.fit(shape, 360 if layout.on_phone() else 700),
        ),
        height=420,
        alt=f"Carte de {place} : contour et lieux ({len(view['lieux'])}"
        + (", un symbole par commune" if many else "")
        + "), repris dans le tableau ci-dessus.",
    )

st.header("Musées")
with st.container(key="portrait_musees_liste"):
    layout.phone_columns("portrait_musees_liste", MUSEUM_PHONE_COLUMNS)
    layout.listing(data.panel(bundle, chosen, "portrait-musees"), key="portrait_musees")
if layout.on_phone():
    layout.note("Sur un téléphone, le tableau montre le musée, ses entrées, leur année et leur évolution.")

st.header("Festivals et événements")
layout.listing(data.panel(bundle, chosen, "portrait-evenements"), key="portrait_evenements")
ranked = data.panel(bundle, chosen, "festivals")
if not ranked.empty:
    layout.panel(ranked, key="portrait_ev")

st.header("Grands projets et financements")
projets = plainly(data.panel(bundle, chosen, "grands-projets"), f"Aucun grand projet à {place}.")
layout.listing(projets, key="portrait_gp")
layout.panel(
    plainly(data.panel(bundle, chosen, "financements-programme"), f"Aucun financement rattaché à {place}."),
    key="portrait_fin",
)

st.header("Feuille de route")
layout.listing(data.panel(bundle, chosen, "portrait-actions"), key="portrait_actions")

st.page_link(
    "views/presentation.py",
    label="Présenter ce portrait en comité (mode présentation)",
    icon=":material/slideshow:",
    query_params={
        **chosen.to_query(),
        "ecrans": "portrait,portrait-comparaison,portrait-lieux,portrait-musees,portrait-evenements,grands-projets,"
        "portrait-actions",
    },
)
