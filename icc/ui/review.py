"""Validation reports and change previews, shown as tables (data stays text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from icc.diff import Changes
from icc.schema import Dataset
from icc.validation import Problem

HIGHLIGHT = "background-color: #FFE8A3"


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
        st.markdown("**Lignes modifiées** (cellules changées surlignées)")
        shown = changes.changed[ds.columns]
        keys = shown[ds.key].tolist()

        def paint(row: pd.Series) -> list[str]:
            changed = changes.changed_cells.get(keys[row.name], set())
            return [HIGHLIGHT if c in changed else "" for c in row.index]

        st.dataframe(shown.style.apply(paint, axis=1).relabel_index(list(labels.values()), axis=1), hide_index=True)
        before = current.set_index(ds.key).loc[keys].reset_index()[ds.columns]
        with st.expander("Valeurs avant modification"):
            st.dataframe(before.rename(columns=labels), hide_index=True)
    if not changes.added.empty:
        st.markdown("**Lignes ajoutées**")
        st.dataframe(changes.added[ds.columns].rename(columns=labels), hide_index=True)
    if not changes.removed.empty:
        st.markdown("**Lignes supprimées**")
        st.dataframe(changes.removed[ds.columns].rename(columns=labels), hide_index=True)
