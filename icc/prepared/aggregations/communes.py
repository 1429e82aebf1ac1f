"""One value per commune, for the map's choropleth: sites, attendance or funding.

Every function returns one row per commune of ``communes`` (zero where nothing is
counted), so the map colours all 92 communes and says which ones have nothing. Numbers only:
the map writes them in French when it draws them (``icc.present.maps.Choropleth.details``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icc.prepared.aggregations import financements as fin

SITES, FREQUENTATION, FINANCEMENTS = "sites", "frequentation", "financements"
MEASURES = {
    SITES: "Nombre de lieux",
    FREQUENTATION: "Fréquentation des événements",
    FINANCEMENTS: "Financements des grands projets",
}
# « evenements » / « sans_chiffre »: events placed in the commune, and those without a figure
# (attendance only; a commune whose events are all without a figure is « non chiffrée », not 0).
COLUMNS = ["code_insee", "commune", "valeur", "approximatif", "evenements", "sans_chiffre"]


def _is_true(values: pd.Series) -> pd.Series:
    """Nullable booleans as plain bools (a missing flag is not approximate)."""
    return values.fillna(False).astype(bool)


def _per_commune(communes: pd.DataFrame, codes: pd.Series, values: pd.Series, approx: pd.Series) -> pd.DataFrame:
    grouped = pd.DataFrame({"code": codes.astype(str), "valeur": values.astype(float), "approximatif": approx})
    sums = grouped.groupby("code").agg(valeur=("valeur", "sum"), approximatif=("approximatif", "any"))
    out = communes[["code_insee", "nom"]].rename(columns={"nom": "commune"}).reset_index(drop=True)
    out["valeur"] = out["code_insee"].map(sums["valeur"]).fillna(0.0).astype(float)
    out["approximatif"] = out["code_insee"].map(sums["approximatif"]).fillna(False).astype(bool)
    out["evenements"] = 0
    out["sans_chiffre"] = 0
    return out


def sites(communes: pd.DataFrame, lieux: pd.DataFrame) -> pd.DataFrame:
    """Number of lieux per commune."""
    out = _per_commune(
        communes, lieux["code_insee"], pd.Series(1.0, index=lieux.index), pd.Series(False, index=lieux.index)
    )
    return out[COLUMNS]


def frequentation(communes: pd.DataFrame, evenements: pd.DataFrame) -> pd.DataFrame:
    """Attendance summed over the events of each commune (events without a figure add nothing)."""
    placed = evenements[evenements["code_insee_commune"].notna()]
    counted = placed[placed["frequentation"].notna()]
    out = _per_commune(
        communes, counted["code_insee_commune"], counted["frequentation"], _is_true(counted["approximatif"])
    )
    total = placed["code_insee_commune"].astype(str).value_counts()
    unknown = placed.loc[placed["frequentation"].isna(), "code_insee_commune"].astype(str).value_counts()
    out["evenements"] = out["code_insee"].map(total).fillna(0).astype(int)
    out["sans_chiffre"] = out["code_insee"].map(unknown).fillna(0).astype(int)
    return out[COLUMNS]


def funding_rows(financements: pd.DataFrame, projets: pd.DataFrame, statuts) -> pd.DataFrame:
    """Funding rows counted on the map, with the commune of the project they fund.

    Only the top-level rows among the funding of placed projects are kept
    (``financements.roots``), so an envelope and its parts are never added up; a part
    whose parent is not tied to a project (e.g. a national programme) counts for its project.
    """
    placed = projets[projets["code_insee_commune"].notna()]
    rows = financements[financements["statut"].isin(statuts) & financements["projet"].isin(placed["id"])]
    top = fin.roots(rows)
    commune = top["projet"].map(placed.set_index("id")["code_insee_commune"])
    return top.assign(code_insee=commune, montant=fin.cumulated(top))


def funding(communes: pd.DataFrame, financements: pd.DataFrame, projets: pd.DataFrame, statuts) -> pd.DataFrame:
    """Funding per commune (cumulated over its period), via the commune of the funded project."""
    rows = funding_rows(financements, projets, statuts)
    out = _per_commune(communes, rows["code_insee"], rows["montant"], _is_true(rows["approximatif"]))
    return out[COLUMNS]


def by_commune(view, measure: str, statuts=fin.MOBILISES) -> pd.DataFrame:
    """The chosen measure per commune for a (filtered) bundle."""
    communes = view["communes"]
    if measure == SITES:
        return sites(communes, view["lieux"])
    if measure == FREQUENTATION:
        return frequentation(communes, view["evenements"])
    if measure == FINANCEMENTS:
        return funding(communes, view["financements"], view["projets"], statuts)
    raise ValueError(measure)


def classes(values: pd.Series, n: int = 5) -> list[tuple[float, float]]:
    """Up to ``n`` classes of the positive values, as (smallest, largest) observed values.

    Quantile classes: a few large communes (Marseille) would otherwise leave every other
    commune in the first class. Bounds are values that occur, so the legend reads true.
    """
    positive = np.sort(values[values > 0].to_numpy(float))
    if positive.size == 0:
        return []
    uppers = sorted({float(np.quantile(positive, k / n, method="inverted_cdf")) for k in range(1, n + 1)})
    out, low = [], float("-inf")
    for upper in uppers:
        members = positive[(positive > low) & (positive <= upper)]
        out.append((float(members.min()), upper))
        low = upper
    return out


def class_of(values: pd.Series, bounds: list[tuple[float, float]]) -> pd.Series:
    """Index of each value's class; -1 for zero (nothing counted)."""
    uppers = np.array([high for _, high in bounds], dtype=float)
    idx = np.searchsorted(uppers, values.to_numpy(float), side="left") if len(uppers) else np.zeros(len(values))
    return pd.Series(np.where(values.to_numpy(float) > 0, idx, -1).astype(int), index=values.index)
