"""The métropoles compared: a reference table derived from the Ministry of Culture's national list.

Not a dataset of icc.datasets.schema: staff do not edit or upload it. It is regenerated from a newer
national export by ``python -m icc.intake.comparaison`` and read here, as shipped in ``data/``:

- ``metropoles.csv``: the 22 métropoles (EPCI of kind METRO, and Lyon's MET69), their population, their
  number of festivals in the list, and how the list's « Code Insee EPCI » agreed with the commune;
- ``metropoles-festivals.csv``: the same counts by dominant discipline and by decade of creation;
- ``reference/epci.csv`` and ``reference/metropoles-codes.csv``: what the command needs to place a
  festival (every EPCI's code, name, kind and population; the codes that mean a métropole: its communes,
  municipal arrondissements, merged communes, SIREN numbers and, for the Grand Paris, its territories).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

TABLE = "metropoles.csv"
BREAKDOWN = "metropoles-festivals.csv"
REFERENCE_EPCI = "reference/epci.csv"
REFERENCE_CODES = "reference/metropoles-codes.csv"

AMP = "200054807"  # Métropole d'Aix-Marseille-Provence
KINDS = ("METRO", "MET69")  # the EPCI kinds that are métropoles (MET69: the Métropole de Lyon)
DISCIPLINE, DECENNIE = "discipline", "decennie"

COLUMNS = [
    "code_epci",
    "nom",
    "nature",
    "population",
    "festivals",
    "festivals_pour_100000",
    "epci_repris_de_la_commune",
    "ecarts_commune",
    "autres_festivals_des_communes",
    "source_population",
    "source_festivals",
]
BREAKDOWN_COLUMNS = ["code_epci", "critere", "categorie", "festivals"]


@dataclass(frozen=True)
class Comparison:
    table: pd.DataFrame  # one row per métropole, COLUMNS
    breakdown: pd.DataFrame  # BREAKDOWN_COLUMNS

    def of(self, criterion: str) -> pd.DataFrame:
        """Festivals per métropole (rows, by ``code_epci``) and category (columns) of a criterion; 0 where
        the list has none (a count, known to be zero)."""
        rows = self.breakdown[self.breakdown["critere"] == criterion]
        wide = rows.pivot_table(index="code_epci", columns="categorie", values="festivals", aggfunc="sum")
        order = list(dict.fromkeys(rows["categorie"]))
        return wide.reindex(index=self.table["code_epci"], columns=order).fillna(0).astype("int64")


def read(directory: Path) -> Comparison:
    """The two tables as written by the command (codes kept as text)."""
    table = pd.read_csv(directory / TABLE, dtype={"code_epci": str, "nom": str, "nature": str, "population": "Int64"})
    breakdown = pd.read_csv(directory / BREAKDOWN, dtype={"code_epci": str, "critere": str, "categorie": str})
    return Comparison(table[COLUMNS], breakdown[BREAKDOWN_COLUMNS])


@functools.lru_cache(maxsize=4)
def _cached(directory: str, stamp: tuple[float, float]) -> Comparison:
    return read(Path(directory))


def load(directory: Path) -> Comparison:
    """``read``, once per version of the files (a regenerated table is read again)."""
    stamp = ((directory / TABLE).stat().st_mtime, (directory / BREAKDOWN).stat().st_mtime)
    return _cached(str(directory), stamp)
