"""Commune contours: where they come from, and whether a point lies in its commune.

The contours are data shipped with the default dataset (``data/communes.geojson``,
IGN Admin Express via france-geojson, Licence Ouverte 2.0), so the map and the
"point inside its commune" check work offline. An administrator may supply another
file (``ICC_COMMUNES_GEOJSON``); ``python -m icc.datasets.geo rafraichir`` downloads a fresh copy
from the official geo API on request, never at start.
"""

from __future__ import annotations

import json
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from icc.datasets.problems import FIRST_ROW, Problem
from icc.datasets.schema import Dataset
from icc.formatting import nombre
from icc.settings import ROOT

GEO_API_URL = "https://geo.api.gouv.fr/epcis/200054807/communes?format=geojson&geometry=contour"
SHIPPED = ROOT / "data" / "communes.geojson"
SHIPPED_ORIGIN = "IGN Admin Express (édition 2018 simplifiée, via france-geojson), Licence Ouverte 2.0"
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


def load_contours(supplied: str | None = None, shipped: Path = SHIPPED) -> Contours | None:
    """The administrator's file when set, else the contours shipped in ``data/``."""
    if supplied:
        path = Path(supplied)
        if not path.is_file():
            return None
        return from_geojson(json.loads(path.read_text(encoding="utf-8")), f"fichier fourni ({path.name})")
    if not shipped.is_file():
        return None
    return from_geojson(json.loads(shipped.read_text(encoding="utf-8")), SHIPPED_ORIGIN)


def refresh(target: Path, url: str = GEO_API_URL) -> int:
    """Download the contours from the official geo API into ``target``; returns the commune count."""
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (fixed https URL)
        data = json.loads(response.read())
    count = len(from_geojson(data, "geo.api.gouv.fr").shapes)
    if count == 0:
        raise ValueError("la réponse ne contient aucun contour de commune")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return count


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


def check_coordinates(ds: Dataset, frame: pd.DataFrame, contours: Contours) -> list[Problem]:
    """Each point lies in its commune; says so when latitude and longitude are swapped.

    Points without a finite position (missing, or refused by validation) are not compared.
    """
    code_field = next((f.name for f in ds.fields if f.references == "communes.code_insee"), None)
    if ds.name == "communes":
        code_field = "code_insee"
    if code_field is None or "latitude" not in frame.columns:
        return []
    lat = pd.to_numeric(frame["latitude"], errors="coerce").astype(float)
    lon = pd.to_numeric(frame["longitude"], errors="coerce").astype(float)
    # Out of range (already refused by validation, swapped or not) is not compared again.
    lat_f, lon_f = ds.field("latitude"), ds.field("longitude")
    placed = (
        frame[code_field].notna()
        & lat.between(lat_f.minimum, lat_f.maximum)
        & lon.between(lon_f.minimum, lon_f.maximum)
    )
    codes = frame.loc[placed, code_field]
    ok = points_in_communes(codes, lat[placed], lon[placed], contours)
    outside = ok.index[~ok]
    swapped_ok = points_in_communes(codes[outside], lon[outside], lat[outside], contours) if len(outside) else ok
    problems = []
    for idx in outside:
        code = frame.at[idx, code_field]
        point = f"({nombre_fr(lat[idx])} ; {nombre_fr(lon[idx])})"
        if swapped_ok.get(idx, False):
            message = (
                f"latitude et longitude semblent inversées : le point {point} n'est pas dans la commune {code}, "
                "mais il y est une fois les deux échangées. Échangez la latitude et la longitude de cette ligne."
            )
            kind = "Coordonnées inversées"
        else:
            message = (
                f"le point {point} n'est pas dans la commune {code} ; "
                "attendu : des coordonnées situées dans cette commune."
            )
            kind = "Coordonnées hors commune"
        problems.append(
            Problem(
                ds.name,
                kind,
                message,
                int(idx) + FIRST_ROW,
                "latitude",
                f"{nombre_fr(lat[idx])} ; {nombre_fr(lon[idx])}",
            )
        )
    return problems


def nombre_fr(value: float) -> str:
    """A coordinate as French users write it: ``43,3105``."""
    return nombre(value, 6)


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "rafraichir":
        print("usage : python -m icc.datasets.geo rafraichir [FICHIER]  (défaut : var/communes-geo-api.geojson)")
        return 2
    from icc import settings

    target = Path(argv[1]) if len(argv) > 1 else settings.load().var_dir / "communes-geo-api.geojson"
    try:
        count = refresh(target)
    except (OSError, ValueError) as error:
        print(f"Téléchargement impossible depuis geo.api.gouv.fr : {error}")
        return 1
    print(f"{count} contours écrits dans {target}. Pour les utiliser : ICC_COMMUNES_GEOJSON={target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
