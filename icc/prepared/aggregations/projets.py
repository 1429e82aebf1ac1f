"""The structuring projects of annexe 3: budgets, State support, status, surfaces, places, funding."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from icc.colors import family_color, rgb
from icc.datasets.schema import STATUTS_PROJET
from icc.frames import isin
from icc.prepared.aggregations.filieres import is_approx


def budgets(projets: pd.DataFrame) -> pd.DataFrame:
    """Projects with a budget or a State support, largest amount first.

    ``budget`` stays empty when annexe 3 gives none: the chart then shows the support alone.
    """
    rows = projets[projets["budget_total_eur"].notna() | projets["soutien_etat_eur"].notna()]
    out = pd.DataFrame(
        {
            "id": rows["id"],
            "nom": rows["nom"],
            "budget": rows["budget_total_eur"].astype(float),
            "soutien": rows["soutien_etat_eur"].astype(float),
            "approximatif": [is_approx(a) for a in rows["approximatif"]],
        }
    )
    out["ordre"] = out[["budget", "soutien"]].max(axis=1)
    return out.sort_values(["ordre", "nom"], ascending=[False, True]).drop(columns="ordre").reset_index(drop=True)


@dataclass(frozen=True)
class Support:
    value: float
    count: int  # projects with a State support
    approximatif: bool


def support_total(projets: pd.DataFrame) -> Support:
    """State support summed over the projects (each project's figure is its own envelope)."""
    rows = projets[projets["soutien_etat_eur"].notna()]
    return Support(float(rows["soutien_etat_eur"].sum()), len(rows), bool(rows["approximatif"].fillna(False).any()))


def without_amount(projets: pd.DataFrame) -> list[str]:
    """Names of the projects for which annexe 3 gives neither a budget nor a State support."""
    rows = projets[projets["budget_total_eur"].isna() & projets["soutien_etat_eur"].isna()]
    return sorted(rows["nom"])


def by_status(projets: pd.DataFrame) -> pd.DataFrame:
    """Number of projects per status, in the order of the schema (statuses with none left out)."""
    counts = projets["statut"].value_counts()
    order = [s for s in STATUTS_PROJET if counts.get(s, 0)] + sorted(set(counts.index) - set(STATUTS_PROJET))
    return pd.DataFrame({"statut": order, "nombre": [int(counts[s]) for s in order]})


def surfaces(projets: pd.DataFrame) -> pd.DataFrame:
    """Projects with a surface, largest first."""
    rows = projets[projets["surface_m2"].notna()].sort_values(["surface_m2", "nom"], ascending=[False, True])
    return pd.DataFrame(
        {
            "nom": rows["nom"].to_numpy(),
            "surface": rows["surface_m2"].astype(float).to_numpy(),
            "approximatif": [is_approx(a) for a in rows["approximatif"]],
            "famille": rows["famille"].to_numpy(),
            "famille_nom": rows["famille_nom"].fillna("").to_numpy(),
        }
    )


def map_points(projets: pd.DataFrame, lieux: pd.DataFrame) -> pd.DataFrame:
    """Projects placed at their lieu, with what the tooltip shows (amounts as numbers)."""
    places = lieux.set_index("id")[["latitude", "longitude"]]
    rows = projets[isin(projets["lieu"], places.index)]
    coords = places.loc[rows["lieu"]]
    points = pd.DataFrame(
        {
            "nom": rows["nom"].to_numpy(),
            "commune": rows["commune"].fillna("Commune non précisée").to_numpy(),
            "statut": rows["statut"].to_numpy(),
            "budget": rows["budget_total_eur"].astype(float).to_numpy(),
            "soutien": rows["soutien_etat_eur"].astype(float).to_numpy(),
            "approximatif": [is_approx(a) for a in rows["approximatif"]],
            "latitude": coords["latitude"].astype(float).to_numpy(),
            "longitude": coords["longitude"].astype(float).to_numpy(),
            "couleur": [rgb(family_color(f)) for f in rows["famille"]],
        }
    )
    return spread(points)


SPREAD_DEGREES = 0.004  # about 400 m: apart at the metropolitan zoom, still on the same site


def spread(points: pd.DataFrame) -> pd.DataFrame:
    """Projects sharing one position set around it on a small circle, so that each can be hovered."""
    out = points.copy()
    out["decale"] = False
    for _, group in out.groupby(["latitude", "longitude"]):
        if len(group) < 2:
            continue
        angles = np.linspace(0, 2 * np.pi, len(group), endpoint=False)
        lat = group["latitude"].iloc[0]
        out.loc[group.index, "latitude"] = lat + SPREAD_DEGREES * np.cos(angles)
        out.loc[group.index, "longitude"] += SPREAD_DEGREES * np.sin(angles) / np.cos(np.radians(lat))
        out.loc[group.index, "decale"] = True
    return out


def unplaced(projets: pd.DataFrame, lieux: pd.DataFrame) -> int:
    """Projects the map cannot show: no lieu, or a lieu not in the data."""
    return int((~isin(projets["lieu"], lieux["id"])).sum())


def funding_rows(financements: pd.DataFrame, projet_id: str) -> pd.DataFrame:
    return financements[financements["projet"] == projet_id]
