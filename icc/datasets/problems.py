"""A problem found in an uploaded file: where (row, column), what, and how serious."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from icc.datasets.schema import DATASETS

ERROR, WARNING = "erreur", "avertissement"
# Spreadsheet row of the first data row: the header is row 1.
FIRST_ROW = 2
# A cell with nothing in it (or spaces only), as every message, report and preview names it.
EMPTY_CELL = "(vide)"


def found(value) -> str:
    """A cell's value as a report's « Valeur trouvée » shows it: as typed, « (vide) » when empty."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value) and pd.isna(value)):
        return EMPTY_CELL
    return str(value) if str(value).strip() else EMPTY_CELL


def quoted(value) -> str:
    """A cell's value inside a message: « Marseille » as typed (spaces around it dropped), and
    (vide) for an empty cell, never two guillemets around nothing."""
    shown = found(value)
    return shown if shown == EMPTY_CELL else f"« {shown.strip()} »"


@dataclass(frozen=True)
class Problem:
    dataset: str
    kind: str  # French group name shown in reports
    message: str  # French: what is wrong and what was expected
    row: int | None = None  # spreadsheet row number
    column: str | None = None  # technical column name
    value: str | None = None  # the cell as the user typed it
    severity: str = ERROR

    @property
    def column_label(self) -> str:
        return DATASETS[self.dataset].labels.get(self.column, self.column) if self.column else ""

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"ligne {self.row}")
        if self.column:
            parts.append(f"colonne « {self.column_label} »")
        return ", ".join(parts)

    def text(self) -> str:
        where = self.where()
        return f"{where[:1].upper()}{where[1:]} : {self.message}" if where else self.message


class ValidationFailed(ValueError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.text() for p in problems[:20]))
