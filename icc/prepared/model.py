"""The data the pages show: every dataset at its current version, enriched once.

Like a data loader, this runs once per set of versions (the caller caches it by the
version ids) and pages only read the result.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from icc.datasets.schema import ORDER
from icc.storage import store


@dataclass(frozen=True)
class Bundle:
    frames: dict[str, pd.DataFrame]
    versions: dict[str, store.Version]
    # The same data before any filter (set by icc.prepared.filters.apply): what a commune is compared with.
    unfiltered: Bundle | None = field(default=None, compare=False, repr=False)
    # Values derived from these frames once, on first use (the filters' choices): frames never change.
    memo: dict = field(default_factory=dict, init=False, compare=False, repr=False)

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


# Lieux placed at their commune's centre are spread on a small sunflower spiral around
# it, so that each can be seen and clicked; they stay hollow rings (position approximate).
SPREAD_STEP_DEG = 0.007  # about 700 m: rings apart at the initial zoom
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def drawn_positions(lieux: pd.DataFrame) -> pd.DataFrame:
    """Drawn position of each lieu (index ``id``: ``lon``, ``lat``).

    Computed on the whole table, once per version (``enrich``): positions then stay put
    whatever the filters.
    """
    lon = lieux["longitude"].astype(float).to_numpy().copy()
    lat = lieux["latitude"].astype(float).to_numpy().copy()
    at_commune = (lieux["precision_localisation"] == "commune").to_numpy()
    groups: dict[tuple[float, float], list[int]] = {}
    # Sorted by id once, in numpy (a pandas access per row took 48 s for 610 000 lieux).
    for i in np.argsort(lieux["id"].astype(str).to_numpy(dtype=object), kind="stable"):
        if at_commune[i]:
            groups.setdefault((lat[i], lon[i]), []).append(i)
    for (lat0, lon0), members in groups.items():
        if len(members) < 2:
            continue
        for k, i in enumerate(members):
            r = SPREAD_STEP_DEG * math.sqrt(k)
            lat[i] = lat0 + r * math.sin(k * GOLDEN_ANGLE)
            lon[i] = lon0 + r * math.cos(k * GOLDEN_ANGLE) / math.cos(math.radians(lat0))
    return pd.DataFrame({"lon": lon.round(5), "lat": lat.round(5)}, index=lieux["id"].astype(str).to_numpy())


def enrich(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the columns every page needs: family, commune name and code, conseil de territoire,
    the leaf flag of actions, the drawn position of lieux on the map (``lon_carte``,
    ``lat_carte``); flags become plain booleans (a missing « approximatif » is exact)."""
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
    if "frequentation_lieux" in frames:
        # A yearly figure is where its place is, and of its place's filière.
        places = out["lieux"].set_index("id")
        frame = frames["frequentation_lieux"].copy()
        for column in ("commune_code", "commune", "conseil_de_territoire", "filiere"):
            frame[column] = frame["lieu"].map(places[column])
        frame["lieu_nom"] = frame["lieu"].map(places["nom"])
        out["frequentation_lieux"] = frame
    drawn = drawn_positions(out["lieux"])
    out["lieux"] = out["lieux"].assign(lon_carte=drawn["lon"].to_numpy(), lat_carte=drawn["lat"].to_numpy())
    for name in ("lieux", "frequentation_lieux", "evenements", "projets", "financements", "chiffres_cles"):
        if name not in out:
            continue
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
