"""The map: points and contours in, a pydeck Deck out (no Streamlit here).

Only the columns each layer draws are sent to the browser, as plain records. Every
tooltip is one pre-formatted text field (``infobulle``) shown through deck.gl's
``{"text": ...}`` tooltip, which sets it as text: a name is never read as HTML.

Longer than 600 lines on purpose: the layers of one map (contours, sites, festivals, funding)
share their view state, legend and tooltip conventions, and are read together when one changes.
"""

from __future__ import annotations

import json
import math
import urllib.parse
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from icc import formatting as fr
from icc.colors import family_color, rgb
from icc.frames import isin
from icc.prepared.aggregations import communes as agg
from icc.prepared.aggregations import financements as fin
from icc.prepared.model import drawn_positions
from icc.present import visites
from icc.present.tables import display

LIEUX, EVENEMENTS, PROJETS, COMMUNES = "lieux", "evenements", "projets", "communes"
LAYERS = {
    LIEUX: "Lieux",
    EVENEMENTS: "Événements",
    PROJETS: "Grands projets",
    COMMUNES: "Communes colorées",
}
NOMS = "noms"  # commune names, drawn with the contours (not a layer of its own in the toggles)
# Drawn bottom to top: contours and their names, then big event discs, project halos, and sites on top.
DRAW_ORDER = (COMMUNES, NOMS, EVENEMENTS, PROJETS, LIEUX)
VIEW = {"latitude": 43.45, "longitude": 5.3, "zoom": 8.75}  # the whole metropole in a 700 px wide map
TOOLTIP = {"text": "{infobulle}"}

PRECISIONS = {
    "adresse": "adresse exacte",
    "lieu": "site connu",
    "commune": "centre de la commune (position approximative)",
}
# Event discs: area proportional to attendance (radius ~ sqrt), on a fixed scale so that
# a disc keeps its size whatever the filters.
REF_ATTENDANCE = 150_000
REF_RADIUS_PX = 30
MIN_RADIUS_PX = 4
# Museums: a lieu with yearly attendance (``frequentation_lieux``) is a disc whose area is
# proportional to its visits in the latest year shown, on a fixed scale (``MUSEE_MIN_RADIUS_PX`` at
# least); a museum without a figure that year is the smallest disc (its tooltip says why).
LIEU_RADIUS_PX = 6
MUSEE_REF_ATTENDANCE = 100_000
MUSEE_REF_RADIUS_PX = 16
MUSEE_MIN_RADIUS_PX = 5
MUSEE_NO_FIGURE_PX = 4
# Sequential blue-grey ramp for the communes: neutral, so the family colours of the
# points stay the only saturated colours on the map.
RAMP = ("#E8EDF2", "#C9D3DE", "#A3B2C3", "#7A8DA4", "#55687F")
WHITE, DARK = [255, 255, 255], [40, 40, 40]
POSITRON = "CARTO Positron (fond par défaut de Streamlit)"


def _records(frame: pd.DataFrame) -> list[dict]:
    """Plain JSON-ready records (no NaN, no numpy types)."""
    return json.loads(frame.to_json(orient="records", force_ascii=False))


def _approx(value) -> bool:
    return not pd.isna(value) and bool(value)


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def sort_key(values: pd.Series) -> pd.Series:
    """French alphabetical order: « Édition » among the E, not after Z."""
    return values.str.normalize("NFD").str.encode("ascii", "ignore").str.decode("ascii").str.lower()


def _family_rgba(famille, alpha: int) -> list[int]:
    return [*rgb(family_color(None if pd.isna(famille) else famille)), alpha]


# --- points -------------------------------------------------------------------------


def positions_of(lieux: pd.DataFrame) -> pd.DataFrame:
    """Drawn position of each lieu (index ``id``: ``lon``, ``lat``), prepared once per version by
    icc.prepared.model.enrich; a table that was not prepared gets them computed."""
    if {"lon_carte", "lat_carte"} <= set(lieux.columns):
        ids = lieux["id"].astype(str).to_numpy()
        return pd.DataFrame({"lon": lieux["lon_carte"].to_numpy(), "lat": lieux["lat_carte"].to_numpy()}, index=ids)
    return drawn_positions(lieux)


def museum_radius(visits) -> float:
    """A museum's disc: area proportional to its visits (none that year: the smallest disc)."""
    if pd.isna(visits):
        return MUSEE_NO_FIGURE_PX
    return max(MUSEE_MIN_RADIUS_PX, MUSEE_REF_RADIUS_PX * math.sqrt(float(visits) / MUSEE_REF_ATTENDANCE))


def lieux_points(
    lieux: pd.DataFrame, positions: pd.DataFrame | None = None, musees: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One point per lieu; a lieu placed at its commune's centre is a hollow ring.

    ``musees`` (icc.present.visites.status): the museums' latest attendance; a museum's disc is
    sized by it (``rayon``) and its tooltip says the figure and the year, or why there is none."""
    positions = positions_of(lieux) if positions is None else positions
    at_commune = lieux["precision_localisation"] == "commune"
    known = musees.set_index("lieu") if musees is not None and len(musees) else None
    tips, radii = [], []
    for _, row in lieux.iterrows():
        lines = [
            _text(row["nom"]),
            f"{_text(row['type_equipement_ou_lieu'])} · {_text(row['filiere_nom'])}",
            _text(row["commune"]),
            f"Position : {PRECISIONS.get(row['precision_localisation'], '')}",
        ]
        if row["statut"] == "en projet":
            lines.append("Lieu en projet")
        radius = LIEU_RADIUS_PX
        if known is not None and row["id"] in known.index:
            museum = known.loc[row["id"]]
            lines.append(f"Fréquentation : {museum['etat']}")
            lines.append(visites.last_known(museum))
            radius = museum_radius(museum["total"])
        tips.append("\n".join(line for line in lines if line))
        radii.append(round(radius, 1))
    ids = lieux["id"].astype(str)
    points = pd.DataFrame(
        {
            "id": ids.to_numpy(),
            "lon": ids.map(positions["lon"]).to_numpy(float),
            "lat": ids.map(positions["lat"]).to_numpy(float),
            "fond": [
                _family_rgba(f, 0 if hollow else 230) for f, hollow in zip(lieux["famille"], at_commune, strict=True)
            ],
            "trait": [
                _family_rgba(f, 255) if hollow else [*WHITE, 255]
                for f, hollow in zip(lieux["famille"], at_commune, strict=True)
            ],
            "infobulle": tips,
        }
    )
    if known is None:
        return points
    # Small discs drawn over large ones (a museum's disc does not hide its neighbours).
    points["rayon"] = radii
    return points.sort_values("rayon", ascending=False, kind="stable").reset_index(drop=True)


def event_radius(attendance) -> float:
    if pd.isna(attendance):
        return MIN_RADIUS_PX
    return max(MIN_RADIUS_PX, REF_RADIUS_PX * math.sqrt(float(attendance) / REF_ATTENDANCE))


def evenements_points(evenements: pd.DataFrame, communes: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Events at their commune's centre, sized by attendance; and how many have no commune."""
    placed = evenements[evenements["code_insee_commune"].notna()]
    centre = communes.set_index("code_insee")
    tips = []
    for _, row in placed.iterrows():
        year = "" if pd.isna(row["annee"]) else f" ({int(row['annee'])})"
        if pd.isna(row["frequentation"]):
            attendance = "Fréquentation non connue"
        else:
            kind = _text(row["type_frequentation"]) or "personnes"
            attendance = fr.approx(f"{fr.nombre(row['frequentation'])} {kind}", _approx(row["approximatif"]))
        tips.append(f"{_text(row['nom'])}{year}\n{_text(row['filiere_nom'])}\n{_text(row['commune'])}\n{attendance}")
    points = pd.DataFrame(
        {
            "id": placed["id"].astype(str),
            "lon": placed["code_insee_commune"].map(centre["longitude"]).astype(float),
            "lat": placed["code_insee_commune"].map(centre["latitude"]).astype(float),
            "rayon": [round(event_radius(v), 1) for v in placed["frequentation"]],
            # Always filled: a hollow ring means "lieu placed at its commune's centre".
            "fond": [_family_rgba(f, 110) for f in placed["famille"]],
            "trait": [_family_rgba(f, 255) for f in placed["famille"]],
            "infobulle": tips,
        }
    )
    # Small discs on top of big ones at the same commune centre.
    points = points.sort_values("rayon", ascending=False, kind="stable").reset_index(drop=True)
    return points, int(len(evenements) - len(placed))


def projets_points(
    projets: pd.DataFrame, lieux: pd.DataFrame, positions: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, int]:
    """Projects at the position of their lieu (``projets.lieu``, else a lieu pointing to them).

    ``lieux`` should be the whole table: a project shown by the filters keeps its place
    even if its lieu is of another filière. Returns the points and how many have no lieu.
    """
    by_id = positions_of(lieux) if positions is None else positions
    back = lieux[lieux["projet"].notna()].drop_duplicates("projet").set_index("projet")["id"]
    lieu = projets["lieu"].where(isin(projets["lieu"], by_id.index), projets["id"].map(back))
    placed = projets.assign(lieu_id=lieu)[lieu.notna()]
    tips = []
    for _, row in placed.iterrows():
        lines = [_text(row["nom"]), f"Grand projet · {_text(row['statut'])}", _text(row["commune"])]
        if not pd.isna(row["budget_total_eur"]):
            lines.append("Budget : " + fr.approx(fr.euros(row["budget_total_eur"]), _approx(row["approximatif"])))
        tips.append("\n".join(line for line in lines if line))
    points = pd.DataFrame(
        {
            "id": placed["id"].astype(str),
            "lieu": placed["lieu_id"].astype(str),
            "lon": placed["lieu_id"].map(by_id["lon"]).astype(float),
            "lat": placed["lieu_id"].map(by_id["lat"]).astype(float),
            "fond": [_family_rgba(f, 70) for f in placed["famille"]],
            "infobulle": tips,
        }
    ).reset_index(drop=True)
    return points, int(len(projets) - len(placed))


# --- many points: one symbol per commune ------------------------------------------------

MAX_POINTS = 3_000  # beyond this many points in view, the map draws one symbol per commune
GROUP_RADIUS_PX = (6, 28)  # smallest and largest symbol; area grows with the count


def grouped_points(frame: pd.DataFrame, communes: pd.DataFrame, code_col: str, noun: tuple[str, str]) -> pd.DataFrame:
    """One symbol per commune at its centre, sized by the number of rows it stands for.

    Its colour is the family most represented there; its tooltip gives the exact count.
    The browser receives a few hundred symbols instead of tens of thousands of points."""
    placed = frame[frame[code_col].notna()]
    if placed.empty:
        return pd.DataFrame(columns=["id", "lon", "lat", "rayon", "fond", "trait", "infobulle", "nombre"])
    counts = placed.groupby(code_col).size()
    top_family = placed.groupby([code_col, "famille"], dropna=False).size().reset_index(name="n")
    top_family = top_family.sort_values("n", ascending=False).drop_duplicates(code_col).set_index(code_col)["famille"]
    centre = communes.set_index("code_insee")
    codes = counts.index.astype(str)
    small, large = GROUP_RADIUS_PX
    radius = small + (large - small) * np.sqrt(counts.to_numpy() / max(1, counts.max()))
    singular, plural = noun
    names = pd.Series(codes, index=codes).map(centre["nom"]).fillna("")
    return pd.DataFrame(
        {
            "id": codes,
            "lon": codes.map(centre["longitude"]).astype(float),
            "lat": codes.map(centre["latitude"]).astype(float),
            "rayon": radius.round(1),
            "fond": [_family_rgba(f, 170) for f in codes.map(top_family)],
            "trait": [[*WHITE, 255]] * len(codes),
            "infobulle": [
                f"{name}\n{fr.nombre(n)} {singular if n <= 1 else plural}"
                for name, n in zip(names, counts.to_numpy(), strict=True)
            ],
            "nombre": counts.to_numpy(),
        }
    ).reset_index(drop=True)


# --- communes -----------------------------------------------------------------------


def ramp(k: int) -> list[str]:
    """``k`` colours of the ramp, darkest last (few classes use the darker end)."""
    return list(RAMP[len(RAMP) - k :]) if k else []


@dataclass(frozen=True)
class Choropleth:
    measure: str
    values: pd.DataFrame  # agg.COLUMNS, one row per commune
    bounds: list[tuple[float, float]]

    @property
    def colors(self) -> pd.Series:
        """Hex colour per commune; empty string for a commune with nothing counted."""
        palette = ramp(len(self.bounds))
        idx = agg.class_of(self.values["valeur"], self.bounds)
        return idx.map(lambda i: palette[i] if i >= 0 else "")

    def fmt(self, value: float) -> str:
        """A bound of the legend: euros for funding, two decimals for a value per 10 000 inhabitants."""
        if self.measure.startswith(agg.FINANCEMENTS):
            return fr.euros(value)
        return fr.nombre(value, 2 if self.measure.endswith(PER_INHABITANT) else 0)

    def detail(self, row) -> str:
        """What a commune's value reads (« env. 150 personnes (3 événements, dont 1 sans … ) »)."""
        value, approx = row["valeur"], bool(row["approximatif"])
        if self.measure == agg.SITES:
            return f"{fr.nombre(value)} lieu{'x' if value > 1 else ''}"
        if self.measure == agg.FINANCEMENTS:
            return fr.approx(fr.euros(value), approx)
        n, missing = int(row["evenements"]), int(row["sans_chiffre"])
        if not n:
            return "aucun événement"
        # No figure among its events: not quantified, never « 0 personnes ».
        text = "fréquentation non chiffrée" if n == missing else fr.approx(f"{fr.nombre(value)} personnes", approx)
        text += f" ({fr.nombre(n)} événement{'s' if n > 1 else ''}"
        return text + (f", dont {fr.nombre(missing)} sans fréquentation connue)" if missing else ")")

    def counted(self) -> pd.DataFrame:
        """The communes where something is counted, largest first (the order of ``table``)."""
        return self.values[self.values["valeur"] > 0].sort_values(["valeur", "commune"], ascending=[False, True])

    def table(self) -> pd.DataFrame:
        """The communes where something is counted, largest first, values as read (« env. »)."""
        rows = self.counted()
        return pd.DataFrame(
            {
                "Commune": rows["commune"].to_list(),
                agg.MEASURES[self.measure]: [self.detail(r) for _, r in rows.iterrows()],
            }
        )

    def legend(self) -> pd.DataFrame:
        """Colour, French bounds and number of communes of each class (zero first)."""
        idx = agg.class_of(self.values["valeur"], self.bounds)
        rows = [{"couleur": "", "Valeurs": "Aucun", "Communes": int((idx < 0).sum())}]
        for i, ((low, high), color) in enumerate(zip(self.bounds, ramp(len(self.bounds)), strict=True)):
            label = self.fmt(low) if low == high else f"de {self.fmt(low)} à {self.fmt(high)}"
            rows.append({"couleur": color, "Valeurs": label, "Communes": int((idx == i).sum())})
        return pd.DataFrame(rows)


def choropleth(values: pd.DataFrame, measure: str) -> Choropleth:
    return Choropleth(measure, values.reset_index(drop=True), agg.classes(values["valeur"]))


def clicked_commune(picked: dict) -> str | None:
    """The INSEE code of a commune picked on the map (Streamlit's selection gives the GeoJSON feature)."""
    props = picked.get("properties") if isinstance(picked.get("properties"), dict) else picked
    code = props.get("code")
    return str(code) if code else None


PER_INHABITANT = "_par_hab"  # a measure per 10 000 inhabitants (icc.prepared.aggregations.communes.table)


def communes_geojson(geojson: dict, chart: Choropleth, tips: dict[str, str] | None = None) -> dict:
    """The contours with only what the layer draws: the fill colour, the INSEE code (a click on a
    commune opens its portrait) and its tooltip (its name and value, ``tips`` by code or the
    chart's own reading)."""
    colors = dict(zip(chart.values["code_insee"], chart.colors, strict=True))
    if tips is None:
        tips = {
            str(row["code_insee"]): f"{_text(row['commune'])}\n{chart.detail(row)}"
            for _, row in chart.values.iterrows()
        }
    features = []
    for feature in geojson.get("features", []):
        props = feature.get("properties") or {}
        code = str(props.get("code") or props.get("code_insee") or "")
        color = colors.get(code, "")  # a contour outside the table is drawn, not coloured
        features.append(
            {
                "type": "Feature",
                "geometry": feature.get("geometry"),
                "properties": {
                    "code": code,
                    "couleur": [*rgb(color), 170] if color else [0, 0, 0, 0],
                    "infobulle": tips.get(code, ""),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


LABEL_PX = 13  # commune names, in pixels
LABEL_CHAR_PX = 0.6 * LABEL_PX  # average width of a character of a sans-serif font at that size


def view_pixel(lon: float, lat: float, zoom: float = VIEW["zoom"]) -> tuple[float, float]:
    """Web Mercator pixel of a point in deck.gl's world at a zoom (512 px tiles)."""
    world = 512 * 2**zoom
    x = (lon + 180) / 360 * world
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * world
    return x, y


def commune_labels(communes: pd.DataFrame, view: dict | None = None) -> pd.DataFrame:
    """The names that fit without overlapping at the zoom of ``view`` (the metropole's view if None;
    a phone's view is wider and keeps fewer names), the most populous first."""
    zoom = (view or VIEW)["zoom"]
    placed = communes.dropna(subset=["latitude", "longitude"]).sort_values("population", ascending=False)
    kept, boxes = [], []
    for _, row in placed.iterrows():
        x, y = view_pixel(float(row["longitude"]), float(row["latitude"]), zoom)
        half_w, half_h = len(str(row["nom"])) * LABEL_CHAR_PX / 2 + 3, LABEL_PX / 2 + 2
        box = (x - half_w, y - half_h, x + half_w, y + half_h)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes):
            continue
        boxes.append(box)
        kept.append({"nom": str(row["nom"]), "lon": float(row["longitude"]), "lat": float(row["latitude"])})
    return pd.DataFrame(kept, columns=["nom", "lon", "lat"])


# --- basemap ------------------------------------------------------------------------


@dataclass(frozen=True)
class Basemap:
    kind: str  # "carto", "xyz" or "none"
    note: str  # French, said on the page
    style: str | None = None  # map style URL for "xyz"
    probe: str | None = None  # an address the browser fetches to tell whether the tiles can load


CARTO_STYLE = "https://basemaps.cartocdn.com/gl/positron-gl-style/style.json"  # the one Streamlit loads
PROBE_TILE = (9, 5.37, 43.30)  # zoom, lon, lat: a tile over Marseille


def tile_address(template: str, zoom: int, lon: float, lat: float) -> str:
    """The XYZ (Web Mercator) tile holding a point."""
    n = 2**zoom
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return template.replace("{s}", "a").replace("{z}", str(zoom)).replace("{x}", str(x)).replace("{y}", str(y))


def _raster_style(template: str) -> str:
    """A map style made of the XYZ tiles only, as a data: URL.

    deck.gl's TileLayer cannot draw raster tiles from pydeck's JSON (its default
    sub-layer is a GeoJsonLayer and functions cannot be passed), so the tiles are given
    to the base map as a one-source raster style instead.
    """
    if "{s}" in template:
        tiles = [template.replace("{s}", s) for s in "abc"]
    else:
        tiles = [template]
    style = {
        "version": 8,
        "sources": {"fond": {"type": "raster", "tiles": tiles, "tileSize": 256}},
        "layers": [{"id": "fond", "type": "raster", "source": "fond"}],
    }
    return "data:application/json," + urllib.parse.quote(json.dumps(style, separators=(",", ":")))


def basemap(setting: str | None) -> Basemap:
    value = (setting or "carto").strip()
    if value.lower() == "carto":
        return Basemap("carto", f"Fond de carte : {POSITRON}, © OpenStreetMap, © CARTO.", probe=CARTO_STYLE)
    if value.lower() == "none":
        return Basemap("none", "Sans fond de carte (réglage « none ») : seuls les contours des communes sont dessinés.")
    parsed = urllib.parse.urlparse(value)
    if parsed.scheme in ("http", "https") and all(part in value for part in ("{z}", "{x}", "{y}")):
        return Basemap(
            "xyz",
            f"Fond de carte : tuiles de {parsed.netloc}.",
            _raster_style(value),
            probe=tile_address(value, *PROBE_TILE),
        )
    return Basemap(
        "none",
        "Le fond de carte réglé n'est ni « carto », ni « none », ni une adresse de tuiles "
        "https://…/{z}/{x}/{y}.png : la carte est affichée sans fond.",
    )


# --- the Deck -----------------------------------------------------------------------


def _scatter(layer_id: str, points: pd.DataFrame, columns: list[str], **props) -> pdk.Layer:
    return pdk.Layer(
        "ScatterplotLayer",
        id=layer_id,
        data=_records(points[columns]),
        get_position=["lon", "lat"],
        radius_units="'pixels'",  # quoted: pydeck reads bare strings as expressions
        pickable=True,
        auto_highlight=True,
        **props,
    )


def layers(
    lieux: pd.DataFrame | None = None,
    evenements: pd.DataFrame | None = None,
    projets: pd.DataFrame | None = None,
    communes: dict | None = None,
    noms: pd.DataFrame | None = None,
) -> list[pdk.Layer]:
    """The layers switched on (None = off), bottom to top, each with its ``id``."""
    built = {}
    if noms is not None:
        # Names readable without a basemap (see commune_labels for which ones).
        built[NOMS] = pdk.Layer(
            "TextLayer",
            id=NOMS,
            data=_records(noms),
            get_position=["lon", "lat"],
            get_text="nom",
            get_size=LABEL_PX,
            size_units=pdk.types.String("pixels"),
            font_family=pdk.types.String("sans-serif"),
            font_weight=600,
            get_color=[40, 48, 60, 255],
            outline_width=3,
            outline_color=[255, 255, 255, 230],
            font_settings={"sdf": True},
            character_set=pdk.types.String("auto"),  # accents: the default atlas is ASCII only
            pickable=False,
        )
    if communes is not None:
        built[COMMUNES] = pdk.Layer(
            "GeoJsonLayer",
            id=COMMUNES,
            data=communes,
            stroked=True,
            filled=True,
            get_fill_color="properties.couleur",
            get_line_color=[90, 100, 115, 200],
            line_width_min_pixels=1,
            # Pickable: a click on a commune opens its portrait (the points, drawn above, are
            # picked first). Picking the polygons makes a press slower on a software-rendered
            # browser; a mouse's click still reads as one (tests.browser.human_click). The values
            # per commune are also listed in a table, for keyboards. Only the fill is picked: the
            # outlines, as many triangles again, are drawn but never picked.
            pickable=True,
            _subLayerProps={"polygons-stroke": {"pickable": False}},
        )
    if evenements is not None:
        built[EVENEMENTS] = _scatter(
            EVENEMENTS,
            evenements,
            ["id", "lon", "lat", "rayon", "fond", "trait", "infobulle"],
            get_radius="rayon",
            get_fill_color="fond",
            get_line_color="trait",
            stroked=True,
            filled=True,
            line_width_min_pixels=1.5,
        )
    if projets is not None:
        built[PROJETS] = _scatter(
            PROJETS,
            projets,
            ["id", "lieu", "lon", "lat", "fond", "infobulle"],
            get_radius=13,
            get_fill_color="fond",
            get_line_color=DARK,
            stroked=True,
            filled=True,
            line_width_min_pixels=2.5,
        )
    if lieux is not None:
        built[LIEUX] = _scatter(
            LIEUX,
            lieux,
            ["id", "lon", "lat", "fond", "trait", "infobulle", *(["rayon"] if "rayon" in lieux.columns else [])],
            # Grouped symbols and museums carry their size.
            get_radius="rayon" if "rayon" in lieux.columns else LIEU_RADIUS_PX,
            get_fill_color="fond",
            get_line_color="trait",
            stroked=True,
            filled=True,
            line_width_min_pixels=2,
        )
    return [built[name] for name in DRAW_ORDER if name in built]


class CompactDeck(pdk.Deck):
    """A Deck whose JSON is compact: pydeck indents it, which doubles what the browser receives."""

    def to_json(self) -> str:
        # One pass through the C encoder (pydeck's own indents, then it was read and rewritten).
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def outline(geojson: dict, codes: set[str]) -> dict:
    """The contours of the chosen communes only, lightly filled (a portrait's map)."""
    fill = [*rgb(RAMP[1]), 140]
    features = [
        {
            "type": "Feature",
            "geometry": f.get("geometry"),
            "properties": {"code": code, "couleur": fill},
        }
        for f in geojson.get("features", [])
        if (code := str((f.get("properties") or {}).get("code") or "")) in codes
    ]
    return {"type": "FeatureCollection", "features": features}


def coordinates(node):
    if isinstance(node, (list, tuple)) and len(node) == 2 and all(isinstance(v, (int, float)) for v in node):
        yield node
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from coordinates(child)


def fit(geojson: dict, width_px: int = 700, height_px: int = 420) -> dict:
    """The view that shows every feature of ``geojson`` whole (the metropole's view if there is none)."""
    points = [c for f in geojson.get("features", []) for c in coordinates((f.get("geometry") or {}).get("coordinates"))]
    if not points:
        return dict(VIEW)
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    (x0, y0), (x1, y1) = view_pixel(min(lons), max(lats), 0), view_pixel(max(lons), min(lats), 0)
    span = max((x1 - x0) / width_px, (y1 - y0) / height_px, 1e-9)
    zoom = min(math.log2(1 / span) - 0.2, 13)  # a margin around the contour; no closer than a district
    return {"latitude": (min(lats) + max(lats)) / 2, "longitude": (min(lons) + max(lons)) / 2, "zoom": round(zoom, 2)}


def base_map(base: Basemap) -> dict:
    """pydeck.Deck arguments drawing ``base`` (and nothing else) under a map's layers."""
    if base.kind == "carto":
        return {"map_style": None}  # Streamlit's CARTO Positron
    if base.kind == "xyz":
        return {"map_provider": None, "map_style": base.style}
    return {"map_provider": None}  # pydeck's placeholder style: no base map, no request


def deck(map_layers: list[pdk.Layer], base: Basemap, view_state: dict | None = None) -> pdk.Deck:
    view = pdk.ViewState(**(view_state or VIEW))
    return CompactDeck(layers=map_layers, initial_view_state=view, tooltip=TOOLTIP, **base_map(base))


# --- legend -------------------------------------------------------------------------


def family_legend(*frames: pd.DataFrame) -> pd.DataFrame:
    """Families of the points shown, with their colour (``famille`` code and name)."""
    shown = [f[["famille", "famille_nom"]] for f in frames if len(f)]
    if not shown:
        return pd.DataFrame(columns=["couleur", "Filière"])
    rows = pd.concat(shown, ignore_index=True)
    rows = rows.drop_duplicates("famille").sort_values("famille_nom", key=sort_key, na_position="last")
    return pd.DataFrame(
        {
            "couleur": [family_color(None if pd.isna(f) else f) for f in rows["famille"]],
            "Filière": rows["famille_nom"].fillna("Autre").to_list(),
        }
    )


# --- a lieu's card ------------------------------------------------------------------


@dataclass(frozen=True)
class ProjetFiche:
    nom: str
    champs: pd.DataFrame  # Champ, Valeur
    financements: pd.DataFrame  # display form, French headers
    obtenu: str  # funding granted, won or in kind, without double counting (French amount)
    rows: pd.DataFrame  # the funding rows, for provenance


@dataclass(frozen=True)
class Fiche:
    nom: str
    champs: pd.DataFrame  # Champ, Valeur
    projets: list[ProjetFiche]
    rows: pd.DataFrame  # the lieu's row, for provenance


def _fields(dataset: str, row: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    shown = display(dataset, row, columns).iloc[0]
    out = pd.DataFrame({"Champ": shown.index, "Valeur": shown.astype(str).to_list()})
    return out[out["Valeur"] != ""].reset_index(drop=True)


def linked_projects(lieu: pd.Series, projets: pd.DataFrame) -> pd.DataFrame:
    return projets[(projets["id"] == lieu["projet"]) | (projets["lieu"] == lieu["id"])]


def fiche(bundle, lieu_id: str) -> Fiche:
    """Everything the card of a lieu shows, from the whole data (not the filtered view)."""
    lieux = bundle["lieux"]
    row = lieux[lieux["id"] == lieu_id]
    lieu = row.iloc[0]
    champs = _fields(
        "lieux",
        row.assign(precision_localisation=row["precision_localisation"].map(PRECISIONS)),
        [
            "type_equipement_ou_lieu",
            "commune",
            "famille_nom",
            "filiere_nom",
            "statut",
            "precision_localisation",
            "adresse",
            "source",
        ],
    )
    projets = []
    for _, p in linked_projects(lieu, bundle["projets"]).iterrows():
        prow = bundle["projets"][bundle["projets"]["id"] == p["id"]]
        approx = _approx(p["approximatif"])
        pchamps = _fields("projets", prow, ["porteur", "programme", "statut", "budget_total_eur", "soutien_etat_eur"])
        money = pchamps["Champ"].isin(["Budget total", "Soutien de l'État"])
        pchamps.loc[money, "Valeur"] = [fr.approx(v, approx) for v in pchamps.loc[money, "Valeur"]]
        rows = bundle["financements"][bundle["financements"]["projet"] == p["id"]]
        granted = rows[rows["statut"].isin(fin.MOBILISES)]
        approx_fin = any(_approx(v) for v in fin.roots(granted)["approximatif"])
        table = display(
            "financements",
            rows,
            [
                "financeur_niveau",
                "financeur",
                "beneficiaire",
                "montant_eur",
                "recurrence",
                "annee_debut",
                "annee_fin",
                "statut",
            ],
        )
        table = table.assign(
            **{"Contenu dans": rows["parent"].map(rows.set_index("id")["beneficiaire"]).fillna("").to_list()}
        )
        projets.append(
            ProjetFiche(
                nom=_text(p["nom"]),
                champs=pchamps,
                financements=table.reset_index(drop=True),
                obtenu=fr.approx(fr.euros(fin.total(granted)), approx_fin),
                rows=rows,
            )
        )
    return Fiche(_text(lieu["nom"]), champs, projets, row)
