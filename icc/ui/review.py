"""Validation reports and change previews, shown as tables (data stays text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from icc.datasets.schema import Dataset
from icc.intake.diff import Changes, changed_cells_frame
from icc.intake.validation import Problem


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Type de problème": [p.kind for p in problems],
            "Ligne": [p.row if p.row is not None else pd.NA for p in problems],
            "Colonne": [p.column_label for p in problems],
            "Valeur trouvée": [p.value or "" for p in problems],
            "Problème et attendu": [p.message for p in problems],
        }
    ).astype({"Ligne": "Int64"})


def problems_table(problems: list[Problem]) -> None:
    """Every problem, grouped by kind, with row, column, value and expectation."""
    frame = problems_frame(problems)
    for kind, group in frame.groupby("Type de problème", sort=False):
        st.markdown(f"**{kind}** : {len(group)}")
        st.dataframe(group.drop(columns="Type de problème"), hide_index=True, width="stretch")


def changes_view(ds: Dataset, changes: Changes, current: pd.DataFrame) -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Lignes ajoutées", len(changes.added))
    c2.metric("Lignes supprimées", len(changes.removed))
    c3.metric("Lignes modifiées", len(changes.changed))
    c4.metric("Lignes inchangées", changes.unchanged)
    labels = ds.labels
    if not changes.changed.empty:
        # Only the changed cells, one per line, before and after side by side: nothing to scroll to.
        st.markdown("**Cellules modifiées** (valeur en vigueur → valeur du fichier)")
        st.dataframe(changed_cells_frame(ds, changes, current), hide_index=True, width="stretch")
    if not changes.added.empty:
        st.markdown("**Lignes ajoutées**")
        st.dataframe(changes.added[ds.columns].rename(columns=labels), hide_index=True)
    if not changes.removed.empty:
        st.markdown("**Lignes supprimées**")
        st.dataframe(changes.removed[ds.columns].rename(columns=labels), hide_index=True)
