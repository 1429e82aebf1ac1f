"""Validation reports and change previews, shown as tables (data stays text)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from icc import formatting
from icc.datasets.schema import DATASETS, Dataset
from icc.intake.diff import Changes, changed_cells_frame, rows_frame
from icc.intake.recognition import ASK, KEEP, KINDS, MERGE, Question, Side, plan
from icc.intake.validation import Problem
from icc.present.accessibility import grid_name


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "Type de problème": [p.kind for p in problems],
            "Ligne": [str(p.row) if p.row is not None else "" for p in problems],
            "Colonne": [p.column_label for p in problems],
            "Valeur trouvée": [p.value or "" for p in problems],
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


def _plural(n: int, one: str, many: str) -> str:
    return f"{formatting.nombre(n)} {one if n < 2 else many}"


def _the(n: int, one: str, many: str) -> str:
    """« la correspondance sûre », « les 264 correspondances sûres »."""
    return f"la {one}" if n < 2 else f"les {formatting.nombre(n)} {many}"


def _changes_text(ds: Dataset | None, question: Question) -> str:
    """« Site : (vide) → www.x.fr ; Identifiants du ministère : FEST_1 → FEST_1 ; min_x » (data: text)."""
    labels = {f.name: f.label for f in ds.fields} if ds is not None else {}
    return " ; ".join(
        f"{labels.get(column, column)} : {before or '(vide)'} → {after or '(vide)'}"
        for column, before, after in question.changes
    )


def _pair_label(question: Question) -> str:
    """« Jours [et nuits] de cirque(s) ↔ JOURS [ET NUITS] DE CIRQUE(S) (Aix-en-Provence, fichier, ligne 12) »."""
    where = ", ".join(filter(None, [question.new.commune, question.new.where]))
    return f"{question.known.name} ↔ {question.new.name} ({where})"


def sure_frame(questions: tuple[Question, ...], ds: Dataset | None = None) -> pd.DataFrame:
    """The sure group as the table the agent opens to check it: both names, commune, reasons, changes."""
    return pd.DataFrame(
        {
            "Déjà connu": [q.known.name for q in questions],
            "Où": [q.known.where for q in questions],
            "Dans le fichier": [q.new.name for q in questions],
            "Commune": [q.new.commune or q.known.commune for q in questions],
            "Score (sur 100)": [formatting.nombre(q.score) for q in questions],
            "Pourquoi c'est sûr": [", ".join(q.reasons) for q in questions],
            "Ce que la fusion change": [_changes_text(ds, q) for q in questions],
        },
        dtype=object,
    )


def same_row(
    questions: tuple[Question, ...], state_key: str, dataset: str, answers: dict[str, str] | None = None
) -> dict[str, str] | None:
    """The questions « Même festival ? » (``evenements``) or « Même lieu ? » (``lieux``): the sure pairs
    in one group merged with one button, then the doubtful ones one by one, most doubtful first. The
    answers to add when one is given, else None."""
    answers = answers or {}
    kind = KINDS[dataset]
    ds = DATASETS.get(dataset)
    steps = plan(questions, answers)
    st.header(kind.question)
    st.write(
        f"{_plural(len(questions), 'rapprochement proposé', 'rapprochements proposés')} : "
        f"{_plural(steps.merged, 'fusionné', 'fusionnés')}, {_plural(steps.kept, 'gardé séparé', 'gardés séparés')}, "
        f"{formatting.nombre(steps.unanswered)} sans réponse. Rien n'est ajouté ni publié tant qu'une question "
        "reste sans réponse ; vos réponses sont gardées avec l'import, même après un rechargement."
    )
    if steps.sure:
        sent = _sure_group(steps.sure, state_key, kind, ds)
        if sent is not None:
            return sent
    if steps.doubtful:
        return _doubtful(steps.doubtful, state_key, kind, ds)
    return None


def _sure_group(group: tuple[Question, ...], state_key: str, kind, ds) -> dict[str, str] | None:
    title = _plural(len(group), "correspondance sûre", "correspondances sûres")
    st.subheader(title)
    st.write(
        "Pour chacune, une preuve décisive (même nom à la casse, aux accents ou à l'ordre des mots près, ou même "
        "site internet et nom proche, dans la même commune) et rien contre. Ouvrez le tableau pour les vérifier ; "
        "retirez du groupe celles qui vous semblent douteuses : elles vous seront posées une à une."
    )
    the_group = _the(len(group), "correspondance sûre", "correspondances sûres")
    with st.expander(f"Voir {the_group}"):
        shown = sure_frame(group, ds)
        st.dataframe(shown, hide_index=True, width="stretch", alt=grid_name(shown.columns, len(shown), title))
    keys = {_pair_label(q): q.key for q in group}  # a file row has one sure pair at most: labels are unique
    removed = [
        keys[label]
        for label in st.multiselect(
            "Retirer du groupe (à examiner une à une)",
            list(keys),
            key=f"{state_key}_retirer_{len(group)}",
            placeholder="Choisissez une ou plusieurs paires",
        )
    ]
    kept = [q for q in group if q.key not in removed]
    label = f"Fusionner {the_group}"
    if removed:
        label = f"Fusionner {_the(len(kept), 'correspondance restant', 'correspondances restant')} dans le groupe"
    if kept and st.button(label, type="primary", key=f"{state_key}_fusionner_groupe"):
        return {**{q.key: MERGE for q in kept}, **{key: ASK for key in removed}}
    if removed and st.button(
        f"Retirer {_plural(len(removed), 'paire', 'paires')} du groupe", key=f"{state_key}_retirer_groupe"
    ):
        return {key: ASK for key in removed}
    return None


def _doubtful(doubtful: tuple[Question, ...], state_key: str, kind, ds) -> dict[str, str] | None:
    count = len(doubtful)
    st.subheader(f"{_plural(count, 'question', 'questions')} à examiner une à une")
    question = doubtful[0]
    with st.container(border=True):
        st.caption(
            f"Question 1 sur {formatting.nombre(count)}, la plus incertaine d'abord : "
            f"score {formatting.nombre(question.score)} sur 100"
        )
        known, new = st.columns(2)
        known.caption(f"Déjà connu ({question.known.where})")
        known.text(_side_text(question.known))
        new.caption(f"Dans le fichier ({question.new.where})")
        new.text(_side_text(question.new))
        st.text(f"Pour : {', '.join(question.reasons) or 'rien de décisif'}")
        st.text(f"Contre : {', '.join(question.against) or 'rien'}")
        if question.changes:
            st.text(f"Si vous fusionnez : {_changes_text(ds, question)}")
        merge, keep = st.columns(2)
        if merge.button(f"Fusionner : c'est le même {kind.one}", key=f"{state_key}_fusionner_{question.key}"):
            return {question.key: MERGE}
        if keep.button(f"Garder les deux : ce sont deux {kind.many}", key=f"{state_key}_garder_{question.key}"):
            return {question.key: KEEP}
    rest = _the(count, "question restante", "questions restantes")
    with st.expander(f"Voir {rest}"):
        shown = pd.DataFrame(
            {
                "Déjà connu": [q.known.name for q in doubtful],
                "Dans le fichier": [q.new.name for q in doubtful],
                "Commune": [q.new.commune or q.known.commune for q in doubtful],
                "Score (sur 100)": [formatting.nombre(q.score) for q in doubtful],
                "Pour": [", ".join(q.reasons) for q in doubtful],
                "Contre": [", ".join(q.against) for q in doubtful],
            },
            dtype=object,
        )
        st.dataframe(shown, hide_index=True, width="stretch", alt=grid_name(shown.columns, len(shown), rest))
    looked = st.checkbox(f"J'ai examiné {rest} : ce sont des {kind.many} différents", key=f"{state_key}_vu_{count}")
    if st.button(f"Garder les deux pour {rest}", disabled=not looked, key=f"{state_key}_garder_tout"):
        return {q.key: KEEP for q in doubtful}
    return None
