"""One value per commune, for the map's choropleth: sites, attendance or funding.

Every function returns one row per commune of ``communes`` (zero where nothing is
counted), so the map colours all 92 communes and says which ones have nothing. Numbers only:
the map writes them in French when it draws them (``icc.present.maps.Choropleth.details``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from icc.frames import isin
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


# --- the 92 communes side by side -----------------------------------------------------

PER = 10_000  # « pour 10 000 habitants »
# What the table of the communes counts (column -> French label), in reading order.
COUNTS = {
    "lieux": "Lieux",
    "evenements": "Festivals et événements",
    "chiffres": "Événements à fréquentation chiffrée",
    "projets": "Grands projets",
    "financements": "Financements publics mobilisés",
    "musees": "Musées",
    "entrees_musees": "Entrées dans les musées (dernière année)",
}
# Population bands (lower bound, label): « the communes of its size ».
BANDS = (
    (0, "moins de 5 000 habitants"),
    (5_000, "de 5 000 à 20 000 habitants"),
    (20_000, "de 20 000 à 50 000 habitants"),
    (50_000, "50 000 habitants et plus"),
)


def _count_by(codes: pd.Series, communes: pd.DataFrame) -> pd.Series:
    counts = codes.dropna().astype(str).value_counts()
    return communes["code_insee"].map(counts).fillna(0).astype(int)


def _funding_by(communes: pd.DataFrame, financements: pd.DataFrame, projets: pd.DataFrame) -> pd.Series:
    """Public funding granted to each commune's projects, as its portrait totals it: the funding
    of its projects (``financements.mobilised``), each euro once (``financements.total``, top-level
    rows within the commune). None where no such amount is known (« non chiffré », never 0)."""
    place = projets.set_index("id")["commune_code"]
    rows = fin.mobilised(financements[financements["projet"].isin(place.index)])
    rows = rows.assign(commune=rows["projet"].map(place))
    known = {
        str(code): fin.total(group)
        for code, group in rows.groupby("commune", observed=True)
        if group["montant_eur"].notna().any()
    }
    return communes["code_insee"].map(known).astype(float)


def band_of(population) -> str | None:
    """The population band of a commune (None when its population is not known)."""
    if pd.isna(population):
        return None
    return [label for low, label in BANDS if population >= low][-1]


def table(view) -> pd.DataFrame:
    """One row per commune of the (filtered) bundle, in alphabetical order: ``code_insee``, ``nom``,
    ``conseil``, ``population``, ``tranche`` and each of ``COUNTS`` (numbers; financements None when
    not known), then the same per 10 000 inhabitants (``<count>_par_hab``)."""
    communes = view["communes"].sort_values("nom", key=lambda s: s.astype(str).str.lower()).reset_index(drop=True)
    events = view["evenements"]
    out = pd.DataFrame(
        {
            "code_insee": communes["code_insee"].astype(str),
            "nom": communes["nom"],
            "conseil": communes["conseil_de_territoire"],
            "population": communes["population"].astype(float),
        }
    )
    out["tranche"] = out["population"].map(band_of)
    out["lieux"] = _count_by(view["lieux"]["commune_code"], out)
    out["evenements"] = _count_by(events["commune_code"], out)
    out["chiffres"] = _count_by(events.loc[events["frequentation"].notna(), "commune_code"], out)
    out["projets"] = _count_by(view["projets"]["commune_code"], out)
    out["financements"] = _funding_by(out, view["financements"], view["projets"])
    out["musees"], out["entrees_musees"] = _museums_by(out, view)
    return per_inhabitant(out)


def museums(view) -> pd.Series:
    """Which places are museums (a mask of ``view["lieux"]``): those with yearly attendance, and the
    Musées de France."""
    lieux = view["lieux"]
    counted = view["frequentation_lieux"]["lieu"].unique() if "frequentation_lieux" in view.frames else []
    keep = isin(lieux["id"], counted)
    if "identifiant_museofile" in lieux.columns:
        keep |= lieux["identifiant_museofile"].notna()  # intake keeps no blank cell
    return keep


def museum_year(view) -> int | None:
    """The latest year with a museum's figure in the (filtered) data: the year « entrées dans les
    musées (dernière année) » counts."""
    if "frequentation_lieux" not in view.frames:
        return None
    rows = view["frequentation_lieux"]
    years = pd.to_numeric(rows["annee"], errors="coerce")[pd.to_numeric(rows["total"], errors="coerce").notna()]
    return int(years.max()) if years.notna().any() else None


def _museums_by(communes: pd.DataFrame, view) -> tuple[pd.Series, pd.Series]:
    """Museums per commune, and their visits in ``museum_year`` (each ticket once: a museum counted
    with another adds nothing). Visits are None where no figure is known that year, never 0."""
    count = _count_by(view["lieux"].loc[museums(view).to_numpy(), "commune_code"], communes)
    year = museum_year(view)
    if year is None:
        return count, pd.Series(np.nan, index=communes.index)
    rows = view["frequentation_lieux"]
    rows = rows[pd.to_numeric(rows["annee"], errors="coerce") == year]
    totals = pd.to_numeric(rows["total"], errors="coerce").astype(float)
    sums = totals.groupby(rows["commune_code"].astype(str)).sum(min_count=1)
    return count, communes["code_insee"].map(sums).astype(float)


def per_inhabitant(frame: pd.DataFrame) -> pd.DataFrame:
    """Adds ``<count>_par_hab``: each count per 10 000 inhabitants (None without a population)."""
    population = frame["population"].where(frame["population"] > 0)
    for column in COUNTS:
        frame[f"{column}_par_hab"] = frame[column] * PER / population
    return frame


def territoires(communes_table: pd.DataFrame) -> pd.DataFrame:
    """The conseils de territoire summed from the table of the communes (one computation)."""
    grouped = communes_table.groupby("conseil", observed=True)
    out = grouped[["population", "lieux", "evenements", "chiffres", "projets", "musees"]].sum()
    # A territoire's funding (or museum visits) is known when one of its communes' is; unknown stays None.
    out["financements"] = grouped["financements"].sum(min_count=1)
    out["entrees_musees"] = grouped["entrees_musees"].sum(min_count=1)
    out["communes"] = grouped.size()
    return per_inhabitant(out.reset_index())


def rank(communes_table: pd.DataFrame, column: str, code: str) -> tuple[int, int, int] | None:
    """(rank, how many communes share it, how many are ranked) of a commune for ``column``, largest
    first; communes where it is unknown are not ranked. None when the commune's value is unknown."""
    values = communes_table.set_index("code_insee")[column].dropna()
    if code not in values.index:
        return None
    mine = values[code]
    return int((values > mine).sum()) + 1, int((values == mine).sum()), len(values)
