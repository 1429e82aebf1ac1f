"""Editing a dataset in place, without Streamlit: the edited table is one more source of text cells.

The table an editor changes in the page is turned back into the text people type (French
numbers, ISO dates, « true »/« false ») and checked by ``upload.check_read`` exactly like a read
file: same validation, cross-dataset checks, preview and publication. Its rows are numbered from
1 (the « Ligne » the table shows); problems name that number.

Drafts are kept in the store (``store.save_draft``) as JSON text cells, with the version they
started from; ``rebase`` re-applies a draft's own changes to a version published meanwhile.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd

from icc import formatting
from icc.datasets.problems import FIRST_ROW
from icc.datasets.schema import BOOLEAN, DATE, INTEGER, NUMBER, Dataset
from icc.intake import upload
from icc.intake.headers import fold
from icc.intake.reading import ReadResult
from icc.prepared.model import Bundle

LINE = "Ligne"  # the index of the edited table, shown to the user and named by problems
SOURCE_NAME = "modification en ligne"  # the « file name » of an edited table, and its audit action
NUMBER_DECIMALS = 6


def _missing(value) -> bool:
    return value is None or (not isinstance(value, str) and pd.isna(value))


def _cell(kind: str, value) -> str:
    """A typed value as the text a person types: « 150 000 », « 43,3106 », « 2024-10-25 », « true »."""
    if _missing(value):
        return ""
    if kind == BOOLEAN:
        return "true" if bool(value) else "false"
    if kind in (INTEGER, NUMBER) and not isinstance(value, str):
        return formatting.nombre(value, 0 if kind == INTEGER else NUMBER_DECIMALS)
    if kind == DATE and isinstance(value, dt.date | pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def cells_of_version(ds: Dataset, frame: pd.DataFrame) -> pd.DataFrame:
    """A stored version (typed) as text cells, rows numbered from 1."""
    cells = pd.DataFrame({f.name: [_cell(f.kind, v) for v in frame[f.name].tolist()] for f in ds.fields}, dtype=object)
    cells.index = pd.RangeIndex(1, len(cells) + 1, name=LINE)
    return cells


def editor_frame(ds: Dataset, cells: pd.DataFrame) -> pd.DataFrame:
    """Text cells as the editor shows them: a date for the date picker, a bool for the checkbox."""
    out = pd.DataFrame(index=cells.index)
    for f in ds.fields:
        column = cells[f.name] if f.name in cells.columns else pd.Series("", index=cells.index)
        if f.kind == DATE:
            out[f.name] = pd.Series([_date_or_text(v) for v in column], index=cells.index, dtype=object)
        elif f.kind == BOOLEAN:
            out[f.name] = pd.Series([_bool_or_none(v) for v in column], index=cells.index, dtype=object)
        elif f.values or f.references:  # a choice list: nothing chosen
            out[f.name] = pd.Series([v if v else None for v in column], index=cells.index, dtype=object)
        else:  # typed text: an empty cell stays empty
            out[f.name] = pd.Series(list(column), index=cells.index, dtype=object)
    out.index.name = LINE
    return out


def _date_or_text(text: str):
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _bool_or_none(text: str) -> bool | None:
    return {"true": True, "false": False}.get(text)


def cells_of_editor(ds: Dataset, edited: pd.DataFrame) -> pd.DataFrame:
    """What the editor returns, back to text cells (the value as typed for text and number columns)."""
    out = pd.DataFrame(index=edited.index)
    for f in ds.fields:
        values = edited[f.name].tolist() if f.name in edited.columns else [None] * len(edited)
        out[f.name] = pd.Series([_cell(f.kind, v) for v in values], index=edited.index, dtype=object)
    out.index.name = LINE
    return out


@dataclass(frozen=True)
class Applied:
    cells: pd.DataFrame
    kept_keys: int  # identifiers of existing rows changed in the table and put back


def apply_edits(ds: Dataset, draft: pd.DataFrame, shown: pd.Index, edited: pd.DataFrame) -> Applied:
    """The whole draft once the rows ``shown`` (a filtered page of it) became ``edited``.

    Rows of ``shown`` missing from ``edited`` were removed; rows with another index were added
    (numbered after the last line). The identifier of an existing row is read-only: a change
    made to it in the table is put back and counted.
    """
    edited_cells = cells_of_editor(ds, edited)
    kept = draft.drop(index=[i for i in shown if i not in edited_cells.index])
    updated = edited_cells[edited_cells.index.isin(shown)]
    kept_keys = 0
    if not updated.empty:
        before = kept.loc[updated.index, ds.key]
        changed_key = (before != updated[ds.key]) & (before != "")
        kept_keys = int(changed_key.sum())
        updated = updated.copy()
        updated.loc[changed_key, ds.key] = before[changed_key]
        kept.loc[updated.index, ds.columns] = updated[ds.columns].to_numpy()
    added = edited_cells[~edited_cells.index.isin(shown)]
    if not added.empty:
        start = int(draft.index.max()) + 1 if len(draft) else 1
        added = added.set_axis(pd.RangeIndex(start, start + len(added)))
        kept = pd.concat([kept, added[ds.columns]])
    kept.index.name = LINE
    return Applied(kept.astype(object), kept_keys)


# --- the same check as a file ------------------------------------------------------------------


def read_result(ds: Dataset, cells: pd.DataFrame) -> ReadResult:
    """The edited table as a read file whose spreadsheet rows are the lines the table shows."""
    frame = cells[ds.columns].astype(str).copy()
    frame.index = pd.Index([int(i) - FIRST_ROW for i in cells.index])
    return ReadResult(frame=frame, format="csv", encoding="UTF-8", separator=";", decimal=",")


def check(dataset: str, ds: Dataset, cells: pd.DataFrame, bundle: Bundle, contours) -> upload.Checked:
    checked = upload.check_read(dataset, read_result(ds, cells), SOURCE_NAME, bundle, contours)
    checked.extra["description"] = (
        f"Table modifiée en ligne : {formatting.nombre(len(cells))} lignes, vérifiées comme un fichier déposé."
    )
    checked.resemblance = None  # the headers are the dataset's own
    return checked


# --- filters and pages -------------------------------------------------------------------------


def search(ds: Dataset, cells: pd.DataFrame, text: str = "", equal: dict[str, str] | None = None, empty: str = ""):
    """Lines matching a search (any cell, case and accents ignored), exact column values, an empty column."""
    keep = pd.Series(True, index=cells.index)
    words = fold(text)
    if words:
        folded = cells[ds.columns].apply(lambda column: column.map(fold))
        keep &= folded.apply(lambda column: column.str.contains(words, regex=False)).any(axis=1)
    for column, value in (equal or {}).items():
        if value is not None:
            keep &= cells[column] == value
    if empty:
        keep &= cells[empty] == ""
    return cells.index[keep]


def page_of(index: pd.Index, page: int, size: int) -> pd.Index:
    return index[(page - 1) * size : page * size]


# --- drafts ------------------------------------------------------------------------------------


def dump(cells: pd.DataFrame) -> str:
    return json.dumps(
        {"lines": [int(i) for i in cells.index], "columns": list(cells.columns), "rows": cells.values.tolist()}
    )


def load(ds: Dataset, content: str) -> pd.DataFrame:
    stored = json.loads(content)
    cells = pd.DataFrame(stored["rows"], columns=stored["columns"], dtype=object)
    cells.index = pd.Index(stored["lines"], name=LINE)
    for name in ds.columns:  # a column added to the description since: empty
        if name not in cells.columns:
            cells[name] = ""
    return cells[ds.columns].astype(object)


def changed(ds: Dataset, draft: pd.DataFrame, start: pd.DataFrame) -> bool:
    a, b = draft[ds.columns].reset_index(), start[ds.columns].reset_index()
    return a.shape != b.shape or not a.equals(b)


def rebase(ds: Dataset, base: pd.DataFrame, mine: pd.DataFrame, theirs: pd.DataFrame):
    """Re-apply the draft's own changes (``mine`` against ``base``) to ``theirs``, a newer version.

    All three are text cells. Returns (the new draft, the rows both changed, side by side: the
    value at the start of the draft, the one published meanwhile, and the draft's, which is kept).
    """
    key = ds.key
    base_by = base.set_index(key, drop=False)
    theirs_by = theirs.set_index(key, drop=False)
    out = theirs.copy()
    line_of = dict(zip(out[key], out.index, strict=True))
    next_line = int(max(out.index.max() if len(out) else 0, mine.index.max() if len(mine) else 0)) + 1
    both = []
    mine_keys = set(mine[key])
    for _, row in mine.iterrows():
        k = row[key]
        if k in base_by.index and k != "":
            old = base_by.loc[k]
            columns = [c for c in ds.columns if row[c] != old[c]]
            if not columns:
                continue
            if k in theirs_by.index:
                for c in columns:
                    if theirs_by.at[k, c] != old[c]:
                        both.append((k, c, old[c], theirs_by.at[k, c], row[c]))
                    out.at[line_of[k], c] = row[c]
                continue
            both.append((k, "", "ligne présente", "ligne retirée", "ligne modifiée, remise"))
        elif k in theirs_by.index and k != "":
            for c in ds.columns:
                if theirs_by.at[k, c] != row[c]:
                    both.append((k, c, "", theirs_by.at[k, c], row[c]))
            out.loc[line_of[k], ds.columns] = row[ds.columns].to_numpy()
            continue
        out.loc[next_line, ds.columns] = row[ds.columns].to_numpy()
        next_line += 1
    removed = [k for k in base[key] if k not in mine_keys and k in line_of]
    out = out.drop(index=[line_of[k] for k in removed])
    out.index.name = LINE
    labels = ds.labels
    side = pd.DataFrame(
        [(k, labels.get(c, c), b, t, m) for k, c, b, t, m in both],
        columns=["Identifiant", "Colonne", "Au début du brouillon", "Publié entre-temps", "Votre brouillon (gardé)"],
    )
    return out.astype(object), side


# --- one new row (a steering committee) ---------------------------------------------------------


def with_row(ds: Dataset, current: pd.DataFrame, values: dict) -> pd.DataFrame:
    """The current version's cells plus one row typed by the user (values by field name)."""
    cells = cells_of_version(ds, current)
    row = {f.name: _cell(f.kind, values.get(f.name)) for f in ds.fields}
    cells.loc[len(cells) + 1] = [row[c] for c in ds.columns]
    return cells


def free_id(prefix: str, taken) -> str:
    """``prefix``, or ``prefix_2``… if taken."""
    taken = set(taken)
    if prefix not in taken:
        return prefix
    n = 2
    while f"{prefix}_{n}" in taken:
        n += 1
    return f"{prefix}_{n}"
