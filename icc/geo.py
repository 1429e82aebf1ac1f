"""Commune contours: where they come from, and whether a point lies in its commune.

The contours are data, not code: a GeoJSON supplied by an administrator
(``ICC_COMMUNES_GEOJSON``) or fetched once from the official geo API and cached
under ``var/``. Without them the app still works; only the map's contours and the
"point inside its commune" check are missing, and the app says so.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from icc.schema import Dataset

GEO_API_URL = "https://geo.api.gouv.fr/epcis/200054807/communes?format=geojson&geometry=contour"
# Contours are simplified; a landmark on the coast or a border may sit just outside.
TOLERANCE_DEGREES = 0.003  # about 300 m


@dataclass(frozen=True)
class Contours:
    geojson: dict  # FeatureCollection with properties.code
    origin: str  # French: where the contours come from
    shapes: dict  # INSEE code -> shapely geometry


def _code(props: dict) -> str:
    return str(props.get("code") or props.get("code_insee") or props.get("codgeo") or "")


def from_geojson(data: dict, origin: str) -> Contours:
    shapes = {}
    for feature in data.get("features", []):
        code = _code(feature.get("properties", {}))
        if code and feature.get("geometry"):
            geom = shape(feature["geometry"])
            shapely.prepare(geom)
            shapes[code] = geom
    return Contours(data, origin, shapes)


def load_contours(supplied: str | None, cache_dir: Path, fetch: bool = True) -> Contours | None:
    """Supplied file first, then the cached download, then one download attempt."""
    if supplied and Path(supplied).is_file():
        return from_geojson(
            json.loads(Path(supplied).read_text(encoding="utf-8")), f"fichier fourni ({Path(supplied).name})"
        )
    cached = cache_dir / "communes-geo-api.geojson"
    if cached.is_file():
        return from_geojson(json.loads(cached.read_text(encoding="utf-8")), "geo.api.gouv.fr (copie locale)")
    if not fetch:
        return None
    try:
        with urllib.request.urlopen(GEO_API_URL, timeout=5) as response:
            data = json.loads(response.read())
    except (OSError, ValueError):
        return None
    cache_dir.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(data), encoding="utf-8")
    return from_geojson(data, "geo.api.gouv.fr")


def points_in_communes(codes: pd.Series, lat: pd.Series, lon: pd.Series, contours: Contours) -> pd.Series:
    """True where the point lies within TOLERANCE_DEGREES of its commune's contour."""
    ok = pd.Series(False, index=codes.index)
    for code, idx in codes.groupby(codes.astype(str)).groups.items():
        geom = contours.shapes.get(code)
        if geom is None:
            continue
        x, y = lon[idx].to_numpy(float), lat[idx].to_numpy(float)
        inside = shapely.contains_xy(geom, x, y)
        near = shapely.dwithin(geom, shapely.points(x, y), TOLERANCE_DEGREES)
        ok[idx] = np.asarray(inside | near)
    return ok


def check_coordinates(ds: Dataset, frame: pd.DataFrame, contours: Contours) -> list:
    from icc.validation import FIRST_ROW, Problem

    code_field = next((f.name for f in ds.fields if f.references == "communes.code_insee"), None)
    if ds.name == "communes":
        code_field = "code_insee"
    if code_field is None or "latitude" not in frame.columns:
        return []
    rows = frame[frame[code_field].notna() & frame["latitude"].notna() & frame["longitude"].notna()]
    ok = points_in_communes(rows[code_field], rows["latitude"], rows["longitude"], contours)
    problems = []
    for idx in ok.index[~ok]:
        row = rows.loc[idx]
        problems.append(
            Problem(
                ds.name,
                "Coordonnées hors commune",
                f"le point ({row['latitude']}, {row['longitude']}) n'est pas dans la commune "
                f"{row[code_field]} ; attendu : des coordonnées situées dans cette commune.",
                int(idx) + FIRST_ROW,
                "latitude",
                f"{row['latitude']}, {row['longitude']}",
            )
        )
    return problems
