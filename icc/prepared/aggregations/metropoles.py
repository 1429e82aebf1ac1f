"""The métropoles compared (icc.datasets.metropoles): ranks and rates, numbers only."""

from __future__ import annotations

import pandas as pd

from icc.datasets import metropoles as mt

FESTIVALS, PER_100K = "festivals", "festivals_pour_100000"
MEASURES = (FESTIVALS, PER_100K)
# The museums' table (icc.datasets.metropoles.MUSEUM_COLUMNS): Musées de France, visits per 100 000
# inhabitants in the attendance file's latest year and in 2019.
MUSEES, VISITES_PER_100K = "musees_de_france", "visites_pour_100000"
VISITES_BEFORE_PER_100K = f"visites_{mt.BEFORE_CRISIS}_pour_100000"
MUSEUM_MEASURES = (MUSEES, VISITES_PER_100K)


def per_100k(festivals, population):
    """Festivals (or any count) per 100 000 inhabitants, to the hundredth (as the shipped table writes it)."""
    return (pd.Series(festivals, dtype="float64") / pd.Series(population, dtype="float64") * 100_000).round(2)


def ranks(values: pd.Series) -> pd.Series:
    """1 for the largest value; equal values share the best of their ranks (« 10e ex æquo »); a missing
    value (a population the source does not give) has no rank."""
    return values.rank(method="min", ascending=False).astype("Int64")


def ranked(table: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The métropoles from first to last on ``measure``, with their rank (« rang ») and whether it is shared."""
    out = table.assign(rang=ranks(table[measure]))
    out["ex_aequo"] = out.groupby("rang")["rang"].transform("size").fillna(0) > 1
    return out.sort_values(["rang", "nom"], ignore_index=True, na_position="last")


def rank_of(table: pd.DataFrame, measure: str, code: str = mt.AMP) -> tuple[int, bool] | None:
    """(rank, shared) of one métropole on ``measure``; None if it is not in the table or has no rank."""
    rows = ranked(table, measure)
    row = rows[rows["code_epci"] == code]
    if row.empty or pd.isna(row["rang"].iloc[0]):
        return None
    return int(row["rang"].iloc[0]), bool(row["ex_aequo"].iloc[0])


def by_category(comparison: mt.Comparison, criterion: str) -> pd.DataFrame:
    """Per category of a criterion (discipline, decade), one row per métropole: festivals, rate, ranks."""
    wide = comparison.of(criterion)
    population = comparison.table.set_index("code_epci")["population"]
    names = comparison.table.set_index("code_epci")["nom"]
    frames = []
    for category in wide.columns:
        rows = pd.DataFrame(
            {
                "code_epci": wide.index,
                "nom": names.reindex(wide.index).to_numpy(),
                "categorie": category,
                FESTIVALS: wide[category].to_numpy(),
                "population": population.reindex(wide.index).to_numpy(),
            }
        )
        rows[PER_100K] = per_100k(rows[FESTIVALS], rows["population"]).to_numpy()
        rows["rang_festivals"] = ranks(rows[FESTIVALS]).to_numpy()
        rows["rang_pour_100000"] = ranks(rows[PER_100K]).to_numpy()
        frames.append(rows)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
