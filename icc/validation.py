"""Validate a table against its dataset description, with French messages.

Per-table rules (types, required cells, allowed values, ranges, uniqueness) are run
by pandera, from schemas derived from ``icc.schema``. Rules across tables
(references, coordinates inside their commune, nested envelopes) are vectorised
pandas checks. Every problem names the spreadsheet row and column.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from icc import formatting as fr
from icc.frames import isin
from icc.parsing import prepare
from icc.schema import DATASETS, DATE, KIND_LABELS, PANDAS_DTYPES, Dataset, Field

ERROR, WARNING = "erreur", "avertissement"
# Spreadsheet row of the first data row: the header is row 1.
FIRST_ROW = 2


@dataclass(frozen=True)
class Problem:
    dataset: str
    kind: str  # French group name shown in reports
    message: str  # French: what is wrong and what was expected
    row: int | None = None  # spreadsheet row number
    column: str | None = None  # technical column name
    value: str | None = None
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


def _describe_expected(f: Field) -> str:
    if f.values:
        return "une de ces valeurs : " + ", ".join(f"« {v} »" for v in f.values)
    expected = KIND_LABELS[f.kind]
    if f.minimum is not None and f.maximum is not None:
        expected += f" entre {f.minimum:g} et {f.maximum:g}"
    elif f.minimum is not None:
        expected += f" supérieur ou égal à {f.minimum:g}"
    return expected


# --- pandera schemas derived from the description ---------------------------------


@cache
def _coercion_schema(name: str) -> pa.DataFrameSchema:
    ds = DATASETS[name]
    return pa.DataFrameSchema(
        {f.name: pa.Column(PANDAS_DTYPES[f.kind], coerce=True, nullable=True, required=False) for f in ds.fields}
    )


@cache
def _rules_schema(name: str) -> pa.DataFrameSchema:
    ds = DATASETS[name]
    columns = {}
    for f in ds.fields:
        checks = []
        if f.values:
            checks.append(pa.Check.isin(list(f.values), error="valeur"))
        if f.minimum is not None:
            checks.append(pa.Check.ge(f.minimum, error="minimum"))
        if f.maximum is not None:
            checks.append(pa.Check.le(f.maximum, error="maximum"))
        if f.kind == DATE:
            checks.append(pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$", error="date"))
        columns[f.name] = pa.Column(
            PANDAS_DTYPES[f.kind], checks=checks, nullable=not f.required, unique=f.unique, required=False
        )
    return pa.DataFrameSchema(columns)


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    try:
        return schema.validate(frame, lazy=True), None
    except SchemaErrors as exc:
        return exc.data, exc.failure_cases


def _message(f: Field, check: str, value) -> tuple[str, str]:
    """(group, French message) for a pandera check name."""
    expected = _describe_expected(f)
    shown = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if check.startswith("coerce_dtype") or check.startswith("dtype") or check == "date":
        return "Type", f"« {shown} » n'est pas un(e) {KIND_LABELS[f.kind]} valide ; attendu : {expected}."
    if check == "not_nullable":
        return "Valeur obligatoire", f"cellule vide ; attendu : {expected}."
    if check == "valeur":
        return "Valeur non autorisée", f"« {shown} » n'est pas autorisé ; attendu : {expected}."
    if check in ("minimum", "maximum"):
        return "Hors limites", f"« {shown} » est hors limites ; attendu : {expected}."
    if check == "field_uniqueness":
        return "Doublon", f"« {shown} » apparaît plusieurs fois ; chaque valeur doit être unique."
    return "Autre", f"« {shown} » ne respecte pas la règle {check} ; attendu : {expected}."


def _to_problems(ds: Dataset, cases: pd.DataFrame | None, skip: set) -> list[Problem]:
    if cases is None:
        return []
    problems = []
    for case in cases.itertuples(index=False):
        if case.column not in ds.labels or pd.isna(case.index):
            continue
        key = (int(case.index), case.column)
        if key in skip:
            continue
        skip.add(key)
        group, message = _message(ds.field(case.column), str(case.check), case.failure_case)
        shown = None if pd.isna(case.failure_case) else str(case.failure_case)
        problems.append(Problem(ds.name, group, message, key[0] + FIRST_ROW, case.column, shown))
    return problems


def _fold(text: str) -> str:
    """Header key that ignores case, accents, spaces and punctuation."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(c for c in text.lower() if c.isalnum())


def match_headers(ds: Dataset, headers: list[str]) -> tuple[dict[str, str], list[str]]:
    """Map file headers to field names by technical name or French label; return (mapping, unknown)."""
    keys = {}
    for f in ds.fields:
        keys.setdefault(_fold(f.name), f.name)
        keys.setdefault(_fold(f.label), f.name)
    mapping, unknown = {}, []
    for header in headers:
        name = keys.get(_fold(header))
        if name and name not in mapping.values():
            mapping[header] = name
        else:
            unknown.append(header)
    return mapping, unknown


def validate_table(ds: Dataset, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem]]:
    """Validate one table of text cells; return the typed table and every problem found."""
    mapping, unknown = match_headers(ds, list(raw.columns))
    # The index is kept: readers set it to the spreadsheet row minus FIRST_ROW.
    raw = raw.rename(columns=mapping)[list(mapping.values())]
    problems = [
        Problem(ds.name, "Colonnes", f"colonne obligatoire « {f.label} » ({f.name}) absente du fichier.")
        for f in ds.fields
        if f.required and f.name not in raw.columns
    ]
    problems += [
        Problem(ds.name, "Colonnes", f"colonne « {h} » inconnue : elle sera ignorée.", severity=WARNING)
        for h in unknown
    ]
    prepared = prepare(ds, raw)
    typed, cases = _failures(_coercion_schema(ds.name), prepared)
    seen: set = set()
    problems += _to_problems(ds, cases, seen)
    if cases is not None:
        # Blank out the cells that failed to convert, then convert again: the rule
        # checks below then run on a typed table, without repeating type errors.
        for case in cases.itertuples(index=False):
            if case.column in prepared.columns and not pd.isna(case.index):
                prepared.loc[int(case.index), case.column] = None
        typed = _coercion_schema(ds.name).validate(prepared)
    _, cases = _failures(_rules_schema(ds.name), typed)
    problems += _to_problems(ds, cases, seen)
    for f in ds.fields:  # absent optional columns are empty columns
        if f.name not in typed.columns:
            typed[f.name] = pd.Series([pd.NA] * len(typed), index=typed.index, dtype=PANDAS_DTYPES[f.kind])
    return typed[ds.columns], problems


# --- rules across tables -----------------------------------------------------------


def check_references(frames: Mapping[str, pd.DataFrame]) -> list[Problem]:
    """Every reference resolves to a row of the dataset it names (when that dataset is given)."""
    problems = []
    for name, frame in frames.items():
        ds = DATASETS[name]
        for f in ds.fields:
            if not f.references:
                continue
            target_name, target_field = f.references.split(".")
            if target_name not in frames:
                continue
            known = set(frames[target_name][target_field].dropna().astype(str))
            values = frame[f.name]
            bad = values.notna() & ~isin(values.astype(str), list(known))
            target = DATASETS[target_name]
            where = f"le jeu « {target.title} » ({target.field(target_field).label})"
            for idx, value in values[bad].items():
                problems.append(
                    Problem(
                        name,
                        "Référence inconnue",
                        f"« {value} » n'existe pas dans {where}.",
                        int(idx) + FIRST_ROW,
                        f.name,
                        str(value),
                    )
                )
    return problems


def check_envelopes(financements: pd.DataFrame) -> list[Problem]:
    """A nested envelope is never larger than its parent, and children never add up to more."""
    problems = []
    amounts = financements.set_index("id")["montant_eur"]
    children = financements[isin(financements["parent"], amounts.index)]
    for idx, row in children.iterrows():
        parent_amount = amounts[row["parent"]]
        if row["montant_eur"] > parent_amount:
            problems.append(
                Problem(
                    "financements",
                    "Enveloppes imbriquées",
                    f"le montant ({fr.euros(row['montant_eur'])}) dépasse celui de l'enveloppe parente "
                    f"« {row['parent']} » ({fr.euros(parent_amount)}).",
                    int(idx) + FIRST_ROW,
                    "montant_eur",
                    str(row["montant_eur"]),
                )
            )
    sums = children.groupby("parent")["montant_eur"].sum()
    for parent, total in sums.items():
        if total > amounts[parent] * (1 + 1e-9):
            idx = financements.index[financements["id"] == parent][0]
            problems.append(
                Problem(
                    "financements",
                    "Enveloppes imbriquées",
                    f"les enveloppes contenues dans « {parent} » totalisent {fr.euros(total)}, "
                    f"plus que son montant ({fr.euros(amounts[parent])}).",
                    int(idx) + FIRST_ROW,
                    "montant_eur",
                    severity=WARNING,
                )
            )
    return problems


def validate_all(frames: Mapping[str, pd.DataFrame], contours=None) -> list[Problem]:
    """Rules across tables on already typed tables."""
    from icc.geo import check_coordinates

    problems = check_references(frames)
    if "financements" in frames:
        problems += check_envelopes(frames["financements"])
    if contours is not None:
        for name, frame in frames.items():
            problems += check_coordinates(DATASETS[name], frame, contours)
    return problems
