"""The filters shared by every page, their query-string form and their effect on the data.

Each filter is defined once in FILTERS, with both its clause on every dataset it concerns
and its part of the French sentence stating it (as Datasette's filters carry their SQL and
their human description). ``apply`` is the only place any page, screen or export filters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import pandas as pd

from icc.datasets.schema import STATUTS_FINANCEMENT
from icc.frames import isin
from icc.prepared.model import Bundle

# Query-string keys (kept short: links are copied into mails and slides).
KEYS = {"familles": "filiere", "conseils": "territoire", "communes": "commune", "statuts": "statut"}
YEAR_KEYS = ("de", "a")


@dataclass(frozen=True)
class Filters:
    familles: tuple[str, ...] = ()  # family codes; empty means all
    conseils: tuple[str, ...] = ()
    communes: tuple[str, ...] = ()  # INSEE codes
    annee_min: int | None = None
    annee_max: int | None = None
    statuts: tuple[str, ...] = ()  # funding statuses

    @property
    def active(self) -> bool:
        return self != Filters()

    @property
    def years(self) -> bool:
        return self.annee_min is not None or self.annee_max is not None

    def to_query(self) -> dict[str, list[str] | str]:
        query: dict[str, list[str] | str] = {}
        for attr, key in KEYS.items():
            if values := getattr(self, attr):
                query[key] = list(values)
        if self.annee_min is not None:
            query["de"] = str(self.annee_min)
        if self.annee_max is not None:
            query["a"] = str(self.annee_max)
        return query

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]], bundle: Bundle) -> Filters:
        """Read the query string; values that do not exist in the data are dropped."""

        def values(key: str) -> list[str]:
            raw = params.get(key, [])
            return [raw] if isinstance(raw, str) else list(raw)

        allowed = choices(bundle)
        picked = {attr: tuple(v for v in values(key) if v in allowed[attr]) for attr, key in KEYS.items()}

        def year(key: str) -> int | None:
            raw = values(key)
            return int(raw[0]) if raw and raw[0].isdigit() else None

        return cls(**picked, annee_min=year("de"), annee_max=year("a"))

    def describe(self, bundle: Bundle) -> str:
        """The filters in one French sentence, stated on every chart and slide."""
        names = choices(bundle)
        parts = [d.sentence(self, names) for d in FILTERS if d.is_set(self)]
        return "Filtres : " + " ; ".join(parts) if parts else "Sans filtre : toutes les données"


def choices(bundle: Bundle) -> dict[str, dict[str, str]]:
    """Allowed values of each filter, code -> French label (of the data before any filter,
    computed once per bundle: every page asks twice per run). Callers must not change it."""
    whole = bundle.whole
    if "choices" not in whole.memo:
        whole.memo["choices"] = _choices(whole)
    return whole.memo["choices"]


def _choices(bundle: Bundle) -> dict[str, dict[str, str]]:
    filieres = bundle["filieres"]
    families = filieres[filieres["famille"].isna()]
    communes = bundle["communes"].sort_values("nom")
    return {
        "familles": dict(zip(families["code"], families["nom"], strict=True)),
        "conseils": {c: c for c in sorted(communes["conseil_de_territoire"].unique())},
        "communes": dict(zip(communes["code_insee"], communes["nom"], strict=True)),
        "statuts": {s: s for s in STATUTS_FINANCEMENT},
    }


# --- clauses: (frame, filters, frames filtered so far) -> rows kept ---------------------

Clause = Callable[[pd.DataFrame, Filters, dict[str, pd.DataFrame]], pd.Series]


def _column_in(column: str, attr: str) -> Clause:
    return lambda frame, f, _: frame[column].isin(getattr(f, attr))


def _period(start_col: str, end_col: str) -> Clause:
    """Rows whose period meets the chosen years (rows without a year are kept)."""

    def clause(frame: pd.DataFrame, f: Filters, _) -> pd.Series:
        start, end = frame[start_col], frame[end_col]
        keep = pd.Series(True, index=frame.index)
        if f.annee_min is not None:
            keep &= ~(end.fillna(start) < f.annee_min).fillna(False)
        if f.annee_max is not None:
            keep &= ~(start.fillna(end) > f.annee_max).fillna(False)
        return keep

    return clause


def _funded_place(frame: pd.DataFrame, f: Filters, done: dict[str, pd.DataFrame]) -> pd.Series:
    # Funding has a place only through the project it funds (projets are filtered first).
    return isin(frame["projet"], done["projets"]["id"])


def _names(attr: str, label: str) -> Callable[[Filters, dict], str]:
    return lambda f, names: f"{label} : " + ", ".join(names[attr].get(c, c) for c in getattr(f, attr))


@dataclass(frozen=True)
class Definition:
    """One filter: is it set, what it keeps in each dataset, and how it reads."""

    name: str
    is_set: Callable[[Filters], bool]
    sentence: Callable[[Filters, dict[str, dict[str, str]]], str]
    clauses: dict[str, Clause]


_PLACED = ("lieux", "frequentation_lieux", "evenements", "projets")

FILTERS: tuple[Definition, ...] = (
    Definition(
        "familles",
        lambda f: bool(f.familles),
        _names("familles", "filière"),
        dict.fromkeys(
            ("lieux", "frequentation_lieux", "evenements", "projets", "financements", "chiffres_cles"),
            _column_in("famille", "familles"),
        ),
    ),
    Definition(
        "conseils",
        lambda f: bool(f.conseils),
        _names("conseils", "territoire"),
        {**dict.fromkeys(_PLACED, _column_in("conseil_de_territoire", "conseils")), "financements": _funded_place},
    ),
    Definition(
        "communes",
        lambda f: bool(f.communes),
        _names("communes", "commune"),
        {**dict.fromkeys(_PLACED, _column_in("commune_code", "communes")), "financements": _funded_place},
    ),
    Definition(
        "annees",
        lambda f: f.years,
        lambda f, _: f"années : {f.annee_min or '…'} à {f.annee_max or '…'}",
        {
            "evenements": _period("annee", "annee"),
            "frequentation_lieux": _period("annee", "annee"),
            "financements": _period("annee_debut", "annee_fin"),
            "chiffres_cles": _period("annee", "annee"),
            # Actions planned within the years; actions without a planned year stay.
            "actions": _period("annee_prevue", "annee_prevue"),
        },
    ),
    Definition(
        "statuts",
        lambda f: bool(f.statuts),
        _names("statuts", "statut"),
        {"financements": _column_in("statut", "statuts")},
    ),
)

# Datasets in the order they are filtered (funding's place depends on the filtered projets).
FILTERED = ("lieux", "frequentation_lieux", "evenements", "projets", "financements", "chiffres_cles", "actions")


def apply(bundle: Bundle, f: Filters) -> Bundle:
    """The bundle restricted to the filters (reference tables stay whole).

    The one place data is filtered: every headline, chart, screen and export reads its result.
    """
    if not f.active:
        return bundle
    frames = dict(bundle.frames)
    active = [d for d in FILTERS if d.is_set(f)]
    for name in FILTERED:
        frame = frames[name]
        keep = pd.Series(True, index=frame.index)
        for definition in active:
            if clause := definition.clauses.get(name):
                keep &= clause(frame, f, frames)
        frames[name] = frame[keep]
    return replace(bundle, frames=frames, unfiltered=bundle.whole)


def concerned(name: str) -> list[str]:
    """Names of the filters that apply to a dataset (pages say which ones do)."""
    return [d.name for d in FILTERS if name in d.clauses]
