"""The filters shared by every page, their query-string form and their effect on the data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from icc.model import Bundle
from icc.schema import STATUTS_FINANCEMENT

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
        parts = []
        if self.familles:
            parts.append("filière : " + ", ".join(names["familles"][c] for c in self.familles))
        if self.conseils:
            parts.append("territoire : " + ", ".join(self.conseils))
        if self.communes:
            parts.append("commune : " + ", ".join(names["communes"][c] for c in self.communes))
        if self.annee_min is not None or self.annee_max is not None:
            parts.append(f"années : {self.annee_min or '…'} à {self.annee_max or '…'}")
        if self.statuts:
            parts.append("statut : " + ", ".join(self.statuts))
        return "Filtres : " + " ; ".join(parts) if parts else "Sans filtre : toutes les données"


def choices(bundle: Bundle) -> dict[str, dict[str, str]]:
    """Allowed values of each filter, code -> French label."""
    filieres = bundle["filieres"]
    families = filieres[filieres["famille"].isna()]
    communes = bundle["communes"].sort_values("nom")
    return {
        "familles": dict(zip(families["code"], families["nom"], strict=True)),
        "conseils": {c: c for c in sorted(communes["conseil_de_territoire"].unique())},
        "communes": dict(zip(communes["code_insee"], communes["nom"], strict=True)),
        "statuts": {s: s for s in STATUTS_FINANCEMENT},
    }


def _place(frame: pd.DataFrame, f: Filters) -> pd.Series:
    keep = pd.Series(True, index=frame.index)
    if f.conseils:
        keep &= frame["conseil_de_territoire"].isin(f.conseils)
    if f.communes:
        keep &= frame["commune_code"].isin(f.communes)
    return keep


def _family(frame: pd.DataFrame, f: Filters) -> pd.Series:
    if not f.familles:
        return pd.Series(True, index=frame.index)
    return frame["famille"].isin(f.familles)


def _period(start: pd.Series, end: pd.Series, f: Filters) -> pd.Series:
    """Rows whose period meets the chosen years (rows without a year are kept)."""
    keep = pd.Series(True, index=start.index)
    if f.annee_min is not None:
        keep &= ~(end.fillna(start) < f.annee_min).fillna(False)
    if f.annee_max is not None:
        keep &= ~(start.fillna(end) > f.annee_max).fillna(False)
    return keep


def apply(bundle: Bundle, f: Filters) -> Bundle:
    """The bundle restricted to the filters (reference tables stay whole)."""
    if not f.active:
        return bundle
    frames = dict(bundle.frames)
    lieux = frames["lieux"]
    frames["lieux"] = lieux[_family(lieux, f) & _place(lieux, f)]
    ev = frames["evenements"]
    frames["evenements"] = ev[_family(ev, f) & _place(ev, f) & _period(ev["annee"], ev["annee"], f)]
    pr = frames["projets"]
    frames["projets"] = pr[_family(pr, f) & _place(pr, f)]
    fin = frames["financements"]
    keep = _period(fin["annee_debut"], fin["annee_fin"], f)
    if f.statuts:
        keep &= fin["statut"].isin(f.statuts)
    if f.familles:
        keep &= fin["famille"].isin(f.familles)
    if f.conseils or f.communes:
        # Funding has a place only through the project it funds.
        keep &= fin["projet"].isin(frames["projets"]["id"])
    frames["financements"] = fin[keep]
    ch = frames["chiffres_cles"]
    frames["chiffres_cles"] = ch[_family(ch, f) & _period(ch["annee"], ch["annee"], f)]
    return replace(bundle, frames=frames)
