"""The numbers behind the overview's headline figures (read in French by icc.present.panels.figures)."""

from __future__ import annotations

import pandas as pd

from icc.prepared.aggregations import actions as act


def attendance(events: pd.DataFrame) -> tuple[int | None, bool, int]:
    """Sum of the quantified attendances (None when none is), whether any is approximate, how many."""
    counted = events[events["frequentation"].notna()]
    if counted.empty:
        return None, False, 0
    return int(counted["frequentation"].sum()), bool(counted["approximatif"].any()), len(counted)


def actions_done(actions: pd.DataFrame) -> tuple[int, int]:
    """Leaf actions done, out of the leaf actions (of the filtered plan)."""
    leaf = act.leaves(actions)
    return int((leaf["statut"] == act.REALISE).sum()), len(leaf)


def sites_by_family(lieux: pd.DataFrame) -> pd.DataFrame:
    """Number of sites per filière family."""
    return (
        lieux.groupby(["famille", "famille_nom"], as_index=False)
        .size()
        .rename(columns={"size": "lieux"})
        .sort_values("lieux", ascending=False)
    )
