"""The action plan: axes, leaf actions, progress per axis and what is late.

A leaf action is one with no sub-action; it is what progress counts, so that an action and
its sub-actions are never counted twice. An axis with no detailed action is its own leaf.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from icc.datasets.schema import AXES, STATUTS_ACTION

REALISE = "réalisé"
# Stacking order of the progress bars: done first.
STATUTS = (REALISE, "en cours", "à lancer")
assert set(STATUTS) == set(STATUTS_ACTION)


def code_key(code: str) -> tuple:
    """Natural order of codes: 1.2 < 1.10, 2.4 < 2.4.1 < 2.4bis, numbers before letters (2.2.2 < 2.2.a)."""
    parts = []
    for part in str(code).split("."):
        match = re.match(r"(\d*)(.*)", part)
        digits, rest = match.group(1), match.group(2)
        parts.append((int(digits) if digits else 10**9, rest))
    return tuple(parts)


def ordered(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.iloc[sorted(range(len(frame)), key=lambda i: code_key(frame["code"].iloc[i]))]


def is_axis(frame: pd.DataFrame) -> pd.Series:
    """The axis rows themselves (codes "1" to "5", no parent)."""
    return frame["parent"].isna() & (frame["code"] == frame["axe"].astype(str))


def is_leaf(frame: pd.DataFrame) -> pd.Series:
    """The leaf flag of the prepared model (icc.prepared.model), else computed on ``frame`` itself."""
    if "feuille" in frame.columns:
        return frame["feuille"].astype(bool)
    return ~frame["code"].isin(frame["parent"].dropna())


def in_years(frame: pd.DataFrame, annee_min: int | None, annee_max: int | None) -> pd.DataFrame:
    """Actions planned within the chosen years; actions without a planned year are kept.

    Pages never call this: icc.prepared.filters.apply filters the plan with the same rule."""
    year = frame["annee_prevue"]
    keep = pd.Series(True, index=frame.index)
    if annee_min is not None:
        keep &= ~(year < annee_min).fillna(False)
    if annee_max is not None:
        keep &= ~(year > annee_max).fillna(False)
    return frame[keep]


def leaves(actions: pd.DataFrame, shown: pd.DataFrame | None = None) -> pd.DataFrame:
    """Leaf actions of ``actions``, restricted to the rows of ``shown``.

    On a filtered plan of the prepared model the leaf flag was set on the whole plan, so
    filtering out sub-actions never turns their parent into a leaf.
    """
    leaf = actions[is_leaf(actions)]
    if shown is not None:
        leaf = leaf[leaf.index.isin(shown.index)]
    return ordered(leaf)


def axis_title(axe: int) -> str:
    return f"Axe {axe} – {AXES.get(axe, '')}".rstrip(" –")


def progress(leaf: pd.DataFrame) -> pd.DataFrame:
    """Per axis (all five, in order): leaf actions per status, total and share done."""
    counts = (
        pd.crosstab(leaf["axe"].astype(int), leaf["statut"])
        if len(leaf)
        else pd.DataFrame(index=pd.Index([], name="axe"))
    )
    axes = sorted(set(AXES) | {int(a) for a in leaf["axe"].dropna()})
    out = counts.reindex(index=axes, columns=list(STATUTS), fill_value=0).fillna(0).astype("int64")
    out["total"] = out[list(STATUTS)].sum(axis=1)
    out["part_realise"] = (out[REALISE] / out["total"]).where(out["total"] > 0)
    out.index.name = "axe"
    out = out.reset_index()
    out.insert(1, "libelle", [axis_title(a) for a in out["axe"]])
    return out


def late(leaf: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Leaf actions planned for a year already over and not done."""
    over = (leaf["annee_prevue"] < today.year).fillna(False)
    rows = leaf[over & (leaf["statut"] != REALISE)]
    return ordered(rows).sort_values("annee_prevue", kind="stable")


def by_year(leaf: pd.DataFrame) -> pd.DataFrame:
    """Leaf actions with a planned year, per year and status (long form, for stacked bars)."""
    dated = leaf[leaf["annee_prevue"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=["annee", "statut", "actions"])
    out = dated.groupby([dated["annee_prevue"].astype(int), "statut"]).size().rename("actions").reset_index()
    out = out.rename(columns={"annee_prevue": "annee"})
    out["ordre"] = out["statut"].map({s: i for i, s in enumerate(STATUTS)})
    return out.sort_values(["annee", "ordre"]).drop(columns="ordre").reset_index(drop=True)


def of_axis(actions: pd.DataFrame, axe: int) -> pd.DataFrame:
    """The actions of one axis (not the axis row itself), in code order."""
    rows = actions[(actions["axe"] == axe) & ~is_axis(actions)]
    return ordered(rows)


TABLE_COLUMNS = ["code", "intitule", "annee_prevue", "partenaires", "statut"]
