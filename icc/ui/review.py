"""Validation reports and change previews, shown as tables (data stays text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from icc.datasets.problems import found
from icc.datasets.schema import Dataset
from icc.intake.diff import Changes, changed_cells_frame, rows_frame
from icc.intake.recognition import KEEP, KINDS, MERGE, Question, Side
from icc.intake.validation import Problem
from icc.present.accessibility import grid_name


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Type de problème": [p.kind for p in problems],
            "Ligne": [str(p.row) if p.row is not None else "" for p in problems],
            "Colonne": [p.column_label for p in problems],
            "Valeur trouvée": [found(p.value) if p.value is not None else "" for p in problems],
            "Problème et attendu": [p.message for p in problems],
        }
    )


def problems_table(problems: list[Problem]) -> None:
    """Every problem, grouped by kind, with row, column, value and expectation."""
    frame = problems_frame(problems)
    for kind, group in frame.groupby("Type de problème", sort=False):
        st.markdown(f"**{kind}** : {len(group)}")
        shown = group.drop(columns="Type de problème")
        st.dataframe(shown, hide_index=True, width="stretch", alt=grid_name(shown.columns, len(shown), str(kind)))


def changes_view(ds: Dataset, changes: Changes, current: pd.DataFrame) -> None:
    c1, c2, c3, c4 = st.columns(4)
    c1.metric("Lignes ajoutées", len(changes.added))
    c2.metric("Lignes supprimées", len(changes.removed))
    c3.metric("Lignes modifiées", len(changes.changed))
    c4.metric("Lignes inchangées", changes.unchanged)
    if not changes.changed.empty:
        # Only the changed cells, one per line, before and after side by side: nothing to scroll to.
        st.markdown("**Cellules modifiées** (valeur en vigueur → valeur du fichier)")
        cells = changed_cells_frame(ds, changes, current)
        name = grid_name(cells.columns, len(cells), "Cellules modifiées")
        st.dataframe(cells, hide_index=True, width="stretch", alt=name)
    if not changes.added.empty:
        st.markdown("**Lignes ajoutées**")
        added = rows_frame(ds, changes.added)
        st.dataframe(added, hide_index=True, alt=grid_name(added.columns, len(added), "Lignes ajoutées"))
    if not changes.removed.empty:
        st.markdown("**Lignes supprimées**")
        removed = rows_frame(ds, changes.removed)
        st.dataframe(removed, hide_index=True, alt=grid_name(removed.columns, len(removed), "Lignes supprimées"))


def _side_text(side: Side) -> str:
    lines = [side.name, f"Commune : {side.commune or 'non précisée'}"]
    return "\n".join(lines + [f"{label} : {value or empty}" for label, value, empty in side.details])


def same_row(questions: tuple[Question, ...], state_key: str, dataset: str) -> dict[str, str] | None:
    """The questions « Même festival ? » (``evenements``) or « Même lieu ? » (``lieux``), side by side,
    answered in one form; the answers when sent."""
    kind = KINDS[dataset]
    choices = {
        MERGE: f"Fusionner : c'est le même {kind.one}",
        KEEP: f"Garder les deux : ce sont deux {kind.many}",
    }
    st.header(kind.question)
    waiting = sum(q.answer is None for q in questions)
    st.write(
        f"{len(questions)} rapprochement(s) proposé(s), dont {waiting} sans réponse : pour chacun, dites s'il "
        f"s'agit du même {kind.one}. Rien n'est ajouté ni publié tant qu'une question reste sans réponse."
    )
    with st.form(f"questions_{state_key}"):
        chosen = {}
        for number, question in enumerate(questions, start=1):
            with st.container(border=True):
                known, new = st.columns(2)
                known.caption(f"{number}. Déjà connu ({question.known.where})")
                known.text(_side_text(question.known))
                new.caption(f"Dans le fichier ({question.new.where})")
                new.text(_side_text(question.new))
                chosen[question.key] = st.radio(
                    f"Question {number} : même {kind.one} ?",
                    list(choices),
                    index=list(choices).index(question.answer) if question.answer else None,
                    format_func=choices.get,
                    horizontal=True,
                    key=f"{state_key}_{number}",
                )
        sent = st.form_submit_button("Enregistrer les réponses et vérifier à nouveau")
    if not sent:
        return None
    return {key: value for key, value in chosen.items() if value}
