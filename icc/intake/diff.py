"""What a new version changes compared with the current one, and what deserves a second look."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from icc import formatting as fr
from icc.datasets.problems import FIRST_ROW, WARNING, Problem
from icc.datasets.schema import BOOLEAN, INTEGER, NUMBER, Dataset

# Attendance or amounts falling by more than this share need an explicit acknowledgement.
DROP_WARNING = 0.5


@dataclass(frozen=True)
class Changes:
    added: pd.DataFrame  # rows of the new table
    removed: pd.DataFrame  # rows of the old table
    changed: pd.DataFrame  # rows of the new table whose cells differ
    changed_cells: dict  # key -> set of changed column names
    unchanged: int
    rows: dict = field(default_factory=dict)  # key -> spreadsheet row in the new file

    @property
    def empty(self) -> bool:
        return self.added.empty and self.removed.empty and self.changed.empty

    def summary(self) -> str:
        return (
            f"{len(self.added)} ligne(s) ajoutée(s), {len(self.removed)} supprimée(s), "
            f"{len(self.changed)} modifiée(s), {self.unchanged} inchangée(s)"
        )


def _same(a, b) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return a == b


def compare(ds: Dataset, old: pd.DataFrame, new: pd.DataFrame) -> Changes:
    """Rows matched by the dataset's key."""
    old_i = old.set_index(ds.key, drop=False)
    new_i = new.set_index(ds.key, drop=False)
    added_keys = new_i.index.difference(old_i.index)
    removed_keys = old_i.index.difference(new_i.index)
    common = new_i.index.intersection(old_i.index)
    # Plain records: a pandas access per row took a second for a few hundred rows.
    columns = list(ds.columns)
    old_rows = dict(zip(old[ds.key].tolist(), old[columns].to_dict("records"), strict=True))
    new_rows = dict(zip(new[ds.key].tolist(), new[columns].to_dict("records"), strict=True))
    cells: dict = {}
    for key in common:
        a, b = old_rows[key], new_rows[key]
        diff = {c for c in columns if not _same(a[c], b[c])}
        if diff:
            cells[key] = diff
    changed_keys = [k for k in new_i.index if k in cells]
    return Changes(
        added=new_i.loc[added_keys].reset_index(drop=True),
        removed=old_i.loc[removed_keys].reset_index(drop=True),
        changed=new_i.loc[changed_keys].reset_index(drop=True),
        changed_cells=cells,
        unchanged=len(common) - len(cells),
        rows=dict(zip(new[ds.key].tolist(), (new.index + FIRST_ROW).tolist(), strict=True)),
    )


def shown(value, kind: str) -> str:
    """A typed cell as the preview shows it: ``150 000``, ``43,3105``, ``oui``, ``(vide)``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "(vide)"
    if kind == BOOLEAN:
        return "oui" if value else "non"
    if kind == INTEGER:
        return fr.nombre(value)
    if kind == NUMBER:
        return fr.nombre(value, 6)
    return str(value)


def rows_frame(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """Whole rows as the preview shows them: French labels, every cell as text, an empty cell empty."""
    out = {}
    for column in ds.columns:
        kind = ds.field(column).kind
        out[ds.field(column).label] = [
            "" if (text := shown(v, kind)) == "(vide)" else text for v in frame[column].tolist()
        ]
    return pd.DataFrame(out, columns=[ds.field(c).label for c in ds.columns], dtype=object)


def changed_cells_frame(ds: Dataset, changes: Changes, old: pd.DataFrame) -> pd.DataFrame:
    """One line per changed cell: the row's key and spreadsheet row, the column's French label, before → after."""
    before = old.set_index(ds.key)
    after = changes.changed.set_index(ds.key)
    key_label = ds.field(ds.key).label
    lines = []
    for key in after.index:
        for column in [c for c in ds.columns if c in changes.changed_cells.get(key, set())]:
            kind = ds.field(column).kind
            lines.append(
                {
                    key_label: str(key),
                    "Ligne": changes.rows.get(key),
                    "Colonne": ds.field(column).label,
                    "Avant": shown(before.at[key, column], kind),
                    "Après": shown(after.at[key, column], kind),
                }
            )
    frame = pd.DataFrame(lines, columns=[key_label, "Ligne", "Colonne", "Avant", "Après"])
    return frame.astype({"Ligne": "Int64"})


def warnings(ds: Dataset, old: pd.DataFrame, new: pd.DataFrame) -> list[Problem]:
    """Plausible but surprising changes, which the editor must acknowledge before publishing."""
    problems = []
    if len(old) and len(new) < len(old) * (1 - DROP_WARNING):
        problems.append(
            Problem(
                ds.name,
                "Baisse importante",
                f"le fichier compte {len(new)} lignes contre {len(old)} dans la version en vigueur.",
                severity=WARNING,
            )
        )
    for column in ("frequentation", "montant_eur"):
        if column not in ds.columns:
            continue
        before = old.set_index(ds.key)[column]
        for idx, row in new.iterrows():  # index = spreadsheet row - FIRST_ROW
            prev = before.get(row[ds.key])
            value = row[column]
            if pd.notna(prev) and pd.notna(value) and prev > 0 and value < prev * (1 - DROP_WARNING):
                label = ds.field(column).label.lower()
                problems.append(
                    Problem(
                        ds.name,
                        "Baisse importante",
                        f"{label} en baisse de plus de moitié ({fr.nombre(prev)} → {fr.nombre(value)}) "
                        "depuis la version en vigueur.",
                        int(idx) + FIRST_ROW,
                        column,
                        shown(value, ds.field(column).kind),
                        severity=WARNING,
                    )
                )
    return problems
