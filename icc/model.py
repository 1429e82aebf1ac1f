"""The data the pages show: every dataset at its current version, enriched once.

Like a data loader, this runs once per set of versions (the caller caches it by the
version ids) and pages only read the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy.engine import Engine

from icc import store
from icc.schema import ORDER


@dataclass(frozen=True)
class Bundle:
    frames: dict[str, pd.DataFrame]
    versions: dict[str, store.Version]
    # The same data before any filter (set by icc.filters.apply): what a commune is compared with.
    unfiltered: Bundle | None = field(default=None, compare=False, repr=False)

    @property
    def whole(self) -> Bundle:
        return self.unfiltered or self

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.versions)


def version_key(versions: dict[str, store.Version]) -> tuple[int, ...]:
    return tuple(versions[name].id for name in ORDER if name in versions)


def _family(filieres: pd.DataFrame) -> pd.Series:
    """filière code -> family code (a family is its own family)."""
    fam = filieres.set_index("code")["famille"]
    return fam.fillna(pd.Series(fam.index, index=fam.index)).astype(str)


def _leaf(actions: pd.DataFrame) -> pd.Series:
    """An action with no sub-action; found on the whole plan, so that filtering out
    sub-actions never turns their parent into a leaf."""
    return ~actions["code"].isin(actions["parent"].dropna())


def enrich(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the columns every page needs: family, commune name and code, conseil de territoire,
    the leaf flag of actions; flags become plain booleans (a missing « approximatif » is exact)."""
    out = {}
    for name, frame in frames.items():
        if "approximatif" in frame.columns:
            frame = frame.assign(approximatif=frame["approximatif"].fillna(False).astype(bool))
        out[name] = frame
    frames = dict(out)
    if "actions" in out:
        out["actions"] = out["actions"].assign(feuille=_leaf(out["actions"]))
    family = _family(frames["filieres"])
    names = frames["filieres"].set_index("code")["nom"]
    communes = frames["communes"].set_index("code_insee")
    for name, code_col in (
        ("lieux", "code_insee"),
        ("evenements", "code_insee_commune"),
        ("projets", "code_insee_commune"),
    ):
        frame = frames[name].copy()
        frame["commune_code"] = frame[code_col]
        frame["commune"] = frame[code_col].map(communes["nom"])
        frame["conseil_de_territoire"] = frame[code_col].map(communes["conseil_de_territoire"])
        out[name] = frame
    for name in ("lieux", "evenements", "projets", "financements", "chiffres_cles"):
        frame = out[name].copy()
        frame["famille"] = frame["filiere"].map(family)
        frame["famille_nom"] = frame["famille"].map(names)
        frame["filiere_nom"] = frame["filiere"].map(names)
        out[name] = frame
    return out


def load_bundle(engine: Engine, versions: dict[str, store.Version] | None = None) -> Bundle:
    versions = versions or store.current_versions(engine)
    frames = {name: store.read_version(engine, versions[name].id) for name in ORDER}
    return Bundle(enrich(frames), versions)
