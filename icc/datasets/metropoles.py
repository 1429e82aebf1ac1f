"""The métropoles compared: a reference table derived from the Ministry of Culture's national list.

Not a dataset of icc.datasets.schema: staff do not edit or upload it. It is regenerated from a newer
national export by ``python -m icc.intake.comparaison`` and read here, as shipped in ``data/``:

- ``metropoles.csv``: the 22 métropoles (EPCI of kind METRO, and Lyon's MET69), their population, their
  number of festivals in the list, and how the list's « Code Insee EPCI » agreed with the commune;
- ``metropoles-festivals.csv``: the same counts by dominant discipline and by decade of creation;
- ``reference/epci.csv`` and ``reference/metropoles-codes.csv``: what the command needs to place a
  festival (every EPCI's code, name, kind and population; the codes that mean a métropole: its communes,
  municipal arrondissements, merged communes, SIREN numbers and, for the Grand Paris, its territories).

The museums (``python -m icc.intake.comparaison_musees``, from the Ministry's Muséofile and « Fréquentation
des musées de France » files):

- ``metropoles-musees.csv``: per métropole, its Musées de France and its museums' visits for the latest year
  of the attendance file (and 2019, the last year before the health crisis), with how many museums each
  figure covers: with a figure, closed, without a figure, counted with another museum;
- ``metropoles-musees-villes.csv``: every museum whose town could not be matched to an INSEE commune,
  listed, never dropped silently;
- ``reference/departements.csv`` and ``reference/communes-noms.csv``: the départements' names, and the names
  of the communes of the départements where a métropole has a commune (what a town is matched against).
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

MUSEUMS = "metropoles-musees.csv"
UNMATCHED = "metropoles-musees-villes.csv"
REFERENCE_DEPARTEMENTS = "reference/departements.csv"
REFERENCE_NAMES = "reference/communes-noms.csv"
BEFORE_CRISIS = 2019  # the last year before the health crisis closed the museums (2020, 2021)
MUSEUM_COLUMNS = [
    "code_epci",
    "nom",
    "population",
    "musees_de_france",
    "annee",
    "visites",
    "visites_pour_100000",
    "musees_chiffres",
    "musees_fermes",
    "musees_sans_chiffre",
    "musees_comptes_avec_un_autre",
    f"visites_{BEFORE_CRISIS}",
    f"visites_{BEFORE_CRISIS}_pour_100000",
    f"musees_chiffres_{BEFORE_CRISIS}",
    "source_musees",
    "source_frequentation",
    "source_population",
]
UNMATCHED_COLUMNS = ["fichier", "identifiant", "musee", "ville", "code_postal", "departement", "raison"]


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


@dataclass(frozen=True)
class Museums:
    table: pd.DataFrame  # one row per métropole, MUSEUM_COLUMNS
    unmatched: pd.DataFrame  # UNMATCHED_COLUMNS: the museums whose town is not matched to a commune


def read_museums(directory: Path) -> Museums:
    """The two museum tables as written by the command (codes and identifiers kept as text)."""
    counts = {c: "Int64" for c in MUSEUM_COLUMNS if c.startswith(("musees", "visites_", "annee", "population"))}
    counts.update({c: "float64" for c in MUSEUM_COLUMNS if c.endswith("pour_100000")})
    counts["visites"] = "Int64"
    table = pd.read_csv(directory / MUSEUMS, dtype={"code_epci": str, "nom": str, **counts})
    unmatched = pd.read_csv(directory / UNMATCHED, dtype=str, keep_default_na=False)
    return Museums(table[MUSEUM_COLUMNS], unmatched[UNMATCHED_COLUMNS])


@functools.lru_cache(maxsize=4)
def _cached_museums(directory: str, stamp: tuple[float, float]) -> Museums:
    return read_museums(Path(directory))


def load_museums(directory: Path) -> Museums:
    """``read_museums``, once per version of the files."""
    stamp = ((directory / MUSEUMS).stat().st_mtime, (directory / UNMATCHED).stat().st_mtime)
    return _cached_museums(str(directory), stamp)


@functools.lru_cache(maxsize=4)
def _cached(directory: str, stamp: tuple[float, float]) -> Comparison:
    return read(Path(directory))


def load(directory: Path) -> Comparison:
    """``read``, once per version of the files (a regenerated table is read again)."""
    stamp = ((directory / TABLE).stat().st_mtime, (directory / BREAKDOWN).stat().st_mtime)
    return _cached(str(directory), stamp)
