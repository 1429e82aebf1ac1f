"""Synthetic data at N times the default volume, for the benchmarks.

The datasets that grow with activity (lieux, evenements, financements, and the museums' yearly
attendance frequentation_lieux) are replicated N times with new identifiers; reference tables
(communes, filieres) and the roadmap itself (chiffres_cles, projets, actions) keep their default
rows. Every reference stays valid (a copied envelope points at the copy of its parent), every
point keeps the coordinates of the default row it copies (so it stays inside its commune), and
figures vary through a seeded random generator so that aggregations are not trivial multiples.

Two profiles:

- ``variety`` (the default), with the variety of real data: every copy brings new names of lieux
  and events and new beneficiaries, one copy in ten a new name for each of its programmes, and the
  copied events are spread over the communes that have a festival in the default data (read from
  it: rows with a Ministry identifier). The number of distinct names, beneficiaries and
  programmes grows with N, as in a national funding table or the Ministry's list;
- ``repeat``: the shape measured before issue #23, copies keep their programmes, beneficiaries
  and communes (names of lieux and events are suffixed).

The museums' attendance (``frequentation_lieux``) follows its places: copy k of a museum's year
counts copy k of the museum (``lieu``, and ``compte_avec`` the copies of the museums it is counted
with), its figures within ±50 % of the row it copies. With variety, one figure in
``MISSING_EVERY`` of the copies becomes a year without a figure (« fermé » or « non communiqué »,
never 0), so that the museums without a figure vary from copy to copy as in the Ministry's file.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy.engine import Engine

from icc.datasets.schema import FERME, NON_COMMUNIQUE, ORDER
from icc.intake.seed import load_default
from icc.storage import store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SCALED = ("lieux", "evenements", "financements", "frequentation_lieux")
AUTHOR = "Banc d'essai"
VARIETY, REPEAT = "variety", "repeat"
PROFILES = (VARIETY, REPEAT)
NEW_PROGRAMME_EVERY = 10  # one copy in ten renames its programmes (variety)
MISSING_EVERY = 20  # about one figure in 20 of the copies becomes « fermé » or « non communiqué » (variety)


def copy_suffix(copies: np.ndarray) -> pd.Series:
    """ "" for the original rows (copy 0), "__s<k>" for copy k: ids stay unique."""
    text = pd.Series(copies).astype(str)
    return pd.Series(np.where(copies == 0, "", "__s" + text), dtype="str")


def _replicate(frame: pd.DataFrame, scale: int) -> tuple[pd.DataFrame, np.ndarray]:
    out = pd.concat([frame] * scale, ignore_index=True)
    copies = np.repeat(np.arange(scale), len(frame))
    return out, copies


def _with_suffix(values: pd.Series, suffix: pd.Series) -> pd.Series:
    # Missing references stay missing.
    return (values + suffix).where(values.notna(), values)


def festival_communes(events: pd.DataFrame) -> list[str]:
    """The communes where the default data has a festival of the Ministry's list, sorted."""
    listed = events["identifiants_ministere"].notna() & events["code_insee_commune"].notna()
    return sorted(events.loc[listed, "code_insee_commune"].astype(str).unique())


def _numbered(values: pd.Series, copies: np.ndarray, word: str, every: int = 1) -> pd.Series:
    """``values`` with « (word k) » appended on copy k when k is a multiple of ``every`` (copy 0
    unchanged); the number is the copy's rank among those renamed, so names stay readable."""
    renamed = (copies > 0) & (copies % every == 0)
    rank = pd.Series(copies // every, dtype="str")
    out = values.astype("str") + pd.Series(np.where(renamed, " (" + word + " " + rank + ")", ""), dtype="str")
    return out.where(values.notna() & renamed, values)


def generate(
    scale: int, base: dict[str, pd.DataFrame] | None = None, seed: int = 20241025, profile: str = VARIETY
) -> dict[str, pd.DataFrame]:
    """Every dataset, with lieux, evenements and financements at ``scale`` times their default rows."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    if profile not in PROFILES:
        raise ValueError(f"profile must be one of {PROFILES}")
    base = base if base is not None else load_default(DATA)
    rng = np.random.default_rng(seed)
    frames = {name: frame.copy() for name, frame in base.items()}
    if scale == 1:
        return frames

    lieux, copies = _replicate(base["lieux"], scale)
    suffix = copy_suffix(copies)
    lieux["id"] = lieux["id"] + suffix
    if "identifiant_museofile" in lieux.columns:  # unique: a copied museum is another museum
        lieux["identifiant_museofile"] = _with_suffix(lieux["identifiant_museofile"], suffix)
    lieux["nom"] = _with_suffix(lieux["nom"], pd.Series(np.where(copies == 0, "", " – site " + suffix.str[3:])))
    frames["lieux"] = lieux

    events, copies = _replicate(base["evenements"], scale)
    suffix = copy_suffix(copies)
    events["id"] = events["id"] + suffix
    events["nom"] = events["nom"] + pd.Series(np.where(copies == 0, "", " – édition " + suffix.str[3:]))
    # Attendance varies row by row, within ±50 % of the figure it copies; copy 0 keeps its figures.
    factor = np.where(copies == 0, 1.0, rng.uniform(0.5, 1.5, len(events)))
    attendance = events["frequentation"].astype("Float64") * factor
    events["frequentation"] = attendance.round().astype("Int64")
    if profile == VARIETY:
        # Copies placed in the communes that have festivals; an event without a commune keeps none.
        places = np.array(festival_communes(base["evenements"]), dtype=object)
        drawn = pd.Series(places[rng.integers(0, len(places), len(events))], dtype="str")
        moved = (copies > 0) & events["code_insee_commune"].notna().to_numpy()
        events["code_insee_commune"] = events["code_insee_commune"].where(~moved, drawn)
    frames["evenements"] = events

    funding, copies = _replicate(base["financements"], scale)
    suffix = copy_suffix(copies)
    funding["id"] = funding["id"] + suffix
    funding["parent"] = _with_suffix(funding["parent"], suffix)
    # One factor per copy: a nested envelope stays within its parent.
    per_copy = np.concatenate([[1.0], rng.uniform(0.5, 1.5, scale - 1)])
    funding["montant_eur"] = (funding["montant_eur"] * per_copy[copies]).round(0).astype("Float64")
    if profile == VARIETY:
        funding["beneficiaire"] = _numbered(funding["beneficiaire"], copies, "lot")
        funding["programme"] = _numbered(funding["programme"], copies, "appel", NEW_PROGRAMME_EVERY)
    frames["financements"] = funding
    if "frequentation_lieux" in base:
        frames["frequentation_lieux"] = _attendance(base["frequentation_lieux"], scale, rng, profile)
    return frames


def _attendance(base: pd.DataFrame, scale: int, rng: np.random.Generator, profile: str) -> pd.DataFrame:
    """The museums' yearly rows, copy k counting copy k of each museum (see the module's docstring)."""
    rows, copies = _replicate(base, scale)
    suffix = copy_suffix(copies)
    rows["id"] = rows["id"] + suffix
    rows["lieu"] = rows["lieu"] + suffix
    site = pd.Series(np.where(copies == 0, "", " – site " + suffix.str[3:]))
    rows["nom_dans_la_source"] = _with_suffix(rows["nom_dans_la_source"], site)  # as the copied place's name
    # « a ; b » -> « a__s3 ; b__s3 »: counted with the copies of the same copy.
    partners = rows["compte_avec"].astype("str").str.split(r"\s*;\s*", regex=True)
    joined = [
        " ; ".join(p + s for p in parts if p) if isinstance(parts, list) else parts
        for parts, s in zip(partners, suffix, strict=True)
    ]
    rows["compte_avec"] = pd.Series(joined, dtype="str").where(rows["compte_avec"].notna(), rows["compte_avec"])
    factor = np.where(copies == 0, 1.0, rng.uniform(0.5, 1.5, len(rows)))
    for column in ("payant", "gratuit", "total"):
        rows[column] = (rows[column].astype("Float64") * factor).round().astype("Int64")
    # Paying + free = total where the source gives both (rounding may have split them apart).
    both = (copies > 0) & rows["payant"].notna() & rows["gratuit"].notna() & rows["total"].notna()
    rows.loc[both, "total"] = rows.loc[both, "payant"] + rows.loc[both, "gratuit"]
    if profile == VARIETY:
        figured = (copies > 0) & rows["total"].notna().to_numpy() & rows["compte_avec"].isna().to_numpy()
        dropped = figured & (rng.integers(0, MISSING_EVERY, len(rows)) == 0)
        reasons = np.array([FERME, NON_COMMUNIQUE], dtype=object)[rng.integers(0, 2, len(rows))]
        for column in ("payant", "gratuit", "total"):
            rows.loc[dropped, column] = pd.NA
        rows["chiffre_manquant"] = rows["chiffre_manquant"].where(~dropped, pd.Series(reasons, dtype="str"))
    return rows


def row_counts(frames: dict[str, pd.DataFrame]) -> dict[str, int]:
    return {name: len(frames[name]) for name in ORDER}


def publish_all(engine: Engine, frames: dict[str, pd.DataFrame]) -> None:
    """Version 1 of every dataset, as the first start of the app would publish it."""
    store.init(engine)
    for name in ORDER:
        store.publish(engine, name, frames[name], AUTHOR, "Données synthétiques", expected_version_id=None)
